/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nnp-plot-network.c: the network diagram d[0] -> d[1] -> d[2]: nodes with their activations, W[1] and W[2] as edges, biases at the nodes. */
#define G_LOG_DOMAIN "nnplay-plot"
#include "config.h"

#include <glib/gi18n-lib.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "nnp-plot-private.h"

/* Hidden nodes closer than this (user units) make the figure taller than
 * it is given: nnp_plot_network_natural_height. At 30, 18 units in the
 * app's pane had labels of 7 px (a lecturer could not read b_j^[1]);
 * at 40 they are 10 to 12 px, and the diagram scrolls sooner. */
#define MIN_PITCH 40.0

typedef struct {
  size_t d, h;
  double fs, lfs;              /* header text; node labels (0: none) */
  double x_in, x_hid, x_out;   /* column centres */
  double s_in, s_hid, s_out;   /* node sides */
  double top, bottom;          /* the hidden column */
  double pitch, pitch_in;
  double vc;                   /* inputs and output are centred on this y */
  double wmax;                 /* widest edge */
} Layout;

void
nnp_network_options_init (NnpNetworkOptions *opt)
{
  g_return_if_fail (opt != NULL);
  memset (opt, 0, sizeof *opt);
}

static double
header_height (double fs)
{
  return fs * 4.4;
}

/* The theme, its text no larger than a 25th of the width: the app's
 * pane in presentation mode asks for 23 px text in 440 px, and the
 * column titles ran into each other. */
static void
network_text_fit (NnpTheme *t, double width)
{
  t->fs = MIN (t->fs, MAX (width / 25.0, 10.0));
}

/* The theme the figure of this size is drawn with, for measuring it
 * (the sizes, the hit-testing and the anchors agree with the drawing). */
static void
network_theme (NnpTheme *t, const NnpPlotStyle *style, double width, double height)
{
  nnp_theme_init (t, style, width, height);
  network_text_fit (t, width);
}

double
nnp_plot_network_natural_height (double width, double height, size_t h, const NnpPlotStyle *style)
{
  NnpTheme t;
  network_theme (&t, style, width, height);
  double need = header_height (t.fs) + t.fs * 2.8 + MIN_PITCH * (double) MAX (h, (size_t) 1);
  return MAX (height, need);
}

/* Where the column titles are drawn: at the top of the part on screen,
 * so that a tall diagram scrolled down keeps them (over a band of the
 * background) instead of leaving pieces of them at the top. */
static double
sticky_top (const NnpNetworkOptions *opt)
{
  return opt != NULL && opt->visible_height > 0 && opt->visible_top > 0 ? opt->visible_top : 0;
}

double
nnp_plot_network_header_height (double width, double height, const NnpPlotStyle *style)
{
  NnpTheme t;
  network_theme (&t, style, width, height);
  return header_height (t.fs);
}

static void
layout_init (Layout *L, const NnpTheme *t, double width, double height, const NnpModel *m,
             const NnpNetworkOptions *opt)
{
  double vis0, vis1, span;

  memset (L, 0, sizeof *L);
  L->d = m->theta->d;
  L->h = m->theta->h;
  L->fs = t->fs;
  L->top = header_height (t->fs);
  L->bottom = height - t->fs * 2.8;   /* room for the legend */
  if (L->bottom < L->top + 10)
    L->bottom = L->top + 10;
  L->pitch = (L->bottom - L->top) / (double) L->h;
  L->x_in = width * 0.12;
  L->x_hid = width * 0.47;
  L->x_out = width * 0.84;
  /* A narrow pane gives the pictures a larger share of its width. */
  double share = width < 500 ? 1.4 : 1.0;
  L->s_hid = MIN (L->pitch * 0.74, MIN (width * 0.14 * share, 150.0));

  /* below the column titles, which stay at the top of the page (sticky_top) */
  vis0 = opt != NULL && opt->visible_height > 0 ? L->top + sticky_top (opt) : L->top;
  vis1 = opt != NULL && opt->visible_height > 0 ? MIN (L->bottom, opt->visible_top + opt->visible_height)
                                                 : L->bottom;
  if (vis1 < vis0 + 10)
    vis1 = vis0 + 10;
  span = vis1 - vis0;
  L->vc = (vis0 + vis1) / 2;
  L->pitch_in = span / (double) L->d;
  L->s_in = MIN (L->pitch_in * 0.62, MIN (width * 0.13 * share, 130.0));
  L->s_out = MIN (span * 0.5, MIN (width * 0.17 * share, 170.0));
  /* room for "x1" left of the inputs */
  L->x_in = MAX (L->x_in, L->s_in / 2 + t->fs * 1.5);
  L->lfs = MIN (t->fs * 0.9, L->s_hid * 0.4);
  if (L->lfs < NNP_MIN_LABEL)
    L->lfs = 0;
  L->wmax = CLAMP (L->pitch * 0.12, 1.0, t->fs * 0.55);
}

