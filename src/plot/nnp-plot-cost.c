/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nnp-plot-cost.c: the cost-curve figure: J against epoch, train and test, linear or log scale. */
#define G_LOG_DOMAIN "nnplay-plot"
#include "config.h"

#include <glib/gi18n-lib.h>

#include <math.h>
#include <string.h>
#include <stdio.h>

#include "nnp-plot-private.h"

typedef struct {
  double px, py, pw, ph;
  double xmax;             /* epochs shown: [0, xmax] */
  double stride;           /* epochs between history entries */
  double ylo, yhi;         /* linear: values; log: log10 of values */
  gboolean log;
} CostMap;

static gboolean
valid (const CostMap *M, double v)
{
  return isfinite (v) && (!M->log || v > 0);
}

static double
map_x (const CostMap *M, double epoch)
{
  return M->px + epoch / M->xmax * M->pw;
}

/* History entry i is epoch i * stride. */
static double
map_entry (const CostMap *M, size_t i)
{
  return map_x (M, (double) i * M->stride);
}

static double
map_y (const CostMap *M, double v)
{
  double u = M->log ? log10 (v) : v;
  return M->py + (M->yhi - u) / (M->yhi - M->ylo) * M->ph;
}

/* The curve as a path, broken where values are missing or not positive on
 * a log axis. Long histories are reduced to a min/max pair per device
 * pixel column, which draws the same picture at a fraction of the cost. */
static gboolean
curve_path (cairo_t *cr, const CostMap *M, const double *v, size_t n, double *lx, double *ly)
{
  double cols_x = M->pw, cols_y = 0;
  size_t cols;
  gboolean down = FALSE, any = FALSE;

  cairo_user_to_device_distance (cr, &cols_x, &cols_y);
  cols = (size_t) MAX (hypot (cols_x, cols_y), 16.0);
  cairo_new_path (cr);
  if (n <= 2 * cols)
    {
      for (size_t i = 0; i < n; i++)
        {
          if (!valid (M, v[i]))
            {
              down = FALSE;
              continue;
            }
          *lx = map_entry (M, i);
          *ly = map_y (M, v[i]);
          if (down)
            cairo_line_to (cr, *lx, *ly);
          else
            cairo_move_to (cr, *lx, *ly);
          down = any = TRUE;
        }
      return any;
    }
  for (size_t b = 0; b < cols; b++)
    {
      size_t i0 = b * n / cols, i1 = (b + 1) * n / cols, imin = 0, imax = 0;
      gboolean seen = FALSE;
      for (size_t i = i0; i < i1; i++)
        if (valid (M, v[i]))
          {
            if (!seen || v[i] < v[imin])
              imin = i;
            if (!seen || v[i] > v[imax])
              imax = i;
            seen = TRUE;
          }
      if (!seen)
        {
          down = FALSE;
          continue;
        }
      for (int k = 0; k < 2; k++)
        {
          size_t i = (k == 0) == (imin < imax) ? imin : imax;
          *lx = map_entry (M, i);
          *ly = map_y (M, v[i]);
          if (down)
            cairo_line_to (cr, *lx, *ly);
          else
            cairo_move_to (cr, *lx, *ly);
          down = any = TRUE;
        }
    }
  return any;
}

static void
data_range (const double *v, size_t n, gboolean log, double *lo, double *hi, gboolean *any)
{
  for (size_t i = 0; i < n; i++)
    if (isfinite (v[i]) && (!log || v[i] > 0))
      {
        *lo = *any ? MIN (*lo, v[i]) : v[i];
        *hi = *any ? MAX (*hi, v[i]) : v[i];
        *any = TRUE;
      }
}

/* Decades on a log axis: "0.01" .. "1000" in plain digits, beyond as 10^k. */
static void
format_decade (char *buf, size_t len, int k)
{
  if (k >= 0 && k <= 3)
    snprintf (buf, len, "%.0f", pow (10, k));
  else if (k < 0 && k >= -3)
    snprintf (buf, len, "%.*f", -k, pow (10, k));
  else if (k < 0)
    snprintf (buf, len, "10<sup>\xe2\x88\x92%d</sup>", -k);
  else
    snprintf (buf, len, "10<sup>%d</sup>", k);
}

static void
format_epoch (char *buf, size_t len, double v, double xmax)
{
  /* 0, 250k, 1.5M: a zero is "0", millions are M */
  if (v == 0)
    snprintf (buf, len, "0");
  else if (xmax >= 2e6 && fmod (v, 1e5) == 0)
    snprintf (buf, len, "%gM", v / 1e6);
  else if (xmax >= 10000 && fmod (v, 1000) == 0)
    snprintf (buf, len, "%.0fk", v / 1000);
  else
    snprintf (buf, len, "%.0f", v);
}

