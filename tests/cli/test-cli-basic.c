/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-cli-basic.c: nnplay-cli's help, version, usage errors (exit 1) and bad input (exit 2). */
#define G_LOG_DOMAIN "nnplay-test"
#include "config.h"

#include <string.h>

#include "cli-helpers.h"

static const char *const subcommands[] = { "generate", "train", "plot", "gradcheck", "bench" };

static void
test_help_top (void)
{
  g_autoptr(CliRun) r = cli_expect (0, NULL, "--help", NULL);

  for (size_t i = 0; i < G_N_ELEMENTS (subcommands); i++)
    g_assert_nonnull (strstr (r->out, subcommands[i]));
  g_assert_nonnull (strstr (r->out, "Exit status"));
  g_assert_cmpstr (r->err, ==, "");

  g_autoptr(CliRun) v = cli_expect (0, NULL, "--version", NULL);
  g_assert_cmpstr (v->out, ==, "nnplay-cli " PACKAGE_VERSION "\n");

  /* No command: the help on stderr, a usage error. */
  const char *no_args[] = { NULL };
  g_autoptr(CliRun) none = cli_runv (NULL, no_args);
  g_assert_cmpint (none->status, ==, 1);
  g_assert_nonnull (strstr (none->err, "Usage"));
  g_assert_cmpstr (none->out, ==, "");
}

static void
test_help_subcommands (void)
{
  for (size_t i = 0; i < G_N_ELEMENTS (subcommands); i++)
    {
      g_autoptr(CliRun) r = cli_expect (0, NULL, subcommands[i], "--help", NULL);
      g_test_message ("%s --help:\n%s", subcommands[i], r->out);
      g_assert_cmpstr (r->out, !=, "");
      g_assert_nonnull (strstr (r->out, subcommands[i]));
    }
}

/* Every option the issue lists for train is documented with its default. */
static void
test_help_train_options (void)
{
  static const char *const options[] = {
    "--data", "--dataset", "--points", "--noise", "--hidden", "--lr", "--epochs",
    "--activation", "--batch", "--test-fraction", "--seed", "--init", "--save-model",
    "--history", "--figure", "--out", "--size", "--quiet",
    "--hidden 4", "--lr 0.5", "--epochs 1000", "--seed 1", "--points 200", "--noise 0.1",
  };
  g_autoptr(CliRun) r = cli_expect (0, NULL, "train", "--help", NULL);

  for (size_t i = 0; i < G_N_ELEMENTS (options); i++)
    {
      g_test_message ("looking for %s", options[i]);
      g_assert_nonnull (strstr (r->out, options[i]));
    }
}

typedef struct {
  const char *args[12];
  const char *message;      /* expected in stderr */
} UsageCase;

