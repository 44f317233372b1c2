/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nnp-network-panel.c: the network diagram page: weights and gradients on hover, typed weights on click, the gradient check. */
#define G_LOG_DOMAIN "nnplay-network"
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "nnp-canvas.h"
#include "nnp-network-panel.h"
#include "nnp-number-field.h"

/* While training, the gradients for hover and colour are recomputed at
 * most this often. */
#define GRADS_INTERVAL_US (250 * 1000)

/* The rows a tooltip writes out in its sums. */
#define SHOWN_ROWS 2

/* A copy of what the gradients were computed for, so the tooltip's
 * numbers are of one model and one data set. */
typedef struct {
  NnpModel *model;
  NnpDataset *train;
  NnpParams *grads;
  gboolean ok;
} GradsJob;

static void
grads_job_free (gpointer p)
{
  GradsJob *job = p;
  nnp_model_free (job->model);
  nnp_dataset_free (job->train);
  nnp_params_free (job->grads);
  g_free (job);
}

typedef struct {
  NnpModel *model;
  NnpDataset *train;
  NnpGradcheckResult result;
  NnpStatus status;
  volatile int cancel;
  gboolean forgotten;           /* the network changed: its result goes nowhere */
} CheckJob;

static void
check_job_free (gpointer p)
{
  CheckJob *job = p;
  nnp_model_free (job->model);
  nnp_dataset_free (job->train);
  g_free (job);
}

struct _NnpNetworkPanel {
  GtkWidget parent_instance;

  GtkSwitch *gradient_switch;
  GtkLabel *phase_label;
  GtkButton *check_button;
  GtkLabel *check_label;
  GtkScrolledWindow *scroller;
  GtkDrawingArea *diagram;
  GtkLabel *focus_label;
  GtkPopover *edit_popover;
  GtkLabel *edit_label;
  GtkEntry *edit_entry;
  GtkLabel *edit_message;

  NnpDocument *document;
  GSignalGroup *signals;
  gboolean stale;                /* changed while hidden */
  NnpNetworkPart hot, editing;
  NnpNetworkPart kbd;            /* the part the arrow keys are on */
  gboolean has_keys;             /* the diagram has the keyboard focus */
  gboolean keys_in_use;          /* ... and a key was used on it since a click */
  gboolean edit_from_keys;       /* the value field was opened with Enter */

  GradsJob *shown;               /* the newest gradients */
  gboolean grads_busy, grads_again;
  gint64 grads_time;
  gboolean tip_waiting;          /* a tooltip said "computing" */
  gint64 draw_us, drawn_at;      /* the last drawing's cost and time */
  guint redraw_id;               /* a drawing put off while training */
  guint height_id;               /* the height for a new size, after the allocation */
  GCancellable *cancellable;     /* the workers', cancelled on dispose */
  CheckJob *check;               /* the gradient check running, or NULL */
};

G_DEFINE_FINAL_TYPE (NnpNetworkPanel, nnp_network_panel, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_DOCUMENT, N_PROPS };
static GParamSpec *props[N_PROPS];

/* ---- Drawing ------------------------------------------------------------ */

static void
style_for (NnpNetworkPanel *self, NnpPlotStyle *style)
{
  nnp_plot_style_for_widget (GTK_WIDGET (self), style);
  style->font_size = 14 * nnp_widget_text_scale (GTK_WIDGET (self));
}

static void
options_for (NnpNetworkPanel *self, NnpNetworkOptions *opt)
{
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (self->scroller);

  nnp_network_options_init (opt);
  opt->colour = nnp_network_panel_get_colour (self);
  opt->grads = self->shown != NULL && self->shown->ok ? self->shown->grads : NULL;
  opt->hot = self->hot;
  opt->visible_top = gtk_adjustment_get_value (adj);
  opt->visible_height = gtk_adjustment_get_page_size (adj);
}

/* While a step is taken apart (the Lecture view's Shift+Right), the
 * diagram follows it: forward and cost show the values (the weights
 * theta(t) the step starts from), backward the gradients flowing back
 * (coloured by -dtheta), update the new weights theta(t+1). */
NnpNetworkColour
nnp_network_panel_get_colour (NnpNetworkPanel *self)
{
  NnpPhase phase = self->document != NULL ? nnp_document_get_phase (self->document) : NNP_PHASE_NONE;

  g_return_val_if_fail (NNP_IS_NETWORK_PANEL (self), NNP_NETWORK_COLOUR_WEIGHT);
  if (phase == NNP_PHASE_BACKWARD)
    return NNP_NETWORK_COLOUR_GRADIENT;
  if (phase != NNP_PHASE_NONE)
    return NNP_NETWORK_COLOUR_WEIGHT;
  return gtk_switch_get_active (self->gradient_switch) ? NNP_NETWORK_COLOUR_GRADIENT
                                                       : NNP_NETWORK_COLOUR_WEIGHT;
}

static void
on_phase (NnpDocument *document, GParamSpec *pspec, NnpNetworkPanel *self)
{
  const char *text = NULL;

  switch (nnp_document_get_phase (document))
    {
    case NNP_PHASE_FORWARD:
      text = _("Forward propagation: the values flow from <i>x</i> through <i>a</i><sup>[1]</sup> to <i>a</i><sup>[2]</sup>; "
               "edges show the weights <i>W</i><sup>[1]</sup>, <i>W</i><sup>[2]</sup> the step starts from");
      break;
    case NNP_PHASE_COST:
      text = _("Cost: <i>J</i> compares <i>a</i><sup>[2]</sup> with <i>y</i> over all points; the weights are still <i>θ</i><sup>(<i>t</i>)</sup>");
      break;
    case NNP_PHASE_BACKWARD:
      text = _("Backpropagation: the gradients flow back from d<i>Z</i><sup>[2]</sup> to d<i>W</i><sup>[1]</sup>; "
               "edges are coloured by −d<i>θ</i>, the direction of the update");
      break;
    case NNP_PHASE_UPDATE:
      text = _("Update: <i>θ</i><sup>(<i>t</i>+1)</sup> = <i>θ</i><sup>(<i>t</i>)</sup> − <i>α</i> d<i>θ</i>; edges show the new weights");
      break;
    case NNP_PHASE_NONE:
    default:
      break;
    }
  /* markup: the slide's superscripts, Z^[1] and theta^(t+1) */
  gtk_label_set_markup (self->phase_label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->phase_label), text != NULL);
  gtk_widget_queue_draw (GTK_WIDGET (self->diagram));
}

const char *
nnp_network_panel_get_phase_text (NnpNetworkPanel *self)
{
  g_return_val_if_fail (NNP_IS_NETWORK_PANEL (self), NULL);
  return gtk_widget_get_visible (GTK_WIDGET (self->phase_label)) ? gtk_label_get_text (self->phase_label) : NULL;
}

