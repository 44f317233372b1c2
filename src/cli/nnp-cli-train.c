/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nnp-cli-train.c: `nnplay-cli train`: gradient descent from the command line, with progress and outputs. */
#define G_LOG_DOMAIN "nnplay-cli"
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <nnplay/nnp-modelio.h>
#include <nnplay/nnp-session.h>

#include "nnp-cli.h"

#define CMD "train"
#define PROGRESS_INTERVAL_US (G_USEC_PER_SEC / 4)
/* Frames of --figure evolution / animation: at most this many, and the
 * copies of theta they keep at most SERIES_MAX_BYTES. */
#define SERIES_MAX_FRAMES 2000
#define SERIES_MAX_BYTES ((size_t) 512 << 20)
#define SERIES_DEFAULT_FRAMES 60
/* Panels of one evolution figure: small multiples that stay legible on a
 * slide (--every 1 over 1,500 epochs had drawn 1,501 panels a pixel wide). */
#define EVOLUTION_MAX_PANELS 48

typedef struct {
  NnpCliData data;
  NnpCliFigure figure;
  int hidden;               /* NNP_CLI_HIDDEN_UNSET: not given */
  char *lr_text;            /* --lr, --epochs, --batch, --hidden as given (NULL: not
                             * given; read as text, so that no value typed means that) */
  char *epochs_text, *batch_text, *hidden_text;
  double lr;
  int epochs;
  char *activation;         /* NULL: not given */
  int batch;
  int threads;              /* 0: one per core */
  double test_fraction;
  char *init;
  char *session;            /* --session: the app's run to train again */
  char *save_model;
  char *history;
  gboolean quiet;
  char *at;                 /* --at LIST */
  int frames;               /* --frames N; -1: not given */
  int every;                /* --every K; -1: not given */
} TrainOptions;

static void
train_options_clear (TrainOptions *o)
{
  nnp_cli_data_clear (&o->data);
  nnp_cli_figure_clear (&o->figure);
  g_clear_pointer (&o->activation, g_free);
  g_clear_pointer (&o->init, g_free);
  g_clear_pointer (&o->session, g_free);
  g_clear_pointer (&o->lr_text, g_free);
  g_clear_pointer (&o->epochs_text, g_free);
  g_clear_pointer (&o->batch_text, g_free);
  g_clear_pointer (&o->hidden_text, g_free);
  g_clear_pointer (&o->save_model, g_free);
  g_clear_pointer (&o->history, g_free);
  g_clear_pointer (&o->at, g_free);
}

static const char description[] = N_(
  "Trains the network by (batch) gradient descent and reports the final\n"
  "cost and accuracy on stdout. The points come from --data or --dataset.\n"
  "\n"
  "Defaults: --hidden 4, --lr 0.5, --epochs 1000, --activation sigmoid,\n"
  "--batch 0 (full batch, the lecture's), --test-fraction 0 (no test split),\n"
  "--points 200, --noise 0.1, --seed 1, --figure all, --size 1920x1080.\n"
  "\n"
  "--init MODEL.json starts from a saved model instead of a random one; its\n"
  "inputs must match the data's columns, and its hidden size and activation\n"
  "are used: giving a different --hidden or --activation is a usage error.\n"
  "--epochs 0 with --save-model writes the initial model.\n"
  "\n"
  "--session SESSION.json trains again a run saved by the app: its points\n"
  "and split, its hidden units, activation, learning rate and batch size\n"
  "(--hidden, --activation, --lr and --batch change them), from the weights\n"
  "it started with (its epoch-0 snapshot, else those its seed gives, as the\n"
  "app draws them) for the session's epochs (or --epochs). The summary says\n"
  "whether the result is the session's weights to the bit: it is not when\n"
  "the run changed its settings, points or weights on the way. Sessions\n"
  "trained on z-scores (Standardise) are not taken.\n"
  "\n"
  "--history OUT.csv writes the header\n"
  "  epoch,train_cost,train_accuracy[,test_cost,test_accuracy]\n"
  "and one row per epoch t = 0..N with J(theta^(t)) and the accuracy of\n"
  "theta^(t) (test columns only when there is a test split, i.e. when\n"
  "round(F * points) >= 1 for --test-fraction F).\n"
  "--seed S seeds the generated points (S), the test split (S+1), the\n"
  "initial weights (S+2) and the mini-batch order (S+3), so generate --seed S\n"
  "then train --data gives what train --dataset --seed S gives.\n"
  "--out alone draws --figure all. Figures need 2 inputs, except cost.\n"
  "\n"
  "--figure evolution draws the boundary at the epochs --at lists (default\n"
  "0,10,100,1000 and the last) side by side, \"Epoch N\" under each.\n"
  "--figure animation draws one frame per chosen epoch: a PDF with one page\n"
  "per frame (beamer's animate package takes it as is) or, for OUT.png,\n"
  "OUT-0001.png, OUT-0002.png ... (a run of #s in the name is replaced by\n"
  "the frame number instead). Its epochs: --frames N spread evenly from 0\n"
  "to the last (default 60), --every K (0, K, 2K, ... and the last) or --at.\n"
  "At most 2000 frames.\n"
  "\n"
  "On a terminal a progress line (epoch, cost, epochs/s) is shown on stderr;\n"
  "--quiet silences it and the summary.\n"
  "\n"
  "Ctrl+C during training stops it and writes nothing (exit status 130).\n"
  "\n"
  "Exit status: 0 done, 1 usage error, 2 bad input file (file:line named) or\n"
  "an output that cannot be written, 3 training diverged: the outputs then\n"
  "hold the last finite model and its history up to that epoch.");

