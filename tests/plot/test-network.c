/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-network.c: the network diagram: hit-testing every part, drawing at h = 1, 4, 64 and bad weights, edge colour by sign and by gradient. */
#define G_LOG_DOMAIN "nnplay-test"
#include "config.h"

#include <math.h>
#include <string.h>
#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <glib.h>

#include "nnp-plot.h"
#include "nnp-plot-private.h"

static NnpModel *
model (size_t h, uint64_t seed)
{
  NnpModel *m = nnp_model_alloc (2, h, NNP_ACT_TANH);
  nnp_model_init_random (m, seed);
  for (size_t j = 0; j < h; j++)
    gsl_vector_set (&m->theta->b1.vector, j, 0.3 * ((double) j - (double) h / 2));
  *m->theta->b2 = -0.625;
  return m;
}

static NnpDataset *
data (size_t n)
{
  NnpDataset *ds = nnp_dataset_alloc (n, 2);
  for (size_t i = 0; i < n; i++)
    {
      ds->X[2 * i] = cos (i * 2.399) * (0.2 + i * 0.01);
      ds->X[2 * i + 1] = sin (i * 2.399) * (0.2 + i * 0.01);
      ds->y[i] = i % 2;
    }
  return ds;
}

static NnpPlotState
state_for (const NnpModel *m, const NnpDataset *ds)
{
  NnpPlotState st;
  nnp_plot_state_init (&st);
  st.model = m;
  st.train = ds;
  return st;
}

static gboolean
same_part (const NnpNetworkPart *a, const NnpNetworkPart *b)
{
  return a->kind == b->kind && a->j == b->j && a->k == b->k;
}

/* Every part's anchor hits that part, on a wide slide and a narrow tall pane. */
static void
test_hit_anchor (void)
{
  const size_t hs[] = { 1, 4, 64 };
  const double sizes[][2] = { { 1920, 1080 }, { 320, 2200 }, { 640, 480 } };

  for (size_t a = 0; a < G_N_ELEMENTS (hs); a++)
    for (size_t s = 0; s < G_N_ELEMENTS (sizes); s++)
      {
        NnpModel *m = model (hs[a], 7);
        NnpPlotState st = state_for (m, NULL);
        NnpPlotStyle style;
        NnpNetworkOptions opt;
        double W = sizes[s][0], H = sizes[s][1];
        size_t tried = 0;

        nnp_plot_style_init (&style);
        nnp_network_options_init (&opt);
        H = nnp_plot_network_natural_height (W, H, hs[a], &style);
        for (int kind = NNP_NETWORK_INPUT; kind <= NNP_NETWORK_W2; kind++)
          for (size_t j = 0; j < MAX (hs[a], 2); j++)
            for (size_t k = 0; k < 2; k++)
              {
                NnpNetworkPart want = { kind, j, k }, got;
                double x, y;
                if ((kind != NNP_NETWORK_W1 && k > 0) || (kind == NNP_NETWORK_INPUT && j >= 2)
                    || (kind == NNP_NETWORK_OUTPUT && j > 0) || (kind != NNP_NETWORK_INPUT && j >= hs[a]))
                  continue;
                g_assert_true (nnp_plot_network_anchor (W, H, &st, &style, &opt, &want, &x, &y));
                g_assert_true (x >= 0 && x <= W && y >= 0 && y <= H);
                g_assert_true (nnp_plot_network_hit (W, H, &st, &style, &opt, x, y, &got));
                if (!same_part (&want, &got))
                  g_error ("h = %zu, %gx%g: part %d (%zu, %zu) at (%g, %g) hits %d (%zu, %zu)", hs[a], W, H,
                           kind, j, k, x, y, got.kind, got.j, got.k);
                tried++;
              }
        g_assert_cmpuint (tried, ==, 2 + hs[a] + 1 + 2 * hs[a] + hs[a]);
        /* far from everything: nothing */
        NnpNetworkPart none;
        g_assert_false (nnp_plot_network_hit (W, H, &st, &style, &opt, 2, 2, &none));
        g_assert_cmpint (none.kind, ==, NNP_NETWORK_NONE);
        nnp_model_free (m);
      }
}

/* 64 units want a taller figure than a pane gives; 4 do not. */
static void
test_natural_height (void)
{
  NnpPlotStyle style;
  nnp_plot_style_init (&style);
  style.font_size = 12;
  g_assert_cmpfloat (nnp_plot_network_natural_height (330, 700, 4, &style), ==, 700);
  g_assert_cmpfloat (nnp_plot_network_natural_height (330, 700, 64, &style), >=, 64 * 30);
}

