/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nnp-units-panel.c: a thumbnail of each hidden unit's activation, redrawn in turn while training. */
#define G_LOG_DOMAIN "nnplay-units"
#include "config.h"

#include <glib/gi18n.h>

#include "nnp-canvas.h"
#include "nnp-plot-view.h"
#include "nnp-units-panel.h"

struct _NnpUnitsPanel {
  GtkWidget parent_instance;

  GtkFlowBox *units_flowbox;
  NnpPlotView *scale_view;

  NnpDocument *document;
  GSignalGroup *signals;
  guint n_thumbs;
  guint next;         /* the thumbnail to redraw next while training */
};

/* The colour scale as tall as its text (presentation mode:
 * nnp_widget_text_scale; its ticks follow its height), and the
 * thumbnails drawn again with their titles' (NnpPlotView). They had kept
 * 8 px titles when the rest of the pane grew; the thumbnails keep their
 * size, so that as many fit. */
static void
apply_sizes (NnpUnitsPanel *self)
{
  const double scale = nnp_widget_text_scale (GTK_WIDGET (self));

  gtk_widget_set_size_request (GTK_WIDGET (self->scale_view), -1, (int) (34 * scale + 0.5));
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->units_flowbox)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *view = gtk_flow_box_child_get_child (GTK_FLOW_BOX_CHILD (child));
      if (view != NULL)
        gtk_widget_queue_draw (view);
    }
}

G_DEFINE_FINAL_TYPE (NnpUnitsPanel, nnp_units_panel, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_DOCUMENT, N_PROPS };
static GParamSpec *props[N_PROPS];

static void
update_marks (NnpUnitsPanel *self)
{
  int shown = self->document != NULL ? nnp_document_get_selected_unit (self->document) : -1;
  int i = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->units_flowbox));
       child != NULL; child = gtk_widget_get_next_sibling (child), i++)
    {
      if (i == shown)
        gtk_widget_add_css_class (child, "shown");
      else
        gtk_widget_remove_css_class (child, "shown");
    }
}

static void
rebuild (NnpUnitsPanel *self, guint h)
{
  const NnpPlotState *state = nnp_document_get_plot_state (self->document);
  GtkWidget *child;
  /* Two large thumbnails side by side for a few units, three columns up to
   * nine, four (smaller, never under 72 px) beyond, scrolling. */
  int side = h <= 4 ? 140 : h <= 9 ? 92 : 72;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->units_flowbox))) != NULL)
    gtk_flow_box_remove (self->units_flowbox, child);
  for (guint j = 0; j < h; j++)
    {
      g_autofree char *title = g_strdup_printf (_("Unit %u"), j + 1);
      g_autofree char *tip = g_strdup_printf (_("Hidden unit %u: its activation over the plane "
                                                "and its line. Click to show it large."), j + 1);
      GtkWidget *view = nnp_plot_view_new (NNP_PLOT_VIEW_UNIT, j);

      gtk_widget_set_size_request (view, side, side);
      nnp_plot_view_set_state (NNP_PLOT_VIEW (view), state);
      gtk_flow_box_insert (self->units_flowbox, view, -1);

      GtkWidget *fchild = gtk_widget_get_parent (view);
      /* a click shows the unit; the keys stay on the plane (Space plays) */
      gtk_widget_set_focus_on_click (fchild, FALSE);
      gtk_widget_add_css_class (fchild, "unit-thumb");
      gtk_widget_set_tooltip_text (fchild, tip);
      gtk_accessible_update_property (GTK_ACCESSIBLE (fchild),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, tip, -1);
    }
  apply_sizes (self);
  self->n_thumbs = h;
  self->next = 0;
  update_marks (self);
}

static void
redraw (NnpUnitsPanel *self, guint count)
{
  for (guint i = 0; i < count && self->n_thumbs > 0; i++)
    {
      GtkFlowBoxChild *child;

      self->next %= self->n_thumbs;
      child = gtk_flow_box_get_child_at_index (self->units_flowbox, (int) self->next);
      if (child != NULL)
        gtk_widget_queue_draw (gtk_flow_box_child_get_child (child));
      self->next++;
    }
}