typedef struct {
  double v[NNP_MAX_TICKS];
  char label[NNP_MAX_TICKS][48];
  int n;
} Ticks;

static void
y_ticks (const CostMap *M, Ticks *T, double target)
{
  double step;

  if (M->log)
    {
      int lo = (int) floor (M->ylo + 1e-9), hi = (int) ceil (M->yhi - 1e-9);
      /* Two decades or more: powers of ten. Less: 1-2-5 (or every digit)
       * times them, as on log paper. */
      if (M->yhi - M->ylo >= 2)
        {
          int stride = MAX (1, (int) ceil ((hi - lo) / MAX (target, 2.0)));
          T->n = 0;
          for (int k = lo; k <= hi && T->n < NNP_MAX_TICKS; k += stride)
            if (k >= M->ylo - 1e-9 && k <= M->yhi + 1e-9)
              {
                T->v[T->n] = k;
                format_decade (T->label[T->n], sizeof T->label[0], k);
                T->n++;
              }
          return;
        }
      for (int dense = 0; dense < 2; dense++)
        {
          static const int sparse_m[] = { 1, 2, 5 }, dense_m[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9 };
          const int *ms = dense ? dense_m : sparse_m;
          int nm = dense ? 9 : 3;
          T->n = 0;
          for (int k = lo; k <= hi; k++)
            for (int i = 0; i < nm && T->n < NNP_MAX_TICKS; i++)
              {
                double u = k + log10 (ms[i]);
                if (u < M->ylo - 1e-9 || u > M->yhi + 1e-9)
                  continue;
                T->v[T->n] = u;
                if (k >= -4 && k <= 4)
                  snprintf (T->label[T->n], sizeof T->label[0], "%.*f", MAX (-k, 0), ms[i] * pow (10, k));
                else
                  snprintf (T->label[T->n], sizeof T->label[0], "%d\xc3\x97" "10<sup>%s%d</sup>",
                            ms[i], k < 0 ? "\xe2\x88\x92" : "", ABS (k));
                T->n++;
              }
          if (T->n >= 3)
            break;
        }
      return;
    }
  T->n = nnp_nice_ticks (M->ylo, M->yhi, (int) target, T->v, &step);
  for (int i = 0; i < T->n; i++)
    nnp_format_tick (T->label[i], sizeof T->label[0], T->v[i], step);
}

static void
x_ticks (const CostMap *M, Ticks *T, double target)
{
  double step;

  T->n = nnp_nice_ticks (0, M->xmax, (int) target, T->v, &step);
  if (step < 1)
    {
      T->n = 0;
      for (int k = 0; k <= (int) M->xmax && T->n < NNP_MAX_TICKS; k++)
        T->v[T->n++] = k;
    }
  for (int i = 0; i < T->n; i++)
    format_epoch (T->label[i], sizeof T->label[0], T->v[i], M->xmax);
}

/* Pinned runs' colours: muted, none of them the train or test colour. */
static const NnpRgba pin_colours[] = {
  { 0.57, 0.25, 0.67, 1 }, { 0.15, 0.64, 0.41, 1 }, { 0.53, 0.37, 0.24, 1 },
  { 0.75, 0.38, 0.80, 1 }, { 0.13, 0.56, 0.64, 1 }, { 0.47, 0.46, 0.48, 1 },
};

static const NnpRgba *
pin_colour (size_t i)
{
  return &pin_colours[i % G_N_ELEMENTS (pin_colours)];
}

void
nnp_plot_pin_colour (size_t i, char hex[8])
{
  const NnpRgba *c = pin_colour (i);
  g_snprintf (hex, 8, "#%02x%02x%02x", (int) lround (c->r * 255), (int) lround (c->g * 255),
              (int) lround (c->b * 255));
}

static size_t
n_pins (const NnpPlotState *state)
{
  return state->pins != NULL ? MIN (state->n_pins, (size_t) NNP_PLOT_MAX_PINS) : 0;
}

#define LEGEND_ROWS (2 + NNP_PLOT_MAX_PINS)

/* The legend: train and test with their last values, then each pinned
 * run with its label; without the pins when they do not fit, and train
 * and test on one line when two lines do not (a side pane's plot about
 * 100 px high had lost its legend once a test split was on). */
typedef struct {
  int own, rows;
  const char *names[LEGEND_ROWS];
  const NnpRgba *colours[LEGEND_ROWS];
  gboolean dashed[LEGEND_ROWS], thin[LEGEND_ROWS];
  char vals[LEGEND_ROWS][32];
  double bw, bh, row;
  gboolean across;                  /* the rows side by side */
  double name_w[LEGEND_ROWS], item_w[LEGEND_ROWS];
} Legend;

