/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-document-params.c: typed weights (undoable among point steps, the cost re-evaluated) and the app's gradient check against nnplay-cli gradcheck. */
#define G_LOG_DOMAIN "nnplay-test"
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <nnplay/nnp-modelio.h>
#include <nnplay/nnp-session.h>

#include "nnp-document.h"

static const char *cli_path;

static NnpDocument *
started (void)
{
  NnpDocument *doc = nnp_document_new ();
  nnp_document_start (doc);
  nnp_document_sync (doc);
  return doc;
}

static const NnpModel *
shown (NnpDocument *doc)
{
  nnp_document_sync (doc);
  return nnp_document_get_plot_state (doc)->model;
}

static size_t
n_points (NnpDocument *doc)
{
  return nnp_point_set_data (nnp_document_get_points (doc))->n;
}

static gboolean
prop (NnpDocument *doc, const char *name)
{
  gboolean v;
  g_object_get (doc, name, &v, NULL);
  return v;
}

/* J of a sigmoid model on the points, with plain loops (not the engine's). */
static double
cost_by_hand (const NnpModel *m, const NnpDataset *ds)
{
  const NnpParams *th = m->theta;
  double J = 0;

  for (size_t i = 0; i < ds->n; i++)
    {
      double z2 = *th->b2;
      for (size_t j = 0; j < th->h; j++)
        {
          double z = gsl_vector_get (&th->b1.vector, j);
          for (size_t k = 0; k < th->d; k++)
            z += gsl_matrix_get (&th->W1.matrix, j, k) * ds->X[i * th->d + k];
          z2 += gsl_matrix_get (&th->W2.matrix, 0, j) / (1 + exp (-z));
        }
      double a = 1 / (1 + exp (-z2));
      J -= ds->y[i] * log (a) + (1 - ds->y[i]) * log (1 - a);
    }
  return J / (double) ds->n;
}

static double
shown_cost (NnpDocument *doc)
{
  const NnpHistory *s;
  nnp_document_sync (doc);
  s = nnp_document_get_summary (doc);
  g_assert_cmpuint (s->len, ==, 1);
  return s->train_cost[0];
}

/* Index of W1[j][k], b1[j], W2[j], b2 in theta's block (W1, b1, W2, b2). */
#define W1(h, d, j, k) ((void) (h), (j) * (d) + (k))
#define B1(h, d, j) ((h) * (d) + (j))

static void
test_edit_undo_redo (void)
{
  g_autoptr(NnpDocument) doc = started ();
  const NnpModel *m = shown (doc);
  size_t h = m->theta->h, d = m->theta->d;
  g_autoptr(GError) error = NULL;
  NnpModel *before = nnp_model_dup (m);
  double J0 = shown_cost (doc);
  size_t epoch = nnp_document_get_view (doc)->epochs;

  g_assert_cmpuint (d, ==, 2);
  g_assert_true (nnp_document_set_parameter (doc, W1 (h, d, 1, 0), 2.385, &error));
  g_assert_no_error (error);
  m = shown (doc);
  g_assert_cmpfloat (gsl_matrix_get (&m->theta->W1.matrix, 1, 0), ==, 2.385);
  /* only that one */
  for (size_t i = 0; i < m->theta->size; i++)
    if (i != W1 (h, d, 1, 0))
      g_assert_cmpfloat (m->theta->block[i], ==, before->theta->block[i]);
  /* the cost is the new weights', at once, and the run goes on */
  double J1 = shown_cost (doc);
  g_assert_cmpfloat (fabs (J1 - J0), >, 1e-6);
  g_assert_cmpfloat_with_epsilon (J1, cost_by_hand (m, nnp_document_get_plot_state (doc)->train), 1e-12);
  g_assert_cmpuint (nnp_document_get_view (doc)->epochs, ==, epoch);
  g_assert_true (prop (doc, "can-undo"));
  g_assert_true (prop (doc, "dirty"));

  /* a bias too */
  g_assert_true (nnp_document_set_parameter (doc, B1 (h, d, 0), -0.75, NULL));
  g_assert_cmpfloat (gsl_vector_get (&shown (doc)->theta->b1.vector, 0), ==, -0.75);

  g_assert_true (nnp_document_undo (doc));
  g_assert_cmpfloat (gsl_vector_get (&shown (doc)->theta->b1.vector, 0), ==, before->theta->block[B1 (h, d, 0)]);
  g_assert_cmpfloat (gsl_matrix_get (&shown (doc)->theta->W1.matrix, 1, 0), ==, 2.385);
  g_assert_true (nnp_document_undo (doc));
  m = shown (doc);
  for (size_t i = 0; i < m->theta->size; i++)
    g_assert_cmpfloat (m->theta->block[i], ==, before->theta->block[i]);
  g_assert_cmpfloat_with_epsilon (shown_cost (doc), J0, 1e-15);
  g_assert_true (prop (doc, "can-redo"));

  g_assert_true (nnp_document_redo (doc));
  g_assert_cmpfloat (gsl_matrix_get (&shown (doc)->theta->W1.matrix, 1, 0), ==, 2.385);
  g_assert_cmpfloat (gsl_vector_get (&shown (doc)->theta->b1.vector, 0), ==, before->theta->block[B1 (h, d, 0)]);
  g_assert_true (nnp_document_redo (doc));
  g_assert_cmpfloat (gsl_vector_get (&shown (doc)->theta->b1.vector, 0), ==, -0.75);
  g_assert_false (prop (doc, "can-redo"));
  nnp_model_free (before);
}

