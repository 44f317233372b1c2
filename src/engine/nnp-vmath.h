/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nnp-vmath.h: branch-free exp, sigmoid and softplus that GCC can vectorise (engine-private). */
#pragma once

#include <stdint.h>
#include <math.h>
#include <string.h>

#define NNP_INLINE static inline __attribute__((always_inline))

NNP_INLINE uint64_t
nnp_asuint64 (double x)
{
  uint64_t u;
  memcpy (&u, &x, sizeof u);
  return u;
}

NNP_INLINE double
nnp_asdouble (uint64_t u)
{
  double x;
  memcpy (&x, &u, sizeof x);
  return x;
}

/* The constants of exp's range reduction and polynomial, in a struct a
 * hot loop can be handed (nnp_exp_k). clang (14) turns a literal vector
 * constant inside a loop of a function as large as the fused kernel into
 * a broadcast load from memory at each use, ten of them per four rows in
 * the reduction loop, and ran that kernel at about 0.75 of GCC's speed; made
 * opaque by an empty asm, each constant is computed once and kept in a
 * register (or a stack slot an FMA reads), as GCC does unasked. GCC's
 * code stays as it was: the asm is clang's only, on x86-64. */
typedef struct {
  double shift, log2e, ln2_hi, ln2_lo, big, half, one;
  double c2, c3, c4, c5, c6, c7, c8, c9, c10, c11;
} NnpExpK;

#define NNP_EXP_K_INIT {                                                   \
    0x1.8p52 + 1023.0, 0x1.71547652b82fep0,   /* the exponent's bias in */ \
    0x1.62e42fee00000p-1,   /* trailing zeros: kd * ln2_hi is exact */   \
    0x1.a39ef35793c76p-33, 708.0, 0.5, 1.0,                                \
    0x1.0000000000011p-1, 0x1.555555555555ap-3, 0x1.555555554f0cfp-5,      \
    0x1.111111110f225p-7, 0x1.6c16c187fbe02p-10, 0x1.a01a01b14378fp-13,    \
    0x1.a01991ac8730ap-16, 0x1.71ddf5749d126p-19, 0x1.28b4057f44145p-22,   \
    0x1.af631d0059becp-26 }

#if defined(__clang__) && defined(__x86_64__)
#define NNP_OPAQUE(v) __asm__ ("" : "+x" (v))
#else
#define NNP_OPAQUE(v) ((void) 0)
#endif

NNP_INLINE NnpExpK
nnp_exp_k (void)
{
  NnpExpK k = NNP_EXP_K_INIT;
  NNP_OPAQUE (k.shift); NNP_OPAQUE (k.log2e); NNP_OPAQUE (k.ln2_hi);
  NNP_OPAQUE (k.ln2_lo); NNP_OPAQUE (k.big); NNP_OPAQUE (k.half); NNP_OPAQUE (k.one);
  NNP_OPAQUE (k.c2); NNP_OPAQUE (k.c3); NNP_OPAQUE (k.c4); NNP_OPAQUE (k.c5);
  NNP_OPAQUE (k.c6); NNP_OPAQUE (k.c7); NNP_OPAQUE (k.c8); NNP_OPAQUE (k.c9);
  NNP_OPAQUE (k.c10); NNP_OPAQUE (k.c11);
  return k;
}

/* Shared by exp and expm1: x in [-708, 708] (the caller clamps it, or
 * knows it is there: nnp_exp_reduce_k below clamps, NaN staying NaN),
 * x = k ln2 + r with |r| <= ln2/2, and 2^k built in the exponent bits.
 * The round-to-nearest of x/ln2 uses the 1.5*2^52 shift trick, which needs
 * no double-to-int conversion and so vectorises with SSE2/AVX2. The shift
 * carries the exponent's bias too: kd's low mantissa bits are then
 * k + 1023, in [2, 2044] here, so shifting them into the exponent field
 * gives 2^k with no integer addition (one instruction fewer per four
 * values). Where x log2e rounds to exactly n + 1/2 (possible only
 * without FMA, in the baseline build), the odd shift rounds the tie to
 * the other neighbour than the even 1.5*2^52 did; |r| = ln2/2 either
 * way, as accurate, the result within an ulp of the old. */
NNP_INLINE double
nnp_exp_reduce_unclamped_k (const NnpExpK *k, double x, double *scale)
{
  double kd = x * k->log2e + k->shift;
  uint64_t ki = nnp_asuint64 (kd);
  kd -= k->shift;
  *scale = nnp_asdouble (ki << 52);
  return (x - kd * k->ln2_hi) - kd * k->ln2_lo;
}

NNP_INLINE double
nnp_exp_reduce_k (const NnpExpK *k, double x, double *scale)
{
  x = x > k->big ? k->big : x;
  x = x < -k->big ? -k->big : x;
  return nnp_exp_reduce_unclamped_k (k, x, scale);
}

/* The same for x <= 0 (or NaN), which needs the lower clamp only. */
NNP_INLINE double
nnp_exp_reduce_nonpos_k (const NnpExpK *k, double x, double *scale)
{
  x = x < -k->big ? -k->big : x;
  return nnp_exp_reduce_unclamped_k (k, x, scale);
}

