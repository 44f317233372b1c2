/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nnp-hidden-space-panel.c: the hidden-space page: draws nnp_plot_hidden_space of the document's model, rotated by drag or arrow keys, throttled while training and idle while hidden. */
#define G_LOG_DOMAIN "nnplay-hidden-space"
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "nnp-canvas.h"
#include "nnp-hidden-space-panel.h"

/* While training, at most this often (the figure maps every point through
 * the hidden layer, and with PCA decomposes A[1]'s covariance). */
#define RUNNING_INTERVAL_US (G_USEC_PER_SEC / 8)
#define ROTATE_PER_PX 0.01
#define ROTATE_PER_KEY 0.12
#define PITCH_LIMIT 1.5

struct _NnpHiddenSpacePanel {
  GtkWidget parent_instance;

  GtkDropDown *mode_dropdown;
  GtkDropDown *unit_x_dropdown;
  GtkDropDown *unit_y_dropdown;
  GtkSwitch *grid_switch;
  GtkDrawingArea *hidden_space_area;

  NnpDocument *document;
  GSignalGroup *signals;
  guint n_units;
  gboolean rebuilding;       /* new unit lists: their selections are not the user's */
  gboolean stale;            /* changed while hidden: draw when shown */
  gint64 last_queued;
  guint throttle_id;
  double drag_yaw, drag_pitch;
  guint64 draws;
};

G_DEFINE_FINAL_TYPE (NnpHiddenSpacePanel, nnp_hidden_space_panel, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_DOCUMENT, N_PROPS };
static GParamSpec *props[N_PROPS];

static void
draw_area (GtkDrawingArea *area, cairo_t *cr, int width, int height, gpointer data)
{
  NnpHiddenSpacePanel *self = data;
  NnpPlotStyle style;
  NnpPlotState empty;
  const NnpPlotState *state;

  if (self->document != NULL)
    state = nnp_document_get_plot_state (self->document);
  else
    {
      nnp_plot_state_init (&empty);
      state = &empty;
    }
  nnp_plot_style_for_widget (GTK_WIDGET (area), &style);
  style.font_size = 12.0 * nnp_widget_text_scale (GTK_WIDGET (area));
  nnp_plot_hidden_space (cr, width, height, state, &style);
  self->stale = FALSE;
  self->draws++;
}

static void
queue_draw (NnpHiddenSpacePanel *self)
{
  g_clear_handle_id (&self->throttle_id, g_source_remove);
  self->last_queued = g_get_monotonic_time ();
  gtk_widget_queue_draw (GTK_WIDGET (self->hidden_space_area));
}

static gboolean
on_throttle (gpointer data)
{
  NnpHiddenSpacePanel *self = data;

  self->throttle_id = 0;
  queue_draw (self);
  return G_SOURCE_REMOVE;
}

static void
push_options (NnpHiddenSpacePanel *self, const NnpHiddenSpaceOptions *o)
{
  if (self->document == NULL)
    return;
  nnp_document_set_hidden_space (self->document, o);
  queue_draw (self);
}

static void
update_sensitivity (NnpHiddenSpacePanel *self)
{
  gboolean units = gtk_drop_down_get_selected (self->mode_dropdown) == NNP_HIDDEN_SPACE_UNITS
                   && self->n_units >= 2;
  gtk_widget_set_sensitive (GTK_WIDGET (self->unit_x_dropdown), units);
  gtk_widget_set_sensitive (GTK_WIDGET (self->unit_y_dropdown), units);
}

static void
on_options_changed (NnpHiddenSpacePanel *self)
{
  NnpHiddenSpaceOptions o;
  guint mode = gtk_drop_down_get_selected (self->mode_dropdown);
  guint x = gtk_drop_down_get_selected (self->unit_x_dropdown);
  guint y = gtk_drop_down_get_selected (self->unit_y_dropdown);

  update_sensitivity (self);
  if (self->document == NULL || self->rebuilding)
    return;
  o = *nnp_document_get_hidden_space (self->document);
  o.mode = mode <= NNP_HIDDEN_SPACE_PCA ? (NnpHiddenSpaceMode) mode : NNP_HIDDEN_SPACE_AUTO;
  if (x != GTK_INVALID_LIST_POSITION)
    o.unit_i = (int) x;
  if (y != GTK_INVALID_LIST_POSITION)
    o.unit_j = (int) y;
  o.warped_grid = gtk_switch_get_active (self->grid_switch);
  push_options (self, &o);
}

