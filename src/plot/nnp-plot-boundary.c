/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nnp-plot-boundary.c: the decision-boundary figure: a2(x) heatmap, 0.5 contour, points, axes, colour bar and legend. */
#define G_LOG_DOMAIN "nnplay-plot"
#include "config.h"

#include <glib/gi18n-lib.h>

#include <math.h>
#include <stdio.h>

#include "nnp-plot-private.h"

typedef struct {
  double px, py, pw, ph;   /* the plane */
  gboolean legend;         /* a colour bar and legend column at the right */
  double lx;               /* its left edge */
} BoundaryLayout;

/* Margins come from the text size alone (no measuring), so the app can map
 * mouse positions with nnp_plot_boundary_area without a cairo context. */
static void
boundary_layout (double width, double height, const NnpTheme *t, const NnpPlotState *state,
                 BoundaryLayout *L)
{
  double fs = t->fs, pad = fs * 0.8;
  double top = pad + fs * 1.6 + fs * 0.7;
  double bottom = pad + fs * 3.0;
  double left = pad + fs * 4.6;
  double legend_w = fs * 8.6;
  double right = pad + legend_w;
  double xmin, xmax, ymin, ymax, ox, oy, aw, ah, content;

  nnp_view_sanitize (state, &xmin, &xmax, &ymin, &ymax);
  L->legend = width - left - right >= fs * 8 && height - top - bottom >= fs * 8;
  if (!L->legend)
    right = pad + fs * 0.6;
  aw = MAX (width - left - right, 1.0);
  ah = MAX (height - top - bottom, 1.0);
  nnp_fit_aspect (0, 0, aw, ah, xmin, xmax, ymin, ymax, &ox, &oy, &L->pw, &L->ph);
  /* Centre plane, axis labels and legend together. */
  content = (left - pad) + L->pw + (right - pad);
  L->px = (width - content) / 2 + (left - pad);
  L->py = top + oy;
  L->lx = L->px + L->pw + fs * 1.3;
}

void
nnp_plot_boundary_area (double width, double height, const NnpPlotState *state,
                        const NnpPlotStyle *style,
                        double *x, double *y, double *w, double *h)
{
  NnpTheme t;
  BoundaryLayout L;

  g_return_if_fail (state != NULL);
  nnp_theme_init (&t, style, width, height);
  boundary_layout (width, height, &t, state, &L);
  if (x) *x = L.px;
  if (y) *y = L.py;
  if (w) *w = L.pw;
  if (h) *h = L.ph;
}

static gboolean
showing_unit (const NnpPlotState *state)
{
  const NnpModel *m = state->model;
  return state->unit >= 0 && nnp_model_is_planar (m) && (size_t) state->unit < m->theta->h;
}

static gboolean
has_points (const NnpDataset *ds)
{
  return ds != NULL && ds->d == 2 && ds->n > 0;
}

static gboolean
has_class (const NnpDataset *ds, double label)
{
  if (!has_points (ds))
    return FALSE;
  for (size_t i = 0; i < ds->n; i++)
    if (ds->y[i] == label)
      return TRUE;
  return FALSE;
}

/* Smaller points when there are many, so a thousand still read as points. */
double
nnp_point_radius (const NnpTheme *t, const NnpPlotState *state, double pw)
{
  size_t n = (state->train ? state->train->n : 0) + (state->test ? state->test->n : 0);
  double k = n > 150 ? CLAMP (sqrt (150.0 / n), 0.55, 1.0) : 1.0;
  return MIN (t->fs * 0.3, pw / 40) * k;
}

