/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nnp-plot-view.c: draws the cost curve or a hidden unit's thumbnail with the plot library. */
#define G_LOG_DOMAIN "nnplay-plot-view"
#include "config.h"

#include "nnp-canvas.h"
#include "nnp-plot-view.h"

struct _NnpPlotView {
  GtkWidget parent_instance;

  NnpPlotViewKind kind;
  guint unit;
  const NnpPlotState *state;
  /* A thumbnail's own cache: its points layer (see NnpPlotState.grid) */
  NnpPlotGrid *cache;
};

G_DEFINE_FINAL_TYPE (NnpPlotView, nnp_plot_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_KIND,
  PROP_UNIT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
nnp_plot_view_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  NnpPlotView *self = NNP_PLOT_VIEW (widget);
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  NnpPlotState empty;
  NnpPlotStyle style;

  if (width <= 0 || height <= 0)
    return;
  if (self->state == NULL)
    nnp_plot_state_init (&empty);

  nnp_plot_style_for_widget (widget, &style);
  cairo_t *cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  const NnpPlotState *state = self->state != NULL ? self->state : &empty;
  if (self->kind == NNP_PLOT_VIEW_COST)
    {
      /* the panel is small; size the text like the window's, not the figure's */
      style.font_size = 15.0 * nnp_widget_text_scale (widget);
      nnp_plot_cost (cr, width, height, state, &style);
    }
  else if (self->kind == NNP_PLOT_VIEW_UNIT_SCALE)
    {
      if (state->model != NULL)
        {
          style.font_size = 14.0 * nnp_widget_text_scale (widget);
          nnp_plot_unit_scale (cr, width, height, state->model->act, &style);
        }
    }
  else if (state->model != NULL && self->unit < state->model->theta->h)
    {
      /* Thumbnails are small: a coarser grid looks the same and costs less. */
      NnpPlotState thumb = *state;
      thumb.cell_px = MAX (state->cell_px, 2);
      /* The points stay while training; kept, they are not drawn again
       * into each thumbnail every frame. */
      if (self->cache == NULL)
        self->cache = nnp_plot_grid_new (2);
      thumb.grid = self->cache;
      thumb.device_scale = gtk_widget_get_scale_factor (widget);
      /* the title's size: 10 px, as a thumbnail's figure text is, larger
       * in presentation mode */
      style.font_size = 10.0 * nnp_widget_text_scale (widget);
      nnp_plot_hidden_unit (cr, width, height, self->unit, &thumb, &style);
    }
  cairo_destroy (cr);
}

static void
nnp_plot_view_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  NnpPlotView *self = NNP_PLOT_VIEW (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_int (value, self->kind);
      break;
    case PROP_UNIT:
      g_value_set_uint (value, self->unit);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
nnp_plot_view_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  NnpPlotView *self = NNP_PLOT_VIEW (object);

  switch (prop_id)
    {
    case PROP_KIND:
      self->kind = g_value_get_int (value);
      gtk_widget_queue_draw (GTK_WIDGET (self));
      break;
    case PROP_UNIT:
      self->unit = g_value_get_uint (value);
      gtk_widget_queue_draw (GTK_WIDGET (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
nnp_plot_view_finalize (GObject *object)
{
  NnpPlotView *self = NNP_PLOT_VIEW (object);

  g_clear_pointer (&self->cache, nnp_plot_grid_free);
  G_OBJECT_CLASS (nnp_plot_view_parent_class)->finalize (object);
}

static void
nnp_plot_view_class_init (NnpPlotViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = nnp_plot_view_finalize;
  object_class->get_property = nnp_plot_view_get_property;
  object_class->set_property = nnp_plot_view_set_property;
  widget_class->snapshot = nnp_plot_view_snapshot;

  properties[PROP_KIND] =
    g_param_spec_int ("kind", NULL, NULL, NNP_PLOT_VIEW_COST, NNP_PLOT_VIEW_UNIT_SCALE,
                      NNP_PLOT_VIEW_COST,
                      G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_STATIC_STRINGS);
  properties[PROP_UNIT] =
    g_param_spec_uint ("unit", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "nnp-plot-view");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
nnp_plot_view_init (NnpPlotView *self)
{
}

GtkWidget *
nnp_plot_view_new (NnpPlotViewKind kind, guint unit)
{
  return g_object_new (NNP_TYPE_PLOT_VIEW, "kind", (int) kind, "unit", unit, NULL);
}

void
nnp_plot_view_set_state (NnpPlotView *self, const NnpPlotState *state)
{
  g_return_if_fail (NNP_IS_PLOT_VIEW (self));
  self->state = state;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

guint
nnp_plot_view_get_unit (NnpPlotView *self)
{
  g_return_val_if_fail (NNP_IS_PLOT_VIEW (self), 0);
  return self->unit;
}
