/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nnp-train.c: (batch) gradient descent, theta <- theta - alpha dtheta, with history and divergence guard. */
#define G_LOG_DOMAIN "nnplay-engine"
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_randist.h>
#include <glib.h>

#include <nnplay/nnp-train.h>
#include <nnplay/nnp-seed.h>

/* Rows are split into blocks of NNP_BLOCK_ROWS; each block's gradient and
 * cost go to the block's own slot, and the slots are summed in block
 * order, so the result depends on n alone, never on the number of threads
 * or on which thread took which block. */
#define NNP_BLOCK_ROWS (32 * NNP_TILE_ROWS)
/* Below this many row x unit products per pass a second thread costs more
 * (waking it, ~10-50 us) than it saves. */
#define NNP_PARALLEL_MIN_WORK ((size_t) 1 << 18)

typedef struct NnpPool NnpPool;

/* One pass's job, the same for every thread. */
typedef struct {
  const NnpModel *model;
  const double *X, *y;
  const size_t *idx;
  size_t n, nblocks;
  gboolean with_grads;
  double *slot_grads;     /* nblocks x params size */
  NnpEval *slot_eval;     /* nblocks */
  gint next;              /* the next block to take */
} PassJob;

/* Per thread: its tile buffers and a gradient to write a block into. */
typedef struct {
  NnpWorkspace *ws;
  NnpParams *grads;
} PassLocal;

struct NnpPool
{
  GMutex lock;
  GCond wake, done;
  GThread **threads;
  PassLocal *local;       /* [0] is the calling thread's */
  size_t nthreads;        /* including the calling thread */
  guint64 generation;     /* bumped for every job */
  size_t busy;            /* workers still on the current job */
  gboolean quit;
  PassJob *job;
};

struct NnpTrainer
{
  NnpModel *model;
  const NnpDataset *train;
  const NnpDataset *test;       /* NULL when there is no test split */
  NnpHistory *history;
  NnpHistory *own_history;
  NnpTrainOptions opt;
  NnpParams *grads;             /* dtheta at theta^(t), when grads_valid */
  NnpParams *last;              /* the last finite theta */
  NnpWorkspace *ws;
  size_t *perm;                 /* mini-batch order */
  gsl_rng *rng;
  size_t epochs;
  int grads_valid;
  /* block slots for passes over more than one block */
  double *slot_grads;
  NnpEval *slot_eval;
  size_t slot_cap;
  NnpPool *pool;          /* NULL: one thread */
};

/* Takes blocks until none are left. */
static void
pass_run (PassJob *job, PassLocal *local)
{
  const NnpModel *m = job->model;
  for (;;)
    {
      size_t b = (size_t) g_atomic_int_add (&job->next, 1);
      if (b >= job->nblocks)
        return;
      size_t r0 = b * NNP_BLOCK_ROWS;
      size_t nb = MIN ((size_t) NNP_BLOCK_ROWS, job->n - r0);
      const double *X = job->X, *y = job->y;
      const size_t *idx = job->idx != NULL ? job->idx + r0 : NULL;
      if (idx == NULL)
        {
          X += r0 * m->theta->d;
          y += r0;
        }
      nnp_forward_backward (job->with_grads ? local->grads : NULL, &job->slot_eval[b],
                            X, y, idx, nb, m, local->ws);
      if (job->with_grads)
        memcpy (job->slot_grads + b * local->grads->size, local->grads->block,
                local->grads->size * sizeof (double));
    }
}

static gpointer
pool_worker (gpointer data)
{
  NnpPool *pool = ((void **) data)[0];
  PassLocal *local = ((void **) data)[1];
  guint64 seen = 0;
  g_free (data);
  g_mutex_lock (&pool->lock);
  for (;;)
    {
      while (!pool->quit && pool->generation == seen)
        g_cond_wait (&pool->wake, &pool->lock);
      if (pool->quit)
        break;
      seen = pool->generation;
      PassJob *job = pool->job;
      g_mutex_unlock (&pool->lock);
      pass_run (job, local);
      g_mutex_lock (&pool->lock);
      if (--pool->busy == 0)
        g_cond_signal (&pool->done);
    }
  g_mutex_unlock (&pool->lock);
  return NULL;
}

