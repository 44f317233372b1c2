/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nnp-plot.c: figure names, state and style defaults, the view fit, and the all-in-one figure. */
#define G_LOG_DOMAIN "nnplay-plot"
#include "config.h"

#include <math.h>
#include <string.h>

#include "nnp-plot-private.h"

static const char *const figure_names[] = { "boundary", "hidden", "cost", "all", "network",
                                                "hidden-space", "lecture", "forward", "backward", "update" };

const char *
nnp_figure_name (NnpFigure fig)
{
  g_return_val_if_fail ((unsigned) fig < G_N_ELEMENTS (figure_names), NULL);
  return figure_names[fig];
}

gboolean
nnp_figure_from_name (const char *name, NnpFigure *out)
{
  g_return_val_if_fail (name != NULL, FALSE);
  for (unsigned i = 0; i < G_N_ELEMENTS (figure_names); i++)
    if (g_ascii_strcasecmp (name, figure_names[i]) == 0)
      {
        if (out)
          *out = (NnpFigure) i;
        return TRUE;
      }
  return FALSE;
}

gboolean
nnp_format_from_path (const char *path, NnpFormat *out)
{
  static const struct { const char *ext; NnpFormat fmt; } exts[] = {
    { ".png", NNP_FORMAT_PNG }, { ".svg", NNP_FORMAT_SVG }, { ".pdf", NNP_FORMAT_PDF },
  };
  const char *dot;

  g_return_val_if_fail (path != NULL, FALSE);
  dot = strrchr (path, '.');
  if (dot == NULL || strchr (dot, '/') != NULL)
    return FALSE;
  for (unsigned i = 0; i < G_N_ELEMENTS (exts); i++)
    if (g_ascii_strcasecmp (dot, exts[i].ext) == 0)
      {
        if (out)
          *out = exts[i].fmt;
        return TRUE;
      }
  return FALSE;
}

void
nnp_plot_style_init (NnpPlotStyle *style)
{
  g_return_if_fail (style != NULL);
  memset (style, 0, sizeof *style);
}

void
nnp_plot_state_init (NnpPlotState *state)
{
  g_return_if_fail (state != NULL);
  memset (state, 0, sizeof *state);
  state->xmin = state->ymin = -2.0;
  state->xmax = state->ymax = 2.0;
  state->cell_px = 1;
  state->unit = -1;
}

static void
extend_range (const NnpDataset *ds, double *lo, double *hi, gboolean *any)
{
  if (ds == NULL || ds->d < 2)
    return;
  for (size_t i = 0; i < ds->n; i++)
    for (int k = 0; k < 2; k++)
      {
        double v = ds->X[i * ds->d + k];
        if (!isfinite (v))
          continue;
        lo[k] = *any ? MIN (lo[k], v) : v;
        hi[k] = *any ? MAX (hi[k], v) : v;
        if (k == 1)
          *any = TRUE;
      }
}

void
nnp_plot_state_fit_view (NnpPlotState *state)
{
  double lo[2] = { 0, 0 }, hi[2] = { 0, 0 }, cx, cy, span, half;
  gboolean any = FALSE;

  g_return_if_fail (state != NULL);
  extend_range (state->train, lo, hi, &any);
  extend_range (state->test, lo, hi, &any);
  if (!any)
    return;
  /* Halves first: the span of points near +-DBL_MAX would overflow. */
  cx = lo[0] / 2 + hi[0] / 2;
  cy = lo[1] / 2 + hi[1] / 2;
  span = MAX (hi[0] / 2 - lo[0] / 2, hi[1] / 2 - lo[1] / 2) * 2;
  half = span > 0 ? span / 2 + 0.1 * span : 1.0;
  /* A plane the figures can draw: at most NNP_VIEW_LIMIT from 0 (points
   * beyond it are off the plane) and not narrower than its position's
   * rounding allows. */
  cx = CLAMP (cx, -NNP_VIEW_LIMIT / 2, NNP_VIEW_LIMIT / 2);
  cy = CLAMP (cy, -NNP_VIEW_LIMIT / 2, NNP_VIEW_LIMIT / 2);
  half = CLAMP (half, 1e-9 * MAX (1.0, MAX (fabs (cx), fabs (cy))), NNP_VIEW_LIMIT / 2);
  state->xmin = cx - half;
  state->xmax = cx + half;
  state->ymin = cy - half;
  state->ymax = cy + half;
}

