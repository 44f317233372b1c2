/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-dataset.c: NnpDataset editing, test splits, subsets and the six generators. */
#define G_LOG_DOMAIN "nnplay-test"

#include "config.h"

#include <math.h>
#include <string.h>
#include <nnplay/nnp-dataset.h>
#include <nnplay/nnp-seed.h>
#include <nnplay/nnp-train.h>

/* ---- storage ------------------------------------------------------------ */

static void
test_alloc (void)
{
  g_autoptr (NnpDataset) ds = nnp_dataset_alloc (3, 2);

  g_assert_nonnull (ds);
  g_assert_cmpuint (ds->n, ==, 3);
  g_assert_cmpuint (ds->d, ==, 2);
  g_assert_cmpuint (ds->cap, >=, 3);
  for (size_t i = 0; i < 6; i++)
    g_assert_cmpfloat (ds->X[i], ==, 0.0);
  for (size_t i = 0; i < 3; i++)
    g_assert_cmpfloat (ds->y[i], ==, 0.0);
  nnp_dataset_free (NULL);

  {
    g_autoptr (NnpDataset) empty = nnp_dataset_alloc (0, 5);
    g_assert_nonnull (empty);
    g_assert_cmpuint (empty->n, ==, 0);
    g_assert_cmpuint (empty->d, ==, 5);
  }
}

/* Large buffers are aligned for huge pages and advised to take them:
 * /proc/self/smaps lists the advice among the mapping's VmFlags ("hg",
 * MADV_HUGEPAGE), whatever the kernel's mode and whether this process may
 * have huge pages at all (PR_SET_THP_DISABLE). Zeroed, and grown by
 * appending like any other. Returns 1 or 0, or -1 when smaps cannot say. */
static int
smaps_advised_huge (const void *addr)
{
  g_autofree char *smaps = NULL;
  if (!g_file_get_contents ("/proc/self/smaps", &smaps, NULL, NULL))
    return -1;
  const guintptr a = (guintptr) addr;
  int inside = 0;
  for (char *line = smaps, *next; line != NULL && *line != '\0'; line = next)
    {
      next = strchr (line, '\n');
      if (next != NULL)
        *next++ = '\0';
      unsigned long lo, hi;
      if (sscanf (line, "%lx-%lx ", &lo, &hi) == 2)   /* a mapping's first line */
        {
          if (inside)
            return -1;   /* the mapping ended without the field */
          inside = lo <= a && a < hi;
          continue;
        }
      if (inside && g_str_has_prefix (line, "VmFlags:"))
        {
          g_auto (GStrv) flags = g_strsplit (line + strlen ("VmFlags:"), " ", -1);
          return g_strv_contains ((const char *const *) flags, "hg");
        }
    }
  return -1;
}

static void
test_huge_pages (void)
{
  const size_t n = (size_t) 1 << 20;   /* X 16 MiB, y 8 MiB */
  g_autoptr (NnpDataset) ds = nnp_dataset_alloc (n, 2);
  g_assert_nonnull (ds);
  g_assert_cmpuint ((guintptr) ds->X % (2u << 20), ==, 0);
  g_assert_cmpuint ((guintptr) ds->y % (2u << 20), ==, 0);
  for (size_t i = 0; i < 2 * n; i += 4099)
    g_assert_cmpfloat (ds->X[i], ==, 0.0);
  g_assert_cmpfloat (ds->X[2 * n - 1], ==, 0.0);
  g_assert_cmpfloat (ds->y[n - 1], ==, 0.0);

  const int x = smaps_advised_huge (ds->X), y = smaps_advised_huge (ds->y);
  if (x >= 0 && y >= 0)
    {
      g_assert_cmpint (x, ==, 1);
      g_assert_cmpint (y, ==, 1);
    }
  else
    g_test_message ("no VmFlags in /proc/self/smaps: alignment checked only");

  const double row[2] = { 1.5, -2.5 };
  g_assert_true (nnp_dataset_append (ds, row, 1.0));
  g_assert_cmpuint (ds->n, ==, n + 1);
  g_assert_cmpfloat (ds->X[2 * n + 1], ==, -2.5);
  g_assert_cmpfloat (ds->y[n], ==, 1.0);
  g_assert_cmpfloat (ds->X[2 * n - 1], ==, 0.0);
}

