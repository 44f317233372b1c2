/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nnp-plot-hidden-space-draw.c: drawing the hidden space: a[2] heat, the output unit's boundary W[2] a + b[2] = 0, the warped input grid, the points, the cube. */
#define G_LOG_DOMAIN "nnplay-plot"
#include "config.h"

#include <glib/gi18n-lib.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "nnp-plot-hidden-space-private.h"

#define GRID_SAMPLES 96

static double
sigmoid (double z)
{
  return nnp_activation_g (NNP_ACT_SIGMOID, z);
}

/* z2 on the plane: W2 c + b2 + u W2 e1 + v W2 e2. */
static void
plane_logit (const Space *s, double *k0, double *ku, double *kv)
{
  const gsl_matrix *W2 = &s->m->theta->W2.matrix;
  *k0 = *s->m->theta->b2;
  *ku = *kv = 0;
  for (size_t k = 0; k < s->h; k++)
    {
      double w = gsl_matrix_get (W2, 0, k);
      *k0 += w * s->c[k];
      *ku += w * s->e1[k];
      *kv += w * s->e2[k];
    }
}

static void
draw_plane_heat (cairo_t *cr, const NnpTheme *t, const Space *s)
{
  guint32 lut[NNP_LUT_SIZE];
  size_t nx, ny;
  double k0, ku, kv;
  g_autofree double *vals = NULL;

  plane_logit (s, &k0, &ku, &kv);
  nnp_heatmap_size (cr, s->pw, s->ph, 1, &nx, &ny);
  nx = MIN (nx, 512);
  ny = MIN (ny, 512);
  vals = g_new (double, nx * ny);
  for (size_t r = 0; r < ny; r++)
    for (size_t c = 0; c < nx; c++)
      {
        double u = s->umin + (c + 0.5) / nx * (s->umax - s->umin);
        double v = s->vmax - (r + 0.5) / ny * (s->vmax - s->vmin);
        vals[r * nx + c] = sigmoid (k0 + ku * u + (s->kind == SPACE_LINE ? 0 : kv * v));
      }
  nnp_colormap_lut (lut, t);
  nnp_paint_values (cr, vals, nx, ny, 0, 1, lut, s->px, s->py, s->pw, s->ph);
}

static void
stroke_boundary (cairo_t *cr, const NnpTheme *t, double lw)
{
  cairo_save (cr);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_width (cr, lw * 2.2);
  nnp_set_rgba (cr, &t->halo);
  cairo_stroke_preserve (cr);
  cairo_set_line_width (cr, lw);
  nnp_set_rgba (cr, &t->contour);
  cairo_stroke (cr);
  cairo_restore (cr);
}

static void
draw_plane_boundary (cairo_t *cr, const NnpTheme *t, const Space *s)
{
  double k0, ku, kv, x0, y0, x1, y1, sx, sy;

  plane_logit (s, &k0, &ku, &kv);
  if (s->kind == SPACE_LINE)
    {
      if (ku == 0 || !isfinite (-k0 / ku))
        return;
      x0 = -k0 / ku;
      if (x0 < s->umin || x0 > s->umax)
        return;
      nnp_space_plane_to_screen (s, x0, s->vmin, &sx, &sy);
      cairo_move_to (cr, sx, s->py);
      cairo_line_to (cr, sx, s->py + s->ph);
    }
  else
    {
      if (!nnp_clip_line (ku, kv, k0, s->umin, s->umax, s->vmin, s->vmax, &x0, &y0, &x1, &y1))
        return;
      nnp_space_plane_to_screen (s, x0, y0, &sx, &sy);
      cairo_move_to (cr, sx, sy);
      nnp_space_plane_to_screen (s, x1, y1, &sx, &sy);
      cairo_line_to (cr, sx, sy);
    }
  stroke_boundary (cr, t, MAX (s->fs * 0.14, 1.0));
}