static int
check_options (TrainOptions *o)
{
  int status;

  if ((status = nnp_cli_data_check (&o->data, CMD, o->session == NULL)) != NNP_EXIT_OK)
    return status;
  if (o->session != NULL && (o->data.data_path != NULL || o->data.dataset != NULL))
    return nnp_cli_usage (CMD, _("--session brings its own points: leave out --data and --dataset"));
  if (o->session != NULL && o->init != NULL)
    return nnp_cli_usage (CMD, _("give either --session or --init, not both"));
  if (o->session != NULL && o->test_fraction != 0)
    return nnp_cli_usage (CMD, _("--test-fraction needs --data or --dataset: a session's points keep its own split"));
  if (o->session != NULL && o->data.seed_text != NULL)
    return nnp_cli_usage (CMD, _("--session trains with the session's seed: leave out --seed"));
  if ((status = nnp_cli_figure_check (&o->figure, CMD, FALSE)) != NNP_EXIT_OK)
    return status;
  if (o->hidden_text != NULL && (o->hidden < 1 || o->hidden > NNP_CLI_MAX_HIDDEN))
    return nnp_cli_usage (CMD, _("--hidden must be between 1 and %d, not %d"), NNP_CLI_MAX_HIDDEN, o->hidden);
  if (!isfinite (o->lr) || o->lr <= 0)
    return nnp_cli_usage (CMD, _("--lr must be a finite number > 0"));
  if (o->epochs < 0 || o->epochs > NNP_CLI_MAX_EPOCHS)
    return nnp_cli_usage (CMD, _("--epochs must be between 0 and %d (the cost history keeps every epoch), "
                                 "not %d"), NNP_CLI_MAX_EPOCHS, o->epochs);
  if (o->batch < 0)
    return nnp_cli_usage (CMD, _("--batch must be >= 0 (0 = full batch), not %d"), o->batch);
  if (o->threads < 0 || o->threads > 256)
    return nnp_cli_usage (CMD, _("--threads must be between 0 and 256 (0 = one per core), not %d"), o->threads);
  if (!(o->test_fraction >= 0 && o->test_fraction < 1))
    return nnp_cli_usage (CMD, _("--test-fraction must be in [0, 1)"));
  if (o->figure.series == NNP_CLI_SERIES_NONE && (o->at != NULL || o->frames != -1 || o->every != -1))
    return nnp_cli_usage (CMD, _("--at, --frames and --every need --figure evolution or --figure animation"));
  if ((o->at != NULL) + (o->frames != -1) + (o->every != -1) > 1)
    return nnp_cli_usage (CMD, _("give only one of --at, --frames and --every"));
  if (o->frames != -1 && (o->frames < 1 || o->frames > SERIES_MAX_FRAMES))
    return nnp_cli_usage (CMD, _("--frames must be between 1 and %d, not %d"), SERIES_MAX_FRAMES, o->frames);
  if (o->every != -1 && o->every < 1)
    return nnp_cli_usage (CMD, _("--every must be >= 1, not %d"), o->every);
  NnpActivation act;
  if (o->activation != NULL && nnp_activation_from_name (o->activation, &act) != 0)
    return nnp_cli_usage (CMD, _("unknown --activation '%s' (expected sigmoid, tanh or relu)"), o->activation);
  return NNP_EXIT_OK;
}

/* Refuses a network too large to train here (see NNP_CLI_MAX_PARAMS),
 * or, when it is to be saved, too large for a model file nnplay reads
 * back (NNP_CLI_MAX_SAVED_PARAMS). */
static int
check_size (size_t d, size_t h, const char *save_model)
{
  double params = (double) h * ((double) d + 2) + 1;
  if (d > NNP_CLI_MAX_INPUTS)
    {
      /* the data file's fault, not the options' (exit 2, as for any bad input) */
      fprintf (stderr, _("nnplay-cli %s: the data has %zu feature columns, at most %d can be trained on\n"),
               CMD, d, NNP_CLI_MAX_INPUTS);
      return NNP_EXIT_INPUT;
    }
  if (params > NNP_CLI_MAX_PARAMS)
    return nnp_cli_usage (CMD, _("a network of %zu inputs and %zu hidden units has %.0f parameters, at most %d are "
                                 "allowed; use fewer --hidden or fewer columns"), d, h, params, NNP_CLI_MAX_PARAMS);
  if (save_model != NULL && params > NNP_CLI_MAX_SAVED_PARAMS)
    return nnp_cli_usage (CMD, _("--save-model %s: a network of %.0f parameters would make a model file larger "
                                 "than the 64 MB nnplay reads; at most %d parameters can be saved"),
                          save_model, params, NNP_CLI_MAX_SAVED_PARAMS);
  return NNP_EXIT_OK;
}