/* The rows and the box's size; FALSE when even train and test alone do
 * not fit the plot. */
static gboolean
legend_measure (cairo_t *cr, const NnpTheme *t, const CostMap *M, const NnpPlotState *state, Legend *L)
{
  const NnpHistory *hist = state->history;
  const double *curves[2] = { hist->train_cost, hist->test_cost };
  double fs = t->fs, ls = fs * 0.78, sample = fs * 1.5, namew = 0, valw = 0;

  memset (L, 0, sizeof *L);
  L->own = hist->has_test && hist->test_cost ? 2 : 1;
  L->row = fs * 1.35;
  L->names[0] = _("Train");
  L->names[1] = _("Test");
  L->colours[0] = &t->train_line;
  L->colours[1] = &t->test_line;
  L->dashed[1] = TRUE;
  /* the values at the epoch shown: looking back, the past's (the legend
   * had given the present cost beside readouts of the epoch shown) */
  size_t at = hist->len - 1;
  if (state->past && M->stride > 0 && (double) state->epoch / M->stride < (double) at)
    at = (size_t) ((double) state->epoch / M->stride);
  const gboolean none = !state->past && state->no_present_cost;
  for (int i = 0; i < L->own; i++)
    {
      double last = curves[i][at];
      if (isfinite (last) && !none)
        snprintf (L->vals[i], sizeof L->vals[i], "%.4g", last);
      else
        snprintf (L->vals[i], sizeof L->vals[i], "\xe2\x80\x94");
    }
  L->rows = L->own;
  for (size_t p = 0; p < n_pins (state); p++)
    {
      const NnpHistory *ph = state->pins[p].history;
      int r = L->rows;
      L->names[r] = state->pins[p].label != NULL ? state->pins[p].label : "";
      L->colours[r] = pin_colour (p);
      L->thin[r] = TRUE;
      /* solid, as its training curve: without a test curve the first pin
       * takes row 1, which had kept the Test row's dashes */
      L->dashed[r] = FALSE;
      if (ph != NULL && ph->len > 0 && isfinite (ph->train_cost[ph->len - 1]))
        snprintf (L->vals[r], sizeof L->vals[r], "%.4g", ph->train_cost[ph->len - 1]);
      else
        snprintf (L->vals[r], sizeof L->vals[r], "\xe2\x80\x94");
      L->rows++;
    }
  for (int attempt = 0; attempt < 2; attempt++)
    {
      namew = valw = 0;
      for (int i = 0; i < L->rows; i++)
        {
          double w;
          /* Labels are plain text: no markup from a session file. */
          g_autofree char *name = g_markup_escape_text (L->names[i], -1);
          nnp_text_extents (cr, name, ls, NNP_TEXT_NORMAL, &w, NULL);
          namew = MAX (namew, w);
          nnp_text_extents (cr, L->vals[i], ls, NNP_TEXT_NORMAL, &w, NULL);
          valw = MAX (valw, w);
        }
      L->bw = fs * 0.5 + sample + fs * 0.45 + namew + fs * 0.9 + valw + fs * 0.5;
      L->bh = L->rows * L->row + fs * 0.5;
      if (L->bw <= M->pw * 0.9 && L->bh <= M->ph * 0.45)
        return TRUE;
      if (L->rows == L->own)
        break;
      L->rows = L->own;
    }
  if (L->own < 2)
    return FALSE;
  /* train and test on one line: each its sample, name and value; then
   * without the values (the readouts under the plot give them) */
  L->across = TRUE;
  L->bh = L->row + fs * 0.5;
  for (int with_values = 1; with_values >= 0; with_values--)
    {
      L->bw = fs * 0.5;
      for (int i = 0; i < L->own; i++)
        {
          double vw = 0;
          g_autofree char *name = g_markup_escape_text (L->names[i], -1);
          if (!with_values)
            L->vals[i][0] = '\0';
          nnp_text_extents (cr, name, ls, NNP_TEXT_NORMAL, &L->name_w[i], NULL);
          if (with_values)
            nnp_text_extents (cr, L->vals[i], ls, NNP_TEXT_NORMAL, &vw, NULL);
          L->item_w[i] = sample + fs * 0.45 + L->name_w[i] + (with_values ? fs * 0.45 + vw : 0.0);
          L->bw += L->item_w[i] + (i > 0 ? fs * 0.9 : 0.0);
        }
      L->bw += fs * 0.5;
      if (L->bw <= M->pw * 0.9 && L->bh <= M->ph * 0.45)
        return TRUE;
    }
  return FALSE;
}

/* The corner the run's curves cross least, top right first on ties: its
 * position, and how many of 400 samples per curve fall under the box. */