static double
y_hid (const Layout *L, size_t j)
{
  return L->top + L->pitch * ((double) j + 0.5);
}

static double
y_in (const Layout *L, size_t k)
{
  return L->vc + ((double) k - ((double) L->d - 1) / 2) * L->pitch_in;
}

/* Where each edge leaves and enters its nodes. */
static void
edge_w1 (const Layout *L, size_t j, size_t k, double *x0, double *y0, double *x1, double *y1)
{
  *x0 = L->x_in + L->s_in / 2;
  *y0 = y_in (L, k);
  *x1 = L->x_hid - L->s_hid / 2;
  *y1 = y_hid (L, j);
}

static void
edge_w2 (const Layout *L, size_t j, double *x0, double *y0, double *x1, double *y1)
{
  *x0 = L->x_hid + L->s_hid / 2;
  *y0 = y_hid (L, j);
  *x1 = L->x_out - L->s_out / 2;
  *y1 = L->vc;
}

static double
seg_dist (double px, double py, double x0, double y0, double x1, double y1)
{
  double dx = x1 - x0, dy = y1 - y0, l2 = dx * dx + dy * dy;
  double u = l2 > 0 ? ((px - x0) * dx + (py - y0) * dy) / l2 : 0;
  u = CLAMP (u, 0.0, 1.0);
  return hypot (px - (x0 + u * dx), py - (y0 + u * dy));
}

/* What the edges show: the weights, or -dW (the next update's direction). */
static gboolean
by_gradient (const NnpModel *m, const NnpNetworkOptions *opt)
{
  return opt != NULL && opt->colour == NNP_NETWORK_COLOUR_GRADIENT && opt->grads != NULL
         && opt->grads->d == m->theta->d && opt->grads->h == m->theta->h;
}

static double
shown_value (const NnpModel *m, const NnpNetworkOptions *opt, size_t index)
{
  return by_gradient (m, opt) ? -opt->grads->block[index] : m->theta->block[index];
}

static double
largest_edge (const NnpModel *m, const NnpNetworkOptions *opt)
{
  const NnpParams *th = m->theta;
  double big = 0;
  for (size_t i = 0; i < th->h * th->d; i++)
    big = MAX (big, fabs (shown_value (m, opt, i)));
  for (size_t j = 0; j < th->h; j++)
    big = MAX (big, fabs (shown_value (m, opt, th->h * th->d + th->h + j)));
  return isfinite (big) ? big : 0;
}

static void
set_sign_colour (cairo_t *cr, const NnpTheme *t, double v, double alpha)
{
  if (!isfinite (v))
    nnp_set_rgba_alpha (cr, &t->muted, alpha);
  else
    nnp_set_rgba_alpha (cr, v >= 0 ? &t->class1 : &t->class0, alpha);
}

static void
stroke_edge (cairo_t *cr, const NnpTheme *t, const Layout *L, double v, double big, gboolean hot,
             double x0, double y0, double x1, double y1)
{
  double frac = big > 0 && isfinite (v) ? fabs (v) / big : 0;
  double w = 0.35 + (L->wmax - 0.35) * frac;

  cairo_new_path (cr);
  cairo_move_to (cr, x0, y0);
  /* A gentle S: the edges fan out without crossing at the nodes. */
  cairo_curve_to (cr, (x0 + x1) / 2, y0, (x0 + x1) / 2, y1, x1, y1);
  if (hot)
    {
      cairo_set_line_width (cr, w + 4);
      nnp_set_rgba_alpha (cr, &t->fg, 0.55);
      cairo_stroke_preserve (cr);
    }
  cairo_set_line_width (cr, w);
  set_sign_colour (cr, t, v, 0.35 + 0.6 * frac);
  cairo_stroke (cr);
}

