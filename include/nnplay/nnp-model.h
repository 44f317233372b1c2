/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nnp-model.h: the lecture's one-hidden-layer network: parameters, activations, prediction. */
#pragma once

#include <stddef.h>
#include <stdint.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Status codes of the numerical engine (errors are return codes, never abort). */
typedef enum {
  NNP_OK = 0,
  NNP_DIVERGED = 1,       /* a step produced a non-finite cost or parameter */
  NNP_EINVAL = -1,        /* bad argument (shape mismatch, empty data, ...) */
  NNP_ENOMEM = -2,
} NnpStatus;

/* Hidden activation g. The output unit is always sigmoid with cross-entropy. */
typedef enum {
  NNP_ACT_SIGMOID = 0,    /* the lecture's */
  NNP_ACT_TANH,
  NNP_ACT_RELU,
} NnpActivation;

#define NNP_N_ACTIVATIONS 3

const char *nnp_activation_name      (NnpActivation act);
/* "Sigmoid", "Tanh", "ReLU": for people (untranslated; N_() marked). */
const char *nnp_activation_title     (NnpActivation act);
/* Returns 0 and sets *out, or -1 for an unknown name. */
int         nnp_activation_from_name (const char *name, NnpActivation *out);

/* g(z): sigmoid 1 / (1 + e^-z), tanh, ReLU max(z, 0); never NaN for a
 * number. The one scalar definition: the plain code, prediction and the
 * plots call it; the fused kernels keep vector forms tested against it. */
double      nnp_activation_g         (NnpActivation act, double z);
/* g'(z) from z and a = g(z): sigmoid a (1 - a) (the lecture's), tanh
 * 1 - a^2, ReLU 1 for z > 0 else 0. */
double      nnp_activation_dg        (NnpActivation act, double z, double a);

/* theta = (W1, b1, W2, b2) in one contiguous block of
 * h*d + h + h + 1 doubles, in that order, with GSL views into it:
 *   W1  h x d  (row j is w_j^T, the lecture's W^[1])
 *   b1  h
 *   W2  1 x h  (the lecture's W^[2])
 *   b2  scalar
 * The same struct holds gradients (dW1, db1, dW2, db2). */
typedef struct {
  size_t d, h;
  size_t size;            /* number of doubles in block */
  double *block;
  gsl_matrix_view W1;
  gsl_vector_view b1;
  gsl_matrix_view W2;
  double *b2;
} NnpParams;

NnpParams *nnp_params_alloc (size_t d, size_t h);       /* zeroed */
void       nnp_params_free  (NnpParams *p);             /* NULL is fine */
void       nnp_params_copy  (NnpParams *dst, const NnpParams *src); /* same shape */
int        nnp_params_all_finite (const NnpParams *p);

typedef struct {
  NnpParams *theta;
  NnpActivation act;
} NnpModel;

NnpModel  *nnp_model_alloc (size_t d, size_t h, NnpActivation act);  /* zero weights */
void       nnp_model_free  (NnpModel *m);               /* NULL is fine */
NnpModel  *nnp_model_dup   (const NnpModel *m);

/* Scaled-normal initialisation from a seeded gsl_rng (mt19937):
 *   W1[j][k] ~ N(0, 1/d) * s,  W2[0][j] ~ N(0, 1/h) * s,  b1 = 0, b2 = 0,
 * with s = 1 for sigmoid/tanh (LeCun) and s = sqrt(2) for ReLU (He).
 * Entries are drawn row by row: W1 first, then W2. Bit-identical for the
 * same seed on the same build. */
void       nnp_model_init_random (NnpModel *m, uint64_t seed);

/* Change the hidden size: keeps units 0..min(h,new_h)-1 exactly, draws new
 * units' incoming and outgoing weights as nnp_model_init_random would with
 * this seed; shrinking drops the last units. Returns a new model. */
NnpModel  *nnp_model_resized (const NnpModel *m, size_t new_h, uint64_t seed);

/* a2(x) for one input x (d doubles). */
double     nnp_model_predict (const NnpModel *m, const double *x);

/* A network trained on standardised inputs z = (x - mean) / sd, as the
 * same function of the raw x: W1' = W1 diag(1/sd), b1' = b1 - W1' mean;
 * W2, b2 unchanged. dst has src's shape. */
void       nnp_model_unstandardize (NnpModel *dst, const NnpModel *src,
                                    const double *mean, const double *sd);
/* a1(x) into a1 (h doubles), returns a2(x). */
double     nnp_model_hidden  (const NnpModel *m, const double *x, double *a1);

/* A regular grid over the input plane (d = 2). Cell (r, c) has its centre at
 *   x1 = xmin + (c + 0.5) (xmax - xmin) / nx,
 *   x2 = ymax - (r + 0.5) (ymax - ymin) / ny   (row 0 at the top, image order). */
typedef struct {
  double xmin, xmax, ymin, ymax;
  size_t nx, ny;
} NnpGrid;

/* a2 over the grid into a2 (ny*nx, row-major) and, when a1 is not NULL,
 * every hidden unit's activation into a1 (h*ny*nx, unit-major: unit j's
 * image starts at a1 + j*ny*nx). Needs m->theta->d == 2. Vectorised; no
 * allocation. */
NnpStatus  nnp_model_eval_grid (double *a2, double *a1,
                                const NnpModel *m, const NnpGrid *grid);

#ifdef __cplusplus
}
#endif
