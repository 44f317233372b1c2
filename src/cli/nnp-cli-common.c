/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nnp-cli-common.c: option parsing, data loading and messages shared by nnplay-cli's subcommands. */
#define G_LOG_DOMAIN "nnplay-cli"
#include "config.h"

#define _GNU_SOURCE 1   /* sigaction */

#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <glib/gstdio.h>

#include <nnplay/nnp-csv.h>
#include <nnplay/nnp-error.h>

#include "nnp-cli.h"
#include "nnp-io-private.h"

/* The one piece of process state: what a signal handler may touch. */
static volatile sig_atomic_t interrupted;

static void
on_sigint (int sig)
{
  interrupted = 1;
}

void
nnp_cli_catch_interrupt (void)
{
  struct sigaction sa;

  memset (&sa, 0, sizeof sa);
  sa.sa_handler = on_sigint;
  sigemptyset (&sa.sa_mask);
  sigaction (SIGINT, &sa, NULL);
}

void
nnp_cli_release_interrupt (void)
{
  signal (SIGINT, SIG_DFL);
  if (interrupted)
    raise (SIGINT);
}

gboolean
nnp_cli_interrupted (void)
{
  return interrupted != 0;
}

int
nnp_cli_usage (const char *cmd, const char *format, ...)
{
  va_list ap;
  va_start (ap, format);
  g_autofree char *msg = g_strdup_vprintf (format, ap);
  va_end (ap);
  fprintf (stderr, "nnplay-cli %s: %s\n", cmd, msg);
  fprintf (stderr, _("Try 'nnplay-cli %s --help' for more information.\n"), cmd);
  return NNP_EXIT_USAGE;
}

int
nnp_cli_input_error (const char *cmd, const GError *error)
{
  fprintf (stderr, "nnplay-cli %s: %s\n", cmd, error->message);
  return NNP_EXIT_INPUT;
}

int
nnp_cli_model_load (const char *cmd, const char *path, NnpModel **model, NnpSession **session,
                    double *z_mean, double *z_sd)
{
  g_autoptr(GError) error = NULL;
  NnpModel *m = NULL;
  NnpSession *s = NULL;

  *model = NULL;
  *session = NULL;
  if (!nnp_model_or_session_load (path, &m, &s, &error))
    return nnp_cli_input_error (cmd, error);
  if (s != NULL)
    {
      m = nnp_session_raw_model (s, z_mean, z_sd);
      if (m == NULL)
        {
          fprintf (stderr, s->model == NULL
                   ? _("nnplay-cli %s: %s: the session has no weights yet (train it in the app first)\n")
                   : _("nnplay-cli %s: %s: out of memory\n"), cmd, path);
          nnp_session_free (s);
          return NNP_EXIT_INPUT;
        }
    }
  else
    {
      z_mean[0] = z_mean[1] = 0.0;
      z_sd[0] = z_sd[1] = 1.0;
    }
  *model = m;
  *session = s;
  return NNP_EXIT_OK;
}

int
nnp_cli_parse_int (const char *cmd, const char *option, const char *text, int *out)
{
  gint64 v;
  if (!g_ascii_string_to_signed (text, 10, G_MININT, G_MAXINT, &v, NULL))
    return nnp_cli_usage (cmd, _("%s wants a whole number, not '%s'"), option, text);
  *out = (int) v;
  return NNP_EXIT_OK;
}

int
nnp_cli_parse_lr (const char *cmd, const char *text, double *lr)
{
  char *end = NULL;
  const double v = g_ascii_strtod (text, &end);
  if (end == text || *end != '\0' || !(isfinite (v) && v > 0))
    return nnp_cli_usage (cmd, _("--lr must be a finite number > 0"));
  *lr = v;
  return NNP_EXIT_OK;
}

