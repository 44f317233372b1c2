/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nnp-plot-theme.c: colours, text with Pango, nice ticks and the diverging colour map. */
#define G_LOG_DOMAIN "nnplay-plot"
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <pango/pangocairo.h>

#include "nnp-plot-private.h"

#define RGB(hex, alpha) \
  ((NnpRgba) { ((hex) >> 16 & 0xff) / 255.0, ((hex) >> 8 & 0xff) / 255.0, ((hex) & 0xff) / 255.0, (alpha) })

double
nnp_plot_auto_font (double width, double height)
{
  /* About 1/38 of the short side: 28 px on a 1920x1080 slide, which
   * projects like 18 pt text; never below what a thumbnail can show. */
  double fs = MIN (width, height) * 0.026;
  if (!isfinite (fs))
    fs = 12.0;
  return CLAMP (fs, 10.0, 400.0);
}

void
nnp_theme_init (NnpTheme *t, const NnpPlotStyle *style, double width, double height)
{
  NnpPlotStyle def;

  if (style == NULL)
    {
      nnp_plot_style_init (&def);
      style = &def;
    }
  memset (t, 0, sizeof *t);
  t->dark = style->dark;
  t->transparent = style->transparent;
  t->fs = (style->font_size > 0 && isfinite (style->font_size))
          ? style->font_size : nnp_plot_auto_font (width, height);

  /* GNOME palette: blue 4 and orange 5 are the class pair, distinct for
   * all common colour-vision deficiencies and in grey scale (light/dark). */
  t->class0 = RGB (0x1A5FB4, 1.0);
  t->class1 = RGB (0xE66100, 1.0);
  /* Okabe-Ito blue and vermillion for the cost curves. */
  if (!t->dark)
    {
      t->bg = RGB (0xFFFFFF, 1.0);
      t->fg = RGB (0x1C1B22, 1.0);
      t->muted = RGB (0x5E5C64, 1.0);
      t->grid = RGB (0x000000, 0.09);
      t->frame = RGB (0x3D3846, 1.0);
      t->panel = RGB (0xF6F5F4, 1.0);
      t->mid = RGB (0xFFFFFF, 1.0);
      t->contour = RGB (0x1C1B22, 1.0);
      t->halo = RGB (0xFFFFFF, 0.85);
      t->train_line = RGB (0x0072B2, 1.0);
      t->test_line = RGB (0xD55E00, 1.0);
    }
  else
    {
      t->bg = RGB (0x242424, 1.0);
      t->fg = RGB (0xF6F5F4, 1.0);
      t->muted = RGB (0xC0BFBC, 1.0);
      t->grid = RGB (0xFFFFFF, 0.11);
      t->frame = RGB (0xDEDDDA, 1.0);
      t->panel = RGB (0x303030, 1.0);
      t->mid = RGB (0x3A3A3A, 1.0);
      t->contour = RGB (0xFFFFFF, 1.0);
      t->halo = RGB (0x000000, 0.6);
      t->train_line = RGB (0x56B4E9, 1.0);
      t->test_line = RGB (0xE69F00, 1.0);
    }
  t->boxes = !t->transparent;
  if (t->transparent && style->has_backdrop)
    {
      t->bg = (NnpRgba) { CLAMP (style->backdrop[0], 0, 1), CLAMP (style->backdrop[1], 0, 1),
                          CLAMP (style->backdrop[2], 0, 1), 1.0 };
      t->boxes = TRUE;
    }
}

void
nnp_set_rgba (cairo_t *cr, const NnpRgba *c)
{
  cairo_set_source_rgba (cr, c->r, c->g, c->b, c->a);
}

void
nnp_set_rgba_alpha (cairo_t *cr, const NnpRgba *c, double alpha)
{
  cairo_set_source_rgba (cr, c->r, c->g, c->b, c->a * alpha);
}

gboolean
nnp_figure_begin (cairo_t *cr, NnpTheme *t, double width, double height,
                  const NnpPlotState *state, const NnpPlotStyle *style)
{
  g_return_val_if_fail (cr != NULL, FALSE);
  g_return_val_if_fail (state != NULL, FALSE);
  if (!(width > 0) || !(height > 0))
    return FALSE;
  nnp_theme_init (t, style, width, height);
  cairo_save (cr);
  nnp_theme_fill_bg (cr, t, width, height);
  return TRUE;
}

