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

/* exp(x) to about 1 ulp for |x| <= 708; the argument is clamped to
 * [-708, 708] so the result is always a normal double (NaN stays NaN).
 * x = k ln2 + r with |r| <= ln2/2, exp(r) by a degree-13 Taylor polynomial
 * (truncation error < 4e-18), 2^k built in the exponent bits. The
 * round-to-nearest of x/ln2 uses the 1.5*2^52 shift trick, which needs no
 * double-to-int conversion and so vectorises with SSE2/AVX2. */
NNP_INLINE double
nnp_exp (double x)
{
  const double shift = 0x1.8p52;
  const double log2e = 0x1.71547652b82fep0;
  const double ln2_hi = 0x1.62e42fee00000p-1;   /* trailing zeros: kd * ln2_hi is exact */
  const double ln2_lo = 0x1.a39ef35793c76p-33;

  x = x > 708.0 ? 708.0 : x;
  x = x < -708.0 ? -708.0 : x;
  double kd = x * log2e + shift;
  uint64_t ki = nnp_asuint64 (kd);
  kd -= shift;
  double r = (x - kd * ln2_hi) - kd * ln2_lo;

  double r2 = r * r;
  /* Estrin-like split keeps the dependency chain short. */
  double p_hi = 1.0 / 5040.0 + r * (1.0 / 40320.0)
              + r2 * (1.0 / 362880.0 + r * (1.0 / 3628800.0))
              + r2 * r2 * (1.0 / 39916800.0 + r * (1.0 / 479001600.0)
                           + r2 * (1.0 / 6227020800.0));
  double p_lo = 1.0 + r + r2 * (0.5 + r * (1.0 / 6.0))
              + r2 * r2 * (1.0 / 24.0 + r * (1.0 / 120.0) + r2 * (1.0 / 720.0));
  double p = p_lo + (r2 * r2 * r2 * r) * p_hi;

  uint64_t scale = (ki + 1023) << 52;
  return p * nnp_asdouble (scale);
}

/* log1p(t) for t in [0, 1] to a few ulp: 1 + t = 2^e (1 + f) with
 * f in (-0.3, 0.42], log1p(f) = 2 atanh(s), s = f / (2 + f), |s| <= 0.172. */
NNP_INLINE double
nnp_log1p_unit (double t)
{
  const double ln2 = 0x1.62e42fefa39efp-1;
  int big = t > 0x1.6a09e667f3bcdp-2;   /* 1 + t > sqrt(2) */
  double f = big ? (t - 1.0) * 0.5 : t;
  double s = f / (2.0 + f);
  double s2 = s * s;
  double q = 1.0 / 3.0 + s2 * (1.0 / 5.0 + s2 * (1.0 / 7.0 + s2 * (1.0 / 9.0
           + s2 * (1.0 / 11.0 + s2 * (1.0 / 13.0 + s2 * (1.0 / 15.0 + s2 * (1.0 / 17.0
           + s2 * (1.0 / 19.0 + s2 * (1.0 / 21.0 + s2 * (1.0 / 23.0))))))))));
  double l = 2.0 * s + 2.0 * s * s2 * q;
  return (big ? ln2 : 0.0) + l;
}

/* expm1(x) for x <= 0 to a few ulp: near 0 the Taylor polynomial of exp
 * without its leading 1 (no cancellation), elsewhere exp(x) - 1. */
NNP_INLINE double
nnp_expm1_nonpos (double x)
{
  double x2 = x * x;
  double hi = 1.0 / 5040.0 + x * (1.0 / 40320.0)
            + x2 * (1.0 / 362880.0 + x * (1.0 / 3628800.0))
            + x2 * x2 * (1.0 / 39916800.0 + x * (1.0 / 479001600.0)
                         + x2 * (1.0 / 6227020800.0));
  double lo = x + x2 * (0.5 + x * (1.0 / 6.0))
            + x2 * x2 * (1.0 / 24.0 + x * (1.0 / 120.0) + x2 * (1.0 / 720.0));
  double small = lo + (x2 * x2 * x2 * x) * hi;
  return x > -0x1.62e42fefa39efp-2 ? small : nnp_exp (x) - 1.0;
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
  const float shift = 0x1.8p23f;
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
  return p * nnp_asfloat ((ki + 127u) << 23);
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
