/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nnp-dataset.c: labelled points (X, y): storage, editing, test splits. */
#define G_LOG_DOMAIN "nnplay-engine"
#define _DEFAULT_SOURCE 1   /* madvise, MADV_HUGEPAGE, posix_memalign */

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <gsl/gsl_rng.h>

#include "nnplay/nnp-dataset.h"
#include "nnplay/nnp-seed.h"

#define MIN_CAP 16

/* Buffers of 4 MiB and more (X from about 260,000 rows of two inputs)
 * start on a 2 MiB boundary and are marked for transparent huge pages,
 * which a kernel in "madvise" mode gives only on request (numpy asks the
 * same for its arrays from 4 MiB). A training epoch streams X and y
 * through once; in 4 KiB pages each tile of 256 rows crosses one or two
 * pages, and the page walks (under a virtual machine, nested ones) cost
 * n = 1M, h = 2 5-10% of its time (README, "Huge pages for the data").
 * Zeroed like g_try_new0, freed and grown by g_free and g_try_realloc_n
 * like the others. From NNP_DATASET_HUGE_BYTES. */
#define HUGE_BYTES ((size_t) 2 << 20)

static double *
buffer_new0 (size_t count)
{
  const size_t bytes = count * sizeof (double);   /* callers bound count */
  if (bytes < NNP_DATASET_HUGE_BYTES)
    return g_try_new0 (double, count);
  if (bytes > SIZE_MAX - HUGE_BYTES)
    return NULL;
  const size_t rounded = (bytes + HUGE_BYTES - 1) / HUGE_BYTES * HUGE_BYTES;
  void *p = NULL;
  if (posix_memalign (&p, HUGE_BYTES, rounded) != 0)
    return NULL;
#ifdef MADV_HUGEPAGE
  (void) madvise (p, rounded, MADV_HUGEPAGE);   /* advice only: no THP, no harm */
#endif
  memset (p, 0, bytes);
  return p;
}

static NnpDataset *
dataset_new_cap (size_t n, size_t d, size_t cap)
{
  NnpDataset *ds;

  if (cap < n)
    cap = n;
  if (cap < MIN_CAP)
    cap = MIN_CAP;
  if (cap > G_MAXSIZE / sizeof (double) / d)
    return NULL;

  ds = g_new0 (NnpDataset, 1);
  ds->n = n;
  ds->d = d;
  ds->cap = cap;
  ds->X = buffer_new0 (cap * d);
  ds->y = buffer_new0 (cap);
  if (ds->X == NULL || ds->y == NULL)
    {
      nnp_dataset_free (ds);
      return NULL;
    }
  return ds;
}

NnpDataset *
nnp_dataset_alloc (size_t n, size_t d)
{
  g_return_val_if_fail (d >= 1, NULL);

  return dataset_new_cap (n, d, n);
}

void
nnp_dataset_free (NnpDataset *ds)
{
  if (ds == NULL)
    return;
  g_free (ds->X);
  g_free (ds->y);
  g_free (ds);
}

NnpDataset *
nnp_dataset_dup (const NnpDataset *ds)
{
  NnpDataset *copy;

  g_return_val_if_fail (ds != NULL, NULL);

  copy = dataset_new_cap (ds->n, ds->d, ds->n);
  if (copy == NULL)
    return NULL;
  if (ds->n > 0)
    {
      memcpy (copy->X, ds->X, ds->n * ds->d * sizeof (double));
      memcpy (copy->y, ds->y, ds->n * sizeof (double));
    }
  return copy;
}

gboolean
nnp_dataset_append (NnpDataset *ds, const double *x, double y)
{
  g_return_val_if_fail (ds != NULL, FALSE);
  g_return_val_if_fail (x != NULL, FALSE);
  g_return_val_if_fail (y == 0.0 || y == 1.0, FALSE);

  if (ds->n == ds->cap)
    {
      size_t cap = ds->cap < MIN_CAP ? MIN_CAP : 2 * ds->cap;
      double *X, *Y;

      if (cap > G_MAXSIZE / sizeof (double) / ds->d)
        return FALSE;
      X = g_try_realloc_n (ds->X, cap * ds->d, sizeof (double));
      if (X == NULL)
        return FALSE;
      ds->X = X;
      Y = g_try_realloc_n (ds->y, cap, sizeof (double));
      if (Y == NULL)
        return FALSE;   /* X is merely larger than needed; ds stays valid */
      ds->y = Y;
      ds->cap = cap;
    }

  memcpy (ds->X + ds->n * ds->d, x, ds->d * sizeof (double));
  ds->y[ds->n] = y == 0.0 ? 0.0 : 1.0;   /* -0.0 stored as 0.0 */
  ds->n++;
  return TRUE;
}

