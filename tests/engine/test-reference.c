/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-reference.c: the engine against values computed by the lecture's numpy code (reference.py). */
#define G_LOG_DOMAIN "nnplay-test"
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>
#include <nnplay/nnp-train.h>
#include <nnplay/nnp-lecture.h>

static GHashTable *refs;   /* name -> GArray of double, with rows/cols in the first two slots */

static void
load_reference (const char *path)
{
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  if (!g_file_get_contents (path, &text, NULL, &error))
    g_error ("%s", error->message);
  refs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_array_unref);
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  for (char **l = lines; *l; l++)
    {
      if (**l == '\0')
        continue;
      g_auto(GStrv) f = g_strsplit (*l, " ", -1);
      guint nf = g_strv_length (f);
      g_assert_cmpuint (nf, >=, 3);
      GArray *a = g_array_new (FALSE, FALSE, sizeof (double));
      for (guint i = 1; i < nf; i++)
        {
          double v = g_ascii_strtod (f[i], NULL);
          g_array_append_val (a, v);
        }
      g_assert_cmpuint (a->len, ==, 2 + (guint) (g_array_index (a, double, 0) * g_array_index (a, double, 1)));
      g_hash_table_insert (refs, g_strdup (f[0]), a);
    }
}

static const double *
ref (const char *name, size_t rows, size_t cols)
{
  GArray *a = g_hash_table_lookup (refs, name);
  if (a == NULL)
    g_error ("reference %s missing", name);
  g_assert_cmpfloat (g_array_index (a, double, 0), ==, (double) rows);
  g_assert_cmpfloat (g_array_index (a, double, 1), ==, (double) cols);
  return &g_array_index (a, double, 2);
}

/* |got - want| <= tol * max(1, |want|) for each of len values */
static void
assert_close (const char *what, const double *got, const double *want, size_t len, double tol)
{
  for (size_t i = 0; i < len; i++)
    {
      double err = fabs (got[i] - want[i]) / MAX (1.0, fabs (want[i]));
      if (!(err <= tol))
        g_error ("%s[%zu]: got %.17g, want %.17g (error %.3g > %.3g)", what, i, got[i], want[i], err, tol);
    }
}

static void
assert_rel (const char *what, const double *got, const double *want, size_t len, double tol)
{
  for (size_t i = 0; i < len; i++)
    {
      double err = fabs (got[i] - want[i]) / MAX (1e-300, fabs (want[i]));
      if (!(err <= tol))
        g_error ("%s[%zu]: got %.17g, want %.17g (relative error %.3g > %.3g)", what, i, got[i], want[i], err, tol);
    }
}

static NnpModel *
model_from_ref (const char *prefix, size_t d, size_t h, NnpActivation act)
{
  NnpModel *m = nnp_model_alloc (d, h, act);
  char name[64];
  g_snprintf (name, sizeof name, "%s.W1", prefix);
  memcpy (m->theta->W1.matrix.data, ref (name, h, d), h * d * sizeof (double));
  g_snprintf (name, sizeof name, "%s.b1", prefix);
  memcpy (m->theta->b1.vector.data, ref (name, h, 1), h * sizeof (double));
  g_snprintf (name, sizeof name, "%s.W2", prefix);
  memcpy (m->theta->W2.matrix.data, ref (name, 1, h), h * sizeof (double));
  g_snprintf (name, sizeof name, "%s.b2", prefix);
  *m->theta->b2 = ref (name, 1, 1)[0];
  return m;
}

static NnpDataset *
data_from_ref (const char *prefix, size_t n, size_t d)
{
  NnpDataset *ds = nnp_dataset_alloc (n, d);
  char name[64];
  g_snprintf (name, sizeof name, "%s.X", prefix);
  memcpy (ds->X, ref (name, n, d), n * d * sizeof (double));
  g_snprintf (name, sizeof name, "%s.Y", prefix);
  memcpy (ds->y, ref (name, n, 1), n * sizeof (double));
  return ds;
}

