/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nnp-kernels-private.h: what the fused training kernel and the grid kernels share: ISA variants, tiles, vector helpers, the tile body (engine-private). */
#pragma once

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <nnplay/nnp-train.h>
#include "nnp-vmath.h"

/* On x86-64 the kernels are compiled three times, for the baseline, for
 * AVX2+FMA (x86-64-v3) and for AVX-512 with 512-bit vectors (x86-64-v4),
 * with target attributes that GCC and clang both take; the first call
 * picks one from the CPU (or from NNP_KERNEL_ISA=base|avx2|avx512, to
 * measure a variant). Everything inside is always_inline so it takes the
 * variant's ISA. Sanitizer builds keep the baseline only
 * (nnp-isa-private.h). */
#include "nnp-isa-private.h"

#define T NNP_TILE_ROWS

/* Tiles are unit-major (h x T): every inner loop runs over up to T rows,
 * long and contiguous, so it vectorises.
 *
 * Every buffer starts on a 2 KiB boundary: T rows of doubles are 2 KiB,
 * so one page-aligned block holds them back to back. A load whose
 * address matches an older, still pending store's in the low 12 bits
 * waits for it on Intel cores ("4K aliasing"), and the loops below store
 * one buffer while they load another at the same row. With all buffers
 * at the same offset (mod 2 KiB) a load can only match a store 2 KiB
 * (64 four-row steps) back, long retired; malloc's offsets had put
 * stores one or two steps behind the loads they blocked. */
_Static_assert (T * sizeof (double) == 2048, "the buffers' alignment assumes 2 KiB rows");

struct NnpWorkspace
{
  size_t h;
  double *Z1;     /* T: one column of Z1, then of dZ1 */
  double *A1;     /* h x T: A1^T */
  double *z2;     /* T */
  double *dz2;    /* T */
  double *loss;   /* T */
  double *ybuf;   /* T: the tile's labels when rows are picked by index */
  double *XT;     /* d x T: the tile's rows of X, transposed */
  size_t xt_d;
  void *block, *xt_block;   /* what was allocated */
};

/* n rows of T doubles, page-aligned; NULL on overflow or OOM. */
static inline double *
workspace_rows (size_t n)
{
  const size_t row = T * sizeof (double);
  if (n == 0 || n > (SIZE_MAX - 4096) / row)
    return NULL;
  return aligned_alloc (4096, (n * row + 4095) / 4096 * 4096);
}

/* The d-dependent buffer: grown once, then reused, so an epoch allocates
 * nothing once the shapes are known. Returns 0 on OOM. */
static inline int
workspace_reserve_d (NnpWorkspace *ws, size_t d)
{
  if (ws->xt_d >= d)
    return 1;
  double *block = workspace_rows (d);
  if (block == NULL)
    return 0;
  free (ws->xt_block);
  ws->xt_block = block;
  ws->XT = block;
  ws->xt_d = d;
  return 1;
}

/* Four-lane sums in a fixed order: vectorised without -ffast-math. */
typedef double v4d __attribute__ ((vector_size (32)));
typedef long long v4di __attribute__ ((vector_size (32)));

static inline __attribute__((always_inline)) v4d
load4 (const double *p)
{
  v4d v;
  memcpy (&v, p, sizeof v);
  return v;
}

static inline __attribute__((always_inline)) void
store4 (double *p, v4d v)
{
  memcpy (p, &v, sizeof v);
}

/* lane by lane, the larger of m and |a| (m where a is NaN) */
static inline __attribute__((always_inline)) v4d
max_abs4 (v4d m, v4d a)
{
  const v4di x = (v4di) a & (v4di) { INT64_MAX, INT64_MAX, INT64_MAX, INT64_MAX };
  const v4di gt = (v4d) x > m;
  return (v4d) ((gt & x) | (~gt & (v4di) m));
}

static inline __attribute__((always_inline)) double
hsum4 (v4d v)
{
  return (v[0] + v[1]) + (v[2] + v[3]);
}

/* sum_r a[r] b[r]: two four-lane accumulators, so two FMA chains run
 * at once instead of each add waiting for the last */