/* The unit lists for h units, keeping the chosen ones where they exist. */
static void
rebuild_units (NnpHiddenSpacePanel *self, guint h)
{
  NnpHiddenSpaceOptions o = *nnp_document_get_hidden_space (self->document);
  GtkStringList *xs = gtk_string_list_new (NULL), *ys = gtk_string_list_new (NULL);

  for (guint j = 0; j < h; j++)
    {
      g_autofree char *name = g_strdup_printf (_("Unit %u"), j + 1);
      gtk_string_list_append (xs, name);
      gtk_string_list_append (ys, name);
    }
  self->n_units = h;
  /* The document keeps the chosen units while h is smaller for a while. */
  self->rebuilding = TRUE;
  gtk_drop_down_set_model (self->unit_x_dropdown, G_LIST_MODEL (xs));
  gtk_drop_down_set_model (self->unit_y_dropdown, G_LIST_MODEL (ys));
  g_object_unref (xs);
  g_object_unref (ys);
  if (h > 0)
    {
      gtk_drop_down_set_selected (self->unit_x_dropdown, (guint) CLAMP (o.unit_i, 0, (int) h - 1));
      gtk_drop_down_set_selected (self->unit_y_dropdown, (guint) CLAMP (o.unit_j, 0, (int) h - 1));
    }
  self->rebuilding = FALSE;
  update_sensitivity (self);
}

static void
on_document_changed (NnpDocument *document, NnpHiddenSpacePanel *self)
{
  const NnpPlotState *state = nnp_document_get_plot_state (document);
  guint h = state->model != NULL ? (guint) state->model->theta->h : 0;
  gint64 now, wait;

  if (h != self->n_units)
    rebuild_units (self, h);
  /* Nothing is computed while the page is hidden. */
  if (!gtk_widget_get_mapped (GTK_WIDGET (self->hidden_space_area)))
    {
      self->stale = TRUE;
      return;
    }
  if (!nnp_document_get_running (document))
    {
      queue_draw (self);
      return;
    }
  now = g_get_monotonic_time ();
  wait = self->last_queued + RUNNING_INTERVAL_US - now;
  if (wait <= 0)
    queue_draw (self);
  else if (self->throttle_id == 0)
    self->throttle_id = g_timeout_add ((guint) (wait / 1000) + 1, on_throttle, self);
}

static void
on_area_map (GtkWidget *area, NnpHiddenSpacePanel *self)
{
  if (self->stale)
    queue_draw (self);
}

void
nnp_hidden_space_panel_rotate (NnpHiddenSpacePanel *self, double dyaw, double dpitch)
{
  NnpHiddenSpaceOptions o;

  g_return_if_fail (NNP_IS_HIDDEN_SPACE_PANEL (self));
  if (self->document == NULL || !isfinite (dyaw) || !isfinite (dpitch))
    return;
  o = *nnp_document_get_hidden_space (self->document);
  o.yaw = remainder (o.yaw + dyaw, 2 * G_PI);
  o.pitch = CLAMP (o.pitch + dpitch, -PITCH_LIMIT, PITCH_LIMIT);
  push_options (self, &o);
}

static void
on_drag_begin (GtkGestureDrag *gesture, double x, double y, NnpHiddenSpacePanel *self)
{
  if (self->document == NULL)
    return;
  self->drag_yaw = nnp_document_get_hidden_space (self->document)->yaw;
  self->drag_pitch = nnp_document_get_hidden_space (self->document)->pitch;
  gtk_widget_grab_focus (GTK_WIDGET (self->hidden_space_area));
}

static void
on_drag_update (GtkGestureDrag *gesture, double dx, double dy, NnpHiddenSpacePanel *self)
{
  NnpHiddenSpaceOptions o;

  if (self->document == NULL)
    return;
  o = *nnp_document_get_hidden_space (self->document);
  o.yaw = remainder (self->drag_yaw + dx * ROTATE_PER_PX, 2 * G_PI);
  o.pitch = CLAMP (self->drag_pitch + dy * ROTATE_PER_PX, -PITCH_LIMIT, PITCH_LIMIT);
  push_options (self, &o);
}

static gboolean
on_key_pressed (GtkEventControllerKey *key, guint keyval, guint keycode, GdkModifierType state,
                NnpHiddenSpacePanel *self)
{
  switch (keyval)
    {
    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
      nnp_hidden_space_panel_rotate (self, -ROTATE_PER_KEY, 0);
      return TRUE;
    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      nnp_hidden_space_panel_rotate (self, ROTATE_PER_KEY, 0);
      return TRUE;
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      nnp_hidden_space_panel_rotate (self, 0, -ROTATE_PER_KEY);
      return TRUE;
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      nnp_hidden_space_panel_rotate (self, 0, ROTATE_PER_KEY);
      return TRUE;
    default:
      return FALSE;
    }
}

