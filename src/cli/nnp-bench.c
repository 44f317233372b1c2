/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nnp-bench.c: `nnplay-cli bench`: epochs per second, grid time, peak memory, and the lecture's numpy code for comparison. */
#define G_LOG_DOMAIN "nnplay-cli"
#include "config.h"

#include <errno.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif
#include <sys/wait.h>
#include <unistd.h>
#include <time.h>
#include <glib.h>
#include <glib/gi18n.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include <nnplay/nnp-train.h>
#include "nnp-plot.h"
#include "nnp-bench.h"
#include "nnp-cli.h"

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

/* Full-batch epochs per second at (n, h), sigmoid, d = 2, on `threads`
 * threads; NULL data: XOR quadrants of n points. */
static double
thread_cpu_seconds (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* cpu_rate, when not NULL, gets epochs per second of this thread's CPU
 * time: what one thread does while it runs, whatever else the machine
 * runs (meaningful for threads = 1). */
static double
bench_train (size_t n, size_t h, double seconds, size_t min_epochs, unsigned threads,
             double *cpu_rate)
{
  g_autoptr(NnpDataset) ds = bench_data (n);
  NnpModel *m = nnp_model_alloc (2, h, NNP_ACT_SIGMOID);
  if (ds == NULL || m == NULL)
    {
      nnp_model_free (m);
      return -1.0;
    }
  nnp_model_init_random (m, 1);
  NnpTrainOptions opt = { .lr = 0.5, .batch = 0, .seed = 1, .threads = threads };
  NnpTrainer *t = nnp_trainer_new (m, ds, NULL, NULL, &opt);
  if (t == NULL)
    {
      nnp_model_free (m);
      return -1.0;
    }
  nnp_trainer_epoch (t);   /* warm up: page in, grow the history */
  double cpu0 = thread_cpu_seconds ();
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
  if (cpu_rate != NULL)
    *cpu_rate = epochs / (thread_cpu_seconds () - cpu0);
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

/* The app's boundary plot on an 800x800 device-pixel plane: the network
 * evaluated into an NnpPlotGrid (a node every 2 px), median ms; the
 * parameters change before each repetition so every one evaluates. */
static double
bench_plot_grid (int px, size_t h, int reps)
{
  NnpModel *m = nnp_model_alloc (2, h, NNP_ACT_SIGMOID);
  NnpPlotGrid *grid = nnp_plot_grid_new (2);
  double *times = malloc (reps * sizeof (double));
  double median = -1.0;
  if (m != NULL && grid != NULL && times != NULL)
    {
      nnp_model_init_random (m, 2);
      for (int r = 0; r < reps; r++)
        {
          *m->theta->b2 = 0.001 * r;
          gint64 t0 = g_get_monotonic_time ();
          nnp_plot_grid_update (grid, m, -2.0, 2.0, -2.0, 2.0, px, px);
          times[r] = (g_get_monotonic_time () - t0) / 1e3;
        }
      qsort (times, reps, sizeof (double), cmp_double);
      median = times[reps / 2];
    }
  free (times);
  nnp_plot_grid_free (grid);
  nnp_model_free (m);
  return median;
}

/* The whole boundary figure drawn into an 800x800 image with the app's
 * grid cache, median ms: after a model change (evaluate, paint, contour,
 * axes, text) and with the model unchanged (the cached image). */
static void
bench_plot_frame (size_t h, int reps, double *changed_ms, double *same_ms)
{
  NnpModel *m = nnp_model_alloc (2, h, NNP_ACT_SIGMOID);
  NnpPlotGrid *grid = nnp_plot_grid_new (2);
  cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 800, 800);
  cairo_t *cr = cairo_create (s);
  double *t_changed = malloc (reps * sizeof (double)), *t_same = malloc (reps * sizeof (double));
  NnpPlotState st;
  NnpPlotStyle style;

  *changed_ms = *same_ms = -1.0;
  nnp_plot_state_init (&st);
  nnp_plot_style_init (&style);
  if (m != NULL && grid != NULL && t_changed != NULL && t_same != NULL)
    {
      nnp_model_init_random (m, 2);
      st.model = m;
      st.grid = grid;
      for (int r = 0; r < reps; r++)
        {
          *m->theta->b2 = 0.001 * r;
          gint64 t0 = g_get_monotonic_time ();
          nnp_plot_boundary (cr, 800, 800, &st, &style);
          cairo_surface_flush (s);
          gint64 t1 = g_get_monotonic_time ();
          nnp_plot_boundary (cr, 800, 800, &st, &style);
          cairo_surface_flush (s);
          gint64 t2 = g_get_monotonic_time ();
          t_changed[r] = (t1 - t0) / 1e3;
          t_same[r] = (t2 - t1) / 1e3;
        }
      qsort (t_changed, reps, sizeof (double), cmp_double);
      qsort (t_same, reps, sizeof (double), cmp_double);
      *changed_ms = t_changed[reps / 2];
      *same_ms = t_same[reps / 2];
    }
  free (t_changed);
  free (t_same);
  cairo_destroy (cr);
  cairo_surface_destroy (s);
  nnp_plot_grid_free (grid);
  nnp_model_free (m);
}

/* Floating-point operations the sigmoid, d = 2 kernel issues per row and
 * hidden unit, and per row, counted in its source (README, "Speed and
 * memory"): each add, multiply, FMA, min/max or division counts one. */
#define OPS_PER_ROW_UNIT 28.0
#define OPS_PER_ROW 38.0

static double
peak_rss_mb (void)
{
  struct rusage ru;
  if (getrusage (RUSAGE_SELF, &ru) != 0)
    return -1.0;
  return ru.ru_maxrss / 1024.0;   /* Linux: KiB */
}

/* Runs the lecture's numpy loop, its vector code kept to `isa` (a kernel
 * variant's name, or "native"); returns epochs/s, -1 when it cannot run,
 * -2 when it did not end in time, and in numpy_isa (NNP_CLI_ISA_NAME
 * bytes) the vector code numpy says it used, "" when it did not say. The
 * helper gets 5 s plus 20 times its measuring time, and 256 bytes of
 * output: `--python /usr/bin/yes` had filled 5 GB in 15 s and never
 * ended. */
/* In the child: a process group of its own, so that the helper and its
 * children can be killed together; and, out of the bench's group, killed
 * when the bench ends (a Ctrl+C or a test runner's timeout had reached
 * the bench's group and left the helper running). */
static void
own_group (gpointer data)
{
  const pid_t parent = GPOINTER_TO_INT (data);

  setpgid (0, 0);
#ifdef __linux__
  prctl (PR_SET_PDEATHSIG, SIGKILL);
  if (getppid () != parent)
    _exit (127);   /* the bench ended before the line above */
#else
  (void) parent;
#endif
}

static double
bench_numpy (const char *python, const char *script, size_t n, size_t h, double seconds,
             const char *isa, char *numpy_isa)
{
  char ns[32], hs[32], ss[32];
  g_snprintf (ns, sizeof ns, "%zu", n);
  g_snprintf (hs, sizeof hs, "%zu", h);
  g_ascii_dtostr (ss, sizeof ss, seconds);
  const char *argv[] = { python, script, ns, hs, ss, isa, NULL };
  numpy_isa[0] = '\0';
  GPid pid;
  int out_fd = -1, status = 0;
  char buf[257];
  size_t len = 0;

  if (!g_spawn_async_with_pipes (NULL, (char **) argv, NULL,
                                 G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDERR_TO_DEV_NULL, own_group,
                                 GINT_TO_POINTER ((int) getpid ()),
                                 &pid, NULL, &out_fd, NULL, NULL))
    return -1.0;
  const gint64 deadline = g_get_monotonic_time () + (gint64) ((5.0 + 20.0 * seconds) * G_USEC_PER_SEC);
  gboolean ended = FALSE;
  while (len < sizeof buf - 1)
    {
      gint64 left = (deadline - g_get_monotonic_time ()) / 1000;
      struct pollfd pfd = { out_fd, POLLIN, 0 };
      if (left <= 0)
        break;
      int r = poll (&pfd, 1, (int) MIN (left, (gint64) G_MAXINT));
      if (r < 0 && errno == EINTR)
        continue;
      if (r <= 0)
        break;
      ssize_t got = read (out_fd, buf + len, sizeof buf - 1 - len);
      if (got < 0 && errno == EINTR)
        continue;
      if (got <= 0)
        {
          ended = got == 0;
          break;
        }
      len += (size_t) got;
    }
  close (out_fd);
  /* the end of its output is not its end: it may close it and go on
   * (`exec >&-; sleep 1000` had kept the bench waiting for ever) */
  gboolean reaped = FALSE;
  while (ended && !reaped)
    {
      pid_t got = waitpid (pid, &status, WNOHANG);
      if (got == pid)
        reaped = TRUE;
      else if (got < 0 && errno != EINTR)
        break;
      else if (g_get_monotonic_time () >= deadline)
        ended = FALSE;
      else
        g_usleep (10000);
    }
  /* whatever it started and left: its group (a child of the helper had
   * been left running); the group's id is not reused while any of it
   * lives */
  kill (-pid, SIGKILL);
  if (!reaped)
    {
      kill (pid, SIGKILL);
      while (waitpid (pid, &status, 0) < 0 && errno == EINTR)
        ;
    }
  g_spawn_close_pid (pid);
  buf[len] = '\0';
  if (!ended)
    return len < sizeof buf - 1 ? -2.0 : -1.0;
  if (!g_spawn_check_wait_status (status, NULL))
    return -1.0;
  const char *said = strstr (buf, "numpy_isa=");
  if (said != NULL)
    {
      said += strlen ("numpy_isa=");
      size_t k = 0;
      while (k < NNP_CLI_ISA_NAME - 1 && (g_ascii_isalnum (said[k]) || said[k] == '-'))
        k++;
      memcpy (numpy_isa, said, k);
      numpy_isa[k] = '\0';
    }
  const char *eq = strchr (buf, '=');
  return eq ? g_ascii_strtod (eq + 1, NULL) : -1.0;
}

static double
median (double *v, size_t n)
{
  qsort (v, n, sizeof *v, cmp_double);
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

/* One training row: ours and numpy's epochs/s, the ratio and the share
 * of the limit, each the median over the rounds (the ratio the median of
 * each round's ratio, ours and numpy's measured one after the other; a
 * round whose numpy did not run is left out of numpy's figures), with the
 * ratios' range when more than one round counted. */
static void
print_row (const char *what, double *ours, double *numpy, double *share, size_t rounds)
{
  double ratio[NNP_CLI_MAX_BENCH_ROUNDS], np[NNP_CLI_MAX_BENCH_ROUNDS];
  size_t nr = 0;
  for (size_t r = 0; r < rounds; r++)
    if (numpy[r] > 0.0 && ours[r] > 0.0)
      {
        np[nr] = numpy[r];
        ratio[nr++] = ours[r] / numpy[r];
      }
  const double o = median (ours, rounds), sh = median (share, rounds);
  char lim[32] = "", spread[64] = "";
  if (sh > 0.0)
    g_snprintf (lim, sizeof lim, "   limit %3.0f%% (CPU time)", 100.0 * sh);
  if (nr == 0)
    {
      printf ("%-24s %10.1f epochs/s   numpy (not run)%s\n", what, o, lim);
      return;
    }
  const double x = median (ratio, nr), npm = median (np, nr);
  if (nr > 1)
    g_snprintf (spread, sizeof spread, "   median of %zu (x%.1f to x%.1f)", nr, ratio[0], ratio[nr - 1]);
  printf ("%-24s %10.1f epochs/s   numpy %9.2f epochs/s   x%-5.1f%s%s\n", what, o, npm, x, lim, spread);
}

int
nnp_cli_bench (int argc, char **argv)
{
  double seconds = 2.0;
  int threads = 0, rounds = 1;
  gboolean quick = FALSE, no_numpy = FALSE, numpy_native = FALSE;
  g_autofree char *python = NULL, *script = NULL;
  GOptionEntry entries[] = {
    { "seconds", 0, 0, G_OPTION_ARG_DOUBLE, &seconds, N_("Time per measurement (default 2)"), N_("S") },
    { "threads", 0, 0, G_OPTION_ARG_INT, &threads, N_("Threads for the multi-threaded rows; 0 = one per core (default)"), N_("N") },
    { "rounds", 0, 0, G_OPTION_ARG_INT, &rounds, N_("Measure each training row N times, nnplay and numpy alternating, and print medians (default 1)"), N_("N") },
    { "quick", 0, 0, G_OPTION_ARG_NONE, &quick, N_("Small sizes, for a smoke test"), NULL },
    { "no-numpy", 0, 0, G_OPTION_ARG_NONE, &no_numpy, N_("Do not run the numpy baseline"), NULL },
    { "python", 0, 0, G_OPTION_ARG_FILENAME, &python, N_("Python with numpy (default /usr/bin/python3)"), N_("PATH") },
    { "numpy-script", 0, 0, G_OPTION_ARG_FILENAME, &script, N_("The lecture's numpy loop (default: build-aux/lecture_numpy.py)"), N_("PATH") },
    { "numpy-native", 0, 0, G_OPTION_ARG_NONE, &numpy_native, N_("Let numpy use all of this CPU's vector code, not only what the kernels use"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new (N_("- measure training speed, grid speed and memory"));
  g_option_context_set_translation_domain (ctx, GETTEXT_PACKAGE);
  g_option_context_set_summary (ctx,
    N_("Full-batch training, d = 2, sigmoid, at (n, h) = (1,000, 8), (100,000, 64),\n"
       "(1,000,000, 2) and (1,000,000, 64) on one thread against the lecture's\n"
       "vectorised numpy code, with the share of this core's measured FMA limit;\n"
       "n = 1,000,000, h = 2 and 64 again on 1 and --threads threads; the 800x800 boundary\n"
       "grid at h = 8 and 64; peak resident memory while training at n = 1,000,000,\n"
       "h = 64. NNP_KERNEL_ISA=base|avx2|avx512 forces a kernel variant; numpy is\n"
       "kept to the same vector code unless --numpy-native is given."));
  g_option_context_add_main_entries (ctx, entries, NULL);
  g_autoptr(GError) error = NULL;
  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    return nnp_cli_usage ("bench", "%s", error->message);
  if (argc > 1)
    return nnp_cli_usage ("bench", _("unexpected argument '%s'"), argv[1]);
  if (!(seconds > 0.0 && seconds <= NNP_CLI_MAX_BENCH_SECONDS))
    return nnp_cli_usage ("bench", _("--seconds must be more than 0 and at most %d, not %g"),
                          NNP_CLI_MAX_BENCH_SECONDS, seconds);
  if (rounds < 1 || rounds > NNP_CLI_MAX_BENCH_ROUNDS)
    return nnp_cli_usage ("bench", _("--rounds must be between 1 and %d, not %d"),
                          NNP_CLI_MAX_BENCH_ROUNDS, rounds);
  if (threads < 0 || threads > 256)
    return nnp_cli_usage ("bench", _("--threads must be between 0 and 256, not %d"), threads);
  if (threads == 0)
    threads = (int) g_get_num_processors ();
  if (python == NULL)
    python = g_strdup (g_getenv ("NNP_PYTHON") ? g_getenv ("NNP_PYTHON") : "/usr/bin/python3");
  if (script == NULL)
    script = g_build_filename (NNP_SOURCE_ROOT, "build-aux", "lecture_numpy.py", NULL);
  if (!g_file_test (script, G_FILE_TEST_EXISTS))
    no_numpy = TRUE;

  const double sec = quick ? 0.05 : seconds;
  const size_t big_n = quick ? 20000 : 1000000;
  const size_t sizes[][2] = { { 1000, 8 }, { quick ? 5000 : 100000, 64 }, { big_n, 2 }, { big_n, 64 } };

  /* memory first, so the process's peak is this run's */
  double rss0 = peak_rss_mb ();
  double big = bench_train (big_n, 64, quick ? 0.05 : seconds / 2, 2, 1, NULL);
  double rss = peak_rss_mb ();

  double fma = nnp_kernel_fma_rate (quick ? 0.05 : 0.5);
  printf ("nnplay-cli bench (full batch, d = 2, sigmoid; kernels %s)\n", nnp_kernel_isa ());
  printf ("%-24s %10.2f G multiply-adds/s per core (lanes counted)\n", "FMA limit", fma / 1e9);
  const size_t nr = (size_t) rounds;
  const char *numpy_limit = numpy_native ? "native" : nnp_kernel_isa ();
  char numpy_isa[NNP_CLI_ISA_NAME] = "";
  for (size_t s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      const size_t n = sizes[s][0], h = sizes[s][1];
      double ours[NNP_CLI_MAX_BENCH_ROUNDS], np[NNP_CLI_MAX_BENCH_ROUNDS], share[NNP_CLI_MAX_BENCH_ROUNDS];
      for (size_t r = 0; r < nr; r++)
        {
          double cpu = 0.0;
          ours[r] = bench_train (n, h, sec, 3, 1, &cpu);
          char said[NNP_CLI_ISA_NAME] = "";
          np[r] = no_numpy ? -1.0 : bench_numpy (python, script, n, h, sec, numpy_limit, said);
          if (np[r] > 0.0 && said[0] != '\0')
            memcpy (numpy_isa, said, sizeof said);
          if (np[r] == -2.0)
            {
              /* it hung once: not again for each size */
              fprintf (stderr, _("nnplay-cli bench: %s did not end in time; numpy not run\n"), python);
              no_numpy = TRUE;
            }
          double ops = ((double) n * h * OPS_PER_ROW_UNIT + (double) n * OPS_PER_ROW) * cpu;
          share[r] = fma > 0.0 ? ops / fma : -1.0;
        }
      char what[64];
      g_snprintf (what, sizeof what, "train n=%zu h=%zu", n, h);
      print_row (what, ours, np, share, nr);
    }
  if (numpy_isa[0] != '\0')
    {
      if (numpy_native)
        printf (_("numpy ran its %s code (--numpy-native: all this CPU has)\n"), numpy_isa);
      else if (strcmp (numpy_isa, "native") == 0)
        /* the script limits numpy on x86-64 only, and says "native" elsewhere */
        printf (_("numpy ran all its vector code: it can be kept to the kernels' on x86-64 only\n"));
      else
        printf (_("numpy ran its %s code, kept to the kernels' %s (--numpy-native lifts that)\n"),
                numpy_isa, numpy_limit);
    }
  for (size_t h = 2; h <= 64; h *= 32)
    {
      double one[NNP_CLI_MAX_BENCH_ROUNDS], many[NNP_CLI_MAX_BENCH_ROUNDS], x[NNP_CLI_MAX_BENCH_ROUNDS];
      for (size_t r = 0; r < nr; r++)
        {
          one[r] = bench_train (big_n, h, sec, 3, 1, NULL);
          many[r] = bench_train (big_n, h, sec, 3, (unsigned) threads, NULL);
          x[r] = many[r] / one[r];
        }
      char what[64];
      g_snprintf (what, sizeof what, "train n=%zu h=%zu", big_n, h);
      printf ("%-24s %10.1f epochs/s on 1 thread, %.1f on %d: x%.2f%s\n", what, median (one, nr),
              median (many, nr), threads, median (x, nr), nr > 1 ? " (medians)" : "");
    }

  const int reps = quick ? 3 : 31;
  double full8 = bench_grid (800, 800, 8, reps), full64 = bench_grid (800, 800, 64, quick ? 3 : 11);
  printf ("%-24s %10.2f ms (median), h=64 %.2f ms: one double per pixel, as exports\n",
          "grid 800x800 h=8", full8, full64);
  double g8 = bench_plot_grid (800, 8, reps), g64 = bench_plot_grid (800, 64, reps);
  printf ("%-24s %10.2f ms (median), h=64 %.2f ms: NnpPlotGrid, node every 2 px, float\n",
          "plot grid 800x800 h=8", g8, g64);
  double f_changed, f_same;
  bench_plot_frame (8, quick ? 3 : 21, &f_changed, &f_same);
  printf ("%-24s %10.2f ms after a model change, %.2f ms unchanged (h=8, whole figure)\n",
          "boundary plot 800x800", f_changed, f_same);
  printf ("%-24s %10.1f epochs/s   peak RSS %.1f MB (%.1f MB before)\n",
          quick ? "train n=20000 h=64" : "train n=1000000 h=64", big, rss, rss0);
  return (big > 0.0 && full8 >= 0.0 && g8 >= 0.0) ? 0 : 2;
}