static void
test_append_remove (void)
{
  g_autoptr (NnpDataset) ds = nnp_dataset_alloc (0, 3);

  /* 40 rows: enough to make the storage grow several times */
  for (size_t i = 0; i < 40; i++)
    {
      double x[3] = { 2.385 * i, -0.125 * i, 1.0 / (i + 1) };
      g_assert_true (nnp_dataset_append (ds, x, (double) (i % 2)));
    }
  g_assert_cmpuint (ds->n, ==, 40);
  g_assert_cmpuint (ds->cap, >=, 40);
  for (size_t i = 0; i < 40; i++)
    {
      g_assert_cmpfloat (ds->X[3 * i], ==, 2.385 * i);
      g_assert_cmpfloat (ds->X[3 * i + 1], ==, -0.125 * i);
      g_assert_cmpfloat (ds->X[3 * i + 2], ==, 1.0 / (i + 1));
      g_assert_cmpfloat (ds->y[i], ==, (double) (i % 2));
    }

  /* remove row 5, then the last one, then the first: order is kept */
  nnp_dataset_remove (ds, 5);
  nnp_dataset_remove (ds, ds->n - 1);
  nnp_dataset_remove (ds, 0);
  g_assert_cmpuint (ds->n, ==, 37);
  for (size_t r = 0; r < ds->n; r++)
    {
      size_t i = r + 1 < 5 ? r + 1 : r + 2;   /* original index of row r */
      g_assert_cmpfloat (ds->X[3 * r], ==, 2.385 * i);
      g_assert_cmpfloat (ds->X[3 * r + 2], ==, 1.0 / (i + 1));
      g_assert_cmpfloat (ds->y[r], ==, (double) (i % 2));
    }

  /* a label -0.0 is stored as 0 */
  {
    double x[3] = { 1, 2, 3 };
    g_assert_true (nnp_dataset_append (ds, x, -0.0));
    g_assert_false (signbit (ds->y[ds->n - 1]));
  }
}

static void
test_dup (void)
{
  g_autoptr (NnpDataset) ds = nnp_dataset_alloc (0, 2);
  g_autoptr (NnpDataset) copy = NULL;
  double a[2] = { 0.1, -2.385 }, b[2] = { 7.5, 1e-300 };

  nnp_dataset_append (ds, a, 1.0);
  nnp_dataset_append (ds, b, 0.0);
  copy = nnp_dataset_dup (ds);
  g_assert_cmpuint (copy->n, ==, 2);
  g_assert_cmpuint (copy->d, ==, 2);
  g_assert_true (copy->X != ds->X);
  g_assert_cmpmem (copy->X, 4 * sizeof (double), ds->X, 4 * sizeof (double));
  g_assert_cmpmem (copy->y, 2 * sizeof (double), ds->y, 2 * sizeof (double));

  /* independent storage: appending to the copy leaves the original */
  nnp_dataset_append (copy, a, 0.0);
  copy->X[0] = 99.0;
  g_assert_cmpuint (ds->n, ==, 2);
  g_assert_cmpfloat (ds->X[0], ==, 0.1);

  {
    g_autoptr (NnpDataset) empty = nnp_dataset_alloc (0, 4);
    g_autoptr (NnpDataset) ecopy = nnp_dataset_dup (empty);
    g_assert_cmpuint (ecopy->n, ==, 0);
    g_assert_cmpuint (ecopy->d, ==, 4);
  }
}

static void
test_range (void)
{
  g_autoptr (NnpDataset) ds = nnp_dataset_alloc (0, 2);
  double rows[4][2] = { { 2.385, -1.5 }, { -0.75, 3.25 }, { 1.0, -7.125 }, { 0.5, 0.0 } };
  double lo = 42, hi = 42;

  nnp_dataset_range (ds, 0, &lo, &hi);
  g_assert_cmpfloat (lo, ==, 0.0);
  g_assert_cmpfloat (hi, ==, 0.0);

  for (int i = 0; i < 4; i++)
    nnp_dataset_append (ds, rows[i], 0.0);
  nnp_dataset_range (ds, 0, &lo, &hi);
  g_assert_cmpfloat (lo, ==, -0.75);
  g_assert_cmpfloat (hi, ==, 2.385);
  nnp_dataset_range (ds, 1, &lo, &hi);
  g_assert_cmpfloat (lo, ==, -7.125);
  g_assert_cmpfloat (hi, ==, 3.25);
}