int
nnp_cli_session_split (const char *cmd, const char *path, const NnpSession *s, gboolean need_train,
                       NnpDataset **train, NnpDataset **test)
{
  *train = s->is_test != NULL ? nnp_dataset_subset (s->points, s->is_test, 0) : nnp_dataset_dup (s->points);
  *test = s->is_test != NULL ? nnp_dataset_subset (s->points, s->is_test, 1) : NULL;
  if (*train == NULL || (s->is_test != NULL && *test == NULL))
    {
      g_clear_pointer (train, nnp_dataset_free);
      g_clear_pointer (test, nnp_dataset_free);
      fprintf (stderr, _("nnplay-cli %s: %s: out of memory\n"), cmd, path);
      return NNP_EXIT_INPUT;
    }
  if ((*train)->n == 0 && need_train)
    {
      g_clear_pointer (train, nnp_dataset_free);
      g_clear_pointer (test, nnp_dataset_free);
      fprintf (stderr, _("nnplay-cli %s: %s: the session has no training points\n"), cmd, path);
      return NNP_EXIT_INPUT;
    }
  if (*test != NULL && (*test)->n == 0)
    g_clear_pointer (test, nnp_dataset_free);
  return NNP_EXIT_OK;
}

int
nnp_cli_check_output (const char *cmd, const char *option, const char *path)
{
  if (path == NULL)
    return NNP_EXIT_OK;
  g_autofree char *dir = g_path_get_dirname (path);
  const char *why = NULL;
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    why = _("it is a folder");
  else if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    why = _("its folder does not exist");
  else if (g_access (dir, W_OK) != 0)
    why = _("its folder cannot be written");
  if (why == NULL)
    return NNP_EXIT_OK;
  fprintf (stderr, _("nnplay-cli %s: %s %s: %s; nothing was done\n"), cmd, option, path, why);
  return NNP_EXIT_INPUT;
}

/* path with its folder resolved (symbolic links, "..", "."), for
 * comparing places where no file is yet */
static char *
canonical_place (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *real = realpath (dir, NULL);
  if (real == NULL)
    return g_canonicalize_filename (path, NULL);
  return g_build_filename (real, base, NULL);
}

int
nnp_cli_check_not_same (const char *cmd, const char *out_option, const char *out,
                        const char *other_option, const char *other)
{
  GStatBuf so, st;
  gboolean same;

  if (out == NULL || other == NULL || strcmp (out, "-") == 0 || strcmp (other, "-") == 0)
    return NNP_EXIT_OK;
  const gboolean has_out = g_stat (out, &so) == 0, has_other = g_stat (other, &st) == 0;
  if (has_out && has_other)
    same = so.st_dev == st.st_dev && so.st_ino == st.st_ino && !S_ISCHR (so.st_mode);
  else if (has_out || has_other)
    same = FALSE;
  else
    {
      g_autofree char *a = canonical_place (out), *b = canonical_place (other);
      same = strcmp (a, b) == 0;
    }
  if (!same)
    return NNP_EXIT_OK;
  fprintf (stderr, _("nnplay-cli %s: %s %s is the same file as %s %s; nothing was done\n"), cmd,
           out_option, out, other_option, other);
  return NNP_EXIT_USAGE;
}

int
nnp_cli_parse (GOptionContext *ctx, const char *cmd, int argc, char **argv)
{
  g_autoptr(GError) error = NULL;

  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    return nnp_cli_usage (cmd, "%s", error->message);
  if (argc > 1)
    return nnp_cli_usage (cmd, _("unexpected argument '%s'"), argv[1]);
  return NNP_EXIT_OK;
}

gboolean
nnp_cli_parse_seed (const char *text, guint64 *out)
{
  /* Any 64-bit seed, as sessions and the app take; the derived streams
   * S+1..S+3 wrap round (unsigned). The top 16 had been refused. */
  return g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT64, out, NULL);
}

gboolean
nnp_cli_parse_size (const char *text, int *width, int *height)
{
  g_auto(GStrv) parts = g_strsplit_set (text, "xX", -1);
  guint64 w, h;

  if (g_strv_length (parts) != 2
      || !g_ascii_string_to_unsigned (parts[0], 10, 1, 20000, &w, NULL)
      || !g_ascii_string_to_unsigned (parts[1], 10, 1, 20000, &h, NULL))
    return FALSE;
  *width = (int) w;
  *height = (int) h;
  return TRUE;
}

void
nnp_cli_format_double (char buf[G_ASCII_DTOSTR_BUF_SIZE], double v)
{
  static const char *const formats[] = { "%.15g", "%.16g", "%.17g" };

  for (size_t i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_ascii_formatd (buf, G_ASCII_DTOSTR_BUF_SIZE, formats[i], v);
      if (g_ascii_strtod (buf, NULL) == v)
        return;
    }
}

