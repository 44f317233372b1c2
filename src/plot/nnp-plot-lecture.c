/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nnp-plot-lecture.c: the Lecture figure: the slides' equations and every matrix of one step as heat-coloured grids. */
#define G_LOG_DOMAIN "nnplay-plot"
#include "config.h"

#include <glib/gi18n-lib.h>

#include <math.h>
#include <string.h>

#include "nnp-plot-private.h"

/* Larger matrices show their first rows and columns and a marker. */
#define MAX_ROWS 8
#define MAX_COLS 8

typedef enum {
  SEC_FORWARD,
  SEC_COST,
  SEC_BACKWARD,
  SEC_UPDATE,
  N_SECTIONS,
} Section;

typedef struct {
  const char *name;         /* Pango markup */
  NnpLectureStep step;      /* the phase that computes it; NONE: an input */
  Section section;
} MatInfo;

static const MatInfo mats[NNP_LM_COUNT] = {
  [NNP_LM_X] = { "<i>X</i>", NNP_LECTURE_STEP_NONE, SEC_FORWARD },
  [NNP_LM_W1] = { "<i>W</i><sup>[1]</sup>", NNP_LECTURE_STEP_NONE, SEC_FORWARD },
  [NNP_LM_B1] = { "<i>b</i><sup>[1]</sup>", NNP_LECTURE_STEP_NONE, SEC_FORWARD },
  [NNP_LM_Z1] = { "<i>Z</i><sup>[1]</sup>", NNP_LECTURE_STEP_FORWARD, SEC_FORWARD },
  [NNP_LM_A1] = { "<i>A</i><sup>[1]</sup>", NNP_LECTURE_STEP_FORWARD, SEC_FORWARD },
  [NNP_LM_W2] = { "<i>W</i><sup>[2]</sup>", NNP_LECTURE_STEP_NONE, SEC_FORWARD },
  [NNP_LM_B2] = { "<i>b</i><sup>[2]</sup>", NNP_LECTURE_STEP_NONE, SEC_FORWARD },
  [NNP_LM_Z2] = { "<i>Z</i><sup>[2]</sup>", NNP_LECTURE_STEP_FORWARD, SEC_FORWARD },
  [NNP_LM_A2] = { "<i>A</i><sup>[2]</sup>", NNP_LECTURE_STEP_FORWARD, SEC_FORWARD },
  [NNP_LM_Y] = { "<i>Y</i>", NNP_LECTURE_STEP_NONE, SEC_FORWARD },
  [NNP_LM_J] = { "<i>J</i>", NNP_LECTURE_STEP_COST, SEC_COST },
  [NNP_LM_DZ2] = { "d<i>Z</i><sup>[2]</sup>", NNP_LECTURE_STEP_BACKWARD, SEC_BACKWARD },
  [NNP_LM_DB2] = { "d<i>b</i><sup>[2]</sup>", NNP_LECTURE_STEP_BACKWARD, SEC_BACKWARD },
  [NNP_LM_DW2] = { "d<i>W</i><sup>[2]</sup>", NNP_LECTURE_STEP_BACKWARD, SEC_BACKWARD },
  [NNP_LM_DZ1] = { "d<i>Z</i><sup>[1]</sup>", NNP_LECTURE_STEP_BACKWARD, SEC_BACKWARD },
  [NNP_LM_DB1] = { "d<i>b</i><sup>[1]</sup>", NNP_LECTURE_STEP_BACKWARD, SEC_BACKWARD },
  [NNP_LM_DW1] = { "d<i>W</i><sup>[1]</sup>", NNP_LECTURE_STEP_BACKWARD, SEC_BACKWARD },
  [NNP_LM_W1_NEXT] = { "<i>W</i><sup>[1](<i>t</i>+1)</sup>", NNP_LECTURE_STEP_UPDATE, SEC_UPDATE },
  [NNP_LM_B1_NEXT] = { "<i>b</i><sup>[1](<i>t</i>+1)</sup>", NNP_LECTURE_STEP_UPDATE, SEC_UPDATE },
  [NNP_LM_W2_NEXT] = { "<i>W</i><sup>[2](<i>t</i>+1)</sup>", NNP_LECTURE_STEP_UPDATE, SEC_UPDATE },
  [NNP_LM_B2_NEXT] = { "<i>b</i><sup>[2](<i>t</i>+1)</sup>", NNP_LECTURE_STEP_UPDATE, SEC_UPDATE },
};

gboolean
nnp_lecture_matrix_per_row (NnpLectureMatrix m)
{
  switch (m)
    {
    case NNP_LM_X: case NNP_LM_Y: case NNP_LM_Z1: case NNP_LM_A1:
    case NNP_LM_Z2: case NNP_LM_A2: case NNP_LM_DZ2: case NNP_LM_DZ1:
      return TRUE;
    default:
      return FALSE;
    }
}

void
nnp_lecture_view_init (NnpLectureView *view)
{
  g_return_if_fail (view != NULL);
  memset (view, 0, sizeof *view);
  view->selected_row = -1;
  view->hover_matrix = NNP_LM_NONE;
}