static void
check_grads (const char *act_name, const NnpParams *g, double tol)
{
  char name[64];
  size_t d = g->d, h = g->h;
  g_snprintf (name, sizeof name, "lecture.%s.dW1", act_name);
  assert_close (name, g->W1.matrix.data, ref (name, h, d), h * d, tol);
  g_snprintf (name, sizeof name, "lecture.%s.db1", act_name);
  assert_close (name, g->b1.vector.data, ref (name, h, 1), h, tol);
  g_snprintf (name, sizeof name, "lecture.%s.dW2", act_name);
  assert_close (name, g->W2.matrix.data, ref (name, 1, h), h, tol);
  g_snprintf (name, sizeof name, "lecture.%s.db2", act_name);
  assert_close (name, g->b2, ref (name, 1, 1), 1, tol);
}

/* d[0] = 3, d[1] = 4, d[2] = 1, n = 5: the slide's example, both code paths, to 1e-12. */
static void
test_lecture_shapes (void)
{
  const size_t n = 5, d = 3, h = 4;
  for (int a = 0; a < NNP_N_ACTIVATIONS; a++)
    {
      const char *act_name = nnp_activation_name ((NnpActivation) a);
      char name[64];
      g_autoptr(NnpDataset) ds = data_from_ref ("lecture", n, d);
      NnpModel *m = model_from_ref ("lecture", d, h, (NnpActivation) a);
      gsl_matrix *Z1 = gsl_matrix_alloc (n, h), *A1 = gsl_matrix_alloc (n, h);
      gsl_vector *Z2 = gsl_vector_alloc (n), *A2 = gsl_vector_alloc (n);
      gsl_matrix_view X = nnp_dataset_X_view (ds);
      gsl_vector_view Y = nnp_dataset_y_view (ds);

      nnp_forward_naive (Z1, A1, Z2, A2, &X.matrix, m);
      g_snprintf (name, sizeof name, "lecture.%s.Z1", act_name);
      assert_close (name, Z1->data, ref (name, n, h), n * h, 1e-12);
      g_snprintf (name, sizeof name, "lecture.%s.A1", act_name);
      assert_close (name, A1->data, ref (name, n, h), n * h, 1e-12);
      g_snprintf (name, sizeof name, "lecture.%s.Z2", act_name);
      assert_close (name, Z2->data, ref (name, n, 1), n, 1e-12);
      g_snprintf (name, sizeof name, "lecture.%s.A2", act_name);
      assert_close (name, A2->data, ref (name, n, 1), n, 1e-12);
      double J = nnp_cost_naive (Z2, &Y.vector);
      g_snprintf (name, sizeof name, "lecture.%s.J", act_name);
      assert_close (name, &J, ref (name, 1, 1), 1, 1e-12);

      NnpParams *g = nnp_params_alloc (d, h);
      nnp_backward_naive (g, &X.matrix, &Y.vector, Z1, A1, A2, m);
      check_grads (act_name, g, 1e-12);

      /* the fused kernel gives the same numbers */
      NnpWorkspace *ws = nnp_workspace_alloc (h);
      NnpEval e;
      memset (g->block, 0xff, g->size * sizeof (double));   /* NaN: must be overwritten */
      nnp_forward_backward (g, &e, ds->X, ds->y, NULL, n, m, ws);
      g_snprintf (name, sizeof name, "lecture.%s.J", act_name);
      assert_close (name, &e.cost, ref (name, 1, 1), 1, 1e-12);
      check_grads (act_name, g, 1e-12);

      nnp_workspace_free (ws);
      nnp_params_free (g);
      gsl_matrix_free (Z1);
      gsl_matrix_free (A1);
      gsl_vector_free (Z2);
      gsl_vector_free (A2);
      nnp_model_free (m);
    }
}

