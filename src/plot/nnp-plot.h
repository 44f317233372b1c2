/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nnp-plot.h: the figures (decision boundary, hidden units, cost curve), drawn with Cairo and Pango. */
#pragma once

#include <cairo.h>
#include <glib.h>
#include <nnplay/nnp-model.h>
#include <nnplay/nnp-dataset.h>
#include <nnplay/nnp-train.h>
#include <nnplay/nnp-lecture.h>

G_BEGIN_DECLS

typedef enum {
  NNP_FIGURE_BOUNDARY = 0,
  NNP_FIGURE_HIDDEN,
  NNP_FIGURE_COST,
  NNP_FIGURE_ALL,
  /* The Lecture view: the whole step, or one part of it (see nnp_plot_lecture). */
  NNP_FIGURE_LECTURE,
  NNP_FIGURE_FORWARD,
  NNP_FIGURE_BACKWARD,
  NNP_FIGURE_UPDATE,
} NnpFigure;

#define NNP_N_FIGURES (NNP_FIGURE_UPDATE + 1)
#define NNP_FIGURE_IS_LECTURE(f) ((f) >= NNP_FIGURE_LECTURE && (f) <= NNP_FIGURE_UPDATE)

/* "boundary", "hidden", "cost", "all", "lecture", "forward", "backward", "update" */
const char *nnp_figure_name      (NnpFigure fig);
gboolean    nnp_figure_from_name (const char *name, NnpFigure *out);

typedef enum {
  NNP_FORMAT_PNG = 0,
  NNP_FORMAT_SVG,
  NNP_FORMAT_PDF,
} NnpFormat;

/* From a file name's extension (case-insensitive); FALSE if none fits. */
gboolean    nnp_format_from_path (const char *path, NnpFormat *out);

/* Colours and text. The class pair is colour-blind safe (class 1 orange
 * #E66100-ish, class 0 blue #1A5FB4-ish, meeting at white at a2 = 0.5). */
typedef struct {
  gboolean dark;          /* dark background, light text (the app in dark style) */
  gboolean transparent;   /* no background fill */
  double font_size;       /* base text size in user units; 0 = from the figure size */
} NnpPlotStyle;

void nnp_plot_style_init (NnpPlotStyle *style);   /* light, opaque, auto font */

/* The network's logit z2 on a node grid matched to the screen, kept by
 * the app so the boundary plot evaluates the network once per change of
 * model, view or size, not per frame, and paints the heat map and the
 * 0.5 contour from the same nodes. */
typedef struct NnpPlotGrid NnpPlotGrid;

/* A node every step device pixels (2: a quarter of the evaluations, the
 * logit interpolated in between; 1: every pixel). */
NnpPlotGrid *nnp_plot_grid_new   (int step);
void         nnp_plot_grid_free  (NnpPlotGrid *grid);   /* NULL is fine */
/* Evaluates the network for this view and plane size in device pixels
 * unless the grid already holds it (same parameters, compared by value,
 * same activation, view and size). TRUE when it evaluated. The boundary
 * plot calls it itself; the app may call it ahead of drawing (e.g. on a
 * worker-free idle) to keep the cost out of the frame. */
gboolean     nnp_plot_grid_update (NnpPlotGrid *grid, const NnpModel *m,
                                   double xmin, double xmax, double ymin, double ymax,
                                   int width_px, int height_px);
/* How many times it evaluated the network (for tests and statistics). */
guint64      nnp_plot_grid_evaluations (const NnpPlotGrid *grid);
/* The nodes (ny x nx, row 0 at the view's top, nodes on its border), or
 * NULL before the first update. */
const float *nnp_plot_grid_logit (const NnpPlotGrid *grid, size_t *nx, size_t *ny);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (NnpPlotGrid, nnp_plot_grid_free)

/* The plane shown stays within +-NNP_VIEW_LIMIT and at least 1e-9 of its
 * position wide: beyond, neither doubles nor ticks can draw it. */
#define NNP_VIEW_LIMIT 1e15
/* TRUE when the rectangle is one the figures can draw (see NNP_VIEW_LIMIT). */
gboolean nnp_view_is_drawable (double xmin, double xmax, double ymin, double ymax);

