/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-plot-lecture.c: the Lecture figures: what each part shows, empty matrices of later phases, markers, hit tests, dependencies. */
#define G_LOG_DOMAIN "nnplay-test"
#include "config.h"

#include <math.h>
#include <string.h>
#include <glib.h>
#include <glib/gstdio.h>

#include "nnp-plot.h"
#include "nnp-plot-private.h"
#include "../pdf-check.h"

static char *tmpdir;

/* d = 3, h = 4 (the lecture's shapes), n = 20 rows of high-entropy numbers. */
static NnpModel *
make_model (size_t d, size_t h)
{
  NnpModel *m = nnp_model_alloc (d, h, NNP_ACT_SIGMOID);
  for (size_t i = 0; i < m->theta->size; i++)
    m->theta->block[i] = sin (1.37 * (double) i + 0.385) * 1.7;
  return m;
}

static NnpDataset *
make_data (size_t n, size_t d)
{
  NnpDataset *ds = nnp_dataset_alloc (n, d);
  for (size_t i = 0; i < n * d; i++)
    ds->X[i] = cos (2.385 * (double) i) * 1.3;
  for (size_t i = 0; i < n; i++)
    ds->y[i] = (i * 7) % 3 == 0;
  return ds;
}

/* A state showing model m on the training points ds, else the defaults. */
static void
plot_state (NnpPlotState *st, const NnpModel *m, const NnpDataset *ds)
{
  nnp_plot_state_init (st);
  st->model = m;
  st->train = ds;
}

static char *
words (NnpFigure part, const NnpPlotState *st)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (tmpdir, "lecture.pdf", NULL);
  g_assert_true (nnp_plot_export (part, NNP_FORMAT_PDF, path, 1600, 900, 1.0, st, NULL, &error));
  g_assert_no_error (error);
  assert_pdf_page (path, 1600, 900);
  return pdf_page_text (path);
}

/* How a cell prints a number (the figure's "%.4g" with a real minus). */
static char *
cell_text (double v)
{
  char buf[32];
  g_snprintf (buf, sizeof buf, "%.4g", fabs (v));
  return v < 0 ? g_strdup_printf ("−%s", buf) : g_strdup (buf);
}

static void
test_parts_and_steps (void)
{
  g_autoptr(NnpDataset) ds = make_data (20, 3);
  NnpModel *m = make_model (3, 4);
  const size_t rows[] = { 0, 1, 2, 19 };
  NnpLecture *lec = nnp_lecture_new (m, ds, rows, 4, 0.5);
  NnpPlotState st;
  NnpLectureView view;

  plot_state (&st, m, ds);
  nnp_lecture_view_init (&view);
  view.lecture = lec;
  st.lecture_view = &view;

  /* Z1[2][1] by hand: b1_1 + x_2 . w1_1, independent of the engine */
  const double *x = ds->X + 2 * 3;
  double z = gsl_vector_get (&m->theta->b1.vector, 1);
  for (int k = 0; k < 3; k++)
    z += x[k] * gsl_matrix_get (&m->theta->W1.matrix, 1, k);
  g_assert_cmpfloat (fabs (z - lec->Z1[2 * 4 + 1]), <, 1e-12);
  g_autofree char *z_text = cell_text (z);
  g_autofree char *w_next = cell_text (gsl_matrix_get (&lec->next->W1.matrix, 3, 2));

  g_autofree char *all = words (NNP_FIGURE_LECTURE, &st);
  for (const char *const *w = (const char *const[]) { "Forward propagation", "Cost", "Backpropagation",
                                                      "Update", "4 of 20 rows", "ℝ", "200", NULL }; *w; w++)
    if (g_strcmp0 (*w, "200") != 0)
      g_assert_nonnull (strstr (all, *w));
  g_assert_nonnull (strstr (all, z_text));
  g_assert_nonnull (strstr (all, w_next));

  g_autofree char *fwd = words (NNP_FIGURE_FORWARD, &st);
  g_assert_nonnull (strstr (fwd, "Forward propagation"));
  g_assert_null (strstr (fwd, "Backpropagation"));
  g_assert_nonnull (strstr (fwd, z_text));
  g_autofree char *bwd = words (NNP_FIGURE_BACKWARD, &st);
  g_assert_nonnull (strstr (bwd, "Backpropagation"));
  g_assert_null (strstr (bwd, "Forward propagation"));
  g_autofree char *upd = words (NNP_FIGURE_UPDATE, &st);
  g_assert_nonnull (strstr (upd, w_next));
  g_assert_nonnull (strstr (upd, "0.5"));

  /* the forward phase: Z1 filled, the update not yet computed (empty) */
  view.step = NNP_LECTURE_STEP_FORWARD;
  g_autofree char *phase = words (NNP_FIGURE_LECTURE, &st);
  g_assert_nonnull (strstr (phase, z_text));
  g_assert_null (strstr (phase, w_next));
  view.step = NNP_LECTURE_STEP_UPDATE;
  g_autofree char *phase2 = words (NNP_FIGURE_LECTURE, &st);
  g_assert_nonnull (strstr (phase2, w_next));

  /* without a view: the first 8 rows of the state's data */
  st.lecture_view = NULL;
  g_autofree char *deflt = words (NNP_FIGURE_FORWARD, &st);
  g_assert_nonnull (strstr (deflt, "8 of 20 rows"));
  /* without a model: a message, no crash */
  st.model = NULL;
  g_autofree char *none = words (NNP_FIGURE_LECTURE, &st);
  g_assert_nonnull (strstr (none, "No model"));

  nnp_lecture_free (lec);
  nnp_model_free (m);
}

