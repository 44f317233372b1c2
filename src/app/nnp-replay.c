/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nnp-replay.c: training a run again from its seed, copying the model at chosen epochs. */
#define G_LOG_DOMAIN "nnplay-replay"
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>
#include <nnplay/nnp-error.h>

#include "nnp-replay.h"

void
nnp_replay_free (NnpReplay *r)
{
  if (r == NULL)
    return;
  nnp_dataset_free (r->train);
  nnp_dataset_free (r->test);
  nnp_model_free (r->current);
  nnp_snapshots_free (r->snaps);
  g_free (r);
}

void
nnp_replay_frames_free (GArray *frames)
{
  if (frames == NULL)
    return;
  for (guint i = 0; i < frames->len; i++)
    nnp_model_free ((NnpModel *) g_array_index (frames, NnpPlotFrame, i).model);
  g_array_free (frames, TRUE);
}

static gboolean
take (GArray *frames, const NnpReplay *r, const NnpModel *m, size_t epoch)
{
  NnpPlotFrame f = { epoch, NULL };
  NnpModel *copy = nnp_model_dup (m);

  if (copy == NULL)
    return FALSE;
  if (r->standardized)
    nnp_model_unstandardize (copy, m, r->mean, r->sd);
  f.model = copy;
  g_array_append_val (frames, f);
  return TRUE;
}

/* The run's own model at epoch: the present, or a snapshot kept at
 * exactly that epoch; else NULL. */
static const NnpModel *
kept_model (const NnpReplay *r, size_t epoch)
{
  size_t found = 0;
  const NnpModel *m;

  if (epoch == r->epochs && r->current != NULL)
    return r->current;
  m = r->snaps != NULL ? nnp_snapshots_find (r->snaps, epoch, &found) : NULL;
  return m != NULL && found == epoch ? m : NULL;
}

GArray *
nnp_replay_run (const NnpReplay *r, const size_t *epochs, size_t n_epochs,
                GCancellable *cancellable, NnpReplayProgress progress, gpointer data,
                gboolean *same, GError **error)
{
  g_autoptr(GArray) frames = NULL;
  NnpModel *m;
  NnpHistory *hist;
  NnpTrainer *trainer;
  size_t last, next = 0;
  gboolean ok = TRUE;

  g_return_val_if_fail (r != NULL && r->train != NULL, NULL);
  g_return_val_if_fail (epochs != NULL || n_epochs == 0, NULL);
  if (n_epochs == 0 || r->train->n == 0 || r->cfg.hidden < 1)
    {
      g_set_error (error, NNP_ERROR, NNP_ERROR_INVALID, _("No epochs to show, or no training points"));
      return NULL;
    }
  last = epochs[n_epochs - 1];
  frames = g_array_new (FALSE, FALSE, sizeof (NnpPlotFrame));

  /* The run's own models when it kept every epoch asked for (and the
   * present): exactly what the class saw, with the edits made along the
   * way, and no training (a run whose alpha or h changed had been drawn
   * as a replay with today's settings, another run). */
  {
    gboolean all = r->snaps != NULL;
    for (size_t i = 0; all && i < n_epochs; i++)
      all = kept_model (r, epochs[i]) != NULL;
    for (size_t i = 0; all && i < n_epochs; i++)
      {
        if (!take (frames, r, kept_model (r, epochs[i]), epochs[i]))
          {
            g_set_error (error, NNP_ERROR, NNP_ERROR_INVALID, _("Out of memory for the replay"));
            nnp_replay_frames_free (g_steal_pointer (&frames));
            return NULL;
          }
      }
    if (all)
      {
        if (same != NULL)
          *same = TRUE;
        if (progress != NULL)
          progress (1.0, data);
        return g_steal_pointer (&frames);
      }
  }
  m = nnp_model_alloc (r->train->d, r->cfg.hidden, r->cfg.act);
  hist = nnp_history_new (r->test != NULL && r->test->n > 0);
  if (m == NULL || hist == NULL)
    {
      nnp_model_free (m);
      nnp_history_free (hist);
      g_set_error (error, NNP_ERROR, NNP_ERROR_INVALID, _("Out of memory for the replay"));
      return NULL;
    }
  nnp_model_init_random (m, r->cfg.seed);
  {
    NnpTrainOptions opt = { .lr = r->cfg.lr, .batch = r->cfg.batch, .seed = r->cfg.seed,
                            .threads = (unsigned) MAX (1, (int) g_get_num_processors () - 1) };
    trainer = nnp_trainer_new (m, r->train, r->test != NULL && r->test->n > 0 ? r->test : NULL, hist, &opt);
  }
  if (trainer == NULL)
    {
      nnp_model_free (m);
      nnp_history_free (hist);
      g_set_error (error, NNP_ERROR, NNP_ERROR_INVALID, _("These data cannot be trained on"));
      return NULL;
    }

  for (size_t t = 0;; t++)
    {
      if (next < n_epochs && epochs[next] == t)
        {
          ok = take (frames, r, m, t);
          next++;
        }
      if (same != NULL && t == r->epochs && r->current != NULL)
        *same = r->current->theta->size == m->theta->size
                && memcmp (r->current->theta->block, m->theta->block, m->theta->size * sizeof (double)) == 0;
      if (!ok || t >= last)
        break;
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          ok = FALSE;
          break;
        }
      if (nnp_trainer_epoch (trainer) != NNP_OK)
        {
          g_set_error (error, NNP_ERROR, NNP_ERROR_INVALID,
                       _("The replay diverged at epoch %zu; the figure cannot show later epochs"), t + 1);
          ok = FALSE;
          break;
        }
      if (progress != NULL && (t & 63) == 0)
        progress ((double) t / (double) MAX (last, 1), data);
    }
  nnp_trainer_free (trainer);
  nnp_history_free (hist);
  nnp_model_free (m);
  if (!ok)
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, NNP_ERROR, NNP_ERROR_INVALID, _("Out of memory for the replay"));
      nnp_replay_frames_free (g_steal_pointer (&frames));
      return NULL;
    }
  if (progress != NULL)
    progress (1.0, data);
  return g_steal_pointer (&frames);
}