static void
test_views (void)
{
  g_autoptr (NnpDataset) ds = nnp_dataset_alloc (0, 3);
  gsl_matrix_view X;
  gsl_vector_view y;

  for (int i = 0; i < 5; i++)
    {
      double x[3] = { i + 0.25, -i * 1.5, i * i };
      nnp_dataset_append (ds, x, i == 2 ? 1.0 : 0.0);
    }
  X = nnp_dataset_X_view (ds);
  y = nnp_dataset_y_view (ds);
  g_assert_cmpuint (X.matrix.size1, ==, 5);
  g_assert_cmpuint (X.matrix.size2, ==, 3);
  g_assert_cmpuint (y.vector.size, ==, 5);
  g_assert_cmpfloat (gsl_matrix_get (&X.matrix, 3, 0), ==, 3.25);
  g_assert_cmpfloat (gsl_matrix_get (&X.matrix, 3, 1), ==, -4.5);
  g_assert_cmpfloat (gsl_matrix_get (&X.matrix, 4, 2), ==, 16.0);
  g_assert_cmpfloat (gsl_vector_get (&y.vector, 2), ==, 1.0);
  g_assert_cmpfloat (gsl_vector_get (&y.vector, 3), ==, 0.0);
  /* views alias the data */
  gsl_matrix_set (&X.matrix, 1, 1, 2.385);
  g_assert_cmpfloat (ds->X[4], ==, 2.385);
}

/* ---- splits ------------------------------------------------------------- */

static size_t
count_marked (const guint8 *m, size_t n)
{
  size_t c = 0;

  for (size_t i = 0; i < n; i++)
    {
      g_assert_true (m[i] == 0 || m[i] == 1);
      c += m[i];
    }
  return c;
}

static void
test_split_mask (void)
{
  guint8 a[1001], b[1001];
  /* (n, fraction) -> round (fraction n) */
  struct { size_t n; double f; size_t k; } cases[] = {
    { 1000, 0.25, 250 }, { 7, 0.5, 4 }, { 10, 0.0, 0 }, { 3, 0.1, 0 },
    { 3, 0.2, 1 }, { 1000, 0.999, 999 }, { 1, 0.5, 1 },
  };

  for (size_t c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      memset (a, 7, sizeof a);
      nnp_split_mask (a, cases[c].n, cases[c].f, 11);
      g_assert_cmpuint (count_marked (a, cases[c].n), ==, cases[c].k);
      g_assert_cmpuint (a[cases[c].n], ==, 7);   /* nothing written past n */
    }

  /* same seed, same mask; another seed, another mask */
  nnp_split_mask (a, 1000, 0.3, 5);
  nnp_split_mask (b, 1000, 0.3, 5);
  g_assert_cmpmem (a, 1000, b, 1000);
  nnp_split_mask (b, 1000, 0.3, 6);
  g_assert_true (memcmp (a, b, 1000) != 0);
  /* seeds differing only in the high 32 bits differ too */
  nnp_split_mask (b, 1000, 0.3, 5 + (G_GUINT64_CONSTANT (1) << 40));
  g_assert_true (memcmp (a, b, 1000) != 0);

  /* unbiased: over many seeds each of 10 rows is test with probability 0.3
   * (binomial sd of the mean over 4000 seeds: 0.007; allow 5 sd) */
  {
    size_t hits[10] = { 0 };
    for (uint64_t seed = 0; seed < 4000; seed++)
      {
        nnp_split_mask (a, 10, 0.3, seed);
        for (int i = 0; i < 10; i++)
          hits[i] += a[i];
      }
    for (int i = 0; i < 10; i++)
      g_assert_cmpfloat_with_epsilon (hits[i] / 4000.0, 0.3, 0.036);
  }
}

