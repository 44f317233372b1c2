/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nnp-document-history.c: NnpDocument's past: showing a snapshot of an earlier epoch, and branching the run from it (undoable). */
#define G_LOG_DOMAIN "nnplay-document"
#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n.h>

#include "nnp-document-private.h"

/* A run as the trainer holds it: enough to put it back. */
typedef struct {
  NnpModel *model;              /* the trainer's (z-space when standardize) */
  NnpHistory *history;          /* the curve, entry i = epoch i * stride */
  size_t epoch, stride;
  NnpSnapshots *snaps;
  double lr;                    /* the settings the model does not hold */
  size_t batch;
} RunState;

struct NnpMarker {
  size_t epoch;
  NnpChangeKind kind;
  gint64 when;                  /* monotonic time of the last change it holds */
  char *name, *from, *to;
  char *text;
  double from_v, to_v;          /* the setting's values (NaN: not a setting's) */
};

struct NnpBranchStep {
  RunState before, after;
  GArray *markers;              /* the run's markers before the branch (struct NnpMarker) */
  GArray *after_markers;        /* the branch's, as an undo left it (NULL: not undone yet) */
  gboolean undone;
  /* a new run from new initial weights: the seeds before and after it */
  gboolean has_seed;
  guint64 seed_before, seed_after;
};

static GArray *markers_dup (GArray *markers);
static void markers_changed (NnpDocument *self);

static void
run_state_clear (RunState *r)
{
  g_clear_pointer (&r->model, nnp_model_free);
  g_clear_pointer (&r->history, nnp_history_free);
  g_clear_pointer (&r->snaps, nnp_snapshots_free);
}

static void
branch_free (struct NnpBranchStep *b)
{
  if (b == NULL)
    return;
  run_state_clear (&b->before);
  run_state_clear (&b->after);
  g_clear_pointer (&b->markers, g_array_unref);
  g_clear_pointer (&b->after_markers, g_array_unref);
  g_free (b);
}

const NnpModel *
nnp_document_display_model (NnpDocument *self, const NnpModel *m, NnpModel **cache)
{
  if (!self->standardize || m == NULL)
    return m;
  const NnpParams *th = m->theta;
  if (*cache == NULL || (*cache)->theta->h != th->h)
    {
      nnp_model_free (*cache);
      *cache = nnp_model_alloc (th->d, th->h, m->act);
    }
  nnp_model_unstandardize (*cache, m, self->raw_mean, self->raw_sd);
  return *cache;
}

void
nnp_document_history_apply (NnpDocument *self)
{
  self->state.present_epoch = self->view.epochs;
  self->state.past = self->shown_epoch >= 0 && self->past_model != NULL;
  if (!self->state.past)
    return;
  self->state.model = nnp_document_display_model (self, self->past_model, &self->past_display);
  self->state.epoch = (size_t) self->shown_epoch;
}

void
nnp_document_history_leave (NnpDocument *self)
{
  if (self->shown_epoch < 0)
    return;
  self->shown_epoch = -1;
  g_clear_pointer (&self->past_model, nnp_model_free);
  g_clear_pointer (&self->past_display, nnp_model_free);
  /* The present's model and epoch, as the last sync left them. */
  self->state.model = nnp_document_display_model (self, self->view.model, &self->display_model);
  self->state.epoch = self->view.epochs;
  self->state.past = FALSE;
  nnp_document_notify_shown_epoch (self);
  nnp_document_emit_changed (self);
}

gint64
nnp_document_get_shown_epoch (NnpDocument *self)
{
  g_return_val_if_fail (NNP_IS_DOCUMENT (self), -1);
  return self->shown_epoch;
}

void
nnp_document_set_shown_epoch (NnpDocument *self, gint64 epoch)
{
  g_return_if_fail (NNP_IS_DOCUMENT (self));
  nnp_document_show_epoch_near (self, epoch, FALSE);
}

