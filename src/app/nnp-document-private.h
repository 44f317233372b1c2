/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nnp-document-private.h: NnpDocument's instance struct, shared by nnp-document.c and nnp-document-io.c. */
#pragma once

#include "nnp-document.h"

G_BEGIN_DECLS

/* The seed field's range (the GSettings key is a uint32). */
#define NNP_SEED_MAX G_GUINT64_CONSTANT (4294967295)

struct _NnpDocument {
  GObject parent_instance;

  NnpPointSet *points;          /* with the origin and view of each undo step */
  NnpDataset *train, *test;     /* the split of points, drawn and trained on */
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

  NnpPhase phase;               /* one step taken apart (the Lecture view) */
  NnpModel *phase_model;        /* theta(t) of that step; NULL when phase is NONE */
  int selected_row;             /* a training row, -1: none */
};

void nnp_document_points_changed (NnpDocument *self, gboolean new_run);
void nnp_document_set_dirty      (NnpDocument *self, gboolean dirty);
void nnp_document_mark_clean     (NnpDocument *self);
/* Sets o's view to one fitted to the current points (or [-2, 2]^2). */
void nnp_document_fit_origin_view (NnpDocument *self, NnpOrigin *o);
/* The point set's origin changed (set, or brought back by undo): the view,
 * the generator's fields and the labels follow it. */
void nnp_document_origin_changed (NnpDocument *self);

G_END_DECLS
