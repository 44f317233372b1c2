/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nnp-document.h: NnpDocument, the state of one nnplay window: points and their origin, view, undo, settings, trainer, history, file. */
#pragma once

#include <gio/gio.h>
#include <nnplay/nnp-session.h>

#include "nnp-live-trainer.h"
#include "nnp-plot.h"
#include "nnp-point-set.h"

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

/* ---- Files ---- */
/* A CSV of points or a session (told apart by content); a new run. Only
 * regular files are read, up to a size limit. On failure nothing changes. */
gboolean nnp_document_open          (NnpDocument *self, GFile *file, GError **error);
gboolean nnp_document_save_data     (NnpDocument *self, const char *path, GError **error);
/* Writes the session to path; it becomes the document's file, clean. */
gboolean nnp_document_save_session  (NnpDocument *self, const char *path, GError **error);
/* The session as the document holds it now (for saving and tests). */
NnpSession *nnp_document_to_session (NnpDocument *self);
GFile      *nnp_document_get_file   (NnpDocument *self);
/* The document was opened from a file that is not its own (a recovery
 * file): no file, unsaved. */
void        nnp_document_forget_file (NnpDocument *self);
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
void            nnp_document_set_selected_row (NnpDocument *self, int row);

/* Getters of the properties above. */
double        nnp_document_get_learning_rate (NnpDocument *self);
guint         nnp_document_get_hidden_units  (NnpDocument *self);
NnpActivation nnp_document_get_activation    (NnpDocument *self);
guint64       nnp_document_get_seed          (NnpDocument *self);
gboolean      nnp_document_get_running       (NnpDocument *self);
int           nnp_document_get_selected_unit (NnpDocument *self);

G_END_DECLS