/* Rows x cols of matrix m and its element (i, j). */
static void
mat_dims (const NnpLecture *lec, NnpLectureMatrix m, size_t *rows, size_t *cols)
{
  const size_t r = lec->r, d = lec->d, h = lec->h;
  switch (m)
    {
    case NNP_LM_X: *rows = r; *cols = d; break;
    case NNP_LM_Z1: case NNP_LM_A1: case NNP_LM_DZ1: *rows = r; *cols = h; break;
    case NNP_LM_Y: case NNP_LM_Z2: case NNP_LM_A2: case NNP_LM_DZ2: *rows = r; *cols = 1; break;
    case NNP_LM_W1: case NNP_LM_DW1: case NNP_LM_W1_NEXT: *rows = h; *cols = d; break;
    case NNP_LM_B1: case NNP_LM_DB1: case NNP_LM_B1_NEXT: *rows = h; *cols = 1; break;
    case NNP_LM_W2: case NNP_LM_DW2: case NNP_LM_W2_NEXT: *rows = 1; *cols = h; break;
    default: *rows = 1; *cols = 1; break;
    }
}

static const NnpParams *
mat_params (const NnpLecture *lec, NnpLectureMatrix m)
{
  if (m >= NNP_LM_W1_NEXT)
    return lec->next;
  if (m >= NNP_LM_DZ2)
    return lec->grads;
  return lec->theta;
}

static double
mat_at (const NnpLecture *lec, NnpLectureMatrix m, size_t i, size_t j)
{
  const NnpParams *p = mat_params (lec, m);
  switch (m)
    {
    case NNP_LM_X: return lec->X[i * lec->d + j];
    case NNP_LM_Y: return lec->Y[i];
    case NNP_LM_Z1: return lec->Z1[i * lec->h + j];
    case NNP_LM_A1: return lec->A1[i * lec->h + j];
    case NNP_LM_Z2: return lec->Z2[i];
    case NNP_LM_A2: return lec->A2[i];
    case NNP_LM_DZ2: return lec->dZ2[i];
    case NNP_LM_DZ1: return lec->dZ1[i * lec->h + j];
    case NNP_LM_J: return lec->J;
    case NNP_LM_W1: case NNP_LM_DW1: case NNP_LM_W1_NEXT:
      return gsl_matrix_get (&p->W1.matrix, i, j);
    case NNP_LM_B1: case NNP_LM_DB1: case NNP_LM_B1_NEXT:
      return gsl_vector_get (&p->b1.vector, i);
    case NNP_LM_W2: case NNP_LM_DW2: case NNP_LM_W2_NEXT:
      return gsl_matrix_get (&p->W2.matrix, 0, j);
    case NNP_LM_B2: case NNP_LM_DB2: case NNP_LM_B2_NEXT:
      return *p->b2;
    default:
      return NAN;
    }
}

/* "∈ ℝ<sup>200×4</sup>": the full shape with the actual n and h. */
static char *
mat_shape (const NnpLecture *lec, NnpLectureMatrix m)
{
  size_t rows, cols;
  if (m == NNP_LM_J || m == NNP_LM_B2 || m == NNP_LM_DB2 || m == NNP_LM_B2_NEXT)
    return g_strdup ("∈ ℝ");
  mat_dims (lec, m, &rows, &cols);
  if (nnp_lecture_matrix_per_row (m))
    rows = lec->n;
  return g_strdup_printf ("∈ ℝ<sup>%zu×%zu</sup>", rows, cols);
}

gboolean
nnp_lecture_depends (const NnpLectureView *view, NnpLectureMatrix m, int row, int col)
{
  g_return_val_if_fail (view != NULL, FALSE);
  const int i = view->hover_row, j = view->hover_col;
  switch (view->hover_matrix)
    {
    case NNP_LM_Z1:    /* (b1)^T + X (W1)^T: row i of X, row j of W1, b1_j */
      return (m == NNP_LM_X && row == i) || (m == NNP_LM_W1 && row == j) || (m == NNP_LM_B1 && row == j);
    case NNP_LM_A1:
      return m == NNP_LM_Z1 && row == i && col == j;
    case NNP_LM_Z2:    /* b2 + A1 (W2)^T: row i of A1, W2, b2 */
      return (m == NNP_LM_A1 && row == i) || m == NNP_LM_W2 || m == NNP_LM_B2;
    case NNP_LM_A2:
      return m == NNP_LM_Z2 && row == i;
    case NNP_LM_J:
      return m == NNP_LM_A2 || m == NNP_LM_Y;
    case NNP_LM_DZ2:   /* (A2 - Y) / n */
      return (m == NNP_LM_A2 || m == NNP_LM_Y) && row == i;
    case NNP_LM_DB2:
      return m == NNP_LM_DZ2;
    case NNP_LM_DW2:   /* (dZ2)^T A1: dZ2 and column j of A1 */
      return m == NNP_LM_DZ2 || (m == NNP_LM_A1 && col == j);
    case NNP_LM_DZ1:   /* dZ2 W2 o g'(Z1) */
      return (m == NNP_LM_DZ2 && row == i) || (m == NNP_LM_W2 && col == j)
             || ((m == NNP_LM_Z1 || m == NNP_LM_A1) && row == i && col == j);
    case NNP_LM_DB1:
      return m == NNP_LM_DZ1 && col == i;
    case NNP_LM_DW1:   /* (dZ1)^T X: column i of dZ1, column j of X */
      return (m == NNP_LM_DZ1 && col == i) || (m == NNP_LM_X && col == j);
    case NNP_LM_W1_NEXT:
      return (m == NNP_LM_W1 || m == NNP_LM_DW1) && row == i && col == j;
    case NNP_LM_B1_NEXT:
      return (m == NNP_LM_B1 || m == NNP_LM_DB1) && row == i;
    case NNP_LM_W2_NEXT:
      return (m == NNP_LM_W2 || m == NNP_LM_DW2) && col == j;
    case NNP_LM_B2_NEXT:
      return m == NNP_LM_B2 || m == NNP_LM_DB2;
    default:
      return FALSE;
    }
}