void
nnp_theme_fill_bg (cairo_t *cr, const NnpTheme *t, double width, double height)
{
  if (t->transparent)
    return;
  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, width, height);
  nnp_set_rgba (cr, &t->bg);
  cairo_fill (cr);
  cairo_restore (cr);
}

/* ---- Text --------------------------------------------------------------- */

/* <sup> and <sub> as explicit smaller, raised or lowered spans: Pango
 * 1.50 sizes <sup> from its default font, not from the layout's absolute
 * size, so a superscript on a slide scaled up came out three times the
 * size of its letter. A hair space after an italic letter keeps its
 * superscript's "[" off it. NULL when there is nothing to rewrite. */
static char *
explicit_scripts (const char *markup, double size)
{
  if (strstr (markup, "<sup>") == NULL && strstr (markup, "<sub>") == NULL)
    return NULL;
  GString *s = g_string_new (NULL);
  int up = (int) lround (size * 0.38 * PANGO_SCALE), down = (int) lround (size * 0.18 * PANGO_SCALE);
  for (const char *p = markup; *p != '\0';)
    {
      if (g_str_has_prefix (p, "</i><sup>"))
        {
          g_string_append_printf (s, "</i>\u200a<span size=\"smaller\" rise=\"%d\">", up);
          p += 9;
        }
      else if (g_str_has_prefix (p, "<sup>"))
        {
          g_string_append_printf (s, "<span size=\"smaller\" rise=\"%d\">", up);
          p += 5;
        }
      else if (g_str_has_prefix (p, "<sub>"))
        {
          g_string_append_printf (s, "<span size=\"smaller\" rise=\"%d\">", -down);
          p += 5;
        }
      else if (g_str_has_prefix (p, "</sup>") || g_str_has_prefix (p, "</sub>"))
        {
          g_string_append (s, "</span>");
          p += 6;
        }
      else
        g_string_append_c (s, *p++);
    }
  return g_string_free (s, FALSE);
}