/* The inputs and output stay in the part of a tall figure on screen. */
static void
test_visible_part (void)
{
  NnpModel *m = model (64, 3);
  NnpPlotState st = state_for (m, NULL);
  NnpPlotStyle style;
  NnpNetworkOptions opt;
  NnpNetworkPart out = { NNP_NETWORK_OUTPUT, 0, 0 }, in = { NNP_NETWORK_INPUT, 1, 0 };
  double x, y;

  nnp_plot_style_init (&style);
  style.font_size = 12;
  nnp_network_options_init (&opt);
  opt.visible_top = 1200;
  opt.visible_height = 500;
  g_assert_true (nnp_plot_network_anchor (330, 2300, &st, &style, &opt, &out, &x, &y));
  g_assert_cmpfloat (y, >, 1200);
  g_assert_cmpfloat (y, <, 1700);
  g_assert_true (nnp_plot_network_anchor (330, 2300, &st, &style, &opt, &in, &x, &y));
  g_assert_cmpfloat (y, >, 1200);
  g_assert_cmpfloat (y, <, 1700);
  nnp_model_free (m);
}

static cairo_surface_t *draw_png (const NnpPlotState *st, const NnpNetworkOptions *opt, int W, int H);
static void pixel (cairo_surface_t *s, double x, double y, int *r, int *g, int *b);

/* A tall figure scrolled down keeps its column titles at the top of the
 * part on screen, the same pixels as unscrolled, over what scrolls under
 * them: nothing there can be hovered, and the inputs sit below them. */
static void
test_sticky_titles (void)
{
  NnpModel *m = model (64, 3);
  NnpPlotState st = state_for (m, NULL);
  NnpPlotStyle style;
  NnpNetworkOptions top, down;
  NnpNetworkPart part, hid = { NNP_NETWORK_HIDDEN, 0, 0 }, in = { NNP_NETWORK_INPUT, 0, 0 };
  const int W = 330, H = 2300, V = 1203;
  double x, y;

  nnp_plot_style_init (&style);
  nnp_network_options_init (&top);
  top.visible_height = 500;
  down = top;
  down.visible_top = V;
  const double hh = nnp_plot_network_header_height (W, H, &style);
  g_assert_cmpfloat (hh, >, 20);
  g_assert_cmpfloat (hh, <, 120);

  cairo_surface_t *a = draw_png (&st, &top, W, H), *b = draw_png (&st, &down, W, H);
  const int stride = cairo_image_surface_get_stride (a);
  const unsigned char *pa = cairo_image_surface_get_data (a), *pb = cairo_image_surface_get_data (b);
  int inked = 0;
  for (int r = 0; r < (int) hh - 2; r++)
    {
      g_assert_cmpmem (pa + r * stride, W * 4, pb + (V + r) * stride, W * 4);
      int bg_r, bg_g, bg_b, pr, pg, pbb;
      pixel (a, 1, 1, &bg_r, &bg_g, &bg_b);
      for (int c = 0; c < W; c++)
        {
          pixel (a, c, r, &pr, &pg, &pbb);
          inked += pr != bg_r || pg != bg_g || pbb != bg_b;
        }
    }
  g_assert_cmpint (inked, >, 200);   /* the titles are there, not an empty band */
  cairo_surface_destroy (a);
  cairo_surface_destroy (b);

  g_assert_true (nnp_plot_network_anchor (W, H, &st, &style, &down, &hid, &x, &y));
  for (double yy = V + 1; yy < V + hh; yy += 1)
    g_assert_false (nnp_plot_network_hit (W, H, &st, &style, &down, x, yy, &part));
  g_assert_true (nnp_plot_network_hit (W, H, &st, &style, &top, x, y, &part));
  g_assert_true (nnp_plot_network_anchor (W, H, &st, &style, &down, &in, &x, &y));
  g_assert_cmpfloat (y - nnp_plot_network_header_height (W, H, &style), >, V);
  nnp_model_free (m);
}

static cairo_surface_t *
draw_png (const NnpPlotState *st, const NnpNetworkOptions *opt, int W, int H)
{
  cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, W, H);
  cairo_t *cr = cairo_create (s);
  NnpPlotStyle style;

  nnp_plot_style_init (&style);
  nnp_plot_network (cr, W, H, st, &style, opt);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_flush (s);
  return s;
}