static void
test_usage_errors (void)
{
  static const UsageCase cases[] = {
    { { "frobnicate" }, "unknown command 'frobnicate'" },
    { { "--bogus" }, "unknown option '--bogus'" },
    { { "train", "--dataset", "moons", "--bogus" }, "--bogus" },
    { { "train", "--hidden", "4" }, "give --data FILE.csv or --dataset NAME" },
    { { "train", "--dataset", "moons", "--data", "x.csv" }, "not both" },
    { { "train", "--dataset", "squares" }, "unknown --dataset 'squares'" },
    { { "train", "--dataset", "moons", "--lr", "0" }, "--lr must be" },
    { { "train", "--dataset", "moons", "--lr", "-0.5" }, "--lr must be" },
    { { "train", "--dataset", "moons", "--lr", "abc" }, "--lr" },
    { { "train", "--dataset", "moons", "--lr", "nan" }, "--lr must be" },
    { { "train", "--dataset", "moons", "--batch", "-1" }, "--batch must be" },
    { { "train", "--dataset", "moons", "--epochs", "-1" }, "--epochs must be" },
    { { "train", "--dataset", "moons", "--hidden", "0" }, "--hidden must be" },
    { { "train", "--dataset", "moons", "--hidden", "-2147483648" }, "--hidden must be" },
    { { "train", "--dataset", "moons", "--epochs", "-2147483648" }, "--epochs must be" },
    { { "train", "--dataset", "moons", "--hidden", "4x" }, "--hidden wants a whole number" },
    { { "gradcheck", "--dataset", "xor", "--hidden", "-2147483648" }, "--hidden must be" },
    { { "train", "--dataset", "moons", "--batch", "-2" }, "--batch must be" },
    { { "train", "--dataset", "moons", "--points", "0" }, "--points must be" },
    { { "train", "--dataset", "moons", "--noise", "-1" }, "--noise must be" },
    { { "train", "--dataset", "moons", "--test-fraction", "1" }, "--test-fraction must be" },
    { { "train", "--dataset", "moons", "--activation", "softmax" }, "unknown --activation 'softmax'" },
    { { "train", "--dataset", "moons", "--seed", "-3" }, "--seed wants" },
    { { "train", "--dataset", "moons", "--seed", "18446744073709551616" },
      "--seed wants a whole number from 0 to 18446744073709551615, not '18446744073709551616'" },
    { { "train", "--dataset", "moons", "--figure", "cost" }, "need --out" },
    { { "train", "--dataset", "moons", "--figure", "pie", "--out", "x.png" }, "unknown --figure 'pie'" },
    { { "train", "--dataset", "moons", "--out", "x.bmp" }, "cannot tell the format" },
    { { "train", "--dataset", "moons", "--out", "x.png", "--size", "0x10" }, "--size wants" },
    { { "train", "--dataset", "moons", "--out", "x.png", "--size", "640" }, "--size wants" },
    { { "train", "--dataset", "moons", "stray" }, "unexpected argument 'stray'" },
    { { "generate", "--dataset", "moons" }, "missing --out" },
    { { "generate", "--out", "x.csv" }, "missing --dataset" },
    { { "generate", "--data", "x.csv", "--out", "y.csv" }, "--data" },
    { { "plot", "--dataset", "moons" }, "missing --out" },
    { { "gradcheck", "--hidden", "3" }, "give --data FILE.csv or --dataset NAME" },
    { { "gradcheck", "--dataset", "xor", "--tolerance", "-1" }, "--tolerance must be" },
  };
  g_autofree char *dir = cli_tmpdir ();

  for (size_t i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(CliRun) r = cli_runv (dir, cases[i].args);
      g_test_message ("case %zu (%s %s ...): exit %d, stderr: %s", i, cases[i].args[0],
                      cases[i].args[1] ? cases[i].args[1] : "", r->status, r->err);
      g_assert_cmpint (r->status, ==, 1);
      g_assert_nonnull (strstr (r->err, cases[i].message));
      g_assert_nonnull (strstr (r->err, "--help"));
      g_assert_cmpstr (r->out, ==, "");
    }
  /* Nothing was written by any of them. */
  g_assert_false (cli_exists (dir, "x.png"));
  g_assert_false (cli_exists (dir, "x.csv"));
  cli_rmdir (dir);
}

/* Every 64-bit seed, as sessions and the app take them: the top 16 had
 * been refused, with a message that called them not whole numbers. */
static void
test_seed_range (void)
{
  g_autofree char *dir = cli_tmpdir ();
  const char *const top[] = { "18446744073709551615", "18446744073709551600" };

  for (gsize i = 0; i < G_N_ELEMENTS (top); i++)
    {
      g_autoptr (CliRun) a = cli_expect (0, dir, "generate", "--dataset", "moons", "--points", "20",
                                         "--seed", top[i], "--out", "-", NULL);
      g_autoptr (CliRun) b = cli_expect (0, dir, "generate", "--dataset", "moons", "--points", "20",
                                         "--seed", top[i], "--out", "-", NULL);
      g_assert_cmpstr (a->out, ==, b->out);
      cli_check (0, dir, "train", "--dataset", "moons", "--points", "40", "--epochs", "5", "--quiet",
                 "--test-fraction", "0.25", "--seed", top[i], NULL);
    }
  cli_rmdir (dir);
}

/* A usage error is found before any output is written. */
static void
test_usage_writes_nothing (void)
{
  g_autofree char *dir = cli_tmpdir ();
  g_autoptr(CliRun) r = cli_expect (1, dir, "train", "--dataset", "moons", "--epochs", "5",
                                    "--save-model", "m.json", "--history", "h.csv",
                                    "--out", "f.tiff", NULL);
  g_assert_false (cli_exists (dir, "m.json"));
  g_assert_false (cli_exists (dir, "h.csv"));
  cli_rmdir (dir);
}

/* Plane figures need d = 2: 3-column data refuses boundary, accepts cost. */
static void
test_usage_figure_needs_plane (void)
{
  g_autofree char *dir = cli_tmpdir ();
  cli_write (dir, "d3.csv", "a,b,c,label\n0.1,0.2,0.3,0\n1.5,-0.25,2.125,1\n-0.5,0.75,1,1\n0.3,0.3,-1.2,0\n");

  g_autoptr(CliRun) r = cli_expect (1, dir, "train", "--data", "d3.csv", "--epochs", "3",
                                    "--figure", "boundary", "--out", "b.png", NULL);
  g_assert_nonnull (strstr (r->err, "needs 2 input features"));
  g_assert_false (cli_exists (dir, "b.png"));

  g_autoptr(CliRun) ok = cli_expect (0, dir, "train", "--data", "d3.csv", "--epochs", "3", "--quiet",
                                     "--figure", "cost", "--out", "c.png", "--size", "320x200", NULL);
  g_assert_true (cli_exists (dir, "c.png"));
  cli_rmdir (dir);
}