static PangoLayout *
make_layout (cairo_t *cr, const char *markup, double size, NnpTextFlags flags)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoContext *ctx = pango_layout_get_context (layout);
  cairo_font_options_t *fo = cairo_font_options_create ();
  PangoFontDescription *fd;

  /* Unhinted metrics: the layout is the same on screen, PNG, SVG and PDF. */
  cairo_font_options_set_hint_metrics (fo, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (fo, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (ctx, fo);
  cairo_font_options_destroy (fo);
  pango_layout_context_changed (layout);

  fd = pango_font_description_from_string ("Sans");
  pango_font_description_set_absolute_size (fd, MAX (size, 1.0) * PANGO_SCALE);
  if (flags & NNP_TEXT_BOLD)
    pango_font_description_set_weight (fd, PANGO_WEIGHT_BOLD);
  if (flags & NNP_TEXT_ITALIC)
    pango_font_description_set_style (fd, PANGO_STYLE_ITALIC);
  pango_layout_set_font_description (layout, fd);
  pango_font_description_free (fd);
  g_autofree char *scripts = explicit_scripts (markup, MAX (size, 1.0));
  pango_layout_set_markup (layout, scripts != NULL ? scripts : markup, -1);
  return layout;
}

/* ---- Layouts, kept ------------------------------------------------------
 * Laying out a label (the markup parser, Pango's itemizing, HarfBuzz)
 * was a twentieth of the window's time while training: the canvas and
 * the panels redraw their axes every frame, with the same labels. Each
 * thread keeps its most recently used layouts by markup, size and flags,
 * and by what pango_cairo_create_layout () takes from the cr: the linear
 * part of its transformation and its target's font options. A layout
 * found is therefore the one that would be made afresh, and is used
 * without pango_cairo_update_layout (), which marks any context with a
 * transformation as changed, so that Pango lays the label out again. */
#define KEPT_LAYOUTS 128

typedef struct
{
  char *markup;
  double size;
  NnpTextFlags flags;
  double m[4];                 /* xx, yx, xy, yy of the cr's matrix */
  cairo_font_options_t *fo;    /* of the cr's target */
  PangoLayout *layout;
  guint64 used;                /* when last used; 0: empty */
} KeptLayout;

typedef struct
{
  KeptLayout e[KEPT_LAYOUTS];
  guint64 clock;
} KeptLayouts;

static void
kept_layout_clear (KeptLayout *k)
{
  g_clear_pointer (&k->markup, g_free);
  g_clear_pointer (&k->fo, cairo_font_options_destroy);
  g_clear_object (&k->layout);
}

static void
kept_layouts_free (gpointer data)
{
  KeptLayouts *kl = data;
  for (int i = 0; i < KEPT_LAYOUTS; i++)
    kept_layout_clear (&kl->e[i]);
  g_free (kl);
}

static GPrivate kept_layouts_key = G_PRIVATE_INIT (kept_layouts_free);

/* The layout of markup at size with flags for cr, from this thread's
 * kept layouts or made and kept in place of the least recently used;
 * the kept layouts own it, and it is the caller's until its next text
 * call. */
static PangoLayout *
kept_layout (cairo_t *cr, const char *markup, double size, NnpTextFlags flags)
{
  KeptLayouts *kl = g_private_get (&kept_layouts_key);
  if (kl == NULL)
    {
      kl = g_new0 (KeptLayouts, 1);
      g_private_set (&kept_layouts_key, kl);
    }
  cairo_matrix_t cm;
  cairo_get_matrix (cr, &cm);
  const double m[4] = { cm.xx, cm.yx, cm.xy, cm.yy };
  cairo_font_options_t *fo = cairo_font_options_create ();
  cairo_surface_get_font_options (cairo_get_target (cr), fo);

  KeptLayout *oldest = &kl->e[0];
  for (int i = 0; i < KEPT_LAYOUTS; i++)
    {
      KeptLayout *k = &kl->e[i];
      if (k->used != 0 && k->size == size && k->flags == flags && memcmp (k->m, m, sizeof m) == 0
          && strcmp (k->markup, markup) == 0 && cairo_font_options_equal (k->fo, fo))
        {
          k->used = ++kl->clock;
          cairo_font_options_destroy (fo);
          return k->layout;
        }
      if (k->used < oldest->used)
        oldest = k;
    }
  kept_layout_clear (oldest);
  oldest->markup = g_strdup (markup);
  oldest->size = size;
  oldest->flags = flags;
  memcpy (oldest->m, m, sizeof m);
  oldest->fo = fo;
  oldest->layout = make_layout (cr, markup, size, flags);
  oldest->used = ++kl->clock;
  return oldest->layout;
}

void
nnp_text_extents (cairo_t *cr, const char *markup, double size, NnpTextFlags flags,
                  double *w, double *h)
{
  PangoLayout *layout = kept_layout (cr, markup, size, flags);
  PangoRectangle logical;

  pango_layout_get_extents (layout, NULL, &logical);
  if (w)
    *w = (double) logical.width / PANGO_SCALE;
  if (h)
    *h = (double) logical.height / PANGO_SCALE;
}

static void
show_layout_at (cairo_t *cr, PangoLayout *layout, double x, double y, double ax, double ay)
{
  PangoRectangle logical;

  pango_layout_get_extents (layout, NULL, &logical);
  cairo_move_to (cr,
                 x - ax * logical.width / PANGO_SCALE - (double) logical.x / PANGO_SCALE,
                 y - ay * logical.height / PANGO_SCALE - (double) logical.y / PANGO_SCALE);
  pango_cairo_show_layout (cr, layout);
}

void
nnp_text_draw (cairo_t *cr, const char *markup, double size, NnpTextFlags flags,
               double x, double y, double ax, double ay, const NnpRgba *colour)
{
  PangoLayout *layout = kept_layout (cr, markup, size, flags);

  cairo_save (cr);
  nnp_set_rgba (cr, colour);
  show_layout_at (cr, layout, x, y, ax, ay);
  cairo_restore (cr);
}

void
nnp_text_draw_vertical (cairo_t *cr, const char *markup, double size, NnpTextFlags flags,
                        double x, double y, const NnpRgba *colour)
{
  PangoLayout *layout;

  cairo_save (cr);
  cairo_translate (cr, x, y);
  cairo_rotate (cr, -G_PI / 2);
  layout = kept_layout (cr, markup, size, flags);
  nnp_set_rgba (cr, colour);
  show_layout_at (cr, layout, 0, 0, 0.5, 0.5);
  cairo_restore (cr);
}

PangoLayout *
nnp_text_layout (cairo_t *cr, double size, NnpTextFlags flags)
{
  return make_layout (cr, "", size, flags);
}

void
nnp_text_draw_with (cairo_t *cr, PangoLayout *layout, const char *text,
                    double x, double y, double ax, double ay, const NnpRgba *colour)
{
  pango_layout_set_text (layout, text, -1);
  cairo_save (cr);
  nnp_set_rgba (cr, colour);
  show_layout_at (cr, layout, x, y, ax, ay);
  cairo_restore (cr);
}

/* ---- Ticks -------------------------------------------------------------- */

int
nnp_nice_ticks (double lo, double hi, int target, double *ticks, double *step)
{
  double raw, mag, f, s, first;
  int n = 0;

  if (!isfinite (lo) || !isfinite (hi) || !(hi > lo))
    {
      ticks[0] = isfinite (lo) ? lo : 0.0;
      *step = 1.0;
      return 1;
    }
  raw = (hi - lo) / MAX (target, 1);
  mag = pow (10.0, floor (log10 (raw)));
  f = raw / mag;
  s = (f < 1.5 ? 1.0 : f < 3.0 ? 2.0 : f < 7.0 ? 5.0 : 10.0) * mag;
  first = ceil (lo / s - 1e-9);
  for (; n < NNP_MAX_TICKS; n++)
    {
      double v = (first + n) * s;
      if (v > hi + s * 1e-9)
        break;
      ticks[n] = fabs (v) < s * 1e-9 ? 0.0 : v;
    }
  *step = s;
  return n;
}

void
nnp_format_tick (char *buf, size_t len, double v, double step)
{
  int decimals = 0;
  char tmp[64];

  /* As many decimals as make the step a whole number (0.25 needs two). */
  if (step > 0 && isfinite (step))
    while (decimals < 12)
      {
        double u = step * pow (10, decimals);
        if (fabs (u - round (u)) <= 1e-9 * u)
          break;
        decimals++;
      }
  if (fabs (v) < step * 1e-6)
    v = 0.0;
  if (step >= 1e5 || (step > 0 && step < 1e-4) || !isfinite (step))
    {
      /* far from 1 (a diverged view, say): 1.5e8, not 150000000.000 */
      char *e;
      snprintf (tmp, sizeof tmp, "%.4g", v);
      if ((e = strchr (tmp, 'e')) != NULL)
        {
          const char *x = e + 1;
          int neg = *x == '-';
          x += (*x == '+' || *x == '-');
          while (*x == '0' && x[1] != '\0')
            x++;
          char exp_part[16];
          snprintf (exp_part, sizeof exp_part, "%s%s", neg ? "-" : "", x);
          snprintf (e + 1, sizeof tmp - (size_t) (e + 1 - tmp), "%s", exp_part);
        }
    }
  else
    snprintf (tmp, sizeof tmp, "%.*f", decimals, v);
  if (tmp[0] == '-')
    snprintf (buf, len, "\xe2\x88\x92%s", tmp + 1);   /* U+2212 minus sign */
  else
    snprintf (buf, len, "%s", tmp);
}

/* ---- Colour map --------------------------------------------------------- */

NnpRgba
nnp_colormap_at (const NnpTheme *t, double v)
{
  double s, f;
  const NnpRgba *end;
  NnpRgba c;

  if (!isfinite (v))
    return t->mid;
  v = CLAMP (v, 0.0, 1.0);
  s = 2.0 * v - 1.0;
  end = s >= 0 ? &t->class1 : &t->class0;
  /* Tinted, not saturated, at the ends so the points in the full class
   * colour stand out on their own side; a gentle curve keeps the margin
   * around 0.5 visible. */
  f = 0.62 * sqrt (fabs (s) * sqrt (fabs (s)));   /* 0.62 |s|^0.75 */
  c.r = t->mid.r + f * (end->r - t->mid.r);
  c.g = t->mid.g + f * (end->g - t->mid.g);
  c.b = t->mid.b + f * (end->b - t->mid.b);
  c.a = 1.0;
  return c;
}

void
nnp_colormap_lut (guint32 *lut, const NnpTheme *t)
{
  for (int i = 0; i < NNP_LUT_SIZE; i++)
    {
      NnpRgba c = nnp_colormap_at (t, (double) i / (NNP_LUT_SIZE - 1));
      guint32 r = (guint32) lround (c.r * 255), g = (guint32) lround (c.g * 255),
              b = (guint32) lround (c.b * 255);
      lut[i] = 0xff000000u | r << 16 | g << 8 | b;
    }
}

gboolean
nnp_is_vector_target (cairo_t *cr)
{
  switch (cairo_surface_get_type (cairo_get_target (cr)))
    {
    case CAIRO_SURFACE_TYPE_PDF:
    case CAIRO_SURFACE_TYPE_PS:
    case CAIRO_SURFACE_TYPE_SVG:
      return TRUE;
    default:
      return FALSE;
    }
}

void
nnp_heatmap_size (cairo_t *cr, double w, double h, int cell_px, size_t *nx, size_t *ny)
{
  double dx = w, dy = 0, ex = 0, ey = h, pw, ph, cell = MAX (cell_px, 1), cap = 2048;

  if (nnp_is_vector_target (cr))
    {
      /* Device units are points here; the image is embedded and smoothed
       * by the viewer, so a cell per 2 pt is plenty and keeps files small. */
      cell = MAX (cell, 2.0);
      cap = 1200;
    }
  cairo_user_to_device_distance (cr, &dx, &dy);
  cairo_user_to_device_distance (cr, &ex, &ey);
  pw = hypot (dx, dy);
  ph = hypot (ex, ey);
  *nx = (size_t) CLAMP (ceil (pw / cell), 1.0, cap);
  *ny = (size_t) CLAMP (ceil (ph / cell), 1.0, cap);
}

void
nnp_paint_values (cairo_t *cr, const double *values, size_t nx, size_t ny,
                  double lo, double hi, const guint32 *lut,
                  double x, double y, double w, double h)
{
  cairo_surface_t *img;
  cairo_pattern_t *pat;
  unsigned char *data;
  int stride;
  double k = (hi > lo) ? (NNP_LUT_SIZE - 1) / (hi - lo) : 0.0;
  const guint32 mid = lut[NNP_LUT_SIZE / 2];
  double cw = 1.0, ch = 0.0;   /* one cell, measured after the scale below */

  img = cairo_image_surface_create (CAIRO_FORMAT_RGB24, (int) nx, (int) ny);
  if (cairo_surface_status (img) != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (img);
      return;
    }
  cairo_surface_flush (img);
  data = cairo_image_surface_get_data (img);
  stride = cairo_image_surface_get_stride (img);
  for (size_t r = 0; r < ny; r++)
    {
      guint32 *row = (guint32 *) (data + r * (size_t) stride);
      const double *v = values + r * nx;
      for (size_t c = 0; c < nx; c++)
        {
          double u = (v[c] - lo) * k;
          guint32 px;
          /* NaN fails every comparison and falls through to the neutral colour. */
          if (u >= 0.0 && u <= NNP_LUT_SIZE - 1)
            px = lut[(int) (u + 0.5)];
          else if (u > NNP_LUT_SIZE - 1)
            px = lut[NNP_LUT_SIZE - 1];
          else if (u < 0.0)
            px = lut[0];
          else
            px = mid;
          row[c] = px;
        }
    }
  cairo_surface_mark_dirty (img);

  cairo_save (cr);
  cairo_rectangle (cr, x, y, w, h);
  cairo_clip (cr);
  cairo_translate (cr, x, y);
  cairo_scale (cr, w / nx, h / ny);
  cairo_set_source_surface (cr, img, 0, 0);
  pat = cairo_get_source (cr);
  cairo_pattern_set_extend (pat, CAIRO_EXTEND_PAD);
  cairo_user_to_device_distance (cr, &cw, &ch);
  /* Exact pixels at full resolution; smooth when cells are coarser. */
  cairo_pattern_set_filter (pat, hypot (cw, ch) > 1.25 ? CAIRO_FILTER_BILINEAR : CAIRO_FILTER_NEAREST);
  cairo_paint (cr);
  cairo_restore (cr);
  cairo_surface_destroy (img);
}