void
nnp_document_show_epoch_near (NnpDocument *self, gint64 epoch, gboolean later)
{
  size_t found = 0;

  g_return_if_fail (NNP_IS_DOCUMENT (self));
  if (epoch < 0 || (guint64) epoch >= self->view.epochs)
    {
      nnp_document_history_leave (self);
      return;
    }
  /* The past is looked at paused: pausing is an edit, which returns to
   * the present, so it comes first. */
  if (self->running)
    nnp_document_set_running (self, FALSE);
  NnpModel *m = nnp_live_trainer_snapshot (self->trainer, (size_t) epoch, later, &found);
  if (m != NULL && found >= self->view.epochs)
    g_clear_pointer (&m, nnp_model_free);
  if (m == NULL)
    {
      nnp_document_history_leave (self);
      return;
    }
  nnp_model_free (self->past_model);
  self->past_model = m;
  gboolean moved = self->shown_epoch != (gint64) found;
  self->shown_epoch = (gint64) found;
  nnp_document_history_apply (self);
  if (moved)
    nnp_document_notify_shown_epoch (self);
  nnp_document_emit_changed (self);
}

/* The run as last synced: model, curve, epoch, stride, snapshots, alpha
 * and batch size. FALSE when memory ran out (clear r all the same). */
static gboolean
run_state_save (NnpDocument *self, RunState *r)
{
  const NnpHistory *h = self->view.history;
  r->model = nnp_model_dup (self->view.model);
  r->history = h != NULL ? nnp_history_dup (h) : nnp_history_new (self->view.has_test);
  r->epoch = self->view.epochs;
  r->stride = MAX (self->view.history_stride, (size_t) 1);
  r->snaps = nnp_live_trainer_dup_snapshots (self->trainer);
  r->lr = self->cfg.lr;
  r->batch = self->cfg.batch;
  return r->model != NULL && r->history != NULL && r->snaps != NULL;
}

static void
run_state_restore (NnpDocument *self, const RunState *r)
{
  nnp_live_trainer_set_model (self->trainer, r->model, r->history, r->epoch, r->stride);
  nnp_live_trainer_set_snapshots (self->trainer, r->snaps);
  nnp_document_notify_model_settings (self, r->model);
  nnp_document_restore_run_settings (self, r->lr, r->batch);
}

/* The value a setting of kind had at epoch e: the first change of it
 * after e started from it; with none, it is the present's. Marked
 * changes of hidden units and activation need no lookup: the model at e
 * holds them. */
static double
setting_at (NnpDocument *self, NnpChangeKind kind, size_t e, double present)
{
  for (guint i = 0; self->markers != NULL && i < self->markers->len; i++)
    {
      const struct NnpMarker *m = &g_array_index (self->markers, struct NnpMarker, i);
      if (m->kind == kind && m->epoch > e && isfinite (m->from_v))
        return m->from_v;
    }
  return present;
}

gboolean
nnp_document_continue_from_here (NnpDocument *self)
{
  g_return_val_if_fail (NNP_IS_DOCUMENT (self), FALSE);
  if (self->shown_epoch < 0 || self->view.model == NULL)
    return FALSE;

  struct NnpBranchStep *b = g_new0 (struct NnpBranchStep, 1);
  const gboolean saved = run_state_save (self, &b->before);
  size_t e = (size_t) self->shown_epoch, stride = b->before.stride;
  b->after.model = nnp_model_dup (self->past_model);
  b->after.history = nnp_history_dup (b->before.history);
  b->after.epoch = e;
  b->after.stride = stride;
  /* and the learning rate and batch size of that epoch (h came back with
   * the model, alpha had stayed the present's) */
  b->after.lr = setting_at (self, NNP_CHANGE_LR, e, self->cfg.lr);
  b->after.batch = (size_t) setting_at (self, NNP_CHANGE_BATCH, e, (double) self->cfg.batch);
  b->after.snaps = b->before.snaps != NULL ? nnp_snapshots_dup (b->before.snaps) : NULL;
  if (!saved || b->after.model == NULL || b->after.history == NULL || b->after.snaps == NULL)
    {
      branch_free (b);
      return FALSE;
    }
  /* The curve up to the branch epoch: entries 0 .. e / stride. */
  b->after.history->len = MIN (b->after.history->len, e / stride + 1);
  nnp_snapshots_truncate (b->after.snaps, e);

  branch_free (self->branch);
  self->branch = b;
  /* Typed weights before the branch are part of the run it replaced. */
  nnp_document_params_forget (self);
  b->markers = markers_dup (self->markers);
  nnp_document_history_truncate_markers (self, e);
  run_state_restore (self, &b->after);
  nnp_document_history_leave (self);
  nnp_document_set_dirty (self, TRUE);
  nnp_document_notify_undo (self);
  g_signal_emit_by_name (self, "edited");
  return TRUE;
}

