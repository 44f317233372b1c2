/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nnp-plot-grid.c: NnpPlotGrid: the network's logit on a node grid, evaluated once per model and view, and the heat map painted from it. */
#define G_LOG_DOMAIN "nnplay-plot"
#include "config.h"

#include <math.h>
#include <string.h>

#include "nnp-isa-private.h"
#include "nnp-plot-private.h"
#if NNP_DISPATCH
#include <immintrin.h>
#endif

/* The logit table spans [-Z, Z]: beyond |z| = 7.7 the 1024-entry colour
 * map is at its ends already. 4096 entries move at most one map entry. */
#define LOGIT_Z 8.0f
#define LOGIT_TABLE 4096
#define RETIRED_IMAGES 3
G_STATIC_ASSERT (NNP_GRID_TABLE_SIZE == LOGIT_TABLE + 1);

struct NnpPlotGrid
{
  int step;                 /* the finest step, in device pixels */
  double budget;            /* at most this many unit evaluations per update; 0: no limit */
  double time_budget;       /* and at most this long, in seconds; 0: no limit */
  double rate;              /* unit evaluations per second, measured; 0: not yet */
  int used_step;            /* the step of the nodes held */
  /* what the nodes were computed from */
  NnpActivation act;
  size_t d, h;
  double *theta;            /* a copy of the parameters */
  double view[4];
  int width_px, height_px;
  gboolean valid;
  size_t nx, ny;
  float *z;                 /* ny x nx: z2 at the nodes, row 0 at the top */
  double *zd;               /* the same in double, for the contour */
  guint64 evaluations;
  /* the heat map painted from z, for one colour theme */
  cairo_surface_t *image;
  /* The images before it, newest first, to paint the next into: a fresh
   * surface costs a clear, and so would a copy of one a frame still
   * shows. Frames hold a reference to the image they show (see
   * nnp_grid_paint), so one whose only reference is ours is in no
   * frame. */
  cairo_surface_t *retired[RETIRED_IMAGES];
  /* the keyed picture (nnp_grid_keep_surface) */
  void *kept_key;
  size_t kept_size;
  cairo_surface_t *kept;
  NnpRgba image_key[3];     /* class0, mid, class1 it was painted with */
};

NnpPlotGrid *
nnp_plot_grid_new (int step)
{
  g_return_val_if_fail (step >= 1, NULL);
  NnpPlotGrid *g = g_new0 (NnpPlotGrid, 1);
  g->step = step;
  return g;
}

void
nnp_plot_grid_set_budget (NnpPlotGrid *g, double unit_evaluations)
{
  g_return_if_fail (g != NULL);
  g->budget = unit_evaluations > 0 && isfinite (unit_evaluations) ? unit_evaluations : 0;
}

void
nnp_plot_grid_set_time_budget (NnpPlotGrid *g, double seconds)
{
  g_return_if_fail (g != NULL);
  g->time_budget = seconds > 0 && isfinite (seconds) ? seconds : 0;
}

int
nnp_plot_grid_get_step (const NnpPlotGrid *g)
{
  g_return_val_if_fail (g != NULL, 0);
  return g->valid ? g->used_step : 0;
}

/* Nodes along px device pixels a node every ~step, on both borders. */
static size_t
nodes_along (int px, int step)
{
  return (size_t) (px + step - 1) / (size_t) step + 1;
}

/* The finest step from g->step up whose nodes, (h + 1) unit evaluations
 * each (h hidden units and the output), fit the budget; at most 4 times
 * the finest, so a huge h coarsens the picture but never to blocks. */
static int
choose_step (const NnpPlotGrid *g, size_t h, int width_px, int height_px)
{
  int step = g->step;
  double budget = g->budget;
  if (g->time_budget > 0 && g->rate > 0)
    budget = budget > 0 ? MIN (budget, g->time_budget * g->rate) : g->time_budget * g->rate;
  if (budget <= 0)
    return step;
  for (; step < 4 * g->step; step++)
    {
      if ((double) nodes_along (width_px, step) * (double) nodes_along (height_px, step) * (double) (h + 1)
          <= budget)
        break;
    }
  return step;
}

