/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-cli-train.c: nnplay-cli train, generate and gradcheck end to end: models, history, --init, divergence. */
#define G_LOG_DOMAIN "nnplay-test"
#include "config.h"

#include <math.h>
#include <string.h>

#include <nnplay/nnp-modelio.h>

#include "cli-helpers.h"

static const char xor_csv[] =
  "x1,x2,label\n"
  "0,0,0\n"
  "0,1,1\n"
  "1,0,1\n"
  "1,1,0\n";

/* The four XOR points, learnt to accuracy 1 from the command line. */
static void
test_train_xor (void)
{
  g_autofree char *dir = cli_tmpdir ();
  cli_write (dir, "xor.csv", xor_csv);

  g_autoptr(CliRun) r = cli_expect (0, dir, "train", "--data", "xor.csv", "--hidden", "4", "--lr", "2.5",
                                    "--epochs", "4000", "--seed", "3", "--history", "h.csv",
                                    "--save-model", "m.json", NULL);
  g_autoptr(CliTable) h = cli_table_read (dir, "h.csv");
  g_assert_cmpuint (h->nrows, ==, 4001);
  g_assert_cmpfloat (CLI_AT (h, 4000, 2), ==, 1.0);
  g_assert_cmpfloat (CLI_AT (h, 4000, 1), <, 0.05);

  /* Independently: the saved model classifies all four and has the history's last cost. */
  g_autoptr(CliModel) m = cli_model_read (dir, "m.json");
  g_autoptr(CliTable) data = cli_table_read (dir, "xor.csv");
  double cost, acc;
  cli_model_cost (m, data, &cost, &acc);
  g_assert_cmpfloat (acc, ==, 1.0);
  g_assert_cmpfloat_with_epsilon (cost, CLI_AT (h, 4000, 1), 1e-12 * MAX (1.0, cost));

  /* The summary on stdout; nothing on stderr when it is not a terminal. */
  g_assert_nonnull (strstr (r->out, "accuracy 1 "));
  g_assert_nonnull (strstr (r->out, "epochs/s"));
  g_assert_cmpstr (r->err, ==, "");
  cli_rmdir (dir);
}

/* --epochs 0 --save-model writes the initial model: the documented scheme. */
static void
test_train_epochs0 (void)
{
  g_autofree char *dir = cli_tmpdir ();

  g_autoptr(CliRun) r = cli_expect (0, dir, "train", "--dataset", "circles", "--hidden", "7",
                                    "--activation", "tanh", "--epochs", "0", "--save-model", "m.json",
                                    "--history", "h.csv", "--quiet", NULL);
  g_assert_cmpstr (r->out, ==, "");
  g_assert_cmpstr (r->err, ==, "");

  g_autoptr(CliModel) m = cli_model_read (dir, "m.json");
  g_assert_cmpuint (m->d, ==, 2);
  g_assert_cmpuint (m->h, ==, 7);
  g_assert_cmpstr (m->activation, ==, "tanh");
  /* b1 = 0, b2 = 0, weights drawn (not zero, not all equal). */
  gboolean varied = FALSE;
  for (size_t j = 0; j < m->h; j++)
    {
      g_assert_cmpfloat (m->b1[j], ==, 0.0);
      g_assert_true (isfinite (m->W2[j]) && fabs (m->W2[j]) < 10);
      varied |= m->W1[2 * j] != m->W1[0];
    }
  g_assert_true (varied);
  g_assert_cmpfloat (m->b2, ==, 0.0);

  /* The engine's own reader accepts it. */
  g_autofree char *path = cli_file (dir, "m.json");
  g_autoptr(GError) error = NULL;
  NnpModel *loaded = nnp_model_load (path, &error);
  g_assert_no_error (error);
  nnp_model_free (loaded);

  /* One history row, epoch 0. */
  g_autoptr(CliTable) h = cli_table_read (dir, "h.csv");
  g_assert_cmpuint (h->nrows, ==, 1);
  g_assert_cmpfloat (CLI_AT (h, 0, 0), ==, 0.0);

  /* --init of it with --epochs 0 writes the same numbers back. */
  cli_check (0, dir, "train", "--dataset", "circles", "--init", "m.json", "--epochs", "0",
              "--save-model", "m2.json", NULL);
  g_autoptr(CliModel) m2 = cli_model_read (dir, "m2.json");
  g_assert_cmpfloat (cli_model_diff (m, m2), ==, 0.0);
  cli_rmdir (dir);
}

