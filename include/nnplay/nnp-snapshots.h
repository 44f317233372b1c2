/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nnp-snapshots.h: a bounded store of theta at past epochs (every epoch to 100, then ~20 per decade), for scrubbing a run's history. */
#pragma once

#include <stddef.h>
#include "nnp-model.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Epochs 0..NNP_SNAPSHOTS_DENSE are each kept; after that epoch e is kept
 * when it is the first epoch at or past 100 * 10^(k / 20) for some k
 * (NNP_SNAPSHOTS_PER_DECADE a decade). After E > 100 epochs a run keeps
 *   count(E) <= 101 + floor (20 log10 (E / 100)) + 1
 * snapshots, each one model of (h d + 2 h + 1) doubles plus ~100 bytes:
 * at h = 64, d = 2 and E = 10^8, 222 snapshots, about 0.5 MB.
 * nnp_snapshots_bytes gives the exact figure. */
#define NNP_SNAPSHOTS_DENSE 100
#define NNP_SNAPSHOTS_PER_DECADE 20

typedef struct NnpSnapshots NnpSnapshots;

NnpSnapshots *nnp_snapshots_new   (void);
void          nnp_snapshots_free  (NnpSnapshots *s);          /* NULL is fine */
NnpSnapshots *nnp_snapshots_dup   (const NnpSnapshots *s);    /* NULL on ENOMEM */
void          nnp_snapshots_clear (NnpSnapshots *s);

/* Whether the rule above keeps epoch e. */
int           nnp_snapshots_keeps (size_t epoch);
/* The first epoch after `epoch` that the rule keeps (SIZE_MAX: none), so
 * a training loop compares one integer per epoch. */
size_t        nnp_snapshots_next_kept (size_t epoch);

/* Records a copy of m as theta at `epoch` when the store is empty (a run's
 * first snapshot, at whatever epoch it starts), when epoch is the last
 * snapshot's (the model changed without an epoch: it replaces it), or
 * when epoch is later and the rule keeps it. Epochs before the last are
 * ignored. 0, or NNP_ENOMEM (nothing changed). */
int           nnp_snapshots_record (NnpSnapshots *s, size_t epoch, const NnpModel *m);

/* Appends a copy of m as theta at epoch, whatever the rule (a store read
 * back from a file): 0, NNP_EINVAL when epoch is not after the last
 * snapshot's, or NNP_ENOMEM (nothing changed). */
int           nnp_snapshots_append (NnpSnapshots *s, size_t epoch, const NnpModel *m);

size_t        nnp_snapshots_len   (const NnpSnapshots *s);
/* Snapshot i (0 <= i < len, epochs ascending); *epoch gets its epoch. */
const NnpModel *nnp_snapshots_nth (const NnpSnapshots *s, size_t i, size_t *epoch);
/* The latest snapshot at or before epoch, or NULL if none; *found gets
 * its epoch. */
const NnpModel *nnp_snapshots_find (const NnpSnapshots *s, size_t epoch, size_t *found);
/* The earliest snapshot at or after epoch, or NULL if none. */
const NnpModel *nnp_snapshots_find_after (const NnpSnapshots *s, size_t epoch, size_t *found);
/* Drops the snapshots after epoch (a run branched there). */
void          nnp_snapshots_truncate (NnpSnapshots *s, size_t epoch);
/* Bytes held: the store, its models and their parameter blocks. */
size_t        nnp_snapshots_bytes (const NnpSnapshots *s);

#ifdef __cplusplus
}
#endif
