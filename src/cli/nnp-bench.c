/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nnp-bench.c: `nnplay-cli bench`: epochs per second, grid time, peak memory, and the lecture's numpy code for comparison. */
#define G_LOG_DOMAIN "nnplay-cli"
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <glib.h>
#include <glib/gi18n.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include <nnplay/nnp-train.h>
#include "nnp-bench.h"

/* XOR-quadrant points: not separable, so the cost keeps moving. */
static NnpDataset *
bench_data (size_t n)
{
  NnpDataset *ds = nnp_dataset_alloc (n, 2);
  if (ds == NULL)
    return NULL;
  gsl_rng *rng = gsl_rng_alloc (gsl_rng_mt19937);
  gsl_rng_set (rng, 1);
  for (size_t i = 0; i < n; i++)
    {
      ds->X[2 * i] = gsl_ran_gaussian (rng, 1.0);
      ds->X[2 * i + 1] = gsl_ran_gaussian (rng, 1.0);
      ds->y[i] = ds->X[2 * i] * ds->X[2 * i + 1] > 0.0;
    }
  gsl_rng_free (rng);
  return ds;
}

/* Full-batch epochs per second at (n, h), sigmoid, d = 2, one thread. */
static double
bench_train (size_t n, size_t h, double seconds, size_t min_epochs)
{
  g_autoptr(NnpDataset) ds = bench_data (n);
  NnpModel *m = nnp_model_alloc (2, h, NNP_ACT_SIGMOID);
  if (ds == NULL || m == NULL)
    {
      nnp_model_free (m);
      return -1.0;
    }
  nnp_model_init_random (m, 1);
  NnpTrainOptions opt = { .lr = 0.5, .batch = 0, .seed = 1 };
  NnpTrainer *t = nnp_trainer_new (m, ds, NULL, NULL, &opt);
  if (t == NULL)
    {
      nnp_model_free (m);
      return -1.0;
    }
  nnp_trainer_epoch (t);   /* warm up: page in, grow the history */
  gint64 start = g_get_monotonic_time ();
  size_t epochs = 0;
  double elapsed;
  do
    {
      for (int k = 0; k < 16; k++, epochs++)
        if (nnp_trainer_epoch (t) != NNP_OK)
          break;
      elapsed = (g_get_monotonic_time () - start) / 1e6;
    }
  while (elapsed < seconds || epochs < min_epochs);
  nnp_trainer_free (t);
  nnp_model_free (m);
  return epochs / elapsed;
}

static int
cmp_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

/* Median time of an nx x ny boundary grid at h hidden units, in ms. */
static double
bench_grid (size_t nx, size_t ny, size_t h, int reps)
{
  NnpModel *m = nnp_model_alloc (2, h, NNP_ACT_SIGMOID);
  double *a2 = malloc (nx * ny * sizeof (double));
  double *times = malloc (reps * sizeof (double));
  double median = -1.0;
  if (m != NULL && a2 != NULL && times != NULL)
    {
      nnp_model_init_random (m, 2);
      NnpGrid grid = { -2.0, 2.0, -2.0, 2.0, nx, ny };
      for (int r = 0; r < reps; r++)
        {
          gint64 t0 = g_get_monotonic_time ();
          nnp_model_eval_grid (a2, NULL, m, &grid);
          times[r] = (g_get_monotonic_time () - t0) / 1e3;
        }
      qsort (times, reps, sizeof (double), cmp_double);
      median = times[reps / 2];
    }
  free (times);
  free (a2);
  nnp_model_free (m);
  return median;
}

static double
peak_rss_mb (void)
{
  struct rusage ru;
  if (getrusage (RUSAGE_SELF, &ru) != 0)
    return -1.0;
  return ru.ru_maxrss / 1024.0;   /* Linux: KiB */
}

/* Runs the lecture's numpy loop; returns epochs/s or -1 when it cannot run. */
static double
bench_numpy (const char *python, const char *script, size_t n, size_t h, double seconds)
{
  char ns[32], hs[32], ss[32];
  g_snprintf (ns, sizeof ns, "%zu", n);
  g_snprintf (hs, sizeof hs, "%zu", h);
  g_ascii_dtostr (ss, sizeof ss, seconds);
  const char *argv[] = { python, script, ns, hs, ss, NULL };
  g_autofree char *out = NULL;
  int status = 0;
  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                     &out, NULL, &status, NULL)
      || !g_spawn_check_wait_status (status, NULL) || out == NULL)
    return -1.0;
  const char *eq = strchr (out, '=');
  return eq ? g_ascii_strtod (eq + 1, NULL) : -1.0;
}

