/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-engine.c: gradient checks, fused against plain kernels, training, initialisation, the grid. */
#define G_LOG_DOMAIN "nnplay-test"
#include "config.h"

#include <math.h>
#include <string.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <nnplay/nnp-train.h>
#include "nnp-vmath.h"
#include "nnp-io-private.h"
#include <nnplay/nnp-error.h>

/* Points with high-entropy coordinates, labels from a noisy rule. */
static NnpDataset *
random_data (size_t n, size_t d, unsigned long seed)
{
  gsl_rng *rng = gsl_rng_alloc (gsl_rng_mt19937);
  gsl_rng_set (rng, seed);
  NnpDataset *ds = nnp_dataset_alloc (n, d);
  for (size_t i = 0; i < n; i++)
    {
      double s = 0.0;
      for (size_t k = 0; k < d; k++)
        {
          ds->X[i * d + k] = gsl_ran_gaussian (rng, 1.385);
          s += ds->X[i * d + k] * (k % 2 ? -0.7 : 1.1);
        }
      ds->y[i] = (s + gsl_ran_gaussian (rng, 0.5)) > 0.0 ? 1.0 : 0.0;
    }
  gsl_rng_free (rng);
  return ds;
}

static NnpModel *
random_model (size_t d, size_t h, NnpActivation act, unsigned long seed)
{
  NnpModel *m = nnp_model_alloc (d, h, act);
  nnp_model_init_random (m, seed);
  /* non-zero biases, so their gradients are exercised */
  gsl_rng *rng = gsl_rng_alloc (gsl_rng_mt19937);
  gsl_rng_set (rng, seed + 99);
  for (size_t j = 0; j < h; j++)
    gsl_vector_set (&m->theta->b1.vector, j, gsl_ran_gaussian (rng, 0.4));
  *m->theta->b2 = 0.2385;
  gsl_rng_free (rng);
  return m;
}

static void
test_gradcheck (void)
{
  const size_t shapes[][2] = { { 1, 1 }, { 2, 3 }, { 2, 8 }, { 3, 4 }, { 5, 7 } };
  for (int a = 0; a < NNP_N_ACTIVATIONS; a++)
    for (size_t s = 0; s < G_N_ELEMENTS (shapes); s++)
      {
        size_t d = shapes[s][0], h = shapes[s][1];
        g_autoptr(NnpDataset) ds = random_data (23, d, 7 + s);
        NnpModel *m = random_model (d, h, (NnpActivation) a, 11 + s);
        double eps = 0.0;
        if (a == NNP_ACT_RELU)
          {
            /* stay away from the kink: every |z| must exceed the stencil's reach */
            double min_abs_z = INFINITY;
            for (size_t i = 0; i < ds->n; i++)
              for (size_t j = 0; j < h; j++)
                {
                  double z = gsl_vector_get (&m->theta->b1.vector, j);
                  for (size_t k = 0; k < d; k++)
                    z += gsl_matrix_get (&m->theta->W1.matrix, j, k) * ds->X[i * d + k];
                  min_abs_z = MIN (min_abs_z, fabs (z));
                }
            g_assert_cmpfloat (min_abs_z, >, 1e-4);
            eps = min_abs_z / 20.0 / (1.0 + 5.0);
          }
        double err = nnp_gradcheck (m, ds, eps);
        if (g_test_verbose ())
          g_test_message ("%s d=%zu h=%zu: %.3g", nnp_activation_name (a), d, h, err);
        g_assert_cmpfloat (err, >=, 0.0);
        g_assert_cmpfloat (err, <, 1e-7);
        nnp_model_free (m);
      }
}

/* A wrong gradient must be caught: the check is able to fail. */
static void
test_gradcheck_detects (void)
{
  g_autoptr(NnpDataset) ds = random_data (10, 2, 3);
  NnpModel *m = random_model (2, 3, NNP_ACT_SIGMOID, 5);
  /* corrupt the labels after the fact: gradcheck compares J with its own
   * backprop, so instead compare the fused gradient on other labels */
  NnpWorkspace *ws = nnp_workspace_alloc (3);
  NnpParams *g1 = nnp_params_alloc (2, 3), *g2 = nnp_params_alloc (2, 3);
  nnp_forward_backward (g1, NULL, ds->X, ds->y, NULL, ds->n, m, ws);
  ds->y[0] = 1.0 - ds->y[0];
  nnp_forward_backward (g2, NULL, ds->X, ds->y, NULL, ds->n, m, ws);
  double diff = 0.0;
  for (size_t i = 0; i < g1->size; i++)
    diff = MAX (diff, fabs (g1->block[i] - g2->block[i]));
  g_assert_cmpfloat (diff, >, 1e-4);
  nnp_params_free (g1);
  nnp_params_free (g2);
  nnp_workspace_free (ws);
  nnp_model_free (m);

  /* bad arguments */
  g_autoptr(NnpDataset) d3 = random_data (4, 3, 1);
  NnpModel *m2 = random_model (2, 2, NNP_ACT_TANH, 1);
  g_assert_cmpfloat (nnp_gradcheck (m2, d3, 0.0), <, 0.0);
  nnp_model_free (m2);
}

static void
compare_params (const NnpParams *a, const NnpParams *b, double tol)
{
  g_assert_cmpuint (a->size, ==, b->size);
  for (size_t i = 0; i < a->size; i++)
    {
      double err = fabs (a->block[i] - b->block[i]) / MAX (1e-3, fabs (b->block[i]));
      if (!(err <= tol))
        g_error ("param %zu: %.17g vs %.17g", i, a->block[i], b->block[i]);
    }
}

/* The fused kernel over all rows of ds against the plain GSL code: cost,
 * gradients and the count of correct predictions. Returns the fused
 * evaluation; *naive gets the plain gradients (the caller frees them). */