static void
pool_free (NnpPool *pool)
{
  if (pool == NULL)
    return;
  g_mutex_lock (&pool->lock);
  pool->quit = TRUE;
  g_cond_broadcast (&pool->wake);
  g_mutex_unlock (&pool->lock);
  for (size_t i = 1; i < pool->nthreads; i++)
    if (pool->threads[i] != NULL)
      g_thread_join (pool->threads[i]);
  for (size_t i = 0; i < pool->nthreads; i++)
    {
      nnp_workspace_free (pool->local[i].ws);
      nnp_params_free (pool->local[i].grads);
    }
  g_mutex_clear (&pool->lock);
  g_cond_clear (&pool->wake);
  g_cond_clear (&pool->done);
  g_free (pool->threads);
  g_free (pool->local);
  g_free (pool);
}

/* nthreads >= 2 threads in all: nthreads - 1 workers that sleep between
 * passes, and the caller. NULL on failure. */
static NnpPool *
pool_new (size_t nthreads, size_t d, size_t h)
{
  NnpPool *pool = g_new0 (NnpPool, 1);
  g_mutex_init (&pool->lock);
  g_cond_init (&pool->wake);
  g_cond_init (&pool->done);
  pool->nthreads = nthreads;
  pool->threads = g_new0 (GThread *, nthreads);
  pool->local = g_new0 (PassLocal, nthreads);
  for (size_t i = 0; i < nthreads; i++)
    {
      pool->local[i].ws = nnp_workspace_alloc (h);
      pool->local[i].grads = nnp_params_alloc (d, h);
      if (pool->local[i].ws == NULL || pool->local[i].grads == NULL)
        {
          pool->nthreads = i + 1;
          pool_free (pool);
          return NULL;
        }
    }
  for (size_t i = 1; i < nthreads; i++)
    {
      void **arg = g_new (void *, 2);
      arg[0] = pool;
      arg[1] = &pool->local[i];
      pool->threads[i] = g_thread_try_new ("nnp-train", pool_worker, arg, NULL);
      if (pool->threads[i] == NULL)
        {
          g_free (arg);
          pool->nthreads = i;
          pool_free (pool);
          return NULL;
        }
    }
  return pool;
}

/* nnp_forward_backward over rows idx[0..n-1] (or 0..n-1), in blocks when
 * there are several, on the pool's threads when the work pays for them. */
static void
pass (NnpTrainer *t, NnpParams *grads, NnpEval *eval,
      const double *X, const double *y, const size_t *idx, size_t n)
{
  const size_t nblocks = (n + NNP_BLOCK_ROWS - 1) / NNP_BLOCK_ROWS;
  if (nblocks <= 1)
    {
      nnp_forward_backward (grads, eval, X, y, idx, n, t->model, t->ws);
      return;
    }
  const size_t size = t->grads->size;
  if (t->slot_cap < nblocks)
    {
      double *sg = realloc (t->slot_grads, nblocks * size * sizeof (double));
      if (sg != NULL)
        t->slot_grads = sg;
      NnpEval *se = realloc (t->slot_eval, nblocks * sizeof (NnpEval));
      if (se != NULL)
        t->slot_eval = se;
      if (sg == NULL || se == NULL)
        {
          *eval = (NnpEval) { NAN, 0, n };
          return;
        }
      t->slot_cap = nblocks;
    }

  PassJob job = { t->model, X, y, idx, n, nblocks, grads != NULL,
                  t->slot_grads, t->slot_eval, 0 };
  NnpPool *pool = t->pool;
  if (pool != NULL && n * t->model->theta->h >= NNP_PARALLEL_MIN_WORK)
    {
      g_mutex_lock (&pool->lock);
      pool->job = &job;
      pool->busy = pool->nthreads - 1;
      pool->generation++;
      g_cond_broadcast (&pool->wake);
      g_mutex_unlock (&pool->lock);
      pass_run (&job, &pool->local[0]);
      g_mutex_lock (&pool->lock);
      while (pool->busy > 0)
        g_cond_wait (&pool->done, &pool->lock);
      pool->job = NULL;
      g_mutex_unlock (&pool->lock);
    }
  else
    {
      PassLocal local = { t->ws, t->grads };
      pass_run (&job, &local);
    }

  /* block b holds averages over its nb rows: weight them by nb / n, in
   * block order */
  double cost = 0.0;
  size_t correct = 0;
  if (grads != NULL)
    memset (grads->block, 0, size * sizeof (double));
  for (size_t b = 0; b < nblocks; b++)
    {
      const double w = (double) t->slot_eval[b].n / (double) n;
      cost += w * t->slot_eval[b].cost;
      correct += t->slot_eval[b].correct;
      if (grads != NULL)
        {
          const double *g = t->slot_grads + b * size;
          for (size_t i = 0; i < size; i++)
            grads->block[i] += w * g[i];
        }
    }
  *eval = (NnpEval) { cost, correct, n };
}