/* 10 epochs, save, 10 more from --init equals 20 from scratch. */
static void
test_train_init_continues (void)
{
  g_autofree char *dir = cli_tmpdir ();
  const char *common[] = { "train", "--dataset", "moons", "--points", "150", "--noise", "0.15",
                           "--seed", "5", "--lr", "0.75", "--quiet" };
#define RUN(...) do { \
    const char *args[] = { common[0], common[1], common[2], common[3], common[4], common[5], \
                           common[6], common[7], common[8], common[9], common[10], common[11], \
                           __VA_ARGS__, NULL }; \
    g_autoptr(CliRun) r_ = cli_runv (dir, args); \
    if (r_->status != 0) g_test_message ("%s", r_->err); \
    g_assert_cmpint (r_->status, ==, 0); \
  } while (0)

  RUN ("--epochs", "10", "--save-model", "a.json");
  RUN ("--epochs", "10", "--init", "a.json", "--save-model", "b.json", "--history", "hb.csv");
  RUN ("--epochs", "20", "--save-model", "c.json", "--history", "hc.csv");
#undef RUN

  g_autoptr(CliModel) b = cli_model_read (dir, "b.json");
  g_autoptr(CliModel) c = cli_model_read (dir, "c.json");
  g_assert_cmpfloat (cli_model_diff (b, c), <=, 1e-12);

  g_autoptr(CliTable) hb = cli_table_read (dir, "hb.csv");
  g_autoptr(CliTable) hc = cli_table_read (dir, "hc.csv");
  g_assert_cmpuint (hb->nrows, ==, 11);
  g_assert_cmpuint (hc->nrows, ==, 21);
  for (size_t t = 0; t <= 10; t++)
    {
      double jb = CLI_AT (hb, t, 1), jc = CLI_AT (hc, t + 10, 1);
      g_assert_cmpfloat (fabs (jb - jc), <=, 1e-12 * jc);
      g_assert_cmpfloat (CLI_AT (hb, t, 2), ==, CLI_AT (hc, t + 10, 2));
    }
  /* And it did train: J(theta^(20)) < J(theta^(0)). */
  g_assert_cmpfloat (CLI_AT (hc, 20, 1), <, CLI_AT (hc, 0, 1));
  cli_rmdir (dir);
}

/* --init decides hidden size and activation; a different explicit value is a usage error. */
static void
test_train_init_conflicts (void)
{
  g_autofree char *dir = cli_tmpdir ();
  cli_check (0, dir, "train", "--dataset", "xor", "--hidden", "3", "--epochs", "0", "--save-model", "m.json", NULL);

  g_autoptr(CliRun) a = cli_expect (1, dir, "train", "--dataset", "xor", "--init", "m.json", "--hidden", "5",
                                    "--save-model", "out.json", NULL);
  g_assert_nonnull (strstr (a->err, "--hidden 5 conflicts with --init m.json"));
  g_autoptr(CliRun) b = cli_expect (1, dir, "train", "--dataset", "xor", "--init", "m.json",
                                    "--activation", "relu", "--save-model", "out.json", NULL);
  g_assert_nonnull (strstr (b->err, "--activation relu conflicts"));
  g_assert_false (cli_exists (dir, "out.json"));

  /* The same values are fine; the file's h is used. */
  cli_check (0, dir, "train", "--dataset", "xor", "--init", "m.json", "--hidden", "3",
              "--activation", "sigmoid", "--epochs", "5", "--save-model", "out.json", NULL);
  g_autoptr(CliModel) m = cli_model_read (dir, "out.json");
  g_assert_cmpuint (m->h, ==, 3);

  /* A model with other inputs than the data's columns is bad input. */
  cli_write (dir, "d3.csv", "0.25,0.5,0.125,1\n-0.5,1.5,0.75,0\n");
  g_autoptr(CliRun) c = cli_expect (2, dir, "train", "--data", "d3.csv", "--init", "m.json", NULL);
  g_assert_nonnull (strstr (c->err, "m.json has 2 inputs but d3.csv has 3"));
  cli_rmdir (dir);
}