typedef struct {
  const char *name, *text;
  const char *where;        /* "FILE:LINE:" the message must contain */
} BadCsv;

static void
test_input_bad_csv (void)
{
  static const BadCsv cases[] = {
    { "cols.csv", "x1,x2,label\n0.5,0.25,1\n0.5,1\n", "cols.csv:3:" },
    { "word.csv", "# comment\nx1,x2,label\n0.5,0.25,1\n1.5,zero,0\n", "word.csv:4:" },
    { "label.csv", "0.5,0.25,1\n0.75,0.5,2\n", "label.csv:2:" },
    { "nan.csv", "x1,x2,label\n0.5,0.25,1\n0.3,0.1,0\nnan,0.1,0\n", "nan.csv:4:" },
    { "empty.csv", "", "empty.csv:1:" },
  };
  g_autofree char *dir = cli_tmpdir ();

  for (size_t i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      cli_write (dir, cases[i].name, cases[i].text);
      g_autoptr(CliRun) r = cli_expect (2, dir, "train", "--data", cases[i].name, "--epochs", "1",
                                        "--save-model", "m.json", "--history", "h.csv", NULL);
      g_test_message ("%s: %s", cases[i].name, r->err);
      g_assert_nonnull (strstr (r->err, cases[i].where));
      g_assert_false (cli_exists (dir, "m.json"));
      g_assert_false (cli_exists (dir, "h.csv"));

      /* The same reader behind plot and gradcheck. */
      g_autoptr(CliRun) p = cli_expect (2, dir, "plot", "--data", cases[i].name, "--out", "p.png", NULL);
      g_assert_nonnull (strstr (p->err, cases[i].where));
      g_autoptr(CliRun) g = cli_expect (2, dir, "gradcheck", "--data", cases[i].name, NULL);
      g_assert_nonnull (strstr (g->err, cases[i].where));
    }
  g_assert_false (cli_exists (dir, "p.png"));
  cli_rmdir (dir);
}

static void
test_input_missing_files (void)
{
  g_autofree char *dir = cli_tmpdir ();

  g_autoptr(CliRun) a = cli_expect (2, dir, "train", "--data", "nowhere.csv", NULL);
  g_assert_nonnull (strstr (a->err, "nowhere.csv"));

  g_autoptr(CliRun) b = cli_expect (2, dir, "train", "--dataset", "moons", "--init", "nomodel.json", NULL);
  g_assert_nonnull (strstr (b->err, "nomodel.json"));

  g_autoptr(CliRun) c = cli_expect (2, dir, "plot", "--model", "nomodel.json", "--out", "p.png", NULL);
  g_assert_nonnull (strstr (c->err, "nomodel.json"));

  g_autoptr(CliRun) d = cli_expect (2, dir, "plot", "--history", "nohist.csv", "--figure", "cost",
                                    "--out", "p.png", NULL);
  g_assert_nonnull (strstr (d->err, "nohist.csv"));
  cli_rmdir (dir);
}

static void
test_input_bad_model (void)
{
  g_autofree char *dir = cli_tmpdir ();
  cli_write (dir, "trunc.json", "{\"format\": \"nnplay-model\", \"version\": 1, \"inputs\": 2,\n");
  cli_write (dir, "shape.json",
             "{\"format\": \"nnplay-model\", \"version\": 1, \"inputs\": 2, \"hidden\": 2,"
             " \"activation\": \"sigmoid\", \"W1\": [[0.5, 0.25], [0.125]], \"b1\": [0, 0],"
             " \"W2\": [[1.5, -2.5]], \"b2\": [0.75]}\n");

  g_autoptr(CliRun) a = cli_expect (2, dir, "train", "--dataset", "moons", "--init", "trunc.json", NULL);
  g_assert_nonnull (strstr (a->err, "trunc.json"));
  g_autoptr(CliRun) b = cli_expect (2, dir, "train", "--dataset", "moons", "--init", "shape.json", NULL);
  g_assert_nonnull (strstr (b->err, "shape.json"));
  g_autoptr(CliRun) c = cli_expect (2, dir, "plot", "--model", "shape.json", "--out", "p.png", NULL);
  g_assert_nonnull (strstr (c->err, "shape.json"));
  g_autoptr(CliRun) d = cli_expect (2, dir, "gradcheck", "--dataset", "xor", "--init", "trunc.json", NULL);
  g_assert_nonnull (strstr (d->err, "trunc.json"));
  cli_rmdir (dir);
}

