/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nnp-plot-view.h: a widget that draws one figure (cost curve or one hidden unit) from a shared plot state. */
#pragma once

#include <gtk/gtk.h>
#include "nnp-plot.h"

G_BEGIN_DECLS

typedef enum {
  NNP_PLOT_VIEW_COST = 0,   /* nnp_plot_cost */
  NNP_PLOT_VIEW_UNIT,       /* nnp_plot_hidden_unit for one unit */
  NNP_PLOT_VIEW_UNIT_SCALE, /* nnp_plot_unit_scale for the model's activation */
} NnpPlotViewKind;

#define NNP_TYPE_PLOT_VIEW (nnp_plot_view_get_type ())
G_DECLARE_FINAL_TYPE (NnpPlotView, nnp_plot_view, NNP, PLOT_VIEW, GtkWidget)

GtkWidget *nnp_plot_view_new       (NnpPlotViewKind kind, guint unit);
/* Borrowed; read on every draw. */
void       nnp_plot_view_set_state (NnpPlotView *self, const NnpPlotState *state);
guint      nnp_plot_view_get_unit  (NnpPlotView *self);

G_END_DECLS
