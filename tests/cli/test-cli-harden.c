/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-cli-harden.c: issue 12 through nnplay-cli: FIFOs and devices as inputs and outputs, bounds, Ctrl+C. */
#define G_LOG_DOMAIN "nnplay-test"
#include "config.h"

#define _GNU_SOURCE 1   /* symlink, lstat */
#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "cli-helpers.h"
#include "../data/test-dirlist.h"

static void
make_fifo (const char *dir, const char *name)
{
  g_autofree char *path = cli_file (dir, name);
  g_assert_cmpint (mkfifo (path, 0600), ==, 0);
}

/* Item 4: a FIFO as any input blocked forever in open(); now refused. The
 * alarm turns a hang into a failure. */
static void
test_fifo_inputs (void)
{
  g_autofree char *dir = cli_tmpdir ();
  static const char *const cases[][8] = {
    { "train", "--data", "fifo", NULL },
    { "train", "--dataset", "xor", "--init", "fifo", NULL },
    { "plot", "--model", "fifo", "--out", "p.png", NULL },
    { "plot", "--history", "fifo", "--figure", "cost", "--out", "p.png", NULL },
    { "gradcheck", "--data", "fifo", NULL },
  };

  make_fifo (dir, "fifo");
  alarm (60);
  for (size_t i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(CliRun) r = cli_runv (dir, cases[i]);
      g_test_message ("%s %s: %s", cases[i][0], cases[i][1], r->err);
      g_assert_cmpint (r->status, ==, 2);
      g_assert_nonnull (strstr (r->err, "fifo: cannot read: a FIFO, not a regular file"));
    }
  alarm (0);
  g_autofree char *l = listing (dir);
  g_assert_cmpstr (l, ==, "fifo");
  cli_rmdir (dir);
}

/* Items 3/6: plot --history /dev/zero read without a limit (4.2 GB). */
static void
test_device_input (void)
{
  alarm (60);
  g_autoptr(CliRun) r = cli_expect (2, NULL, "plot", "--history", "/dev/zero", "--figure", "cost",
                                    "--out", "/nonexistent/p.png", NULL);
  alarm (0);
  g_assert_cmpstr (r->err, ==, "nnplay-cli plot: /dev/zero: cannot read: a device, not a regular file\n");
}

/* Item 8: outputs write through symlinks, keep the mode, and refuse to
 * replace what is not a regular file. */
