/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nnp-plot-unit.c: a hidden unit's activation a_j(x) = g(w_j . x + b_j) over the plane, and its line. */
#define G_LOG_DOMAIN "nnplay-plot"
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "nnp-plot-private.h"

gboolean
nnp_model_is_planar (const NnpModel *m)
{
  return m != NULL && m->theta != NULL && m->theta->d == 2 && m->theta->h >= 1;
}

static void
unit_weights (const NnpModel *m, size_t j, double *w1, double *w2, double *b)
{
  *w1 = gsl_matrix_get (&m->theta->W1.matrix, j, 0);
  *w2 = gsl_matrix_get (&m->theta->W1.matrix, j, 1);
  *b = gsl_vector_get (&m->theta->b1.vector, j);
}

void
nnp_unit_range (const NnpModel *m, size_t j, double xmin, double xmax,
                double ymin, double ymax, double *lo, double *hi)
{
  double w1, w2, b, zmax;

  switch (m->act)
    {
    case NNP_ACT_TANH:
      *lo = -1.0;
      *hi = 1.0;
      return;
    case NNP_ACT_RELU:
      /* z is affine, so its largest value over the view is at a corner.
       * Centring the map on 0 paints the inactive side neutral. */
      unit_weights (m, j, &w1, &w2, &b);
      zmax = MAX (MAX (w1 * xmin + w2 * ymin, w1 * xmax + w2 * ymin),
                  MAX (w1 * xmin + w2 * ymax, w1 * xmax + w2 * ymax)) + b;
      *hi = (isfinite (zmax) && zmax > 0) ? zmax : 1.0;
      *lo = -*hi;
      return;
    case NNP_ACT_SIGMOID:
    default:
      *lo = 0.0;
      *hi = 1.0;
      return;
    }
}

/* g^-1(v), or NAN where g does not reach v. */
static double
inverse_activation (NnpActivation act, double v)
{
  switch (act)
    {
    case NNP_ACT_TANH:
      return v > -1 && v < 1 ? atanh (v) : NAN;
    case NNP_ACT_RELU:
      return v > 0 ? v : NAN;
    case NNP_ACT_SIGMOID:
    default:
      return v > 0 && v < 1 ? log (v / (1 - v)) : NAN;
    }
}

#define UNIT_STOPS 64

/* a_j = g(w_j . x + b_j) depends on x only through z = w_j . x + b_j, which
 * is affine in device space too: the heatmap is a linear gradient across
 * the unit's line. Stops sit at even steps of the colour map (so the steep
 * middle of a sigmoid gets as many as its flat tails), which keeps it exact
 * to well under a colour level, vector in SVG/PDF and cheap for thumbnails. */