/* The ink's bounding box of a figure drawn on a white 1920x1080 image, as
 * fractions of the width and height; margins, when not NULL, gets its
 * distances in pixels from the left, right, top and bottom edges. */
static void
ink_margins (NnpFigure part, const NnpPlotState *st, double *fw, double *fh, int margins[4])
{
  cairo_surface_t *img = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 1920, 1080);
  cairo_t *cr = cairo_create (img);
  int x0 = 1920, x1 = -1, y0 = 1080, y1 = -1;

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  nnp_plot_lecture (cr, part, 1920, 1080, st, NULL);
  cairo_destroy (cr);
  cairo_surface_flush (img);
  const guint8 *data = cairo_image_surface_get_data (img);
  const int stride = cairo_image_surface_get_stride (img);
  guint32 bg = ((const guint32 *) data)[0];
  for (int y = 0; y < 1080; y++)
    for (int x = 0; x < 1920; x++)
      if ((((const guint32 *) (data + (size_t) y * stride))[x] & 0xffffff) != (bg & 0xffffff))
        {
          x0 = MIN (x0, x), x1 = MAX (x1, x);
          y0 = MIN (y0, y), y1 = MAX (y1, y);
        }
  cairo_surface_destroy (img);
  *fw = x1 >= x0 ? (x1 - x0 + 1) / 1920.0 : 0;
  *fh = y1 >= y0 ? (y1 - y0 + 1) / 1080.0 : 0;
  if (margins != NULL)
    {
      margins[0] = x0;
      margins[1] = 1919 - x1;
      margins[2] = y0;
      margins[3] = 1079 - y1;
    }
}

static void
ink_box (NnpFigure part, const NnpPlotState *st, double *fw, double *fh)
{
  ink_margins (part, st, fw, fh, NULL);
}

/* An exported part sits in the middle of its slide: what it leaves empty
 * is shared by the left and right (and top and bottom) margins, not left
 * at the right and bottom (the forward part's columns had ended at 80% of
 * the width, the update's at 77%, both against the left edge). The
 * tolerance is 2% of the side: a text's ink ends short of its box. */
static void
test_centred (void)
{
  g_autoptr(NnpDataset) ds = make_data (20, 2);
  NnpModel *m = make_model (2, 4);
  NnpPlotState st;

  plot_state (&st, m, ds);
  const NnpFigure parts[] = { NNP_FIGURE_LECTURE, NNP_FIGURE_FORWARD, NNP_FIGURE_BACKWARD, NNP_FIGURE_UPDATE };
  for (gsize i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      double fw, fh;
      int mg[4];
      ink_margins (parts[i], &st, &fw, &fh, mg);
      g_test_message ("figure %d: margins left %d right %d top %d bottom %d", parts[i],
                      mg[0], mg[1], mg[2], mg[3]);
      g_assert_cmpint (ABS (mg[0] - mg[1]), <=, 0.02 * 1920);
      g_assert_cmpint (ABS (mg[2] - mg[3]), <=, 0.02 * 1080);
    }
  nnp_model_free (m);
}

