/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nnp-document-private.h: NnpDocument's instance struct, shared by nnp-document.c and nnp-document-io.c. */
#pragma once

#include "nnp-document.h"

G_BEGIN_DECLS

/* Seeds: any 64-bit number, as sessions and the CLI take (the seed field
 * and the GSettings key hold them exactly). */
#define NNP_SEED_MAX G_MAXUINT64

struct _NnpDocument {
  GObject parent_instance;

  NnpPointSet *points;          /* with the origin and view of each undo step */
  NnpDataset *train, *test;     /* the split of points, drawn and trained on */
  guint64 data_fingerprint;     /* of train and test, as last set (data markers) */
  NnpLiveTrainer *trainer;
  NnpLiveView view;             /* the trainer's latest snapshot */
  NnpPlotState state;           /* what the figures draw */
  NnpHistory *summary;          /* one entry: the current epoch's numbers */

  NnpLiveConfig cfg;            /* lr, hidden, act, batch, seed, speed */
  gboolean standardize;         /* the trainer sees z-scores of the training split */
  double raw_mean[2], raw_sd[2];  /* of the training split, always */
  NnpModel *display_model;      /* standardize: the trainer's model folded back to x */
  double test_fraction;
  NnpGenerator generator;       /* the generator's fields */
  guint n_points;
  double noise;
  NnpOriginKind origin_kind;    /* as last notified */
  char *origin_label;
  guint n_shown;

  gboolean started;             /* the first points are drawn; edits go to the trainer */
  gboolean running;
  gboolean diverged;
  gboolean seed_typed;          /* the seed was set from outside: the next Reset keeps it */
  gboolean edit_pending;        /* an edit gesture began: one undo step at its first change */
  gboolean can_undo, can_redo;

  GFile *file;                  /* the session file, or NULL */
  char *name;                   /* for the title: the session's or data file's name */
  char *title;
  gboolean dirty;
  size_t clean_epochs;          /* the epoch count when last saved or opened */
  guint64 file_serial;          /* counts files opened and adopted: a save in the
                                 * background does not name a document it did not save */
  guint64 change_serial;        /* counts nnp_document_set_dirty (TRUE): a save in the
                                 * background knows whether it saved the latest */

  /* Weight edits (nnp-document-params.c), ordered among the point steps. */
  GPtrArray *param_undo, *param_redo;
  guint64 param_serial;         /* the point set's checkpoints seen */
  NnpHiddenSpaceOptions hidden_space;  /* state.hidden_space points here */
  /* History (nnp-document-history.c): the epoch shown, or -1 for the
   * present, with its snapshot (the trainer's, and folded back to x when
   * standardize); and the last "Continue from here", undoable. */
  gint64 shown_epoch;
  NnpModel *past_model, *past_display;
  struct NnpBranchStep *branch;
  /* Pinned runs (NnpSessionPin, owned), and their view for the plots. */
  GArray *pins;
  NnpPlotPin *plot_pins;
  /* The model shown before the last Step, drawn faint for a moment. */
  NnpModel *previous_model;
  guint previous_timeout;
  /* Changes during the run (struct NnpMarker), and their view for the plots. */
  GArray *markers;
  NnpPlotMarker *plot_markers;
  NnpPhase phase;               /* one step taken apart (the Lecture view) */
  NnpModel *phase_model;        /* theta(t) of that step; NULL when phase is NONE */
  size_t phase_epoch;           /* t */
  int selected_row;             /* a training row, -1: none */
  gboolean picking;             /* clicks on the plane select rows */
};

void nnp_document_points_changed (NnpDocument *self, gboolean new_run);
void nnp_document_set_dirty      (NnpDocument *self, gboolean dirty);
void nnp_document_mark_clean     (NnpDocument *self);
/* Sets o's view to one fitted to the current points (or [-2, 2]^2). */
void nnp_document_fit_origin_view (NnpDocument *self, NnpOrigin *o);
/* The point set's origin changed (set, or brought back by undo): the view,
 * the generator's fields and the labels follow it. */
void nnp_document_origin_changed (NnpDocument *self);

/* nnp-document-params.c */
void     nnp_document_params_finalize       (NnpDocument *self);
void     nnp_document_params_forget         (NnpDocument *self);
void     nnp_document_params_points_changed (NnpDocument *self, gboolean new_run);
gboolean nnp_document_params_can_undo       (NnpDocument *self);
gboolean nnp_document_params_can_redo       (NnpDocument *self);
gboolean nnp_document_params_undo           (NnpDocument *self);
gboolean nnp_document_params_redo           (NnpDocument *self);
/* can-undo and can-redo follow both kinds of step. */
void     nnp_document_undo_changed          (NnpDocument *self);
/* nnp-document-history.c */
/* After a snapshot of the trainer was taken into state: the past, if
 * one is shown, replaces its model and epoch. */
