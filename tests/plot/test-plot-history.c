/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-plot-history.c: the cost figure's pinned runs and its mark of a past epoch, and the epoch under a point of the curve. */
#define G_LOG_DOMAIN "nnplay-test"
#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gstdio.h>
#include "nnp-plot.h"
#include "../pdf-check.h"

static NnpHistory *
curve (size_t len, double scale, double rate)
{
  NnpHistory *h = nnp_history_new (FALSE);

  for (size_t t = 0; t < len; t++)
    nnp_history_append (h, scale * exp (-rate * (double) t) + 0.05, 0.5, 0, 0);
  return h;
}

static cairo_surface_t *
draw_cost (const NnpPlotState *state, int w, int h)
{
  NnpPlotStyle style;
  cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w, h);
  cairo_t *cr = cairo_create (s);

  nnp_plot_style_init (&style);
  nnp_plot_cost (cr, w, h, state, &style);
  cairo_destroy (cr);
  cairo_surface_flush (s);
  return s;
}

/* Pixels within 40/255 of the colour "#rrggbb", in columns [x0, x1). */
static size_t
count_colour (cairo_surface_t *s, const char *hex, int x0, int x1)
{
  unsigned r, g, b;
  const unsigned char *data = cairo_image_surface_get_data (s);
  int stride = cairo_image_surface_get_stride (s), h = cairo_image_surface_get_height (s);
  size_t n = 0;

  g_assert_cmpint (sscanf (hex, "#%02x%02x%02x", &r, &g, &b), ==, 3);
  for (int y = 0; y < h; y++)
    for (int x = x0; x < x1; x++)
      {
        const guint32 p = *(const guint32 *) (data + y * stride + 4 * x);
        int pr = (p >> 16) & 255, pg = (p >> 8) & 255, pb = p & 255;
        n += abs (pr - (int) r) < 40 && abs (pg - (int) g) < 40 && abs (pb - (int) b) < 40;
      }
  return n;
}

static void
test_pins_drawn (void)
{
  NnpPlotState state;
  NnpHistory *own = curve (200, 0.7, 0.02), *a = curve (100, 0.9, 0.05), *b = curve (40, 0.6, 0.01);
  NnpPlotPin pins[2] = { { "\u03b1 = 0.1 <b>", a, 4 }, { "h = 64", b, 1 } };
  char c0[8], c1[8];

  nnp_plot_state_init (&state);
  state.history = own;
  nnp_plot_pin_colour (0, c0);
  nnp_plot_pin_colour (1, c1);
  g_assert_cmpstr (c0, !=, c1);

  cairo_surface_t *plain = draw_cost (&state, 1200, 700);
  state.pins = pins;
  state.n_pins = 2;
  cairo_surface_t *pinned = draw_cost (&state, 1200, 700);
  size_t p0 = count_colour (pinned, c0, 0, 1200), p1 = count_colour (pinned, c1, 0, 1200);
  g_test_message ("pin colour pixels: %zu and %zu (none pinned: %zu, %zu)", p0, p1,
                  count_colour (plain, c0, 0, 1200), count_colour (plain, c1, 0, 1200));
  g_assert_cmpuint (count_colour (plain, c0, 0, 1200), <, 20);
  g_assert_cmpuint (p0, >, 500);
  g_assert_cmpuint (p1, >, 60);   /* 40 epochs of 396: a short line */
  /* Pin 0 spans 99 x 4 = 396 epochs, longer than the run: the axis grows
   * to it, so epoch 396 is at the right end of the plot. */
  NnpPlotStyle style;
  nnp_plot_style_init (&style);
  double right = nnp_plot_cost_epoch_at (1200, 700, &state, &style, 1199);
  g_assert_cmpfloat (right, ==, 396.0);
  state.n_pins = 0;
  g_assert_cmpfloat (nnp_plot_cost_epoch_at (1200, 700, &state, &style, 1199), ==, 199.0);
  g_assert_cmpfloat (nnp_plot_cost_epoch_at (1200, 700, &state, &style, 0), ==, 0.0);
  double mid = nnp_plot_cost_epoch_at (1200, 700, &state, &style, 600);
  g_assert_cmpfloat (mid, >, 60.0);
  g_assert_cmpfloat (mid, <, 140.0);
  g_assert_cmpfloat (nnp_plot_cost_epoch_at (0, 700, &state, &style, 10), ==, -1.0);

  /* More pins than a figure draws: no crash, the first 16 drawn. */
  NnpPlotPin many[40];
  for (int i = 0; i < 40; i++)
    many[i] = (NnpPlotPin) { "run", i % 2 ? a : b, 1 };
  state.pins = many;
  state.n_pins = 40;
  cairo_surface_destroy (draw_cost (&state, 400, 300));

  cairo_surface_destroy (plain);
  cairo_surface_destroy (pinned);
  nnp_history_free (own);
  nnp_history_free (a);
  nnp_history_free (b);
}

