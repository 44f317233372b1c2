/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nnp-kernels.c: the workspace, the grid evaluators, the FMA limit and the choice of ISA variant. */
/* clock_gettime under -std=c17, for the FMA limit's nanosecond timing */
#define _POSIX_C_SOURCE 200809L
#define G_LOG_DOMAIN "nnplay-engine"
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <glib.h>

#include "nnp-kernels-private.h"

NnpWorkspace *
nnp_workspace_alloc (size_t h)
{
  if (h == 0 || h > (SIZE_MAX / sizeof (double)) / T / 2)
    return NULL;
  NnpWorkspace *ws = calloc (1, sizeof *ws);
  if (ws == NULL)
    return NULL;
  ws->h = h;
  /* one block: A1's h rows, then Z1, z2, dz2, loss, ybuf (see
   * nnp-kernels-private.h) */
  double *b = workspace_rows (h + 5);
  if (b == NULL)
    {
      free (ws);
      return NULL;
    }
  ws->block = b;
  ws->A1 = b;
  ws->Z1 = b + h * T;
  ws->z2 = ws->Z1 + T;
  ws->dz2 = ws->z2 + T;
  ws->loss = ws->dz2 + T;
  ws->ybuf = ws->loss + T;
  return ws;
}

void
nnp_workspace_free (NnpWorkspace *ws)
{
  if (ws == NULL)
    return;
  free (ws->block);
  free (ws->xt_block);
  free (ws);
}

static inline __attribute__((always_inline)) void
eval_grid_body (double *a2, double *a1, const NnpModel *m, const NnpGrid *grid,
                const NnpActivation act)
{
  enum { C = 256 };
  const NnpParams *p = m->theta;
  const size_t h = p->h, nx = grid->nx, ny = grid->ny;
  const double *W1 = p->W1.matrix.data;
  const double *b1 = p->b1.vector.data;
  const double *W2 = p->W2.matrix.data;
  const double b2 = *p->b2;
  const double dx = (grid->xmax - grid->xmin) / (double) nx;
  const double dy = (grid->ymax - grid->ymin) / (double) ny;
  double x1[C], z2[C], a[C];

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
              const double w0 = W1[j * 2], v = W2[j];
              const double base = b1[j] + W1[j * 2 + 1] * x2;
              for (size_t c = 0; c < nc; c++)
                {
                  a[c] = act_one (act, base + w0 * x1[c]);
                  z2[c] += v * a[c];
                }
              if (a1 != NULL)
                memcpy (a1 + j * nx * ny + r * nx + c0, a, nc * sizeof (double));
            }
          double *out = a2 + r * nx + c0;
          for (size_t c = 0; c < nc; c++)
            out[c] = nnp_sigmoid (z2[c]);
        }
    }
}

static inline __attribute__((always_inline)) void
eval_grid_any (double *a2, double *a1, const NnpModel *m, const NnpGrid *grid)
{
  switch (m->act)
    {
    case NNP_ACT_SIGMOID:
      eval_grid_body (a2, a1, m, grid, NNP_ACT_SIGMOID);
      break;
    case NNP_ACT_TANH:
      eval_grid_body (a2, a1, m, grid, NNP_ACT_TANH);
      break;
    case NNP_ACT_RELU:
    default:
      eval_grid_body (a2, a1, m, grid, NNP_ACT_RELU);
      break;
    }
}

static inline __attribute__((always_inline)) float
act_onef (NnpActivation act, float z)
{
  switch (act)
    {
    case NNP_ACT_SIGMOID: return nnp_sigmoidf (z);
    case NNP_ACT_TANH: return nnp_tanhf (z);
    case NNP_ACT_RELU:
    default: return z > 0.0f ? z : 0.0f;
    }
}

/* z2 = b2 + sum_j W2_j g(b1_j + W1_j . x) at the grid's cell centres, in
 * float: eight lanes to a 256-bit vector instead of four. */