/* A session's first weights: its epoch-0 snapshot when it has the asked
 * units and activation, else those its seed gives, as the app draws a
 * new run's (nnp-live-trainer.c). */
static int
session_model (const TrainOptions *o, const NnpSession *s, NnpModel **out)
{
  size_t h = o->hidden == NNP_CLI_HIDDEN_UNSET ? s->hidden : (size_t) o->hidden;
  NnpActivation act = s->act;
  if (o->activation != NULL)
    nnp_activation_from_name (o->activation, &act);
  int status = check_size (2, h, o->save_model);
  if (status != NNP_EXIT_OK)
    return status;
  if (s->n_snapshots > 0 && s->snapshots[0].epoch == 0 && s->snapshots[0].model->theta->h == h
      && s->snapshots[0].model->act == act)
    *out = nnp_model_dup (s->snapshots[0].model);
  else if ((*out = nnp_model_alloc (2, h, act)) != NULL)
    nnp_model_init_random (*out, s->seed);
  if (*out == NULL)
    {
      fprintf (stderr, _("nnplay-cli %s: out of memory for a model with %zu hidden units\n"), CMD, h);
      return NNP_EXIT_INPUT;
    }
  return NNP_EXIT_OK;
}

/* The starting model: --init's, or a random one. */
static int
initial_model (const TrainOptions *o, const NnpDataset *ds, NnpModel **out)
{
  *out = NULL;
  if (o->init == NULL)
    {
      int status = check_size (ds->d, o->hidden == NNP_CLI_HIDDEN_UNSET ? NNP_CLI_DEFAULT_HIDDEN : (size_t) o->hidden,
                               o->save_model);
      if (status != NNP_EXIT_OK)
        return status;
    }
  if (o->init != NULL)
    {
      g_autoptr(GError) error = NULL;
      NnpModel *m = nnp_model_load (o->init, &error);
      if (m == NULL)
        return nnp_cli_input_error (CMD, error);
      if (m->theta->d != ds->d)
        {
          g_autofree char *what = nnp_cli_data_describe (&o->data);
          fprintf (stderr, _("nnplay-cli %s: --init %s has %zu inputs but %s has %zu feature columns\n"), CMD,
                   o->init, m->theta->d, what, ds->d);
          nnp_model_free (m);
          return NNP_EXIT_INPUT;
        }
      NnpActivation act = m->act;
      if (o->hidden != NNP_CLI_HIDDEN_UNSET && (size_t) o->hidden != m->theta->h)
        {
          int status = nnp_cli_usage (CMD, _("--hidden %d conflicts with --init %s, which has %zu hidden units"
                                      " (leave --hidden out)"), o->hidden, o->init, m->theta->h);
          nnp_model_free (m);
          return status;
        }
      if (o->activation != NULL && (nnp_activation_from_name (o->activation, &act), act != m->act))
        {
          int status = nnp_cli_usage (CMD, _("--activation %s conflicts with --init %s, which uses %s"
                                      " (leave --activation out)"), o->activation, o->init,
                                      nnp_activation_name (m->act));
          nnp_model_free (m);
          return status;
        }
      int size_status = check_size (m->theta->d, m->theta->h, o->save_model);
      if (size_status != NNP_EXIT_OK)
        {
          nnp_model_free (m);
          return size_status;
        }
      *out = m;
      return NNP_EXIT_OK;
    }

  NnpActivation act = NNP_ACT_SIGMOID;
  if (o->activation != NULL)
    nnp_activation_from_name (o->activation, &act);
  size_t h = o->hidden == NNP_CLI_HIDDEN_UNSET ? NNP_CLI_DEFAULT_HIDDEN : (size_t) o->hidden;
  *out = nnp_model_alloc (ds->d, h, act);
  if (*out == NULL)
    {
      fprintf (stderr, _("nnplay-cli %s: out of memory for a model with %zu hidden units\n"), CMD, h);
      return NNP_EXIT_INPUT;
    }
  nnp_model_init_random (*out, NNP_CLI_SEED_INIT (o->data.seed));
  return NNP_EXIT_OK;
}

static void
progress_show (size_t epoch, size_t epochs, double cost, double rate)
{
  char line[256];
  int n = g_snprintf (line, sizeof line, _("epoch %zu/%zu  cost %.6g  %.0f epochs/s"),
                      epoch, epochs, cost, rate);
  fprintf (stderr, "\r%s%*s", line, n < 70 ? 70 - n : 0, "");
  fflush (stderr);
}

