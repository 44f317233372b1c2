/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nnp-naive.c: forward and backward propagation written as on the slides, with full matrices and gsl_blas. */
#define G_LOG_DOMAIN "nnplay-engine"
#include "config.h"

#include <math.h>
#include <gsl/gsl_blas.h>
#include <glib.h>

#include <nnplay/nnp-train.h>

/* g and g' are nnp_activation_g and nnp_activation_dg (nnp-model.c). */

/* softplus(s) = log(1 + e^s), without overflow */
static double
softplus (double s)
{
  return (s > 0.0 ? s : 0.0) + log1p (exp (-fabs (s)));
}

void
nnp_forward_naive (gsl_matrix *Z1, gsl_matrix *A1, gsl_vector *Z2, gsl_vector *A2,
                   const gsl_matrix *X, const NnpModel *m)
{
  g_return_if_fail (Z1 && A1 && Z2 && A2 && X && m);
  const NnpParams *p = m->theta;
  const size_t n = X->size1, h = p->h;
  g_return_if_fail (X->size2 == p->d && Z1->size1 == n && Z1->size2 == h
                    && A1->size1 == n && A1->size2 == h && Z2->size == n && A2->size == n);

  /* Z1 = 1 b1^T + X W1^T   (n x h) */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, X, &p->W1.matrix, 0.0, Z1);
  for (size_t i = 0; i < n; i++)
    {
      gsl_vector_view row = gsl_matrix_row (Z1, i);
      gsl_vector_add (&row.vector, &p->b1.vector);
    }

  /* A1 = g(Z1)   (n x h) */
  for (size_t i = 0; i < n; i++)
    for (size_t j = 0; j < h; j++)
      gsl_matrix_set (A1, i, j, nnp_activation_g (m->act, gsl_matrix_get (Z1, i, j)));

  /* Z2 = b2 + A1 W2^T   (n x 1) */
  gsl_vector_const_view w2 = gsl_matrix_const_row (&p->W2.matrix, 0);
  gsl_blas_dgemv (CblasNoTrans, 1.0, A1, &w2.vector, 0.0, Z2);
  gsl_vector_add_constant (Z2, *p->b2);

  /* A2 = sigma(Z2)   (n x 1) */
  for (size_t i = 0; i < n; i++)
    gsl_vector_set (A2, i, nnp_activation_g (NNP_ACT_SIGMOID, gsl_vector_get (Z2, i)));
}

double
nnp_cost_naive (const gsl_vector *Z2, const gsl_vector *Y)
{
  g_return_val_if_fail (Z2 && Y && Z2->size == Y->size && Z2->size > 0, NAN);
  const size_t n = Z2->size;
  double J = 0.0;
  /* -log a = softplus(-z),  -log(1 - a) = softplus(z) */
  for (size_t i = 0; i < n; i++)
    {
      double z = gsl_vector_get (Z2, i), y = gsl_vector_get (Y, i);
      J += y * softplus (-z) + (1.0 - y) * softplus (z);
    }
  return J / (double) n;
}

void
nnp_backward_naive (NnpParams *grads,
                    const gsl_matrix *X, const gsl_vector *Y,
                    const gsl_matrix *Z1, const gsl_matrix *A1, const gsl_vector *A2,
                    const NnpModel *m)
{
  g_return_if_fail (grads && X && Y && Z1 && A1 && A2 && m);
  const NnpParams *p = m->theta;
  const size_t n = X->size1, h = p->h;
  g_return_if_fail (grads->d == p->d && grads->h == h && Y->size == n);

  gsl_vector *dZ2 = gsl_vector_alloc (n);
  gsl_matrix *dZ1 = gsl_matrix_alloc (n, h);
  gsl_vector *ones = gsl_vector_alloc (n);
  gsl_vector_set_all (ones, 1.0);

  /* dZ2 = n^-1 (A2 - Y)   (n x 1) */
  gsl_vector_memcpy (dZ2, A2);
  gsl_vector_sub (dZ2, Y);
  gsl_vector_scale (dZ2, 1.0 / (double) n);

  /* db2 = dZ2^T 1 */
  gsl_blas_ddot (dZ2, ones, grads->b2);

  /* dW2 = dZ2^T A1   (1 x h) */
  gsl_vector_view dW2 = gsl_matrix_row (&grads->W2.matrix, 0);
  gsl_blas_dgemv (CblasTrans, 1.0, A1, dZ2, 0.0, &dW2.vector);

  /* dZ1 = dZ2 W2 o g'(Z1)   (n x h) */
  for (size_t i = 0; i < n; i++)
    for (size_t j = 0; j < h; j++)
      gsl_matrix_set (dZ1, i, j,
                      gsl_vector_get (dZ2, i) * gsl_matrix_get (&p->W2.matrix, 0, j)
                      * nnp_activation_dg (m->act, gsl_matrix_get (Z1, i, j), gsl_matrix_get (A1, i, j)));

  /* db1 = dZ1^T 1   (h) */
  gsl_blas_dgemv (CblasTrans, 1.0, dZ1, ones, 0.0, &grads->b1.vector);

  /* dW1 = dZ1^T X   (h x d) */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, dZ1, X, 0.0, &grads->W1.matrix);

  gsl_vector_free (ones);
  gsl_matrix_free (dZ1);
  gsl_vector_free (dZ2);
}