/* A run kept with a point undo step (a new-run edit: other points, or
 * none): undoing that edit brings the run back with the points. */
typedef struct {
  RunState run;
  GArray *markers;
  gboolean standardize;         /* the units of run.model's inputs */
} KeptRun;

void
nnp_document_history_run_free (gpointer p)
{
  KeptRun *k = p;
  if (k == NULL)
    return;
  run_state_clear (&k->run);
  g_clear_pointer (&k->markers, g_array_unref);
  g_free (k);
}

gpointer
nnp_document_history_save_run (NnpDocument *self)
{
  /* as last synced (the callers sync first): model, curve and epoch are
   * of one moment */
  if (self->view.model == NULL)
    return NULL;
  KeptRun *k = g_new0 (KeptRun, 1);
  k->markers = markers_dup (self->markers);
  k->standardize = self->standardize;
  if (!run_state_save (self, &k->run))
    {
      nnp_document_history_run_free (k);
      return NULL;
    }
  /* the trainer may have gone on since the sync */
  nnp_snapshots_truncate (k->run.snaps, k->run.epoch);
  return k;
}

gboolean
nnp_document_history_run_standardize (gpointer p)
{
  return ((KeptRun *) p)->standardize;
}

void
nnp_document_history_restore_run (NnpDocument *self, gpointer p)
{
  KeptRun *k = p;
  if (self->running)
    nnp_document_set_running (self, FALSE);
  /* the steps of the run it replaces go with it */
  nnp_document_params_forget (self);
  nnp_document_history_forget (self);
  run_state_restore (self, &k->run);
  g_clear_pointer (&self->markers, g_array_unref);
  self->markers = g_steal_pointer (&k->markers);
  markers_changed (self);
  nnp_document_history_leave (self);
  nnp_document_history_run_free (k);
}

gboolean
nnp_document_history_can_undo (NnpDocument *self, gboolean redo)
{
  return self->branch != NULL && self->branch->undone == redo;
}

gboolean
nnp_document_history_undo (NnpDocument *self, gboolean redo)
{
  struct NnpBranchStep *b = self->branch;
  RunState now = { 0 };

  if (!nnp_document_history_can_undo (self, redo))
    return FALSE;
  if (self->running)
    nnp_document_set_running (self, FALSE);
  /* The run being left, as it is now, with the epochs trained since the
   * branch (or since its undo) and their markers: what the other way
   * brings back. Redo had gone back to the branch epoch, and the epochs
   * trained after it were lost. */
  nnp_document_sync (self);
  if (run_state_save (self, &now))
    {
      nnp_snapshots_truncate (now.snaps, now.epoch);
      RunState *left = redo ? &b->before : &b->after;
      GArray **left_markers = redo ? &b->markers : &b->after_markers;
      run_state_clear (left);
      *left = now;
      g_clear_pointer (left_markers, g_array_unref);
      *left_markers = markers_dup (self->markers);
    }
  else
    run_state_clear (&now);   /* out of memory: back to the states kept */
  run_state_restore (self, redo ? &b->after : &b->before);
  if (b->has_seed)
    {
      if (!redo)
        b->seed_after = nnp_document_get_seed (self);
      nnp_document_restore_seed (self, redo ? b->seed_after : b->seed_before);
    }
  b->undone = !redo;
  /* The markers as they were: the branch's as the undo left them, or
   * those before the branch cut at it. */
  if (b->markers != NULL)
    {
      g_clear_pointer (&self->markers, g_array_unref);
      self->markers = markers_dup (redo && b->after_markers != NULL ? b->after_markers : b->markers);
      if (redo && b->after_markers == NULL)
        nnp_document_history_truncate_markers (self, b->after.epoch);
      markers_changed (self);
    }
  nnp_document_history_leave (self);
  nnp_document_set_dirty (self, TRUE);
  nnp_document_notify_undo (self);
  g_signal_emit_by_name (self, "edited");
  return TRUE;
}

void
nnp_document_history_forget (NnpDocument *self)
{
  g_clear_pointer (&self->branch, branch_free);
}

