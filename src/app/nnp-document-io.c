/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nnp-document-io.c: NnpDocument to and from files: CSV points, sessions. */
#define G_LOG_DOMAIN "nnplay-document"
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>
#include <nnplay/nnp-csv.h>
#include <nnplay/nnp-error.h>
#include <nnplay/nnp-snapshots.h>

#include "nnp-document-private.h"

/* A file's name as the title and labels show it: valid UTF-8, without
 * control characters or the marks that reverse text direction (a
 * session's "evil\u202enosj.session" had shown as "evilnosj.session"
 * written backwards, a newline had broken the label), each replaced by
 * U+FFFD. */
char *
nnp_display_name (const char *name)
{
  if (name == NULL)
    return NULL;
  g_autofree char *valid = g_utf8_make_valid (name, -1);
  GString *out = g_string_new (NULL);
  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      gboolean bidi = c == 0x061C || c == 0x200E || c == 0x200F || (c >= 0x202A && c <= 0x202E)
                      || (c >= 0x2066 && c <= 0x2069) || c == 0x2028 || c == 0x2029;
      g_string_append_unichar (out, g_unichar_iscntrl (c) || bidi ? 0xFFFD : c);
    }
  return g_string_free (out, FALSE);
}

static void
set_file (NnpDocument *self, GFile *file, const char *name)
{
  g_set_object (&self->file, file);
  g_free (self->name);
  self->name = nnp_display_name (name);
  g_object_notify (G_OBJECT (self), "file");
}

/* theta at past epochs, so the timeline works in a reopened session
 * (and after a crash): those up to the session's epoch (a running
 * trainer may already be past what the view shows). */
static void
snapshots_to_session (NnpDocument *self, NnpSession *s)
{
  NnpSnapshots *snaps = nnp_live_trainer_dup_snapshots (self->trainer);
  size_t n = snaps != NULL ? MIN (nnp_snapshots_len (snaps), (size_t) NNP_SESSION_MAX_SNAPSHOTS) : 0;

  if (n == 0)
    {
      nnp_snapshots_free (snaps);
      return;
    }
  s->snapshots = g_new0 (NnpSessionSnapshot, n);
  for (size_t i = 0; i < n; i++)
    {
      size_t epoch;
      const NnpModel *m = nnp_snapshots_nth (snaps, i, &epoch);
      if (epoch > s->epoch)
        break;
      s->snapshots[i].epoch = epoch;
      s->snapshots[i].model = nnp_model_dup (m);
      if (s->snapshots[i].model == NULL)
        break;
      s->n_snapshots = i + 1;
    }
  nnp_snapshots_free (snaps);
}

/* The session's snapshots into the trainer's store, after its model. */
static void
snapshots_from_session (NnpDocument *self, const NnpSession *s)
{
  if (s->n_snapshots == 0 || s->model == NULL)
    return;
  NnpSnapshots *snaps = nnp_snapshots_new ();
  gboolean ok = snaps != NULL;
  for (size_t i = 0; ok && i < s->n_snapshots; i++)
    ok = nnp_snapshots_append (snaps, s->snapshots[i].epoch, s->snapshots[i].model) == 0;
  if (ok)
    nnp_live_trainer_set_snapshots (self->trainer, snaps);
  nnp_snapshots_free (snaps);
}

NnpSession *
nnp_document_to_session (NnpDocument *self)
{
  g_autoptr (NnpSession) s = nnp_session_new ();
  const NnpDataset *ds;
  const NnpOrigin *o;
  const NnpLiveView *v;

  g_return_val_if_fail (NNP_IS_DOCUMENT (self), NULL);
  nnp_document_sync (self);
  ds = nnp_point_set_data (self->points);
  o = nnp_point_set_get_origin (self->points);
  v = &self->view;

  nnp_dataset_free (s->points);
  s->points = nnp_dataset_dup (ds);
  g_free (s->is_test);
  s->is_test = ds->n > 0 ? g_memdup2 (nnp_point_set_mask (self->points), ds->n) : NULL;
  s->test_fraction = nnp_point_set_test_fraction (self->points);
  s->standardize = self->standardize;
  s->lr = self->cfg.lr;
  s->hidden = self->cfg.hidden;
  s->act = self->cfg.act;
  s->batch = self->cfg.batch;
  s->seed = self->cfg.seed;
  g_free (s->generator);
  s->generator = o->kind == NNP_ORIGIN_GENERATED ? g_strdup (nnp_generator_name (o->generator)) : NULL;
  s->n_points = self->n_points;
  s->noise = self->noise;
  s->origin_file = o->kind == NNP_ORIGIN_FILE ? g_strdup (o->file) : NULL;
  if (v->model != NULL)
    {
      s->model = nnp_model_dup (v->model);
      s->hidden = s->model->theta->h;
      s->act = s->model->act;
    }
  if (v->history != NULL)
    {
      nnp_history_free (s->history);
      s->history = nnp_history_dup (v->history);
    }
  /* The true epoch: a thinned curve's last entry may be a few epochs older. */
  s->epoch = v->epochs;
  s->history_stride = MAX (v->history_stride, (size_t) 1);
  nnp_document_pins_to_session (self, s);
  nnp_document_markers_to_session (self, s);
  if (v->model != NULL)
    snapshots_to_session (self, s);
  s->has_view = TRUE;
  s->view[0] = self->state.xmin;
  s->view[1] = self->state.xmax;
  s->view[2] = self->state.ymin;
  s->view[3] = self->state.ymax;
  s->speed = self->cfg.speed;
  s->log_cost = self->state.log_cost;
  s->unit_lines = self->state.unit_lines;
  s->unit = self->state.unit < (int) s->hidden ? self->state.unit : -1;
  return g_steal_pointer (&s);
}

