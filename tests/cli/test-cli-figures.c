/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-cli-figures.c: figures from nnplay-cli train and plot in PNG, SVG and PDF at the asked size. */
#define G_LOG_DOMAIN "nnplay-test"
#include "config.h"

#include <string.h>
#include "../pdf-check.h"

#include "cli-helpers.h"

static char *
read_file (const char *dir, const char *name, gsize *len)
{
  g_autofree char *path = cli_file (dir, name);
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_file_get_contents (path, &text, len, &error);
  g_assert_no_error (error);
  return text;
}

/* Width and height from the IHDR chunk, which a PNG must start with. */
static void
check_png (const char *dir, const char *name, guint32 width, guint32 height)
{
  gsize len;
  g_autofree guint8 *b = (guint8 *) read_file (dir, name, &len);

  g_assert_cmpuint (len, >, 33);
  g_assert_cmpmem (b, 8, "\x89PNG\r\n\x1a\n", 8);
  g_assert_cmpmem (b + 12, 4, "IHDR", 4);
  guint32 w = (guint32) b[16] << 24 | (guint32) b[17] << 16 | (guint32) b[18] << 8 | b[19];
  guint32 h = (guint32) b[20] << 24 | (guint32) b[21] << 16 | (guint32) b[22] << 8 | b[23];
  g_assert_cmpuint (w, ==, width);
  g_assert_cmpuint (h, ==, height);
  /* and it ends with the IEND chunk: written whole */
  g_assert_cmpmem (b + len - 8, 4, "IEND", 4);
}

/* Well-formed XML whose <svg> has the size in points. */
static void
check_svg (const char *dir, const char *name, int width, int height)
{
  gsize len;
  g_autofree char *text = read_file (dir, name, &len);
  GMarkupParser parser = { 0 };
  g_autoptr(GError) error = NULL;

  GMarkupParseContext *ctx = g_markup_parse_context_new (&parser, 0, NULL, NULL);
  g_markup_parse_context_parse (ctx, text, (gssize) len, &error);
  g_assert_no_error (error);
  g_markup_parse_context_end_parse (ctx, &error);
  g_assert_no_error (error);
  g_markup_parse_context_free (ctx);

  g_autofree char *w = g_strdup_printf ("width=\"%d\"", width);
  g_autofree char *h = g_strdup_printf ("height=\"%d\"", height);
  g_assert_nonnull (strstr (text, "<svg"));
  g_assert_nonnull (strstr (text, w));
  g_assert_nonnull (strstr (text, h));
}

/* Occurrences of needle in the (binary) bytes, not followed by `not_next`. */
static size_t
count_bytes (const char *b, gsize len, const char *needle, char not_next)
{
  size_t n = 0, nl = strlen (needle);

  for (gsize i = 0; i + nl <= len; i++)
    if (memcmp (b + i, needle, nl) == 0 && (i + nl == len || b[i + nl] != not_next))
      n++;
  return n;
}

/* One page of the size in points, read back by poppler (cairo 1.18 packs the
 * page objects into compressed object streams, so no byte grep finds them). */
static void
check_pdf (const char *dir, const char *name, int width, int height)
{
  gsize len;
  g_autofree char *text = read_file (dir, name, &len);
  g_autofree char *path = cli_file (dir, name);

  g_assert_cmpmem (text, 5, "%PDF-", 5);
  g_assert_cmpuint (count_bytes (text, len, "%%EOF", '\0'), >=, 1);
  assert_pdf_page (path, width, height);
}

static void
test_train_figures (void)
{
  static const char *const figures[] = { "boundary", "hidden", "cost", "all" };
  g_autofree char *dir = cli_tmpdir ();

  for (size_t i = 0; i < G_N_ELEMENTS (figures); i++)
    {
      int w = 320 + 16 * (int) i, h = 200 + 8 * (int) i;
      g_autofree char *size = g_strdup_printf ("%dx%d", w, h);
      g_autofree char *png = g_strdup_printf ("%s.png", figures[i]);
      g_autofree char *svg = g_strdup_printf ("%s.svg", figures[i]);
      g_autofree char *pdf = g_strdup_printf ("%s.pdf", figures[i]);
      const char *outs[] = { png, svg, pdf };

      for (size_t k = 0; k < G_N_ELEMENTS (outs); k++)
        {
          g_autoptr(CliRun) r = cli_expect (0, dir, "train", "--dataset", "moons", "--epochs", "30",
                                            "--test-fraction", "0.2", "--quiet", "--figure", figures[i],
                                            "--out", outs[k], "--size", size, NULL);
        }
      check_png (dir, png, (guint32) w, (guint32) h);
      check_svg (dir, svg, w, h);
      check_pdf (dir, pdf, w, h);
    }

  /* Default size 1920x1080; --out alone draws all; upper-case extensions. */
  cli_check (0, dir, "train", "--dataset", "xor", "--epochs", "5", "--out", "default.PNG", NULL);
  check_png (dir, "default.PNG", 1920, 1080);
  cli_rmdir (dir);
}

