/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nnp-plot-private.h: theme, text, ticks, colour map and plane helpers shared by the figure files. */
#pragma once

#include <cairo.h>
#include <glib.h>
#include <pango/pango.h>
#include "nnp-plot.h"

G_BEGIN_DECLS

typedef struct {
  double r, g, b, a;
} NnpRgba;

/* Everything a figure needs to know about colours and sizes, derived once
 * per call from the style and the figure size. */
typedef struct {
  gboolean dark, transparent;
  gboolean boxes;          /* labels may sit on boxes of bg (opaque, or a known backdrop) */
  double fs;               /* base text size in user units */
  NnpRgba bg, fg, muted, grid, frame, panel;
  NnpRgba class0, class1;  /* the colour-blind-safe pair */
  NnpRgba mid;             /* the colour map at 0.5 */
  NnpRgba contour, halo;
  NnpRgba train_line, test_line;
} NnpTheme;

/* Base text size for a figure of this size when the style asks for auto. */
double nnp_plot_auto_font (double width, double height);
void   nnp_theme_init     (NnpTheme *t, const NnpPlotStyle *style, double width, double height);
void   nnp_theme_fill_bg  (cairo_t *cr, const NnpTheme *t, double width, double height);
/* What every public figure function starts with: FALSE when there is
 * nothing to draw; else the theme is set, cr saved (the caller restores)
 * and the background filled. */
gboolean nnp_figure_begin (cairo_t *cr, NnpTheme *t, double width, double height,
                           const NnpPlotState *state, const NnpPlotStyle *style);
void   nnp_set_rgba       (cairo_t *cr, const NnpRgba *c);
void   nnp_set_rgba_alpha (cairo_t *cr, const NnpRgba *c, double alpha);

/* ---- Text (Pango markup). The anchor (ax, ay) is a fraction of the text's
 * logical box: (0, 0) top left, (0.5, 0.5) centre, (1, 1) bottom right. */
typedef enum {
  NNP_TEXT_NORMAL = 0,
  NNP_TEXT_BOLD = 1 << 0,
  NNP_TEXT_ITALIC = 1 << 1,
} NnpTextFlags;

void nnp_text_extents (cairo_t *cr, const char *markup, double size, NnpTextFlags flags,
                       double *w, double *h);
void nnp_text_draw    (cairo_t *cr, const char *markup, double size, NnpTextFlags flags,
                       double x, double y, double ax, double ay, const NnpRgba *colour);
/* Same, rotated 90 degrees counter-clockwise about (x, y) (vertical axis titles). */
void nnp_text_draw_vertical (cairo_t *cr, const char *markup, double size, NnpTextFlags flags,
                             double x, double y, const NnpRgba *colour);

/* Many plain texts of one size and style (a table's cells): one layout,
 * made for cr as it is transformed now, the text set per call. */
PangoLayout *nnp_text_layout    (cairo_t *cr, double size, NnpTextFlags flags);
void         nnp_text_draw_with (cairo_t *cr, PangoLayout *layout, const char *text,
                                 double x, double y, double ax, double ay, const NnpRgba *colour);

/* ---- Ticks. */
#define NNP_MAX_TICKS 32
/* "Nice" ticks (1, 2, 5 x 10^k) inside [lo, hi], about target of them.
 * Returns the count and the step. */
int  nnp_nice_ticks  (double lo, double hi, int target, double *ticks, double *step);
/* Formats v with as many decimals as the step needs, with a real minus sign. */
void nnp_format_tick (char *buf, size_t len, double v, double step);

/* ---- Colour map. */
#define NNP_LUT_SIZE 1024
/* Premultiplied ARGB32 over t in [0, 1]: class 0 colour (t = 0), the
 * neutral mid colour (t = 0.5), class 1 colour (t = 1). */
void    nnp_colormap_lut   (guint32 *lut, const NnpTheme *t);
/* The heatmap colour at t (what the LUT holds), for legends and tests. */
NnpRgba nnp_colormap_at    (const NnpTheme *t, double v);
/* Paints values (ny x nx, row 0 at the top) mapped linearly from [lo, hi]
 * to the LUT into the rectangle (x, y, w, h). Non-finite values are drawn
 * in the neutral colour. */
void    nnp_paint_values   (cairo_t *cr, const double *values, size_t nx, size_t ny,
                            double lo, double hi, const guint32 *lut,
                            double x, double y, double w, double h);

