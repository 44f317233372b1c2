/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nnp-plot-points.c: the data points: real circles on vector targets, blended stamps on raster ones. */
#define G_LOG_DOMAIN "nnplay-plot"
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "nnp-plot-private.h"

/* One marker with its centre at (cx, cy): filled with a light outline, or
 * a hollow ring (test points). */
void
nnp_marker (cairo_t *cr, const NnpTheme *t, const NnpRgba *c, gboolean hollow,
            double cx, double cy, double r)
{
  cairo_new_path (cr);
  if (hollow)
    {
      cairo_arc (cr, cx, cy, r * 0.78, 0, 2 * G_PI);
      cairo_set_line_width (cr, MAX (r * 0.45, 0.6));
      nnp_set_rgba (cr, c);
      cairo_stroke (cr);
    }
  else
    {
      cairo_arc (cr, cx, cy, r, 0, 2 * G_PI);
      nnp_set_rgba (cr, c);
      cairo_fill_preserve (cr);
      cairo_set_line_width (cr, MAX (r * 0.3, 0.5));
      nnp_set_rgba (cr, &t->halo);
      cairo_stroke (cr);
    }
}

static void
draw_points_vector (cairo_t *cr, const NnpTheme *t, const NnpPlotState *state, double r,
                    double xmin, double xmax, double ymin, double ymax,
                    double x, double y, double w, double h)
{
  const NnpRgba *colour[2] = { &t->class0, &t->class1 };
  const NnpDataset *sets[2] = { state->train, state->test };
  const double kx = w / (xmax - xmin), ky = h / (ymax - ymin);

  /* Each point filled and outlined before the next, as the raster path
   * does: filling all, then stroking all, left every overlapped point
   * looking like a hollow test point. */
  for (int s = 0; s < 2; s++)
    {
      if (sets[s] == NULL || sets[s]->d != 2)
        continue;
      const NnpDataset *ds = sets[s];
      for (size_t i = 0; i < ds->n; i++)
        {
          double px = x + (ds->X[i * 2] - xmin) * kx;
          double py = y + (ymax - ds->X[i * 2 + 1]) * ky;
          if (!isfinite (px) || !isfinite (py)
              || px < x - r || px > x + w + r || py < y - r || py > y + h + r)
            continue;
          nnp_marker (cr, t, colour[ds->y[i] > 0.5], s == 1, px, py, r);
        }
    }
}

/* dst = src OVER dst, premultiplied ARGB32, src clipped to dst. */
static void
blend_sprite (guint8 *dst, int dstride, int dw, int dh,
              const guint8 *src, int sstride, int size, int ox, int oy)
{
  int r0 = MAX (0, -oy), r1 = MIN (size, dh - oy), c0 = MAX (0, -ox), c1 = MIN (size, dw - ox);

  for (int r = r0; r < r1; r++)
    {
      const guint32 *sp = (const guint32 *) (src + r * sstride);
      guint32 *dp = (guint32 *) (dst + (r + oy) * dstride) + ox;
      for (int c = c0; c < c1; c++)
        {
          guint32 sv = sp[c], dv, k, out = 0;
          if (sv == 0)
            continue;
          k = 255 - (sv >> 24);
          dv = dp[c];
          for (int sh = 0; sh < 32; sh += 8)
            out |= (((sv >> sh) & 0xff) + ((((dv >> sh) & 0xff) * k + 127) / 255)) << sh;
          dp[c] = out;
        }
    }
}

/* The layer, its device scale set, with its top left at (x, y) of the
 * target's backend pixels over the device scale. */
static void
paint_layer (cairo_t *cr, cairo_surface_t *layer, double x, double y)
{
  cairo_save (cr);
  cairo_identity_matrix (cr);
  cairo_set_source_surface (cr, layer, x, y);
  cairo_paint (cr);
  cairo_restore (cr);
}

/* What the points layer depends on, compared byte for byte (zeroed
 * first, so padding compares too). */
typedef struct {
  NnpTheme theme;
  double geometry[15];
  guint64 n[2];
  guint64 hash;             /* of both sets' coordinates and labels */
} PointsKey;

/* FNV-1a over n doubles' bits, from h. */
static guint64
hash_doubles (guint64 h, const double *p, size_t n)
{
  for (size_t i = 0; i < n; i++)
    {
      guint64 w;
      memcpy (&w, p + i, sizeof w);
      h = (h ^ w) * 1099511628211u;
    }
  return h;
}

/* A change of any one word always changes it (each step is a bijection);
 * 20,000 points take about 0.1 ms. */