/* The past: what came after the epoch shown is faded (the curve's colour
 * is paler right of the mark than in an unmarked drawing). */
static void
test_past_marked (void)
{
  NnpPlotState state;
  NnpPlotStyle style;
  NnpHistory *own = curve (400, 0.7, 0.004);

  nnp_plot_state_init (&state);
  nnp_plot_style_init (&style);
  state.history = own;
  cairo_surface_t *now = draw_cost (&state, 1200, 700);
  state.past = TRUE;
  state.epoch = 100;
  state.present_epoch = 399;
  cairo_surface_t *past = draw_cost (&state, 1200, 700);
  /* Column of epoch 100, found by the inverse map. */
  int xe = 0;
  while (xe < 1200 && nnp_plot_cost_epoch_at (1200, 700, &state, &style, xe) < 100)
    xe++;
  int xr = 0;
  while (xr < 1200 && nnp_plot_cost_epoch_at (1200, 700, &state, &style, xr) < 399)
    xr++;
  /* The theme's train colour, whatever it is: the most common saturated
   * colour in the unmarked drawing's right part is the curve. */
  size_t before_now = 0, after_now = 0, before_past = 0, after_past = 0;
  const unsigned char *dn = cairo_image_surface_get_data (now), *dp = cairo_image_surface_get_data (past);
  int stride = cairo_image_surface_get_stride (now);
  for (int y = 0; y < 700; y++)
    for (int x = 0; x < xr - 30; x++)
      {
        guint32 pn = *(const guint32 *) (dn + y * stride + 4 * x);
        guint32 pp = *(const guint32 *) (dp + y * stride + 4 * x);
        int sn = MAX (MAX ((pn >> 16) & 255, (pn >> 8) & 255), pn & 255) - MIN (MIN ((pn >> 16) & 255, (pn >> 8) & 255), pn & 255);
        int sp = MAX (MAX ((pp >> 16) & 255, (pp >> 8) & 255), pp & 255) - MIN (MIN ((pp >> 16) & 255, (pp >> 8) & 255), pp & 255);
        if (x < xe - 5)
          {
            before_now += sn > 80;
            before_past += sp > 80;
          }
        else if (x > xe + 60)
          {
            after_now += sn > 80;
            after_past += sp > 80;
          }
      }
  g_test_message ("saturated pixels before/after epoch 100: now %zu/%zu, past %zu/%zu",
                  before_now, after_now, before_past, after_past);
  g_assert_cmpuint (after_now, >, 300);
  g_assert_cmpuint (after_past, <, after_now / 4);
  g_assert_cmpuint (before_past, >=, before_now * 9 / 10);
  cairo_surface_destroy (now);
  cairo_surface_destroy (past);
  nnp_history_free (own);
}

static NnpModel *
line_model (double w1, double w2, double b)
{
  NnpModel *m = nnp_model_alloc (2, 1, NNP_ACT_SIGMOID);
  /* One unit; a2 = sigma(6 g(w . x + b) - 3): its 0.5 contour is w . x + b = 0. */
  gsl_matrix_set (&m->theta->W1.matrix, 0, 0, w1);
  gsl_matrix_set (&m->theta->W1.matrix, 0, 1, w2);
  gsl_vector_set (&m->theta->b1.vector, 0, b);
  gsl_matrix_set (&m->theta->W2.matrix, 0, 0, 6.0);
  *m->theta->b2 = -3.0;
  return m;
}

