/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-history.c: thinning a cost curve (whole or in two parts) and adding or dropping its test columns. */
#define G_LOG_DOMAIN "nnplay-test"
#include "config.h"

#include <math.h>
#include <glib.h>
#include <nnplay/nnp-train.h>

/* Entry t of a curve: every column says t, so a kept entry shows where it came from. */
static NnpHistory *
curve (size_t from, size_t len, int has_test)
{
  NnpHistory *h = nnp_history_new (has_test);

  for (size_t t = from; t < from + len; t++)
    g_assert_cmpint (nnp_history_append (h, 2.385 * (double) t, (double) t / 1e6,
                                         0.731 * (double) t, (double) t / 2e6), ==, 0);
  return h;
}

static void
assert_entry (const NnpHistory *h, size_t i, size_t t)
{
  g_assert_cmpfloat (h->train_cost[i], ==, 2.385 * (double) t);
  g_assert_cmpfloat (h->train_acc[i], ==, (double) t / 1e6);
  if (h->has_test)
    {
      g_assert_cmpfloat (h->test_cost[i], ==, 0.731 * (double) t);
      g_assert_cmpfloat (h->test_acc[i], ==, (double) t / 2e6);
    }
}

static void
test_thin (void)
{
  NnpHistory *h = curve (0, 11, TRUE);

  nnp_history_thin (h, 0);
  g_assert_cmpuint (h->len, ==, 6);
  for (size_t i = 0; i < 6; i++)
    assert_entry (h, i, 2 * i);
  nnp_history_thin (h, 1);            /* as the tail of an odd-length head */
  g_assert_cmpuint (h->len, ==, 3);
  for (size_t i = 0; i < 3; i++)
    assert_entry (h, i, 4 * i + 2);
  nnp_history_free (h);

  h = curve (0, 0, FALSE);
  nnp_history_thin (h, 0);
  g_assert_cmpuint (h->len, ==, 0);
  nnp_history_free (h);
}

/* What the app's live trainer relies on: the UI's part and the thread's
 * part, thinned separately k times, together equal the whole thinned k
 * times, whatever the split and the parities. */
static void
test_thin_in_two_parts (void)
{
  for (size_t n = 1; n <= 40; n++)
    for (size_t u = 0; u <= n; u++)
      for (guint k = 1; k <= 3; k++)
        {
          NnpHistory *whole = curve (0, n, TRUE);
          NnpHistory *head = curve (0, u, TRUE), *tail = curve (u, n - u, TRUE);
          size_t ui = u;

          for (guint r = 0; r < k; r++)
            {
              nnp_history_thin (whole, 0);
              nnp_history_thin (tail, ui);
              ui = (ui + 1) / 2;
            }
          for (guint r = 0; r < k; r++)
            nnp_history_thin (head, 0);
          g_assert_cmpuint (head->len, ==, ui);
          g_assert_cmpuint (head->len + tail->len, ==, whole->len);
          for (size_t i = 0; i < whole->len; i++)
            {
              const NnpHistory *part = i < head->len ? head : tail;
              size_t j = i < head->len ? i : i - head->len;
              g_assert_cmpfloat (part->train_cost[j], ==, whole->train_cost[i]);
              g_assert_cmpfloat (part->test_acc[j], ==, whole->test_acc[i]);
            }
          nnp_history_free (whole);
          nnp_history_free (head);
          nnp_history_free (tail);
        }
}

static void
test_retype (void)
{
  NnpHistory *h = curve (0, 5, FALSE);

  /* the split turned on: the test columns show the current weights' value */
  nnp_history_retype (h, TRUE, 0.6931, 0.4375);
  g_assert_true (h->has_test);
  g_assert_cmpuint (h->len, ==, 5);
  for (size_t i = 0; i < 5; i++)
    {
      g_assert_cmpfloat (h->train_cost[i], ==, 2.385 * (double) i);
      g_assert_cmpfloat (h->train_acc[i], ==, (double) i / 1e6);
      g_assert_cmpfloat (h->test_cost[i], ==, 0.6931);
      g_assert_cmpfloat (h->test_acc[i], ==, 0.4375);
    }
  /* already of that kind: kept as it is */
  nnp_history_retype (h, TRUE, 9.0, 9.0);
  g_assert_cmpfloat (h->test_cost[4], ==, 0.6931);
  g_assert_cmpint (nnp_history_append (h, 1.0, 1.0, 0.25, 0.5), ==, 0);
  g_assert_cmpfloat (h->test_cost[5], ==, 0.25);

  /* and off again: train columns untouched, test columns as append leaves them */
  nnp_history_retype (h, FALSE, 0.0, 0.0);
  g_assert_false (h->has_test);
  g_assert_cmpuint (h->len, ==, 6);
  for (size_t i = 0; i < 5; i++)
    assert_entry (h, i, i);
  for (size_t i = 0; i < 6; i++)
    g_assert_cmpfloat (h->test_cost[i] + h->test_acc[i], ==, 0.0);
  nnp_history_free (h);

  h = nnp_history_new (FALSE);
  nnp_history_retype (h, TRUE, 1.0, 1.0);
  g_assert_true (h->has_test);
  g_assert_cmpuint (h->len, ==, 0);
  nnp_history_free (h);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/engine/history/thin", test_thin);
  g_test_add_func ("/engine/history/thin-in-two-parts", test_thin_in_two_parts);
  g_test_add_func ("/engine/history/retype", test_retype);
  return g_test_run ();
}
