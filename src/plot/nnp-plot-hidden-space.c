/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nnp-plot-hidden-space.c: the points at their rows of A[1] (line, plane, 3-D cube or PCA plane) with the output unit's boundary W[2] a + b[2] = 0. */
#define G_LOG_DOMAIN "nnplay-plot"
#include "config.h"

#include <glib/gi18n-lib.h>

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <gsl/gsl_eigen.h>

#include "nnp-plot-private.h"

#define GRID_SAMPLES 96

void
nnp_hidden_space_options_init (NnpHiddenSpaceOptions *opts)
{
  g_return_if_fail (opts != NULL);
  memset (opts, 0, sizeof *opts);
  opts->mode = NNP_HIDDEN_SPACE_AUTO;
  opts->unit_i = 0;
  opts->unit_j = 1;
  opts->yaw = -0.6;
  opts->pitch = 0.45;
}

gboolean
nnp_hidden_space_pca (const double *A, size_t n, size_t h,
                      double *mean, double *pc, double *explained)
{
  gsl_matrix *C, *V;
  gsl_vector *eval;
  gsl_eigen_symmv_workspace *ws;
  double total = 0;

  g_return_val_if_fail (A != NULL && mean != NULL && pc != NULL, FALSE);
  if (n < 2 || h < 2)
    return FALSE;
  for (size_t k = 0; k < h; k++)
    mean[k] = 0;
  for (size_t i = 0; i < n; i++)
    for (size_t k = 0; k < h; k++)
      mean[k] += A[i * h + k] / (double) n;

  /* C = (A - 1 mean^T)^T (A - 1 mean^T) / (n - 1)   (h x h) */
  C = gsl_matrix_calloc (h, h);
  V = gsl_matrix_alloc (h, h);
  eval = gsl_vector_alloc (h);
  ws = gsl_eigen_symmv_alloc (h);
  for (size_t i = 0; i < n; i++)
    for (size_t k = 0; k < h; k++)
      {
        double dk = A[i * h + k] - mean[k];
        for (size_t l = k; l < h; l++)
          *gsl_matrix_ptr (C, k, l) += dk * (A[i * h + l] - mean[l]) / (double) (n - 1);
      }
  for (size_t k = 0; k < h; k++)
    for (size_t l = 0; l < k; l++)
      gsl_matrix_set (C, k, l, gsl_matrix_get (C, l, k));
  for (size_t k = 0; k < h; k++)
    total += gsl_matrix_get (C, k, k);
  gsl_eigen_symmv (C, eval, V, ws);
  gsl_eigen_symmv_sort (eval, V, GSL_EIGEN_SORT_VAL_DESC);
  for (int c = 0; c < 2; c++)
    {
      size_t big = 0;
      double sign;
      for (size_t k = 0; k < h; k++)
        if (fabs (gsl_matrix_get (V, k, c)) > fabs (gsl_matrix_get (V, big, c)))
          big = k;
      sign = gsl_matrix_get (V, big, c) < 0 ? -1.0 : 1.0;
      for (size_t k = 0; k < h; k++)
        pc[c * h + k] = sign * gsl_matrix_get (V, k, c);
      if (explained)
        explained[c] = total > 0 ? MAX (gsl_vector_get (eval, c), 0.0) / total : 0.0;
    }
  gsl_eigen_symmv_free (ws);
  gsl_vector_free (eval);
  gsl_matrix_free (V);
  gsl_matrix_free (C);
  return TRUE;
}

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
  double fs;
  size_t epoch;
} Space;

static void
space_clear (Space *s)
{
  g_free (s->c);
  g_free (s->e1);
  g_free (s->e2);
}

/* Rows of A[1] for the drawn points of ds (every k-th past NNP_PLOT_MAX_POINTS). */
static double *
hidden_rows (const NnpModel *m, const NnpDataset *ds, size_t *n_out, size_t *stride)
{
  size_t h = m->theta->h, k, n;
  double *A;

  *n_out = 0;
  *stride = 1;
  if (ds == NULL || ds->d != 2 || ds->n == 0)
    return NULL;
  k = ds->n > NNP_PLOT_MAX_POINTS ? (ds->n + NNP_PLOT_SAMPLE_POINTS - 1) / NNP_PLOT_SAMPLE_POINTS : 1;
  n = (ds->n + k - 1) / k;
  A = g_new (double, n * h);
  for (size_t i = 0; i < n; i++)
    nnp_model_hidden (m, ds->X + i * k * 2, A + i * h);
  *n_out = n;
  *stride = k;
  return A;
}

