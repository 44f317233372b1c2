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
  NNP_FIGURE_NETWORK,     /* the network diagram (nnp_plot_network) */
  NNP_FIGURE_HIDDEN_SPACE,
  /* The Lecture view: the whole step, or one part of it (see nnp_plot_lecture). */
  NNP_FIGURE_LECTURE,
  NNP_FIGURE_FORWARD,
  NNP_FIGURE_BACKWARD,
  NNP_FIGURE_UPDATE,
} NnpFigure;

#define NNP_N_FIGURES (NNP_FIGURE_UPDATE + 1)
#define NNP_FIGURE_IS_LECTURE(f) ((f) >= NNP_FIGURE_LECTURE && (f) <= NNP_FIGURE_UPDATE)

/* "boundary", "hidden", "cost", "all", "network", "hidden-space", "lecture",
 * "forward", "backward", "update" */
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
  /* transparent, and what it is drawn over is known (the app's pane):
   * boxes behind labels take this colour, r, g, b in [0, 1] */
  gboolean has_backdrop;
  double backdrop[3];
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
/* At most this many unit evaluations (nodes x (h + 1)) per update, so a
 * large h or a large screen is drawn from coarser nodes (the step grows,
 * up to 4 times the finest) while the model changes every frame; 0 (the
 * default): always the finest step. Takes effect at the next update. */
void         nnp_plot_grid_set_budget (NnpPlotGrid *grid, double unit_evaluations);
/* And at most this long per update, in seconds, at the speed measured on
 * this machine in the updates before (0, the default: no limit); where
 * both are set the smaller budget holds. */
void         nnp_plot_grid_set_time_budget (NnpPlotGrid *grid, double seconds);
/* The step of the nodes held, in device pixels; 0 before the first update. */
int          nnp_plot_grid_get_step (const NnpPlotGrid *grid);
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

/* A pinned run's cost curve, drawn faint behind the current one and
 * named in the legend (entry i is epoch i * history_stride). */
typedef struct {
  const char *label;
  const NnpHistory *history;
  size_t history_stride;
} NnpPlotPin;

#define NNP_PLOT_MAX_PINS 16

/* Pinned run i's colour in the cost figure, "#rrggbb", for the app's list. */
void nnp_plot_pin_colour (size_t i, char hex[8]);

/* A change during the run (learning rate, hidden units, activation, batch
 * size, data): the cost plot marks its epoch. */
typedef struct {
  size_t epoch;
  const char *text;       /* "α 0.5 → 0.1" */
} NnpPlotMarker;

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
  /* The app's cache for a plot on screen (raster targets): for a2's plot,
   * the network's evaluation and heat map; for every plane, the points
   * layer. NULL evaluates the network and draws the points for this
   * drawing only, at full resolution, as the exports do. */
  NnpPlotGrid *grid;
  /* Device pixels per device unit of the target, for a target that cannot
   * tell: GTK records a widget's drawing at scale 1 and replays it at the
   * window's scale (2 on a HiDPI screen). The points layer is made at
   * this resolution, so it is replayed pixel for pixel, sharp and without
   * scaling. 0 or 1: the target's own scale. */
  double device_scale;
  /* How the hidden-space figure looks; NULL: nnp_hidden_space_options_init's. */
  const struct NnpHiddenSpaceOptions *hidden_space;
  /* The model is a snapshot from the run's past, at `epoch`, while the
   * run has reached present_epoch: the boundary plot says so and the
   * cost plot marks that epoch. */
  gboolean past;
  size_t present_epoch;
  /* The present has no cost (no training points now; the app's readouts
   * say "—"): the cost plot's legend says so too, not the curve's last
   * entry, which was measured on points since removed. */
  gboolean no_present_cost;
  /* Pinned runs for the cost plot (at most NNP_PLOT_MAX_PINS are drawn). */
  const NnpPlotPin *pins;
  size_t n_pins;
  /* The model before the last Step: the boundary plot draws its 0.5
   * contour faint and dashed, so one epoch's change shows (NULL: none). */
  const NnpModel *previous_model;
  /* Changes during the run, epochs ascending, marked on the cost plot. */
  const NnpPlotMarker *markers;
  size_t n_markers;
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

/* The hidden units' colour scale alone (for the app's units panel): what
 * the thumbnails' colours mean for activation act. */
void nnp_plot_unit_scale  (cairo_t *cr, double width, double height, NnpActivation act,
                           const NnpPlotStyle *style);

