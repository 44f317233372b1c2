/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-plot.c: the figures: PNG size and colours, SVG/PDF structure, atomic export and its errors, helpers. */
#define G_LOG_DOMAIN "nnplay-test"
#include "config.h"

#include <errno.h>
#include <math.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <cairo-pdf.h>
#include <nnplay/nnp-error.h>
#include "nnp-plot.h"
#include "nnp-plot-private.h"
#include "../pdf-check.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NnpHistory, nnp_history_free)

static char *tmpdir;

static char *
tmp_path (const char *name)
{
  return g_build_filename (tmpdir, name, NULL);
}

/* ---- Fixtures ------------------------------------------------------------ */

/* The hand-made model of the brief: a1 = sigma(5 x1), a2 = sigma(10 a1 - 5),
 * so a2 is ~0.0067 far left (x1 < -1), ~0.9933 far right, 0.5 at x1 = 0. */
static NnpModel *
step_model (void)
{
  NnpModel *m = nnp_model_alloc (2, 1, NNP_ACT_SIGMOID);
  gsl_matrix_set (&m->theta->W1.matrix, 0, 0, 5.0);
  gsl_matrix_set (&m->theta->W1.matrix, 0, 1, 0.0);
  gsl_vector_set (&m->theta->b1.vector, 0, 0.0);
  gsl_matrix_set (&m->theta->W2.matrix, 0, 0, 10.0);
  *m->theta->b2 = -5.0;
  return m;
}

static NnpDataset *
points (size_t n, const double *xy, const double *y)
{
  NnpDataset *ds = nnp_dataset_alloc (n, 2);
  for (size_t i = 0; i < n; i++)
    {
      ds->X[2 * i] = xy[2 * i];
      ds->X[2 * i + 1] = xy[2 * i + 1];
      ds->y[i] = y[i];
    }
  return ds;
}

static NnpHistory *
history (size_t n, gboolean with_test)
{
  NnpHistory *h = nnp_history_new (with_test);
  for (size_t t = 0; t < n; t++)
    {
      double c = 0.6931 * exp (-0.0137 * t) + 0.0213;
      g_assert_cmpint (nnp_history_append (h, c, 0.5 + 0.45 * (1 - exp (-0.02 * t)),
                                           c * 1.2385, 0.5 + 0.4 * (1 - exp (-0.02 * t))), ==, 0);
    }
  return h;
}

/* ---- Pixels -------------------------------------------------------------- */

typedef struct {
  double r, g, b, a;   /* 0..255, un-premultiplied */
} Px;

static Px
pixel_at (cairo_surface_t *s, double x, double y)
{
  int ix = (int) floor (x), iy = (int) floor (y);
  unsigned char *data;
  guint32 p;
  Px out;

  cairo_format_t fmt = cairo_image_surface_get_format (s);

  /* cairo reads an opaque PNG back as RGB24 */
  g_assert_true (fmt == CAIRO_FORMAT_ARGB32 || fmt == CAIRO_FORMAT_RGB24);
  g_assert_cmpint (ix, >=, 0);
  g_assert_cmpint (iy, >=, 0);
  g_assert_cmpint (ix, <, cairo_image_surface_get_width (s));
  g_assert_cmpint (iy, <, cairo_image_surface_get_height (s));
  cairo_surface_flush (s);
  data = cairo_image_surface_get_data (s);
  p = *(guint32 *) (data + iy * cairo_image_surface_get_stride (s) + 4 * ix);
  out.a = fmt == CAIRO_FORMAT_RGB24 ? 255 : p >> 24;
  out.r = p >> 16 & 0xff;
  out.g = p >> 8 & 0xff;
  out.b = p & 0xff;
  if (out.a > 0 && out.a < 255)
    {
      out.r = out.r * 255 / out.a;
      out.g = out.g * 255 / out.a;
      out.b = out.b * 255 / out.a;
    }
  return out;
}

/* Hue in degrees and saturation (HSV), computed here from the definition. */
static void
hue_sat (double r, double g, double b, double *hue, double *sat)
{
  double mx = MAX (r, MAX (g, b)), mn = MIN (r, MIN (g, b)), d = mx - mn;

  *sat = mx > 0 ? d / mx : 0;
  if (d == 0)
    *hue = 0;
  else if (mx == r)
    *hue = 60 * fmod ((g - b) / d + 6, 6);
  else if (mx == g)
    *hue = 60 * ((b - r) / d + 2);
  else
    *hue = 60 * ((r - g) / d + 4);
}

static double
hue_distance (double h1, double h2)
{
  double d = fabs (h1 - h2);
  return MIN (d, 360 - d);
}

/* Class 1 is orange #E66100, class 0 blue #1A5FB4 (the contract header). */
static void
assert_class_tint (Px p, int cls)
{
  double hue, sat, want_hue, want_sat;

  hue_sat (p.r, p.g, p.b, &hue, &sat);
  if (cls == 1)
    hue_sat (0xE6, 0x61, 0x00, &want_hue, &want_sat);
  else
    hue_sat (0x1A, 0x5F, 0xB4, &want_hue, &want_sat);
  g_test_message ("pixel (%g, %g, %g): hue %.1f sat %.2f, class %d hue %.1f", p.r, p.g, p.b,
                  hue, sat, cls, want_hue);
  g_assert_cmpfloat (p.a, ==, 255);
  g_assert_cmpfloat (hue_distance (hue, want_hue), <, 12.0);
  g_assert_cmpfloat (sat, >, 0.35);
}

static void
device_point (const NnpPlotState *st, double ax, double ay, double aw, double ah, double scale,
              double x1, double x2, double *px, double *py)
{
  *px = scale * (ax + (x1 - st->xmin) / (st->xmax - st->xmin) * aw);
  *py = scale * (ay + (st->ymax - x2) / (st->ymax - st->ymin) * ah);
}

/* ---- Names and state ----------------------------------------------------- */

static void
test_names (void)
{
  NnpFigure fig;
  NnpFormat fmt;

  for (int f = 0; f <= NNP_FIGURE_ALL; f++)
    {
      g_assert_true (nnp_figure_from_name (nnp_figure_name (f), &fig));
      g_assert_cmpint (fig, ==, f);
    }
  g_assert_cmpstr (nnp_figure_name (NNP_FIGURE_HIDDEN), ==, "hidden");
  g_assert_false (nnp_figure_from_name ("boundaries", &fig));

  g_assert_true (nnp_format_from_path ("a/b/fig.PNG", &fmt));
  g_assert_cmpint (fmt, ==, NNP_FORMAT_PNG);
  g_assert_true (nnp_format_from_path ("slide.svg", &fmt));
  g_assert_cmpint (fmt, ==, NNP_FORMAT_SVG);
  g_assert_true (nnp_format_from_path ("x.y.Pdf", &fmt));
  g_assert_cmpint (fmt, ==, NNP_FORMAT_PDF);
  g_assert_false (nnp_format_from_path ("figure", &fmt));
  g_assert_false (nnp_format_from_path ("figure.jpeg", &fmt));
  g_assert_false (nnp_format_from_path ("dir.png/figure", &fmt));
}

static void
test_state_fit (void)
{
  const double xy[] = { -1.0, 0.5, 3.0, 2.0, 0.25, 1.0 }, y[] = { 0, 1, 1 };
  const double txy[] = { 0.0, 0.75 }, ty[] = { 0 };
  g_autoptr(NnpDataset) train = points (3, xy, y);
  g_autoptr(NnpDataset) test = points (1, txy, ty);
  NnpPlotState st;
  NnpPlotStyle style;

  nnp_plot_state_init (&st);
  nnp_plot_style_init (&style);
  g_assert_cmpfloat (st.xmin, ==, -2);
  g_assert_cmpfloat (st.ymax, ==, 2);
  g_assert_cmpint (st.cell_px, ==, 1);
  g_assert_cmpint (st.unit, ==, -1);
  g_assert_null (st.model);
  g_assert_false (style.dark);
  g_assert_false (style.transparent);
  g_assert_cmpfloat (style.font_size, ==, 0);

  /* No data: the view stays. */
  nnp_plot_state_fit_view (&st);
  g_assert_cmpfloat (st.xmax, ==, 2);

  /* x spans [-1, 3] (4), y [0.5, 2] (1.5): square of side 4 + 2 * 0.4
   * around the centre (1, 1.25). */
  st.train = train;
  st.test = test;
  nnp_plot_state_fit_view (&st);
  g_assert_cmpfloat_with_epsilon (st.xmin, -1.4, 1e-12);
  g_assert_cmpfloat_with_epsilon (st.xmax, 3.4, 1e-12);
  g_assert_cmpfloat_with_epsilon (st.ymin, -1.15, 1e-12);
  g_assert_cmpfloat_with_epsilon (st.ymax, 3.65, 1e-12);

  /* The boundary area keeps the view's aspect and lies inside the figure. */
  {
    double x, y0, w, h;
    st.xmin = -2;
    st.xmax = 2;
    st.ymin = -1;
    st.ymax = 1;
    nnp_plot_boundary_area (1920, 1080, &st, &style, &x, &y0, &w, &h);
    g_assert_cmpfloat_with_epsilon (w / h, 2.0, 1e-9);
    g_assert_cmpfloat (x, >, 0);
    g_assert_cmpfloat (y0, >, 0);
    g_assert_cmpfloat (x + w, <, 1920);
    g_assert_cmpfloat (y0 + h, <, 1080);
    g_assert_cmpfloat (h, >, 1080 * 0.4);
  }
}

/* ---- Helpers: ticks, lines, contours ----------------------------------- */

static void
test_ticks (void)
{
  double t[NNP_MAX_TICKS], step;
  char buf[64];
  int n;

  n = nnp_nice_ticks (0, 1, 5, t, &step);
  g_assert_cmpint (n, ==, 6);
  g_assert_cmpfloat_with_epsilon (step, 0.2, 1e-15);
  g_assert_cmpfloat_with_epsilon (t[3], 0.6, 1e-12);

  n = nnp_nice_ticks (-1.73, 2.4, 5, t, &step);
  g_assert_cmpint (n, ==, 4);
  g_assert_cmpfloat (step, ==, 1.0);
  g_assert_cmpfloat (t[0], ==, -1.0);
  g_assert_cmpfloat (t[1], ==, 0.0);

  n = nnp_nice_ticks (-2.385, 2.385, 8, t, &step);
  g_assert_cmpfloat (step, ==, 0.5);
  g_assert_cmpfloat (t[0], ==, -2.0);
  g_assert_cmpint (n, ==, 9);

  /* Degenerate ranges give one tick, never a loop or NaN. */
  g_assert_cmpint (nnp_nice_ticks (1, 1, 5, t, &step), ==, 1);
  g_assert_cmpint (nnp_nice_ticks (NAN, 1, 5, t, &step), ==, 1);
  g_assert_true (isfinite (t[0]));

  nnp_format_tick (buf, sizeof buf, -0.5, 0.5);
  g_assert_cmpstr (buf, ==, "\xe2\x88\x92" "0.5");
  nnp_format_tick (buf, sizeof buf, 1e-17, 0.25);
  g_assert_cmpstr (buf, ==, "0.00");
  nnp_format_tick (buf, sizeof buf, 1500, 500);
  g_assert_cmpstr (buf, ==, "1500");
  /* far from 1: short scientific labels, not 100 digits */
  nnp_format_tick (buf, sizeof buf, 1.5e100, 5e99);
  g_assert_cmpstr (buf, ==, "1.5e100");
  nnp_format_tick (buf, sizeof buf, -2e8, 1e8);
  g_assert_cmpstr (buf, ==, "\xe2\x88\x92" "2e8");
  nnp_format_tick (buf, sizeof buf, 3e-7, 1e-7);
  g_assert_cmpstr (buf, ==, "3e-7");
}