/* ---- Layout ---------------------------------------------------------------- */

/* One displayed row of a grid: a matrix row, or a marker (-1) for rows
 * not shown. */
#define MAX_DISP (NNP_LECTURE_MAX_ROWS * 2 + 2)

typedef struct {
  gboolean placed;
  double x, y;                  /* top left of the cells */
  double w, h;                  /* the cells */
  double bw, bh;                /* the block: label column, cells, caption */
  double label_w;               /* row labels left of the cells */
  int n_disp, n_cols;           /* displayed rows (with markers), columns (with a marker) */
  int disp[MAX_DISP];
  int cols_shown;               /* real columns shown */
} Placed;

typedef struct {
  double x, y, w, h;
  NnpLectureStep step;
  char *markup;
} Equation;

typedef struct {
  double fs, cw, ch, mh, gap, pad;
  double height;
  double right;                 /* the rightmost edge drawn, with the pad */
  Placed m[NNP_LM_COUNT];
  Equation eq[16];
  int n_eq;
  double title_y[N_SECTIONS];
  gboolean has_section[N_SECTIONS];
} Layout;

static void
layout_clear (Layout *L)
{
  for (int e = 0; e < L->n_eq; e++)
    g_free (L->eq[e].markup);
  L->n_eq = 0;
}

static const char *
g_markup (NnpActivation act)
{
  return act == NNP_ACT_SIGMOID ? "σ" : act == NNP_ACT_TANH ? "tanh" : "ReLU";
}

static void
section_equations (Layout *L, const NnpLecture *lec, Section s)
{
  const char *g = g_markup (lec->act);
  char *e[6] = { NULL };
  NnpLectureStep step = NNP_LECTURE_STEP_NONE;
  int k = 0;

  switch (s)
    {
    case SEC_FORWARD:
      step = NNP_LECTURE_STEP_FORWARD;
      e[k++] = g_strdup ("<i>Z</i><sup>[1]</sup> = (<i>b</i><sup>[1]</sup>)<sup>T</sup> + <i>X</i> (<i>W</i><sup>[1]</sup>)<sup>T</sup>");
      e[k++] = g_strdup_printf ("<i>A</i><sup>[1]</sup> = %s(<i>Z</i><sup>[1]</sup>)", g);
      e[k++] = g_strdup ("<i>Z</i><sup>[2]</sup> = <i>b</i><sup>[2]</sup> + <i>A</i><sup>[1]</sup> (<i>W</i><sup>[2]</sup>)<sup>T</sup>");
      e[k++] = g_strdup ("<i>A</i><sup>[2]</sup> = σ(<i>Z</i><sup>[2]</sup>)");
      break;
    case SEC_COST:
      step = NNP_LECTURE_STEP_COST;
      e[k++] = g_strdup ("<i>J</i> = −(1/<i>n</i>) Σ<sub><i>i</i></sub> [<i>y</i><sub><i>i</i></sub> log <i>a</i><sub><i>i</i></sub>"
                         " + (1 − <i>y</i><sub><i>i</i></sub>) log(1 − <i>a</i><sub><i>i</i></sub>)]");
      break;
    case SEC_BACKWARD:
      step = NNP_LECTURE_STEP_BACKWARD;
      e[k++] = g_strdup ("d<i>Z</i><sup>[2]</sup> = (<i>A</i><sup>[2]</sup> − <i>Y</i>)/<i>n</i>");
      e[k++] = g_strdup ("d<i>b</i><sup>[2]</sup> = (d<i>Z</i><sup>[2]</sup>)<sup>T</sup> <b>1</b>,   "
                         "d<i>W</i><sup>[2]</sup> = (d<i>Z</i><sup>[2]</sup>)<sup>T</sup> <i>A</i><sup>[1]</sup>");
      e[k++] = g_strdup_printf ("d<i>Z</i><sup>[1]</sup> = d<i>Z</i><sup>[2]</sup> <i>W</i><sup>[2]</sup> ∘ %s′(<i>Z</i><sup>[1]</sup>)", g);
      e[k++] = g_strdup ("d<i>b</i><sup>[1]</sup> = (d<i>Z</i><sup>[1]</sup>)<sup>T</sup> <b>1</b>,   "
                         "d<i>W</i><sup>[1]</sup> = (d<i>Z</i><sup>[1]</sup>)<sup>T</sup> <i>X</i>");
      break;
    case SEC_UPDATE:
    default:
      step = NNP_LECTURE_STEP_UPDATE;
      e[k++] = g_strdup_printf ("<i>θ</i><sup>(<i>t</i>+1)</sup> = <i>θ</i><sup>(<i>t</i>)</sup> − <i>α</i> ∇<i>J</i>(<i>θ</i><sup>(<i>t</i>)</sup>),   <i>α</i> = %g",
                                lec->alpha);
      break;
    }
  for (int q = 0; q < k && L->n_eq < (int) G_N_ELEMENTS (L->eq); q++)
    {
      L->eq[L->n_eq].markup = e[q];
      L->eq[L->n_eq].step = step;
      L->n_eq++;
    }
}

