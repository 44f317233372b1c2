/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-hidden-space.c: the hidden-space figure (PCA, where points land, h = 1, 2, 3, 8) and the slides' evolution and animation. */
#define G_LOG_DOMAIN "nnplay-test"
#include "config.h"

#include <math.h>
#include <string.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <nnplay/nnp-error.h>
#include "nnp-plot.h"
#include "../pdf-check.h"

static char *tmpdir;

/* Rows m + s_i u + t_i v with u, v orthonormal, sum s = sum t = sum s t = 0:
 * by hand the covariance has eigenvectors u and v with eigenvalues
 * sum s^2 / 3 = 5.6333 and sum t^2 / 3 = 0.21333. */
static void
test_pca_by_hand (void)
{
  const double m[3] = { 0.237, 0.519, 0.881 }, u[3] = { 0.6, 0.8, 0 }, v[3] = { -0.8, 0.6, 0 };
  const double s[4] = { 2.6, -2.6, 1.3, -1.3 }, t[4] = { 0.4, 0.4, -0.4, -0.4 };
  double A[12], mean[3], pc[6], ex[2];

  for (int i = 0; i < 4; i++)
    for (int k = 0; k < 3; k++)
      A[i * 3 + k] = m[k] + s[i] * u[k] + t[i] * v[k];
  g_assert_true (nnp_hidden_space_pca (A, 4, 3, mean, pc, ex));
  for (int k = 0; k < 3; k++)
    {
      g_assert_cmpfloat_with_epsilon (mean[k], m[k], 1e-12);
      /* signs: the largest entry positive, so u as is and v flipped */
      g_assert_cmpfloat_with_epsilon (pc[k], u[k], 1e-9);
      g_assert_cmpfloat_with_epsilon (pc[3 + k], -v[k], 1e-9);
    }
  g_assert_cmpfloat_with_epsilon (ex[0], 16.9 / 17.54, 1e-9);
  g_assert_cmpfloat_with_epsilon (ex[1], 0.64 / 17.54, 1e-9);
  g_assert_false (nnp_hidden_space_pca (A, 1, 3, mean, pc, ex));
  g_assert_false (nnp_hidden_space_pca (A, 4, 1, mean, pc, ex));
}

static NnpModel *
model_with (size_t h, NnpActivation act, double seed)
{
  NnpModel *m = nnp_model_alloc (2, h, act);
  for (size_t j = 0; j < h; j++)
    {
      gsl_matrix_set (&m->theta->W1.matrix, j, 0, 2.385 * sin (seed + 1.7 * j));
      gsl_matrix_set (&m->theta->W1.matrix, j, 1, 1.913 * cos (seed + 2.3 * j));
      gsl_vector_set (&m->theta->b1.vector, j, 0.31 * cos (seed * j));
      gsl_matrix_set (&m->theta->W2.matrix, 0, j, 3.1 * sin (seed + 0.9 * j + 0.4));
    }
  *m->theta->b2 = -0.37;
  return m;
}

static NnpDataset *
ring_points (size_t n)
{
  NnpDataset *ds = nnp_dataset_alloc (n, 2);
  for (size_t i = 0; i < n; i++)
    {
      double r = i % 2 ? 1.6 : 0.5, a = 2.399 * i;
      ds->X[2 * i] = r * cos (a);
      ds->X[2 * i + 1] = r * sin (a);
      ds->y[i] = i % 2 ? 0 : 1;
    }
  return ds;
}

/* A network too large to project gets a message, quickly, instead of an
 * h x h eigenproblem: at h = 100,000 its 80 GB matrix was never checked
 * for NULL (a crash, from `nnplay-cli train --hidden 100000 --figure
 * hidden-space` or a model file), at 2,000 it took a minute. */
