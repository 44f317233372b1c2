/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nnp-document.h: NnpDocument, the state of one nnplay window: points and their origin, view, undo, settings, trainer, history, file. */
#pragma once

#include <gio/gio.h>
#include <nnplay/nnp-session.h>

#include "nnp-live-trainer.h"
#include "nnp-plot.h"
#include "nnp-point-set.h"
#include "nnp-replay.h"

G_BEGIN_DECLS

#define NNP_LR_MIN 1e-4
#define NNP_LR_SLIDER_MAX 10.0  /* the slider's end */
/* The number field goes further, so a lecturer can show divergence. */
#define NNP_LR_MAX 1000.0
/* Epochs per second while running; 0 = Maximum. 300 lets two moons
 * (200 points, h = 4, alpha = 0.5) separate in about 15 to 30 s. */
#define NNP_SPEED_DEFAULT 300.0
#define NNP_SPEED_MAXIMUM 0.0
#define NNP_HIDDEN_MAX 64
/* The controls' (and the settings') ranges; a session beyond is clamped. */
#define NNP_SPEED_MAX 1e6
#define NNP_TEST_FRACTION_MAX 0.9
#define NNP_NOISE_MAX 5.0

/* One step of gradient descent taken apart (the Lecture view). */
typedef enum {
  NNP_PHASE_NONE = 0,
  NNP_PHASE_FORWARD,     /* Z[1], A[1], Z[2], A[2] */
  NNP_PHASE_COST,        /* J */
  NNP_PHASE_BACKWARD,    /* dZ[2] ... dW[1] */
  NNP_PHASE_UPDATE,      /* theta(t+1): the epoch has been taken */
} NnpPhase;

#define NNP_TYPE_DOCUMENT (nnp_document_get_type ())
G_DECLARE_FINAL_TYPE (NnpDocument, nnp_document, NNP, DOCUMENT, GObject)

/* Properties (all notify when they change):
 *   training:  "learning-rate" (double), "hidden-units" (uint), "activation"
 *              (int, NnpActivation), "batch-size" (uint, 0 = full batch),
 *              "seed" (uint64), "speed" (double, epochs/s, 0 = Maximum),
 *              "test-fraction" (double), "running" (boolean)
 *   data:      "generator" (int, NnpGenerator), "n-points" (uint), "noise"
 *              (double): setting any of them draws new points (undoable, a
 *              new run); "origin-kind" (int, NnpOriginKind, read-only),
 *              "origin-label" (string, read-only: "Two moons, 200 points,
 *              noise 0.1", "moons.csv" or "Drawn by hand"), "n-shown"
 *              (uint, read-only: the number of points)
 *   display:   "log-cost", "unit-lines" (boolean), "selected-unit" (int,
 *              -1 = the output a[2])
 *              "standardize" (boolean: train on z-scores of the training
 *              split; the figures stay in x, the model folded back)
 *   file:      "file" (GFile, the session file; read-only), "title"
 *              (string, read-only), "dirty" (boolean, read-only),
 *              "can-undo", "can-redo" (boolean, read-only), "diverged"
 *              (boolean, read-only)
 * Signals:
 *   "changed"  the points, the view or a new snapshot of the trainer:
 *              whatever shows the plane, the units or the cost redraws.
 *   "edited"   an edit was sent to the trainer: the window follows the
 *              frame clock (nnp_document_update) until it settles. */

NnpDocument *nnp_document_new (void);
/* Draws the first points from the generator's fields (as settings may
 * have set them) and starts the run; until then setting a field only
 * stores it. The document starts clean. */
void         nnp_document_start (NnpDocument *self);

/* Takes the trainer's newest snapshot, if any, emitting "changed".
 * Returns TRUE while more may come (running, or edits not yet applied). */
gboolean nnp_document_update (NnpDocument *self);
/* Waits for the trainer to apply every edit, then takes its snapshot. */
void     nnp_document_sync   (NnpDocument *self);

/* What the panels draw: borrowed, valid until the next "changed". */
const NnpPlotState *nnp_document_get_plot_state (NnpDocument *self);
const NnpLiveView  *nnp_document_get_view       (NnpDocument *self);
/* The current epoch's numbers as a one-entry history (empty without
 * training points), for subtitles: a thinned curve's last entry may be a
 * few epochs older. */
const NnpHistory   *nnp_document_get_summary    (NnpDocument *self);
NnpPointSet        *nnp_document_get_points     (NnpDocument *self);