static void
test_clip_line (void)
{
  double x0, y0, x1, y1;

  /* x1 + x2 = 0 through [-1, 1]^2 runs corner to corner. */
  g_assert_true (nnp_clip_line (1, 1, 0, -1, 1, -1, 1, &x0, &y0, &x1, &y1));
  g_assert_cmpfloat_with_epsilon (fabs (x0 - x1), 2.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (x0 + y0, 0.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (x1 + y1, 0.0, 1e-12);

  /* 2.385 x1 - 1 = 0: vertical at x1 = 0.41929 from bottom to top. */
  g_assert_true (nnp_clip_line (2.385, 0, -1, -2, 2, -1, 3, &x0, &y0, &x1, &y1));
  g_assert_cmpfloat_with_epsilon (x0, 1 / 2.385, 1e-12);
  g_assert_cmpfloat_with_epsilon (x1, 1 / 2.385, 1e-12);
  g_assert_cmpfloat_with_epsilon (fabs (y1 - y0), 4.0, 1e-12);

  g_assert_false (nnp_clip_line (1, 0, -5, -2, 2, -2, 2, &x0, &y0, &x1, &y1));   /* x1 = 5 misses */
  g_assert_false (nnp_clip_line (0, 0, 1, -2, 2, -2, 2, &x0, &y0, &x1, &y1));    /* no line */
  g_assert_false (nnp_clip_line (NAN, 1, 0, -2, 2, -2, 2, &x0, &y0, &x1, &y1));
}

/* The level set r = 0.7385 of the distance from the centre of a node grid
 * over [-1, 1]^2: one closed polyline, every vertex on the circle up to the
 * error of linear interpolation. */
static void
test_contour_circle (void)
{
  const size_t n = 41;
  const double r = 0.7385;
  g_autofree double *v = g_new (double, n * n);
  cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 10, 10);
  cairo_t *cr = cairo_create (s);
  cairo_path_t *path;
  int moves = 0, closes = 0, vertices = 0;

  for (size_t i = 0; i < n; i++)
    for (size_t j = 0; j < n; j++)
      {
        double x = -1 + 2.0 * j / (n - 1), y = 1 - 2.0 * i / (n - 1);
        v[i * n + j] = hypot (x, y);
      }
  /* The nodes span (0, 0, 200, 200): the plane scaled by 100 about (100, 100)
   * (cairo keeps paths in 24.8 fixed point, so not the unit square). */
  nnp_contour_path (cr, v, n, n, r, 0, 0, 200, 200);
  path = cairo_copy_path (cr);
  for (int i = 0, after_close = 0; i < path->num_data; i += path->data[i].header.length)
    {
      cairo_path_data_t *d = &path->data[i];
      switch (d->header.type)
        {
        case CAIRO_PATH_MOVE_TO:
          /* cairo itself adds a move to the start after each close */
          moves += !after_close;
          after_close = 0;
          g_assert_cmpfloat (fabs (hypot (d[1].point.x - 100, d[1].point.y - 100) - 100 * r), <, 0.3);
          break;
        case CAIRO_PATH_LINE_TO:
          vertices++;
          after_close = 0;
          g_assert_cmpfloat (fabs (hypot (d[1].point.x - 100, d[1].point.y - 100) - 100 * r), <, 0.3);
          break;
        case CAIRO_PATH_CLOSE_PATH:
          closes++;
          after_close = 1;
          break;
        default:
          g_assert_not_reached ();
        }
    }
  g_assert_cmpint (moves, ==, 1);
  g_assert_cmpint (closes, ==, 1);
  g_assert_cmpint (vertices, >, 40);
  cairo_path_destroy (path);

  /* Non-finite nodes are skipped, never drawn. */
  cairo_new_path (cr);
  for (size_t k = 0; k < n * n; k++)
    v[k] = NAN;
  nnp_contour_path (cr, v, n, n, 0.5, 0, 0, 10, 10);
  path = cairo_copy_path (cr);
  g_assert_cmpint (path->num_data, ==, 0);
  cairo_path_destroy (path);
  cairo_destroy (cr);
  cairo_surface_destroy (s);
}

/* Counts a path's pieces; every vertex (in node units over [-1, 1]^2,
 * the path drawn over (0, 0, 200, 200)) must have |level(x, y)| < tol. */
static void
count_contour (cairo_t *cr, double (*level) (double, double), double tol,
               int *moves, int *closes, int *vertices, double *ymin, double *ymax)
{
  cairo_path_t *path = cairo_copy_path (cr);
  *moves = *closes = *vertices = 0;
  *ymin = G_MAXDOUBLE;
  *ymax = -G_MAXDOUBLE;
  for (int i = 0, after_close = 0; i < path->num_data; i += path->data[i].header.length)
    {
      cairo_path_data_t *d = &path->data[i];
      if (d->header.type == CAIRO_PATH_CLOSE_PATH)
        {
          ++*closes;
          after_close = 1;
          continue;
        }
      g_assert_true (d->header.type == CAIRO_PATH_MOVE_TO || d->header.type == CAIRO_PATH_LINE_TO);
      if (d->header.type == CAIRO_PATH_MOVE_TO)
        *moves += !after_close;
      else
        ++*vertices;
      after_close = 0;
      double x = d[1].point.x / 100 - 1, y = 1 - d[1].point.y / 100;
      g_assert_cmpfloat (fabs (level (x, y)), <, tol);
      *ymin = MIN (*ymin, d[1].point.y);
      *ymax = MAX (*ymax, d[1].point.y);
    }
  cairo_path_destroy (path);
}

/* cr's path: `pieces` open polylines with at least `vertices` line
 * segments in all, on the level; spanning the plot from its top border
 * to its bottom one when `span`. */
static void
expect_open_pieces (cairo_t *cr, double (*level) (double, double), double tol,
                    int pieces, int vertices, gboolean span)
{
  int moves, closes, lines;
  double ymin, ymax;
  count_contour (cr, level, tol, &moves, &closes, &lines, &ymin, &ymax);
  g_assert_cmpint (moves, ==, pieces);
  g_assert_cmpint (closes, ==, 0);
  g_assert_cmpint (lines, >=, vertices);
  if (span)
    {
      g_assert_cmpfloat (ymin, ==, 0.0);
      g_assert_cmpfloat (ymax, ==, 200.0);
    }
}

static double level_x (double x, double y) { return x + 0.1 * y * y - 0.05; }
static double level_xy (double x, double y) { return x * y - 0.1; }

/* Open polylines: a curve across the grid is one piece from border to
 * border; cut by a row of NaN nodes, two pieces that stop at the hole;
 * the hyperbola x y = 0.1, two pieces in opposite quadrants. */
static void
test_contour_open (void)
{
  const size_t n = 21;
  g_autofree double *v = g_new (double, n * n);
  cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 10, 10);
  cairo_t *cr = cairo_create (s);
  for (size_t i = 0; i < n; i++)
    for (size_t j = 0; j < n; j++)
      {
        /* a parabola, so cairo keeps every vertex (it merges collinear ones) */
        double x = -1 + 2.0 * j / (n - 1), y = 1 - 2.0 * i / (n - 1);
        v[i * n + j] = x + 0.1 * y * y;
      }
  nnp_contour_path (cr, v, n, n, 0.05, 0, 0, 200, 200);
  expect_open_pieces (cr, level_x, 2e-3, 1, 3, TRUE);

  /* row 10 NaN: the cells of rows 9 and 10 are skipped */
  for (size_t j = 0; j < n; j++)
    v[10 * n + j] = NAN;
  cairo_new_path (cr);
  nnp_contour_path (cr, v, n, n, 0.05, 0, 0, 200, 200);
  expect_open_pieces (cr, level_x, 2e-3, 2, 4, TRUE);

  for (size_t i = 0; i < n; i++)
    for (size_t j = 0; j < n; j++)
      v[i * n + j] = (-1 + 2.0 * j / (n - 1)) * (1 - 2.0 * i / (n - 1));
  cairo_new_path (cr);
  nnp_contour_path (cr, v, n, n, 0.1, 0, 0, 200, 200);
  expect_open_pieces (cr, level_xy, 0.02, 2, 7, FALSE);

  cairo_destroy (cr);
  cairo_surface_destroy (s);
}

/* ---- PNG ------------------------------------------------------------------ */

static cairo_surface_t *
export_png (NnpFigure fig, const char *name, int w, int h, double scale,
            const NnpPlotState *st, const NnpPlotStyle *style)
{
  g_autofree char *path = tmp_path (name);
  g_autoptr(GError) error = NULL;
  cairo_surface_t *s;

  g_assert_true (nnp_plot_export (fig, NNP_FORMAT_PNG, path, w, h, scale, st, style, &error));
  g_assert_no_error (error);
  s = cairo_image_surface_create_from_png (path);
  g_assert_cmpint (cairo_surface_status (s), ==, CAIRO_STATUS_SUCCESS);
  return s;
}


static cairo_surface_t *
draw_boundary_style (const NnpPlotState *st, const NnpPlotStyle *style, int w, int h, double scale)
{
  cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) (w * scale), (int) (h * scale));
  cairo_t *cr = cairo_create (s);
  cairo_scale (cr, scale, scale);
  nnp_plot_boundary (cr, w, h, st, style);
  cairo_destroy (cr);
  cairo_surface_flush (s);
  return s;
}

static cairo_surface_t *
draw_boundary (const NnpPlotState *st, int w, int h, double scale)
{
  NnpPlotStyle style;
  cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) (w * scale), (int) (h * scale));
  cairo_t *cr = cairo_create (s);
  nnp_plot_style_init (&style);
  cairo_scale (cr, scale, scale);
  nnp_plot_boundary (cr, w, h, st, &style);
  cairo_destroy (cr);
  cairo_surface_flush (s);
  return s;
}

/* Share of pixels whose channels differ by more than tol. */
static double
differing (cairo_surface_t *a, cairo_surface_t *b, int tol)
{
  int w = cairo_image_surface_get_width (a), h = cairo_image_surface_get_height (a);
  size_t bad = 0;
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        Px p = pixel_at (a, x, y), q = pixel_at (b, x, y);
        bad += fabs (p.r - q.r) > tol || fabs (p.g - q.g) > tol || fabs (p.b - q.b) > tol;
      }
  return (double) bad / ((double) w * h);
}

/* The app's grid cache: the same picture as a fresh evaluation, the
 * network evaluated once while model, view and size stay, again when one
 * of them changes. */