void
nnp_dataset_remove (NnpDataset *ds, size_t i)
{
  g_return_if_fail (ds != NULL);
  g_return_if_fail (i < ds->n);

  memmove (ds->X + i * ds->d, ds->X + (i + 1) * ds->d,
           (ds->n - i - 1) * ds->d * sizeof (double));
  memmove (ds->y + i, ds->y + i + 1, (ds->n - i - 1) * sizeof (double));
  ds->n--;
}

void
nnp_dataset_range (const NnpDataset *ds, size_t k, double *lo, double *hi)
{
  double a = 0.0, b = 0.0;

  g_return_if_fail (ds != NULL);
  g_return_if_fail (k < ds->d);

  if (ds->n > 0)
    {
      a = b = ds->X[k];
      for (size_t i = 1; i < ds->n; i++)
        {
          double v = ds->X[i * ds->d + k];
          if (v < a)
            a = v;
          if (v > b)
            b = v;
        }
    }
  if (lo != NULL)
    *lo = a;
  if (hi != NULL)
    *hi = b;
}

gsl_matrix_view
nnp_dataset_X_view (const NnpDataset *ds)
{
  static const gsl_matrix_view empty;

  g_return_val_if_fail (ds != NULL && ds->n >= 1, empty);

  return gsl_matrix_view_array (ds->X, ds->n, ds->d);
}

gsl_vector_view
nnp_dataset_y_view (const NnpDataset *ds)
{
  static const gsl_vector_view empty;

  g_return_val_if_fail (ds != NULL && ds->n >= 1, empty);

  return gsl_vector_view_array (ds->y, ds->n);
}

/* Partial Fisher-Yates: the first k slots of a seeded shuffle of 0..n-1
 * become the test rows. */
void
nnp_split_mask (guint8 *is_test, size_t n, double fraction, uint64_t seed)
{
  g_autofree size_t *idx = NULL;
  gsl_rng *r;
  size_t k;

  g_return_if_fail (is_test != NULL || n == 0);
  g_return_if_fail (fraction >= 0.0 && fraction < 1.0);
  g_return_if_fail (n <= 0xffffffffu);   /* gsl_rng_uniform_int's range */

  if (n == 0)
    return;
  memset (is_test, 0, n);
  k = (size_t) round (fraction * (double) n);
  if (k == 0)
    return;

  idx = g_new (size_t, n);
  for (size_t i = 0; i < n; i++)
    idx[i] = i;
  r = nnp_rng_new (seed);
  g_return_if_fail (r != NULL);
  for (size_t i = 0; i < k; i++)
    {
      size_t j = i + (size_t) gsl_rng_uniform_int (r, n - i);
      size_t t = idx[i];
      idx[i] = idx[j];
      idx[j] = t;
      is_test[idx[i]] = 1;
    }
  gsl_rng_free (r);
}

NnpDataset *
nnp_dataset_subset (const NnpDataset *ds, const guint8 *mask, guint8 want)
{
  NnpDataset *out;
  size_t m = 0;

  g_return_val_if_fail (ds != NULL, NULL);

  for (size_t i = 0; i < ds->n; i++)
    if (mask == NULL || mask[i] == want)
      m++;

  out = dataset_new_cap (m, ds->d, m);
  if (out == NULL)
    return NULL;

  m = 0;
  for (size_t i = 0; i < ds->n; i++)
    if (mask == NULL || mask[i] == want)
      {
        memcpy (out->X + m * ds->d, ds->X + i * ds->d, ds->d * sizeof (double));
        out->y[m] = ds->y[i];
        m++;
      }
  return out;
}

void
nnp_dataset_feature_stats (const NnpDataset *ds, double *mean, double *sd)
{
  g_return_if_fail (ds != NULL && mean != NULL && sd != NULL);
  for (size_t k = 0; k < ds->d; k++)
    {
      double m = 0.0, v = 0.0;
      /* Two passes: the mean, then the squares about it (no cancellation). */
      for (size_t i = 0; i < ds->n; i++)
        m += ds->X[i * ds->d + k];
      m = ds->n > 0 ? m / (double) ds->n : 0.0;
      for (size_t i = 0; i < ds->n; i++)
        {
          double e = ds->X[i * ds->d + k] - m;
          v += e * e;
        }
      v = ds->n > 0 ? sqrt (v / (double) ds->n) : 0.0;
      mean[k] = isfinite (m) ? m : 0.0;
      sd[k] = isfinite (v) && v > 0.0 ? v : 1.0;
    }
}

void
nnp_dataset_standardize (NnpDataset *ds, const double *mean, const double *sd)
{
  g_return_if_fail (ds != NULL && mean != NULL && sd != NULL);
  for (size_t i = 0; i < ds->n; i++)
    for (size_t k = 0; k < ds->d; k++)
      ds->X[i * ds->d + k] = (ds->X[i * ds->d + k] - mean[k]) / sd[k];
}