static void
draw_diagram (GtkDrawingArea *area, cairo_t *cr, int width, int height, gpointer data)
{
  NnpNetworkPanel *self = data;
  NnpNetworkOptions opt;
  NnpPlotStyle style;

  if (self->document == NULL)
    return;
  style_for (self, &style);
  options_for (self, &opt);
  gint64 t0 = g_get_monotonic_time ();
  nnp_plot_network (cr, width, height, nnp_document_get_plot_state (self->document), &style, &opt);
  self->drawn_at = g_get_monotonic_time ();
  self->draw_us = self->drawn_at - t0;
}

/* The diagram's share of the time while training: at most about 1/40
 * (and at most 5 drawings a second), so the training thread keeps its
 * core; paused, every change is drawn at once. */
#define DRAW_SHARE 40
#define DRAW_MIN_INTERVAL_US (200 * 1000)

static gboolean
redraw_due (gpointer data)
{
  NnpNetworkPanel *self = data;
  self->redraw_id = 0;
  gtk_widget_queue_draw (GTK_WIDGET (self->diagram));
  return G_SOURCE_REMOVE;
}

static void
queue_diagram (NnpNetworkPanel *self)
{
  gint64 interval, wait;

  if (self->document == NULL || !nnp_document_get_running (self->document))
    {
      g_clear_handle_id (&self->redraw_id, g_source_remove);
      gtk_widget_queue_draw (GTK_WIDGET (self->diagram));
      return;
    }
  interval = MAX (DRAW_MIN_INTERVAL_US, DRAW_SHARE * self->draw_us);
  wait = self->drawn_at + interval - g_get_monotonic_time ();
  if (wait <= 0)
    gtk_widget_queue_draw (GTK_WIDGET (self->diagram));
  else if (self->redraw_id == 0)
    self->redraw_id = g_timeout_add ((guint) (wait / 1000) + 1, redraw_due, self);
}

/* The hidden column grows taller than the page when units would crowd. */
static void
update_height (NnpNetworkPanel *self)
{
  const NnpPlotState *st;
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (self->scroller);
  int width = gtk_widget_get_width (GTK_WIDGET (self->diagram));
  double page = gtk_adjustment_get_page_size (adj);
  NnpPlotStyle style;
  int want;

  if (self->document == NULL || width <= 0 || page <= 0)
    return;
  st = nnp_document_get_plot_state (self->document);
  style_for (self, &style);
  want = (int) ceil (nnp_plot_network_natural_height (width, page, st->model != NULL ? st->model->theta->h : 1,
                                                      &style));
  if (want > (int) page + 1)
    gtk_widget_set_size_request (GTK_WIDGET (self->diagram), -1, want);
  else
    gtk_widget_set_size_request (GTK_WIDGET (self->diagram), -1, -1);
}

static void update_focus_label (NnpNetworkPanel *self);
static void clamp_kbd (NnpNetworkPanel *self);

/* ---- Gradients of the current epoch -------------------------------------- */

static void
grads_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  GradsJob *job = data;
  NnpWorkspace *ws = nnp_workspace_alloc (job->model->theta->h);
  NnpEval e = { 0 };

  job->grads = nnp_params_alloc (job->model->theta->d, job->model->theta->h);
  if (ws != NULL && job->grads != NULL && job->train->n > 0)
    {
      nnp_forward_backward (job->grads, &e, job->train->X, job->train->y, NULL, job->train->n, job->model, ws);
      job->ok = nnp_params_all_finite (job->grads);
    }
  nnp_workspace_free (ws);
  g_task_return_boolean (task, TRUE);
}

static void request_grads (NnpNetworkPanel *self);
static gboolean wants_grads (NnpNetworkPanel *self);

static void
grads_done (GObject *source, GAsyncResult *res, gpointer data)
{
  NnpNetworkPanel *self = NNP_NETWORK_PANEL (source);
  GradsJob *job = g_task_get_task_data (G_TASK (res));

  if (g_task_had_error (G_TASK (res)) || g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (res))))
    return;
  self->grads_busy = FALSE;
  if (!wants_grads (self))
    {
      /* nobody asks any longer (the keys or the pointer left meanwhile) */
      self->grads_again = FALSE;
      g_clear_pointer (&self->shown, grads_job_free);
      return;
    }
  /* take the job over from the task */
  g_clear_pointer (&self->shown, grads_job_free);
  self->shown = g_memdup2 (job, sizeof *job);
  job->model = NULL, job->train = NULL, job->grads = NULL;
  gtk_widget_queue_draw (GTK_WIDGET (self->diagram));
  /* A tooltip that said "computing" asks again; not on every update
   * while training, which would keep restarting its delay. */
  if (self->tip_waiting && self->hot.kind != NNP_NETWORK_NONE)
    gtk_widget_trigger_tooltip_query (GTK_WIDGET (self->diagram));
  self->tip_waiting = FALSE;
  update_focus_label (self);
  if (self->grads_again)
    {
      self->grads_again = FALSE;
      request_grads (self);
    }
}

/* dJ/dtheta of the shown model on the training points, in a worker: the
 * data are copied, so a million points never stall a frame. */
static void
request_grads (NnpNetworkPanel *self)
{
  const NnpPlotState *st = nnp_document_get_plot_state (self->document);
  GradsJob *job;
  GTask *task;

  if (st->model == NULL || st->train == NULL || st->train->n == 0)
    {
      g_clear_pointer (&self->shown, grads_job_free);
      return;
    }
  if (self->grads_busy)
    {
      self->grads_again = TRUE;
      return;
    }
  job = g_new0 (GradsJob, 1);
  job->model = nnp_model_dup (st->model);
  job->train = nnp_dataset_dup (st->train);
  if (job->model == NULL || job->train == NULL)
    {
      grads_job_free (job);
      return;
    }
  self->grads_busy = TRUE;
  self->grads_time = g_get_monotonic_time ();
  task = g_task_new (self, self->cancellable, grads_done, NULL);
  g_task_set_task_data (task, job, grads_job_free);
  g_task_run_in_thread (task, grads_thread);
  g_object_unref (task);
}

static gboolean
wants_grads (NnpNetworkPanel *self)
{
  return gtk_switch_get_active (self->gradient_switch) || self->hot.kind != NNP_NETWORK_NONE
         || (self->kbd.kind != NNP_NETWORK_NONE && self->has_keys)
         || gtk_widget_get_visible (GTK_WIDGET (self->edit_popover));
}