/* "−0.123": three significant digits with a real minus sign. */
static void
format_value (char *buf, size_t len, double v)
{
  char tmp[48];
  if (!isfinite (v))
    {
      g_strlcpy (buf, isnan (v) ? "NaN" : v > 0 ? "∞" : "−∞", len);
      return;
    }
  snprintf (tmp, sizeof tmp, "%.3g", fabs (v) < 5e-4 && v != 0 ? v : round (v * 1000) / 1000);
  if (tmp[0] == '-')
    {
      g_strlcpy (buf, "−", len);
      g_strlcat (buf, tmp + 1, len);
    }
  else
    g_strlcpy (buf, tmp, len);
}

/* A hidden unit's labels beside its node (j + 1 fills %zu); the size of
 * a label is measured on the same markup it is drawn with. */
#define A_LABEL "<i>a</i><sub>%zu</sub><sup>[1]</sup>"
#define B_LABEL "<i>b</i><sub>%zu</sub><sup>[1]</sup>"

double
nnp_network_bias_label (cairo_t *cr, size_t j, double value, double size, double room, char *buf, size_t len)
{
  char num[48];
  double w;
  format_value (num, sizeof num, value);
  /* b_j^[1] = v; where that does not fit, the name alone, the value in
   * the node's tooltip. Never b_j = v: beside the output node, "b_2 =
   * -1.29" read as the slides' b[2], the output's bias. */
  snprintf (buf, len, B_LABEL " = %s", j + 1, num);
  nnp_text_extents (cr, buf, size, NNP_TEXT_NORMAL, &w, NULL);
  if (w <= room)
    return size;
  /* text widths scale with the size, give or take a rounding; a fifth
   * smaller at most, so the value stays readable where it is shown */
  const double fit = room > 0 ? size * room / w * 0.97 : 0;
  if (fit >= MAX (NNP_MIN_LABEL, 0.8 * size))
    return fit;
  snprintf (buf, len, B_LABEL, j + 1);
  return size;
}

double
nnp_network_label_size (cairo_t *cr, size_t j, double size, double s)
{
  char a[64], b[96];
  double ah = 0, bh = 0;
  if (!(size > 0) || !(s > 0))
    return 0;
  snprintf (a, sizeof a, A_LABEL, j + 1);
  snprintf (b, sizeof b, B_LABEL " = \u22120.25", j + 1);
  nnp_text_extents (cr, a, size, NNP_TEXT_NORMAL, NULL, &ah);
  nnp_text_extents (cr, b, size * 0.85, NNP_TEXT_NORMAL, NULL, &bh);
  /* heights scale with the size, give or take a rounding */
  if (ah + bh > s)
    size *= s / (ah + bh) * 0.97;
  return size >= NNP_MIN_LABEL ? size : 0;
}

/* Text on a background, so that the edges behind it do not hide it. */
static void
label (cairo_t *cr, const NnpTheme *t, const char *markup, double size, NnpTextFlags flags,
       double x, double y, double ax, double ay, const NnpRgba *colour)
{
  double w, h;
  nnp_text_extents (cr, markup, size, flags, &w, &h);
  if (t->boxes)
    {
      cairo_save (cr);
      nnp_set_rgba_alpha (cr, &t->bg, 0.9);
      cairo_rectangle (cr, x - ax * w - 1, y - ay * h, w + 2, h);
      cairo_fill (cr);
      cairo_restore (cr);
    }
  nnp_text_draw (cr, markup, size, flags, x, y, ax, ay, colour);
}