/* 500 epochs of batch GD from a fixed model on a fixed data set, to 1e-9 relative. */
static void
test_trajectory (void)
{
  const size_t n = 60, d = 2, h = 5, epochs = 500;
  const char *acts[] = { "sigmoid", "tanh" };
  for (int a = 0; a < 4; a++)
    {
      /* the second time round with two threads */
      NnpActivation act;
      char name[64];
      g_assert_cmpint (nnp_activation_from_name (acts[a % 2], &act), ==, 0);
      g_autoptr(NnpDataset) ds = data_from_ref ("traj", n, d);
      NnpModel *m = model_from_ref ("traj", d, h, act);
      NnpTrainOptions opt = { .lr = ref ("traj.alpha", 1, 1)[0], .batch = 0, .seed = 1,
                              .threads = a < 2 ? 1 : 2 };
      NnpTrainer *t = nnp_trainer_new (m, ds, NULL, NULL, &opt);
      g_assert_nonnull (t);
      for (size_t e = 0; e < epochs; e++)
        g_assert_cmpint (nnp_trainer_epoch (t), ==, NNP_OK);
      const NnpHistory *hist = nnp_trainer_history (t);
      g_assert_cmpuint (hist->len, ==, epochs + 1);

      g_snprintf (name, sizeof name, "traj.%s.J", acts[a % 2]);
      assert_rel (name, hist->train_cost, ref (name, 1, epochs + 1), epochs + 1, 1e-9);
      g_snprintf (name, sizeof name, "traj.%s.W1", acts[a % 2]);
      assert_rel (name, m->theta->W1.matrix.data, ref (name, h, d), h * d, 1e-9);
      g_snprintf (name, sizeof name, "traj.%s.b1", acts[a % 2]);
      assert_rel (name, m->theta->b1.vector.data, ref (name, h, 1), h, 1e-9);
      g_snprintf (name, sizeof name, "traj.%s.W2", acts[a % 2]);
      assert_rel (name, m->theta->W2.matrix.data, ref (name, 1, h), h, 1e-9);
      g_snprintf (name, sizeof name, "traj.%s.b2", acts[a % 2]);
      assert_rel (name, m->theta->b2, ref (name, 1, 1), 1, 1e-9);

      /* the trajectory really moved: the final cost is well below the first */
      g_assert_cmpfloat (hist->train_cost[epochs], <, 0.9 * hist->train_cost[0]);
      nnp_trainer_free (t);
      nnp_model_free (m);
    }
}

/* The Lecture view's numbers (NnpLecture) for chosen rows, in any order,
 * against the numpy reference's full matrices, to 1e-12: each shown row is
 * that row of the slides' Z1, A1, ..., dZ1; J, the gradients and
 * theta - alpha grad J are over all n. */
static void
test_lecture_rows (void)
{
  const size_t n = 5, d = 3, h = 4;
  const size_t rows[] = { 3, 0, 4 };
  const double alpha = 0.75;
  for (int a = 0; a < NNP_N_ACTIVATIONS; a++)
    {
      const char *act_name = nnp_activation_name ((NnpActivation) a);
      char name[64];
      g_autoptr(NnpDataset) ds = data_from_ref ("lecture", n, d);
      NnpModel *m = model_from_ref ("lecture", d, h, (NnpActivation) a);
      NnpLecture *lec = nnp_lecture_new (m, ds, rows, G_N_ELEMENTS (rows), alpha);
      g_assert_nonnull (lec);
      g_assert_cmpuint (lec->r, ==, 3);
      g_assert_cmpuint (lec->n, ==, n);
      for (size_t k = 0; k < lec->r; k++)
        {
          size_t i = rows[k];
          struct { const char *m; const double *got; size_t cols; } mats[] = {
            { "X", lec->X + k * d, d }, { "Y", lec->Y + k, 1 },
            { "Z1", lec->Z1 + k * h, h }, { "A1", lec->A1 + k * h, h },
            { "Z2", lec->Z2 + k, 1 }, { "A2", lec->A2 + k, 1 },
            { "dZ2", lec->dZ2 + k, 1 }, { "dZ1", lec->dZ1 + k * h, h },
          };
          for (size_t q = 0; q < G_N_ELEMENTS (mats); q++)
            {
              gboolean data = mats[q].m[0] == 'X' || mats[q].m[0] == 'Y';
              if (data)
                g_snprintf (name, sizeof name, "lecture.%s", mats[q].m);
              else
                g_snprintf (name, sizeof name, "lecture.%s.%s", act_name, mats[q].m);
              const double *want = ref (name, n, mats[q].cols) + i * mats[q].cols;
              assert_close (name, mats[q].got, want, mats[q].cols, 1e-12);
            }
        }
      g_snprintf (name, sizeof name, "lecture.%s.J", act_name);
      assert_close (name, &lec->J, ref (name, 1, 1), 1, 1e-12);
      check_grads (act_name, lec->grads, 1e-12);
      g_snprintf (name, sizeof name, "lecture.%s.W1_next", act_name);
      assert_close (name, lec->next->W1.matrix.data, ref (name, h, d), h * d, 1e-12);
      g_snprintf (name, sizeof name, "lecture.%s.b1_next", act_name);
      assert_close (name, lec->next->b1.vector.data, ref (name, h, 1), h, 1e-12);
      g_snprintf (name, sizeof name, "lecture.%s.W2_next", act_name);
      assert_close (name, lec->next->W2.matrix.data, ref (name, 1, h), h, 1e-12);
      g_snprintf (name, sizeof name, "lecture.%s.b2_next", act_name);
      assert_close (name, lec->next->b2, ref (name, 1, 1), 1, 1e-12);
      g_assert_cmpint (nnp_lecture_find_row (lec, 4), ==, 2);
      g_assert_cmpint (nnp_lecture_find_row (lec, 1), ==, -1);
      nnp_lecture_free (lec);

      /* no rows given: the first min(n, 8) */
      lec = nnp_lecture_new (m, ds, NULL, 0, alpha);
      g_assert_nonnull (lec);
      g_assert_cmpuint (lec->r, ==, n);
      g_assert_cmpuint (lec->rows[4], ==, 4);
      g_snprintf (name, sizeof name, "lecture.%s.Z1", act_name);
      assert_close (name, lec->Z1, ref (name, n, h), n * h, 1e-12);
      nnp_lecture_free (lec);

      /* refused: a row past n, alpha not > 0, d mismatch */
      const size_t past[] = { 1, 5 };
      g_assert_null (nnp_lecture_new (m, ds, past, 2, alpha));
      g_assert_null (nnp_lecture_new (m, ds, rows, 3, 0.0));
      g_assert_null (nnp_lecture_new (m, ds, rows, 3, NAN));
      g_autoptr(NnpDataset) flat = nnp_dataset_alloc (n, 2);
      g_assert_null (nnp_lecture_new (m, flat, rows, 3, alpha));
      nnp_model_free (m);
    }
}