static void
refresh (NnpNetworkPanel *self)
{
  if (self->document == NULL)
    return;
  clamp_kbd (self);
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      self->stale = TRUE;
      return;
    }
  self->stale = FALSE;
  update_height (self);
  if (wants_grads (self)
      && (!nnp_document_get_running (self->document)
          || g_get_monotonic_time () - self->grads_time >= GRADS_INTERVAL_US))
    request_grads (self);
  else if (!wants_grads (self))
    g_clear_pointer (&self->shown, grads_job_free);
  queue_diagram (self);
  /* while training, the gradients' arrival (a few a second) updates it */
  if (!nnp_document_get_running (self->document))
    update_focus_label (self);
}

static void
on_document_changed (NnpDocument *document, NnpNetworkPanel *self)
{
  refresh (self);
}

static void
on_map (GtkWidget *widget, NnpNetworkPanel *self)
{
  if (self->stale)
    refresh (self);
}

static void
on_gradient_switch_active (GtkSwitch *sw, GParamSpec *pspec, NnpNetworkPanel *self)
{
  refresh (self);
}

/* ---- What hovering tells ------------------------------------------------- */

static char *
num (double v)
{
  /* the locale's decimal mark, a real minus sign */
  g_autofree char *s = g_strdup_printf ("%.4g", v);
  if (s[0] == '-')
    return g_strconcat ("−", s + 1, NULL);
  return g_steal_pointer (&s);
}

/* One row's forward and backward values, as the slides name them. */
typedef struct {
  double x[2], y, a2, dz2;
  double z1, a1, dz1;   /* of unit j */
} RowValues;

static void
row_values (const NnpModel *m, const NnpDataset *ds, size_t i, size_t j, RowValues *r)
{
  const NnpParams *th = m->theta;
  double z2 = *th->b2;

  r->z1 = r->a1 = 0;
  r->x[0] = ds->X[i * ds->d];
  r->x[1] = ds->d > 1 ? ds->X[i * ds->d + 1] : 0;
  r->y = ds->y[i];
  for (size_t u = 0; u < th->h; u++)
    {
      double z = gsl_vector_get (&th->b1.vector, u);
      for (size_t k = 0; k < th->d; k++)
        z += gsl_matrix_get (&th->W1.matrix, u, k) * ds->X[i * ds->d + k];
      double a = nnp_activation_g (m->act, z);
      z2 += gsl_matrix_get (&th->W2.matrix, 0, u) * a;
      if (u == j)
        r->z1 = z, r->a1 = a;
    }
  r->a2 = nnp_activation_g (NNP_ACT_SIGMOID, z2);
  r->dz2 = (r->a2 - r->y) / (double) ds->n;
  r->dz1 = r->dz2 * gsl_matrix_get (&th->W2.matrix, 0, j) * nnp_activation_dg (m->act, r->z1, r->a1);
}

/* "(a)(b) + (c)(d) + … (n terms)" from the first rows. */
static void
append_terms (GString *s, const NnpModel *m, const NnpDataset *ds, size_t j, NnpNetworkPartKind kind, size_t k)
{
  size_t rows = MIN (ds->n, (size_t) SHOWN_ROWS);

  for (size_t i = 0; i < rows; i++)
    {
      RowValues r;
      g_autofree char *a = NULL, *b = NULL;
      row_values (m, ds, i, j, &r);
      switch (kind)
        {
        case NNP_NETWORK_W1:
          a = num (r.dz1), b = num (r.x[k]);
          g_string_append_printf (s, "%s(%s)(%s)", i > 0 ? " + " : "", a, b);
          break;
        case NNP_NETWORK_W2:
          a = num (r.dz2), b = num (r.a1);
          g_string_append_printf (s, "%s(%s)(%s)", i > 0 ? " + " : "", a, b);
          break;
        case NNP_NETWORK_HIDDEN:
          a = num (r.dz1);
          g_string_append_printf (s, "%s(%s)", i > 0 ? " + " : "", a);
          break;
        default:
          a = num (r.dz2);
          g_string_append_printf (s, "%s(%s)", i > 0 ? " + " : "", a);
          break;
        }
    }
  if (ds->n > rows)
    g_string_append_printf (s, ngettext (" + … (%zu term)", " + … (%zu terms)", ds->n), ds->n);
}

static char *describe_part (NnpNetworkPanel *self, const NnpNetworkPart *part, gboolean keys);

char *
nnp_network_panel_describe (NnpNetworkPanel *self, const NnpNetworkPart *part)
{
  return describe_part (self, part, FALSE);
}

/* keys: for the line under the diagram (the keyboard's words, and no
 * tooltip waits for it). */
