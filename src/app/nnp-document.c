/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nnp-document.c: NnpDocument: one window's points, view, undo, settings, live trainer and history, with notify. */
#define G_LOG_DOMAIN "nnplay-document"
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "nnp-document-private.h"

G_DEFINE_FINAL_TYPE (NnpDocument, nnp_document, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_LEARNING_RATE,
  PROP_HIDDEN_UNITS,
  PROP_ACTIVATION,
  PROP_BATCH_SIZE,
  PROP_SEED,
  PROP_SPEED,
  PROP_TEST_FRACTION,
  PROP_RUNNING,
  PROP_GENERATOR,
  PROP_N_POINTS,
  PROP_NOISE,
  PROP_ORIGIN_KIND,
  PROP_ORIGIN_LABEL,
  PROP_N_SHOWN,
  PROP_LOG_COST,
  PROP_UNIT_LINES,
  PROP_SELECTED_UNIT,
  PROP_FILE,
  PROP_TITLE,
  PROP_DIRTY,
  PROP_CAN_UNDO,
  PROP_CAN_REDO,
  PROP_DIVERGED,
  PROP_STANDARDIZE,
  PROP_SHOWN_EPOCH,
  PROP_N_PINS,
  PROP_PHASE,
  PROP_SELECTED_ROW,
  PROP_PICKING,
  N_PROPS
};

static GParamSpec *props[N_PROPS];

enum {
  SIGNAL_CHANGED,
  SIGNAL_EDITED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ---- Title, origin, dirty ---------------------------------------------- */

const char *
nnp_document_get_name (NnpDocument *self)
{
  const NnpOrigin *o;

  g_return_val_if_fail (NNP_IS_DOCUMENT (self), NULL);
  /* A session file names the document; without one, the data file the
   * points came from does (undoing Open Data gives the old name back). */
  if (self->file != NULL && self->name != NULL)
    return self->name;
  o = self->points != NULL ? nnp_point_set_get_origin (self->points) : NULL;
  if (o != NULL && o->kind == NNP_ORIGIN_FILE && o->file != NULL)
    return o->file;
  return _("Untitled");
}

static void
update_title (NnpDocument *self)
{
  g_autofree char *title = g_strdup_printf ("%s%s — nnplay", self->dirty ? "*" : "",
                                            nnp_document_get_name (self));
  if (g_strcmp0 (title, self->title) != 0)
    {
      g_free (self->title);
      self->title = g_steal_pointer (&title);
      g_object_notify_by_pspec (G_OBJECT (self), props[PROP_TITLE]);
    }
}

void
nnp_document_set_dirty (NnpDocument *self, gboolean dirty)
{
  if (dirty)
    self->change_serial++;
  if (!self->started || self->dirty == dirty)
    return;
  self->dirty = dirty;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_DIRTY]);
  update_title (self);
}

static char *
origin_label (const NnpOrigin *o)
{
  switch (o->kind)
    {
    case NNP_ORIGIN_GENERATED:
      /* "Two moons, 200 points, noise 0.1" */
      return g_strdup_printf (_("%s, %zu points, noise %g"),
                              _(nnp_generator_title (o->generator)), o->n_points, o->noise);
    case NNP_ORIGIN_FILE:
      return o->edited ? g_strdup_printf (_("%s, edited"), o->file) : g_strdup (o->file);
    case NNP_ORIGIN_HAND:
    default:
      return g_strdup (_("Drawn by hand"));
    }
}

/* The origin of the current points changed (or was brought back by undo):
 * the view, the generator's fields and the labels follow it. */
void
nnp_document_origin_changed (NnpDocument *self)
{
  const NnpOrigin *o = nnp_point_set_get_origin (self->points);
  g_autofree char *label = origin_label (o);
  GObject *obj = G_OBJECT (self);

  g_object_freeze_notify (obj);
  self->state.xmin = o->xmin;
  self->state.xmax = o->xmax;
  self->state.ymin = o->ymin;
  self->state.ymax = o->ymax;
  /* The seed that drew them (or, for points drawn by hand or read from a
   * file, the seed set with them: set_seed_internal): Regenerate then
   * Undo shows seed 1 again. */
  if (self->started && self->cfg.seed != o->seed)
    {
      self->cfg.seed = o->seed;
      nnp_live_trainer_set_seed (self->trainer, o->seed);
      g_object_notify_by_pspec (obj, props[PROP_SEED]);
    }
  if (o->kind == NNP_ORIGIN_GENERATED)
    {
      if (self->generator != o->generator)
        {
          self->generator = o->generator;
          g_object_notify_by_pspec (obj, props[PROP_GENERATOR]);
        }
      if (self->n_points != o->n_points)
        {
          self->n_points = (guint) o->n_points;
          g_object_notify_by_pspec (obj, props[PROP_N_POINTS]);
        }
      if (self->noise != o->noise)
        {
          self->noise = o->noise;
          g_object_notify_by_pspec (obj, props[PROP_NOISE]);
        }
    }
  if (self->origin_kind != o->kind)
    {
      self->origin_kind = o->kind;
      g_object_notify_by_pspec (obj, props[PROP_ORIGIN_KIND]);
    }
  if (g_strcmp0 (label, self->origin_label) != 0)
    {
      g_free (self->origin_label);
      self->origin_label = g_steal_pointer (&label);
      g_object_notify_by_pspec (obj, props[PROP_ORIGIN_LABEL]);
    }
  update_title (self);
  g_object_thaw_notify (obj);
}

static void
set_origin (NnpDocument *self, const NnpOrigin *o)
{
  nnp_point_set_set_origin (self->points, o);
  nnp_document_origin_changed (self);
}

void
nnp_document_fit_origin_view (NnpDocument *self, NnpOrigin *o)
{
  NnpPlotState fit = self->state;

  fit.train = nnp_point_set_data (self->points);
  fit.test = NULL;
  if (fit.train->n >= 2)
    nnp_plot_state_fit_view (&fit);
  else
    fit.xmin = fit.ymin = -2.0, fit.xmax = fit.ymax = 2.0;
  o->xmin = fit.xmin;
  o->xmax = fit.xmax;
  o->ymin = fit.ymin;
  o->ymax = fit.ymax;
}

/* ---- Trainer ------------------------------------------------------------- */

static void
emit_edited (NnpDocument *self)
{
  nnp_document_history_leave (self);
  g_signal_emit (self, signals[SIGNAL_EDITED], 0);
}