static const char *
section_title (Section s)
{
  switch (s)
    {
    case SEC_FORWARD: return _("Forward propagation");
    case SEC_COST: return _("Cost");
    case SEC_BACKWARD: return _("Backpropagation");
    case SEC_UPDATE: default: return _("Update");
    }
}

static gboolean
part_has (NnpFigure part, Section s)
{
  switch (part)
    {
    case NNP_FIGURE_FORWARD: return s == SEC_FORWARD || s == SEC_COST;
    case NNP_FIGURE_BACKWARD: return s == SEC_BACKWARD;
    case NNP_FIGURE_UPDATE: return s == SEC_UPDATE;
    default: return TRUE;
    }
}

/* Which rows a grid shows: a per-row matrix its lecture rows with a marker
 * wherever data rows are skipped; another its first MAX_ROWS rows. */
static void
place_rows (Placed *P, const NnpLecture *lec, NnpLectureMatrix m, size_t rows)
{
  P->n_disp = 0;
  if (nnp_lecture_matrix_per_row (m))
    {
      for (size_t k = 0; k < lec->r; k++)
        {
          size_t prev = k == 0 ? (size_t) -1 : lec->rows[k - 1];
          if (lec->rows[k] != prev + 1)
            P->disp[P->n_disp++] = -1;
          P->disp[P->n_disp++] = (int) k;
        }
      if (lec->r == 0 || lec->rows[lec->r - 1] + 1 != lec->n)
        P->disp[P->n_disp++] = -1;
    }
  else
    {
      for (size_t i = 0; i < MIN (rows, MAX_ROWS); i++)
        P->disp[P->n_disp++] = (int) i;
      if (rows > MAX_ROWS)
        P->disp[P->n_disp++] = -1;
    }
}

static double
disp_height (const Layout *L, const Placed *P, int upto)
{
  double y = 0;
  for (int q = 0; q < upto; q++)
    y += P->disp[q] < 0 ? L->mh : L->ch;
  return y;
}

/* The line under a matrix's caption saying how much of it is shown, or
 * NULL when all of it is. */
static char *
matrix_note (const NnpLecture *lec, NnpLectureMatrix m, const Placed *P, size_t rows, size_t cols)
{
  const gboolean cut_cols = (size_t) P->cols_shown < cols;
  if (nnp_lecture_matrix_per_row (m) && lec->r < lec->n)
    return cut_cols ? g_strdup_printf (_("%zu of %zu rows, %d of %zu columns"), lec->r, lec->n, P->cols_shown, cols)
                    : g_strdup_printf (_("%zu of %zu rows"), lec->r, lec->n);
  if (rows > MAX_ROWS)
    return cut_cols ? g_strdup_printf (_("%d of %zu rows, %d of %zu columns"), MAX_ROWS, rows, P->cols_shown, cols)
                    : g_strdup_printf (_("%d of %zu rows"), MAX_ROWS, rows);
  if (cut_cols)
    return g_strdup_printf (_("%d of %zu columns"), P->cols_shown, cols);
  return NULL;
}

/* fit_cols: as many columns as width holds (the app's pane, whose text
 * has a fixed size); else MAX_COLS (exports, whose text is sized to fit). */