static size_t
legend_corner (const NnpTheme *t, const CostMap *M, const NnpHistory *hist, const Legend *L,
               double *bx, double *by)
{
  const double *curves[2] = { hist->train_cost, hist->test_cost };
  const double cx[4] = { 1, 1, 0, 0 }, cy[4] = { 0, 1, 0, 1 };
  double fs = t->fs;
  size_t best = G_MAXSIZE;

  for (int k = 0; k < 4; k++)
    {
      double x0 = M->px + fs * 0.5 + cx[k] * (M->pw - L->bw - fs), y0 = M->py + fs * 0.5 + cy[k] * (M->ph - L->bh - fs);
      size_t hits = 0;
      for (int i = 0; i < L->own; i++)
        for (size_t s = 0, n = hist->len; s < 400; s++)
          {
            size_t idx = n <= 1 ? 0 : s * (n - 1) / 399;
            double v = curves[i][idx], x, y;
            if (!valid (M, v))
              continue;
            x = map_entry (M, idx);
            y = map_y (M, v);
            hits += x >= x0 - fs * 0.3 && x <= x0 + L->bw + fs * 0.3 && y >= y0 - fs * 0.3 && y <= y0 + L->bh + fs * 0.3;
          }
      if (hits < best)
        {
          best = hits;
          *bx = x0;
          *by = y0;
        }
    }
  return best;
}

static void
legend_draw (cairo_t *cr, const NnpTheme *t, const Legend *L, double bx, double by, double lw)
{
  double fs = t->fs, ls = fs * 0.78, sample = fs * 1.5;

  cairo_save (cr);
  cairo_rectangle (cr, bx, by, L->bw, L->bh);
  nnp_set_rgba_alpha (cr, &t->bg, 0.88);
  cairo_fill_preserve (cr);
  cairo_set_line_width (cr, MAX (fs * 0.04, 0.5));
  nnp_set_rgba (cr, &t->grid);
  cairo_stroke (cr);
  double across_x = bx + fs * 0.5;
  for (int i = 0; i < L->rows; i++)
    {
      double cy = by + fs * 0.25 + L->row * ((L->across ? 0 : i) + 0.5);
      double x = L->across ? across_x : bx + fs * 0.5;
      g_autofree char *name = g_markup_escape_text (L->names[i], -1);
      cairo_move_to (cr, x, cy);
      cairo_line_to (cr, x + sample, cy);
      cairo_set_line_width (cr, L->thin[i] ? lw * 0.8 : lw);
      if (L->dashed[i])
        cairo_set_dash (cr, (double[]) { lw * 3, lw * 2 }, 2, 0);
      nnp_set_rgba (cr, L->colours[i]);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
      x += sample + fs * 0.45;
      nnp_text_draw (cr, name, ls, NNP_TEXT_NORMAL, x, cy, 0, 0.5, &t->fg);
      if (L->across)
        {
          nnp_text_draw (cr, L->vals[i], ls, NNP_TEXT_NORMAL, x + L->name_w[i] + fs * 0.45, cy, 0, 0.5,
                         &t->muted);
          across_x += L->item_w[i] + fs * 0.9;
        }
      else
        nnp_text_draw (cr, L->vals[i], ls, NNP_TEXT_NORMAL, bx + L->bw - fs * 0.5, cy, 1, 0.5, &t->muted);
    }
  cairo_restore (cr);
}

/* Where the legend goes (show FALSE: nowhere). */
typedef struct {
  Legend L;
  gboolean show;
  double x, y;
} LegendPlace;