static void
test_too_many_units (void)
{
  NnpModel *m = model_with (100000, NNP_ACT_TANH, 0.3);
  NnpDataset *ds = ring_points (40);
  NnpPlotState st;
  double a1[2] = { 0.5, 0.5 }, x, y;

  nnp_plot_state_init (&st);
  st.model = m;
  st.train = ds;
  cairo_surface_t *img = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 600, 400);
  cairo_t *cr = cairo_create (img);
  gint64 t0 = g_get_monotonic_time ();
  nnp_plot_hidden_space (cr, 600, 400, &st, NULL);
  g_test_message ("h = 100000: %.3f s", (g_get_monotonic_time () - t0) / 1e6);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  g_assert_false (nnp_plot_hidden_space_map (600, 400, &st, NULL, a1, &x, &y));
  cairo_destroy (cr);
  cairo_surface_destroy (img);

  /* the PCA itself: up to NNP_HIDDEN_SPACE_MAX_UNITS */
  const size_t h = NNP_HIDDEN_SPACE_MAX_UNITS;
  g_autofree double *A = g_new (double, 3 * (h + 1));
  g_autofree double *mean = g_new (double, h + 1);
  g_autofree double *pc = g_new (double, 2 * (h + 1));
  for (size_t i = 0; i < 3 * (h + 1); i++)
    A[i] = sin (0.37 * (double) i);
  g_assert_true (nnp_hidden_space_pca (A, 3, h, mean, pc, NULL));
  g_assert_false (nnp_hidden_space_pca (A, 3, h + 1, mean, pc, NULL));
  nnp_dataset_free (ds);
  nnp_model_free (m);
}

/* With h = 2 the plane is (a1, a2) itself: a1 = (0, 0) and (1, 1) are the
 * plot's corners, and every row lands linearly in between, a2 upwards. */
static void
test_map_plane (void)
{
  g_autoptr(GError) error = NULL;
  NnpModel *m = model_with (2, NNP_ACT_SIGMOID, 0.7);
  NnpDataset *ds = ring_points (40);
  NnpPlotState st;
  double x0, y0, x1, y1, x, y;
  const double lo[2] = { 0, 0 }, hi[2] = { 1, 1 }, q[2] = { 0.25, 0.75 };

  nnp_plot_state_init (&st);
  st.model = m;
  st.train = ds;
  g_assert_true (nnp_plot_hidden_space_map (800, 600, &st, NULL, lo, &x0, &y0));
  g_assert_true (nnp_plot_hidden_space_map (800, 600, &st, NULL, hi, &x1, &y1));
  g_assert_true (nnp_plot_hidden_space_map (800, 600, &st, NULL, q, &x, &y));
  g_assert_cmpfloat (x1 - x0, >, 200);
  g_assert_cmpfloat (y0 - y1, >, 200);       /* a2 grows upwards */
  g_assert_cmpfloat_with_epsilon (x, x0 + 0.25 * (x1 - x0), 1e-9);
  g_assert_cmpfloat_with_epsilon (y, y0 + 0.75 * (y1 - y0), 1e-9);

  /* A lone class-1 point is drawn where its row of A[1] maps. */
  {
    double pt[2] = { 0.8731, -0.4127 }, a1[2], label = 1;
    NnpDataset *one = nnp_dataset_alloc (0, 2);
    cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 800, 600);
    cairo_t *cr = cairo_create (s);
    NnpPlotStyle style;
    const guint8 *px;
    int stride;

    nnp_dataset_append (one, pt, label);
    st.train = one;
    nnp_model_hidden (m, pt, a1);
    nnp_plot_style_init (&style);
    g_assert_true (nnp_plot_hidden_space_map (800, 600, &st, &style, a1, &x, &y));
    nnp_plot_hidden_space (cr, 800, 600, &st, &style);
    cairo_surface_flush (s);
    px = cairo_image_surface_get_data (s);
    stride = cairo_image_surface_get_stride (s);
    {
      const guint8 *p = px + (int) y * stride + 4 * (int) x;   /* BGRA */
      g_test_message ("point at %.1f, %.1f: r %d g %d b %d", x, y, p[2], p[1], p[0]);
      /* class 1 is orange: strong red, little blue */
      g_assert_cmpint (p[2], >, 180);
      g_assert_cmpint (p[0], <, 90);
    }
    cairo_destroy (cr);
    cairo_surface_destroy (s);
    nnp_dataset_free (one);
  }
  nnp_dataset_free (ds);
  nnp_model_free (m);
}