static void
test_subset (void)
{
  g_autoptr (NnpDataset) ds = nnp_dataset_alloc (0, 2);
  g_autoptr (NnpDataset) train = NULL;
  g_autoptr (NnpDataset) test = NULL;
  g_autoptr (NnpDataset) all = NULL;
  guint8 mask[50];
  size_t ti = 0, si = 0;

  for (int i = 0; i < 50; i++)
    {
      double x[2] = { i * 0.1, -i * 2.385 };
      nnp_dataset_append (ds, x, (i % 3) == 0 ? 1.0 : 0.0);
    }
  nnp_split_mask (mask, 50, 0.2, 3);
  train = nnp_dataset_subset (ds, mask, 0);
  test = nnp_dataset_subset (ds, mask, 1);
  g_assert_cmpuint (test->n, ==, 10);
  g_assert_cmpuint (train->n, ==, 40);
  g_assert_cmpuint (train->d, ==, 2);

  /* each row lands in exactly one part, in the original order */
  for (int i = 0; i < 50; i++)
    {
      NnpDataset *part = mask[i] ? test : train;
      size_t *r = mask[i] ? &si : &ti;
      g_assert_cmpfloat (part->X[2 * *r], ==, i * 0.1);
      g_assert_cmpfloat (part->X[2 * *r + 1], ==, -i * 2.385);
      g_assert_cmpfloat (part->y[*r], ==, (i % 3) == 0 ? 1.0 : 0.0);
      (*r)++;
    }

  all = nnp_dataset_subset (ds, NULL, 0);
  g_assert_cmpuint (all->n, ==, 50);
  g_assert_cmpmem (all->X, 100 * sizeof (double), ds->X, 100 * sizeof (double));

  /* an empty part is a valid, empty data set */
  memset (mask, 0, sizeof mask);
  {
    g_autoptr (NnpDataset) none = nnp_dataset_subset (ds, mask, 1);
    g_assert_cmpuint (none->n, ==, 0);
    g_assert_cmpuint (none->d, ==, 2);
  }
}

/* ---- generators --------------------------------------------------------- */

static void
test_generator_names (void)
{
  const char *names[] = { "moons", "circles", "xor", "blobs", "spiral", "linear" };
  NnpGenerator g;

  for (int i = 0; i < NNP_N_GENERATORS; i++)
    {
      g_assert_cmpstr (nnp_generator_name ((NnpGenerator) i), ==, names[i]);
      g_assert_nonnull (nnp_generator_title ((NnpGenerator) i));
      g_assert_true (nnp_generator_from_name (names[i], &g));
      g_assert_cmpint (g, ==, i);
    }
  g_assert_cmpstr (nnp_generator_title (NNP_GEN_MOONS), ==, "Two moons");
  g_assert_false (nnp_generator_from_name ("moon", &g));
  g_assert_false (nnp_generator_from_name ("", &g));
}

static void
test_generate_sizes (void)
{
  size_t sizes[] = { 0, 1, 2, 7, 200, 201 };

  for (int gen = 0; gen < NNP_N_GENERATORS; gen++)
    for (size_t s = 0; s < G_N_ELEMENTS (sizes); s++)
      {
        size_t n = sizes[s], ones = 0;
        g_autoptr (NnpDataset) ds = nnp_dataset_generate ((NnpGenerator) gen, n, 0.1, 42);

        g_assert_nonnull (ds);
        g_assert_cmpuint (ds->n, ==, n);
        g_assert_cmpuint (ds->d, ==, 2);
        for (size_t i = 0; i < n; i++)
          {
            g_assert_true (ds->y[i] == 0.0 || ds->y[i] == 1.0);
            g_assert_true (isfinite (ds->X[2 * i]) && isfinite (ds->X[2 * i + 1]));
            ones += ds->y[i] == 1.0;
          }
        /* n/2 of class 0, the extra one to class 1 */
        g_assert_cmpuint (ones, ==, n - n / 2);
      }
}