static void
act_range (const NnpModel *m, size_t k, const double *A, size_t n, double *lo, double *hi)
{
  switch (m->act)
    {
    case NNP_ACT_TANH:
      *lo = -1;
      *hi = 1;
      return;
    case NNP_ACT_RELU:
      *lo = 0;
      *hi = 0;
      for (size_t i = 0; i < n; i++)
        if (isfinite (A[i * m->theta->h + k]))
          *hi = MAX (*hi, A[i * m->theta->h + k]);
      *hi = *hi > 0 ? *hi * 1.05 : 1.0;
      return;
    case NNP_ACT_SIGMOID:
    default:
      *lo = 0;
      *hi = 1;
      return;
    }
}

static const NnpHiddenSpaceOptions *
options_of (const NnpPlotState *state, NnpHiddenSpaceOptions *defaults)
{
  if (state->hidden_space != NULL)
    return state->hidden_space;
  nnp_hidden_space_options_init (defaults);
  return defaults;
}

/* u, v of a1 on the plane or line. */
static void
plane_coords (const Space *s, const double *a1, double *u, double *v)
{
  double du = 0, dv = 0;
  for (size_t k = 0; k < s->h; k++)
    {
      du += s->e1[k] * (a1[k] - s->c[k]);
      dv += s->e2[k] * (a1[k] - s->c[k]);
    }
  *u = du;
  *v = dv;
}

static void
plane_to_screen (const Space *s, double u, double v, double *x, double *y)
{
  *x = s->px + (u - s->umin) / (s->umax - s->umin) * s->pw;
  *y = s->py + (s->vmax - v) / (s->vmax - s->vmin) * s->ph;
}

/* Screen position and nearness to the viewer of q (cube coordinates). */
static void
cube_to_screen (const Space *s, const double *q, double *x, double *y, double *near)
{
  double xr = q[0] * s->cy_ - q[1] * s->sy_;
  double yr = q[0] * s->sy_ + q[1] * s->cy_;
  double up = q[2] * s->cp + yr * s->sp;

  *x = s->sx0 + s->scale * xr;
  *y = s->sy0 - s->scale * up;
  if (near)
    *near = -yr * s->cp + q[2] * s->sp;
}

static void
to_cube (const Space *s, const double *a1, double *q)
{
  for (int k = 0; k < 3; k++)
    q[k] = (a1[k] - s->mid[k]) / s->half[k];
}

/* A deterministic jitter in [-1, 1] for point i on the h = 1 line. */
static double
jitter (size_t i)
{
  guint32 x = (guint32) i * 2654435761u;
  x ^= x >> 15;
  x *= 2246822519u;
  x ^= x >> 13;
  return (x & 0xffff) / 32767.5 - 1.0;
}

static void
space_map (const Space *s, const double *a1, size_t index, double label, double *x, double *y, double *near)
{
  if (s->kind == SPACE_CUBE)
    {
      double q[3];
      to_cube (s, a1, q);
      cube_to_screen (s, q, x, y, near);
      return;
    }
  double u, v;
  plane_coords (s, a1, &u, &v);
  if (s->kind == SPACE_LINE)
    v = (label == 1 ? 0.68 : 0.32) + 0.11 * jitter (index);
  plane_to_screen (s, u, v, x, y);
  if (near)
    *near = 0;
}

/* Sets up s (everything but the layout) from the model and the data.
 * FALSE when there is nothing to show. */