/* The axes' ranges and the plot area: needs cr to measure the y labels. */
static void
cost_layout (cairo_t *cr, const NnpTheme *t, double width, double height,
             const NnpPlotState *state, CostMap *out, Ticks *yt_out, Ticks *xt_out,
             double *maxw_out, LegendPlace *lp)
{
  const NnpHistory *hist = state->history;
  size_t n = hist ? hist->len : 0;
  gboolean has_test = hist && hist->has_test && hist->test_cost != NULL;
  double fs = t->fs, pad = fs * 0.8, ts = fs * 0.8, tl = fs * 0.3;
  double lo = 0, hi = 0, maxw = 0, top, bottom, left, right;
  gboolean any = FALSE;
  CostMap M = { 0 };
  Ticks yt, xt;

  M.log = state->log_cost;
  if (n > 0)
    {
      data_range (hist->train_cost, n, M.log, &lo, &hi, &any);
      if (has_test)
        data_range (hist->test_cost, n, M.log, &lo, &hi, &any);
    }
  M.stride = state->history_stride > 1 ? (double) state->history_stride : 1.0;
  M.xmax = n > 1 ? (double) (n - 1) * M.stride : 1.0;
  for (size_t p = 0; p < n_pins (state); p++)
    {
      const NnpHistory *ph = state->pins[p].history;
      double ps = state->pins[p].history_stride > 1 ? (double) state->pins[p].history_stride : 1.0;
      if (ph == NULL || ph->len == 0)
        continue;
      data_range (ph->train_cost, ph->len, M.log, &lo, &hi, &any);
      if (ph->has_test)
        data_range (ph->test_cost, ph->len, M.log, &lo, &hi, &any);
      M.xmax = MAX (M.xmax, (double) (ph->len - 1) * ps);
    }
  if (M.log)
    {
      if (!any)
        {
          lo = 0.01;
          hi = 1.0;
        }
      /* Whole decades when the data spans several; else a padded range. */
      M.ylo = log10 (lo);
      M.yhi = log10 (hi);
      if (M.yhi - M.ylo >= 1.5)
        {
          M.ylo = floor (M.ylo);
          M.yhi = ceil (M.yhi);
        }
      else
        {
          double mid = (M.ylo + M.yhi) / 2, half = MAX ((M.yhi - M.ylo) / 2 * 1.1, 0.15);
          M.ylo = mid - half;
          M.yhi = mid + half;
        }
    }
  else
    {
      M.ylo = any ? MIN (0.0, lo) : 0.0;
      M.yhi = any ? hi + 0.06 * (hi - M.ylo) : 1.0;
      if (!(M.yhi > M.ylo))
        M.yhi = M.ylo + 1.0;
    }

  /* Layout: measure the y labels first. */
  top = pad + fs * 1.6 + fs * 0.7;
  bottom = pad + fs * 3.0;
  right = pad + fs * 0.8;
  M.ph = MAX (height - top - bottom, 1.0);
  y_ticks (&M, &yt, CLAMP (M.ph / (fs * 2.6), 2, 8));
  for (int i = 0; i < yt.n; i++)
    {
      double w;
      nnp_text_extents (cr, yt.label[i], ts, NNP_TEXT_NORMAL, &w, NULL);
      maxw = MAX (maxw, w);
    }
  left = pad + fs * 1.3 + fs * 0.4 + maxw + tl + fs * 0.25;
  M.px = left;
  M.py = top;
  M.pw = MAX (width - left - right, 1.0);

  /* The legend goes in the corner the curves cross least; when every
   * corner is crossed, the y axis gets headroom above the data so the top
   * corners are free, and the labels are measured again. */
  memset (lp, 0, sizeof *lp);
  if (n > 0 && (lp->show = legend_measure (cr, t, &M, state, &lp->L))
      && legend_corner (t, &M, hist, &lp->L, &lp->x, &lp->y) > 0)
    {
      double f = (lp->L.bh + fs * 1.2) / M.ph;
      M.yhi = (M.yhi - f * M.ylo) / (1.0 - f);
      y_ticks (&M, &yt, CLAMP (M.ph / (fs * 2.6), 2, 8));
      maxw = 0;
      for (int i = 0; i < yt.n; i++)
        {
          double w;
          nnp_text_extents (cr, yt.label[i], ts, NNP_TEXT_NORMAL, &w, NULL);
          maxw = MAX (maxw, w);
        }
      left = pad + fs * 1.3 + fs * 0.4 + maxw + tl + fs * 0.25;
      M.px = left;
      M.pw = MAX (width - left - right, 1.0);
      legend_corner (t, &M, hist, &lp->L, &lp->x, &lp->y);
    }
  x_ticks (&M, &xt, CLAMP (M.pw / (fs * 5), 2, 10));

  *out = M;
  *yt_out = yt;
  *xt_out = xt;
  *maxw_out = maxw;
}