static void
test_grid_cache (void)
{
  NnpModel *m = nnp_model_alloc (2, 12, NNP_ACT_TANH);
  nnp_model_init_random (m, 2385);
  gsl_matrix_scale (&m->theta->W1.matrix, 2.5);
  *m->theta->b2 = 0.31;
  const double xy[] = { -1.2385, 1.2, 0.7, -0.4 }, y[] = { 1, 0 };
  g_autoptr(NnpDataset) train = points (2, xy, y);
  g_autoptr(NnpPlotGrid) grid = nnp_plot_grid_new (2);
  NnpPlotState st;

  nnp_plot_state_init (&st);
  st.model = m;
  st.train = train;
  cairo_surface_t *fresh = draw_boundary (&st, 500, 400, 1.5);
  st.grid = grid;
  cairo_surface_t *cached = draw_boundary (&st, 500, 400, 1.5);
  g_assert_cmpuint (nnp_plot_grid_evaluations (grid), ==, 1);
  double diff = differing (fresh, cached, 6);
  g_test_message ("pixels differing: %.4f", diff);
  /* the heat map is the same to a few levels; the contour moves by a
   * fraction of a pixel, which changes its antialiased edge pixels only */
  g_assert_cmpfloat (diff, <, 0.01);
  if (g_getenv ("NNP_TEST_KEEP_PNG") != NULL)
    {
      cairo_surface_write_to_png (fresh, "grid-fresh.png");
      cairo_surface_write_to_png (cached, "grid-cached.png");
    }

  /* unchanged: no evaluation; the same pixels */
  cairo_surface_t *again = draw_boundary (&st, 500, 400, 1.5);
  g_assert_cmpuint (nnp_plot_grid_evaluations (grid), ==, 1);
  g_assert_cmpfloat (differing (cached, again, 0), ==, 0.0);
  cairo_surface_destroy (again);

  /* a changed parameter, view or size: evaluated again, and it shows */
  *m->theta->b2 = -2.0;
  again = draw_boundary (&st, 500, 400, 1.5);
  g_assert_cmpuint (nnp_plot_grid_evaluations (grid), ==, 2);
  g_assert_cmpfloat (differing (cached, again, 6), >, 0.05);
  cairo_surface_destroy (again);
  st.xmin = -3.0;
  again = draw_boundary (&st, 500, 400, 1.5);
  g_assert_cmpuint (nnp_plot_grid_evaluations (grid), ==, 3);
  cairo_surface_destroy (again);
  again = draw_boundary (&st, 500, 400, 1.0);
  g_assert_cmpuint (nnp_plot_grid_evaluations (grid), ==, 4);
  cairo_surface_destroy (again);

  /* the nodes are the logit: on the view's corners as the model says */
  size_t nx, ny;
  const float *z = nnp_plot_grid_logit (grid, &nx, &ny);
  g_assert_nonnull (z);
  double h1[12], corner[2] = { st.xmin, st.ymax };
  double a2 = nnp_model_hidden (m, corner, h1);
  g_assert_cmpfloat (fabs (1.0 / (1.0 + exp (-z[0])) - a2), <, 1e-5);
  corner[0] = st.xmax;
  corner[1] = st.ymin;
  a2 = nnp_model_hidden (m, corner, h1);
  g_assert_cmpfloat (fabs (1.0 / (1.0 + exp (-z[nx * ny - 1])) - a2), <, 1e-5);

  /* nothing to evaluate */
  g_assert_false (nnp_plot_grid_update (grid, NULL, -1, 1, -1, 1, 10, 10));
  g_assert_false (nnp_plot_grid_update (grid, m, 1, 1, -1, 1, 10, 10));
  g_assert_null (nnp_plot_grid_logit (grid, NULL, NULL));

  cairo_surface_destroy (fresh);
  cairo_surface_destroy (cached);
  nnp_model_free (m);
}

/* A label drawn black at the given scale onto a fresh white 160 x 60
 * image: at (20, 40), or at (80, 30) turned a quarter when vertical. */
static cairo_surface_t *
draw_label (const char *markup, double size, NnpTextFlags flags, double scale, gboolean vertical)
{
  const NnpRgba ink = { 0, 0, 0, 1 };
  cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 160, 60);
  cairo_t *cr = cairo_create (s);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_scale (cr, scale, scale);
  if (vertical)
    nnp_text_draw_vertical (cr, markup, size, flags, 80 / scale, 30 / scale, &ink);
  else
    nnp_text_draw (cr, markup, size, flags, 20 / scale, 40 / scale, 0, 1, &ink);
  cairo_destroy (cr);
  cairo_surface_flush (s);
  return s;
}

/* Labels are laid out once and kept: a kept layout is the one for its
 * markup, size and flags (a mutation that drops the size from the key
 * fails here), and draws the picture of a layout made afresh: after the
 * same label was laid out for a recording surface, turned and scaled,
 * and after other labels pushed the oldest out. (Whether the key holds
 * the matrix and the target's font options shows in no picture here:
 * with unhinted metrics a layout does not depend on them.) */
static void
test_text_kept_layouts (void)
{
  const char *label = "<i>W</i><sup>[1]</sup> x 0.25";
  /* laid out first for a recording surface, whose font options differ
   * from an image's (glyph positions not rounded) */
  cairo_surface_t *rec = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, NULL);
  cairo_t *rcr = cairo_create (rec);
  nnp_text_draw (rcr, label, 14, NNP_TEXT_NORMAL, 20, 40, 0, 1, &(NnpRgba) { 0, 0, 0, 1 });
  nnp_text_draw (rcr, "Cost 0.25", 14, NNP_TEXT_NORMAL, 20, 40, 0, 1, &(NnpRgba) { 0, 0, 0, 1 });
  cairo_destroy (rcr);
  cairo_surface_destroy (rec);
  /* a plain label kept, against one laid out afresh for the image */
  cairo_surface_t *kept = draw_label ("Cost 0.25", 14, NNP_TEXT_NORMAL, 1.0, FALSE);
  cairo_surface_t *fresh = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 160, 60);
  cairo_t *fcr = cairo_create (fresh);
  cairo_set_source_rgb (fcr, 1, 1, 1);
  cairo_paint (fcr);
  PangoLayout *own = nnp_text_layout (fcr, 14, NNP_TEXT_NORMAL);
  nnp_text_draw_with (fcr, own, "Cost 0.25", 20, 40, 0, 1, &(NnpRgba) { 0, 0, 0, 1 });
  g_object_unref (own);
  cairo_destroy (fcr);
  cairo_surface_flush (fresh);
  g_assert_cmpfloat (differing (kept, fresh, 0), ==, 0.0);
  cairo_surface_destroy (kept);
  cairo_surface_destroy (fresh);
  cairo_surface_t *first = draw_label (label, 14, NNP_TEXT_NORMAL, 1.0, FALSE);
  double w10, h10, w20, wb, wi;
  cairo_surface_t *probe = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, 1);
  cairo_t *cr = cairo_create (probe);
  nnp_text_extents (cr, "Ab 12", 10, NNP_TEXT_NORMAL, &w10, &h10);
  nnp_text_extents (cr, "Ab 12", 20, NNP_TEXT_NORMAL, &w20, NULL);
  nnp_text_extents (cr, "Ab 12", 10, NNP_TEXT_BOLD, &wb, NULL);
  nnp_text_extents (cr, "Ab 123", 10, NNP_TEXT_NORMAL, &wi, NULL);
  g_assert_cmpfloat (w10, >, 10.0);
  g_assert_cmpfloat (w20, >, 1.7 * w10);
  g_assert_cmpfloat (wb, >, w10);
  g_assert_cmpfloat (wi, >, w10);

  /* the same label turned, then at twice the scale, differs */
  cairo_surface_t *turned = draw_label (label, 14, NNP_TEXT_NORMAL, 1.0, TRUE);
  cairo_surface_t *scaled = draw_label (label, 14, NNP_TEXT_NORMAL, 2.0, FALSE);
  g_assert_cmpfloat (differing (first, turned, 0), >, 0.0);
  g_assert_cmpfloat (differing (first, scaled, 0), >, 0.0);
  /* and is the first picture again afterwards */
  cairo_surface_t *again = draw_label (label, 14, NNP_TEXT_NORMAL, 1.0, FALSE);
  g_assert_cmpfloat (differing (first, again, 0), ==, 0.0);

  /* 300 other labels later, every extent is what it was */
  for (int i = 0; i < 300; i++)
    {
      g_autofree char *other = g_strdup_printf ("label %d", i);
      nnp_text_extents (cr, other, 10, NNP_TEXT_NORMAL, NULL, NULL);
    }
  double w10b, h10b;
  nnp_text_extents (cr, "Ab 12", 10, NNP_TEXT_NORMAL, &w10b, &h10b);
  g_assert_cmpfloat (w10b, ==, w10);
  g_assert_cmpfloat (h10b, ==, h10);
  cairo_surface_t *last = draw_label (label, 14, NNP_TEXT_NORMAL, 1.0, FALSE);
  g_assert_cmpfloat (differing (first, last, 0), ==, 0.0);

  cairo_destroy (cr);
  cairo_surface_destroy (probe);
  cairo_surface_destroy (first);
  cairo_surface_destroy (turned);
  cairo_surface_destroy (scaled);
  cairo_surface_destroy (again);
  cairo_surface_destroy (last);
}

/* The heat map's rows: the AVX2 painter gives the base painter's pixels
 * exactly, at every width (the eight-pixel body and the tail), for
 * every kind of logit (NaN, infinities, the table's ends, values that
 * round either way), and both give the entries worked out by hand. */
static void
test_grid_paint_row_isa (void)
{
  guint32 table[NNP_GRID_TABLE_SIZE];
  for (int i = 0; i < NNP_GRID_TABLE_SIZE; i++)
    table[i] = 0x01000000u + (guint32) i;   /* entry i shows as i */
  /* z = -8 is entry 0, z = 8 entry 4095 (4095 / 16 entries per unit of
   * z); z = 0 is 2047.5, rounded up; NaN the neutral entry 4096 */
  const float z_hand[] = { -100.0f, -8.0f, 0.0f, 8.0f, 100.0f, NAN, -1e30f, 1e30f };
  const guint32 want[] = { 0, 0, 2048, 4095, 4095, 4096, 0, 4095 };
  const char *isas[] = { "base", "avx2" };
  gboolean have_avx2 = FALSE;
  for (int v = 0; v < 2; v++)
    {
      guint32 px[8];
      if (!nnp_grid_paint_row_isa (isas[v], px, z_hand, z_hand, 0.0f, table, 8))
        continue;
      have_avx2 |= v == 1;
      for (int i = 0; i < 8; i++)
        g_assert_cmpuint (px[i] - 0x01000000u, ==, want[i]);
    }
  if (!have_avx2)
    {
      g_test_skip ("no AVX2 variant in this build or on this CPU");
      return;
    }

  enum { N = 203 };
  float r0[N], r1[N];
  GRand *rand = g_rand_new_with_seed (5);
  for (int i = 0; i < N; i++)
    {
      r0[i] = (float) g_rand_double_range (rand, -10.0, 10.0);
      r1[i] = (float) g_rand_double_range (rand, -10.0, 10.0);
    }
  const float special[] = { NAN, INFINITY, -INFINITY, 0.0f, -0.0f, 1e-40f, -8.0f, 8.0f, 3.4e38f,
                            -3.4e38f, 16.0f / 4095.0f * 0.5f - 8.0f, 8.0f - 16.0f / 4095.0f * 0.5f };
  for (size_t k = 0; k < G_N_ELEMENTS (special); k++)
    {
      r0[7 * k + 3] = special[k];
      r1[11 * k + 1] = special[G_N_ELEMENTS (special) - 1 - k];
    }
  const float wys[] = { 0.0f, 0.25f, 1.0f / 3.0f, 0.5f, 0.999f, 1.0f };
  guint32 a[N], b[N];
  for (size_t w = 0; w < G_N_ELEMENTS (wys); w++)
    for (int width = 0; width <= N; width += width < 40 ? 1 : 27)
      for (int off = 0; off < 3 && off + width <= N; off++)
        {
          memset (a, 0, sizeof a);
          memset (b, 0xff, sizeof b);
          g_assert_true (nnp_grid_paint_row_isa ("base", a, r0 + off, r1 + off, wys[w], table, width));
          g_assert_true (nnp_grid_paint_row_isa ("avx2", b, r0 + off, r1 + off, wys[w], table, width));
          g_assert_cmpmem (a, width * sizeof (guint32), b, width * sizeof (guint32));
          g_assert_cmpuint (b[width], ==, 0xffffffffu);   /* nothing past the row */
        }
  g_rand_free (rand);
}

/* As GTK keeps a frame: the boundary recorded, replayed later. The grid
 * reuses the heat map's surface two model changes on; a frame recorded
 * before must still show its own heat map, not the later model's. */