static NnpEval
assert_fused_matches_naive (const NnpDataset *ds, const NnpModel *m, NnpWorkspace *ws,
                            NnpParams **naive)
{
  const size_t n = ds->n, d = ds->d, h = m->theta->h;
  gsl_matrix *Z1 = gsl_matrix_alloc (n, h), *A1 = gsl_matrix_alloc (n, h);
  gsl_vector *Z2 = gsl_vector_alloc (n), *A2 = gsl_vector_alloc (n);
  gsl_matrix_const_view X = gsl_matrix_const_view_array (ds->X, n, d);
  gsl_vector_const_view Y = gsl_vector_const_view_array (ds->y, n);
  nnp_forward_naive (Z1, A1, Z2, A2, &X.matrix, m);
  double J = nnp_cost_naive (Z2, &Y.vector);
  NnpParams *gn = nnp_params_alloc (d, h), *gf = nnp_params_alloc (d, h);
  nnp_backward_naive (gn, &X.matrix, &Y.vector, Z1, A1, A2, m);

  NnpEval e;
  nnp_forward_backward (gf, &e, ds->X, ds->y, NULL, n, m, ws);
  g_assert_true (isfinite (e.cost));
  g_assert_cmpfloat (fabs (e.cost - J), <=, 1e-13 * MAX (1.0, J));
  compare_params (gf, gn, 1e-11);
  size_t correct = 0;
  for (size_t i = 0; i < n; i++)
    correct += (gsl_vector_get (A2, i) >= 0.5) == (ds->y[i] > 0.5);
  g_assert_cmpuint (e.correct, ==, correct);

  nnp_params_free (gf);
  gsl_matrix_free (Z1);
  gsl_matrix_free (A1);
  gsl_vector_free (Z2);
  gsl_vector_free (A2);
  *naive = gn;
  return e;
}

/* Saturated units: weights so large that |z| passes exp's clamp at 708
 * in the hidden layer and at the output, where the fused kernel's
 * exponential, reciprocal and log1p take their other branches; 301 rows
 * leave one past the last four-row vector, 513 a one-row tile. */
static void
test_fused_saturated (void)
{
  const double scales[] = { 1.0, 30.0, 300.0, 3000.0 };
  const size_t sizes[] = { 300, 301, 513 };
  for (int a = 0; a < NNP_N_ACTIVATIONS; a++)
    for (size_t c = 0; c < G_N_ELEMENTS (scales) * G_N_ELEMENTS (sizes); c++)
      {
        const size_t d = 2, h = 8, n = sizes[c % G_N_ELEMENTS (sizes)];
        const double scale = scales[c / G_N_ELEMENTS (sizes)];
        g_autoptr(NnpDataset) ds = random_data (n, d, 31 + c);
        NnpModel *m = random_model (d, h, (NnpActivation) a, 41 + c);
        for (size_t i = 0; i < m->theta->size; i++)
          m->theta->block[i] *= scale;
        NnpWorkspace *ws = nnp_workspace_alloc (h);
        NnpParams *gn;
        NnpEval e = assert_fused_matches_naive (ds, m, ws, &gn);

        /* the mini-batch path: every row through an index, reversed */
        size_t *idx = g_new (size_t, n);
        for (size_t i = 0; i < n; i++)
          idx[i] = n - 1 - i;
        NnpParams *gi = nnp_params_alloc (d, h);
        NnpEval ei;
        nnp_forward_backward (gi, &ei, ds->X, ds->y, idx, n, m, ws);
        g_assert_cmpfloat (fabs (ei.cost - e.cost), <=, 1e-13 * MAX (1.0, e.cost));
        compare_params (gi, gn, 1e-11);
        nnp_params_free (gi);
        g_free (idx);
        nnp_workspace_free (ws);
        nnp_params_free (gn);
        nnp_model_free (m);
      }
}

/* The kernel leaves exp's clamps out for a unit whose |z1| cannot pass
 * 700 in a tile (|b| + |w0| max|x0| + |w1| max|x1|), and tanh's argument
 * is 2|z1|: units reaching just under and over 350, 700 and 708, with
 * rows at the corners of [-1, 1]^2 where |z1| is its reach, in both of
 * two tiles. */
static void
test_fused_clamp_bound (void)
{
  const double reach[] = { 340.0, 354.0, 360.0, 500.0, 699.9, 700.1, 710.0, 1000.0 };
  const size_t d = 2, h = G_N_ELEMENTS (reach), n = 301;
  for (int a = 0; a < NNP_N_ACTIVATIONS; a++)
    {
      g_autoptr(NnpDataset) ds = random_data (n, d, 77);
      for (size_t i = 0; i < n * d; i++)
        ds->X[i] = tanh (ds->X[i]);   /* inside [-1, 1] */
      for (size_t t = 0; t < n; t += NNP_TILE_ROWS)
        for (size_t c = 0; c < 4 && t + c < n; c++)
          {
            ds->X[(t + c) * 2] = c & 1 ? 1.0 : -1.0;
            ds->X[(t + c) * 2 + 1] = c & 2 ? 1.0 : -1.0;
          }
      NnpModel *m = random_model (d, h, (NnpActivation) a, 5);
      for (size_t j = 0; j < h; j++)
        {
          gsl_vector_set (&m->theta->b1.vector, j, j % 2 ? 0.25 * reach[j] : 0.0);
          const double w = j % 2 ? 0.375 * reach[j] : 0.5 * reach[j];
          gsl_matrix_set (&m->theta->W1.matrix, j, 0, w);
          gsl_matrix_set (&m->theta->W1.matrix, j, 1, j % 4 < 2 ? w : -w);
          gsl_matrix_set (&m->theta->W2.matrix, 0, j, j % 3 ? 0.01 : -0.02);
        }
      NnpWorkspace *ws = nnp_workspace_alloc (h);
      NnpParams *gn;
      assert_fused_matches_naive (ds, m, ws, &gn);
      nnp_params_free (gn);
      nnp_workspace_free (ws);
      nnp_model_free (m);
    }
}

/* The cost sums log1p(e) over a tile as one log of the rows' product,
 * carried as that product minus one. Two ends of it: a set the network
 * fits so well that every loss is below 1e-11 (J must keep its relative
 * accuracy there, where 1 + e rounds most of e away), and a network
 * that says 1/2 everywhere (every e = 1, the product 2^rows, J = ln 2).
 * 1,000 rows: three full tiles and a last one of 232, not a multiple of
 * the four chains' 16 rows. */