static void
draw_legend (cairo_t *cr, const NnpTheme *t, const NnpPlotState *state, const BoundaryLayout *L,
             double point_r, double line_w)
{
  const NnpModel *m = state->model;
  gboolean unit = showing_unit (state);
  gboolean planar = nnp_model_is_planar (m);
  double fs = t->fs, x = L->lx, y = L->py, ls = fs * 0.8;
  double ticks[NNP_MAX_TICKS], step;
  char buf[128];
  int n;

  if (planar)
    {
      double lo = 0, hi = 1, blo = 0, bhi = 1, bw = fs * 0.8, bh, by;
      cairo_pattern_t *bar;

      if (unit)
        {
          nnp_unit_range (m, (size_t) state->unit, state->xmin, state->xmax,
                          state->ymin, state->ymax, &lo, &hi);
          blo = m->act == NNP_ACT_RELU ? 0.0 : lo;
          bhi = hi;
          snprintf (buf, sizeof buf, "<i>a</i><sub>%zu</sub><sup>[1]</sup>(<i>x</i>)", (size_t) state->unit + 1);
        }
      else
        snprintf (buf, sizeof buf, "<i>a</i><sup>[2]</sup>(<i>x</i>)");
      nnp_text_draw (cr, buf, fs * 0.9, NNP_TEXT_NORMAL, x, y, 0, 0, &t->fg);
      by = y + fs * 1.9;
      bh = CLAMP (L->ph * 0.4, fs * 4, fs * 11);
      /* A vector gradient: in SVG/PDF the heatmap stays the only image. */
      bar = cairo_pattern_create_linear (0, by + bh, 0, by);
      for (int i = 0; i <= 64; i++)
        {
          double v = blo + (bhi - blo) * i / 64.0;
          NnpRgba c = nnp_colormap_at (t, (v - lo) / (hi - lo));
          cairo_pattern_add_color_stop_rgb (bar, i / 64.0, c.r, c.g, c.b);
        }
      cairo_rectangle (cr, x, by, bw, bh);
      cairo_set_source (cr, bar);
      cairo_fill (cr);
      cairo_pattern_destroy (bar);
      cairo_save (cr);
      cairo_set_line_width (cr, MAX (fs * 0.05, 0.75));
      nnp_set_rgba (cr, &t->frame);
      cairo_rectangle (cr, x, by, bw, bh);
      cairo_stroke (cr);
      n = nnp_nice_ticks (blo, bhi, 2, ticks, &step);
      for (int i = 0; i < n; i++)
        {
          double py = by + (bhi - ticks[i]) / (bhi - blo) * bh;
          cairo_move_to (cr, x + bw, py);
          cairo_line_to (cr, x + bw + fs * 0.25, py);
          nnp_format_tick (buf, sizeof buf, ticks[i], step);
          nnp_text_draw (cr, buf, ls, NNP_TEXT_NORMAL, x + bw + fs * 0.4, py, 0, 0.5, &t->muted);
        }
      nnp_set_rgba (cr, &t->frame);
      cairo_stroke (cr);
      cairo_restore (cr);
      y = by + bh + fs * 1.5;
    }

  /* The legend proper: one row per thing drawn. */
  {
    double r = MAX (point_r, fs * 0.25), row = fs * 1.45, mx = x + fs * 0.4, tx = x + fs * 1.2;
    double cy = y + row / 2;

    if (has_class (state->train, 1) || has_class (state->test, 1))
      {
        nnp_marker (cr, t, &t->class1, FALSE, mx, cy, r);
        nnp_text_draw (cr, _("Class 1"), ls, NNP_TEXT_NORMAL, tx, cy, 0, 0.5, &t->fg);
        cy += row;
      }
    if (has_class (state->train, 0) || has_class (state->test, 0))
      {
        nnp_marker (cr, t, &t->class0, FALSE, mx, cy, r);
        nnp_text_draw (cr, _("Class 0"), ls, NNP_TEXT_NORMAL, tx, cy, 0, 0.5, &t->fg);
        cy += row;
      }
    if (has_points (state->test))
      {
        nnp_marker (cr, t, &t->muted, TRUE, mx, cy, r);
        nnp_text_draw (cr, _("Test point"), ls, NNP_TEXT_NORMAL, tx, cy, 0, 0.5, &t->fg);
        cy += row;
      }
    if (planar)
      {
        cairo_save (cr);
        cairo_move_to (cr, x, cy);
        cairo_line_to (cr, x + fs * 0.85, cy);
        cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
        cairo_set_line_width (cr, line_w);
        nnp_set_rgba (cr, &t->contour);
        cairo_stroke (cr);
        cairo_restore (cr);
        if (unit)
          /* the unit's line w_j . x + b_j = 0, in the slides' Z[1] (as
           * w_j . x + b_j with the layer's superscripts, it overran the
           * legend's width) */
          snprintf (buf, sizeof buf, "<i>z</i><sub>%zu</sub><sup>[1]</sup> = 0", (size_t) state->unit + 1);
        else
          snprintf (buf, sizeof buf, "<i>a</i><sup>[2]</sup> = 0.5");
        nnp_text_draw (cr, buf, ls, NNP_TEXT_NORMAL, tx, cy, 0, 0.5, &t->fg);
        cy += row;
      }
  }
}

/* "epoch 120 · train 97.5% · test 95.0%": the state's epoch (or the last
 * history row's, entry i being epoch i * stride) and that row's accuracy. */
/* The subtitle, longest first: the widest that fits is drawn, so it
 * shortens instead of vanishing as the epoch count grows. */
static int
history_summaries (const NnpPlotState *state, char buf[3][160])
{
  const NnpHistory *hist = state->history;
  size_t last, epoch;

  if (state->past)
    {
      /* A snapshot: its own epoch's numbers when the curve has them. */
      size_t stride = MAX (state->history_stride, (size_t) 1), i = state->epoch / stride;
      epoch = state->epoch;
      if (hist != NULL && i < hist->len && i * stride == epoch && isfinite (hist->train_acc[i]))
        snprintf (buf[0], 160, _("the past: epoch %zu of %zu  ·  train %.1f%%"), epoch,
                  state->present_epoch, 100 * hist->train_acc[i]);
      else
        snprintf (buf[0], 160, _("the past: epoch %zu of %zu"), epoch, state->present_epoch);
      snprintf (buf[1], 160, _("the past: epoch %zu of %zu"), epoch, state->present_epoch);
      snprintf (buf[2], 160, _("the past: epoch %zu"), epoch);
      return 3;
    }
  if (hist == NULL || hist->len == 0)
    return 0;
  last = hist->len - 1;
  if (!isfinite (hist->train_acc[last]))
    return 0;
  epoch = state->epoch != 0 ? state->epoch : last * MAX (state->history_stride, (size_t) 1);
  if (hist->has_test && hist->test_acc != NULL && isfinite (hist->test_acc[last]))
    {
      double tr = 100 * hist->train_acc[last], te = 100 * hist->test_acc[last];
      snprintf (buf[0], 160, _("epoch %zu  ·  accuracy: train %.1f%%, test %.1f%%"), epoch, tr, te);
      snprintf (buf[1], 160, _("epoch %zu  ·  train %.1f%%, test %.1f%%"), epoch, tr, te);
      snprintf (buf[2], 160, _("train %.1f%%, test %.1f%%"), tr, te);
    }
  else
    {
      double tr = 100 * hist->train_acc[last];
      snprintf (buf[0], 160, _("epoch %zu  ·  train accuracy %.1f%%"), epoch, tr);
      snprintf (buf[1], 160, _("epoch %zu  ·  train %.1f%%"), epoch, tr);
      snprintf (buf[2], 160, _("train %.1f%%"), tr);
    }
  return 3;
}