/* Everything of the session, as one undoable change of the points and a
 * new run from its weights (or its seed when it has none). */
static void
apply_session (NnpDocument *self, const NnpSession *s)
{
  NnpOrigin o = { .kind = NNP_ORIGIN_HAND, .n_points = s->n_points, .noise = s->noise,
                  .seed = s->seed };
  g_autofree char *safe_origin = NULL;
  NnpGenerator gen = NNP_GEN_MOONS;
  GObject *obj = G_OBJECT (self);

  g_object_freeze_notify (obj);
  /* The fields first, as set_property would, without their side effects. */
  nnp_document_set_running (self, FALSE);
  self->cfg.lr = CLAMP (s->lr, NNP_LR_MIN, NNP_LR_MAX);
  self->cfg.hidden = s->hidden;
  self->cfg.act = s->act;
  self->cfg.batch = s->batch;
  self->cfg.seed = MIN (s->seed, NNP_SEED_MAX);
  self->cfg.speed = MIN (s->speed, NNP_SPEED_MAX);
  self->test_fraction = MIN (s->test_fraction, NNP_TEST_FRACTION_MAX);
  self->standardize = s->standardize;
  if (s->n_points >= 2)
    self->n_points = (guint) MIN (s->n_points, NNP_SESSION_MAX_POINTS);
  self->noise = isfinite (s->noise) ? CLAMP (s->noise, 0.0, NNP_NOISE_MAX) : self->noise;
  /* the origin says the same as the fields (it had taken the file's
   * noise 1e308 and 0 points: regenerated points then were not finite,
   * and the session could no longer be saved) */
  o.n_points = self->n_points;
  o.noise = self->noise;
  o.seed = self->cfg.seed;
  if (s->generator != NULL && nnp_generator_from_name (s->generator, &gen))
    self->generator = gen;
  self->state.log_cost = s->log_cost;
  self->state.unit_lines = s->unit_lines;
  self->state.unit = s->unit;
  {
    static const char *const fields[] = { "learning-rate", "hidden-units", "activation",
                                          "batch-size", "seed", "speed", "test-fraction",
                                          "n-points", "noise", "generator", "log-cost",
                                          "unit-lines", "selected-unit", "standardize" };
    for (gsize i = 0; i < G_N_ELEMENTS (fields); i++)
      g_object_notify (obj, fields[i]);
  }

  nnp_live_trainer_set_lr (self->trainer, self->cfg.lr);
  nnp_live_trainer_set_batch (self->trainer, self->cfg.batch);
  nnp_live_trainer_set_seed (self->trainer, self->cfg.seed);
  nnp_live_trainer_set_speed (self->trainer, self->cfg.speed);

  /* Another document: the earlier one's steps cannot be undone into it
   * (its points had come back under the session's weights and run). */
  nnp_point_set_replace_masked (self->points, s->points, s->is_test, s->test_fraction);
  nnp_point_set_forget (self->points);
  o.generator = self->generator;
  if (s->generator != NULL)
    o.kind = NNP_ORIGIN_GENERATED;
  else if (s->origin_file != NULL)
    {
      o.kind = NNP_ORIGIN_FILE;
      o.file = safe_origin = nnp_display_name (s->origin_file);
    }
  if (s->has_view && nnp_view_is_drawable (s->view[0], s->view[1], s->view[2], s->view[3]))
    o.xmin = s->view[0], o.xmax = s->view[1], o.ymin = s->view[2], o.ymax = s->view[3];
  else
    nnp_document_fit_origin_view (self, &o);
  nnp_point_set_set_origin (self->points, &o);   /* copies o.file */
  nnp_document_points_changed (self, FALSE);
  /* a session's weights: earlier weight edits, or an earlier run's
   * branch, cannot come back */
  nnp_document_params_forget (self);
  nnp_document_history_forget (self);
  nnp_document_notify_undo (self);

  nnp_document_pins_from_session (self, s);
  if (s->model != NULL)
    {
      nnp_live_trainer_set_model (self->trainer, s->model, s->history, s->epoch, s->history_stride);
      snapshots_from_session (self, s);
    }
  else
    {
      nnp_live_trainer_set_hidden (self->trainer, s->hidden);
      nnp_live_trainer_set_activation (self->trainer, s->act);
      nnp_live_trainer_reset (self->trainer, self->cfg.seed);
    }
  g_object_thaw_notify (obj);
}