/* ---- Data source. ------------------------------------------------------- */

void
nnp_cli_data_init (NnpCliData *d)
{
  memset (d, 0, sizeof *d);
  d->points = NNP_CLI_DEFAULT_POINTS;
  d->noise = NNP_CLI_DEFAULT_NOISE;
  d->seed = NNP_CLI_DEFAULT_SEED;
}

void
nnp_cli_data_clear (NnpCliData *d)
{
  g_clear_pointer (&d->data_path, g_free);
  g_clear_pointer (&d->dataset, g_free);
  g_clear_pointer (&d->seed_text, g_free);
}

GOptionEntry *
nnp_cli_data_entries (NnpCliData *d, gboolean with_data)
{
  const GOptionEntry all[] = {
    { "data", 0, 0, G_OPTION_ARG_FILENAME, &d->data_path,
      N_("Read the points from a CSV file (d feature columns, then the label 0 or 1)"), N_("FILE.csv") },
    { "dataset", 0, 0, G_OPTION_ARG_STRING, &d->dataset,
      N_("Generate the points: moons, circles, xor, blobs, spiral or linear"), N_("NAME") },
    { "points", 0, 0, G_OPTION_ARG_INT, &d->points,
      N_("Number of generated points (default 200)"), N_("N") },
    { "noise", 0, 0, G_OPTION_ARG_DOUBLE, &d->noise,
      N_("Standard deviation of the generated points' jitter (default 0.1)"), N_("F") },
    { "seed", 0, 0, G_OPTION_ARG_STRING, &d->seed_text,
      N_("Seed of every random choice (default 1)"), N_("S") },
    { NULL, 0, 0, 0, NULL, NULL, NULL }
  };
  const GOptionEntry *first = with_data ? all : all + 4;
  size_t n = (size_t) (G_N_ELEMENTS (all) - (size_t) (first - all));

  return g_memdup2 (first, n * sizeof *first);
}

int
nnp_cli_data_check (NnpCliData *d, const char *cmd, gboolean required)
{
  if (d->seed_text != NULL && !nnp_cli_parse_seed (d->seed_text, &d->seed))
    return nnp_cli_usage (cmd, _("--seed wants a whole number from 0 to 18446744073709551615, not '%s'"),
                          d->seed_text);
  if (d->data_path != NULL && d->dataset != NULL)
    return nnp_cli_usage (cmd, _("give either --data or --dataset, not both"));
  if (required && d->data_path == NULL && d->dataset == NULL)
    return nnp_cli_usage (cmd, _("no points: give --data FILE.csv or --dataset NAME"));
  if (d->dataset != NULL && !nnp_generator_from_name (d->dataset, &d->gen))
    return nnp_cli_usage (cmd, _("unknown --dataset '%s' (expected moons, circles, xor, blobs, spiral or linear)"),
                          d->dataset);
  if (d->points < 1 || d->points > NNP_CLI_MAX_POINTS)
    return nnp_cli_usage (cmd, _("--points must be between 1 and %d, not %d"), NNP_CLI_MAX_POINTS, d->points);
  if (!(d->noise >= 0 && d->noise <= NNP_CLI_MAX_NOISE))
    return nnp_cli_usage (cmd, _("--noise must be from 0 to %d, not %g"), NNP_CLI_MAX_NOISE, d->noise);
  return NNP_EXIT_OK;
}

int
nnp_cli_data_load (const NnpCliData *d, const char *cmd, NnpDataset **out)
{
  g_autoptr(GError) error = NULL;

  *out = NULL;
  if (d->data_path != NULL)
    {
      *out = nnp_csv_read (d->data_path, 0, &error);
      if (*out == NULL)
        return nnp_cli_input_error (cmd, error);
    }
  else if (d->dataset != NULL)
    {
      *out = nnp_dataset_generate (d->gen, (size_t) d->points, d->noise, NNP_CLI_SEED_DATA (d->seed));
      if (*out == NULL)
        {
          fprintf (stderr, _("nnplay-cli %s: cannot generate %d points of '%s'\n"), cmd, d->points, d->dataset);
          return NNP_EXIT_INPUT;
        }
    }
  return NNP_EXIT_OK;
}