static inline __attribute__((always_inline)) void
eval_logit_body (float *z2out, const NnpModel *m, const NnpGrid *grid, const NnpActivation act)
{
  enum { C = 512 };
  const NnpParams *p = m->theta;
  const size_t h = p->h, nx = grid->nx, ny = grid->ny;
  const double dx = (grid->xmax - grid->xmin) / (double) nx;
  const double dy = (grid->ymax - grid->ymin) / (double) ny;
  float x1[C], z2[C];

  for (size_t r = 0; r < ny; r++)
    {
      const double x2 = grid->ymax - ((double) r + 0.5) * dy;
      for (size_t c0 = 0; c0 < nx; c0 += C)
        {
          const size_t nc = nx - c0 < C ? nx - c0 : C;
          /* x1 relative to the chunk's first cell, so float keeps its
           * digits however far the view is from the origin */
          const double x1_0 = grid->xmin + ((double) c0 + 0.5) * dx;
          for (size_t c = 0; c < nc; c++)
            {
              x1[c] = (float) ((double) c * dx);
              z2[c] = (float) *p->b2;
            }
          for (size_t j = 0; j < h; j++)
            {
              const double w0d = gsl_matrix_get (&p->W1.matrix, j, 0);
              const float w0 = (float) w0d, v = (float) gsl_matrix_get (&p->W2.matrix, 0, j);
              const float base = (float) (gsl_vector_get (&p->b1.vector, j)
                                          + gsl_matrix_get (&p->W1.matrix, j, 1) * x2 + w0d * x1_0);
              for (size_t c = 0; c < nc; c++)
                z2[c] += v * act_onef (act, base + w0 * x1[c]);
            }
          memcpy (z2out + r * nx + c0, z2, nc * sizeof (float));
        }
    }
}

static inline __attribute__((always_inline)) void
eval_logit_any (float *z2, const NnpModel *m, const NnpGrid *grid)
{
  switch (m->act)
    {
    case NNP_ACT_SIGMOID:
      eval_logit_body (z2, m, grid, NNP_ACT_SIGMOID);
      break;
    case NNP_ACT_TANH:
      eval_logit_body (z2, m, grid, NNP_ACT_TANH);
      break;
    case NNP_ACT_RELU:
    default:
      eval_logit_body (z2, m, grid, NNP_ACT_RELU);
      break;
    }
}

/* The FMA limit: twelve independent chains of acc = acc * a + b on
 * vectors of the variant's width (V lanes), enough to keep both FMA pipes
 * of a core busy whatever their latency. Returns the sum so the loop is
 * not dropped; *lanes gets V. */
typedef double v8d __attribute__ ((vector_size (64)));

#define FMA_LOOP(VT, V)                                                   \
  enum { K = 12 };                                                        \
  VT acc[K], a, b;                                                        \
  for (int l = 0; l < V; l++)                                             \
    {                                                                     \
      a[l] = 0.9999999;                                                   \
      b[l] = 1e-9;                                                        \
      for (int k = 0; k < K; k++)                                         \
        acc[k][l] = 1.0 + k * 0.01 + l * 0.001;                           \
    }                                                                     \
  for (size_t i = 0; i < iters; i++)                                      \
    for (int k = 0; k < K; k++)                                           \
      acc[k] = acc[k] * a + b;  /* no reassociation: every FMA stays */   \
  double s = 0.0;                                                         \
  for (int k = 0; k < K; k++)                                             \
    for (int l = 0; l < V; l++)                                           \
      s += acc[k][l];                                                     \
  *lanes = V * K;                                                         \
  return s;

#define FMA_ARGS size_t iters, int *lanes
#define LOGIT_ARGS float *z2, const NnpModel *m, const NnpGrid *grid
#define LOGIT_PASS z2, m, grid
#define GRID_ARGS double *a2, double *a1, const NnpModel *m, const NnpGrid *grid
#define GRID_PASS a2, a1, m, grid

/* Built alone (the ThreadSanitizer test does), this file carries the
 * training kernel too. */
#ifndef NNP_FB_ELSEWHERE
#define NNP_FB_INCLUDED_FROM_KERNELS 1
#include "nnp-kernels-fb.c"
#endif

static void grid_base (GRID_ARGS) { eval_grid_any (GRID_PASS); }
static void logit_base (LOGIT_ARGS) { eval_logit_any (LOGIT_PASS); }
static double fma_base (FMA_ARGS) { FMA_LOOP (v4d, 4) }

#if NNP_DISPATCH
NNP_TARGET_V3 static void grid_v3 (GRID_ARGS) { eval_grid_any (GRID_PASS); }
NNP_TARGET_V4 static void grid_v4 (GRID_ARGS) { eval_grid_any (GRID_PASS); }
NNP_TARGET_V3 static void logit_v3 (LOGIT_ARGS) { eval_logit_any (LOGIT_PASS); }
NNP_TARGET_V4 static void logit_v4 (LOGIT_ARGS) { eval_logit_any (LOGIT_PASS); }
NNP_TARGET_V3 static double fma_v3 (FMA_ARGS) { FMA_LOOP (v4d, 4) }
NNP_TARGET_V4 static double fma_v4 (FMA_ARGS) { FMA_LOOP (v8d, 8) }
#endif