static void
test_fused_cost_extremes (void)
{
  const size_t d = 2, h = 8, n = 1000;
  for (int a = 0; a < NNP_N_ACTIVATIONS; a++)
    {
      g_autoptr(NnpDataset) ds = random_data (n, d, 123);
      NnpModel *m = random_model (d, h, (NnpActivation) a, 9);
      gsl_matrix *Z1 = gsl_matrix_alloc (n, h), *A1 = gsl_matrix_alloc (n, h);
      gsl_vector *Z2 = gsl_vector_alloc (n), *A2 = gsl_vector_alloc (n);
      gsl_matrix_const_view X = gsl_matrix_const_view_array (ds->X, n, d);
      gsl_vector_const_view Y = gsl_vector_const_view_array (ds->y, n);
      NnpWorkspace *ws = nnp_workspace_alloc (h);

      /* z2 = 0 for every row: W2 = 0, b2 = 0 */
      gsl_matrix_set_zero (&m->theta->W2.matrix);
      *m->theta->b2 = 0.0;
      NnpEval e;
      nnp_forward_backward (NULL, &e, ds->X, ds->y, NULL, n, m, ws);
      g_assert_cmpfloat (fabs (e.cost - G_LN2), <=, 4e-16);

      /* z2 = b2 + sum_j W2_j a_j, within b2 -+ 8 for sigmoid and tanh
       * (|W2_j| <= 1, |a| <= 1; ReLU's a reaches 9.8 on these points,
       * and its sum stays within -+ 6.3): with b2 = 33 and every label
       * 1, or b2 = -33 and every label 0, every loss lies between e^-41
       * and e^-25 = 1.4e-11, which the bounds on J below check */
      for (int side = 0; side < 2; side++)
        {
          for (size_t j = 0; j < h; j++)
            gsl_matrix_set (&m->theta->W2.matrix, 0, j, (j % 2 ? -1.0 : 1.0) * (0.3 + 0.1 * (double) j));
          *m->theta->b2 = side ? -33.0 : 33.0;
          for (size_t i = 0; i < n; i++)
            ds->y[i] = side ? 0.0 : 1.0;
          nnp_forward_naive (Z1, A1, Z2, A2, &X.matrix, m);
          const double J = nnp_cost_naive (Z2, &Y.vector);
          g_assert_cmpfloat (J, >, 1e-18);
          g_assert_cmpfloat (J, <, 1.4e-11);
          nnp_forward_backward (NULL, &e, ds->X, ds->y, NULL, n, m, ws);
          if (!(fabs (e.cost - J) <= 1e-13 * J))
            g_error ("%s: J %.17g, naive %.17g", nnp_activation_name ((NnpActivation) a), e.cost, J);
        }

      nnp_workspace_free (ws);
      gsl_matrix_free (Z1);
      gsl_matrix_free (A1);
      gsl_vector_free (Z2);
      gsl_vector_free (A2);
      nnp_model_free (m);
    }
}

/* llm.c's habit: the optimised kernel against the lecture-literal one. */
static void
test_fused_matches_naive (void)
{
  const size_t cases[][3] = { { 1, 1, 1 }, { 2, 8, 1000 }, { 3, 5, 257 }, { 2, 64, 513 }, { 4, 3, 256 } };
  for (int a = 0; a < NNP_N_ACTIVATIONS; a++)
    for (size_t c = 0; c < G_N_ELEMENTS (cases); c++)
      {
        size_t d = cases[c][0], h = cases[c][1], n = cases[c][2];
        g_autoptr(NnpDataset) ds = random_data (n, d, 100 + c);
        NnpModel *m = random_model (d, h, (NnpActivation) a, 200 + c);
        NnpWorkspace *ws = nnp_workspace_alloc (h);
        NnpParams *gn;
        NnpEval e = assert_fused_matches_naive (ds, m, ws, &gn);
        NnpParams *gf = nnp_params_alloc (d, h);

        /* forward only: same cost, grads untouched */
        NnpEval e2;
        nnp_forward_backward (NULL, &e2, ds->X, ds->y, NULL, n, m, ws);
        g_assert_cmpfloat (e2.cost, ==, e.cost);

        /* an index subset equals the plain kernel on the gathered rows */
        size_t *idx = g_new (size_t, n);
        size_t k = 0;
        for (size_t i = n; i-- > 0;)
          if (i % 3 != 1)
            idx[k++] = i;
        if (k > 0)
          {
            guint8 *mask = g_new0 (guint8, n);
            for (size_t i = 0; i < k; i++)
              mask[idx[i]] = 1;
            g_autoptr(NnpDataset) sub = nnp_dataset_subset (ds, mask, 1);
            NnpParams *gs = nnp_params_alloc (d, h);
            NnpEval es, ei;
            nnp_forward_backward (gs, &es, sub->X, sub->y, NULL, sub->n, m, ws);
            nnp_forward_backward (gf, &ei, ds->X, ds->y, idx, k, m, ws);
            g_assert_cmpfloat (fabs (ei.cost - es.cost), <=, 1e-13 * MAX (1.0, es.cost));
            compare_params (gf, gs, 1e-11);
            nnp_params_free (gs);
            g_free (mask);
          }
        g_free (idx);
        nnp_workspace_free (ws);
        nnp_params_free (gn);
        nnp_params_free (gf);
        nnp_model_free (m);
      }
}

static void
test_vmath (void)
{
  double worst = 0.0;
  for (int i = -708000; i <= 708000; i += 7)
    {
      double x = i / 1000.0 + 0.000123;
      double err = fabs (nnp_exp (x) - exp (x)) / exp (x);
      worst = MAX (worst, err);
    }
  g_assert_cmpfloat (worst, <, 5e-16);
  g_assert_true (isnan (nnp_exp (NAN)));
  g_assert_cmpfloat (nnp_exp (-1e9), >, 0.0);
  g_assert_true (isfinite (nnp_exp (1e9)));

  /* tanh: relative accuracy also near 0, where 1 - e^-2z would cancel */
  worst = 0.0;
  for (int i = -200000; i <= 200000; i++)
    {
      double z = i / 10000.0 + 1.234e-7;
      double want = tanh (z);
      double err = fabs (nnp_tanh (z) - want) / fabs (want);
      worst = MAX (worst, err);
    }
  for (int e = -300; e <= 0; e++)
    {
      double z = 1.7 * pow (10.0, e);
      worst = MAX (worst, fabs (nnp_tanh (z) - tanh (z)) / tanh (z));
      worst = MAX (worst, fabs (nnp_tanh (-z) - tanh (-z)) / tanh (z));
    }
  g_assert_cmpfloat (worst, <, 1e-15);
  g_assert_cmpfloat (nnp_tanh (1e6), ==, 1.0);
  g_assert_cmpfloat (nnp_tanh (-1e6), ==, -1.0);
  g_assert_true (isnan (nnp_tanh (NAN)));
}