/* ---- Editing ---- */
/* One undo step before the next point edit (a click or a whole stroke). */
void     nnp_document_begin_edit    (NnpDocument *self);
gboolean nnp_document_add_point     (NnpDocument *self, double x1, double x2, double label);
gboolean nnp_document_remove_point  (NnpDocument *self, double x1, double x2, double radius);
/* Points from gen (undoable, a new run), also when gen is the generator
 * shown but the points are not its own. */
void     nnp_document_set_generator (NnpDocument *self, NnpGenerator gen);
/* New points from the generator with the next seed; a new run. */
void     nnp_document_regenerate    (NnpDocument *self);
/* No points; a new run. */
void     nnp_document_clear         (NnpDocument *self);
gboolean nnp_document_undo          (NnpDocument *self);
gboolean nnp_document_redo          (NnpDocument *self);
/* The view rectangle; undoable with the points it was set for. */
void     nnp_document_set_view      (NnpDocument *self, double xmin, double xmax,
                                     double ymin, double ymax);
void     nnp_document_fit_view      (NnpDocument *self);

/* ---- Training ---- */
void     nnp_document_set_running   (NnpDocument *self, gboolean running);
void     nnp_document_step          (NnpDocument *self);
/* New initial weights from the next seed (Ctrl+R); epoch 0. */
void     nnp_document_reset         (NnpDocument *self);
/* Initial weights from the current seed again; epoch 0. */
void     nnp_document_replay        (NnpDocument *self);

/* ---- History ---- */
/* "shown-epoch" (int64): the epoch whose snapshot the figures show, or -1
 * for the present. Setting an epoch pauses training and shows the latest
 * snapshot at or before it (nnp-snapshots.h keeps every epoch to 100,
 * then 20 a decade); an epoch at or past the present, or -1, shows the
 * present. Any edit, Play or Step returns to the present. */
gint64   nnp_document_get_shown_epoch (NnpDocument *self);
void     nnp_document_set_shown_epoch (NnpDocument *self, gint64 epoch);
/* Branches the run from the epoch shown: the trainer goes on from that
 * snapshot with the cost curve cut there. Undoable (nnp_document_undo
 * restores the run as it was). FALSE when the present is shown. */
gboolean nnp_document_continue_from_here (NnpDocument *self);
/* As setting "shown-epoch", but later: the earliest snapshot at or after
 * epoch (the present when there is none before it), for a timeline moved
 * forwards. */
void     nnp_document_show_epoch_near (NnpDocument *self, gint64 epoch, gboolean later);

/* After a Step, the boundary before it stays as a faint contour
 * (NnpPlotState.previous_model) for this long. */
#define NNP_PREVIOUS_CONTOUR_MS 1200

/* Pin Run: the current cost curve (train and test) is kept as a ghost
 * labelled with its settings ("α = 0.5, h = 4, sigmoid") and a new run
 * starts from the same initial weights (the seed's). At most
 * NNP_SESSION_MAX_PINS, each thinned to NNP_SESSION_MAX_PIN_HISTORY
 * entries; saved in the session and drawn by the cost figure. "n-pins"
 * (uint, read-only) notifies. FALSE when there is no curve or no room. */
gboolean    nnp_document_pin_run       (NnpDocument *self);
void        nnp_document_remove_pin    (NnpDocument *self, guint i);
guint       nnp_document_get_n_pins    (NnpDocument *self);
const char *nnp_document_get_pin_label (NnpDocument *self, guint i);

/* ---- Files ---- */
/* A CSV of points or a session (told apart by content); a new run. Only
 * regular files are read, up to a size limit. On failure nothing changes. */
gboolean nnp_document_open          (NnpDocument *self, GFile *file, GError **error);
/* Whether file is a readable regular file that nnp_document_open would
 * take for a session (which replaces the whole document) rather than
 * points (an undoable edit). */
gboolean nnp_document_is_session_file (GFile *file);
gboolean nnp_document_save_data     (NnpDocument *self, const char *path, GError **error);
/* Writes the session to path; it becomes the document's file, clean. */
gboolean nnp_document_save_session  (NnpDocument *self, const char *path, GError **error);
/* The same on a worker thread (a long run's session is tens of MB of
 * JSON, seconds of formatting): the session is copied now, and the
 * document becomes clean in _finish only if nothing changed meanwhile. */
void     nnp_document_save_session_async  (NnpDocument *self, const char *path,
                                           GAsyncReadyCallback callback, gpointer user_data);
gboolean nnp_document_save_session_finish (NnpDocument *self, GAsyncResult *result,
                                           GError **error);
