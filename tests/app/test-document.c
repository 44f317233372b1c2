/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-document.c: NnpDocument without a display: new runs, undo of points with their view and origin, sessions that reopen exactly, dirty and title, seeds that replay. */
#define G_LOG_DOMAIN "nnplay-test"
#include "config.h"

#define _GNU_SOURCE 1   /* symlink */
#include <math.h>
#include <string.h>

#include <cairo.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "nnp-document.h"
#include <nnplay/nnp-error.h>
#include "nnp-number-field.h"
#include "../data/test-tmpdir.h"

static char *tmpdir;

static NnpDocument *
started (void)
{
  NnpDocument *doc = nnp_document_new ();
  nnp_document_start (doc);
  nnp_document_sync (doc);
  return doc;
}

static size_t
epochs (NnpDocument *doc)
{
  nnp_document_sync (doc);
  return nnp_document_get_view (doc)->epochs;
}

static void
train (NnpDocument *doc, int n)
{
  for (int i = 0; i < n; i++)
    nnp_document_step (doc);
  nnp_document_sync (doc);
}

static NnpParams *
weights (NnpDocument *doc)
{
  const NnpModel *m;
  NnpParams *p;

  nnp_document_sync (doc);
  m = nnp_document_get_view (doc)->model;
  g_assert_nonnull (m);
  p = nnp_params_alloc (m->theta->d, m->theta->h);
  nnp_params_copy (p, m->theta);
  return p;
}

static gboolean
same_params (const NnpParams *a, const NnpParams *b)
{
  return a->size == b->size && memcmp (a->block, b->block, a->size * sizeof (double)) == 0;
}

static char *
write_csv (const char *name, const char *text)
{
  char *path = g_build_filename (tmpdir, name, NULL);
  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  return path;
}

static char *
label (NnpDocument *doc)
{
  char *s = NULL;
  g_object_get (doc, "origin-label", &s, NULL);
  return s;
}

/* Opening a file, Regenerate and Clear start a new run from the seed's
 * initial weights; a point edit continues the run. */