void
nnp_plot_grid_free (NnpPlotGrid *g)
{
  if (g == NULL)
    return;
  g_free (g->theta);
  g_free (g->z);
  g_free (g->zd);
  g_clear_pointer (&g->image, cairo_surface_destroy);
  for (int i = 0; i < RETIRED_IMAGES; i++)
    g_clear_pointer (&g->retired[i], cairo_surface_destroy);
  g_clear_pointer (&g->kept, cairo_surface_destroy);
  g_free (g->kept_key);
  g_free (g);
}

guint64
nnp_plot_grid_evaluations (const NnpPlotGrid *g)
{
  g_return_val_if_fail (g != NULL, 0);
  return g->evaluations;
}

const float *
nnp_plot_grid_logit (const NnpPlotGrid *g, size_t *nx, size_t *ny)
{
  g_return_val_if_fail (g != NULL, NULL);
  if (nx) *nx = g->valid ? g->nx : 0;
  if (ny) *ny = g->valid ? g->ny : 0;
  return g->valid ? g->z : NULL;
}

/* The image is out of date: it goes to the front of the retired ones. */
static void
retire_image (NnpPlotGrid *g)
{
  if (g->image == NULL)
    return;
  g_clear_pointer (&g->retired[RETIRED_IMAGES - 1], cairo_surface_destroy);
  memmove (g->retired + 1, g->retired, (RETIRED_IMAGES - 1) * sizeof g->retired[0]);
  g->retired[0] = g_steal_pointer (&g->image);
}

static gboolean
same_model (const NnpPlotGrid *g, const NnpModel *m)
{
  const NnpParams *p = m->theta;
  return g->theta != NULL && g->act == m->act && g->d == p->d && g->h == p->h
         && memcmp (g->theta, p->block, p->size * sizeof (double)) == 0;
}

gboolean
nnp_plot_grid_update (NnpPlotGrid *g, const NnpModel *m,
                      double xmin, double xmax, double ymin, double ymax,
                      int width_px, int height_px)
{
  g_return_val_if_fail (g != NULL, FALSE);
  if (!nnp_model_is_planar (m) || width_px < 1 || height_px < 1
      || !(xmax > xmin) || !(ymax > ymin) || !isfinite (xmax - xmin) || !isfinite (ymax - ymin))
    {
      g->valid = FALSE;
      return FALSE;
    }
  const double view[4] = { xmin, xmax, ymin, ymax };
  const NnpParams *p = m->theta;
  const int step = choose_step (g, p->h, width_px, height_px);
  if (g->valid && same_model (g, m) && memcmp (view, g->view, sizeof view) == 0
      && width_px == g->width_px && height_px == g->height_px && step == g->used_step)
    return FALSE;

  /* a node every ~step device pixels, on the view's border too */
  const size_t nx = nodes_along (width_px, step);
  const size_t ny = nodes_along (height_px, step);
  g->valid = FALSE;
  retire_image (g);
  if (nx * ny != g->nx * g->ny || g->z == NULL)
    {
      g_free (g->z);
      g_free (g->zd);
      g->z = g_try_new (float, nx * ny);
      g->zd = g_try_new (double, nx * ny);
      if (g->z == NULL || g->zd == NULL)
        {
          g_clear_pointer (&g->z, g_free);
          g_clear_pointer (&g->zd, g_free);
          return FALSE;
        }
    }
  if (g->theta == NULL || g->d != p->d || g->h != p->h)
    {
      g_free (g->theta);
      g->theta = g_new (double, p->size);
    }
  g->nx = nx;
  g->ny = ny;

  /* nodes at the view's border: cell centres of a grid overhanging by
   * half a cell */
  const double dx = (xmax - xmin) / (double) (nx - 1), dy = (ymax - ymin) / (double) (ny - 1);
  NnpGrid grid = { xmin - dx / 2, xmax + dx / 2, ymin - dy / 2, ymax + dy / 2, nx, ny };
  const gint64 t0 = g_get_monotonic_time ();
  if (nnp_model_eval_grid_logitf (g->z, m, &grid) != NNP_OK)
    return FALSE;
  /* this machine's speed, for the time budget: a running mean, so one
   * preempted update moves it a little */
  const double took = (double) (g_get_monotonic_time () - t0) * 1e-6;
  if (took > 0)
    {
      const double rate = (double) nx * (double) ny * (double) (p->h + 1) / took;
      g->rate = g->rate > 0 ? 0.8 * g->rate + 0.2 * rate : rate;
    }
  for (size_t i = 0; i < nx * ny; i++)
    {
      /* keep interpolation finite (inf * 0 would make NaN); NaN stays */
      float v = g->z[i];
      v = v > 1e30f ? 1e30f : v < -1e30f ? -1e30f : v;
      g->z[i] = v;
      g->zd[i] = v;
    }
  memcpy (g->theta, p->block, p->size * sizeof (double));
  g->act = m->act;
  g->d = p->d;
  g->h = p->h;
  memcpy (g->view, view, sizeof view);
  g->width_px = width_px;
  g->height_px = height_px;
  g->used_step = step;
  g->valid = TRUE;
  g->evaluations++;
  return TRUE;
}

