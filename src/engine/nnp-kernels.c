/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nnp-kernels.c: the fused, tiled forward/backward pass and the grid evaluator. */
#define G_LOG_DOMAIN "nnplay-engine"
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <nnplay/nnp-train.h>
#include "nnp-vmath.h"

/* Compiled twice on x86-64, for the baseline and for AVX2+FMA, chosen at
 * load time; everything inside is always_inline so it takes the clone's ISA. */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && !defined(__SANITIZE_THREAD__)
#define NNP_MULTIVERSION __attribute__((target_clones ("default", "arch=haswell")))
#else
#define NNP_MULTIVERSION
#endif

#define T NNP_TILE_ROWS

struct NnpWorkspace
{
  size_t h;
  double *Z1;     /* T x h, the tile of Z1, then of dZ1 */
  double *A1;     /* T x h */
  double *z2;     /* T */
  double *dz2;    /* T */
  double *xt;     /* T x d, gathered rows, allocated on demand */
  size_t xt_d;
  double *W1T;    /* d x h, W1 transposed so inner loops run over units */
  double *dW1T;   /* d x h */
  size_t wt_d;
};

NnpWorkspace *
nnp_workspace_alloc (size_t h)
{
  if (h == 0 || h > (SIZE_MAX / sizeof (double)) / T / 2)
    return NULL;
  NnpWorkspace *ws = calloc (1, sizeof *ws);
  if (ws == NULL)
    return NULL;
  ws->h = h;
  ws->Z1 = malloc (T * h * sizeof (double));
  ws->A1 = malloc (T * h * sizeof (double));
  ws->z2 = malloc (T * sizeof (double));
  ws->dz2 = malloc (T * sizeof (double));
  if (!ws->Z1 || !ws->A1 || !ws->z2 || !ws->dz2)
    {
      nnp_workspace_free (ws);
      return NULL;
    }
  return ws;
}

void
nnp_workspace_free (NnpWorkspace *ws)
{
  if (ws == NULL)
    return;
  free (ws->Z1);
  free (ws->A1);
  free (ws->z2);
  free (ws->dz2);
  free (ws->xt);
  free (ws->W1T);
  free (ws->dW1T);
  free (ws);
}

/* Buffers that depend on d: grown once, then reused (no allocation per epoch
 * once the shapes are known). Returns 0 on OOM. */
static int
workspace_reserve_d (NnpWorkspace *ws, size_t d)
{
  if (ws->wt_d >= d)
    return 1;
  double *a = realloc (ws->W1T, d * ws->h * sizeof (double));
  if (a == NULL)
    return 0;
  ws->W1T = a;
  double *b = realloc (ws->dW1T, d * ws->h * sizeof (double));
  if (b == NULL)
    return 0;
  ws->dW1T = b;
  double *c = realloc (ws->xt, T * d * sizeof (double));
  if (c == NULL)
    return 0;
  ws->xt = c;
  ws->wt_d = d;
  ws->xt_d = d;
  return 1;
}

/* A1 = g(Z1) over a contiguous run */
static inline __attribute__((always_inline)) void
act_forward (double *restrict A, const double *restrict Z, size_t len, NnpActivation act)
{
  switch (act)
    {
    case NNP_ACT_SIGMOID:
      for (size_t i = 0; i < len; i++)
        A[i] = nnp_sigmoid (Z[i]);
      break;
    case NNP_ACT_TANH:
      for (size_t i = 0; i < len; i++)
        A[i] = tanh (Z[i]);
      break;
    case NNP_ACT_RELU:
    default:
      for (size_t i = 0; i < len; i++)
        A[i] = Z[i] > 0.0 ? Z[i] : 0.0;
      break;
    }
}

/* g'(Z1) from A1 (and Z1 for ReLU): sigmoid a(1-a), tanh 1-a^2, ReLU [z > 0] */
static inline __attribute__((always_inline)) double
act_grad (NnpActivation act, double a, double z)
{
  switch (act)
    {
    case NNP_ACT_SIGMOID: return a * (1.0 - a);
    case NNP_ACT_TANH: return 1.0 - a * a;
    case NNP_ACT_RELU:
    default: return z > 0.0 ? 1.0 : 0.0;
    }
}

