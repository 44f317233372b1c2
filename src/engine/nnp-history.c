/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nnp-history.c: the per-epoch record of cost and accuracy. */
#define G_LOG_DOMAIN "nnplay-engine"
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <glib.h>

#include <nnplay/nnp-train.h>

NnpHistory *
nnp_history_new (int has_test)
{
  NnpHistory *h = calloc (1, sizeof *h);
  if (h != NULL)
    h->has_test = has_test != 0;
  return h;
}

void
nnp_history_free (NnpHistory *h)
{
  if (h == NULL)
    return;
  free (h->train_cost);
  free (h->train_acc);
  free (h->test_cost);
  free (h->test_acc);
  free (h);
}

static int
history_reserve (NnpHistory *h, size_t cap)
{
  if (cap <= h->cap)
    return 0;
  double **cols[4] = { &h->train_cost, &h->train_acc, &h->test_cost, &h->test_acc };
  for (int c = 0; c < 4; c++)
    {
      double *a = realloc (*cols[c], cap * sizeof (double));
      if (a == NULL)
        return NNP_ENOMEM;
      *cols[c] = a;
    }
  h->cap = cap;
  return 0;
}

NnpHistory *
nnp_history_dup (const NnpHistory *h)
{
  g_return_val_if_fail (h != NULL, NULL);
  NnpHistory *c = nnp_history_new (h->has_test);
  if (c == NULL)
    return NULL;
  if (h->len > 0)
    {
      if (history_reserve (c, h->len) != 0)
        {
          nnp_history_free (c);
          return NULL;
        }
      memcpy (c->train_cost, h->train_cost, h->len * sizeof (double));
      memcpy (c->train_acc, h->train_acc, h->len * sizeof (double));
      memcpy (c->test_cost, h->test_cost, h->len * sizeof (double));
      memcpy (c->test_acc, h->test_acc, h->len * sizeof (double));
    }
  c->len = h->len;
  return c;
}

void
nnp_history_clear (NnpHistory *h)
{
  g_return_if_fail (h != NULL);
  h->len = 0;
}

int
nnp_history_reserve (NnpHistory *h, size_t cap)
{
  g_return_val_if_fail (h != NULL, NNP_EINVAL);
  return history_reserve (h, cap);
}

int
nnp_history_append (NnpHistory *h, double train_cost, double train_acc,
                    double test_cost, double test_acc)
{
  g_return_val_if_fail (h != NULL, NNP_EINVAL);
  if (h->len == h->cap && history_reserve (h, h->cap ? h->cap * 2 : 256) != 0)
    return NNP_ENOMEM;
  h->train_cost[h->len] = train_cost;
  h->train_acc[h->len] = train_acc;
  h->test_cost[h->len] = h->has_test ? test_cost : 0.0;
  h->test_acc[h->len] = h->has_test ? test_acc : 0.0;
  h->len++;
  return 0;
}

void
nnp_history_thin (NnpHistory *h, size_t offset)
{
  size_t k = 0;

  g_return_if_fail (h != NULL);
  for (size_t i = offset % 2; i < h->len; i += 2, k++)
    {
      h->train_cost[k] = h->train_cost[i];
      h->train_acc[k] = h->train_acc[i];
      h->test_cost[k] = h->test_cost[i];
      h->test_acc[k] = h->test_acc[i];
    }
  h->len = k;
}

void
nnp_history_retype (NnpHistory *h, int has_test, double test_cost, double test_acc)
{
  g_return_if_fail (h != NULL);
  has_test = has_test != 0;
  if (h->has_test == has_test)
    return;
  for (size_t t = 0; t < h->len; t++)
    {
      h->test_cost[t] = has_test ? test_cost : 0.0;
      h->test_acc[t] = has_test ? test_acc : 0.0;
    }
  h->has_test = has_test;
}
