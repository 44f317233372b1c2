/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nnp-plot-axes.c: frame, ticks, tick labels and axis titles around a data area. */
#define G_LOG_DOMAIN "nnplay-plot"
#include "config.h"

#include <math.h>
#include <string.h>

#include "nnp-plot-private.h"

void
nnp_axes_draw (cairo_t *cr, const NnpTheme *t,
               double x, double y, double w, double h,
               double xmin, double xmax, double ymin, double ymax,
               const char *xlabel, const char *ylabel)
{
  double ticks[NNP_MAX_TICKS], step, fs = t->fs, tl = fs * 0.3, ts = fs * 0.8;
  double lw = MAX (fs * 0.06, 0.75), maxw = 0, th = 0;
  char buf[64];
  int n;

  cairo_save (cr);
  cairo_set_line_width (cr, lw);
  nnp_set_rgba (cr, &t->frame);
  cairo_rectangle (cr, x, y, w, h);
  cairo_stroke (cr);

  n = nnp_nice_ticks (xmin, xmax, CLAMP ((int) (w / (fs * 4.5)), 2, 10), ticks, &step);
  for (int i = 0; i < n; i++)
    {
      double px = x + (ticks[i] - xmin) / (xmax - xmin) * w;
      cairo_move_to (cr, px, y + h);
      cairo_line_to (cr, px, y + h + tl);
      nnp_format_tick (buf, sizeof buf, ticks[i], step);
      nnp_text_draw (cr, buf, ts, NNP_TEXT_NORMAL, px, y + h + tl + fs * 0.15, 0.5, 0, &t->muted);
    }
  nnp_text_extents (cr, "0", ts, NNP_TEXT_NORMAL, NULL, &th);
  n = nnp_nice_ticks (ymin, ymax, CLAMP ((int) (h / (fs * 3.0)), 2, 10), ticks, &step);
  for (int i = 0; i < n; i++)
    {
      double py = y + (ymax - ticks[i]) / (ymax - ymin) * h, tw;
      cairo_move_to (cr, x, py);
      cairo_line_to (cr, x - tl, py);
      nnp_format_tick (buf, sizeof buf, ticks[i], step);
      nnp_text_extents (cr, buf, ts, NNP_TEXT_NORMAL, &tw, NULL);
      maxw = MAX (maxw, tw);
      nnp_text_draw (cr, buf, ts, NNP_TEXT_NORMAL, x - tl - fs * 0.25, py, 1, 0.5, &t->muted);
    }
  nnp_set_rgba (cr, &t->frame);
  cairo_stroke (cr);

  if (xlabel)
    nnp_text_draw (cr, xlabel, fs, NNP_TEXT_NORMAL, x + w / 2, y + h + tl + fs * 0.15 + th + fs * 0.2,
                   0.5, 0, &t->fg);
  if (ylabel)
    nnp_text_draw (cr, ylabel, fs, NNP_TEXT_NORMAL, x - tl - fs * 0.25 - maxw - fs * 0.5, y + h / 2,
                   1, 0.5, &t->fg);
  cairo_restore (cr);
}