static inline __attribute__((always_inline)) double
dot_lanes (const double *a, const double *b, size_t n)
{
  v4d acc = { 0.0, 0.0, 0.0, 0.0 }, acc2 = acc;
  size_t r = 0;
  for (; r + 8 <= n; r += 8)
    {
      acc += load4 (a + r) * load4 (b + r);
      acc2 += load4 (a + r + 4) * load4 (b + r + 4);
    }
  for (; r + 4 <= n; r += 4)
    acc += load4 (a + r) * load4 (b + r);
  double s = hsum4 (acc + acc2);
  for (; r < n; r++)
    s += a[r] * b[r];
  return s;
}

/* g(z) */
static inline __attribute__((always_inline)) double
act_one (NnpActivation act, double z)
{
  switch (act)
    {
    case NNP_ACT_SIGMOID: return nnp_sigmoid (z);
    case NNP_ACT_TANH: return nnp_tanh (z);
    case NNP_ACT_RELU:
    default: return z > 0.0 ? z : 0.0;
    }
}

/* g'(Z1) from A1 alone: sigmoid a (1 - a), tanh 1 - a^2, ReLU [a > 0]
 * (a > 0 exactly when z > 0), so Z1 need not be kept. */
static inline __attribute__((always_inline)) double
act_grad (NnpActivation act, double a)
{
  switch (act)
    {
    case NNP_ACT_SIGMOID: return a * (1.0 - a);
    case NNP_ACT_TANH: return 1.0 - a * a;
    case NNP_ACT_RELU:
    default: return a > 0.0 ? 1.0 : 0.0;
    }
}

/* sum_r v[r], two four-lane accumulators */
static inline __attribute__((always_inline)) double
sum_lanes (const double *v, size_t n)
{
  v4d acc = { 0.0, 0.0, 0.0, 0.0 }, acc2 = acc;
  size_t r = 0;
  for (; r + 8 <= n; r += 8)
    {
      acc += load4 (v + r);
      acc2 += load4 (v + r + 4);
    }
  for (; r + 4 <= n; r += 4)
    acc += load4 (v + r);
  double s = hsum4 (acc + acc2);
  for (; r < n; r++)
    s += v[r];
  return s;
}

/* max_r |v[r]|, 0 for n = 0; NaN is not expected (the data are finite)
 * and would at worst make the caller take its clamped path. */
static inline __attribute__((always_inline)) double
max_abs (const double *v, size_t n)
{
  double m = 0.0;
  for (size_t r = 0; r < n; r++)
    {
      const double a = fabs (v[r]);
      m = a > m ? a : m;
    }
  return m;
}

/* exp's range reduction of -z1 (sigmoid) or -2|z1| (tanh) for one unit
 * over a tile, z1 = b + w0 x0 + w1 x1: the reduced argument into red,
 * 2^k (with z1's sign, for tanh) into scale. Inlined twice, with and
 * without exp's clamps: when |b| + |w0| max|x0| + |w1| max|x1| keeps the
 * argument inside [-700, 700] the clamps change nothing, and leaving them
 * out saves two of the 30 operations per row and unit. */
static inline __attribute__((always_inline)) void
hidden_reduce (double *restrict red, double *restrict scale, const double *restrict x0,
               const double *restrict x1, size_t nt, double b, double w0, double w1,
               const NnpExpK *K, const NnpActivation act, const int clamp)
{
  for (size_t r = 0; r < nt; r++)
    {
      const double z = b + w0 * x0[r] + w1 * x1[r];
      double sc;
      if (act == NNP_ACT_TANH)
        {
          red[r] = clamp ? nnp_exp_reduce_nonpos_k (K, -2.0 * fabs (z), &sc)
                         : nnp_exp_reduce_unclamped_k (K, -2.0 * fabs (z), &sc);
          scale[r] = copysign (sc, z);
        }
      else
        {
          red[r] = clamp ? nnp_exp_reduce_k (K, -z, &sc) : nnp_exp_reduce_unclamped_k (K, -z, &sc);
          scale[r] = sc;
        }
    }
}

/* dZ1's row j over four rows, without W2_j: g2 g'(z) from dZ2 = g2, A1 = a
 * and t = g2 a (which dW2 sums anyway): sigmoid t - t a, tanh g2 - t a,
 * ReLU g2 [a > 0]. One operation where g2 W2_j g'(z) took four; the
 * sums it feeds are multiplied by W2_j once, after the tile. */