static guint64
points_hash (const NnpDataset *const sets[2])
{
  guint64 h = 14695981039346656037u;
  for (int s = 0; s < 2; s++)
    {
      const NnpDataset *ds = sets[s];
      size_t nx = ds != NULL ? ds->n * ds->d : 0, ny = ds != NULL ? ds->n : 0;
      h = (h ^ (guint64) nx) * 1099511628211u;
      h = hash_doubles (h, ds != NULL ? ds->X : NULL, nx);
      h = hash_doubles (h, ds != NULL ? ds->y : NULL, ny);
    }
  return h;
}

/* Raster targets: each marker kind is drawn once at the target's
 * resolution and blended into one layer at every point (rounded to whole
 * device pixels), which is painted once. Cairo tessellating a thousand
 * small circles costs ~20 ms a frame; this, well under one. FALSE when the
 * transformation is not a plain scale and translation. */
static gboolean
draw_points_raster (cairo_t *cr, const NnpTheme *t, const NnpPlotState *state, double r,
                    double xmin, double xmax, double ymin, double ymax,
                    double x, double y, double w, double h)
{
  const NnpRgba *colour[2] = { &t->class0, &t->class1 };
  const NnpDataset *sets[2] = { state->train, state->test };
  double sx = 1, sy = 1, kx = w / (xmax - xmin), ky = h / (ymax - ymin);
  double dx0, dy0, dx1, dy1, rd, half;
  cairo_surface_t *layer;
  cairo_matrix_t ctm;
  guint8 *ldata;
  int bx0, by0, bw, bh, lstride, size;

  cairo_get_matrix (cr, &ctm);
  cairo_surface_get_device_scale (cairo_get_target (cr), &sx, &sy);
  if (state->device_scale > 1.0 && state->device_scale <= 8.0)
    {
      sx *= state->device_scale;
      sy *= state->device_scale;
    }
  if (ctm.xy != 0 || ctm.yx != 0 || !(ctm.xx > 0) || !(ctm.yy > 0))
    return FALSE;
  /* The plane in backend pixels (device scale included). */
  dx0 = x, dy0 = y, dx1 = x + w, dy1 = y + h;
  cairo_matrix_transform_point (&ctm, &dx0, &dy0);
  cairo_matrix_transform_point (&ctm, &dx1, &dy1);
  bx0 = (int) floor (dx0 * sx);
  by0 = (int) floor (dy0 * sy);
  bw = (int) ceil (dx1 * sx) - bx0;
  bh = (int) ceil (dy1 * sy) - by0;
  rd = r * ctm.xx * sx;
  half = ceil (rd * 1.2 + 1);
  size = (int) (2 * half);
  if (bw < 1 || bh < 1 || (double) bw * bh > 64e6 || size > 512)
    return FALSE;

  /* on screen: the layer of the frame before, when nothing it shows moved */
  PointsKey key;
  if (state->grid != NULL)
    {
      memset (&key, 0, sizeof key);
      key.theme = *t;
      const double geometry[G_N_ELEMENTS (key.geometry)] = {
        r, xmin, xmax, ymin, ymax, x, y, w, h, ctm.xx, ctm.yy, ctm.x0, ctm.y0, sx, sy,
      };
      memcpy (key.geometry, geometry, sizeof geometry);
      for (int s = 0; s < 2; s++)
        key.n[s] = sets[s] != NULL ? sets[s]->n : 0;
      key.hash = points_hash (sets);
      layer = nnp_grid_keyed_surface (state->grid, &key, sizeof key);
      if (layer != NULL)
        {
          paint_layer (cr, layer, bx0 / sx, by0 / sy);
          return TRUE;
        }
    }

  layer = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, bw, bh);
  if (cairo_surface_status (layer) != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (layer);
      return FALSE;
    }
  cairo_surface_flush (layer);
  ldata = cairo_image_surface_get_data (layer);
  lstride = cairo_image_surface_get_stride (layer);

  for (int s = 0; s < 2; s++)
    {
      if (sets[s] == NULL || sets[s]->d != 2)
        continue;
      for (int c = 0; c < 2; c++)
        {
          const NnpDataset *ds = sets[s];
          cairo_surface_t *sprite = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, size, size);
          cairo_t *scr = cairo_create (sprite);
          const guint8 *sdata;
          int sstride;

          nnp_marker (scr, t, colour[c], s == 1, half, half, rd);
          cairo_destroy (scr);
          cairo_surface_flush (sprite);
          sdata = cairo_image_surface_get_data (sprite);
          sstride = cairo_image_surface_get_stride (sprite);
          for (size_t i = 0; sdata != NULL && i < ds->n; i++)
            {
              double px, py;
              if (ds->y[i] != c)
                continue;
              px = x + (ds->X[i * ds->d] - xmin) * kx;
              py = y + (ymax - ds->X[i * ds->d + 1]) * ky;
              if (!isfinite (px) || !isfinite (py)
                  || px < x - r || px > x + w + r || py < y - r || py > y + h + r)
                continue;
              cairo_matrix_transform_point (&ctm, &px, &py);
              blend_sprite (ldata, lstride, bw, bh, sdata, sstride, size,
                            (int) lround (px * sx - half) - bx0, (int) lround (py * sy - half) - by0);
            }
          cairo_surface_destroy (sprite);
        }
    }
  cairo_surface_mark_dirty (layer);
  cairo_surface_set_device_scale (layer, sx, sy);
  paint_layer (cr, layer, bx0 / sx, by0 / sy);
  if (state->grid != NULL)
    nnp_grid_keep_surface (state->grid, &key, sizeof key, layer);
  cairo_surface_destroy (layer);
  return TRUE;
}

