/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nnp-plot-plane.c: the input plane: view, a2 heatmap, 0.5 contour, unit lines and points together. */
#define G_LOG_DOMAIN "nnplay-plot"
#include "config.h"

#include <float.h>
#include <math.h>
#include <string.h>

#include "nnp-plot-private.h"

static gboolean
span_ok (double lo, double hi)
{
  return isfinite (lo) && isfinite (hi) && fabs (lo) <= NNP_VIEW_LIMIT && fabs (hi) <= NNP_VIEW_LIMIT
         && hi - lo >= 1e-9 * MAX (1.0, MAX (fabs (lo), fabs (hi)));
}

gboolean
nnp_view_is_drawable (double xmin, double xmax, double ymin, double ymax)
{
  return span_ok (xmin, xmax) && span_ok (ymin, ymax);
}

void
nnp_view_sanitize (const NnpPlotState *state, double *xmin, double *xmax,
                   double *ymin, double *ymax)
{
  *xmin = state->xmin;
  *xmax = state->xmax;
  *ymin = state->ymin;
  *ymax = state->ymax;
  if (!span_ok (*xmin, *xmax))
    {
      *xmin = -2.0;
      *xmax = 2.0;
    }
  if (!span_ok (*ymin, *ymax))
    {
      *ymin = -2.0;
      *ymax = 2.0;
    }
}

void
nnp_fit_aspect (double x, double y, double w, double h,
                double xmin, double xmax, double ymin, double ymax,
                double *ox, double *oy, double *ow, double *oh)
{
  double aspect = (xmax - xmin) / (ymax - ymin);

  w = MAX (w, 1.0);
  h = MAX (h, 1.0);
  if (w / h > aspect)
    {
      *oh = h;
      *ow = h * aspect;
    }
  else
    {
      *ow = w;
      *oh = w / aspect;
    }
  *ox = x + (w - *ow) / 2;
  *oy = y + (h - *oh) / 2;
}


gboolean
nnp_clip_line (double a1, double a2, double c,
               double xmin, double xmax, double ymin, double ymax,
               double *x0, double *y0, double *x1, double *y1)
{
  double px[4], py[4], best = -1;
  int n = 0;

  if (!isfinite (a1) || !isfinite (a2) || !isfinite (c))
    return FALSE;
  if (fabs (a2) > 1e-300)
    {
      double xs[2] = { xmin, xmax };
      for (int i = 0; i < 2; i++)
        {
          double y = -(c + a1 * xs[i]) / a2;
          if (isfinite (y) && y >= ymin && y <= ymax)
            {
              px[n] = xs[i];
              py[n++] = y;
            }
        }
    }
  if (fabs (a1) > 1e-300)
    {
      double ys[2] = { ymin, ymax };
      for (int i = 0; i < 2; i++)
        {
          double x = -(c + a2 * ys[i]) / a1;
          if (isfinite (x) && x >= xmin && x <= xmax)
            {
              px[n] = x;
              py[n++] = ys[i];
            }
        }
    }
  for (int i = 0; i < n; i++)
    for (int k = i + 1; k < n; k++)
      {
        double d = hypot (px[i] - px[k], py[i] - py[k]);
        if (d > best)
          {
            best = d;
            *x0 = px[i];
            *y0 = py[i];
            *x1 = px[k];
            *y1 = py[k];
          }
      }
  return best > 0;
}

/* ---- The plane ---------------------------------------------------------- */

static void
fill_neutral (cairo_t *cr, const NnpTheme *t, double x, double y, double w, double h)
{
  cairo_rectangle (cr, x, y, w, h);
  nnp_set_rgba (cr, &t->mid);
  cairo_fill (cr);
}