/* Principal components share one scale: four nearly identical units put
 * the rows almost on a line, and the figure shows a thin band along PC 1,
 * not the second component's tiny spread stretched to a cloud. */
static void
test_pca_one_scale (void)
{
  NnpModel *m = nnp_model_alloc (2, 4, NNP_ACT_SIGMOID);
  NnpDataset *ds = ring_points (60);
  NnpPlotState st;
  NnpPlotStyle style;
  double xmin = G_MAXDOUBLE, xmax = -G_MAXDOUBLE, ymin = G_MAXDOUBLE, ymax = -G_MAXDOUBLE;

  for (size_t j = 0; j < 4; j++)
    {
      gsl_matrix_set (&m->theta->W1.matrix, j, 0, 2.0 + 0.03 * j);
      gsl_matrix_set (&m->theta->W1.matrix, j, 1, 1.0 - 0.02 * j);
      gsl_vector_set (&m->theta->b1.vector, j, 0.01 * j);
      gsl_matrix_set (&m->theta->W2.matrix, 0, j, 1.0);
    }
  nnp_plot_state_init (&st);
  st.model = m;
  st.train = ds;
  nnp_plot_style_init (&style);
  for (size_t i = 0; i < ds->n; i++)
    {
      double a1[4], x, y;
      nnp_model_hidden (m, ds->X + 2 * i, a1);
      g_assert_true (nnp_plot_hidden_space_map (800, 800, &st, &style, a1, &x, &y));
      xmin = MIN (xmin, x), xmax = MAX (xmax, x);
      ymin = MIN (ymin, y), ymax = MAX (ymax, y);
    }
  g_test_message ("spread along PC 1: %.1f px, PC 2: %.1f px", xmax - xmin, ymax - ymin);
  g_assert_cmpfloat (xmax - xmin, >, 200);
  g_assert_cmpfloat (ymax - ymin, <, 0.2 * (xmax - xmin));
  nnp_dataset_free (ds);
  nnp_model_free (m);
}

/* h = 3 is a cube the yaw turns: the centre stays, a corner moves. */
static void
test_map_cube (void)
{
  NnpModel *m = model_with (3, NNP_ACT_TANH, 1.3);
  NnpDataset *ds = ring_points (30);
  NnpHiddenSpaceOptions o;
  NnpPlotState st;
  const double centre[3] = { 0, 0, 0 }, corner[3] = { 1, 1, -1 };
  double cx, cy, ax, ay, bx, by, x2, y2;

  nnp_plot_state_init (&st);
  st.model = m;
  st.train = ds;
  nnp_hidden_space_options_init (&o);
  st.hidden_space = &o;
  g_assert_true (nnp_plot_hidden_space_map (700, 700, &st, NULL, centre, &cx, &cy));
  g_assert_true (nnp_plot_hidden_space_map (700, 700, &st, NULL, corner, &ax, &ay));
  o.yaw += 0.9;
  g_assert_true (nnp_plot_hidden_space_map (700, 700, &st, NULL, centre, &x2, &y2));
  g_assert_true (nnp_plot_hidden_space_map (700, 700, &st, NULL, corner, &bx, &by));
  g_assert_cmpfloat_with_epsilon (cx, x2, 1e-9);
  g_assert_cmpfloat_with_epsilon (cy, y2, 1e-9);
  g_assert_cmpfloat (hypot (ax - bx, ay - by), >, 20);
  /* a rotation keeps the corner's distance from the centre's vertical axis projection bounded */
  g_assert_cmpfloat (hypot (ax - cx, ay - cy), <, 350);

  /* Units mode on h = 3 is a plane again: (0, 0) and (1, 1) are corners, upwards. */
  o.mode = NNP_HIDDEN_SPACE_UNITS;
  o.unit_i = 2;
  o.unit_j = 0;
  {
    const double a[3] = { 0.5, -0.2, 0.9 }, b[3] = { -0.5, 0.6, -0.9 };
    g_assert_true (nnp_plot_hidden_space_map (700, 700, &st, NULL, a, &ax, &ay));
    g_assert_true (nnp_plot_hidden_space_map (700, 700, &st, NULL, b, &bx, &by));
    g_assert_cmpfloat (ax, >, bx);          /* x follows unit 3: 0.9 > -0.9 */
    g_assert_cmpfloat (ay, <, by);          /* y follows unit 1: 0.5 > -0.5, upwards */
  }
  nnp_dataset_free (ds);
  nnp_model_free (m);
}