/* Exported for a slide, one phase alone fills it as the whole step does
 * (the update's four small matrices had sat in the top left corner, a
 * quarter of the slide). */
static void
test_fills_slide (void)
{
  g_autoptr(NnpDataset) ds = make_data (20, 2);
  NnpModel *m = make_model (2, 4);
  NnpPlotState st;

  plot_state (&st, m, ds);
  const NnpFigure parts[] = { NNP_FIGURE_LECTURE, NNP_FIGURE_FORWARD, NNP_FIGURE_BACKWARD, NNP_FIGURE_UPDATE };
  for (gsize i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      double fw, fh;
      ink_box (parts[i], &st, &fw, &fh);
      g_test_message ("figure %d: ink %.0f%% of the width, %.0f%% of the height", parts[i], 100 * fw, 100 * fh);
      g_assert_cmpfloat (fw, <=, 1.0);
      g_assert_cmpfloat (MIN (fw, fh), >=, 0.5);
    }
  nnp_model_free (m);
}

/* The whole step fills the slide to its edge in one direction, with 4
 * units and with 26 (whose slide had kept the bottom quarter empty): the
 * text is as large as fits, not up to 8% smaller. */
static void
test_fills_slide_edge (void)
{
  g_autoptr(NnpDataset) ds = make_data (20, 2);
  const size_t units[] = { 4, 26 };
  for (gsize i = 0; i < G_N_ELEMENTS (units); i++)
    {
      NnpModel *m = make_model (2, units[i]);
      NnpPlotState st;
      double fw, fh;

      plot_state (&st, m, ds);
      ink_box (NNP_FIGURE_LECTURE, &st, &fw, &fh);
      g_test_message ("h = %zu: ink %.0f%% of the width, %.0f%% of the height", units[i], 100 * fw, 100 * fh);
      g_assert_cmpfloat (fw, <=, 1.0);
      g_assert_cmpfloat (fh, <=, 1.0);
      g_assert_cmpfloat (MAX (fw, fh), >=, 0.93);
      nnp_model_free (m);
    }
}

/* Every cell the hit test finds is a real cell; Z1's are all found. */
static void
test_hit (void)
{
  g_autoptr(NnpDataset) ds = make_data (20, 3);
  NnpModel *m = make_model (3, 4);
  NnpLecture *lec = nnp_lecture_new (m, ds, NULL, 0, 0.5);
  NnpPlotState st;
  NnpPlotStyle style;
  NnpLectureView view;
  gboolean seen[8][4] = { { FALSE } };

  nnp_plot_state_init (&st);
  nnp_plot_style_init (&style);
  style.font_size = 11;
  nnp_lecture_view_init (&view);
  view.lecture = lec;
  st.lecture_view = &view;
  const double w = 560, h = nnp_plot_lecture_height (NNP_FIGURE_LECTURE, w, &st, &style);
  g_assert_cmpfloat (h, >, 300);
  NnpLectureLayout *lay = nnp_lecture_layout_new (NNP_FIGURE_LECTURE, w, h, &st, &style);
  g_assert_nonnull (lay);
  for (double y = 0; y < h; y += 2)
    for (double x = 0; x < w; x += 3)
      {
        NnpLectureMatrix mat;
        int r, c;
        if (!nnp_lecture_layout_hit (lay, x, y, &mat, &r, &c))
          continue;
        g_assert_cmpint (mat, >=, 0);
        g_assert_cmpint (mat, <, NNP_LM_COUNT);
        g_assert_cmpint (r, >=, 0);
        g_assert_cmpint (c, >=, 0);
        if (mat == NNP_LM_Z1)
          {
            g_assert_cmpint (r, <, 8);
            g_assert_cmpint (c, <, 4);
            seen[r][c] = TRUE;
          }
        if (mat == NNP_LM_W1)
          g_assert_cmpint (c, <, 3);
      }
  for (int r = 0; r < 8; r++)
    for (int c = 0; c < 4; c++)
      g_assert_true (seen[r][c]);
  nnp_lecture_layout_free (lay);
  g_assert_false (nnp_plot_lecture_hit (NNP_FIGURE_LECTURE, w, h, &st, &style, 1, 1, NULL, NULL, NULL));
  nnp_lecture_free (lec);
  nnp_model_free (m);
}

