/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nnp-dataset.h: labelled points (X, y), generators, test splits. */
#pragma once

#include <stddef.h>
#include <stdint.h>
#include <glib.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>

G_BEGIN_DECLS

/* n examples of d features; X is n x d row-major (rows are examples, the
 * lecture's X), y holds labels 0.0 or 1.0. cap >= n rows are allocated so
 * points can be appended without reallocating every time. */
typedef struct {
  size_t n, d, cap;
  double *X;
  double *y;
} NnpDataset;

/* X and y buffers of this many bytes or more start on a 2 MiB boundary
 * and are advised to take transparent huge pages (nnp-dataset.c). */
#define NNP_DATASET_HUGE_BYTES ((size_t) 4 << 20)

NnpDataset *nnp_dataset_alloc  (size_t n, size_t d);   /* zeroed, n rows */
void        nnp_dataset_free   (NnpDataset *ds);        /* NULL is fine */
NnpDataset *nnp_dataset_dup    (const NnpDataset *ds);
/* Appends one example (d features, label 0 or 1); returns FALSE on OOM. */
gboolean    nnp_dataset_append (NnpDataset *ds, const double *x, double y);
/* Removes example i, keeping order. */
void        nnp_dataset_remove (NnpDataset *ds, size_t i);
/* Smallest and largest value of feature k over all rows (0, 0 when empty). */
void        nnp_dataset_range  (const NnpDataset *ds, size_t k, double *lo, double *hi);

gsl_matrix_view nnp_dataset_X_view (const NnpDataset *ds);  /* n x d, n >= 1 */
gsl_vector_view nnp_dataset_y_view (const NnpDataset *ds);  /* n, n >= 1 */

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NnpDataset, nnp_dataset_free)

/* Generators. All produce d = 2, labels balanced (n/2 of each, the extra
 * one to class 1), points roughly inside [-1.5, 1.5]^2 (two moons:
 * [-1.5, 2.5] x [-1, 1.5]), noise is the standard deviation of Gaussian
 * jitter, deterministic for a seed. */
typedef enum {
  NNP_GEN_MOONS = 0,
  NNP_GEN_CIRCLES,
  NNP_GEN_XOR,
  NNP_GEN_BLOBS,
  NNP_GEN_SPIRAL,
  NNP_GEN_LINEAR,
} NnpGenerator;

#define NNP_N_GENERATORS 6

const char *nnp_generator_name      (NnpGenerator gen);     /* "moons", "circles", "xor", "blobs", "spiral", "linear" */
const char *nnp_generator_title     (NnpGenerator gen);     /* "Two moons", ... for menus */
gboolean    nnp_generator_from_name (const char *name, NnpGenerator *out);
NnpDataset *nnp_dataset_generate    (NnpGenerator gen, size_t n, double noise, uint64_t seed);

/* Test split: marks round(fraction * n) examples, chosen by a seeded
 * shuffle, as test (is_test[i] = 1). fraction in [0, 1). */
void        nnp_split_mask   (guint8 *is_test, size_t n, double fraction, uint64_t seed);
/* The rows whose mask equals want (mask NULL: all rows). */
NnpDataset *nnp_dataset_subset (const NnpDataset *ds, const guint8 *mask, guint8 want);

/* Standardising the features (z-scores): mean[k] and sd[k] of column k
 * over ds's rows (population sd; 1 where a column is constant or ds is
 * empty, mean 0 when empty), and x_k -> (x_k - mean[k]) / sd[k] in place. */
void        nnp_dataset_feature_stats (const NnpDataset *ds, double *mean, double *sd);
void        nnp_dataset_standardize   (NnpDataset *ds, const double *mean, const double *sd);

G_END_DECLS