static void
test_outputs (void)
{
  g_autofree char *dir = cli_tmpdir ();
  g_autofree char *hist = cli_file (dir, "real-history.csv");
  g_autofree char *fig = cli_file (dir, "fig.png");
  g_autofree char *link = cli_file (dir, "h.csv");
  struct stat st;

  cli_write (dir, "real-history.csv", "old\n");
  g_assert_cmpint (chmod (hist, 0600), ==, 0);
  g_assert_cmpint (symlink ("real-history.csv", link), ==, 0);
  cli_write (dir, "fig.png", "old");
  g_assert_cmpint (chmod (fig, 0640), ==, 0);
  cli_check (0, dir, "train", "--dataset", "xor", "--epochs", "3", "--quiet",
             "--history", "h.csv", "--figure", "cost", "--out", "fig.png", NULL);
  g_assert_cmpint (lstat (link, &st), ==, 0);
  g_assert_true (S_ISLNK (st.st_mode));
  g_assert_cmpint (stat (hist, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 07777, ==, 0600);
  g_assert_cmpint (stat (fig, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 07777, ==, 0640);
  g_autoptr(CliTable) t = cli_table_read (dir, "real-history.csv");
  g_assert_cmpuint (t->nrows, ==, 4);

  /* a FIFO as output: refused, not replaced, and no wait for a reader */
  make_fifo (dir, "out.fifo");
  make_fifo (dir, "fifo.svg");
  alarm (60);
  g_autoptr(CliRun) a = cli_expect (2, dir, "train", "--dataset", "xor", "--epochs", "1", "--quiet",
                                    "--history", "out.fifo", NULL);
  g_assert_nonnull (strstr (a->err, "out.fifo: cannot write: a FIFO, not a regular file"));
  g_autoptr(CliRun) b = cli_expect (2, dir, "plot", "--dataset", "xor", "--out", "fifo.svg", NULL);
  g_assert_nonnull (strstr (b->err, "a FIFO, not a regular file"));
  alarm (0);
  g_autofree char *fifo = cli_file (dir, "out.fifo");
  g_assert_cmpint (lstat (fifo, &st), ==, 0);
  g_assert_true (S_ISFIFO (st.st_mode));
  g_autofree char *l = listing (dir);
  g_assert_cmpstr (l, ==, "fifo.svg fig.png h.csv out.fifo real-history.csv");
  cli_rmdir (dir);
}

/* Item 12: an export killed half way left .NAME.XXXXXX (up to 1.3 MB). */
static void
test_killed_export (void)
{
  g_autofree char *dir = cli_tmpdir ();
  g_autoptr(GError) error = NULL;

  for (int delay_ms = 100; delay_ms <= 700; delay_ms += 300)
    {
      /* a 12000x12000 PNG takes seconds to draw and compress */
      g_autoptr(GSubprocess) p = cli_spawn (dir, "plot", "--dataset", "moons", "--points", "2000",
                                            "--size", "12000x12000", "--out", "big.png", NULL);
      g_usleep (delay_ms * 1000);
      g_subprocess_force_exit (p);
      g_subprocess_wait (p, NULL, &error);
      g_assert_no_error (error);
      g_autofree char *l = listing (dir);
      g_test_message ("killed after %d ms: '%s'", delay_ms, l);
      if (has_tmpfile (dir))
        g_assert_cmpstr (l, ==, "");
      else   /* the named temporary file, removed by the next export */
        g_assert_true (l[0] == '\0' || (g_str_has_prefix (l, ".big.png.") && strlen (l) == 22));
    }
  cli_check (0, dir, "plot", "--dataset", "moons", "--size", "20x20", "--out", "big.png", NULL);
  g_autofree char *after = listing (dir);
  g_assert_cmpstr (after, ==, "big.png");
  cli_rmdir (dir);
}

/* Item 9: --epochs 2147483647 reserved 64 GiB up front; now it starts at
 * once (10 million, the most train takes), and Ctrl+C stops it and
 * writes nothing. */
static void
test_interrupt_train (void)
{
  g_autofree char *dir = cli_tmpdir ();
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(GSubprocess) p = cli_spawn (dir, "train", "--dataset", "moons", "--epochs", "10000000",
                                        "--save-model", "m.json", "--history", "h.csv",
                                        "--out", "f.png", NULL);

  g_usleep (G_USEC_PER_SEC);
  g_subprocess_send_signal (p, SIGINT);
  g_subprocess_communicate_utf8 (p, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  g_test_message ("stderr: %s", err);
  g_assert_true (g_subprocess_get_if_exited (p));
  g_assert_cmpint (g_subprocess_get_exit_status (p), ==, 130);
  g_assert_nonnull (strstr (err, "interrupted after "));
  g_assert_nonnull (strstr (err, "of 10000000 epochs; nothing written"));
  g_autofree char *l = listing (dir);
  g_assert_cmpstr (l, ==, "");
  cli_rmdir (dir);
}

/* Items 9 and 10: bounds and negative numbers. */
static void
test_bounds (void)
{
  /* --at "" is a usage error, not "training stopped before the first epoch" */
  g_autoptr(CliRun) at = cli_expect (1, NULL, "train", "--dataset", "xor", "--epochs", "5", "--figure", "evolution",
                                     "--at", "", "--out", "never.png", NULL);
  g_assert_nonnull (strstr (at->err, "--at has an empty value"));
  g_autoptr(CliRun) g = cli_expect (1, NULL, "gradcheck", "--dataset", "xor", "--hidden", "100000", NULL);
  g_assert_nonnull (strstr (g->err, "would take more than a minute"));
  /* the inputs count too: 2,000 of them on 50 points with 10 units had
   * taken 80 s at 1% of the bound */
  {
    g_autofree char *dir = cli_tmpdir ();
    GString *csv = g_string_new (NULL);
    for (int r = 0; r < 50; r++)
      {
        for (int c = 0; c < 2000; c++)
          g_string_append_printf (csv, "%.3f,", (double) ((r * 2000 + c) % 997) / 997.0);
        g_string_append_printf (csv, "%d\n", r % 2);
      }
    cli_write (dir, "wide.csv", csv->str);
    g_string_free (csv, TRUE);
    g_autoptr(CliRun) w = cli_expect (1, dir, "gradcheck", "--data", "wide.csv", "--hidden", "10", NULL);
    g_assert_nonnull (strstr (w->err, "2000 inputs would take more than a minute"));
    cli_rmdir (dir);
  }

  /* points stay finite: --noise 1.7e308 had written inf to the CSV */
  g_autoptr(CliRun) n1 = cli_expect (1, NULL, "generate", "--dataset", "moons", "--noise", "1.7e308",
                                     "--out", "-", NULL);
  g_assert_nonnull (strstr (n1->err, "--noise must be from 0 to 1000, not 1.7e+308"));
  g_assert_cmpstr (n1->out, ==, "");
  g_autoptr(CliRun) n2 = cli_expect (0, NULL, "generate", "--dataset", "moons", "--noise", "1000",
                                     "--points", "50", "--out", "-", NULL);
  g_assert_null (strstr (n2->out, "inf"));
  g_autoptr(CliRun) h1 = cli_expect (1, NULL, "train", "--dataset", "xor", "--hidden", "-1", NULL);
  g_assert_nonnull (strstr (h1->err, "--hidden must be between 1 and 100000, not -1"));
  g_autoptr(CliRun) h2 = cli_expect (1, NULL, "gradcheck", "--dataset", "xor", "--hidden", "-1", NULL);
  g_assert_nonnull (strstr (h2->err, "--hidden must be between 1 and 100000, not -1"));

  g_autoptr(CliRun) s1 = cli_expect (1, NULL, "bench", "--seconds", "-1", NULL);
  g_assert_nonnull (strstr (s1->err, "--seconds must be more than 0 and at most 600, not -1"));
  g_autoptr(CliRun) s2 = cli_expect (1, NULL, "bench", "--seconds", "1e308", NULL);
  g_assert_nonnull (strstr (s2->err, "--seconds must be more than 0 and at most 600, not 1e+308"));
  g_autoptr(CliRun) s3 = cli_expect (1, NULL, "bench", "extra", NULL);
  g_assert_nonnull (strstr (s3->err, "unexpected argument 'extra'"));
}

/* Item 10: a model that cannot be allocated gave two CRITICALs and "the
 * gradient check refused this model and data". A 2*10^7-input data set
 * (160 MB) loads under a 450 MB address-space limit; its h = 3 model
 * (480 MB) would not, and since the work bound counts the inputs it is
 * refused before that, with a message and no allocation. */
static void
test_gradcheck_huge_inputs (void)
{
  g_autofree char *dir = NULL, *csv = NULL, *cmd = NULL, *out = NULL, *err = NULL;
  g_autoptr(GString) text = NULL;
  g_autoptr(GError) error = NULL;
  int wait_status = 0;

  if (g_getenv ("ASAN_OPTIONS") != NULL || g_getenv ("TSAN_OPTIONS") != NULL)
    {
      g_test_skip ("an address-space limit does not work under a sanitizer");
      return;
    }
  dir = cli_tmpdir ();
  csv = cli_file (dir, "wide.csv");
  text = g_string_sized_new (40000002);
  for (int i = 0; i < 20000000; i++)
    g_string_append_len (text, "0,", 2);
  g_string_append (text, "1\n");
  g_assert_true (g_file_set_contents (csv, text->str, (gssize) text->len, NULL));
  cmd = g_strdup_printf ("ulimit -v 450000 && exec '%s' gradcheck --data '%s' --hidden 3", cli_exe (), csv);
  const char *argv[] = { "/bin/sh", "-c", cmd, NULL };
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               &out, &err, &wait_status, &error));
  g_assert_no_error (error);
  g_test_message ("stderr: %s", err);
  g_assert_true (WIFEXITED (wait_status));
  g_assert_cmpint (WEXITSTATUS (wait_status), ==, 1);
  g_assert_nonnull (strstr (err, "nnplay-cli gradcheck: h = 3 hidden units on 1 points of 20000000 inputs "
                                 "would take more than a minute"));
  cli_rmdir (dir);
}

/* Outputs that cannot be written are refused before training, so a long
 * run is not lost at its end: a missing folder, a folder as the file.
 * Nothing is written, not even the outputs that could have been. */
static void
test_outputs_checked_first (void)
{
  g_autofree char *dir = cli_tmpdir ();
  g_autofree char *sub = cli_file (dir, "sub");

  g_autoptr(CliRun) a = cli_expect (2, dir, "train", "--dataset", "xor", "--epochs", "5", "--quiet",
                                    "--save-model", "m.json", "--history", "missing/h.csv", NULL);
  g_assert_nonnull (strstr (a->err, "--history missing/h.csv: its folder does not exist; nothing was done"));
  g_assert_false (cli_exists (dir, "m.json"));
  g_assert_cmpint (g_mkdir (sub, 0700), ==, 0);
  g_autoptr(CliRun) b = cli_expect (2, dir, "train", "--dataset", "xor", "--epochs", "5", "--quiet",
                                    "--save-model", "sub", NULL);
  g_assert_nonnull (strstr (b->err, "--save-model sub: it is a folder; nothing was done"));
  g_autoptr(CliRun) c = cli_expect (2, dir, "train", "--dataset", "xor", "--epochs", "5", "--quiet",
                                    "--figure", "cost", "--out", "missing/f.png", NULL);
  g_assert_nonnull (strstr (c->err, "--out missing/f.png: its folder does not exist"));
  /* a device is refused when written, its path and the failure said once */
  g_autoptr(CliRun) d = cli_expect (2, dir, "train", "--dataset", "xor", "--epochs", "5", "--quiet",
                                    "--save-model", "/dev/full", NULL);
  g_assert_nonnull (strstr (d->err, "/dev/full: cannot write: a device, not a regular file"));
  g_assert_null (strstr (strstr (d->err, "cannot write") + 1, "cannot write"));
  g_rmdir (sub);
  cli_rmdir (dir);
}

/* An output over an input, or two outputs at one place, is refused
 * before training: `train --data d.csv --history d.csv` had replaced the
 * 200 points with the history and exited 0. The file is left as it was;
 * --init and --save-model may be one file (continue in place). */
static void
test_output_over_input (void)
{
  g_autofree char *dir = cli_tmpdir ();
  cli_check (0, dir, "generate", "--dataset", "moons", "--points", "50", "--out", "d.csv", NULL);
  g_autofree char *before = cli_read (dir, "d.csv", NULL);

  g_autoptr(CliRun) a = cli_expect (1, dir, "train", "--data", "d.csv", "--epochs", "3", "--quiet",
                                    "--history", "d.csv", NULL);
  g_assert_nonnull (strstr (a->err, "--history d.csv is the same file as --data d.csv; nothing was done"));
  g_autoptr(CliRun) b = cli_expect (1, dir, "train", "--data", "d.csv", "--epochs", "3", "--quiet",
                                    "--save-model", "./d.csv", NULL);
  g_assert_nonnull (strstr (b->err, "--save-model ./d.csv is the same file as --data d.csv"));
  /* through a symbolic link, and two outputs at a place not yet there */
  g_autofree char *link = cli_file (dir, "link.csv");
  g_assert_cmpint (symlink ("d.csv", link), ==, 0);
  g_autoptr(CliRun) c = cli_expect (1, dir, "train", "--data", "d.csv", "--epochs", "3", "--quiet",
                                    "--history", "link.csv", NULL);
  g_assert_nonnull (strstr (c->err, "--history link.csv is the same file as --data d.csv"));
  g_autoptr(CliRun) d = cli_expect (1, dir, "train", "--data", "d.csv", "--epochs", "3", "--quiet",
                                    "--save-model", "x.png", "--figure", "cost", "--out", "x.png", NULL);
  g_assert_nonnull (strstr (d->err, "--out x.png is the same file as --save-model x.png"));
  g_assert_false (cli_exists (dir, "x.png"));
  g_autofree char *after = cli_read (dir, "d.csv", NULL);
  g_assert_cmpstr (after, ==, before);

  /* continuing a model in place works; plot does not draw over its model */
  cli_check (0, dir, "train", "--data", "d.csv", "--epochs", "3", "--quiet", "--save-model", "m.json", NULL);
  g_autofree char *m0 = cli_read (dir, "m.json", NULL);
  cli_check (0, dir, "train", "--data", "d.csv", "--epochs", "3", "--quiet", "--init", "m.json",
             "--save-model", "m.json", NULL);
  g_autofree char *m1 = cli_read (dir, "m.json", NULL);
  g_assert_cmpstr (m0, !=, m1);
  cli_check (0, dir, "plot", "--model", "m.json", "--data", "d.csv", "--figure", "boundary",
             "--out", "m.json.png", NULL);
  g_autofree char *png = cli_file (dir, "m.png");
  g_assert_cmpint (symlink ("m.json", png), ==, 0);
  g_autoptr(CliRun) f = cli_expect (1, dir, "plot", "--model", "m.json", "--data", "d.csv",
                                    "--figure", "boundary", "--out", "m.png", NULL);
  g_assert_nonnull (strstr (f->err, "--out m.png is the same file as --model m.json"));
  g_autofree char *m2 = cli_read (dir, "m.json", NULL);
  g_assert_cmpstr (m2, ==, m1);
  cli_rmdir (dir);
}

/* --units beyond the network's hidden units had drawn other units (7,9
 * of 4 came out as "Units 4 and 1"); with a figure that does not show
 * them it was ignored. Both are refused, plot before drawing and train
 * before training. */
static void
test_units_in_range (void)
{
  g_autofree char *dir = cli_tmpdir ();
  cli_check (0, dir, "train", "--dataset", "xor", "--epochs", "3", "--quiet", "--hidden", "4",
             "--save-model", "m.json", NULL);
  g_autoptr(CliRun) a = cli_expect (1, dir, "plot", "--model", "m.json", "--dataset", "xor",
                                    "--figure", "hidden-space", "--units", "7,9", "--out", "u.png", NULL);
  g_assert_nonnull (strstr (a->err, "--units 7,9: the network has 4 hidden units"));
  g_autoptr(CliRun) b = cli_expect (1, dir, "train", "--dataset", "xor", "--epochs", "3", "--quiet",
                                    "--hidden", "4", "--figure", "hidden-space", "--units", "1,5",
                                    "--out", "v.png", NULL);
  g_assert_nonnull (strstr (b->err, "--units 1,5: the network has 4 hidden units"));
  g_autoptr(CliRun) c = cli_expect (1, dir, "plot", "--model", "m.json", "--dataset", "xor",
                                    "--figure", "boundary", "--units", "1,2", "--out", "w.png", NULL);
  g_assert_nonnull (strstr (c->err, "--units is for --figure hidden-space or all"));
  g_assert_false (cli_exists (dir, "u.png"));
  g_assert_false (cli_exists (dir, "v.png"));
  g_assert_false (cli_exists (dir, "w.png"));
  cli_check (0, dir, "plot", "--model", "m.json", "--dataset", "xor", "--figure", "hidden-space",
             "--units", "4,1", "--out", "ok.png", NULL);
  g_assert_true (cli_exists (dir, "ok.png"));
  cli_rmdir (dir);
}

/* A network too large to train is refused before anything is allocated:
 * 2 rows of 300,000 columns with --hidden 2500 had taken 18 GB. */
/* Two rows of `cols` features (all 0, then all 1) and labels 1 and 0. */
static void
write_two_rows (const char *dir, const char *name, int cols)
{
  GString *csv = g_string_new (NULL);
  for (int r = 0; r < 2; r++)
    {
      for (int c = 0; c < cols; c++)
        g_string_append (csv, r ? "1," : "0,");
      g_string_append (csv, r ? "0\n" : "1\n");
    }
  cli_write (dir, name, csv->str);
  g_string_free (csv, TRUE);
}

/* A model to be saved must fit a model file nnplay reads back (64 MB):
 * 2 rows of 3,000 columns with --hidden 1000 had been saved as 68.6 MB,
 * which plot and train --init then refused. */
static void
test_saved_model_size (void)
{
  g_autofree char *dir = cli_tmpdir ();
  write_two_rows (dir, "wide.csv", 3000);
  g_autoptr(CliRun) a = cli_expect (1, dir, "train", "--data", "wide.csv", "--epochs", "0", "--quiet",
                                    "--hidden", "1000", "--save-model", "w.json", NULL);
  g_assert_nonnull (strstr (a->err, "--save-model w.json: a network of 3002001 parameters would make a "
                                    "model file larger than the 64 MB nnplay reads"));
  g_assert_false (cli_exists (dir, "w.json"));
  /* without --save-model it trains (the file's bound is not training's) */
  cli_check (0, dir, "train", "--data", "wide.csv", "--epochs", "0", "--quiet", "--hidden", "1000", NULL);
  cli_rmdir (dir);
}

static void
test_network_size (void)
{
  g_autofree char *dir = cli_tmpdir ();
  write_two_rows (dir, "wide.csv", 70000);
  /* the data's fault: exit 2, without "Try --help" */
  g_autoptr(CliRun) a = cli_expect (2, dir, "train", "--data", "wide.csv", "--epochs", "1", "--quiet", NULL);
  g_assert_nonnull (strstr (a->err, "the data has 70000 feature columns, at most 65536"));
  g_assert_null (strstr (a->err, "--help"));

  write_two_rows (dir, "wide6.csv", 60000);
  g_autoptr(CliRun) b = cli_expect (1, dir, "train", "--data", "wide6.csv", "--hidden", "300", "--epochs", "1",
                                    "--quiet", NULL);
  g_assert_nonnull (strstr (b->err, "60000 inputs and 300 hidden units has 18000601 parameters, at most 16777216"));
  cli_rmdir (dir);
}

/* What goes to standard output reaches it, or the command fails: a CSV
 * written with --out - to a full disk had exited 0. */
/* No option takes an empty value: refused before anything is done (an
 * empty --out had crashed generate; train crashed at its end, the run
 * lost). */
static void
test_empty_values (void)
{
  g_autofree char *dir = cli_tmpdir ();
  static const char *const cases[][8] = {
    { "generate", "--dataset", "moons", "--out", "", NULL },
    { "generate", "--dataset", "moons", "--out=", NULL },
    { "train", "--dataset", "moons", "-q", "--save-model", "", NULL },
    { "train", "--dataset", "moons", "-q", "--history=", NULL },
    { "train", "--dataset", "moons", "-q", "--init", "", NULL },
    { "plot", "--dataset", "moons", "--out", "", NULL },
    { "lecture", "--model", "", NULL },
    { "train", "--dataset", "moons", "--figure=cost", "", NULL },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (CliRun) r = cli_runv (dir, cases[i]);
      g_test_message ("%s ... -> %d: %s", cases[i][0], r->status, r->err);
      g_assert_cmpint (r->status, ==, 1);
      g_assert_true (strstr (r->err, "empty value") != NULL || strstr (r->err, "an empty argument") != NULL);
      g_assert_null (strstr (r->err, "--figure=cost has"));
      g_assert_null (strstr (r->err, "CRITICAL"));
    }
  /* the value of an option, "--x=", is a value, not an empty one */
  cli_check (0, dir, "generate", "--dataset", "moons", "--out", "--x=", NULL);
  g_assert_true (cli_exists (dir, "--x="));
  /* an unknown command is named as one, whatever follows */
  g_autoptr (CliRun) bogus = cli_expect (1, dir, "bogus", "", NULL);
  g_assert_nonnull (strstr (bogus->err, "unknown command 'bogus'"));
  cli_rmdir (dir);
}

/* Figures of a model too large to draw in reasonable time are refused
 * at once (a 2 MB model of h = 100,000 had drawn for minutes, lecture of
 * h = 2,000,000 printed 1 GB); a small enough size is drawn. */
static void
test_figure_size_limits (void)
{
  g_autofree char *dir = cli_tmpdir ();

  cli_check (0, dir, "train", "--dataset", "moons", "--hidden", "6000", "--epochs", "1", "-q",
             "--save-model", "big.json", NULL);
  static const char *const refused[][14] = {
    { "plot", "--model", "big.json", "--dataset", "moons", "--figure", "boundary", "--out", "b.png", NULL },
    { "plot", "--model", "big.json", "--dataset", "moons", "--figure", "all", "--out", "b.png", NULL },
    { "plot", "--model", "big.json", "--dataset", "moons", "--figure", "network", "--out", "b.png", NULL },
    { "plot", "--model", "big.json", "--dataset", "moons", "--figure", "update", "--out", "b.png", NULL },
    { "lecture", "--model", "big.json", "--dataset", "moons", NULL },
    { "train", "--dataset", "moons", "--hidden", "6000", "--epochs", "1", "-q", "--figure", "boundary",
      "--out", "t.png", NULL },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      gint64 t0 = g_get_monotonic_time ();
      g_autoptr (CliRun) r = cli_runv (dir, refused[i]);
      g_test_message ("%s %s: %d in %.1f s: %s", refused[i][0], refused[i][6] ? refused[i][6] : "", r->status,
                      (g_get_monotonic_time () - t0) / 1e6, r->err);
      g_assert_cmpint (r->status, ==, 1);
      g_assert_false (cli_exists (dir, "b.png"));
      g_assert_false (cli_exists (dir, "t.png"));
    }
  cli_check (0, dir, "plot", "--model", "big.json", "--dataset", "moons", "--figure", "boundary",
             "--size", "64x64", "--out", "small.png", NULL);
  g_assert_true (cli_exists (dir, "small.png"));
  cli_rmdir (dir);
}

/* --epochs is bounded (the history keeps every epoch: 2^31 had grown
 * to 5 GB in 30 s), and a long history is written as it is formatted,
 * the same text as formatted whole. */
static void
test_epochs_bound (void)
{
  g_autofree char *dir = cli_tmpdir ();
  g_autoptr (CliRun) r = cli_expect (1, dir, "train", "--dataset", "moons", "--epochs", "2147483647", "-q", NULL);
  g_assert_nonnull (strstr (r->err, "10000000"));
  cli_check (0, dir, "train", "--dataset", "xor", "--points", "20", "--hidden", "2", "--epochs", "3000",
             "--test-fraction", "0.25", "-q", "--history", "h.csv", NULL);
  gsize len = 0;
  g_autofree char *text = cli_read (dir, "h.csv", &len);
  g_assert_cmpuint (strlen (text), ==, len);
  g_assert_true (g_str_has_prefix (text, "epoch,train_cost,train_accuracy,test_cost,test_accuracy\n0,"));
  g_assert_true (g_str_has_suffix (text, "\n"));
  /* every epoch once, in order, five numbers each, across the blocks */
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 3001 + 2);
  for (guint t = 0; t <= 3000; t++)
    {
      g_auto (GStrv) f = g_strsplit (lines[t + 1], ",", -1);
      g_assert_cmpuint (g_strv_length (f), ==, 5);
      g_assert_cmpuint (g_ascii_strtoull (f[0], NULL, 10), ==, t);
      for (int k = 1; k < 5; k++)
        {
          char *end = NULL;
          double v = g_ascii_strtod (f[k], &end);
          g_assert_true (end != f[k] && *end == '\0' && isfinite (v));
        }
    }
  /* and it reads back */
  cli_check (0, dir, "plot", "--history", "h.csv", "--figure", "cost", "--size", "400x300", "--out", "c.png", NULL);
  cli_rmdir (dir);
}