static void
on_document_changed (NnpDocument *document, NnpUnitsPanel *self)
{
  const NnpLiveView *v = nnp_document_get_view (document);
  guint h = v->model != NULL ? (guint) v->model->theta->h : 0;

  if (h != self->n_thumbs)
    rebuild (self, h);
  nnp_plot_view_set_state (self->scale_view, nnp_document_get_plot_state (document));
  gtk_widget_queue_draw (GTK_WIDGET (self->scale_view));
  /* While training, one thumbnail a snapshot, in turn, keeps each frame
   * short; paused, all at once. */
  redraw (self, nnp_document_get_running (document) ? 1 : self->n_thumbs);
}

static void
on_selected_unit (NnpDocument *document, GParamSpec *pspec, NnpUnitsPanel *self)
{
  update_marks (self);
}

static void
on_unit_activated (GtkFlowBox *box, GtkFlowBoxChild *child, NnpUnitsPanel *self)
{
  int j = gtk_flow_box_child_get_index (child);

  if (self->document != NULL)
    g_object_set (self->document, "selected-unit",
                  nnp_document_get_selected_unit (self->document) == j ? -1 : j, NULL);
}

void
nnp_units_panel_set_document (NnpUnitsPanel *self, NnpDocument *document)
{
  g_return_if_fail (NNP_IS_UNITS_PANEL (self));
  if (!g_set_object (&self->document, document))
    return;
  g_signal_group_set_target (self->signals, document);
  if (document != NULL)
    on_document_changed (document, self);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_DOCUMENT]);
}

static void
nnp_units_panel_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  if (prop_id == PROP_DOCUMENT)
    g_value_set_object (value, NNP_UNITS_PANEL (object)->document);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
nnp_units_panel_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  if (prop_id == PROP_DOCUMENT)
    nnp_units_panel_set_document (NNP_UNITS_PANEL (object), g_value_get_object (value));
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
nnp_units_panel_dispose (GObject *object)
{
  NnpUnitsPanel *self = NNP_UNITS_PANEL (object);

  g_signal_group_set_target (self->signals, NULL);
  g_clear_object (&self->signals);
  g_clear_object (&self->document);
  gtk_widget_dispose_template (GTK_WIDGET (self), NNP_TYPE_UNITS_PANEL);
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL;)
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (nnp_units_panel_parent_class)->dispose (object);
}

static void
nnp_units_panel_css_changed (GtkWidget *widget, GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (nnp_units_panel_parent_class)->css_changed (widget, change);
  apply_sizes (NNP_UNITS_PANEL (widget));
}

static void
nnp_units_panel_class_init (NnpUnitsPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = nnp_units_panel_dispose;
  widget_class->css_changed = nnp_units_panel_css_changed;
  object_class->get_property = nnp_units_panel_get_property;
  object_class->set_property = nnp_units_panel_set_property;

  props[PROP_DOCUMENT] = g_param_spec_object ("document", NULL, NULL, NNP_TYPE_DOCUMENT,
                                              G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY
                                              | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, props);

  g_type_ensure (NNP_TYPE_PLOT_VIEW);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/nnplay/Nnplay/nnp-units-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, NnpUnitsPanel, units_flowbox);
  gtk_widget_class_bind_template_child (widget_class, NnpUnitsPanel, scale_view);
  gtk_widget_class_bind_template_callback (widget_class, on_unit_activated);
}

static void
nnp_units_panel_init (NnpUnitsPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_orientable_set_orientation (GTK_ORIENTABLE (gtk_widget_get_layout_manager (GTK_WIDGET (self))),
                                  GTK_ORIENTATION_VERTICAL);
  self->signals = g_signal_group_new (NNP_TYPE_DOCUMENT);
  g_signal_group_connect (self->signals, "changed", G_CALLBACK (on_document_changed), self);
  g_signal_group_connect (self->signals, "notify::selected-unit", G_CALLBACK (on_selected_unit), self);
}
