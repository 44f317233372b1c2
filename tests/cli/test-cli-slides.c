/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-cli-slides.c: train --figure evolution and animation (PDF pages, PNG sequences) and plot --figure hidden-space. */
/* symlink under -std=c17 */
#define _POSIX_C_SOURCE 200809L
#define G_LOG_DOMAIN "nnplay-test"
#include "config.h"

#include <math.h>
#include <string.h>
#include <unistd.h>

#include "../pdf-check.h"

#include "cli-helpers.h"

static void
assert_png_file (const char *dir, const char *name, guint32 width, guint32 height)
{
  g_autofree char *path = cli_file (dir, name);
  g_autofree guint8 *b = NULL;
  gsize len = 0;

  g_assert_true (g_file_get_contents (path, (char **) &b, &len, NULL));
  g_assert_cmpuint (len, >, 33);
  g_assert_cmpmem (b, 8, "\x89PNG\r\n\x1a\n", 8);
  g_assert_cmpuint ((guint32) b[16] << 24 | (guint32) b[17] << 16 | (guint32) b[18] << 8 | b[19], ==, width);
  g_assert_cmpuint ((guint32) b[20] << 24 | (guint32) b[21] << 16 | (guint32) b[22] << 8 | b[23], ==, height);
}

static void
test_evolution (void)
{
  g_autofree char *dir = cli_tmpdir ();
  g_autofree char *pdf = cli_file (dir, "evo.pdf");
  g_autofree char *text = NULL, *deftext = NULL;

  cli_check (0, dir, "train", "--dataset", "moons", "--epochs", "150", "--quiet", "--figure", "evolution",
             "--at", "0,10,100", "--size", "900x300", "--out", "evo.pdf", NULL);
  assert_pdf_page (pdf, 900, 300);
  text = pdf_page_text (pdf);
  g_assert_nonnull (strstr (text, "Epoch 0"));
  g_assert_nonnull (strstr (text, "Epoch 10"));
  g_assert_nonnull (strstr (text, "Epoch 100"));
  g_assert_null (strstr (text, "Epoch 150"));

  /* the default: 0, 10, 100, 1000 as far as the run goes, and the last */
  cli_check (0, dir, "train", "--dataset", "moons", "--epochs", "150", "--quiet", "--figure", "evolution",
             "--size", "900x300", "--out", "evo.pdf", NULL);
  deftext = pdf_page_text (pdf);
  g_assert_nonnull (strstr (deftext, "Epoch 150"));
  g_assert_null (strstr (deftext, "Epoch 1000"));

  cli_check (0, dir, "train", "--dataset", "xor", "--epochs", "20", "--quiet", "--figure", "evolution",
             "--at", "0,20", "--size", "400x200", "--out", "evo.png", NULL);
  assert_png_file (dir, "evo.png", 400, 200);
  cli_rmdir (dir);
}

/* train --figure update takes the step apart with the run's own --lr:
 * the alpha it prints and the b[2](t+1) it computes are those of
 * `lecture --lr` on the saved model (it had used 0.5 whatever --lr). */
static void
test_lecture_lr (void)
{
  g_autofree char *dir = cli_tmpdir ();
  g_autofree char *pdf = cli_file (dir, "upd.pdf");
  const char *lrs[] = { "2", "0.5" };

  for (gsize i = 0; i < G_N_ELEMENTS (lrs); i++)
    {
      cli_check (0, dir, "train", "--dataset", "moons", "--epochs", "10", "--lr", lrs[i], "--quiet",
                 "--save-model", "m.json", "--figure", "update", "--size", "1280x720", "--out", "upd.pdf", NULL);
      g_autofree char *text = pdf_page_text (pdf);
      /* "α = 2" beside superscripts: poppler gives the line as "α=2" */
      g_autofree char *alpha = g_strdup_printf ("\u03b1=%s", lrs[i]);
      g_autofree char *packed = g_strdup (text);
      char *w = packed;
      for (const char *c = text; *c != '\0'; c++)
        if (*c != ' ')
          *w++ = *c;
      *w = '\0';
      /* and no digit after it: "α=2" is not in "α=20" */
      const char *at = strstr (packed, alpha);
      g_assert_nonnull (at);
      g_assert_false (g_ascii_isdigit (at[strlen (alpha)]) || at[strlen (alpha)] == '.');
      g_autoptr (CliRun) r = cli_run (dir, "lecture", "--model", "m.json", "--dataset", "moons", "--lr", lrs[i],
                                     "--json", NULL);
      g_assert_cmpint (r->status, ==, 0);
      double b2_next = cli_number_after (r->out, "\"b2_next\":");
      g_autofree char *cell = g_strdup_printf ("%.4g", fabs (b2_next));
      g_test_message ("alpha %s: b2(t+1) = %s", lrs[i], cell);
      g_assert_nonnull (strstr (text, cell));
    }
  cli_rmdir (dir);
}

