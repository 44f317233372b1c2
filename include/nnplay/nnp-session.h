/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nnp-session.h: the nnplay-session JSON file: points, split, hyperparameters, weights, history. */
#pragma once

#include <stddef.h>
#include <glib.h>
#include "nnp-dataset.h"
#include "nnp-model.h"
#include "nnp-train.h"

G_BEGIN_DECLS

#define NNP_SESSION_MAX_HIDDEN 64        /* the app's hidden-size range is 1..64 */
#define NNP_SESSION_MAX_POINTS 1000000   /* as NNP_CSV_MAX_ROWS */
/* History entries: above the app's curve cap (1,000,000 entries, thinned
 * past it) and the 1,000,001 it kept before curves were thinned; 32 MB in
 * memory, about 80 MB of text. */
#define NNP_SESSION_MAX_HISTORY 1048576
/* What the app's live trainer takes (nnp_live_trainer_set_model): the
 * stride doubles when the curve is thinned, so it stays below G_MAXSIZE / 2. */
#define NNP_SESSION_MAX_STRIDE (G_MAXSIZE / 4)
/* The largest epoch a session holds: 2^53, which every JSON reader (and a
 * double) holds exactly, and which no run reaches (three centuries at a
 * million epochs a second). A file that claims more is refused; a run
 * trained past it is refused by the writer, which then writes nothing,
 * rather than wrapping below zero. */
#define NNP_SESSION_MAX_EPOCH (G_GUINT64_CONSTANT (1) << 53)

/* Pinned runs: at most NNP_SESSION_MAX_PINS cost curves of up to
 * NNP_SESSION_MAX_PIN_HISTORY entries (the app thins a pinned curve to
 * that), labels of at most NNP_SESSION_MAX_PIN_LABEL bytes of UTF-8:
 * 16 x 16,384 x 32 bytes, 8 MB at most. */
#define NNP_SESSION_MAX_PINS 16
#define NNP_SESSION_MAX_PIN_HISTORY 16384
#define NNP_SESSION_MAX_PIN_LABEL 200

/* Markers on the cost curve where a setting or the data changed during
 * the run: at most NNP_SESSION_MAX_MARKERS, each a text of at most
 * NNP_SESSION_MAX_MARKER_TEXT bytes of UTF-8 at an epoch of the run. */
#define NNP_SESSION_MAX_MARKERS 200
#define NNP_SESSION_MAX_MARKER_TEXT 200

typedef struct {
  size_t epoch;           /* <= the session's epoch */
  char *text;             /* "α 0.5 → 0.1" */
} NnpSessionMarker;

/* theta at past epochs, for the timeline (the app's snapshot store,
 * nnp-snapshots.h): at most NNP_SESSION_MAX_SNAPSHOTS, epochs strictly
 * ascending and none after the session's epoch, each model d = 2 with
 * 1..NNP_SESSION_MAX_HIDDEN units and its own activation (h and the
 * activation may have changed during the run), in the session model's
 * units (z units with standardize). At h = 64, 1024 of them are 2 MB. */
#define NNP_SESSION_MAX_SNAPSHOTS 1024

/* display.origin_file: a path, at most this many bytes (PATH_MAX). */
#define NNP_SESSION_MAX_ORIGIN_FILE 4096

typedef struct {
  size_t epoch;
  NnpModel *model;
} NnpSessionSnapshot;

/* A pinned run's cost curve, kept to compare runs. */
typedef struct {
  char *label;            /* "α = 0.5, h = 4, sigmoid" */
  NnpHistory *history;    /* entry i is epoch i * history_stride; has_test as it was */
  size_t history_stride;  /* >= 1 */
} NnpSessionPin;

/* Everything a lecturer needs to reopen a demo exactly. The session owns
 * every pointer; replace a field by freeing the old value first. */
typedef struct {
  NnpDataset *points;     /* all points, train and test, d = 2 (never NULL) */
  guint8 *is_test;        /* points->n entries, 1 = test point (NULL when n = 0) */
  double test_fraction;   /* [0, 1) */
  gboolean standardize;   /* the features z-scored (training split's mean and sd) for training;
                           * model is then in z units */
  double lr;              /* learning rate alpha, finite, > 0 */
  size_t hidden;          /* 1..NNP_SESSION_MAX_HIDDEN, == model->theta->h */
  NnpActivation act;      /* == model->act */
  size_t batch;           /* 0 = full batch */
  guint64 seed;
  char *generator;        /* nnp_generator_name(), or NULL: points drawn or loaded */
  size_t n_points;        /* the generator's point count, 0..NNP_SESSION_MAX_POINTS */
  double noise;           /* the generator's noise, finite, >= 0 */
  NnpModel *model;        /* d = 2; may be NULL (no weights yet) */
  NnpHistory *history;    /* never NULL; may be empty; entry i is epoch
                           * i * history_stride; usually the last entry is
                           * less than history_stride epochs before epoch */
  size_t epoch;           /* epochs trained */
  size_t history_stride;  /* >= 1; a long run's thinned history has > 1 */
  /* How the app showed it ("display", optional on reading). */
  gboolean has_view;      /* view holds the plane shown; else fit it to the points */
  double view[4];         /* xmin, xmax, ymin, ymax: finite, min < max */
  double speed;           /* epochs per second while playing, 0 = as fast as possible */
  gboolean log_cost;      /* the cost axis in log scale */
  gboolean unit_lines;    /* each hidden unit's line drawn on the plane */
  int unit;               /* the hidden unit shown large, -1 = none (the output) */
  char *origin_file;      /* generator NULL: the file the points came from, or NULL:
                           * drawn by hand */
  size_t n_pins;          /* pinned runs (optional "pins" on reading) */
  NnpSessionPin *pins;
  size_t n_markers;       /* changes marked on the cost curve, in epoch order
                           * (optional "markers" on reading) */
  NnpSessionMarker *markers;
  size_t n_snapshots;     /* theta at past epochs (optional "snapshots" on reading) */
  NnpSessionSnapshot *snapshots;
} NnpSession;