/* Where nnp_plot_cost puts its legend (a corner the curves do not cross,
 * with headroom above the data when every corner is crossed); FALSE when
 * it draws none. For tests. */
gboolean nnp_plot_cost_legend_box (double width, double height, const NnpPlotState *state,
                                   const NnpPlotStyle *style, double *x, double *y, double *w, double *h);

/* Maps between the boundary plot's data area and device coordinates, for
 * the app's mouse input: the plot area inside (0,0,width,height) that
 * nnp_plot_boundary uses for the plane. */
void nnp_plot_boundary_area (double width, double height, const NnpPlotState *state,
                             const NnpPlotStyle *style,
                             double *x, double *y, double *w, double *h);

/* ---- The network diagram (the slide's d[0] -> d[1] -> d[2]). ------------
 * Inputs, hidden units and the output as small pictures of their
 * activation over the view (x_k, a_j^[1], a^[2]); W[1] and W[2] as edges,
 * width by |w| and colour by sign (class 1's orange > 0, class 0's blue
 * < 0); each bias as its node's frame and, where there is room, in text. */

typedef enum {
  NNP_NETWORK_COLOUR_WEIGHT = 0,
  NNP_NETWORK_COLOUR_GRADIENT,   /* by -dtheta: the direction of the next update */
} NnpNetworkColour;

typedef enum {
  NNP_NETWORK_NONE = 0,
  NNP_NETWORK_INPUT,    /* input j (x_{j+1}) */
  NNP_NETWORK_HIDDEN,   /* hidden unit j and its bias b1_j */
  NNP_NETWORK_OUTPUT,   /* the output and b2 */
  NNP_NETWORK_W1,       /* the edge W1[j][k] from input k to unit j */
  NNP_NETWORK_W2,       /* the edge W2[0][j] from unit j to the output */
} NnpNetworkPartKind;

typedef struct {
  NnpNetworkPartKind kind;
  size_t j, k;
} NnpNetworkPart;

typedef struct {
  NnpNetworkColour colour;
  const NnpParams *grads;       /* dJ/dtheta of the model shown, or NULL */
  NnpNetworkPart hot;           /* drawn highlighted */
  /* The part of a tall figure on screen (visible_height 0: all of it):
   * the inputs and the output stay in its middle while the hidden column
   * scrolls. */
  double visible_top, visible_height;
} NnpNetworkOptions;

void   nnp_network_options_init (NnpNetworkOptions *opt);    /* weights, nothing hot, all visible */
/* The height the figure wants at this width: at least height, more when
 * h hidden units would be closer than about 30 units apart. */
double nnp_plot_network_natural_height (double width, double height, size_t h,
                                        const NnpPlotStyle *style);
/* The height of the column titles at the top of the figure; a tall
 * figure scrolled down keeps them at the top of the part on screen. */
double nnp_plot_network_header_height (double width, double height, const NnpPlotStyle *style);
/* opt may be NULL (weights, nothing hot, all visible). */
void   nnp_plot_network  (cairo_t *cr, double width, double height, const NnpPlotState *state,
                          const NnpPlotStyle *style, const NnpNetworkOptions *opt);
/* The part under (x, y) of the figure drawn with the same arguments;
 * FALSE (kind NONE) when there is none. */
gboolean nnp_plot_network_hit (double width, double height, const NnpPlotState *state,
                               const NnpPlotStyle *style, const NnpNetworkOptions *opt,
                               double x, double y, NnpNetworkPart *out);
/* A point on the part (a node's centre, a point on an edge) that hits it. */
gboolean nnp_plot_network_anchor (double width, double height, const NnpPlotState *state,
                                  const NnpPlotStyle *style, const NnpNetworkOptions *opt,
                                  const NnpNetworkPart *part, double *x, double *y);
/* The part's index in theta's block (W1, b1, W2, b2), or (size_t) -1 for
 * an input or no part. */
size_t nnp_network_part_index (const NnpNetworkPart *part, size_t d, size_t h);
/* The epoch under x (device units of a cost figure of that size, clamped
 * to the curve's span), for dragging on the curve; -1 for an empty size. */
double nnp_plot_cost_epoch_at (double width, double height, const NnpPlotState *state,
                               const NnpPlotStyle *style, double x);

/* The texts of every marker at marker k's epoch, joined with "; " (two
 * changes at one epoch are one triangle); NULL when none has a text. */
