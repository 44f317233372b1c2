/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nnp-gradcheck.c: fourth-order central finite differences of J against backpropagation. */
#define G_LOG_DOMAIN "nnplay-engine"
#include "config.h"

#include <math.h>
#include <string.h>
#include <glib.h>

#include <nnplay/nnp-train.h>

typedef struct {
  gsl_matrix *Z1, *A1;
  gsl_vector *Z2, *A2;
} Fwd;

static double
cost_at (Fwd *f, const gsl_matrix *X, const gsl_vector *Y, const NnpModel *m)
{
  nnp_forward_naive (f->Z1, f->A1, f->Z2, f->A2, X, m);
  return nnp_cost_naive (f->Z2, Y);
}

static const char *const block_names[NNP_N_BLOCKS] = { "W[1]", "b[1]", "W[2]", "b[2]" };

const char *
nnp_block_name (NnpBlock block)
{
  g_return_val_if_fail ((unsigned) block < NNP_N_BLOCKS, NULL);
  return block_names[block];
}

/* The block of parameter i in theta's layout (W1, b1, W2, b2). */
static NnpBlock
block_of (size_t i, size_t d, size_t h)
{
  if (i < h * d)
    return NNP_BLOCK_W1;
  if (i < h * d + h)
    return NNP_BLOCK_B1;
  if (i < h * d + 2 * h)
    return NNP_BLOCK_W2;
  return NNP_BLOCK_B2;
}

NnpStatus
nnp_gradcheck_blocks (NnpGradcheckResult *out, const NnpModel *model, const NnpDataset *ds,
                      double eps, const volatile int *cancel)
{
  g_return_val_if_fail (out != NULL && model != NULL && ds != NULL, NNP_EINVAL);
  memset (out, 0, sizeof *out);
  if (ds->n == 0 || ds->d != model->theta->d)
    return NNP_EINVAL;

  const size_t n = ds->n, d = model->theta->d, h = model->theta->h;
  NnpModel *m = nnp_model_dup (model);
  NnpParams *grads = nnp_params_alloc (d, h);
  Fwd f = { gsl_matrix_alloc (n, h), gsl_matrix_alloc (n, h), gsl_vector_alloc (n), gsl_vector_alloc (n) };
  gsl_matrix_view X = nnp_dataset_X_view (ds);
  gsl_vector_view Y = nnp_dataset_y_view (ds);
  const double step = eps > 0.0 ? eps : 1e-3;
  NnpStatus status = NNP_ENOMEM;

  if (m == NULL || grads == NULL || !f.Z1 || !f.A1 || !f.Z2 || !f.A2)
    goto out;

  nnp_forward_naive (f.Z1, f.A1, f.Z2, f.A2, &X.matrix, m);
  nnp_backward_naive (grads, &X.matrix, &Y.vector, f.Z1, f.A1, f.A2, m);

  out->eps = step;
  status = NNP_OK;
  for (size_t i = 0; i < m->theta->size; i++)
    {
      if (cancel != NULL && *cancel)
        {
          status = NNP_EINVAL;
          break;
        }
      double *p = &m->theta->block[i];
      const double saved = *p;
      double j[4];
      const double offs[4] = { 2.0, 1.0, -1.0, -2.0 };
      for (int k = 0; k < 4; k++)
        {
          *p = saved + offs[k] * step;
          j[k] = cost_at (&f, &X.matrix, &Y.vector, m);
        }
      *p = saved;
      /* five-point stencil: error O(step^4), so roundoff (~1e-16/step) and
       * truncation both stay far below the 1e-7 we check for */
      double num = (-j[0] + 8.0 * j[1] - 8.0 * j[2] + j[3]) / (12.0 * step);
      double ana = grads->block[i];
      double rel = fabs (num - ana) / MAX (1e-8, fabs (num) + fabs (ana));
      NnpBlock b = block_of (i, d, h);
      if (isnan (rel))
        rel = INFINITY;
      out->count[b]++;
      out->max_rel[b] = MAX (out->max_rel[b], rel);
      out->max_all = MAX (out->max_all, rel);
    }

out:
  gsl_matrix_free (f.Z1);
  gsl_matrix_free (f.A1);
  gsl_vector_free (f.Z2);
  gsl_vector_free (f.A2);
  nnp_params_free (grads);
  nnp_model_free (m);
  return status;
}

double
nnp_gradcheck (const NnpModel *model, const NnpDataset *ds, double eps)
{
  NnpGradcheckResult r;

  g_return_val_if_fail (model != NULL && ds != NULL, -1.0);
  if (nnp_gradcheck_blocks (&r, model, ds, eps, NULL) != NNP_OK)
    return -1.0;
  return r.max_all;
}