/* PDF, PS or SVG: device units are points and drawing stays vector. */
gboolean nnp_is_vector_target (cairo_t *cr);

/* Grid resolution (nx, ny) for a w x h user-space rectangle: one cell per
 * cell_px device pixels on raster targets, coarser on vector ones. */
void    nnp_heatmap_size   (cairo_t *cr, double w, double h, int cell_px, size_t *nx, size_t *ny);

/* ---- The input plane (shared by the boundary and hidden-unit figures). */

/* The view to draw, made sane (finite, non-empty). */
void nnp_view_sanitize (const NnpPlotState *state, double *xmin, double *xmax,
                        double *ymin, double *ymax);
/* The largest rectangle of the view's aspect inside (x, y, w, h), centred. */
void nnp_fit_aspect (double x, double y, double w, double h,
                     double xmin, double xmax, double ymin, double ymax,
                     double *ox, double *oy, double *ow, double *oh);

/* The range the colour map spans for hidden unit j's activation: sigmoid
 * [0, 1], tanh [-1, 1], ReLU [-max, max] with max over the view, so that
 * a_j = 0 is neutral. */
void nnp_unit_range (const NnpModel *m, size_t j, double xmin, double xmax,
                     double ymin, double ymax, double *lo, double *hi);

/* Hidden unit j's own colour: its line on the plane and in its
 * thumbnail (eight hues that stand apart from the class pair and from
 * each other, repeating after eight units). */
NnpRgba nnp_unit_colour (const NnpTheme *t, size_t j);
/* The colour scale of the hidden units' activation (what the thumbnails'
 * colours mean: sigmoid 0 .. 1, tanh -1 .. 1, ReLU 0 .. each unit's
 * largest value in the view) as a bar with ticks in (x, y, w, h). */
void nnp_unit_scale_draw (cairo_t *cr, const NnpTheme *t, NnpActivation act,
                          double x, double y, double w, double h);
/* The height nnp_unit_scale_draw needs at text size fs. */
double nnp_unit_scale_height (double fs);

/* A model the plane can show: d = 2, h >= 1. */
gboolean nnp_model_is_planar (const NnpModel *m);
/* Unit j's activation over (x, y, w, h): per device pixel on raster
 * targets, a vector gradient across its line on SVG/PDF. */
void nnp_unit_paint (cairo_t *cr, const NnpTheme *t, const NnpModel *m, size_t j, int cell_px,
                     double xmin, double xmax, double ymin, double ymax,
                     double x, double y, double w, double h);
/* Appends unit j's line w_j . x + b_j = 0, clipped to the view, to the path. */
void nnp_unit_line_path (cairo_t *cr, const NnpModel *m, size_t j,
                         double xmin, double xmax, double ymin, double ymax,
                         double x, double y, double w, double h);
/* Training points filled with an outline, test points hollow, clipped by
 * the caller to the plane (x, y, w, h). */
void nnp_points_draw (cairo_t *cr, const NnpTheme *t, const NnpPlotState *state, double r,
                      double xmin, double xmax, double ymin, double ymax,
                      double x, double y, double w, double h);

typedef struct {
  int unit;              /* -1: a2; else hidden unit j */
  gboolean points;       /* draw the data */
  double point_r;        /* radius of a training point */
  gboolean contour;      /* the 0.5 contour of a2 */
  gboolean unit_lines;   /* every hidden unit's line */
  gboolean own_line;     /* unit mode: the unit's own line */
  double line_w;         /* width of contour / unit line */
} NnpPlaneOptions;

/* Heatmap, lines and points of the plane, clipped to (x, y, w, h), which
 * must have the view's aspect. No frame, no axes. */
void nnp_plane_draw (cairo_t *cr, const NnpTheme *t, const NnpPlotState *state,
                     const NnpPlaneOptions *opt, double x, double y, double w, double h);

/* Marching squares on nodes (ny x nx, row 0 at the top) spanning exactly
 * (x, y, w, h); appends the level-iso polylines to cr's path. */
void nnp_contour_path (cairo_t *cr, const double *nodes, size_t nx, size_t ny, double iso,
                       double x, double y, double w, double h);

/* The device-pixel size of a user-space w x h on cr. */
void nnp_device_size (cairo_t *cr, double w, double h, int *pw, int *ph);
/* The grid's heat map into (x, y, w, h) (painted once per grid update and
 * theme); FALSE when the grid holds nothing. */