static void
test_generate_determinism (void)
{
  for (int gen = 0; gen < NNP_N_GENERATORS; gen++)
    for (int k = 0; k < 2; k++)
      {
        double noise = k == 0 ? 0.0 : 0.15;
        g_autoptr (NnpDataset) a = nnp_dataset_generate ((NnpGenerator) gen, 300, noise, 7);
        g_autoptr (NnpDataset) b = nnp_dataset_generate ((NnpGenerator) gen, 300, noise, 7);
        g_autoptr (NnpDataset) c = nnp_dataset_generate ((NnpGenerator) gen, 300, noise, 8);
        g_autoptr (NnpDataset) e = nnp_dataset_generate ((NnpGenerator) gen, 300, noise,
                                                         7 + (G_GUINT64_CONSTANT (1) << 33));

        g_assert_cmpmem (a->X, 600 * sizeof (double), b->X, 600 * sizeof (double));
        g_assert_cmpmem (a->y, 300 * sizeof (double), b->y, 300 * sizeof (double));
        g_assert_true (memcmp (a->X, c->X, 600 * sizeof (double)) != 0);
        g_assert_true (memcmp (a->X, e->X, 600 * sizeof (double)) != 0);
      }
}

/* For one seed only the jitter's scale depends on noise, and the jitter
 * has mean 0 and standard deviation noise. */
static void
test_generate_noise (void)
{
  const size_t n = 20000;

  for (int gen = 0; gen < NNP_N_GENERATORS; gen++)
    {
      g_autoptr (NnpDataset) a0 = nnp_dataset_generate ((NnpGenerator) gen, n, 0.0, 3);
      g_autoptr (NnpDataset) a1 = nnp_dataset_generate ((NnpGenerator) gen, n, 0.2, 3);
      double sum = 0, sum2 = 0;

      g_assert_cmpmem (a0->y, n * sizeof (double), a1->y, n * sizeof (double));
      for (size_t i = 0; i < 2 * n; i++)
        {
          double j = a1->X[i] - a0->X[i];
          sum += j;
          sum2 += j * j;
        }
      /* mean: sd 0.2/sqrt(40000) = 0.001; sd estimate: within 2 % */
      g_assert_cmpfloat_with_epsilon (sum / (2 * n), 0.0, 0.005);
      g_assert_cmpfloat_with_epsilon (sqrt (sum2 / (2 * n)), 0.2, 0.004);
    }
}

static double
sq (double v)
{
  return v * v;
}

/* The noise-free shapes, checked from their definitions. */
static void
test_generate_shapes (void)
{
  const size_t n = 2000;
  g_autoptr (NnpDataset) moons = nnp_dataset_generate (NNP_GEN_MOONS, n, 0.0, 9);
  g_autoptr (NnpDataset) circles = nnp_dataset_generate (NNP_GEN_CIRCLES, n, 0.0, 9);
  g_autoptr (NnpDataset) xor = nnp_dataset_generate (NNP_GEN_XOR, n, 0.0, 9);
  g_autoptr (NnpDataset) spiral = nnp_dataset_generate (NNP_GEN_SPIRAL, n, 0.0, 9);

  for (size_t i = 0; i < n; i++)
    {
      const double *x = moons->X + 2 * i;
      if (moons->y[i] == 0.0)   /* upper half of the unit circle */
        {
          g_assert_cmpfloat_with_epsilon (sq (x[0]) + sq (x[1]), 1.0, 1e-12);
          g_assert_cmpfloat (x[1], >=, 0.0);
        }
      else                      /* lower half of the circle at (1, 0.5) */
        {
          g_assert_cmpfloat_with_epsilon (sq (x[0] - 1.0) + sq (x[1] - 0.5), 1.0, 1e-12);
          g_assert_cmpfloat (x[1], <=, 0.5);
        }
      g_assert_true (x[0] >= -1.5 && x[0] <= 2.5 && x[1] >= -1.0 && x[1] <= 1.5);

      x = circles->X + 2 * i;
      g_assert_cmpfloat_with_epsilon (hypot (x[0], x[1]), circles->y[i] == 0.0 ? 1.0 : 0.5, 1e-12);

      x = xor->X + 2 * i;
      g_assert_cmpint (x[0] * x[1] < 0.0, ==, xor->y[i] == 1.0);
      g_assert_true (fabs (x[0]) >= 0.1 && fabs (x[0]) <= 1.0);
      g_assert_true (fabs (x[1]) >= 0.1 && fabs (x[1]) <= 1.0);

      /* radius 0.1 + 1.1 t, angle 3 pi t (+ pi for class 1) */
      x = spiral->X + 2 * i;
      {
        double r = hypot (x[0], x[1]);
        double t = (r - 0.1) / 1.1;
        double ang = 3.0 * G_PI * t + (spiral->y[i] == 1.0 ? G_PI : 0.0);
        g_assert_true (r >= 0.1 - 1e-12 && r <= 1.2 + 1e-12);
        g_assert_cmpfloat_with_epsilon (x[0], r * cos (ang), 1e-9);
        g_assert_cmpfloat_with_epsilon (x[1], r * sin (ang), 1e-9);
      }
    }

  /* both classes cover the whole arc / circle / all four quadrants */
  {
    int quad[2][4] = { { 0 } };
    for (size_t i = 0; i < n; i++)
      {
        const double *x = xor->X + 2 * i;
        quad[(int) xor->y[i]][(x[0] > 0) * 2 + (x[1] > 0)]++;
      }
    g_assert_cmpint (quad[0][0], >, 400);   /* (-,-) */
    g_assert_cmpint (quad[0][3], >, 400);   /* (+,+) */
    g_assert_cmpint (quad[1][1], >, 400);   /* (-,+) */
    g_assert_cmpint (quad[1][2], >, 400);   /* (+,-) */
  }
}