static void
test_grid_recycled_frame (void)
{
  NnpModel *m = nnp_model_alloc (2, 6, NNP_ACT_SIGMOID);
  nnp_model_init_random (m, 11);
  gsl_matrix_scale (&m->theta->W1.matrix, 3.0);
  const double xy[] = { -1.0, 1.0, 0.7, -0.4 }, y[] = { 1, 0 };
  g_autoptr(NnpDataset) train = points (2, xy, y);
  g_autoptr(NnpPlotGrid) grid = nnp_plot_grid_new (2);
  NnpPlotState st;
  NnpPlotStyle style;

  nnp_plot_state_init (&st);
  nnp_plot_style_init (&style);
  st.model = m;
  st.train = train;
  st.grid = grid;
  cairo_surface_t *frames[3];
  cairo_surface_t *direct = draw_boundary (&st, 300, 200, 1.0);
  for (int f = 0; f < 3; f++)
    {
      frames[f] = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, NULL);
      cairo_t *cr = cairo_create (frames[f]);
      nnp_plot_boundary (cr, 300, 200, &st, &style);
      cairo_destroy (cr);
      *m->theta->b2 += 1.5;   /* the next frame's model */
    }
  g_assert_cmpuint (nnp_plot_grid_evaluations (grid), ==, 3);
  /* frame 0 replayed after its surface went to frame 2 */
  cairo_surface_t *replay = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 300, 200);
  cairo_t *cr = cairo_create (replay);
  cairo_set_source_surface (cr, frames[0], 0, 0);
  cairo_paint (cr);
  cairo_destroy (cr);
  cairo_surface_flush (replay);
  g_assert_cmpfloat (differing (direct, replay, 0), ==, 0.0);
  /* and frame 2 differs from it: the check can fail */
  cr = cairo_create (replay);
  cairo_set_source_surface (cr, frames[2], 0, 0);
  cairo_paint (cr);
  cairo_destroy (cr);
  cairo_surface_flush (replay);
  g_assert_cmpfloat (differing (direct, replay, 6), >, 0.05);
  for (int f = 0; f < 3; f++)
    cairo_surface_destroy (frames[f]);
  cairo_surface_destroy (replay);
  cairo_surface_destroy (direct);
  nnp_model_free (m);
}

/* The on-screen cache keeps the points layer while nothing it shows
 * changes: a point moved in place (same dataset, same count) or
 * relabelled must show at once, exactly as drawn afresh (no model, so
 * only the points differ between drawings). */
static void
test_points_layer_cache (void)
{
  const double xy[] = { -1.0, 1.0, 0.7, -0.4, 0.2, 0.3 }, y[] = { 1, 0, 1 };
  g_autoptr(NnpDataset) train = points (3, xy, y);
  g_autoptr(NnpPlotGrid) grid = nnp_plot_grid_new (2);
  NnpPlotState st;

  nnp_plot_state_init (&st);
  st.train = train;
  st.grid = grid;
  cairo_surface_t *first = draw_boundary (&st, 400, 300, 2.0);
  cairo_surface_t *again = draw_boundary (&st, 400, 300, 2.0);
  g_assert_cmpfloat (differing (first, again, 0), ==, 0.0);
  cairo_surface_destroy (again);

  for (int change = 0; change < 2; change++)
    {
      NnpPlotStyle style;
      nnp_plot_style_init (&style);
      if (change == 0)
        train->X[0] = 0.9;      /* moved */
      else
        train->y[2] = 0;        /* relabelled */
      cairo_surface_t *cached = draw_boundary_style (&st, &style, 400, 300, 2.0);
      st.grid = NULL;
      cairo_surface_t *fresh = draw_boundary_style (&st, &style, 400, 300, 2.0);
      st.grid = grid;
      g_assert_cmpfloat (differing (cached, first, 0), >, 0.0);
      g_assert_cmpfloat (differing (cached, fresh, 0), ==, 0.0);
      cairo_surface_destroy (first);
      first = cached;
      cairo_surface_destroy (fresh);
    }
  cairo_surface_destroy (first);
}

/* GTK records a widget's drawing at scale 1 and replays it at the
 * window's scale. Told that scale, the plot makes its points layer at it:
 * the replay at scale 2 is the picture drawn straight at scale 2, not the
 * scale-1 layer enlarged (soft markers, and a scaled composite every frame). */
static void
test_points_recorded_scale (void)
{
  double xy[2 * 40], y[40];
  for (int i = 0; i < 40; i++)
    {
      xy[2 * i] = -1.7 + 0.083 * i;
      xy[2 * i + 1] = 1.5 * sin (0.37 * i);
      y[i] = i % 2;
    }
  g_autoptr(NnpDataset) train = points (40, xy, y);
  NnpPlotStyle style;
  NnpPlotState st;
  const int w = 400, h = 300;

  nnp_plot_style_init (&style);
  nnp_plot_state_init (&st);
  st.train = train;
  cairo_surface_t *direct = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 2 * w, 2 * h);
  cairo_surface_set_device_scale (direct, 2, 2);
  cairo_t *cr = cairo_create (direct);
  nnp_plot_boundary (cr, w, h, &st, &style);
  cairo_destroy (cr);
  cairo_surface_flush (direct);

  for (int told = 0; told < 2; told++)
    {
      st.device_scale = told ? 2.0 : 0.0;
      cairo_surface_t *rec = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA,
                                                             &(cairo_rectangle_t) { 0, 0, w, h });
      cr = cairo_create (rec);
      nnp_plot_boundary (cr, w, h, &st, &style);
      cairo_destroy (cr);
      cairo_surface_t *replayed = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 2 * w, 2 * h);
      cairo_surface_set_device_scale (replayed, 2, 2);
      cr = cairo_create (replayed);
      cairo_set_source_surface (cr, rec, 0, 0);
      cairo_paint (cr);
      cairo_destroy (cr);
      cairo_surface_flush (replayed);
      double share = differing (direct, replayed, 24);
      if (told)
        g_assert_cmpfloat (share, <, 1e-4);
      else
        g_assert_cmpfloat (share, >, 1e-3);   /* the test can see the difference */
      cairo_surface_destroy (replayed);
      cairo_surface_destroy (rec);
    }
  cairo_surface_destroy (direct);
}

static cairo_surface_t *
draw_unit (const NnpPlotState *st, size_t j, int w, int h)
{
  NnpPlotStyle style;
  cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w, h);
  cairo_t *cr = cairo_create (s);
  nnp_plot_style_init (&style);
  nnp_plot_hidden_unit (cr, w, h, j, st, &style);
  cairo_destroy (cr);
  cairo_surface_flush (s);
  return s;
}

/* A hidden unit's thumbnail with a grid of its own (the app's, to keep
 * its points layer): the picture without one, before and after a point
 * moves; and the grid's a2 evaluation is not used for the unit. */
static void
test_points_layer_unit (void)
{
  const double xy[] = { -1.0, 1.0, 0.7, -0.4, 0.2, 0.3 }, y[] = { 1, 0, 1 };
  g_autoptr(NnpDataset) train = points (3, xy, y);
  g_autoptr(NnpPlotGrid) grid = nnp_plot_grid_new (2);
  NnpModel *m = nnp_model_alloc (2, 3, NNP_ACT_TANH);
  nnp_model_init_random (m, 7);
  NnpPlotState st;
  cairo_surface_t *before = NULL;

  nnp_plot_state_init (&st);
  st.model = m;
  st.train = train;
  for (int round = 0; round < 2; round++)
    {
      if (round == 1)
        train->X[2] = -0.5;     /* moved */
      st.grid = grid;
      cairo_surface_t *kept = draw_unit (&st, 1, 220, 160);
      cairo_surface_t *again = draw_unit (&st, 1, 220, 160);
      st.grid = NULL;
      cairo_surface_t *fresh = draw_unit (&st, 1, 220, 160);
      g_assert_cmpfloat (differing (kept, fresh, 0), ==, 0.0);
      g_assert_cmpfloat (differing (again, fresh, 0), ==, 0.0);
      if (before != NULL)
        g_assert_cmpfloat (differing (before, kept, 0), >, 0.0);   /* the move shows */
      g_clear_pointer (&before, cairo_surface_destroy);
      before = kept;
      cairo_surface_destroy (again);
      cairo_surface_destroy (fresh);
    }
  cairo_surface_destroy (before);
  g_assert_cmpuint (nnp_plot_grid_evaluations (grid), ==, 0);
  nnp_model_free (m);
}

/* A budget of unit evaluations coarsens the nodes (for the app while
 * training) until they fit, never beyond 4 times the finest step; the
 * picture stays close to the finest one; lifting the budget evaluates
 * again at the finest step. */
/* The ink height of markup drawn at size under a 4x scale (as an export
 * scales a figure up to fill a slide). */
static int
ink_height (const char *markup, double size)
{
  cairo_surface_t *img = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 600, 400);
  cairo_t *cr = cairo_create (img);
  const NnpRgba black = { 0, 0, 0, 1 };
  int y0 = 400, y1 = -1;

  cairo_scale (cr, 4, 4);
  nnp_text_draw (cr, markup, size, NNP_TEXT_NORMAL, 10, 50, 0, 0.5, &black);
  cairo_destroy (cr);
  cairo_surface_flush (img);
  const guint8 *data = cairo_image_surface_get_data (img);
  int stride = cairo_image_surface_get_stride (img);
  for (int y = 0; y < 400; y++)
    for (int x = 0; x < 600; x++)
      if (((const guint32 *) (data + (size_t) y * stride))[x] >> 24 > 0x40)
        y0 = MIN (y0, y), y1 = MAX (y1, y);
  cairo_surface_destroy (img);
  return y1 >= y0 ? y1 - y0 + 1 : 0;
}

/* A superscript is smaller than its letter at every size, also on a
 * scaled surface (Pango 1.50 sized <sup> from its default font: on a
 * slide scaled up, "[1]" came out three times the size of its "W"). */
static void
test_superscript_size (void)
{
  for (double size = 5.0; size <= 40.0; size *= 2.0)
    {
      int sup = ink_height ("<i>W</i><sup>[1]</sup>", size), plain = ink_height ("<i>W</i>[1]", size);
      int sub = ink_height ("<i>x</i><sub>1</sub>", size), flat = ink_height ("<i>x</i>1", size);
      g_test_message ("size %.0f: ink height W^[1] %d, W[1] %d; x_1 %d, x1 %d", size, sup, plain, sub, flat);
      g_assert_cmpint (plain, >, 0);
      g_assert_cmpfloat (sup, <, 1.5 * plain);
      g_assert_cmpfloat (sub, <, 1.5 * flat);
    }
}