static void
check_history (const CliTable *h, size_t epochs, gboolean has_test, size_t n_train, size_t n_test)
{
  g_assert_cmpstr (h->header, ==, has_test ? "epoch,train_cost,train_accuracy,test_cost,test_accuracy"
                                           : "epoch,train_cost,train_accuracy");
  g_assert_cmpuint (h->ncols, ==, has_test ? 5 : 3);
  g_assert_cmpuint (h->nrows, ==, epochs + 1);
  for (size_t t = 0; t <= epochs; t++)
    {
      g_assert_cmpfloat (CLI_AT (h, t, 0), ==, (double) t);
      g_assert_true (isfinite (CLI_AT (h, t, 1)) && CLI_AT (h, t, 1) > 0);
      /* accuracies are counts over the split's size */
      double k = CLI_AT (h, t, 2) * (double) n_train;
      g_assert_cmpfloat (fabs (k - round (k)), <, 1e-9);
      if (has_test)
        {
          g_assert_true (isfinite (CLI_AT (h, t, 3)) && CLI_AT (h, t, 3) > 0);
          k = CLI_AT (h, t, 4) * (double) n_test;
          g_assert_cmpfloat (fabs (k - round (k)), <, 1e-9);
        }
    }
}

static void
test_train_history (void)
{
  g_autofree char *dir = cli_tmpdir ();

  g_autoptr(CliRun) a = cli_expect (0, dir, "train", "--dataset", "blobs", "--points", "120", "--epochs", "37",
                                    "--history", "h.csv", NULL);
  g_autoptr(CliTable) h = cli_table_read (dir, "h.csv");
  check_history (h, 37, FALSE, 120, 0);
  g_assert_null (strstr (a->out, "test:"));

  /* round(0.25 * 120) = 30 test points, 90 train points. */
  g_autoptr(CliRun) b = cli_expect (0, dir, "train", "--dataset", "blobs", "--points", "120", "--epochs", "37",
                                    "--test-fraction", "0.25", "--history", "ht.csv", NULL);
  g_autoptr(CliTable) ht = cli_table_read (dir, "ht.csv");
  check_history (ht, 37, TRUE, 90, 30);
  g_assert_nonnull (strstr (b->out, "(90 points)"));
  g_assert_nonnull (strstr (b->out, "(30 points)"));

  /* Mini-batches give the same row count. */
  cli_check (0, dir, "train", "--dataset", "blobs", "--points", "120", "--epochs", "12",
              "--batch", "16", "--history", "hb.csv", NULL);
  g_autoptr(CliTable) hb = cli_table_read (dir, "hb.csv");
  check_history (hb, 12, FALSE, 120, 0);
  cli_rmdir (dir);
}

/* Small lr: J(theta^(t)) never goes up; row 0 is J(theta^(0)) and the last row
 * J of the saved model, both computed here with plain loops. */