static void
test_new_runs (void)
{
  NnpDocument *doc = started ();
  NnpParams *w0 = weights (doc);
  g_autofree char *path = write_csv ("far.csv", "x1,x2,y\n1200,-800,1\n-900,700,0\n400,300,1\n");
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GError) error = NULL;
  const NnpLiveView *v;

  train (doc, 30);
  g_assert_cmpuint (epochs (doc), ==, 30);
  g_assert_true (nnp_document_add_point (doc, 0.3, -0.2, 1.0));
  g_assert_cmpuint (epochs (doc), ==, 30);

  nnp_document_clear (doc);
  g_assert_cmpuint (epochs (doc), ==, 0);
  v = nnp_document_get_view (doc);
  g_assert_true (v->history == NULL || v->history->len <= 1);
  {
    NnpParams *w = weights (doc);
    g_assert_true (same_params (w, w0));   /* seed 1 again */
    nnp_params_free (w);
  }

  g_assert_true (nnp_document_add_point (doc, 0.5, 0.5, 1.0));
  g_assert_true (nnp_document_add_point (doc, -0.5, -0.5, 0.0));
  train (doc, 12);
  g_assert_true (nnp_document_open (doc, file, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (epochs (doc), ==, 0);
  v = nnp_document_get_view (doc);
  /* The curve starts again: no J from the earlier points' run. */
  g_assert_true (v->history == NULL || v->history->len <= 1);

  train (doc, 5);
  nnp_document_regenerate (doc);
  g_assert_cmpuint (epochs (doc), ==, 0);
  g_assert_cmpuint (nnp_document_get_seed (doc), ==, 2);
  nnp_params_free (w0);
  g_object_unref (doc);
}

/* Undo and redo bring back points, view and origin together. */
static void
test_undo_view_origin (void)
{
  NnpDocument *doc = started ();
  g_autofree char *path = write_csv ("wide.csv", "x1,x2,y\n1000,-1000,1\n-1000,1000,0\n500,0,1\n");
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autofree char *l0 = NULL, *l1 = NULL, *l2 = NULL, *l3 = NULL;
  const NnpPlotState *st = nnp_document_get_plot_state (doc);
  int kind = -1;

  nnp_document_set_view (doc, -3.5, 2.25, -1.75, 4.5);
  l0 = label (doc);
  g_assert_cmpstr (l0, ==, "Two moons, 200 points, noise 0.1");
  g_assert_true (nnp_document_open (doc, file, NULL));
  g_assert_cmpfloat (st->xmax, >, 1000);
  l1 = label (doc);
  g_assert_cmpstr (l1, ==, "wide.csv");

  g_assert_true (nnp_document_undo (doc));
  g_assert_cmpuint (nnp_point_set_data (nnp_document_get_points (doc))->n, ==, 200);
  g_assert_cmpfloat (st->xmin, ==, -3.5);
  g_assert_cmpfloat (st->xmax, ==, 2.25);
  g_assert_cmpfloat (st->ymin, ==, -1.75);
  g_assert_cmpfloat (st->ymax, ==, 4.5);
  l2 = label (doc);
  g_assert_cmpstr (l2, ==, l0);
  g_object_get (doc, "origin-kind", &kind, NULL);
  g_assert_cmpint (kind, ==, NNP_ORIGIN_GENERATED);

  g_assert_true (nnp_document_redo (doc));
  g_assert_cmpuint (nnp_point_set_data (nnp_document_get_points (doc))->n, ==, 3);
  g_assert_cmpfloat (st->xmax, >, 1000);
  l3 = label (doc);
  g_assert_cmpstr (l3, ==, "wide.csv");
  g_object_unref (doc);
}

/* The data's origin: the generator with its parameters, the file, or by hand. */
static void
test_origin_label (void)
{
  NnpDocument *doc = started ();
  g_autofree char *a = NULL, *b = NULL, *c = NULL;
  int gen = -1;

  g_object_set (doc, "generator", NNP_GEN_XOR, "n-points", 120, NULL);
  a = label (doc);
  g_assert_cmpstr (a, ==, "XOR, 120 points, noise 0.1");
  nnp_document_begin_edit (doc);
  g_assert_true (nnp_document_add_point (doc, 0.1, 0.2, 1.0));
  b = label (doc);
  g_assert_cmpstr (b, ==, "Drawn by hand");
  nnp_document_clear (doc);
  c = label (doc);
  g_assert_cmpstr (c, ==, "Drawn by hand");
  g_assert_cmpuint (nnp_point_set_data (nnp_document_get_points (doc))->n, ==, 0);
  /* The generator shown draws its own points again when chosen. */
  nnp_document_set_generator (doc, NNP_GEN_XOR);
  g_assert_cmpuint (nnp_point_set_data (nnp_document_get_points (doc))->n, ==, 120);
  g_object_get (doc, "generator", &gen, NULL);
  g_assert_cmpint (gen, ==, NNP_GEN_XOR);
  g_object_unref (doc);
}

/* The same seed, or another, replays from its initial weights. */
static void
test_seed_replay (void)
{
  NnpDocument *doc = started ();
  NnpParams *w7, *again;

  g_object_set (doc, "seed", (guint64) 7, NULL);
  w7 = weights (doc);
  train (doc, 25);
  g_assert_cmpuint (epochs (doc), ==, 25);
  nnp_document_replay (doc);
  g_assert_cmpuint (epochs (doc), ==, 0);
  again = weights (doc);
  g_assert_true (same_params (w7, again));
  nnp_params_free (again);
  /* A point edit first: the seed no longer redraws the points, it still
   * replays the weights. */
  nnp_document_begin_edit (doc);
  g_assert_true (nnp_document_add_point (doc, 1.0, 1.0, 1.0));
  train (doc, 3);
  g_object_set (doc, "seed", (guint64) 8, NULL);
  g_object_set (doc, "seed", (guint64) 7, NULL);
  g_assert_cmpuint (epochs (doc), ==, 0);
  again = weights (doc);
  g_assert_true (same_params (w7, again));
  nnp_params_free (again);
  nnp_params_free (w7);
  g_object_unref (doc);
}

static char *
title (NnpDocument *doc)
{
  char *s = NULL;
  g_object_get (doc, "title", &s, NULL);
  return s;
}

/* The title names the document and marks unsaved changes. */
static void
test_dirty_title (void)
{
  NnpDocument *doc = started ();
  g_autofree char *path = g_build_filename (tmpdir, "lesson.json", NULL);
  g_autofree char *t0 = NULL, *t1 = NULL, *t2 = NULL, *t3 = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_false (nnp_document_get_dirty (doc));
  t0 = title (doc);
  g_assert_cmpstr (t0, ==, "Untitled — nnplay");
  nnp_document_begin_edit (doc);
  g_assert_true (nnp_document_add_point (doc, 0.25, 0.75, 0.0));
  g_assert_true (nnp_document_get_dirty (doc));
  t1 = title (doc);
  g_assert_cmpstr (t1, ==, "*Untitled — nnplay");
  g_assert_true (nnp_document_save_session (doc, path, &error));
  g_assert_no_error (error);
  g_assert_false (nnp_document_get_dirty (doc));
  t2 = title (doc);
  g_assert_cmpstr (t2, ==, "lesson.json — nnplay");
  /* Zooming is not: the view alone leaves it saved */
  nnp_document_set_view (doc, -1.5, 1.5, -1.25, 1.25);
  nnp_document_fit_view (doc);
  g_assert_false (nnp_document_get_dirty (doc));
  /* Training is work too. */
  train (doc, 2);
  g_assert_true (nnp_document_get_dirty (doc));
  t3 = title (doc);
  g_assert_cmpstr (t3, ==, "*lesson.json — nnplay");
  g_object_unref (doc);
}

/* Open Data names an unsaved document after the data file; undoing it
 * gives the old name back, redoing it the file's again. */
static void
test_title_follows_data (void)
{
  NnpDocument *doc = started ();
  g_autofree char *csv = g_build_filename (tmpdir, "lab-points.csv", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (csv);
  g_autoptr (GError) error = NULL;
  g_autofree char *t0 = NULL, *t1 = NULL, *t2 = NULL, *t3 = NULL;

  g_assert_true (g_file_set_contents (csv, "x1,x2,y\n0,0,0\n1,1,1\n0.5,0.2,0\n", -1, &error));
  t0 = title (doc);
  g_assert_true (nnp_document_open (doc, file, &error));
  g_assert_no_error (error);
  t1 = title (doc);
  g_assert_nonnull (strstr (t1, "lab-points.csv — nnplay"));
  g_assert_true (nnp_document_undo (doc));
  t2 = title (doc);
  g_assert_null (strstr (t2, "lab-points.csv"));
  g_assert_nonnull (strstr (t2, "Untitled — nnplay"));
  g_assert_true (nnp_document_redo (doc));
  t3 = title (doc);
  g_assert_nonnull (strstr (t3, "lab-points.csv — nnplay"));
  g_object_unref (doc);
}

static cairo_surface_t *
render (NnpDocument *doc)
{
  cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 640, 480);
  cairo_t *cr = cairo_create (s);
  NnpPlotState state = *nnp_document_get_plot_state (doc);
  NnpPlotStyle style;

  nnp_plot_style_init (&style);
  state.history = nnp_document_get_summary (doc);
  nnp_plot_boundary (cr, 640, 480, &state, &style);
  cairo_destroy (cr);
  cairo_surface_flush (s);
  return s;
}

/* A session saved after clicking an XOR pattern on the default axes
 * reopens with the same axes, weights, settings and picture. */
static void
test_session_reopens (void)
{
  NnpDocument *doc = started ();
  NnpDocument *back = started ();
  g_autofree char *path = g_build_filename (tmpdir, "xor.json", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GError) error = NULL;
  static const double corners[][3] = { { -1.7, -1.7, 0 }, { 1.7, 1.7, 0 }, { -1.7, 1.7, 1 }, { 1.7, -1.7, 1 } };
  cairo_surface_t *a, *b;
  double speed = 0;
  gboolean log_cost = FALSE, lines = FALSE;
  int unit = -2, kind = -1;

  nnp_document_clear (doc);
  nnp_document_set_view (doc, -2, 2, -2, 2);
  for (gsize i = 0; i < G_N_ELEMENTS (corners); i++)
    {
      nnp_document_begin_edit (doc);
      g_assert_true (nnp_document_add_point (doc, corners[i][0], corners[i][1], corners[i][2]));
    }
  g_object_set (doc, "hidden-units", 3, "activation", NNP_ACT_TANH, "learning-rate", 2.385,
                "speed", 30.0, "log-cost", TRUE, "unit-lines", TRUE, "selected-unit", 1,
                "test-fraction", 0.25, NULL);
  train (doc, 40);
  a = render (doc);
  g_assert_true (nnp_document_save_session (doc, path, &error));
  g_assert_no_error (error);

  g_assert_true (nnp_document_open (back, file, &error));
  g_assert_no_error (error);
  nnp_document_sync (back);
  b = render (back);
  g_assert_cmpfloat (nnp_document_get_plot_state (back)->xmin, ==, -2);
  g_assert_cmpfloat (nnp_document_get_plot_state (back)->ymax, ==, 2);
  g_object_get (back, "speed", &speed, "log-cost", &log_cost, "unit-lines", &lines,
                "selected-unit", &unit, "origin-kind", &kind, NULL);
  g_assert_cmpfloat (speed, ==, 30.0);
  g_assert_true (log_cost);
  g_assert_true (lines);
  g_assert_cmpint (unit, ==, 1);
  g_assert_cmpint (kind, ==, NNP_ORIGIN_HAND);
  g_assert_cmpuint (nnp_document_get_hidden_units (back), ==, 3);
  g_assert_cmpfloat (nnp_document_get_learning_rate (back), ==, 2.385);
  g_assert_cmpuint (nnp_document_get_view (back)->epochs, ==, 40);
  g_assert_false (nnp_document_get_dirty (back));
  if (g_getenv ("NNP_TEST_DUMP") != NULL)
    {
      cairo_surface_write_to_png (a, "/tmp/before.png");
      cairo_surface_write_to_png (b, "/tmp/after.png");
    }
  g_assert_cmpmem (cairo_image_surface_get_data (a), 640 * 480 * 4,
                   cairo_image_surface_get_data (b), 640 * 480 * 4);
  cairo_surface_destroy (a);
  cairo_surface_destroy (b);
  g_object_unref (doc);
  g_object_unref (back);
}

/* The test curve starts at the epoch the split was switched on, also
 * after a session round trip: no value that never existed. */
static void
test_test_curve_starts (void)
{
  NnpDocument *doc = started ();
  NnpDocument *back = started ();
  g_autofree char *path = g_build_filename (tmpdir, "split.json", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  const NnpHistory *h;

  train (doc, 20);
  g_object_set (doc, "test-fraction", 0.25, NULL);
  train (doc, 10);
  h = nnp_document_get_view (doc)->history;
  g_assert_true (h->has_test);
  g_assert_cmpuint (h->len, ==, 31);
  for (size_t t = 0; t < 20; t++)
    g_assert_true (isnan (h->test_cost[t]) && isnan (h->test_acc[t]));
  for (size_t t = 20; t < 31; t++)
    g_assert_true (isfinite (h->test_cost[t]) && isfinite (h->test_acc[t]));

  g_assert_true (nnp_document_save_session (doc, path, NULL));
  g_assert_true (nnp_document_open (back, file, NULL));
  nnp_document_sync (back);
  h = nnp_document_get_view (back)->history;
  g_assert_cmpuint (h->len, ==, 31);
  g_assert_true (isnan (h->test_cost[19]));
  g_assert_cmpfloat (h->test_cost[20], ==, nnp_document_get_view (doc)->history->test_cost[20]);
  g_object_unref (doc);
  g_object_unref (back);
}

/* Standardised features: the trainer sees z-scores of the training
 * split, the figures the same network as a function of x; the setting
 * survives a session. */
static void
test_standardize (void)
{
  NnpDocument *doc = started ();
  NnpDocument *back = started ();
  g_autoptr (GString) csv = g_string_new ("x1,x2,y\n");
  g_autofree char *path = NULL;
  g_autofree char *spath = g_build_filename (tmpdir, "z.json", NULL);
  g_autoptr (GFile) file = NULL;
  g_autoptr (GFile) sfile = g_file_new_for_path (spath);
  g_autoptr (NnpDataset) moons = nnp_dataset_generate (NNP_GEN_MOONS, 120, 0.1, 3);
  const NnpPlotState *st = nnp_document_get_plot_state (doc);
  const NnpLiveView *v;
  double mean[2], sd[2], big = 0;
  gboolean on = FALSE;

  /* Metres and grams: far from unit scale. */
  for (size_t i = 0; i < moons->n; i++)
    g_string_append_printf (csv, "%.17g,%.17g,%g\n", 1500 + 400 * moons->X[2 * i],
                            0.003 * moons->X[2 * i + 1], moons->y[i]);
  path = write_csv ("scaled.csv", csv->str);
  file = g_file_new_for_path (path);
  g_assert_true (nnp_document_open (doc, file, NULL));
  g_assert_true (nnp_document_far_from_unit_scale (doc, &big));
  g_assert_cmpfloat (big, >, 1000);
  g_object_set (doc, "standardize", TRUE, "learning-rate", 2.0, NULL);
  g_assert_true (st->standardized);
  train (doc, 60);
  v = nnp_document_get_view (doc);
  g_assert_cmpuint (v->epochs, ==, 60);
  g_assert_true (st->model != v->model);
  nnp_dataset_feature_stats (st->train, mean, sd);
  g_assert_cmpfloat (mean[0], ==, st->z_mean[0]);
  g_assert_cmpfloat (sd[1], ==, st->z_sd[1]);
  /* The model drawn, on x, is the trained one on z. */
  for (size_t i = 0; i < st->train->n; i++)
    {
      double z[2] = { (st->train->X[2 * i] - mean[0]) / sd[0], (st->train->X[2 * i + 1] - mean[1]) / sd[1] };
      double a = nnp_model_predict (v->model, z), b = nnp_model_predict (st->model, st->train->X + 2 * i);
      g_assert_cmpfloat (fabs (a - b), <=, 1e-12);
    }
  /* Trained on z, the network learns at lr 2 what raw grams would not. */
  g_assert_cmpfloat (v->acc, >, 0.8);

  g_assert_true (nnp_document_save_session (doc, spath, NULL));
  g_assert_true (nnp_document_open (back, sfile, NULL));
  nnp_document_sync (back);
  g_object_get (back, "standardize", &on, NULL);
  g_assert_true (on);
  g_assert_true (nnp_document_get_plot_state (back)->standardized);
  g_assert_cmpfloat (nnp_document_get_view (back)->acc, ==, v->acc);
  g_object_unref (doc);
  g_object_unref (back);
}

/* Views the figures cannot draw are never taken: points near DBL_MAX get
 * a bounded view, zooming stops at the limits, a session's view beyond
 * them is refitted. Undoing a Regenerate brings its seed back. */
static void
test_view_limits (void)
{
  NnpDocument *doc = started ();
  g_autofree char *path = write_csv ("huge.csv", "x1,x2,y\n1e308,1e308,1\n-1e308,-1e308,0\n0,0,1\n");
  g_autoptr (GFile) file = g_file_new_for_path (path);
  const NnpPlotState *st = nnp_document_get_plot_state (doc);
  double w;

  g_assert_true (nnp_document_open (doc, file, NULL));
  g_assert_true (nnp_view_is_drawable (st->xmin, st->xmax, st->ymin, st->ymax));
  g_assert_cmpfloat (st->xmax, <=, NNP_VIEW_LIMIT);
  nnp_document_set_view (doc, -1e308, 1e308, -1, 1);
  g_assert_cmpfloat (st->xmax, <=, NNP_VIEW_LIMIT);
  nnp_document_set_view (doc, 0.5, 0.5 + 1e-12, 0.2, 0.2 + 1e-12);
  w = st->xmax - st->xmin;
  g_assert_cmpfloat (w, >, 1e-9);
  nnp_document_set_view (doc, -3, 3, -2, 2);
  g_assert_cmpfloat (st->xmin, ==, -3);

  /* Regenerate then Undo: the first points and their seed. */
  nnp_document_regenerate (doc);
  g_assert_cmpuint (nnp_document_get_seed (doc), ==, 2);
  nnp_document_regenerate (doc);
  g_assert_cmpuint (nnp_document_get_seed (doc), ==, 3);
  g_assert_true (nnp_document_undo (doc));
  g_assert_cmpuint (nnp_document_get_seed (doc), ==, 2);
  g_object_unref (doc);
}

static size_t
point_count (NnpDocument *doc)
{
  return nnp_point_set_data (nnp_document_get_points (doc))->n;
}

/* Points drawn by hand: Regenerate then Undo brings back the points and
 * the seed that was set with them (the seed had stayed the new one); a
 * seed typed while drawing is not taken back by undoing a later click. */
static void
test_hand_seed_undo (void)
{
  NnpDocument *doc = started ();

  nnp_document_clear (doc);
  nnp_document_begin_edit (doc);      /* as a click does */
  g_assert_true (nnp_document_add_point (doc, 0.5, 0.5, 1.0));
  g_object_set (doc, "seed", (guint64) 7, NULL);
  g_assert_cmpuint (nnp_document_get_seed (doc), ==, 7);
  nnp_document_begin_edit (doc);
  g_assert_true (nnp_document_add_point (doc, -0.5, -0.5, 0.0));
  g_assert_true (nnp_document_undo (doc));          /* the second click */
  g_assert_cmpuint (point_count (doc), ==, 1);
  g_assert_cmpuint (nnp_document_get_seed (doc), ==, 7);
  nnp_document_begin_edit (doc);
  g_assert_true (nnp_document_add_point (doc, -0.5, -0.5, 0.0));

  nnp_document_regenerate (doc);
  g_assert_cmpuint (nnp_document_get_seed (doc), ==, 8);
  g_assert_cmpuint (point_count (doc), ==, 200);
  g_assert_true (nnp_document_undo (doc));
  g_assert_cmpuint (point_count (doc), ==, 2);
  g_assert_cmpuint (nnp_document_get_seed (doc), ==, 7);
  g_assert_true (nnp_document_redo (doc));
  g_assert_cmpuint (nnp_document_get_seed (doc), ==, 8);
  g_object_unref (doc);
}

/* A session's generator fields out of the app's range (noise 1e308,
 * 0 points) are brought into it: Regenerate then draws finite points and
 * the work can be saved (neither had been possible). */
static void
test_session_fields_clamped (void)
{
  NnpDocument *doc = started ();
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), "nnp-test-fields.json", NULL);
  g_autoptr (GError) error = NULL;
  const char *bad[][2] = { { "\"noise\":0.10000000000000001", "\"noise\":1e308" },
                           { "\"points\":200", "\"points\":0" } };

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *text = NULL;
      g_assert_true (nnp_document_save_session (doc, path, &error));
      g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
      g_assert_nonnull (strstr (text, bad[i][0]));
      g_auto (GStrv) parts = g_strsplit (text, bad[i][0], 2);
      g_autofree char *edited = g_strjoinv (bad[i][1], parts);
      g_assert_true (g_file_set_contents (path, edited, -1, NULL));
      g_autoptr (GFile) file = g_file_new_for_path (path);
      g_assert_true (nnp_document_open (doc, file, &error));
      g_assert_no_error (error);

      double noise = -1;
      guint n = 0;
      g_object_get (doc, "noise", &noise, "n-points", &n, NULL);
      g_assert_cmpfloat (noise, <=, NNP_NOISE_MAX);
      g_assert_cmpuint (n, >=, 2);
      nnp_document_regenerate (doc);
      g_object_get (doc, "noise", &noise, "n-points", &n, NULL);
      g_assert_cmpfloat (noise, <=, NNP_NOISE_MAX);
      const NnpDataset *ds = nnp_point_set_data (nnp_document_get_points (doc));
      g_assert_cmpuint (ds->n, ==, n);
      for (size_t k = 0; k < 2 * ds->n; k++)
        g_assert_true (isfinite (ds->X[k]));
      g_assert_true (nnp_document_save_session (doc, path, &error));
      g_assert_no_error (error);
    }
  g_unlink (path);
  g_object_unref (doc);
}

