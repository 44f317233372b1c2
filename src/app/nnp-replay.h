/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nnp-replay.h: a run trained again from its seed to copy the model at past epochs (for the slides' evolution and animation); GLib only. */
#pragma once

#include <gio/gio.h>

#include "nnp-live-trainer.h"
#include "nnp-plot.h"

G_BEGIN_DECLS

/* What a run is replayed from: its settings and data as the trainer saw
 * them. Full-batch gradient descent from the same seed is deterministic,
 * so training again reaches the same theta at every epoch, as long as
 * nothing was edited along the way (then `current` tells). */
typedef struct {
  NnpLiveConfig cfg;          /* lr, hidden, act, batch, seed */
  NnpDataset *train, *test;   /* z-scores when standardized; test may be NULL */
  gboolean standardized;
  double mean[2], sd[2];      /* of the raw training split, to fold the model back */
  size_t epochs;              /* the run's epoch now */
  NnpModel *current;          /* the trainer's model now (in its own inputs), or NULL */
  NnpSnapshots *snaps;        /* the run's own kept models (its inputs), or NULL */
} NnpReplay;

void nnp_replay_free (NnpReplay *r);   /* NULL is fine */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (NnpReplay, nnp_replay_free)

typedef void (*NnpReplayProgress) (double fraction, gpointer data);

/* Trains from cfg.seed's initial weights and copies the model, folded back
 * to the raw inputs, at each of epochs (sorted ascending, unique). Returns
 * an array of NnpPlotFrame whose models it owns (free with
 * nnp_replay_frames_free), or NULL: cancelled (G_IO_ERROR_CANCELLED), or
 * training failed (NNP_ERROR). *same (may be NULL) is TRUE when the
 * replay passed the run's current epoch and met its current model there
 * bit for bit, FALSE when it differed, unchanged when it did not get there.
 * progress is called from the calling thread. */
GArray *nnp_replay_run (const NnpReplay *r, const size_t *epochs, size_t n_epochs,
                        GCancellable *cancellable, NnpReplayProgress progress, gpointer data,
                        gboolean *same, GError **error);
void    nnp_replay_frames_free (GArray *frames);

/* Parses "0,10,100,1000,last" (spaces allowed; "last" is the run's epoch;
 * "every K" adds 0, K, 2K, ...) into sorted unique epochs <= last; NULL
 * with a message for anything else. */
GArray *nnp_replay_parse_epochs (const char *text, size_t last, GError **error);
/* n frames spread evenly from 0 to last (fewer when last < n - 1). */
GArray *nnp_replay_spread_epochs (size_t n, size_t last);

G_END_DECLS