static void
notify_undo (NnpDocument *self)
{
  gboolean u = nnp_point_set_can_undo (self->points) || nnp_document_params_can_undo (self)
               || nnp_document_history_can_undo (self, FALSE);
  gboolean r = nnp_point_set_can_redo (self->points) || nnp_document_params_can_redo (self)
               || nnp_document_history_can_undo (self, TRUE);

  if (u != self->can_undo)
    {
      self->can_undo = u;
      g_object_notify_by_pspec (G_OBJECT (self), props[PROP_CAN_UNDO]);
    }
  if (r != self->can_redo)
    {
      self->can_redo = r;
      g_object_notify_by_pspec (G_OBJECT (self), props[PROP_CAN_REDO]);
    }
}

/* The points changed: a new split for drawing and for the trainer; with
 * new_run, epoch 0 and initial weights from the current seed. */
/* ---- One step taken apart (the Lecture view) ---- */

static void
set_phase (NnpDocument *self, NnpPhase phase)
{
  if (self->phase == phase)
    return;
  self->phase = phase;
  if (phase == NNP_PHASE_NONE)
    g_clear_pointer (&self->phase_model, nnp_model_free);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_PHASE]);
}

/* Whether the model shown is still the step's: theta(t) until the update,
 * then theta(t) or theta(t + 1) (the step may not have arrived yet). A
 * new run, a pin, a typed weight, a session, another h or activation, an
 * undo or the past shown end the step taken apart. */
static gboolean
phase_still_shown (NnpDocument *self)
{
  const NnpModel *m = self->state.model, *p = self->phase_model;

  if (m == NULL || p == NULL || m->act != p->act || m->theta->d != p->theta->d
      || m->theta->h != p->theta->h || self->state.past)
    return FALSE;
  if (self->state.epoch == self->phase_epoch)
    return memcmp (m->theta->block, p->theta->block, p->theta->size * sizeof (double)) == 0;
  return self->phase == NNP_PHASE_UPDATE && self->state.epoch == self->phase_epoch + 1;
}

void
nnp_document_step_phase (NnpDocument *self)
{
  g_return_if_fail (NNP_IS_DOCUMENT (self));
  if (self->running)
    return;
  NnpPhase next = self->phase == NNP_PHASE_UPDATE ? NNP_PHASE_FORWARD : self->phase + 1;
  if (next == NNP_PHASE_FORWARD)
    {
      /* theta(t) for the whole step, also once the update has replaced it */
      nnp_document_sync (self);
      g_clear_pointer (&self->phase_model, nnp_model_free);
      if (self->state.model == NULL || self->train->n == 0)
        return;
      self->phase_model = nnp_model_dup (self->state.model);
      self->phase_epoch = self->view.epochs;
    }
  if (next == NNP_PHASE_UPDATE)
    {
      /* the epoch itself: exactly what Right does */
      nnp_live_trainer_step (self->trainer);
      emit_edited (self);
    }
  set_phase (self, next);
}

void
nnp_document_end_phase (NnpDocument *self)
{
  set_phase (self, NNP_PHASE_NONE);
}

NnpPhase
nnp_document_get_phase (NnpDocument *self)
{
  g_return_val_if_fail (NNP_IS_DOCUMENT (self), NNP_PHASE_NONE);
  return self->phase;
}

const NnpModel *
nnp_document_get_phase_model (NnpDocument *self)
{
  g_return_val_if_fail (NNP_IS_DOCUMENT (self), NULL);
  return self->phase != NNP_PHASE_NONE ? self->phase_model : NULL;
}

gboolean
nnp_document_get_picking (NnpDocument *self)
{
  g_return_val_if_fail (NNP_IS_DOCUMENT (self), FALSE);
  return self->picking;
}

void
nnp_document_set_picking (NnpDocument *self, gboolean picking)
{
  g_return_if_fail (NNP_IS_DOCUMENT (self));
  picking = !!picking;
  if (self->picking == picking)
    return;
  self->picking = picking;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_PICKING]);
}

int
nnp_document_get_selected_row (NnpDocument *self)
{
  g_return_val_if_fail (NNP_IS_DOCUMENT (self), -1);
  return self->selected_row;
}

void
nnp_document_set_selected_row (NnpDocument *self, int row)
{
  g_return_if_fail (NNP_IS_DOCUMENT (self));
  if (row < -1 || (row >= 0 && (self->train == NULL || (size_t) row >= self->train->n)))
    row = -1;
  if (row == self->selected_row)
    return;
  self->selected_row = row;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_SELECTED_ROW]);
}

/* FNV-1a over the bytes of a data set's shape and numbers */
static guint64
fingerprint_add (guint64 f, const void *p, size_t len)
{
  const unsigned char *b = p;
  for (size_t i = 0; i < len; i++)
    f = (f ^ b[i]) * 0x100000001b3u;
  return f;
}

static guint64
data_fingerprint (const NnpDataset *train, const NnpDataset *test)
{
  guint64 f = 0xcbf29ce484222325u;
  const NnpDataset *sets[] = { train, test };
  for (gsize i = 0; i < G_N_ELEMENTS (sets); i++)
    {
      const NnpDataset *ds = sets[i];
      const size_t shape[2] = { ds != NULL ? ds->n : 0, ds != NULL ? ds->d : 0 };
      f = fingerprint_add (f, shape, sizeof shape);
      if (ds != NULL && ds->n > 0)
        {
          f = fingerprint_add (f, ds->X, ds->n * ds->d * sizeof (double));
          f = fingerprint_add (f, ds->y, ds->n * sizeof (double));
        }
    }
  return f;
}