static void
test_input_bad_history (void)
{
  static const BadCsv cases[] = {
    { "head.csv", "t,J\n0,0.5\n", "head.csv:1:" },
    { "cols.csv", "epoch,train_cost,train_accuracy\n0,0.69,0.5\n1,0.6\n", "cols.csv:3:" },
    { "num.csv", "epoch,train_cost,train_accuracy\n0,0.69,0.5\n1,abc,0.5\n", "num.csv:3:" },
    { "epoch.csv", "epoch,train_cost,train_accuracy\n0,0.69,0.5\n2,0.6,0.5\n", "epoch.csv:3:" },
    /* ranges, as sessions check them; line numbers count blank lines */
    { "neg.csv", "epoch,train_cost,train_accuracy\n\n0,0.69,0.5\n\n1,-0.1,0.6\n", "neg.csv:5:2: a cost is >= 0" },
    { "acc.csv", "epoch,train_cost,train_accuracy,test_cost,test_accuracy\n0,0.69,0.5,0.7,1.5\n",
      "acc.csv:2:5: an accuracy is from 0 to 1" },
    { "wide.csv", "epoch,train_cost,train_accuracy\n0,0.69,0.5,1,2,3,4,5\n", "wide.csv:2: expected 3 columns, found 8" },
    { "blank.csv", "epoch,train_cost,train_accuracy\n\n\n   \n", "blank.csv: no history rows" },
  };
  g_autofree char *dir = cli_tmpdir ();

  for (size_t i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      cli_write (dir, cases[i].name, cases[i].text);
      g_autoptr(CliRun) r = cli_expect (2, dir, "plot", "--history", cases[i].name, "--figure", "cost",
                                        "--out", "p.png", NULL);
      g_test_message ("%s: %s", cases[i].name, r->err);
      g_assert_nonnull (strstr (r->err, cases[i].where));
    }
  g_assert_false (cli_exists (dir, "p.png"));
  cli_rmdir (dir);
}

/* Outputs that cannot be written are bad input/output: exit 2, named. */
static void
test_input_unwritable (void)
{
  g_autofree char *dir = cli_tmpdir ();

  g_autoptr(CliRun) a = cli_expect (2, dir, "train", "--dataset", "xor", "--epochs", "2",
                                    "--save-model", "no/such/dir/m.json", NULL);
  g_assert_nonnull (strstr (a->err, "m.json"));
  g_autoptr(CliRun) b = cli_expect (2, dir, "train", "--dataset", "xor", "--epochs", "2",
                                    "--history", "no/such/dir/h.csv", NULL);
  g_assert_nonnull (strstr (b->err, "h.csv"));
  g_autoptr(CliRun) c = cli_expect (2, dir, "generate", "--dataset", "xor", "--out", "no/such/dir/g.csv", NULL);
  g_assert_nonnull (strstr (c->err, "g.csv"));
  g_autoptr(CliRun) d = cli_expect (2, dir, "train", "--dataset", "xor", "--epochs", "2",
                                    "--out", "no/such/dir/f.png", NULL);
  g_assert_nonnull (strstr (d->err, "f.png"));
  cli_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  cli_helpers_init (&argc, &argv);

  g_test_add_func ("/cli/help/top", test_help_top);
  g_test_add_func ("/cli/help/subcommands", test_help_subcommands);
  g_test_add_func ("/cli/help/train-options", test_help_train_options);
  g_test_add_func ("/cli/usage/errors", test_usage_errors);
  g_test_add_func ("/cli/usage/writes-nothing", test_usage_writes_nothing);
  g_test_add_func ("/cli/basic/seed-range", test_seed_range);
  g_test_add_func ("/cli/usage/figure-needs-plane", test_usage_figure_needs_plane);
  g_test_add_func ("/cli/input/bad-csv", test_input_bad_csv);
  g_test_add_func ("/cli/input/missing-files", test_input_missing_files);
  g_test_add_func ("/cli/input/bad-model", test_input_bad_model);
  g_test_add_func ("/cli/input/bad-history", test_input_bad_history);
  g_test_add_func ("/cli/input/unwritable", test_input_unwritable);
  return g_test_run ();
}