static void
pixel (cairo_surface_t *s, double x, double y, int *r, int *g, int *b)
{
  guint32 p = *(guint32 *) (cairo_image_surface_get_data (s) + (int) y * cairo_image_surface_get_stride (s)
                            + 4 * (int) x);
  *r = (p >> 16) & 0xff, *g = (p >> 8) & 0xff, *b = p & 0xff;
}

/* Drawn on raster and vector surfaces at h = 1, 4 and 64, and with
 * weights that are not numbers, without a cairo error. */
static void
test_draw_sizes (void)
{
  const size_t hs[] = { 1, 4, 64 };
  NnpDataset *ds = data (300);

  for (size_t a = 0; a < G_N_ELEMENTS (hs); a++)
    for (int bad = 0; bad < 2; bad++)
      {
        NnpModel *m = model (hs[a], 11);
        NnpPlotState st = state_for (m, ds);
        NnpPlotStyle style;
        cairo_surface_t *s;
        int r, g, b, nonwhite = 0;

        if (bad)
          {
            m->theta->block[0] = NAN;
            m->theta->block[m->theta->size - 1] = INFINITY;
          }
        s = draw_png (&st, NULL, 800, 600);
        for (int y = 0; y < 600; y += 7)
          for (int x = 0; x < 800; x += 7)
            {
              pixel (s, x, y, &r, &g, &b);
              nonwhite += r < 200 || g < 200 || b < 200;
            }
        g_assert_cmpint (nonwhite, >, 100);
        cairo_surface_destroy (s);

        nnp_plot_style_init (&style);
        s = cairo_svg_surface_create_for_stream (NULL, NULL, 800, 600);
        cairo_t *cr = cairo_create (s);
        nnp_plot_network (cr, 800, 600, &st, &style, NULL);
        g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
        cairo_destroy (cr);
        cairo_surface_destroy (s);
        nnp_model_free (m);
      }
  /* no model at all */
  {
    NnpPlotState st = state_for (NULL, ds);
    cairo_surface_t *s = draw_png (&st, NULL, 300, 200);
    cairo_surface_destroy (s);
  }
  nnp_dataset_free (ds);
}

/* An edge is orange where its weight is positive and blue where negative;
 * by gradient it takes the sign of -dW instead. */
static void
test_edge_colour (void)
{
  NnpModel *m = model (1, 1);
  NnpPlotState st = state_for (m, NULL);
  NnpPlotStyle style;
  NnpNetworkOptions opt;
  NnpNetworkPart e0 = { NNP_NETWORK_W1, 0, 0 }, e1 = { NNP_NETWORK_W1, 0, 1 }, e2 = { NNP_NETWORK_W2, 0, 0 };
  NnpParams *grads = nnp_params_alloc (2, 1);
  double x0, y0, x1, y1, x2, y2;
  int r, g, b;
  cairo_surface_t *s;

  gsl_matrix_set (&m->theta->W1.matrix, 0, 0, 2.385);
  gsl_matrix_set (&m->theta->W1.matrix, 0, 1, -2.385);
  gsl_matrix_set (&m->theta->W2.matrix, 0, 0, -1.5);
  nnp_plot_style_init (&style);
  nnp_network_options_init (&opt);
  g_assert_true (nnp_plot_network_anchor (800, 600, &st, &style, &opt, &e0, &x0, &y0));
  g_assert_true (nnp_plot_network_anchor (800, 600, &st, &style, &opt, &e1, &x1, &y1));
  g_assert_true (nnp_plot_network_anchor (800, 600, &st, &style, &opt, &e2, &x2, &y2));

  s = draw_png (&st, &opt, 800, 600);
  pixel (s, x0, y0, &r, &g, &b);
  g_assert_cmpint (r, >, b + 80);     /* orange #E66100 */
  pixel (s, x1, y1, &r, &g, &b);
  g_assert_cmpint (b, >, r + 80);     /* blue #1A5FB4 */
  pixel (s, x2, y2, &r, &g, &b);
  g_assert_cmpint (b, >, r + 80);
  cairo_surface_destroy (s);

  /* dW1[0][0] > 0: the update lowers it, blue; dW1[0][1] < 0: orange */
  gsl_matrix_set (&grads->W1.matrix, 0, 0, 0.125);
  gsl_matrix_set (&grads->W1.matrix, 0, 1, -0.25);
  gsl_matrix_set (&grads->W2.matrix, 0, 0, -0.0625);
  opt.colour = NNP_NETWORK_COLOUR_GRADIENT;
  opt.grads = grads;
  s = draw_png (&st, &opt, 800, 600);
  pixel (s, x0, y0, &r, &g, &b);
  g_assert_cmpint (b, >, r + 80);
  pixel (s, x1, y1, &r, &g, &b);
  g_assert_cmpint (r, >, b + 80);
  pixel (s, x2, y2, &r, &g, &b);
  g_assert_cmpint (r, >, b + 80);
  cairo_surface_destroy (s);
  nnp_params_free (grads);
  nnp_model_free (m);
}