void
nnp_cost_draw (cairo_t *cr, const NnpTheme *t, double width, double height,
               const NnpPlotState *state)
{
  const NnpHistory *hist = state->history;
  size_t n = hist ? hist->len : 0;
  gboolean has_test = hist && hist->has_test && hist->test_cost != NULL;
  double fs = t->fs, ts = fs * 0.8, tl = fs * 0.3, lw = MAX (fs * 0.11, 1.0);
  double maxw = 0, th = 0;
  CostMap M = { 0 };
  Ticks yt, xt;

  LegendPlace lp;

  cost_layout (cr, t, width, height, state, &M, &yt, &xt, &maxw, &lp);
  cairo_save (cr);
  /* Grid. */
  cairo_set_line_width (cr, MAX (fs * 0.04, 0.5));
  nnp_set_rgba (cr, &t->grid);
  for (int i = 0; i < yt.n; i++)
    {
      double py = M.py + (M.yhi - yt.v[i]) / (M.yhi - M.ylo) * M.ph;
      cairo_move_to (cr, M.px, py);
      cairo_line_to (cr, M.px + M.pw, py);
    }
  for (int i = 0; i < xt.n; i++)
    {
      double px = map_x (&M, xt.v[i]);
      cairo_move_to (cr, px, M.py);
      cairo_line_to (cr, px, M.py + M.ph);
    }
  cairo_stroke (cr);

  /* Pinned runs, thin and behind the current run. */
  if (n_pins (state) > 0)
    {
      CostMap P = M;
      cairo_save (cr);
      cairo_rectangle (cr, M.px - lw * 3, M.py - lw * 3, M.pw + lw * 6, M.ph + lw * 3);
      cairo_clip (cr);
      cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
      for (size_t p = 0; p < n_pins (state); p++)
        {
          const NnpHistory *ph = state->pins[p].history;
          double ex, ey;
          if (ph == NULL || ph->len == 0)
            continue;
          P.stride = state->pins[p].history_stride > 1 ? (double) state->pins[p].history_stride : 1.0;
          for (int c = ph->has_test ? 1 : 0; c >= 0; c--)
            {
              if (!curve_path (cr, &P, c == 0 ? ph->train_cost : ph->test_cost, ph->len, &ex, &ey))
                continue;
              cairo_set_line_width (cr, lw * 0.8);
              if (c == 1)
                cairo_set_dash (cr, (double[]) { lw * 2.4, lw * 1.6 }, 2, 0);
              nnp_set_rgba_alpha (cr, pin_colour (p), 0.85);
              cairo_stroke (cr);
              cairo_set_dash (cr, NULL, 0, 0);
            }
        }
      cairo_restore (cr);
    }

  /* Curves. */
  if (n > 0)
    {
      const double *curves[2] = { hist->train_cost, hist->test_cost };
      const NnpRgba *colours[2] = { &t->train_line, &t->test_line };
      cairo_save (cr);
      cairo_rectangle (cr, M.px - lw * 3, M.py - lw * 3, M.pw + lw * 6, M.ph + lw * 3);
      cairo_clip (cr);
      cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
      cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
      for (int c = has_test ? 1 : 0; c >= 0; c--)
        {
          double ex = 0, ey = 0;
          if (!curve_path (cr, &M, curves[c], n, &ex, &ey))
            continue;
          cairo_set_line_width (cr, lw);
          if (c == 1)
            cairo_set_dash (cr, (double[]) { lw * 3, lw * 2 }, 2, 0);
          nnp_set_rgba (cr, colours[c]);
          cairo_stroke (cr);
          cairo_set_dash (cr, NULL, 0, 0);
          cairo_arc (cr, ex, ey, lw * 2.0, 0, 2 * G_PI);
          cairo_fill (cr);
        }
      cairo_restore (cr);
    }

  /* Changes during the run: a dotted line and a small triangle on top,
   * one for all the changes at an epoch. */
  double label_end = M.px;   /* where the last text drawn ends */
  for (size_t k = 0; state->markers != NULL && k < state->n_markers; k++)
    {
      const size_t e = state->markers[k].epoch;
      size_t last = k;
      while (last + 1 < state->n_markers && state->markers[last + 1].epoch == e)
        last++;
      double mx = map_x (&M, (double) e);
      if ((double) e > M.xmax)
        break;   /* sorted by epoch: the rest are past the plot too */
      cairo_set_line_width (cr, MAX (fs * 0.05, 0.75));
      cairo_set_dash (cr, (double[]) { lw, lw * 1.5 }, 2, 0);
      nnp_set_rgba_alpha (cr, &t->muted, 0.8);
      cairo_move_to (cr, mx, M.py);
      cairo_line_to (cr, mx, M.py + M.ph);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
      nnp_set_rgba (cr, &t->fg);
      cairo_move_to (cr, mx - fs * 0.3, M.py - fs * 0.45);
      cairo_line_to (cr, mx + fs * 0.3, M.py - fs * 0.45);
      cairo_line_to (cr, mx, M.py);
      cairo_close_path (cr);
      cairo_fill (cr);
      /* Its text beside it, small, when there is room before the next
       * marker (a slide); the app adds a tooltip. The last one, by the
       * plot's right edge, puts it on its left when there is room there. */
      g_autofree char *joined = nnp_plot_markers_text (state, k);
      if (joined != NULL && M.pw >= 40 * fs)
        {
          double next = last + 1 < state->n_markers ? map_x (&M, (double) state->markers[last + 1].epoch)
                                                    : M.px + M.pw, tw = 0;
          g_autofree char *text = g_markup_escape_text (joined, -1);
          double tht = 0, ty = M.py + fs * 0.15;
          nnp_text_extents (cr, text, fs * 0.6, NNP_TEXT_NORMAL, &tw, &tht);
          double tx = mx + fs * 0.4;
          gboolean fits = tx + tw < next - fs * 0.4;
          if (!fits && last + 1 == state->n_markers && mx - fs * 0.4 - tw > label_end + fs * 0.4)
            {
              tx = mx - fs * 0.4 - tw;
              fits = TRUE;
            }
          /* under the legend's box, it goes below the box (else the box
           * would cover it, or it would run through the box's names) */
          if (lp.show && tx < lp.x + lp.L.bw + fs * 0.2 && tx + tw > lp.x - fs * 0.2
              && ty < lp.y + lp.L.bh + fs * 0.2 && ty + tht > lp.y - fs * 0.2)
            ty = lp.y + lp.L.bh + fs * 0.3;
          if (fits && ty + tht < M.py + M.ph)
            {
              nnp_text_draw (cr, text, fs * 0.6, NNP_TEXT_NORMAL, tx, ty, 0, 0, &t->muted);
              label_end = tx + tw;
            }
        }
      k = last;
    }

  /* The past: the curve after the epoch shown is faded, and a line marks it. */
  if (state->past && n > 0 && (double) state->epoch <= M.xmax)
    {
      double ex = map_x (&M, (double) state->epoch);
      char buf[64];
      nnp_set_rgba_alpha (cr, &t->bg, 0.6);
      cairo_rectangle (cr, ex, M.py, M.px + M.pw - ex, M.ph);
      cairo_fill (cr);
      cairo_set_line_width (cr, lw);
      nnp_set_rgba (cr, &t->fg);
      cairo_move_to (cr, ex, M.py);
      cairo_line_to (cr, ex, M.py + M.ph);
      cairo_stroke (cr);
      snprintf (buf, sizeof buf, _("epoch %zu"), state->epoch);
      gboolean right_side = ex < M.px + M.pw * 0.7;
      nnp_text_draw (cr, buf, ts, NNP_TEXT_BOLD, ex + (right_side ? fs * 0.3 : -fs * 0.3),
                     M.py + M.ph - fs * 0.2, right_side ? 0 : 1, 1, &t->fg);
    }

  /* Axes: left and bottom spines, outward ticks. */
  cairo_set_line_width (cr, MAX (fs * 0.06, 0.75));
  nnp_set_rgba (cr, &t->frame);
  cairo_move_to (cr, M.px, M.py);
  cairo_line_to (cr, M.px, M.py + M.ph);
  cairo_line_to (cr, M.px + M.pw, M.py + M.ph);
  nnp_text_extents (cr, "0", ts, NNP_TEXT_NORMAL, NULL, &th);
  for (int i = 0; i < yt.n; i++)
    {
      double py = M.py + (M.yhi - yt.v[i]) / (M.yhi - M.ylo) * M.ph;
      cairo_move_to (cr, M.px, py);
      cairo_line_to (cr, M.px - tl, py);
      nnp_text_draw (cr, yt.label[i], ts, NNP_TEXT_NORMAL, M.px - tl - fs * 0.25, py, 1, 0.5, &t->muted);
    }
  for (int i = 0; i < xt.n; i++)
    {
      double px = map_x (&M, xt.v[i]);
      cairo_move_to (cr, px, M.py + M.ph);
      cairo_line_to (cr, px, M.py + M.ph + tl);
      nnp_text_draw (cr, xt.label[i], ts, NNP_TEXT_NORMAL, px, M.py + M.ph + tl + fs * 0.15, 0.5, 0, &t->muted);
    }
  if (M.log && M.yhi - M.ylo <= 4)
    for (double k = floor (M.ylo); k < M.yhi; k++)
      for (int m = 2; m <= 9; m++)
        {
          double u = k + log10 (m), py;
          if (u < M.ylo || u > M.yhi)
            continue;
          py = M.py + (M.yhi - u) / (M.yhi - M.ylo) * M.ph;
          cairo_move_to (cr, M.px, py);
          cairo_line_to (cr, M.px - tl * 0.55, py);
        }
  nnp_set_rgba (cr, &t->frame);
  cairo_stroke (cr);

  nnp_text_draw (cr, _("Epoch"), fs, NNP_TEXT_NORMAL, M.px + M.pw / 2,
                 M.py + M.ph + tl + fs * 0.15 + th + fs * 0.2, 0.5, 0, &t->fg);
  nnp_text_draw_vertical (cr, _("Cost <i>J</i>"), fs, NNP_TEXT_NORMAL,
                          M.px - tl - fs * 0.25 - maxw - fs * 0.4 - fs * 0.65, M.py + M.ph / 2, &t->fg);

  nnp_text_draw (cr, _("Cost"), fs * 1.2, NNP_TEXT_BOLD, M.px, M.py - fs * 0.6, 0, 1, &t->fg);
  nnp_text_draw (cr, M.log ? _("log scale") : _("linear scale"), fs * 0.75, NNP_TEXT_NORMAL,
                 M.px + M.pw, M.py - fs * 0.72, 1, 1, &t->muted);
  if (n > 0)
    {
      if (lp.show)
        legend_draw (cr, t, &lp.L, lp.x, lp.y, lw);
    }
  else
    nnp_text_draw (cr, _("No training yet"), fs * 0.85, NNP_TEXT_ITALIC,
                   M.px + M.pw / 2, M.py + M.ph / 2, 0.5, 0.5, &t->muted);
  cairo_restore (cr);
}

