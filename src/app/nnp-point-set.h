/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nnp-point-set.h: the points being edited, their train/test mask, and undo/redo (GLib only). */
#pragma once

#include <glib.h>
#include <nnplay/nnp-dataset.h>

G_BEGIN_DECLS

typedef struct NnpPointSet NnpPointSet;

/* Undo keeps at most this many steps, and at most
 * NNP_POINT_SET_MAX_PAYLOADS of them (the newest) keep a payload. */
#define NNP_POINT_SET_MAX_UNDO 200
#define NNP_POINT_SET_MAX_PAYLOADS 4

NnpPointSet      *nnp_point_set_new  (void);                 /* empty, d = 2, no split */
void              nnp_point_set_free (NnpPointSet *ps);      /* NULL is fine */

const NnpDataset *nnp_point_set_data (const NnpPointSet *ps);
/* is_test[i] for each point (NULL when there are no points). */
const guint8     *nnp_point_set_mask (const NnpPointSet *ps);
double            nnp_point_set_test_fraction (const NnpPointSet *ps);

/* Saves the current points for undo and drops the redo steps: call once
 * before each user edit (a whole painted stroke is one edit). */
void     nnp_point_set_checkpoint     (NnpPointSet *ps);
/* Appends a point; it joins the test side while the test side is short of
 * round(fraction * n), so earlier points keep their side. */
gboolean nnp_point_set_add            (NnpPointSet *ps, double x1, double x2, double label);
/* Removes the point nearest (x1, x2) if within max_dist; TRUE if one was. */
gboolean nnp_point_set_remove_nearest (NnpPointSet *ps, double x1, double x2, double max_dist);
/* Replaces all points (copied; d must be 2) and draws a new split. */
void     nnp_point_set_replace        (NnpPointSet *ps, const NnpDataset *ds,
                                       double fraction, uint64_t seed);
/* Replaces all points and their mask (ds->n entries; NULL when n = 0). */
void     nnp_point_set_replace_masked (NnpPointSet *ps, const NnpDataset *ds,
                                       const guint8 *mask, double fraction);
/* Draws a new split of the current points (nnp_split_mask). */
void     nnp_point_set_set_split      (NnpPointSet *ps, double fraction, uint64_t seed);

/* Where the current points came from and the view they are shown in,
 * kept with each undo step so that undo and redo bring back points, view
 * and origin together. Replacing or editing points leaves it as it was:
 * set it after. */
typedef enum {
  NNP_ORIGIN_GENERATED = 0,  /* drawn by a generator, unedited */
  NNP_ORIGIN_FILE,           /* a file's points (perhaps edited since) */
  NNP_ORIGIN_HAND,           /* drawn by hand (or a generator's, edited) */
} NnpOriginKind;

typedef struct {
  NnpOriginKind kind;
  char *file;                /* FILE: the file's name as shown; else NULL */
  gboolean edited;           /* FILE: points added or removed since */
  NnpGenerator generator;    /* the generator's parameters (GENERATED: the ones */
  size_t n_points;           /* that drew these points; else the last used) */
  double noise;
  uint64_t seed;
  double xmin, xmax, ymin, ymax;  /* the view */
} NnpOrigin;

void nnp_origin_copy  (NnpOrigin *dst, const NnpOrigin *src);   /* deep; dst uninitialised */
void nnp_origin_clear (NnpOrigin *origin);

/* Copies origin. */
void             nnp_point_set_set_origin (NnpPointSet *ps, const NnpOrigin *origin);
/* Owned by ps; zeroed (GENERATED, no file, empty view) until set. */
const NnpOrigin *nnp_point_set_get_origin (const NnpPointSet *ps);

/* Payloads: what else an undo step brings back with the points (the
 * document's run, replaced by a new-run edit). checkpoint_with's payload
 * goes with the step (owned; NULL: none); undoing or redoing a step that
 * has one first asks save for the payload of the state now, which the
 * opposite step keeps, and then leaves the step's payload for
 * steal_payload. Steps without one bring back the points alone. */
typedef gpointer (*NnpPointSetSaveFunc) (gpointer save_data);
void     nnp_point_set_set_payload_funcs (NnpPointSet *ps, NnpPointSetSaveFunc save,
                                          GDestroyNotify payload_free, gpointer save_data);
void     nnp_point_set_checkpoint_with   (NnpPointSet *ps, gpointer payload);
/* After nnp_point_set_undo or _redo: the payload of the step applied
 * (the caller owns it), or NULL. */
gpointer nnp_point_set_steal_payload     (NnpPointSet *ps);
/* Steps holding a payload, undo and redo together. */
guint    nnp_point_set_n_payloads        (const NnpPointSet *ps);

gboolean nnp_point_set_can_undo (const NnpPointSet *ps);
gboolean nnp_point_set_can_redo (const NnpPointSet *ps);
gboolean nnp_point_set_undo     (NnpPointSet *ps);
gboolean nnp_point_set_redo     (NnpPointSet *ps);

/* Where the undo history stands: the number of point steps applied since
 * the set was made (checkpoints and redos add one, undos take one; a step
 * dropped at the undo limit still counts), so that steps of another kind
 * (the document's weight edits) can be ordered among them. */
guint64  nnp_point_set_position   (const NnpPointSet *ps);
/* Counts checkpoints: it changes whenever the redo steps are dropped by a
 * new edit. */
guint64  nnp_point_set_serial     (const NnpPointSet *ps);
/* Drops the redo steps (an edit of another kind was made). */
void     nnp_point_set_clear_redo (NnpPointSet *ps);
/* Drops every undo and redo step (another document was opened). */
void     nnp_point_set_forget     (NnpPointSet *ps);

/* New datasets of the training and the test points (test may be empty). */
NnpDataset *nnp_point_set_train (const NnpPointSet *ps);
NnpDataset *nnp_point_set_test  (const NnpPointSet *ps);

G_END_DECLS