static void
print_row (const char *what, double ours, double numpy)
{
  if (numpy > 0.0)
    printf ("%-28s %12.1f epochs/s   numpy %10.1f epochs/s   x%.1f\n", what, ours, numpy, ours / numpy);
  else
    printf ("%-28s %12.1f epochs/s   numpy (not run)\n", what, ours);
}

int
nnp_cli_bench (int argc, char **argv)
{
  double seconds = 2.0;
  gboolean quick = FALSE, no_numpy = FALSE;
  g_autofree char *python = NULL, *script = NULL;
  GOptionEntry entries[] = {
    { "seconds", 0, 0, G_OPTION_ARG_DOUBLE, &seconds, N_("Time per measurement (default 2)"), N_("S") },
    { "quick", 0, 0, G_OPTION_ARG_NONE, &quick, N_("Small sizes, for a smoke test"), NULL },
    { "no-numpy", 0, 0, G_OPTION_ARG_NONE, &no_numpy, N_("Do not run the numpy baseline"), NULL },
    { "python", 0, 0, G_OPTION_ARG_FILENAME, &python, N_("Python with numpy (default /usr/bin/python3)"), N_("PATH") },
    { "numpy-script", 0, 0, G_OPTION_ARG_FILENAME, &script, N_("The lecture's numpy loop (default: build-aux/lecture_numpy.py)"), N_("PATH") },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new (N_("- measure training speed, grid speed and memory"));
  g_option_context_set_translation_domain (ctx, GETTEXT_PACKAGE);
  g_option_context_set_summary (ctx,
    N_("Full-batch training, d = 2, sigmoid, one thread, at (n = 1,000, h = 8) and\n"
       "(n = 100,000, h = 64), against the lecture's vectorised numpy code; the\n"
       "800x800 boundary grid at h = 8; peak resident memory while training at\n"
       "n = 1,000,000, h = 64."));
  g_option_context_add_main_entries (ctx, entries, NULL);
  g_autoptr(GError) error = NULL;
  if (!g_option_context_parse (ctx, &argc, &argv, &error) || argc > 1 || !(seconds > 0.0))
    {
      fprintf (stderr, _("nnplay-cli bench: %s\nTry 'nnplay-cli bench --help'.\n"),
               error ? error->message : _("unexpected arguments"));
      return 1;
    }
  if (python == NULL)
    python = g_strdup (g_getenv ("NNP_PYTHON") ? g_getenv ("NNP_PYTHON") : "/usr/bin/python3");
  if (script == NULL)
    script = g_build_filename (NNP_SOURCE_ROOT, "build-aux", "lecture_numpy.py", NULL);
  if (!g_file_test (script, G_FILE_TEST_EXISTS))
    no_numpy = TRUE;

  const size_t big_n = quick ? 20000 : 1000000;
  const size_t sizes[2][2] = { { 1000, 8 }, { quick ? 5000 : 100000, 64 } };

  /* memory first, so the process's peak is this run's */
  double rss0 = peak_rss_mb ();
  double big = bench_train (big_n, 64, quick ? 0.05 : seconds / 2, 2);
  double rss = peak_rss_mb ();
  double grid_ms = bench_grid (800, 800, 8, quick ? 3 : 51);

  printf ("nnplay-cli bench (full batch, d = 2, sigmoid, one thread)\n");
  for (int s = 0; s < 2; s++)
    {
      double ours = bench_train (sizes[s][0], sizes[s][1], quick ? 0.05 : seconds, 3);
      double np = no_numpy ? -1.0
                : bench_numpy (python, script, sizes[s][0], sizes[s][1], quick ? 0.05 : seconds);
      char what[64];
      g_snprintf (what, sizeof what, "train n=%zu h=%zu", sizes[s][0], sizes[s][1]);
      print_row (what, ours, np);
    }
  printf ("%-28s %12.2f ms (median)\n", "grid 800x800 h=8", grid_ms);
  printf ("%-28s %12.1f epochs/s   peak RSS %.1f MB (%.1f MB before)\n",
          quick ? "train n=20000 h=64" : "train n=1000000 h=64", big, rss, rss0);
  return (big > 0.0 && grid_ms >= 0.0) ? 0 : 2;
}