static void
layout_compute (Layout *L, cairo_t *cr, NnpFigure part, double width, double fs,
                gboolean fit_cols, const NnpLecture *lec)
{
  static const NnpLectureMatrix order[N_SECTIONS][10] = {
    [SEC_FORWARD] = { NNP_LM_X, NNP_LM_W1, NNP_LM_B1, NNP_LM_Z1, NNP_LM_A1, NNP_LM_W2, NNP_LM_B2,
                      NNP_LM_Z2, NNP_LM_A2, NNP_LM_Y },
    [SEC_COST] = { NNP_LM_J, NNP_LM_NONE },
    [SEC_BACKWARD] = { NNP_LM_DZ2, NNP_LM_DB2, NNP_LM_DW2, NNP_LM_DZ1, NNP_LM_DB1, NNP_LM_DW1, NNP_LM_NONE },
    [SEC_UPDATE] = { NNP_LM_W1_NEXT, NNP_LM_B1_NEXT, NNP_LM_W2_NEXT, NNP_LM_B2_NEXT, NNP_LM_NONE },
  };
  double y;

  memset (L, 0, sizeof *L);
  L->fs = fs;
  /* as wide as the widest number a cell shows ("−0.001455", "−1.23e+05")
   * with a third of fs on each side: 4.6 fs had left 2 px in all, the
   * numbers of a row running together. (A diverging run's e+100 and
   * beyond run closer; cells that wide for them would show fewer
   * columns in every run.) */
  double widest = 0, exp_w = 0;
  nnp_text_extents (cr, "\u22120.008888", fs * 0.78, NNP_TEXT_NORMAL, &widest, NULL);
  nnp_text_extents (cr, "\u22128.88e+88", fs * 0.78, NNP_TEXT_NORMAL, &exp_w, NULL);
  widest = MAX (widest, exp_w);
  L->cw = MAX (fs * 4.6, widest + fs * 0.66);
  L->ch = fs * 1.45;
  L->mh = fs * 1.0;
  L->gap = fs * 1.4;
  L->pad = fs * 0.8;
  y = L->pad;

  for (Section s = 0; s < N_SECTIONS; s++)
    {
      if (!part_has (part, s))
        continue;
      L->has_section[s] = TRUE;
      L->title_y[s] = y;
      y += fs * 1.9;
      int first = L->n_eq;
      section_equations (L, lec, s);
      for (int e = first; e < L->n_eq; e++)
        {
          double w, h;
          nnp_text_extents (cr, L->eq[e].markup, fs * 1.05, NNP_TEXT_NORMAL, &w, &h);
          L->eq[e].x = L->pad + fs * 0.6;
          L->eq[e].y = y;
          L->eq[e].w = w;
          L->eq[e].h = h;
          L->right = MAX (L->right, L->eq[e].x + w + L->pad);
          y += h + fs * 0.35;
        }
      y += fs * 0.5;

      double x = L->pad, rowh = 0;
      for (int q = 0; q < 10 && order[s][q] != NNP_LM_NONE; q++)
        {
          NnpLectureMatrix m = order[s][q];
          Placed *P = &L->m[m];
          size_t rows, cols;
          double nw, nh;

          if (s == SEC_COST && q > 0)
            break;
          mat_dims (lec, m, &rows, &cols);
          place_rows (P, lec, m, rows);
          P->label_w = nnp_lecture_matrix_per_row (m) ? fs * 2.4 : 0;
          /* at most MAX_COLS columns, and no more than the width holds
           * (a narrow pane: Z1 of 12 units ran past its edge), at least 2 */
          int fit = fit_cols ? (int) floor ((width - 2 * L->pad - P->label_w - L->mh) / L->cw) : MAX_COLS;
          P->cols_shown = (int) MIN (cols, (size_t) CLAMP (fit, 2, MAX_COLS));
          const gboolean cut = (size_t) P->cols_shown < cols;
          P->n_cols = P->cols_shown + (cut ? 1 : 0);
          P->w = P->cols_shown * L->cw + (cut ? L->mh : 0);
          P->h = disp_height (L, P, P->n_disp);
          g_autofree char *shape = mat_shape (lec, m);
          g_autofree char *caption = g_strdup_printf ("%s %s", mats[m].name, shape);
          nnp_text_extents (cr, caption, fs, NNP_TEXT_NORMAL, &nw, &nh);
          P->bw = MAX (P->label_w + P->w, nw);
          /* the caption, and the note's line under it when there is one */
          g_autofree char *note = matrix_note (lec, m, P, rows, cols);
          P->bh = P->h + fs * (note != NULL ? 2.5 : 1.7);
          if (x > L->pad && x + P->bw > width - L->pad)
            {
              x = L->pad;
              y += rowh + fs * 0.8;
              rowh = 0;
            }
          P->x = x + (P->bw - P->w + P->label_w) / 2;
          P->y = y;
          P->placed = TRUE;
          x += P->bw + L->gap;
          L->right = MAX (L->right, x - L->gap + L->pad);
          rowh = MAX (rowh, P->bh);
        }
      y += rowh + fs * 0.8;
    }
  /* the last section's gap to a next one is not drawn */
  L->height = y - fs * 0.8 + L->pad;
}

/* ---- Drawing ------------------------------------------------------------- */

static gboolean
computed (const NnpLectureView *view, NnpLectureMatrix m)
{
  return view->step == NNP_LECTURE_STEP_NONE || mats[m].step <= view->step;
}

static void
format_cell (char *buf, size_t len, double v)
{
  if (!isfinite (v))
    g_snprintf (buf, len, "%s", isnan (v) ? "NaN" : v > 0 ? "∞" : "−∞");
  else if (v != 0 && (fabs (v) < 1e-3 || fabs (v) >= 1e5))
    g_snprintf (buf, len, "%.2e", v);   /* 0.00273 stays a decimal, as 0.02384 beside it */
  else
    g_snprintf (buf, len, "%.4g", v);
  /* a real minus sign */
  if (buf[0] == '-')
    {
      char tmp[64];
      g_snprintf (tmp, sizeof tmp, "−%s", buf + 1);
      g_strlcpy (buf, tmp, len);
    }
}