/* exp(r) - 1 for |r| <= ln2/2: the degree-11 polynomial nearest exp in
 * the Chebyshev sense on that interval (mpmath chebyfit at 40 digits;
 * error 3.2e-18, below the degree-13 Taylor polynomial's 4e-18 with two
 * terms fewer), without its constant 1, so there is no cancellation near
 * 0. Estrin's scheme keeps the dependency chain short. */
NNP_INLINE double
nnp_expm1_poly_k (const NnpExpK *k, double r)
{
  double r2 = r * r, r4 = r2 * r2;
  double p23 = k->c2 + r * k->c3, p45 = k->c4 + r * k->c5, p67 = k->c6 + r * k->c7;
  double p89 = k->c8 + r * k->c9, pab = k->c10 + r * k->c11;
  double q = p23 + r2 * p45 + r4 * (p67 + r2 * p89 + r4 * pab);
  return r + r2 * q;
}

/* The same with the constants as literals, for code outside hot loops. */
NNP_INLINE double
nnp_exp_reduce (double x, double *scale)
{
  const NnpExpK k = NNP_EXP_K_INIT;
  return nnp_exp_reduce_k (&k, x, scale);
}

NNP_INLINE double
nnp_expm1_poly (double r)
{
  const NnpExpK k = NNP_EXP_K_INIT;
  return nnp_expm1_poly_k (&k, r);
}

/* exp(x) to about 1 ulp for |x| <= 708; the argument is clamped to
 * [-708, 708] so the result is always a normal double (NaN stays NaN). */
NNP_INLINE double
nnp_exp (double x)
{
  double scale;
  double r = nnp_exp_reduce (x, &scale);
  return (1.0 + nnp_expm1_poly (r)) * scale;
}

/* expm1(x) for x <= 0 to a few ulp, from the same single polynomial as
 * exp: 2^k (e^r - 1) + (2^k - 1). For |x| < ln2/2, k = 0 and r = x
 * exactly, so small x keep their relative accuracy; else the result is
 * below -0.29 and 2^k - 1 is exact. */
NNP_INLINE double
nnp_expm1_nonpos (double x)
{
  double scale;
  double r = nnp_exp_reduce (x, &scale);
  return scale * nnp_expm1_poly (r) + (scale - 1.0);
}

/* tanh(z) = -expm1(-2|z|) / (2 + expm1(-2|z|)), with the sign of z */
NNP_INLINE double
nnp_tanh (double z)
{
  double em = nnp_expm1_nonpos (-2.0 * fabs (z));
  double t = -em / (2.0 + em);
  return z < 0.0 ? -t : t;
}

/* sigma(z) = 1 / (1 + exp(-z)) */
NNP_INLINE double
nnp_sigmoid (double z)
{
  return 1.0 / (1.0 + nnp_exp (-z));
}

/* ---- float, for pictures: the grid's logit, where only colour and a
 * contour's position (far below a pixel) depend on the last digits. */

NNP_INLINE float
nnp_asfloat (uint32_t u)
{
  float x;
  memcpy (&x, &u, sizeof x);
  return x;
}

NNP_INLINE uint32_t
nnp_asuint32 (float x)
{
  uint32_t u;
  memcpy (&u, &x, sizeof u);
  return u;
}

/* expf(x) to about 2 ulp for |x| <= 87 (clamped there, NaN stays NaN):
 * the same reduction as nnp_exp, exp(r) by a degree-6 Taylor polynomial
 * (error < |r|^7/7! < 1.2e-7 relative). */
NNP_INLINE float
nnp_expf (float x)
{
  const float shift = 0x1.8p23f + 127.0f;   /* with the bias, as nnp_exp_reduce_k (ties too) */
  const float log2e = 0x1.715476p0f;
  const float ln2_hi = 0x1.62e4p-1f;    /* kd * ln2_hi is exact */
  const float ln2_lo = 0x1.7f7d1cp-20f;
  x = x > 87.0f ? 87.0f : x;
  x = x < -87.0f ? -87.0f : x;
  float kd = x * log2e + shift;
  uint32_t ki = nnp_asuint32 (kd);
  kd -= shift;
  float r = (x - kd * ln2_hi) - kd * ln2_lo;
  float r2 = r * r;
  float p = 1.0f + r + r2 * (0.5f + r * (1.0f / 6.0f))
          + r2 * r2 * (1.0f / 24.0f + r * (1.0f / 120.0f) + r2 * (1.0f / 720.0f));
  return p * nnp_asfloat (ki << 23);   /* k + 127 in [1, 253] */
}

/* sigma(z) and tanh(z) = 2 sigma(2z) - 1 in float */
NNP_INLINE float
nnp_sigmoidf (float z)
{
  return 1.0f / (1.0f + nnp_expf (-z));
}

NNP_INLINE float
nnp_tanhf (float z)
{
  return 2.0f / (1.0f + nnp_expf (-2.0f * z)) - 1.0f;
}