static gboolean
space_build (Space *s, const NnpPlotState *state)
{
  NnpHiddenSpaceOptions defaults;
  const NnpHiddenSpaceOptions *o = options_of (state, &defaults);
  const NnpModel *m = state->model;
  size_t n = 0, stride = 1, h;
  g_autofree double *A = NULL;
  NnpHiddenSpaceMode mode;

  memset (s, 0, sizeof *s);
  if (!nnp_model_is_planar (m))
    return FALSE;
  s->m = m;
  s->h = h = m->theta->h;
  s->epoch = state->epoch;
  A = hidden_rows (m, state->train, &n, &stride);
  mode = o->mode;
  if (mode == NNP_HIDDEN_SPACE_AUTO)
    mode = h > 3 ? NNP_HIDDEN_SPACE_PCA : NNP_HIDDEN_SPACE_UNITS;
  if (mode == NNP_HIDDEN_SPACE_PCA && (h < 2 || n < 2))
    mode = NNP_HIDDEN_SPACE_UNITS;
  s->c = g_new0 (double, h);
  s->e1 = g_new0 (double, h);
  s->e2 = g_new0 (double, h);

  if (h == 1)
    {
      s->kind = SPACE_LINE;
      s->exact = TRUE;
      s->e1[0] = 1;
      act_range (m, 0, A, n, &s->umin, &s->umax);
      s->vmin = 0;
      s->vmax = 1;
      return TRUE;
    }
  if (h == 3 && o->mode == NNP_HIDDEN_SPACE_AUTO)
    {
      s->kind = SPACE_CUBE;
      s->exact = TRUE;
      for (int k = 0; k < 3; k++)
        {
          double lo, hi;
          act_range (m, (size_t) k, A, n, &lo, &hi);
          s->mid[k] = (lo + hi) / 2;
          s->half[k] = (hi - lo) / 2;
        }
      s->cy_ = cos (o->yaw);
      s->sy_ = sin (o->yaw);
      s->cp = cos (o->pitch);
      s->sp = sin (o->pitch);
      {
        const gsl_matrix *W2 = &m->theta->W2.matrix;
        /* Toward the viewer, in cube coordinates (the rotation inverted). */
        double view[3] = { -s->cp * s->sy_, -s->cp * s->cy_, s->sp };
        s->c0 = *m->theta->b2;
        for (int k = 0; k < 3; k++)
          {
            s->nq[k] = gsl_matrix_get (W2, 0, (size_t) k) * s->half[k];
            s->c0 += gsl_matrix_get (W2, 0, (size_t) k) * s->mid[k];
            s->nv += s->nq[k] * view[k];
          }
      }
      return TRUE;
    }

  s->kind = SPACE_PLANE;
  if (mode == NNP_HIDDEN_SPACE_PCA)
    {
      g_autofree double *pc = g_new (double, 2 * h);
      double lo[2] = { G_MAXDOUBLE, G_MAXDOUBLE }, hi[2] = { -G_MAXDOUBLE, -G_MAXDOUBLE };

      s->pca = TRUE;
      nnp_hidden_space_pca (A, n, h, s->c, pc, s->explained);
      memcpy (s->e1, pc, h * sizeof (double));
      memcpy (s->e2, pc + h, h * sizeof (double));
      for (size_t i = 0; i < n; i++)
        {
          double u, v;
          plane_coords (s, A + i * h, &u, &v);
          if (!isfinite (u) || !isfinite (v))
            continue;
          lo[0] = MIN (lo[0], u);
          hi[0] = MAX (hi[0], u);
          lo[1] = MIN (lo[1], v);
          hi[1] = MAX (hi[1], v);
        }
      for (int k = 0; k < 2; k++)
        {
          double span = hi[k] - lo[k], mid = (hi[k] + lo[k]) / 2;
          if (!(span > 1e-9))
            span = 1e-3 + fabs (mid) * 1e-3;
          lo[k] = mid - span * 0.56;
          hi[k] = mid + span * 0.56;
        }
      s->umin = lo[0];
      s->umax = hi[0];
      s->vmin = lo[1];
      s->vmax = hi[1];
      return TRUE;
    }

  s->ui = CLAMP (o->unit_i, 0, (int) h - 1);
  s->uj = CLAMP (o->unit_j, 0, (int) h - 1);
  if (s->uj == s->ui)
    s->uj = s->ui == 0 ? 1 : 0;
  s->exact = h == 2;
  /* The other units at their mean over the points, so the output unit's
   * line is where it crosses this plane. */
  for (size_t i = 0; i < n; i++)
    for (size_t k = 0; k < h; k++)
      s->c[k] += A[i * h + k] / (double) n;
  s->c[s->ui] = s->c[s->uj] = 0;
  s->e1[s->ui] = 1;
  s->e2[s->uj] = 1;
  act_range (m, (size_t) s->ui, A, n, &s->umin, &s->umax);
  act_range (m, (size_t) s->uj, A, n, &s->vmin, &s->vmax);
  return TRUE;
}