/* Weight steps and point steps come back in the order they were made. */
static void
test_interleaved_with_points (void)
{
  g_autoptr(NnpDocument) doc = started ();
  size_t n0 = n_points (doc), h = shown (doc)->theta->h;
  double w0 = shown (doc)->theta->block[W1 (h, 2, 0, 1)];

  nnp_document_begin_edit (doc);
  g_assert_true (nnp_document_add_point (doc, 0.25, 0.5, 1));
  g_assert_true (nnp_document_set_parameter (doc, W1 (h, 2, 0, 1), -1.625, NULL));
  nnp_document_begin_edit (doc);
  g_assert_true (nnp_document_add_point (doc, -0.5, 0.75, 0));
  g_assert_cmpuint (n_points (doc), ==, n0 + 2);

  g_assert_true (nnp_document_undo (doc));            /* the second point */
  g_assert_cmpuint (n_points (doc), ==, n0 + 1);
  g_assert_cmpfloat (shown (doc)->theta->block[W1 (h, 2, 0, 1)], ==, -1.625);
  g_assert_true (nnp_document_undo (doc));            /* the weight */
  g_assert_cmpuint (n_points (doc), ==, n0 + 1);
  g_assert_cmpfloat (shown (doc)->theta->block[W1 (h, 2, 0, 1)], !=, -1.625);
  g_assert_true (nnp_document_undo (doc));            /* the first point */
  g_assert_cmpuint (n_points (doc), ==, n0);

  g_assert_true (nnp_document_redo (doc));
  g_assert_cmpuint (n_points (doc), ==, n0 + 1);
  g_assert_cmpfloat (shown (doc)->theta->block[W1 (h, 2, 0, 1)], !=, -1.625);
  g_assert_true (nnp_document_redo (doc));
  g_assert_cmpfloat (shown (doc)->theta->block[W1 (h, 2, 0, 1)], ==, -1.625);
  g_assert_cmpuint (n_points (doc), ==, n0 + 1);

  /* A new weight edit drops what could be redone, of both kinds. */
  g_assert_true (nnp_document_undo (doc));
  g_assert_true (nnp_document_undo (doc));
  g_assert_true (prop (doc, "can-redo"));
  g_assert_true (nnp_document_set_parameter (doc, W1 (h, 2, 0, 0), 0.5, NULL));
  g_assert_false (prop (doc, "can-redo"));
  g_assert_false (nnp_document_redo (doc));
  g_assert_cmpuint (n_points (doc), ==, n0);
  (void) w0;
}

