/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nnp-canvas.h: the main canvas: the live decision boundary and mouse and keyboard input for points. */
#pragma once

#include <gtk/gtk.h>
#include "nnp-plot.h"
#include "nnp-document.h"

G_BEGIN_DECLS

#define NNP_TYPE_CANVAS (nnp_canvas_get_type ())
G_DECLARE_FINAL_TYPE (NnpCanvas, nnp_canvas, NNP, CANVAS, GtkWidget)

GtkWidget *nnp_canvas_new (void);

/* The "document" property: when set, the canvas draws its plot state and
 * summary and sends the point edits to it (its signals' default handlers). */
void     nnp_canvas_set_document (NnpCanvas *self, NnpDocument *document);

/* The state is borrowed and read on every draw; call
 * gtk_widget_queue_draw() when it changes. */
void     nnp_canvas_set_state   (NnpCanvas *self, const NnpPlotState *state);
/* Borrowed, read on every draw: when not NULL, the plot's subtitle
 * (accuracy) comes from summary's last entry instead of the state's
 * history, whose last entry may be a few epochs older than the model (a
 * thinned curve); an empty summary means no subtitle. */
void     nnp_canvas_set_summary (NnpCanvas *self, const NnpHistory *summary);
/* Presentation mode: larger text, for the back of a room. */
void     nnp_canvas_set_presentation (NnpCanvas *self, gboolean presentation);
/* What the plane shows now for screen readers (points per class, epoch,
 * cost, accuracy, then how to edit it): its accessible description, kept
 * up to date at most once a second while training runs. Free it. */
char    *nnp_canvas_describe (NnpCanvas *self);
/* Widget coordinates <-> the input plane; FALSE outside the plot area. */
gboolean nnp_canvas_to_plane    (NnpCanvas *self, double wx, double wy, double *x1, double *x2);
gboolean nnp_canvas_from_plane  (NnpCanvas *self, double x1, double x2, double *wx, double *wy);
/* The plot area in widget coordinates. */
void     nnp_canvas_get_area    (NnpCanvas *self, double *x, double *y, double *w, double *h);
/* The keyboard cursor's position in the plane (Shift+arrows move it;
 * 1, 0 and Delete add and remove points there); FALSE until a key used it. */
gboolean nnp_canvas_get_key_cursor (NnpCanvas *self, double *x1, double *x2);
/* The step of the heat map's nodes in device pixels (coarser while
 * training at a large h; 0 before the first drawing), for the tests. */
int      nnp_canvas_get_grid_step (NnpCanvas *self);
/* When log is not NULL, the start time of every draw (gint64, microseconds)
 * is appended to it, for the benchmark. */
void     nnp_canvas_set_frame_log (NnpCanvas *self, GArray *log);

/* The plot style matching widget's colours (dark when its text is light). */
void     nnp_plot_style_for_widget (GtkWidget *widget, NnpPlotStyle *style);
/* How many times its desktop size a side pane draws its figures' text:
 * in presentation mode (its window has the "presentation" class) as the
 * plane's text grows with the window's height, at least 1.25; else 1. */
double   nnp_widget_text_scale (GtkWidget *widget);

G_END_DECLS
