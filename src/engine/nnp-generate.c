/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nnp-generate.c: the 2-D toy data sets (moons, circles, XOR, blobs, spiral, linear). */
#define G_LOG_DOMAIN "nnplay-engine"

#include "config.h"

#include <math.h>
#include <string.h>
#include <gsl/gsl_math.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <glib/gi18n-lib.h>

#include "nnplay/nnp-dataset.h"
#include "nnplay/nnp-seed.h"

/* Per-data-set shape drawn once per seed (blobs' axis, linear's line). */
typedef struct {
  double theta;       /* blobs: direction of the class-1 centre */
  double wx, wy, b;   /* linear: class 1 where wx x1 + wy x2 - b > 0 */
} Shape;

typedef void (*BaseFunc) (double *x, int cls, gsl_rng *r, const Shape *s);

static const struct {
  const char *name;
  const char *title;
} generators[NNP_N_GENERATORS] = {
  [NNP_GEN_MOONS]   = { "moons",   N_("Two moons") },
  [NNP_GEN_CIRCLES] = { "circles", N_("Circles") },
  [NNP_GEN_XOR]     = { "xor",     N_("XOR") },
  [NNP_GEN_BLOBS]   = { "blobs",   N_("Gaussian blobs") },
  [NNP_GEN_SPIRAL]  = { "spiral",  N_("Spiral") },
  [NNP_GEN_LINEAR]  = { "linear",  N_("Linearly separable") },
};

const char *
nnp_generator_name (NnpGenerator gen)
{
  g_return_val_if_fail ((unsigned) gen < NNP_N_GENERATORS, NULL);
  return generators[gen].name;
}

const char *
nnp_generator_title (NnpGenerator gen)
{
  g_return_val_if_fail ((unsigned) gen < NNP_N_GENERATORS, NULL);
  return generators[gen].title;
}

gboolean
nnp_generator_from_name (const char *name, NnpGenerator *out)
{
  g_return_val_if_fail (name != NULL, FALSE);

  for (int g = 0; g < NNP_N_GENERATORS; g++)
    if (strcmp (name, generators[g].name) == 0)
      {
        if (out != NULL)
          *out = (NnpGenerator) g;
        return TRUE;
      }
  return FALSE;
}

/* Outer moon (class 0): (cos t, sin t); inner moon (class 1):
 * (1 - cos t, 1/2 - sin t); t uniform in [0, pi]. */
static void
base_moons (double *x, int cls, gsl_rng *r, const Shape *s)
{
  double t = M_PI * gsl_rng_uniform (r);

  x[0] = cls == 0 ? cos (t) : 1.0 - cos (t);
  x[1] = cls == 0 ? sin (t) : 0.5 - sin (t);
}

/* Class 0 on the circle of radius 1, class 1 on radius 1/2. */
static void
base_circles (double *x, int cls, gsl_rng *r, const Shape *s)
{
  double phi = 2.0 * M_PI * gsl_rng_uniform (r);
  double rad = cls == 0 ? 1.0 : 0.5;

  x[0] = rad * cos (phi);
  x[1] = rad * sin (phi);
}

/* Uniform in the quadrants, |x_k| in [0.1, 1]; class 1 where the signs of
 * x1 and x2 differ (x1 > 0 XOR x2 > 0). */
static void
base_xor (double *x, int cls, gsl_rng *r, const Shape *s)
{
  double s1 = gsl_rng_uniform (r) < 0.5 ? -1.0 : 1.0;
  double s2 = cls == 1 ? -s1 : s1;

  x[0] = s1 * (0.1 + 0.9 * gsl_rng_uniform (r));
  x[1] = s2 * (0.1 + 0.9 * gsl_rng_uniform (r));
}

/* Two isotropic Gaussians of standard deviation 0.3 centred at
 * +-0.6 (cos theta, sin theta), class 1 on the + side. */
static void
base_blobs (double *x, int cls, gsl_rng *r, const Shape *s)
{
  double sign = cls == 1 ? 1.0 : -1.0;

  x[0] = sign * 0.6 * cos (s->theta) + gsl_ran_gaussian (r, 0.3);
  x[1] = sign * 0.6 * sin (s->theta) + gsl_ran_gaussian (r, 0.3);
}