static void
test_bad_values (void)
{
  g_autoptr(NnpDocument) doc = started ();
  NnpModel *before = nnp_model_dup (shown (doc));
  const double bad[] = { NAN, INFINITY, -INFINITY, 1e9, -1000.5 };

  for (size_t i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_assert_false (nnp_document_set_parameter (doc, 0, bad[i], &error));
      g_assert_nonnull (error);
      g_assert_nonnull (strstr (error->message, "1000"));
    }
  {
    g_autoptr(GError) error = NULL;
    g_assert_false (nnp_document_set_parameter (doc, before->theta->size, 1.0, &error));
    g_assert_nonnull (error);
  }
  g_assert_false (prop (doc, "can-undo"));
  const NnpModel *m = shown (doc);
  for (size_t i = 0; i < m->theta->size; i++)
    g_assert_cmpfloat (m->theta->block[i], ==, before->theta->block[i]);
  nnp_model_free (before);
}

/* Training pauses, so the typed value is what the next epoch starts from. */
static void
test_edit_pauses (void)
{
  g_autoptr(NnpDocument) doc = started ();
  size_t h = shown (doc)->theta->h;

  nnp_document_set_running (doc, TRUE);
  g_usleep (50000);
  g_assert_true (nnp_document_set_parameter (doc, B1 (h, 2, 1), 3.125, NULL));
  g_assert_false (nnp_document_get_running (doc));
  nnp_document_sync (doc);
  g_assert_cmpfloat (shown (doc)->theta->block[B1 (h, 2, 1)], ==, 3.125);
  /* one epoch later it has moved by the gradient step only */
  nnp_document_step (doc);
  double after = shown (doc)->theta->block[B1 (h, 2, 1)];
  g_assert_cmpfloat (fabs (after - 3.125), <, 0.5);
}

/* Standardised training: the value typed is the shown (x-space) one. */
static void
test_edit_standardized (void)
{
  g_autoptr(NnpDocument) doc = started ();
  size_t h;

  g_object_set (doc, "standardize", TRUE, NULL);
  nnp_document_sync (doc);
  h = shown (doc)->theta->h;
  g_assert_true (nnp_document_set_parameter (doc, W1 (h, 2, 0, 1), 1.75, NULL));
  g_assert_cmpfloat_with_epsilon (shown (doc)->theta->block[W1 (h, 2, 0, 1)], 1.75, 1e-12);
  g_assert_true (nnp_document_set_parameter (doc, B1 (h, 2, 2), -0.375, NULL));
  g_assert_cmpfloat_with_epsilon (shown (doc)->theta->block[B1 (h, 2, 2)], -0.375, 1e-12);
  g_assert_cmpfloat_with_epsilon (shown (doc)->theta->block[W1 (h, 2, 0, 1)], 1.75, 1e-12);
}

/* "  W[1]      8 parameters  max relative error 3.781e-11  (eps 1.0e-03)" */
static void
parse_cli_blocks (const char *out, char blocks[NNP_N_BLOCKS][32], size_t *counts)
{
  for (int b = 0; b < NNP_N_BLOCKS; b++)
    {
      g_autofree char *key = g_strdup_printf ("  %-4s ", nnp_block_name ((NnpBlock) b));
      const char *line = strstr (out, key);
      const char *err;
      g_assert_nonnull (line);
      counts[b] = (size_t) g_ascii_strtoull (line + strlen (key), NULL, 10);
      err = strstr (line, "max relative error ");
      g_assert_nonnull (err);
      err += strlen ("max relative error ");
      g_strlcpy (blocks[b], err, MIN ((size_t) (strchr (err, ' ') - err) + 1, sizeof blocks[b]));
    }
}

/* The app's check and nnplay-cli gradcheck --init --data on the same
 * model and points print the same numbers. */
