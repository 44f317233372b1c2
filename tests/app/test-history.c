/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-history.c: NnpDocument's past: a scrubbed epoch shows the model of a replay bit for bit, Continue from here branches the run and undo restores it. */
#define G_LOG_DOMAIN "nnplay-test"
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "nnp-document.h"
#include "nnp-document-private.h"   /* NNP_MAX_MARKERS */

static NnpDocument *
started (void)
{
  NnpDocument *doc = nnp_document_new ();
  nnp_document_start (doc);
  nnp_document_sync (doc);
  return doc;
}

static void
train (NnpDocument *doc, int n)
{
  for (int i = 0; i < n; i++)
    nnp_document_step (doc);
  nnp_document_sync (doc);
}

/* theta after `epochs` full-batch epochs from the document's seed on its
 * training points, by the engine's trainer alone. */
static NnpModel *
replay (NnpDocument *doc, size_t epochs)
{
  const NnpPlotState *ps = nnp_document_get_plot_state (doc);
  NnpTrainOptions opt = { .lr = nnp_document_get_learning_rate (doc), .batch = 0,
                          .seed = nnp_document_get_seed (doc), .threads = 1 };
  NnpModel *m = nnp_model_alloc (2, nnp_document_get_hidden_units (doc),
                                 nnp_document_get_activation (doc));
  nnp_model_init_random (m, nnp_document_get_seed (doc));
  NnpTrainer *t = nnp_trainer_new (m, ps->train, NULL, NULL, &opt);
  g_assert_nonnull (t);
  for (size_t e = 0; e < epochs; e++)
    g_assert_cmpint (nnp_trainer_epoch (t), ==, NNP_OK);
  nnp_trainer_free (t);
  return m;
}

/* Clear, then two points drawn by hand (one of each class), and five
 * epochs on them. */
static void
clear_draw_two_and_train (NnpDocument *doc)
{
  nnp_document_clear (doc);
  nnp_document_begin_edit (doc);
  g_assert_true (nnp_document_add_point (doc, 0.5, 0.5, 1.0));
  g_assert_true (nnp_document_add_point (doc, -0.5, -0.5, 0.0));
  nnp_document_sync (doc);
  train (doc, 5);
}

static gboolean
same_model (const NnpModel *a, const NnpModel *b)
{
  return a->act == b->act && a->theta->size == b->theta->size
         && memcmp (a->theta->block, b->theta->block, a->theta->size * sizeof (double)) == 0;
}

static void
test_scrub_exact (void)
{
  NnpDocument *doc = started ();
  const NnpPlotState *ps = nnp_document_get_plot_state (doc);
  /* asked -> shown: every epoch to 100, then 113, 126, 142 .. */
  const gint64 ask[] = { 0, 1, 37, 100, 112, 113, 141, 150 };
  const gint64 want[] = { 0, 1, 37, 100, 100, 113, 126, 142 };

  g_object_set (doc, "activation", NNP_ACT_TANH, "learning-rate", 0.731, NULL);
  nnp_document_replay (doc);
  train (doc, 160);
  g_assert_cmpuint (nnp_document_get_view (doc)->epochs, ==, 160);
  g_assert_cmpint (nnp_document_get_shown_epoch (doc), ==, -1);
  g_assert_false (ps->past);

  for (size_t i = 0; i < G_N_ELEMENTS (ask); i++)
    {
      g_object_set (doc, "shown-epoch", ask[i], NULL);
      g_assert_cmpint (nnp_document_get_shown_epoch (doc), ==, want[i]);
      g_assert_true (ps->past);
      g_assert_cmpuint (ps->epoch, ==, (size_t) want[i]);
      g_assert_cmpuint (ps->present_epoch, ==, 160);
      NnpModel *r = replay (doc, (size_t) want[i]);
      g_assert_true (same_model (ps->model, r));
      nnp_model_free (r);
      /* Still so after the trainer publishes again (a sync keeps the past). */
      nnp_document_sync (doc);
      g_assert_cmpuint (ps->epoch, ==, (size_t) want[i]);
    }
  /* Forwards (the timeline's Right key): the earliest snapshot at or after. */
  nnp_document_show_epoch_near (doc, 101, TRUE);
  g_assert_cmpint (nnp_document_get_shown_epoch (doc), ==, 113);
  nnp_document_show_epoch_near (doc, 114, TRUE);
  g_assert_cmpint (nnp_document_get_shown_epoch (doc), ==, 126);
  nnp_document_show_epoch_near (doc, 143, TRUE);
  g_assert_cmpint (nnp_document_get_shown_epoch (doc), ==, 159);
  NnpModel *r159 = replay (doc, 159);
  g_assert_true (same_model (ps->model, r159));
  nnp_model_free (r159);
  nnp_document_show_epoch_near (doc, 160, TRUE);
  g_assert_cmpint (nnp_document_get_shown_epoch (doc), ==, -1);

  /* The present: a replay of 160 epochs, and not the past's model. */
  g_object_set (doc, "shown-epoch", (gint64) 160, NULL);
  g_assert_cmpint (nnp_document_get_shown_epoch (doc), ==, -1);
  g_assert_false (ps->past);
  NnpModel *r = replay (doc, 160);
  g_assert_true (same_model (ps->model, r));
  g_assert_true (same_model (nnp_document_get_view (doc)->model, r));
  nnp_model_free (r);
  g_object_unref (doc);
}