void
nnp_document_points_changed (NnpDocument *self, gboolean new_run)
{
  guint n = (guint) nnp_point_set_data (self->points)->n;

  nnp_document_history_forget (self);
  if (new_run)
    nnp_document_history_clear_markers (self);
  set_phase (self, NNP_PHASE_NONE);
  /* The selected row stays selected when the edit left it where it was
   * (points added at the end, a point removed after it); else none. */
  const int sel = self->selected_row;
  double sel_point[3] = { 0 };
  if (sel >= 0 && self->train != NULL && (size_t) sel < self->train->n && self->train->d == 2)
    {
      sel_point[0] = self->train->X[2 * sel];
      sel_point[1] = self->train->X[2 * sel + 1];
      sel_point[2] = self->train->y[sel];
    }
  nnp_dataset_free (self->train);
  nnp_dataset_free (self->test);
  self->train = nnp_point_set_train (self->points);
  self->test = nnp_point_set_test (self->points);
  self->state.train = self->train;
  self->state.test = self->test->n > 0 ? self->test : NULL;
  /* one pass over the points per edit: the data before it were hashed
   * when they were set */
  const guint64 before = self->data_fingerprint;
  self->data_fingerprint = data_fingerprint (self->train, self->test);
  if (!new_run)
    nnp_document_history_mark_data (self, before, self->data_fingerprint);
  /* cleared after the state holds the new points: a listener (the
   * Lecture panel) reads them at once */
  gboolean kept = sel >= 0 && self->train != NULL && (size_t) sel < self->train->n && self->train->d == 2
                  && self->train->X[2 * sel] == sel_point[0] && self->train->X[2 * sel + 1] == sel_point[1]
                  && self->train->y[sel] == sel_point[2];
  if (!kept)
    nnp_document_set_selected_row (self, -1);
  nnp_dataset_feature_stats (self->train, self->raw_mean, self->raw_sd);
  self->state.standardized = self->standardize;
  memcpy (self->state.z_mean, self->raw_mean, sizeof self->raw_mean);
  memcpy (self->state.z_sd, self->raw_sd, sizeof self->raw_sd);
  if (self->standardize)
    {
      /* z-scores from the training split, for both sides: the plane and
       * the points stay in x (the model is folded back, nnp_document_update). */
      g_autoptr (NnpDataset) ztrain = nnp_dataset_dup (self->train);
      g_autoptr (NnpDataset) ztest = nnp_dataset_dup (self->test);
      nnp_dataset_standardize (ztrain, self->raw_mean, self->raw_sd);
      nnp_dataset_standardize (ztest, self->raw_mean, self->raw_sd);
      nnp_live_trainer_set_data (self->trainer, ztrain, ztest);
    }
  else
    nnp_live_trainer_set_data (self->trainer, self->train, self->test);
  if (new_run)
    nnp_live_trainer_reset (self->trainer, self->cfg.seed);
  nnp_document_params_points_changed (self, new_run);
  if (n != self->n_shown)
    {
      self->n_shown = n;
      g_object_notify_by_pspec (G_OBJECT (self), props[PROP_N_SHOWN]);
    }
  notify_undo (self);
  nnp_document_set_dirty (self, TRUE);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
  emit_edited (self);
}

static void
set_running_internal (NnpDocument *self, gboolean running)
{
  if (self->running == running)
    return;
  self->running = running;
  self->state.cell_px = running ? 2 : 1;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_RUNNING]);
}

void
nnp_document_set_running (NnpDocument *self, gboolean running)
{
  g_return_if_fail (NNP_IS_DOCUMENT (self));
  running = !!running;
  if (running)
    set_phase (self, NNP_PHASE_NONE);
  nnp_live_trainer_set_running (self->trainer, running);
  set_running_internal (self, running);
  emit_edited (self);
}

gboolean
nnp_document_update (NnpDocument *self)
{
  g_return_val_if_fail (NNP_IS_DOCUMENT (self), FALSE);

  if (nnp_live_trainer_sync (self->trainer, &self->view))
    {
      NnpLiveView *v = &self->view;

      self->state.model = nnp_document_display_model (self, v->model, &self->display_model);
      /* The curve so far, also when the points are cleared; NULL only
       * before any entry. */
      self->state.history = v->history != NULL && v->history->len > 0 ? v->history : NULL;
      self->state.history_stride = v->history_stride;
      self->state.epoch = v->epochs;
      /* no training points now: the legend's "—" beside the readouts' */
      self->state.no_present_cost = self->state.history != NULL && !v->valid;
      nnp_document_history_apply (self);
      if (self->phase != NNP_PHASE_NONE && !phase_still_shown (self))
        set_phase (self, NNP_PHASE_NONE);
      if (self->summary == NULL || self->summary->has_test != v->has_test)
        {
          nnp_history_free (self->summary);
          self->summary = nnp_history_new (v->has_test);
        }
      nnp_history_clear (self->summary);
      if (v->valid)
        nnp_history_append (self->summary, v->cost, v->acc, v->test_cost, v->test_acc);

      g_object_freeze_notify (G_OBJECT (self));
      /* The trainer paused itself: diverged, or no training points. */
      if (self->running && !v->running)
        set_running_internal (self, FALSE);
      if (v->diverged != self->diverged)
        {
          self->diverged = v->diverged;
          g_object_notify_by_pspec (G_OBJECT (self), props[PROP_DIVERGED]);
        }
      if (v->epochs != self->clean_epochs)
        nnp_document_set_dirty (self, TRUE);
      g_object_thaw_notify (G_OBJECT (self));
      g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
    }
  return self->running || !nnp_live_trainer_is_settled (self->trainer)
         || nnp_live_trainer_generation (self->trainer) != self->view.generation;
}

void
nnp_document_sync (NnpDocument *self)
{
  g_return_if_fail (NNP_IS_DOCUMENT (self));
  nnp_live_trainer_flush (self->trainer);
  /* The trylock may lose to the publishing thread: retry briefly. */
  for (int i = 0; i < 1000 && nnp_live_trainer_generation (self->trainer) != self->view.generation; i++)
    {
      nnp_document_update (self);
      if (nnp_live_trainer_generation (self->trainer) != self->view.generation)
        g_usleep (100);
    }
}

void
nnp_document_step (NnpDocument *self)
{
  g_return_if_fail (NNP_IS_DOCUMENT (self));
  set_phase (self, NNP_PHASE_NONE);
  if (!self->running)
    nnp_live_trainer_step (self->trainer);
  emit_edited (self);
  if (!self->running)
    nnp_document_history_stepped (self);
}

static uint64_t
next_seed (uint64_t seed)
{
  return seed >= NNP_SEED_MAX ? 0 : seed + 1;
}

static void
set_seed_internal (NnpDocument *self, uint64_t seed)
{
  if (self->cfg.seed == seed)
    return;
  self->cfg.seed = seed;
  nnp_live_trainer_set_seed (self->trainer, seed);
  /* Points not drawn by the generator keep the seed set with them, so
   * that undoing an edit of them later does not bring back an older one
   * (nnp_document_origin_changed); a generator's keep the seed that drew
   * them, and a new seed draws new ones. */
  const NnpOrigin *cur = self->points != NULL ? nnp_point_set_get_origin (self->points) : NULL;
  if (cur != NULL && cur->kind != NNP_ORIGIN_GENERATED)
    {
      NnpOrigin o;
      nnp_origin_copy (&o, cur);
      o.seed = seed;
      nnp_point_set_set_origin (self->points, &o);
      nnp_origin_clear (&o);
    }
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_SEED]);
  nnp_document_set_dirty (self, TRUE);
}

void
nnp_document_restore_seed (NnpDocument *self, guint64 seed)
{
  set_seed_internal (self, seed);
  /* a seed put back is not one just typed: New Weights then goes on to
   * the next seed (it had kept this one, and redrawn the same weights) */
  self->seed_typed = FALSE;
}

/* A new run from the initial weights the seed gives; the run it replaces
 * (trained with seed_before) is the step Undo brings back. */
static void
replay_from (NnpDocument *self, guint64 seed_before)
{
  nnp_document_sync (self);
  nnp_document_history_branch_replay (self, seed_before);
  nnp_document_history_clear_markers (self);
  nnp_document_notify_undo (self);
  nnp_live_trainer_reset (self->trainer, self->cfg.seed);
  nnp_document_params_forget (self);
  nnp_document_set_dirty (self, TRUE);
  emit_edited (self);
}