void
nnp_trainer_free (NnpTrainer *t)
{
  if (t == NULL)
    return;
  nnp_params_free (t->grads);
  nnp_params_free (t->last);
  nnp_workspace_free (t->ws);
  nnp_history_free (t->own_history);
  pool_free (t->pool);
  free (t->slot_grads);
  free (t->slot_eval);
  free (t->perm);
  if (t->rng != NULL)
    gsl_rng_free (t->rng);
  free (t);
}

static int
eval_finite (const NnpEval *e)
{
  return isfinite (e->cost);
}

/* Full-batch: also leaves dtheta^(t) in grads, so the next epoch's step
 * needs no second pass over the data. */
static void
evaluate (NnpTrainer *t, NnpEval *train, NnpEval *test, int with_grads)
{
  const NnpDataset *tr = t->train;
  pass (t, with_grads ? t->grads : NULL, train, tr->X, tr->y, NULL, tr->n);
  t->grads_valid = with_grads && eval_finite (train);
  if (t->test != NULL)
    pass (t, NULL, test, t->test->X, t->test->y, NULL, t->test->n);
  else
    *test = (NnpEval) { 0.0, 0, 0 };
}

static int
record (NnpTrainer *t, const NnpEval *train, const NnpEval *test)
{
  double test_cost = 0.0, test_acc = 0.0;
  if (t->test != NULL)
    {
      test_cost = test->cost;
      test_acc = (double) test->correct / (double) test->n;
    }
  return nnp_history_append (t->history, train->cost,
                             (double) train->correct / (double) train->n, test_cost, test_acc);
}

NnpTrainer *
nnp_trainer_new (NnpModel *model, const NnpDataset *train, const NnpDataset *test,
                 NnpHistory *history, const NnpTrainOptions *opt)
{
  g_return_val_if_fail (model != NULL && train != NULL && opt != NULL, NULL);
  if (train->n == 0 || train->d != model->theta->d)
    return NULL;
  if (test != NULL && test->n > 0 && test->d != model->theta->d)
    return NULL;
  if (!(isfinite (opt->lr) && opt->lr > 0.0))
    return NULL;

  NnpTrainer *t = calloc (1, sizeof *t);
  if (t == NULL)
    return NULL;
  t->model = model;
  t->train = train;
  t->test = (test != NULL && test->n > 0) ? test : NULL;
  t->opt = *opt;
  t->grads = nnp_params_alloc (model->theta->d, model->theta->h);
  t->last = nnp_params_alloc (model->theta->d, model->theta->h);
  t->ws = nnp_workspace_alloc (model->theta->h);
  t->perm = malloc (train->n * sizeof (size_t));
  t->rng = gsl_rng_alloc (gsl_rng_mt19937);
  if (history == NULL)
    history = t->own_history = nnp_history_new (t->test != NULL);
  t->history = history;
  if (!t->grads || !t->last || !t->ws || !t->perm || !t->rng || !t->history)
    {
      nnp_trainer_free (t);
      return NULL;
    }
  gsl_rng_set (t->rng, nnp_seed_fold (opt->seed));
  if (opt->threads > 1)
    nnp_trainer_set_threads (t, opt->threads);
  for (size_t i = 0; i < train->n; i++)
    t->perm[i] = i;

  NnpEval e_train, e_test;
  evaluate (t, &e_train, &e_test, t->opt.batch == 0 || t->opt.batch >= train->n);
  if (t->history->len == 0 && record (t, &e_train, &e_test) != 0)
    {
      nnp_trainer_free (t);
      return NULL;
    }
  return t;
}

