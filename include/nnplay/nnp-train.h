/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nnp-train.h: forward/backward propagation, cost, gradient check and (batch) gradient descent. */
#pragma once

#include <stddef.h>
#include <stdint.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include "nnp-model.h"
#include "nnp-dataset.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- The lecture, literally: full n x h matrices, gsl_blas. -------------
 * Slow and allocation-hungry on purpose: it is the version a student holds
 * next to the slides, and the reference the fused kernel is tested against. */

/* Z1 = 1 b1^T + X W1^T   (n x h)
 * A1 = g(Z1)             (n x h)
 * Z2 = b2 + A1 W2^T      (n x 1)
 * A2 = sigma(Z2)         (n x 1) */
void   nnp_forward_naive  (gsl_matrix *Z1, gsl_matrix *A1, gsl_vector *Z2, gsl_vector *A2,
                           const gsl_matrix *X, const NnpModel *m);

/* J = -(1/n) sum_i { y_i log a_i + (1 - y_i) log(1 - a_i) }, from Z2 via
 * log-sigmoid: log a = -softplus(-z), log(1 - a) = -softplus(z). */
double nnp_cost_naive     (const gsl_vector *Z2, const gsl_vector *Y);

/* dZ2 = (A2 - Y) / n          (n x 1)
 * db2 = dZ2^T 1               (scalar)
 * dW2 = dZ2^T A1              (1 x h)
 * dZ1 = dZ2 W2 o g'(Z1)       (n x h)
 * db1 = dZ1^T 1               (h)
 * dW1 = dZ1^T X               (h x d)   into grads. */
void   nnp_backward_naive (NnpParams *grads,
                           const gsl_matrix *X, const gsl_vector *Y,
                           const gsl_matrix *Z1, const gsl_matrix *A1, const gsl_vector *A2,
                           const NnpModel *m);

/* ---- The fused kernel: same mathematics, row tiles, no n x h matrix. ---- */

#define NNP_TILE_ROWS 256

typedef struct NnpWorkspace NnpWorkspace;   /* tile buffers for one (h) */

NnpWorkspace *nnp_workspace_alloc (size_t h);
void          nnp_workspace_free  (NnpWorkspace *ws);

typedef struct {
  double cost;        /* J over the rows given */
  size_t correct;     /* rows with (a2 >= 0.5) == y */
  size_t n;
} NnpEval;

/* Forward (and, when grads is not NULL, backward) over rows idx[0..n-1] of
 * (X, y) (idx NULL: rows 0..n-1). Gradients are those of J over those n
 * rows, the lecture's averages; cost and accuracy are of theta as given. */
void   nnp_forward_backward (NnpParams *grads, NnpEval *eval,
                             const double *X, const double *y, const size_t *idx, size_t n,
                             const NnpModel *m, NnpWorkspace *ws);

/* z2 = b2 + W2 g(W1 x + b1), the logit of a2, over the grid's cells
 * (ny*nx, row-major, cell centres as nnp_model_eval_grid) in float: for
 * pictures, where colour and a contour's position are all that depend on
 * it (relative error ~1e-6 of the terms' size). Needs d == 2. */
NnpStatus nnp_model_eval_grid_logitf (float *z2, const NnpModel *m, const NnpGrid *grid);

/* The kernel variant in use: "base", "avx2" (AVX2+FMA) or "avx512",
 * the best the CPU runs unless NNP_KERNEL_ISA names another it runs. */
const char *nnp_kernel_isa (void);

/* This core's limit for the kernel variant in use, in multiply-adds per
 * second per lane (an AVX2 FMA on 4 doubles counts 4): twelve independent
 * chains of FMAs on eight-lane vectors, timed in ~0.1 ms chunks for
 * `seconds`, the fastest chunk kept (other load only slows chunks down). */
double      nnp_kernel_fma_rate (double seconds);

/* ---- Gradient check. ---------------------------------------------------- */

/* Fourth-order central finite differences (five-point stencil, step eps,
 * 0 = 1e-3) of J against nnp_backward_naive over all parameters; returns the largest
 * relative error |num - ana| / max(1e-8, |num| + |ana|), or a negative
 * value on bad arguments. */
double nnp_gradcheck (const NnpModel *m, const NnpDataset *ds, double eps);

/* The parameter blocks of theta, in the block's order. */
typedef enum {
  NNP_BLOCK_W1 = 0,
  NNP_BLOCK_B1,
  NNP_BLOCK_W2,
  NNP_BLOCK_B2,
} NnpBlock;

#define NNP_N_BLOCKS 4

/* "W[1]", "b[1]", "W[2]", "b[2]" (the slides' names). */
const char *nnp_block_name (NnpBlock block);