/* A session's learning rate outside what the app trains with is refused
 * with a message, the document left as it was (1e308 had become 1000
 * without a word, and been saved so). Its bounds open. */
static void
test_session_lr_range (void)
{
  NnpDocument *doc = started ();
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), "nnp-test-lr.json", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (GFile) file = g_file_new_for_path (path);
  const char *cases[][2] = { { "1e308", "nnp-test-lr.json: hyperparameters.learning_rate is 1e+308; nnplay trains with 0.0001 to 1000" },
                             { "5e-324", "nnp-test-lr.json: hyperparameters.learning_rate is 4.94066e-324; nnplay trains with 0.0001 to 1000" },
                             { "1000", NULL }, { "0.0001", NULL } };

  g_object_set (doc, "learning-rate", 0.25, NULL);
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = NULL;
      g_object_set (doc, "learning-rate", 0.25, NULL);
      g_assert_true (nnp_document_save_session (doc, path, &error));
      g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
      g_assert_nonnull (strstr (text, "\"learning_rate\":0.25"));
      g_auto (GStrv) parts = g_strsplit (text, "\"learning_rate\":0.25", 2);
      g_autofree char *lr = g_strdup_printf ("\"learning_rate\":%s", cases[i][0]);
      g_autofree char *edited = g_strjoinv (lr, parts);
      g_assert_true (g_file_set_contents (path, edited, -1, NULL));
      if (cases[i][1] != NULL)
        {
          g_assert_false (nnp_document_open (doc, file, &error));
          g_assert_error (error, NNP_ERROR, NNP_ERROR_INVALID);
          g_assert_cmpstr (error->message, ==, cases[i][1]);
          g_clear_error (&error);
          g_assert_cmpfloat (nnp_document_get_learning_rate (doc), ==, 0.25);
        }
      else
        {
          g_assert_true (nnp_document_open (doc, file, &error));
          g_assert_no_error (error);
          g_assert_cmpfloat (nnp_document_get_learning_rate (doc), ==, g_ascii_strtod (cases[i][0], NULL));
        }
    }
  g_unlink (path);
  g_object_unref (doc);
}