static void
paint_unit (cairo_t *cr, const NnpTheme *t, const NnpModel *m, size_t j,
            double xmin, double xmax, double ymin, double ymax,
            double x, double y, double w, double h)
{
  double w1, w2, b, lo, hi, A, B, C, zc, zmin, zmax, n2, cx = x + w / 2, cy = y + h / 2;
  double corners[4];
  cairo_pattern_t *pat;
  NnpRgba c;

  unit_weights (m, j, &w1, &w2, &b);
  nnp_unit_range (m, j, xmin, xmax, ymin, ymax, &lo, &hi);
  /* z = A px + B py + C in user coordinates of the rectangle. */
  A = w1 * (xmax - xmin) / w;
  B = -w2 * (ymax - ymin) / h;
  C = b + w1 * (xmin - x * (xmax - xmin) / w) + w2 * (ymax + y * (ymax - ymin) / h);
  zc = A * cx + B * cy + C;
  corners[0] = A * x + B * y + C;
  corners[1] = A * (x + w) + B * y + C;
  corners[2] = A * x + B * (y + h) + C;
  corners[3] = A * (x + w) + B * (y + h) + C;
  zmin = MIN (MIN (corners[0], corners[1]), MIN (corners[2], corners[3]));
  zmax = MAX (MAX (corners[0], corners[1]), MAX (corners[2], corners[3]));
  n2 = A * A + B * B;
  cairo_rectangle (cr, x, y, w, h);
  if (!isfinite (zmin) || !isfinite (zmax) || !isfinite (zc) || !(n2 > 0) || !(zmax - zmin > 1e-12))
    {
      double v = isfinite (zc) ? nnp_activation_g (m->act, zc) : NAN;
      c = nnp_colormap_at (t, (v - lo) / (hi - lo));
      nnp_set_rgba (cr, &c);
      cairo_fill (cr);
      return;
    }
  /* From the point of least z to the point of largest, through the centre. */
  pat = cairo_pattern_create_linear (cx + (zmin - zc) * A / n2, cy + (zmin - zc) * B / n2,
                                     cx + (zmax - zc) * A / n2, cy + (zmax - zc) * B / n2);
  c = nnp_colormap_at (t, (nnp_activation_g (m->act, zmin) - lo) / (hi - lo));
  cairo_pattern_add_color_stop_rgb (pat, 0, c.r, c.g, c.b);
  if (m->act == NNP_ACT_RELU && zmin < 0 && zmax > 0)
    {
      c = nnp_colormap_at (t, -lo / (hi - lo));
      cairo_pattern_add_color_stop_rgb (pat, -zmin / (zmax - zmin), c.r, c.g, c.b);
    }
  for (int k = 1; k < UNIT_STOPS; k++)
    {
      double tk = (double) k / UNIT_STOPS, z = inverse_activation (m->act, lo + tk * (hi - lo));
      if (!(z > zmin && z < zmax))
        continue;
      c = nnp_colormap_at (t, tk);
      cairo_pattern_add_color_stop_rgb (pat, (z - zmin) / (zmax - zmin), c.r, c.g, c.b);
    }
  c = nnp_colormap_at (t, (nnp_activation_g (m->act, zmax) - lo) / (hi - lo));
  cairo_pattern_add_color_stop_rgb (pat, 1, c.r, c.g, c.b);
  cairo_set_source (cr, pat);
  cairo_fill (cr);
  cairo_pattern_destroy (pat);
}

#define UNIT_TABLE 2048

/* Raster targets: the same picture as paint_unit, per device pixel. z is
 * affine along a row, and the colour depends on z alone, so a table of
 * colours over the view's z range replaces g() and the colour map per
 * pixel; 2048 entries are finer than the 1024-entry colour map. */