/* Only local regular files: a FIFO or a device would block or never end. */
static char *
regular_file_path (GFile *file, GError **error)
{
  g_autofree char *path = g_file_get_path (file);
  g_autoptr (GFileInfo) info = NULL;
  g_autofree char *name = g_file_get_basename (file);

  if (path == NULL)
    {
      g_set_error (error, NNP_ERROR, NNP_ERROR_IO, _("%s: only local files can be opened"), name);
      return NULL;
    }
  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_TYPE, G_FILE_QUERY_INFO_NONE, NULL, error);
  if (info == NULL)
    return NULL;
  if (g_file_info_get_file_type (info) == G_FILE_TYPE_SYMBOLIC_LINK)
    {
      /* followed, it is still a link: it leads nowhere */
      g_set_error (error, NNP_ERROR, NNP_ERROR_IO,
                   _("%s: a symbolic link that leads to no file (a loop of links, or its target is gone)"),
                   name);
      return NULL;
    }
  if (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
    {
      g_set_error (error, NNP_ERROR, NNP_ERROR_IO,
                   _("%s: not a regular file (a folder, device or pipe cannot be opened)"), name);
      return NULL;
    }
  return g_steal_pointer (&path);
}

/* A session is a JSON object: the first non-blank byte is '{'. */
static gboolean
sniff_json (const char *path, gboolean *json, GError **error)
{
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GFileInputStream) in = g_file_read (file, NULL, error);
  char buf[512];
  gssize got;

  if (in == NULL)
    return FALSE;
  *json = FALSE;
  gboolean first = TRUE;
  while ((got = g_input_stream_read (G_INPUT_STREAM (in), buf, sizeof buf, NULL, error)) > 0)
    {
      gssize i = 0;
      /* a UTF-8 byte order mark before it, as the JSON reader allows */
      if (first && got >= 3 && memcmp (buf, "\xef\xbb\xbf", 3) == 0)
        i = 3;
      first = FALSE;
      for (; i < got; i++)
        if (!g_ascii_isspace (buf[i]))
          {
            *json = buf[i] == '{';
            return TRUE;
          }
    }
  return got == 0;
}

gboolean
nnp_document_is_session_file (GFile *file)
{
  g_autofree char *path = NULL;
  gboolean json = FALSE;

  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  return (path = regular_file_path (file, NULL)) != NULL && sniff_json (path, &json, NULL) && json;
}

/* The session's learning rate within what the window sets: 1e308 or
 * 5e-324 had been moved to the nearest one without a word (and saved so),
 * and the run trained on was not the session's. (Its generator's fields
 * and the speed only draw new points or set the pace: they are brought
 * into range.) The CLI takes any rate. */
static gboolean
session_in_range (const NnpSession *s, const char *name, GError **error)
{
  if (s->lr >= NNP_LR_MIN && s->lr <= NNP_LR_MAX)
    return TRUE;
  g_set_error (error, NNP_ERROR, NNP_ERROR_INVALID,
               _("%s: hyperparameters.learning_rate is %g; nnplay trains with %g to %g"), name, s->lr,
               NNP_LR_MIN, NNP_LR_MAX);
  return FALSE;
}