static char *
describe_part (NnpNetworkPanel *self, const NnpNetworkPart *part, gboolean keys)
{
  const NnpPlotState *st;
  const NnpModel *m;
  GString *s;
  size_t index, j, k;
  double value, alpha;
  g_autofree char *v = NULL;

  g_return_val_if_fail (NNP_IS_NETWORK_PANEL (self), NULL);
  g_return_val_if_fail (part != NULL, NULL);
  if (self->document == NULL)
    return NULL;
  st = nnp_document_get_plot_state (self->document);
  m = st->model;
  if (m == NULL)
    return NULL;
  j = part->j + 1, k = part->k + 1;
  s = g_string_new (NULL);
  if (part->kind == NNP_NETWORK_INPUT)
    {
      g_string_append_printf (s, _("<b><i>x</i><sub>%zu</sub></b>: input %zu, column %zu of <i>X</i> (<i>n</i> × <i>d</i>)"),
                              j, j, j);
      return g_string_free (s, FALSE);
    }
  index = nnp_network_part_index (part, m->theta->d, m->theta->h);
  if (index == (size_t) -1)
    return g_string_free (s, TRUE);
  value = m->theta->block[index];
  v = num (value);
  switch (part->kind)
    {
    case NNP_NETWORK_W1:
      g_string_append_printf (s, _("<b><i>W</i><sup>[1]</sup><sub>%zu,%zu</sub> = %s</b>, from input <i>x</i><sub>%zu</sub> to hidden unit %zu"),
                              j, k, v, k, j);
      g_string_append_printf (s, "\n<i>dW</i><sup>[1]</sup><sub>%zu,%zu</sub> = Σ<sub><i>i</i></sub> <i>dZ</i><sup>[1]</sup><sub><i>i</i>%zu</sub> <i>X</i><sub><i>i</i>%zu</sub>",
                              j, k, j, k);
      break;
    case NNP_NETWORK_W2:
      g_string_append_printf (s, _("<b><i>W</i><sup>[2]</sup><sub>%zu</sub> = %s</b>, from hidden unit %zu to the output"), j, v, j);
      g_string_append_printf (s, "\n<i>dW</i><sup>[2]</sup><sub>%zu</sub> = Σ<sub><i>i</i></sub> <i>dZ</i><sup>[2]</sup><sub><i>i</i></sub> <i>A</i><sup>[1]</sup><sub><i>i</i>%zu</sub>",
                              j, j);
      break;
    case NNP_NETWORK_HIDDEN:
      g_string_append_printf (s, _("<b><i>b</i><sup>[1]</sup><sub>%zu</sub> = %s</b>, the bias of hidden unit %zu: <i>a</i><sub>%zu</sub><sup>[1]</sup> = <i>g</i>(<i>w</i><sub>%zu</sub><sup>[1]</sup> · <i>x</i> + <i>b</i><sub>%zu</sub><sup>[1]</sup>), its line <i>w</i><sub>%zu</sub><sup>[1]</sup> · <i>x</i> + <i>b</i><sub>%zu</sub><sup>[1]</sup> = 0"),
                              j, v, j, j, j, j, j, j);
      g_string_append_printf (s, "\n<i>db</i><sup>[1]</sup><sub>%zu</sub> = Σ<sub><i>i</i></sub> <i>dZ</i><sup>[1]</sup><sub><i>i</i>%zu</sub>", j, j);
      break;
    case NNP_NETWORK_OUTPUT:
    default:
      g_string_append_printf (s, _("<b><i>b</i><sup>[2]</sup> = %s</b>, the output’s bias: <i>a</i><sup>[2]</sup> = σ(<i>b</i><sup>[2]</sup> + <i>W</i><sup>[2]</sup> <i>a</i><sup>[1]</sup>), with its 0.5 contour"),
                              v);
      g_string_append (s, "\n<i>db</i><sup>[2]</sup> = Σ<sub><i>i</i></sub> <i>dZ</i><sup>[2]</sup><sub><i>i</i></sub>");
      break;
    }

  if (self->shown != NULL && self->shown->ok && self->shown->model->theta->h == m->theta->h)
    {
      const GradsJob *g = self->shown;
      double grad = g->grads->block[index];
      g_autofree char *gv = num (grad);
      g_string_append (s, " = ");
      append_terms (s, g->model, g->train, part->j, part->kind, part->k);
      g_string_append_printf (s, " = <b>%s</b>", gv);
      if (part->kind == NNP_NETWORK_W1 || part->kind == NNP_NETWORK_HIDDEN)
        g_string_append (s, "\n<i>dZ</i><sup>[1]</sup> = <i>dZ</i><sup>[2]</sup> <i>W</i><sup>[2]</sup> ∘ <i>g</i>′(<i>Z</i><sup>[1]</sup>)");
      g_string_append (s, "\n<i>dZ</i><sup>[2]</sup> = (<i>A</i><sup>[2]</sup> − <i>Y</i>) / <i>n</i>");
      alpha = nnp_document_get_learning_rate (self->document);
      {
        g_autofree char *a = num (alpha), *next = num (value - alpha * grad);
        g_string_append_printf (s, _("\nNext step: θ − α dθ = %s − %s × (%s) = %s"), v, a, gv, next);
      }
    }
  else if (st->train != NULL && st->train->n > 0)
    {
      g_string_append (s, _("\n(computing the gradient…)"));
      self->tip_waiting |= !keys;
    }
  else
    g_string_append (s, _("\n(the gradient needs training points)"));
  g_string_append (s, keys ? _("\nEnter types a new value.") : _("\nClick to type a new value."));
  return g_string_free (s, FALSE);
}

gboolean
nnp_network_panel_hit (NnpNetworkPanel *self, double x, double y, NnpNetworkPart *part)
{
  NnpNetworkOptions opt;
  NnpPlotStyle style;

  g_return_val_if_fail (NNP_IS_NETWORK_PANEL (self), FALSE);
  g_return_val_if_fail (part != NULL, FALSE);
  memset (part, 0, sizeof *part);
  if (self->document == NULL)
    return FALSE;
  style_for (self, &style);
  options_for (self, &opt);
  return nnp_plot_network_hit (gtk_widget_get_width (GTK_WIDGET (self->diagram)),
                               gtk_widget_get_height (GTK_WIDGET (self->diagram)),
                               nnp_document_get_plot_state (self->document), &style, &opt, x, y, part);
}

static gboolean
on_diagram_query_tooltip (GtkWidget *widget, int x, int y, gboolean keyboard, GtkTooltip *tooltip,
                          NnpNetworkPanel *self)
{
  NnpNetworkPart part;
  g_autofree char *text = NULL;

  /* no tooltip over the value field: it had covered the field until the
   * pointer left the diagram */
  if (keyboard || gtk_widget_get_visible (GTK_WIDGET (self->edit_popover))
      || !nnp_network_panel_hit (self, x, y, &part) || (text = nnp_network_panel_describe (self, &part)) == NULL)
    return FALSE;
  gtk_tooltip_set_markup (tooltip, text);
  return TRUE;
}

static gboolean
same_part (const NnpNetworkPart *a, const NnpNetworkPart *b)
{
  return a->kind == b->kind && a->j == b->j && a->k == b->k;
}

static void
set_hot (NnpNetworkPanel *self, const NnpNetworkPart *part)
{
  if (same_part (part, &self->hot))
    return;
  gboolean was = self->hot.kind != NNP_NETWORK_NONE;
  self->hot = *part;
  if (!was && part->kind != NNP_NETWORK_NONE)
    refresh (self);
  gtk_widget_queue_draw (GTK_WIDGET (self->diagram));
}

static void
on_motion (GtkEventControllerMotion *motion, double x, double y, NnpNetworkPanel *self)
{
  NnpNetworkPart part;
  nnp_network_panel_hit (self, x, y, &part);
  set_hot (self, &part);
}

static void
on_leave (GtkEventControllerMotion *motion, NnpNetworkPanel *self)
{
  NnpNetworkPart none = { 0 };
  set_hot (self, &none);
}

/* ---- Typing a weight ----------------------------------------------------- */

static void
on_edit_activate (GtkEntry *entry, NnpNetworkPanel *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));
  const NnpModel *m;
  g_autoptr(GError) error = NULL;
  double value;
  size_t index;

  if (self->document == NULL || (m = nnp_document_get_plot_state (self->document)->model) == NULL)
    return;
  index = nnp_network_part_index (&self->editing, m->theta->d, m->theta->h);
  if (!nnp_number_field_parse (text, &value))
    {
      gtk_widget_add_css_class (GTK_WIDGET (entry), "error");
      gtk_label_set_text (self->edit_message, _("Not a number"));
      return;
    }
  if (!nnp_document_set_parameter (self->document, index, value, &error))
    {
      gtk_widget_add_css_class (GTK_WIDGET (entry), "error");
      gtk_label_set_text (self->edit_message, error->message);
      return;
    }
  gtk_popover_popdown (self->edit_popover);
}

static void
on_edit_changed (GtkEditable *entry, NnpNetworkPanel *self)
{
  gtk_widget_remove_css_class (GTK_WIDGET (entry), "error");
  gtk_label_set_text (self->edit_message, _("Enter applies; Ctrl+Z undoes"));
}