static gboolean
draw_heatmap (cairo_t *cr, const NnpTheme *t, const NnpPlotState *state, int unit,
              double xmin, double xmax, double ymin, double ymax,
              double x, double y, double w, double h)
{
  NnpGrid grid = { xmin, xmax, ymin, ymax, 0, 0 };
  guint32 lut[NNP_LUT_SIZE];
  double *values;
  gboolean ok;

  if (unit >= 0)
    {
      nnp_unit_paint (cr, t, state->model, (size_t) unit, state->cell_px,
                      xmin, xmax, ymin, ymax, x, y, w, h);
      return TRUE;
    }
  nnp_heatmap_size (cr, w, h, state->cell_px, &grid.nx, &grid.ny);
  values = g_try_new (double, grid.nx * grid.ny);
  if (values == NULL)
    return FALSE;
  ok = nnp_model_eval_grid (values, NULL, state->model, &grid) == NNP_OK;
  if (ok)
    {
      nnp_colormap_lut (lut, t);
      nnp_paint_values (cr, values, grid.nx, grid.ny, 0.0, 1.0, lut, x, y, w, h);
    }
  g_free (values);
  return ok;
}

static void
stroke_contour (cairo_t *cr, const NnpTheme *t, double line_w)
{
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_width (cr, line_w * 2.6);
  nnp_set_rgba (cr, &t->halo);
  cairo_stroke_preserve (cr);
  cairo_set_line_width (cr, line_w);
  nnp_set_rgba (cr, &t->contour);
  cairo_stroke (cr);
}

/* faint: the previous model's contour, thin, dashed and translucent. */
static void
draw_contour (cairo_t *cr, const NnpTheme *t, const NnpModel *m, double line_w,
              double xmin, double xmax, double ymin, double ymax,
              double x, double y, double w, double h, gboolean faint)
{
  NnpGrid grid;
  double *nodes, dx, dy;
  size_t nx, ny;

  /* A node every ~3 device px is well below a pixel of error after
   * linear interpolation and keeps vector paths short. */
  nnp_heatmap_size (cr, w, h, 3, &nx, &ny);
  nx = CLAMP (nx, 24, 480);
  ny = CLAMP (ny, 24, 480);
  /* Nodes exactly on the view's border: cell centres of a grid that
   * overhangs by half a cell. */
  dx = (xmax - xmin) / (nx - 1);
  dy = (ymax - ymin) / (ny - 1);
  grid = (NnpGrid) { xmin - dx / 2, xmax + dx / 2, ymin - dy / 2, ymax + dy / 2, nx, ny };
  nodes = g_try_new (double, nx * ny);
  if (nodes == NULL)
    return;
  if (nnp_model_eval_grid (nodes, NULL, m, &grid) == NNP_OK)
    {
      /* Interpolate the logit z2 = log(a2 / (1 - a2)), which varies
       * linearly between nodes, not a2, which jumps from ~0 to ~1 across a
       * steep boundary and would put every crossing mid-cell: a staircase. */
      for (size_t i = 0; i < nx * ny; i++)
        {
          double a = CLAMP (nodes[i], DBL_MIN, 1.0 - DBL_EPSILON / 2);
          nodes[i] = isnan (nodes[i]) ? NAN : log (a) - log1p (-a);
        }
      cairo_new_path (cr);
      nnp_contour_path (cr, nodes, nx, ny, 0.0, x, y, w, h);
      if (faint)
        {
          cairo_set_line_width (cr, line_w);
          cairo_set_dash (cr, (double[]) { line_w * 3, line_w * 2 }, 2, 0);
          nnp_set_rgba_alpha (cr, &t->contour, 0.4);
          cairo_stroke (cr);
          cairo_set_dash (cr, NULL, 0, 0);
        }
      else
        stroke_contour (cr, t, line_w);
    }
  g_free (nodes);
}