static inline __attribute__((always_inline)) v4d
dz1_unscaled (NnpActivation act, v4d g2, v4d a, v4d t)
{
  switch (act)
    {
    case NNP_ACT_SIGMOID: return t - t * a;
    case NNP_ACT_TANH: return g2 - t * a;
    case NNP_ACT_RELU:
    default:
      {
        v4d g;
        for (int l = 0; l < 4; l++)
          g[l] = a[l] > 0.0 ? g2[l] : 0.0;
        return g;
      }
    }
}

/* A quarter (part 0..3) of the next tile's rows of X and y, towards
 * L1, when the rows are read in order (idx NULL, d = 2). The tile body
 * asks for the four quarters between its phases, so that the next tile's
 * rows come in while this one computes: the hardware's prefetcher
 * follows demand loads only, and there are none between one tile's
 * transposition and the next. All 96 lines at once had filled the
 * core's miss buffers and stalled the loads behind them (no gain, README
 * "Huge pages for the data"); a quarter at each phase took 6-13% off an
 * epoch at n = 1M, h = 2 (with huge pages), and costs rows in cache
 * about 1%. */
static inline __attribute__((always_inline)) void
prefetch_part (const double *X, const double *y, size_t r0, size_t n, int part)
{
  const size_t next = r0 + T;
  if (next + T > n)
    return;
  const char *px = (const char *) (X + next * 2) + part * (2 * T * sizeof (double) / 4);
  const char *py = (const char *) (y + next) + part * (T * sizeof (double) / 4);
  for (size_t b = 0; b < 2 * T * sizeof (double) / 4; b += 64)
    __builtin_prefetch (px + b, 0, 3);
  for (size_t b = 0; b < T * sizeof (double) / 4; b += 64)
    __builtin_prefetch (py + b, 0, 3);
}

/* The body, inlined once per activation so that act is a constant and the
 * switches in act_one/act_grad vanish from the inner loops. */