/* A file's name is shown without control characters or the marks that
 * turn text around ("evil\u202enosj.csv" had shown as "evilvsc.jsone"
 * spelled backwards; a newline broke the data label), from a data file's
 * name and from a session's record of it alike. */
static void
test_names_shown_safely (void)
{
  NnpDocument *doc = started ();
  g_autofree char *dir = g_dir_make_tmp ("nnp-names-XXXXXX", NULL);
  g_autofree char *csv = g_build_filename (dir, "evil\u202enosj.a\nb.csv", NULL);
  g_autofree char *session = g_build_filename (dir, "s.json", NULL);
  g_autoptr (GError) error = NULL;

  g_assert_true (g_file_set_contents (csv, "x1,x2,y\n0,0,1\n1,1,0\n", -1, NULL));
  g_autoptr (GFile) file = g_file_new_for_path (csv);
  g_assert_true (nnp_document_open (doc, file, &error));
  g_assert_no_error (error);
  for (int round = 0; round < 2; round++)
    {
      g_autofree char *label = NULL;
      g_object_get (doc, "origin-label", &label, NULL);
      /* the data file names the document, then the session file does */
      const char *shown[] = { label, nnp_document_get_name (doc) };
      for (gsize i = 0; i < (round == 0 ? 2u : 1u); i++)
        {
          g_test_message ("round %d: %s", round, shown[i]);
          g_assert_true (g_utf8_validate (shown[i], -1, NULL));
          g_assert_null (strstr (shown[i], "\u202e"));
          g_assert_null (strchr (shown[i], '\n'));
          g_assert_nonnull (strstr (shown[i], "evil\ufffdnosj.a\ufffdb.csv"));
        }
      if (round == 0)
        {
          /* and a session whose record of the data file has them */
          g_autofree char *text = NULL;
          g_assert_true (nnp_document_save_session (doc, session, &error));
          g_assert_true (g_file_get_contents (session, &text, NULL, NULL));
          g_autofree char *from = g_strdup ("evil\ufffdnosj.a\ufffdb.csv");
          g_auto (GStrv) parts = g_strsplit (text, from, -1);
          g_assert_cmpuint (g_strv_length (parts), >=, 2);
          g_autofree char *edited = g_strjoinv ("evil\\u202enosj.a\\nb.csv", parts);
          g_assert_true (g_file_set_contents (session, edited, -1, NULL));
          g_autoptr (GFile) sf = g_file_new_for_path (session);
          g_assert_true (nnp_document_open (doc, sf, &error));
          g_assert_no_error (error);
        }
    }
  g_unlink (csv);
  g_unlink (session);
  g_rmdir (dir);
  g_object_unref (doc);
}