static void
progress_clear (void)
{
  fprintf (stderr, "\r%*s\r", 70, "");
  fflush (stderr);
}

static int
cmp_size (gconstpointer a, gconstpointer b)
{
  size_t x = *(const size_t *) a, y = *(const size_t *) b;
  return (x > y) - (x < y);
}

/* The epochs whose models the evolution or animation shows, sorted and
 * unique, each in [0, epochs]. */
static int
series_epochs (const TrainOptions *o, size_t epochs, GArray *out)
{
  if (o->at != NULL)
    {
      g_auto(GStrv) parts = g_strsplit (o->at, ",", -1);
      for (guint i = 0; parts[i] != NULL; i++)
        {
          guint64 e;
          if (!g_ascii_string_to_unsigned (g_strstrip (parts[i]), 10, 0, G_MAXUINT32, &e, NULL))
            return nnp_cli_usage (CMD, _("--at wants epochs like 0,10,100,1000, not '%s'"), o->at);
          if (e > epochs)
            return nnp_cli_usage (CMD, _("--at %zu is past the last epoch (--epochs %zu)"),
                                  (size_t) MIN (e, (guint64) G_MAXSIZE), epochs);
          size_t v = (size_t) e;
          g_array_append_val (out, v);
        }
      if (out->len == 0)   /* --at "": no epoch at all */
        return nnp_cli_usage (CMD, _("--at wants epochs like 0,10,100,1000, not '%s'"), o->at);
    }
  else if (o->every > 0)
    {
      /* 0, every, 2 every, ..., and the last epoch when it is not one of them */
      if (epochs / (size_t) o->every + 1 + (epochs % (size_t) o->every != 0) > SERIES_MAX_FRAMES)
        return nnp_cli_usage (CMD, _("--every %d gives more than %d frames for --epochs %zu"),
                              o->every, SERIES_MAX_FRAMES, epochs);
      for (size_t e = 0; e <= epochs; e += (size_t) o->every)
        g_array_append_val (out, e);
      g_array_append_val (out, epochs);
    }
  else if (o->figure.series == NNP_CLI_SERIES_ANIMATION)
    {
      size_t n = o->frames > 0 ? (size_t) o->frames : SERIES_DEFAULT_FRAMES;
      for (size_t i = 0; i < n; i++)
        {
          size_t e = n == 1 ? epochs : (size_t) llround ((double) i * (double) epochs / (double) (n - 1));
          g_array_append_val (out, e);
        }
    }
  else
    {
      static const size_t defaults[] = { 0, 10, 100, 1000 };
      for (guint i = 0; i < G_N_ELEMENTS (defaults); i++)
        if (defaults[i] <= epochs)
          g_array_append_val (out, defaults[i]);
      g_array_append_val (out, epochs);
    }
  g_array_sort (out, cmp_size);
  for (guint i = 1; i < out->len;)
    if (g_array_index (out, size_t, i) == g_array_index (out, size_t, i - 1))
      g_array_remove_index (out, i);
    else
      i++;
  if (out->len > SERIES_MAX_FRAMES)
    return nnp_cli_usage (CMD, _("--at lists more than %d epochs"), SERIES_MAX_FRAMES);
  if (o->figure.series == NNP_CLI_SERIES_EVOLUTION && out->len > EVOLUTION_MAX_PANELS)
    return nnp_cli_usage (CMD, _("--figure evolution shows at most %d epochs, not %u (--figure animation "
                                 "draws more, a frame each)"), EVOLUTION_MAX_PANELS, out->len);
  return NNP_EXIT_OK;
}

/* The PNG frames of --figure animation are outputs too: none may be an
 * input or another output (pts-0001.png as --data had been overwritten
 * by frame 1, and a link fig-0002.png written through). */
static int
check_frames (const TrainOptions *o, guint n_frames)
{
  const char *opt[] = { "--data", "--init", "--session", "--save-model", "--history" };
  const char *path[] = { o->data.data_path, o->init, o->session, o->save_model, o->history };
  int status = NNP_EXIT_OK;

  if (o->figure.series != NNP_CLI_SERIES_ANIMATION || o->figure.format != NNP_FORMAT_PNG)
    return NNP_EXIT_OK;
  for (guint i = 0; i < n_frames && status == NNP_EXIT_OK; i++)
    {
      g_autofree char *name = nnp_animation_frame_path (o->figure.out, i);
      for (size_t k = 0; k < G_N_ELEMENTS (path) && status == NNP_EXIT_OK; k++)
        status = nnp_cli_check_not_same (CMD, _("--out's frame"), name, opt[k], path[k]);
    }
  return status;
}

/* Copies of the model at the wanted epochs, taken as training passes them. */
typedef struct {
  const size_t *want;
  size_t n_want, next;
  GArray *frames;           /* NnpPlotFrame, models owned */
} Snapshots;

