/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nnp-plot-hidden-space-private.h: the hidden-space figure's projection of A[1] onto the page, shared by its layout and drawing files. */
#pragma once

#include "nnp-plot-private.h"

G_BEGIN_DECLS

/* The projection of A[1] onto the figure, built once per drawing. */
typedef enum { SPACE_LINE = 1, SPACE_PLANE = 2, SPACE_CUBE = 3 } SpaceKind;

typedef struct {
  const NnpModel *m;
  size_t h;
  SpaceKind kind;
  gboolean pca, exact;       /* exact: the plane holds every unit (h = 2) */
  int ui, uj;
  double explained[2];
  /* plane and line: a = c + u e1 + v e2 */
  double *c, *e1, *e2;
  double umin, umax, vmin, vmax;
  /* cube: q_k = (a_k - mid_k) / half_k in [-1, 1] */
  double mid[3], half[3];
  double cy_, sy_, cp, sp;   /* cos/sin of yaw and pitch */
  double sx0, sy0, scale;    /* screen centre and scale of the cube */
  double nq[3], c0, nv;      /* the plane nq . q + c0 = 0; nv = nq . (toward the viewer) */
  /* the data area */
  double px, py, pw, ph;
  double head_dy;     /* the plot's slack above it: the title comes down with it */
  double fs;
  size_t epoch;
} Space;

/* The options to draw with: the state's, or defaults set into *defaults. */
const NnpHiddenSpaceOptions *nnp_space_options (const NnpPlotState *state, NnpHiddenSpaceOptions *defaults);
/* Sets up s (everything but the layout) from the model and the data;
 * FALSE when there is nothing to show. Free with nnp_space_clear. */
gboolean nnp_space_build  (Space *s, const NnpPlotState *state);
void     nnp_space_clear  (Space *s);
void     nnp_space_layout (Space *s, const NnpTheme *t, double width, double height);
/* Where a row a1 of A[1] lands (index and label place a point on the h = 1
 * line); near: nearness to the viewer in the cube, else 0. */
void     nnp_space_map    (const Space *s, const double *a1, size_t index, double label,
                           double *x, double *y, double *near);
void     nnp_space_plane_coords    (const Space *s, const double *a1, double *u, double *v);
void     nnp_space_plane_to_screen (const Space *s, double u, double v, double *x, double *y);
void     nnp_space_cube_to_screen  (const Space *s, const double *q, double *x, double *y, double *near);
void     nnp_space_to_cube         (const Space *s, const double *a1, double *q);

G_END_DECLS