char *
nnp_cli_data_describe (const NnpCliData *d)
{
  if (d->data_path != NULL)
    return g_strdup (d->data_path);
  return g_strdup_printf ("--dataset %s", d->dataset ? d->dataset : "(none)");
}

gboolean
nnp_cli_split (const NnpDataset *ds, double fraction, guint64 seed,
               NnpDataset **train, NnpDataset **test)
{
  *train = NULL;
  *test = NULL;
  if (fraction <= 0)
    {
      *train = nnp_dataset_dup (ds);
      return TRUE;
    }

  g_autofree guint8 *mask = g_new0 (guint8, ds->n);
  nnp_split_mask (mask, ds->n, fraction, NNP_CLI_SEED_SPLIT (seed));
  size_t n_test = 0;
  for (size_t i = 0; i < ds->n; i++)
    n_test += mask[i] != 0;
  if (n_test == ds->n)
    return FALSE;

  *train = nnp_dataset_subset (ds, mask, 0);
  if (n_test > 0)
    *test = nnp_dataset_subset (ds, mask, 1);
  return TRUE;
}

/* ---- Figures. ----------------------------------------------------------- */

void
nnp_cli_figure_init (NnpCliFigure *f)
{
  memset (f, 0, sizeof *f);
  f->fig = NNP_FIGURE_ALL;
  f->width = NNP_CLI_DEFAULT_WIDTH;
  f->height = NNP_CLI_DEFAULT_HEIGHT;
  nnp_hidden_space_options_init (&f->hidden_space);
}

void
nnp_cli_figure_clear (NnpCliFigure *f)
{
  g_clear_pointer (&f->figure, g_free);
  g_clear_pointer (&f->out, g_free);
  g_clear_pointer (&f->size, g_free);
  g_clear_pointer (&f->units, g_free);
}

GOptionEntry *
nnp_cli_figure_entries (NnpCliFigure *f)
{
  const GOptionEntry entries[] = {
    { "figure", 0, 0, G_OPTION_ARG_STRING, &f->figure,
      N_("Figure to draw: boundary, hidden, cost, all, network, hidden-space, lecture, forward, backward or update (default all)"), N_("NAME") },
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &f->out,
      N_("Write the figure here; the format follows the extension: .png, .svg or .pdf"), N_("FILE") },
    { "size", 0, 0, G_OPTION_ARG_STRING, &f->size,
      N_("Figure size, pixels for PNG, points for SVG/PDF (default 1920x1080)"), N_("WxH") },
    { "transparent", 0, 0, G_OPTION_ARG_NONE, &f->transparent,
      N_("No background fill"), NULL },
    { "log-cost", 0, 0, G_OPTION_ARG_NONE, &f->log_cost,
      N_("Cost axis in log scale"), NULL },
    { "units", 0, 0, G_OPTION_ARG_STRING, &f->units,
      N_("Hidden space: show hidden units I and J (1-based), the others at their mean"), N_("I,J") },
    { "pca", 0, 0, G_OPTION_ARG_NONE, &f->pca,
      N_("Hidden space: show the first two principal components of A[1]"), NULL },
    { "warped-grid", 0, 0, G_OPTION_ARG_NONE, &f->warped_grid,
      N_("Hidden space: draw the input plane's grid lines mapped through the hidden layer"), NULL },
    { NULL, 0, 0, 0, NULL, NULL, NULL }
  };
  return g_memdup2 (entries, sizeof entries);
}

/* --units I,J, --pca and --warped-grid into f->hidden_space. */
static int
hidden_space_check (NnpCliFigure *f, const char *cmd)
{
  NnpHiddenSpaceOptions *o = &f->hidden_space;

  if (f->units != NULL && f->pca)
    return nnp_cli_usage (cmd, _("--units and --pca exclude each other"));
  if (f->units != NULL)
    {
      g_auto(GStrv) parts = g_strsplit (f->units, ",", -1);
      guint64 v[2];
      if (g_strv_length (parts) != 2
          || !g_ascii_string_to_unsigned (g_strstrip (parts[0]), 10, 1, NNP_CLI_MAX_HIDDEN, &v[0], NULL)
          || !g_ascii_string_to_unsigned (g_strstrip (parts[1]), 10, 1, NNP_CLI_MAX_HIDDEN, &v[1], NULL)
          || v[0] == v[1])
        return nnp_cli_usage (cmd, _("--units wants two different unit numbers I,J from 1 to %d, not '%s'"),
                              NNP_CLI_MAX_HIDDEN, f->units);
      o->mode = NNP_HIDDEN_SPACE_UNITS;
      o->unit_i = (int) v[0] - 1;
      o->unit_j = (int) v[1] - 1;
    }
  if (f->pca)
    o->mode = NNP_HIDDEN_SPACE_PCA;
  o->warped_grid = f->warped_grid;
  return NNP_EXIT_OK;
}