void
nnp_hidden_space_panel_set_document (NnpHiddenSpacePanel *self, NnpDocument *document)
{
  g_return_if_fail (NNP_IS_HIDDEN_SPACE_PANEL (self));
  if (!g_set_object (&self->document, document))
    return;
  g_signal_group_set_target (self->signals, document);
  if (document != NULL)
    {
      const NnpHiddenSpaceOptions *o = nnp_document_get_hidden_space (document);
      NnpHiddenSpaceOptions keep = *o;
      self->n_units = G_MAXUINT;
      on_document_changed (document, self);
      gtk_drop_down_set_selected (self->mode_dropdown, (guint) keep.mode);
      gtk_switch_set_active (self->grid_switch, keep.warped_grid);
    }
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_DOCUMENT]);
}

guint64
nnp_hidden_space_panel_get_draws (NnpHiddenSpacePanel *self)
{
  g_return_val_if_fail (NNP_IS_HIDDEN_SPACE_PANEL (self), 0);
  return self->draws;
}

static void
nnp_hidden_space_panel_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  if (prop_id == PROP_DOCUMENT)
    g_value_set_object (value, NNP_HIDDEN_SPACE_PANEL (object)->document);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
nnp_hidden_space_panel_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  if (prop_id == PROP_DOCUMENT)
    nnp_hidden_space_panel_set_document (NNP_HIDDEN_SPACE_PANEL (object), g_value_get_object (value));
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
nnp_hidden_space_panel_dispose (GObject *object)
{
  NnpHiddenSpacePanel *self = NNP_HIDDEN_SPACE_PANEL (object);

  g_clear_handle_id (&self->throttle_id, g_source_remove);
  if (self->signals != NULL)
    g_signal_group_set_target (self->signals, NULL);
  g_clear_object (&self->signals);
  g_clear_object (&self->document);
  gtk_widget_dispose_template (GTK_WIDGET (self), NNP_TYPE_HIDDEN_SPACE_PANEL);
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL;)
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (nnp_hidden_space_panel_parent_class)->dispose (object);
}

static void
nnp_hidden_space_panel_class_init (NnpHiddenSpacePanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = nnp_hidden_space_panel_dispose;
  object_class->get_property = nnp_hidden_space_panel_get_property;
  object_class->set_property = nnp_hidden_space_panel_set_property;

  props[PROP_DOCUMENT] = g_param_spec_object ("document", NULL, NULL, NNP_TYPE_DOCUMENT,
                                              G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY
                                              | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, props);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/nnplay/Nnplay/nnp-hidden-space-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, NnpHiddenSpacePanel, mode_dropdown);
  gtk_widget_class_bind_template_child (widget_class, NnpHiddenSpacePanel, unit_x_dropdown);
  gtk_widget_class_bind_template_child (widget_class, NnpHiddenSpacePanel, unit_y_dropdown);
  gtk_widget_class_bind_template_child (widget_class, NnpHiddenSpacePanel, grid_switch);
  gtk_widget_class_bind_template_child (widget_class, NnpHiddenSpacePanel, hidden_space_area);
  gtk_widget_class_bind_template_callback (widget_class, on_options_changed);
}

static void
nnp_hidden_space_panel_init (NnpHiddenSpacePanel *self)
{
  GtkGesture *drag;
  GtkEventController *key;

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_orientable_set_orientation (GTK_ORIENTABLE (gtk_widget_get_layout_manager (GTK_WIDGET (self))),
                                  GTK_ORIENTATION_VERTICAL);
  gtk_drawing_area_set_draw_func (self->hidden_space_area, draw_area, self, NULL);
  g_signal_connect (self->hidden_space_area, "map", G_CALLBACK (on_area_map), self);

  drag = gtk_gesture_drag_new ();
  g_signal_connect (drag, "drag-begin", G_CALLBACK (on_drag_begin), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (on_drag_update), self);
  gtk_widget_add_controller (GTK_WIDGET (self->hidden_space_area), GTK_EVENT_CONTROLLER (drag));
  key = gtk_event_controller_key_new ();
  g_signal_connect (key, "key-pressed", G_CALLBACK (on_key_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self->hidden_space_area), key);

  self->signals = g_signal_group_new (NNP_TYPE_DOCUMENT);
  g_signal_group_connect (self->signals, "changed", G_CALLBACK (on_document_changed), self);
  update_sensitivity (self);
}