/* A NUL in a history CSV is refused, wherever it is (the lines had ended
 * at it: a bad row after it went unread, exit 0). */
static void
test_history_nul (void)
{
  g_autofree char *dir = cli_tmpdir ();
  g_autofree char *path = cli_file (dir, "h.csv");
  static const char text[] = "epoch,train_cost,train_accuracy\n0,0.7,0.5\n1,0.6,0.6\n2,0.5\0x,0.7\n3,not-a-number\n";

  g_assert_true (g_file_set_contents (path, text, sizeof text - 1, NULL));
  g_autoptr (CliRun) r = cli_expect (2, dir, "plot", "--history", "h.csv", "--figure", "cost", "--out", "c.png", NULL);
  g_assert_nonnull (strstr (r->err, "is a NUL"));
  g_assert_false (cli_exists (dir, "c.png"));
  cli_rmdir (dir);
}

/* Evolution panels stay legible (1,501 of them a pixel wide had been
 * drawn, exit 0), and --every counts its frames exactly: 0..1999 is 2000
 * frames, which the bound takes. */
static void
test_series_bounds (void)
{
  g_autofree char *dir = cli_tmpdir ();
  g_autoptr (CliRun) evo = cli_expect (1, dir, "train", "--dataset", "moons", "--epochs", "1500", "-q",
                                       "--figure", "evolution", "--every", "1", "--out", "e.png", NULL);
  g_assert_nonnull (strstr (evo->err, "at most 48"));
  g_assert_false (cli_exists (dir, "e.png"));
  cli_check (0, dir, "train", "--dataset", "moons", "--epochs", "470", "-q", "--figure", "evolution",
             "--every", "10", "--size", "800x600", "--out", "e.png", NULL);   /* 0..470: 48 panels */
  cli_check (0, dir, "train", "--dataset", "moons", "--points", "20", "--epochs", "1999", "-q",
             "--figure", "animation", "--every", "1", "--size", "16x16", "--out", "a.pdf", NULL);
  g_autoptr (CliRun) an = cli_expect (1, dir, "train", "--dataset", "moons", "--epochs", "2000", "-q",
                                      "--figure", "animation", "--every", "1", "--out", "b.pdf", NULL);
  g_assert_nonnull (strstr (an->err, "more than 2000 frames"));
  cli_rmdir (dir);
}

