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
};

void
nnp_trainer_free (NnpTrainer *t)
{
  if (t == NULL)
    return;
  nnp_params_free (t->grads);
  nnp_params_free (t->last);
  nnp_workspace_free (t->ws);
  nnp_history_free (t->own_history);
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
  nnp_forward_backward (with_grads ? t->grads : NULL, train, tr->X, tr->y, NULL, tr->n,
                        t->model, t->ws);
  t->grads_valid = with_grads && eval_finite (train);
  if (t->test != NULL)
    nnp_forward_backward (NULL, test, t->test->X, t->test->y, NULL, t->test->n, t->model, t->ws);
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
          nnp_forward_backward (t->grads, &e_train, tr->X, tr->y, NULL, tr->n, t->model, t->ws);
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
          nnp_forward_backward (t->grads, &e_train, tr->X, tr->y, t->perm + b0, nb,
                                t->model, t->ws);
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