static void
draw_matrix (cairo_t *cr, const NnpTheme *t, const Layout *L, const NnpLectureView *view,
             NnpLectureMatrix m, PangoLayout *numbers, PangoLayout *labels)
{
  const Placed *P = &L->m[m];
  const NnpLecture *lec = view->lecture;
  const double fs = L->fs;
  gboolean filled = computed (view, m);
  size_t rows, cols;
  double maxabs = 0;

  mat_dims (lec, m, &rows, &cols);
  for (int q = 0; q < P->n_disp; q++)
    for (int j = 0; filled && P->disp[q] >= 0 && j < P->cols_shown; j++)
      {
        double v = mat_at (lec, m, (size_t) P->disp[q], (size_t) j);
        if (isfinite (v))
          maxabs = MAX (maxabs, fabs (v));
      }

  double y = P->y;
  for (int q = 0; q < P->n_disp; q++)
    {
      int i = P->disp[q];
      if (i < 0)
        {
          for (int j = 0; j < P->cols_shown; j++)
            nnp_text_draw (cr, "⋮", fs * 0.8, NNP_TEXT_NORMAL, P->x + (j + 0.5) * L->cw, y + L->mh / 2,
                           0.5, 0.5, &t->muted);
          y += L->mh;
          continue;
        }
      gboolean selected = nnp_lecture_matrix_per_row (m) && view->selected_row >= 0
                          && lec->rows[i] == (size_t) view->selected_row;
      if (P->label_w > 0)
        {
          char label[32];
          g_snprintf (label, sizeof label, "%zu", lec->rows[i] + 1);
          if (selected)
            nnp_text_draw (cr, label, fs * 0.7, NNP_TEXT_BOLD, P->x - fs * 0.3, y + L->ch / 2, 1, 0.5, &t->fg);
          else
            nnp_text_draw_with (cr, labels, label, P->x - fs * 0.3, y + L->ch / 2, 1, 0.5, &t->muted);
        }
      for (int j = 0; j < P->cols_shown; j++)
        {
          double cx = P->x + j * L->cw;
          cairo_rectangle (cr, cx, y, L->cw, L->ch);
          if (filled)
            {
              double v = mat_at (lec, m, (size_t) i, (size_t) j);
              NnpRgba c = nnp_colormap_at (t, maxabs > 0 ? 0.5 + 0.5 * v / maxabs : 0.5);
              nnp_set_rgba_alpha (cr, &c, 0.85);
              cairo_fill_preserve (cr);
            }
          nnp_set_rgba (cr, &t->grid);
          cairo_set_line_width (cr, MAX (fs * 0.05, 0.5));
          cairo_stroke (cr);
          if (filled)
            {
              char buf[64];
              format_cell (buf, sizeof buf, mat_at (lec, m, (size_t) i, (size_t) j));
              nnp_text_draw_with (cr, numbers, buf, cx + L->cw / 2, y + L->ch / 2, 0.5, 0.5, &t->fg);
            }
          if (view->hover_matrix == m && view->hover_row == i && view->hover_col == j)
            {
              cairo_rectangle (cr, cx + fs * 0.06, y + fs * 0.06, L->cw - fs * 0.12, L->ch - fs * 0.12);
              nnp_set_rgba (cr, &t->fg);
              cairo_set_line_width (cr, fs * 0.14);
              cairo_stroke (cr);
            }
          else if (view->hover_matrix != NNP_LM_NONE && nnp_lecture_depends (view, m, i, j))
            {
              cairo_rectangle (cr, cx + fs * 0.06, y + fs * 0.06, L->cw - fs * 0.12, L->ch - fs * 0.12);
              nnp_set_rgba (cr, &t->class1);
              cairo_set_line_width (cr, fs * 0.14);
              cairo_stroke (cr);
            }
        }
      if (P->n_cols > P->cols_shown)
        nnp_text_draw (cr, "⋯", fs * 0.8, NNP_TEXT_NORMAL, P->x + P->cols_shown * L->cw + L->mh / 2,
                       y + L->ch / 2, 0.5, 0.5, &t->muted);
      if (selected)
        {
          cairo_rectangle (cr, P->x - fs * 0.05, y - fs * 0.05, P->cols_shown * L->cw + fs * 0.1, L->ch + fs * 0.1);
          nnp_set_rgba (cr, &t->fg);
          cairo_set_line_width (cr, fs * 0.18);
          cairo_stroke (cr);
        }
      y += L->ch;
    }
  if (!filled)
    {
      cairo_save (cr);
      double dash = fs * 0.3;
      cairo_set_dash (cr, &dash, 1, 0);
      cairo_rectangle (cr, P->x, P->y, P->w, P->h);
      nnp_set_rgba (cr, &t->muted);
      cairo_set_line_width (cr, MAX (fs * 0.06, 0.5));
      cairo_stroke (cr);
      cairo_restore (cr);
    }

  /* the caption: name and shape, and how much is shown */
  g_autofree char *shape = mat_shape (lec, m);
  g_autofree char *caption = g_strdup_printf ("%s %s", mats[m].name, shape);
  double cx = P->x + P->w / 2;
  nnp_text_draw (cr, caption, fs, NNP_TEXT_NORMAL, cx, P->y + P->h + fs * 0.25, 0.5, 0, &t->fg);
  g_autofree char *note = matrix_note (lec, m, P, rows, cols);
  if (note != NULL)
    nnp_text_draw (cr, note, fs * 0.72, NNP_TEXT_NORMAL, cx, P->y + P->h + fs * 1.55, 0.5, 0, &t->muted);
}

static void
draw_layout (cairo_t *cr, const NnpTheme *t, const Layout *L, const NnpLectureView *view)
{
  const double fs = L->fs;

  for (Section s = 0; s < N_SECTIONS; s++)
    if (L->has_section[s])
      nnp_text_draw (cr, section_title (s), fs * 1.2, NNP_TEXT_BOLD, L->pad, L->title_y[s], 0, 0, &t->fg);
  for (int e = 0; e < L->n_eq; e++)
    {
      const Equation *E = &L->eq[e];
      gboolean current = view->step != NNP_LECTURE_STEP_NONE && E->step == view->step;
      if (current)
        {
          cairo_rectangle (cr, E->x - fs * 0.4, E->y - fs * 0.1, E->w + fs * 0.8, E->h + fs * 0.2);
          nnp_set_rgba_alpha (cr, &t->class1, 0.2);
          cairo_fill (cr);
          cairo_rectangle (cr, E->x - fs * 0.4, E->y - fs * 0.1, fs * 0.18, E->h + fs * 0.2);
          nnp_set_rgba (cr, &t->class1);
          cairo_fill (cr);
        }
      nnp_text_draw (cr, E->markup, fs * 1.05, current ? NNP_TEXT_BOLD : NNP_TEXT_NORMAL,
                     E->x, E->y, 0, 0, &t->fg);
    }
  PangoLayout *numbers = nnp_text_layout (cr, fs * 0.78, NNP_TEXT_NORMAL);
  PangoLayout *labels = nnp_text_layout (cr, fs * 0.7, NNP_TEXT_NORMAL);
  for (NnpLectureMatrix m = 0; m < NNP_LM_COUNT; m++)
    if (L->m[m].placed)
      draw_matrix (cr, t, L, view, m, numbers, labels);
  g_object_unref (numbers);
  g_object_unref (labels);
}