/* "1,7,240" counts from 1; anything else names the bad item. */
static void
test_lecture_parse_rows (void)
{
  size_t rows[NNP_LECTURE_MAX_ROWS], bad;
  g_assert_cmpuint (nnp_lecture_parse_rows ("1, 7,240", 240, rows, &bad), ==, 3);
  g_assert_cmpuint (rows[0], ==, 0);
  g_assert_cmpuint (rows[1], ==, 6);
  g_assert_cmpuint (rows[2], ==, 239);
  const struct { const char *text; size_t bad; } refused[] = {
    { "0", 1 }, { "1,241", 2 }, { "1,x", 2 }, { "3,3", 2 }, { "", 1 }, { "1,,2", 2 },
    { "-1", 1 }, { "+2", 1 }, { "2.0", 1 }, { "99999999999999999999999", 1 },
  };
  for (size_t q = 0; q < G_N_ELEMENTS (refused); q++)
    {
      g_assert_cmpuint (nnp_lecture_parse_rows (refused[q].text, 240, rows, &bad), ==, 0);
      g_assert_cmpuint (bad, ==, refused[q].bad);
    }
  GString *many = g_string_new ("1");
  for (int i = 2; i <= NNP_LECTURE_MAX_ROWS + 1; i++)
    g_string_append_printf (many, ",%d", i);
  g_assert_cmpuint (nnp_lecture_parse_rows (many->str, 1000, rows, &bad), ==, 0);
  g_assert_cmpuint (bad, ==, NNP_LECTURE_MAX_ROWS + 1);
  g_string_free (many, TRUE);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  if (argc < 2)
    g_error ("usage: %s REFERENCE.txt", argv[0]);
  load_reference (argv[1]);
  g_test_add_func ("/engine/reference/lecture-shapes", test_lecture_shapes);
  g_test_add_func ("/engine/reference/trajectory-500", test_trajectory);
  g_test_add_func ("/engine/reference/lecture-rows", test_lecture_rows);
  g_test_add_func ("/engine/reference/lecture-parse-rows", test_lecture_parse_rows);
  int rc = g_test_run ();
  g_hash_table_unref (refs);
  return rc;
}