static void
test_gradcheck_agrees_with_cli (void)
{
  g_autoptr(NnpDocument) doc = started ();
  g_autofree char *dir = g_dir_make_tmp ("nnp-gradcheck-XXXXXX", NULL);
  g_autofree char *model_path = g_build_filename (dir, "m.json", NULL);
  g_autofree char *data_path = g_build_filename (dir, "d.csv", NULL);
  g_autoptr(GError) error = NULL;
  NnpModel *model = NULL;
  NnpDataset *train = NULL;
  NnpGradcheckResult res;
  char cli[NNP_N_BLOCKS][32];
  size_t counts[NNP_N_BLOCKS];

  g_object_set (doc, "hidden-units", 5u, "activation", (int) NNP_ACT_TANH, NULL);
  for (int i = 0; i < 40; i++)
    nnp_document_step (doc);
  nnp_document_sync (doc);
  g_assert_true (nnp_document_gradcheck_inputs (doc, &model, &train, &error));
  g_assert_no_error (error);
  g_assert_cmpint (nnp_gradcheck_blocks (&res, model, train, 0, NULL), ==, NNP_OK);
  g_assert_cmpuint (res.count[NNP_BLOCK_W1], ==, 10);
  g_assert_cmpuint (res.count[NNP_BLOCK_B1], ==, 5);
  g_assert_cmpuint (res.count[NNP_BLOCK_W2], ==, 5);
  g_assert_cmpuint (res.count[NNP_BLOCK_B2], ==, 1);
  g_assert_cmpfloat (res.max_all, <, 1e-6);

  g_assert_true (nnp_model_save (nnp_document_get_plot_state (doc)->model, model_path, &error));
  g_assert_true (nnp_document_save_data (doc, data_path, &error));
  g_assert_no_error (error);
  {
    const char *argv[] = { cli_path, "gradcheck", "--init", model_path, "--data", data_path, NULL };
    g_autofree char *out = NULL;
    int status = -1;
    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL, &status,
                                 &error));
    g_assert_no_error (error);
    g_test_message ("%s", out);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
    parse_cli_blocks (out, cli, counts);
  }
  for (int b = 0; b < NNP_N_BLOCKS; b++)
    {
      char app[32];
      g_snprintf (app, sizeof app, "%.3e", res.max_rel[b]);
      g_assert_cmpstr (app, ==, cli[b]);
      g_assert_cmpuint (counts[b], ==, res.count[b]);
    }
  nnp_model_free (model);
  nnp_dataset_free (train);
  g_unlink (model_path);
  g_unlink (data_path);
  g_rmdir (dir);
}

/* Too big a check is refused with a reason, before any work. */
static void
test_gradcheck_bounded (void)
{
  g_autoptr(NnpDocument) doc = started ();
  g_autoptr(GError) error = NULL;
  NnpModel *model = NULL;
  NnpDataset *train = NULL;
  int cancel = 1;
  NnpGradcheckResult res;

  g_object_set (doc, "hidden-units", 64u, "n-points", 100000u, NULL);
  nnp_document_sync (doc);
  g_assert_false (nnp_document_gradcheck_inputs (doc, &model, &train, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "64"));
  g_assert_null (model);
  g_assert_null (train);

  /* and a cancelled one stops */
  g_object_set (doc, "n-points", 200u, NULL);
  nnp_document_sync (doc);
  g_clear_error (&error);
  g_assert_true (nnp_document_gradcheck_inputs (doc, &model, &train, &error));
  g_assert_cmpint (nnp_gradcheck_blocks (&res, model, train, 0, &cancel), ==, NNP_EINVAL);
  g_assert_cmpuint (res.count[NNP_BLOCK_W1], ==, 0);
  nnp_model_free (model);
  nnp_dataset_free (train);

  /* no training points */
  nnp_document_clear (doc);
  nnp_document_sync (doc);
  g_clear_error (&error);
  g_assert_false (nnp_document_gradcheck_inputs (doc, &model, &train, &error));
  g_assert_nonnull (error);
}

/* nnplay-cli train --session trains an app's run again and comes to the
 * same weights, to the bit: the default run; points drawn by hand after
 * a new seed (New Weights); mini-batches; and a run whose alpha changed
 * on the way, which it says is not the session's. The CLI had seeded
 * the weights and the batches otherwise (S+2, S+3), and defaulted to
 * alpha 1. */
static char *
cli_replay (const char *session, const char *model_out)
{
  const char *argv[] = { cli_path, "train", "--session", session, "--save-model", model_out, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = -1;
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status,
                               &error));
  g_assert_no_error (error);
  g_test_message ("%s%s", out, err);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return g_steal_pointer (&out);
}