int
nnp_cli_figure_check_model (const NnpCliFigure *f, const char *cmd, const NnpModel *m)
{
  const NnpHiddenSpaceOptions *o = &f->hidden_space;

  if (!f->wanted || m == NULL)
    return NNP_EXIT_OK;
  const size_t d = m->theta->d, h = m->theta->h;
  const gboolean plane = f->series != NNP_CLI_SERIES_NONE || f->fig == NNP_FIGURE_BOUNDARY
                         || f->fig == NNP_FIGURE_HIDDEN || f->fig == NNP_FIGURE_ALL
                         || f->fig == NNP_FIGURE_HIDDEN_SPACE;
  if (plane && (double) f->width * f->height * (double) (h + 1) > NNP_CLI_MAX_FIGURE_WORK)
    return nnp_cli_usage (cmd, _("a %dx%d figure of the plane with %zu hidden units is more than nnplay draws "
                                 "(width x height x (h + 1) at most %.0e): use a smaller --size"),
                          f->width, f->height, h, NNP_CLI_MAX_FIGURE_WORK);
  if (f->series == NNP_CLI_SERIES_NONE && f->fig == NNP_FIGURE_NETWORK
      && (double) (d + 1) * (double) (h + 1) > NNP_CLI_MAX_FIGURE_EDGES)
    return nnp_cli_usage (cmd, _("the network diagram of %zu inputs and %zu hidden units has too many edges "
                                 "to draw ((d + 1)(h + 1) at most %d)"), d, h, NNP_CLI_MAX_FIGURE_EDGES);
  if (f->series == NNP_CLI_SERIES_NONE && NNP_FIGURE_IS_LECTURE (f->fig)
      && nnp_cli_check_lecture_size (cmd, m) != NNP_EXIT_OK)
    return NNP_EXIT_USAGE;
  if (f->units == NULL)
    return NNP_EXIT_OK;
  if (f->fig != NNP_FIGURE_HIDDEN_SPACE && f->fig != NNP_FIGURE_ALL)
    return nnp_cli_usage (cmd, _("--units is for --figure hidden-space or all"));
  if ((size_t) MAX (o->unit_i, o->unit_j) >= m->theta->h)
    return nnp_cli_usage (cmd, _("--units %s: the network has %zu hidden units"), f->units, m->theta->h);
  return NNP_EXIT_OK;
}

/* The lecture figures need a model and points; rows count from 1. */
int
nnp_cli_lecture_view (const char *cmd, NnpLectureView *view, NnpLecture **lec, const NnpModel *model,
                      const NnpDataset *train, const char *rows_text, double lr)
{
  size_t rows[NNP_LECTURE_MAX_ROWS], r = 0, bad;

  if (model == NULL || train == NULL || train->n == 0)
    return nnp_cli_usage (cmd, _("the lecture figures need --model and points (--data or --dataset)"));
  if (!(isfinite (lr) && lr > 0))
    return nnp_cli_usage (cmd, _("--lr must be a finite number > 0"));
  if (rows_text != NULL && (r = nnp_lecture_parse_rows (rows_text, train->n, rows, &bad)) == 0)
    return nnp_cli_usage (cmd, _("--rows '%s': item %zu is not a row between 1 and %zu"
                                 " (rows are counted from 1, at most %d, none twice)"),
                          rows_text, bad, train->n, NNP_LECTURE_MAX_ROWS);
  *lec = nnp_lecture_new (model, train, r > 0 ? rows : NULL, r, lr);
  if (*lec == NULL)
    {
      fprintf (stderr, _("nnplay-cli %s: out of memory for h = %zu hidden units\n"), cmd, model->theta->h);
      return NNP_EXIT_INPUT;
    }
  nnp_lecture_view_init (view);
  view->lecture = *lec;
  return NNP_EXIT_OK;
}