/* Pixels of the figure drawn over nothing, with the given style, that
 * are the colour (0, 1, 0) at alpha 0.9: label boxes of that backdrop. */
static int
green_box_pixels (const NnpPlotState *st, const NnpPlotStyle *style)
{
  NnpNetworkOptions opt;
  cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 420, 520);
  cairo_t *cr = cairo_create (s);
  int n = 0;

  nnp_network_options_init (&opt);
  nnp_plot_network (cr, 420, 520, st, style, &opt);
  cairo_destroy (cr);
  cairo_surface_flush (s);
  const guint8 *data = cairo_image_surface_get_data (s);
  const int stride = cairo_image_surface_get_stride (s);
  for (int y = 0; y < 520; y++)
    for (int x = 0; x < 420; x++)
      {
        guint32 p = ((const guint32 *) (data + (size_t) y * stride))[x];
        /* premultiplied: a = g = 0.9 * 255, r = b = 0 */
        if (abs ((int) (p >> 24) - 230) <= 1 && (p >> 16 & 0xff) == 0 && abs ((int) (p >> 8 & 0xff) - 230) <= 1
            && (p & 0xff) == 0)
          n++;
      }
  cairo_surface_destroy (s);
  return n;
}

/* In the app (transparent, over the pane's colour) the labels sit on
 * boxes of that colour, as in exports on white: the W[2] edges, which
 * all run past the hidden units' labels to the output node, had been
 * drawn through b_j's text. Drawn over an unknown background, none. */
static void
test_label_boxes_backdrop (void)
{
  NnpModel *m = model (4, 3);
  NnpPlotState st = state_for (m, NULL);
  NnpPlotStyle style;

  nnp_plot_style_init (&style);
  style.transparent = TRUE;
  g_assert_cmpint (green_box_pixels (&st, &style), ==, 0);
  style.has_backdrop = TRUE;
  style.backdrop[0] = 0.0;
  style.backdrop[1] = 1.0;
  style.backdrop[2] = 0.0;
  int n = green_box_pixels (&st, &style);
  g_test_message ("%d pixels of label boxes", n);
  g_assert_cmpint (n, >, 500);
  nnp_model_free (m);
}

/* A part's index is where theta keeps it. */
static void
test_part_index (void)
{
  NnpModel *m = model (3, 5);
  NnpParams *th = m->theta;
  NnpNetworkPart w1 = { NNP_NETWORK_W1, 2, 1 }, b1 = { NNP_NETWORK_HIDDEN, 1, 0 };
  NnpNetworkPart w2 = { NNP_NETWORK_W2, 2, 0 }, b2 = { NNP_NETWORK_OUTPUT, 0, 0 }, in = { NNP_NETWORK_INPUT, 0, 0 };

  g_assert_true (&th->block[nnp_network_part_index (&w1, 2, 3)] == gsl_matrix_ptr (&th->W1.matrix, 2, 1));
  g_assert_true (&th->block[nnp_network_part_index (&b1, 2, 3)] == gsl_vector_ptr (&th->b1.vector, 1));
  g_assert_true (&th->block[nnp_network_part_index (&w2, 2, 3)] == gsl_matrix_ptr (&th->W2.matrix, 0, 2));
  g_assert_true (&th->block[nnp_network_part_index (&b2, 2, 3)] == th->b2);
  g_assert_cmpuint (nnp_network_part_index (&in, 2, 3), ==, (size_t) -1);
  w1.j = 3;
  g_assert_cmpuint (nnp_network_part_index (&w1, 2, 3), ==, (size_t) -1);
  nnp_model_free (m);
}

static void
test_figure_name (void)
{
  NnpFigure f;
  g_assert_true (nnp_figure_from_name ("network", &f));
  g_assert_cmpint (f, ==, NNP_FIGURE_NETWORK);
  g_assert_cmpstr (nnp_figure_name (NNP_FIGURE_NETWORK), ==, "network");
}