/* plot redraws from the files train wrote. */
static void
test_plot_from_files (void)
{
  g_autofree char *dir = cli_tmpdir ();

  cli_check (0, dir, "generate", "--dataset", "circles", "--points", "150", "--out", "c.csv", NULL);
  cli_check (0, dir, "train", "--data", "c.csv", "--hidden", "5", "--epochs", "60", "--test-fraction", "0.3",
              "--save-model", "m.json", "--history", "h.csv", NULL);

  cli_check (0, dir, "plot", "--model", "m.json", "--data", "c.csv", "--history", "h.csv",
              "--test-fraction", "0.3", "--out", "all.png", "--size", "1000x700", NULL);
  check_png (dir, "all.png", 1000, 700);
  cli_check (0, dir, "plot", "--model", "m.json", "--figure", "hidden", "--out", "hidden.svg",
              "--size", "640x480", "--transparent", NULL);
  check_svg (dir, "hidden.svg", 640, 480);
  cli_check (0, dir, "plot", "--history", "h.csv", "--figure", "cost", "--log-cost", "--out", "cost.pdf",
              "--size", "600x400", NULL);
  check_pdf (dir, "cost.pdf", 600, 400);
  cli_check (0, dir, "plot", "--data", "c.csv", "--figure", "boundary", "--out", "points.png",
              "--size", "300x300", NULL);
  check_png (dir, "points.png", 300, 300);

  /* A model whose inputs do not match the data is bad input. */
  cli_write (dir, "d3.csv", "0.25,0.5,0.125,1\n-0.5,1.5,0.75,0\n");
  g_autoptr(CliRun) r = cli_expect (2, dir, "plot", "--model", "m.json", "--data", "d3.csv", "--figure", "cost",
                                    "--out", "x.png", NULL);
  g_assert_nonnull (strstr (r->err, "m.json has 2 inputs but d3.csv has 3"));
  g_assert_false (cli_exists (dir, "x.png"));
  cli_rmdir (dir);
}

/* A session's cost curve is drawn with the changes marked on it and its
 * pinned runs, as the app draws it; --history replaces all three. */
static void
test_plot_session_markers (void)
{
  g_autofree char *dir = cli_tmpdir ();
  cli_write (dir, "s.json",
    "{\"format\": \"nnplay-session\", \"version\": 1,\n"
    " \"hyperparameters\": {\"learning_rate\": 0.125, \"hidden\": 2, \"activation\": \"sigmoid\",\n"
    "   \"batch_size\": 0, \"seed\": 1, \"test_fraction\": 0, \"standardize\": false},\n"
    " \"dataset\": {\"generator\": null, \"points\": 0, \"noise\": 0.1},\n"
    " \"points\": {\"X\": [[0.5, 1.0], [-1.0, 0.25], [0.75, -0.5]], \"y\": [1, 0, 1], \"is_test\": [0, 0, 0]},\n"
    " \"history\": {\"train_cost\": [0.7, 0.6, 0.5, 0.45, 0.4, 0.38, 0.37],\n"
    "             \"train_accuracy\": [0.5, 0.6, 0.7, 0.75, 0.8, 0.8, 0.9]},\n"
    " \"epoch\": 6, \"history_stride\": 1,\n"
    " \"markers\": [{\"epoch\": 2, \"text\": \"\u03b1 0.5 \u2192 0.125\"},\n"
    "               {\"epoch\": 4, \"text\": \"data changed\"}],\n"
    " \"pins\": [{\"label\": \"first try\", \"history_stride\": 1,\n"
    "   \"history\": {\"train_cost\": [0.7, 0.69, 0.68], \"train_accuracy\": [0.5, 0.5, 0.5]}}],\n"
    " \"model\": {\"format\": \"nnplay-model\", \"version\": 1, \"inputs\": 2, \"hidden\": 2,\n"
    "   \"activation\": \"sigmoid\", \"W1\": [[1, -1], [0.5, 2]], \"b1\": [0, 0.5], \"W2\": [[1, -2]], \"b2\": [0.25]}}\n");
  cli_check (0, dir, "plot", "--model", "s.json", "--figure", "cost", "--out", "cost.pdf",
             "--size", "1200x700", NULL);
  g_autofree char *path = cli_file (dir, "cost.pdf");
  g_autofree char *text = pdf_page_text (path);
  g_assert_nonnull (strstr (text, "\u03b1 0.5 \u2192 0.125"));
  g_assert_nonnull (strstr (text, "data changed"));
  g_assert_nonnull (strstr (text, "first try"));

  /* another curve: none of the session's */
  cli_write (dir, "h.csv", "epoch,train_cost,train_accuracy\n0,0.7,0.5\n1,0.6,0.6\n2,0.5,0.7\n");
  cli_check (0, dir, "plot", "--model", "s.json", "--history", "h.csv", "--figure", "cost",
             "--out", "cost.pdf", "--size", "1200x700", NULL);
  g_autofree char *text2 = pdf_page_text (path);
  g_assert_null (strstr (text2, "data changed"));
  g_assert_null (strstr (text2, "first try"));
  cli_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  cli_helpers_init (&argc, &argv);

  g_test_add_func ("/cli/figures/train", test_train_figures);
  g_test_add_func ("/cli/figures/plot", test_plot_from_files);
  g_test_add_func ("/cli/figures/plot-session-markers", test_plot_session_markers);
  return g_test_run ();
}