static void
space_layout (Space *s, const NnpTheme *t, double width, double height)
{
  double fs = t->fs, pad = fs * 0.8;
  double top = pad + fs * 1.6 + fs * 1.5;
  double bottom = pad + fs * 3.2;
  double left = s->kind == SPACE_CUBE ? pad : pad + fs * 4.6;
  double right = pad + fs * 1.0;
  double aw = MAX (width - left - right, 1.0), ah = MAX (height - top - bottom, 1.0), side;

  s->fs = fs;
  if (s->kind == SPACE_LINE)
    {
      s->pw = aw;
      s->ph = MIN (ah, MAX (aw * 0.35, fs * 6));
      s->px = left;
      s->py = top + (ah - s->ph) / 2;
      return;
    }
  side = MIN (aw, ah);
  s->pw = s->ph = side;
  s->px = left + (aw - side) / 2;
  s->py = top + (ah - side) / 2;
  s->sx0 = s->px + side / 2;
  s->sy0 = s->py + side / 2;
  s->scale = side / (2 * sqrt (3.0)) * 1.08;
}

gboolean
nnp_plot_hidden_space_map (double width, double height, const NnpPlotState *state,
                           const NnpPlotStyle *style, const double *a1,
                           double *x, double *y)
{
  NnpTheme t;
  Space s;
  gboolean ok;

  g_return_val_if_fail (state != NULL && a1 != NULL, FALSE);
  if (!(width > 0) || !(height > 0))
    return FALSE;
  nnp_theme_init (&t, style, width, height);
  ok = space_build (&s, state);
  if (ok)
    {
      space_layout (&s, &t, width, height);
      space_map (&s, a1, 0, 1, x, y, NULL);
    }
  space_clear (&s);
  return ok;
}

/* ---- Drawing. ------------------------------------------------------------ */

static double
sigmoid (double z)
{
  return nnp_activation_g (NNP_ACT_SIGMOID, z);
}

/* z2 on the plane: W2 c + b2 + u W2 e1 + v W2 e2. */
static void
plane_logit (const Space *s, double *k0, double *ku, double *kv)
{
  const gsl_matrix *W2 = &s->m->theta->W2.matrix;
  *k0 = *s->m->theta->b2;
  *ku = *kv = 0;
  for (size_t k = 0; k < s->h; k++)
    {
      double w = gsl_matrix_get (W2, 0, k);
      *k0 += w * s->c[k];
      *ku += w * s->e1[k];
      *kv += w * s->e2[k];
    }
}

static void
draw_plane_heat (cairo_t *cr, const NnpTheme *t, const Space *s)
{
  guint32 lut[NNP_LUT_SIZE];
  size_t nx, ny;
  double k0, ku, kv;
  g_autofree double *vals = NULL;

  plane_logit (s, &k0, &ku, &kv);
  nnp_heatmap_size (cr, s->pw, s->ph, 1, &nx, &ny);
  nx = MIN (nx, 512);
  ny = MIN (ny, 512);
  vals = g_new (double, nx * ny);
  for (size_t r = 0; r < ny; r++)
    for (size_t c = 0; c < nx; c++)
      {
        double u = s->umin + (c + 0.5) / nx * (s->umax - s->umin);
        double v = s->vmax - (r + 0.5) / ny * (s->vmax - s->vmin);
        vals[r * nx + c] = sigmoid (k0 + ku * u + (s->kind == SPACE_LINE ? 0 : kv * v));
      }
  nnp_colormap_lut (lut, t);
  nnp_paint_values (cr, vals, nx, ny, 0, 1, lut, s->px, s->py, s->pw, s->ph);
}

static void
stroke_boundary (cairo_t *cr, const NnpTheme *t, double lw)
{
  cairo_save (cr);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_width (cr, lw * 2.2);
  nnp_set_rgba (cr, &t->halo);
  cairo_stroke_preserve (cr);
  cairo_set_line_width (cr, lw);
  nnp_set_rgba (cr, &t->contour);
  cairo_stroke (cr);
  cairo_restore (cr);
}

