/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-point-set.c: point edits, the stable test mask, and undo/redo. */
#define G_LOG_DOMAIN "nnplay-test"
#include "config.h"

#include <math.h>

#include "nnp-point-set.h"

static void
assert_point (const NnpDataset *ds, size_t i, double x1, double x2, double y)
{
  g_assert_cmpfloat (ds->X[2 * i], ==, x1);
  g_assert_cmpfloat (ds->X[2 * i + 1], ==, x2);
  g_assert_cmpfloat (ds->y[i], ==, y);
}

static void
test_edit_undo_redo (void)
{
  NnpPointSet *ps = nnp_point_set_new ();

  g_assert_cmpuint (nnp_point_set_data (ps)->n, ==, 0);
  g_assert_null (nnp_point_set_mask (ps));
  g_assert_false (nnp_point_set_can_undo (ps));
  g_assert_false (nnp_point_set_undo (ps));
  g_assert_false (nnp_point_set_redo (ps));

  /* One click: one step. */
  nnp_point_set_checkpoint (ps);
  g_assert_true (nnp_point_set_add (ps, 0.385, -1.25, 1.0));
  /* One stroke of three points: one step. */
  nnp_point_set_checkpoint (ps);
  g_assert_true (nnp_point_set_add (ps, -0.5, 0.75, 0.0));
  g_assert_true (nnp_point_set_add (ps, -0.4, 0.8, 0.0));
  g_assert_true (nnp_point_set_add (ps, -0.3, 0.85, 0.0));
  g_assert_cmpuint (nnp_point_set_data (ps)->n, ==, 4);

  g_assert_true (nnp_point_set_undo (ps));
  g_assert_cmpuint (nnp_point_set_data (ps)->n, ==, 1);
  assert_point (nnp_point_set_data (ps), 0, 0.385, -1.25, 1.0);
  g_assert_true (nnp_point_set_can_redo (ps));
  g_assert_true (nnp_point_set_redo (ps));
  g_assert_cmpuint (nnp_point_set_data (ps)->n, ==, 4);
  assert_point (nnp_point_set_data (ps), 3, -0.3, 0.85, 0.0);

  /* Ctrl+click far from every point removes nothing. */
  g_assert_false (nnp_point_set_remove_nearest (ps, 5.0, 5.0, 0.1));
  nnp_point_set_checkpoint (ps);
  g_assert_true (nnp_point_set_remove_nearest (ps, -0.41, 0.79, 0.1));
  g_assert_cmpuint (nnp_point_set_data (ps)->n, ==, 3);
  assert_point (nnp_point_set_data (ps), 1, -0.5, 0.75, 0.0);
  assert_point (nnp_point_set_data (ps), 2, -0.3, 0.85, 0.0);
  /* A new edit after an undo drops the redo steps. */
  g_assert_true (nnp_point_set_undo (ps));
  g_assert_cmpuint (nnp_point_set_data (ps)->n, ==, 4);
  nnp_point_set_checkpoint (ps);
  nnp_point_set_add (ps, 1.0, 1.0, 1.0);
  g_assert_false (nnp_point_set_can_redo (ps));

  /* Back to the beginning: three undos, then nothing. */
  g_assert_true (nnp_point_set_undo (ps));
  g_assert_true (nnp_point_set_undo (ps));
  g_assert_true (nnp_point_set_undo (ps));
  g_assert_cmpuint (nnp_point_set_data (ps)->n, ==, 0);
  g_assert_false (nnp_point_set_undo (ps));

  nnp_point_set_free (ps);
  nnp_point_set_free (NULL);
}

static void
test_mask (void)
{
  NnpPointSet *ps = nnp_point_set_new ();
  g_autoptr (NnpDataset) ds = nnp_dataset_generate (NNP_GEN_BLOBS, 40, 0.1, 9);

  nnp_point_set_replace (ps, ds, 0.25, 3);
  const guint8 *mask = nnp_point_set_mask (ps);
  size_t n_test = 0;
  for (size_t i = 0; i < 40; i++)
    n_test += mask[i];
  g_assert_cmpuint (n_test, ==, 10);
  g_autofree guint8 *before = g_memdup2 (mask, 40);

  /* Added points keep the others' sides and keep the fraction. */
  for (int k = 0; k < 8; k++)
    nnp_point_set_add (ps, 0.1 * k, -0.2 * k, k % 2);
  mask = nnp_point_set_mask (ps);
  g_assert_cmpmem (mask, 40, before, 40);
  n_test = 0;
  for (size_t i = 0; i < 48; i++)
    n_test += mask[i];
  g_assert_cmpuint (n_test, ==, 12);

  g_autoptr (NnpDataset) tr = nnp_point_set_train (ps);
  g_autoptr (NnpDataset) te = nnp_point_set_test (ps);
  g_assert_cmpuint (tr->n, ==, 36);
  g_assert_cmpuint (te->n, ==, 12);

  /* Removing a point removes its mask entry with it. */
  size_t first_test = 0;
  while (!mask[first_test])
    first_test++;
  double x1 = nnp_point_set_data (ps)->X[2 * first_test];
  double x2 = nnp_point_set_data (ps)->X[2 * first_test + 1];
  g_assert_true (nnp_point_set_remove_nearest (ps, x1, x2, 1e-12));
  g_autoptr (NnpDataset) te2 = nnp_point_set_test (ps);
  g_assert_cmpuint (te2->n, ==, 11);

  /* An explicit mask (a session) is taken as it is. */
  guint8 explicit[3] = { 0, 1, 0 };
  g_autoptr (NnpDataset) three = nnp_dataset_alloc (0, 2);
  double x[2] = { 2.385, -1.5 };
  for (int i = 0; i < 3; i++)
    nnp_dataset_append (three, x, i == 1);
  nnp_point_set_replace_masked (ps, three, explicit, 0.3);
  g_assert_cmpmem (nnp_point_set_mask (ps), 3, explicit, 3);
  g_assert_cmpfloat (nnp_point_set_test_fraction (ps), ==, 0.3);

  /* Undo brings back the old mask too. */
  nnp_point_set_free (ps);
}