void
nnp_document_history_branch_replay (NnpDocument *self, guint64 seed_before)
{
  struct NnpBranchStep *b = g_new0 (struct NnpBranchStep, 1);

  nnp_document_history_forget (self);
  if (self->view.model == NULL || !run_state_save (self, &b->before))
    {
      branch_free (b);   /* nothing to bring back (or out of memory) */
      return;
    }
  /* the trainer may have gone on since the sync */
  nnp_snapshots_truncate (b->before.snaps, b->before.epoch);
  b->markers = markers_dup (self->markers);
  b->has_seed = TRUE;
  b->seed_before = seed_before;
  /* the new run, saved by its undo as it is then */
  self->branch = b;
}

/* ---- The previous boundary after a Step ---- */

static gboolean
previous_done (gpointer data)
{
  NnpDocument *self = data;

  self->previous_timeout = 0;
  g_clear_pointer (&self->previous_model, nnp_model_free);
  self->state.previous_model = NULL;
  nnp_document_emit_changed (self);
  return G_SOURCE_REMOVE;
}

void
nnp_document_history_stepped (NnpDocument *self)
{
  const NnpModel *shown = self->state.model;

  /* Held Right: the contour is the model before the latest step, the one
   * on screen now (several steps may be queued; each press moves it on). */
  if (shown == NULL)
    return;
  if (self->previous_model == NULL || self->previous_model->theta->h != shown->theta->h)
    {
      nnp_model_free (self->previous_model);
      self->previous_model = nnp_model_dup (shown);
    }
  else
    {
      nnp_params_copy (self->previous_model->theta, shown->theta);
      self->previous_model->act = shown->act;
    }
  self->state.previous_model = self->previous_model;
  g_clear_handle_id (&self->previous_timeout, g_source_remove);
  self->previous_timeout = g_timeout_add (NNP_PREVIOUS_CONTOUR_MS, previous_done, self);
}

/* ---- Changes during the run ---- */


static void marker_clear (struct NnpMarker *m);

static GArray *
markers_array (NnpDocument *self)
{
  if (self->markers == NULL)
    {
      self->markers = g_array_new (FALSE, TRUE, sizeof (struct NnpMarker));
      g_array_set_clear_func (self->markers, (GDestroyNotify) marker_clear);
    }
  return self->markers;
}

/* A slider dragged while training changes alpha many times a second. */
#define MARKER_COALESCE_US 700000

static void
marker_clear (struct NnpMarker *m)
{
  g_free (m->name);
  g_free (m->from);
  g_free (m->to);
  g_free (m->text);
}

static GArray *
markers_dup (GArray *markers)
{
  GArray *c = g_array_new (FALSE, TRUE, sizeof (struct NnpMarker));

  g_array_set_clear_func (c, (GDestroyNotify) marker_clear);
  for (guint i = 0; markers != NULL && i < markers->len; i++)
    {
      const struct NnpMarker *m = &g_array_index (markers, struct NnpMarker, i);
      struct NnpMarker d = { m->epoch, m->kind, m->when, g_strdup (m->name), g_strdup (m->from),
                             g_strdup (m->to), g_strdup (m->text), m->from_v, m->to_v };
      g_array_append_val (c, d);
    }
  return c;
}

static void
markers_changed (NnpDocument *self)
{
  guint n = self->markers != NULL ? self->markers->len : 0;

  self->plot_markers = g_renew (NnpPlotMarker, self->plot_markers, MAX (n, 1u));
  for (guint i = 0; i < n; i++)
    {
      const struct NnpMarker *m = &g_array_index (self->markers, struct NnpMarker, i);
      self->plot_markers[i] = (NnpPlotMarker) { m->epoch, m->text };
    }
  self->state.markers = n > 0 ? self->plot_markers : NULL;
  self->state.n_markers = n;
}