static void
snapshots_take (Snapshots *s, const NnpModel *model, size_t epoch)
{
  while (s->next < s->n_want && s->want[s->next] < epoch)
    s->next++;
  if (s->next < s->n_want && s->want[s->next] == epoch)
    {
      NnpPlotFrame f = { epoch, nnp_model_dup (model) };
      if (f.model != NULL)
        g_array_append_val (s->frames, f);
      s->next++;
    }
}

static void
snapshots_clear (Snapshots *s)
{
  if (s->frames == NULL)
    return;
  for (guint i = 0; i < s->frames->len; i++)
    nnp_model_free ((NnpModel *) g_array_index (s->frames, NnpPlotFrame, i).model);
  g_array_free (s->frames, TRUE);
  s->frames = NULL;
}

/* Runs the epochs; *done is the number completed. NNP_OK or the failure. */
static NnpStatus
run_epochs (NnpTrainer *trainer, size_t epochs, gboolean progress, size_t *done, double *seconds,
            const NnpModel *model, Snapshots *snaps)
{
  const NnpHistory *hist = nnp_trainer_history (trainer);
  gint64 start = g_get_monotonic_time ();
  gint64 next = start + PROGRESS_INTERVAL_US;
  gboolean shown = FALSE;
  NnpStatus status = NNP_OK;
  size_t t;

  for (t = 0; t < epochs && !nnp_cli_interrupted (); t++)
    {
      status = nnp_trainer_epoch (trainer);
      if (status != NNP_OK)
        break;
      if (snaps != NULL)
        snapshots_take (snaps, model, t + 1);
      if (progress)
        {
          gint64 now = g_get_monotonic_time ();
          if (now >= next)
            {
              double el = (double) (now - start) / G_USEC_PER_SEC;
              progress_show (t + 1, epochs, hist->train_cost[hist->len - 1], (double) (t + 1) / el);
              next = now + PROGRESS_INTERVAL_US;
              shown = TRUE;
            }
        }
    }
  if (shown)
    progress_clear ();
  *done = t;
  *seconds = (double) (g_get_monotonic_time () - start) / G_USEC_PER_SEC;
  return status;
}

static int
write_outputs (const TrainOptions *o, const NnpModel *model, const NnpDataset *train,
               const NnpDataset *test, const NnpHistory *hist, const Snapshots *snaps)
{
  g_autoptr(GError) error = NULL;

  if (o->save_model != NULL && !nnp_model_save (model, o->save_model, &error))
    return nnp_cli_input_error (CMD, error);
  if (o->history != NULL && !nnp_cli_history_write (hist, o->history, &error))
    return nnp_cli_input_error (CMD, error);
  if (o->figure.wanted && o->figure.series != NNP_CLI_SERIES_NONE)
    {
      if (snaps->frames->len == 0)
        {
          fprintf (stderr, _("nnplay-cli %s: training stopped before the first epoch --figure %s asked for; "
                             "no figure written\n"), CMD, o->figure.figure);
          return NNP_EXIT_INPUT;
        }
      if (!nnp_cli_figure_write_series (&o->figure, (const NnpPlotFrame *) snaps->frames->data,
                                        snaps->frames->len, train, test, hist, &error))
        return nnp_cli_input_error (CMD, error);
    }
  else if (o->figure.wanted)
    {
      /* the lecture figures take the step apart with this run's alpha
       * (they had shown the default 0.5 whatever --lr said) */
      NnpCliFigure f = o->figure;
      NnpLectureView view;
      NnpLecture *lec = NULL;
      if (NNP_FIGURE_IS_LECTURE (f.fig) && model->theta->d == train->d)
        {
          int status = nnp_cli_lecture_view (CMD, &view, &lec, model, train, NULL, o->lr);
          if (status != NNP_EXIT_OK)
            return status;
          f.lecture_view = &view;
        }
      gboolean ok = nnp_cli_figure_write (&f, model, train, test, hist, &error);
      nnp_lecture_free (lec);
      if (!ok)
        return nnp_cli_input_error (CMD, error);
    }
  return NNP_EXIT_OK;
}

/* Whether a session's run came out again: its weights, to the bit. */
static void
print_replay (const NnpSession *s, const NnpModel *model, size_t epochs)
{
  const NnpParams *a = model->theta, *b = s->model != NULL ? s->model->theta : NULL;
  double most = 0;

  if (b == NULL || epochs != s->epoch || a->size != b->size || model->act != s->model->act)
    return;
  for (size_t i = 0; i < a->size; i++)
    most = MAX (most, fabs (a->block[i] - b->block[i]));
  if (memcmp (a->block, b->block, a->size * sizeof (double)) == 0)
    printf (_("session: its weights at epoch %zu, to the bit\n"), epochs);
  else
    printf (_("session: not its weights at epoch %zu (they differ by up to %.3g): the run changed its "
              "settings, points or weights on the way\n"), epochs, most);
}