char *nnp_plot_markers_text (const NnpPlotState *state, size_t k);
/* The marker nearest x within radius (device units of a cost figure of
 * that size), or -1: for the app's tooltips. */
int nnp_plot_cost_marker_at (double width, double height, const NnpPlotState *state,
                             const NnpPlotStyle *style, double x, double radius);
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
/* Where the section of a phase (its title) starts and ends, in the
 * figure's coordinates; FALSE when the layout has no such section. */
gboolean          nnp_lecture_layout_section (const NnpLectureLayout *lay, NnpLectureStep step,
                                              double *top, double *bottom);
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

/* ---- The hidden space: each point at its row of A[1]. */

typedef enum {
  NNP_HIDDEN_SPACE_AUTO = 0,   /* h <= 3: the units themselves (3-D for h = 3); h > 3: PCA */
  NNP_HIDDEN_SPACE_UNITS,      /* the plane of units unit_i, unit_j (h = 3 too) */
  NNP_HIDDEN_SPACE_PCA,        /* the first two principal components of A[1] */
} NnpHiddenSpaceMode;

typedef struct NnpHiddenSpaceOptions {
  NnpHiddenSpaceMode mode;
  int unit_i, unit_j;          /* 0-based, for NNP_HIDDEN_SPACE_UNITS */
  double yaw, pitch;           /* radians, the 3-D view's rotation */
  gboolean warped_grid;        /* the input view's grid lines mapped through a1(x) */
} NnpHiddenSpaceOptions;

/* AUTO, units 0 and 1, yaw -0.6, pitch 0.45, no warped grid. */
void nnp_hidden_space_options_init (NnpHiddenSpaceOptions *opts);

void nnp_plot_hidden_space (cairo_t *cr, double width, double height,
                            const NnpPlotState *state, const NnpPlotStyle *style);

/* Where nnp_plot_hidden_space puts a point whose hidden activations are
 * a1 (h doubles), in the figure's coordinates; FALSE when it draws no
 * points (no model, or d != 2 ...). Builds the same projection (PCA
 * included) from the state, so it costs what a drawing does. */
gboolean nnp_plot_hidden_space_map (double width, double height, const NnpPlotState *state,
                                    const NnpPlotStyle *style, const double *a1,
                                    double *x, double *y);

/* The hidden-space figure draws networks of up to this many hidden units
 * (its PCA is an h x h eigenproblem, O(h^3): 13 s at 1024 units here,
 * 0.3 s at 256); larger ones get a message instead. */
#define NNP_HIDDEN_SPACE_MAX_UNITS 256

/* The first two principal components of the rows of A (n x h, row-major):
 * mean (h), pc (2 x h, unit vectors, sign fixed so the largest entry is
 * positive) and the fraction of the variance each explains. FALSE when
 * n < 2, h < 2, h > NNP_HIDDEN_SPACE_MAX_UNITS or memory runs out. */
gboolean nnp_hidden_space_pca (const double *A, size_t n, size_t h,
                               double *mean, double *pc, double *explained);

/* ---- Training at chosen epochs, for slides. */

typedef struct {
  size_t epoch;
  const NnpModel *model;
} NnpPlotFrame;

/* Small multiples: the boundary plot of each frame side by side (rows
 * when many), one colour scale, "Epoch N" under each. */
void nnp_plot_evolution (cairo_t *cr, double width, double height,
                         const NnpPlotFrame *frames, size_t n_frames,
                         const NnpPlotState *state, const NnpPlotStyle *style);
gboolean nnp_plot_export_evolution (NnpFormat format, const char *path, int width, int height,
                                    const NnpPlotFrame *frames, size_t n_frames,
                                    const NnpPlotState *state, const NnpPlotStyle *style,
                                    GError **error);

/* An animation of figure fig (the state's model replaced by each frame's):
 * PDF: one page per frame (beamer's animate package takes it as is);
 * PNG: path is a pattern with one printf %d-style run of '#'s or, when it
 * has none, "NAME.png" becomes NAME-0001.png, NAME-0002.png ... Errors
 * name the file. */
gboolean nnp_plot_export_animation (NnpFigure fig, NnpFormat format, const char *path,
                                    int width, int height,
                                    const NnpPlotFrame *frames, size_t n_frames,
                                    const NnpPlotState *state, const NnpPlotStyle *style,
                                    GError **error);
/* The name of frame i (0-based) of a PNG sequence, as above. */
char *nnp_animation_frame_path (const char *path, size_t i);

G_END_DECLS