/* The numpy baseline's helper is bounded in output and time: a helper
 * that writes without end (`yes`) or never ends (sleep) leaves the bench
 * to finish without its numbers (it had grown to 5 GB and never ended). */
/* The process whose id is in dir/name is gone (or a zombie for init to
 * reap) within 2 s; killed if not, so that the test leaves nothing. */
static void
assert_gone (const char *dir, const char *name)
{
  g_autofree char *pid_text = cli_read (dir, name, NULL);
  const long pid = strtol (pid_text, NULL, 10);
  g_autofree char *stat_path = g_strdup_printf ("/proc/%ld/stat", pid);
  gboolean alive = TRUE;

  g_assert_cmpint (pid, >, 1);
  for (int i = 0; i < 100 && alive; i++)
    {
      g_autofree char *stat = NULL;
      const char *close_paren;
      if (!g_file_get_contents (stat_path, &stat, NULL, NULL))
        alive = FALSE;
      else if ((close_paren = strrchr (stat, ')')) != NULL && (close_paren[2] == 'Z' || close_paren[2] == 'X'))
        alive = FALSE;
      else
        g_usleep (20000);
    }
  if (alive)
    kill ((pid_t) pid, SIGKILL);
  g_assert_false (alive);
}

static void
test_bench_helper (void)
{
  g_autofree char *dir = cli_tmpdir ();
  cli_write (dir, "hang.sh", "exec sleep 1000\n");
  g_autofree char *hang = cli_file (dir, "hang.sh");
  /* closes its output, then goes on: the end of the output is not its end */
  cli_write (dir, "quiet.sh", "exec >&-\nexec sleep 1000\n");
  g_autofree char *quiet = cli_file (dir, "quiet.sh");

  g_autoptr (CliRun) yes = cli_expect (0, dir, "bench", "--quick", "--python", "/usr/bin/yes", NULL);
  g_assert_nonnull (strstr (yes->out, "numpy (not run)"));
  g_autoptr (CliRun) slow = cli_expect (0, dir, "bench", "--quick", "--python", "/bin/sh",
                                        "--numpy-script", hang, NULL);
  g_assert_nonnull (strstr (slow->err, "did not end in time"));
  g_assert_nonnull (strstr (slow->out, "numpy (not run)"));
  g_autoptr (CliRun) closed = cli_expect (0, dir, "bench", "--quick", "--python", "/bin/sh",
                                          "--numpy-script", quiet, NULL);
  g_assert_nonnull (strstr (closed->err, "did not end in time"));

  /* a helper whose own child hangs: killed with it, not left running
   * (a sleep had been left behind, its parent init) */
  cli_write (dir, "child.sh", "sleep 1000 &\necho $! > child.pid\nwait\n");
  g_autofree char *child = cli_file (dir, "child.sh");
  g_autoptr (CliRun) kids = cli_expect (0, dir, "bench", "--quick", "--python", "/bin/sh",
                                        "--numpy-script", child, NULL);
  g_assert_nonnull (strstr (kids->err, "did not end in time"));
  assert_gone (dir, "child.pid");
  /* one that ends and leaves a child behind: that goes too */
  cli_write (dir, "leaves.sh", "sleep 1000 &\necho $! > left.pid\n");
  g_autofree char *leaves = cli_file (dir, "leaves.sh");
  g_autoptr (CliRun) left = cli_expect (0, dir, "bench", "--quick", "--python", "/bin/sh",
                                        "--numpy-script", leaves, NULL);
  assert_gone (dir, "left.pid");
  /* the bench ended by a signal while the helper runs: the helper ends
   * with it (in a group of its own, the signal to the bench's group had
   * not reached it) */
  cli_write (dir, "self.sh", "echo $$ > self.pid\nexec sleep 1000\n");
  g_autofree char *self = cli_file (dir, "self.sh");
  GSubprocess *bench = cli_spawn (dir, "bench", "--quick", "--python", "/bin/sh", "--numpy-script", self, NULL);
  for (int i = 0; i < 500 && !cli_exists (dir, "self.pid"); i++)
    g_usleep (20000);
  g_assert_true (cli_exists (dir, "self.pid"));
  g_subprocess_send_signal (bench, SIGTERM);
  g_assert_true (g_subprocess_wait (bench, NULL, NULL));
  g_object_unref (bench);
  assert_gone (dir, "self.pid");
  cli_rmdir (dir);
}