void     nnp_document_history_apply (NnpDocument *self);
/* Back to the present (an edit, Play, Step); notifies "shown-epoch". */
void     nnp_document_history_leave (NnpDocument *self);
/* The branch step's undo and redo; FALSE when it is not the next one. */
gboolean nnp_document_history_undo (NnpDocument *self, gboolean redo);
gboolean nnp_document_history_can_undo (NnpDocument *self, gboolean redo);
/* A new run or a point edit: the branch step is no longer the last. */
void     nnp_document_history_forget (NnpDocument *self);
/* Before a new run from new initial weights (New Weights, a seed typed,
 * Pin Run; sync first): the run it replaces, with its markers and
 * seed_before, becomes the branch step, so Undo brings it back. */
void     nnp_document_history_branch_replay (NnpDocument *self, guint64 seed_before);
/* nnp-document.c: the seed set back by an undo, without a new run. */
void     nnp_document_restore_seed (NnpDocument *self, guint64 seed);
/* The run as last synced (model, curve, epoch, snapshots, alpha, batch
 * size, markers, standardize), kept with the point undo step of an edit
 * that starts a new run (sync first); NULL when there is no run yet. _restore puts one back (and
 * frees it), paused, forgetting the replaced run's own undo steps. */
gpointer nnp_document_history_save_run    (NnpDocument *self);
/* Whether the kept run trained on z-scores (the trainer's inputs must be
 * in its units before it is restored). */
gboolean nnp_document_history_run_standardize (gpointer run);
void     nnp_document_history_restore_run (NnpDocument *self, gpointer run);
void     nnp_document_history_run_free    (gpointer run);
void     nnp_document_history_finalize (NnpDocument *self);
/* The pins as a session holds them: copied into s, or replacing the
 * document's from s (NULL: none). */
void     nnp_document_pins_to_session (NnpDocument *self, NnpSession *s);
void     nnp_document_pins_from_session (NnpDocument *self, const NnpSession *s);
void     nnp_document_notify_n_pins (NnpDocument *self);
/* The same for the markers: copied into s, or replacing the document's. */
void     nnp_document_markers_to_session (NnpDocument *self, NnpSession *s);
void     nnp_document_markers_from_session (NnpDocument *self, const NnpSession *s);
/* A Step: the model shown now becomes the faint previous contour for
 * NNP_PREVIOUS_CONTOUR_MS. */
void     nnp_document_history_stepped (NnpDocument *self);
/* A setting or the data changed during the run: a marker on the cost
 * curve at the current epoch saying "NAME FROM → TO" (from and to NULL:
 * just NAME). Changes of one kind within a moment (a slider dragged)
 * make one marker. At most NNP_MAX_MARKERS; a new run clears them. */
#define NNP_MAX_MARKERS 200
typedef enum {
  NNP_CHANGE_LR,
  NNP_CHANGE_HIDDEN,
  NNP_CHANGE_ACTIVATION,
  NNP_CHANGE_BATCH,
  NNP_CHANGE_DATA,
  NNP_CHANGE_LOADED,    /* read from a session: its text only, never merged */
} NnpChangeKind;
void     nnp_document_history_mark (NnpDocument *self, NnpChangeKind kind, const char *name,
                                    const char *from, const char *to, double from_v, double to_v);
/* The learning rate and batch size of a run brought back (a branch or its
 * undo), without marking them as changes. */
void     nnp_document_restore_run_settings (NnpDocument *self, double lr, size_t batch);
/* The same for a setting going from one value to another (alpha, h, an
 * NnpActivation, a batch size with 0 = full; not the data). */
void     nnp_document_history_mark_change (NnpDocument *self, NnpChangeKind kind,
                                           double from, double to);
/* "data changed", from and to the data's fingerprints: a change that ends
 * where it began (points undone, then redone) leaves no marker. */
void     nnp_document_history_mark_data (NnpDocument *self, guint64 before, guint64 after);
/* Markers after epoch go (a branch); clear drops them all (a new run). */
void     nnp_document_history_truncate_markers (NnpDocument *self, size_t epoch);
void     nnp_document_history_clear_markers (NnpDocument *self);
/* The model as the figures draw it: m, or m folded back to x into *cache
 * when the trainer sees z-scores. */
const NnpModel *nnp_document_display_model (NnpDocument *self, const NnpModel *m,
                                            NnpModel **cache);
void     nnp_document_notify_shown_epoch (NnpDocument *self);
void     nnp_document_notify_model_settings (NnpDocument *self, const NnpModel *m);
void     nnp_document_notify_undo (NnpDocument *self);
/* Ends the step taken apart (the Lecture view shows the present again). */
void     nnp_document_end_phase   (NnpDocument *self);
void     nnp_document_emit_changed (NnpDocument *self);

G_END_DECLS