void
nnp_document_history_mark (NnpDocument *self, NnpChangeKind kind, const char *name,
                           const char *from, const char *to, double from_v, double to_v)
{
  gint64 now = g_get_monotonic_time ();
  struct NnpMarker *last = NULL;

  /* Before the first epoch a setting is where the run starts, not a
   * change during it: no marker at epoch 0 (it had stood on the y axis). */
  if (!self->started || self->view.epochs == 0)
    return;
  markers_array (self);
  if (self->markers->len > 0)
    last = &g_array_index (self->markers, struct NnpMarker, self->markers->len - 1);
  if (last != NULL && last->kind == kind
      && (last->epoch == self->view.epochs || now - last->when < MARKER_COALESCE_US))
    {
      /* The same change going on: it ends at the new value. */
      g_free (last->to);
      last->to = g_strdup (to);
      last->to_v = to_v;
      last->when = now;
    }
  else if (self->markers->len >= NNP_MAX_MARKERS)
    return;
  else
    {
      struct NnpMarker m = { self->view.epochs, kind, now, g_strdup (name), g_strdup (from),
                             g_strdup (to), NULL, from_v, to_v };
      g_array_append_val (self->markers, m);
      last = &g_array_index (self->markers, struct NnpMarker, self->markers->len - 1);
    }
  g_clear_pointer (&last->text, g_free);
  if (last->from != NULL && last->to != NULL && g_strcmp0 (last->from, last->to) == 0)
    {
      /* Back where it started: no change to mark. */
      g_array_remove_index (self->markers, self->markers->len - 1);
      markers_changed (self);
      return;
    }
  if (last->from != NULL && last->to != NULL && kind != NNP_CHANGE_DATA)
    last->text = g_strdup_printf ("%s %s \u2192 %s", last->name, last->from, last->to);
  else
    last->text = g_strdup (last->name);
  markers_changed (self);
}

static void
format_setting (NnpChangeKind kind, double v, char *buf, size_t len)
{
  if (kind == NNP_CHANGE_ACTIVATION && v >= 0 && v < NNP_N_ACTIVATIONS)
    g_strlcpy (buf, _(nnp_activation_title ((NnpActivation) v)), len);
  else if (kind == NNP_CHANGE_BATCH && v == 0)
    g_strlcpy (buf, _("full"), len);
  else if (kind == NNP_CHANGE_LR)
    g_snprintf (buf, len, "%g", v);
  else
    g_snprintf (buf, len, "%.0f", v);
}

void
nnp_document_history_mark_change (NnpDocument *self, NnpChangeKind kind, double from, double to)
{
  char a[64], b[64];

  g_return_if_fail (kind != NNP_CHANGE_DATA);
  format_setting (kind, from, a, sizeof a);
  format_setting (kind, to, b, sizeof b);
  nnp_document_history_mark (self, kind,
                             kind == NNP_CHANGE_LR ? "\u03b1"
                             : kind == NNP_CHANGE_HIDDEN ? "h"
                             : kind == NNP_CHANGE_ACTIVATION ? _("activation") : _("batch"),
                             a, b, from, to);
}

void
nnp_document_history_mark_data (NnpDocument *self, guint64 before, guint64 after)
{
  char a[24], b[24];

  g_snprintf (a, sizeof a, "%016" G_GINT64_MODIFIER "x", before);
  g_snprintf (b, sizeof b, "%016" G_GINT64_MODIFIER "x", after);
  nnp_document_history_mark (self, NNP_CHANGE_DATA, _("data changed"), a, b, NAN, NAN);
}

void
nnp_document_history_truncate_markers (NnpDocument *self, size_t epoch)
{
  while (self->markers != NULL && self->markers->len > 0
         && g_array_index (self->markers, struct NnpMarker, self->markers->len - 1).epoch > epoch)
    g_array_remove_index (self->markers, self->markers->len - 1);
  markers_changed (self);
}

void
nnp_document_history_clear_markers (NnpDocument *self)
{
  if (self->markers != NULL)
    g_array_set_size (self->markers, 0);
  markers_changed (self);
}

void
nnp_document_markers_to_session (NnpDocument *self, NnpSession *s)
{
  guint n = self->markers != NULL ? self->markers->len : 0;

  s->markers = g_new0 (NnpSessionMarker, MAX (n, 1u));
  for (guint i = 0; i < n; i++)
    {
      const struct NnpMarker *m = &g_array_index (self->markers, struct NnpMarker, i);
      /* (a text over the limit cannot come from a change; cut at a character) */
      if (m->text == NULL || m->epoch > s->epoch)
        continue;
      s->markers[s->n_markers].epoch = m->epoch;
      s->markers[s->n_markers].text = g_utf8_make_valid (m->text, -1);
      if (strlen (s->markers[s->n_markers].text) > NNP_SESSION_MAX_MARKER_TEXT)
        {
          char *end = g_utf8_find_prev_char (s->markers[s->n_markers].text,
                                             s->markers[s->n_markers].text + NNP_SESSION_MAX_MARKER_TEXT + 1);
          *end = '\0';
        }
      s->n_markers++;
    }
}