void
nnp_boundary_draw (cairo_t *cr, const NnpTheme *t, double width, double height,
                   const NnpPlotState *state)
{
  BoundaryLayout L;
  NnpPlaneOptions opt = { 0 };
  double xmin, xmax, ymin, ymax, fs = t->fs, tw = 0, sw = 0, ty;
  char title[64], sub[3][160];

  nnp_view_sanitize (state, &xmin, &xmax, &ymin, &ymax);
  boundary_layout (width, height, t, state, &L);

  opt.unit = showing_unit (state) ? state->unit : -1;
  opt.points = TRUE;
  opt.point_r = nnp_point_radius (t, state, L.pw);
  opt.contour = TRUE;
  opt.unit_lines = state->unit_lines;
  opt.own_line = TRUE;
  opt.line_w = MAX (fs * 0.11, 1.0);
  nnp_plane_draw (cr, t, state, &opt, L.px, L.py, L.pw, L.ph);
  if (state->standardized)
    {
      /* The network saw z-scores, the plane is x: the x title says so for
       * both features (the y title stays short: it is drawn across). */
      g_autofree char *xl = g_strdup_printf (_("<i>x</i><sub>1</sub>   (z-scored: μ = %.4g, %.4g; σ = %.4g, %.4g)"),
                                             state->z_mean[0], state->z_mean[1],
                                             state->z_sd[0], state->z_sd[1]);
      nnp_axes_draw (cr, t, L.px, L.py, L.pw, L.ph, xmin, xmax, ymin, ymax, xl, "<i>x</i><sub>2</sub>");
    }
  else
    nnp_axes_draw (cr, t, L.px, L.py, L.pw, L.ph, xmin, xmax, ymin, ymax,
                   "<i>x</i><sub>1</sub>", "<i>x</i><sub>2</sub>");
  if (state->past)
    {
      /* The past is framed, so it is never taken for the present. */
      cairo_save (cr);
      cairo_set_line_width (cr, MAX (fs * 0.25, 2.0));
      cairo_set_dash (cr, (double[]) { fs * 0.6, fs * 0.4 }, 2, 0);
      nnp_set_rgba (cr, &t->class1);
      cairo_rectangle (cr, L.px, L.py, L.pw, L.ph);
      cairo_stroke (cr);
      cairo_restore (cr);
    }
  if (L.legend)
    draw_legend (cr, t, state, &L, opt.point_r, opt.line_w);

  if (opt.unit >= 0)
    snprintf (title, sizeof title, _("Hidden unit %d"), opt.unit + 1);
  else
    g_strlcpy (title, _("Decision boundary"), sizeof title);
  ty = L.py - fs * 0.6;
  nnp_text_extents (cr, title, fs * 1.2, NNP_TEXT_BOLD, &tw, NULL);
  nnp_text_draw (cr, title, fs * 1.2, NNP_TEXT_BOLD, L.px, ty, 0, 1, &t->fg);
  int n_sub = history_summaries (state, sub);
  if (n_sub > 0)
    {
      double right = L.legend ? MIN (L.lx + fs * 7.2, width - fs * 0.8) : L.px + L.pw;
      for (int i = 0; i < n_sub; i++)
        {
          nnp_text_extents (cr, sub[i], fs * 0.75, NNP_TEXT_NORMAL, &sw, NULL);
          if (L.px + tw + fs + sw <= right)
            {
              nnp_text_draw (cr, sub[i], fs * 0.75, state->past ? NNP_TEXT_BOLD : NNP_TEXT_NORMAL,
                             right, ty - fs * 0.12, 1, 1, state->past ? &t->class1 : &t->muted);
              break;
            }
        }
    }
}

void
nnp_plot_boundary (cairo_t *cr, double width, double height,
                   const NnpPlotState *state, const NnpPlotStyle *style)
{
  NnpTheme t;

  if (!nnp_figure_begin (cr, &t, width, height, state, style))
    return;
  nnp_boundary_draw (cr, &t, width, height, state);
  cairo_restore (cr);
}
