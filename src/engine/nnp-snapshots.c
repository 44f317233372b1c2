/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nnp-snapshots.c: theta at past epochs, dense at first and then geometrically spaced. */
#define G_LOG_DOMAIN "nnplay-engine"
#include "config.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>

#include "nnplay/nnp-snapshots.h"

typedef struct {
  size_t epoch;
  NnpModel *model;
} Snapshot;

struct NnpSnapshots {
  size_t len, cap;
  Snapshot *items;   /* epochs ascending */
};

NnpSnapshots *
nnp_snapshots_new (void)
{
  return calloc (1, sizeof (NnpSnapshots));
}

void
nnp_snapshots_clear (NnpSnapshots *s)
{
  g_return_if_fail (s != NULL);
  for (size_t i = 0; i < s->len; i++)
    nnp_model_free (s->items[i].model);
  s->len = 0;
}

void
nnp_snapshots_free (NnpSnapshots *s)
{
  if (s == NULL)
    return;
  nnp_snapshots_clear (s);
  free (s->items);
  free (s);
}

NnpSnapshots *
nnp_snapshots_dup (const NnpSnapshots *s)
{
  g_return_val_if_fail (s != NULL, NULL);
  NnpSnapshots *c = nnp_snapshots_new ();
  if (c == NULL)
    return NULL;
  c->items = calloc (MAX (s->len, (size_t) 1), sizeof (Snapshot));
  if (c->items == NULL)
    {
      free (c);
      return NULL;
    }
  c->cap = MAX (s->len, (size_t) 1);
  for (size_t i = 0; i < s->len; i++)
    {
      c->items[i].epoch = s->items[i].epoch;
      c->items[i].model = nnp_model_dup (s->items[i].model);
      if (c->items[i].model == NULL)
        {
          nnp_snapshots_free (c);
          return NULL;
        }
      c->len = i + 1;
    }
  return c;
}

/* The first epoch at or past 100 * 10^(k / 20). */
static double
threshold (long k)
{
  return ceil (NNP_SNAPSHOTS_DENSE * pow (10.0, (double) k / NNP_SNAPSHOTS_PER_DECADE));
}

int
nnp_snapshots_keeps (size_t epoch)
{
  if (epoch <= NNP_SNAPSHOTS_DENSE)
    return 1;
  double e = (double) epoch;
  long k = (long) floor (NNP_SNAPSHOTS_PER_DECADE * log10 (e / NNP_SNAPSHOTS_DENSE));
  /* log10 may round either way next to a threshold: test both neighbours. */
  return e == threshold (k) || e == threshold (k + 1);
}

size_t
nnp_snapshots_next_kept (size_t epoch)
{
  if (epoch < NNP_SNAPSHOTS_DENSE)
    return epoch + 1;
  long k = (long) floor (NNP_SNAPSHOTS_PER_DECADE * log10 ((double) epoch / NNP_SNAPSHOTS_DENSE));
  for (long j = k; j < k + 3; j++)
    {
      double t = threshold (j);
      if (t > (double) epoch)
        return t < (double) SIZE_MAX ? (size_t) t : SIZE_MAX;
    }
  return SIZE_MAX;
}

static int push (NnpSnapshots *s, size_t epoch, const NnpModel *m);

int
nnp_snapshots_record (NnpSnapshots *s, size_t epoch, const NnpModel *m)
{
  g_return_val_if_fail (s != NULL && m != NULL, NNP_EINVAL);

  Snapshot *last = s->len > 0 ? &s->items[s->len - 1] : NULL;
  if (last != NULL && epoch == last->epoch)
    {
      if (last->model->theta->size == m->theta->size && last->model->theta->d == m->theta->d)
        {
          nnp_params_copy (last->model->theta, m->theta);
          last->model->act = m->act;
          return 0;
        }
      NnpModel *c = nnp_model_dup (m);
      if (c == NULL)
        return NNP_ENOMEM;
      nnp_model_free (last->model);
      last->model = c;
      return 0;
    }
  if (last != NULL && (epoch < last->epoch || !nnp_snapshots_keeps (epoch)))
    return 0;
  return push (s, epoch, m);
}

int
nnp_snapshots_append (NnpSnapshots *s, size_t epoch, const NnpModel *m)
{
  g_return_val_if_fail (s != NULL && m != NULL, NNP_EINVAL);
  if (s->len > 0 && epoch <= s->items[s->len - 1].epoch)
    return NNP_EINVAL;
  return push (s, epoch, m);
}

/* A copy of m at the end, as theta at epoch. */
static int
push (NnpSnapshots *s, size_t epoch, const NnpModel *m)
{
  if (s->len == s->cap)
    {
      size_t cap = MAX ((size_t) 128, 2 * s->cap);
      Snapshot *items = realloc (s->items, cap * sizeof (Snapshot));
      if (items == NULL)
        return NNP_ENOMEM;
      s->items = items;
      s->cap = cap;
    }
  NnpModel *c = nnp_model_dup (m);
  if (c == NULL)
    return NNP_ENOMEM;
  s->items[s->len].epoch = epoch;
  s->items[s->len].model = c;
  s->len++;
  return 0;
}

size_t
nnp_snapshots_len (const NnpSnapshots *s)
{
  g_return_val_if_fail (s != NULL, 0);
  return s->len;
}

const NnpModel *
nnp_snapshots_nth (const NnpSnapshots *s, size_t i, size_t *epoch)
{
  g_return_val_if_fail (s != NULL && i < s->len, NULL);
  if (epoch != NULL)
    *epoch = s->items[i].epoch;
  return s->items[i].model;
}

/* The number of snapshots at or before epoch. */
static size_t
count_upto (const NnpSnapshots *s, size_t epoch)
{
  size_t lo = 0, hi = s->len;

  while (lo < hi)
    {
      size_t mid = lo + (hi - lo) / 2;
      if (s->items[mid].epoch <= epoch)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

const NnpModel *
nnp_snapshots_find (const NnpSnapshots *s, size_t epoch, size_t *found)
{
  g_return_val_if_fail (s != NULL, NULL);
  size_t n = count_upto (s, epoch);
  if (n == 0)
    return NULL;
  return nnp_snapshots_nth (s, n - 1, found);
}

const NnpModel *
nnp_snapshots_find_after (const NnpSnapshots *s, size_t epoch, size_t *found)
{
  g_return_val_if_fail (s != NULL, NULL);
  size_t n = epoch == 0 ? 0 : count_upto (s, epoch - 1);
  if (n == s->len)
    return NULL;
  return nnp_snapshots_nth (s, n, found);
}

void
nnp_snapshots_truncate (NnpSnapshots *s, size_t epoch)
{
  g_return_if_fail (s != NULL);
  size_t n = count_upto (s, epoch);
  for (size_t i = n; i < s->len; i++)
    nnp_model_free (s->items[i].model);
  s->len = n;
}

size_t
nnp_snapshots_bytes (const NnpSnapshots *s)
{
  g_return_val_if_fail (s != NULL, 0);
  size_t bytes = sizeof *s + s->cap * sizeof (Snapshot);
  for (size_t i = 0; i < s->len; i++)
    bytes += sizeof (NnpModel) + sizeof (NnpParams) + s->items[i].model->theta->size * sizeof (double);
  return bytes;
}