void
nnp_document_replay (NnpDocument *self)
{
  g_return_if_fail (NNP_IS_DOCUMENT (self));
  replay_from (self, self->cfg.seed);
}

void
nnp_document_reset (NnpDocument *self)
{
  g_return_if_fail (NNP_IS_DOCUMENT (self));
  const guint64 before = self->cfg.seed;

  /* New weights each time, from the next seed, unless the user just typed one. */
  if (!self->seed_typed)
    set_seed_internal (self, next_seed (self->cfg.seed));
  self->seed_typed = FALSE;
  replay_from (self, before);
}

/* ---- Points ------------------------------------------------------------ */

/* Draws the generator's points with the current seed; undoable unless
 * this is the first draw. A new run. */
static void
generate (NnpDocument *self, gboolean undoable)
{
  g_autoptr (NnpDataset) ds = nnp_dataset_generate (self->generator, self->n_points, self->noise,
                                                    self->cfg.seed);
  NnpOrigin o = { .kind = NNP_ORIGIN_GENERATED, .generator = self->generator,
                  .n_points = self->n_points, .noise = self->noise, .seed = self->cfg.seed };

  if (ds == NULL)
    return;
  if (undoable)
    {
      nnp_document_sync (self);
      nnp_point_set_checkpoint_with (self->points, nnp_document_history_save_run (self));
    }
  nnp_point_set_replace (self->points, ds, self->test_fraction, self->cfg.seed);
  nnp_document_fit_origin_view (self, &o);
  set_origin (self, &o);
  nnp_document_points_changed (self, TRUE);
}

void
nnp_document_regenerate (NnpDocument *self)
{
  g_return_if_fail (NNP_IS_DOCUMENT (self));
  /* the checkpoint first, with the points' seed as it is: Undo brings it
   * back with them (drawn by hand, their origin takes the new seed), and
   * the run they had, as the trainer has it now */
  nnp_document_sync (self);
  nnp_point_set_checkpoint_with (self->points, nnp_document_history_save_run (self));
  set_seed_internal (self, next_seed (self->cfg.seed));
  generate (self, FALSE);
}

void
nnp_document_clear (NnpDocument *self)
{
  g_autoptr (NnpDataset) empty = nnp_dataset_alloc (0, 2);
  NnpOrigin o;

  g_return_if_fail (NNP_IS_DOCUMENT (self));
  nnp_origin_copy (&o, nnp_point_set_get_origin (self->points));
  nnp_document_sync (self);
  nnp_point_set_checkpoint_with (self->points, nnp_document_history_save_run (self));
  nnp_point_set_replace (self->points, empty, self->test_fraction, self->cfg.seed);
  /* The same axes, to draw on. */
  g_clear_pointer (&o.file, g_free);
  o.kind = NNP_ORIGIN_HAND;
  o.edited = FALSE;
  set_origin (self, &o);
  nnp_document_points_changed (self, TRUE);
}

void
nnp_document_begin_edit (NnpDocument *self)
{
  g_return_if_fail (NNP_IS_DOCUMENT (self));
  self->edit_pending = TRUE;
}

/* Before the first change of an edit: the undo step, and the origin says
 * the points were edited. */
static void
edit_started (NnpDocument *self)
{
  NnpOrigin o;

  if (self->edit_pending)
    {
      nnp_point_set_checkpoint (self->points);
      self->edit_pending = FALSE;
    }
  nnp_origin_copy (&o, nnp_point_set_get_origin (self->points));
  if (o.kind == NNP_ORIGIN_GENERATED)
    o.kind = NNP_ORIGIN_HAND;
  else if (o.kind == NNP_ORIGIN_FILE)
    o.edited = TRUE;
  set_origin (self, &o);
  nnp_origin_clear (&o);
}

gboolean
nnp_document_add_point (NnpDocument *self, double x1, double x2, double label)
{
  g_return_val_if_fail (NNP_IS_DOCUMENT (self), FALSE);
  if (!isfinite (x1) || !isfinite (x2) || (label != 0.0 && label != 1.0))
    return FALSE;
  edit_started (self);
  if (!nnp_point_set_add (self->points, x1, x2, label))
    return FALSE;
  /* A point edit continues the run. */
  nnp_document_points_changed (self, FALSE);
  return TRUE;
}

gboolean
nnp_document_remove_point (NnpDocument *self, double x1, double x2, double radius)
{
  const NnpDataset *ds;
  gboolean any = FALSE;

  g_return_val_if_fail (NNP_IS_DOCUMENT (self), FALSE);
  ds = nnp_point_set_data (self->points);
  for (size_t i = 0; i < ds->n && !any; i++)
    any = hypot (ds->X[2 * i] - x1, ds->X[2 * i + 1] - x2) <= radius;
  if (!any)
    return FALSE;
  edit_started (self);
  nnp_point_set_remove_nearest (self->points, x1, x2, radius);
  nnp_document_points_changed (self, FALSE);
  return TRUE;
}

/* The point set's payload: the run, for the step that goes the other way. */
static gpointer
save_run (gpointer self)
{
  return nnp_document_history_save_run (self);
}

static gboolean
undo_redo (NnpDocument *self, gboolean (*move) (NnpPointSet *))
{
  /* the run the step may save for the other way, as the trainer has it */
  if (nnp_point_set_can_undo (self->points) || nnp_point_set_can_redo (self->points))
    nnp_document_sync (self);
  if (!move (self->points))
    return FALSE;
  nnp_document_origin_changed (self);
  /* an edit that started a new run brings back the run it replaced (and
   * its redo the run that followed), with the inputs in its units */
  gpointer run = nnp_point_set_steal_payload (self->points);
  if (run != NULL && nnp_document_history_run_standardize (run) != self->standardize)
    {
      self->standardize = nnp_document_history_run_standardize (run);
      g_object_notify_by_pspec (G_OBJECT (self), props[PROP_STANDARDIZE]);
    }
  nnp_document_points_changed (self, FALSE);
  if (run != NULL)
    {
      nnp_document_history_restore_run (self, run);
      /* the restored run shown at once, not the replaced one's model
       * with the restored markers until the next tick */
      nnp_document_sync (self);
      notify_undo (self);
      g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
      emit_edited (self);
    }
  return TRUE;
}

gboolean
nnp_document_undo (NnpDocument *self)
{
  g_return_val_if_fail (NNP_IS_DOCUMENT (self), FALSE);
  /* A branch (Continue from here) and typed weights never wait to be
   * undone together: each forgets the other's step. */
  if (nnp_document_history_undo (self, FALSE) || nnp_document_params_undo (self))
    return TRUE;
  return undo_redo (self, nnp_point_set_undo);
}