/* The node's frame says its bias: colour by sign, width by size. */
static void
node_frame (cairo_t *cr, const NnpTheme *t, double v, double big, gboolean hot,
            double x, double y, double s)
{
  double frac = big > 0 && isfinite (v) ? MIN (fabs (v) / big, 1.0) : 0;
  cairo_new_path (cr);
  cairo_rectangle (cr, x - s / 2, y - s / 2, s, s);
  if (hot)
    {
      cairo_set_line_width (cr, 5 + 3 * frac);
      nnp_set_rgba_alpha (cr, &t->fg, 0.55);
      cairo_stroke_preserve (cr);
    }
  cairo_set_line_width (cr, 1.0 + 2.5 * frac);
  set_sign_colour (cr, t, v, 0.9);
  cairo_stroke (cr);
}

/* The plane inside a node of side s, in the view's aspect. */
static void
node_plane (const NnpPlotState *state, double cx, double cy, double s,
            double *px, double *py, double *pw, double *ph)
{
  double xmin, xmax, ymin, ymax;
  nnp_view_sanitize (state, &xmin, &xmax, &ymin, &ymax);
  nnp_fit_aspect (cx - s / 2, cy - s / 2, s, s, xmin, xmax, ymin, ymax, px, py, pw, ph);
}

/* Input k as a grey ramp over the plane (x1 left to right, x2 bottom to top). */
static void
paint_input (cairo_t *cr, const NnpTheme *t, size_t k, double x, double y, double w, double h)
{
  cairo_pattern_t *pat = k == 0 ? cairo_pattern_create_linear (x, 0, x + w, 0)
                                : cairo_pattern_create_linear (0, y + h, 0, y);
  double lo = t->dark ? 0.15 : 0.97, hi = t->dark ? 0.85 : 0.35;
  cairo_pattern_add_color_stop_rgb (pat, 0, lo, lo, lo);
  cairo_pattern_add_color_stop_rgb (pat, 1, hi, hi, hi);
  cairo_rectangle (cr, x, y, w, h);
  cairo_set_source (cr, pat);
  cairo_fill (cr);
  cairo_pattern_destroy (pat);
}

static gboolean
is_hot (const NnpNetworkOptions *opt, NnpNetworkPartKind kind, size_t j, size_t k)
{
  return opt != NULL && opt->hot.kind == kind && opt->hot.j == j && opt->hot.k == k;
}

/* The slide's column titles, d[0] -> d[1] -> d[2], from y0 down. Scrolled
 * (y0 > 0), over a band of the background with a hairline under it, so
 * what scrolls under them does not show through. */
static void
draw_header (cairo_t *cr, const NnpTheme *t, const Layout *L, double width, double y0)
{
  const double fs = L->fs, hy = y0 + fs * 0.5;
  const double xs[3] = { L->x_in, L->x_hid, L->x_out };
  const char *titles[3] = { _("Input layer"), _("Hidden layer"), _("Output layer") };
  const size_t sizes[3] = { L->d, L->h, 1 };
  char buf[160];

  if (y0 > 0 && t->boxes)
    {
      cairo_save (cr);
      cairo_rectangle (cr, 0, y0, width, L->top);
      nnp_set_rgba (cr, &t->bg);
      cairo_fill (cr);
      cairo_rectangle (cr, 0, y0 + L->top - 1, width, 1);
      nnp_set_rgba (cr, &t->grid);
      cairo_fill (cr);
      cairo_restore (cr);
    }
  for (int c = 0; c < 3; c++)
    {
      nnp_text_draw (cr, titles[c], fs * 0.85, NNP_TEXT_BOLD, xs[c], hy, 0.5, 0, &t->fg);
      snprintf (buf, sizeof buf, "<i>d</i><sup>[%d]</sup> = %zu", c, sizes[c]);
      nnp_text_draw (cr, buf, fs * 0.8, NNP_TEXT_NORMAL, xs[c], hy + fs * 1.25, 0.5, 0, &t->muted);
    }
  /* the blocks' shapes on a line of their own, between the columns */
  snprintf (buf, sizeof buf, "<i>W</i><sup>[1]</sup> (%zu × %zu)", L->h, L->d);
  nnp_text_draw (cr, buf, fs * 0.8, NNP_TEXT_NORMAL, (L->x_in + L->x_hid) / 2, hy + fs * 2.45, 0.5, 0, &t->muted);
  snprintf (buf, sizeof buf, "<i>W</i><sup>[2]</sup> (1 × %zu)", L->h);
  nnp_text_draw (cr, buf, fs * 0.8, NNP_TEXT_NORMAL, (L->x_hid + L->x_out) / 2, hy + fs * 2.45, 0.5, 0, &t->muted);
}