static void
draw_plane_boundary (cairo_t *cr, const NnpTheme *t, const Space *s)
{
  double k0, ku, kv, x0, y0, x1, y1, sx, sy;

  plane_logit (s, &k0, &ku, &kv);
  if (s->kind == SPACE_LINE)
    {
      if (ku == 0 || !isfinite (-k0 / ku))
        return;
      x0 = -k0 / ku;
      if (x0 < s->umin || x0 > s->umax)
        return;
      plane_to_screen (s, x0, s->vmin, &sx, &sy);
      cairo_move_to (cr, sx, s->py);
      cairo_line_to (cr, sx, s->py + s->ph);
    }
  else
    {
      if (!nnp_clip_line (ku, kv, k0, s->umin, s->umax, s->vmin, s->vmax, &x0, &y0, &x1, &y1))
        return;
      plane_to_screen (s, x0, y0, &sx, &sy);
      cairo_move_to (cr, sx, sy);
      plane_to_screen (s, x1, y1, &sx, &sy);
      cairo_line_to (cr, sx, sy);
    }
  stroke_boundary (cr, t, MAX (s->fs * 0.14, 1.0));
}

/* Grid lines of the input view, each mapped through a1(x). */
static void
draw_warped_grid (cairo_t *cr, const NnpTheme *t, const NnpPlotState *state, const Space *s)
{
  double xmin, xmax, ymin, ymax, ticks[2][NNP_MAX_TICKS], step;
  int nt[2];
  g_autofree double *a1 = g_new (double, s->h);

  nnp_view_sanitize (state, &xmin, &xmax, &ymin, &ymax);
  nt[0] = nnp_nice_ticks (xmin, xmax, 8, ticks[0], &step);
  nt[1] = nnp_nice_ticks (ymin, ymax, 8, ticks[1], &step);
  cairo_save (cr);
  cairo_set_line_width (cr, MAX (s->fs * 0.06, 0.6));
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  nnp_set_rgba_alpha (cr, &t->fg, 0.45);
  for (int dir = 0; dir < 2; dir++)
    for (int l = 0; l < nt[dir]; l++)
      {
        gboolean started = FALSE;
        for (int i = 0; i <= GRID_SAMPLES; i++)
          {
            double f = (double) i / GRID_SAMPLES, x[2], px, py;
            x[dir] = ticks[dir][l];
            x[1 - dir] = dir == 0 ? ymin + f * (ymax - ymin) : xmin + f * (xmax - xmin);
            nnp_model_hidden (s->m, x, a1);
            if (s->kind == SPACE_LINE)
              {
                double u, v;
                plane_coords (s, a1, &u, &v);
                plane_to_screen (s, u, 0.08 + 0.84 * ((double) l / MAX (nt[dir] - 1, 1)), &px, &py);
              }
            else
              space_map (s, a1, 0, 0, &px, &py, NULL);
            if (!isfinite (px) || !isfinite (py))
              {
                started = FALSE;
                continue;
              }
            if (started)
              cairo_line_to (cr, px, py);
            else
              cairo_move_to (cr, px, py);
            started = TRUE;
          }
      }
  cairo_stroke (cr);
  cairo_restore (cr);
}

typedef struct {
  double x, y, near;
  gboolean front, hollow;
  double label;
} Dot;

static int
dot_cmp (const void *a, const void *b)
{
  const Dot *p = a, *q = b;
  return (p->near > q->near) - (p->near < q->near);
}

/* The dots (front < 0: all; else those on that side of the plane) in
 * their order, through nnp_points_draw, whose sprites are much cheaper
 * than a Cairo circle each on screen: datasets of screen positions (x, -y)
 * over a view that maps them back to themselves inside (bx, by, bw, bh). */
static void
draw_dots (cairo_t *cr, const NnpTheme *t, const Dot *dots, size_t n, double r, int front,
           double bx, double by, double bw, double bh)
{
  g_autoptr (NnpDataset) train = nnp_dataset_alloc (0, 2);
  g_autoptr (NnpDataset) test = nnp_dataset_alloc (0, 2);
  NnpPlotState st;

  nnp_plot_state_init (&st);
  for (size_t i = 0; i < n; i++)
    if (front < 0 || dots[i].front == front)
      {
        double xy[2] = { dots[i].x, -dots[i].y };
        nnp_dataset_append (dots[i].hollow ? test : train, xy, dots[i].label);
      }
  st.train = train;
  st.test = test;
  nnp_points_draw (cr, t, &st, r, bx, bx + bw, -(by + bh), -by, bx, by, bw, bh);
}