/* Every kind draws: h = 1 (line), 2, 3 (cube), 8 (PCA), with the warped grid,
 * to PNG, SVG and PDF; the PDF text names what is shown. */
static void
test_draw_kinds (void)
{
  const size_t hs[] = { 1, 2, 3, 8 };
  const char *want[] = { "class 1", "W[2] a + b[2] = 0", "drag to rotate", "PC 1 (" };
  NnpDataset *ds = ring_points (60);

  for (guint i = 0; i < G_N_ELEMENTS (hs); i++)
    for (int act = 0; act < NNP_N_ACTIVATIONS; act++)
      {
        g_autoptr(GError) error = NULL;
        NnpModel *m = model_with (hs[i], (NnpActivation) act, 0.3 + i);
        NnpHiddenSpaceOptions o;
        NnpPlotState st;
        g_autofree char *pdf = g_build_filename (tmpdir, "hs.pdf", NULL);
        g_autofree char *svg = g_build_filename (tmpdir, "hs.svg", NULL);
        g_autofree char *text = NULL;

        nnp_plot_state_init (&st);
        st.model = m;
        st.train = ds;
        st.test = ds;
        nnp_hidden_space_options_init (&o);
        o.warped_grid = TRUE;
        st.hidden_space = &o;
        g_assert_true (nnp_plot_export (NNP_FIGURE_HIDDEN_SPACE, NNP_FORMAT_PDF, pdf, 500, 400, 1, &st, NULL, &error));
        g_assert_no_error (error);
        g_assert_true (nnp_plot_export (NNP_FIGURE_HIDDEN_SPACE, NNP_FORMAT_SVG, svg, 500, 400, 1, &st, NULL, &error));
        assert_pdf_page (pdf, 500, 400);
        text = pdf_page_text (pdf);
        g_test_message ("h = %zu: %s", hs[i], text);
        g_assert_nonnull (strstr (text, "Hidden space"));
        g_assert_nonnull (strstr (text, want[i]));
        nnp_model_free (m);
      }
  nnp_dataset_free (ds);
}

/* The first row of a drawing with any ink on it (the background is the
 * top-left pixel's colour). */
static int
first_ink_row (cairo_surface_t *img)
{
  const int w = cairo_image_surface_get_width (img), h = cairo_image_surface_get_height (img);
  const int stride = cairo_image_surface_get_stride (img);
  const guint8 *d = cairo_image_surface_get_data (img);
  guint32 bg;
  memcpy (&bg, d, 4);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        guint32 p;
        memcpy (&p, d + y * stride + 4 * x, 4);
        if (p != bg)
          return y;
      }
  return h;
}

/* In a tall side pane the title stays right above the plot (it stood
 * 200 px above it at 1920x1080, the plot centred below); in a wide
 * figure it is at the top, as before. */
