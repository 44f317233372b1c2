/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nnp-live-trainer.h: gradient descent in a background thread with published snapshots (GLib only, no GTK). */
#pragma once

#include <glib.h>
#include <nnplay/nnp-model.h>
#include <nnplay/nnp-dataset.h>
#include <nnplay/nnp-train.h>
#include <nnplay/nnp-snapshots.h>

G_BEGIN_DECLS

/* The hyperparameters the thread trains with. */
typedef struct {
  double lr;              /* alpha, > 0 */
  size_t hidden;          /* h, >= 1 */
  NnpActivation act;
  size_t batch;           /* 0 = full batch */
  uint64_t seed;          /* initial weights, new units, mini-batch shuffle */
  double speed;           /* epochs per second while running; 0 = as fast as possible */
} NnpLiveConfig;

/* Where the UI keeps its copy of the latest snapshot. Owned by the UI
 * thread; nnp_live_trainer_sync() refreshes it. */
typedef struct {
  guint64 generation;     /* of the snapshot copied in */
  NnpModel *model;        /* NULL before the first snapshot */
  NnpHistory *history;    /* entry i = epoch i * history_stride; grown
                           * incrementally; its last entry, when it is the
                           * current epoch's, holds the values below (the
                           * current data's) */
  size_t history_stride;  /* >= 1 once synced; doubles as the curve is thinned */
  size_t epochs;          /* epochs trained; the curve's last entry may be up to
                           * history_stride - 1 epochs older */
  double epochs_per_s;
  gboolean running;
  gboolean diverged;      /* the last epoch diverged; weights are the last good ones */
  /* When it diverged by exploding, still finite: J before and after that
   * step (the step is undone); 0, 0 when J was no longer finite. */
  double jump_from, jump_to;
  gboolean has_test;      /* there is a test split */
  gboolean valid;         /* cost and acc are set: there are training points */
  /* J and accuracy of the current model on the current data: after an
   * epoch, and re-evaluated (a forward pass, no epoch) after every edit of
   * the data or the model. */
  double cost, acc;
  double test_cost, test_acc;
  gboolean trainable;     /* there are training points */
  double lr;              /* the learning rate in force */
} NnpLiveView;

/* The cost curve keeps at most NNP_LIVE_MAX_HISTORY entries (32 bytes
 * each): when it is full, every second entry is dropped (entries 0, 2, 4,
 * .. stay), the stride doubles, and from then on only epochs that are
 * multiples of the stride are recorded. So the curve always spans epoch 0
 * to (nearly) the current one; the readouts stay exact. */
#define NNP_LIVE_MAX_HISTORY 1000000

typedef struct NnpLiveTrainer NnpLiveTrainer;

/* Copies train and test (test may be NULL); initialises the weights from
 * cfg->seed and starts the thread, paused. */
NnpLiveTrainer *nnp_live_trainer_new  (const NnpLiveConfig *cfg,
                                       const NnpDataset *train, const NnpDataset *test);
/* Stops and joins the thread. NULL is fine. */
void            nnp_live_trainer_free (NnpLiveTrainer *lt);

/* Divergence: an epoch whose cost is not finite, or one that makes J jump
 * above 20 and to more than 10 times either its value before (see
 * jump_from) or the lowest J since the last edit (a blow-up spread over a
 * few epochs). Either way the thread keeps the weights from before the
 * epoch, does not count it, and pauses.
 *
 * Running with no training points pauses too (view.running turns FALSE).
 * Turning the test split on or off keeps the epoch count and the train
 * curve: the test columns are dropped, or added with NaN (no value) in
 * every entry before the change, so the test curve starts there. */

/* Edits: none of these waits for an epoch; each takes the lock only to copy
 * its argument, and the thread applies it before its next epoch. */
void nnp_live_trainer_set_running    (NnpLiveTrainer *lt, gboolean running);
/* One epoch when paused; each call counts (n calls, n epochs). */
void nnp_live_trainer_step           (NnpLiveTrainer *lt);
/* New initial weights from seed; clears the history and any divergence. */
void nnp_live_trainer_reset          (NnpLiveTrainer *lt, uint64_t seed);
void nnp_live_trainer_set_data       (NnpLiveTrainer *lt, const NnpDataset *train,
                                      const NnpDataset *test);
void nnp_live_trainer_set_lr         (NnpLiveTrainer *lt, double lr);
/* Growing keeps the existing units (nnp_model_resized); shrinking drops the last. */
void nnp_live_trainer_set_hidden     (NnpLiveTrainer *lt, size_t hidden);
void nnp_live_trainer_set_activation (NnpLiveTrainer *lt, NnpActivation act);
void nnp_live_trainer_set_batch      (NnpLiveTrainer *lt, size_t batch);
void nnp_live_trainer_set_seed       (NnpLiveTrainer *lt, uint64_t seed);
/* Epochs per second while running (> 0), or 0 for as fast as the machine
 * allows. Takes effect at once, even in the middle of a slow epoch's wait;
 * Step is not paced. */
void nnp_live_trainer_set_speed      (NnpLiveTrainer *lt, double epochs_per_s);
/* Replaces weights (copied; its h and activation become the config's) and,
 * when history is not NULL, the history (copied, entry i = epoch i *
 * history_stride; 0 means 1) and the epoch count, e.g. from a session. A
 * history that ends history_stride or more epochs before epoch (saved when
 * the curve stopped at its cap, before curves were thinned) keeps its
 * entries and grows no more until the next reset. */
void nnp_live_trainer_set_model      (NnpLiveTrainer *lt, const NnpModel *model,
                                      const NnpHistory *history, size_t epoch,
                                      size_t history_stride);
/* Snapshots of theta (nnp-snapshots.h: every epoch to 100, then 20 a
 * decade) are recorded as the run trains, and when the model changes
 * without an epoch; a reset, or set_model with a history, starts a new
 * store. This replaces the store with a copy of snaps, after any
 * set_model made before it (a run branched from its past: the snapshots
 * up to the branch epoch; or that branch undone). */
void nnp_live_trainer_set_snapshots  (NnpLiveTrainer *lt, const NnpSnapshots *snaps);
/* A copy of the latest snapshot at or before epoch (later: the earliest
 * at or after it; *found: its epoch), or NULL. Takes the lock for the copy. */
NnpModel     *nnp_live_trainer_snapshot      (NnpLiveTrainer *lt, size_t epoch, gboolean later,
                                              size_t *found);
NnpSnapshots *nnp_live_trainer_dup_snapshots (NnpLiveTrainer *lt);
/* For tests: a cap (>= 2 entries) other than NNP_LIVE_MAX_HISTORY. */
void nnp_live_trainer_set_history_cap (NnpLiveTrainer *lt, size_t cap);

/* The generation of the latest published snapshot; a lock-free read. */
guint64  nnp_live_trainer_generation (NnpLiveTrainer *lt);
/* Copies a newer snapshot into view. Never blocks: when the thread holds the
 * lock, returns FALSE and the next frame tries again. TRUE if view changed. */
gboolean nnp_live_trainer_sync       (NnpLiveTrainer *lt, NnpLiveView *view);
/* TRUE when the thread is paused with every edit applied and published, so
 * no new snapshot will come without a new edit. Never blocks (FALSE when
 * the lock is busy). */
gboolean nnp_live_trainer_is_settled (NnpLiveTrainer *lt);
/* Blocks until every edit made so far is applied and published (tests, startup). */
void     nnp_live_trainer_flush      (NnpLiveTrainer *lt);

void     nnp_live_view_clear (NnpLiveView *view);

G_END_DECLS
