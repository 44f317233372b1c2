/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nnp-plot-slides.c: training at chosen epochs: small multiples of the boundary, and animations as multi-page PDF or numbered PNGs. */
#define G_LOG_DOMAIN "nnplay-plot"
#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <nnplay/nnp-error.h>
#include "nnp-plot-private.h"

/* Columns that make the panels largest, for n square panels in w x h with
 * label_h under each. */
static int
best_columns (size_t n, double w, double h, double label_h, double gap, double *side)
{
  int best = 1;
  *side = 0;
  for (size_t cols = 1; cols <= n; cols++)
    {
      size_t rows = (n + cols - 1) / cols;
      double s = MIN ((w - gap * (double) (cols - 1)) / (double) cols,
                      (h - (label_h + gap) * (double) rows) / (double) rows);
      if (s > *side)
        {
          *side = s;
          best = (int) cols;
        }
    }
  return best;
}

static void
draw_colour_bar (cairo_t *cr, const NnpTheme *t, double cx, double y, double w)
{
  double bh = t->fs * 0.7, x = cx - w / 2;
  cairo_pattern_t *bar = cairo_pattern_create_linear (x, 0, x + w, 0);

  for (int i = 0; i <= 32; i++)
    {
      NnpRgba c = nnp_colormap_at (t, i / 32.0);
      cairo_pattern_add_color_stop_rgb (bar, i / 32.0, c.r, c.g, c.b);
    }
  cairo_rectangle (cr, x, y, w, bh);
  cairo_set_source (cr, bar);
  cairo_fill (cr);
  cairo_pattern_destroy (bar);
  cairo_save (cr);
  cairo_set_line_width (cr, MAX (t->fs * 0.05, 0.75));
  nnp_set_rgba (cr, &t->frame);
  cairo_rectangle (cr, x, y, w, bh);
  cairo_stroke (cr);
  cairo_restore (cr);
  nnp_text_draw (cr, "0", t->fs * 0.8, NNP_TEXT_NORMAL, x - t->fs * 0.3, y + bh / 2, 1, 0.5, &t->muted);
  nnp_text_draw (cr, "1", t->fs * 0.8, NNP_TEXT_NORMAL, x + w + t->fs * 0.3, y + bh / 2, 0, 0.5, &t->muted);
  nnp_text_draw (cr, "<i>a</i><sup>[2]</sup>(<i>x</i>)", t->fs * 0.8, NNP_TEXT_NORMAL,
                 x - t->fs * 1.8, y + bh / 2, 1, 0.5, &t->fg);
}