static void
test_grid_budget (void)
{
  NnpModel *m = nnp_model_alloc (2, 64, NNP_ACT_SIGMOID);
  nnp_model_init_random (m, 77);
  const double xy[] = { -1.0, 1.0, 0.7, -0.4 }, y[] = { 1, 0 };
  g_autoptr(NnpDataset) train = points (2, xy, y);
  g_autoptr(NnpPlotGrid) grid = nnp_plot_grid_new (2);
  NnpPlotState st;
  size_t nx, ny;

  g_assert_cmpint (nnp_plot_grid_get_step (grid), ==, 0);
  nnp_plot_state_init (&st);
  st.model = m;
  st.train = train;
  st.grid = grid;
  cairo_surface_t *fine = draw_boundary (&st, 900, 800, 1.0);
  g_assert_cmpint (nnp_plot_grid_get_step (grid), ==, 2);
  g_assert_cmpuint (nnp_plot_grid_evaluations (grid), ==, 1);

  /* 3e6 evaluations at h = 64: fewer than 46,154 nodes */
  nnp_plot_grid_set_budget (grid, 3e6);
  cairo_surface_t *coarse = draw_boundary (&st, 900, 800, 1.0);
  g_assert_cmpuint (nnp_plot_grid_evaluations (grid), ==, 2);
  int step = nnp_plot_grid_get_step (grid);
  g_assert_cmpint (step, >, 2);
  g_assert_cmpint (step, <=, 8);
  nnp_plot_grid_logit (grid, &nx, &ny);
  g_assert_cmpfloat ((double) (nx * ny) * 65, <=, 3e6);
  g_test_message ("step %d, %zu x %zu nodes; pixels differing: %.4f", step, nx, ny,
                  differing (fine, coarse, 8));
  g_assert_cmpfloat (differing (fine, coarse, 8), <, 0.02);
  /* the same budget and model: nothing to evaluate */
  cairo_surface_destroy (draw_boundary (&st, 900, 800, 1.0));
  g_assert_cmpuint (nnp_plot_grid_evaluations (grid), ==, 2);

  /* a budget no step fits: at most 4 times the finest */
  nnp_plot_grid_set_budget (grid, 10);
  cairo_surface_destroy (draw_boundary (&st, 900, 800, 1.0));
  g_assert_cmpint (nnp_plot_grid_get_step (grid), ==, 8);

  /* lifted (0; a NaN or negative budget is no limit either) */
  nnp_plot_grid_set_budget (grid, NAN);
  cairo_surface_t *again = draw_boundary (&st, 900, 800, 1.0);
  g_assert_cmpint (nnp_plot_grid_get_step (grid), ==, 2);
  g_assert_cmpuint (nnp_plot_grid_evaluations (grid), ==, 4);
  g_assert_cmpfloat (differing (fine, again, 0), ==, 0.0);

  /* a time budget at the speed measured by those updates: a nanosecond
   * fits no step (no machine evaluates 1e9 units a second, and the
   * grid above took 3 updates of ~10^7 to measure it); ten seconds, the
   * finest; the smaller of the two budgets holds */
  nnp_plot_grid_set_time_budget (grid, 1e-9);
  cairo_surface_destroy (draw_boundary (&st, 900, 800, 1.0));
  g_assert_cmpint (nnp_plot_grid_get_step (grid), ==, 8);
  nnp_plot_grid_set_time_budget (grid, 10.0);
  cairo_surface_destroy (draw_boundary (&st, 900, 800, 1.0));
  g_assert_cmpint (nnp_plot_grid_get_step (grid), ==, 2);
  nnp_plot_grid_set_budget (grid, 10);
  cairo_surface_destroy (draw_boundary (&st, 900, 800, 1.0));
  g_assert_cmpint (nnp_plot_grid_get_step (grid), ==, 8);
  nnp_plot_grid_set_budget (grid, 0);
  nnp_plot_grid_set_time_budget (grid, 0);
  cairo_surface_destroy (draw_boundary (&st, 900, 800, 1.0));
  g_assert_cmpint (nnp_plot_grid_get_step (grid), ==, 2);

  cairo_surface_destroy (fine);
  cairo_surface_destroy (coarse);
  cairo_surface_destroy (again);
  nnp_model_free (m);
}

static void
test_png_size (void)
{
  NnpModel *m = step_model ();
  g_autoptr(NnpHistory) hist = history (40, TRUE);
  NnpPlotState st;
  NnpPlotStyle style;
  struct { int w, h; double scale; int pw, ph; } cases[] = {
    { 320, 200, 1.0, 320, 200 },
    { 320, 200, 2.0, 640, 400 },
    { 101, 57, 1.5, 152, 86 },
    { 1920, 1080, 0.0, 1920, 1080 },   /* 0 means 1 */
  };

  nnp_plot_state_init (&st);
  nnp_plot_style_init (&style);
  st.model = m;
  st.history = hist;
  for (size_t i = 0; i < G_N_ELEMENTS (cases); i++)
    for (int f = 0; f <= NNP_FIGURE_ALL; f++)
      {
        cairo_surface_t *s = export_png (f, "size.png", cases[i].w, cases[i].h, cases[i].scale, &st, &style);
        g_assert_cmpint (cairo_image_surface_get_width (s), ==, cases[i].pw);
        g_assert_cmpint (cairo_image_surface_get_height (s), ==, cases[i].ph);
        /* Opaque light background in the top-left corner. */
        Px p = pixel_at (s, 1, 1);
        g_assert_cmpfloat (p.a, ==, 255);
        g_assert_cmpfloat (MIN (p.r, MIN (p.g, p.b)), >, 240);
        cairo_surface_destroy (s);
      }
  nnp_model_free (m);
}

static void
test_png_colours (void)
{
  /* A class-1 training point deep in the class-0 region and a class-1 test
   * point beside it: the first is filled orange, the second hollow. */
  const double xy[] = { -1.2385, 1.2 }, y[] = { 1 };
  const double txy[] = { -1.2385, -1.2 }, ty[] = { 1 };
  g_autoptr(NnpDataset) train = points (1, xy, y);
  g_autoptr(NnpDataset) test = points (1, txy, ty);
  NnpModel *m = step_model ();
  NnpPlotState st;
  NnpPlotStyle style;
  const int W = 640, H = 480;
  const double scale = 2.0;
  double ax, ay, aw, ah, px, py;
  cairo_surface_t *s;
  Px p;

  nnp_plot_state_init (&st);
  nnp_plot_style_init (&style);
  st.model = m;
  st.train = train;
  st.test = test;
  s = export_png (NNP_FIGURE_BOUNDARY, "colours.png", W, H, scale, &st, &style);
  nnp_plot_boundary_area (W, H, &st, &style, &ax, &ay, &aw, &ah);

  /* a2 ~ 0.9933 at x1 = 1.5: the class-1 tint; ~0.0067 at x1 = -1.5: class 0. */
  device_point (&st, ax, ay, aw, ah, scale, 1.5, 0.3, &px, &py);
  assert_class_tint (pixel_at (s, px, py), 1);
  device_point (&st, ax, ay, aw, ah, scale, -1.5, -0.3, &px, &py);
  assert_class_tint (pixel_at (s, px, py), 0);

  /* The training point: solid class-1 colour at its centre, not the tint. */
  device_point (&st, ax, ay, aw, ah, scale, xy[0], xy[1], &px, &py);
  p = pixel_at (s, px, py);
  assert_class_tint (p, 1);
  g_assert_cmpfloat (fabs (p.r - 0xE6) + fabs (p.g - 0x61) + fabs (p.b - 0x00), <, 40);

  /* The test point: hollow (background blue at the centre), an orange ring. */
  device_point (&st, ax, ay, aw, ah, scale, txy[0], txy[1], &px, &py);
  assert_class_tint (pixel_at (s, px, py), 0);
  {
    gboolean ring = FALSE;
    for (int dy = -20; dy <= 20 && !ring; dy++)
      for (int dx = -20; dx <= 20 && !ring; dx++)
        {
          Px q = pixel_at (s, px + dx, py + dy);
          double hue, sat;
          hue_sat (q.r, q.g, q.b, &hue, &sat);
          ring = hue_distance (hue, 25) < 12 && sat > 0.8;
        }
    g_assert_true (ring);
  }

  /* Just right of the 0.5 contour (x1 = 0) a gentle model is nearly white. */
  gsl_matrix_set (&m->theta->W1.matrix, 0, 0, 0.5);
  gsl_matrix_set (&m->theta->W2.matrix, 0, 0, 4.0);
  *m->theta->b2 = -2.0;
  cairo_surface_destroy (s);
  s = export_png (NNP_FIGURE_BOUNDARY, "white.png", W, H, 1.0, &st, &style);
  device_point (&st, ax, ay, aw, ah, 1.0, 0.12, 0.3, &px, &py);
  p = pixel_at (s, px, py);
  g_assert_cmpfloat (MIN (p.r, MIN (p.g, p.b)), >, 225);
  /* ...and the contour itself is drawn dark at x1 = 0. */
  device_point (&st, ax, ay, aw, ah, 1.0, 0.0, 0.3, &px, &py);
  p = pixel_at (s, px, py);
  g_assert_cmpfloat (MAX (p.r, MAX (p.g, p.b)), <, 140);

  cairo_surface_destroy (s);
  nnp_model_free (m);
}

static void
test_png_transparent (void)
{
  NnpModel *m = step_model ();
  g_autoptr(NnpHistory) hist = history (20, FALSE);
  NnpPlotState st;
  NnpPlotStyle style;

  nnp_plot_state_init (&st);
  nnp_plot_style_init (&style);
  st.model = m;
  st.history = hist;
  style.transparent = TRUE;
  for (int f = 0; f <= NNP_FIGURE_ALL; f++)
    {
      cairo_surface_t *s = export_png (f, "transparent.png", 400, 300, 1.0, &st, &style);
      g_assert_cmpfloat (pixel_at (s, 1, 1).a, ==, 0);
      g_assert_cmpfloat (pixel_at (s, 398, 298).a, ==, 0);
      cairo_surface_destroy (s);
    }
  /* The plane stays opaque. */
  {
    double ax, ay, aw, ah;
    cairo_surface_t *s = export_png (NNP_FIGURE_BOUNDARY, "transparent.png", 400, 300, 1.0, &st, &style);
    nnp_plot_boundary_area (400, 300, &st, &style, &ax, &ay, &aw, &ah);
    g_assert_cmpfloat (pixel_at (s, ax + aw / 2, ay + ah / 4).a, ==, 255);
    cairo_surface_destroy (s);
  }
  nnp_model_free (m);
}

static void
test_hidden_unit_panel (void)
{
  NnpModel *m = step_model ();
  NnpPlotState st;
  cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 200, 200);
  cairo_t *cr = cairo_create (s);

  nnp_plot_state_init (&st);
  st.model = m;
  /* Unit 1 is sigma(5 x1): class-1 tint on the right, class-0 on the left. */
  nnp_plot_hidden_unit (cr, 200, 200, 0, &st, NULL);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  assert_class_tint (pixel_at (s, 160, 120), 1);
  assert_class_tint (pixel_at (s, 40, 120), 0);

  /* tanh and ReLU units: the inactive / negative side is not orange. */
  m->act = NNP_ACT_RELU;
  nnp_plot_hidden_unit (cr, 200, 200, 0, &st, NULL);
  assert_class_tint (pixel_at (s, 170, 120), 1);
  {
    Px p = pixel_at (s, 40, 120);
    g_assert_cmpfloat (MIN (p.r, MIN (p.g, p.b)), >, 240);   /* a = 0: neutral */
  }
  m->act = NNP_ACT_TANH;
  nnp_plot_hidden_unit (cr, 200, 200, 0, &st, NULL);
  assert_class_tint (pixel_at (s, 40, 120), 0);

  /* A unit that does not exist draws an empty plane, no crash. */
  nnp_plot_hidden_unit (cr, 200, 200, 7, &st, NULL);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_destroy (s);
  nnp_model_free (m);
}

/* The most saturated pixel along a segment whose hue is not the heat
 * map's (class 1 orange here): a line drawn over it. */
static Px
line_pixel (cairo_surface_t *s, double x0, double y0, double x1, double y1)
{
  double best = -1, hue, sat, orange, osat;
  Px out = { 0 };

  hue_sat (0xE6, 0x61, 0x00, &orange, &osat);
  for (int i = 0; i <= 400; i++)
    {
      Px p = pixel_at (s, x0 + (x1 - x0) * i / 400, y0 + (y1 - y0) * i / 400);
      hue_sat (p.r, p.g, p.b, &hue, &sat);
      if (hue_distance (hue, orange) > 30 && sat > best)
        {
          best = sat;
          out = p;
        }
    }
  g_assert_cmpfloat (best, >, 0.3);
  return out;
}

static double
px_hue (Px p)
{
  double hue, sat;
  hue_sat (p.r, p.g, p.b, &hue, &sat);
  return hue;
}

/* Each hidden unit's line on the plane has the colour of the line in its
 * thumbnail, and two units have different colours. */
