/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nnp-progress-panel.c: the cost curve J per epoch (train and test) and the current numbers. */
#define G_LOG_DOMAIN "nnplay-progress"
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "nnp-canvas.h"
#include "nnp-plot-view.h"
#include "nnp-progress-panel.h"

/* While training, the curve is redrawn at most this often (microseconds):
 * the frame stays short and even; the readouts follow every snapshot. */
#define CURVE_INTERVAL_US 200000

struct _NnpProgressPanel {
  GtkWidget parent_instance;

  GtkCheckButton *log_check;
  NnpPlotView *cost_view;
  GtkLabel *epoch_label;
  GtkLabel *cost_label;
  GtkLabel *train_acc_label;
  GtkLabel *test_acc_label;
  GtkLabel *eps_label;
  GtkScale *timeline;
  GtkButton *continue_button;
  GtkLabel *past_label;
  GtkBox *pins_box;
  GtkWidget *pins_scroll;
  /* The document's shown-epoch right after the timeline last set it: a
   * different one was set elsewhere, and the slider follows it. */
  gint64 timeline_shown;
  double drag_x;            /* where a drag on the curve began */

  NnpDocument *document;
  GSignalGroup *signals;
  GBindingGroup *bindings;
  gint64 last_curve;
  guint curve_timeout;
};

G_DEFINE_FINAL_TYPE (NnpProgressPanel, nnp_progress_panel, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_DOCUMENT, N_PROPS };
static GParamSpec *props[N_PROPS];

static void
set_label (GtkLabel *label, const char *text)
{
  if (g_strcmp0 (gtk_label_get_text (label), text) != 0)
    gtk_label_set_text (label, text);
}

static void
format_readouts (NnpProgressPanel *self)
{
  const NnpLiveView *v = nnp_document_get_view (self->document);
  gint64 shown = nnp_document_get_shown_epoch (self->document);
  const NnpHistory *h = v->history;
  gboolean valid = v->valid, has_test = v->has_test;
  double cost = v->cost, acc = v->acc, test_cost = v->test_cost, test_acc = v->test_acc;
  size_t epoch = v->epochs;
  char buf[64];

  /* The past shown: its epoch and its numbers, as every view shows it
   * (the curve's entry at or just before it, when the curve is thinned). */
  if (shown >= 0 && h != NULL && h->len > 0)
    {
      size_t i = MIN ((size_t) shown / MAX (v->history_stride, (size_t) 1), h->len - 1);
      epoch = (size_t) shown;
      cost = h->train_cost[i];
      acc = h->train_acc[i];
      has_test = h->has_test && isfinite (h->test_cost[i]);
      test_cost = has_test ? h->test_cost[i] : NAN;
      test_acc = has_test ? h->test_acc[i] : NAN;
      valid = isfinite (cost);
    }
  g_snprintf (buf, sizeof buf, "%zu", epoch);
  set_label (self->epoch_label, buf);
  if (valid)
    {
      if (has_test)
        g_snprintf (buf, sizeof buf, "%.4g / %.4g", cost, test_cost);
      else
        g_snprintf (buf, sizeof buf, "%.4g", cost);
      set_label (self->cost_label, buf);
      g_snprintf (buf, sizeof buf, "%.1f %%", 100.0 * acc);
      set_label (self->train_acc_label, buf);
      if (has_test)
        g_snprintf (buf, sizeof buf, "%.1f %%", 100.0 * test_acc);
      else
        g_strlcpy (buf, "—", sizeof buf);
      set_label (self->test_acc_label, buf);
    }
  else
    {
      set_label (self->cost_label, "—");
      set_label (self->train_acc_label, "—");
      set_label (self->test_acc_label, "—");
    }
  g_snprintf (buf, sizeof buf, "%.0f", v->epochs_per_s);
  set_label (self->eps_label, buf);
}

