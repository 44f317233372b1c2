/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-snapshots.c: the snapshot store's keep rule, its memory bound after 10^8 epochs, and exactness against a replay. */
#define G_LOG_DOMAIN "nnplay-test"
#include "config.h"

#include <math.h>
#include <string.h>
#include <glib.h>
#include <nnplay/nnp-snapshots.h>
#include <nnplay/nnp-train.h>

/* Epochs 0..100 all, then the first epoch at or past each 100 * 10^(k/20),
 * computed here by walking k, not by asking the store. */
static void
test_keep_rule (void)
{
  size_t next_k = 1;
  double next = 100.0 * pow (10.0, 1.0 / 20.0);
  size_t kept = 0, last = 0;

  for (size_t e = 0; e <= 200000; e++)
    {
      gboolean expect = e <= 100;
      if (e > 100 && (double) e >= next)
        {
          expect = TRUE;
          while ((double) e >= next)
            next = 100.0 * pow (10.0, (double) ++next_k / 20.0);
        }
      if (expect != !!nnp_snapshots_keeps (e))
        g_error ("epoch %zu: kept %d, expected %d", e, nnp_snapshots_keeps (e), expect);
      if (expect && e > 0)
        g_assert_cmpuint (nnp_snapshots_next_kept (last), ==, e);
      if (expect)
        last = e;
      kept += expect;
    }
  /* 101 dense + 20 per decade over 100..200,000 (3.3 decades: 66). */
  g_assert_cmpuint (kept, ==, 101 + 66);
}

/* 10^8 epochs fed at h = 64 (no training: the bound depends on the epoch
 * numbers only), then the count and the bytes against the header's bound. */
static void
test_bound (void)
{
  NnpSnapshots *s = nnp_snapshots_new ();
  NnpModel *m = nnp_model_alloc (2, 64, NNP_ACT_SIGMOID);
  const size_t E = 100000000;

  /* Walking 10^8 epochs one by one through nnp_snapshots_keeps takes
   * seconds; the keep-rule test checks next_kept against it. */
  for (size_t e = 0; e <= E; e = nnp_snapshots_next_kept (e))
    {
      g_assert_true (nnp_snapshots_keeps (e));
      g_assert_false (nnp_snapshots_keeps (e + 1) && e > 100);
      m->theta->block[0] = (double) e;
      g_assert_cmpint (nnp_snapshots_record (s, e, m), ==, 0);
    }
  /* The latest, as the live trainer records it. */
  size_t n = nnp_snapshots_len (s);
  size_t bound = 101 + (size_t) floor (20 * log10 ((double) E / 100)) + 1;
  g_test_message ("%zu snapshots, %zu bytes after 1e8 epochs at h = 64", n,
                  nnp_snapshots_bytes (s));
  g_assert_cmpuint (n, <=, bound);
  g_assert_cmpuint (n, >=, bound - 2);
  g_assert_cmpuint (nnp_snapshots_bytes (s), <, 50u * 1000 * 1000);
  g_assert_cmpuint (nnp_snapshots_bytes (s), <, 1000u * 1000);
  /* Each holds its own epoch's copy. */
  for (size_t i = 0; i < n; i++)
    {
      size_t e;
      const NnpModel *k = nnp_snapshots_nth (s, i, &e);
      g_assert_cmpfloat (k->theta->block[0], ==, (double) e);
    }
  nnp_model_free (m);
  nnp_snapshots_free (s);
}