/* A symbolic link that leads nowhere (a loop, or a target gone) is said
 * to be one (it had been "not a regular file (a folder, device or
 * pipe...)"). */
static void
test_open_dangling_link (void)
{
  NnpDocument *doc = started ();
  g_autofree char *dir = g_dir_make_tmp ("nnp-links-XXXXXX", NULL);
  g_autofree char *a = g_build_filename (dir, "a.csv", NULL), *b = g_build_filename (dir, "b.csv", NULL);
  g_autofree char *gone = g_build_filename (dir, "gone.csv", NULL);
  const char *paths[] = { a, gone };

  g_assert_cmpint (symlink (b, a), ==, 0);
  g_assert_cmpint (symlink (a, b), ==, 0);
  g_assert_cmpint (symlink ("/nonexistent/nothing.csv", gone), ==, 0);
  for (gsize i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (GFile) file = g_file_new_for_path (paths[i]);
      g_assert_false (nnp_document_open (doc, file, &error));
      g_assert_nonnull (error);
      g_test_message ("%s", error->message);
      g_assert_nonnull (strstr (error->message, "symbolic link"));
      g_assert_cmpuint (nnp_point_set_data (nnp_document_get_points (doc))->n, ==, 200);
    }
  g_unlink (a);
  g_unlink (b);
  g_unlink (gone);
  g_rmdir (dir);
  g_object_unref (doc);
}

