/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nnp-lecture.h: every matrix of the lecture's slides for chosen rows of the data, with J, the gradients and the update. */
#pragma once

#include <stddef.h>
#include "nnp-model.h"
#include "nnp-dataset.h"

#ifdef __cplusplus
extern "C" {
#endif

/* At most this many rows are shown (the app's and the CLI's limit). */
#define NNP_LECTURE_MAX_ROWS 64
/* Rows shown when none are chosen: the first ones, up to this many. */
#define NNP_LECTURE_DEFAULT_ROWS 8

/* One step of batch gradient descent taken apart, for r chosen rows
 * (0-based indices into the n rows of the data; the user edges count from
 * 1). Per-row matrices hold only the chosen rows, in the order given:
 *   X   r x d      Y   r        Z1, A1, dZ1  r x h      Z2, A2, dZ2  r
 * with dZ2 = (A2 - Y) / n over the full n, so that a row here equals that
 * row of the slides' n-row matrices. J and the gradients are over all n
 * rows, from the engine's training kernel (nnp_forward_backward); next is
 * theta - alpha grad J, what one epoch of full-batch training gives.
 * Memory: O(r (d + h)) plus the parameters; never an n x h matrix. */
typedef struct {
  size_t n, d, h, r;
  NnpActivation act;
  double alpha;
  size_t *rows;                 /* r indices, 0-based */
  double *X, *Y, *Z1, *A1, *Z2, *A2, *dZ2, *dZ1;
  double J;
  NnpParams *theta;             /* W1, b1, W2, b2 as given */
  NnpParams *grads;             /* dW1, db1, dW2, db2 */
  NnpParams *next;              /* W1_next, ... */
} NnpLecture;

/* Computes the lecture for model m on ds (m->theta->d == ds->d, ds->n >= 1)
 * at rows[0..r-1] (each < ds->n; r <= NNP_LECTURE_MAX_ROWS; rows NULL and
 * r 0: the first min(n, NNP_LECTURE_DEFAULT_ROWS) rows) with learning rate
 * alpha (finite, > 0). NULL on bad arguments or out of memory. */
NnpLecture *nnp_lecture_new  (const NnpModel *m, const NnpDataset *ds,
                              const size_t *rows, size_t r, double alpha);
void        nnp_lecture_free (NnpLecture *lec);     /* NULL is fine */

/* The row of the lecture that shows data row i, or -1. */
long        nnp_lecture_find_row (const NnpLecture *lec, size_t i);

/* Parses "1,7,240" (1-based, as on the slides) into 0-based rows, at most
 * NNP_LECTURE_MAX_ROWS, each between 1 and n, no duplicates. Returns the
 * count, or 0 with *bad set to the offending item's position (1-based)
 * when the text is malformed. */
size_t      nnp_lecture_parse_rows (const char *text, size_t n, size_t *rows, size_t *bad);

#ifdef __cplusplus
}
#endif