static void
print_summary (const NnpHistory *hist, const NnpDataset *train, const NnpDataset *test,
               size_t epochs, double seconds)
{
  size_t last = hist->len - 1;

  if (epochs > 0 && seconds > 0)
    printf (_("epochs: %zu in %.3g s (%.0f epochs/s)\n"), epochs, seconds, (double) epochs / seconds);
  else
    printf (_("epochs: %zu\n"), epochs);
  printf (_("train: cost %.6g, accuracy %.4g (%zu points)\n"),
          hist->train_cost[last], hist->train_acc[last], train->n);
  if (hist->has_test)
    printf (_("test:  cost %.6g, accuracy %.4g (%zu points)\n"),
            hist->test_cost[last], hist->test_acc[last], test->n);
}

int
nnp_cli_train (int argc, char **argv)
{
  TrainOptions o = { .hidden = NNP_CLI_HIDDEN_UNSET, .frames = -1, .every = -1 };
  nnp_cli_data_init (&o.data);
  nnp_cli_figure_init (&o.figure);
  o.figure.allow_series = TRUE;

  const GOptionEntry entries[] = {
    { "hidden", 0, 0, G_OPTION_ARG_STRING, &o.hidden_text, N_("Hidden units h (default 4)"), N_("H") },
    { "lr", 0, 0, G_OPTION_ARG_STRING, &o.lr_text, N_("Learning rate alpha (default 0.5)"), N_("A") },
    { "epochs", 0, 0, G_OPTION_ARG_STRING, &o.epochs_text, N_("Epochs of gradient descent (default 1000)"), N_("N") },
    { "activation", 0, 0, G_OPTION_ARG_STRING, &o.activation,
      N_("Hidden activation: sigmoid (default), tanh or relu"), N_("NAME") },
    { "batch", 0, 0, G_OPTION_ARG_STRING, &o.batch_text, N_("Mini-batch size; 0 = full batch (default)"), N_("B") },
    { "threads", 0, 0, G_OPTION_ARG_INT, &o.threads,
      N_("Threads for large data sets; 0 = one per core (default); the result is the same for any N"), N_("N") },
    { "test-fraction", 0, 0, G_OPTION_ARG_DOUBLE, &o.test_fraction,
      N_("Hold out this fraction of the points as a test set (default 0)"), N_("F") },
    { "init", 0, 0, G_OPTION_ARG_FILENAME, &o.init, N_("Start from this saved model"), N_("MODEL.json") },
    { "session", 0, 0, G_OPTION_ARG_FILENAME, &o.session,
      N_("Train again a run saved by the app: its points, settings and first weights"), N_("SESSION.json") },
    { "save-model", 0, 0, G_OPTION_ARG_FILENAME, &o.save_model, N_("Save the trained model"), N_("OUT.json") },
    { "history", 0, 0, G_OPTION_ARG_FILENAME, &o.history, N_("Write the cost and accuracy per epoch"), N_("OUT.csv") },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &o.quiet, N_("No progress line and no summary"), NULL },
    { "at", 0, 0, G_OPTION_ARG_STRING, &o.at,
      N_("Epochs for --figure evolution or animation (default 0,10,100,1000 and the last)"), N_("LIST") },
    { "frames", 0, 0, G_OPTION_ARG_INT, &o.frames,
      N_("Frames of --figure animation, spread evenly over the epochs (default 60)"), N_("N") },
    { "every", 0, 0, G_OPTION_ARG_INT, &o.every,
      N_("A frame of --figure animation every K epochs"), N_("K") },
    { NULL, 0, 0, 0, NULL, NULL, NULL }
  };
  g_autofree GOptionEntry *data_entries = nnp_cli_data_entries (&o.data, TRUE);
  g_autofree GOptionEntry *figure_entries = nnp_cli_figure_entries (&o.figure);

  GOptionContext *ctx = g_option_context_new (NULL);
  g_option_context_set_translation_domain (ctx, GETTEXT_PACKAGE);
  g_option_context_set_summary (ctx, N_("Train the one-hidden-layer network by gradient descent."));
  g_option_context_set_description (ctx, description);
  g_option_context_add_main_entries (ctx, entries, NULL);
  g_option_context_add_main_entries (ctx, data_entries, NULL);
  g_option_context_add_main_entries (ctx, figure_entries, NULL);

  NnpDataset *all = NULL, *train = NULL, *test = NULL;
  NnpModel *model = NULL;
  NnpHistory *hist = NULL;
  NnpTrainer *trainer = NULL;
  NnpSession *session = NULL;
  gboolean settings_given = FALSE;
  g_autoptr(GArray) want = g_array_new (FALSE, FALSE, sizeof (size_t));
  Snapshots snaps = { 0 };

  int status = nnp_cli_parse (ctx, CMD, argc, argv);
  if (status == NNP_EXIT_OK && o.session != NULL)
    {
      g_autoptr(GError) error = NULL;
      if ((session = nnp_session_load (o.session, &error)) == NULL)
        status = nnp_cli_input_error (CMD, error);
      else if (session->standardize)
        {
          fprintf (stderr, _("nnplay-cli %s: %s trained on z-scores (Standardise), which train cannot do again\n"),
                   CMD, o.session);
          status = NNP_EXIT_INPUT;
        }
    }
  if (status == NNP_EXIT_OK && o.lr_text != NULL)
    status = nnp_cli_parse_lr (CMD, o.lr_text, &o.lr);
  if (status == NNP_EXIT_OK && o.epochs_text != NULL)
    status = nnp_cli_parse_int (CMD, "--epochs", o.epochs_text, &o.epochs);
  if (status == NNP_EXIT_OK && o.batch_text != NULL)
    status = nnp_cli_parse_int (CMD, "--batch", o.batch_text, &o.batch);
  if (status == NNP_EXIT_OK && o.hidden_text != NULL)
    status = nnp_cli_parse_int (CMD, "--hidden", o.hidden_text, &o.hidden);
  if (status == NNP_EXIT_OK)
    {
      /* not given: the defaults, or the session's */
      settings_given = o.lr_text != NULL || o.batch_text != NULL || o.hidden != NNP_CLI_HIDDEN_UNSET
                       || o.activation != NULL;
      if (o.lr_text == NULL)
        o.lr = session != NULL ? session->lr : NNP_CLI_DEFAULT_LR;
      if (o.batch_text == NULL)
        o.batch = session != NULL ? (int) MIN (session->batch, (size_t) G_MAXINT) : 0;
      if (o.epochs_text == NULL && session != NULL && session->epoch > NNP_CLI_MAX_EPOCHS)
        status = nnp_cli_usage (CMD, _("%s is at epoch %zu, past the %d train runs: give --epochs"), o.session,
                                session->epoch, NNP_CLI_MAX_EPOCHS);
      else if (o.epochs_text == NULL)
        o.epochs = session != NULL ? (int) session->epoch : NNP_CLI_DEFAULT_EPOCHS;
    }
  if (status == NNP_EXIT_OK)
    status = check_options (&o);
  if (status == NNP_EXIT_OK)
    status = nnp_cli_check_output (CMD, "--save-model", o.save_model);
  if (status == NNP_EXIT_OK)
    status = nnp_cli_check_output (CMD, "--history", o.history);
  if (status == NNP_EXIT_OK && o.figure.wanted)
    status = nnp_cli_check_output (CMD, "--out", o.figure.out);
  /* no output over an input or another output (--init and --save-model
   * may be one file: the model is read first and replaced at the end) */
  {
    const char *out_opt[] = { "--save-model", "--history", "--out" };
    const char *out[] = { o.save_model, o.history, o.figure.wanted ? o.figure.out : NULL };
    const char *in_opt[] = { "--data", "--init", "--session" };
    const char *in[] = { o.data.data_path, o.init, o.session };
    for (size_t i = 0; i < G_N_ELEMENTS (out) && status == NNP_EXIT_OK; i++)
      {
        for (size_t k = 0; k < G_N_ELEMENTS (in) && status == NNP_EXIT_OK; k++)
          if (!(i == 0 && k == 1))
            status = nnp_cli_check_not_same (CMD, out_opt[i], out[i], in_opt[k], in[k]);
        for (size_t k = 0; k < i && status == NNP_EXIT_OK; k++)
          status = nnp_cli_check_not_same (CMD, out_opt[i], out[i], out_opt[k], out[k]);
      }
  }
  if (status == NNP_EXIT_OK && session != NULL)
    status = nnp_cli_session_split (CMD, o.session, session, TRUE, &train, &test);
  if (status == NNP_EXIT_OK && session != NULL)
    status = session_model (&o, session, &model);
  if (status == NNP_EXIT_OK && session == NULL)
    status = nnp_cli_data_load (&o.data, CMD, &all);
  if (status == NNP_EXIT_OK && session == NULL)
    status = initial_model (&o, all, &model);
  if (status == NNP_EXIT_OK)
    status = nnp_cli_figure_check_model (&o.figure, CMD, model);
  if (status == NNP_EXIT_OK && session == NULL && nnp_cli_figure_needs_plane (&o.figure) && all->d != 2)
    status = nnp_cli_usage (CMD, _("--figure %s needs 2 input features, the data has %zu (only --figure cost works)"),
                            nnp_figure_name (o.figure.fig), all->d);
  /* Without a test split the points are the training set as they are,
   * not a copy (a 1 GB CSV had kept its 4 GB of points twice); with one,
   * the whole set goes once split. */
  if (status == NNP_EXIT_OK && session != NULL)
    ;   /* the session's split, above */
  else if (status == NNP_EXIT_OK && o.test_fraction <= 0)
    train = g_steal_pointer (&all);
  else if (status == NNP_EXIT_OK && !nnp_cli_split (all, o.test_fraction, o.data.seed, &train, &test))
    status = nnp_cli_usage (CMD, _("--test-fraction %g leaves no training points out of %zu"),
                            o.test_fraction, all->n);
  if (status == NNP_EXIT_OK)
    g_clear_pointer (&all, nnp_dataset_free);
  if (status == NNP_EXIT_OK && o.figure.series != NNP_CLI_SERIES_NONE)
    {
      status = series_epochs (&o, (size_t) o.epochs, want);
      if (status == NNP_EXIT_OK)
        status = check_frames (&o, want->len);
      if (status == NNP_EXIT_OK && want->len * model->theta->size * sizeof (double) > SERIES_MAX_BYTES)
        status = nnp_cli_usage (CMD, _("%u copies of a model with %zu hidden units need more than %zu MiB; "
                                       "ask for fewer frames"), want->len, model->theta->h,
                                SERIES_MAX_BYTES >> 20);
      snaps.want = (const size_t *) want->data;
      snaps.n_want = want->len;
      snaps.frames = g_array_new (FALSE, FALSE, sizeof (NnpPlotFrame));
      if (status == NNP_EXIT_OK)
        snapshots_take (&snaps, model, 0);
    }
  if (status != NNP_EXIT_OK)
    goto out;

  hist = nnp_history_new (test != NULL);
  /* Up to 2^20 rows up front, so the loop of a usual run allocates nothing;
   * a longer one grows the history as it goes (--epochs 2^31 reserved
   * 64 GiB before the first epoch). */
  if (hist == NULL || nnp_history_reserve (hist, MIN ((size_t) o.epochs + 1, (size_t) 1 << 20)) != 0)
    {
      status = nnp_cli_usage (CMD, _("not enough memory for the history of --epochs %d"), o.epochs);
      goto out;
    }
  /* a session's mini-batches in the app's order: from its seed */
  NnpTrainOptions topt = { .lr = o.lr, .batch = (size_t) o.batch,
                           .seed = session != NULL ? session->seed : NNP_CLI_SEED_BATCH (o.data.seed),
                           .threads = o.threads > 0 ? (unsigned) o.threads : g_get_num_processors () };
  trainer = nnp_trainer_new (model, train, test, hist, &topt);
  if (trainer == NULL)
    {
      status = nnp_cli_usage (CMD, _("the trainer refused these settings"));
      goto out;
    }

  gboolean progress = !o.quiet && isatty (STDERR_FILENO);
  size_t done = 0;
  double seconds = 0;
  nnp_cli_catch_interrupt ();
  NnpStatus st = run_epochs (trainer, (size_t) o.epochs, progress, &done, &seconds, model,
                             snaps.frames != NULL ? &snaps : NULL);
  if (nnp_cli_interrupted ())
    {
      fprintf (stderr, _("nnplay-cli %s: interrupted after %zu of %d epochs; nothing written\n"),
               CMD, done, o.epochs);
      status = NNP_EXIT_INTERRUPTED;
      goto out;
    }
  /* From here a Ctrl+C ends the process: each output is either written
   * whole or not at all (nnp-io.c). */
  nnp_cli_release_interrupt ();
  if (st == NNP_DIVERGED)
    {
      fprintf (stderr,
               _("nnplay-cli %s: training diverged in epoch %zu: the cost or a parameter became infinite or NaN.\n"
                 "Try a smaller learning rate than --lr %g. Outputs hold the last finite model (epoch %zu).\n"),
               CMD, done + 1, o.lr, done);
      status = NNP_EXIT_DIVERGED;
    }
  else if (st != NNP_OK)
    {
      fprintf (stderr, _("nnplay-cli %s: training failed in epoch %zu (%s)\n"), CMD, done + 1,
               st == NNP_ENOMEM ? _("out of memory") : _("invalid arguments"));
      status = NNP_EXIT_INPUT;
      goto out;
    }

  int wstatus = write_outputs (&o, model, train, test, hist, &snaps);
  if (wstatus != NNP_EXIT_OK)
    {
      status = wstatus;
      goto out;
    }
  if (!o.quiet)
    print_summary (hist, train, test, done, seconds);
  if (!o.quiet && session != NULL && !settings_given && st == NNP_OK)
    print_replay (session, model, done);

out:
  g_clear_pointer (&session, nnp_session_free);
  snapshots_clear (&snaps);
  g_clear_pointer (&trainer, nnp_trainer_free);
  g_clear_pointer (&hist, nnp_history_free);
  g_clear_pointer (&model, nnp_model_free);
  g_clear_pointer (&test, nnp_dataset_free);
  g_clear_pointer (&train, nnp_dataset_free);
  g_clear_pointer (&all, nnp_dataset_free);
  g_option_context_free (ctx);
  train_options_clear (&o);
  return status;
}