/* Grid lines of the input view, each mapped through a1(x). */
static void
draw_warped_grid (cairo_t *cr, const NnpTheme *t, const NnpPlotState *state, const Space *s)
{
  double xmin, xmax, ymin, ymax, ticks[2][NNP_MAX_TICKS], step;
  int nt[2];
  g_autofree double *a1 = g_new (double, s->h);

  nnp_view_sanitize (state, &xmin, &xmax, &ymin, &ymax);
  nt[0] = nnp_nice_ticks (xmin, xmax, 8, ticks[0], &step);
  nt[1] = nnp_nice_ticks (ymin, ymax, 8, ticks[1], &step);
  cairo_save (cr);
  cairo_set_line_width (cr, MAX (s->fs * 0.06, 0.6));
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  nnp_set_rgba_alpha (cr, &t->fg, 0.45);
  for (int dir = 0; dir < 2; dir++)
    for (int l = 0; l < nt[dir]; l++)
      {
        gboolean started = FALSE;
        for (int i = 0; i <= GRID_SAMPLES; i++)
          {
            double f = (double) i / GRID_SAMPLES, x[2], px, py;
            x[dir] = ticks[dir][l];
            x[1 - dir] = dir == 0 ? ymin + f * (ymax - ymin) : xmin + f * (xmax - xmin);
            nnp_model_hidden (s->m, x, a1);
            if (s->kind == SPACE_LINE)
              {
                double u, v;
                nnp_space_plane_coords (s, a1, &u, &v);
                nnp_space_plane_to_screen (s, u, 0.08 + 0.84 * ((double) l / MAX (nt[dir] - 1, 1)), &px, &py);
              }
            else
              nnp_space_map (s, a1, 0, 0, &px, &py, NULL);
            if (!isfinite (px) || !isfinite (py))
              {
                started = FALSE;
                continue;
              }
            if (started)
              cairo_line_to (cr, px, py);
            else
              cairo_move_to (cr, px, py);
            started = TRUE;
          }
      }
  cairo_stroke (cr);
  cairo_restore (cr);
}

typedef struct {
  double x, y, near;
  gboolean front, hollow;
  double label;
} Dot;

static int
dot_cmp (const void *a, const void *b)
{
  const Dot *p = a, *q = b;
  return (p->near > q->near) - (p->near < q->near);
}

/* The dots (front < 0: all; else those on that side of the plane) in
 * their order, through nnp_points_draw, whose sprites are much cheaper
 * than a Cairo circle each on screen: datasets of screen positions (x, -y)
 * over a view that maps them back to themselves inside (bx, by, bw, bh). */
static void
draw_dots (cairo_t *cr, const NnpTheme *t, const Dot *dots, size_t n, double r, int front,
           double bx, double by, double bw, double bh)
{
  g_autoptr (NnpDataset) train = nnp_dataset_alloc (0, 2);
  g_autoptr (NnpDataset) test = nnp_dataset_alloc (0, 2);
  NnpPlotState st;

  nnp_plot_state_init (&st);
  for (size_t i = 0; i < n; i++)
    if (front < 0 || dots[i].front == front)
      {
        double xy[2] = { dots[i].x, -dots[i].y };
        nnp_dataset_append (dots[i].hollow ? test : train, xy, dots[i].label);
      }
  st.train = train;
  st.test = test;
  nnp_points_draw (cr, t, &st, r, bx, bx + bw, -(by + bh), -by, bx, by, bw, bh);
}

/* The drawn points of train (filled) and test (hollow). */
static Dot *
collect_dots (const NnpPlotState *state, const Space *s, size_t *n_out)
{
  const NnpDataset *sets[2] = { state->train, state->test };
  GArray *dots = g_array_new (FALSE, FALSE, sizeof (Dot));
  g_autofree double *a1 = g_new (double, s->h);

  for (int w = 0; w < 2; w++)
    {
      const NnpDataset *ds = sets[w];
      size_t k;
      if (ds == NULL || ds->d != 2)
        continue;
      k = ds->n > NNP_PLOT_MAX_POINTS ? (ds->n + NNP_PLOT_SAMPLE_POINTS - 1) / NNP_PLOT_SAMPLE_POINTS : 1;
      for (size_t i = 0; i < ds->n; i += k)
        {
          Dot d = { 0 };
          if (!isfinite (ds->X[i * 2]) || !isfinite (ds->X[i * 2 + 1]))
            continue;
          nnp_model_hidden (s->m, ds->X + i * 2, a1);
          d.label = ds->y[i];
          d.hollow = w == 1;
          nnp_space_map (s, a1, i + (size_t) w * 7919, d.label, &d.x, &d.y, &d.near);
          if (s->kind == SPACE_CUBE)
            {
              /* On the viewer's side of the plane: drawn after it. */
              double q[3], side;
              nnp_space_to_cube (s, a1, q);
              side = s->nq[0] * q[0] + s->nq[1] * q[1] + s->nq[2] * q[2] + s->c0;
              d.front = (side >= 0) == (s->nv >= 0);
            }
          if (!isfinite (d.x) || !isfinite (d.y))
            continue;
          g_array_append_val (dots, d);
        }
    }
  *n_out = dots->len;
  return (Dot *) g_array_free (dots, FALSE);
}