int
nnp_cli_check_lecture_size (const char *cmd, const NnpModel *m)
{
  if (m->theta->h <= NNP_CLI_MAX_LECTURE_SIZE && m->theta->d <= NNP_CLI_MAX_LECTURE_SIZE)
    return NNP_EXIT_OK;
  return nnp_cli_usage (cmd, _("the slides' matrices of %zu inputs and %zu hidden units are too wide to show "
                               "(at most %d of each)"), m->theta->d, m->theta->h, NNP_CLI_MAX_LECTURE_SIZE);
}

int
nnp_cli_figure_check (NnpCliFigure *f, const char *cmd, gboolean out_required)
{
  int status;

  f->series = NNP_CLI_SERIES_NONE;
  if (f->allow_series && f->figure != NULL && g_ascii_strcasecmp (f->figure, "evolution") == 0)
    f->series = NNP_CLI_SERIES_EVOLUTION;
  else if (f->allow_series && f->figure != NULL && g_ascii_strcasecmp (f->figure, "animation") == 0)
    f->series = NNP_CLI_SERIES_ANIMATION;
  else if (f->figure != NULL && !nnp_figure_from_name (f->figure, &f->fig))
    return nnp_cli_usage (cmd, f->allow_series
                          ? _("unknown --figure '%s' (expected boundary, hidden, cost, all, network, "
                              "hidden-space, lecture, forward, backward, update, evolution or animation)")
                          : _("unknown --figure '%s' (expected boundary, hidden, cost, all, network, "
                              "hidden-space, lecture, forward, backward or update)"),
                          f->figure);
  if (f->series != NNP_CLI_SERIES_NONE)
    f->fig = NNP_FIGURE_BOUNDARY;
  if ((status = hidden_space_check (f, cmd)) != NNP_EXIT_OK)
    return status;
  if (f->out == NULL)
    {
      if (out_required)
        return nnp_cli_usage (cmd, _("missing --out FILE.png|svg|pdf"));
      if (f->figure != NULL || f->size != NULL)
        return nnp_cli_usage (cmd, _("--figure and --size need --out FILE.png|svg|pdf"));
      return NNP_EXIT_OK;
    }
  if (!nnp_format_from_path (f->out, &f->format))
    return nnp_cli_usage (cmd, _("cannot tell the format of --out '%s' (use .png, .svg or .pdf)"), f->out);
  if (f->series == NNP_CLI_SERIES_ANIMATION && f->format == NNP_FORMAT_SVG)
    return nnp_cli_usage (cmd, _("--figure animation writes a PDF (one page per frame) or numbered PNGs, not '%s'"),
                          f->out);
  if (f->size != NULL && !nnp_cli_parse_size (f->size, &f->width, &f->height))
    return nnp_cli_usage (cmd, _("--size wants WIDTHxHEIGHT, each 1 to 20000, not '%s'"), f->size);
  f->wanted = TRUE;
  return NNP_EXIT_OK;
}

gboolean
nnp_cli_figure_needs_plane (const NnpCliFigure *f)
{
  return f->wanted && f->fig != NNP_FIGURE_COST && f->fig != NNP_FIGURE_NETWORK && !NNP_FIGURE_IS_LECTURE (f->fig);
}

static void
figure_state (const NnpCliFigure *f, const NnpModel *model,
              const NnpDataset *train, const NnpDataset *test,
              const NnpHistory *history, NnpPlotState *state_out, NnpPlotStyle *style_out)
{
  NnpPlotState state;
  NnpPlotStyle style;

  nnp_plot_state_init (&state);
  state.model = model;
  state.train = train;
  state.test = test;
  state.history = history;
  state.log_cost = f->log_cost;
  state.lecture_view = f->lecture_view;
  state.history_stride = f->history_stride;
  state.epoch = f->epoch;
  state.standardized = f->standardized;
  state.markers = f->markers;
  state.n_markers = f->n_markers;
  state.pins = f->pins;
  state.n_pins = f->n_pins;
  memcpy (state.z_mean, f->z_mean, sizeof state.z_mean);
  memcpy (state.z_sd, f->z_sd, sizeof state.z_sd);
  if ((train != NULL && train->n > 0) || (test != NULL && test->n > 0))
    nnp_plot_state_fit_view (&state);

  state.hidden_space = &f->hidden_space;

  nnp_plot_style_init (&style);
  style.transparent = f->transparent;
  *state_out = state;
  *style_out = style;
}