/* The timeline spans epochs 0 .. now, at the epoch shown (or now). */
static void
update_timeline (NnpProgressPanel *self)
{
  const NnpLiveView *v = nnp_document_get_view (self->document);
  gint64 shown = nnp_document_get_shown_epoch (self->document);
  GtkAdjustment *adj = gtk_range_get_adjustment (GTK_RANGE (self->timeline));
  double upper = (double) v->epochs;
  char buf[160];

  g_signal_handlers_block_matched (adj, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
  if (gtk_adjustment_get_upper (adj) != upper)
    gtk_adjustment_set_upper (adj, upper);
  if (shown < 0)
    gtk_adjustment_set_value (adj, upper);
  else if (shown != self->timeline_shown)
    gtk_adjustment_set_value (adj, (double) shown);
  g_signal_handlers_unblock_matched (adj, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
  self->timeline_shown = shown;

  gtk_widget_set_sensitive (GTK_WIDGET (self->continue_button), shown >= 0);
  if (shown >= 0)
    {
      g_snprintf (buf, sizeof buf, _("The past: epoch %lld"),
                  (long long) shown);
      set_label (self->past_label, buf);
      gtk_widget_remove_css_class (GTK_WIDGET (self->past_label), "dim-label");
      gtk_widget_add_css_class (GTK_WIDGET (self->past_label), "warning");
    }
  else
    {
      set_label (self->past_label, _("Drag the timeline or the curve to look back"));
      gtk_widget_remove_css_class (GTK_WIDGET (self->past_label), "warning");
      gtk_widget_add_css_class (GTK_WIDGET (self->past_label), "dim-label");
    }
}

/* The mouse: the latest snapshot at or before the knob. */
static void
on_timeline_value_changed (GtkAdjustment *adj, NnpProgressPanel *self)
{
  if (self->document == NULL)
    return;
  nnp_document_set_shown_epoch (self->document, (gint64) llround (gtk_adjustment_get_value (adj)));
  self->timeline_shown = nnp_document_get_shown_epoch (self->document);
}

/* The keyboard: each arrow press shows the next snapshot that way (a
 * step of one epoch would not get past a sparse one), Home epoch 0, End
 * the present; the knob goes to the epoch shown. */
static void
on_timeline_move_slider (GtkRange *range, GtkScrollType scroll, NnpProgressPanel *self)
{
  GtkAdjustment *adj = gtk_range_get_adjustment (range);
  gint64 shown, present;

  if (self->document == NULL)
    return;
  g_signal_stop_emission_by_name (range, "move-slider");
  present = (gint64) nnp_document_get_view (self->document)->epochs;
  shown = nnp_document_get_shown_epoch (self->document);
  if (shown < 0)
    shown = present;
  switch (scroll)
    {
    case GTK_SCROLL_STEP_FORWARD: case GTK_SCROLL_STEP_RIGHT: case GTK_SCROLL_STEP_UP:
    case GTK_SCROLL_PAGE_FORWARD: case GTK_SCROLL_PAGE_RIGHT: case GTK_SCROLL_PAGE_UP:
      nnp_document_show_epoch_near (self->document, shown + 1, TRUE);
      break;
    case GTK_SCROLL_STEP_BACKWARD: case GTK_SCROLL_STEP_LEFT: case GTK_SCROLL_STEP_DOWN:
    case GTK_SCROLL_PAGE_BACKWARD: case GTK_SCROLL_PAGE_LEFT: case GTK_SCROLL_PAGE_DOWN:
      if (shown > 0)
        nnp_document_show_epoch_near (self->document, shown - 1, FALSE);
      break;
    case GTK_SCROLL_START:
      nnp_document_set_shown_epoch (self->document, 0);
      break;
    case GTK_SCROLL_END:
      nnp_document_set_shown_epoch (self->document, -1);
      break;
    case GTK_SCROLL_NONE: case GTK_SCROLL_JUMP:
    default:
      break;
    }
  shown = self->timeline_shown = nnp_document_get_shown_epoch (self->document);
  g_signal_handlers_block_by_func (adj, on_timeline_value_changed, self);
  gtk_adjustment_set_value (adj, shown >= 0 ? (double) shown : (double) present);
  g_signal_handlers_unblock_by_func (adj, on_timeline_value_changed, self);
}

static void
on_pin_remove_clicked (GtkButton *button, NnpProgressPanel *self)
{
  guint i = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "nnp-pin"));

  if (self->document != NULL && i < nnp_document_get_n_pins (self->document))
    nnp_document_remove_pin (self->document, i);
}