/* Pixels in [x0, x1) x [y0, y1) where a and b differ by more than 30 in a channel. */
static size_t
count_diff (cairo_surface_t *a, cairo_surface_t *b, int x0, int y0, int x1, int y1)
{
  const unsigned char *da = cairo_image_surface_get_data (a), *db = cairo_image_surface_get_data (b);
  int stride = cairo_image_surface_get_stride (a);
  size_t n = 0;

  for (int y = y0; y < y1; y++)
    for (int x = x0; x < x1; x++)
      {
        guint32 p = *(const guint32 *) (da + y * stride + 4 * x), q = *(const guint32 *) (db + y * stride + 4 * x);
        gboolean d = FALSE;
        for (int k = 0; k < 24; k += 8)
          d |= abs ((int) ((p >> k) & 255) - (int) ((q >> k) & 255)) > 30;
        n += d;
      }
  return n;
}

/* The previous model's contour is drawn too, where it differs. */
static void
test_previous_contour (void)
{
  NnpPlotState state;
  NnpPlotStyle style;
  NnpModel *now = line_model (1.0, 0.0, 0.0);       /* x1 = 0 */
  NnpModel *before = line_model (1.0, 0.0, -1.0);   /* x1 = 1 */
  double px, py, pw, ph;

  nnp_plot_state_init (&state);
  nnp_plot_style_init (&style);
  state.model = now;
  nnp_plot_boundary_area (1000, 800, &state, &style, &px, &py, &pw, &ph);
  /* Columns around x1 = 1, three quarters across the view [-2, 2]. */
  int c0 = (int) (px + pw * 0.75) - 12, c1 = (int) (px + pw * 0.75) + 12;
  cairo_surface_t *s0 = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1000, 800);
  cairo_surface_t *s1 = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1000, 800);
  cairo_t *cr = cairo_create (s0);
  nnp_plot_boundary (cr, 1000, 800, &state, &style);
  cairo_destroy (cr);
  state.previous_model = before;
  cr = cairo_create (s1);
  nnp_plot_boundary (cr, 1000, 800, &state, &style);
  cairo_destroy (cr);
  cairo_surface_flush (s0);
  cairo_surface_flush (s1);
  if (g_getenv ("NNP_TEST_PNG") != NULL)
    cairo_surface_write_to_png (s1, g_getenv ("NNP_TEST_PNG"));
  int top = (int) py + 10, bottom = (int) (py + ph) - 10;
  size_t at_previous = count_diff (s0, s1, c0, top, c1, bottom);
  /* x1 = -1, a quarter across: neither contour is there. */
  size_t elsewhere = count_diff (s0, s1, (int) (px + pw * 0.25) - 12, top, (int) (px + pw * 0.25) + 12, bottom);
  g_test_message ("pixels changed by the previous contour: %zu at x1 = 1, %zu at x1 = -1",
                  at_previous, elsewhere);
  g_assert_cmpuint (at_previous, >, 100);
  g_assert_cmpuint (elsewhere, ==, 0);
  cairo_surface_destroy (s0);
  cairo_surface_destroy (s1);
  nnp_model_free (now);
  nnp_model_free (before);
}