static void
test_find_truncate (void)
{
  NnpSnapshots *s = nnp_snapshots_new ();
  NnpModel *m = nnp_model_alloc (2, 3, NNP_ACT_TANH);
  size_t found = 0;

  g_assert_null (nnp_snapshots_find (s, 5, &found));
  /* A run loaded at epoch 5000 starts its store there. */
  m->theta->block[1] = 2.385;
  g_assert_cmpint (nnp_snapshots_record (s, 5000, m), ==, 0);
  g_assert_cmpint (nnp_snapshots_record (s, 5001, m), ==, 0);   /* not kept */
  g_assert_cmpint (nnp_snapshots_record (s, 4000, m), ==, 0);   /* earlier: ignored */
  g_assert_cmpuint (nnp_snapshots_len (s), ==, 1);
  g_assert_true (nnp_snapshots_keeps (5012));
  m->theta->block[1] = -0.731;
  g_assert_cmpint (nnp_snapshots_record (s, 5012, m), ==, 0);
  g_assert_cmpuint (nnp_snapshots_len (s), ==, 2);
  /* The model changed at the same epoch (a new activation): replaced. */
  m->act = NNP_ACT_RELU;
  g_assert_cmpint (nnp_snapshots_record (s, 5012, m), ==, 0);
  g_assert_cmpuint (nnp_snapshots_len (s), ==, 2);
  /* A different shape at the same epoch (h grew) too. */
  NnpModel *big = nnp_model_alloc (2, 5, NNP_ACT_SIGMOID);
  g_assert_cmpint (nnp_snapshots_record (s, 5012, big), ==, 0);
  g_assert_cmpuint (nnp_snapshots_nth (s, 1, NULL)->theta->h, ==, 5);

  const NnpModel *k = nnp_snapshots_find (s, 5011, &found);
  g_assert_cmpuint (found, ==, 5000);
  g_assert_nonnull (nnp_snapshots_find_after (s, 5001, &found));
  g_assert_cmpuint (found, ==, 5012);
  g_assert_nonnull (nnp_snapshots_find_after (s, 5000, &found));
  g_assert_cmpuint (found, ==, 5000);
  g_assert_nonnull (nnp_snapshots_find_after (s, 0, &found));
  g_assert_cmpuint (found, ==, 5000);
  g_assert_null (nnp_snapshots_find_after (s, 5013, &found));
  g_assert_cmpfloat (k->theta->block[1], ==, 2.385);
  k = nnp_snapshots_find (s, 1000000, &found);
  g_assert_cmpuint (found, ==, 5012);
  g_assert_cmpint (k->act, ==, NNP_ACT_SIGMOID);

  NnpSnapshots *c = nnp_snapshots_dup (s);
  nnp_snapshots_truncate (s, 5011);
  g_assert_cmpuint (nnp_snapshots_len (s), ==, 1);
  g_assert_cmpuint (nnp_snapshots_len (c), ==, 2);
  g_assert_cmpuint (nnp_snapshots_nth (c, 1, &found)->theta->h, ==, 5);
  g_assert_cmpuint (found, ==, 5012);
  nnp_snapshots_clear (c);
  g_assert_cmpuint (nnp_snapshots_len (c), ==, 0);
  nnp_snapshots_free (c);
  nnp_snapshots_free (NULL);
  nnp_model_free (big);
  nnp_model_free (m);
  nnp_snapshots_free (s);
}

/* Full batch: the snapshot at epoch e is bit for bit theta after an
 * independent replay of e epochs from the same seed. */
static void
test_exact (void)
{
  NnpDataset *ds = nnp_dataset_generate (NNP_GEN_MOONS, 200, 0.1, 7);
  NnpTrainOptions opt = { .lr = 0.5, .batch = 0, .seed = 3, .threads = 1 };
  NnpModel *m = nnp_model_alloc (2, 4, NNP_ACT_TANH);
  NnpSnapshots *s = nnp_snapshots_new ();
  const size_t E = 400;

  nnp_model_init_random (m, 3);
  NnpTrainer *t = nnp_trainer_new (m, ds, NULL, NULL, &opt);
  g_assert_cmpint (nnp_snapshots_record (s, 0, m), ==, 0);
  for (size_t e = 1; e <= E; e++)
    {
      g_assert_cmpint (nnp_trainer_epoch (t), ==, NNP_OK);
      g_assert_cmpint (nnp_snapshots_record (s, e, m), ==, 0);
    }
  nnp_trainer_free (t);

  const size_t probe[] = { 0, 1, 37, 100, 113, 126, 200, 399 };
  for (size_t p = 0; p < G_N_ELEMENTS (probe); p++)
    {
      size_t found;
      const NnpModel *k = nnp_snapshots_find (s, probe[p], &found);
      g_assert_nonnull (k);
      g_assert_cmpuint (found, <=, probe[p]);
      NnpModel *r = nnp_model_alloc (2, 4, NNP_ACT_TANH);
      nnp_model_init_random (r, 3);
      NnpTrainer *rt = nnp_trainer_new (r, ds, NULL, NULL, &opt);
      for (size_t e = 0; e < found; e++)
        g_assert_cmpint (nnp_trainer_epoch (rt), ==, NNP_OK);
      g_assert_cmpint (memcmp (k->theta->block, r->theta->block,
                               r->theta->size * sizeof (double)), ==, 0);
      /* A different epoch differs: the comparison can fail. */
      if (found > 0)
        g_assert_cmpint (memcmp (nnp_snapshots_nth (s, 0, NULL)->theta->block, r->theta->block,
                                 r->theta->size * sizeof (double)), !=, 0);
      nnp_trainer_free (rt);
      nnp_model_free (r);
    }
  g_assert_cmpuint (nnp_snapshots_len (s), ==, 101 + 12);  /* 113 126 142 .. 355 399 */
  nnp_snapshots_free (s);
  nnp_model_free (m);
  nnp_dataset_free (ds);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/engine/snapshots/keep-rule", test_keep_rule);
  g_test_add_func ("/engine/snapshots/bound", test_bound);
  g_test_add_func ("/engine/snapshots/find-truncate", test_find_truncate);
  g_test_add_func ("/engine/snapshots/exact", test_exact);
  return g_test_run ();
}