void
nnp_document_markers_from_session (NnpDocument *self, const NnpSession *s)
{
  g_array_set_size (markers_array (self), 0);
  for (size_t i = 0; s != NULL && i < s->n_markers && i < NNP_MAX_MARKERS; i++)
    {
      struct NnpMarker m = { s->markers[i].epoch, NNP_CHANGE_LOADED, 0, g_strdup (s->markers[i].text),
                             NULL, NULL, g_strdup (s->markers[i].text), NAN, NAN };
      g_array_append_val (self->markers, m);
    }
  markers_changed (self);
}

/* ---- Pinned runs ---- */

static void
pin_clear (NnpSessionPin *pin)
{
  g_clear_pointer (&pin->label, g_free);
  g_clear_pointer (&pin->history, nnp_history_free);
}

static void
pins_changed (NnpDocument *self)
{
  guint n = self->pins != NULL ? self->pins->len : 0;

  self->plot_pins = g_renew (NnpPlotPin, self->plot_pins, MAX (n, 1u));
  for (guint i = 0; i < n; i++)
    {
      const NnpSessionPin *pin = &g_array_index (self->pins, NnpSessionPin, i);
      self->plot_pins[i] = (NnpPlotPin) { pin->label, pin->history, pin->history_stride };
    }
  self->state.pins = n > 0 ? self->plot_pins : NULL;
  self->state.n_pins = n;
  nnp_document_notify_n_pins (self);
  nnp_document_set_dirty (self, TRUE);
  nnp_document_emit_changed (self);
}

static GArray *
pins_array (NnpDocument *self)
{
  if (self->pins == NULL)
    {
      self->pins = g_array_new (FALSE, TRUE, sizeof (NnpSessionPin));
      g_array_set_clear_func (self->pins, (GDestroyNotify) pin_clear);
    }
  return self->pins;
}

guint
nnp_document_get_n_pins (NnpDocument *self)
{
  g_return_val_if_fail (NNP_IS_DOCUMENT (self), 0);
  return self->pins != NULL ? self->pins->len : 0;
}

const char *
nnp_document_get_pin_label (NnpDocument *self, guint i)
{
  g_return_val_if_fail (NNP_IS_DOCUMENT (self), NULL);
  g_return_val_if_fail (i < nnp_document_get_n_pins (self), NULL);
  return g_array_index (self->pins, NnpSessionPin, i).label;
}

/* Whether the run's markers hold a change of kind. */
static gboolean
has_marker (NnpDocument *self, NnpChangeKind kind)
{
  for (guint i = 0; self->markers != NULL && i < self->markers->len; i++)
    if (g_array_index (self->markers, struct NnpMarker, i).kind == kind)
      return TRUE;
  return FALSE;
}

/* A setting over the run, as its markers tell it and as the markers
 * write it: "b" when it never changed, "a → b" from its first value to
 * its present one, "a → … → b" when it changed and came back. */
static char *
setting_over_run (NnpDocument *self, NnpChangeKind kind, double present)
{
  char a[64], b[64];

  format_setting (kind, present, b, sizeof b);
  if (!has_marker (self, kind))
    return g_strdup (b);
  format_setting (kind, setting_at (self, kind, 0, present), a, sizeof a);
  return g_strdup_printf ("%s %s %s", a, strcmp (a, b) != 0 ? "→" : "→ … →", b);
}