/* A bias label fits the room it is given: whole where it fits, smaller
 * where a fifth smaller suffices (its width then within the room), then
 * without its value, where it would have to shrink more; never without
 * the layer's superscript ("b_2 = -1.29" beside the output node read as
 * the output's bias b[2]). At 2560x1600 with GDK_SCALE=2 the output node
 * used to cover b_2's value. */
static void
test_bias_label_fits (void)
{
  cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, 1);
  cairo_t *cr = cairo_create (s);
  char buf[160];
  double whole, w;

  double size = nnp_network_bias_label (cr, 1, -0.25237, 12.0, 1000.0, buf, sizeof buf);
  g_assert_cmpfloat (size, ==, 12.0);
  g_assert_nonnull (strstr (buf, "= \u22120.252"));
  nnp_text_extents (cr, buf, 12.0, NNP_TEXT_NORMAL, &whole, NULL);

  size = nnp_network_bias_label (cr, 1, -0.25237, 12.0, whole * 0.9, buf, sizeof buf);
  g_assert_cmpfloat (size, <, 12.0);
  g_assert_cmpfloat (size, >=, 0.8 * 12.0);
  g_assert_nonnull (strstr (buf, "= \u22120.252"));
  nnp_text_extents (cr, buf, size, NNP_TEXT_NORMAL, &w, NULL);
  g_assert_cmpfloat (w, <=, whole * 0.9);

  /* more than a fifth smaller would be hard to read: the value goes,
   * the name keeps its layer */
  const double rooms[] = { 0.7, 0.4 };
  for (gsize i = 0; i < G_N_ELEMENTS (rooms); i++)
    {
      size = nnp_network_bias_label (cr, 1, -0.25237, 12.0, whole * rooms[i], buf, sizeof buf);
      g_assert_cmpfloat (size, ==, 12.0);
      g_assert_null (strstr (buf, "="));
      g_assert_nonnull (strstr (buf, "<sub>2</sub><sup>[1]</sup>"));
    }

  cairo_destroy (cr);
  cairo_surface_destroy (s);
}

/* A hidden unit's two labels, a_j on the node's top edge and b_j on its
 * bottom edge, fit the node's height together: at 1024x768 with 12 units
 * the a_j superscript ran into the b_j subscript below it. Too small to
 * read: none (hovering shows them). */
static void
test_labels_fit_node (void)
{
  cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 10, 10);
  cairo_t *cr = cairo_create (s);
  char a[64], b[96];
  int drawn = 0;

  for (double side = 12; side <= 150; side *= 1.3)
    {
      const double want = MIN (13.0 * 0.9, side * 0.4);   /* the layout's first choice */
      const double size = nnp_network_label_size (cr, 11, want, side);
      double ah, bh;
      g_assert_cmpfloat (size, <=, want);
      if (size == 0)
        continue;
      g_assert_cmpfloat (size, >=, NNP_MIN_LABEL);
      drawn++;
      snprintf (a, sizeof a, "<i>a</i><sub>12</sub><sup>[1]</sup>");
      snprintf (b, sizeof b, "<i>b</i><sub>12</sub><sup>[1]</sup> = \u22120.000257");
      nnp_text_extents (cr, a, size, NNP_TEXT_NORMAL, NULL, &ah);
      nnp_text_extents (cr, b, size * 0.85, NNP_TEXT_NORMAL, NULL, &bh);
      g_test_message ("side %.1f: labels at %.2f, %.2f + %.2f px tall", side, size, ah, bh);
      g_assert_cmpfloat (ah + bh, <=, side);
    }
  g_assert_cmpint (drawn, >=, 5);
  g_assert_cmpfloat (nnp_network_label_size (cr, 0, 0, 50), ==, 0);
  cairo_destroy (cr);
  cairo_surface_destroy (s);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/plot/network/hit-anchor", test_hit_anchor);
  g_test_add_func ("/plot/network/natural-height", test_natural_height);
  g_test_add_func ("/plot/network/visible-part", test_visible_part);
  g_test_add_func ("/plot/network/draw-sizes", test_draw_sizes);
  g_test_add_func ("/plot/network/sticky-titles", test_sticky_titles);
  g_test_add_func ("/plot/network/edge-colour", test_edge_colour);
  g_test_add_func ("/plot/network/part-index", test_part_index);
  g_test_add_func ("/plot/network/figure-name", test_figure_name);
  g_test_add_func ("/plot/network/bias-label-fits", test_bias_label_fits);
  g_test_add_func ("/plot/network/labels-fit-node", test_labels_fit_node);
  g_test_add_func ("/plot/network/label-boxes-backdrop", test_label_boxes_backdrop);
  return g_test_run ();
}