static void
test_train_history_cost (void)
{
  g_autofree char *dir = cli_tmpdir ();

  cli_check (0, dir, "generate", "--dataset", "spiral", "--points", "160", "--noise", "0.05",
              "--seed", "11", "--out", "s.csv", NULL);
  cli_check (0, dir, "train", "--data", "s.csv", "--hidden", "6", "--epochs", "0", "--seed", "11",
              "--save-model", "m0.json", NULL);
  cli_check (0, dir, "train", "--data", "s.csv", "--hidden", "6", "--lr", "0.05", "--epochs", "300",
              "--seed", "11", "--history", "h.csv", "--save-model", "m.json", NULL);

  g_autoptr(CliTable) h = cli_table_read (dir, "h.csv");
  g_assert_cmpuint (h->nrows, ==, 301);
  for (size_t t = 1; t <= 300; t++)
    g_assert_cmpfloat (CLI_AT (h, t, 1), <=, CLI_AT (h, t - 1, 1));
  g_assert_cmpfloat (CLI_AT (h, 300, 1), <, CLI_AT (h, 0, 1));

  g_autoptr(CliTable) data = cli_table_read (dir, "s.csv");
  g_autoptr(CliModel) m0 = cli_model_read (dir, "m0.json");
  g_autoptr(CliModel) m = cli_model_read (dir, "m.json");
  double cost, acc;
  cli_model_cost (m0, data, &cost, &acc);
  g_assert_cmpfloat (fabs (cost - CLI_AT (h, 0, 1)), <=, 1e-12 * cost);
  g_assert_cmpfloat (acc, ==, CLI_AT (h, 0, 2));
  cli_model_cost (m, data, &cost, &acc);
  g_assert_cmpfloat (fabs (cost - CLI_AT (h, 300, 1)), <=, 1e-12 * cost);
  g_assert_cmpfloat (acc, ==, CLI_AT (h, 300, 2));
  cli_rmdir (dir);
}

/* A huge learning rate with ReLU units: weights grow by a factor ~lr each epoch until they overflow. */
static void
test_train_diverges (void)
{
  g_autofree char *dir = cli_tmpdir ();

  g_autoptr(CliRun) r = cli_expect (3, dir, "train", "--dataset", "moons", "--activation", "relu",
                                    "--lr", "1e6", "--epochs", "1000", "--save-model", "m.json",
                                    "--history", "h.csv", "--out", "f.svg", "--size", "400x300", NULL);
  g_test_message ("%s", r->err);
  g_assert_nonnull (strstr (r->err, "diverged"));
  g_assert_nonnull (strstr (r->err, "smaller learning rate"));

  /* What was written is whole and finite: the last finite model and its history. */
  g_autoptr(CliTable) h = cli_table_read (dir, "h.csv");
  g_assert_cmpuint (h->nrows, >=, 1);
  g_assert_cmpuint (h->nrows, <, 1001);
  for (size_t t = 0; t < h->nrows; t++)
    g_assert_true (isfinite (CLI_AT (h, t, 1)));
  g_autofree char *path = cli_file (dir, "m.json");
  g_autoptr(GError) error = NULL;
  NnpModel *m = nnp_model_load (path, &error);
  g_assert_no_error (error);
  nnp_model_free (m);
  g_assert_true (cli_exists (dir, "f.svg"));

  /* It really blew up: the last finite weights are astronomically large. */
  g_autoptr(CliModel) cm = cli_model_read (dir, "m.json");
  double biggest = fabs (cm->b2);
  for (size_t j = 0; j < cm->h; j++)
    biggest = MAX (biggest, MAX (fabs (cm->W2[j]), fabs (cm->W1[2 * j])));
  g_test_message ("largest weight of the last finite model: %g", biggest);
  g_assert_cmpfloat (biggest, >, 1e100);

  /* The divergence epoch in the message is the history's length. */
  g_autofree char *want = g_strdup_printf ("diverged in epoch %zu", h->nrows);
  g_assert_nonnull (strstr (r->err, want));
  cli_rmdir (dir);
}