/* A saved session keeps the run's past: reopened (or restored after a
 * crash), the timeline shows earlier epochs' weights, bit for bit, as
 * before saving (the timeline had moved and shown nothing). */
static void
test_session_keeps_past (void)
{
  NnpDocument *doc = started ();
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("nnplay-history-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "run.nnplay", NULL);

  g_object_set (doc, "learning-rate", 0.731, NULL);
  nnp_document_replay (doc);
  train (doc, 160);
  g_assert_true (nnp_document_save_session (doc, path, &error));
  g_assert_no_error (error);

  NnpDocument *back = started ();
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_assert_true (nnp_document_open (back, file, &error));
  g_assert_no_error (error);
  nnp_document_sync (back);
  const NnpPlotState *ps = nnp_document_get_plot_state (back);
  g_assert_cmpuint (nnp_document_get_view (back)->epochs, ==, 160);
  const gint64 ask[] = { 0, 37, 112, 142 };
  const gint64 want[] = { 0, 37, 100, 142 };
  for (size_t i = 0; i < G_N_ELEMENTS (ask); i++)
    {
      nnp_document_set_shown_epoch (back, ask[i]);
      g_assert_cmpint (nnp_document_get_shown_epoch (back), ==, want[i]);
      g_assert_true (ps->past);
      NnpModel *r = replay (doc, (size_t) want[i]);
      g_assert_true (same_model (ps->model, r));
      nnp_model_free (r);
    }
  /* and it trains on from the present, keeping the past */
  nnp_document_set_shown_epoch (back, -1);
  train (back, 3);
  nnp_document_set_shown_epoch (back, 37);
  g_assert_cmpint (nnp_document_get_shown_epoch (back), ==, 37);

  g_unlink (path);
  g_rmdir (dir);
  g_object_unref (back);
  g_object_unref (doc);
}

static void
test_edits_return (void)
{
  NnpDocument *doc = started ();

  train (doc, 20);
  nnp_document_set_shown_epoch (doc, 5);
  g_assert_cmpint (nnp_document_get_shown_epoch (doc), ==, 5);
  nnp_document_step (doc);
  g_assert_cmpint (nnp_document_get_shown_epoch (doc), ==, -1);
  nnp_document_sync (doc);
  g_assert_cmpuint (nnp_document_get_plot_state (doc)->epoch, ==, 21);

  nnp_document_set_shown_epoch (doc, 5);
  nnp_document_set_running (doc, TRUE);
  g_assert_cmpint (nnp_document_get_shown_epoch (doc), ==, -1);
  /* Scrubbing while training pauses. */
  nnp_document_set_shown_epoch (doc, 3);
  g_assert_false (nnp_document_get_running (doc));
  g_assert_cmpint (nnp_document_get_shown_epoch (doc), ==, 3);
  g_object_set (doc, "learning-rate", 0.25, NULL);
  g_assert_cmpint (nnp_document_get_shown_epoch (doc), ==, -1);
  /* Nothing to branch from in the present. */
  g_assert_false (nnp_document_continue_from_here (doc));
  /* A new run forgets the past. */
  nnp_document_set_shown_epoch (doc, 3);
  nnp_document_regenerate (doc);
  g_assert_cmpint (nnp_document_get_shown_epoch (doc), ==, -1);
  g_object_unref (doc);
}

static void
test_continue_undo (void)
{
  NnpDocument *doc = started ();
  const NnpPlotState *ps = nnp_document_get_plot_state (doc);
  const NnpLiveView *v = nnp_document_get_view (doc);
  gboolean can_undo = FALSE;

  train (doc, 150);
  NnpModel *end = nnp_model_dup (v->model);
  size_t len = v->history->len;
  g_assert_cmpuint (len, ==, 151);

  nnp_document_set_shown_epoch (doc, 60);
  NnpModel *at60 = nnp_model_dup (ps->model);
  g_assert_true (nnp_document_continue_from_here (doc));
  g_assert_cmpint (nnp_document_get_shown_epoch (doc), ==, -1);
  nnp_document_sync (doc);
  g_assert_cmpuint (v->epochs, ==, 60);
  g_assert_cmpuint (v->history->len, ==, 61);
  g_assert_true (same_model (v->model, at60));
  g_object_get (doc, "can-undo", &can_undo, NULL);
  g_assert_true (can_undo);

  /* The branch trains on from epoch 60 as the run did: epoch 70 is the
   * replay's, and the store still has the epochs before 60. */
  train (doc, 10);
  g_assert_cmpuint (v->epochs, ==, 70);
  NnpModel *r = replay (doc, 70);
  g_assert_true (same_model (v->model, r));
  nnp_model_free (r);
  nnp_document_set_shown_epoch (doc, 42);
  g_assert_cmpint (nnp_document_get_shown_epoch (doc), ==, 42);
  r = replay (doc, 42);
  g_assert_true (same_model (ps->model, r));
  nnp_model_free (r);

  /* Undo: the run as it was, 150 epochs and its whole curve. */
  g_assert_true (nnp_document_undo (doc));
  nnp_document_sync (doc);
  g_assert_cmpuint (v->epochs, ==, 150);
  g_assert_cmpuint (v->history->len, ==, len);
  g_assert_true (same_model (v->model, end));
  nnp_document_set_shown_epoch (doc, 120);
  g_assert_cmpint (nnp_document_get_shown_epoch (doc), ==, 113);
  r = replay (doc, 113);
  g_assert_true (same_model (ps->model, r));
  nnp_model_free (r);

  /* Redo: the branch again, as the undo left it, its ten epochs after
   * 60 and its curve kept (redo had gone back to 60 and lost them). */
  g_assert_true (nnp_document_redo (doc));
  nnp_document_sync (doc);
  g_assert_cmpuint (v->epochs, ==, 70);
  g_assert_cmpuint (v->history->len, ==, 71);
  r = replay (doc, 70);
  g_assert_true (same_model (v->model, r));
  nnp_model_free (r);
  nnp_document_set_shown_epoch (doc, 60);
  g_assert_cmpint (nnp_document_get_shown_epoch (doc), ==, 60);
  g_assert_true (same_model (ps->model, at60));
  nnp_document_set_shown_epoch (doc, -1);
  /* Nothing more of the branch to redo; the next undo is the branch's. */
  g_assert_false (nnp_document_redo (doc));
  g_assert_true (nnp_document_undo (doc));
  nnp_document_sync (doc);
  g_assert_cmpuint (v->epochs, ==, 150);
  /* The run before the branch trained on after the undo: redo, then
   * undo, bring it back with those epochs too. */
  train (doc, 5);
  NnpModel *at155 = nnp_model_dup (v->model);
  g_assert_true (nnp_document_redo (doc));
  nnp_document_sync (doc);
  g_assert_cmpuint (v->epochs, ==, 70);
  g_assert_true (nnp_document_undo (doc));
  nnp_document_sync (doc);
  g_assert_cmpuint (v->epochs, ==, 155);
  g_assert_cmpuint (v->history->len, ==, 156);
  g_assert_true (same_model (v->model, at155));
  nnp_model_free (at155);

  nnp_model_free (at60);
  nnp_model_free (end);
  g_object_unref (doc);
}

static void
test_pins (void)
{
  NnpDocument *doc = started ();
  const NnpPlotState *ps = nnp_document_get_plot_state (doc);
  const NnpLiveView *v = nnp_document_get_view (doc);
  g_autoptr (GError) error = NULL;

  g_object_set (doc, "learning-rate", 0.731, "hidden-units", 5, NULL);
  nnp_document_replay (doc);
  train (doc, 50);
  NnpHistory *before = nnp_history_dup (v->history);
  g_assert_cmpuint (before->len, ==, 51);

  g_assert_true (nnp_document_pin_run (doc));
  nnp_document_sync (doc);
  g_assert_cmpuint (nnp_document_get_n_pins (doc), ==, 1);
  g_assert_cmpstr (nnp_document_get_pin_label (doc, 0), ==, "\u03b1 = 0.731, h = 5, Sigmoid");
  /* (a run whose alpha changed on the way is named with both) */
  {
    NnpDocument *other = started ();
    train (other, 10);
    g_object_set (other, "learning-rate", 0.05, NULL);
    train (other, 5);
    g_assert_true (nnp_document_pin_run (other));
    g_assert_cmpstr (nnp_document_get_pin_label (other, 0), ==, "\u03b1 = 0.5 \u2192 0.05, h = 4, Sigmoid");
    g_object_unref (other);
  }
  /* (h and the activation too; alpha changed and back is not "0.5" alone:
   * the label had said "α = 0.5, h = 6" of a run begun at h = 4 that
   * spent most epochs at another alpha) */
  {
    NnpDocument *other = started ();
    train (other, 10);
    g_object_set (other, "learning-rate", 0.05, "hidden-units", 6, NULL);
    train (other, 5);
    g_object_set (other, "learning-rate", 0.5, "activation", NNP_ACT_TANH, NULL);
    train (other, 5);
    g_assert_true (nnp_document_pin_run (other));
    g_assert_cmpstr (nnp_document_get_pin_label (other, 0), ==,
                     "\u03b1 = 0.5 \u2192 \u2026 \u2192 0.5, h = 4 \u2192 6, Sigmoid \u2192 Tanh");
    g_object_unref (other);
  }
  /* The ghost is the curve as it was; the new run starts at epoch 0 with
   * the seed's initial weights. */
  g_assert_cmpuint (ps->n_pins, ==, 1);
  g_assert_cmpuint (ps->pins[0].history->len, ==, 51);
  g_assert_cmpmem (ps->pins[0].history->train_cost, 51 * sizeof (double),
                   before->train_cost, 51 * sizeof (double));
  g_assert_cmpuint (v->epochs, ==, 0);
  NnpModel *r = replay (doc, 0);
  g_assert_true (same_model (v->model, r));
  nnp_model_free (r);
  /* The same 50 epochs again give the same curve. */
  train (doc, 50);
  g_assert_cmpmem (v->history->train_cost, 51 * sizeof (double), before->train_cost, 51 * sizeof (double));
  nnp_history_free (before);

  /* Saved in the session and read back. */
  g_object_set (doc, "batch-size", 16, NULL);
  g_assert_true (nnp_document_pin_run (doc));
  g_assert_cmpstr (nnp_document_get_pin_label (doc, 1), ==, "\u03b1 = 0.731, h = 5, Sigmoid, batch 16");
  g_autofree char *dir = g_dir_make_tmp ("nnp-pins-XXXXXX", &error);
  g_assert_no_error (error);
  g_autofree char *path = g_build_filename (dir, "pins.json", NULL);
  g_assert_true (nnp_document_save_session (doc, path, &error));
  g_assert_no_error (error);
  NnpDocument *other = started ();
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_assert_true (nnp_document_open (other, file, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (nnp_document_get_n_pins (other), ==, 2);
  g_assert_cmpstr (nnp_document_get_pin_label (other, 1), ==, "\u03b1 = 0.731, h = 5, Sigmoid, batch 16");
  g_assert_cmpuint (nnp_document_get_plot_state (other)->pins[0].history->len, ==, 51);
  g_object_unref (other);
  g_unlink (path);
  g_rmdir (dir);

  /* Removed one by one. */
  nnp_document_remove_pin (doc, 0);
  g_assert_cmpuint (nnp_document_get_n_pins (doc), ==, 1);
  g_assert_cmpstr (nnp_document_get_pin_label (doc, 0), ==, "\u03b1 = 0.731, h = 5, Sigmoid, batch 16");
  nnp_document_remove_pin (doc, 0);
  g_assert_cmpuint (ps->n_pins, ==, 0);
  g_assert_null (ps->pins);

  /* At most NNP_SESSION_MAX_PINS. */
  for (int i = 0; i < NNP_SESSION_MAX_PINS; i++)
    {
      train (doc, 1);
      g_assert_true (nnp_document_pin_run (doc));
    }
  train (doc, 1);
  g_assert_false (nnp_document_pin_run (doc));
  g_assert_cmpuint (nnp_document_get_n_pins (doc), ==, NNP_SESSION_MAX_PINS);
  /* the same settings each time: the labels are told apart */
  g_assert_cmpstr (nnp_document_get_pin_label (doc, 1), ==, "\u03b1 = 0.731, h = 5, Sigmoid, batch 16 (2)");
  for (guint i = 0; i < NNP_SESSION_MAX_PINS; i++)
    for (guint j = i + 1; j < NNP_SESSION_MAX_PINS; j++)
      g_assert_cmpstr (nnp_document_get_pin_label (doc, i), !=, nnp_document_get_pin_label (doc, j));
  g_object_unref (doc);
}

/* A Step leaves the boundary before it as a faint contour for a moment. */
static void
test_previous_contour (void)
{
  NnpDocument *doc = started ();
  const NnpPlotState *ps = nnp_document_get_plot_state (doc);

  train (doc, 5);
  /* Those were steps too. */
  g_assert_nonnull (ps->previous_model);
  NnpModel *before = nnp_model_dup (ps->model);
  nnp_document_step (doc);
  nnp_document_sync (doc);
  g_assert_nonnull (ps->previous_model);
  g_assert_true (same_model (ps->previous_model, before));
  g_assert_false (same_model (ps->model, before));
  NnpModel *r = replay (doc, 6);
  g_assert_true (same_model (ps->model, r));
  nnp_model_free (r);

  gint64 t0 = g_get_monotonic_time ();
  while (ps->previous_model != NULL && g_get_monotonic_time () - t0 < 5 * G_USEC_PER_SEC)
    g_main_context_iteration (NULL, FALSE), g_usleep (1000);
  gint64 held = g_get_monotonic_time () - t0;
  g_assert_null (ps->previous_model);
  g_assert_cmpint (held, >=, (NNP_PREVIOUS_CONTOUR_MS - 100) * 1000);
  /* Playing is not stepping: no faint contour. */
  nnp_document_set_running (doc, TRUE);
  g_usleep (50000);
  nnp_document_set_running (doc, FALSE);
  nnp_document_sync (doc);
  g_assert_null (ps->previous_model);
  nnp_model_free (before);
  g_object_unref (doc);
}

static void
assert_marker (const NnpPlotState *ps, size_t k, size_t epoch, const char *text)
{
  g_assert_cmpuint (ps->n_markers, >, k);
  g_assert_cmpuint (ps->markers[k].epoch, ==, epoch);
  g_assert_cmpstr (ps->markers[k].text, ==, text);
}

/* Continue from Here brings back the learning rate and batch size of the
 * epoch continued from, as it brings back h with the model (alpha had
 * stayed the present's); undo and redo bring each run's own. */
static void
test_branch_settings (void)
{
  NnpDocument *doc = started ();
  double lr = 0;
  guint batch = 7;

  train (doc, 10);
  g_object_set (doc, "learning-rate", 0.1, NULL);
  train (doc, 10);
  g_object_set (doc, "batch-size", 32u, NULL);
  train (doc, 5);

  nnp_document_set_shown_epoch (doc, 5);
  g_assert_true (nnp_document_continue_from_here (doc));
  g_object_get (doc, "learning-rate", &lr, "batch-size", &batch, NULL);
  g_assert_cmpfloat (lr, ==, 0.5);
  g_assert_cmpuint (batch, ==, 0);
  g_assert_true (nnp_document_undo (doc));
  g_object_get (doc, "learning-rate", &lr, "batch-size", &batch, NULL);
  g_assert_cmpfloat (lr, ==, 0.1);
  g_assert_cmpuint (batch, ==, 32);
  g_assert_true (nnp_document_redo (doc));
  g_object_get (doc, "learning-rate", &lr, "batch-size", &batch, NULL);
  g_assert_cmpfloat (lr, ==, 0.5);
  g_assert_cmpuint (batch, ==, 0);
  g_assert_true (nnp_document_undo (doc));
  nnp_document_sync (doc);

  /* between the two changes: the second alpha, the first batch */
  nnp_document_set_shown_epoch (doc, 15);
  g_assert_true (nnp_document_continue_from_here (doc));
  g_object_get (doc, "learning-rate", &lr, "batch-size", &batch, NULL);
  g_assert_cmpfloat (lr, ==, 0.1);
  g_assert_cmpuint (batch, ==, 0);
  /* and the run goes on with them: no marker of its own for that */
  const NnpPlotState *ps = nnp_document_get_plot_state (doc);
  g_assert_cmpuint (ps->n_markers, ==, 1);
  g_object_unref (doc);
}

static void
test_markers (void)
{
  NnpDocument *doc = started ();
  const NnpPlotState *ps = nnp_document_get_plot_state (doc);

  g_assert_cmpuint (ps->n_markers, ==, 0);
  /* set before the first epoch: where the run starts, no marker */
  g_object_set (doc, "learning-rate", 0.4, NULL);
  g_assert_cmpuint (ps->n_markers, ==, 0);
  g_object_set (doc, "hidden-units", 5, NULL);
  g_assert_cmpuint (ps->n_markers, ==, 0);
  g_object_set (doc, "hidden-units", 4, NULL);
  g_object_set (doc, "learning-rate", 0.5, NULL);
  g_assert_cmpuint (ps->n_markers, ==, 0);
  train (doc, 10);
  g_object_set (doc, "learning-rate", 0.25, NULL);
  assert_marker (ps, 0, 10, "\u03b1 0.5 \u2192 0.25");
  /* A slider dragged: one marker, from the first value to the last. */
  g_object_set (doc, "learning-rate", 0.1, NULL);
  g_assert_cmpuint (ps->n_markers, ==, 1);
  assert_marker (ps, 0, 10, "\u03b1 0.5 \u2192 0.1");
  train (doc, 5);
  g_object_set (doc, "hidden-units", 6, NULL);
  assert_marker (ps, 1, 15, "h 4 \u2192 6");
  /* There and back again: nothing changed. */
  g_object_set (doc, "hidden-units", 4, NULL);
  g_assert_cmpuint (ps->n_markers, ==, 1);
  train (doc, 3);
  g_object_set (doc, "activation", NNP_ACT_RELU, NULL);
  assert_marker (ps, 1, 18, "activation Sigmoid \u2192 ReLU");
  train (doc, 2);
  g_object_set (doc, "batch-size", 32, NULL);
  assert_marker (ps, 2, 20, "batch full \u2192 32");
  train (doc, 2);
  nnp_document_begin_edit (doc);
  g_assert_true (nnp_document_add_point (doc, 0.317, -0.2385, 1.0));
  assert_marker (ps, 3, 22, "data changed");
  g_assert_cmpuint (ps->n_markers, ==, 4);

  /* A branch at epoch 19 keeps the markers up to it. */
  nnp_document_set_shown_epoch (doc, 19);
  g_assert_true (nnp_document_continue_from_here (doc));
  g_assert_cmpuint (ps->n_markers, ==, 2);
  assert_marker (ps, 1, 18, "activation Sigmoid \u2192 ReLU");
  /* Undo brings the run back with its markers; redo cuts them again. */
  g_assert_true (nnp_document_undo (doc));
  g_assert_cmpuint (ps->n_markers, ==, 4);
  assert_marker (ps, 3, 22, "data changed");
  g_assert_true (nnp_document_redo (doc));
  g_assert_cmpuint (ps->n_markers, ==, 2);
  /* A change on the branch: undone and redone, the branch keeps it. */
  train (doc, 2);
  g_object_set (doc, "batch-size", 16, NULL);
  g_assert_cmpuint (ps->n_markers, ==, 3);
  assert_marker (ps, 2, 21, "batch full \u2192 16");
  g_assert_true (nnp_document_undo (doc));
  g_assert_cmpuint (ps->n_markers, ==, 4);
  g_assert_true (nnp_document_redo (doc));
  g_assert_cmpuint (ps->n_markers, ==, 3);
  assert_marker (ps, 2, 21, "batch full \u2192 16");
  /* and back at the same epoch: no change left to mark */
  g_object_set (doc, "batch-size", 0, NULL);
  g_assert_cmpuint (ps->n_markers, ==, 2);
  /* Saved in the session and read back, as they were. */
  {
    g_autoptr (GError) error = NULL;
    g_autofree char *dir = g_dir_make_tmp ("nnp-markers-XXXXXX", &error);
    g_assert_no_error (error);
    g_autofree char *path = g_build_filename (dir, "markers.json", NULL);
    g_assert_true (nnp_document_save_session (doc, path, &error));
    g_assert_no_error (error);
    NnpDocument *other = started ();
    const NnpPlotState *ops = nnp_document_get_plot_state (other);
    train (other, 3);
    g_object_set (other, "learning-rate", 0.3, NULL);
    g_assert_cmpuint (ops->n_markers, ==, 1);
    g_autoptr (GFile) file = g_file_new_for_path (path);
    g_assert_true (nnp_document_open (other, file, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (ops->n_markers, ==, 2);
    assert_marker (ops, 0, 10, "\u03b1 0.5 \u2192 0.1");
    assert_marker (ops, 1, 18, "activation Sigmoid \u2192 ReLU");
    /* a change after them is a marker of its own, not merged into one read */
    train (other, 1);
    g_object_set (other, "activation", NNP_ACT_TANH, NULL);
    g_assert_cmpuint (ops->n_markers, ==, 3);
    assert_marker (ops, 1, 18, "activation Sigmoid \u2192 ReLU");
    g_object_unref (other);
    g_unlink (path);
    g_rmdir (dir);
  }
  /* A new run has none. */
  nnp_document_replay (doc);
  g_assert_cmpuint (ps->n_markers, ==, 0);
  g_assert_null (ps->markers);

  /* Bounded: a marker each epoch for longer than the cap. */
  for (int i = 0; i < NNP_MAX_MARKERS + 20; i++)
    {
      train (doc, 1);
      g_object_set (doc, "learning-rate", i % 2 ? 0.5 : 0.25, NULL);
      g_object_set (doc, "hidden-units", i % 2 ? 4 : 5, NULL);
    }
  g_assert_cmpuint (ps->n_markers, <=, NNP_MAX_MARKERS);
  g_object_unref (doc);
}

/* A thinned cost curve: the snapshots do not depend on it, and a branch
 * cuts the curve at the last entry before the branch epoch. */
static void
test_thinned (void)
{
  NnpDocument *doc = started ();
  const NnpPlotState *ps = nnp_document_get_plot_state (doc);
  const NnpLiveView *v = nnp_document_get_view (doc);

  nnp_document_set_history_cap (doc, 16);
  nnp_document_replay (doc);
  train (doc, 150);
  size_t stride = v->history_stride;
  g_assert_cmpuint (stride, >=, 8);
  nnp_document_set_shown_epoch (doc, 120);
  g_assert_cmpint (nnp_document_get_shown_epoch (doc), ==, 113);
  NnpModel *r = replay (doc, 113);
  g_assert_true (same_model (ps->model, r));
  nnp_model_free (r);
  g_assert_true (nnp_document_continue_from_here (doc));
  nnp_document_sync (doc);
  g_assert_cmpuint (v->epochs, ==, 113);
  g_assert_cmpuint (v->history->len, ==, 113 / stride + 1);
  train (doc, 20);
  r = replay (doc, 133);
  g_assert_true (same_model (v->model, r));
  nnp_model_free (r);
  /* Out of range: the present. */
  nnp_document_set_shown_epoch (doc, G_MAXINT64);
  g_assert_cmpint (nnp_document_get_shown_epoch (doc), ==, -1);
  nnp_document_set_shown_epoch (doc, -7);
  g_assert_cmpint (nnp_document_get_shown_epoch (doc), ==, -1);
  g_object_unref (doc);
}

/* An edit that starts a new run (Regenerate; Clear, to draw by hand)
 * is undone with its run: the points, the weights, the curve, the epoch
 * and the alpha come back together, and Redo brings the new run back as
 * far as it had gone. Point edits in between continue the run, as before
 * (the lecturer's case: clear, draw, train, then undo to before). */
/* New Weights (Ctrl+R) and a seed typed for points drawn by hand start
 * a new run; Undo brings back the one they replaced, with its seed and
 * markers, and Redo the new one as far as it had trained. (The run had
 * been thrown away, Undo greyed out.) */
static void
test_new_weights_undo (void)
{
  NnpDocument *doc = started ();
  const NnpLiveView *v = nnp_document_get_view (doc);

  train (doc, 20);
  g_object_set (doc, "learning-rate", 0.731, NULL);
  train (doc, 20);
  g_assert_cmpuint (v->epochs, ==, 40);
  NnpModel *m40 = nnp_model_dup (v->model);
  const size_t len40 = v->history->len;
  const guint64 seed40 = nnp_document_get_seed (doc);
  const NnpPlotState *ps = nnp_document_get_plot_state (doc);
  g_assert_cmpuint (ps->n_markers, ==, 1);   /* alpha 0.5 -> 0.731 at 20 */

  nnp_document_reset (doc);
  nnp_document_sync (doc);
  g_assert_cmpuint (v->epochs, ==, 0);
  g_assert_cmpuint (nnp_document_get_seed (doc), !=, seed40);
  const guint64 seed_new = nnp_document_get_seed (doc);
  train (doc, 7);
  NnpModel *m7 = nnp_model_dup (v->model);

  g_assert_true (nnp_document_undo (doc));
  nnp_document_sync (doc);
  g_assert_cmpuint (v->epochs, ==, 40);
  g_assert_true (same_model (v->model, m40));
  g_assert_cmpuint (v->history->len, ==, len40);
  g_assert_cmpuint (nnp_document_get_seed (doc), ==, seed40);
  g_assert_cmpuint (ps->n_markers, ==, 1);
  g_assert_cmpuint (ps->markers[0].epoch, ==, 20);
  g_assert_cmpfloat (nnp_document_get_learning_rate (doc), ==, 0.731);

  g_assert_true (nnp_document_redo (doc));
  nnp_document_sync (doc);
  g_assert_cmpuint (v->epochs, ==, 7);
  g_assert_true (same_model (v->model, m7));
  g_assert_cmpuint (nnp_document_get_seed (doc), ==, seed_new);
  g_assert_cmpuint (ps->n_markers, ==, 0);

  /* a seed typed for points drawn by hand: a new run, undone the same way */
  clear_draw_two_and_train (doc);
  NnpModel *h5 = nnp_model_dup (v->model);
  const guint64 seed_hand = nnp_document_get_seed (doc);
  g_object_set (doc, "seed", (guint64) 4242, NULL);
  nnp_document_sync (doc);
  g_assert_cmpuint (v->epochs, ==, 0);
  g_assert_true (nnp_document_undo (doc));
  nnp_document_sync (doc);
  g_assert_cmpuint (v->epochs, ==, 5);
  g_assert_true (same_model (v->model, h5));
  g_assert_cmpuint (nnp_document_get_seed (doc), ==, seed_hand);
  /* the seed put back is not a typed one: New Weights goes on from it */
  nnp_document_reset (doc);
  g_assert_cmpuint (nnp_document_get_seed (doc), !=, seed_hand);

  nnp_model_free (h5);
  nnp_model_free (m7);
  nnp_model_free (m40);
  g_object_unref (doc);
}

static void
test_new_run_undo (void)
{
  NnpDocument *doc = started ();
  const NnpLiveView *v = nnp_document_get_view (doc);
  const NnpPlotState *ps = nnp_document_get_plot_state (doc);

  g_object_set (doc, "learning-rate", 0.731, NULL);
  train (doc, 40);
  g_assert_cmpuint (v->epochs, ==, 40);
  NnpModel *m40 = nnp_model_dup (v->model);
  const size_t len40 = v->history->len;
  const size_t n40 = ps->train->n;
  const double x40 = ps->train->X[0];

  nnp_document_regenerate (doc);
  nnp_document_sync (doc);
  g_assert_cmpuint (v->epochs, ==, 0);
  g_assert_true (ps->train->X[0] != x40);
  g_object_set (doc, "learning-rate", 0.25, NULL);
  train (doc, 7);
  NnpModel *m7 = nnp_model_dup (v->model);

  g_assert_true (nnp_document_undo (doc));
  nnp_document_sync (doc);
  g_assert_cmpuint (v->epochs, ==, 40);
  g_assert_true (same_model (v->model, m40));
  g_assert_cmpuint (v->history->len, ==, len40);
  g_assert_cmpuint (ps->train->n, ==, n40);
  g_assert_cmpfloat (ps->train->X[0], ==, x40);
  g_assert_cmpfloat (nnp_document_get_learning_rate (doc), ==, 0.731);
  g_assert_false (nnp_document_get_running (doc));
  /* training goes on from epoch 40 as if nothing had happened */
  train (doc, 1);
  g_assert_cmpuint (v->epochs, ==, 41);
  NnpModel *r41 = replay (doc, 41);
  g_assert_true (same_model (v->model, r41));
  nnp_model_free (r41);
  /* that step was a continuation: Redo still brings the new run */
  g_assert_true (nnp_document_redo (doc));
  nnp_document_sync (doc);
  g_assert_cmpuint (v->epochs, ==, 7);
  g_assert_true (same_model (v->model, m7));
  g_assert_cmpfloat (nnp_document_get_learning_rate (doc), ==, 0.25);
  g_assert_true (nnp_document_undo (doc));
  nnp_document_sync (doc);
  g_assert_cmpuint (v->epochs, ==, 41);

  /* Clear to draw by hand, draw, train, undo the drawing, then the clear */
  clear_draw_two_and_train (doc);
  g_assert_cmpuint (v->epochs, ==, 5);
  g_assert_true (nnp_document_undo (doc));   /* the two points */
  nnp_document_sync (doc);
  g_assert_cmpuint (v->epochs, ==, 5);
  g_assert_true (nnp_document_undo (doc));   /* the clear */
  nnp_document_sync (doc);
  g_assert_cmpuint (v->epochs, ==, 41);
  g_assert_cmpuint (ps->train->n, ==, n40);
  g_assert_cmpfloat (ps->train->X[0], ==, x40);

  /* Two Regenerates before any tick: the second keeps the run the first
   * started (epoch 0 on its points), not the older one the view still
   * showed */
  nnp_document_regenerate (doc);
  const double x_second = ps->train->X[0];
  nnp_document_regenerate (doc);
  g_assert_true (nnp_document_undo (doc));
  nnp_document_sync (doc);
  g_assert_cmpuint (v->epochs, ==, 0);
  g_assert_cmpfloat (ps->train->X[0], ==, x_second);
  g_assert_true (nnp_document_undo (doc));
  nnp_document_sync (doc);
  g_assert_cmpuint (v->epochs, ==, 41);

  /* Standardise switched on after a Regenerate: undoing the Regenerate
   * brings the raw run back with raw inputs, and it trains on as before */
  nnp_document_regenerate (doc);
  g_object_set (doc, "standardize", TRUE, NULL);
  train (doc, 3);
  g_assert_true (nnp_document_undo (doc));
  nnp_document_sync (doc);
  gboolean z = TRUE;
  g_object_get (doc, "standardize", &z, NULL);
  g_assert_false (z);
  g_assert_cmpuint (v->epochs, ==, 41);
  train (doc, 1);
  NnpModel *r42 = replay (doc, 42);
  g_assert_true (same_model (v->model, r42));
  nnp_model_free (r42);

  nnp_model_free (m40);
  nnp_model_free (m7);
  g_object_unref (doc);
}

/* Points drawn after a Clear and undone one by one before any training:
 * the cost figure is empty again, as right after the Clear, not the
 * epoch-0 J of the points undone (its legend gave that number while the
 * readouts said "—"). Points drawn again start a fresh epoch 0. */
static void
test_undo_points_to_none (void)
{
  NnpDocument *doc = started ();
  const NnpLiveView *v = nnp_document_get_view (doc);
  const NnpPlotState *ps = nnp_document_get_plot_state (doc);

  nnp_document_clear (doc);
  nnp_document_sync (doc);
  g_assert_null (ps->history);
  g_assert_false (v->valid);

  static const double pts[][3] = { { -0.8, 1.2, 1.0 }, { 1.0, -0.5, 0.0 }, { -0.2, 0.1, 1.0 } };
  for (gsize i = 0; i < G_N_ELEMENTS (pts); i++)
    {
      nnp_document_begin_edit (doc);
      g_assert_true (nnp_document_add_point (doc, pts[i][0], pts[i][1], pts[i][2]));
      nnp_document_sync (doc);
      g_assert_nonnull (ps->history);
      g_assert_cmpuint (ps->history->len, ==, 1);
      g_assert_cmpfloat (ps->history->train_cost[0], ==, v->cost);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (pts); i++)
    {
      g_assert_true (nnp_document_undo (doc));
      nnp_document_sync (doc);
    }
  g_assert_cmpuint (ps->train->n, ==, 0);
  g_assert_cmpuint (v->epochs, ==, 0);
  g_assert_false (v->valid);
  g_assert_null (ps->history);

  /* Drawn again: epoch 0 on the new point alone, and training goes on. */
  nnp_document_begin_edit (doc);
  g_assert_true (nnp_document_add_point (doc, 0.4, 0.4, 0.0));
  nnp_document_sync (doc);
  g_assert_true (v->valid);
  g_assert_nonnull (ps->history);
  g_assert_cmpuint (ps->history->len, ==, 1);
  g_assert_cmpfloat (ps->history->train_cost[0], ==, v->cost);
  train (doc, 3);
  g_assert_cmpuint (v->epochs, ==, 3);
  g_assert_cmpuint (ps->history->len, ==, 4);
  g_assert_false (ps->no_present_cost);

  /* Trained, then the point undone: the curve stays (the run's past),
   * but the present has no cost, for the legend as for the readouts. */
  g_assert_true (nnp_document_undo (doc));
  nnp_document_sync (doc);
  g_assert_cmpuint (ps->train->n, ==, 0);
  g_assert_false (v->valid);
  g_assert_nonnull (ps->history);
  g_assert_true (ps->no_present_cost);
  g_assert_true (nnp_document_redo (doc));
  nnp_document_sync (doc);
  g_assert_true (v->valid);
  g_assert_false (ps->no_present_cost);

  g_object_unref (doc);
}

/* Points undone, then redone at the same epoch: the data are as they
 * were, so no "data changed" marker is left where there was none (the
 * redo had left one, a triangle on the curve for nothing). A real change
 * keeps its marker, and one undone over epochs keeps both ends. (It
 * sleeps 2.25 s in all.) */
static void
test_points_undo_redo_marker (void)
{
  NnpDocument *doc = started ();
  const NnpPlotState *ps = nnp_document_get_plot_state (doc);
  static const double pts[][3] = { { -0.8, 1.2, 1.0 }, { 1.0, -0.5, 0.0 }, { -0.2, 0.1, 1.0 } };

  train (doc, 5);
  for (gsize i = 0; i < G_N_ELEMENTS (pts); i++)
    {
      nnp_document_begin_edit (doc);
      g_assert_true (nnp_document_add_point (doc, pts[i][0], pts[i][1], pts[i][2]));
    }
  assert_marker (ps, 0, 5, "data changed");
  g_assert_cmpuint (ps->n_markers, ==, 1);
  train (doc, 4);
  const size_t n = ps->train->n;
  /* changes of one kind less than 0.7 s apart are one change going on
   * (a drag while training runs): these are apart */
  g_usleep (750000);

  for (gsize i = 0; i < G_N_ELEMENTS (pts); i++)
    g_assert_true (nnp_document_undo (doc));
  nnp_document_sync (doc);
  g_assert_cmpuint (ps->train->n, ==, n - G_N_ELEMENTS (pts));
  g_assert_cmpuint (ps->n_markers, ==, 2);
  assert_marker (ps, 1, 9, "data changed");
  for (gsize i = 0; i < G_N_ELEMENTS (pts); i++)
    g_assert_true (nnp_document_redo (doc));
  nnp_document_sync (doc);
  g_assert_cmpuint (ps->train->n, ==, n);
  g_assert_cmpuint (ps->n_markers, ==, 1);
  assert_marker (ps, 0, 5, "data changed");

  /* undone, trained on, redone: two changes of the run's data */
  g_usleep (750000);
  g_assert_true (nnp_document_undo (doc));
  train (doc, 2);
  g_usleep (750000);
  g_assert_true (nnp_document_redo (doc));
  nnp_document_sync (doc);
  g_assert_cmpuint (ps->n_markers, ==, 3);
  assert_marker (ps, 1, 9, "data changed");
  assert_marker (ps, 2, 11, "data changed");
  g_object_unref (doc);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/app/history/scrub-exact", test_scrub_exact);
  g_test_add_func ("/app/history/edits-return", test_edits_return);
  g_test_add_func ("/app/history/session-keeps-past", test_session_keeps_past);
  g_test_add_func ("/app/history/continue-undo", test_continue_undo);
  g_test_add_func ("/app/history/pins", test_pins);
  g_test_add_func ("/app/history/previous-contour", test_previous_contour);
  g_test_add_func ("/app/history/markers", test_markers);
  g_test_add_func ("/app/history/branch-settings", test_branch_settings);
  g_test_add_func ("/app/history/thinned", test_thinned);
  g_test_add_func ("/app/history/new-run-undo", test_new_run_undo);
  g_test_add_func ("/app/history/new-weights-undo", test_new_weights_undo);
  g_test_add_func ("/app/history/undo-points-to-none", test_undo_points_to_none);
  g_test_add_func ("/app/history/points-undo-redo-marker", test_points_undo_redo_marker);
  return g_test_run ();
}