void
nnp_plot_evolution (cairo_t *cr, double width, double height,
                    const NnpPlotFrame *frames, size_t n_frames,
                    const NnpPlotState *state, const NnpPlotStyle *style)
{
  NnpTheme t;
  double fs, pad, label_h, gap, bar_h, side, xmin, xmax, ymin, ymax, gw;
  int cols;
  size_t rows;

  g_return_if_fail (frames != NULL || n_frames == 0);
  if (!nnp_figure_begin (cr, &t, width, height, state, style))
    return;
  fs = t.fs;
  pad = fs * 0.8;
  label_h = fs * 1.8;
  gap = fs * 0.9;
  bar_h = fs * 2.6;
  if (n_frames == 0)
    {
      nnp_text_draw (cr, _("No epochs to show"), fs, NNP_TEXT_NORMAL, width / 2, height / 2, 0.5, 0.5, &t.muted);
      cairo_restore (cr);
      return;
    }
  nnp_view_sanitize (state, &xmin, &xmax, &ymin, &ymax);
  cols = best_columns (n_frames, width - 2 * pad, height - 2 * pad - bar_h, label_h, gap, &side);
  side = MAX (side, 1.0);
  rows = (n_frames + (size_t) cols - 1) / (size_t) cols;
  gw = side * cols + gap * (cols - 1);
  {
    double gh = (side + label_h + gap) * (double) rows;
    double x0 = (width - gw) / 2, y0 = MAX ((height - bar_h - gh) / 2, pad);

    for (size_t i = 0; i < n_frames; i++)
      {
        NnpPlotState st = *state;
        NnpPlaneOptions opt = { 0 };
        size_t r = i / (size_t) cols, c = i % (size_t) cols;
        double ox, oy, ow, oh, cx = x0 + (double) c * (side + gap), cy = y0 + (double) r * (side + label_h + gap);
        char label[64];

        st.model = frames[i].model;
        st.epoch = frames[i].epoch;
        st.grid = NULL;
        st.unit = -1;
        nnp_fit_aspect (cx, cy, side, side, xmin, xmax, ymin, ymax, &ox, &oy, &ow, &oh);
        opt.unit = -1;
        opt.points = TRUE;
        opt.point_r = CLAMP (nnp_point_radius (&t, &st, ow) * 0.7, 1.0, fs * 0.25);
        opt.contour = TRUE;
        opt.line_w = CLAMP (ow / 150, 0.75, fs * 0.15);
        nnp_plane_draw (cr, &t, &st, &opt, ox, oy, ow, oh);
        cairo_save (cr);
        cairo_set_line_width (cr, MAX (fs * 0.05, 0.6));
        nnp_set_rgba (cr, &t.frame);
        cairo_rectangle (cr, ox, oy, ow, oh);
        cairo_stroke (cr);
        cairo_restore (cr);
        snprintf (label, sizeof label, _("Epoch %zu"), frames[i].epoch);
        nnp_text_draw (cr, label, fs, NNP_TEXT_BOLD, ox + ow / 2, oy + oh + fs * 0.35, 0.5, 0, &t.fg);
      }
    draw_colour_bar (cr, &t, width / 2, MIN (y0 + gh + fs * 0.2, height - bar_h + fs * 0.6),
                     MIN (gw * 0.4, fs * 16));
  }
  cairo_restore (cr);
}

typedef struct {
  const NnpPlotFrame *frames;
  size_t n_frames;
  const NnpPlotState *state;
  const NnpPlotStyle *style;
  NnpFigure fig;
} SlidesDraw;

static void
draw_evolution (cairo_t *cr, double width, double height, gpointer data)
{
  SlidesDraw *d = data;
  nnp_plot_evolution (cr, width, height, d->frames, d->n_frames, d->state, d->style);
}

gboolean
nnp_plot_export_evolution (NnpFormat format, const char *path, int width, int height,
                           const NnpPlotFrame *frames, size_t n_frames,
                           const NnpPlotState *state, const NnpPlotStyle *style,
                           GError **error)
{
  SlidesDraw d = { frames, n_frames, state, style, NNP_FIGURE_BOUNDARY };

  g_return_val_if_fail (state != NULL, FALSE);
  g_return_val_if_fail (frames != NULL || n_frames == 0, FALSE);
  return nnp_export_draw (format, path, width, height, 1.0, "evolution", draw_evolution, &d, error);
}

/* The state for frame i: its model and epoch, the history cut at that epoch. */
static void
frame_state (const NnpPlotState *state, const NnpPlotFrame *f, NnpPlotState *st, NnpHistory *hist)
{
  *st = *state;
  st->model = f->model;
  st->epoch = f->epoch;
  st->grid = NULL;
  if (state->history != NULL && state->history->len > 0)
    {
      size_t stride = state->history_stride > 1 ? state->history_stride : 1;
      *hist = *state->history;
      hist->len = MIN (hist->len, f->epoch / stride + 1);
      st->history = hist;
    }
}