/* A numpy helper that answers each call in turn from `answers` (shell
 * case items, e.g. "1) echo epochs_per_s=100 ;;"), its count of calls
 * in `count` (remove it to start again). */
static char *
bench_helper (const char *dir, const char *name, const char *count, const char *answers)
{
  g_autofree char *text = g_strdup_printf (
    "c=$(cat '%s' 2>/dev/null || echo 0); c=$((c + 1)); echo $c > '%s'\n"
    "case $c in %s *) echo epochs_per_s=1000 ;; esac\n", count, count, answers);
  cli_write (dir, name, text);
  return cli_file (dir, name);
}

/* bench --rounds 3 with the helper np: the first training row's line */
static char *
bench_first_row (const char *dir, const char *np)
{
  g_autoptr (CliRun) run = cli_expect (0, dir, "bench", "--quick", "--rounds", "3", "--python", "/bin/sh",
                                       "--numpy-script", np, NULL);
  g_assert_nonnull (strstr (run->out, "on 1 thread"));   /* the thread rows, */
  g_assert_nonnull (strstr (run->out, " (medians)"));    /* as medians */
  char *first = g_strdup (strstr (run->out, "train n=1000 h=8"));
  g_assert_nonnull (first);
  *strchr (first, '\n') = '\0';
  return first;
}