static void
draw_network (cairo_t *cr, const NnpTheme *t, double width, double height,
              const NnpPlotState *state, const NnpNetworkOptions *opt)
{
  const NnpModel *m = state->model;
  const NnpParams *th;
  gboolean planar, grad;
  double big, bbig, fs = t->fs, x0, y0, x1, y1;
  char buf[160], num[48];
  Layout L;

  if (m == NULL || m->theta == NULL || m->theta->h == 0 || m->theta->d == 0)
    {
      nnp_text_draw (cr, _("No model yet"), fs * 0.85, NNP_TEXT_ITALIC, width / 2, height / 2, 0.5, 0.5,
                     &t->muted);
      return;
    }
  th = m->theta;
  planar = nnp_model_is_planar (m);
  grad = by_gradient (m, opt);
  layout_init (&L, t, width, height, m, opt);
  /* a_j and b_j one above the other beside the node, not overlapping */
  L.lfs = nnp_network_label_size (cr, L.h - 1, L.lfs, L.s_hid);

  /* A tall figure in a scrolled pane: only the part on screen is painted
   * (the header and legend are drawn where they are, and clipped like the rest). */
  double vis0 = 0, vis1 = height;
  if (opt != NULL && opt->visible_height > 0)
    {
      vis0 = MAX (0, opt->visible_top);
      vis1 = MIN (height, opt->visible_top + opt->visible_height);
      cairo_rectangle (cr, 0, vis0, width, MAX (vis1 - vis0, 0));
      cairo_clip (cr);
    }

  /* Edges first, under the nodes; the highlighted one on top. */
  big = largest_edge (m, opt);
  cairo_save (cr);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  for (int pass = 0; pass < 2; pass++)
    {
      for (size_t j = 0; j < L.h; j++)
        for (size_t k = 0; k < L.d; k++)
          {
            gboolean hot = is_hot (opt, NNP_NETWORK_W1, j, k);
            if (hot != (pass == 1))
              continue;
            edge_w1 (&L, j, k, &x0, &y0, &x1, &y1);
            stroke_edge (cr, t, &L, shown_value (m, opt, j * L.d + k), big, hot, x0, y0, x1, y1);
          }
      for (size_t j = 0; j < L.h; j++)
        {
          gboolean hot = is_hot (opt, NNP_NETWORK_W2, j, 0);
          if (hot != (pass == 1))
            continue;
          edge_w2 (&L, j, &x0, &y0, &x1, &y1);
          stroke_edge (cr, t, &L, shown_value (m, opt, L.h * L.d + L.h + j), big, hot, x0, y0, x1, y1);
        }
    }
  cairo_restore (cr);

  /* Biases: the frames' scale. */
  bbig = 0;
  for (size_t j = 0; j < L.h; j++)
    bbig = MAX (bbig, fabs (shown_value (m, opt, L.h * L.d + j)));
  bbig = MAX (bbig, fabs (shown_value (m, opt, th->size - 1)));
  if (!isfinite (bbig))
    bbig = 0;

  /* Inputs. */
  for (size_t k = 0; k < L.d; k++)
    {
      double cy = y_in (&L, k), px, py, pw, ph;
      if (planar)
        {
          node_plane (state, L.x_in, cy, L.s_in, &px, &py, &pw, &ph);
          paint_input (cr, t, k, px, py, pw, ph);
        }
      else
        {
          px = L.x_in - L.s_in / 2, py = cy - L.s_in / 2, pw = ph = L.s_in;
          nnp_set_rgba (cr, &t->panel);
          cairo_rectangle (cr, px, py, pw, ph);
          cairo_fill (cr);
        }
      cairo_save (cr);
      cairo_set_line_width (cr, is_hot (opt, NNP_NETWORK_INPUT, k, 0) ? 3 : 1);
      nnp_set_rgba_alpha (cr, &t->frame, 0.8);
      cairo_rectangle (cr, px, py, pw, ph);
      cairo_stroke (cr);
      cairo_restore (cr);
      snprintf (buf, sizeof buf, "<i>x</i><sub>%zu</sub>", k + 1);
      label (cr, t, buf, MIN (fs, MAX (L.s_in * 0.3, 7.0)), NNP_TEXT_NORMAL,
             L.x_in - L.s_in / 2 - fs * 0.3, cy, 1, 0.5, &t->fg);
    }

  /* Hidden units: a_j over the plane, the frame for b_j. */
  for (size_t j = 0; j < L.h; j++)
    {
      double cy = y_hid (&L, j), px, py, pw, ph;
      if (cy + L.pitch < vis0 || cy - L.pitch > vis1)
        continue;
      if (planar)
        {
          double xmin, xmax, ymin, ymax;
          nnp_view_sanitize (state, &xmin, &xmax, &ymin, &ymax);
          node_plane (state, L.x_hid, cy, L.s_hid, &px, &py, &pw, &ph);
          cairo_save (cr);
          cairo_rectangle (cr, px, py, pw, ph);
          cairo_clip (cr);
          nnp_unit_paint (cr, t, m, j, 1, xmin, xmax, ymin, ymax, px, py, pw, ph);
          if (pw > 24)
            {
              cairo_new_path (cr);
              nnp_unit_line_path (cr, m, j, xmin, xmax, ymin, ymax, px, py, pw, ph);
              cairo_set_line_width (cr, MAX (pw / 70, 0.6));
              nnp_set_rgba (cr, &t->contour);
              cairo_stroke (cr);
            }
          cairo_restore (cr);
        }
      node_frame (cr, t, shown_value (m, opt, L.h * L.d + j), bbig, is_hot (opt, NNP_NETWORK_HIDDEN, j, 0),
                  L.x_hid, cy, L.s_hid);
      if (L.lfs > 0)
        {
          double tx = L.x_hid + L.s_hid / 2 + L.lfs * 0.35;
          snprintf (buf, sizeof buf, A_LABEL, j + 1);
          label (cr, t, buf, L.lfs, NNP_TEXT_NORMAL, tx, cy - L.s_hid / 2, 0, 0, &t->fg);
          /* beside the output node (and its labels), it ends before the
           * node's left edge: the node is drawn over it */
          const double bottom = cy + L.s_hid / 2, top = bottom - L.lfs * 0.85 * 1.5;
          const double ofs = MIN (fs, MAX (L.s_out * 0.16, 7.0)) * 1.5;
          const gboolean beside = top < L.vc + L.s_out / 2 + ofs && bottom > L.vc - L.s_out / 2 - ofs;
          double bsize = nnp_network_bias_label (cr, j, m->theta->block[L.h * L.d + j], L.lfs * 0.85,
                                                 beside ? L.x_out - L.s_out / 2 - L.lfs * 0.3 - tx : G_MAXDOUBLE,
                                                 buf, sizeof buf);
          label (cr, t, buf, bsize, NNP_TEXT_NORMAL, tx, cy + L.s_hid / 2, 0, 1, &t->muted);
        }
    }

  /* The output a[2] = sigma(z[2]) over the plane, the frame for b[2]. */
  {
    double px, py, pw, ph;
    if (planar)
      {
        NnpPlotState s = *state;
        NnpPlaneOptions po = { 0 };
        s.grid = NULL;      /* the app's cache is for the big plane */
        po.unit = -1;
        po.contour = TRUE;
        /* no "showing N of M" note in a small picture: points only when all are drawn */
        po.points = L.s_out > 60 && (state->train == NULL || state->train->n <= NNP_PLOT_MAX_POINTS)
                    && (state->test == NULL || state->test->n <= NNP_PLOT_MAX_POINTS);
        po.point_r = CLAMP (L.s_out / 90, 0.8, 2.5);
        po.line_w = CLAMP (L.s_out / 120, 0.7, 2.0);
        node_plane (state, L.x_out, L.vc, L.s_out, &px, &py, &pw, &ph);
        nnp_plane_draw (cr, t, &s, &po, px, py, pw, ph);
      }
    node_frame (cr, t, shown_value (m, opt, th->size - 1), bbig, is_hot (opt, NNP_NETWORK_OUTPUT, 0, 0),
                L.x_out, L.vc, L.s_out);
    double ofs = MIN (fs, MAX (L.s_out * 0.16, 7.0));
    label (cr, t, "<i>a</i><sup>[2]</sup>", ofs, NNP_TEXT_NORMAL, L.x_out, L.vc - L.s_out / 2 - fs * 0.2, 0.5, 1,
           &t->fg);
    format_value (num, sizeof num, *th->b2);
    snprintf (buf, sizeof buf, "<i>b</i><sup>[2]</sup> = %s", num);
    label (cr, t, buf, ofs * 0.9, NNP_TEXT_NORMAL, L.x_out, L.vc + L.s_out / 2 + fs * 0.2, 0.5, 0, &t->muted);
  }

  draw_header (cr, t, &L, width, sticky_top (opt));

  /* Legend: what colour and width mean. */
  snprintf (buf, sizeof buf, "%s",
            grad ? _("Edges and frames: −<i>d</i>θ, the next update's direction: orange up, blue down; width ∝ |<i>d</i>θ|")
                 : _("Edges: weights, orange &gt; 0, blue &lt; 0, width ∝ |<i>w</i>|; frames: biases"));
  /* on one line, as small as it must be to fit the width */
  double lw = 0, ls = fs * 0.72;
  nnp_text_extents (cr, buf, ls, NNP_TEXT_NORMAL, &lw, NULL);
  if (lw > width * 0.96)
    ls = MAX (NNP_MIN_LABEL, ls * width * 0.96 / lw * 0.98);
  nnp_text_draw (cr, buf, ls, NNP_TEXT_NORMAL, width / 2, height - fs * 0.5, 0.5, 1, &t->muted);
}