static void
test_title_above_plot (void)
{
  NnpDataset *ds = ring_points (60);
  NnpModel *m = model_with (8, NNP_ACT_TANH, 0.7);
  NnpPlotState st;

  nnp_plot_state_init (&st);
  st.model = m;
  st.train = ds;
  for (int tall = 0; tall < 2; tall++)
    {
      const int w = tall ? 430 : 1000, h = tall ? 1000 : 430;
      cairo_surface_t *img = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w, h);
      cairo_t *cr = cairo_create (img);
      nnp_plot_hidden_space (cr, w, h, &st, NULL);
      cairo_destroy (cr);
      cairo_surface_flush (img);
      const int ink = first_ink_row (img);
      g_test_message ("%d x %d: first ink at row %d", w, h, ink);
      if (tall)
        g_assert_cmpint (ink, >, 150);
      else
        g_assert_cmpint (ink, <, 30);
      cairo_surface_destroy (img);
    }
  nnp_model_free (m);
  nnp_dataset_free (ds);
}

/* NaN inputs, no data, no model, a model with d = 3: no crash, a message. */
static void
test_bad_input (void)
{
  cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 300, 200);
  cairo_t *cr = cairo_create (s);
  NnpModel *m = model_with (4, NNP_ACT_RELU, 2.2), *m3 = nnp_model_alloc (3, 2, NNP_ACT_SIGMOID);
  NnpDataset *ds = ring_points (10);
  NnpPlotState st;
  double a[4] = { 0 }, x, y;

  ds->X[3] = NAN;
  nnp_plot_state_init (&st);
  nnp_plot_hidden_space (cr, 300, 200, &st, NULL);
  g_assert_false (nnp_plot_hidden_space_map (300, 200, &st, NULL, a, &x, &y));
  st.model = m3;
  nnp_plot_hidden_space (cr, 300, 200, &st, NULL);
  st.model = m;
  nnp_plot_hidden_space (cr, 300, 200, &st, NULL);      /* no data: PCA falls back to units */
  st.train = ds;
  nnp_plot_hidden_space (cr, 300, 200, &st, NULL);
  nnp_plot_hidden_space (cr, 3, 2, &st, NULL);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  /* A NaN point and a huge one (ReLU activations overflow) stay out of
   * the principal components: their shares are numbers. */
  ds->X[4] = 1e308;
  ds->X[5] = -1e308;
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *pdf = g_build_filename (tmpdir, "bad.pdf", NULL);
    g_autofree char *text = NULL;
    g_assert_true (nnp_plot_export (NNP_FIGURE_HIDDEN_SPACE, NNP_FORMAT_PDF, pdf, 500, 400, 1, &st, NULL, &error));
    text = pdf_page_text (pdf);
    g_test_message ("%s", text);
    g_assert_nonnull (strstr (text, "PC 1 ("));
    g_assert_null (strstr (text, "nan"));
    g_assert_null (strstr (text, "inf"));
  }
  cairo_destroy (cr);
  cairo_surface_destroy (s);
  nnp_dataset_free (ds);
  nnp_model_free (m);
  nnp_model_free (m3);
}