/* One row a pinned run: its label and a button that removes it. */
static void
on_n_pins_notify (NnpDocument *document, GParamSpec *pspec, NnpProgressPanel *self)
{
  GtkWidget *box = GTK_WIDGET (self->pins_box), *child;
  guint n = nnp_document_get_n_pins (document);

  while ((child = gtk_widget_get_first_child (box)) != NULL)
    gtk_box_remove (self->pins_box, child);
  for (guint i = 0; i < n; i++)
    {
      const char *label = nnp_document_get_pin_label (document, i);
      GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      GtkWidget *text = gtk_label_new (label);
      GtkWidget *swatch = gtk_label_new (NULL);
      char hex[8];
      g_autofree char *markup = NULL;
      GtkWidget *remove = gtk_button_new_from_icon_name ("window-close-symbolic");
      g_autofree char *name = g_strdup_printf (_("Remove the pinned run %s"), label);

      gtk_label_set_xalign (GTK_LABEL (text), 0);
      gtk_label_set_ellipsize (GTK_LABEL (text), PANGO_ELLIPSIZE_END);
      gtk_widget_set_hexpand (text, TRUE);
      gtk_widget_add_css_class (text, "dim-label");
      gtk_widget_set_tooltip_text (remove, name);
      gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
      gtk_widget_add_css_class (remove, "flat");
      g_object_set_data (G_OBJECT (remove), "nnp-pin", GUINT_TO_POINTER (i));
      g_signal_connect (remove, "clicked", G_CALLBACK (on_pin_remove_clicked), self);
      nnp_plot_pin_colour (i, hex);
      markup = g_strdup_printf ("<span foreground=\"%s\" weight=\"bold\">\u2014\u2014</span>", hex);
      gtk_label_set_markup (GTK_LABEL (swatch), markup);
      gtk_box_append (GTK_BOX (row), swatch);
      gtk_box_append (GTK_BOX (row), text);
      gtk_box_append (GTK_BOX (row), remove);
      gtk_box_append (self->pins_box, row);
    }
  gtk_widget_set_visible (self->pins_scroll, n > 0);
}

static void
on_continue_button_clicked (GtkButton *button, NnpProgressPanel *self)
{
  if (self->document != NULL)
    nnp_document_continue_from_here (self->document);
}

/* Dragging on the curve moves the timeline to the epoch under the pointer. */
static void
scrub_to (NnpProgressPanel *self, double x)
{
  GtkWidget *view = GTK_WIDGET (self->cost_view);
  NnpPlotStyle style;

  if (self->document == NULL)
    return;
  nnp_plot_style_for_widget (view, &style);
  style.font_size = 15.0 * nnp_widget_text_scale (view);   /* as NnpPlotView draws the cost */
  double e = nnp_plot_cost_epoch_at (gtk_widget_get_width (view), gtk_widget_get_height (view),
                                     nnp_document_get_plot_state (self->document), &style, x);
  if (e >= 0)
    gtk_range_set_value (GTK_RANGE (self->timeline), round (e));
}

static void
on_curve_drag_begin (GtkGestureDrag *gesture, double x, double y, NnpProgressPanel *self)
{
  self->drag_x = x;
  scrub_to (self, x);
}

static void
on_curve_drag_update (GtkGestureDrag *gesture, double dx, double dy, NnpProgressPanel *self)
{
  scrub_to (self, self->drag_x + dx);
}

/* A change marker under the pointer says what changed. */
static gboolean
on_curve_query_tooltip (GtkWidget *view, int x, int y, gboolean keyboard, GtkTooltip *tooltip,
                        NnpProgressPanel *self)
{
  const NnpPlotState *state;
  NnpPlotStyle style;
  int k;

  if (self->document == NULL || keyboard)
    return FALSE;
  state = nnp_document_get_plot_state (self->document);
  nnp_plot_style_for_widget (view, &style);
  style.font_size = 15.0 * nnp_widget_text_scale (view);
  k = nnp_plot_cost_marker_at (gtk_widget_get_width (view), gtk_widget_get_height (view), state,
                               &style, x, 8);
  if (k < 0)
    return FALSE;
  /* every change at that epoch, not only one of them */
  g_autofree char *changes = nnp_plot_markers_text (state, (size_t) k);
  if (changes == NULL)
    return FALSE;
  g_autofree char *text = g_strdup_printf (_("Epoch %zu: %s"), state->markers[k].epoch, changes);
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static gboolean
redraw_curve (gpointer data)
{
  NnpProgressPanel *self = data;

  self->curve_timeout = 0;
  self->last_curve = g_get_monotonic_time ();
  gtk_widget_queue_draw (GTK_WIDGET (self->cost_view));
  return G_SOURCE_REMOVE;
}

static void
on_document_changed (NnpDocument *document, NnpProgressPanel *self)
{
  gint64 wait = self->last_curve + CURVE_INTERVAL_US - g_get_monotonic_time ();

  format_readouts (self);
  update_timeline (self);
  if (!nnp_document_get_running (document) || wait <= 0)
    {
      g_clear_handle_id (&self->curve_timeout, g_source_remove);
      redraw_curve (self);
    }
  else if (self->curve_timeout == 0)
    self->curve_timeout = g_timeout_add ((guint) (wait / 1000) + 1, redraw_curve, self);
}

void
nnp_progress_panel_set_document (NnpProgressPanel *self, NnpDocument *document)
{
  g_return_if_fail (NNP_IS_PROGRESS_PANEL (self));
  if (!g_set_object (&self->document, document))
    return;
  g_signal_group_set_target (self->signals, document);
  g_binding_group_set_source (self->bindings, document);
  if (document != NULL)
    {
      nnp_plot_view_set_state (self->cost_view, nnp_document_get_plot_state (document));
      on_document_changed (document, self);
      on_n_pins_notify (document, NULL, self);
    }
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_DOCUMENT]);
}