void
nnp_plot_network (cairo_t *cr, double width, double height, const NnpPlotState *state,
                  const NnpPlotStyle *style, const NnpNetworkOptions *opt)
{
  NnpTheme t;

  if (!nnp_figure_begin (cr, &t, width, height, state, style))
    return;
  network_text_fit (&t, width);
  draw_network (cr, &t, width, height, state, opt);
  cairo_restore (cr);
}

gboolean
nnp_plot_network_hit (double width, double height, const NnpPlotState *state, const NnpPlotStyle *style,
                      const NnpNetworkOptions *opt, double x, double y, NnpNetworkPart *out)
{
  const NnpModel *m;
  NnpTheme t;
  Layout L;
  double best, x0, y0, x1, y1;

  g_return_val_if_fail (state != NULL && out != NULL, FALSE);
  memset (out, 0, sizeof *out);
  m = state->model;
  if (m == NULL || m->theta == NULL || m->theta->h == 0 || !(width > 0) || !(height > 0))
    return FALSE;
  network_theme (&t, style, width, height);
  layout_init (&L, &t, width, height, m, opt);
  /* the column titles cover what scrolls under them */
  if (y < sticky_top (opt) + L.top)
    return FALSE;

  /* Nodes first: they sit on the edges' ends. */
  if (fabs (x - L.x_out) <= L.s_out / 2 && fabs (y - L.vc) <= L.s_out / 2)
    {
      out->kind = NNP_NETWORK_OUTPUT;
      return TRUE;
    }
  for (size_t k = 0; k < L.d; k++)
    if (fabs (x - L.x_in) <= L.s_in / 2 && fabs (y - y_in (&L, k)) <= L.s_in / 2)
      {
        out->kind = NNP_NETWORK_INPUT;
        out->j = k;
        return TRUE;
      }
  if (fabs (x - L.x_hid) <= L.s_hid / 2 + 1)
    {
      double r = (y - L.top) / L.pitch - 0.5;
      long j = lround (r);
      if (j >= 0 && (size_t) j < L.h && fabs (y - y_hid (&L, (size_t) j)) <= L.s_hid / 2 + 1)
        {
          out->kind = NNP_NETWORK_HIDDEN;
          out->j = (size_t) j;
          return TRUE;
        }
    }

  /* The nearest edge within reach; the curve is close to its chord at
   * the ends and within a few units in between, so test the curve's
   * points. */
  best = MAX (5.0, L.wmax);
  for (size_t j = 0; j < L.h; j++)
    {
      for (size_t k = 0; k < L.d + 1; k++)
        {
          gboolean w2 = k == L.d;
          if (w2)
            edge_w2 (&L, j, &x0, &y0, &x1, &y1);
          else
            edge_w1 (&L, j, k, &x0, &y0, &x1, &y1);
          if (x < x0 - best || x > x1 + best)
            continue;
          /* the curve, flattened into 16 chords */
          double px = x0, py = y0;
          for (int s = 1; s <= 16; s++)
            {
              double u = s / 16.0, v = 1 - u;
              double xm = (x0 + x1) / 2;
              double cx = v * v * v * x0 + 3 * v * v * u * xm + 3 * v * u * u * xm + u * u * u * x1;
              double cy = v * v * v * y0 + 3 * v * v * u * y0 + 3 * v * u * u * y1 + u * u * u * y1;
              double dd = seg_dist (x, y, px, py, cx, cy);
              if (dd < best)
                {
                  best = dd;
                  out->kind = w2 ? NNP_NETWORK_W2 : NNP_NETWORK_W1;
                  out->j = j;
                  out->k = w2 ? 0 : k;
                }
              px = cx, py = cy;
            }
        }
    }
  return out->kind != NNP_NETWORK_NONE;
}