/* --rounds measures each training row that many times, ours and numpy's
 * in turn, and prints medians: a helper that says 100, 400, then 200
 * epochs/s for the first row gives 200 and the ratios' range; one round
 * prints as before. */
static void
test_bench_rounds (void)
{
  g_autofree char *dir = cli_tmpdir ();
  g_autofree char *count = cli_file (dir, "count");
  g_autofree char *np = bench_helper (dir, "np.sh", count,
                                      "1) echo epochs_per_s=100 ;; 2) echo epochs_per_s=400 ;;"
                                      " 3) echo epochs_per_s=200 ;;");

  g_autofree char *first = bench_first_row (dir, np);
  g_assert_nonnull (strstr (first, "numpy    200.00 epochs/s"));
  g_assert_nonnull (strstr (first, "median of 3 (x"));

  g_remove (count);
  g_autoptr (CliRun) one = cli_expect (0, dir, "bench", "--quick", "--python", "/bin/sh",
                                       "--numpy-script", np, NULL);
  g_assert_nonnull (strstr (one->out, "numpy    100.00 epochs/s"));
  g_assert_null (strstr (one->out, "median of"));

  /* a round whose helper fails counts for nnplay's figure, not numpy's:
   * 100, failure, 300 give numpy 200 over the two rounds that ran */
  g_autofree char *np2 = bench_helper (dir, "np2.sh", count,
                                       "1) echo epochs_per_s=100 ;; 2) exit 1 ;; 3) echo epochs_per_s=300 ;;");
  g_remove (count);
  g_autofree char *first2 = bench_first_row (dir, np2);
  g_assert_nonnull (strstr (first2, "numpy    200.00 epochs/s"));
  g_assert_nonnull (strstr (first2, "median of 2 (x"));

  static const char *const bad[] = { "0", "51", "-1" };
  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (CliRun) r = cli_expect (1, dir, "bench", "--quick", "--rounds", bad[i], NULL);
      g_assert_nonnull (strstr (r->err, "--rounds must be between 1 and 50"));
    }
  g_remove (count);
  cli_rmdir (dir);
}