static inline __attribute__((always_inline)) void
forward_backward_body (NnpParams *grads, NnpEval *eval,
                       const double *X, const double *y, const size_t *idx, size_t n,
                       const NnpModel *m, NnpWorkspace *ws, const NnpActivation act)
{
  const NnpParams *p = m->theta;
  const size_t d = p->d, h = p->h;
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

  double *dW1 = NULL, *db1 = NULL, *dW2 = NULL, db2 = 0.0;
  if (grads != NULL)
    {
      memset (grads->block, 0, grads->size * sizeof (double));
      dW1 = grads->W1.matrix.data;
      db1 = grads->b1.vector.data;
      dW2 = grads->W2.matrix.data;
    }

  const NnpExpK K = nnp_exp_k ();   /* the constants, in registers under clang too (nnp-vmath.h) */
  const double inv_n = 1.0 / (double) n;
  double cost = 0.0;
  /* the loss's product of (1 + e) minus one, carried from tile to tile
   * (below): its log is taken when it passes 2^700, and at the end */
  double q_all = 0.0;
  size_t correct = 0;
  double *restrict Z = ws->Z1;
  double *restrict A = ws->A1;
  double *restrict z2 = ws->z2;
  double *restrict dz2 = ws->dz2;
  double *restrict XT = ws->XT;
  double *restrict ybuf = ws->ybuf;
  double *restrict loss = ws->loss;

  for (size_t r0 = 0; r0 < n; r0 += T)
    {
      const size_t nt = n - r0 < T ? n - r0 : T;
      const double *restrict yt = ybuf;

      /* the tile's rows of X, transposed (d x nt), and their labels;
       * for d = 2 also how far they reach, max |x1| and max |x2|, for
       * hidden_reduce's bound */
      double xmax0 = 0.0, xmax1 = 0.0;
      if (idx == NULL && d == 2)
        {
          const double *restrict xr = X + r0 * 2;
          /* four rows a step, split by two shuffles: clang had made this
           * loop two rows of 128-bit loads and scalar stores (4% of the
           * time at n = 1,000, h = 8, twice GCC's) */
          v4d m0 = { 0 }, m1 = m0;
          size_t r = 0;
          for (; r + 4 <= nt; r += 4)
            {
              const v4d lo = load4 (xr + 2 * r), hi = load4 (xr + 2 * r + 4);
              const v4d a = __builtin_shufflevector (lo, hi, 0, 2, 4, 6);
              const v4d b = __builtin_shufflevector (lo, hi, 1, 3, 5, 7);
              store4 (XT + r, a);
              store4 (XT + T + r, b);
              m0 = max_abs4 (m0, a);
              m1 = max_abs4 (m1, b);
            }
          for (int k = 0; k < 4; k++)
            {
              xmax0 = m0[k] > xmax0 ? m0[k] : xmax0;
              xmax1 = m1[k] > xmax1 ? m1[k] : xmax1;
            }
          for (; r < nt; r++)
            {
              const double a = xr[2 * r], b = xr[2 * r + 1];
              XT[r] = a;
              XT[T + r] = b;
              xmax0 = fabs (a) > xmax0 ? fabs (a) : xmax0;
              xmax1 = fabs (b) > xmax1 ? fabs (b) : xmax1;
            }
          yt = y + r0;   /* read in place: no copy through the cache */
        }
      else
        for (size_t r = 0; r < nt; r++)
          {
            const size_t i = idx != NULL ? idx[r0 + r] : r0 + r;
            for (size_t k = 0; k < d; k++)
              XT[k * T + r] = X[i * d + k];
            ybuf[r] = y[i];
          }

      const int pf = idx == NULL && d == 2;
      if (pf)
        prefetch_part (X, y, r0, n, 0);
      /* Z1 = 1 b1^T + X W1^T,  A1 = g(Z1),  Z2 = b2 + A1 W2^T, one unit
       * (one column of Z1) at a time, so Z1 never leaves registers */
      for (size_t r = 0; r < nt; r++)
        z2[r] = b2;
      if (idx != NULL && d == 2)
        {
          xmax0 = max_abs (XT, nt);
          xmax1 = max_abs (XT + T, nt);
        }
      for (size_t j = 0; j < h; j++)
        {
          const double bj = b1[j], w2j = W2[j];
          const double *wj = W1 + j * d;
          double *restrict aj = A + j * T;
          double *restrict red = Z;
          if (d == 2 && act != NNP_ACT_RELU)
            {
              /* |z1| <= reach in this tile; exp's argument is -z1 (sigmoid)
               * or -2|z1| (tanh), and its clamps act beyond 708 */
              const double reach = fabs (bj) + fabs (wj[0]) * xmax0 + fabs (wj[1]) * xmax1;
              if ((act == NNP_ACT_TANH ? 2.0 * reach : reach) <= 700.0)
                hidden_reduce (red, aj, XT, XT + T, nt, bj, wj[0], wj[1], &K, act, 0);
              else
                hidden_reduce (red, aj, XT, XT + T, nt, bj, wj[0], wj[1], &K, act, 1);
            }
          if (d == 2 && act == NNP_ACT_SIGMOID)
            {
              for (size_t r = 0; r < nt; r++)
                {
                  const double scale = aj[r];
                  const double a = 1.0 / (scale * nnp_expm1_poly_k (&K, red[r]) + (scale + 1.0));
                  aj[r] = a;
                  z2[r] += w2j * a;
                }
            }
          else if (d == 2 && act == NNP_ACT_TANH)
            {
              /* tanh the same way: the reduction of -2|z| (above), then
               * expm1's polynomial and the division; 2^k keeps z's sign */
              for (size_t r = 0; r < nt; r++)
                {
                  const double signed_scale = aj[r], scale = fabs (signed_scale);
                  const double em = scale * nnp_expm1_poly_k (&K, red[r]) + (scale - 1.0);
                  const double t = -em / (2.0 + em);
                  const double a = signed_scale < 0.0 ? -t : t;
                  aj[r] = a;
                  z2[r] += w2j * a;
                }
            }
          else if (d == 2)
            {
              const double w0 = wj[0], w1 = wj[1];
              const double *restrict x0 = XT, *restrict x1 = XT + T;
              for (size_t r = 0; r < nt; r++)
                {
                  const double a = act_one (act, bj + w0 * x0[r] + w1 * x1[r]);
                  aj[r] = a;
                  z2[r] += w2j * a;
                }
            }
          else
            {
              double *restrict zj = Z;
              for (size_t r = 0; r < nt; r++)
                zj[r] = bj;
              for (size_t k = 0; k < d; k++)
                {
                  const double w = wj[k];
                  const double *restrict xk = XT + k * T;
                  for (size_t r = 0; r < nt; r++)
                    zj[r] += w * xk[r];
                }
              for (size_t r = 0; r < nt; r++)
                {
                  const double a = act_one (act, zj[r]);
                  aj[r] = a;
                  z2[r] += w2j * a;
                }
            }
        }

      if (pf)
        prefetch_part (X, y, r0, n, 1);
      /* Loss_i = softplus(s_i) with s_i = -z_i for y_i = 1 and z_i for y_i = 0,
       * i.e. -log a or -log(1 - a) without ever forming log(0):
       * softplus(s) = max(s, 0) + log1p(e), e = exp(-|z|) in (0, 1].
       * a2 = sigma(z) from the same e. dZ2 = (A2 - Y) / n. */
      size_t tile_correct = 0;
      /* e by reduction, then polynomial, kept in dZ2 (2^k in loss) */
      for (size_t r = 0; r < nt; r++)
        {
          double scale;
          dz2[r] = nnp_exp_reduce_nonpos_k (&K, -fabs (z2[r]), &scale);
          loss[r] = scale;
        }
      for (size_t r = 0; r < nt; r++)
        dz2[r] = loss[r] * nnp_expm1_poly_k (&K, dz2[r]) + loss[r];
      /* sum_r log1p(e_r) = log1p(q) with 1 + q = prod_r (1 + e_r): one
       * log for many tiles instead of one per row. q is carried as the
       * product minus one, q <- q + e + q e, every term positive, so q
       * keeps its relative accuracy when every e is tiny (a well-fit
       * set, J near 1e-10) where 1 + q would round it away; four rows
       * per step in four chains, 16 rows a lane, so q <= 2^16 - 1 before
       * the chains are joined the same way (2^64 for a full tile); a
       * partial tile's last rows, at most 15, go into lane 0 (2^75); the
       * lanes joined, 2^267 at most, join q_all, which is below 2^700
       * before (2^967 after), so nothing overflows. (A log per lane and
       * tile had been 4% of the time at n = 1M, h = 2.) */
      {
        v4d q0 = { 0 }, q1 = q0, q2 = q0, q3 = q0;
        size_t r = 0;
        for (; r + 16 <= nt; r += 16)
          {
            const v4d e0 = load4 (dz2 + r), e1 = load4 (dz2 + r + 4);
            const v4d e2 = load4 (dz2 + r + 8), e3 = load4 (dz2 + r + 12);
            q0 = (q0 + e0) + q0 * e0;
            q1 = (q1 + e1) + q1 * e1;
            q2 = (q2 + e2) + q2 * e2;
            q3 = (q3 + e3) + q3 * e3;
          }
        q0 = (q0 + q1) + q0 * q1;
        q2 = (q2 + q3) + q2 * q3;
        q0 = (q0 + q2) + q0 * q2;
        for (; r < nt; r++)
          q0[0] = (q0[0] + dz2[r]) + q0[0] * dz2[r];
        double qt = q0[0];
        for (int k = 1; k < 4; k++)
          qt = (qt + q0[k]) + qt * q0[k];
        q_all = (q_all + qt) + q_all * qt;
        if (!(q_all <= 0x1p700))   /* a NaN, logged now or at the end: J is NaN */
          {
            cost += log1p (q_all);
            q_all = 0.0;
          }
      }
      for (size_t r = 0; r < nt; r++)
        {
          const double z = z2[r], yr = yt[r];
          const double e = dz2[r];
          const double s = yr > K.half ? -z : z;
          loss[r] = s > 0.0 ? s : 0.0;
          const double inv = K.one / (K.one + e);
          const double a2 = z >= 0.0 ? inv : e * inv;
          dz2[r] = (a2 - yr) * inv_n;
          tile_correct += (z >= 0.0) == (yr > K.half);
        }
      /* summed apart so the loop above vectorises without reassociation */
      cost += sum_lanes (loss, nt);
      correct += tile_correct;

      if (pf)
        prefetch_part (X, y, r0, n, 2);
      if (grads == NULL)
        continue;

      /* db2 = dZ2^T 1 */
      db2 += sum_lanes (dz2, nt);
      for (size_t j = 0; j < h; j++)
        {
          const double *restrict aj = A + j * T;
          double *restrict gj = Z;     /* row j of dZ1^T */
          const double w = W2[j];
          if (d == 2)
            {
              /* the four sums below in one pass, four lanes each; the
               * last three without the factor W2_j, applied to their
               * totals (dZ1 = dZ2 W2 o g'(Z1), so W2_j is common to
               * row j of dZ1^T) */
              const double *restrict x0 = XT, *restrict x1 = XT + T;
              v4d s_w2 = { 0 }, s_b1 = { 0 }, s_x0 = { 0 }, s_x1 = { 0 };
              size_t r = 0;
              for (; r + 4 <= nt; r += 4)
                {
                  const v4d g2 = load4 (dz2 + r), a = load4 (aj + r);
                  const v4d t = g2 * a;
                  const v4d g = dz1_unscaled (act, g2, a, t);
                  s_w2 += t;
                  s_b1 += g;
                  s_x0 += g * load4 (x0 + r);
                  s_x1 += g * load4 (x1 + r);
                }
              double t_w2 = hsum4 (s_w2), t_b1 = hsum4 (s_b1), t_x0 = hsum4 (s_x0), t_x1 = hsum4 (s_x1);
              for (; r < nt; r++)
                {
                  const double g = dz2[r] * act_grad (act, aj[r]);
                  t_w2 += dz2[r] * aj[r];
                  t_b1 += g;
                  t_x0 += g * x0[r];
                  t_x1 += g * x1[r];
                }
              dW2[j] += t_w2;          /* dW2 = dZ2^T A1 */
              db1[j] += w * t_b1;      /* db1 = dZ1^T 1 */
              dW1[j * 2] += w * t_x0;  /* dW1 = dZ1^T X */
              dW1[j * 2 + 1] += w * t_x1;
              continue;
            }
          /* dW2 = dZ2^T A1 */
          dW2[j] += dot_lanes (dz2, aj, nt);
          /* dZ1 = dZ2 W2 o g'(Z1) */
          for (size_t r = 0; r < nt; r++)
            gj[r] = dz2[r] * w * act_grad (act, aj[r]);
          /* db1 = dZ1^T 1,  dW1 = dZ1^T X */
          db1[j] += sum_lanes (gj, nt);
          for (size_t k = 0; k < d; k++)
            dW1[j * d + k] += dot_lanes (gj, XT + k * T, nt);
        }
      if (pf)
        prefetch_part (X, y, r0, n, 3);
    }

  cost += log1p (q_all);
  if (grads != NULL)
    *grads->b2 = db2;
  if (eval != NULL)
    {
      eval->cost = cost * inv_n;
      eval->correct = correct;
    }
}