static void
test_cli_session_replay (void)
{
  g_autofree char *dir = g_dir_make_tmp ("nnp-replay-XXXXXX", NULL);
  g_autofree char *session = g_build_filename (dir, "run.json", NULL);
  g_autofree char *model_out = g_build_filename (dir, "m.json", NULL);

  for (int c = 0; c < 4; c++)
    {
      g_autoptr(NnpDocument) doc = started ();
      g_autoptr(GError) error = NULL;
      int epochs = 40;
      if (c == 1)
        {
          /* by hand: a cross of two classes, then new weights (seed 2) */
          nnp_document_clear (doc);
          for (int k = 0; k < 12; k++)
            {
              nnp_document_begin_edit (doc);
              g_assert_true (nnp_document_add_point (doc, cos (k * 0.5) * (1 + k % 3), sin (k * 0.7) * 1.5,
                                                     (double) (k % 2)));
            }
          nnp_document_reset (doc);
          g_assert_cmpuint (nnp_document_get_seed (doc), !=, 1);
          epochs = 25;
        }
      else if (c == 2)
        {
          g_object_set (doc, "batch-size", 32u, "hidden-units", 6u, NULL);
          nnp_document_replay (doc);
        }
      for (int e = 0; e < epochs; e++)
        {
          if (c == 3 && e == 20)
            {
              nnp_document_sync (doc);
              g_object_set (doc, "learning-rate", 0.1, NULL);
            }
          nnp_document_step (doc);
        }
      nnp_document_sync (doc);
      g_assert_true (nnp_document_save_session (doc, session, &error));
      g_assert_no_error (error);
      g_autofree char *out = cli_replay (session, model_out);
      g_autofree char *same = g_strdup_printf ("session: its weights at epoch %d, to the bit", epochs);
      NnpModel *m = nnp_model_load (model_out, &error);
      g_assert_no_error (error);
      const NnpParams *a = m->theta, *b = shown (doc)->theta;
      g_assert_cmpuint (a->size, ==, b->size);
      if (c < 3)
        {
          g_assert_nonnull (strstr (out, same));
          g_assert_cmpmem (a->block, a->size * sizeof (double), b->block, b->size * sizeof (double));
        }
      else
        {
          g_assert_null (strstr (out, same));
          g_assert_nonnull (strstr (out, "not its weights"));
        }
      if (c < 2)
        {
          /* without its past (no epoch-0 snapshot): the first weights
           * from its seed, as the app drew them */
          g_autoptr(NnpSession) bare = nnp_session_load (session, &error);
          g_assert_no_error (error);
          g_assert_cmpuint (bare->n_snapshots, >, 0);
          g_assert_cmpuint (bare->snapshots[0].epoch, ==, 0);
          for (size_t i = 0; i < bare->n_snapshots; i++)
            nnp_model_free (bare->snapshots[i].model);
          g_clear_pointer (&bare->snapshots, g_free);
          bare->n_snapshots = 0;
          g_assert_true (nnp_session_save (bare, session, &error));
          g_assert_no_error (error);
          g_autofree char *out2 = cli_replay (session, model_out);
          g_assert_nonnull (strstr (out2, same));
        }

      nnp_model_free (m);
    }
  g_unlink (session);
  g_unlink (model_out);
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  cli_path = argc > 1 ? argv[1] : "nnplay-cli";
  g_test_add_func ("/app/params/edit-undo-redo", test_edit_undo_redo);
  g_test_add_func ("/app/params/interleaved-with-points", test_interleaved_with_points);
  g_test_add_func ("/app/params/bad-values", test_bad_values);
  g_test_add_func ("/app/params/edit-pauses", test_edit_pauses);
  g_test_add_func ("/app/params/standardized", test_edit_standardized);
  g_test_add_func ("/app/params/gradcheck-agrees-with-cli", test_gradcheck_agrees_with_cli);
  g_test_add_func ("/app/params/cli-session-replay", test_cli_session_replay);
  g_test_add_func ("/app/params/gradcheck-bounded", test_gradcheck_bounded);
  return g_test_run ();
}