static void
test_undo_limit (void)
{
  NnpPointSet *ps = nnp_point_set_new ();
  int undone = 0;

  for (int i = 0; i < NNP_POINT_SET_MAX_UNDO + 30; i++)
    {
      nnp_point_set_checkpoint (ps);
      nnp_point_set_add (ps, i, i, 1.0);
    }
  while (nnp_point_set_undo (ps))
    undone++;
  g_assert_cmpint (undone, ==, NNP_POINT_SET_MAX_UNDO);
  g_assert_cmpuint (nnp_point_set_data (ps)->n, ==, 30);
  nnp_point_set_free (ps);
}

static void
test_bad_arguments (void)
{
  NnpPointSet *ps = nnp_point_set_new ();

  g_test_expect_message ("nnplay-points", G_LOG_LEVEL_CRITICAL, "*label == 0.0 || label == 1.0*");
  g_assert_false (nnp_point_set_add (ps, 0, 0, 0.5));
  g_test_assert_expected_messages ();
  g_test_expect_message ("nnplay-points", G_LOG_LEVEL_CRITICAL, "*isfinite*");
  g_assert_false (nnp_point_set_add (ps, NAN, 0, 1.0));
  g_test_assert_expected_messages ();
  g_test_expect_message ("nnplay-points", G_LOG_LEVEL_CRITICAL, "*fraction*");
  nnp_point_set_set_split (ps, 1.0, 1);
  g_test_assert_expected_messages ();
  nnp_point_set_free (ps);
}

/* The origin and the view travel with the points through undo and redo. */
static void
test_origin (void)
{
  NnpPointSet *ps = nnp_point_set_new ();
  g_autoptr (NnpDataset) ds = nnp_dataset_generate (NNP_GEN_XOR, 12, 0.1, 2);
  NnpOrigin gen = { .kind = NNP_ORIGIN_GENERATED, .generator = NNP_GEN_XOR, .n_points = 12,
                    .noise = 0.1, .seed = 2, .xmin = -2.5, .xmax = 2.5, .ymin = -1.5, .ymax = 1.5 };
  NnpOrigin file = { .kind = NNP_ORIGIN_FILE, .file = (char *) "max.csv",
                     .xmin = -1000, .xmax = 1000, .ymin = -800, .ymax = 900 };
  const NnpOrigin *o = nnp_point_set_get_origin (ps);

  g_assert_cmpint (o->kind, ==, NNP_ORIGIN_GENERATED);
  g_assert_null (o->file);

  nnp_point_set_replace (ps, ds, 0, 1);
  nnp_point_set_set_origin (ps, &gen);
  nnp_point_set_checkpoint (ps);
  nnp_point_set_replace (ps, ds, 0.25, 1);
  nnp_point_set_set_origin (ps, &file);
  nnp_point_set_checkpoint (ps);
  g_assert_true (nnp_point_set_add (ps, 0.5, -2.385, 1.0));
  file.edited = TRUE;
  nnp_point_set_set_origin (ps, &file);
  /* Setting its own origin again is safe (copied before the old is freed). */
  nnp_point_set_set_origin (ps, nnp_point_set_get_origin (ps));
  o = nnp_point_set_get_origin (ps);
  g_assert_cmpstr (o->file, ==, "max.csv");
  g_assert_true (o->edited);

  g_assert_true (nnp_point_set_undo (ps));
  o = nnp_point_set_get_origin (ps);
  g_assert_cmpstr (o->file, ==, "max.csv");
  g_assert_false (o->edited);
  g_assert_cmpfloat (o->xmin, ==, -1000);
  g_assert_true (nnp_point_set_undo (ps));
  o = nnp_point_set_get_origin (ps);
  g_assert_cmpint (o->kind, ==, NNP_ORIGIN_GENERATED);
  g_assert_null (o->file);
  g_assert_cmpint (o->generator, ==, NNP_GEN_XOR);
  g_assert_cmpfloat (o->xmax, ==, 2.5);
  g_assert_cmpfloat (o->ymin, ==, -1.5);
  g_assert_cmpuint (nnp_point_set_data (ps)->n, ==, 12);
  g_assert_true (nnp_point_set_redo (ps));
  o = nnp_point_set_get_origin (ps);
  g_assert_cmpint (o->kind, ==, NNP_ORIGIN_FILE);
  g_assert_cmpfloat (o->ymax, ==, 900);
  nnp_point_set_free (ps);
}