/* A saturated output gives a large finite cost, never NaN or -inf. */
static void
test_cost_saturated (void)
{
  NnpModel *m = nnp_model_alloc (1, 1, NNP_ACT_SIGMOID);
  gsl_matrix_set (&m->theta->W1.matrix, 0, 0, 1.0);
  gsl_matrix_set (&m->theta->W2.matrix, 0, 0, 5000.0);
  *m->theta->b2 = -2500.0;      /* z2 = 5000 sigma(x) - 2500: +-2500 at the extremes */
  g_autoptr(NnpDataset) ds = nnp_dataset_alloc (2, 1);
  ds->X[0] = 50.0;  ds->y[0] = 0.0;     /* a2 = 1 exactly in double, label 0 */
  ds->X[1] = -50.0; ds->y[1] = 1.0;     /* a2 = 0 exactly, label 1 */
  NnpWorkspace *ws = nnp_workspace_alloc (1);
  NnpParams *g = nnp_params_alloc (1, 1);
  NnpEval e;
  nnp_forward_backward (g, &e, ds->X, ds->y, NULL, 2, m, ws);
  g_assert_true (isfinite (e.cost));
  g_assert_cmpfloat (fabs (e.cost - 2500.0), <, 1e-6);
  g_assert_true (nnp_params_all_finite (g));

  gsl_matrix *Z1 = gsl_matrix_alloc (2, 1), *A1 = gsl_matrix_alloc (2, 1);
  gsl_vector *Z2 = gsl_vector_alloc (2), *A2 = gsl_vector_alloc (2);
  gsl_matrix_view X = nnp_dataset_X_view (ds);
  gsl_vector_view Y = nnp_dataset_y_view (ds);
  nnp_forward_naive (Z1, A1, Z2, A2, &X.matrix, m);
  g_assert_cmpfloat (fabs (nnp_cost_naive (Z2, &Y.vector) - 2500.0), <, 1e-6);
  gsl_matrix_free (Z1);
  gsl_matrix_free (A1);
  gsl_vector_free (Z2);
  gsl_vector_free (A2);
  nnp_params_free (g);
  nnp_workspace_free (ws);
  nnp_model_free (m);
}

static void
test_one_step_lowers_cost (void)
{
  for (int a = 0; a < NNP_N_ACTIVATIONS; a++)
    {
      g_autoptr(NnpDataset) ds = random_data (200, 2, 42);
      NnpModel *m = random_model (2, 6, (NnpActivation) a, 43);
      NnpTrainOptions opt = { .lr = 0.01, .batch = 0, .seed = 1 };
      NnpTrainer *t = nnp_trainer_new (m, ds, NULL, NULL, &opt);
      g_assert_cmpint (nnp_trainer_epoch (t), ==, NNP_OK);
      const NnpHistory *h = nnp_trainer_history (t);
      g_assert_cmpuint (h->len, ==, 2);
      g_assert_cmpfloat (h->train_cost[1], <, h->train_cost[0]);
      g_assert_cmpuint (nnp_trainer_epochs (t), ==, 1);
      nnp_trainer_free (t);
      nnp_model_free (m);
    }
}

static NnpDataset *
xor_data (void)
{
  static const double pts[][3] = {
    { 0.0, 0.0, 0 }, { 1.0, 1.0, 0 }, { 0.0, 1.0, 1 }, { 1.0, 0.0, 1 },
    { 0.1, 0.15, 0 }, { 0.9, 0.85, 0 }, { 0.12, 0.9, 1 }, { 0.88, 0.1, 1 },
  };
  NnpDataset *ds = nnp_dataset_alloc (G_N_ELEMENTS (pts), 2);
  for (size_t i = 0; i < G_N_ELEMENTS (pts); i++)
    {
      ds->X[2 * i] = pts[i][0];
      ds->X[2 * i + 1] = pts[i][1];
      ds->y[i] = pts[i][2];
    }
  return ds;
}

static void
test_xor_learnt (void)
{
  const size_t batches[] = { 0, 3 };
  for (size_t b = 0; b < G_N_ELEMENTS (batches); b++)
    {
      g_autoptr(NnpDataset) ds = xor_data ();
      NnpModel *m = nnp_model_alloc (2, 4, NNP_ACT_SIGMOID);
      nnp_model_init_random (m, 3);
      NnpTrainOptions opt = { .lr = 2.0, .batch = batches[b], .seed = 9 };
      NnpTrainer *t = nnp_trainer_new (m, ds, NULL, NULL, &opt);
      for (int e = 0; e < 5000; e++)
        g_assert_cmpint (nnp_trainer_epoch (t), ==, NNP_OK);
      const NnpHistory *h = nnp_trainer_history (t);
      g_assert_cmpfloat (h->train_acc[h->len - 1], ==, 1.0);
      g_assert_cmpfloat (h->train_cost[h->len - 1], <, 0.1);
      for (size_t i = 0; i < ds->n; i++)
        g_assert_cmpint (nnp_model_predict (m, ds->X + 2 * i) >= 0.5, ==, ds->y[i] > 0.5);
      nnp_trainer_free (t);
      nnp_model_free (m);
    }
}

static void
test_minibatch_deterministic (void)
{
  double final[2];
  for (int r = 0; r < 2; r++)
    {
      g_autoptr(NnpDataset) ds = random_data (300, 2, 5);
      NnpModel *m = random_model (2, 5, NNP_ACT_TANH, 6);
      NnpTrainOptions opt = { .lr = 0.1, .batch = 32, .seed = 77 };
      NnpTrainer *t = nnp_trainer_new (m, ds, NULL, NULL, &opt);
      for (int e = 0; e < 20; e++)
        g_assert_cmpint (nnp_trainer_epoch (t), ==, NNP_OK);
      const NnpHistory *h = nnp_trainer_history (t);
      g_assert_cmpfloat (h->train_cost[20], <, h->train_cost[0]);
      final[r] = h->train_cost[20];
      nnp_trainer_free (t);
      nnp_model_free (m);
    }
  g_assert_cmpfloat (final[0], ==, final[1]);
}