/* generate writes the documented CSV; training on it equals training on --dataset. */
static void
test_generate_then_train (void)
{
  g_autofree char *dir = cli_tmpdir ();

  g_autoptr(CliRun) g = cli_expect (0, dir, "generate", "--dataset", "moons", "--points", "101", "--noise", "0.2",
                                    "--seed", "7", "--out", "g.csv", NULL);
  g_autoptr(CliTable) t = cli_table_read (dir, "g.csv");
  g_assert_cmpstr (t->header, ==, "x1,x2,label");
  g_assert_cmpuint (t->nrows, ==, 101);
  size_t ones = 0;
  for (size_t i = 0; i < t->nrows; i++)
    {
      g_assert_true (CLI_AT (t, i, 2) == 0 || CLI_AT (t, i, 2) == 1);
      ones += CLI_AT (t, i, 2) == 1;
    }
  g_assert_cmpuint (ones, ==, 51);

  /* --out - writes the same text to stdout */
  g_autoptr(CliRun) s = cli_expect (0, dir, "generate", "--dataset", "moons", "--points", "101", "--noise", "0.2",
                                    "--seed", "7", "--out", "-", NULL);
  g_autofree char *path = cli_file (dir, "g.csv");
  g_autofree char *text = NULL;
  g_file_get_contents (path, &text, NULL, NULL);
  g_assert_cmpstr (s->out, ==, text);

  cli_check (0, dir, "train", "--data", "g.csv", "--seed", "7", "--epochs", "25", "--test-fraction", "0.2",
              "--history", "h1.csv", NULL);
  cli_check (0, dir, "train", "--dataset", "moons", "--points", "101", "--noise", "0.2", "--seed", "7",
              "--epochs", "25", "--test-fraction", "0.2", "--history", "h2.csv", NULL);
  g_autofree char *p1 = cli_file (dir, "h1.csv"), *p2 = cli_file (dir, "h2.csv");
  g_autofree char *t1 = NULL, *t2 = NULL;
  g_file_get_contents (p1, &t1, NULL, NULL);
  g_file_get_contents (p2, &t2, NULL, NULL);
  g_assert_cmpstr (t1, ==, t2);

  /* A different seed gives different points. */
  cli_check (0, dir, "generate", "--dataset", "moons", "--points", "101", "--noise", "0.2",
              "--seed", "8", "--out", "g8.csv", NULL);
  g_autoptr(CliTable) t8 = cli_table_read (dir, "g8.csv");
  g_assert_cmpfloat (CLI_AT (t8, 0, 0), !=, CLI_AT (t, 0, 0));
  cli_rmdir (dir);
}

static void
test_gradcheck (void)
{
  static const char *const acts[] = { "sigmoid", "tanh" };

  for (size_t i = 0; i < G_N_ELEMENTS (acts); i++)
    {
      g_autoptr(CliRun) r = cli_expect (0, NULL, "gradcheck", "--dataset", "moons", "--points", "40",
                                        "--hidden", "5", "--activation", acts[i], NULL);
      double err = cli_number_after (r->out, "max relative error: ");
      g_test_message ("%s: %s", acts[i], r->out);
      g_assert_cmpfloat (err, >=, 0);
      g_assert_cmpfloat (err, <, 1e-6);
    }

  /* A tolerance nothing can meet fails with exit 4. */
  g_autoptr(CliRun) f = cli_expect (4, NULL, "gradcheck", "--dataset", "xor", "--points", "20",
                                    "--tolerance", "0", NULL);
  g_assert_nonnull (strstr (f->out, "FAILED"));

  /* A saved model, also with d = 3 data. */
  g_autofree char *dir = cli_tmpdir ();
  cli_write (dir, "d3.csv", "0.25,0.5,0.125,1\n-0.5,1.5,0.75,0\n1.25,-0.375,2.5,1\n0.625,0.875,-1.5,0\n");
  cli_check (0, dir, "train", "--data", "d3.csv", "--hidden", "3", "--epochs", "20", "--save-model", "m.json", NULL);
  g_autoptr(CliRun) r = cli_expect (0, dir, "gradcheck", "--data", "d3.csv", "--init", "m.json", NULL);
  g_assert_nonnull (strstr (r->out, "h = 3, 4 points"));
  g_autoptr(CliRun) u = cli_expect (1, dir, "gradcheck", "--data", "d3.csv", "--init", "m.json",
                                    "--hidden", "2", NULL);
  g_assert_nonnull (strstr (u->err, "m.json has 3 sigmoid hidden units"));
  g_autoptr(CliRun) v = cli_expect (1, dir, "gradcheck", "--data", "d3.csv", "--init", "m.json",
                                    "--activation", "tanh", NULL);
  g_assert_nonnull (strstr (v->err, "leave --hidden and --activation out"));
  cli_check (0, dir, "gradcheck", "--data", "d3.csv", "--init", "m.json", "--hidden", "3",
              "--activation", "sigmoid", NULL);
  cli_rmdir (dir);
}