static void
axis_label (char *buf, size_t len, const Space *s, int which)
{
  if (s->pca)
    snprintf (buf, len, _("PC %d (%.0f%%)"), which + 1, 100 * s->explained[which]);
  else
    snprintf (buf, len, "<i>a</i><sub>%d</sub><sup>[1]</sup>", (which == 0 ? s->ui : s->uj) + 1);
}

static void
draw_flat (cairo_t *cr, const NnpTheme *t, const NnpPlotState *state, const NnpHiddenSpaceOptions *o,
           const Space *s, double r)
{
  char xl[64], yl[64];
  size_t n;
  g_autofree Dot *dots = NULL;

  cairo_save (cr);
  cairo_rectangle (cr, s->px, s->py, s->pw, s->ph);
  cairo_clip (cr);
  draw_plane_heat (cr, t, s);
  if (o->warped_grid)
    draw_warped_grid (cr, t, state, s);
  draw_plane_boundary (cr, t, s);
  dots = collect_dots (state, s, &n);
  draw_dots (cr, t, dots, n, r, -1, s->px, s->py, s->pw, s->ph);
  cairo_restore (cr);

  axis_label (xl, sizeof xl, s, 0);
  axis_label (yl, sizeof yl, s, 1);
  if (s->kind == SPACE_LINE)
    {
      double ticks[NNP_MAX_TICKS], step;
      int nt = nnp_nice_ticks (s->umin, s->umax, 6, ticks, &step);
      char buf[32];
      cairo_save (cr);
      cairo_set_line_width (cr, MAX (s->fs * 0.06, 0.75));
      nnp_set_rgba (cr, &t->frame);
      cairo_rectangle (cr, s->px, s->py, s->pw, s->ph);
      for (int i = 0; i < nt; i++)
        {
          double x = s->px + (ticks[i] - s->umin) / (s->umax - s->umin) * s->pw;
          cairo_move_to (cr, x, s->py + s->ph);
          cairo_line_to (cr, x, s->py + s->ph + s->fs * 0.3);
          nnp_format_tick (buf, sizeof buf, ticks[i], step);
          nnp_text_draw (cr, buf, s->fs * 0.8, NNP_TEXT_NORMAL, x, s->py + s->ph + s->fs * 0.45, 0.5, 0, &t->muted);
        }
      cairo_stroke (cr);
      cairo_restore (cr);
      nnp_text_draw (cr, xl, s->fs, NNP_TEXT_NORMAL, s->px + s->pw / 2, s->py + s->ph + s->fs * 1.7,
                     0.5, 0, &t->fg);
      nnp_text_draw (cr, _("class 1"), s->fs * 0.8, NNP_TEXT_NORMAL, s->px - s->fs * 0.3, s->py + s->ph * 0.32,
                     1, 0.5, &t->muted);
      nnp_text_draw (cr, _("class 0"), s->fs * 0.8, NNP_TEXT_NORMAL, s->px - s->fs * 0.3, s->py + s->ph * 0.68,
                     1, 0.5, &t->muted);
    }
  else
    {
      /* The vertical axis title turned, so "PC 2 (30%)" fits a narrow panel. */
      nnp_axes_draw (cr, t, s->px, s->py, s->pw, s->ph, s->umin, s->umax, s->vmin, s->vmax, xl, NULL);
      nnp_text_draw_vertical (cr, yl, s->fs, NNP_TEXT_NORMAL, s->px - s->fs * 3.4, s->py + s->ph / 2, &t->fg);
    }
}

/* Where the plane n . q + c = 0 cuts the cube [-1, 1]^3, as a convex
 * polygon on screen (up to 6 corners). */