static void
test_test_split_history (void)
{
  g_autoptr(NnpDataset) all = random_data (100, 2, 8);
  guint8 mask[100];
  nnp_split_mask (mask, 100, 0.25, 3);
  g_autoptr(NnpDataset) tr = nnp_dataset_subset (all, mask, 0);
  g_autoptr(NnpDataset) te = nnp_dataset_subset (all, mask, 1);
  g_assert_cmpuint (te->n, ==, 25);
  NnpModel *m = random_model (2, 4, NNP_ACT_SIGMOID, 2);
  NnpTrainOptions opt = { .lr = 0.5, .batch = 0, .seed = 1 };
  NnpTrainer *t = nnp_trainer_new (m, tr, te, NULL, &opt);
  for (int e = 0; e < 30; e++)
    g_assert_cmpint (nnp_trainer_epoch (t), ==, NNP_OK);
  const NnpHistory *h = nnp_trainer_history (t);
  g_assert_true (h->has_test);
  g_assert_cmpuint (h->len, ==, 31);
  /* the test cost recorded is the cost of the model on the test rows */
  NnpWorkspace *ws = nnp_workspace_alloc (4);
  NnpEval e;
  nnp_forward_backward (NULL, &e, te->X, te->y, NULL, te->n, m, ws);
  g_assert_cmpfloat (h->test_cost[30], ==, e.cost);
  g_assert_cmpfloat (h->test_acc[30], ==, (double) e.correct / 25.0);
  nnp_workspace_free (ws);
  nnp_trainer_free (t);
  nnp_model_free (m);
}

static void
test_divergence (void)
{
  g_autoptr(NnpDataset) ds = random_data (50, 2, 4);
  NnpModel *m = random_model (2, 4, NNP_ACT_RELU, 4);
  NnpTrainOptions opt = { .lr = 1e200, .batch = 0, .seed = 1 };
  NnpTrainer *t = nnp_trainer_new (m, ds, NULL, NULL, &opt);
  NnpStatus st = NNP_OK;
  int epochs = 0;
  NnpParams *before = nnp_params_alloc (2, 4);
  while (st == NNP_OK && epochs < 100)
    {
      nnp_params_copy (before, m->theta);
      st = nnp_trainer_epoch (t);
      epochs++;
    }
  g_assert_cmpint (st, ==, NNP_DIVERGED);
  g_assert_true (nnp_params_all_finite (m->theta));
  /* the model stays at the last finite values, the history is not extended */
  g_assert_cmpmem (before->block, before->size * sizeof (double), m->theta->block, m->theta->size * sizeof (double));
  g_assert_cmpuint (nnp_trainer_history (t)->len, ==, (size_t) epochs);
  for (size_t i = 0; i < nnp_trainer_history (t)->len; i++)
    g_assert_true (isfinite (nnp_trainer_history (t)->train_cost[i]));
  /* a smaller rate carries on from there */
  nnp_trainer_set_lr (t, 1e-3);
  g_assert_cmpint (nnp_trainer_epoch (t), ==, NNP_OK);
  nnp_params_free (before);
  nnp_trainer_free (t);
  nnp_model_free (m);
}

static void
test_trainer_bad_args (void)
{
  g_autoptr(NnpDataset) ds = random_data (10, 2, 1);
  g_autoptr(NnpDataset) empty = nnp_dataset_alloc (0, 2);
  g_autoptr(NnpDataset) d3 = random_data (10, 3, 1);
  NnpModel *m = random_model (2, 3, NNP_ACT_SIGMOID, 1);
  NnpTrainOptions opt = { .lr = 0.1 };
  g_assert_null (nnp_trainer_new (m, empty, NULL, NULL, &opt));
  g_assert_null (nnp_trainer_new (m, d3, NULL, NULL, &opt));
  g_assert_null (nnp_trainer_new (m, ds, d3, NULL, &opt));
  opt.lr = 0.0;
  g_assert_null (nnp_trainer_new (m, ds, NULL, NULL, &opt));
  opt.lr = NAN;
  g_assert_null (nnp_trainer_new (m, ds, NULL, NULL, &opt));
  opt.lr = INFINITY;
  g_assert_null (nnp_trainer_new (m, ds, NULL, NULL, &opt));
  /* an empty test set is no test set */
  opt.lr = 0.1;
  NnpTrainer *t = nnp_trainer_new (m, ds, empty, NULL, &opt);
  g_assert_nonnull (t);
  g_assert_false (nnp_trainer_history (t)->has_test);
  nnp_trainer_free (t);
  nnp_trainer_free (NULL);
  nnp_model_free (m);

  /* non-finite parameters give a NaN cost and NaN gradients, never a
   * finite cost (the kernel itself assumes finite values) */
  {
    NnpModel *mn = random_model (2, 4, NNP_ACT_SIGMOID, 1);
    NnpWorkspace *wsn = nnp_workspace_alloc (4);
    NnpParams *gn = nnp_params_alloc (2, 4);
    NnpEval en;
    const double bad[] = { NAN, INFINITY, -INFINITY };
    for (size_t b = 0; b < G_N_ELEMENTS (bad); b++)
      for (size_t i = 0; i < mn->theta->size; i += 5)
        {
          double keep = mn->theta->block[i];
          mn->theta->block[i] = bad[b];
          nnp_forward_backward (gn, &en, ds->X, ds->y, NULL, ds->n, mn, wsn);
          g_assert_true (isnan (en.cost));
          g_assert_true (isnan (gn->block[0]) && isnan (gn->block[gn->size - 1]));
          nnp_forward_backward (NULL, &en, ds->X, ds->y, NULL, ds->n, mn, wsn);
          g_assert_true (isnan (en.cost));
          mn->theta->block[i] = keep;
        }
    nnp_forward_backward (gn, &en, ds->X, ds->y, NULL, ds->n, mn, wsn);
    g_assert_true (isfinite (en.cost));
    nnp_params_free (gn);
    nnp_workspace_free (wsn);
    nnp_model_free (mn);
  }

  /* a workspace of the wrong size is refused, not overrun */
  NnpModel *m4 = random_model (2, 4, NNP_ACT_SIGMOID, 1);
  NnpWorkspace *ws = nnp_workspace_alloc (3);
  NnpEval e;
  nnp_forward_backward (NULL, &e, ds->X, ds->y, NULL, ds->n, m4, ws);
  g_assert_true (isnan (e.cost));
  nnp_workspace_free (ws);
  nnp_model_free (m4);
  g_assert_null (nnp_workspace_alloc (0));
}