void
nnp_plot_cost (cairo_t *cr, double width, double height,
               const NnpPlotState *state, const NnpPlotStyle *style)
{
  NnpTheme t;

  if (!nnp_figure_begin (cr, &t, width, height, state, style))
    return;
  nnp_cost_draw (cr, &t, width, height, state);
  cairo_restore (cr);
}

/* The layout nnp_plot_cost would draw at this size, measured on a
 * scratch surface (for the questions below, asked outside drawing). */
static void
measure_layout (double width, double height, const NnpPlotState *state, const NnpPlotStyle *style,
                CostMap *M, LegendPlace *lp)
{
  cairo_surface_t *scratch = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, 1);
  cairo_t *cr = cairo_create (scratch);
  NnpTheme t;
  Ticks yt, xt;
  double maxw;

  nnp_theme_init (&t, style, width, height);
  cost_layout (cr, &t, width, height, state, M, &yt, &xt, &maxw, lp);
  cairo_destroy (cr);
  cairo_surface_destroy (scratch);
}

static double
epoch_at (const CostMap *M, double x)
{
  return CLAMP ((x - M->px) / M->pw, 0.0, 1.0) * M->xmax;
}

double
nnp_plot_cost_epoch_at (double width, double height, const NnpPlotState *state,
                        const NnpPlotStyle *style, double x)
{
  CostMap M;
  LegendPlace lp;

  g_return_val_if_fail (state != NULL && style != NULL, -1);
  if (!(width > 0) || !(height > 0))
    return -1;
  measure_layout (width, height, state, style, &M, &lp);
  return epoch_at (&M, x);
}