static int
plane_polygon (const Space *s, const double *nq, double c, double (*poly)[2])
{
  double pts[12][2], cx = 0, cy = 0, ang[12];
  int np = 0;

  for (int axis = 0; axis < 3; axis++)
    for (int e = 0; e < 4; e++)
      {
        double q[3];
        int a = (axis + 1) % 3, b = (axis + 2) % 3;
        q[a] = e & 1 ? 1 : -1;
        q[b] = e & 2 ? 1 : -1;
        if (nq[axis] == 0)
          continue;
        q[axis] = -(c + nq[a] * q[a] + nq[b] * q[b]) / nq[axis];
        if (!(q[axis] >= -1 && q[axis] <= 1))
          continue;
        nnp_space_cube_to_screen (s, q, &pts[np][0], &pts[np][1], NULL);
        np++;
      }
  if (np < 3)
    return 0;
  for (int i = 0; i < np; i++)
    {
      cx += pts[i][0] / np;
      cy += pts[i][1] / np;
    }
  for (int i = 0; i < np; i++)
    ang[i] = atan2 (pts[i][1] - cy, pts[i][0] - cx);
  /* insertion sort by angle */
  for (int i = 1; i < np; i++)
    for (int j = i; j > 0 && ang[j - 1] > ang[j]; j--)
      {
        double ta = ang[j], tx = pts[j][0], ty = pts[j][1];
        ang[j] = ang[j - 1];
        pts[j][0] = pts[j - 1][0];
        pts[j][1] = pts[j - 1][1];
        ang[j - 1] = ta;
        pts[j - 1][0] = tx;
        pts[j - 1][1] = ty;
      }
  memcpy (poly, pts, sizeof (double) * 2 * (size_t) np);
  return np;
}

static void
draw_cube (cairo_t *cr, const NnpTheme *t, const NnpPlotState *state, const NnpHiddenSpaceOptions *o,
           const Space *s, double r)
{
  double poly[12][2];
  size_t n;
  int np;
  g_autofree Dot *dots = NULL;

  dots = collect_dots (state, s, &n);
  qsort (dots, n, sizeof (Dot), dot_cmp);

  /* Cube edges. */
  cairo_save (cr);
  cairo_set_line_width (cr, MAX (s->fs * 0.06, 0.75));
  nnp_set_rgba_alpha (cr, &t->frame, 0.7);
  for (int axis = 0; axis < 3; axis++)
    for (int e = 0; e < 4; e++)
      {
        double q0[3], q1[3], x, y;
        int a = (axis + 1) % 3, b = (axis + 2) % 3;
        q0[a] = q1[a] = e & 1 ? 1 : -1;
        q0[b] = q1[b] = e & 2 ? 1 : -1;
        q0[axis] = -1;
        q1[axis] = 1;
        nnp_space_cube_to_screen (s, q0, &x, &y, NULL);
        cairo_move_to (cr, x, y);
        nnp_space_cube_to_screen (s, q1, &x, &y, NULL);
        cairo_line_to (cr, x, y);
      }
  cairo_stroke (cr);
  cairo_restore (cr);

  if (o->warped_grid)
    draw_warped_grid (cr, t, state, s);

  np = plane_polygon (s, s->nq, s->c0, poly);
  draw_dots (cr, t, dots, n, r, FALSE, s->px - r, s->py - r, s->pw + 2 * r, s->ph + 2 * r);
  if (np >= 3)
    {
      cairo_save (cr);
      cairo_move_to (cr, poly[0][0], poly[0][1]);
      for (int i = 1; i < np; i++)
        cairo_line_to (cr, poly[i][0], poly[i][1]);
      cairo_close_path (cr);
      nnp_set_rgba_alpha (cr, &t->contour, 0.16);
      cairo_fill_preserve (cr);
      cairo_set_line_width (cr, MAX (s->fs * 0.1, 1.0));
      nnp_set_rgba (cr, &t->contour);
      cairo_stroke (cr);
      cairo_restore (cr);
    }
  draw_dots (cr, t, dots, n, r, TRUE, s->px - r, s->py - r, s->pw + 2 * r, s->ph + 2 * r);

  /* Each axis named beside the middle of its outermost parallel edge. */
  for (int axis = 0; axis < 3; axis++)
    {
      double q[3], x = 0, y = 0, ox, oy, len, far = -1;
      char buf[64];
      for (int e = 0; e < 4; e++)
        {
          double ex, ey, d;
          q[axis] = 0;
          q[(axis + 1) % 3] = e & 1 ? 1 : -1;
          q[(axis + 2) % 3] = e & 2 ? 1 : -1;
          nnp_space_cube_to_screen (s, q, &ex, &ey, NULL);
          d = hypot (ex - s->sx0, ey - s->sy0);
          if (d > far + 1e-6)
            {
              far = d;
              x = ex;
              y = ey;
            }
        }
      ox = x - s->sx0;
      oy = y - s->sy0;
      len = hypot (ox, oy);
      if (len > 0)
        {
          x += ox / len * s->fs * 1.2;
          y += oy / len * s->fs * 1.2;
        }
      snprintf (buf, sizeof buf, "<i>a</i><sub>%d</sub><sup>[1]</sup>", axis + 1);
      nnp_text_draw (cr, buf, s->fs, NNP_TEXT_NORMAL, x, y, 0.5, 0.5, &t->fg);
    }
}