/* numpy is kept to the kernels' vector code: the helper gets the kernel
 * variant's name as its fourth argument (NNP_KERNEL_ISA=base, which every
 * x86-64 runs), or "native" with --numpy-native, and what it says it ran
 * is printed, at most 15 bytes of letters, digits and '-'. */
static void
test_bench_numpy_isa (void)
{
  g_autofree char *dir = cli_tmpdir ();
  g_autofree char *got = cli_file (dir, "got");
  g_autofree char *text = g_strdup_printf (
    "echo \"$4\" > '%s'\n"
    "echo epochs_per_s=100 numpy_isa=AVX-2048XXXXXXXXXXXXXXXXXXX';rm'\n", got);
  cli_write (dir, "np.sh", text);
  g_autofree char *np = cli_file (dir, "np.sh");
  g_autofree char *old = g_strdup (g_getenv ("NNP_KERNEL_ISA"));
  g_setenv ("NNP_KERNEL_ISA", "base", TRUE);

  g_autoptr (CliRun) kept = cli_expect (0, dir, "bench", "--quick", "--python", "/bin/sh",
                                        "--numpy-script", np, NULL);
  g_autofree char *arg = NULL;
  g_assert_true (g_file_get_contents (got, &arg, NULL, NULL));
  g_assert_cmpstr (arg, ==, "base\n");
  g_assert_nonnull (strstr (kept->out, "numpy ran its AVX-2048XXXXXXX code, kept to the kernels' base"));

  g_autoptr (CliRun) native = cli_expect (0, dir, "bench", "--quick", "--numpy-native", "--python", "/bin/sh",
                                          "--numpy-script", np, NULL);
  g_autofree char *arg2 = NULL;
  g_assert_true (g_file_get_contents (got, &arg2, NULL, NULL));
  g_assert_cmpstr (arg2, ==, "native\n");
  g_assert_nonnull (strstr (native->out, "numpy ran its AVX-2048XXXXXXX code (--numpy-native"));

  /* where numpy cannot be limited (not x86-64) the script says "native":
   * no limit may be claimed then */
  g_autofree char *text2 = g_strdup_printf ("echo epochs_per_s=100 numpy_isa=native\n");
  cli_write (dir, "np.sh", text2);
  g_autoptr (CliRun) unlimited = cli_expect (0, dir, "bench", "--quick", "--python", "/bin/sh",
                                             "--numpy-script", np, NULL);
  g_assert_null (strstr (unlimited->out, "kept to the kernels' base"));
  g_assert_nonnull (strstr (unlimited->out, "numpy ran all its vector code: it can be kept to the kernels' on x86-64 only"));

  if (old != NULL)
    g_setenv ("NNP_KERNEL_ISA", old, TRUE);
  else
    g_unsetenv ("NNP_KERNEL_ISA");
  cli_rmdir (dir);
}