/* Defaults: no points, test fraction 0, lr 0.5, 4 hidden sigmoid units,
 * full batch, seed 1, "moons" with 200 points and noise 0.1, no model,
 * an empty history without test columns, epoch 0, history stride 1. */
NnpSession *nnp_session_new  (void);
void        nnp_session_free (NnpSession *s);     /* NULL is fine */
NnpSession *nnp_session_dup  (const NnpSession *s);

/* Checks every field against the rules above (shapes, finite values,
 * ranges, mask 0/1, labels 0/1, history columns of equal length, costs
 * >= 0, accuracies in [0, 1], at most NNP_SESSION_MAX_HISTORY entries,
 * history_stride from 1 to NNP_SESSION_MAX_STRIDE and (len - 1) *
 * history_stride <= G_MAXINT64, epoch <= NNP_SESSION_MAX_EPOCH and the
 * curve not past it: (len - 1) * history_stride <= epoch, a curve may
 * end before it); NNP_ERROR_INVALID with a message
 * "NAME: what is wrong". name may be NULL ("session"). */
gboolean    nnp_session_validate (const NnpSession *s, const char *name, GError **error);

/* The JSON text:
 * {"format": "nnplay-session", "version": 1,
 *  "hyperparameters": {"learning_rate": a, "hidden": h, "activation": "sigmoid",
 *                      "batch_size": b, "seed": s, "test_fraction": f,
 *                      "standardize": bool (optional, default false)},
 *  "dataset": {"generator": "moons" | null, "points": n, "noise": x},
 *  "points": {"X": [[x1, x2], ...], "y": [0 or 1, ...], "is_test": [0 or 1, ...]},
 *  "model": {nnplay-model object, see nnp-modelio.h} | null,
 *  "history": {"train_cost": [...], "train_accuracy": [...],
 *              "test_cost": [...], "test_accuracy": [...]},   (test_* only with a split)
 *  "epoch": t, "history_stride": s,   (history_stride optional on reading, default 1)
 *  "display": {"view": [xmin, xmax, ymin, ymax] | null, "speed": s,
 *              "log_cost": bool, "unit_lines": bool, "unit": j,
 *              "origin_file": "NAME" | null}}   (optional on reading; the defaults
 *              are no view, speed 300, false, false, -1, null)
 *  "pins": [{"label": "...", "history_stride": s,
 *            "history": {as "history" above}}, ...]   (optional, default none)
 *  "markers": [{"epoch": e, "text": "..."}, ...]   (optional, default none;
 *              epochs in order, none after "epoch")
 *  "snapshots": [{"epoch": e, "model": {nnplay-model object}}, ...]
 *              (optional, default none; epochs ascending, none after "epoch")
 * Numbers round-trip exactly (%.17g). A seed above 2^63 - 1 is written as
 * a decimal string: integer literals beyond 64 signed bits are refused.
 * Fails (NNP_ERROR_INVALID) when the session does not
 * validate. */
char       *nnp_session_to_string (const NnpSession *s, GError **error);
/* Atomic: temporary file, then rename. Validates first. */
gboolean    nnp_session_save      (const NnpSession *s, const char *path, GError **error);

/* Parses and validates everything; on any problem returns NULL (never a
 * half-built session) with NNP_ERROR_PARSE (not JSON), NNP_ERROR_INVALID
 * (wrong format, version, key, type, shape or value) or NNP_ERROR_IO
 * (cannot read), the message starting "NAME: " ("NAME:LINE:COLUMN: " for
 * JSON syntax, duplicate keys, integers beyond 64 bits, nesting deeper than
 * 64). Memory: the text plus the session's arrays, nothing per number. */
NnpSession *nnp_session_from_string (const char *text, gssize len, const char *name,
                                     GError **error);
NnpSession *nnp_session_load        (const char *path, GError **error);

/* path holds an nnplay model or an nnplay session (its "format" says
 * which): on success exactly one of *model and *session is set, with
 * nnp_model_load's or nnp_session_load's checks and errors. */
gboolean    nnp_model_or_session_load (const char *path, NnpModel **model, NnpSession **session,
                                       GError **error);
/* The session's network as a function of the points as they are: its
 * model, folded back from z-scores when the session trained on them
 * (standardize; mean and sd of its training split, as the app computes
 * them), into mean[2] and sd[2] (else 0 and 1). A new model, or NULL
 * when the session has no weights yet (or memory ran out). */
NnpModel   *nnp_session_raw_model     (const NnpSession *s, double *mean, double *sd);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NnpSession, nnp_session_free)

G_END_DECLS
