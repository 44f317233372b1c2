/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nnp-plot-hidden.c: the hidden-units figure: one panel per unit j with a_j(x) and its line w_j . x + b_j = 0. */
#define G_LOG_DOMAIN "nnplay-plot"
#include "config.h"

#include <glib/gi18n-lib.h>

#include <math.h>
#include <stdio.h>

#include "nnp-plot-private.h"

/* Title size for a panel whose plane is pw wide: the base size, shrunk so
 * "Unit 64" still fits a small thumbnail. */
static double
panel_font (const NnpTheme *t, double pw)
{
  return MIN (t->fs * 0.85, MAX (pw * 0.14, 7.0));
}

static double
panel_title_h (double pfs)
{
  return pfs * 1.55;
}

/* The plane of unit j at (px, py, pw, ph), its title just above. */
static void
draw_panel (cairo_t *cr, const NnpTheme *t, const NnpPlotState *state, size_t j,
            double px, double py, double pw, double ph, double pfs)
{
  NnpPlaneOptions opt = { 0 };
  char title[32];

  opt.unit = (int) j;
  opt.points = TRUE;
  opt.point_r = CLAMP (nnp_point_radius (t, state, pw) * 0.6, 1.0, t->fs * 0.2);
  opt.own_line = TRUE;
  opt.line_w = CLAMP (pw / 110, 1.25, t->fs * 0.14);
  nnp_plane_draw (cr, t, state, &opt, px, py, pw, ph);

  cairo_save (cr);
  cairo_set_line_width (cr, MAX (pw / 400, 0.5));
  nnp_set_rgba_alpha (cr, &t->frame, 0.7);
  cairo_rectangle (cr, px, py, pw, ph);
  cairo_stroke (cr);
  cairo_restore (cr);

  snprintf (title, sizeof title, _("Unit %zu"), j + 1);
  nnp_text_draw (cr, title, pfs, NNP_TEXT_BOLD, px + pw / 2, py - pfs * 0.3, 0.5, 1, &t->fg);
}

void
nnp_plot_hidden_unit (cairo_t *cr, double width, double height, size_t j,
                      const NnpPlotState *state, const NnpPlotStyle *style)
{
  NnpTheme t;
  double xmin, xmax, ymin, ymax, px, py, pw, ph, pfs, pad, th;

  if (!nnp_figure_begin (cr, &t, width, height, state, style))
    return;
  nnp_view_sanitize (state, &xmin, &xmax, &ymin, &ymax);
  pad = MIN (t.fs * 0.4, MIN (width, height) * 0.04);
  pfs = MIN (t.fs, MAX (MIN (width, height) * 0.12, 7.0));
  th = panel_title_h (pfs);
  nnp_fit_aspect (pad, pad + th, width - 2 * pad, height - 2 * pad - th,
                  xmin, xmax, ymin, ymax, &px, &py, &pw, &ph);
  draw_panel (cr, &t, state, j, px, py, pw, ph, pfs);
  cairo_restore (cr);
}

void
nnp_hidden_draw (cairo_t *cr, const NnpTheme *t, double width, double height,
                 const NnpPlotState *state, gboolean top_align)
{
  const NnpModel *m = state->model;
  double fs = t->fs, pad = fs * 0.8, top, aw, ah, gap, aspect, pfs, best = 0, pw, ph, gx, gy;
  double xmin, xmax, ymin, ymax, sh, gw, sw;
  size_t h, cols = 1, rows;
  char sub[96];

  nnp_view_sanitize (state, &xmin, &xmax, &ymin, &ymax);
  aspect = (xmax - xmin) / (ymax - ymin);
  top = pad + fs * 1.6;
  if (!nnp_model_is_planar (m))
    {
      nnp_text_draw (cr, _("Hidden units"), fs * 1.2, NNP_TEXT_BOLD, pad, top - fs * 0.3, 0, 1, &t->fg);
      nnp_text_draw (cr, m ? _("The plane view needs a model with 2 inputs") : _("No model yet"), fs * 0.85,
                     NNP_TEXT_ITALIC, width / 2, (top + height) / 2, 0.5, 0.5, &t->muted);
      return;
    }
  h = m->theta->h;
  top += fs * 0.6;
  aw = width - 2 * pad;
  /* Room under the grid for the colour scale. */
  sh = nnp_unit_scale_height (fs);
  ah = height - top - pad - sh - fs * 0.6;
  gap = fs * 0.6;
  /* Pick the column count that gives the largest panels; twice, since the
   * title size depends on the panel size. */
  pfs = fs * 0.85;
  for (int pass = 0; pass < 2; pass++)
    {
      best = 0;
      for (size_t c = 1; c <= h; c++)
        {
          size_t r = (h + c - 1) / c;
          double cw = (aw - (c - 1) * gap) / c;
          double ch = (ah - (r - 1) * gap) / r - panel_title_h (pfs);
          double side = MIN (cw, ch * aspect);
          if (side > best)
            {
              best = side;
              cols = c;
            }
        }
      pfs = panel_font (t, best);
    }
  if (best < 4)
    return;
  rows = (h + cols - 1) / cols;
  pw = best;
  ph = best / aspect;
  gx = pad + (aw - (cols * pw + (cols - 1) * gap)) / 2;
  gy = top;
  if (!top_align)
    gy += (ah - (rows * (ph + panel_title_h (pfs)) + (rows - 1) * gap)) / 2;
  /* Title and subtitle sit on the grid's edges, just above it. */
  nnp_text_draw (cr, _("Hidden units"), fs * 1.2, NNP_TEXT_BOLD, gx, gy - fs * 0.6, 0, 1, &t->fg);
  snprintf (sub, sizeof sub, g_dngettext (GETTEXT_PACKAGE, "%zu %s unit", "%zu %s units", h), h,
            _(nnp_activation_title (m->act)));
  nnp_text_draw (cr, sub, fs * 0.75, NNP_TEXT_NORMAL, gx + cols * pw + (cols - 1) * gap,
                 gy - fs * 0.72, 1, 1, &t->muted);
  for (size_t j = 0; j < h; j++)
    {
      size_t r = j / cols, c = j % cols;
      double px = gx + c * (pw + gap);
      double py = gy + r * (ph + panel_title_h (pfs) + gap) + panel_title_h (pfs);
      draw_panel (cr, t, state, j, px, py, pw, ph, pfs);
    }
  /* What the colours mean, centred under the grid. */
  gw = cols * pw + (cols - 1) * gap;
  sw = MIN (MAX (gw, fs * 12), MIN (aw, fs * 20));
  nnp_unit_scale_draw (cr, t, m->act, gx + (gw - sw) / 2,
                       gy + rows * (ph + panel_title_h (pfs)) + (rows - 1) * gap + fs * 0.6, sw, sh);
}

void
nnp_plot_hidden (cairo_t *cr, double width, double height,
                 const NnpPlotState *state, const NnpPlotStyle *style)
{
  NnpTheme t;

  if (!nnp_figure_begin (cr, &t, width, height, state, style))
    return;
  nnp_hidden_draw (cr, &t, width, height, state, FALSE);
  cairo_restore (cr);
}