static void
draw_pages (cairo_t *cr, double width, double height, gpointer data)
{
  SlidesDraw *d = data;

  for (size_t i = 0; i < d->n_frames; i++)
    {
      NnpPlotState st;
      NnpHistory hist;
      frame_state (d->state, &d->frames[i], &st, &hist);
      nnp_plot_figure (cr, d->fig, width, height, &st, d->style);
      if (i + 1 < d->n_frames)
        cairo_show_page (cr);
    }
}

char *
nnp_animation_frame_path (const char *path, size_t i)
{
  const char *hash, *end;
  size_t run;

  g_return_val_if_fail (path != NULL, NULL);
  hash = strchr (path, '#');
  if (hash != NULL)
    {
      g_autofree char *num = NULL;
      for (end = hash; *end == '#'; end++)
        ;
      run = (size_t) (end - hash);
      num = g_strdup_printf ("%0*zu", (int) MIN (run, 12), i + 1);
      return g_strdup_printf ("%.*s%s%s", (int) (hash - path), path, num, end);
    }
  if (g_str_has_suffix (path, ".png") || g_str_has_suffix (path, ".PNG"))
    return g_strdup_printf ("%.*s-%04zu%s", (int) (strlen (path) - 4), path, i + 1, path + strlen (path) - 4);
  return g_strdup_printf ("%s-%04zu.png", path, i + 1);
}

/* A frame is a PNG: a file under a frame's name that is not one (a CSV
 * named pts-0004.png) is not a stale frame, and stays. */
static gboolean
is_png (const char *name)
{
  static const unsigned char sig[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  unsigned char head[8];
  FILE *f = fopen (name, "rb");
  gboolean png = f != NULL && fread (head, 1, sizeof head, f) == sizeof head && memcmp (head, sig, sizeof sig) == 0;

  if (f != NULL)
    fclose (f);
  return png;
}

gboolean
nnp_plot_export_animation (NnpFigure fig, NnpFormat format, const char *path,
                           int width, int height,
                           const NnpPlotFrame *frames, size_t n_frames,
                           const NnpPlotState *state, const NnpPlotStyle *style,
                           GError **error)
{
  SlidesDraw d = { frames, n_frames, state, style, fig };

  g_return_val_if_fail ((unsigned) fig < NNP_N_FIGURES, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (state != NULL, FALSE);
  g_return_val_if_fail (frames != NULL || n_frames == 0, FALSE);
  if (n_frames == 0)
    {
      g_set_error (error, NNP_ERROR, NNP_ERROR_INVALID, _("Cannot write “%s”: no frames"), path);
      return FALSE;
    }
  switch (format)
    {
    case NNP_FORMAT_PDF:
      return nnp_export_draw (format, path, width, height, 1.0, "animation", draw_pages, &d, error);
    case NNP_FORMAT_PNG:
      for (size_t i = 0; i < n_frames; i++)
        {
          g_autofree char *name = nnp_animation_frame_path (path, i);
          NnpPlotState st;
          NnpHistory hist;
          frame_state (state, &frames[i], &st, &hist);
          if (!nnp_plot_export (fig, NNP_FORMAT_PNG, name, width, height, 1.0, &st, style, error))
            return FALSE;
        }
      /* The sequence is this run's: frames that go on from it, left by an
       * earlier and longer one under the same names, go (40 frames, then
       * 5 into the same place, had left 35 of the first run after the
       * new 5, one animation of two runs). */
      for (size_t i = n_frames; i < n_frames + 1000000; i++)
        {
          g_autofree char *name = nnp_animation_frame_path (path, i);
          if (!g_file_test (name, G_FILE_TEST_IS_REGULAR) || g_file_test (name, G_FILE_TEST_IS_SYMLINK)
              || !is_png (name) || g_unlink (name) != 0)
            break;
        }
      return TRUE;
    case NNP_FORMAT_SVG:
    default:
      g_set_error (error, NNP_ERROR, NNP_ERROR_INVALID,
                   _("Cannot write “%s”: an animation is a PDF (one page per frame) or PNG files"), path);
      return FALSE;
    }
}