void
nnp_plane_draw (cairo_t *cr, const NnpTheme *t, const NnpPlotState *state,
                const NnpPlaneOptions *opt, double x, double y, double w, double h)
{
  const NnpModel *m = state->model;
  double xmin, xmax, ymin, ymax;
  gboolean planar = nnp_model_is_planar (m);
  gboolean has_unit = planar && opt->unit >= 0 && (size_t) opt->unit < m->theta->h;

  nnp_view_sanitize (state, &xmin, &xmax, &ymin, &ymax);
  cairo_save (cr);
  cairo_rectangle (cr, x, y, w, h);
  cairo_clip (cr);

  /* The app's grid: one evaluation for heat map and contour, kept across
   * frames. Vector targets and the exports evaluate afresh below. */
  NnpPlotGrid *grid = NULL;
  if (planar && opt->unit < 0 && state->grid != NULL && !nnp_is_vector_target (cr))
    {
      int pw, ph;
      nnp_device_size (cr, w, h, &pw, &ph);
      nnp_plot_grid_update (state->grid, m, xmin, xmax, ymin, ymax, pw, ph);
      if (nnp_plot_grid_logit (state->grid, NULL, NULL) != NULL
          && nnp_grid_paint (cr, state->grid, t, x, y, w, h))
        grid = state->grid;
    }

  if (grid != NULL)
    ;
  else if (!planar || (opt->unit >= 0 && !has_unit)
      || !draw_heatmap (cr, t, state, has_unit ? opt->unit : -1, xmin, xmax, ymin, ymax, x, y, w, h))
    fill_neutral (cr, t, x, y, w, h);

  if (planar && opt->unit_lines)
    {
      /* Each unit's line in its own colour, as in its thumbnail, dashed
       * (the boundary stays the one solid line) over a faint halo. */
      for (size_t j = 0; j < m->theta->h; j++)
        {
          NnpRgba c = nnp_unit_colour (t, j);
          cairo_new_path (cr);
          nnp_unit_line_path (cr, m, j, xmin, xmax, ymin, ymax, x, y, w, h);
          cairo_set_dash (cr, NULL, 0, 0);
          cairo_set_line_width (cr, opt->line_w * 2.2);
          nnp_set_rgba_alpha (cr, &t->halo, 0.5);
          cairo_stroke_preserve (cr);
          cairo_set_line_width (cr, opt->line_w * 1.2);
          cairo_set_dash (cr, (double[]) { opt->line_w * 4.0, opt->line_w * 2.0 }, 2, 0);
          nnp_set_rgba_alpha (cr, &c, 0.9);
          cairo_stroke (cr);
        }
      cairo_set_dash (cr, NULL, 0, 0);
    }
  if (planar && opt->contour && opt->unit < 0 && nnp_model_is_planar (state->previous_model))
    draw_contour (cr, t, state->previous_model, opt->line_w, xmin, xmax, ymin, ymax, x, y, w, h, TRUE);
  if (grid != NULL && opt->contour)
    {
      cairo_new_path (cr);
      nnp_grid_contour_path (cr, grid, x, y, w, h);
      stroke_contour (cr, t, opt->line_w);
    }
  else if (planar && opt->contour && opt->unit < 0)
    draw_contour (cr, t, m, opt->line_w, xmin, xmax, ymin, ymax, x, y, w, h, FALSE);
  if (has_unit && opt->own_line)
    {
      cairo_new_path (cr);
      nnp_unit_line_path (cr, m, (size_t) opt->unit, xmin, xmax, ymin, ymax, x, y, w, h);
      cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
      cairo_set_line_width (cr, opt->line_w * 2.6);
      nnp_set_rgba (cr, &t->halo);
      cairo_stroke_preserve (cr);
      cairo_set_line_width (cr, opt->line_w);
      NnpRgba own = nnp_unit_colour (t, (size_t) opt->unit);
      nnp_set_rgba (cr, &own);
      cairo_stroke (cr);
    }
  if (opt->points)
    nnp_points_draw (cr, t, state, opt->point_r, xmin, xmax, ymin, ymax, x, y, w, h);
  cairo_restore (cr);
}