static void
paint_unit_raster (cairo_t *cr, const NnpTheme *t, const NnpModel *m, size_t j, int cell_px,
                   double xmin, double xmax, double ymin, double ymax,
                   double x, double y, double w, double h)
{
  double w1, w2, b, lo, hi, zmin, zmax, k, sx, sy;
  guint32 lut[NNP_LUT_SIZE], table[UNIT_TABLE];
  cairo_surface_t *img;
  cairo_pattern_t *pat;
  size_t nx, ny;
  guint8 *data;
  int stride;

  unit_weights (m, j, &w1, &w2, &b);
  nnp_unit_range (m, j, xmin, xmax, ymin, ymax, &lo, &hi);
  nnp_heatmap_size (cr, w, h, cell_px, &nx, &ny);
  zmin = MIN (w1 * xmin, w1 * xmax) + MIN (w2 * ymin, w2 * ymax) + b;
  zmax = MAX (w1 * xmin, w1 * xmax) + MAX (w2 * ymin, w2 * ymax) + b;
  nnp_colormap_lut (lut, t);
  for (int i = 0; i < UNIT_TABLE; i++)
    {
      double z = zmin + (zmax - zmin) * i / (UNIT_TABLE - 1);
      double u = (nnp_activation_g (m->act, z) - lo) / (hi - lo) * (NNP_LUT_SIZE - 1);
      table[i] = u >= 0 && u <= NNP_LUT_SIZE - 1 ? lut[(int) (u + 0.5)] : lut[NNP_LUT_SIZE / 2];
    }
  k = zmax > zmin ? (UNIT_TABLE - 1) / (zmax - zmin) : 0.0;
  const guint32 neutral = lut[NNP_LUT_SIZE / 2];

  img = cairo_image_surface_create (CAIRO_FORMAT_RGB24, (int) nx, (int) ny);
  if (cairo_surface_status (img) != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (img);
      return;
    }
  cairo_surface_flush (img);
  data = cairo_image_surface_get_data (img);
  stride = cairo_image_surface_get_stride (img);
  sx = (xmax - xmin) / nx;
  sy = (ymax - ymin) / ny;
  for (size_t r = 0; r < ny; r++)
    {
      guint32 *row = (guint32 *) (data + r * (size_t) stride);
      double zr = b + w2 * (ymax - (r + 0.5) * sy) + w1 * (xmin + 0.5 * sx) - zmin, dz = w1 * sx;
      for (size_t c = 0; c < nx; c++)
        {
          double u = (zr + dz * c) * k;
          /* a view near DBL_MAX overflows z to inf - inf = NaN: paint it neutral */
          row[c] = isnan (u) ? neutral
                 : table[u <= 0 ? 0 : u >= UNIT_TABLE - 1 ? UNIT_TABLE - 1 : (int) (u + 0.5)];
        }
    }
  cairo_surface_mark_dirty (img);
  cairo_save (cr);
  cairo_translate (cr, x, y);
  cairo_scale (cr, w / nx, h / ny);
  cairo_set_source_surface (cr, img, 0, 0);
  pat = cairo_get_source (cr);
  cairo_pattern_set_extend (pat, CAIRO_EXTEND_PAD);
  cairo_pattern_set_filter (pat, cell_px > 1 ? CAIRO_FILTER_BILINEAR : CAIRO_FILTER_NEAREST);
  cairo_rectangle (cr, 0, 0, nx, ny);
  cairo_fill (cr);
  cairo_restore (cr);
  cairo_surface_destroy (img);
}

void
nnp_unit_paint (cairo_t *cr, const NnpTheme *t, const NnpModel *m, size_t j, int cell_px,
                double xmin, double xmax, double ymin, double ymax,
                double x, double y, double w, double h)
{
  double w1, w2, b;

  unit_weights (m, j, &w1, &w2, &b);
  if (!nnp_is_vector_target (cr) && isfinite (w1) && isfinite (w2) && isfinite (b))
    paint_unit_raster (cr, t, m, j, cell_px, xmin, xmax, ymin, ymax, x, y, w, h);
  else
    paint_unit (cr, t, m, j, xmin, xmax, ymin, ymax, x, y, w, h);
}

void
nnp_unit_line_path (cairo_t *cr, const NnpModel *m, size_t j,
                    double xmin, double xmax, double ymin, double ymax,
                    double x, double y, double w, double h)
{
  double w1, w2, b, x0, y0, x1, y1;

  unit_weights (m, j, &w1, &w2, &b);
  if (!nnp_clip_line (w1, w2, b, xmin, xmax, ymin, ymax, &x0, &y0, &x1, &y1))
    return;
  cairo_move_to (cr, x + (x0 - xmin) / (xmax - xmin) * w, y + (ymax - y0) / (ymax - ymin) * h);
  cairo_line_to (cr, x + (x1 - xmin) / (xmax - xmin) * w, y + (ymax - y1) / (ymax - ymin) * h);
}

/* ---- Unit colours and the colour scale ---------------------------------- */

NnpRgba
nnp_unit_colour (const NnpTheme *t, size_t j)
{
  /* Purple, green, magenta, teal, brown, olive, crimson, slate: none near
   * the class pair's blue and orange; darker on light figures, lighter on
   * dark ones, each drawn over a halo. */
  static const guint32 light[8] = { 0x6A3D9A, 0x1B7837, 0xC51B7D, 0x01665E,
                                    0x8C510A, 0x6B6B00, 0xB2182B, 0x3F4E63 };
  static const guint32 dark[8] = { 0xC2A5CF, 0x7FBF7B, 0xF1B6DA, 0x80CDC1,
                                   0xDFC27D, 0xD9D96C, 0xF4A582, 0xA9B8CC };
  guint32 c = (t->dark ? dark : light)[j % 8];
  NnpRgba rgba = { ((c >> 16) & 0xFF) / 255.0, ((c >> 8) & 0xFF) / 255.0, (c & 0xFF) / 255.0, 1.0 };
  return rgba;
}

