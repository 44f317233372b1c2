/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nnp-model.c: parameter blocks, initialisation, resizing and single-point prediction. */
#define G_LOG_DOMAIN "nnplay-engine"
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <glib.h>
#include <glib/gi18n-lib.h>

#include <nnplay/nnp-model.h>
#include <nnplay/nnp-seed.h>
#include "nnp-vmath.h"

static const char *const activation_names[NNP_N_ACTIVATIONS] = { "sigmoid", "tanh", "relu" };
/* As people write them (translate with _()). */
static const char *const activation_titles[NNP_N_ACTIVATIONS] = { N_("Sigmoid"), N_("Tanh"), N_("ReLU") };

const char *
nnp_activation_title (NnpActivation act)
{
  g_return_val_if_fail ((unsigned) act < NNP_N_ACTIVATIONS, NULL);
  return activation_titles[act];
}

const char *
nnp_activation_name (NnpActivation act)
{
  g_return_val_if_fail ((unsigned) act < NNP_N_ACTIVATIONS, NULL);
  return activation_names[act];
}

int
nnp_activation_from_name (const char *name, NnpActivation *out)
{
  g_return_val_if_fail (out != NULL, -1);
  if (name == NULL)
    return -1;
  for (unsigned i = 0; i < NNP_N_ACTIVATIONS; i++)
    if (g_ascii_strcasecmp (name, activation_names[i]) == 0)
      {
        *out = (NnpActivation) i;
        return 0;
      }
  return -1;
}

NnpParams *
nnp_params_alloc (size_t d, size_t h)
{
  g_return_val_if_fail (d >= 1 && h >= 1, NULL);
  /* guard the size computation against overflow */
  if (h > SIZE_MAX / 8 / (d + 3))
    return NULL;

  NnpParams *p = calloc (1, sizeof *p);
  if (p == NULL)
    return NULL;
  p->d = d;
  p->h = h;
  p->size = h * d + h + h + 1;
  p->block = calloc (p->size, sizeof (double));
  if (p->block == NULL)
    {
      free (p);
      return NULL;
    }
  p->W1 = gsl_matrix_view_array (p->block, h, d);
  p->b1 = gsl_vector_view_array (p->block + h * d, h);
  p->W2 = gsl_matrix_view_array (p->block + h * d + h, 1, h);
  p->b2 = p->block + h * d + 2 * h;
  return p;
}

void
nnp_params_free (NnpParams *p)
{
  if (p == NULL)
    return;
  free (p->block);
  free (p);
}

void
nnp_params_copy (NnpParams *dst, const NnpParams *src)
{
  g_return_if_fail (dst != NULL && src != NULL);
  g_return_if_fail (dst->size == src->size && dst->d == src->d);
  memcpy (dst->block, src->block, src->size * sizeof (double));
}

int
nnp_params_all_finite (const NnpParams *p)
{
  g_return_val_if_fail (p != NULL, 0);
  for (size_t i = 0; i < p->size; i++)
    if (!isfinite (p->block[i]))
      return 0;
  return 1;
}

NnpModel *
nnp_model_alloc (size_t d, size_t h, NnpActivation act)
{
  g_return_val_if_fail ((unsigned) act < NNP_N_ACTIVATIONS, NULL);
  NnpModel *m = calloc (1, sizeof *m);
  if (m == NULL)
    return NULL;
  m->theta = nnp_params_alloc (d, h);
  if (m->theta == NULL)
    {
      free (m);
      return NULL;
    }
  m->act = act;
  return m;
}

void
nnp_model_free (NnpModel *m)
{
  if (m == NULL)
    return;
  nnp_params_free (m->theta);
  free (m);
}

NnpModel *
nnp_model_dup (const NnpModel *m)
{
  g_return_val_if_fail (m != NULL, NULL);
  NnpModel *c = nnp_model_alloc (m->theta->d, m->theta->h, m->act);
  if (c != NULL)
    nnp_params_copy (c->theta, m->theta);
  return c;
}

static double
init_scale (NnpActivation act)
{
  return act == NNP_ACT_RELU ? G_SQRT2 : 1.0;
}

/* Draws W1 (h x d) then W2 (1 x h) from one mt19937 stream, so unit j's
 * weights depend only on (seed, d, h, j): that is what lets a resize keep
 * the old units and draw new ones reproducibly. */