/* The drawn points of train (filled) and test (hollow). */
static Dot *
collect_dots (const NnpPlotState *state, const Space *s, size_t *n_out)
{
  const NnpDataset *sets[2] = { state->train, state->test };
  GArray *dots = g_array_new (FALSE, FALSE, sizeof (Dot));
  g_autofree double *a1 = g_new (double, s->h);

  for (int w = 0; w < 2; w++)
    {
      const NnpDataset *ds = sets[w];
      size_t k;
      if (ds == NULL || ds->d != 2)
        continue;
      k = ds->n > NNP_PLOT_MAX_POINTS ? (ds->n + NNP_PLOT_SAMPLE_POINTS - 1) / NNP_PLOT_SAMPLE_POINTS : 1;
      for (size_t i = 0; i < ds->n; i += k)
        {
          Dot d = { 0 };
          if (!isfinite (ds->X[i * 2]) || !isfinite (ds->X[i * 2 + 1]))
            continue;
          nnp_model_hidden (s->m, ds->X + i * 2, a1);
          d.label = ds->y[i];
          d.hollow = w == 1;
          space_map (s, a1, i + (size_t) w * 7919, d.label, &d.x, &d.y, &d.near);
          if (s->kind == SPACE_CUBE)
            {
              /* On the viewer's side of the plane: drawn after it. */
              double q[3], side;
              to_cube (s, a1, q);
              side = s->nq[0] * q[0] + s->nq[1] * q[1] + s->nq[2] * q[2] + s->c0;
              d.front = (side >= 0) == (s->nv >= 0);
            }
          if (!isfinite (d.x) || !isfinite (d.y))
            continue;
          g_array_append_val (dots, d);
        }
    }
  *n_out = dots->len;
  return (Dot *) g_array_free (dots, FALSE);
}

static void
axis_label (char *buf, size_t len, const Space *s, int which)
{
  if (s->pca)
    snprintf (buf, len, _("PC %d (%.0f%%)"), which + 1, 100 * s->explained[which]);
  else
    snprintf (buf, len, "<i>a</i><sub>%d</sub><sup>[1]</sup>", (which == 0 ? s->ui : s->uj) + 1);
}

static void
draw_flat (cairo_t *cr, const NnpTheme *t, const NnpPlotState *state, const NnpHiddenSpaceOptions *o,
           const Space *s, double r)
{
  char xl[64], yl[64];
  size_t n;
  g_autofree Dot *dots = NULL;

  cairo_save (cr);
  cairo_rectangle (cr, s->px, s->py, s->pw, s->ph);
  cairo_clip (cr);
  draw_plane_heat (cr, t, s);
  if (o->warped_grid)
    draw_warped_grid (cr, t, state, s);
  draw_plane_boundary (cr, t, s);
  dots = collect_dots (state, s, &n);
  draw_dots (cr, t, dots, n, r, -1, s->px, s->py, s->pw, s->ph);
  cairo_restore (cr);

  axis_label (xl, sizeof xl, s, 0);
  axis_label (yl, sizeof yl, s, 1);
  if (s->kind == SPACE_LINE)
    {
      double ticks[NNP_MAX_TICKS], step;
      int nt = nnp_nice_ticks (s->umin, s->umax, 6, ticks, &step);
      char buf[32];
      cairo_save (cr);
      cairo_set_line_width (cr, MAX (s->fs * 0.06, 0.75));
      nnp_set_rgba (cr, &t->frame);
      cairo_rectangle (cr, s->px, s->py, s->pw, s->ph);
      for (int i = 0; i < nt; i++)
        {
          double x = s->px + (ticks[i] - s->umin) / (s->umax - s->umin) * s->pw;
          cairo_move_to (cr, x, s->py + s->ph);
          cairo_line_to (cr, x, s->py + s->ph + s->fs * 0.3);
          nnp_format_tick (buf, sizeof buf, ticks[i], step);
          nnp_text_draw (cr, buf, s->fs * 0.8, NNP_TEXT_NORMAL, x, s->py + s->ph + s->fs * 0.45, 0.5, 0, &t->muted);
        }
      cairo_stroke (cr);
      cairo_restore (cr);
      nnp_text_draw (cr, xl, s->fs, NNP_TEXT_NORMAL, s->px + s->pw / 2, s->py + s->ph + s->fs * 1.7,
                     0.5, 0, &t->fg);
      nnp_text_draw (cr, _("class 1"), s->fs * 0.8, NNP_TEXT_NORMAL, s->px - s->fs * 0.3, s->py + s->ph * 0.32,
                     1, 0.5, &t->muted);
      nnp_text_draw (cr, _("class 0"), s->fs * 0.8, NNP_TEXT_NORMAL, s->px - s->fs * 0.3, s->py + s->ph * 0.68,
                     1, 0.5, &t->muted);
    }
  else
    {
      /* The vertical axis title turned, so "PC 2 (30%)" fits a narrow panel. */
      nnp_axes_draw (cr, t, s->px, s->py, s->pw, s->ph, s->umin, s->umax, s->vmin, s->vmax, xl, NULL);
      nnp_text_draw_vertical (cr, yl, s->fs, NNP_TEXT_NORMAL, s->px - s->fs * 3.4, s->py + s->ph / 2, &t->fg);
    }
}