static void
test_animation_pdf (void)
{
  g_autofree char *dir = cli_tmpdir ();
  g_autofree char *pdf = cli_file (dir, "anim.pdf");

  cli_check (0, dir, "train", "--dataset", "moons", "--epochs", "60", "--quiet", "--figure", "animation",
             "--frames", "7", "--size", "400x300", "--out", "anim.pdf", NULL);
  g_assert_cmpint (pdf_page_count (pdf), ==, 7);
  /* frames spread evenly: page k shows epoch 10 k */
  for (int k = 0; k < 7; k++)
    {
      g_autofree char *text = pdf_page_text_at (pdf, k);
      g_autofree char *want = g_strdup_printf ("epoch %d ", 10 * k);
      g_assert_nonnull (strstr (text, want));
    }
  /* --frames larger than the epochs: one frame per epoch, no repeats */
  cli_check (0, dir, "train", "--dataset", "moons", "--epochs", "4", "--quiet", "--figure", "animation",
             "--frames", "60", "--size", "200x150", "--out", "anim.pdf", NULL);
  g_assert_cmpint (pdf_page_count (pdf), ==, 5);
  cli_rmdir (dir);
}

static void
test_animation_png (void)
{
  g_autofree char *dir = cli_tmpdir ();

  cli_check (0, dir, "train", "--dataset", "moons", "--epochs", "100", "--quiet", "--figure", "animation",
             "--every", "30", "--size", "320x200", "--out", "f.png", NULL);
  /* 0, 30, 60, 90 and the last, 100 */
  for (int i = 1; i <= 5; i++)
    {
      g_autofree char *name = g_strdup_printf ("f-%04d.png", i);
      assert_png_file (dir, name, 320, 200);
    }
  g_assert_false (cli_exists (dir, "f-0006.png"));
  g_assert_false (cli_exists (dir, "f.png"));
  /* fewer frames into the same place: the earlier run's later frames go,
   * the sequence is this run's alone; other files stay */
  cli_write (dir, "f-notes.txt", "mine\n");
  cli_check (0, dir, "train", "--dataset", "moons", "--epochs", "100", "--quiet", "--figure", "animation",
             "--every", "50", "--size", "160x100", "--out", "f.png", NULL);
  for (int i = 1; i <= 3; i++)
    {
      g_autofree char *name = g_strdup_printf ("f-%04d.png", i);
      assert_png_file (dir, name, 160, 100);
    }
  g_assert_false (cli_exists (dir, "f-0004.png"));
  g_assert_false (cli_exists (dir, "f-0005.png"));
  g_assert_true (cli_exists (dir, "f-notes.txt"));

  cli_check (0, dir, "train", "--dataset", "moons", "--epochs", "10", "--quiet", "--figure", "animation",
             "--at", "0,5,10", "--size", "160x120", "--out", "frame###.png", NULL);
  assert_png_file (dir, "frame001.png", 160, 120);
  assert_png_file (dir, "frame003.png", 160, 120);
  g_assert_false (cli_exists (dir, "frame004.png"));
  cli_rmdir (dir);
}

/* The frames are outputs: none may be an input or another output, a
 * link to one included, and a file under a later frame's name that is
 * not a PNG is not taken for a stale frame. (Each of these had been
 * overwritten or deleted.) */
static void
test_animation_inputs (void)
{
  g_autofree char *dir = cli_tmpdir ();
  g_autofree char *csv = NULL, *link = NULL;
  const char *points = "x1,x2,y\n0,0,0\n1,1,1\n0,1,1\n1,0,0\n";

  cli_write (dir, "pts-0001.png", points);
  g_autoptr(CliRun) r = cli_expect (1, dir, "train", "--data", "pts-0001.png", "--epochs", "20", "--quiet",
                                    "--figure", "animation", "--frames", "3", "--out", "pts.png", NULL);
  g_assert_nonnull (strstr (r->err, "pts-0001.png is the same file as --data pts-0001.png"));
  g_assert_cmpstr ((csv = cli_read (dir, "pts-0001.png", NULL)), ==, points);

  /* through a link */
  cli_write (dir, "data.csv", points);
  link = cli_file (dir, "fig-0002.png");
  g_assert_cmpint (symlink ("data.csv", link), ==, 0);
  cli_check (1, dir, "train", "--data", "data.csv", "--epochs", "20", "--quiet",
             "--figure", "animation", "--frames", "3", "--out", "fig.png", NULL);
  g_clear_pointer (&csv, g_free);
  g_assert_cmpstr ((csv = cli_read (dir, "data.csv", NULL)), ==, points);
  g_assert_false (cli_exists (dir, "fig-0001.png"));   /* nothing was written */

  /* another output under a frame's name */
  cli_check (1, dir, "train", "--data", "data.csv", "--epochs", "20", "--quiet", "--figure", "animation",
             "--frames", "3", "--out", "g.png", "--save-model", "g-0002.png", NULL);
  g_assert_false (cli_exists (dir, "g-0002.png"));

  /* a CSV named like frame 4, after a run of 3: not a stale frame */
  cli_write (dir, "h-0004.png", points);
  cli_check (0, dir, "train", "--data", "data.csv", "--epochs", "20", "--quiet", "--figure", "animation",
             "--frames", "3", "--size", "80x60", "--out", "h.png", NULL);
  assert_png_file (dir, "h-0003.png", 80, 60);
  g_clear_pointer (&csv, g_free);
  g_assert_cmpstr ((csv = cli_read (dir, "h-0004.png", NULL)), ==, points);
  cli_rmdir (dir);
}