/* Payloads: a step's payload comes back from steal_payload after its
 * undo, the state it left is saved for the redo step; only the newest
 * NNP_POINT_SET_MAX_PAYLOADS steps keep one; every payload is freed once. */
static int payloads_made, payloads_freed;

static gpointer
payload_save (gpointer data)
{
  g_assert_true (data == &payloads_made);
  payloads_made++;
  return g_strdup_printf ("saved %d", payloads_made);
}

static void
payload_free (gpointer p)
{
  payloads_freed++;
  g_free (p);
}

static void
test_payloads (void)
{
  payloads_made = payloads_freed = 0;
  NnpPointSet *ps = nnp_point_set_new ();
  nnp_point_set_set_payload_funcs (ps, payload_save, payload_free, &payloads_made);

  /* a plain edit, then one with a payload */
  nnp_point_set_checkpoint (ps);
  g_assert_true (nnp_point_set_add (ps, 1.0, 1.0, 1.0));
  payloads_made++;
  nnp_point_set_checkpoint_with (ps, g_strdup ("run A"));
  g_assert_true (nnp_point_set_add (ps, 2.0, 2.0, 0.0));
  g_assert_cmpuint (nnp_point_set_n_payloads (ps), ==, 1);

  /* undo: the step's payload back, the state left saved for redo */
  g_assert_true (nnp_point_set_undo (ps));
  char *p = nnp_point_set_steal_payload (ps);
  g_assert_cmpstr (p, ==, "run A");
  payload_free (p);
  g_assert_null (nnp_point_set_steal_payload (ps));
  g_assert_cmpuint (nnp_point_set_data (ps)->n, ==, 1);
  g_assert_cmpint (payloads_made, ==, 2);
  g_assert_cmpuint (nnp_point_set_n_payloads (ps), ==, 1);   /* the redo step's */
  g_assert_true (nnp_point_set_redo (ps));
  p = nnp_point_set_steal_payload (ps);
  g_assert_cmpstr (p, ==, "saved 2");
  payload_free (p);
  g_assert_cmpuint (nnp_point_set_data (ps)->n, ==, 2);

  /* the plain step brings nothing back and saves nothing */
  g_assert_true (nnp_point_set_undo (ps));
  payload_free (nnp_point_set_steal_payload (ps));
  const int made = payloads_made;
  g_assert_true (nnp_point_set_undo (ps));
  g_assert_null (nnp_point_set_steal_payload (ps));
  g_assert_cmpint (payloads_made, ==, made);
  g_assert_cmpuint (nnp_point_set_data (ps)->n, ==, 0);

  /* twelve steps with payloads (the redo steps dropped): eight keep theirs */
  for (int i = 0; i < 12; i++)
    {
      payloads_made++;
      nnp_point_set_checkpoint_with (ps, g_strdup_printf ("run %d", i));
      g_assert_true (nnp_point_set_add (ps, (double) i, 0.0, 1.0));
    }
  g_assert_cmpuint (nnp_point_set_n_payloads (ps), ==, NNP_POINT_SET_MAX_PAYLOADS);
  g_assert_cmpint (payloads_made - payloads_freed, ==, NNP_POINT_SET_MAX_PAYLOADS);
  for (int i = 11; i >= 0; i--)
    {
      g_assert_true (nnp_point_set_undo (ps));
      p = nnp_point_set_steal_payload (ps);
      if (i >= 12 - NNP_POINT_SET_MAX_PAYLOADS)
        {
          g_autofree char *want = g_strdup_printf ("run %d", i);
          g_assert_cmpstr (p, ==, want);
        }
      else
        g_assert_null (p);
      if (p != NULL)
        payload_free (p);
      g_assert_cmpuint (nnp_point_set_n_payloads (ps), <=, NNP_POINT_SET_MAX_PAYLOADS);
    }
  nnp_point_set_free (ps);
  g_assert_cmpint (payloads_made, ==, payloads_freed);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/app/points/edit-undo-redo", test_edit_undo_redo);
  g_test_add_func ("/app/points/mask", test_mask);
  g_test_add_func ("/app/points/undo-limit", test_undo_limit);
  g_test_add_func ("/app/points/bad-arguments", test_bad_arguments);
  g_test_add_func ("/app/points/origin", test_origin);
  g_test_add_func ("/app/points/payloads", test_payloads);

  return g_test_run ();
}