gboolean
nnp_document_pin_run (NnpDocument *self)
{
  const NnpHistory *h;

  g_return_val_if_fail (NNP_IS_DOCUMENT (self), FALSE);
  nnp_document_sync (self);
  h = self->view.history;
  if (h == NULL || h->len == 0 || nnp_document_get_n_pins (self) >= NNP_SESSION_MAX_PINS)
    return FALSE;

  NnpSessionPin pin = { 0 };
  GString *label = g_string_new (NULL);
  /* alpha, h and the activation as the run started and as it ends, when
   * they changed on the way ("h = 4 → 6"; "α = 0.5 → … → 0.5" when alpha
   * came back): the label had named the last settings alone */
  g_autofree char *lr_text = setting_over_run (self, NNP_CHANGE_LR, self->cfg.lr);
  g_autofree char *h_text = setting_over_run (self, NNP_CHANGE_HIDDEN, (double) self->cfg.hidden);
  g_autofree char *act_text = setting_over_run (self, NNP_CHANGE_ACTIVATION, (double) self->cfg.act);
  /* TRANSLATORS: a pinned run's label: learning rate, hidden units,
   * activation, each "0.5" or, when it changed, "0.5 → 0.05". */
  g_string_printf (label, _("α = %s, h = %s, %s"), lr_text, h_text, act_text);
  if (self->cfg.batch > 0)
    /* TRANSLATORS: appended to a pinned run's label. */
    g_string_append_printf (label, _(", batch %zu"), self->cfg.batch);
  if (self->standardize)
    g_string_append (label, _(", z-scored"));
  /* Two runs with the same settings (another seed, a typed weight) are
   * told apart in the legend: "… (2)". */
  {
    g_autofree char *base = g_strdup (label->str);
    for (guint k = 2, clash = TRUE; clash && k < 100; k++)
      {
        clash = FALSE;
        for (guint i = 0; i < nnp_document_get_n_pins (self); i++)
          clash |= g_strcmp0 (nnp_document_get_pin_label (self, i), label->str) == 0;
        if (clash)
          g_string_printf (label, "%s (%u)", base, k);
      }
  }
  pin.label = g_string_free (label, FALSE);
  pin.history = nnp_history_dup (h);
  pin.history_stride = MAX (self->view.history_stride, (size_t) 1);
  if (pin.history == NULL)
    {
      pin_clear (&pin);
      return FALSE;
    }
  /* Bounded like a session's pins: a long run's curve is thinned. */
  while (pin.history->len > NNP_SESSION_MAX_PIN_HISTORY)
    {
      nnp_history_thin (pin.history, 0);
      pin.history_stride *= 2;
    }
  g_array_append_val (pins_array (self), pin);
  pins_changed (self);
  /* A new run from the same initial weights, to compare with. */
  nnp_document_replay (self);
  return TRUE;
}

void
nnp_document_remove_pin (NnpDocument *self, guint i)
{
  g_return_if_fail (NNP_IS_DOCUMENT (self));
  g_return_if_fail (i < nnp_document_get_n_pins (self));
  g_array_remove_index (self->pins, i);
  pins_changed (self);
}

void
nnp_document_pins_to_session (NnpDocument *self, NnpSession *s)
{
  guint n = nnp_document_get_n_pins (self);

  s->pins = g_new0 (NnpSessionPin, MAX (n, 1u));
  for (guint i = 0; i < n; i++, s->n_pins++)
    {
      const NnpSessionPin *pin = &g_array_index (self->pins, NnpSessionPin, i);
      s->pins[i].label = g_strdup (pin->label);
      s->pins[i].history = nnp_history_dup (pin->history);
      s->pins[i].history_stride = pin->history_stride;
    }
}

void
nnp_document_pins_from_session (NnpDocument *self, const NnpSession *s)
{
  GArray *pins = pins_array (self);

  g_array_set_size (pins, 0);
  for (size_t i = 0; s != NULL && i < s->n_pins; i++)
    {
      NnpSessionPin pin = { g_strdup (s->pins[i].label), nnp_history_dup (s->pins[i].history),
                            s->pins[i].history_stride };
      if (pin.history == NULL)
        {
          pin_clear (&pin);
          continue;
        }
      g_array_append_val (pins, pin);
    }
  pins_changed (self);
}

void
nnp_document_history_finalize (NnpDocument *self)
{
  nnp_document_history_forget (self);
  g_clear_pointer (&self->pins, g_array_unref);
  g_clear_pointer (&self->markers, g_array_unref);
  g_clear_pointer (&self->plot_markers, g_free);
  g_clear_handle_id (&self->previous_timeout, g_source_remove);
  g_clear_pointer (&self->previous_model, nnp_model_free);
  g_clear_pointer (&self->plot_pins, g_free);
  g_clear_pointer (&self->past_model, nnp_model_free);
  g_clear_pointer (&self->past_display, nnp_model_free);
}