/* More points than NNP_PLOT_MAX_POINTS are drawn as a stable sample of
 * about NNP_PLOT_SAMPLE_POINTS (every k-th), with "showing N of M points"
 * on the plane, so that the boundary stays visible; training uses them all. */
#define NNP_PLOT_MAX_POINTS 20000
#define NNP_PLOT_SAMPLE_POINTS 5000

/* Everything a figure shows. Pointers are borrowed; any may be NULL where
 * the figure can do without (no model: points only; no history: empty axes). */
typedef struct {
  const NnpModel *model;
  const NnpDataset *train;          /* drawn filled with an outline */
  const NnpDataset *test;           /* drawn hollow */
  const NnpHistory *history;
  double xmin, xmax, ymin, ymax;    /* the input plane shown */
  int cell_px;                      /* heatmap cell size in device px (1 = full resolution) */
  gboolean log_cost;                /* cost axis in log scale */
  gboolean unit_lines;              /* draw each hidden unit's line on the boundary plot */
  /* The network was trained on z-scores z_k = (x_k - z_mean[k]) / z_sd[k]
   * (the model given is already folded back to x): the axis titles say so. */
  gboolean standardized;
  double z_mean[2], z_sd[2];
  int unit;                         /* >= 0: the boundary plot shows hidden unit `unit` instead of a2 */
  /* A long run's history is thinned: entry i is epoch i * history_stride
   * (0 or 1: every epoch). */
  size_t history_stride;
  /* The model's epoch, for the boundary plot's subtitle; 0: the epoch of
   * the history's last entry, (len - 1) * stride. */
  size_t epoch;
  /* The app's cache for the boundary plot on screen (raster targets, a2
   * shown): NULL evaluates the network for this drawing only, at full
   * resolution, as the exports do. */
  NnpPlotGrid *grid;
  /* The Lecture figures' numbers and highlights; NULL: computed from
   * model and train for their first rows with alpha 0.5. */
  const struct _NnpLectureView *lecture_view;
} NnpPlotState;

/* View [-2, 2]^2 (or fitted to the data with nnp_plot_state_fit_view), cell_px 1, unit -1,
 * history_stride and epoch 0. */
void nnp_plot_state_init (NnpPlotState *state);
/* Sets the view to the data range (train and test) with a 10% margin, square. */
void nnp_plot_state_fit_view (NnpPlotState *state);

/* Each draws the whole figure into (0, 0, width, height) of cr. Pure: the
 * same state and size give the same drawing on screen, PNG, SVG and PDF. */
void nnp_plot_boundary    (cairo_t *cr, double width, double height,
                           const NnpPlotState *state, const NnpPlotStyle *style);
/* One small panel: unit j's activation a_j(x) with its line w_j . x + b_j = 0. */
void nnp_plot_hidden_unit (cairo_t *cr, double width, double height, size_t j,
                           const NnpPlotState *state, const NnpPlotStyle *style);
/* All units in a grid of panels, each titled "Unit j". */
void nnp_plot_hidden      (cairo_t *cr, double width, double height,
                           const NnpPlotState *state, const NnpPlotStyle *style);
void nnp_plot_cost        (cairo_t *cr, double width, double height,
                           const NnpPlotState *state, const NnpPlotStyle *style);
void nnp_plot_all         (cairo_t *cr, double width, double height,
                           const NnpPlotState *state, const NnpPlotStyle *style);
void nnp_plot_figure      (cairo_t *cr, NnpFigure fig, double width, double height,
                           const NnpPlotState *state, const NnpPlotStyle *style);

/* Maps between the boundary plot's data area and device coordinates, for
 * the app's mouse input: the plot area inside (0,0,width,height) that
 * nnp_plot_boundary uses for the plane. */
void nnp_plot_boundary_area (double width, double height, const NnpPlotState *state,
                             const NnpPlotStyle *style,
                             double *x, double *y, double *w, double *h);

/* ---- The Lecture figure: the slides' equations and every matrix of one
 * step as grids of numbers on heat-coloured cells. ---- */

/* How far the step shown has got; the equations of that phase are
 * highlighted and matrices of later phases drawn empty. NONE: all shown. */