static inline __attribute__((always_inline)) void
forward_backward_any (NnpParams *grads, NnpEval *eval,
                      const double *X, const double *y, const size_t *idx, size_t n,
                      const NnpModel *m, NnpWorkspace *ws)
{
  switch (m->act)
    {
    case NNP_ACT_SIGMOID:
      forward_backward_body (grads, eval, X, y, idx, n, m, ws, NNP_ACT_SIGMOID);
      break;
    case NNP_ACT_TANH:
      forward_backward_body (grads, eval, X, y, idx, n, m, ws, NNP_ACT_TANH);
      break;
    case NNP_ACT_RELU:
    default:
      forward_backward_body (grads, eval, X, y, idx, n, m, ws, NNP_ACT_RELU);
      break;
    }
}

#if NNP_DISPATCH
#ifdef __clang__
#define NNP_TARGET_V3 __attribute__((target ("avx2,fma,bmi,bmi2,f16c,lzcnt,movbe")))
#define NNP_TARGET_V4 __attribute__((target ("avx2,fma,bmi,bmi2,f16c,lzcnt,movbe," \
                                             "avx512f,avx512vl,avx512bw,avx512dq,avx512cd")))
#else
#define NNP_TARGET_V3 __attribute__((target ("arch=x86-64-v3")))
#define NNP_TARGET_V4 __attribute__((target ("arch=x86-64-v4,prefer-vector-width=512")))
#endif
#endif

#define FB_ARGS NnpParams *grads, NnpEval *eval, const double *X, const double *y, \
                const size_t *idx, size_t n, const NnpModel *m, NnpWorkspace *ws
#define FB_PASS grads, eval, X, y, idx, n, m, ws

/* The training kernel's variants, in nnp-kernels-fb.c (its own flags)
 * or, when that file is not built, in nnp-kernels.c. */
void nnp_kernel_fb_base (FB_ARGS);
void nnp_kernel_fb_v3 (FB_ARGS);
void nnp_kernel_fb_v4 (FB_ARGS);