char *
nnp_plot_markers_text (const NnpPlotState *state, size_t k)
{
  GString *s = NULL;

  g_return_val_if_fail (state != NULL, NULL);
  if (state->markers == NULL || k >= state->n_markers)
    return NULL;
  const size_t e = state->markers[k].epoch;
  size_t first = k;
  while (first > 0 && state->markers[first - 1].epoch == e)
    first--;
  for (size_t i = first; i < state->n_markers && state->markers[i].epoch == e; i++)
    {
      if (state->markers[i].text == NULL || state->markers[i].text[0] == '\0')
        continue;
      if (s == NULL)
        s = g_string_new (state->markers[i].text);
      else
        g_string_append_printf (s, "; %s", state->markers[i].text);
    }
  return s != NULL ? g_string_free (s, FALSE) : NULL;
}

int
nnp_plot_cost_marker_at (double width, double height, const NnpPlotState *state,
                         const NnpPlotStyle *style, double x, double radius)
{
  int best = -1;
  double best_d = radius;
  CostMap M;
  LegendPlace lp;

  g_return_val_if_fail (state != NULL && style != NULL, -1);
  if (state->markers == NULL || state->n_markers == 0 || !(width > 0) || !(height > 0))
    return -1;
  /* One layout; epoch -> x, the inverse of the map, from two points
   * inside the plot. */
  measure_layout (width, height, state, style, &M, &lp);
  double ea = epoch_at (&M, width * 0.4);
  double eb = epoch_at (&M, width * 0.6);
  if (!(eb > ea))
    return -1;
  double scale = (width * 0.2) / (eb - ea);
  for (size_t k = 0; k < state->n_markers; k++)
    {
      double mx = width * 0.4 + ((double) state->markers[k].epoch - ea) * scale;
      if (fabs (mx - x) <= best_d)
        {
          best_d = fabs (mx - x);
          best = (int) k;
        }
    }
  return best;
}

gboolean
nnp_plot_cost_legend_box (double width, double height, const NnpPlotState *state,
                          const NnpPlotStyle *style, double *x, double *y, double *w, double *h)
{
  CostMap M;
  LegendPlace lp;

  measure_layout (width, height, state, style, &M, &lp);
  *x = lp.x;
  *y = lp.y;
  *w = lp.L.bw;
  *h = lp.L.bh;
  return lp.show;
}