/* Change markers: drawn at their epochs, found under the pointer. */
static void
test_markers (void)
{
  NnpPlotState state;
  NnpPlotStyle style;
  NnpHistory *own = curve (201, 0.7, 0.01);
  NnpPlotMarker markers[2] = { { 50, "\u03b1 0.5 \u2192 0.1" }, { 150, "h 4 \u2192 8" } };
  int x50 = 0, x150 = 0;

  nnp_plot_state_init (&state);
  nnp_plot_style_init (&style);
  state.history = own;
  while (nnp_plot_cost_epoch_at (900, 500, &state, &style, x50) < 50)
    x50++;
  while (nnp_plot_cost_epoch_at (900, 500, &state, &style, x150) < 150)
    x150++;
  g_assert_cmpint (nnp_plot_cost_marker_at (900, 500, &state, &style, x50, 8), ==, -1);
  cairo_surface_t *plain = draw_cost (&state, 900, 500);
  state.markers = markers;
  state.n_markers = 2;
  cairo_surface_t *marked = draw_cost (&state, 900, 500);
  g_assert_cmpint (nnp_plot_cost_marker_at (900, 500, &state, &style, x50 + 3, 8), ==, 0);
  g_assert_cmpint (nnp_plot_cost_marker_at (900, 500, &state, &style, x150 - 5, 8), ==, 1);
  g_assert_cmpint (nnp_plot_cost_marker_at (900, 500, &state, &style, (x50 + x150) / 2, 8), ==, -1);
  /* Ink at the markers' columns, none half way. */
  g_assert_cmpuint (count_diff (plain, marked, x50 - 4, 0, x50 + 5, 500), >, 40);
  g_assert_cmpuint (count_diff (plain, marked, x150 - 4, 0, x150 + 5, 500), >, 40);
  g_assert_cmpuint (count_diff (plain, marked, (x50 + x150) / 2 - 4, 0, (x50 + x150) / 2 + 5, 500), ==, 0);
  cairo_surface_destroy (plain);
  cairo_surface_destroy (marked);
  nnp_history_free (own);
}

/* Two changes at one epoch are one triangle with both texts (the export
 * had labelled one of them, the tooltip the other), and the last marker,
 * by the plot's right edge, is labelled on its left. */
static void
test_markers_same_epoch (void)
{
  NnpPlotState state;
  NnpPlotStyle style;
  NnpHistory *own = curve (401, 0.7, 0.01);
  NnpPlotMarker markers[4] = { { 100, "data changed" }, { 300, "data changed" },
                               { 300, "\u03b1 0.5 \u2192 200" }, { 400, "\u03b1 200 \u2192 0.5" } };
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), "nnp-test-markers.pdf", NULL);
  g_autoptr (GError) error = NULL;

  nnp_plot_state_init (&state);
  nnp_plot_style_init (&style);
  state.history = own;
  state.markers = markers;
  state.n_markers = 4;
  g_autofree char *both = nnp_plot_markers_text (&state, 1);
  g_autofree char *both2 = nnp_plot_markers_text (&state, 2);
  g_autofree char *one = nnp_plot_markers_text (&state, 0);
  g_assert_cmpstr (both, ==, "data changed; \u03b1 0.5 \u2192 200");
  g_assert_cmpstr (both2, ==, both);
  g_assert_cmpstr (one, ==, "data changed");
  g_assert_null (nnp_plot_markers_text (&state, 4));

  g_assert_true (nnp_plot_export (NNP_FIGURE_COST, NNP_FORMAT_PDF, path, 1600, 900, 1.0, &state, &style, &error));
  g_assert_no_error (error);
  g_autofree char *text = pdf_page_text (path);
  g_test_message ("%s", text);
  g_assert_nonnull (strstr (text, "data changed; \u03b1 0.5 \u2192 200"));
  g_assert_nonnull (strstr (text, "\u03b1 200 \u2192 0.5"));
  g_unlink (path);
  nnp_history_free (own);
}

/* A marker under the legend: its text is written below the legend's
 * box, not into it (on an exported slide it had run through the box's
 * names, or been hidden under the box). */
static void
test_marker_under_legend (void)
{
  NnpPlotState state;
  NnpPlotStyle style;
  NnpHistory *own = curve (401, 0.7, 0.01);
  NnpPlotMarker named[1] = { { 370, "\u03b1 0.5 \u2192 0.05" } }, bare[1] = { { 370, NULL } };
  double lx, ly, lw, lh;
  const int W = 1600, H = 900;

  nnp_plot_state_init (&state);
  nnp_plot_style_init (&style);
  state.history = own;
  state.markers = named;
  state.n_markers = 1;
  g_assert_true (nnp_plot_cost_legend_box (W, H, &state, &style, &lx, &ly, &lw, &lh));
  int x370 = 0;
  while (nnp_plot_cost_epoch_at (W, H, &state, &style, x370) < 370)
    x370++;
  /* the case this is about: the marker's column crosses the box */
  g_assert_cmpfloat (x370, >, lx);
  g_assert_cmpfloat (x370, <, lx + lw);
  cairo_surface_t *with_text = draw_cost (&state, W, H);
  state.markers = bare;
  cairo_surface_t *without = draw_cost (&state, W, H);
  g_assert_cmpuint (count_diff (with_text, without, (int) lx, (int) ly, (int) ceil (lx + lw), (int) ceil (ly + lh)),
                    ==, 0);
  g_assert_cmpuint (count_diff (with_text, without, 0, 0, W, H), >, 20);
  cairo_surface_destroy (with_text);
  cairo_surface_destroy (without);
  nnp_history_free (own);
}