typedef void (*FbFunc) (FB_ARGS);
typedef void (*GridFunc) (GRID_ARGS);
typedef void (*LogitFunc) (LOGIT_ARGS);
typedef double (*FmaFunc) (FMA_ARGS);

typedef struct {
  const char *name;
  FbFunc fb;
  GridFunc grid;
  LogitFunc logit;
  FmaFunc fma;
} KernelSet;

static const KernelSet kernel_sets[] = {
  { "base", nnp_kernel_fb_base, grid_base, logit_base, fma_base },
#if NNP_DISPATCH
  { "avx2", nnp_kernel_fb_v3, grid_v3, logit_v3, fma_v3 },
  { "avx512", nnp_kernel_fb_v4, grid_v4, logit_v4, fma_v4 },
#endif
};

static int
isa_supported (int i)
{
#if NNP_DISPATCH
  __builtin_cpu_init ();
  int v3 = __builtin_cpu_supports ("avx2") && __builtin_cpu_supports ("fma")
           && __builtin_cpu_supports ("bmi2");
  int v4 = v3 && __builtin_cpu_supports ("avx512f") && __builtin_cpu_supports ("avx512vl")
           && __builtin_cpu_supports ("avx512bw") && __builtin_cpu_supports ("avx512dq");
  return i == 0 || (i == 1 && v3) || (i == 2 && v4);
#else
  return i == 0;
#endif
}

/* The best variant the CPU runs, or the one NNP_KERNEL_ISA names if the
 * CPU runs it. Chosen once; a race only repeats the same choice. */
static const KernelSet *
kernels (void)
{
  static const KernelSet *chosen;
  const KernelSet *k = __atomic_load_n (&chosen, __ATOMIC_ACQUIRE);
  if (k != NULL)
    return k;
  const int count = (int) (sizeof kernel_sets / sizeof kernel_sets[0]);
  const char *want = getenv ("NNP_KERNEL_ISA");
  int pick = 0;
  for (int i = 0; i < count; i++)
    if (isa_supported (i))
      pick = i;
  if (want != NULL)
    for (int i = 0; i < count; i++)
      if (strcmp (want, kernel_sets[i].name) == 0 && isa_supported (i))
        pick = i;
  k = &kernel_sets[pick];
  __atomic_store_n (&chosen, k, __ATOMIC_RELEASE);
  return k;
}

const char *
nnp_kernel_isa (void)
{
  return kernels ()->name;
}

void
nnp_forward_backward (FB_ARGS)
{
  /* non-finite parameters: the cost is NaN, as the IEEE kernel gave */
  if (!nnp_params_all_finite (m->theta))
    {
      if (grads != NULL)
        for (size_t i = 0; i < grads->size; i++)
          grads->block[i] = NAN;
      if (eval != NULL)
        *eval = (NnpEval) { NAN, 0, n };
      return;
    }
  kernels ()->fb (FB_PASS);
}

NnpStatus
nnp_model_eval_grid (GRID_ARGS)
{
  if (a2 == NULL || m == NULL || grid == NULL || m->theta->d != 2 || grid->nx == 0 || grid->ny == 0)
    return NNP_EINVAL;
  kernels ()->grid (GRID_PASS);
  return NNP_OK;
}

NnpStatus
nnp_model_eval_grid_logitf (LOGIT_ARGS)
{
  if (z2 == NULL || m == NULL || grid == NULL || m->theta->d != 2 || grid->nx == 0 || grid->ny == 0)
    return NNP_EINVAL;
  kernels ()->logit (LOGIT_PASS);
  return NNP_OK;
}

static double
now_seconds (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (double) ts.tv_sec + ts.tv_nsec * 1e-9;
}

double
nnp_kernel_fma_rate (double seconds)
{
  const KernelSet *k = kernels ();
  const size_t iters = 50000;   /* 2.4M lane-FMAs with AVX2: ~0.1 ms */
  double best = 0.0, sink = 0.0;
  const double start = now_seconds ();
  do
    {
      /* timed in nanoseconds: at the microsecond a 0.08 ms chunk reads
       * 80, 81 or 82 us, a step of 1.2% in the limit */
      const double t0 = now_seconds ();
      int lanes = 0;
      sink += k->fma (iters, &lanes);
      const double dt = now_seconds () - t0;
      if (dt > 0.0)
        best = MAX (best, (double) iters * lanes / dt);
    }
  while (now_seconds () - start < seconds);
  volatile double keep = sink;   /* the loops' results are used */
  (void) keep;
  return best;
}