/* The view to draw: the state's, or one computed for its model and data. */
static gboolean
resolve_view (const NnpPlotState *state, NnpLectureView *view, NnpLecture **owned)
{
  *owned = NULL;
  if (state->lecture_view != NULL)
    *view = *state->lecture_view;
  else
    nnp_lecture_view_init (view);
  if (view->lecture != NULL)
    return TRUE;
  if (state->model == NULL || state->train == NULL || state->train->n == 0
      || state->model->theta->d != state->train->d)
    return FALSE;
  *owned = nnp_lecture_new (state->model, state->train, NULL, 0, 0.5);
  view->lecture = *owned;
  return *owned != NULL;
}

static double
style_font (const NnpPlotStyle *style, double width, double height)
{
  if (style != NULL && style->font_size > 0)
    return style->font_size;
  return nnp_plot_auto_font (width, height) * 0.62;
}

/* A scratch context for text measurement (hit tests and heights). */
static cairo_t *
scratch_cr (void)
{
  cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, 1);
  cairo_t *cr = cairo_create (s);
  cairo_surface_destroy (s);
  return cr;
}

/* Whether L, computed at scale s, fits width x height */
static gboolean
layout_fits (const Layout *L, double s, double width, double height, gboolean grow)
{
  return L->height * s <= height && !(grow && s > 1.0 && L->right * s > width);
}

/* The layout at the largest scale <= 1 at which it fits height (and, when
 * it may grow, at most 4 at which it fits the width too). Steps of 8% find
 * a scale that fits; halving the last step five times then finds one
 * within 0.3% of the largest, so a slide is filled to its edge rather than
 * up to 8% short of it. */
static double
fit_layout (Layout *L, cairo_t *cr, NnpFigure part, double width, double height, double fs,
            gboolean grow, const NnpLecture *lec)
{
  /* auto text size (exports): larger where the slide has room, so one
   * phase alone (the update: four small matrices) fills a slide as the
   * whole step does */
  double s = grow ? 4.0 : 1.0, too_big = 0.0;
  layout_compute (L, cr, part, width / s, fs, !grow, lec);
  for (int it = 0; it < 40 && !layout_fits (L, s, width, height, grow); it++)
    {
      too_big = s;
      s *= 0.92;
      layout_clear (L);
      layout_compute (L, cr, part, width / s, fs, !grow, lec);
    }
  if (too_big == 0.0 || !layout_fits (L, s, width, height, grow))
    return s;
  /* s fits and too_big did not: bisect between them */
  double fits = s;
  gboolean holds_fit = TRUE;   /* L is the layout at scale fits */
  for (int it = 0; it < 5; it++)
    {
      double mid = 0.5 * (fits + too_big);
      layout_clear (L);
      layout_compute (L, cr, part, width / mid, fs, !grow, lec);
      holds_fit = layout_fits (L, mid, width, height, grow);
      if (holds_fit)
        fits = mid;
      else
        too_big = mid;
    }
  if (!holds_fit)
    {
      layout_clear (L);
      layout_compute (L, cr, part, width / fits, fs, !grow, lec);
    }
  return fits;
}

/* Where the layout's top left goes: an export (grow) is centred on its
 * slide, the margins left over on both sides alike rather than all on the
 * right and at the bottom; the app's pane keeps it at its top left. */
static void
layout_origin (const Layout *L, double s, double width, double height, gboolean grow,
               double *ox, double *oy)
{
  *ox = grow ? MAX (0.0, (width - L->right * s) / 2) : 0.0;
  *oy = grow ? MAX (0.0, (height - L->height * s) / 2) : 0.0;
}

void
nnp_plot_lecture (cairo_t *cr, NnpFigure part, double width, double height,
                  const NnpPlotState *state, const NnpPlotStyle *style)
{
  NnpTheme t;
  NnpLectureView view;
  NnpLecture *owned;
  Layout L;

  g_return_if_fail (NNP_FIGURE_IS_LECTURE (part));
  if (!nnp_figure_begin (cr, &t, width, height, state, style))
    return;
  if (!resolve_view (state, &view, &owned))
    {
      nnp_text_draw (cr, _("No model and points to take apart"), t.fs, NNP_TEXT_NORMAL,
                     width / 2, height / 2, 0.5, 0.5, &t.muted);
      cairo_restore (cr);
      return;
    }
  const gboolean grow = style == NULL || !(style->font_size > 0);
  double s = fit_layout (&L, cr, part, width, height, style_font (style, width, height), grow,
                         view.lecture);
  double ox, oy;
  layout_origin (&L, s, width, height, grow, &ox, &oy);
  cairo_translate (cr, ox, oy);
  cairo_scale (cr, s, s);
  draw_layout (cr, &t, &L, &view);
  layout_clear (&L);
  nnp_lecture_free (owned);
  cairo_restore (cr);
}