static void
test_init (void)
{
  NnpModel *a = nnp_model_alloc (2, 4096, NNP_ACT_SIGMOID);
  NnpModel *b = nnp_model_alloc (2, 4096, NNP_ACT_SIGMOID);
  nnp_model_init_random (a, 123);
  nnp_model_init_random (b, 123);
  g_assert_cmpmem (a->theta->block, a->theta->size * 8, b->theta->block, b->theta->size * 8);
  nnp_model_init_random (b, 124);
  g_assert_cmpint (memcmp (a->theta->block, b->theta->block, a->theta->size * 8), !=, 0);

  /* documented scale: W1 ~ N(0, 1/d), W2 ~ N(0, 1/h), biases zero */
  double s1 = 0.0, s2 = 0.0;
  for (size_t i = 0; i < 4096 * 2; i++)
    s1 += a->theta->W1.matrix.data[i] * a->theta->W1.matrix.data[i];
  for (size_t j = 0; j < 4096; j++)
    s2 += a->theta->W2.matrix.data[j] * a->theta->W2.matrix.data[j];
  g_assert_cmpfloat (fabs (sqrt (s1 / 8192.0) - sqrt (0.5)), <, 0.03);
  g_assert_cmpfloat (fabs (sqrt (s2 / 4096.0) - sqrt (1.0 / 4096.0)), <, 0.03 / 64.0);
  g_assert_cmpfloat (gsl_vector_max (&a->theta->b1.vector), ==, 0.0);
  g_assert_cmpfloat (gsl_vector_min (&a->theta->b1.vector), ==, 0.0);
  g_assert_cmpfloat (*a->theta->b2, ==, 0.0);

  NnpModel *r = nnp_model_alloc (2, 4096, NNP_ACT_RELU);
  nnp_model_init_random (r, 123);
  g_assert_cmpfloat (fabs (r->theta->W1.matrix.data[7] - G_SQRT2 * a->theta->W1.matrix.data[7]), <, 1e-15);
  nnp_model_free (r);
  nnp_model_free (a);
  nnp_model_free (b);
}

static void
test_resize (void)
{
  NnpModel *m = random_model (2, 5, NNP_ACT_TANH, 31);
  NnpModel *g = nnp_model_resized (m, 9, 4);
  g_assert_cmpuint (g->theta->h, ==, 9);
  g_assert_cmpint (g->act, ==, NNP_ACT_TANH);
  for (size_t j = 0; j < 5; j++)
    {
      for (size_t k = 0; k < 2; k++)
        g_assert_cmpfloat (gsl_matrix_get (&g->theta->W1.matrix, j, k), ==, gsl_matrix_get (&m->theta->W1.matrix, j, k));
      g_assert_cmpfloat (gsl_vector_get (&g->theta->b1.vector, j), ==, gsl_vector_get (&m->theta->b1.vector, j));
      g_assert_cmpfloat (gsl_matrix_get (&g->theta->W2.matrix, 0, j), ==, gsl_matrix_get (&m->theta->W2.matrix, 0, j));
    }
  for (size_t j = 5; j < 9; j++)
    {
      g_assert_cmpfloat (gsl_matrix_get (&g->theta->W1.matrix, j, 0), !=, 0.0);
      g_assert_cmpfloat (gsl_matrix_get (&g->theta->W2.matrix, 0, j), !=, 0.0);
      g_assert_cmpfloat (gsl_vector_get (&g->theta->b1.vector, j), ==, 0.0);
    }
  g_assert_cmpfloat (*g->theta->b2, ==, *m->theta->b2);
  NnpModel *s = nnp_model_resized (g, 3, 4);
  g_assert_cmpuint (s->theta->h, ==, 3);
  for (size_t j = 0; j < 3; j++)
    g_assert_cmpfloat (gsl_matrix_get (&s->theta->W2.matrix, 0, j), ==, gsl_matrix_get (&m->theta->W2.matrix, 0, j));
  nnp_model_free (s);
  nnp_model_free (g);
  nnp_model_free (m);
}

static void
test_grid (void)
{
  for (int a = 0; a < NNP_N_ACTIVATIONS; a++)
    {
      NnpModel *m = random_model (2, 6, (NnpActivation) a, 9);
      NnpGrid grid = { -1.7, 2.3, -1.1, 0.9, 37, 29 };
      double *a2 = g_new (double, 37 * 29);
      double *a1 = g_new (double, 6 * 37 * 29);
      g_assert_cmpint (nnp_model_eval_grid (a2, a1, m, &grid), ==, NNP_OK);
      double h1[6];
      for (size_t r = 0; r < 29; r++)
        for (size_t c = 0; c < 37; c++)
          {
            double x[2] = { -1.7 + (c + 0.5) * 4.0 / 37, 0.9 - (r + 0.5) * 2.0 / 29 };
            double want = nnp_model_hidden (m, x, h1);
            g_assert_cmpfloat (fabs (a2[r * 37 + c] - want), <, 1e-14);
            for (size_t j = 0; j < 6; j++)
              g_assert_cmpfloat (fabs (a1[j * 37 * 29 + r * 37 + c] - h1[j]), <, 1e-14);
          }
      g_assert_cmpint (nnp_model_eval_grid (a2, NULL, m, &grid), ==, NNP_OK);

      /* the float logit, for pictures: to 1e-5 of the terms' size, also in
       * a view far from the origin */
      for (int far = 0; far < 2; far++)
        {
          NnpGrid g2 = grid;
          double off = far ? 3000.0 : 0.0;
          g2.xmin += off;
          g2.xmax += off;
          float *z2 = g_new (float, 37 * 29);
          g_assert_cmpint (nnp_model_eval_grid_logitf (z2, m, &g2), ==, NNP_OK);
          for (size_t r = 0; r < 29; r++)
            for (size_t c = 0; c < 37; c++)
              {
                double x[2] = { g2.xmin + (c + 0.5) * 4.0 / 37, 0.9 - (r + 0.5) * 2.0 / 29 };
                nnp_model_hidden (m, x, h1);
                double want = *m->theta->b2, size = fabs (want);
                for (size_t j = 0; j < 6; j++)
                  {
                    double t = gsl_matrix_get (&m->theta->W2.matrix, 0, j) * h1[j];
                    want += t;
                    size += fabs (t);
                  }
                g_assert_cmpfloat (fabs (z2[r * 37 + c] - want), <, 1e-5 * size + 1e-6);
              }
          g_free (z2);
        }
      g_free (a1);
      g_free (a2);
      nnp_model_free (m);
    }
  NnpModel *m3 = nnp_model_alloc (3, 2, NNP_ACT_SIGMOID);
  NnpGrid grid = { 0, 1, 0, 1, 4, 4 };
  double out[16];
  g_assert_cmpint (nnp_model_eval_grid (out, NULL, m3, &grid), ==, NNP_EINVAL);
  grid.nx = 0;
  g_assert_cmpint (nnp_model_eval_grid (out, NULL, m3, &grid), ==, NNP_EINVAL);
  g_assert_cmpint (nnp_model_eval_grid_logitf ((float *) out, m3, &grid), ==, NNP_EINVAL);
  nnp_model_free (m3);
}