NNP_MULTIVERSION void
nnp_forward_backward (NnpParams *grads, NnpEval *eval,
                      const double *X, const double *y, const size_t *idx, size_t n,
                      const NnpModel *m, NnpWorkspace *ws)
{
  const NnpParams *p = m->theta;
  const size_t d = p->d, h = p->h;
  const NnpActivation act = m->act;
  const double *W1 = p->W1.matrix.data;
  const double *b1 = p->b1.vector.data;
  const double *W2 = p->W2.matrix.data;
  const double b2 = *p->b2;

  if (eval != NULL)
    *eval = (NnpEval) { 0.0, 0, n };
  if (ws == NULL || ws->h != h || n == 0 || !workspace_reserve_d (ws, d))
    {
      if (eval != NULL)
        eval->cost = NAN;
      return;
    }

  double *restrict W1T = ws->W1T;
  double *restrict dW1T = ws->dW1T;
  for (size_t j = 0; j < h; j++)
    for (size_t k = 0; k < d; k++)
      W1T[k * h + j] = W1[j * d + k];

  double *dW1 = NULL, *db1 = NULL, *dW2 = NULL, db2 = 0.0;
  if (grads != NULL)
    {
      memset (grads->block, 0, grads->size * sizeof (double));
      memset (dW1T, 0, d * h * sizeof (double));
      dW1 = grads->W1.matrix.data;
      db1 = grads->b1.vector.data;
      dW2 = grads->W2.matrix.data;
    }

  const double inv_n = 1.0 / (double) n;
  double cost = 0.0;
  size_t correct = 0;

  for (size_t r0 = 0; r0 < n; r0 += T)
    {
      const size_t nt = n - r0 < T ? n - r0 : T;
      double *restrict Z = ws->Z1;
      double *restrict A = ws->A1;
      double *restrict z2 = ws->z2;
      double *restrict dz2 = ws->dz2;
      const double *restrict xt;
      double yt[T];

      if (idx != NULL)
        {
          double *g = ws->xt;
          for (size_t r = 0; r < nt; r++)
            {
              memcpy (g + r * d, X + idx[r0 + r] * d, d * sizeof (double));
              yt[r] = y[idx[r0 + r]];
            }
          xt = g;
        }
      else
        {
          xt = X + r0 * d;
          memcpy (yt, y + r0, nt * sizeof (double));
        }

      /* Z1 = 1 b1^T + X W1^T   (nt x h) */
      for (size_t r = 0; r < nt; r++)
        {
          double *restrict zr = Z + r * h;
          for (size_t j = 0; j < h; j++)
            zr[j] = b1[j];
          for (size_t k = 0; k < d; k++)
            {
              const double xk = xt[r * d + k];
              const double *restrict wk = W1T + k * h;
              for (size_t j = 0; j < h; j++)
                zr[j] += xk * wk[j];
            }
        }

      /* A1 = g(Z1) */
      act_forward (A, Z, nt * h, act);

      /* Z2 = b2 + A1 W2^T   (nt x 1) */
      for (size_t r = 0; r < nt; r++)
        {
          const double *restrict ar = A + r * h;
          double s = b2;
          for (size_t j = 0; j < h; j++)
            s += ar[j] * W2[j];
          z2[r] = s;
        }

      /* Loss_i = softplus(s_i) with s_i = -z_i for y_i = 1 and z_i for y_i = 0,
       * i.e. -log a or -log(1 - a) without ever forming log(0).
       * a2 = sigma(z) from the same e = exp(-|z|). dZ2 = (A2 - Y) / n. */
      double tile_cost = 0.0;
      size_t tile_correct = 0;
      for (size_t r = 0; r < nt; r++)
        {
          const double z = z2[r], yr = yt[r];
          const double az = fabs (z);
          const double e = nnp_exp (-az);
          const double s = yr > 0.5 ? -z : z;
          tile_cost += (s > 0.0 ? s : 0.0) + nnp_log1p_unit (e);
          const double inv = 1.0 / (1.0 + e);
          const double a2 = z >= 0.0 ? inv : e * inv;
          dz2[r] = (a2 - yr) * inv_n;
          tile_correct += (z >= 0.0) == (yr > 0.5);
        }
      cost += tile_cost;
      correct += tile_correct;

      if (grads == NULL)
        continue;

      for (size_t r = 0; r < nt; r++)
        {
          const double g2 = dz2[r];
          const double *restrict ar = A + r * h;
          double *restrict zr = Z + r * h;     /* becomes the row of dZ1 */
          /* db2 = dZ2^T 1,  dW2 = dZ2^T A1 */
          db2 += g2;
          for (size_t j = 0; j < h; j++)
            dW2[j] += g2 * ar[j];
          /* dZ1 = dZ2 W2 o g'(Z1) */
          for (size_t j = 0; j < h; j++)
            zr[j] = g2 * W2[j] * act_grad (act, ar[j], zr[j]);
          /* db1 = dZ1^T 1,  dW1 = dZ1^T X  (accumulated transposed, d x h) */
          for (size_t j = 0; j < h; j++)
            db1[j] += zr[j];
          for (size_t k = 0; k < d; k++)
            {
              const double xk = xt[r * d + k];
              double *restrict gk = dW1T + k * h;
              for (size_t j = 0; j < h; j++)
                gk[j] += zr[j] * xk;
            }
        }
    }

  if (grads != NULL)
    {
      for (size_t j = 0; j < h; j++)
        for (size_t k = 0; k < d; k++)
          dW1[j * d + k] = dW1T[k * h + j];
      *grads->b2 = db2;
    }
  if (eval != NULL)
    {
      eval->cost = cost * inv_n;
      eval->correct = correct;
    }
}