typedef float v4sf __attribute__ ((vector_size (16)));
typedef gint32 v4si __attribute__ ((vector_size (16)));

/* The logit to its table index: LOGIT_Z + z scaled to the table, then
 * rounded. */
#define LOGIT_SCALE ((LOGIT_TABLE - 1) / (2.0f * LOGIT_Z))

/* One pixel of paint_row, for the row's last few. */
static inline guint32
paint_pixel (float z0, float z1, float wy, const guint32 *table)
{
  float u = (z0 + wy * (z1 - z0) + LOGIT_Z) * LOGIT_SCALE;
  return u >= 0.0f && u <= LOGIT_TABLE - 1 ? table[(int) (u + 0.5f)]
       : u > LOGIT_TABLE - 1 ? table[LOGIT_TABLE - 1]
       : u < 0.0f ? table[0] : table[LOGIT_TABLE];
}

/* Row i of the heat map's pixels from two node rows already interpolated
 * along x (r0, r1) and the weight wy of r1: the logit interpolated
 * between them, then its entry in table (LOGIT_TABLE entries, then the
 * neutral colour for NaN). Four pixels at a time. */
static void
paint_row_base (guint32 *restrict px, const float *restrict r0, const float *restrict r1, float wy,
                const guint32 *restrict table, int W)
{
  const float last = LOGIT_TABLE - 1;
  const v4sf top = { last, last, last, last };
  gint32 idx[4];
  int i = 0;
  for (; i + 4 <= W; i += 4)
    {
      v4sf a, b;
      memcpy (&a, r0 + i, sizeof a);
      memcpy (&b, r1 + i, sizeof b);
      v4sf u = (a + wy * (b - a) + LOGIT_Z) * LOGIT_SCALE;
      /* clamp to [0, LOGIT_TABLE - 1]; NaN fails both tests and stays */
      u = (v4sf) ((v4si) u & ~(u < 0.0f));
      const v4si hi = u > top;
      u = (v4sf) (((v4si) u & ~hi) | ((v4si) top & hi));
      /* NaN lanes to 0 before the conversion (converting NaN is
       * undefined), then to the neutral entry */
      const v4si nan = u != u;
      u = (v4sf) ((v4si) u & ~nan);
      v4si j = __builtin_convertvector (u + 0.5f, v4si);
      j = (j & ~nan) | (LOGIT_TABLE & nan);
      memcpy (idx, &j, sizeof idx);
      px[i] = table[idx[0]];
      px[i + 1] = table[idx[1]];
      px[i + 2] = table[idx[2]];
      px[i + 3] = table[idx[3]];
    }
  for (; i < W; i++)
    px[i] = paint_pixel (r0[i], r1[i], wy, table);
}