static void
test_unit_colours (void)
{
  NnpModel *m = nnp_model_alloc (2, 2, NNP_ACT_SIGMOID);
  NnpPlotState st;
  double ax, ay, aw, ah;
  cairo_surface_t *thumb = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 300, 300);
  cairo_t *cr = cairo_create (thumb);
  cairo_surface_t *plane;
  Px line0, line1, own0;

  /* Unit 1's line is x1 = 0, unit 2's x2 = 0; a2 ~ 1 everywhere (no
   * boundary in view). */
  gsl_matrix_set (&m->theta->W1.matrix, 0, 0, 1.0);
  gsl_matrix_set (&m->theta->W1.matrix, 1, 1, 1.0);
  gsl_matrix_set (&m->theta->W2.matrix, 0, 0, 0.01);
  gsl_matrix_set (&m->theta->W2.matrix, 0, 1, 0.01);
  *m->theta->b2 = 6.0;
  nnp_plot_state_init (&st);
  st.model = m;
  st.unit_lines = TRUE;
  plane = draw_boundary (&st, 600, 600, 1.0);
  nnp_plot_boundary_area (600, 600, &st, NULL, &ax, &ay, &aw, &ah);
  /* Along x1 = 0 from x2 = 1.9 down to 0.2, and along x2 = 0 on the right. */
  line0 = line_pixel (plane, ax + aw / 2, ay + ah * 0.025, ax + aw / 2, ay + ah * 0.45);
  line1 = line_pixel (plane, ax + aw * 0.55, ay + ah / 2, ax + aw * 0.975, ay + ah / 2);
  g_test_message ("plane: unit 1 line hue %.1f, unit 2 %.1f", px_hue (line0), px_hue (line1));
  g_assert_cmpfloat (hue_distance (px_hue (line0), px_hue (line1)), >, 40);

  /* Unit 1's thumbnail: its line crosses the middle row. */
  nnp_plot_hidden_unit (cr, 300, 300, 0, &st, NULL);
  own0 = line_pixel (thumb, 100, 160, 200, 160);
  g_test_message ("thumbnail: unit 1 line hue %.1f", px_hue (own0));
  g_assert_cmpfloat (hue_distance (px_hue (own0), px_hue (line0)), <, 15);
  g_assert_cmpfloat (hue_distance (px_hue (own0), px_hue (line1)), >, 40);

  cairo_destroy (cr);
  cairo_surface_destroy (thumb);
  cairo_surface_destroy (plane);
  nnp_model_free (m);
}

/* The units' colour scale: class 0 to class 1 for sigmoid and tanh, from
 * neutral (a = 0) to class 1 for ReLU. */
static void
test_unit_scale (void)
{
  NnpActivation acts[] = { NNP_ACT_SIGMOID, NNP_ACT_TANH, NNP_ACT_RELU };

  for (size_t k = 0; k < G_N_ELEMENTS (acts); k++)
    {
      cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 400, 40);
      cairo_t *cr = cairo_create (s);
      gboolean blue = FALSE, orange = FALSE;
      double hue, sat;

      nnp_plot_unit_scale (cr, 400, 40, acts[k], NULL);
      g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
      /* The bar's row (the top third, below the margin). */
      for (int x = 0; x < 400; x++)
        {
          Px p = pixel_at (s, x, 40 * 0.08 + 40 * 0.92 * 0.19);
          hue_sat (p.r, p.g, p.b, &hue, &sat);
          if (sat > 0.25 && hue_distance (hue, 213) < 15)
            blue = TRUE;
          if (sat > 0.25 && hue_distance (hue, 25) < 15)
            orange = TRUE;
        }
      g_assert_true (orange);
      g_assert_cmpint (blue, ==, acts[k] != NNP_ACT_RELU);
      cairo_destroy (cr);
      cairo_surface_destroy (s);
    }
}

/* A curve that crosses every corner (cost jumping between 0.05 and 0.9
 * every epoch) still leaves the legend's box free: nothing of either
 * curve shows through it. */
static void
test_cost_legend_free (void)
{
  g_autoptr (NnpHistory) h = nnp_history_new (TRUE);
  NnpPlotState st;
  NnpPlotStyle style;
  double bx, by, bw, bh;
  gboolean log_scale[2] = { FALSE, TRUE };

  for (size_t t = 0; t < 300; t++)
    g_assert_cmpint (nnp_history_append (h, t % 2 ? 0.9 : 0.05, 0.5, t % 2 ? 0.05 : 0.9, 0.5), ==, 0);
  nnp_plot_style_init (&style);
  style.font_size = 12;
  nnp_plot_state_init (&st);
  st.history = h;
  for (int k = 0; k < 2; k++)
    {
      cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 600, 400);
      cairo_t *cr = cairo_create (s);
      size_t tinted = 0, seen = 0;

      st.log_cost = log_scale[k];
      g_assert_true (nnp_plot_cost_legend_box (600, 400, &st, &style, &bx, &by, &bw, &bh));
      nnp_plot_cost (cr, 600, 400, &st, &style);
      g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
      /* The box right of the line samples: names and values on the
       * background, no curve colour under them. */
      for (double y = by + 2; y < by + bh - 2; y++)
        for (double x = bx + bw * 0.45; x < bx + bw - 2; x++)
          {
            /* Text is neutral grey; a curve under the box's 88% cover
             * leaves a blue (train) or orange (test) cast of 20 or more. */
            Px p = pixel_at (s, x, y);
            seen++;
            if (fabs (p.b - p.r) > 12 && tinted++ < 6)
              g_test_message ("tinted (%.0f, %.0f): %.0f %.0f %.0f", x, y, p.r, p.g, p.b);
          }
      g_test_message ("%s scale: legend at (%.0f, %.0f) %.0fx%.0f, %zu of %zu pixels tinted",
                      k ? "log" : "linear", bx, by, bw, bh, tinted, seen);
      g_assert_cmpuint (seen, >, 100);
      g_assert_cmpuint (tinted, ==, 0);
      cairo_destroy (cr);
      cairo_surface_destroy (s);
    }
}

/* In the side pane's cost plot (300 to 400 px wide, 170 high, at the
 * app's 15 px text) train and test keep a legend, on one line when two
 * do not fit, without the values when they do not fit either: it had
 * gone as soon as a test split was on. */
static char *
cost_pdf_words (double w, double h, const NnpPlotState *st, const NnpPlotStyle *style)
{
  g_autofree char *path = tmp_path ("legend-small.pdf");
  cairo_surface_t *s = cairo_pdf_surface_create (path, w, h);
  cairo_t *cr = cairo_create (s);
  nnp_plot_cost (cr, w, h, st, style);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_destroy (s);
  return pdf_page_text (path);
}

static void
test_cost_legend_small (void)
{
  g_autoptr (NnpHistory) h = nnp_history_new (TRUE);
  NnpPlotState st;
  NnpPlotStyle style;
  double bx, by, bw, bh;
  char train[32], test[32];

  for (size_t t = 0; t < 300; t++)
    g_assert_cmpint (nnp_history_append (h, 0.7 * exp (-0.01 * t) + 0.2, 0.8, 0.7 * exp (-0.008 * t) + 0.3,
                                         0.7), ==, 0);
  g_snprintf (train, sizeof train, "%.4g", h->train_cost[h->len - 1]);
  g_snprintf (test, sizeof test, "%.4g", h->test_cost[h->len - 1]);
  nnp_plot_style_init (&style);
  style.font_size = 15;
  nnp_plot_state_init (&st);
  st.history = h;

  /* 390 wide: one line with the values */
  g_assert_true (nnp_plot_cost_legend_box (390, 170, &st, &style, &bx, &by, &bw, &bh));
  g_assert_cmpfloat (bh, <, 2 * 15.0);
  g_assert_cmpfloat (bx + bw, <=, 390);
  g_autofree char *w1 = cost_pdf_words (390, 170, &st, &style);
  g_assert_nonnull (strstr (w1, "Train"));
  g_assert_nonnull (strstr (w1, "Test"));
  g_assert_nonnull (strstr (w1, train));
  g_assert_nonnull (strstr (w1, test));
  /* 300 wide: one line, the names alone */
  g_assert_true (nnp_plot_cost_legend_box (300, 170, &st, &style, &bx, &by, &bw, &bh));
  g_assert_cmpfloat (bh, <, 2 * 15.0);
  g_assert_cmpfloat (bx + bw, <=, 300);
  g_autofree char *w2 = cost_pdf_words (300, 170, &st, &style);
  g_assert_nonnull (strstr (w2, "Train"));
  g_assert_nonnull (strstr (w2, "Test"));
  g_assert_null (strstr (w2, test));
  /* where two lines fit they stay two, values and all */
  g_assert_true (nnp_plot_cost_legend_box (600, 400, &st, &style, &bx, &by, &bw, &bh));
  g_assert_cmpfloat (bh, >, 2 * 15.0);
}

/* Non-finite weights, no model, no data, empty and odd histories: every
 * figure draws without a cairo error, and nothing NaN reaches the page. */
static void
test_degenerate (void)
{
  const double xy[] = { 0.25, -0.5, NAN, 1.0, 0.75, 0.5 }, y[] = { 0, 1, 1 };
  g_autoptr(NnpDataset) train = points (3, xy, y);
  NnpModel *m = step_model ();
  NnpHistory *empty = nnp_history_new (TRUE);
  NnpHistory *odd = nnp_history_new (TRUE);
  cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 500, 400);
  cairo_t *cr = cairo_create (s);
  NnpPlotState st;
  NnpPlotStyle style;
  double ax, ay, aw, ah;

  /* Zero and negative costs, a single value, a jump: log scale must cope. */
  g_assert_cmpint (nnp_history_append (odd, 0.0, 0.5, 0.0, 0.5), ==, 0);
  nnp_plot_state_init (&st);
  nnp_plot_style_init (&style);
  for (int pass = 0; pass < 4; pass++)
    {
      if (pass == 1)
        g_assert_cmpint (nnp_history_append (odd, -1.0, 0.5, 1e-300, 0.5), ==, 0);
      if (pass == 2)
        g_assert_cmpint (nnp_history_append (odd, 1e6, 0.5, 0.0, 0.5), ==, 0);
      for (int log = 0; log < 2; log++)
        for (int h = 0; h < 3; h++)
          {
            st.log_cost = log;
            st.history = h == 0 ? NULL : h == 1 ? empty : odd;
            st.model = pass == 3 ? NULL : m;
            st.train = pass == 3 ? NULL : train;
            for (int f = 0; f <= NNP_FIGURE_ALL; f++)
              {
                nnp_plot_figure (cr, f, 500, 400, &st, &style);
                g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
              }
          }
    }

  /* A long run: 200 000 epochs are reduced to a pair per pixel column. */
  {
    g_autoptr(NnpHistory) longrun = history (200000, TRUE);
    st.history = longrun;
    for (int log = 0; log < 2; log++)
      {
        st.log_cost = log;
        nnp_plot_cost (cr, 500, 400, &st, &style);
        g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
      }
    st.history = NULL;
  }

  /* NaN weights: the plane is painted neutral (white), never garbage. */
  st.model = m;
  st.train = NULL;
  st.unit_lines = TRUE;
  gsl_matrix_set (&m->theta->W2.matrix, 0, 0, NAN);
  gsl_matrix_set (&m->theta->W1.matrix, 0, 0, INFINITY);
  nnp_plot_boundary (cr, 500, 400, &st, &style);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  nnp_plot_boundary_area (500, 400, &st, &style, &ax, &ay, &aw, &ah);
  {
    Px p = pixel_at (s, ax + aw * 0.3, ay + ah * 0.3);
    g_assert_cmpfloat (MIN (p.r, MIN (p.g, p.b)), >, 240);
  }
  nnp_plot_figure (cr, NNP_FIGURE_ALL, 500, 400, &st, &style);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);

  /* A broken view falls back to [-2, 2]^2; tiny and huge sizes are fine. */
  st.xmin = NAN;
  st.ymin = 3;
  st.ymax = 3;
  nnp_plot_figure (cr, NNP_FIGURE_BOUNDARY, 500, 400, &st, &style);
  nnp_plot_figure (cr, NNP_FIGURE_ALL, 3, 2, &st, &style);
  nnp_plot_figure (cr, NNP_FIGURE_HIDDEN, 0, 0, &st, &style);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);

  /* Finite data near DBL_MAX (a CSV may hold 1e308): the fitted view
   * overflows w.x to inf - inf inside the heatmaps; it once indexed a
   * colour table with (int) NaN and crashed. */
  {
    const double big_xy[] = { 0.1, 0.2, 0.3, 0.5, 1e308, 1e308 }, big_y[] = { 1, 0, 1 };
    g_autoptr(NnpDataset) big = points (3, big_xy, big_y);
    NnpModel *bm = nnp_model_alloc (2, 4, NNP_ACT_SIGMOID);
    nnp_model_init_random (bm, 5);
    nnp_plot_state_init (&st);
    st.model = bm;
    st.train = big;
    st.unit_lines = TRUE;
    nnp_plot_state_fit_view (&st);
    for (int f = 0; f <= NNP_FIGURE_ALL; f++)
      {
        nnp_plot_figure (cr, f, 500, 400, &st, &style);
        g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
      }
    nnp_model_free (bm);
  }

  cairo_destroy (cr);
  cairo_surface_destroy (s);
  nnp_history_free (empty);
  nnp_history_free (odd);
  nnp_model_free (m);
}