double
nnp_unit_scale_height (double fs)
{
  return fs * 2.3;
}

void
nnp_unit_scale_draw (cairo_t *cr, const NnpTheme *t, NnpActivation act,
                     double x, double y, double w, double h)
{
  /* The bar spans the colour map's part the activation reaches: all of it
   * for sigmoid and tanh, the upper half for ReLU (a_j >= 0 is drawn from
   * neutral at 0 to full at the unit's largest value). */
  double from = act == NNP_ACT_RELU ? 0.5 : 0.0;
  double fs = MIN (t->fs * 0.7, h * 0.34), label_w = 0, bx, bw, bh;
  const char *lo = act == NNP_ACT_TANH ? "\xe2\x88\x92" "1" : "0";
  const char *mid = act == NNP_ACT_SIGMOID ? "0.5" : act == NNP_ACT_TANH ? "0" : NULL;
  /* TRANSLATORS: the right end of the ReLU colour scale: each unit's own
   * largest activation in the view. */
  const char *hi = act == NNP_ACT_RELU ? _("max in view") : "1";
  const char *name = "<i>a</i><sub><i>j</i></sub><sup>[1]</sup>";
  cairo_pattern_t *grad;

  if (!(w > 0) || !(h > 0))
    return;
  nnp_text_extents (cr, name, fs * 1.15, NNP_TEXT_NORMAL, &label_w, NULL);
  bx = x + label_w + fs * 0.6;
  bw = w - (bx - x) - fs * 0.4;
  bh = h * 0.38;
  if (bw < fs * 3)
    return;
  nnp_text_draw (cr, name, fs * 1.15, NNP_TEXT_NORMAL, x, y + bh / 2, 0, 0.5, &t->fg);

  cairo_save (cr);
  grad = cairo_pattern_create_linear (bx, 0, bx + bw, 0);
  for (int i = 0; i <= 32; i++)
    {
      double f = (double) i / 32;
      NnpRgba c = nnp_colormap_at (t, from + f * (1.0 - from));
      cairo_pattern_add_color_stop_rgb (grad, f, c.r, c.g, c.b);
    }
  cairo_rectangle (cr, bx, y, bw, bh);
  cairo_set_source (cr, grad);
  cairo_fill_preserve (cr);
  cairo_pattern_destroy (grad);
  cairo_set_line_width (cr, MAX (fs * 0.06, 0.5));
  nnp_set_rgba_alpha (cr, &t->frame, 0.6);
  cairo_stroke (cr);
  cairo_restore (cr);

  nnp_text_draw (cr, lo, fs, NNP_TEXT_NORMAL, bx, y + bh + fs * 0.2, 0, 0, &t->muted);
  if (mid != NULL)
    nnp_text_draw (cr, mid, fs, NNP_TEXT_NORMAL, bx + bw / 2, y + bh + fs * 0.2, 0.5, 0, &t->muted);
  nnp_text_draw (cr, hi, fs, NNP_TEXT_NORMAL, bx + bw, y + bh + fs * 0.2, 1, 0, &t->muted);
}

void
nnp_plot_unit_scale (cairo_t *cr, double width, double height, NnpActivation act,
                     const NnpPlotStyle *style)
{
  NnpPlotState empty;
  NnpTheme t;

  nnp_plot_state_init (&empty);
  if (!nnp_figure_begin (cr, &t, width, height, &empty, style))
    return;
  nnp_unit_scale_draw (cr, &t, act, 0, height * 0.08, width, height * 0.92);
  cairo_restore (cr);
}
