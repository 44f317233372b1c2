/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nnp-cli-plot.c: `nnplay-cli plot`: draw a figure from a saved model, data and history. */
#define G_LOG_DOMAIN "nnplay-cli"
#include "config.h"

#include <math.h>
#include <stdio.h>

#include <nnplay/nnp-lecture.h>
#include <nnplay/nnp-modelio.h>

#include "nnp-cli.h"

#define CMD "plot"

static const char description[] = N_(
  "Draws the figures train --figure draws, from files: --model for the\n"
  "boundary and hidden units, --data (or --dataset) for the points,\n"
  "--history (a CSV written by train --history) for the cost curve.\n"
  "Each is optional; what is missing is left out of the figure.\n"
  "--test-fraction F with the --seed used for training draws the same\n"
  "points hollow as test points.\n"
  "--figure lecture draws the step taken apart as on the slides (forward,\n"
  "backward or update: that part alone) for the training points' --rows\n"
  "(counted from 1, default the first 8) with learning rate --lr (default 0.5).\n"
  "--model may name a session saved by the app: its network is drawn on\n"
  "the points as they are (folded back when it trained on z-scores), with\n"
  "its own points and split unless --data or --dataset is given, its cost\n"
  "curve (with its markers and pinned runs) unless --history is, and its\n"
  "learning rate unless --lr is.\n"
  "\n"
  "Defaults: --figure all, --size 1920x1080, --seed 1.\n"
  "Exit status: 0 done, 1 usage error, 2 bad input file (file:line named)\n"
  "or the figure cannot be written.");