gboolean
nnp_cli_figure_write (const NnpCliFigure *f, const NnpModel *model,
                      const NnpDataset *train, const NnpDataset *test,
                      const NnpHistory *history, GError **error)
{
  NnpPlotState state;
  NnpPlotStyle style;

  figure_state (f, model, train, test, history, &state, &style);
  return nnp_plot_export (f->fig, f->format, f->out, f->width, f->height, 1.0,
                          &state, &style, error);
}

gboolean
nnp_cli_figure_write_series (const NnpCliFigure *f, const NnpPlotFrame *frames, size_t n_frames,
                             const NnpDataset *train, const NnpDataset *test,
                             const NnpHistory *history, GError **error)
{
  NnpPlotState state;
  NnpPlotStyle style;

  figure_state (f, n_frames > 0 ? frames[n_frames - 1].model : NULL, train, test, history, &state, &style);
  if (f->series == NNP_CLI_SERIES_EVOLUTION)
    return nnp_plot_export_evolution (f->format, f->out, f->width, f->height, frames, n_frames,
                                      &state, &style, error);
  return nnp_plot_export_animation (f->fig, f->format, f->out, f->width, f->height, frames, n_frames,
                                    &state, &style, error);
}

/* ---- History CSV. ------------------------------------------------------- */

static void
history_header (GString *s, const NnpHistory *h)
{
  g_string_append (s, h->has_test ? "epoch,train_cost,train_accuracy,test_cost,test_accuracy\n"
                                   : "epoch,train_cost,train_accuracy\n");
}

static void
history_row (GString *s, const NnpHistory *h, size_t t)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  const double v[4] = { h->train_cost[t], h->train_acc[t],
                        h->has_test ? h->test_cost[t] : 0,
                        h->has_test ? h->test_acc[t] : 0 };

  g_string_append_printf (s, "%zu", t);
  for (int k = 0; k < (h->has_test ? 4 : 2); k++)
    {
      nnp_cli_format_double (buf, v[k]);
      g_string_append_c (s, ',');
      g_string_append (s, buf);
    }
  g_string_append_c (s, '\n');
}

char *
nnp_cli_history_format (const NnpHistory *h)
{
  GString *s = g_string_new (NULL);

  history_header (s, h);
  for (size_t t = 0; t < h->len; t++)
    history_row (s, h, t);
  return g_string_free (s, FALSE);
}

/* Written as it is formatted, a block at a time: the whole text of a
 * long run had been built in memory first (60 bytes an epoch). */
gboolean
nnp_cli_history_write (const NnpHistory *h, const char *path, GError **error)
{
  const gsize block = 1 << 16;
  NnpAtomicFile *f = nnp_atomic_file_open (path, error);
  g_autoptr (GString) s = g_string_sized_new (block);
  gboolean ok = f != NULL;

  if (ok)
    history_header (s, h);
  for (size_t t = 0; ok && t <= h->len; t++)
    {
      if (t < h->len)
        history_row (s, h, t);
      /* a full block, or the last of the text */
      if (s->len >= block - 256 || t == h->len)
        {
          ok = nnp_atomic_file_write (f, s->str, s->len, error);
          g_string_truncate (s, 0);
        }
    }
  if (!ok)
    {
      nnp_atomic_file_abort (f);   /* NULL is fine */
      return FALSE;
    }
  return nnp_atomic_file_commit (f, error);
}