static void
test_activation_names (void)
{
  NnpActivation act;
  for (int a = 0; a < NNP_N_ACTIVATIONS; a++)
    {
      g_assert_cmpint (nnp_activation_from_name (nnp_activation_name (a), &act), ==, 0);
      g_assert_cmpint (act, ==, a);
    }
  g_assert_cmpstr (nnp_activation_name (NNP_ACT_SIGMOID), ==, "sigmoid");
  g_assert_cmpint (nnp_activation_from_name ("softmax", &act), ==, -1);
  g_assert_cmpint (nnp_activation_from_name (NULL, &act), ==, -1);
}

static void
test_history (void)
{
  NnpHistory *h = nnp_history_new (1);
  for (int i = 0; i < 1000; i++)
    g_assert_cmpint (nnp_history_append (h, 1.0 / (i + 1), 0.5, 2.0 / (i + 1), 0.25), ==, 0);
  NnpHistory *c = nnp_history_dup (h);
  g_assert_cmpuint (c->len, ==, 1000);
  g_assert_cmpfloat (c->test_cost[999], ==, 2.0 / 1000);
  nnp_history_clear (h);
  g_assert_cmpuint (h->len, ==, 0);
  nnp_history_free (h);
  nnp_history_free (c);
  nnp_history_free (NULL);
}

/* Input files are read whole, but never past a size limit. */
static void
test_read_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("nnp-io-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "f.txt", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing.txt", NULL);
  char buf[200000];
  char *text = NULL;
  gsize len = 0;

  g_assert_no_error (error);
  memset (buf, 'x', sizeof buf);
  g_assert_true (g_file_set_contents (path, buf, sizeof buf, NULL));
  g_assert_true (nnp_read_file (path, sizeof buf, &text, &len, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (len, ==, sizeof buf);
  g_assert_cmpint (text[len], ==, '\0');
  g_free (text);
  text = NULL;

  g_assert_false (nnp_read_file (path, sizeof buf - 1, &text, &len, &error));
  g_assert_error (error, NNP_ERROR, NNP_ERROR_TOO_LARGE);
  g_assert_true (g_str_has_prefix (error->message, path));
  g_assert_nonnull (strstr (error->message, "larger than"));
  g_assert_null (text);
  g_clear_error (&error);

  g_assert_false (nnp_read_file (missing, 100, &text, &len, &error));
  g_assert_error (error, NNP_ERROR, NNP_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "cannot open"));
  g_clear_error (&error);

  g_remove (path);
  g_rmdir (dir);
}

/* Several blocks of rows (n = 20,000, blocks of 8,192): 1, 2 and 3
 * threads give bit-identical parameters and history after some epochs,
 * full batch and mini-batch, and the first gradient equals the lecture's
 * plain GSL code to 1e-12. */
static void
test_threads_identical (void)
{
  const size_t n = 20011, d = 2, h = 16, epochs = 4;
  const unsigned threads[] = { 1, 2, 3 };
  const size_t batches[] = { 0, 12000 };
  g_autoptr(NnpDataset) ds = random_data (n, d, 5);
  for (int a = 0; a < NNP_N_ACTIVATIONS; a++)
    for (size_t bi = 0; bi < G_N_ELEMENTS (batches); bi++)
      {
        NnpModel *ref = NULL;
        double ref_cost = 0.0;
        for (size_t ti = 0; ti < G_N_ELEMENTS (threads); ti++)
          {
            NnpModel *m = random_model (d, h, (NnpActivation) a, 3);
            NnpTrainOptions opt = { .lr = 0.3, .batch = batches[bi], .seed = 4,
                                    .threads = threads[ti] };
            NnpTrainer *t = nnp_trainer_new (m, ds, NULL, NULL, &opt);
            g_assert_nonnull (t);
            g_assert_cmpuint (nnp_trainer_threads (t), ==, threads[ti]);
            for (size_t e = 0; e < epochs; e++)
              g_assert_cmpint (nnp_trainer_epoch (t), ==, NNP_OK);
            double cost = nnp_trainer_history (t)->train_cost[epochs];
            if (ref == NULL)
              {
                ref = m;
                ref_cost = cost;
                g_assert_cmpfloat (cost, <, nnp_trainer_history (t)->train_cost[0]);
              }
            else
              {
                g_assert_cmpmem (m->theta->block, m->theta->size * sizeof (double),
                                 ref->theta->block, ref->theta->size * sizeof (double));
                g_assert_true (memcmp (&cost, &ref_cost, sizeof cost) == 0);
                nnp_model_free (m);
              }
            nnp_trainer_free (t);
          }
        nnp_model_free (ref);
      }

  /* the blocked, threaded gradient against the plain one */
  NnpModel *m = random_model (d, h, NNP_ACT_TANH, 8);
  NnpParams *before = nnp_params_alloc (d, h), *g = nnp_params_alloc (d, h);
  nnp_params_copy (before, m->theta);
  gsl_matrix *Z1 = gsl_matrix_alloc (n, h), *A1 = gsl_matrix_alloc (n, h);
  gsl_vector *Z2 = gsl_vector_alloc (n), *A2 = gsl_vector_alloc (n);
  gsl_matrix_view X = nnp_dataset_X_view (ds);
  gsl_vector_view Y = nnp_dataset_y_view (ds);
  nnp_forward_naive (Z1, A1, Z2, A2, &X.matrix, m);
  nnp_backward_naive (g, &X.matrix, &Y.vector, Z1, A1, A2, m);
  double want_cost = nnp_cost_naive (Z2, &Y.vector);
  NnpTrainOptions opt = { .lr = 0.5, .batch = 0, .seed = 1, .threads = 2 };
  NnpTrainer *t = nnp_trainer_new (m, ds, NULL, NULL, &opt);
  g_assert_nonnull (t);
  g_assert_cmpfloat (fabs (nnp_trainer_history (t)->train_cost[0] - want_cost), <, 1e-12 * want_cost);
  g_assert_cmpint (nnp_trainer_epoch (t), ==, NNP_OK);
  /* theta^(1) = theta^(0) - alpha dtheta */
  for (size_t i = 0; i < g->size; i++)
    {
      double got = (before->block[i] - m->theta->block[i]) / 0.5;
      g_assert_cmpfloat (fabs (got - g->block[i]), <=, 1e-12 * MAX (fabs (g->block[i]), 1e-3));
    }
  nnp_trainer_free (t);
  gsl_matrix_free (Z1);
  gsl_matrix_free (A1);
  gsl_vector_free (Z2);
  gsl_vector_free (A2);
  nnp_params_free (before);
  nnp_params_free (g);
  nnp_model_free (m);
}