static char *
part_name (const NnpNetworkPart *part)
{
  switch (part->kind)
    {
    case NNP_NETWORK_W1:
      return g_strdup_printf ("<i>W</i><sup>[1]</sup><sub>%zu,%zu</sub> =", part->j + 1, part->k + 1);
    case NNP_NETWORK_W2:
      return g_strdup_printf ("<i>W</i><sup>[2]</sup><sub>%zu</sub> =", part->j + 1);
    case NNP_NETWORK_HIDDEN:
      return g_strdup_printf ("<i>b</i><sup>[1]</sup><sub>%zu</sub> =", part->j + 1);
    case NNP_NETWORK_OUTPUT:
      return g_strdup ("<i>b</i><sup>[2]</sup> =");
    default:
      return NULL;
    }
}

static void
start_edit (NnpNetworkPanel *self, const NnpNetworkPart *part, double x, double y)
{
  g_autofree char *name = part_name (part);
  const NnpModel *m;
  size_t index;

  m = nnp_document_get_plot_state (self->document)->model;
  if (m == NULL || name == NULL || nnp_network_part_index (part, m->theta->d, m->theta->h) == (size_t) -1)
    return;
  /* The lecturer's weight stays put: training pauses first. That also
   * brings a view of the past back to the present and frees the past's
   * model, so the value is read from the present one's, after. */
  nnp_document_set_running (self->document, FALSE);
  m = nnp_document_get_plot_state (self->document)->model;
  if (m == NULL || (index = nnp_network_part_index (part, m->theta->d, m->theta->h)) == (size_t) -1)
    return;
  self->editing = *part;
  {
    g_autofree char *v = g_strdup_printf ("%.6g", m->theta->block[index]);
    gtk_editable_set_text (GTK_EDITABLE (self->edit_entry), v);
  }
  gtk_label_set_markup (self->edit_label, name);
  on_edit_changed (GTK_EDITABLE (self->edit_entry), self);
  gtk_popover_set_pointing_to (self->edit_popover, &(GdkRectangle) { (int) x, (int) y, 1, 1 });
  gtk_popover_popup (self->edit_popover);
  gtk_widget_trigger_tooltip_query (GTK_WIDGET (self->diagram));   /* the edge's tooltip goes */
  gtk_widget_grab_focus (GTK_WIDGET (self->edit_entry));
  gtk_editable_select_region (GTK_EDITABLE (self->edit_entry), 0, -1);
}

static void
on_click_pressed (GtkGestureClick *click, int n_press, double x, double y, NnpNetworkPanel *self)
{
  self->keys_in_use = FALSE;
  self->edit_from_keys = FALSE;
  update_focus_label (self);
}

static void
on_click_released (GtkGestureClick *click, int n_press, double x, double y, NnpNetworkPanel *self)
{
  NnpNetworkPart part;

  if (self->document != NULL && nnp_network_panel_hit (self, x, y, &part))
    {
      /* the arrow keys go on from the part clicked */
      if (part.kind != NNP_NETWORK_INPUT)
        self->kbd = part;
      start_edit (self, &part, x, y);
    }
}

/* ---- The keyboard -------------------------------------------------------- */

/* The parameters in the slide's order, unit by unit: W[1]_j1 ... W[1]_jd,
 * b[1]_j, W[2]_j for j = 1 ... h, then b[2]. */
static size_t
part_position (const NnpNetworkPart *p, size_t d)
{
  switch (p->kind)
    {
    case NNP_NETWORK_W1: return p->j * (d + 2) + p->k;
    case NNP_NETWORK_HIDDEN: return p->j * (d + 2) + d;
    case NNP_NETWORK_W2: return p->j * (d + 2) + d + 1;
    case NNP_NETWORK_OUTPUT:
    default: return (size_t) -1;
    }
}

static NnpNetworkPart
part_at_position (size_t pos, size_t d, size_t h)
{
  NnpNetworkPart p = { NNP_NETWORK_OUTPUT, 0, 0 };
  if (pos >= h * (d + 2))
    return p;
  p.j = pos / (d + 2);
  p.k = pos % (d + 2);
  if (p.k < d)
    p.kind = NNP_NETWORK_W1;
  else
    {
      p.kind = p.k == d ? NNP_NETWORK_HIDDEN : NNP_NETWORK_W2;
      p.k = 0;
    }
  return p;
}

/* After the model changed (fewer hidden units, another file), the part
 * the keys are on may be gone: the same parameter of the last unit. */
static void
clamp_kbd (NnpNetworkPanel *self)
{
  const NnpModel *m;
  NnpNetworkPart was = self->kbd;

  if (was.kind == NNP_NETWORK_NONE || self->document == NULL
      || (m = nnp_document_get_plot_state (self->document)->model) == NULL
      || nnp_network_part_index (&was, m->theta->d, m->theta->h) != (size_t) -1)
    return;
  if (m->theta->h == 0 || m->theta->d == 0)
    self->kbd = (NnpNetworkPart) { 0 };
  else
    {
      self->kbd.j = MIN (was.j, m->theta->h - 1);
      if (was.kind == NNP_NETWORK_W1)
        self->kbd.k = MIN (was.k, m->theta->d - 1);
    }
  if (same_part (&self->hot, &was))
    self->hot = self->kbd;
}

/* Under the diagram while it has the keys: what the tooltip says of the
 * part the arrows are on; screen readers get it as the description. */
static void
update_focus_label (NnpNetworkPanel *self)
{
  g_autofree char *text = NULL, *plain = NULL;

  /* Only once a key was used on the diagram: not for a click (the line
   * would push the diagram away under the pointer), nor for the focus
   * coming back as a click's value field closes. */
  if (self->kbd.kind != NNP_NETWORK_NONE
      && ((self->keys_in_use && gtk_widget_has_focus (GTK_WIDGET (self->diagram)))
          || (self->edit_from_keys && gtk_widget_get_visible (GTK_WIDGET (self->edit_popover)))))
    text = describe_part (self, &self->kbd, TRUE);
  if (text == NULL)
    {
      /* (hidden already: the text went with it, and the diagram's own
       * description, as the template gives it, is back) */
      if (gtk_widget_get_visible (GTK_WIDGET (self->focus_label)))
        {
          gtk_widget_set_visible (GTK_WIDGET (self->focus_label), FALSE);
          gtk_label_set_label (self->focus_label, "");
          gtk_accessible_update_property (GTK_ACCESSIBLE (self->diagram), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                          _("Inputs, hidden units and output with their weights and biases"), -1);
        }
      return;
    }
  if (g_strcmp0 (gtk_label_get_label (self->focus_label), text) != 0)
    {
      gtk_label_set_markup (self->focus_label, text);
      if (pango_parse_markup (text, -1, 0, NULL, &plain, NULL, NULL))
        gtk_accessible_update_property (GTK_ACCESSIBLE (self->diagram),
                                        GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, plain, -1);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->focus_label), TRUE);
}