NnpHistory *
nnp_cli_history_read (const char *path, GError **error)
{
  g_autofree char *text = NULL;
  gsize len = 0;

  if (!nnp_read_file (path, NNP_CLI_HISTORY_MAX_BYTES, &text, &len, error))
    return NULL;
  /* a NUL anywhere: the lines below end at it, and what follows it had
   * gone unread without a word */
  const char *nul = memchr (text, '\0', len);
  if (nul != NULL)
    {
      g_autofree char *name = g_filename_display_name (path);
      g_set_error (error, NNP_ERROR, NNP_ERROR_PARSE,
                   _("%s: byte %zu is a NUL: this is binary data or UTF-16 text, not a CSV file "
                     "(save it as UTF-8 text)"), name, (size_t) (nul - text) + 1);
      return NULL;
    }

  /* Line by line in place: splitting the text into a vector first cost
   * about 40 bytes a line, 4 GB for 100 MB of blank lines. */
  NnpHistory *h = NULL;
  int ncols = 0;
  size_t lineno = 0;

  for (char *next = text; next != NULL;)
    {
      char *line = next, *nl = strchr (line, '\n');
      next = nl != NULL ? nl + 1 : NULL;
      if (nl != NULL)
        *nl = '\0';
      line = g_strstrip (line);
      lineno++;

      if (line[0] == '\0' || line[0] == '#')
        continue;
      if (h == NULL)
        {
          if (strcmp (line, "epoch,train_cost,train_accuracy") == 0)
            ncols = 3;
          else if (strcmp (line, "epoch,train_cost,train_accuracy,test_cost,test_accuracy") == 0)
            ncols = 5;
          else
            {
              g_set_error (error, NNP_ERROR, NNP_ERROR_PARSE,
                           _("%s:%zu: expected the header 'epoch,train_cost,train_accuracy'"
                             " (optionally ',test_cost,test_accuracy')"), path, lineno);
              return NULL;
            }
          h = nnp_history_new (ncols == 5);
          continue;
        }

      /* the fields, cut at the commas in place */
      char *fields[5];
      unsigned found = 0;
      for (char *f = line; f != NULL; found++)
        {
          char *comma = strchr (f, ',');
          if (found < 5)
            fields[found] = f;
          if (comma != NULL)
            *comma = '\0';
          f = comma != NULL ? comma + 1 : NULL;
        }
      if ((int) found != ncols)
        {
          g_set_error (error, NNP_ERROR, NNP_ERROR_PARSE, _("%s:%zu: expected %d columns, found %u"),
                       path, lineno, ncols, found);
          nnp_history_free (h);
          return NULL;
        }
      guint64 epoch;
      if (!g_ascii_string_to_unsigned (fields[0], 10, 0, G_MAXUINT64, &epoch, NULL) || epoch != h->len)
        {
          g_set_error (error, NNP_ERROR, NNP_ERROR_PARSE, _("%s:%zu:1: expected epoch %zu, found '%s'"),
                       path, lineno, h->len, fields[0]);
          nnp_history_free (h);
          return NULL;
        }
      double v[4] = { 0, 0, 0, 0 };
      for (int k = 1; k < ncols; k++)
        {
          char *end = NULL;
          errno = 0;
          v[k - 1] = g_ascii_strtod (fields[k], &end);
          if (end == fields[k] || *end != '\0' || !isfinite (v[k - 1]))
            {
              g_set_error (error, NNP_ERROR, NNP_ERROR_PARSE, _("%s:%zu:%d: expected a finite number, found '%s'"),
                           path, lineno, k + 1, fields[k]);
              nnp_history_free (h);
              return NULL;
            }
          /* costs >= 0 and accuracies in [0, 1], as sessions require */
          const gboolean is_cost = k % 2 == 0 ? FALSE : TRUE;
          if (is_cost ? !(v[k - 1] >= 0.0) : !(v[k - 1] >= 0.0 && v[k - 1] <= 1.0))
            {
              g_set_error (error, NNP_ERROR, NNP_ERROR_PARSE,
                           is_cost ? _("%s:%zu:%d: a cost is >= 0, found '%s'")
                                   : _("%s:%zu:%d: an accuracy is from 0 to 1, found '%s'"),
                           path, lineno, k + 1, fields[k]);
              nnp_history_free (h);
              return NULL;
            }
        }
      if (nnp_history_append (h, v[0], v[1], v[2], v[3]) != 0)
        {
          g_set_error (error, NNP_ERROR, NNP_ERROR_TOO_LARGE, _("%s:%zu: out of memory"), path, lineno);
          nnp_history_free (h);
          return NULL;
        }
    }

  if (h == NULL || h->len == 0)
    {
      g_set_error (error, NNP_ERROR, NNP_ERROR_PARSE, _("%s: no history rows"), path);
      nnp_history_free (h);
      return NULL;
    }
  return h;
}