/* On a terminal (a pty from script(1)) the progress line appears; --quiet silences it.
 * The run must outlast the first progress interval (0.25 s). A fixed
 * number of epochs took 2 x 68 s under AddressSanitizer, so 200 and
 * 1,200 epochs are timed first and the run given about 2 s of epochs at
 * the speed of the difference (at least 5,000 epochs). */
static void
test_train_progress_tty (void)
{
  g_autofree char *script = g_find_program_in_path ("script");
  if (script == NULL)
    {
      g_test_skip ("script(1) not found");
      return;
    }
  g_autofree char *dir = cli_tmpdir ();
  g_autoptr(GError) error = NULL;
  const char *cli = g_getenv ("NNP_TEST_CLI");
  g_assert_nonnull (cli);

  double took[2];
  for (int i = 0; i < 2; i++)
    {
      gint64 t0 = g_get_monotonic_time ();
      cli_check (0, dir, "train", "--dataset", "xor", "--points", "2000", "--hidden", "16", "--epochs",
                 i == 0 ? "200" : "1200", "--quiet", NULL);
      took[i] = (g_get_monotonic_time () - t0) / 1e6;
    }
  /* the 1000 epochs more, without the process's start; a delay in the
   * first run can shrink that difference, so it is taken as at least a
   * quarter of the second run's time an epoch (at most 8 s a run) */
  const double per_epoch = MAX ((took[1] - took[0]) / 1000, took[1] / 1200 / 4);
  const long epochs = CLAMP ((long) (2.0 / per_epoch), 5000, 2000000);
  g_test_message ("%.3g ms an epoch: %ld epochs", per_epoch * 1e3, epochs);
  for (int quiet = 0; quiet <= 1; quiet++)
    {
      g_autofree char *cmd = g_strdup_printf ("'%s' train --dataset xor --points 2000 --hidden 16 --epochs %ld%s"
                                              " >/dev/null", cli, epochs, quiet ? " --quiet" : "");
      const char *argv[] = { script, "-qec", cmd, "/dev/null", NULL };
      g_autofree char *out = NULL;
      int wait_status;
      g_spawn_sync (dir, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out, NULL,
                    &wait_status, &error);
      g_assert_no_error (error);
      g_test_message ("pty output (quiet %d): %s", quiet, out);
      if (quiet)
        g_assert_null (strstr (out, "epochs/s"));
      else
        {
          g_assert_nonnull (strstr (out, "epochs/s"));
          g_assert_nonnull (strstr (out, "\r"));
          g_assert_nonnull (strstr (out, "epoch "));
        }
    }
  cli_rmdir (dir);
}

/* --session: what it cannot take is said before anything is trained,
 * and the session's settings are used unless given. (That it gives the
 * app's weights to the bit: tests/app/test-document-params.c.) */