/* The session as the document holds it now (for saving and tests). */
NnpSession *nnp_document_to_session (NnpDocument *self);
GFile      *nnp_document_get_file   (NnpDocument *self);
/* A file name as the app shows it: valid UTF-8, control characters, line
 * separators and text-direction marks replaced by U+FFFD. */
char       *nnp_display_name        (const char *name);
/* The document was opened from a file that is not its own (a recovery
 * file): its file is own (the session file it had before a crash; NULL:
 * none), and it is unsaved. */
void        nnp_document_adopt_file (NnpDocument *self, GFile *own);
gboolean    nnp_document_get_dirty  (NnpDocument *self);
/* The name for the title ("session.json", "moons.csv", "Untitled"). */
const char *nnp_document_get_name   (NnpDocument *self);

/* For tests: a small cost-curve cap, so it is thinned soon. */
void     nnp_document_set_history_cap (NnpDocument *self, size_t cap);
/* The benchmark's setting: Maximum speed, h hidden units, full batch, sigmoid. */
void     nnp_document_prepare_benchmark (NnpDocument *self, guint hidden);

/* The training points' features are far from unit scale (a mean or sd
 * above 10, or an sd below 0.1); biggest: the largest |mean| or sd. */
gboolean nnp_document_far_from_unit_scale (NnpDocument *self, double *biggest);

/* ---- Weights (nnp-document-params.c) ---- */
/* Typed weights stay within +-NNP_PARAM_MAX. */
#define NNP_PARAM_MAX 1000.0
/* Sets parameter index of the shown model (theta's block order: W1, b1,
 * W2, b2) to value: training pauses, the trainer takes the new weights
 * before its next epoch (the cost re-evaluated, the epoch kept), and the
 * edit is one undo step among the point steps. FALSE and error for a
 * value that is not finite or beyond NNP_PARAM_MAX, or no such index. */
gboolean nnp_document_set_parameter (NnpDocument *self, size_t index, double value, GError **error);
/* Copies of the shown model and the training points for a gradient
 * check (nnp_gradcheck_blocks, as nnplay-cli gradcheck --init --data
 * runs it); FALSE and a message when there are no training points or
 * the check would exceed NNP_GRADCHECK_MAX_WORK. */
gboolean nnp_document_gradcheck_inputs (NnpDocument *self, NnpModel **model, NnpDataset **train,
                                        GError **error);
/* ---- One step taken apart ----
 *   "phase" (int, NnpPhase, read-only) and "selected-row" (int, a row of
 *   the training points, -1 = none; other values become -1). */
/* While paused: the next phase (NONE or UPDATE -> FORWARD -> COST ->
 * BACKWARD -> UPDATE); entering UPDATE takes the epoch exactly as
 * nnp_document_step does. Step, Play and new points end it (NONE). */
void            nnp_document_step_phase       (NnpDocument *self);
NnpPhase        nnp_document_get_phase        (NnpDocument *self);
/* theta(t) of the step being taken apart; NULL when the phase is NONE. */
const NnpModel *nnp_document_get_phase_model  (NnpDocument *self);
int             nnp_document_get_selected_row (NnpDocument *self);
/* Picking: a plain click on the plane selects a training point's row (as
 * Alt+click does, which some window managers take for moving windows)
 * instead of adding a point. The Lecture view's Pick button. */
gboolean        nnp_document_get_picking      (NnpDocument *self);
void            nnp_document_set_picking      (NnpDocument *self, gboolean picking);
void            nnp_document_set_selected_row (NnpDocument *self, int row);

/* Getters of the properties above. */
double        nnp_document_get_learning_rate (NnpDocument *self);
guint         nnp_document_get_hidden_units  (NnpDocument *self);
NnpActivation nnp_document_get_activation    (NnpDocument *self);
guint64       nnp_document_get_seed          (NnpDocument *self);
gboolean      nnp_document_get_running       (NnpDocument *self);
int           nnp_document_get_selected_unit (NnpDocument *self);

/* How the hidden-space view and its export look (the plot state's
 * hidden_space points at them). Setting them emits nothing: the view
 * that sets them redraws itself. */
const NnpHiddenSpaceOptions *nnp_document_get_hidden_space (NnpDocument *self);
void          nnp_document_set_hidden_space  (NnpDocument *self, const NnpHiddenSpaceOptions *opts);

/* What the run can be replayed from now (settings, data as trained on,
 * epoch and model), a copy for a worker thread. */
NnpReplay    *nnp_document_get_replay        (NnpDocument *self);

G_END_DECLS