static void
nnp_progress_panel_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  if (prop_id == PROP_DOCUMENT)
    g_value_set_object (value, NNP_PROGRESS_PANEL (object)->document);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
nnp_progress_panel_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  if (prop_id == PROP_DOCUMENT)
    nnp_progress_panel_set_document (NNP_PROGRESS_PANEL (object), g_value_get_object (value));
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
nnp_progress_panel_dispose (GObject *object)
{
  NnpProgressPanel *self = NNP_PROGRESS_PANEL (object);

  g_clear_handle_id (&self->curve_timeout, g_source_remove);
  g_signal_group_set_target (self->signals, NULL);
  g_binding_group_set_source (self->bindings, NULL);
  g_clear_object (&self->signals);
  g_clear_object (&self->bindings);
  if (self->cost_view != NULL)
    nnp_plot_view_set_state (self->cost_view, NULL);
  g_clear_object (&self->document);
  gtk_widget_dispose_template (GTK_WIDGET (self), NNP_TYPE_PROGRESS_PANEL);
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL;)
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (nnp_progress_panel_parent_class)->dispose (object);
}

static void
nnp_progress_panel_class_init (NnpProgressPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = nnp_progress_panel_dispose;
  object_class->get_property = nnp_progress_panel_get_property;
  object_class->set_property = nnp_progress_panel_set_property;

  props[PROP_DOCUMENT] = g_param_spec_object ("document", NULL, NULL, NNP_TYPE_DOCUMENT,
                                              G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY
                                              | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, props);

  g_type_ensure (NNP_TYPE_PLOT_VIEW);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/nnplay/Nnplay/nnp-progress-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, NnpProgressPanel, log_check);
  gtk_widget_class_bind_template_child (widget_class, NnpProgressPanel, cost_view);
  gtk_widget_class_bind_template_child (widget_class, NnpProgressPanel, epoch_label);
  gtk_widget_class_bind_template_child (widget_class, NnpProgressPanel, cost_label);
  gtk_widget_class_bind_template_child (widget_class, NnpProgressPanel, train_acc_label);
  gtk_widget_class_bind_template_child (widget_class, NnpProgressPanel, test_acc_label);
  gtk_widget_class_bind_template_child (widget_class, NnpProgressPanel, eps_label);
  gtk_widget_class_bind_template_child (widget_class, NnpProgressPanel, timeline);
  gtk_widget_class_bind_template_child (widget_class, NnpProgressPanel, continue_button);
  gtk_widget_class_bind_template_child (widget_class, NnpProgressPanel, past_label);
  gtk_widget_class_bind_template_child (widget_class, NnpProgressPanel, pins_box);
  gtk_widget_class_bind_template_child (widget_class, NnpProgressPanel, pins_scroll);
  gtk_widget_class_bind_template_callback (widget_class, on_continue_button_clicked);
}

static void
nnp_progress_panel_init (NnpProgressPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_orientable_set_orientation (GTK_ORIENTABLE (gtk_widget_get_layout_manager (GTK_WIDGET (self))),
                                  GTK_ORIENTATION_VERTICAL);
  self->timeline_shown = -1;
  g_signal_connect (gtk_range_get_adjustment (GTK_RANGE (self->timeline)), "value-changed",
                    G_CALLBACK (on_timeline_value_changed), self);
  g_signal_connect (self->timeline, "move-slider", G_CALLBACK (on_timeline_move_slider), self);
  GtkGesture *drag = gtk_gesture_drag_new ();
  g_signal_connect (drag, "drag-begin", G_CALLBACK (on_curve_drag_begin), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (on_curve_drag_update), self);
  gtk_widget_add_controller (GTK_WIDGET (self->cost_view), GTK_EVENT_CONTROLLER (drag));
  gtk_widget_set_has_tooltip (GTK_WIDGET (self->cost_view), TRUE);
  g_signal_connect (self->cost_view, "query-tooltip", G_CALLBACK (on_curve_query_tooltip), self);
  self->signals = g_signal_group_new (NNP_TYPE_DOCUMENT);
  g_signal_group_connect (self->signals, "changed", G_CALLBACK (on_document_changed), self);
  g_signal_group_connect (self->signals, "notify::n-pins", G_CALLBACK (on_n_pins_notify), self);
  self->bindings = g_binding_group_new ();
  g_binding_group_bind (self->bindings, "log-cost", self->log_check, "active",
                        G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
}