static void
test_evolution_animation (void)
{
  g_autoptr(GError) error = NULL;
  NnpModel *a = model_with (3, NNP_ACT_SIGMOID, 0.1), *b = model_with (3, NNP_ACT_SIGMOID, 0.5);
  NnpDataset *ds = ring_points (50);
  NnpPlotFrame frames[3] = { { 0, a }, { 10, b }, { 1000, a } };
  NnpPlotState st;
  g_autofree char *pdf = g_build_filename (tmpdir, "evo.pdf", NULL);
  g_autofree char *anim = g_build_filename (tmpdir, "anim.pdf", NULL);
  g_autofree char *png = g_build_filename (tmpdir, "f.png", NULL);
  g_autofree char *text = NULL;

  nnp_plot_state_init (&st);
  st.train = ds;
  g_assert_true (nnp_plot_export_evolution (NNP_FORMAT_PDF, pdf, 900, 300, frames, 3, &st, NULL, &error));
  g_assert_no_error (error);
  assert_pdf_page (pdf, 900, 300);
  text = pdf_page_text (pdf);
  g_assert_nonnull (strstr (text, "Epoch 0"));
  g_assert_nonnull (strstr (text, "Epoch 10"));
  g_assert_nonnull (strstr (text, "Epoch 1000"));

  g_assert_true (nnp_plot_export_animation (NNP_FIGURE_BOUNDARY, NNP_FORMAT_PDF, anim, 320, 240,
                                            frames, 3, &st, NULL, &error));
  g_assert_cmpint (pdf_page_count (anim), ==, 3);
  g_assert_true (nnp_plot_export_animation (NNP_FIGURE_HIDDEN_SPACE, NNP_FORMAT_PNG, png, 64, 48,
                                            frames, 2, &st, NULL, &error));
  for (int i = 0; i < 2; i++)
    {
      g_autofree char *name = nnp_animation_frame_path (png, (size_t) i);
      g_assert_true (g_file_test (name, G_FILE_TEST_IS_REGULAR));
    }
  g_assert_false (g_file_test (png, G_FILE_TEST_EXISTS));
  g_assert_false (nnp_plot_export_animation (NNP_FIGURE_BOUNDARY, NNP_FORMAT_SVG, png, 64, 48,
                                             frames, 2, &st, NULL, &error));
  g_assert_error (error, NNP_ERROR, NNP_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (nnp_plot_export_animation (NNP_FIGURE_BOUNDARY, NNP_FORMAT_PDF, anim, 64, 48,
                                             frames, 0, &st, NULL, &error));
  g_assert_error (error, NNP_ERROR, NNP_ERROR_INVALID);
  nnp_dataset_free (ds);
  nnp_model_free (a);
  nnp_model_free (b);
}

static void
test_frame_path (void)
{
  struct { const char *path; size_t i; const char *want; } cases[] = {
    { "out/f.png", 0, "out/f-0001.png" },
    { "out/f.PNG", 41, "out/f-0042.PNG" },
    { "frame-###.png", 6, "frame-007.png" },
    { "a#b.png", 12, "a13b.png" },
    { "noext", 1, "noext-0002.png" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *got = nnp_animation_frame_path (cases[i].path, cases[i].i);
      g_assert_cmpstr (got, ==, cases[i].want);
    }
}

int
main (int argc, char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  tmpdir = g_dir_make_tmp ("nnp-hidden-space-XXXXXX", NULL);
  g_test_add_func ("/plot/hidden-space/pca-by-hand", test_pca_by_hand);
  g_test_add_func ("/plot/hidden-space/pca-one-scale", test_pca_one_scale);
  g_test_add_func ("/plot/hidden-space/map-plane", test_map_plane);
  g_test_add_func ("/plot/hidden-space/too-many-units", test_too_many_units);
  g_test_add_func ("/plot/hidden-space/map-cube", test_map_cube);
  g_test_add_func ("/plot/hidden-space/kinds", test_draw_kinds);
  g_test_add_func ("/plot/hidden-space/bad-input", test_bad_input);
  g_test_add_func ("/plot/hidden-space/title-above-plot", test_title_above_plot);
  g_test_add_func ("/plot/slides/evolution-animation", test_evolution_animation);
  g_test_add_func ("/plot/slides/frame-path", test_frame_path);
  status = g_test_run ();
  {
    g_autoptr(GDir) d = g_dir_open (tmpdir, 0, NULL);
    const char *name;
    while (d != NULL && (name = g_dir_read_name (d)) != NULL)
      {
        g_autofree char *p = g_build_filename (tmpdir, name, NULL);
        g_unlink (p);
      }
    g_rmdir (tmpdir);
  }
  return status;
}