gboolean
nnp_document_redo (NnpDocument *self)
{
  g_return_val_if_fail (NNP_IS_DOCUMENT (self), FALSE);
  if (nnp_document_history_undo (self, TRUE) || nnp_document_params_redo (self))
    return TRUE;
  return undo_redo (self, nnp_point_set_redo);
}

void
nnp_document_set_view (NnpDocument *self, double xmin, double xmax, double ymin, double ymax)
{
  NnpOrigin o;

  g_return_if_fail (NNP_IS_DOCUMENT (self));
  /* Zooming stops where the figures could no longer draw the plane. */
  if (!nnp_view_is_drawable (xmin, xmax, ymin, ymax))
    return;
  nnp_origin_copy (&o, nnp_point_set_get_origin (self->points));
  o.xmin = xmin, o.xmax = xmax, o.ymin = ymin, o.ymax = ymax;
  set_origin (self, &o);
  nnp_origin_clear (&o);
  /* Looking closer is not a change of the work: the view is saved with
   * the session, but zooming alone does not make it unsaved (the title's
   * star, and closing asked to save "the points, the settings and the
   * training", after a turn of the wheel). */
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

void
nnp_document_fit_view (NnpDocument *self)
{
  NnpOrigin o = { 0 };

  g_return_if_fail (NNP_IS_DOCUMENT (self));
  nnp_document_fit_origin_view (self, &o);
  nnp_document_set_view (self, o.xmin, o.xmax, o.ymin, o.ymax);
}

/* ---- Start --------------------------------------------------------------- */

void
nnp_document_start (NnpDocument *self)
{
  g_return_if_fail (NNP_IS_DOCUMENT (self));
  if (self->started)
    return;
  /* Settings may have set the fields; the trainer gets them all now. */
  nnp_live_trainer_set_lr (self->trainer, self->cfg.lr);
  nnp_live_trainer_set_hidden (self->trainer, self->cfg.hidden);
  nnp_live_trainer_set_activation (self->trainer, self->cfg.act);
  nnp_live_trainer_set_batch (self->trainer, self->cfg.batch);
  nnp_live_trainer_set_speed (self->trainer, self->cfg.speed);
  nnp_live_trainer_set_seed (self->trainer, self->cfg.seed);
  generate (self, FALSE);
  nnp_document_sync (self);
  self->clean_epochs = self->view.epochs;
  self->started = TRUE;
  update_title (self);
}

void
nnp_document_mark_clean (NnpDocument *self)
{
  self->clean_epochs = self->view.epochs;
  nnp_document_set_dirty (self, FALSE);
  update_title (self);
}

/* ---- Properties -------------------------------------------------------- */

static void
set_lr (NnpDocument *self, double lr)
{
  if (!isfinite (lr))
    return;
  lr = CLAMP (lr, NNP_LR_MIN, NNP_LR_MAX);
  if (lr == self->cfg.lr)
    return;
  nnp_document_history_mark_change (self, NNP_CHANGE_LR, self->cfg.lr, lr);
  self->cfg.lr = lr;
  nnp_live_trainer_set_lr (self->trainer, lr);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_LEARNING_RATE]);
  nnp_document_set_dirty (self, TRUE);
  emit_edited (self);
}

static void
set_test_fraction (NnpDocument *self, double f)
{
  if (!(f >= 0.0 && f <= NNP_TEST_FRACTION_MAX) || f == self->test_fraction)
    return;
  self->test_fraction = f;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_TEST_FRACTION]);
  if (self->started)
    {
      nnp_point_set_set_split (self->points, f, self->cfg.seed);
      nnp_document_points_changed (self, FALSE);
    }
}

/* A generator field changed: the points are drawn again with the same
 * seed (undoable, a new run). */
static void
generator_field_changed (NnpDocument *self, guint prop)
{
  g_object_notify_by_pspec (G_OBJECT (self), props[prop]);
  if (self->started)
    generate (self, TRUE);
}

void
nnp_document_set_generator (NnpDocument *self, NnpGenerator gen)
{
  g_return_if_fail (NNP_IS_DOCUMENT (self));
  if ((int) gen < 0 || gen >= NNP_N_GENERATORS)
    return;
  /* Choosing the generator shown draws its points again when the points
   * shown are not its own. */
  if (gen == self->generator && self->origin_kind == NNP_ORIGIN_GENERATED)
    return;
  self->generator = gen;
  generator_field_changed (self, PROP_GENERATOR);
}