static void
test_train_session_args (void)
{
  g_autofree char *dir = cli_tmpdir ();
  static const char session[] =
    "{\"format\": \"nnplay-session\", \"version\": 1,\n"
    " \"hyperparameters\": {\"learning_rate\": 0.125, \"hidden\": 3, \"activation\": \"tanh\",\n"
    "   \"batch_size\": 0, \"seed\": 7, \"test_fraction\": 0.25, \"standardize\": %s},\n"
    " \"dataset\": {\"generator\": null, \"points\": 0, \"noise\": 0.1},\n"
    " \"points\": {\"X\": [[0.5, 1.0], [-1.0, 0.25], [0.75, -0.5], [0.1, 0.2]], \"y\": [1, 0, 1, 0],\n"
    "   \"is_test\": [0, 0, 0, 1]},\n"
    " \"history\": {\"train_cost\": [], \"train_accuracy\": []}, \"epoch\": %s, \"history_stride\": 1,\n"
    " \"model\": null}\n";
  g_autofree char *plain = g_strdup_printf (session, "false", "12");
  g_autofree char *z = g_strdup_printf (session, "true", "12");
  g_autofree char *far = g_strdup_printf (session, "false", "99999999999");
  cli_write (dir, "s.json", plain);
  cli_write (dir, "z.json", z);
  cli_write (dir, "far.json", far);

  static const struct { const char *arg, *val, *says; } bad[] = {
    { "--dataset", "moons", "--session brings its own points" },
    { "--init", "s.json", "give either --session or --init" },
    { "--test-fraction", "0.2", "a session's points keep its own split" },
    { "--seed", "3", "leave out --seed" },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(CliRun) r = cli_expect (1, dir, "train", "--session", "s.json", bad[i].arg, bad[i].val,
                                        "--save-model", "m.json", NULL);
      g_assert_nonnull (strstr (r->err, bad[i].says));
      g_assert_false (cli_exists (dir, "m.json"));
    }
  g_autoptr(CliRun) rz = cli_expect (2, dir, "train", "--session", "z.json", NULL);
  g_assert_nonnull (strstr (rz->err, "z-scores"));
  g_autoptr(CliRun) rf = cli_expect (1, dir, "train", "--session", "far.json", NULL);
  g_assert_nonnull (strstr (rf->err, "give --epochs"));
  g_autoptr(CliRun) rn = cli_expect (2, dir, "train", "--session", "none.json", NULL);
  g_assert_nonnull (strstr (rn->err, "none.json"));

  /* its settings: 12 epochs of 3 tanh units on its 3 training points
   * (the fourth is a test point), alpha 0.125 */
  g_autoptr(CliRun) ok = cli_expect (0, dir, "train", "--session", "s.json", "--save-model", "m.json",
                                     "--history", "h.csv", NULL);
  g_assert_nonnull (strstr (ok->out, "epochs: 12"));
  g_assert_nonnull (strstr (ok->out, "(3 points)"));
  g_assert_nonnull (strstr (ok->out, "test:"));
  g_autofree char *model = NULL;
  g_autofree char *model_path = cli_file (dir, "m.json");
  g_assert_true (g_file_get_contents (model_path, &model, NULL, NULL));
  g_assert_nonnull (strstr (model, "\"activation\": \"tanh\""));
  g_assert_nonnull (strstr (model, "\"hidden\": 3"));
  /* a session with no weights yet says nothing of being its weights */
  g_assert_null (strstr (ok->out, "session:"));
  /* given settings win */
  g_autoptr(CliRun) h5 = cli_expect (0, dir, "train", "--session", "s.json", "--hidden", "5", "--epochs", "2",
                                     "--save-model", "m.json", NULL);
  g_autofree char *model5 = NULL;
  g_assert_true (g_file_get_contents (model_path, &model5, NULL, NULL));
  g_assert_nonnull (strstr (model5, "\"hidden\": 5"));
  g_assert_nonnull (strstr (h5->out, "epochs: 2"));
  cli_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  cli_helpers_init (&argc, &argv);
  g_setenv ("NNP_TEST_CLI", argv[1], TRUE);

  g_test_add_func ("/cli/train/xor", test_train_xor);
  g_test_add_func ("/cli/train/epochs0", test_train_epochs0);
  g_test_add_func ("/cli/train/init-continues", test_train_init_continues);
  g_test_add_func ("/cli/train/init-conflicts", test_train_init_conflicts);
  g_test_add_func ("/cli/train/session-args", test_train_session_args);
  g_test_add_func ("/cli/train/history", test_train_history);
  g_test_add_func ("/cli/train/history-cost", test_train_history_cost);
  g_test_add_func ("/cli/train/diverges", test_train_diverges);
  g_test_add_func ("/cli/train/progress-tty", test_train_progress_tty);
  g_test_add_func ("/cli/generate/then-train", test_generate_then_train);
  g_test_add_func ("/cli/gradcheck/check", test_gradcheck);
  return g_test_run ();
}