double
nnp_plot_lecture_height (NnpFigure part, double width,
                         const NnpPlotState *state, const NnpPlotStyle *style)
{
  NnpLectureView view;
  NnpLecture *owned;
  Layout L;

  g_return_val_if_fail (NNP_FIGURE_IS_LECTURE (part) && state != NULL, 0);
  if (!resolve_view (state, &view, &owned))
    return 0;
  cairo_t *cr = scratch_cr ();
  layout_compute (&L, cr, part, width, style_font (style, width, width),
                  style != NULL && style->font_size > 0, view.lecture);
  double h = L.height;
  layout_clear (&L);
  cairo_destroy (cr);
  nnp_lecture_free (owned);
  return h;
}

struct _NnpLectureLayout {
  Layout L;
  double scale;
  double ox, oy;    /* the layout's top left (layout_origin) */
};

NnpLectureLayout *
nnp_lecture_layout_new (NnpFigure part, double width, double height,
                        const NnpPlotState *state, const NnpPlotStyle *style)
{
  NnpLectureView view;
  NnpLecture *owned;

  g_return_val_if_fail (NNP_FIGURE_IS_LECTURE (part) && state != NULL, NULL);
  if (!(width > 0 && height > 0) || !resolve_view (state, &view, &owned))
    return NULL;
  NnpLectureLayout *lay = g_new0 (NnpLectureLayout, 1);
  cairo_t *cr = scratch_cr ();
  const gboolean grow = style == NULL || !(style->font_size > 0);
  lay->scale = fit_layout (&lay->L, cr, part, width, height, style_font (style, width, height),
                           grow, view.lecture);
  layout_origin (&lay->L, lay->scale, width, height, grow, &lay->ox, &lay->oy);
  cairo_destroy (cr);
  nnp_lecture_free (owned);
  return lay;
}

void
nnp_lecture_layout_free (NnpLectureLayout *lay)
{
  if (lay == NULL)
    return;
  layout_clear (&lay->L);
  g_free (lay);
}

gboolean
nnp_lecture_layout_hit (const NnpLectureLayout *lay, double x, double y,
                        NnpLectureMatrix *matrix, int *row, int *col)
{
  g_return_val_if_fail (lay != NULL, FALSE);
  const Layout *L = &lay->L;
  x = (x - lay->ox) / lay->scale;
  y = (y - lay->oy) / lay->scale;
  for (NnpLectureMatrix m = 0; m < NNP_LM_COUNT; m++)
    {
      const Placed *P = &L->m[m];
      if (!P->placed || x < P->x || x >= P->x + P->cols_shown * L->cw || y < P->y || y >= P->y + P->h)
        continue;
      double yy = P->y;
      for (int q = 0; q < P->n_disp; q++)
        {
          double rh = P->disp[q] < 0 ? L->mh : L->ch;
          if (y >= yy && y < yy + rh)
            {
              if (P->disp[q] < 0)
                return FALSE;
              if (matrix) *matrix = m;
              if (row) *row = P->disp[q];
              if (col) *col = MIN ((int) ((x - P->x) / L->cw), P->cols_shown - 1);
              return TRUE;
            }
          yy += rh;
        }
    }
  return FALSE;
}

gboolean
nnp_lecture_layout_section (const NnpLectureLayout *lay, NnpLectureStep step, double *top, double *bottom)
{
  g_return_val_if_fail (lay != NULL, FALSE);
  if (step < NNP_LECTURE_STEP_FORWARD || step > NNP_LECTURE_STEP_UPDATE)
    return FALSE;
  Section s = (Section) (step - NNP_LECTURE_STEP_FORWARD);
  const Layout *L = &lay->L;
  if (!L->has_section[s])
    return FALSE;
  double end = L->height;
  for (Section n = s + 1; n < N_SECTIONS; n++)
    if (L->has_section[n])
      {
        end = L->title_y[n];
        break;
      }
  if (top)
    *top = lay->oy + L->title_y[s] * lay->scale;
  if (bottom)
    *bottom = lay->oy + end * lay->scale;
  return TRUE;
}

gboolean
nnp_lecture_layout_cell (const NnpLectureLayout *lay, NnpLectureMatrix m, int row, int col,
                         double *x, double *y, double *w, double *h)
{
  g_return_val_if_fail (lay != NULL, FALSE);
  if (m < 0 || m >= NNP_LM_COUNT || !lay->L.m[m].placed)
    return FALSE;
  const Layout *L = &lay->L;
  const Placed *P = &L->m[m];
  if (col < 0 || col >= P->cols_shown)
    return FALSE;
  for (int q = 0; q < P->n_disp; q++)
    if (P->disp[q] == row)
      {
        *x = lay->ox + (P->x + col * L->cw) * lay->scale;
        *y = lay->oy + (P->y + disp_height (L, P, q)) * lay->scale;
        *w = L->cw * lay->scale;
        *h = L->ch * lay->scale;
        return TRUE;
      }
  return FALSE;
}

gboolean
nnp_plot_lecture_hit (NnpFigure part, double width, double height,
                      const NnpPlotState *state, const NnpPlotStyle *style,
                      double x, double y, NnpLectureMatrix *matrix, int *row, int *col)
{
  NnpLectureLayout *lay = nnp_lecture_layout_new (part, width, height, state, style);
  gboolean hit = lay != NULL && nnp_lecture_layout_hit (lay, x, y, matrix, row, col);
  nnp_lecture_layout_free (lay);
  return hit;
}