static void
test_generate_blobs (void)
{
  const size_t n = 20000;
  g_autoptr (NnpDataset) ds = nnp_dataset_generate (NNP_GEN_BLOBS, n, 0.0, 4);
  double m[2][2] = { { 0 } }, v[2] = { 0 };
  size_t inside = 0;

  for (size_t i = 0; i < n; i++)
    for (int k = 0; k < 2; k++)
      m[(int) ds->y[i]][k] += ds->X[2 * i + k] / (n / 2);
  for (size_t i = 0; i < n; i++)
    {
      int c = (int) ds->y[i];
      v[c] += (sq (ds->X[2 * i] - m[c][0]) + sq (ds->X[2 * i + 1] - m[c][1])) / (n - 2);
      inside += fabs (ds->X[2 * i]) <= 1.5 && fabs (ds->X[2 * i + 1]) <= 1.5;
    }
  /* centres at +-0.6 (cos theta, sin theta), per-coordinate sd 0.3 */
  g_assert_cmpfloat_with_epsilon (m[0][0], -m[1][0], 0.02);
  g_assert_cmpfloat_with_epsilon (m[0][1], -m[1][1], 0.02);
  g_assert_cmpfloat_with_epsilon (hypot (m[1][0], m[1][1]), 0.6, 0.01);
  g_assert_cmpfloat_with_epsilon (sqrt (v[0]), 0.3, 0.01);
  g_assert_cmpfloat_with_epsilon (sqrt (v[1]), 0.3, 0.01);
  g_assert_cmpuint (inside, >, n * 95 / 100);
}

/* Noise-free "linear" is separable with a margin: the perceptron converges. */
static void
test_generate_linear (void)
{
  for (uint64_t seed = 0; seed < 5; seed++)
    {
      const size_t n = 500;
      g_autoptr (NnpDataset) ds = nnp_dataset_generate (NNP_GEN_LINEAR, n, 0.0, seed);
      double w[3] = { 0, 0, 0 };
      size_t errors = 1;

      for (int epoch = 0; epoch < 1000 && errors > 0; epoch++)
        {
          errors = 0;
          for (size_t i = 0; i < n; i++)
            {
              const double *x = ds->X + 2 * i;
              double t = ds->y[i] == 1.0 ? 1.0 : -1.0;
              g_assert_true (fabs (x[0]) <= 1.0 && fabs (x[1]) <= 1.0);
              if (t * (w[0] * x[0] + w[1] * x[1] + w[2]) <= 0.0)
                {
                  w[0] += t * x[0];
                  w[1] += t * x[1];
                  w[2] += t;
                  errors++;
                }
            }
        }
      g_assert_cmpuint (errors, ==, 0);
    }
}

/* The contract of nnp_seed_fold: seeds below 2^32 unchanged, S and
 * S + 2^32 different; and every draw goes through it: S and S + 2^32 used
 * to give the same weights and shuffles (gsl_rng_set keeps 32 bits) but
 * different points. */