/* Where the plane n . q + c = 0 cuts the cube [-1, 1]^3, as a convex
 * polygon on screen (up to 6 corners). */
static int
plane_polygon (const Space *s, const double *nq, double c, double (*poly)[2])
{
  double pts[12][2], cx = 0, cy = 0, ang[12];
  int np = 0;

  for (int axis = 0; axis < 3; axis++)
    for (int e = 0; e < 4; e++)
      {
        double q[3];
        int a = (axis + 1) % 3, b = (axis + 2) % 3;
        q[a] = e & 1 ? 1 : -1;
        q[b] = e & 2 ? 1 : -1;
        if (nq[axis] == 0)
          continue;
        q[axis] = -(c + nq[a] * q[a] + nq[b] * q[b]) / nq[axis];
        if (!(q[axis] >= -1 && q[axis] <= 1))
          continue;
        cube_to_screen (s, q, &pts[np][0], &pts[np][1], NULL);
        np++;
      }
  if (np < 3)
    return 0;
  for (int i = 0; i < np; i++)
    {
      cx += pts[i][0] / np;
      cy += pts[i][1] / np;
    }
  for (int i = 0; i < np; i++)
    ang[i] = atan2 (pts[i][1] - cy, pts[i][0] - cx);
  /* insertion sort by angle */
  for (int i = 1; i < np; i++)
    for (int j = i; j > 0 && ang[j - 1] > ang[j]; j--)
      {
        double ta = ang[j], tx = pts[j][0], ty = pts[j][1];
        ang[j] = ang[j - 1];
        pts[j][0] = pts[j - 1][0];
        pts[j][1] = pts[j - 1][1];
        ang[j - 1] = ta;
        pts[j - 1][0] = tx;
        pts[j - 1][1] = ty;
      }
  memcpy (poly, pts, sizeof (double) * 2 * (size_t) np);
  return np;
}