/* Z1_ij comes from row i of X, row j of W1 and b1_j; dW1_jk from column j
 * of dZ1 and column k of X. */
static void
test_depends (void)
{
  NnpLectureView v;
  nnp_lecture_view_init (&v);
  g_assert_false (nnp_lecture_depends (&v, NNP_LM_X, 0, 0));
  v.hover_matrix = NNP_LM_Z1;
  v.hover_row = 1;
  v.hover_col = 2;
  g_assert_true (nnp_lecture_depends (&v, NNP_LM_X, 1, 0));
  g_assert_true (nnp_lecture_depends (&v, NNP_LM_X, 1, 2));
  g_assert_false (nnp_lecture_depends (&v, NNP_LM_X, 0, 0));
  g_assert_true (nnp_lecture_depends (&v, NNP_LM_W1, 2, 0));
  g_assert_false (nnp_lecture_depends (&v, NNP_LM_W1, 1, 0));
  g_assert_true (nnp_lecture_depends (&v, NNP_LM_B1, 2, 0));
  g_assert_false (nnp_lecture_depends (&v, NNP_LM_B1, 1, 0));
  g_assert_false (nnp_lecture_depends (&v, NNP_LM_A1, 1, 2));
  v.hover_matrix = NNP_LM_DW1;
  v.hover_row = 3;
  v.hover_col = 1;
  g_assert_true (nnp_lecture_depends (&v, NNP_LM_DZ1, 5, 3));
  g_assert_false (nnp_lecture_depends (&v, NNP_LM_DZ1, 5, 1));
  g_assert_true (nnp_lecture_depends (&v, NNP_LM_X, 0, 1));
  g_assert_false (nnp_lecture_depends (&v, NNP_LM_X, 0, 3));
}

/* h = 64 and NaN weights: rows and columns capped with a note, no crash. */
static void
test_large_and_nan (void)
{
  g_autoptr(NnpDataset) ds = make_data (5000, 2);
  NnpModel *m = make_model (2, 64);
  NnpPlotState st;
  plot_state (&st, m, ds);
  g_autofree char *w = words (NNP_FIGURE_LECTURE, &st);
  g_assert_nonnull (strstr (w, "8 of 64 columns"));
  g_assert_nonnull (strstr (w, "8 of 5000 rows"));
  /* Z1, A1 and dZ1 are cut both ways, and say so */
  g_assert_nonnull (strstr (w, "8 of 5000 rows, 8 of 64 columns"));
  m->theta->block[3] = NAN;
  g_autofree char *w2 = words (NNP_FIGURE_LECTURE, &st);
  g_assert_nonnull (strstr (w2, "Forward propagation"));
  nnp_model_free (m);
}

/* Cells between 0.001 and 0.01 are decimals like their neighbours
 * (0.00273 beside 0.02384), not 2.73e-03; smaller ones keep the exponent.
 * With n = 200, dZ2 = (A2 - Y) / n has such values. */
static void
test_cell_format (void)
{
  g_autoptr(NnpDataset) ds = make_data (200, 2);
  NnpModel *m = make_model (2, 3);
  NnpPlotState st;
  plot_state (&st, m, ds);
  g_autofree char *w = words (NNP_FIGURE_BACKWARD, &st);
  g_test_message ("%s", w);
  g_assert_null (strstr (w, "e-03"));
  g_assert_true (g_regex_match_simple ("(^|[^0-9.])0\\.00[1-9]", w, 0, 0));
  nnp_model_free (m);
}

/* The app's pane (text of a fixed size) at the width a 1024x768 window
 * leaves it: no matrix runs past the right edge; the columns that do not
 * fit give way to the marker. A wide pane shows eight. */