static void
test_seed_fold (void)
{
  const uint64_t seeds[] = { 1, 42, 0x89abcdefu, G_GUINT64_CONSTANT (0xfedcba9876543210) };

  g_assert_cmpuint (nnp_seed_fold (0), ==, 0);
  g_assert_cmpuint (nnp_seed_fold (123456789), ==, 123456789);
  g_assert_cmpuint (nnp_seed_fold (0xffffffffu), ==, 0xffffffffu);
  g_assert_cmpuint (nnp_seed_fold (G_GUINT64_CONSTANT (0x0000000500000003)), ==, 6);

  for (size_t k = 0; k < G_N_ELEMENTS (seeds); k++)
    {
      uint64_t a = seeds[k], b = seeds[k] + (G_GUINT64_CONSTANT (1) << 32);
      NnpModel *ma = nnp_model_alloc (2, 8, NNP_ACT_TANH), *mb = nnp_model_alloc (2, 8, NNP_ACT_TANH);
      NnpDataset *da = nnp_dataset_generate (NNP_GEN_MOONS, 64, 0.1, a);
      NnpDataset *db = nnp_dataset_generate (NNP_GEN_MOONS, 64, 0.1, b);
      guint8 sa[64], sb[64];
      NnpTrainOptions oa = { .lr = 0.5, .batch = 8, .seed = a }, ob = oa;
      NnpTrainer *ta, *tb;

      g_assert_cmpuint (nnp_seed_fold (a), !=, nnp_seed_fold (b));

      nnp_model_init_random (ma, a);
      nnp_model_init_random (mb, b);
      g_assert_true (memcmp (ma->theta->block, mb->theta->block,
                             ma->theta->size * sizeof (double)) != 0);

      g_assert_true (memcmp (da->X, db->X, 64 * 2 * sizeof (double)) != 0);

      nnp_split_mask (sa, 64, 0.5, a);
      nnp_split_mask (sb, 64, 0.5, b);
      g_assert_true (memcmp (sa, sb, sizeof sa) != 0);

      /* the shuffles: same weights, same data, only the trainer's seed differs */
      nnp_model_init_random (mb, a);
      ob.seed = b;
      ta = nnp_trainer_new (ma, da, NULL, NULL, &oa);
      tb = nnp_trainer_new (mb, da, NULL, NULL, &ob);
      g_assert_nonnull (ta);
      g_assert_nonnull (tb);
      g_assert_true (memcmp (ma->theta->block, mb->theta->block,
                             ma->theta->size * sizeof (double)) == 0);
      nnp_trainer_epoch (ta);
      nnp_trainer_epoch (tb);
      g_assert_true (memcmp (ma->theta->block, mb->theta->block,
                             ma->theta->size * sizeof (double)) != 0);

      nnp_trainer_free (ta);
      nnp_trainer_free (tb);
      nnp_dataset_free (da);
      nnp_dataset_free (db);
      nnp_model_free (ma);
      nnp_model_free (mb);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/data/dataset/alloc", test_alloc);
  g_test_add_func ("/data/dataset/append-remove", test_append_remove);
  g_test_add_func ("/data/dataset/dup", test_dup);
  g_test_add_func ("/data/dataset/huge-pages", test_huge_pages);
  g_test_add_func ("/data/dataset/range", test_range);
  g_test_add_func ("/data/dataset/views", test_views);
  g_test_add_func ("/data/split/mask", test_split_mask);
  g_test_add_func ("/data/split/subset", test_subset);
  g_test_add_func ("/data/generate/names", test_generator_names);
  g_test_add_func ("/data/generate/sizes", test_generate_sizes);
  g_test_add_func ("/data/generate/determinism", test_generate_determinism);
  g_test_add_func ("/data/generate/noise", test_generate_noise);
  g_test_add_func ("/data/generate/shapes", test_generate_shapes);
  g_test_add_func ("/data/generate/blobs", test_generate_blobs);
  g_test_add_func ("/data/generate/linear", test_generate_linear);
  g_test_add_func ("/data/seed/fold", test_seed_fold);

  return g_test_run ();
}