static void
draw_weights (double *W1, double *W2, size_t d, size_t h, NnpActivation act, uint64_t seed)
{
  gsl_rng *rng = nnp_rng_new (seed);
  if (rng == NULL)
    return;
  double s = init_scale (act);
  double sd1 = s / sqrt ((double) d);
  double sd2 = s / sqrt ((double) h);
  for (size_t i = 0; i < h * d; i++)
    W1[i] = gsl_ran_gaussian (rng, sd1);
  for (size_t j = 0; j < h; j++)
    W2[j] = gsl_ran_gaussian (rng, sd2);
  gsl_rng_free (rng);
}

void
nnp_model_init_random (NnpModel *m, uint64_t seed)
{
  g_return_if_fail (m != NULL);
  NnpParams *p = m->theta;
  memset (p->block, 0, p->size * sizeof (double));
  draw_weights (p->W1.matrix.data, p->W2.matrix.data, p->d, p->h, m->act, seed);
}

NnpModel *
nnp_model_resized (const NnpModel *m, size_t new_h, uint64_t seed)
{
  g_return_val_if_fail (m != NULL && new_h >= 1, NULL);
  size_t d = m->theta->d, h = m->theta->h;
  NnpModel *r = nnp_model_alloc (d, new_h, m->act);
  if (r == NULL)
    return NULL;
  if (new_h > h)
    nnp_model_init_random (r, seed);
  size_t keep = MIN (h, new_h);
  for (size_t j = 0; j < keep; j++)
    {
      memcpy (gsl_matrix_ptr (&r->theta->W1.matrix, j, 0),
              gsl_matrix_const_ptr (&m->theta->W1.matrix, j, 0), d * sizeof (double));
      gsl_vector_set (&r->theta->b1.vector, j, gsl_vector_get (&m->theta->b1.vector, j));
      gsl_matrix_set (&r->theta->W2.matrix, 0, j, gsl_matrix_get (&m->theta->W2.matrix, 0, j));
    }
  *r->theta->b2 = *m->theta->b2;
  return r;
}

double
nnp_activation_g (NnpActivation act, double z)
{
  switch (act)
    {
    case NNP_ACT_TANH: return tanh (z);
    case NNP_ACT_RELU: return z > 0.0 ? z : 0.0;
    case NNP_ACT_SIGMOID:
    default: return 1.0 / (1.0 + exp (-z));
    }
}

double
nnp_activation_dg (NnpActivation act, double z, double a)
{
  switch (act)
    {
    case NNP_ACT_TANH: return 1.0 - a * a;
    case NNP_ACT_RELU: return z > 0.0 ? 1.0 : 0.0;
    case NNP_ACT_SIGMOID:
    default: return a * (1.0 - a);
    }
}

double
nnp_model_hidden (const NnpModel *m, const double *x, double *a1)
{
  g_return_val_if_fail (m != NULL && x != NULL, NAN);
  const NnpParams *p = m->theta;
  double z2 = *p->b2;
  for (size_t j = 0; j < p->h; j++)
    {
      const double *w = gsl_matrix_const_ptr (&p->W1.matrix, j, 0);
      double z = gsl_vector_get (&p->b1.vector, j);
      for (size_t k = 0; k < p->d; k++)
        z += w[k] * x[k];
      double a = nnp_activation_g (m->act, z);
      if (a1 != NULL)
        a1[j] = a;
      z2 += gsl_matrix_get (&p->W2.matrix, 0, j) * a;
    }
  return nnp_activation_g (NNP_ACT_SIGMOID, z2);
}

double
nnp_model_predict (const NnpModel *m, const double *x)
{
  return nnp_model_hidden (m, x, NULL);
}

void
nnp_model_unstandardize (NnpModel *dst, const NnpModel *src, const double *mean, const double *sd)
{
  const NnpParams *a;
  NnpParams *b;

  g_return_if_fail (dst != NULL && src != NULL && mean != NULL && sd != NULL);
  a = src->theta;
  b = dst->theta;
  g_return_if_fail (a->d == b->d && a->h == b->h);
  nnp_params_copy (b, a);
  dst->act = src->act;
  for (size_t j = 0; j < a->h; j++)
    {
      double shift = 0.0;
      for (size_t k = 0; k < a->d; k++)
        {
          double w = gsl_matrix_get (&a->W1.matrix, j, k) / sd[k];
          gsl_matrix_set (&b->W1.matrix, j, k, w);
          shift += w * mean[k];
        }
      gsl_vector_set (&b->b1.vector, j, gsl_vector_get (&a->b1.vector, j) - shift);
    }
}