static void
draw_cube (cairo_t *cr, const NnpTheme *t, const NnpPlotState *state, const NnpHiddenSpaceOptions *o,
           const Space *s, double r)
{
  double poly[12][2];
  size_t n;
  int np;
  g_autofree Dot *dots = NULL;

  dots = collect_dots (state, s, &n);
  qsort (dots, n, sizeof (Dot), dot_cmp);

  /* Cube edges. */
  cairo_save (cr);
  cairo_set_line_width (cr, MAX (s->fs * 0.06, 0.75));
  nnp_set_rgba_alpha (cr, &t->frame, 0.7);
  for (int axis = 0; axis < 3; axis++)
    for (int e = 0; e < 4; e++)
      {
        double q0[3], q1[3], x, y;
        int a = (axis + 1) % 3, b = (axis + 2) % 3;
        q0[a] = q1[a] = e & 1 ? 1 : -1;
        q0[b] = q1[b] = e & 2 ? 1 : -1;
        q0[axis] = -1;
        q1[axis] = 1;
        cube_to_screen (s, q0, &x, &y, NULL);
        cairo_move_to (cr, x, y);
        cube_to_screen (s, q1, &x, &y, NULL);
        cairo_line_to (cr, x, y);
      }
  cairo_stroke (cr);
  cairo_restore (cr);

  if (o->warped_grid)
    draw_warped_grid (cr, t, state, s);

  np = plane_polygon (s, s->nq, s->c0, poly);
  draw_dots (cr, t, dots, n, r, FALSE, s->px - r, s->py - r, s->pw + 2 * r, s->ph + 2 * r);
  if (np >= 3)
    {
      cairo_save (cr);
      cairo_move_to (cr, poly[0][0], poly[0][1]);
      for (int i = 1; i < np; i++)
        cairo_line_to (cr, poly[i][0], poly[i][1]);
      cairo_close_path (cr);
      nnp_set_rgba_alpha (cr, &t->contour, 0.16);
      cairo_fill_preserve (cr);
      cairo_set_line_width (cr, MAX (s->fs * 0.1, 1.0));
      nnp_set_rgba (cr, &t->contour);
      cairo_stroke (cr);
      cairo_restore (cr);
    }
  draw_dots (cr, t, dots, n, r, TRUE, s->px - r, s->py - r, s->pw + 2 * r, s->ph + 2 * r);

  /* Each axis named beside the middle of its outermost parallel edge. */
  for (int axis = 0; axis < 3; axis++)
    {
      double q[3], x = 0, y = 0, ox, oy, len, far = -1;
      char buf[64];
      for (int e = 0; e < 4; e++)
        {
          double ex, ey, d;
          q[axis] = 0;
          q[(axis + 1) % 3] = e & 1 ? 1 : -1;
          q[(axis + 2) % 3] = e & 2 ? 1 : -1;
          cube_to_screen (s, q, &ex, &ey, NULL);
          d = hypot (ex - s->sx0, ey - s->sy0);
          if (d > far + 1e-6)
            {
              far = d;
              x = ex;
              y = ey;
            }
        }
      ox = x - s->sx0;
      oy = y - s->sy0;
      len = hypot (ox, oy);
      if (len > 0)
        {
          x += ox / len * s->fs * 1.2;
          y += oy / len * s->fs * 1.2;
        }
      snprintf (buf, sizeof buf, "<i>a</i><sub>%d</sub><sup>[1]</sup>", axis + 1);
      nnp_text_draw (cr, buf, s->fs, NNP_TEXT_NORMAL, x, y, 0.5, 0.5, &t->fg);
    }
}

void
nnp_plot_hidden_space (cairo_t *cr, double width, double height,
                       const NnpPlotState *state, const NnpPlotStyle *style)
{
  NnpHiddenSpaceOptions defaults;
  const NnpHiddenSpaceOptions *o;
  NnpTheme t;
  Space s;
  char sub[160];
  double r;

  if (!nnp_figure_begin (cr, &t, width, height, state, style))
    return;
  o = options_of (state, &defaults);
  nnp_text_draw (cr, _("Hidden space"), t.fs * 1.15, NNP_TEXT_BOLD, width / 2, t.fs * 0.8, 0.5, 0, &t.fg);
  if (!space_build (&s, state))
    {
      nnp_text_draw (cr, _("No network with two inputs to show"), t.fs, NNP_TEXT_NORMAL,
                     width / 2, height / 2, 0.5, 0.5, &t.muted);
      space_clear (&s);
      cairo_restore (cr);
      return;
    }
  space_layout (&s, &t, width, height);

  if (s.kind == SPACE_CUBE)
    snprintf (sub, sizeof sub, _("Each point at its row of A[1]; the plane W[2] a + b[2] = 0 (drag to rotate)"));
  else if (s.pca)
    snprintf (sub, sizeof sub, _("First two principal components of A[1]; the boundary through the mean"));
  else if (!s.exact)
    snprintf (sub, sizeof sub, _("Units %d and %d; the other units at their mean"), s.ui + 1, s.uj + 1);
  else
    snprintf (sub, sizeof sub, _("Each point at its row of A[1]; the line W[2] a + b[2] = 0"));
  {
    /* shrunk to fit a narrow side pane */
    double sw = 0, size = t.fs * 0.8;
    nnp_text_extents (cr, sub, size, NNP_TEXT_NORMAL, &sw, NULL);
    if (sw > width - t.fs)
      size *= MAX ((width - t.fs) / sw, 0.4);
    nnp_text_draw (cr, sub, size, NNP_TEXT_NORMAL, width / 2, t.fs * 0.8 + t.fs * 1.6, 0.5, 0, &t.muted);
  }

  r = CLAMP (nnp_point_radius (&t, state, s.pw), 1.0, t.fs * 0.3);
  if (s.kind == SPACE_CUBE)
    draw_cube (cr, &t, state, o, &s, r);
  else
    draw_flat (cr, &t, state, o, &s, r);
  space_clear (&s);
  cairo_restore (cr);
}