typedef enum {
  NNP_LECTURE_STEP_NONE = 0,
  NNP_LECTURE_STEP_FORWARD,
  NNP_LECTURE_STEP_COST,
  NNP_LECTURE_STEP_BACKWARD,
  NNP_LECTURE_STEP_UPDATE,
} NnpLectureStep;

typedef enum {
  NNP_LM_NONE = -1,
  NNP_LM_X = 0, NNP_LM_W1, NNP_LM_B1, NNP_LM_Z1, NNP_LM_A1, NNP_LM_W2, NNP_LM_B2,
  NNP_LM_Z2, NNP_LM_A2, NNP_LM_Y, NNP_LM_J,
  NNP_LM_DZ2, NNP_LM_DB2, NNP_LM_DW2, NNP_LM_DZ1, NNP_LM_DB1, NNP_LM_DW1,
  NNP_LM_W1_NEXT, NNP_LM_B1_NEXT, NNP_LM_W2_NEXT, NNP_LM_B2_NEXT,
  NNP_LM_COUNT,
} NnpLectureMatrix;

/* Per-row matrices (X, Y, Z1, A1, Z2, A2, dZ2, dZ1): rows are the
 * lecture's rows k (data row lecture->rows[k]); the others: their own. */
gboolean nnp_lecture_matrix_per_row (NnpLectureMatrix m);

typedef struct _NnpLectureView {
  const NnpLecture *lecture;
  NnpLectureStep step;
  long selected_row;                 /* data row (0-based) highlighted; -1: none */
  NnpLectureMatrix hover_matrix;     /* the cell under the pointer; NNP_LM_NONE: none */
  int hover_row, hover_col;
} NnpLectureView;

void nnp_lecture_view_init (NnpLectureView *view);   /* nothing shown or highlighted */

/* part: NNP_FIGURE_LECTURE (all), _FORWARD (forward and cost), _BACKWARD or
 * _UPDATE. Drawn at the style's text size, scaled down to fit height. */
void   nnp_plot_lecture        (cairo_t *cr, NnpFigure part, double width, double height,
                                const NnpPlotState *state, const NnpPlotStyle *style);
/* The height the figure needs at this width and the style's text size. */
double nnp_plot_lecture_height (NnpFigure part, double width,
                                const NnpPlotState *state, const NnpPlotStyle *style);
/* The cell under (x, y) of the figure drawn at (width, height): TRUE and
 * its matrix, row and column (rows as in NnpLectureView). */
gboolean nnp_plot_lecture_hit  (NnpFigure part, double width, double height,
                                const NnpPlotState *state, const NnpPlotStyle *style,
                                double x, double y, NnpLectureMatrix *matrix, int *row, int *col);
/* The same, for many points (the pointer's motion): the layout of the
 * figure drawn at (width, height), valid while the state's shapes, rows
 * and size stay the same. NULL when there is nothing to draw. */
typedef struct _NnpLectureLayout NnpLectureLayout;
NnpLectureLayout *nnp_lecture_layout_new  (NnpFigure part, double width, double height,
                                           const NnpPlotState *state, const NnpPlotStyle *style);
void              nnp_lecture_layout_free (NnpLectureLayout *lay);   /* NULL is fine */
gboolean          nnp_lecture_layout_hit  (const NnpLectureLayout *lay, double x, double y,
                                           NnpLectureMatrix *matrix, int *row, int *col);
/* Where cell (row, col) of m is drawn; FALSE when it is not shown. */
gboolean          nnp_lecture_layout_cell (const NnpLectureLayout *lay, NnpLectureMatrix m, int row, int col,
                                           double *x, double *y, double *w, double *h);
/* Whether cell (row, col) of m was computed from the hovered cell's
 * inputs: Z1_ij from row i of X, row j of W1 and b1_j, and so on. */
gboolean nnp_lecture_depends   (const NnpLectureView *view, NnpLectureMatrix m, int row, int col);

/* Writes a figure to path, atomically (temporary file, then rename).
 * width x height in user units (PNG: pixels before scale; SVG/PDF: points),
 * scale multiplies PNG pixels only. Errors: NNP_ERROR_IO. */
gboolean nnp_plot_export (NnpFigure fig, NnpFormat format, const char *path,
                          int width, int height, double scale,
                          const NnpPlotState *state, const NnpPlotStyle *style,
                          GError **error);

G_END_DECLS