/* Number fields read decimal numbers only. */
static void
test_number_parse (void)
{
  double v = 0;

  g_assert_true (nnp_number_field_parse (" 0.5 ", &v));
  g_assert_cmpfloat (v, ==, 0.5);
  g_assert_true (nnp_number_field_parse ("2.5e-3", &v));
  g_assert_cmpfloat (v, ==, 2.5e-3);
  g_assert_false (nnp_number_field_parse ("0x10", &v));
  g_assert_false (nnp_number_field_parse ("inf", &v));
  g_assert_false (nnp_number_field_parse ("nan", &v));
  g_assert_false (nnp_number_field_parse ("1e999", &v));
  g_assert_false (nnp_number_field_parse ("abc", &v));
  g_assert_false (nnp_number_field_parse ("", &v));
  /* In the C locale the decimal point is ".": "0,3" is no number. */
  g_assert_false (nnp_number_field_parse ("0,3", &v));
}

/* Only regular files are opened: a FIFO would block for ever. */
static void
test_refuses_fifo (void)
{
  NnpDocument *doc = started ();
  g_autofree char *path = g_build_filename (tmpdir, "fifo", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GError) error = NULL;

  g_assert_cmpint (mkfifo (path, 0600), ==, 0);
  g_assert_false (nnp_document_open (doc, file, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "not a regular file"));
  g_assert_cmpuint (nnp_point_set_data (nnp_document_get_points (doc))->n, ==, 200);
  g_object_unref (doc);
}


/* The slides' replay: full batch from the same seed meets the run's model
 * bit for bit at its epoch, also standardized; an edit along the way is
 * noticed; the epoch lists parse and refuse. */