int
nnp_cli_plot (int argc, char **argv)
{
  NnpCliData data;
  NnpCliFigure figure;
  char *model_path = NULL, *history_path = NULL, *rows_text = NULL, *lr_text = NULL;
  double test_fraction = 0, lr = 0.5;
  nnp_cli_data_init (&data);
  nnp_cli_figure_init (&figure);

  const GOptionEntry entries[] = {
    { "model", 0, 0, G_OPTION_ARG_FILENAME, &model_path, N_("The model to draw, or a session saved by the app"), N_("MODEL.json") },
    { "history", 0, 0, G_OPTION_ARG_FILENAME, &history_path, N_("Cost history for the cost curve"), N_("HISTORY.csv") },
    { "test-fraction", 0, 0, G_OPTION_ARG_DOUBLE, &test_fraction,
      N_("Show this fraction of the points as test points, as train did (default 0)"), N_("F") },
    { "rows", 0, 0, G_OPTION_ARG_STRING, &rows_text,
      N_("Lecture figures: rows to show, counted from 1, e.g. 1,7,240 (default the first 8)"), N_("LIST") },
    { "lr", 0, 0, G_OPTION_ARG_STRING, &lr_text,
      N_("Lecture figures: learning rate alpha of the update (default 0.5, or the session's)"), N_("A") },
    { NULL, 0, 0, 0, NULL, NULL, NULL }
  };
  g_autofree GOptionEntry *data_entries = nnp_cli_data_entries (&data, TRUE);
  g_autofree GOptionEntry *figure_entries = nnp_cli_figure_entries (&figure);

  GOptionContext *ctx = g_option_context_new (NULL);
  g_option_context_set_translation_domain (ctx, GETTEXT_PACKAGE);
  g_option_context_set_summary (ctx, N_("Draw a figure of a saved model, its data and its cost history."));
  g_option_context_set_description (ctx, description);
  g_option_context_add_main_entries (ctx, entries, NULL);
  g_option_context_add_main_entries (ctx, data_entries, NULL);
  g_option_context_add_main_entries (ctx, figure_entries, NULL);

  NnpDataset *all = NULL, *train = NULL, *test = NULL;
  NnpModel *model = NULL;
  NnpSession *session = NULL;
  NnpHistory *hist = NULL;
  g_autofree NnpPlotMarker *markers = NULL;
  g_autofree NnpPlotPin *pins = NULL;
  NnpLecture *lec = NULL;
  NnpLectureView view;
  g_autoptr(GError) error = NULL;

  int status = nnp_cli_parse (ctx, CMD, argc, argv);
  if (status == NNP_EXIT_OK)
    status = nnp_cli_data_check (&data, CMD, FALSE);
  if (status == NNP_EXIT_OK)
    status = nnp_cli_figure_check (&figure, CMD, TRUE);
  if (status == NNP_EXIT_OK && !(test_fraction >= 0 && test_fraction < 1))
    status = nnp_cli_usage (CMD, _("--test-fraction must be in [0, 1)"));
  if (status == NNP_EXIT_OK)
    status = nnp_cli_check_not_same (CMD, "--out", figure.out, "--model", model_path);
  if (status == NNP_EXIT_OK)
    status = nnp_cli_check_not_same (CMD, "--out", figure.out, "--data", data.data_path);
  if (status == NNP_EXIT_OK)
    status = nnp_cli_check_not_same (CMD, "--out", figure.out, "--history", history_path);
  const gboolean lr_given = lr_text != NULL;
  if (status == NNP_EXIT_OK && lr_given)
    status = nnp_cli_parse_lr (CMD, lr_text, &lr);
  if (status == NNP_EXIT_OK)
    status = nnp_cli_data_load (&data, CMD, &all);
  if (status == NNP_EXIT_OK && model_path != NULL)
    status = nnp_cli_model_load (CMD, model_path, &model, &session, figure.z_mean, figure.z_sd);
  /* a session brings its points and split, its curve and its alpha, each
   * unless given */
  const gboolean session_points = session != NULL && all == NULL;
  if (status == NNP_EXIT_OK && session_points && test_fraction != 0)
    status = nnp_cli_usage (CMD, _("--test-fraction needs --data or --dataset: a session's points keep its own split"));
  if (status == NNP_EXIT_OK && session_points)
    status = nnp_cli_session_split (CMD, model_path, session, NNP_FIGURE_IS_LECTURE (figure.fig),
                                    &train, &test);
  if (status == NNP_EXIT_OK && session != NULL)
    {
      figure.standardized = session->standardize;
      figure.epoch = session->epoch;
      if (!lr_given)
        lr = session->lr;
      if (history_path == NULL && session->history->len > 0)
        {
          hist = nnp_history_dup (session->history);
          figure.history_stride = session->history_stride;
          /* the curve's markers and pinned runs come with it */
          markers = g_new (NnpPlotMarker, MAX (session->n_markers, (size_t) 1));
          for (size_t i = 0; i < session->n_markers; i++)
            markers[i] = (NnpPlotMarker) { session->markers[i].epoch, session->markers[i].text };
          figure.markers = markers;
          figure.n_markers = session->n_markers;
          pins = g_new (NnpPlotPin, MAX (session->n_pins, (size_t) 1));
          for (size_t i = 0; i < session->n_pins; i++)
            pins[i] = (NnpPlotPin) { session->pins[i].label, session->pins[i].history,
                                     session->pins[i].history_stride };
          figure.pins = pins;
          figure.n_pins = session->n_pins;
        }
    }
  if (status == NNP_EXIT_OK)
    status = nnp_cli_figure_check_model (&figure, CMD, model);
  if (status == NNP_EXIT_OK && history_path != NULL
      && (hist = nnp_cli_history_read (history_path, &error)) == NULL)
    status = nnp_cli_input_error (CMD, error);
  if (status == NNP_EXIT_OK && model != NULL && all != NULL && model->theta->d != all->d)
    {
      g_autofree char *what = nnp_cli_data_describe (&data);
      fprintf (stderr, _("nnplay-cli %s: --model %s has %zu inputs but %s has %zu feature columns\n"), CMD,
               model_path, model->theta->d, what, all->d);
      status = NNP_EXIT_INPUT;
    }
  if (status == NNP_EXIT_OK && nnp_cli_figure_needs_plane (&figure))
    {
      size_t d = model != NULL ? model->theta->d : all != NULL ? all->d : 2;
      if (d != 2)
        status = nnp_cli_usage (CMD, _("--figure %s needs 2 input features, not %zu (only --figure cost works)"),
                                nnp_figure_name (figure.fig), d);
    }
  if (status == NNP_EXIT_OK && all != NULL && !nnp_cli_split (all, test_fraction, data.seed, &train, &test))
    status = nnp_cli_usage (CMD, _("--test-fraction %g leaves no training points"), test_fraction);
  if (status == NNP_EXIT_OK && (rows_text != NULL || lr_given) && !NNP_FIGURE_IS_LECTURE (figure.fig))
    status = nnp_cli_usage (CMD, _("--rows and --lr are for --figure lecture, forward, backward or update"));
  if (status == NNP_EXIT_OK && NNP_FIGURE_IS_LECTURE (figure.fig))
    status = nnp_cli_lecture_view (CMD, &view, &lec, model, train, rows_text, lr);
  if (status == NNP_EXIT_OK && lec != NULL)
    figure.lecture_view = &view;
  if (status == NNP_EXIT_OK && !nnp_cli_figure_write (&figure, model, train, test, hist, &error))
    status = nnp_cli_input_error (CMD, error);

  g_clear_pointer (&lec, nnp_lecture_free);
  g_clear_pointer (&hist, nnp_history_free);
  g_clear_pointer (&model, nnp_model_free);
  g_clear_pointer (&session, nnp_session_free);
  g_clear_pointer (&test, nnp_dataset_free);
  g_clear_pointer (&train, nnp_dataset_free);
  g_clear_pointer (&all, nnp_dataset_free);
  g_option_context_free (ctx);
  nnp_cli_figure_clear (&figure);
  nnp_cli_data_clear (&data);
  g_free (model_path);
  g_free (history_path);
  g_free (rows_text);
  g_free (lr_text);
  return status;
}
