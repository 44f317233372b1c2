/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nnp-lecture.c: the slides' matrices for chosen rows, J and the gradients from the training kernel, and the update. */
#define G_LOG_DOMAIN "nnplay-engine"
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>

#include <nnplay/nnp-lecture.h>
#include <nnplay/nnp-train.h>

void
nnp_lecture_free (NnpLecture *lec)
{
  if (lec == NULL)
    return;
  g_free (lec->rows);
  g_free (lec->X);
  g_free (lec->Y);
  g_free (lec->Z1);
  g_free (lec->A1);
  g_free (lec->Z2);
  g_free (lec->A2);
  g_free (lec->dZ2);
  g_free (lec->dZ1);
  nnp_params_free (lec->theta);
  nnp_params_free (lec->grads);
  nnp_params_free (lec->next);
  g_free (lec);
}

static NnpLecture *
lecture_alloc (size_t r, size_t d, size_t h)
{
  NnpLecture *lec = g_try_new0 (NnpLecture, 1);

  if (lec == NULL)
    return NULL;
  lec->rows = g_try_new0 (size_t, MAX (r, 1));
  lec->X = g_try_new0 (double, MAX (r * d, 1));
  lec->Y = g_try_new0 (double, MAX (r, 1));
  lec->Z1 = g_try_new0 (double, MAX (r * h, 1));
  lec->A1 = g_try_new0 (double, MAX (r * h, 1));
  lec->Z2 = g_try_new0 (double, MAX (r, 1));
  lec->A2 = g_try_new0 (double, MAX (r, 1));
  lec->dZ2 = g_try_new0 (double, MAX (r, 1));
  lec->dZ1 = g_try_new0 (double, MAX (r * h, 1));
  lec->theta = nnp_params_alloc (d, h);
  lec->grads = nnp_params_alloc (d, h);
  lec->next = nnp_params_alloc (d, h);
  if (!lec->rows || !lec->X || !lec->Y || !lec->Z1 || !lec->A1 || !lec->Z2 || !lec->A2
      || !lec->dZ2 || !lec->dZ1 || !lec->theta || !lec->grads || !lec->next)
    {
      nnp_lecture_free (lec);
      return NULL;
    }
  return lec;
}

/* One row of the slides, with the scalar g and g' the plain code uses:
 *   z1_j = b1_j + x . w1_j,  a1_j = g(z1_j),  z2 = b2 + a1 . w2,  a2 = sigma(z2)
 *   dz2 = (a2 - y) / n,      dz1_j = dz2 W2_j g'(z1_j, a1_j) */
static void
lecture_row (NnpLecture *lec, size_t k, const double *x, double y, const NnpParams *p)
{
  const size_t d = lec->d, h = lec->h;
  double *z1 = lec->Z1 + k * h, *a1 = lec->A1 + k * h, *dz1 = lec->dZ1 + k * h;
  const double *W1 = p->W1.matrix.data, *b1 = p->b1.vector.data, *W2 = p->W2.matrix.data;
  double z2 = *p->b2;

  memcpy (lec->X + k * d, x, d * sizeof (double));
  lec->Y[k] = y;
  for (size_t j = 0; j < h; j++)
    {
      double z = b1[j * p->b1.vector.stride];
      for (size_t c = 0; c < d; c++)
        z += x[c] * W1[j * p->W1.matrix.tda + c];
      z1[j] = z;
      a1[j] = nnp_activation_g (lec->act, z);
      z2 += a1[j] * W2[j];
    }
  lec->Z2[k] = z2;
  lec->A2[k] = nnp_activation_g (NNP_ACT_SIGMOID, z2);
  lec->dZ2[k] = (lec->A2[k] - y) / (double) lec->n;
  for (size_t j = 0; j < h; j++)
    dz1[j] = lec->dZ2[k] * W2[j] * nnp_activation_dg (lec->act, z1[j], a1[j]);
}

NnpLecture *
nnp_lecture_new (const NnpModel *m, const NnpDataset *ds,
                 const size_t *rows, size_t r, double alpha)
{
  g_return_val_if_fail (m != NULL && ds != NULL, NULL);
  if (ds->n < 1 || m->theta->d != ds->d || !(isfinite (alpha) && alpha > 0)
      || r > NNP_LECTURE_MAX_ROWS || (rows == NULL && r > 0))
    return NULL;
  if (rows == NULL)
    r = MIN (ds->n, NNP_LECTURE_DEFAULT_ROWS);
  for (size_t k = 0; rows != NULL && k < r; k++)
    if (rows[k] >= ds->n)
      return NULL;

  const size_t d = m->theta->d, h = m->theta->h;
  NnpLecture *lec = lecture_alloc (r, d, h);
  NnpWorkspace *ws = nnp_workspace_alloc (h);
  if (lec == NULL || ws == NULL)
    {
      nnp_lecture_free (lec);
      nnp_workspace_free (ws);
      return NULL;
    }
  lec->n = ds->n;
  lec->d = d;
  lec->h = h;
  lec->r = r;
  lec->act = m->act;
  lec->alpha = alpha;
  nnp_params_copy (lec->theta, m->theta);
  for (size_t k = 0; k < r; k++)
    {
      lec->rows[k] = rows != NULL ? rows[k] : k;
      lecture_row (lec, k, ds->X + lec->rows[k] * d, ds->y[lec->rows[k]], m->theta);
    }

  /* J and the gradients over all n rows: the training kernel's own numbers */
  NnpEval eval;
  nnp_forward_backward (lec->grads, &eval, ds->X, ds->y, NULL, ds->n, m, ws);
  nnp_workspace_free (ws);
  lec->J = eval.cost;

  /* theta(t+1) = theta(t) - alpha grad J(theta(t)) */
  for (size_t i = 0; i < lec->next->size; i++)
    lec->next->block[i] = lec->theta->block[i] - alpha * lec->grads->block[i];
  return lec;
}

long
nnp_lecture_find_row (const NnpLecture *lec, size_t i)
{
  g_return_val_if_fail (lec != NULL, -1);
  for (size_t k = 0; k < lec->r; k++)
    if (lec->rows[k] == i)
      return (long) k;
  return -1;
}

size_t
nnp_lecture_parse_rows (const char *text, size_t n, size_t *rows, size_t *bad)
{
  g_return_val_if_fail (text != NULL && rows != NULL && bad != NULL, 0);
  g_auto(GStrv) items = g_strsplit (text, ",", -1);
  size_t r = 0;

  *bad = 0;
  for (size_t k = 0; items[k] != NULL; k++)
    {
      const char *s = g_strstrip (items[k]);
      char *end = NULL;
      guint64 v;

      errno = 0;
      v = g_ascii_strtoull (s, &end, 10);
      gboolean ok = *s >= '0' && *s <= '9' && end != NULL && *end == '\0' && errno == 0
                    && v >= 1 && v <= n && r < NNP_LECTURE_MAX_ROWS;
      for (size_t q = 0; ok && q < r; q++)
        ok = rows[q] != v - 1;
      if (!ok)
        {
          *bad = k + 1;
          return 0;
        }
      rows[r++] = (size_t) (v - 1);
    }
  if (r == 0)
    *bad = 1;
  return r;
}