gboolean
nnp_plot_network_anchor (double width, double height, const NnpPlotState *state, const NnpPlotStyle *style,
                         const NnpNetworkOptions *opt, const NnpNetworkPart *part, double *x, double *y)
{
  const NnpModel *m;
  NnpTheme t;
  Layout L;
  double x0, y0, x1, y1;

  g_return_val_if_fail (state != NULL && part != NULL && x != NULL && y != NULL, FALSE);
  m = state->model;
  if (m == NULL || m->theta == NULL || m->theta->h == 0 || !(width > 0) || !(height > 0))
    return FALSE;
  network_theme (&t, style, width, height);
  layout_init (&L, &t, width, height, m, opt);
  switch (part->kind)
    {
    case NNP_NETWORK_INPUT:
      if (part->j >= L.d)
        return FALSE;
      *x = L.x_in, *y = y_in (&L, part->j);
      return TRUE;
    case NNP_NETWORK_HIDDEN:
      if (part->j >= L.h)
        return FALSE;
      *x = L.x_hid, *y = y_hid (&L, part->j);
      return TRUE;
    case NNP_NETWORK_OUTPUT:
      *x = L.x_out, *y = L.vc;
      return TRUE;
    case NNP_NETWORK_W1:
      if (part->j >= L.h || part->k >= L.d)
        return FALSE;
      edge_w1 (&L, part->j, part->k, &x0, &y0, &x1, &y1);
      break;
    case NNP_NETWORK_W2:
      if (part->j >= L.h)
        return FALSE;
      edge_w2 (&L, part->j, &x0, &y0, &x1, &y1);
      break;
    case NNP_NETWORK_NONE:
    default:
      return FALSE;
    }
  /* A third of the way along: where edges into one node or out of one
   * input have parted, and before they cross others in the middle. */
  {
    const double u = 0.3, v = 0.7, xm = (x0 + x1) / 2;
    *x = v * v * v * x0 + 3 * v * v * u * xm + 3 * v * u * u * xm + u * u * u * x1;
    *y = v * v * v * y0 + 3 * v * v * u * y0 + 3 * v * u * u * y1 + u * u * u * y1;
  }
  return TRUE;
}

size_t
nnp_network_part_index (const NnpNetworkPart *part, size_t d, size_t h)
{
  g_return_val_if_fail (part != NULL, (size_t) -1);
  switch (part->kind)
    {
    case NNP_NETWORK_W1:
      return part->j < h && part->k < d ? part->j * d + part->k : (size_t) -1;
    case NNP_NETWORK_HIDDEN:
      return part->j < h ? h * d + part->j : (size_t) -1;
    case NNP_NETWORK_W2:
      return part->j < h ? h * d + h + part->j : (size_t) -1;
    case NNP_NETWORK_OUTPUT:
      return h * d + 2 * h;
    case NNP_NETWORK_INPUT:
    case NNP_NETWORK_NONE:
    default:
      return (size_t) -1;
    }
}