/* Keeps the part on the page of a tall (scrolling) diagram: an edge by
 * its hidden unit (the inputs and the output stay in the middle of the
 * page, so its other end is in view too). By the edge's middle, W[2]_1
 * had left its unit out of view. */
static void
scroll_to_part (NnpNetworkPanel *self, const NnpNetworkPart *part)
{
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (self->scroller);
  double x, y, value = gtk_adjustment_get_value (adj), page = gtk_adjustment_get_page_size (adj);
  const double margin = 40;
  NnpNetworkPart target = *part;

  if (part->kind == NNP_NETWORK_W1 || part->kind == NNP_NETWORK_W2)
    target = (NnpNetworkPart) { NNP_NETWORK_HIDDEN, part->j, 0 };
  if (!nnp_network_panel_anchor (self, &target, &x, &y))
    return;
  /* the column titles stay at the top of the page, over what is under them */
  NnpPlotStyle style;
  style_for (self, &style);
  const double titles = nnp_plot_network_header_height (gtk_widget_get_width (GTK_WIDGET (self->diagram)),
                                                        gtk_widget_get_height (GTK_WIDGET (self->diagram)),
                                                        &style);
  if (y - margin - titles < value)
    gtk_adjustment_set_value (adj, y - margin - titles);
  else if (y + margin > value + page)
    gtk_adjustment_set_value (adj, y + margin - page);
}

static void
set_kbd (NnpNetworkPanel *self, const NnpNetworkPart *part)
{
  gboolean had = self->kbd.kind != NNP_NETWORK_NONE;
  self->kbd = *part;
  set_hot (self, part);
  if (!had)
    refresh (self);
  scroll_to_part (self, part);
  update_focus_label (self);
}

static void diagram_focus_in (NnpNetworkPanel *self);

static gboolean
on_diagram_key (GtkEventControllerKey *keys, guint keyval, guint keycode, GdkModifierType state,
                NnpNetworkPanel *self)
{
  const NnpModel *m;
  size_t d, h, last, pos;

  if (self->document == NULL || (m = nnp_document_get_plot_state (self->document)->model) == NULL
      || (state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SHIFT_MASK)) != 0)
    return FALSE;
  switch (keyval)
    {
    case GDK_KEY_Down: case GDK_KEY_KP_Down: case GDK_KEY_Up: case GDK_KEY_KP_Up:
    case GDK_KEY_Home: case GDK_KEY_KP_Home: case GDK_KEY_End: case GDK_KEY_KP_End:
    case GDK_KEY_Return: case GDK_KEY_KP_Enter: case GDK_KEY_ISO_Enter:
      self->keys_in_use = TRUE;
      break;
    default:
      break;
    }
  /* the keys reach the diagram: it has them, whatever the focus
   * notifications said (a popover child of the diagram confuses them) */
  if (self->keys_in_use && !self->has_keys)
    diagram_focus_in (self);
  d = m->theta->d, h = m->theta->h;
  last = h * (d + 2);
  pos = self->kbd.kind == NNP_NETWORK_NONE ? 0 : MIN (part_position (&self->kbd, d), last);
  switch (keyval)
    {
    case GDK_KEY_Down: case GDK_KEY_KP_Down:
      pos = self->kbd.kind == NNP_NETWORK_NONE ? 0 : MIN (pos + 1, last);
      break;
    case GDK_KEY_Up: case GDK_KEY_KP_Up:
      pos = pos > 0 ? pos - 1 : 0;
      break;
    case GDK_KEY_Home: case GDK_KEY_KP_Home:
      pos = 0;
      break;
    case GDK_KEY_End: case GDK_KEY_KP_End:
      pos = last;
      break;
    case GDK_KEY_Return: case GDK_KEY_KP_Enter: case GDK_KEY_ISO_Enter:
      {
        double x, y;
        if (self->kbd.kind == NNP_NETWORK_NONE || !nnp_network_panel_anchor (self, &self->kbd, &x, &y))
          return FALSE;
        self->edit_from_keys = TRUE;
        start_edit (self, &self->kbd, x, y);
        return TRUE;
      }
    case GDK_KEY_Escape:
      if (self->kbd.kind == NNP_NETWORK_NONE)
        return FALSE;
      {
        NnpNetworkPart none = { 0 };
        self->kbd = none;
        set_hot (self, &none);
        update_focus_label (self);
      }
      return TRUE;
    default:
      return FALSE;
    }
  NnpNetworkPart part = part_at_position (pos, d, h);
  set_kbd (self, &part);
  return TRUE;
}

static void
diagram_focus_in (NnpNetworkPanel *self)
{
  self->has_keys = TRUE;
  clamp_kbd (self);
  if (self->kbd.kind == NNP_NETWORK_NONE)
    {
      NnpNetworkPart first = { NNP_NETWORK_W1, 0, 0 };
      set_kbd (self, &first);
    }
  else
    {
      /* marked again, and its gradients asked for */
      NnpNetworkPart part = self->kbd;
      set_hot (self, &part);
      update_focus_label (self);
    }
}

static void
diagram_focus_out (NnpNetworkPanel *self)
{
  self->has_keys = FALSE;
  /* keys_in_use stays: GTK moves the focus away and back as a popover
   * closes, and the line hides while the diagram lacks the focus anyway.
   * The part stays for the next Tab, but is no longer marked (nor are
   * its gradients computed) while the keys are elsewhere. */
  if (!gtk_widget_get_visible (GTK_WIDGET (self->edit_popover)) && same_part (&self->hot, &self->kbd))
    {
      NnpNetworkPart none = { 0 };
      set_hot (self, &none);
    }
  update_focus_label (self);
}

/* The diagram itself, not its subtree: the value field's popover is its
 * child, so a focus controller saw the focus stay in while the field had
 * it, and never saw it leave afterwards (GTK 4.8). */
static void
on_diagram_has_focus (GtkWidget *diagram, GParamSpec *pspec, NnpNetworkPanel *self)
{
  gboolean has = gtk_widget_has_focus (diagram);

  if (has == self->has_keys)
    return;
  if (has)
    diagram_focus_in (self);
  else
    diagram_focus_out (self);
}

static void
on_popover_closed (GtkPopover *popover, NnpNetworkPanel *self)
{
  /* typed from the keyboard: the keys go back to the diagram */
  if (self->edit_from_keys && self->kbd.kind != NNP_NETWORK_NONE)
    gtk_widget_grab_focus (GTK_WIDGET (self->diagram));
  self->edit_from_keys = FALSE;
  update_focus_label (self);
}

/* ---- The gradient check -------------------------------------------------- */