/* theta <- theta - alpha dtheta; returns whether every new value is finite */
static int
step (NnpParams *theta, const NnpParams *grads, double alpha)
{
  int finite = 1;
  for (size_t i = 0; i < theta->size; i++)
    {
      theta->block[i] -= alpha * grads->block[i];
      finite &= isfinite (theta->block[i]);
    }
  return finite;
}

NnpStatus
nnp_trainer_epoch (NnpTrainer *t)
{
  g_return_val_if_fail (t != NULL, NNP_EINVAL);
  const NnpDataset *tr = t->train;
  NnpParams *theta = t->model->theta;
  const size_t batch = t->opt.batch;
  const int full = batch == 0 || batch >= tr->n;
  NnpEval e_train, e_test;

  nnp_params_copy (t->last, theta);

  if (full)
    {
      if (!t->grads_valid)
        {
          pass (t, t->grads, &e_train, tr->X, tr->y, NULL, tr->n);
          if (!eval_finite (&e_train))
            return NNP_DIVERGED;
          t->grads_valid = 1;
        }
      if (!step (theta, t->grads, t->opt.lr))
        goto diverged;
    }
  else
    {
      /* a fresh seeded shuffle each epoch, then one step per mini-batch */
      gsl_ran_shuffle (t->rng, t->perm, tr->n, sizeof (size_t));
      for (size_t b0 = 0; b0 < tr->n; b0 += batch)
        {
          size_t nb = MIN (batch, tr->n - b0);
          pass (t, t->grads, &e_train, tr->X, tr->y, t->perm + b0, nb);
          if (!eval_finite (&e_train) || !step (theta, t->grads, t->opt.lr))
            goto diverged;
        }
    }

  evaluate (t, &e_train, &e_test, full);
  if (!eval_finite (&e_train) || (t->test != NULL && !eval_finite (&e_test)))
    goto diverged;
  if (record (t, &e_train, &e_test) != 0)
    {
      nnp_params_copy (theta, t->last);
      t->grads_valid = 0;
      return NNP_ENOMEM;
    }
  t->epochs++;
  return NNP_OK;

diverged:
  /* keep theta^(t): the last values that gave a finite cost */
  nnp_params_copy (theta, t->last);
  t->grads_valid = 0;
  return NNP_DIVERGED;
}

NnpStatus
nnp_trainer_set_threads (NnpTrainer *t, unsigned threads)
{
  g_return_val_if_fail (t != NULL, NNP_EINVAL);
  if (threads == 0)
    threads = g_get_num_processors ();
  size_t have = t->pool != NULL ? t->pool->nthreads : 1;
  if (threads == have)
    return NNP_OK;
  pool_free (t->pool);
  t->pool = NULL;
  t->opt.threads = 1;
  if (threads > 1)
    {
      t->pool = pool_new (threads, t->model->theta->d, t->model->theta->h);
      if (t->pool == NULL)
        return NNP_ENOMEM;
    }
  t->opt.threads = threads;
  return NNP_OK;
}

unsigned
nnp_trainer_threads (const NnpTrainer *t)
{
  g_return_val_if_fail (t != NULL, 1);
  return t->pool != NULL ? (unsigned) t->pool->nthreads : 1;
}

void
nnp_trainer_set_lr (NnpTrainer *t, double lr)
{
  g_return_if_fail (t != NULL);
  g_return_if_fail (isfinite (lr) && lr > 0.0);
  t->opt.lr = lr;
}

const NnpHistory *
nnp_trainer_history (const NnpTrainer *t)
{
  g_return_val_if_fail (t != NULL, NULL);
  return t->history;
}

size_t
nnp_trainer_epochs (const NnpTrainer *t)
{
  g_return_val_if_fail (t != NULL, 0);
  return t->epochs;
}