static void
nnp_document_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  NnpDocument *self = NNP_DOCUMENT (object);

  switch (prop_id)
    {
    case PROP_LEARNING_RATE:
      set_lr (self, g_value_get_double (value));
      break;
    case PROP_HIDDEN_UNITS:
      {
        guint h = CLAMP (g_value_get_uint (value), 1, NNP_HIDDEN_MAX);
        if (h != self->cfg.hidden)
          {
            nnp_document_history_mark_change (self, NNP_CHANGE_HIDDEN, self->cfg.hidden, h);
            self->cfg.hidden = h;
            nnp_live_trainer_set_hidden (self->trainer, h);
            g_object_notify_by_pspec (object, pspec);
            if (self->state.unit >= (int) h)
              g_object_set (self, "selected-unit", -1, NULL);
            nnp_document_set_dirty (self, TRUE);
            emit_edited (self);
          }
      }
      break;
    case PROP_ACTIVATION:
      {
        int a = g_value_get_int (value);
        if (a >= 0 && a < NNP_N_ACTIVATIONS && (NnpActivation) a != self->cfg.act)
          {
            nnp_document_history_mark_change (self, NNP_CHANGE_ACTIVATION, self->cfg.act, a);
            self->cfg.act = (NnpActivation) a;
            nnp_live_trainer_set_activation (self->trainer, self->cfg.act);
            g_object_notify_by_pspec (object, pspec);
            nnp_document_set_dirty (self, TRUE);
            emit_edited (self);
          }
      }
      break;
    case PROP_BATCH_SIZE:
      if (g_value_get_uint (value) != self->cfg.batch)
        {
          nnp_document_history_mark_change (self, NNP_CHANGE_BATCH, self->cfg.batch,
                                            g_value_get_uint (value));
          self->cfg.batch = g_value_get_uint (value);
          nnp_live_trainer_set_batch (self->trainer, self->cfg.batch);
          g_object_notify_by_pspec (object, pspec);
          nnp_document_set_dirty (self, TRUE);
          emit_edited (self);
        }
      break;
    case PROP_SEED:
      {
        guint64 seed = MIN (g_value_get_uint64 (value), NNP_SEED_MAX), before = self->cfg.seed;
        if (seed == self->cfg.seed)
          break;
        set_seed_internal (self, seed);
        if (!self->started)
          break;
        self->seed_typed = TRUE;
        /* A seed typed by the user redraws what it seeds: the generator's
         * points (unless edited or from a file) and the initial weights. */
        if (self->origin_kind == NNP_ORIGIN_GENERATED)
          generate (self, TRUE);
        else
          replay_from (self, before);
      }
      break;
    case PROP_SPEED:
      {
        double s = g_value_get_double (value);
        if (isfinite (s) && s >= 0 && s <= NNP_SPEED_MAX && s != self->cfg.speed)
          {
            self->cfg.speed = s;
            nnp_live_trainer_set_speed (self->trainer, s);
            g_object_notify_by_pspec (object, pspec);
            nnp_document_set_dirty (self, TRUE);
            emit_edited (self);
          }
      }
      break;
    case PROP_TEST_FRACTION:
      set_test_fraction (self, g_value_get_double (value));
      break;
    case PROP_RUNNING:
      nnp_document_set_running (self, g_value_get_boolean (value));
      break;
    case PROP_GENERATOR:
      nnp_document_set_generator (self, (NnpGenerator) g_value_get_int (value));
      break;
    case PROP_N_POINTS:
      {
        guint n = CLAMP (g_value_get_uint (value), 2, NNP_SESSION_MAX_POINTS);
        if (n != self->n_points)
          {
            self->n_points = n;
            generator_field_changed (self, PROP_N_POINTS);
          }
      }
      break;
    case PROP_NOISE:
      {
        double x = g_value_get_double (value);
        if (isfinite (x) && x >= 0 && x <= NNP_NOISE_MAX && x != self->noise)
          {
            self->noise = x;
            generator_field_changed (self, PROP_NOISE);
          }
      }
      break;
    case PROP_STANDARDIZE:
      if (g_value_get_boolean (value) != self->standardize)
        {
          /* The inputs change meaning: a new run on them. */
          self->standardize = g_value_get_boolean (value);
          g_object_notify_by_pspec (object, pspec);
          if (self->started)
            nnp_document_points_changed (self, TRUE);
        }
      break;
    case PROP_SHOWN_EPOCH:
      nnp_document_set_shown_epoch (self, g_value_get_int64 (value));
      break;
    case PROP_LOG_COST:
      if (g_value_get_boolean (value) != self->state.log_cost)
        {
          self->state.log_cost = g_value_get_boolean (value);
          g_object_notify_by_pspec (object, pspec);
          nnp_document_set_dirty (self, TRUE);
          g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
        }
      break;
    case PROP_UNIT_LINES:
      if (g_value_get_boolean (value) != self->state.unit_lines)
        {
          self->state.unit_lines = g_value_get_boolean (value);
          g_object_notify_by_pspec (object, pspec);
          nnp_document_set_dirty (self, TRUE);
          g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
        }
      break;
    case PROP_SELECTED_UNIT:
      {
        int j = g_value_get_int (value);
        if (j < -1 || j >= (int) self->cfg.hidden)
          j = -1;
        if (j != self->state.unit)
          {
            self->state.unit = j;
            g_object_notify_by_pspec (object, pspec);
            nnp_document_set_dirty (self, TRUE);
            g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
          }
      }
      break;
    case PROP_SELECTED_ROW:
      nnp_document_set_selected_row (self, g_value_get_int (value));
      break;
    case PROP_PICKING:
      nnp_document_set_picking (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
nnp_document_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  NnpDocument *self = NNP_DOCUMENT (object);

  switch (prop_id)
    {
    case PROP_LEARNING_RATE: g_value_set_double (value, self->cfg.lr); break;
    case PROP_HIDDEN_UNITS: g_value_set_uint (value, (guint) self->cfg.hidden); break;
    case PROP_ACTIVATION: g_value_set_int (value, self->cfg.act); break;
    case PROP_BATCH_SIZE: g_value_set_uint (value, (guint) self->cfg.batch); break;
    case PROP_SEED: g_value_set_uint64 (value, self->cfg.seed); break;
    case PROP_SPEED: g_value_set_double (value, self->cfg.speed); break;
    case PROP_TEST_FRACTION: g_value_set_double (value, self->test_fraction); break;
    case PROP_RUNNING: g_value_set_boolean (value, self->running); break;
    case PROP_GENERATOR: g_value_set_int (value, self->generator); break;
    case PROP_N_POINTS: g_value_set_uint (value, self->n_points); break;
    case PROP_NOISE: g_value_set_double (value, self->noise); break;
    case PROP_ORIGIN_KIND: g_value_set_int (value, self->origin_kind); break;
    case PROP_ORIGIN_LABEL: g_value_set_string (value, self->origin_label); break;
    case PROP_N_SHOWN: g_value_set_uint (value, self->n_shown); break;
    case PROP_LOG_COST: g_value_set_boolean (value, self->state.log_cost); break;
    case PROP_UNIT_LINES: g_value_set_boolean (value, self->state.unit_lines); break;
    case PROP_SELECTED_UNIT: g_value_set_int (value, self->state.unit); break;
    case PROP_FILE: g_value_set_object (value, self->file); break;
    case PROP_TITLE: g_value_set_string (value, self->title); break;
    case PROP_DIRTY: g_value_set_boolean (value, self->dirty); break;
    case PROP_CAN_UNDO: g_value_set_boolean (value, self->can_undo); break;
    case PROP_CAN_REDO: g_value_set_boolean (value, self->can_redo); break;
    case PROP_DIVERGED: g_value_set_boolean (value, self->diverged); break;
    case PROP_STANDARDIZE: g_value_set_boolean (value, self->standardize); break;
    case PROP_SHOWN_EPOCH: g_value_set_int64 (value, self->shown_epoch); break;
    case PROP_N_PINS: g_value_set_uint (value, nnp_document_get_n_pins (self)); break;
    case PROP_PHASE: g_value_set_int (value, self->phase); break;
    case PROP_SELECTED_ROW: g_value_set_int (value, self->selected_row); break;
    case PROP_PICKING: g_value_set_boolean (value, self->picking); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
nnp_document_finalize (GObject *object)
{
  NnpDocument *self = NNP_DOCUMENT (object);

  nnp_document_history_finalize (self);
  g_clear_pointer (&self->trainer, nnp_live_trainer_free);
  nnp_live_view_clear (&self->view);
  g_clear_pointer (&self->summary, nnp_history_free);
  g_clear_pointer (&self->display_model, nnp_model_free);
  nnp_document_params_finalize (self);
  g_clear_pointer (&self->phase_model, nnp_model_free);
  nnp_point_set_free (self->points);
  nnp_dataset_free (self->train);
  nnp_dataset_free (self->test);
  g_clear_object (&self->file);
  g_free (self->name);
  g_free (self->title);
  g_free (self->origin_label);
  G_OBJECT_CLASS (nnp_document_parent_class)->finalize (object);
}

static void
nnp_document_class_init (NnpDocumentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->set_property = nnp_document_set_property;
  object_class->get_property = nnp_document_get_property;
  object_class->finalize = nnp_document_finalize;

  props[PROP_LEARNING_RATE] = g_param_spec_double ("learning-rate", NULL, NULL,
                                                   NNP_LR_MIN, NNP_LR_MAX, 0.5, rw);
  props[PROP_HIDDEN_UNITS] = g_param_spec_uint ("hidden-units", NULL, NULL, 1, NNP_HIDDEN_MAX, 4, rw);
  props[PROP_ACTIVATION] = g_param_spec_int ("activation", NULL, NULL, 0, NNP_N_ACTIVATIONS - 1,
                                             NNP_ACT_SIGMOID, rw);
  props[PROP_BATCH_SIZE] = g_param_spec_uint ("batch-size", NULL, NULL, 0, G_MAXUINT, 0, rw);
  props[PROP_SEED] = g_param_spec_uint64 ("seed", NULL, NULL, 0, NNP_SEED_MAX, 1, rw);
  props[PROP_SPEED] = g_param_spec_double ("speed", NULL, NULL, 0, NNP_SPEED_MAX, NNP_SPEED_DEFAULT, rw);
  props[PROP_TEST_FRACTION] = g_param_spec_double ("test-fraction", NULL, NULL, 0, NNP_TEST_FRACTION_MAX, 0, rw);
  props[PROP_RUNNING] = g_param_spec_boolean ("running", NULL, NULL, FALSE, rw);
  props[PROP_GENERATOR] = g_param_spec_int ("generator", NULL, NULL, 0, NNP_N_GENERATORS - 1,
                                            NNP_GEN_MOONS, rw);
  props[PROP_N_POINTS] = g_param_spec_uint ("n-points", NULL, NULL, 2, NNP_SESSION_MAX_POINTS, 200, rw);
  props[PROP_NOISE] = g_param_spec_double ("noise", NULL, NULL, 0, NNP_NOISE_MAX, 0.1, rw);
  props[PROP_ORIGIN_KIND] = g_param_spec_int ("origin-kind", NULL, NULL, 0, NNP_ORIGIN_HAND, 0, ro);
  props[PROP_ORIGIN_LABEL] = g_param_spec_string ("origin-label", NULL, NULL, NULL, ro);
  props[PROP_N_SHOWN] = g_param_spec_uint ("n-shown", NULL, NULL, 0, G_MAXUINT, 0, ro);
  props[PROP_LOG_COST] = g_param_spec_boolean ("log-cost", NULL, NULL, FALSE, rw);
  props[PROP_UNIT_LINES] = g_param_spec_boolean ("unit-lines", NULL, NULL, FALSE, rw);
  props[PROP_SELECTED_UNIT] = g_param_spec_int ("selected-unit", NULL, NULL, -1, NNP_HIDDEN_MAX - 1,
                                                -1, rw);
  props[PROP_FILE] = g_param_spec_object ("file", NULL, NULL, G_TYPE_FILE, ro);
  props[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, ro);
  props[PROP_DIRTY] = g_param_spec_boolean ("dirty", NULL, NULL, FALSE, ro);
  props[PROP_CAN_UNDO] = g_param_spec_boolean ("can-undo", NULL, NULL, FALSE, ro);
  props[PROP_CAN_REDO] = g_param_spec_boolean ("can-redo", NULL, NULL, FALSE, ro);
  props[PROP_DIVERGED] = g_param_spec_boolean ("diverged", NULL, NULL, FALSE, ro);
  props[PROP_STANDARDIZE] = g_param_spec_boolean ("standardize", NULL, NULL, FALSE, rw);
  props[PROP_SHOWN_EPOCH] = g_param_spec_int64 ("shown-epoch", NULL, NULL, -1, G_MAXINT64, -1, rw);
  props[PROP_N_PINS] = g_param_spec_uint ("n-pins", NULL, NULL, 0, NNP_SESSION_MAX_PINS, 0, ro);
  props[PROP_PHASE] = g_param_spec_int ("phase", NULL, NULL, NNP_PHASE_NONE, NNP_PHASE_UPDATE,
                                        NNP_PHASE_NONE, ro);
  props[PROP_SELECTED_ROW] = g_param_spec_int ("selected-row", NULL, NULL, -1, G_MAXINT, -1, rw);
  props[PROP_PICKING] = g_param_spec_boolean ("picking", NULL, NULL, FALSE, rw);
  g_object_class_install_properties (object_class, N_PROPS, props);

  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_EDITED] = g_signal_new ("edited", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                         0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
nnp_document_init (NnpDocument *self)
{
  self->cfg = (NnpLiveConfig) { .lr = 0.5, .hidden = 4, .act = NNP_ACT_SIGMOID, .batch = 0,
                                .seed = 1, .speed = NNP_SPEED_DEFAULT };
  self->test_fraction = 0.0;
  self->generator = NNP_GEN_MOONS;
  self->n_points = 200;
  self->noise = 0.1;
  self->selected_row = -1;
  self->points = nnp_point_set_new ();
  nnp_point_set_set_payload_funcs (self->points, save_run, nnp_document_history_run_free, self);
  self->train = nnp_dataset_alloc (0, 2);
  self->test = nnp_dataset_alloc (0, 2);
  self->data_fingerprint = data_fingerprint (self->train, self->test);
  nnp_plot_state_init (&self->state);
  self->state.train = self->train;
  nnp_hidden_space_options_init (&self->hidden_space);
  self->state.hidden_space = &self->hidden_space;
  self->trainer = nnp_live_trainer_new (&self->cfg, NULL, NULL);
  self->origin_label = g_strdup ("");
  self->title = g_strdup ("nnplay");
  self->shown_epoch = -1;
}

NnpDocument *
nnp_document_new (void)
{
  return g_object_new (NNP_TYPE_DOCUMENT, NULL);
}

/* ---- Accessors ----------------------------------------------------------- */

const NnpPlotState *
nnp_document_get_plot_state (NnpDocument *self)
{
  g_return_val_if_fail (NNP_IS_DOCUMENT (self), NULL);
  return &self->state;
}

const NnpLiveView *
nnp_document_get_view (NnpDocument *self)
{
  g_return_val_if_fail (NNP_IS_DOCUMENT (self), NULL);
  return &self->view;
}

const NnpHistory *
nnp_document_get_summary (NnpDocument *self)
{
  g_return_val_if_fail (NNP_IS_DOCUMENT (self), NULL);
  return self->summary;
}

NnpPointSet *
nnp_document_get_points (NnpDocument *self)
{
  g_return_val_if_fail (NNP_IS_DOCUMENT (self), NULL);
  return self->points;
}

GFile *
nnp_document_get_file (NnpDocument *self)
{
  g_return_val_if_fail (NNP_IS_DOCUMENT (self), NULL);
  return self->file;
}

gboolean
nnp_document_get_dirty (NnpDocument *self)
{
  g_return_val_if_fail (NNP_IS_DOCUMENT (self), FALSE);
  return self->dirty;
}

double
nnp_document_get_learning_rate (NnpDocument *self)
{
  g_return_val_if_fail (NNP_IS_DOCUMENT (self), 0.0);
  return self->cfg.lr;
}

guint
nnp_document_get_hidden_units (NnpDocument *self)
{
  g_return_val_if_fail (NNP_IS_DOCUMENT (self), 0);
  return (guint) self->cfg.hidden;
}

NnpActivation
nnp_document_get_activation (NnpDocument *self)
{
  g_return_val_if_fail (NNP_IS_DOCUMENT (self), NNP_ACT_SIGMOID);
  return self->cfg.act;
}

guint64
nnp_document_get_seed (NnpDocument *self)
{
  g_return_val_if_fail (NNP_IS_DOCUMENT (self), 0);
  return self->cfg.seed;
}

gboolean
nnp_document_get_running (NnpDocument *self)
{
  g_return_val_if_fail (NNP_IS_DOCUMENT (self), FALSE);
  return self->running;
}

int
nnp_document_get_selected_unit (NnpDocument *self)
{
  g_return_val_if_fail (NNP_IS_DOCUMENT (self), -1);
  return self->state.unit;
}

void
nnp_document_set_history_cap (NnpDocument *self, size_t cap)
{
  g_return_if_fail (NNP_IS_DOCUMENT (self));
  g_return_if_fail (cap >= 2);
  nnp_live_trainer_set_history_cap (self->trainer, cap);
}

void
nnp_document_prepare_benchmark (NnpDocument *self, guint hidden)
{
  g_return_if_fail (NNP_IS_DOCUMENT (self));
  g_object_set (self, "speed", NNP_SPEED_MAXIMUM, "hidden-units", hidden, "batch-size", 0,
                "activation", NNP_ACT_SIGMOID, NULL);
  nnp_document_replay (self);
}

gboolean
nnp_document_far_from_unit_scale (NnpDocument *self, double *biggest)
{
  double big = 0.0, small = G_MAXDOUBLE;

  g_return_val_if_fail (NNP_IS_DOCUMENT (self), FALSE);
  for (int k = 0; k < 2; k++)
    {
      big = MAX (big, MAX (fabs (self->raw_mean[k]), self->raw_sd[k]));
      small = MIN (small, self->raw_sd[k]);
    }
  if (biggest != NULL)
    *biggest = big;
  return self->train->n >= 2 && (big > 10.0 || small < 0.1);
}

void
nnp_document_undo_changed (NnpDocument *self)
{
  notify_undo (self);
}

/* ---- For nnp-document-history.c ----------------------------------------- */

void
nnp_document_notify_shown_epoch (NnpDocument *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_SHOWN_EPOCH]);
}

void
nnp_document_notify_undo (NnpDocument *self)
{
  notify_undo (self);
}

/* ---- The hidden-space view ----------------------------------------------- */

const NnpHiddenSpaceOptions *
nnp_document_get_hidden_space (NnpDocument *self)
{
  g_return_val_if_fail (NNP_IS_DOCUMENT (self), NULL);
  return &self->hidden_space;
}

void
nnp_document_set_hidden_space (NnpDocument *self, const NnpHiddenSpaceOptions *opts)
{
  g_return_if_fail (NNP_IS_DOCUMENT (self));
  g_return_if_fail (opts != NULL);
  /* No "changed": only the hidden-space view draws them, and it redraws
   * itself (a drag that rotates the cube would redraw every panel). */
  self->hidden_space = *opts;
}

/* ---- Replaying the run (the slides' evolution and animation) ------------ */

NnpReplay *
nnp_document_get_replay (NnpDocument *self)
{
  NnpReplay *r;

  g_return_val_if_fail (NNP_IS_DOCUMENT (self), NULL);
  r = g_new0 (NnpReplay, 1);
  r->cfg = self->cfg;
  r->train = nnp_dataset_dup (self->train);
  r->test = self->test != NULL && self->test->n > 0 ? nnp_dataset_dup (self->test) : NULL;
  r->standardized = self->standardize;
  memcpy (r->mean, self->raw_mean, sizeof r->mean);
  memcpy (r->sd, self->raw_sd, sizeof r->sd);
  if (r->standardized)
    {
      nnp_dataset_standardize (r->train, r->mean, r->sd);
      if (r->test != NULL)
        nnp_dataset_standardize (r->test, r->mean, r->sd);
    }
  r->epochs = self->view.epochs;
  r->current = self->view.model != NULL ? nnp_model_dup (self->view.model) : NULL;
  r->snaps = nnp_live_trainer_dup_snapshots (self->trainer);
  return r;
}

void
nnp_document_emit_changed (NnpDocument *self)
{
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

/* The trainer was given m: the hidden size and activation follow it. */
void
nnp_document_notify_model_settings (NnpDocument *self, const NnpModel *m)
{
  g_object_freeze_notify (G_OBJECT (self));
  if (m->theta->h != self->cfg.hidden)
    {
      self->cfg.hidden = m->theta->h;
      g_object_notify_by_pspec (G_OBJECT (self), props[PROP_HIDDEN_UNITS]);
      if (self->state.unit >= (int) m->theta->h)
        g_object_set (self, "selected-unit", -1, NULL);
    }
  if (m->act != self->cfg.act)
    {
      self->cfg.act = m->act;
      g_object_notify_by_pspec (G_OBJECT (self), props[PROP_ACTIVATION]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

void
nnp_document_restore_run_settings (NnpDocument *self, double lr, size_t batch)
{
  g_object_freeze_notify (G_OBJECT (self));
  if (isfinite (lr) && lr != self->cfg.lr)
    {
      self->cfg.lr = CLAMP (lr, NNP_LR_MIN, NNP_LR_MAX);
      nnp_live_trainer_set_lr (self->trainer, self->cfg.lr);
      g_object_notify_by_pspec (G_OBJECT (self), props[PROP_LEARNING_RATE]);
    }
  if (batch != self->cfg.batch)
    {
      self->cfg.batch = batch;
      nnp_live_trainer_set_batch (self->trainer, batch);
      g_object_notify_by_pspec (G_OBJECT (self), props[PROP_BATCH_SIZE]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

void
nnp_document_notify_n_pins (NnpDocument *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_N_PINS]);
}