static void
check_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  CheckJob *job = data;
  job->status = nnp_gradcheck_blocks (&job->result, job->model, job->train, 0, &job->cancel);
  g_task_return_boolean (task, TRUE);
}

static void
check_done (GObject *source, GAsyncResult *res, gpointer data)
{
  NnpNetworkPanel *self = NNP_NETWORK_PANEL (source);
  CheckJob *job = g_task_get_task_data (G_TASK (res));
  GString *s;

  if (g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (res))) || job->forgotten)
    return;
  self->check = NULL;
  gtk_button_set_label (self->check_button, _("_Check Gradients"));
  if (job->cancel)
    {
      gtk_label_set_text (self->check_label, _("Gradient check cancelled"));
      return;
    }
  if (job->status != NNP_OK)
    {
      gtk_label_set_text (self->check_label, _("Out of memory for the gradient check"));
      return;
    }
  s = g_string_new (NULL);
  g_string_append_printf (s, _("Largest relative error |num − ana| / (|num| + |ana|), central differences "
                               "with ε = %.1e on %zu points:"),
                          job->result.eps, job->train->n);
  for (int b = 0; b < NNP_N_BLOCKS; b++)
    g_string_append_printf (s, ngettext ("\n<tt>%-4s</tt>  %.3e  (%zu parameter)",
                                            "\n<tt>%-4s</tt>  %.3e  (%zu parameters)", job->result.count[b]),
                            nnp_block_name ((NnpBlock) b), job->result.max_rel[b], job->result.count[b]);
  g_string_append (s, "\n");
  g_string_append (s, job->result.max_all < 1e-6 ? _("Backpropagation agrees with the finite differences.")
                                                 : _("Backpropagation and the finite differences disagree."));
  gtk_label_set_markup (self->check_label, s->str);
  g_string_free (s, TRUE);
}

/* The network or its points changed: a result (or a check under way) is
 * about another network, and goes (it had stayed, reading "46
 * parameters" beside a network of 9). */
static void
check_forget (NnpNetworkPanel *self)
{
  if (self->check != NULL)
    {
      self->check->cancel = 1;
      self->check->forgotten = TRUE;
      self->check = NULL;
      gtk_button_set_label (self->check_button, _("_Check Gradients"));
    }
  gtk_label_set_text (self->check_label, "");
  gtk_widget_set_visible (GTK_WIDGET (self->check_label), FALSE);
}

static void
on_check_button_clicked (GtkButton *button, NnpNetworkPanel *self)
{
  g_autoptr(GError) error = NULL;
  CheckJob *job;
  GTask *task;

  if (self->check != NULL)
    {
      self->check->cancel = 1;
      return;
    }
  if (self->document == NULL)
    return;
  gtk_widget_set_visible (GTK_WIDGET (self->check_label), TRUE);
  job = g_new0 (CheckJob, 1);
  if (!nnp_document_gradcheck_inputs (self->document, &job->model, &job->train, &error))
    {
      gtk_label_set_text (self->check_label, error->message);
      check_job_free (job);
      return;
    }
  self->check = job;
  gtk_label_set_text (self->check_label, _("Checking every parameter…"));
  gtk_button_set_label (self->check_button, _("_Cancel Check"));
  task = g_task_new (self, self->cancellable, check_done, NULL);
  g_task_set_task_data (task, job, check_job_free);
  g_task_run_in_thread (task, check_thread);
  g_object_unref (task);
}

/* ---- Object -------------------------------------------------------------- */

void
nnp_network_panel_set_document (NnpNetworkPanel *self, NnpDocument *document)
{
  g_return_if_fail (NNP_IS_NETWORK_PANEL (self));
  if (!g_set_object (&self->document, document))
    return;
  g_signal_group_set_target (self->signals, document);
  g_clear_pointer (&self->shown, grads_job_free);
  refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_DOCUMENT]);
}

gboolean
nnp_network_panel_anchor (NnpNetworkPanel *self, const NnpNetworkPart *part, double *x, double *y)
{
  NnpNetworkOptions opt;
  NnpPlotStyle style;

  g_return_val_if_fail (NNP_IS_NETWORK_PANEL (self), FALSE);
  if (self->document == NULL || !gtk_widget_get_mapped (GTK_WIDGET (self->diagram)))
    return FALSE;
  style_for (self, &style);
  options_for (self, &opt);
  return nnp_plot_network_anchor (gtk_widget_get_width (GTK_WIDGET (self->diagram)),
                                  gtk_widget_get_height (GTK_WIDGET (self->diagram)),
                                  nnp_document_get_plot_state (self->document), &style, &opt, part, x, y);
}

GtkWidget *
nnp_network_panel_get_diagram (NnpNetworkPanel *self)
{
  g_return_val_if_fail (NNP_IS_NETWORK_PANEL (self), NULL);
  return GTK_WIDGET (self->diagram);
}

static void
on_scrolled (GtkAdjustment *adj, NnpNetworkPanel *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self->diagram));
}

static gboolean
on_height_idle (gpointer data)
{
  NnpNetworkPanel *self = data;

  self->height_id = 0;
  update_height (self);
  return G_SOURCE_REMOVE;
}

/* A new width or page gives the diagram a new height. GTK drops a resize
 * queued during the allocation that reports the new size, so the height
 * is set just after it: set there, the diagram of 40 units kept the
 * page's height when the page was first shown, crowded, until the model
 * changed (as the Lecture page's, nnp-lecture-panel.c). */
static void
queue_height (NnpNetworkPanel *self)
{
  if (self->height_id == 0)
    self->height_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, on_height_idle, self, NULL);
}

static void
on_page_size (GtkAdjustment *adj, GParamSpec *pspec, NnpNetworkPanel *self)
{
  queue_height (self);
  gtk_widget_queue_draw (GTK_WIDGET (self->diagram));
}

static void
on_diagram_resize (GtkDrawingArea *area, int width, int height, NnpNetworkPanel *self)
{
  queue_height (self);
}

static void
build_popover (NnpNetworkPanel *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  self->edit_popover = GTK_POPOVER (gtk_popover_new ());
  self->edit_label = GTK_LABEL (gtk_label_new (NULL));
  self->edit_entry = GTK_ENTRY (gtk_entry_new ());
  self->edit_message = GTK_LABEL (gtk_label_new (NULL));
  gtk_editable_set_width_chars (GTK_EDITABLE (self->edit_entry), 10);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->edit_entry), _("The new value; Enter applies it, Escape keeps the old one"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->edit_entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("New value"), -1);
  gtk_widget_add_css_class (GTK_WIDGET (self->edit_message), "dim-label");
  gtk_widget_add_css_class (GTK_WIDGET (self->edit_message), "caption");
  gtk_label_set_xalign (self->edit_message, 0);
  gtk_box_append (GTK_BOX (row), GTK_WIDGET (self->edit_label));
  gtk_box_append (GTK_BOX (row), GTK_WIDGET (self->edit_entry));
  gtk_box_append (GTK_BOX (box), row);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->edit_message));
  gtk_popover_set_child (self->edit_popover, box);
  gtk_widget_set_parent (GTK_WIDGET (self->edit_popover), GTK_WIDGET (self->diagram));
  g_signal_connect (self->edit_entry, "activate", G_CALLBACK (on_edit_activate), self);
  g_signal_connect (self->edit_entry, "changed", G_CALLBACK (on_edit_changed), self);
  g_signal_connect (self->edit_popover, "closed", G_CALLBACK (on_popover_closed), self);
}

