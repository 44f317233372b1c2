/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-cli-network.c: nnplay-cli plot --figure network (PNG, SVG, PDF with its typeset names) and gradcheck's per-block lines. */
#define G_LOG_DOMAIN "nnplay-test"
#include "config.h"

#include <math.h>
#include <string.h>
#include <glib.h>

#include "cli-helpers.h"
#include "../pdf-check.h"

static void
test_network_figure (void)
{
  g_autofree char *dir = cli_tmpdir ();
  gsize len;

  cli_check (0, dir, "train", "--dataset", "moons", "--hidden", "6", "--epochs", "200", "--quiet",
             "--save-model", "m.json", NULL);
  cli_check (0, dir, "generate", "--dataset", "moons", "--out", "d.csv", NULL);
  cli_check (0, dir, "plot", "--figure", "network", "--model", "m.json", "--data", "d.csv",
             "--out", "net.png", "--size", "960x540", NULL);
  cli_check (0, dir, "plot", "--figure", "network", "--model", "m.json", "--data", "d.csv",
             "--out", "net.svg", "--size", "960x540", NULL);
  cli_check (0, dir, "plot", "--figure", "network", "--model", "m.json", "--data", "d.csv",
             "--out", "net.pdf", "--size", "960x540", NULL);

  {
    g_autofree guint8 *b = (guint8 *) cli_read (dir, "net.png", &len);
    g_assert_cmpuint (len, >, 1000);
    g_assert_cmpmem (b, 8, "\x89PNG\r\n\x1a\n", 8);
    g_assert_cmpuint ((guint32) b[16] << 24 | b[17] << 16 | b[18] << 8 | b[19], ==, 960);
    g_assert_cmpuint ((guint32) b[20] << 24 | b[21] << 16 | b[22] << 8 | b[23], ==, 540);
    g_assert_cmpmem (b + len - 8, 4, "IEND", 4);
  }
  {
    g_autofree char *svg = cli_read (dir, "net.svg", &len);
    GMarkupParser parser = { 0 };
    g_autoptr(GError) error = NULL;
    GMarkupParseContext *ctx = g_markup_parse_context_new (&parser, 0, NULL, NULL);
    g_markup_parse_context_parse (ctx, svg, (gssize) len, &error);
    g_assert_no_error (error);
    g_markup_parse_context_end_parse (ctx, &error);
    g_assert_no_error (error);
    g_markup_parse_context_free (ctx);
    g_assert_nonnull (strstr (svg, "width=\"960\""));
  }
  {
    g_autofree char *path = cli_file (dir, "net.pdf");
    assert_pdf_page (path, 960, 540);
    /* real text: the layers, the blocks and the biases by name */
    g_autofree char *text = pdf_page_text (path);
    g_test_message ("%s", text);
    g_assert_nonnull (strstr (text, "Hidden layer"));
    g_assert_nonnull (strstr (text, "Output layer"));
    g_assert_nonnull (strstr (text, "6 × 2"));
    g_assert_nonnull (strstr (text, "b"));
  }

  /* Any number of inputs: no plane needed. */
  cli_write (dir, "d3.csv", "0.25,0.5,0.125,1\n-0.5,1.5,0.75,0\n1.25,-0.375,2.5,1\n0.625,0.875,-1.5,0\n");
  cli_check (0, dir, "train", "--data", "d3.csv", "--hidden", "3", "--epochs", "10", "--quiet",
             "--save-model", "m3.json", NULL);
  cli_check (0, dir, "plot", "--figure", "network", "--model", "m3.json", "--out", "net3.png", NULL);
  /* hidden still needs the plane */
  g_autoptr(CliRun) r = cli_expect (1, dir, "plot", "--figure", "hidden", "--model", "m3.json",
                                    "--out", "h3.png", NULL);
  cli_rmdir (dir);
}

/* One line per block; the overall error is the largest of them. */
static void
test_gradcheck_blocks (void)
{
  static const char *const names[] = { "W[1]", "b[1]", "W[2]", "b[2]" };
  const size_t counts[] = { 14, 7, 7, 1 };
  g_autoptr(CliRun) r = cli_expect (0, NULL, "gradcheck", "--dataset", "circles", "--points", "60",
                                    "--hidden", "7", NULL);
  double overall = g_ascii_strtod (strstr (r->out, "max relative error: ") + 20, NULL), largest = 0;

  for (size_t b = 0; b < G_N_ELEMENTS (names); b++)
    {
      g_autofree char *key = g_strdup_printf ("  %-4s ", names[b]);
      const char *line = strstr (r->out, key);
      g_assert_nonnull (line);
      g_assert_cmpuint (g_ascii_strtoull (line + strlen (key), NULL, 10), ==, counts[b]);
      const char *e = strstr (line, "max relative error ");
      g_assert_nonnull (e);
      double v = g_ascii_strtod (e + strlen ("max relative error "), NULL);
      g_assert_cmpfloat (v, >=, 0);
      largest = MAX (largest, v);
      g_assert_nonnull (strstr (line, "(eps 1.0e-03)"));
    }
  g_assert_cmpfloat (fabs (largest - overall), <=, 1e-3 * overall);
}

int
main (int argc, char **argv)
{
  cli_helpers_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cli/network/figure", test_network_figure);
  g_test_add_func ("/cli/network/gradcheck-blocks", test_gradcheck_blocks);
  return g_test_run ();
}