/* Looking back at an epoch, the legend gives the cost at that epoch, as
 * the readouts beside it do (it had given the present cost); with the
 * history kept every other epoch, the entry of the epoch shown. With no
 * cost at the present (its points removed), "—" as the readouts. */
static void
test_legend_in_past (void)
{
  NnpPlotState state;
  NnpPlotStyle style;
  NnpHistory *own = curve (301, 0.7, 0.01);
  g_autofree char *dir = g_dir_make_tmp ("nnp-legend-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "cost.pdf", NULL);
  const size_t strides[] = { 1, 2 };

  nnp_plot_state_init (&state);
  nnp_plot_style_init (&style);
  state.history = own;
  for (gsize k = 0; k < G_N_ELEMENTS (strides); k++)
    {
      g_autoptr (GError) error = NULL;
      char then[32], now[32];
      state.history_stride = strides[k];
      state.past = TRUE;
      state.epoch = 100 * strides[k];
      state.present_epoch = 300 * strides[k];
      g_snprintf (then, sizeof then, "%.4g", own->train_cost[100]);
      g_snprintf (now, sizeof now, "%.4g", own->train_cost[300]);
      g_assert_true (nnp_plot_export (NNP_FIGURE_COST, NNP_FORMAT_PDF, path, 1200, 700, 1.0, &state, &style,
                                      &error));
      g_assert_no_error (error);
      g_autofree char *text = pdf_page_text (path);
      g_test_message ("stride %zu: %s at epoch %zu, %s now", strides[k], then, state.epoch, now);
      g_assert_nonnull (strstr (text, then));
      g_assert_null (strstr (text, now));
      /* at the present, the present's */
      state.past = FALSE;
      state.epoch = state.present_epoch;
      g_assert_true (nnp_plot_export (NNP_FIGURE_COST, NNP_FORMAT_PDF, path, 1200, 700, 1.0, &state, &style,
                                      &error));
      g_autofree char *text_now = pdf_page_text (path);
      g_assert_nonnull (strstr (text_now, now));
      /* no cost at the present (its points removed): "—", not the last
       * entry; looking back, still the past's */
      state.no_present_cost = TRUE;
      g_assert_true (nnp_plot_export (NNP_FIGURE_COST, NNP_FORMAT_PDF, path, 1200, 700, 1.0, &state, &style,
                                      &error));
      g_autofree char *text_none = pdf_page_text (path);
      g_assert_null (strstr (text_none, now));
      g_assert_nonnull (strstr (text_none, "\xe2\x80\x94"));
      state.past = TRUE;
      state.epoch = 100 * strides[k];
      g_assert_true (nnp_plot_export (NNP_FIGURE_COST, NNP_FORMAT_PDF, path, 1200, 700, 1.0, &state, &style,
                                      &error));
      g_autofree char *text_then = pdf_page_text (path);
      g_assert_nonnull (strstr (text_then, then));
      state.no_present_cost = FALSE;
    }
  g_unlink (path);
  g_rmdir (dir);
  nnp_history_free (own);
}

/* The cost figure with all of it, exported as the app's dialog does;
 * NNP_TEST_EXPORT_DIR keeps the files for a look. Each format writes a
 * non-empty file whose text has the pin's label (SVG). */
static void
test_export (void)
{
  NnpPlotState state;
  NnpPlotStyle style;
  NnpHistory *own = curve (301, 0.7, 0.01), *a = curve (200, 0.9, 0.02);
  NnpPlotPin pins[1] = { { "\u03b1 = 0.1, h = 4, Sigmoid", a, 2 } };
  NnpPlotMarker markers[2] = { { 60, "\u03b1 0.5 \u2192 2" }, { 180, "h 4 \u2192 8" } };
  g_autoptr (GError) error = NULL;
  const char *keep = g_getenv ("NNP_TEST_EXPORT_DIR");
  g_autofree char *dir = keep != NULL ? g_strdup (keep) : g_dir_make_tmp ("nnp-plot-XXXXXX", NULL);
  static const char *const ext[3] = { "png", "svg", "pdf" };

  nnp_plot_state_init (&state);
  nnp_plot_style_init (&style);
  state.history = own;
  state.pins = pins;
  state.n_pins = 1;
  state.markers = markers;
  state.n_markers = 2;
  state.past = TRUE;
  state.epoch = 126;
  state.present_epoch = 300;
  for (int f = 0; f < 3; f++)
    {
      g_autofree char *path = g_strdup_printf ("%s/cost-history.%s", dir, ext[f]);
      g_autofree char *text = NULL;
      gsize len = 0;
      g_assert_true (nnp_plot_export (NNP_FIGURE_COST, (NnpFormat) f, path, 1920, 1080, 1.0,
                                      &state, &style, &error));
      g_assert_no_error (error);
      g_assert_true (g_file_get_contents (path, &text, &len, NULL));
      g_assert_cmpuint (len, >, 1000);
      if (f == NNP_FORMAT_SVG)
        g_assert_nonnull (strstr (text, "<svg"));
      if (keep == NULL)
        g_remove (path);
    }
  if (keep == NULL)
    g_rmdir (dir);
  nnp_history_free (own);
  nnp_history_free (a);
}

/* A pinned run's legend swatch is solid, as its training curve: with no
 * test curve the first pin takes the legend's second row, and had kept
 * the Test row's dashes. In SVG a dashed stroke is a stroke-dasharray. */
static void
test_pin_swatch_solid (void)
{
  NnpPlotState state;
  NnpPlotStyle style;
  NnpHistory *own = curve (301, 0.7, 0.01), *a = curve (200, 0.9, 0.02);
  NnpPlotPin pins[1] = { { "first try", a, 1 } };
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("nnp-plot-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "cost.svg", NULL);
  g_autofree char *text = NULL;

  nnp_plot_state_init (&state);
  nnp_plot_style_init (&style);
  state.history = own;
  state.pins = pins;
  state.n_pins = 1;
  g_assert_false (own->has_test);
  g_assert_true (nnp_plot_export (NNP_FIGURE_COST, NNP_FORMAT_SVG, path, 900, 500, 1.0, &state, &style, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  /* the same figure draws dashes where a test curve is (its own and its
   * legend row): the check can see them */
  g_assert_null (strstr (text, "stroke-dasharray"));
  NnpHistory *with_test = nnp_history_new (TRUE);
  for (size_t t = 0; t < 50; t++)
    nnp_history_append (with_test, 0.7 - 0.001 * (double) t, 0.5, 0.72 - 0.001 * (double) t, 0.5);
  state.history = with_test;
  g_assert_true (nnp_plot_export (NNP_FIGURE_COST, NNP_FORMAT_SVG, path, 900, 500, 1.0, &state, &style, &error));
  g_autofree char *text2 = NULL;
  g_assert_true (g_file_get_contents (path, &text2, NULL, NULL));
  g_assert_nonnull (strstr (text2, "stroke-dasharray"));
  g_unlink (path);
  g_rmdir (dir);
  nnp_history_free (with_test);
  nnp_history_free (own);
  nnp_history_free (a);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/plot/history/pins", test_pins_drawn);
  g_test_add_func ("/plot/history/past", test_past_marked);
  g_test_add_func ("/plot/history/previous-contour", test_previous_contour);
  g_test_add_func ("/plot/history/markers", test_markers);
  g_test_add_func ("/plot/history/markers-same-epoch", test_markers_same_epoch);
  g_test_add_func ("/plot/history/export", test_export);
  g_test_add_func ("/plot/history/marker-under-legend", test_marker_under_legend);
  g_test_add_func ("/plot/history/legend-in-past", test_legend_in_past);
  g_test_add_func ("/plot/history/pin-swatch-solid", test_pin_swatch_solid);
  return g_test_run ();
}