static void
test_errors (void)
{
  g_autofree char *dir = cli_tmpdir ();
  const char *const base[] = { "train", "--dataset", "moons", "--epochs", "50", "--quiet", NULL };
  static const char *const bad[][6] = {
    { "--figure", "evolution", "--at", "0,500", "--out", "e.pdf" },        /* past the last epoch */
    { "--figure", "evolution", "--at", "0,x", "--out", "e.pdf" },          /* not a number */
    { "--figure", "animation", "--frames", "0", "--out", "a.pdf" },
    { "--figure", "animation", "--frames", "2001", "--out", "a.pdf" },
    { "--figure", "animation", "--every", "-3", "--out", "a.pdf" },
    { "--figure", "animation", "--frames", "5", "--out", "a.svg" },        /* no SVG animation */
    { "--figure", "boundary", "--frames", "5", "--out", "b.pdf" },         /* --frames without a series */
    { "--figure", "animation", "--at", "1", "--every", "2" },              /* two ways at once (no --out) */
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      const char *args[G_N_ELEMENTS (base) + 6];
      guint n = 0;
      for (guint k = 0; base[k] != NULL; k++)
        args[n++] = base[k];
      for (guint k = 0; k < 6; k++)
        args[n++] = bad[i][k];
      args[n] = NULL;
      g_autoptr(CliRun) r = cli_runv (dir, args);
      g_test_message ("case %u: %s", i, r->err);
      g_assert_cmpint (r->status, ==, 1);
      g_assert_true (g_str_has_prefix (r->err, "nnplay-cli train: "));
    }
  g_assert_false (cli_exists (dir, "e.pdf"));
  g_assert_false (cli_exists (dir, "a.pdf"));

  /* plot knows no series */
  cli_check (1, dir, "plot", "--dataset", "moons", "--figure", "evolution", "--out", "p.pdf", NULL);
  cli_check (1, dir, "plot", "--dataset", "moons", "--figure", "hidden-space", "--units", "2,2", "--out", "p.pdf", NULL);
  cli_check (1, dir, "plot", "--dataset", "moons", "--figure", "hidden-space", "--units", "1,2", "--pca",
             "--out", "p.pdf", NULL);
  cli_rmdir (dir);
}

static void
test_hidden_space (void)
{
  g_autofree char *dir = cli_tmpdir ();
  g_autofree char *pdf = cli_file (dir, "h.pdf");
  g_autofree char *units = NULL, *pca = NULL;

  cli_check (0, dir, "train", "--dataset", "circles", "--hidden", "5", "--epochs", "300", "--lr", "2",
             "--quiet", "--save-model", "m.json", NULL);
  cli_check (0, dir, "plot", "--dataset", "circles", "--model", "m.json", "--figure", "hidden-space",
             "--units", "2,4", "--warped-grid", "--size", "600x500", "--out", "h.pdf", NULL);
  assert_pdf_page (pdf, 600, 500);
  units = pdf_page_text (pdf);
  g_assert_nonnull (strstr (units, "Hidden space"));
  g_assert_nonnull (strstr (units, "Units 2 and 4"));

  /* h = 5: principal components by default, labelled with their share */
  cli_check (0, dir, "plot", "--dataset", "circles", "--model", "m.json", "--figure", "hidden-space",
             "--size", "600x500", "--out", "h.pdf", NULL);
  pca = pdf_page_text (pdf);
  g_assert_nonnull (strstr (pca, "PC 1 ("));
  g_assert_nonnull (strstr (pca, "PC 2 ("));

  /* and the train subcommand draws it too */
  cli_check (0, dir, "train", "--dataset", "xor", "--hidden", "3", "--epochs", "20", "--quiet",
             "--figure", "hidden-space", "--size", "300x300", "--out", "h3.png", NULL);
  assert_png_file (dir, "h3.png", 300, 300);
  cli_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  cli_helpers_init (&argc, &argv);
  g_test_add_func ("/cli/slides/evolution", test_evolution);
  g_test_add_func ("/cli/slides/lecture-lr", test_lecture_lr);
  g_test_add_func ("/cli/slides/animation-pdf", test_animation_pdf);
  g_test_add_func ("/cli/slides/animation-png", test_animation_png);
  g_test_add_func ("/cli/slides/errors", test_errors);
  g_test_add_func ("/cli/slides/animation-inputs", test_animation_inputs);
  g_test_add_func ("/cli/slides/hidden-space", test_hidden_space);
  return g_test_run ();
}