static void
test_replay (void)
{
  for (int z = 0; z < 2; z++)
    {
      g_autoptr (NnpDocument) doc = started ();
      g_autoptr (NnpReplay) r = NULL;
      const size_t want[] = { 0, 7, 30 };
      gboolean same = FALSE;
      g_autoptr (GError) error = NULL;
      GArray *frames;

      g_object_set (doc, "standardize", z == 1, "learning-rate", 0.7385, NULL);
      train (doc, 30);
      g_assert_cmpuint (epochs (doc), ==, 30);
      r = nnp_document_get_replay (doc);
      frames = nnp_replay_run (r, want, 3, NULL, NULL, NULL, &same, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (frames->len, ==, 3);
      g_assert_true (same);
      for (guint i = 0; i < 3; i++)
        g_assert_cmpuint (g_array_index (frames, NnpPlotFrame, i).epoch, ==, want[i]);
      /* the last frame is the model the figures draw now (folded back to x when standardized) */
      {
        const NnpModel *shown = nnp_document_get_plot_state (doc)->model;
        const NnpModel *got = g_array_index (frames, NnpPlotFrame, 2).model;
        for (size_t k = 0; k < shown->theta->size; k++)
          g_assert_cmpfloat_with_epsilon (got->theta->block[k], shown->theta->block[k],
                                          1e-12 * (1 + fabs (shown->theta->block[k])));
      }
      nnp_replay_frames_free (frames);

      /* a new learning rate half way: the epochs the run kept are its own
       * models, edit and all (they had been a replay at today's alpha,
       * another run); an epoch it did not keep is a replay, which no
       * longer meets the run */
      g_object_set (doc, "learning-rate", 2.1, NULL);
      train (doc, 125);
      nnp_replay_free (g_steal_pointer (&r));
      r = nnp_document_get_replay (doc);
      {
        const size_t at[] = { 7, 35, 155 };
        same = FALSE;
        frames = nnp_replay_run (r, at, 3, NULL, NULL, NULL, &same, &error);
        g_assert_no_error (error);
        g_assert_true (same);
        g_assert_cmpuint (frames->len, ==, 3);
        size_t found = 0;
        const NnpModel *at35 = nnp_snapshots_find (r->snaps, 35, &found);
        g_assert_nonnull (at35);
        g_assert_cmpuint (found, ==, 35);
        NnpModel *want35 = nnp_model_dup (at35);
        if (z == 1)
          nnp_model_unstandardize (want35, at35, r->mean, r->sd);
        const NnpModel *got35 = g_array_index (frames, NnpPlotFrame, 1).model;
        g_assert_cmpmem (got35->theta->block, got35->theta->size * sizeof (double),
                         want35->theta->block, want35->theta->size * sizeof (double));
        /* the replay's 35 is another model: the run's alpha changed at 30 */
        g_autoptr (NnpReplay) bare = nnp_document_get_replay (doc);
        g_clear_pointer (&bare->snaps, nnp_snapshots_free);
        gboolean bare_same = TRUE;
        GArray *replayed = nnp_replay_run (bare, at, 2, NULL, NULL, NULL, &bare_same, &error);
        g_assert_no_error (error);
        const NnpModel *r35 = g_array_index (replayed, NnpPlotFrame, 1).model;
        g_assert_true (memcmp (r35->theta->block, want35->theta->block, r35->theta->size * sizeof (double)) != 0);
        nnp_replay_frames_free (replayed);
        nnp_model_free (want35);
        nnp_replay_frames_free (frames);
      }
      {
        const size_t at[] = { 105 };
        g_assert_false (nnp_snapshots_keeps (105));
        frames = nnp_replay_run (r, at, 1, NULL, NULL, NULL, NULL, &error);
        g_assert_no_error (error);
        g_assert_cmpuint (frames->len, ==, 1);
        g_assert_cmpuint (g_array_index (frames, NnpPlotFrame, 0).epoch, ==, 105);
        nnp_replay_frames_free (frames);
      }
    }

  /* cancelled before it starts: no frames, G_IO_ERROR_CANCELLED */
  {
    g_autoptr (NnpDocument) doc = started ();
    g_autoptr (NnpReplay) r = nnp_document_get_replay (doc);
    g_autoptr (GCancellable) c = g_cancellable_new ();
    g_autoptr (GError) error = NULL;
    const size_t at[] = { 0, 100 };
    g_cancellable_cancel (c);
    g_assert_null (nnp_replay_run (r, at, 2, c, NULL, NULL, NULL, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  }

  {
    g_autoptr (GError) error = NULL;
    GArray *e = nnp_replay_parse_epochs (" 100, 0,10 ,last,10", 250, &error);
    const size_t want[] = { 0, 10, 100, 250 };
    g_assert_no_error (error);
    g_assert_cmpuint (e->len, ==, 4);
    for (guint i = 0; i < 4; i++)
      g_assert_cmpuint (g_array_index (e, size_t, i), ==, want[i]);
    g_array_free (e, TRUE);
    g_assert_null (nnp_replay_parse_epochs ("0,1000", 250, &error));
    g_assert_nonnull (strstr (error->message, "1000"));
    g_clear_error (&error);
    g_assert_null (nnp_replay_parse_epochs ("0,ten", 250, &error));
    g_clear_error (&error);
    g_assert_null (nnp_replay_parse_epochs (" , ", 250, &error));
    g_clear_error (&error);
    e = nnp_replay_parse_epochs ("every 40, 10", 100, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (e->len, ==, 4);      /* 0, 10, 40, 80 */
    g_assert_cmpuint (g_array_index (e, size_t, 3), ==, 80);
    g_array_free (e, TRUE);
    g_assert_null (nnp_replay_parse_epochs ("every x", 100, &error));
    g_clear_error (&error);
    e = nnp_replay_spread_epochs (5, 100);
    g_assert_cmpuint (e->len, ==, 5);
    g_assert_cmpuint (g_array_index (e, size_t, 1), ==, 25);
    g_assert_cmpuint (g_array_index (e, size_t, 4), ==, 100);
    g_array_free (e, TRUE);
    e = nnp_replay_spread_epochs (60, 3);
    g_assert_cmpuint (e->len, ==, 4);
    g_array_free (e, TRUE);
  }
}

/* Shift+Right's phases: forward, cost, backward, update; entering update
 * takes exactly the epoch Right takes (theta bit for bit), and the
 * Lecture's theta - alpha grad J (from the phase's theta(t)) is that theta.
 * Play, Step and new points end the phase; selected-row stays in range. */
static void
test_phases (void)
{
  NnpDocument *a = started (), *b = started ();
  g_object_set (a, "learning-rate", 0.8, NULL);
  g_object_set (b, "learning-rate", 0.8, NULL);
  for (int i = 0; i < 3; i++)
    {
      nnp_document_step (a);
      nnp_document_step (b);
    }
  nnp_document_sync (a);
  nnp_document_sync (b);
  g_assert_cmpuint (epochs (a), ==, 3);
  g_assert_cmpint (nnp_document_get_phase (a), ==, NNP_PHASE_NONE);
  g_assert_null (nnp_document_get_phase_model (a));

  const NnpPhase want[] = { NNP_PHASE_FORWARD, NNP_PHASE_COST, NNP_PHASE_BACKWARD, NNP_PHASE_UPDATE };
  for (int k = 0; k < 3; k++)
    {
      nnp_document_step_phase (a);
      g_assert_cmpint (nnp_document_get_phase (a), ==, want[k]);
      int phase = -1;
      g_object_get (a, "phase", &phase, NULL);
      g_assert_cmpint (phase, ==, want[k]);
      nnp_document_sync (a);
      g_assert_cmpuint (epochs (a), ==, 3);
    }
  /* theta(t) of the step, and the Lecture's update from it */
  const NnpPlotState *st = nnp_document_get_plot_state (a);
  NnpModel *theta_t = nnp_model_dup (nnp_document_get_phase_model (a));
  NnpLecture *lec = nnp_lecture_new (theta_t, st->train, NULL, 0, nnp_document_get_learning_rate (a));
  g_assert_nonnull (lec);

  nnp_document_step_phase (a);
  g_assert_cmpint (nnp_document_get_phase (a), ==, NNP_PHASE_UPDATE);
  nnp_document_step (b);
  nnp_document_sync (a);
  nnp_document_sync (b);
  g_assert_cmpuint (epochs (a), ==, 4);
  g_assert_cmpuint (epochs (b), ==, 4);
  const NnpParams *pa = nnp_document_get_view (a)->model->theta, *pb = nnp_document_get_view (b)->model->theta;
  g_assert_cmpmem (pa->block, pa->size * sizeof (double), pb->block, pb->size * sizeof (double));
  for (size_t i = 0; i < pa->size; i++)
    g_assert_cmpfloat (fabs (pa->block[i] - lec->next->block[i]), <=, 1e-12 * MAX (1.0, fabs (pa->block[i])));
  /* the phase's theta(t) is still the step's, not theta(t+1) */
  g_assert_cmpmem (nnp_document_get_phase_model (a)->theta->block, pa->size * sizeof (double),
                   theta_t->theta->block, pa->size * sizeof (double));

  /* a weight typed at the update ends the step (its theta(t + 1) had gone
   * on showing the value before the edit), and so does undoing it */
  {
    const double w = pa->block[0];
    g_assert_true (nnp_document_set_parameter (a, 0, w + 1.0, NULL));
    g_assert_cmpint (nnp_document_get_phase (a), ==, NNP_PHASE_NONE);
    g_assert_null (nnp_document_get_phase_model (a));
    nnp_document_step_phase (a);
    g_assert_cmpint (nnp_document_get_phase (a), ==, NNP_PHASE_FORWARD);
    g_assert_true (nnp_document_undo (a));
    g_assert_cmpint (nnp_document_get_phase (a), ==, NNP_PHASE_NONE);
    nnp_document_sync (a);
    g_assert_cmpfloat (nnp_document_get_view (a)->model->theta->block[0], ==, w);
    /* back at the update of the step */
    for (int k = 0; k < 4; k++)
      nnp_document_step_phase (a);
    g_assert_cmpint (nnp_document_get_phase (a), ==, NNP_PHASE_UPDATE);
    nnp_document_sync (a);
    g_assert_cmpuint (epochs (a), ==, 5);
  }

  /* update -> forward of the next step, no epoch */
  nnp_document_step_phase (a);
  g_assert_cmpint (nnp_document_get_phase (a), ==, NNP_PHASE_FORWARD);
  nnp_document_sync (a);
  g_assert_cmpuint (epochs (a), ==, 5);
  /* Right ends it and takes one epoch */
  nnp_document_step (a);
  g_assert_cmpint (nnp_document_get_phase (a), ==, NNP_PHASE_NONE);
  nnp_document_sync (a);
  g_assert_cmpuint (epochs (a), ==, 6);
  /* no phases while running; Play ends one */
  nnp_document_step_phase (a);
  nnp_document_set_running (a, TRUE);
  g_assert_cmpint (nnp_document_get_phase (a), ==, NNP_PHASE_NONE);
  nnp_document_step_phase (a);
  g_assert_cmpint (nnp_document_get_phase (a), ==, NNP_PHASE_NONE);
  nnp_document_set_running (a, FALSE);

  /* selected-row: a training row or -1; new points clear it */
  g_object_set (a, "selected-row", 7, NULL);
  g_assert_cmpint (nnp_document_get_selected_row (a), ==, 7);
  nnp_document_set_selected_row (a, 100000);
  g_assert_cmpint (nnp_document_get_selected_row (a), ==, -1);
  nnp_document_set_selected_row (a, 5);
  nnp_document_step_phase (a);
  nnp_document_regenerate (a);
  g_assert_cmpint (nnp_document_get_selected_row (a), ==, -1);
  g_assert_cmpint (nnp_document_get_phase (a), ==, NNP_PHASE_NONE);
  /* a point added at the end leaves the selected row where it is; one
   * removed before it moves it, and the selection goes */
  {
    const NnpDataset *tr = nnp_document_get_plot_state (a)->train;
    g_assert_true (tr->n > 6);
    nnp_document_set_selected_row (a, 5);
    nnp_document_begin_edit (a);
    g_assert_true (nnp_document_add_point (a, 0.123, -0.456, 1.0));
    g_assert_cmpint (nnp_document_get_selected_row (a), ==, 5);
    tr = nnp_document_get_plot_state (a)->train;
    nnp_document_begin_edit (a);
    nnp_document_remove_point (a, tr->X[0], tr->X[1], 1e-9);
    g_assert_cmpint (nnp_document_get_selected_row (a), ==, -1);
  }
  /* no points: no phase to take */
  nnp_document_clear (a);
  nnp_document_sync (a);
  nnp_document_step_phase (a);
  g_assert_null (nnp_document_get_phase_model (a));

  nnp_lecture_free (lec);
  nnp_model_free (theta_t);
  g_object_unref (a);
  g_object_unref (b);
}

/* A step taken apart ends when the model changes by anything but the
 * step: a new run (Ctrl+R), a pinned run, a typed weight, another h or
 * activation; not by the step's own update. */
static void
test_phase_ends (void)
{
  NnpDocument *a = started ();

  for (int how = 0; how < 5; how++)
    {
      nnp_document_step (a);
      nnp_document_sync (a);
      for (int k = 0; k < (how == 1 ? 4 : 2); k++)
        nnp_document_step_phase (a);
      nnp_document_sync (a);
      g_assert_cmpint (nnp_document_get_phase (a), !=, NNP_PHASE_NONE);
      switch (how)
        {
        case 0: nnp_document_replay (a); break;
        case 1: g_assert_true (nnp_document_pin_run (a)); break;
        case 2:
          {
            g_autoptr (GError) error = NULL;
            g_assert_true (nnp_document_set_parameter (a, 0, 1.2385, &error));
          }
          break;
        case 3: g_object_set (a, "hidden-units", 5 + (guint) how, NULL); break;
        default: g_object_set (a, "activation", NNP_ACT_TANH, NULL); break;
        }
      nnp_document_sync (a);
      if (nnp_document_get_phase (a) != NNP_PHASE_NONE)
        g_error ("change %d left the step taken apart in phase %d", how, nnp_document_get_phase (a));
      g_assert_null (nnp_document_get_phase_model (a));
    }
  /* the step's own update does not end it (checked after the sync) */
  nnp_document_step (a);
  nnp_document_sync (a);
  for (int k = 0; k < 4; k++)
    nnp_document_step_phase (a);
  nnp_document_sync (a);
  g_assert_cmpint (nnp_document_get_phase (a), ==, NNP_PHASE_UPDATE);
  g_object_unref (a);
}

int
main (int argc, char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  tmpdir = make_tmpdir ("nnplay-doc-XXXXXX");
  g_test_add_func ("/app/document/new-runs", test_new_runs);
  g_test_add_func ("/app/document/undo-view-origin", test_undo_view_origin);
  g_test_add_func ("/app/document/origin-label", test_origin_label);
  g_test_add_func ("/app/document/seed-replay", test_seed_replay);
  g_test_add_func ("/app/document/hand-seed-undo", test_hand_seed_undo);
  g_test_add_func ("/app/document/session-fields-clamped", test_session_fields_clamped);
  g_test_add_func ("/app/document/session-lr-range", test_session_lr_range);
  g_test_add_func ("/app/document/names-shown-safely", test_names_shown_safely);
  g_test_add_func ("/app/document/open-dangling-link", test_open_dangling_link);
  g_test_add_func ("/app/document/dirty-title", test_dirty_title);
  g_test_add_func ("/app/document/title-follows-data", test_title_follows_data);
  g_test_add_func ("/app/document/session-reopens", test_session_reopens);
  g_test_add_func ("/app/document/test-curve-starts", test_test_curve_starts);
  g_test_add_func ("/app/document/standardize", test_standardize);
  g_test_add_func ("/app/document/view-limits", test_view_limits);
  g_test_add_func ("/app/document/number-parse", test_number_parse);
  g_test_add_func ("/app/document/refuses-fifo", test_refuses_fifo);
  g_test_add_func ("/app/document/replay", test_replay);
  g_test_add_func ("/app/document/phases", test_phases);
  g_test_add_func ("/app/document/phase-ends", test_phase_ends);
  status = g_test_run ();
  remove_tmpdir (tmpdir);
  g_free (tmpdir);
  return status;
}