gboolean
nnp_document_open (NnpDocument *self, GFile *file, GError **error)
{
  g_autofree char *path = NULL;
  g_autofree char *name = NULL;
  gboolean json = FALSE;

  g_return_val_if_fail (NNP_IS_DOCUMENT (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  if ((path = regular_file_path (file, error)) == NULL || !sniff_json (path, &json, error))
    return FALSE;
  name = g_file_get_basename (file);
  self->file_serial++;
  if (json)
    {
      g_autoptr (NnpSession) s = nnp_session_load (path, error);
      if (s == NULL || !session_in_range (s, name, error))
        return FALSE;
      apply_session (self, s);
      /* A session is a run of its own: the changes it marked, nothing of
       * the run before. */
      nnp_document_markers_from_session (self, s);
      set_file (self, file, name);
    }
  else
    {
      g_autoptr (NnpDataset) ds = nnp_csv_read (path, 2, error);
      g_autofree char *safe = nnp_display_name (name);
      NnpOrigin o = { .kind = NNP_ORIGIN_FILE, .file = safe, .generator = self->generator,
                      .n_points = self->n_points, .noise = self->noise, .seed = self->cfg.seed };

      if (ds == NULL)
        return FALSE;
      nnp_document_set_running (self, FALSE);
      nnp_document_sync (self);
      nnp_point_set_checkpoint_with (self->points, nnp_document_history_save_run (self));
      nnp_point_set_replace (self->points, ds, self->test_fraction, self->cfg.seed);
      nnp_document_fit_origin_view (self, &o);
      nnp_point_set_set_origin (self->points, &o);
      /* Imported data: the document has no session file yet. */
      set_file (self, NULL, name);
      nnp_document_points_changed (self, TRUE);
    }
  nnp_document_origin_changed (self);
  nnp_document_sync (self);
  /* Opened, nothing is lost yet: the file holds it all. */
  nnp_document_mark_clean (self);
  return TRUE;
}

gboolean
nnp_document_save_data (NnpDocument *self, const char *path, GError **error)
{
  g_return_val_if_fail (NNP_IS_DOCUMENT (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  return nnp_csv_write (nnp_point_set_data (self->points), path, error);
}

/* path now holds the session as it was at change_serial `serial`, epoch
 * `epoch`: it is the document's file, clean unless it changed since. */
static void
session_saved (NnpDocument *self, const char *path, size_t epoch, guint64 serial)
{
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autofree char *name = g_file_get_basename (file);

  self->file_serial++;
  set_file (self, file, name);
  /* Clean as of the epoch saved; training on makes it dirty again. */
  self->clean_epochs = epoch;
  nnp_document_set_dirty (self, self->change_serial != serial || self->view.epochs != epoch);
  g_signal_emit_by_name (self, "changed");
}

gboolean
nnp_document_save_session (NnpDocument *self, const char *path, GError **error)
{
  g_autoptr (NnpSession) s = NULL;

  g_return_val_if_fail (NNP_IS_DOCUMENT (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  s = nnp_document_to_session (self);
  if (!nnp_session_save (s, path, error))
    return FALSE;
  session_saved (self, path, s->epoch, self->change_serial);
  return TRUE;
}

typedef struct {
  NnpSession *session;
  char *path;
  guint64 serial;
  guint64 file_serial;          /* the document saved: another opened since is not named */
} SaveJob;

static void
save_job_free (gpointer data)
{
  SaveJob *job = data;
  nnp_session_free (job->session);
  g_free (job->path);
  g_free (job);
}

/* The worker: it owns its copy of the session; the document is not read. */
static void
save_in_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  SaveJob *job = data;
  GError *error = NULL;

  if (nnp_session_save (job->session, job->path, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
nnp_document_save_session_async (NnpDocument *self, const char *path,
                                 GAsyncReadyCallback callback, gpointer user_data)
{
  g_return_if_fail (NNP_IS_DOCUMENT (self));
  g_return_if_fail (path != NULL);
  g_autoptr (GTask) task = g_task_new (self, NULL, callback, user_data);
  SaveJob *job = g_new0 (SaveJob, 1);

  job->session = nnp_document_to_session (self);   /* a copy */
  job->path = g_strdup (path);
  job->serial = self->change_serial;
  job->file_serial = self->file_serial;
  g_task_set_source_tag (task, nnp_document_save_session_async);
  g_task_set_task_data (task, job, save_job_free);
  g_task_run_in_thread (task, save_in_thread);
}

gboolean
nnp_document_save_session_finish (NnpDocument *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (NNP_IS_DOCUMENT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  SaveJob *job = g_task_get_task_data (G_TASK (result));
  /* a file opened while this one was written is another document: the
   * path saved is not its file (Ctrl+S had then written it over the
   * session just saved) */
  if (job->file_serial == self->file_serial)
    session_saved (self, job->path, job->session->epoch, job->serial);
  return TRUE;
}

void
nnp_document_adopt_file (NnpDocument *self, GFile *own)
{
  g_return_if_fail (NNP_IS_DOCUMENT (self));
  g_return_if_fail (own == NULL || G_IS_FILE (own));
  g_autofree char *name = own != NULL ? g_file_get_basename (own) : NULL;
  self->file_serial++;
  set_file (self, own, name);
  nnp_document_set_dirty (self, TRUE);
  nnp_document_origin_changed (self);   /* the title, with the file's name */
}