/* Boundary on the left (it carries the most), cost above hidden units on
 * the right; stacked when the figure is tall. All parts share one text
 * size, so they read as one figure. */
static void
draw_all (cairo_t *cr, const NnpTheme *base, double width, double height, const NnpPlotState *state)
{
  NnpTheme t = *base;
  double bw, bh, rx, ry, rw, rh, costh;

  if (width >= height)
    {
      double frac = width >= 1.6 * height ? 0.56 : width >= 1.2 * height ? 0.6 : 0.64;
      bw = MIN (width * frac, height * 1.3);
      bh = height;
      rx = bw;
      ry = 0;
      rw = width - bw;
      rh = height;
      costh = rh * 0.42;
    }
  else
    {
      bw = width;
      bh = MIN (height * 0.5, width * 0.85);
      rx = 0;
      ry = bh;
      rw = width;
      rh = height - bh;
      costh = rh * 0.45;
    }

  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, bw, bh);
  cairo_clip (cr);
  nnp_boundary_draw (cr, &t, bw, bh, state);
  cairo_restore (cr);

  cairo_save (cr);
  cairo_translate (cr, rx, ry);
  cairo_rectangle (cr, 0, 0, rw, costh);
  cairo_clip (cr);
  nnp_cost_draw (cr, &t, rw, costh, state);
  cairo_restore (cr);

  cairo_save (cr);
  cairo_translate (cr, rx, ry + costh);
  cairo_rectangle (cr, 0, 0, rw, rh - costh);
  cairo_clip (cr);
  nnp_hidden_draw (cr, &t, rw, rh - costh, state, TRUE);
  cairo_restore (cr);
}

void
nnp_plot_all (cairo_t *cr, double width, double height,
              const NnpPlotState *state, const NnpPlotStyle *style)
{
  NnpTheme t;

  if (!nnp_figure_begin (cr, &t, width, height, state, style))
    return;
  if (style == NULL || !(style->font_size > 0))
    t.fs *= 0.78;
  draw_all (cr, &t, width, height, state);
  cairo_restore (cr);
}

void
nnp_plot_figure (cairo_t *cr, NnpFigure fig, double width, double height,
                 const NnpPlotState *state, const NnpPlotStyle *style)
{
  g_return_if_fail (cr != NULL);
  g_return_if_fail (state != NULL);
  switch (fig)
    {
    case NNP_FIGURE_BOUNDARY:
      nnp_plot_boundary (cr, width, height, state, style);
      break;
    case NNP_FIGURE_HIDDEN:
      nnp_plot_hidden (cr, width, height, state, style);
      break;
    case NNP_FIGURE_COST:
      nnp_plot_cost (cr, width, height, state, style);
      break;
    case NNP_FIGURE_ALL:
      nnp_plot_all (cr, width, height, state, style);
      break;
    case NNP_FIGURE_NETWORK:
      nnp_plot_network (cr, width, height, state, style, NULL);
      break;
    case NNP_FIGURE_HIDDEN_SPACE:
      nnp_plot_hidden_space (cr, width, height, state, style);
      break;
    case NNP_FIGURE_LECTURE:
    case NNP_FIGURE_FORWARD:
    case NNP_FIGURE_BACKWARD:
    case NNP_FIGURE_UPDATE:
      nnp_plot_lecture (cr, fig, width, height, state, style);
      break;
    default:
      g_return_if_reached ();
    }
}