static void
nnp_network_panel_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  if (prop_id == PROP_DOCUMENT)
    g_value_set_object (value, NNP_NETWORK_PANEL (object)->document);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
nnp_network_panel_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  if (prop_id == PROP_DOCUMENT)
    nnp_network_panel_set_document (NNP_NETWORK_PANEL (object), g_value_get_object (value));
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
nnp_network_panel_dispose (GObject *object)
{
  NnpNetworkPanel *self = NNP_NETWORK_PANEL (object);

  if (self->check != NULL)
    self->check->cancel = 1;
  self->check = NULL;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->redraw_id, g_source_remove);
  g_clear_handle_id (&self->height_id, g_source_remove);
  g_clear_pointer (&self->shown, grads_job_free);
  if (self->signals != NULL)
    g_signal_group_set_target (self->signals, NULL);
  g_clear_object (&self->signals);
  g_clear_object (&self->document);
  if (self->edit_popover != NULL)
    {
      gtk_widget_unparent (GTK_WIDGET (self->edit_popover));
      self->edit_popover = NULL;
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), NNP_TYPE_NETWORK_PANEL);
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL;)
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (nnp_network_panel_parent_class)->dispose (object);
}

/* The text's size may have changed with the CSS (presentation mode:
 * nnp_widget_text_scale), and with it the figure's height. */
static void
nnp_network_panel_css_changed (GtkWidget *widget, GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (nnp_network_panel_parent_class)->css_changed (widget, change);
  update_height (NNP_NETWORK_PANEL (widget));
  gtk_widget_queue_draw (GTK_WIDGET (NNP_NETWORK_PANEL (widget)->diagram));
}

static void
nnp_network_panel_class_init (NnpNetworkPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = nnp_network_panel_dispose;
  widget_class->css_changed = nnp_network_panel_css_changed;
  object_class->get_property = nnp_network_panel_get_property;
  object_class->set_property = nnp_network_panel_set_property;

  props[PROP_DOCUMENT] = g_param_spec_object ("document", NULL, NULL, NNP_TYPE_DOCUMENT,
                                              G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY
                                              | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, props);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/nnplay/Nnplay/nnp-network-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, NnpNetworkPanel, gradient_switch);
  gtk_widget_class_bind_template_child (widget_class, NnpNetworkPanel, phase_label);
  gtk_widget_class_bind_template_child (widget_class, NnpNetworkPanel, check_button);
  gtk_widget_class_bind_template_child (widget_class, NnpNetworkPanel, check_label);
  gtk_widget_class_bind_template_child (widget_class, NnpNetworkPanel, scroller);
  gtk_widget_class_bind_template_child (widget_class, NnpNetworkPanel, diagram);
  gtk_widget_class_bind_template_child (widget_class, NnpNetworkPanel, focus_label);
  gtk_widget_class_bind_template_callback (widget_class, on_gradient_switch_active);
  gtk_widget_class_bind_template_callback (widget_class, on_check_button_clicked);
}

static void
nnp_network_panel_init (NnpNetworkPanel *self)
{
  GtkEventController *motion;
  GtkGesture *click;
  GtkAdjustment *adj;

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_orientable_set_orientation (GTK_ORIENTABLE (gtk_widget_get_layout_manager (GTK_WIDGET (self))),
                                  GTK_ORIENTATION_VERTICAL);
  self->cancellable = g_cancellable_new ();
  self->signals = g_signal_group_new (NNP_TYPE_DOCUMENT);
  g_signal_group_connect (self->signals, "changed", G_CALLBACK (on_document_changed), self);
  g_signal_group_connect (self->signals, "notify::phase", G_CALLBACK (on_phase), self);
  {
    /* what the gradient check's result describes */
    static const char *const shape[] = { "notify::hidden-units", "notify::activation", "notify::test-fraction",
                                         "notify::n-shown", "notify::standardize", "notify::seed",
                                         "notify::generator", "notify::noise" };
    for (gsize i = 0; i < G_N_ELEMENTS (shape); i++)
      g_signal_group_connect_swapped (self->signals, shape[i], G_CALLBACK (check_forget), self);
  }

  gtk_drawing_area_set_draw_func (self->diagram, draw_diagram, self, NULL);
  g_signal_connect (self->diagram, "resize", G_CALLBACK (on_diagram_resize), self);
  /* after, so that others may watch the question (the test hooks) */
  g_signal_connect_after (self->diagram, "query-tooltip", G_CALLBACK (on_diagram_query_tooltip), self);
  g_signal_connect (self, "map", G_CALLBACK (on_map), self);
  /* The diagram keeps its keyboard part in view (scroll_to_part): the
   * viewport scrolling to the focused diagram, taller than the page, had
   * jumped to its bottom whenever the focus came back from a typed value. */
  {
    GtkWidget *viewport = gtk_scrolled_window_get_child (self->scroller);
    if (GTK_IS_VIEWPORT (viewport))
      gtk_viewport_set_scroll_to_focus (GTK_VIEWPORT (viewport), FALSE);
  }
  adj = gtk_scrolled_window_get_vadjustment (self->scroller);
  g_signal_connect (adj, "value-changed", G_CALLBACK (on_scrolled), self);
  g_signal_connect (adj, "notify::page-size", G_CALLBACK (on_page_size), self);

  motion = gtk_event_controller_motion_new ();
  g_signal_connect (motion, "motion", G_CALLBACK (on_motion), self);
  g_signal_connect (motion, "leave", G_CALLBACK (on_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self->diagram), motion);
  click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect (click, "pressed", G_CALLBACK (on_click_pressed), self);
  g_signal_connect (click, "released", G_CALLBACK (on_click_released), self);
  gtk_widget_add_controller (GTK_WIDGET (self->diagram), GTK_EVENT_CONTROLLER (click));
  {
    GtkEventController *keys = gtk_event_controller_key_new ();
    g_signal_connect (keys, "key-pressed", G_CALLBACK (on_diagram_key), self);
    gtk_widget_add_controller (GTK_WIDGET (self->diagram), keys);
    g_signal_connect (self->diagram, "notify::has-focus", G_CALLBACK (on_diagram_has_focus), self);
  }
  build_popover (self);
}