static void
test_narrow_pane (void)
{
  g_autoptr(NnpDataset) ds = make_data (200, 2);
  NnpModel *m = make_model (2, 12);
  NnpPlotState st;
  NnpPlotStyle style;
  const NnpLectureMatrix wide[] = { NNP_LM_Z1, NNP_LM_A1, NNP_LM_DZ1, NNP_LM_W2, NNP_LM_DW2, NNP_LM_W2_NEXT };

  plot_state (&st, m, ds);
  nnp_plot_style_init (&style);
  style.font_size = 14.0;
  for (int pass = 0; pass < 2; pass++)
    {
      const double width = pass == 0 ? 410.0 : 2000.0;
      const double height = nnp_plot_lecture_height (NNP_FIGURE_LECTURE, width, &st, &style);
      NnpLectureLayout *lay = nnp_lecture_layout_new (NNP_FIGURE_LECTURE, width, height, &st, &style);
      g_assert_nonnull (lay);
      for (size_t k = 0; k < G_N_ELEMENTS (wide); k++)
        {
          double x = 0, y, w = 0, h, right = 0;
          int shown = 0;
          while (nnp_lecture_layout_cell (lay, wide[k], 0, shown, &x, &y, &w, &h))
            {
              right = x + w;
              shown++;
            }
          g_test_message ("width %g: matrix %d shows %d columns, right edge %g", width, wide[k], shown, right);
          g_assert_cmpint (shown, >=, 2);
          g_assert_cmpfloat (right, <=, width);
          if (pass == 1)
            g_assert_cmpint (shown, ==, 8);
          else
            g_assert_cmpint (shown, <, 8);
        }
      nnp_lecture_layout_free (lay);
    }
  nnp_model_free (m);
}

/* A cell holds its widest number with room on both sides: at 4.6 fs
 * "−0.001455" had left 2 px in all, and a row of dW[2] read as one
 * run of digits. */
static void
test_cell_room (void)
{
  g_autoptr(NnpDataset) ds = make_data (200, 2);
  NnpModel *m = make_model (2, 3);
  NnpPlotState st;
  NnpPlotStyle style;

  plot_state (&st, m, ds);
  nnp_plot_style_init (&style);
  style.font_size = 14.0;
  const double width = 2000.0, height = nnp_plot_lecture_height (NNP_FIGURE_LECTURE, width, &st, &style);
  NnpLectureLayout *lay = nnp_lecture_layout_new (NNP_FIGURE_LECTURE, width, height, &st, &style);
  double x, y, w, h, text = 0;
  g_assert_true (nnp_lecture_layout_cell (lay, NNP_LM_DW2, 0, 0, &x, &y, &w, &h));
  cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, 1);
  cairo_t *cr = cairo_create (s);
  /* the numbers are 0.78 of the text size, and the pane draws at scale 1 */
  static const char *const widest[] = { "\u22120.001455", "\u22121.23e+05", "\u22121.23e+99" };
  for (gsize i = 0; i < G_N_ELEMENTS (widest); i++)
    {
      nnp_text_extents (cr, widest[i], 14.0 * 0.78, NNP_TEXT_NORMAL, &text, NULL);
      g_test_message ("cell %.1f px, %s %.1f px", w, widest[i], text);
      g_assert_cmpfloat (w - text, >=, 0.5 * 14.0);
    }
  cairo_destroy (cr);
  cairo_surface_destroy (s);
  nnp_lecture_layout_free (lay);
  nnp_model_free (m);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  tmpdir = g_dir_make_tmp ("nnp-lecture-XXXXXX", NULL);
  g_test_add_func ("/plot/lecture/parts-and-steps", test_parts_and_steps);
  g_test_add_func ("/plot/lecture/hit", test_hit);
  g_test_add_func ("/plot/lecture/depends", test_depends);
  g_test_add_func ("/plot/lecture/large-and-nan", test_large_and_nan);
  g_test_add_func ("/plot/lecture/fills-slide", test_fills_slide);
  g_test_add_func ("/plot/lecture/fills-slide-edge", test_fills_slide_edge);
  g_test_add_func ("/plot/lecture/centred", test_centred);
  g_test_add_func ("/plot/lecture/narrow-pane", test_narrow_pane);
  g_test_add_func ("/plot/lecture/cell-format", test_cell_format);
  g_test_add_func ("/plot/lecture/cell-room", test_cell_room);
  int rc = g_test_run ();
  g_autofree char *path = g_build_filename (tmpdir, "lecture.pdf", NULL);
  g_unlink (path);
  g_rmdir (tmpdir);
  g_free (tmpdir);
  return rc;
}