#if NNP_DISPATCH
/* The same with AVX2, eight pixels at a time and the table read by one
 * gather: three times faster than the four scalar reads above. The same
 * operations in the same order, and no FMA (it would round a + wy (b - a)
 * once instead of twice), so the pixels are the same. */
__attribute__ ((target ("avx2"))) static void
paint_row_avx2 (guint32 *restrict px, const float *restrict r0, const float *restrict r1, float wy,
                const guint32 *restrict table, int W)
{
  const __m256 w = _mm256_set1_ps (wy), z = _mm256_set1_ps (LOGIT_Z);
  const __m256 k = _mm256_set1_ps (LOGIT_SCALE), half = _mm256_set1_ps (0.5f);
  const __m256 top = _mm256_set1_ps (LOGIT_TABLE - 1), zero = _mm256_setzero_ps ();
  const __m256i neutral = _mm256_set1_epi32 (LOGIT_TABLE);
  int i = 0;
  for (; i + 8 <= W; i += 8)
    {
      const __m256 a = _mm256_loadu_ps (r0 + i), b = _mm256_loadu_ps (r1 + i);
      __m256 u = _mm256_mul_ps (_mm256_add_ps (_mm256_add_ps (a, _mm256_mul_ps (w, _mm256_sub_ps (b, a))), z), k);
      const __m256 nan = _mm256_cmp_ps (u, u, _CMP_UNORD_Q);
      /* max and min give their second operand for NaN: 0, then the
       * neutral entry below */
      u = _mm256_min_ps (_mm256_max_ps (u, zero), top);
      __m256i j = _mm256_cvttps_epi32 (_mm256_add_ps (u, half));
      j = _mm256_blendv_epi8 (j, neutral, _mm256_castps_si256 (nan));
      _mm256_storeu_si256 ((__m256i *) (px + i), _mm256_i32gather_epi32 ((const int *) table, j, 4));
    }
  for (; i < W; i++)
    px[i] = paint_pixel (r0[i], r1[i], wy, table);
}
#endif

typedef void (*PaintRowFunc) (guint32 *restrict px, const float *restrict r0, const float *restrict r1,
                              float wy, const guint32 *restrict table, int W);

/* The variant isa names ("base", "avx2"), or NULL for the one the
 * kernels use (nnp_kernel_isa (): NNP_KERNEL_ISA=base picks the base
 * here too); NULL if this build or CPU has no such variant. */
static PaintRowFunc
paint_row_func (const char *isa)
{
  if (isa == NULL)
    isa = strcmp (nnp_kernel_isa (), "base") == 0 ? "base" : "avx2";
  if (strcmp (isa, "base") == 0)
    return paint_row_base;
#if NNP_DISPATCH
  if (strcmp (isa, "avx2") == 0 && strcmp (nnp_kernel_isa (), "base") != 0)
    return paint_row_avx2;
#endif
  return NULL;
}

gboolean
nnp_grid_paint_row_isa (const char *isa, guint32 *px, const float *r0, const float *r1, float wy,
                        const guint32 *table, int W)
{
  PaintRowFunc paint_row = paint_row_func (isa);
  if (paint_row == NULL)
    return FALSE;
  paint_row (px, r0, r1, wy, table, W);
  return TRUE;
}

/* The heat map at one colour per device pixel: the logit interpolated
 * bilinearly between nodes (it is smooth where a2 jumps), then coloured
 * through a table over z. Painted into a retired image of the size that
 * no frame holds, else into a new one. */