/* Drawing is a pure function of (state, size): twice gives the same pixels. */
static void
test_pure (void)
{
  const double xy[] = { 0.5, 0.5, -0.25, 1.0, 1.5, -0.75 }, y[] = { 0, 1, 1 };
  g_autoptr(NnpDataset) train = points (3, xy, y);
  g_autoptr(NnpHistory) hist = history (300, TRUE);
  NnpModel *m = nnp_model_alloc (2, 5, NNP_ACT_TANH);
  NnpPlotState st;
  unsigned char *first = NULL;
  size_t len = 0;

  nnp_model_init_random (m, 2385);
  nnp_plot_state_init (&st);
  st.model = m;
  st.train = train;
  st.history = hist;
  st.unit_lines = TRUE;
  for (int k = 0; k < 2; k++)
    {
      cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 640, 360);
      cairo_t *cr = cairo_create (s);
      nnp_plot_all (cr, 640, 360, &st, NULL);
      cairo_surface_flush (s);
      len = (size_t) cairo_image_surface_get_stride (s) * 360;
      if (k == 0)
        first = g_memdup2 (cairo_image_surface_get_data (s), len);
      else
        g_assert_cmpmem (first, len, cairo_image_surface_get_data (s), len);
      cairo_destroy (cr);
      cairo_surface_destroy (s);
    }
  g_free (first);
  nnp_model_free (m);
}

/* ---- SVG -------------------------------------------------------------- */

typedef struct {
  int paths, images, uses, glyph_refs, subpaths, svg, gradients;
} SvgCount;

static void
svg_start (GMarkupParseContext *ctx, const char *name, const char **names, const char **values,
           gpointer data, GError **error)
{
  SvgCount *c = data;

  if (strcmp (name, "svg") == 0)
    c->svg++;
  else if (strcmp (name, "path") == 0)
    {
      c->paths++;
      for (int i = 0; names[i]; i++)
        if (strcmp (names[i], "d") == 0)
          for (const char *p = values[i]; *p; p++)
            c->subpaths += *p == 'M';
    }
  else if (strcmp (name, "image") == 0)
    c->images++;
  else if (strcmp (name, "linearGradient") == 0)
    c->gradients++;
  else if (strcmp (name, "use") == 0)
    {
      c->uses++;
      for (int i = 0; names[i]; i++)
        if (strcmp (names[i], "xlink:href") == 0 && g_str_has_prefix (values[i], "#glyph"))
          c->glyph_refs++;
    }
}

static SvgCount
parse_svg (const char *path)
{
  static const GMarkupParser parser = { svg_start, NULL, NULL, NULL, NULL };
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  GMarkupParseContext *ctx;
  SvgCount c = { 0 };
  gsize len;

  g_assert_true (g_file_get_contents (path, &text, &len, &error));
  ctx = g_markup_parse_context_new (&parser, 0, &c, NULL);
  g_assert_true (g_markup_parse_context_parse (ctx, text, (gssize) len, &error));
  g_assert_true (g_markup_parse_context_end_parse (ctx, &error));
  g_assert_no_error (error);
  g_markup_parse_context_free (ctx);
  return c;
}

static void
test_svg (void)
{
  const double xy[] = { 0.5, 0.5, -0.25, 1.0, 1.5, -0.75, -1.0, -1.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6 };
  const double y[] = { 0, 1, 1, 0, 1, 0, 1 };
  g_autoptr(NnpDataset) train = points (7, xy, y);
  g_autoptr(NnpHistory) hist = history (50, TRUE);
  g_autofree char *path = tmp_path ("figure.svg");
  NnpModel *m = step_model ();
  NnpPlotState st;
  NnpPlotStyle style;
  g_autoptr(GError) error = NULL;
  SvgCount c;

  nnp_plot_state_init (&st);
  nnp_plot_style_init (&style);
  st.model = m;
  st.train = train;
  st.history = hist;
  g_assert_true (nnp_plot_export (NNP_FIGURE_BOUNDARY, NNP_FORMAT_SVG, path, 1920, 1080, 3.0,
                                  &st, &style, &error));
  g_assert_no_error (error);
  c = parse_svg (path);
  g_assert_cmpint (c.svg, ==, 1);
  /* The heatmap is the only image; the colour bar is a vector gradient. */
  g_assert_cmpint (c.images, ==, 1);
  g_assert_cmpint (c.gradients, >=, 1);
  /* Seven points are seven circles in paths (plus legend, axes, contour). */
  g_assert_cmpint (c.subpaths, >=, 7 + 3);
  /* Text is glyph outlines placed by <use>: "Decision boundary" alone has 16. */
  g_assert_cmpint (c.glyph_refs, >=, 16);

  /* Every figure parses; a hidden unit's heatmap is a gradient across its
   * line, so that figure has no image at all. */
  for (int f = 0; f <= NNP_FIGURE_ALL; f++)
    {
      g_clear_error (&error);
      g_assert_true (nnp_plot_export (f, NNP_FORMAT_SVG, path, 800, 600, 1.0, &st, &style, &error));
      c = parse_svg (path);
      g_assert_cmpint (c.svg, ==, 1);
      g_assert_cmpint (c.glyph_refs, >, 4);
      if (f == NNP_FIGURE_COST)
        g_assert_cmpint (c.images, ==, 0);
      if (f == NNP_FIGURE_HIDDEN)
        {
          /* The unit's heat map and the colour scale under it. */
          g_assert_cmpint (c.images, ==, 0);
          g_assert_cmpint (c.gradients, ==, 2);
        }
    }

  /* The SVG's size is the asked size in points. */
  {
    g_autofree char *text = NULL;
    g_file_get_contents (path, &text, NULL, NULL);
    g_assert_nonnull (strstr (text, "width=\"800\""));
    g_assert_nonnull (strstr (text, "height=\"600\""));
  }
  nnp_model_free (m);
}

/* ---- PDF -------------------------------------------------------------- */

static void
test_pdf (void)
{
  g_autoptr(NnpHistory) hist = history (50, TRUE);
  g_autofree char *path = tmp_path ("figure.pdf");
  NnpModel *m = step_model ();
  NnpPlotState st;
  NnpPlotStyle style;

  nnp_plot_state_init (&st);
  nnp_plot_style_init (&style);
  st.model = m;
  st.history = hist;
  for (int f = 0; f <= NNP_FIGURE_ALL; f++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *text = NULL;
      gsize len;

      g_assert_true (nnp_plot_export (f, NNP_FORMAT_PDF, path, 1024, 768, 2.0, &st, &style, &error));
      g_assert_no_error (error);
      g_assert_true (g_file_get_contents (path, &text, &len, NULL));
      g_assert_true (g_str_has_prefix (text, "%PDF-"));
      /* poppler reads the pages: cairo 1.18 packs page objects into compressed
       * object streams, so the file's bytes no longer show them. */
      {
        g_autofree char *words = NULL;
        const char *want[] = { "Decision boundary", "Hidden units", "Cost", "Epoch" };

        assert_pdf_page (path, 1024, 768);
        /* Text stays text: poppler can read it back. */
        words = pdf_page_text (path);
        g_assert_nonnull (strstr (words, want[f == NNP_FIGURE_ALL ? 0 : f]));
        if (f == NNP_FIGURE_HIDDEN)
          {
            g_assert_nonnull (strstr (words, "Unit 1"));
            /* The activation as the app's menu writes it. */
            g_assert_nonnull (strstr (words, nnp_activation_title (m->act)));
            g_assert_null (strstr (words, nnp_activation_name (m->act)));
          }
      }
    }
  nnp_model_free (m);
}

/* ---- Many points ---------------------------------------------------------- */

/* Over NNP_PLOT_MAX_POINTS points: a stable sample, and the plot says so;
 * at the limit, every point and no notice. */
static void
test_many_points (void)
{
  g_autoptr (NnpDataset) many = nnp_dataset_generate (NNP_GEN_MOONS, 100000, 0.2, 7);
  g_autoptr (NnpDataset) few = nnp_dataset_generate (NNP_GEN_MOONS, NNP_PLOT_MAX_POINTS, 0.2, 7);
  g_autofree char *path = tmp_path ("many.pdf");
  NnpModel *m = step_model ();
  NnpPlotState st;
  NnpPlotStyle style;
  g_autofree char *text = NULL, *text2 = NULL;

  nnp_plot_state_init (&st);
  nnp_plot_style_init (&style);
  st.model = m;
  st.train = many;
  nnp_plot_state_fit_view (&st);
  g_assert_true (nnp_plot_export (NNP_FIGURE_BOUNDARY, NNP_FORMAT_PDF, path, 800, 600, 1, &st, &style, NULL));
  text = pdf_page_text (path);
  g_assert_nonnull (strstr (text, "showing 5000 of 100000 points"));
  st.train = few;
  g_assert_true (nnp_plot_export (NNP_FIGURE_BOUNDARY, NNP_FORMAT_PDF, path, 800, 600, 1, &st, &style, NULL));
  text2 = pdf_page_text (path);
  g_assert_null (strstr (text2, "showing"));
  nnp_model_free (m);
}

/* ---- Thinned histories --------------------------------------------------- */

/* The words of a figure, exported to PDF and read back by poppler. */
static char *
figure_words (NnpFigure fig, const NnpPlotState *st)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = tmp_path ("words.pdf");
  NnpPlotStyle style;

  nnp_plot_style_init (&style);
  g_assert_true (nnp_plot_export (fig, NNP_FORMAT_PDF, path, 1024, 600, 1.0, st, &style, &error));
  g_assert_no_error (error);
  return pdf_page_text (path);
}

/* The largest whole number among the words (the last x tick label of a
 * cost figure whose other labels are decimals). */
static long
largest_integer_word (const char *words)
{
  g_auto(GStrv) parts = g_regex_split_simple ("\\s+", words, 0, 0);
  long best = -1;
  for (int i = 0; parts[i] != NULL; i++)
    if (g_regex_match_simple ("^[0-9]+$", parts[i], 0, 0))
      best = MAX (best, atol (parts[i]));
  return best;
}