/* Two interleaved arms: radius 0.1 + 1.1 t, angle 3 pi t (+ pi for class 1),
 * t uniform in [0, 1]. */
static void
base_spiral (double *x, int cls, gsl_rng *r, const Shape *s)
{
  double t = gsl_rng_uniform (r);
  double rad = 0.1 + 1.1 * t;
  double ang = 3.0 * M_PI * t + (cls == 1 ? M_PI : 0.0);

  x[0] = rad * cos (ang);
  x[1] = rad * sin (ang);
}

/* Uniform in [-1, 1]^2 on the class's side of a seeded line, at least 0.1
 * away from it (rejection sampling), so noise 0 is separable with a margin. */
static void
base_linear (double *x, int cls, gsl_rng *r, const Shape *s)
{
  for (;;)
    {
      double d;

      x[0] = 2.0 * gsl_rng_uniform (r) - 1.0;
      x[1] = 2.0 * gsl_rng_uniform (r) - 1.0;
      d = s->wx * x[0] + s->wy * x[1] - s->b;
      if ((cls == 1 && d >= 0.1) || (cls == 0 && d <= -0.1))
        return;
    }
}

static const BaseFunc base_funcs[NNP_N_GENERATORS] = {
  [NNP_GEN_MOONS]   = base_moons,
  [NNP_GEN_CIRCLES] = base_circles,
  [NNP_GEN_XOR]     = base_xor,
  [NNP_GEN_BLOBS]   = base_blobs,
  [NNP_GEN_SPIRAL]  = base_spiral,
  [NNP_GEN_LINEAR]  = base_linear,
};

/* n/2 points of class 0, then n - n/2 of class 1, each a base point plus
 * noise * N(0, 1) per coordinate, then a seeded shuffle of the rows. The
 * jitter is drawn even when noise is 0, so for one seed the base points and
 * the order do not depend on noise: only the jitter's scale does. */
NnpDataset *
nnp_dataset_generate (NnpGenerator gen, size_t n, double noise, uint64_t seed)
{
  NnpDataset *ds;
  gsl_rng *r;
  Shape shape;
  size_t n0 = n / 2;

  g_return_val_if_fail ((unsigned) gen < NNP_N_GENERATORS, NULL);
  g_return_val_if_fail (isfinite (noise) && noise >= 0.0, NULL);
  g_return_val_if_fail (n <= 0xffffffffu, NULL);   /* gsl_rng_uniform_int's range */

  ds = nnp_dataset_alloc (n, 2);
  if (ds == NULL)
    return NULL;
  r = nnp_rng_new (seed);
  if (r == NULL)
    {
      nnp_dataset_free (ds);
      return NULL;
    }

  shape.theta = 2.0 * M_PI * gsl_rng_uniform (r);
  {
    double phi = 2.0 * M_PI * gsl_rng_uniform (r);
    shape.wx = cos (phi);
    shape.wy = sin (phi);
    shape.b = 0.3 * (2.0 * gsl_rng_uniform (r) - 1.0);
  }

  for (size_t i = 0; i < n; i++)
    {
      double *x = ds->X + 2 * i;
      int cls = i < n0 ? 0 : 1;

      base_funcs[gen] (x, cls, r, &shape);
      x[0] += noise * gsl_ran_gaussian (r, 1.0);
      x[1] += noise * gsl_ran_gaussian (r, 1.0);
      ds->y[i] = cls;
    }

  /* Fisher-Yates over the rows */
  for (size_t i = n; i > 1; i--)
    {
      size_t j = (size_t) gsl_rng_uniform_int (r, i);
      double *a = ds->X + 2 * (i - 1), *b = ds->X + 2 * j;
      double t0 = a[0], t1 = a[1], ty = ds->y[i - 1];

      a[0] = b[0];
      a[1] = b[1];
      ds->y[i - 1] = ds->y[j];
      b[0] = t0;
      b[1] = t1;
      ds->y[j] = ty;
    }

  gsl_rng_free (r);
  return ds;
}