static cairo_surface_t *
paint_image (NnpPlotGrid *g, const NnpTheme *t)
{
  const int W = g->width_px, H = g->height_px;
  const size_t nx = g->nx, ny = g->ny;
  const PaintRowFunc paint_row = paint_row_func (NULL);
  guint32 lut[NNP_LUT_SIZE], table[LOGIT_TABLE + 1];
  cairo_surface_t *img = NULL;
  for (int i = RETIRED_IMAGES - 1; i >= 0; i--)
    {
      cairo_surface_t *r = g->retired[i];
      if (r == NULL || cairo_surface_get_reference_count (r) != 1)
        continue;
      if (cairo_image_surface_get_width (r) != W || cairo_image_surface_get_height (r) != H)
        cairo_surface_destroy (r);   /* the size before a resize: of no more use */
      else if (img == NULL)
        img = r;
      else
        continue;
      memmove (g->retired + i, g->retired + i + 1, (RETIRED_IMAGES - 1 - i) * sizeof g->retired[0]);
      g->retired[RETIRED_IMAGES - 1] = NULL;
    }
  if (img == NULL)
    img = cairo_image_surface_create (CAIRO_FORMAT_RGB24, W, H);
  if (cairo_surface_status (img) != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (img);
      return NULL;
    }
  nnp_colormap_lut (lut, t);
  for (int i = 0; i < LOGIT_TABLE; i++)
    {
      double z = -LOGIT_Z + 2.0 * LOGIT_Z * i / (LOGIT_TABLE - 1);
      double a = 1.0 / (1.0 + exp (-z));
      table[i] = lut[(int) (a * (NNP_LUT_SIZE - 1) + 0.5)];
    }
  table[LOGIT_TABLE] = lut[NNP_LUT_SIZE / 2];   /* NaN: the neutral colour */

  /* per column: the node to its left and the weight of the one after */
  size_t *col = g_new (size_t, W);
  float *wcol = g_new (float, W);
  float *rows = g_new (float, 2 * (size_t) W);   /* two node rows, interpolated along x */
  for (int i = 0; i < W; i++)
    {
      double s = (i + 0.5) / W * (nx - 1);
      size_t c = MIN ((size_t) s, nx - 2);
      col[i] = c;
      wcol[i] = (float) (s - c);
    }
  size_t have = (size_t) -1;   /* node row held in rows[0..W-1] */

  cairo_surface_flush (img);
  guint8 *data = cairo_image_surface_get_data (img);
  const int stride = cairo_image_surface_get_stride (img);
  for (int py = 0; py < H; py++)
    {
      double s = (py + 0.5) / H * (ny - 1);
      size_t r = MIN ((size_t) s, ny - 2);
      const float wy = (float) (s - r);
      if (have != r)
        {
          for (int half = 0; half < 2; half++)
            {
              const float *zr = g->z + (r + half) * nx;
              float *out = rows + half * W;
              if (half == 0 && have == r - 1 && have != (size_t) -1)
                {
                  memcpy (rows, rows + W, W * sizeof (float));
                  continue;
                }
              for (int i = 0; i < W; i++)
                out[i] = zr[col[i]] + wcol[i] * (zr[col[i] + 1] - zr[col[i]]);
            }
          have = r;
        }
      paint_row ((guint32 *) (data + (size_t) py * stride), rows, rows + W, wy, table, W);
    }
  cairo_surface_mark_dirty (img);
  g_free (col);
  g_free (wcol);
  g_free (rows);
  return img;
}

/* The device-pixel size of a user-space w x h on cr. */
void
nnp_device_size (cairo_t *cr, double w, double h, int *pw, int *ph)
{
  double dx = w, dy = 0, ex = 0, ey = h;
  cairo_user_to_device_distance (cr, &dx, &dy);
  cairo_user_to_device_distance (cr, &ex, &ey);
  *pw = (int) CLAMP (ceil (hypot (dx, dy) - 1e-6), 1.0, 8192.0);
  *ph = (int) CLAMP (ceil (hypot (ex, ey) - 1e-6), 1.0, 8192.0);
}