/* gradcheck's step is 0 (automatic) or from 1e-15 to 1: a step of 1e308
 * had printed "max relative error inf" and exit 4, as if backpropagation
 * were wrong. */
static void
test_gradcheck_eps (void)
{
  static const char *const bad[] = { "1e308", "2", "-1e-3", "1e-20", "nan", "inf" };
  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (CliRun) r = cli_expect (1, NULL, "gradcheck", "--dataset", "moons", "--eps", bad[i], NULL);
      g_assert_nonnull (strstr (r->err, "--eps must be 0 (automatic) or between 1e-15 and 1"));
    }
  cli_check (0, NULL, "gradcheck", "--dataset", "moons", "--eps", "1e-4", NULL);
}

static void
test_stdout_full (void)
{
  if (!g_file_test ("/dev/full", G_FILE_TEST_EXISTS))
    {
      g_test_skip ("no /dev/full");
      return;
    }
  /* the help texts too: a command's --help is printed by GOption, which
   * exits by itself (they had exited 0) */
  const char *const runs[][7] = {
    { "generate", "--dataset", "moons", "--points", "2000", "--out", "-" },
    { "--help" }, { "--version" }, { "train", "--help" }, { "plot", "--help-all" },
  };
  for (size_t i = 0; i < G_N_ELEMENTS (runs); i++)
    {
      g_autoptr (GSubprocessLauncher) l = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_PIPE);
      g_subprocess_launcher_set_stdout_file_path (l, "/dev/full");
      g_autoptr (GError) error = NULL;
      const char *argv[9] = { cli_exe () };
      for (size_t k = 0; k < 7 && runs[i][k] != NULL; k++)
        argv[k + 1] = runs[i][k];
      g_autoptr (GSubprocess) p = g_subprocess_launcher_spawnv (l, argv, &error);
      g_assert_no_error (error);
      g_autofree char *err = NULL;
      g_assert_true (g_subprocess_communicate_utf8 (p, NULL, NULL, NULL, &err, &error));
      g_assert_no_error (error);
      g_assert_true (g_subprocess_get_if_exited (p));
      g_assert_cmpint (g_subprocess_get_exit_status (p), ==, 2);
      g_assert_nonnull (strstr (err, "cannot write to standard output"));
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  cli_helpers_init (&argc, &argv);

  g_test_add_func ("/cli/harden/fifo-inputs", test_fifo_inputs);
  g_test_add_func ("/cli/harden/device-input", test_device_input);
  g_test_add_func ("/cli/harden/outputs", test_outputs);
  g_test_add_func ("/cli/harden/stdout-full", test_stdout_full);
  g_test_add_func ("/cli/harden/network-size", test_network_size);
  g_test_add_func ("/cli/harden/outputs-checked-first", test_outputs_checked_first);
  g_test_add_func ("/cli/harden/output-over-input", test_output_over_input);
  g_test_add_func ("/cli/harden/units-in-range", test_units_in_range);
  g_test_add_func ("/cli/harden/saved-model-size", test_saved_model_size);
  g_test_add_func ("/cli/harden/killed-export", test_killed_export);
  g_test_add_func ("/cli/harden/interrupt-train", test_interrupt_train);
  g_test_add_func ("/cli/harden/bounds", test_bounds);
  g_test_add_func ("/cli/harden/empty-values", test_empty_values);
  g_test_add_func ("/cli/harden/figure-size-limits", test_figure_size_limits);
  g_test_add_func ("/cli/harden/epochs-bound", test_epochs_bound);
  g_test_add_func ("/cli/harden/history-nul", test_history_nul);
  g_test_add_func ("/cli/harden/series-bounds", test_series_bounds);
  g_test_add_func ("/cli/harden/bench-helper", test_bench_helper);
  g_test_add_func ("/cli/harden/bench-rounds", test_bench_rounds);
  g_test_add_func ("/cli/harden/bench-numpy-isa", test_bench_numpy_isa);
  g_test_add_func ("/cli/harden/gradcheck-eps", test_gradcheck_eps);
  g_test_add_func ("/cli/harden/gradcheck-huge-inputs", test_gradcheck_huge_inputs);
  return g_test_run ();
}