void
nnp_plot_hidden_space (cairo_t *cr, double width, double height,
                       const NnpPlotState *state, const NnpPlotStyle *style)
{
  NnpHiddenSpaceOptions defaults;
  const NnpHiddenSpaceOptions *o;
  NnpTheme t;
  Space s;
  char sub[160];
  double r;

  if (!nnp_figure_begin (cr, &t, width, height, state, style))
    return;
  o = nnp_space_options (state, &defaults);
  if (!nnp_space_build (&s, state))
    {
      char why[160];
      if (nnp_model_is_planar (state->model) && state->model->theta->h > NNP_HIDDEN_SPACE_MAX_UNITS)
        snprintf (why, sizeof why, _("Too many hidden units to show (%zu; at most %d)"),
                  state->model->theta->h, NNP_HIDDEN_SPACE_MAX_UNITS);
      else
        g_strlcpy (why, _("No network with two inputs to show"), sizeof why);
      nnp_text_draw (cr, _("Hidden space"), t.fs * 1.15, NNP_TEXT_BOLD, width / 2, t.fs * 0.8, 0.5, 0, &t.fg);
      nnp_text_draw (cr, why, t.fs, NNP_TEXT_NORMAL, width / 2, height / 2, 0.5, 0.5, &t.muted);
      nnp_space_clear (&s);
      cairo_restore (cr);
      return;
    }
  nnp_space_layout (&s, &t, width, height);
  /* the title right above the plot, not at the top of a tall pane */
  const double head = t.fs * 0.8 + s.head_dy;
  nnp_text_draw (cr, _("Hidden space"), t.fs * 1.15, NNP_TEXT_BOLD, width / 2, head, 0.5, 0, &t.fg);

  if (s.kind == SPACE_CUBE)
    snprintf (sub, sizeof sub, _("Each point at its row of A[1]; the plane W[2] a + b[2] = 0 (drag to rotate)"));
  else if (s.pca)
    snprintf (sub, sizeof sub, _("First two principal components of A[1]; the boundary through the mean"));
  else if (!s.exact)
    snprintf (sub, sizeof sub, _("Units %d and %d; the other units at their mean"), s.ui + 1, s.uj + 1);
  else
    snprintf (sub, sizeof sub, _("Each point at its row of A[1]; the line W[2] a + b[2] = 0"));
  {
    /* shrunk to fit a narrow side pane */
    double sw = 0, size = t.fs * 0.8;
    nnp_text_extents (cr, sub, size, NNP_TEXT_NORMAL, &sw, NULL);
    if (sw > width - t.fs)
      size *= MAX ((width - t.fs) / sw, 0.4);
    nnp_text_draw (cr, sub, size, NNP_TEXT_NORMAL, width / 2, head + t.fs * 1.6, 0.5, 0, &t.muted);
  }

  r = CLAMP (nnp_point_radius (&t, state, s.pw), 1.0, t.fs * 0.3);
  if (s.kind == SPACE_CUBE)
    draw_cube (cr, &t, state, o, &s, r);
  else
    draw_flat (cr, &t, state, o, &s, r);
  nnp_space_clear (&s);
  cairo_restore (cr);
}