/* Standardised training shown in raw units: the folded network is the
 * same function of x as the trained one of z = (x - mean) / sd. */
static void
test_standardize_fold (void)
{
  g_autoptr (NnpDataset) raw = nnp_dataset_generate (NNP_GEN_BLOBS, 300, 0.3, 5);
  g_autoptr (NnpDataset) z = NULL;
  double mean[2], sd[2], zm[2], zs[2];
  NnpModel *m = nnp_model_alloc (2, 5, NNP_ACT_TANH);
  NnpModel *folded = nnp_model_alloc (2, 5, NNP_ACT_TANH);

  /* Far from unit scale, as a file in metres or grams can be. */
  for (size_t i = 0; i < raw->n; i++)
    {
      raw->X[2 * i] = 1200.0 + 385.0 * raw->X[2 * i];
      raw->X[2 * i + 1] = 0.002385 * raw->X[2 * i + 1] - 0.5;
    }
  nnp_dataset_feature_stats (raw, mean, sd);
  z = nnp_dataset_dup (raw);
  nnp_dataset_standardize (z, mean, sd);
  nnp_dataset_feature_stats (z, zm, zs);
  for (int k = 0; k < 2; k++)
    {
      g_assert_cmpfloat (fabs (zm[k]), <, 1e-12);
      g_assert_cmpfloat (fabs (zs[k] - 1.0), <, 1e-12);
    }
  nnp_model_init_random (m, 11);
  *m->theta->b2 = 0.3;
  gsl_vector_set (&m->theta->b1.vector, 2, -0.7);
  nnp_model_unstandardize (folded, m, mean, sd);
  for (size_t i = 0; i < raw->n; i++)
    {
      double a = nnp_model_predict (m, z->X + 2 * i), b = nnp_model_predict (folded, raw->X + 2 * i);
      g_assert_cmpfloat (fabs (a - b), <=, 1e-12 * MAX (1.0, fabs (a)));
    }
  /* A constant column keeps sd 1 (no division by zero). */
  for (size_t i = 0; i < raw->n; i++)
    raw->X[2 * i + 1] = 4.0;
  nnp_dataset_feature_stats (raw, mean, sd);
  g_assert_cmpfloat (sd[1], ==, 1.0);
  g_assert_cmpfloat (mean[1], ==, 4.0);
  nnp_model_free (m);
  nnp_model_free (folded);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#ifdef NNP_TEST_ISA_VARIANT
  /* tests/engine/meson.build runs this file once per kernel variant
   * (NNP_KERNEL_ISA); a variant this CPU cannot run is a skip, not a pass */
  const char *want = g_getenv ("NNP_KERNEL_ISA");
  if (want == NULL || g_strcmp0 (want, nnp_kernel_isa ()) != 0)
    {
      g_print ("# kernel variant %s: this CPU does not run it\n", want != NULL ? want : "(none)");
      return 77;
    }
#endif
  g_test_add_func ("/engine/gradcheck/all-activations", test_gradcheck);
  g_test_add_func ("/engine/gradcheck/detects", test_gradcheck_detects);
  g_test_add_func ("/engine/fused/matches-naive", test_fused_matches_naive);
  g_test_add_func ("/engine/fused/saturated", test_fused_saturated);
  g_test_add_func ("/engine/fused/clamp-bound", test_fused_clamp_bound);
  g_test_add_func ("/engine/fused/cost-extremes", test_fused_cost_extremes);
  g_test_add_func ("/engine/standardize/fold", test_standardize_fold);
  g_test_add_func ("/engine/vmath/accuracy", test_vmath);
  g_test_add_func ("/engine/cost/saturated", test_cost_saturated);
  g_test_add_func ("/engine/train/one-step-lowers-cost", test_one_step_lowers_cost);
  g_test_add_func ("/engine/train/xor", test_xor_learnt);
  g_test_add_func ("/engine/train/minibatch-deterministic", test_minibatch_deterministic);
  g_test_add_func ("/engine/train/test-split", test_test_split_history);
  g_test_add_func ("/engine/train/threads-identical", test_threads_identical);
  g_test_add_func ("/engine/train/divergence", test_divergence);
  g_test_add_func ("/engine/train/bad-args", test_trainer_bad_args);
  g_test_add_func ("/engine/model/init", test_init);
  g_test_add_func ("/engine/model/resize", test_resize);
  g_test_add_func ("/engine/model/grid", test_grid);
  g_test_add_func ("/engine/model/activation-names", test_activation_names);
  g_test_add_func ("/engine/history", test_history);
  g_test_add_func ("/engine/io/read-file", test_read_file);
  return g_test_run ();
}