gboolean nnp_grid_paint (cairo_t *cr, NnpPlotGrid *g, const NnpTheme *t,
                         double x, double y, double w, double h);
/* The network diagram's smallest label size. b_j's label there, for a
 * room of width room at most (the hidden column's labels end before the
 * output node): its markup into buf, with " = value" unless that would
 * not fit even a fifth smaller (and at least NNP_MIN_LABEL), and the size
 * to draw it at (size, or smaller to fit). */
#define NNP_MIN_LABEL 6.5
double nnp_network_bias_label (cairo_t *cr, size_t j, double value, double size, double room, char *buf,
                               size_t len);
/* The size of hidden unit j's labels in the network diagram: a_j^[1] on
 * the node's top edge and b_j^[1] (at 0.85 of it) on its bottom edge, at
 * most size and small enough for the two to fit the node's side s
 * without overlapping; 0 below NNP_MIN_LABEL (hovering shows them). */
double nnp_network_label_size (cairo_t *cr, size_t j, double size, double s);

/* One row of the heat map's pixels, by the variant isa names ("base",
 * "avx2"; NULL: the one in use), for the tests: px[0..W) from two node
 * rows r0, r1 mixed with weight wy on r1, coloured through table
 * (NNP_GRID_TABLE_SIZE entries, the last for NaN). FALSE if this build or
 * CPU has no such variant. */
#define NNP_GRID_TABLE_SIZE 4097
gboolean nnp_grid_paint_row_isa (const char *isa, guint32 *px, const float *r0, const float *r1, float wy,
                                 const guint32 *table, int W);
/* The 0.5 contour of a2 (z2 = 0) from the grid's nodes, onto cr's path. */
void nnp_grid_contour_path (cairo_t *cr, const NnpPlotGrid *g, double x, double y, double w, double h);
/* The grid (the app's on-screen cache) also keeps one picture by a key of
 * bytes: the boundary plot's points layer, the same surface every frame
 * while points, view and look stay, so it is neither drawn again nor
 * copied by cairo for each frame's recording. The keyed surface is
 * borrowed (NULL when the key differs); keep takes a reference. */
cairo_surface_t *nnp_grid_keyed_surface (NnpPlotGrid *g, const void *key, size_t size);
void nnp_grid_keep_surface (NnpPlotGrid *g, const void *key, size_t size, cairo_surface_t *surface);

/* Segment of the line a1 x1 + a2 x2 + c = 0 inside the view; FALSE if the
 * line misses it (or is degenerate). */
gboolean nnp_clip_line (double a1, double a2, double c,
                        double xmin, double xmax, double ymin, double ymax,
                        double *x0, double *y0, double *x1, double *y1);

/* A point marker: filled with a light outline, or a hollow ring (test). */
void nnp_marker (cairo_t *cr, const NnpTheme *t, const NnpRgba *c, gboolean hollow,
                 double cx, double cy, double r);

/* Radius of a training point on a plane pw wide. */
double nnp_point_radius (const NnpTheme *t, const NnpPlotState *state, double pw);

/* Ticks, tick labels and axis labels around a data area. */
void nnp_axes_draw (cairo_t *cr, const NnpTheme *t,
                    double x, double y, double w, double h,
                    double xmin, double xmax, double ymin, double ymax,
                    const char *xlabel, const char *ylabel);

/* The boundary figure drawn with a given theme (nnp_plot_all shares one). */
void nnp_boundary_draw (cairo_t *cr, const NnpTheme *t, double width, double height,
                        const NnpPlotState *state);
void nnp_hidden_draw   (cairo_t *cr, const NnpTheme *t, double width, double height,
                        const NnpPlotState *state, gboolean top_align);
void nnp_cost_draw     (cairo_t *cr, const NnpTheme *t, double width, double height,
                        const NnpPlotState *state);

/* Draws one figure (PDF: one or more pages; the callback calls
 * cairo_show_page between them) into path, atomically, as nnp_plot_export. */
typedef void (*NnpExportDraw) (cairo_t *cr, double width, double height, gpointer data);
gboolean nnp_export_draw (NnpFormat format, const char *path, int width, int height, double scale,
                          const char *title, NnpExportDraw draw, gpointer data, GError **error);

G_END_DECLS