/* The largest check nnplay-cli and the app run: parameters x points x
 * hidden units (about a minute on one core). */
#define NNP_GRADCHECK_MAX_WORK 1e9

typedef struct {
  double eps;                    /* the step used */
  double max_rel[NNP_N_BLOCKS];  /* largest relative error per block (INFINITY for NaN) */
  size_t count[NNP_N_BLOCKS];    /* parameters in the block: h d, h, h, 1 */
  double max_all;                /* = nnp_gradcheck's value */
} NnpGradcheckResult;

/* nnp_gradcheck, per block, with the same stencil and step. cancel (may
 * be NULL) is polled between parameters; when it turns non-zero the check
 * stops. NNP_OK, NNP_EINVAL (bad arguments, or cancelled) or NNP_ENOMEM. */
NnpStatus nnp_gradcheck_blocks (NnpGradcheckResult *out, const NnpModel *m,
                                const NnpDataset *ds, double eps, const volatile int *cancel);

/* ---- History. ----------------------------------------------------------- */

typedef struct {
  size_t len, cap;
  int has_test;
  double *train_cost, *train_acc;  /* index t = epoch, theta^(t) */
  double *test_cost, *test_acc;    /* NaN-free; valid when has_test */
} NnpHistory;

NnpHistory *nnp_history_new    (int has_test);
void        nnp_history_free   (NnpHistory *h);
NnpHistory *nnp_history_dup    (const NnpHistory *h);
void        nnp_history_clear  (NnpHistory *h);
int         nnp_history_append (NnpHistory *h, double train_cost, double train_acc,
                                double test_cost, double test_acc);   /* 0 or NNP_ENOMEM */
/* Room for cap epochs, so a run of known length appends without allocating. */
int         nnp_history_reserve (NnpHistory *h, size_t cap);           /* 0 or NNP_ENOMEM */
/* Thins a curve to half: keeps the entries whose index in the whole curve,
 * offset + i, is even (entry i of h is entry offset + i of the curve). So
 * a curve kept in two parts, head (length u) and tail, is thinned like the
 * whole by nnp_history_thin (head, 0) and nnp_history_thin (tail, u); the
 * head then has (u + 1) / 2 entries. In place, no allocation. */
void        nnp_history_thin    (NnpHistory *h, size_t offset);
/* Gives h test columns (has_test: every entry's set to test_cost and
 * test_acc, the train columns untouched) or drops them (zeroed); nothing
 * when h already is of that kind. In place, no allocation. */
void        nnp_history_retype  (NnpHistory *h, int has_test, double test_cost, double test_acc);

/* ---- (Batch) gradient descent. ----------------------------------------- */

typedef struct {
  double lr;          /* alpha */
  size_t batch;       /* 0 = full batch (the lecture's); else mini-batch size */
  uint64_t seed;      /* for the per-epoch mini-batch shuffle */
  unsigned threads;   /* threads for a pass over the data: 0 or 1 = the caller's
                       * only; see nnp_trainer_set_threads */
} NnpTrainOptions;

typedef struct NnpTrainer NnpTrainer;

/* The trainer borrows model, train, test and history (test may be NULL or
 * empty; history may be NULL, then the trainer keeps its own); they must
 * outlive it and keep their shapes. When the history is empty it records
 * theta^(0)'s cost on creation. Returns NULL on bad arguments (train empty,
 * d mismatch, lr not finite and > 0). */
NnpTrainer *nnp_trainer_new   (NnpModel *model, const NnpDataset *train,
                               const NnpDataset *test, NnpHistory *history,
                               const NnpTrainOptions *opt);
void        nnp_trainer_free  (NnpTrainer *t);
/* One epoch: theta^(t) -> theta^(t+1), then appends J(theta^(t+1)) etc. to
 * the history. On NNP_DIVERGED the model keeps theta^(t) and the history is
 * not extended. */
NnpStatus   nnp_trainer_epoch (NnpTrainer *t);
void        nnp_trainer_set_lr (NnpTrainer *t, double lr);
/* Threads for each pass over the data, the caller's included (0: one per
 * core). Workers are created here and sleep between passes; a pass uses
 * them only when n x h is large enough to pay (about 2^18). Rows go in
 * blocks of 8,192 whose sums are added in a fixed order, so theta after
 * any epoch is bit-identical for every thread count. NNP_OK, or
 * NNP_ENOMEM (then one thread). */
NnpStatus   nnp_trainer_set_threads (NnpTrainer *t, unsigned threads);
unsigned    nnp_trainer_threads (const NnpTrainer *t);
const NnpHistory *nnp_trainer_history (const NnpTrainer *t);
size_t      nnp_trainer_epochs (const NnpTrainer *t);   /* epochs done */

#ifdef __cplusplus
}
#endif
