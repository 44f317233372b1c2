/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reference-eval.h: cost and accuracy computed point by point, independently of the fused kernel. */
#pragma once

#include <math.h>
#include <glib.h>
#include <nnplay/nnp-model.h>
#include <nnplay/nnp-dataset.h>

/* J and accuracy of m on ds, computed point by point from
 * nnp_model_hidden, independently of the fused kernel. */
static inline void
reference_eval (const NnpModel *m, const NnpDataset *ds, double *cost, double *acc)
{
  double j = 0;
  size_t correct = 0;

  double *a1 = g_new (double, m->theta->h);

  for (size_t i = 0; i < ds->n; i++)
    {
      /* z2 = b2 + W2 a1, and J_i = softplus(-z2) or softplus(z2), stably. */
      double y = ds->y[i], z = *m->theta->b2;
      nnp_model_hidden (m, ds->X + 2 * i, a1);
      for (size_t k = 0; k < m->theta->h; k++)
        z += gsl_matrix_get (&m->theta->W2.matrix, 0, k) * a1[k];
      double t = y == 1.0 ? -z : z;
      j += t > 0 ? t + log1p (exp (-t)) : log1p (exp (t));
      correct += (z >= 0) == (y == 1.0);
    }
  g_free (a1);
  *cost = j / (double) ds->n;
  *acc = (double) correct / (double) ds->n;
}