/* The heat map goes into a frame as a raster source whose callback data
 * is the image, with a reference for the pattern and each copy of it (a
 * recording surface copies the pattern it records). A frame recorded on
 * screen therefore holds its image until it is dropped, and nothing is
 * copied: cairo keeps a snapshot of an image source recorded by a
 * recording surface attached even after the recording is destroyed, and
 * copied the whole image when it was next painted (a twentieth of the
 * window's time at full HD). Raster targets only: cairo 1.16's SVG
 * surface cannot draw a raster source, even replayed from a recording
 * (nnp_plane_draw leaves vector targets to the exports' path). */
static cairo_surface_t *
image_acquire (cairo_pattern_t *pattern, void *data, cairo_surface_t *target, const cairo_rectangle_int_t *extents)
{
  return cairo_surface_reference (data);
}

static void
image_release (cairo_pattern_t *pattern, void *data, cairo_surface_t *surface)
{
  cairo_surface_destroy (surface);
}

static cairo_status_t
image_copy (cairo_pattern_t *pattern, void *data, const cairo_pattern_t *other)
{
  cairo_surface_reference (data);
  return CAIRO_STATUS_SUCCESS;
}

static void
image_finish (cairo_pattern_t *pattern, void *data)
{
  cairo_surface_destroy (data);
}

gboolean
nnp_grid_paint (cairo_t *cr, NnpPlotGrid *g, const NnpTheme *t,
                double x, double y, double w, double h)
{
  const NnpRgba key[3] = { t->class0, t->mid, t->class1 };
  if (!g->valid)
    return FALSE;
  if (g->image == NULL || memcmp (key, g->image_key, sizeof key) != 0)
    {
      retire_image (g);
      g->image = paint_image (g, t);
      memcpy (g->image_key, key, sizeof key);
      if (g->image == NULL)
        return FALSE;
    }
  cairo_save (cr);
  cairo_rectangle (cr, x, y, w, h);
  cairo_clip (cr);
  cairo_translate (cr, x, y);
  cairo_scale (cr, w / g->width_px, h / g->height_px);
  cairo_pattern_t *source = cairo_pattern_create_raster_source (cairo_surface_reference (g->image),
                                                                CAIRO_CONTENT_COLOR, g->width_px, g->height_px);
  if (cairo_pattern_status (source) != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (g->image);   /* the reference no pattern took */
      cairo_restore (cr);
      return FALSE;
    }
  cairo_raster_source_pattern_set_acquire (source, image_acquire, image_release);
  cairo_raster_source_pattern_set_copy (source, image_copy);
  cairo_raster_source_pattern_set_finish (source, image_finish);
  cairo_pattern_set_extend (source, CAIRO_EXTEND_PAD);
  cairo_pattern_set_filter (source, CAIRO_FILTER_NEAREST);
  cairo_set_source (cr, source);
  cairo_pattern_destroy (source);
  cairo_paint (cr);
  cairo_restore (cr);
  return TRUE;
}

void
nnp_grid_contour_path (cairo_t *cr, const NnpPlotGrid *g, double x, double y, double w, double h)
{
  if (g->valid)
    nnp_contour_path (cr, g->zd, g->nx, g->ny, 0.0, x, y, w, h);
}

cairo_surface_t *
nnp_grid_keyed_surface (NnpPlotGrid *g, const void *key, size_t size)
{
  if (g->kept == NULL || g->kept_size != size || memcmp (g->kept_key, key, size) != 0)
    return NULL;
  return g->kept;
}

void
nnp_grid_keep_surface (NnpPlotGrid *g, const void *key, size_t size, cairo_surface_t *surface)
{
  g_clear_pointer (&g->kept, cairo_surface_destroy);
  g_free (g->kept_key);
  g->kept_key = g_memdup2 (key, size);
  g->kept_size = size;
  g->kept = cairo_surface_reference (surface);
}