NNP_MULTIVERSION NnpStatus
nnp_model_eval_grid (double *a2, double *a1, const NnpModel *m, const NnpGrid *grid)
{
  if (a2 == NULL || m == NULL || grid == NULL || m->theta->d != 2 || grid->nx == 0 || grid->ny == 0)
    return NNP_EINVAL;

  enum { C = 128 };
  const NnpParams *p = m->theta;
  const size_t h = p->h, nx = grid->nx, ny = grid->ny;
  const double *W1 = p->W1.matrix.data;
  const double *b1 = p->b1.vector.data;
  const double *W2 = p->W2.matrix.data;
  const double b2 = *p->b2;
  const double dx = (grid->xmax - grid->xmin) / (double) nx;
  const double dy = (grid->ymax - grid->ymin) / (double) ny;
  double x1[C], z[C], a[C], z2[C];

  for (size_t r = 0; r < ny; r++)
    {
      const double x2 = grid->ymax - ((double) r + 0.5) * dy;
      for (size_t c0 = 0; c0 < nx; c0 += C)
        {
          const size_t nc = nx - c0 < C ? nx - c0 : C;
          for (size_t c = 0; c < nc; c++)
            {
              x1[c] = grid->xmin + ((double) (c0 + c) + 0.5) * dx;
              z2[c] = b2;
            }
          for (size_t j = 0; j < h; j++)
            {
              const double w0 = W1[j * 2], w1 = W1[j * 2 + 1];
              const double base = b1[j] + w1 * x2;
              for (size_t c = 0; c < nc; c++)
                z[c] = base + w0 * x1[c];
              act_forward (a, z, nc, m->act);
              const double v = W2[j];
              for (size_t c = 0; c < nc; c++)
                z2[c] += v * a[c];
              if (a1 != NULL)
                memcpy (a1 + j * nx * ny + r * nx + c0, a, nc * sizeof (double));
            }
          double *out = a2 + r * nx + c0;
          for (size_t c = 0; c < nc; c++)
            out[c] = nnp_sigmoid (z2[c]);
        }
    }
  return NNP_OK;
}
