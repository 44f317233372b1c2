/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nnp-plot-hidden-space.c: the hidden-space figure's options, PCA of A[1] and the projection of each row onto the page (line, plane or cube). */
#define G_LOG_DOMAIN "nnplay-plot"
#include "config.h"

#include <math.h>
#include <string.h>
#include <gsl/gsl_eigen.h>

#include "nnp-plot-hidden-space-private.h"

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
  if (n < 2 || h < 2 || h > NNP_HIDDEN_SPACE_MAX_UNITS)
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
  if (C == NULL || V == NULL || eval == NULL || ws == NULL)
    {
      if (ws != NULL)
        gsl_eigen_symmv_free (ws);
      if (eval != NULL)
        gsl_vector_free (eval);
      if (V != NULL)
        gsl_matrix_free (V);
      if (C != NULL)
        gsl_matrix_free (C);
      return FALSE;
    }
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



void
nnp_space_clear (Space *s)
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
  /* Rows whose activations are not all finite (NaN or infinite inputs,
   * a diverged model) stay out of the PCA and the ranges. */
  for (size_t i = 0, kept = 0; i < n; i++)
    {
      gboolean finite = TRUE;
      nnp_model_hidden (m, ds->X + i * k * 2, A + kept * h);
      for (size_t j = 0; j < h && finite; j++)
        finite = isfinite (A[kept * h + j]);
      if (finite)
        *n_out = ++kept;
    }
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

const NnpHiddenSpaceOptions *
nnp_space_options (const NnpPlotState *state, NnpHiddenSpaceOptions *defaults)
{
  if (state->hidden_space != NULL)
    return state->hidden_space;
  nnp_hidden_space_options_init (defaults);
  return defaults;
}

/* u, v of a1 on the plane or line. */
void
nnp_space_plane_coords (const Space *s, const double *a1, double *u, double *v)
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

void
nnp_space_plane_to_screen (const Space *s, double u, double v, double *x, double *y)
{
  *x = s->px + (u - s->umin) / (s->umax - s->umin) * s->pw;
  *y = s->py + (s->vmax - v) / (s->vmax - s->vmin) * s->ph;
}

/* Screen position and nearness to the viewer of q (cube coordinates). */
void
nnp_space_cube_to_screen (const Space *s, const double *q, double *x, double *y, double *near)
{
  double xr = q[0] * s->cy_ - q[1] * s->sy_;
  double yr = q[0] * s->sy_ + q[1] * s->cy_;
  double up = q[2] * s->cp + yr * s->sp;

  *x = s->sx0 + s->scale * xr;
  *y = s->sy0 - s->scale * up;
  if (near)
    *near = -yr * s->cp + q[2] * s->sp;
}

void
nnp_space_to_cube (const Space *s, const double *a1, double *q)
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

void
nnp_space_map (const Space *s, const double *a1, size_t index, double label, double *x, double *y, double *near)
{
  if (s->kind == SPACE_CUBE)
    {
      double q[3];
      nnp_space_to_cube (s, a1, q);
      nnp_space_cube_to_screen (s, q, x, y, near);
      return;
    }
  double u, v;
  nnp_space_plane_coords (s, a1, &u, &v);
  if (s->kind == SPACE_LINE)
    v = (label == 1 ? 0.68 : 0.32) + 0.11 * jitter (index);
  nnp_space_plane_to_screen (s, u, v, x, y);
  if (near)
    *near = 0;
}

/* Sets up s (everything but the layout) from the model and the data.
 * FALSE when there is nothing to show. */
gboolean
nnp_space_build (Space *s, const NnpPlotState *state)
{
  NnpHiddenSpaceOptions defaults;
  const NnpHiddenSpaceOptions *o = nnp_space_options (state, &defaults);
  const NnpModel *m = state->model;
  size_t n = 0, stride = 1, h;
  g_autofree double *A = NULL;
  NnpHiddenSpaceMode mode;

  memset (s, 0, sizeof *s);
  if (!nnp_model_is_planar (m) || m->theta->h > NNP_HIDDEN_SPACE_MAX_UNITS)
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
      if (!nnp_hidden_space_pca (A, n, h, s->c, pc, s->explained))
        {
          memset (pc, 0, 2 * h * sizeof (double));   /* out of memory: a point */
          pc[0] = pc[h + 1] = 1.0;
        }
      memcpy (s->e1, pc, h * sizeof (double));
      memcpy (s->e2, pc + h, h * sizeof (double));
      for (size_t i = 0; i < n; i++)
        {
          double u, v;
          nnp_space_plane_coords (s, A + i * h, &u, &v);
          if (!isfinite (u) || !isfinite (v))
            continue;
          lo[0] = MIN (lo[0], u);
          hi[0] = MAX (hi[0], u);
          lo[1] = MIN (lo[1], v);
          hi[1] = MAX (hi[1], v);
        }
      /* One scale for both components (the square shows them in the
       * same units): a second component with a few per cent of the
       * variance is drawn that thin, not stretched to a cloud. */
      double common = MAX (hi[0] - lo[0], hi[1] - lo[1]);
      for (int k = 0; k < 2; k++)
        {
          double span = common, mid = (hi[k] + lo[k]) / 2;
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

void
nnp_space_layout (Space *s, const NnpTheme *t, double width, double height)
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
      s->head_dy = (ah - s->ph) / 2;
      s->py = top + s->head_dy;
      return;
    }
  side = MIN (aw, ah);
  s->pw = s->ph = side;
  s->px = left + (aw - side) / 2;
  s->head_dy = (ah - side) / 2;
  s->py = top + s->head_dy;
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
  ok = nnp_space_build (&s, state);
  if (ok)
    {
      nnp_space_layout (&s, &t, width, height);
      nnp_space_map (&s, a1, 0, 1, x, y, NULL);
    }
  nnp_space_clear (&s);
  return ok;
}

/* ---- Drawing. ------------------------------------------------------------ */