static int
cmp_size (gconstpointer a, gconstpointer b)
{
  size_t x = *(const size_t *) a, y = *(const size_t *) b;
  return (x > y) - (x < y);
}

static void
sort_unique (GArray *a)
{
  g_array_sort (a, cmp_size);
  for (guint i = 1; i < a->len;)
    if (g_array_index (a, size_t, i) == g_array_index (a, size_t, i - 1))
      g_array_remove_index (a, i);
    else
      i++;
}

GArray *
nnp_replay_parse_epochs (const char *text, size_t last, GError **error)
{
  g_auto(GStrv) parts = NULL;
  GArray *out;

  g_return_val_if_fail (text != NULL, NULL);
  parts = g_strsplit (text, ",", -1);
  out = g_array_new (FALSE, FALSE, sizeof (size_t));
  for (guint i = 0; parts[i] != NULL; i++)
    {
      const char *p = g_strstrip (parts[i]);
      guint64 e;
      size_t v;

      if (*p == '\0')
        continue;
      /* "every K": 0, K, 2K, ... up to last */
      if (g_ascii_strncasecmp (p, "every", 5) == 0 || g_str_has_prefix (p, _("every")))
        {
          const char *k = p + (g_ascii_strncasecmp (p, "every", 5) == 0 ? 5 : strlen (_("every")));
          guint64 step;
          while (*k == ' ')
            k++;
          if (!g_ascii_string_to_unsigned (k, 10, 1, G_MAXUINT32, &step, NULL) || last / step + 1 > 2000)
            {
              g_set_error (error, NNP_ERROR, NNP_ERROR_INVALID,
                           _("“%s”: write “every K” with K from 1 up, at most 2000 frames"), p);
              g_array_free (out, TRUE);
              return NULL;
            }
          for (size_t at = 0; at <= last; at += (size_t) step)
            g_array_append_val (out, at);
          continue;
        }
      if (g_ascii_strcasecmp (p, "last") == 0 || g_strcmp0 (p, _("last")) == 0)
        e = last;
      else if (!g_ascii_string_to_unsigned (p, 10, 0, G_MAXUINT32, &e, NULL))
        {
          g_set_error (error, NNP_ERROR, NNP_ERROR_INVALID,
                       _("“%s” is not an epoch: write whole numbers separated by commas, e.g. 0, 10, 100, last"), p);
          g_array_free (out, TRUE);
          return NULL;
        }
      if (e > last)
        {
          g_set_error (error, NNP_ERROR, NNP_ERROR_INVALID,
                       _("Epoch %zu is not reached yet (the run is at epoch %zu)"), (size_t) e, last);
          g_array_free (out, TRUE);
          return NULL;
        }
      v = (size_t) e;
      g_array_append_val (out, v);
    }
  if (out->len == 0)
    {
      g_set_error (error, NNP_ERROR, NNP_ERROR_INVALID, _("No epochs given"));
      g_array_free (out, TRUE);
      return NULL;
    }
  sort_unique (out);
  return out;
}

GArray *
nnp_replay_spread_epochs (size_t n, size_t last)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (size_t));

  for (size_t i = 0; i < n; i++)
    {
      size_t e = n == 1 ? last : (size_t) llround ((double) i * (double) last / (double) (n - 1));
      g_array_append_val (out, e);
    }
  sort_unique (out);
  return out;
}