/* Every k-th row of ds: a sample that stays the same as training goes on. */
static NnpDataset *
every_kth (const NnpDataset *ds, size_t k)
{
  NnpDataset *out = nnp_dataset_alloc (0, ds->d);

  for (size_t i = 0; out != NULL && i < ds->n; i += k)
    if (!nnp_dataset_append (out, ds->X + i * ds->d, ds->y[i]))
      {
        nnp_dataset_free (out);
        return NULL;
      }
  return out;
}

static void
points_draw_all (cairo_t *cr, const NnpTheme *t, const NnpPlotState *state, double r,
                 double xmin, double xmax, double ymin, double ymax,
                 double x, double y, double w, double h)
{
  if (nnp_is_vector_target (cr)
      || !draw_points_raster (cr, t, state, r, xmin, xmax, ymin, ymax, x, y, w, h))
    draw_points_vector (cr, t, state, r, xmin, xmax, ymin, ymax, x, y, w, h);
}

void
nnp_points_draw (cairo_t *cr, const NnpTheme *t, const NnpPlotState *state, double r,
                 double xmin, double xmax, double ymin, double ymax,
                 double x, double y, double w, double h)
{
  size_t n_train = state->train != NULL ? state->train->n : 0;
  size_t n_test = state->test != NULL ? state->test->n : 0;
  size_t total = n_train + n_test, k, shown;
  NnpPlotState sampled = *state;
  g_autoptr (NnpDataset) train = NULL;
  g_autoptr (NnpDataset) test = NULL;
  char text[128];

  if (total <= NNP_PLOT_MAX_POINTS)
    {
      points_draw_all (cr, t, state, r, xmin, xmax, ymin, ymax, x, y, w, h);
      return;
    }
  /* More points than the eye can use would hide the boundary: every k-th
   * is drawn (training still uses all), and the plot says so. */
  k = (total + NNP_PLOT_SAMPLE_POINTS - 1) / NNP_PLOT_SAMPLE_POINTS;
  if (n_train > 0)
    sampled.train = train = every_kth (state->train, k);
  if (n_test > 0)
    sampled.test = test = every_kth (state->test, k);
  if ((n_train > 0 && train == NULL) || (n_test > 0 && test == NULL))
    return;
  points_draw_all (cr, t, &sampled, r, xmin, xmax, ymin, ymax, x, y, w, h);
  shown = (train != NULL ? train->n : 0) + (test != NULL ? test->n : 0);
  g_snprintf (text, sizeof text, _("showing %zu of %zu points"), shown, total);
  {
    double fs = t->fs * 0.7, pad = fs * 0.4, tw = 0, th = 0;
    nnp_text_extents (cr, text, fs, NNP_TEXT_NORMAL, &tw, &th);
    /* a small plane: the note shrinks to its width rather than being cut */
    if (tw + 4 * pad > w && tw > 0)
      {
        fs *= MAX (w - 4 * pad, w * 0.5) / tw;
        pad = fs * 0.4;
        nnp_text_extents (cr, text, fs, NNP_TEXT_NORMAL, &tw, &th);
      }
    nnp_set_rgba_alpha (cr, &t->bg, 0.8);
    cairo_rectangle (cr, x + pad, y + h - th - 3 * pad, tw + 2 * pad, th + 2 * pad);
    cairo_fill (cr);
    nnp_text_draw (cr, text, fs, NNP_TEXT_NORMAL, x + 2 * pad, y + h - 2 * pad, 0, 1, &t->fg);
  }
}