/* Entry i of a thinned history is epoch i * stride: the cost plot's x axis
 * runs to (len - 1) * stride, its legend gives the last entry, and the
 * boundary subtitle names the real epoch. Stride 0 and 1 draw alike. */
static void
test_history_stride (void)
{
  g_autoptr(NnpHistory) hist = history (1000, FALSE);
  NnpModel *m = step_model ();
  NnpPlotState st;
  NnpPlotStyle style;

  nnp_plot_state_init (&st);
  g_assert_cmpuint (st.history_stride, ==, 0);
  g_assert_cmpuint (st.epoch, ==, 0);
  nnp_plot_style_init (&style);
  st.model = m;
  st.history = hist;

  /* Stride 0 and 1 are the old drawing, pixel for pixel. */
  {
    cairo_surface_t *img[2];
    for (int k = 0; k < 2; k++)
      {
        img[k] = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 640, 400);
        cairo_t *cr = cairo_create (img[k]);
        st.history_stride = (size_t) k;
        nnp_plot_cost (cr, 640, 400, &st, &style);
        cairo_destroy (cr);
        cairo_surface_flush (img[k]);
      }
    g_assert_cmpint (memcmp (cairo_image_surface_get_data (img[0]), cairo_image_surface_get_data (img[1]),
                             (size_t) cairo_image_surface_get_stride (img[0]) * 400), ==, 0);
    cairo_surface_destroy (img[0]);
    cairo_surface_destroy (img[1]);
  }

  /* J at the last entry, 0.6931 e^(-0.0137 * 999) + 0.0213, to 4 digits. */
  char legend[32];
  g_snprintf (legend, sizeof legend, "%.4g", 0.6931 * exp (-0.0137 * 999) + 0.0213);

  for (size_t stride = 0; stride <= 4; stride += 4)
    {
      size_t xmax = 999 * MAX (stride, (size_t) 1);
      st.history_stride = stride;
      g_autofree char *words = figure_words (NNP_FIGURE_COST, &st);
      long last_tick = largest_integer_word (words);
      /* The last tick is the last round number within the axis (a tick
       * every 100 to 1000 epochs here), so within one tick step of its end. */
      g_assert_cmpint (last_tick, <=, (long) xmax);
      g_assert_cmpint (last_tick, >, (long) xmax - (stride ? 1000 : 200));
      g_assert_nonnull (strstr (words, legend));

      /* The subtitle: the last entry's epoch, or the state's. */
      st.epoch = 0;
      g_autofree char *sub = figure_words (NNP_FIGURE_BOUNDARY, &st);
      g_autofree char *want = g_strdup_printf ("epoch %zu", xmax);
      g_assert_nonnull (strstr (sub, want));
      st.epoch = xmax + 3;
      g_autofree char *sub2 = figure_words (NNP_FIGURE_BOUNDARY, &st);
      g_autofree char *want2 = g_strdup_printf ("epoch %zu", xmax + 3);
      g_assert_nonnull (strstr (sub2, want2));
      g_assert_null (strstr (sub2, want));
      st.epoch = 0;
    }
  /* With stride 4 the axis passes 3000; every epoch of 1000 does not. */
  st.history_stride = 4;
  {
    g_autofree char *words = figure_words (NNP_FIGURE_COST, &st);
    g_assert_cmpint (largest_integer_word (words), >=, 3000);
  }

  nnp_model_free (m);
}

/* ---- Export errors ------------------------------------------------------ */

static int
count_entries (const char *dir)
{
  GDir *d = g_dir_open (dir, 0, NULL);
  int n = 0;

  g_assert_nonnull (d);
  while (g_dir_read_name (d) != NULL)
    n++;
  g_dir_close (d);
  return n;
}

static void
assert_io_error (GError *error, const char *path, const char *reason)
{
  g_assert_error (error, NNP_ERROR, NNP_ERROR_IO);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, path));
  g_assert_nonnull (strstr (error->message, reason));
}

static void
test_export_errors (void)
{
  g_autofree char *sub = tmp_path ("errors");
  g_autofree char *missing = g_build_filename (sub, "no-such-dir", "fig.png", NULL);
  g_autofree char *isdir = g_build_filename (sub, "taken.pdf", NULL);
  NnpPlotState st;
  NnpPlotStyle style;
  GError *error = NULL;

  nnp_plot_state_init (&st);
  nnp_plot_style_init (&style);
  g_assert_cmpint (g_mkdir (sub, 0755), ==, 0);

  /* A directory that does not exist. */
  g_assert_false (nnp_plot_export (NNP_FIGURE_BOUNDARY, NNP_FORMAT_PNG, missing, 100, 100, 1,
                                   &st, &style, &error));
  assert_io_error (error, missing, g_strerror (ENOENT));
  g_clear_error (&error);

  /* The target is a directory: rendering succeeds, the rename fails, and
   * the temporary file is removed. */
  g_assert_cmpint (g_mkdir (isdir, 0755), ==, 0);
  g_assert_false (nnp_plot_export (NNP_FIGURE_COST, NNP_FORMAT_PDF, isdir, 100, 100, 1,
                                   &st, &style, &error));
  assert_io_error (error, isdir, "");
  g_assert_true (g_str_has_prefix (error->message, "Cannot write"));
  g_clear_error (&error);
  g_assert_cmpint (count_entries (sub), ==, 1);
  g_assert_true (g_file_test (isdir, G_FILE_TEST_IS_DIR));

  /* A read-only directory (root ignores permissions, so only as a user). */
  if (geteuid () != 0)
    {
      g_autofree char *ro = g_build_filename (sub, "read-only", NULL);
      g_autofree char *file = g_build_filename (ro, "fig.svg", NULL);
      g_assert_cmpint (g_mkdir (ro, 0555), ==, 0);
      g_assert_false (nnp_plot_export (NNP_FIGURE_HIDDEN, NNP_FORMAT_SVG, file, 100, 100, 1,
                                       &st, &style, &error));
      assert_io_error (error, file, g_strerror (EACCES));
      g_clear_error (&error);
      g_assert_cmpint (count_entries (ro), ==, 0);
      g_rmdir (ro);
    }
  else
    g_test_message ("running as root: read-only directory case skipped");

  /* Impossible sizes are refused before anything is created. */
  {
    g_autofree char *big = g_build_filename (sub, "big.png", NULL);
    g_assert_false (nnp_plot_export (NNP_FIGURE_BOUNDARY, NNP_FORMAT_PNG, big, 20000, 100, 2.0,
                                     &st, &style, &error));
    g_assert_error (error, NNP_ERROR, NNP_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "20000"));
    g_clear_error (&error);
    g_assert_false (nnp_plot_export (NNP_FIGURE_BOUNDARY, NNP_FORMAT_PNG, big, 0, 100, 1.0,
                                     &st, &style, &error));
    g_assert_error (error, NNP_ERROR, NNP_ERROR_INVALID);
    g_clear_error (&error);
    g_assert_false (nnp_plot_export (NNP_FIGURE_BOUNDARY, NNP_FORMAT_PNG, big, 100, 100, NAN,
                                     &st, &style, &error));
    g_assert_error (error, NNP_ERROR, NNP_ERROR_INVALID);
    g_clear_error (&error);
    g_assert_cmpint (count_entries (sub), ==, 1);
  }

  /* Replacing an existing file works and leaves nothing else behind. */
  {
    g_autofree char *file = g_build_filename (sub, "again.png", NULL);
    for (int k = 0; k < 2; k++)
      g_assert_true (nnp_plot_export (NNP_FIGURE_BOUNDARY, NNP_FORMAT_PNG, file, 64, 48, 1.0,
                                      &st, &style, &error));
    g_assert_cmpint (count_entries (sub), ==, 2);
    g_unlink (file);
  }
  g_rmdir (isdir);
  g_rmdir (sub);
}

/* A write that fails half way (file size limit): error, no file left. */
static void
test_export_write_fails (void)
{
  if (g_test_subprocess ())
    {
      g_autofree char *sub = tmp_path ("full");
      g_autofree char *file = g_build_filename (sub, "fig.png", NULL);
      struct rlimit lim = { 4096, 4096 };
      NnpPlotState st;
      GError *error = NULL;

      g_assert_cmpint (g_mkdir (sub, 0755), ==, 0);
      signal (SIGXFSZ, SIG_IGN);
      g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &lim), ==, 0);
      nnp_plot_state_init (&st);
      for (int f = NNP_FORMAT_PNG; f <= NNP_FORMAT_PDF; f++)
        {
          g_assert_false (nnp_plot_export (NNP_FIGURE_ALL, f, file, 800, 600, 1.0, &st, NULL, &error));
          assert_io_error (error, file, g_strerror (EFBIG));
          g_clear_error (&error);
          g_assert_cmpint (count_entries (sub), ==, 0);
        }
      g_rmdir (sub);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

static void
remove_tree (const char *dir)
{
  GDir *d = g_dir_open (dir, 0, NULL);
  const char *name;

  if (d == NULL)
    return;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *p = g_build_filename (dir, name, NULL);
      if (g_file_test (p, G_FILE_TEST_IS_DIR))
        remove_tree (p);
      else
        g_unlink (p);
    }
  g_dir_close (d);
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  tmpdir = g_dir_make_tmp ("nnp-plot-XXXXXX", NULL);
  g_assert_nonnull (tmpdir);

  g_test_add_func ("/plot/names", test_names);
  g_test_add_func ("/plot/state/fit-view", test_state_fit);
  g_test_add_func ("/plot/helpers/ticks", test_ticks);
  g_test_add_func ("/plot/helpers/clip-line", test_clip_line);
  g_test_add_func ("/plot/helpers/contour-circle", test_contour_circle);
  g_test_add_func ("/plot/helpers/contour-open", test_contour_open);
  g_test_add_func ("/plot/grid/cache", test_grid_cache);
  g_test_add_func ("/plot/grid/budget", test_grid_budget);
  g_test_add_func ("/plot/grid/recycled-frame", test_grid_recycled_frame);
  g_test_add_func ("/plot/grid/paint-row-isa", test_grid_paint_row_isa);
  g_test_add_func ("/plot/text/kept-layouts", test_text_kept_layouts);
  g_test_add_func ("/plot/grid/points-layer", test_points_layer_cache);
  g_test_add_func ("/plot/grid/points-layer-unit", test_points_layer_unit);
  g_test_add_func ("/plot/points/recorded-scale", test_points_recorded_scale);
  g_test_add_func ("/plot/text/superscript-size", test_superscript_size);
  g_test_add_func ("/plot/png/size", test_png_size);
  g_test_add_func ("/plot/png/colours", test_png_colours);
  g_test_add_func ("/plot/png/transparent", test_png_transparent);
  g_test_add_func ("/plot/hidden/unit-panel", test_hidden_unit_panel);
  g_test_add_func ("/plot/hidden/unit-colours", test_unit_colours);
  g_test_add_func ("/plot/hidden/unit-scale", test_unit_scale);
  g_test_add_func ("/plot/degenerate", test_degenerate);
  g_test_add_func ("/plot/pure", test_pure);
  g_test_add_func ("/plot/svg/structure", test_svg);
  g_test_add_func ("/plot/pdf/one-page", test_pdf);
  g_test_add_func ("/plot/points/many", test_many_points);
  g_test_add_func ("/plot/cost/history-stride", test_history_stride);
  g_test_add_func ("/plot/cost/legend-free", test_cost_legend_free);
  g_test_add_func ("/plot/cost/legend-small", test_cost_legend_small);
  g_test_add_func ("/plot/export/errors", test_export_errors);
  g_test_add_func ("/plot/export/write-fails", test_export_write_fails);

  ret = g_test_run ();
  remove_tree (tmpdir);
  g_free (tmpdir);
  return ret;
}
