/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nnp-window-files.c: opening and saving points (CSV) and sessions, file choosers, drag and drop. */
#define G_LOG_DOMAIN "nnplay-window"
#include "config.h"

#include <math.h>

#include <glib/gi18n.h>
#include <nnplay/nnp-csv.h>
#include <nnplay/nnp-session.h>

#include "nnp-window-private.h"

static void
set_controls_from_session (NnpWindow *self, const NnpSession *s)
{
  NnpGenerator gen;

  self->syncing = TRUE;
  if (s->generator != NULL && nnp_generator_from_name (s->generator, &gen))
    {
      self->last_generator = gen;
      gtk_drop_down_set_selected (self->generator_dropdown, gen);
    }
  if (s->n_points >= 2)
    gtk_spin_button_set_value (self->points_spin, (double) s->n_points);
  gtk_spin_button_set_value (self->noise_spin, s->noise);
  gtk_spin_button_set_value (self->test_fraction_spin, s->test_fraction);
  gtk_spin_button_set_value (self->lr_spin, CLAMP (s->lr, LR_MIN, LR_TYPED_MAX));
  gtk_range_set_value (GTK_RANGE (self->lr_scale), log10 (CLAMP (s->lr, LR_MIN, LR_MAX)));
  gtk_spin_button_set_value (self->hidden_spin, (double) s->hidden);
  gtk_drop_down_set_selected (self->activation_dropdown, s->act);
  gtk_spin_button_set_value (self->batch_spin, (double) s->batch);
  gtk_spin_button_set_value (self->seed_spin, (double) s->seed);
  self->syncing = FALSE;
}

static void
apply_session (NnpWindow *self, const NnpSession *s, const char *name)
{
  set_controls_from_session (self, s);

  nnp_point_set_checkpoint (self->points);
  nnp_point_set_replace_masked (self->points, s->points, s->is_test, s->test_fraction);
  self->seed_explicit = FALSE;
  /* Points without a generator are the session file's. */
  nnp_window_set_origin (self, name, s->generator == NULL, s->generator != NULL);
  nnp_window_points_changed (self);
  nnp_window_fit_view (self);

  nnp_live_trainer_set_lr (self->trainer, CLAMP (s->lr, LR_MIN, LR_TYPED_MAX));
  nnp_live_trainer_set_batch (self->trainer, s->batch);
  nnp_live_trainer_set_seed (self->trainer, s->seed);
  if (s->model != NULL)
    nnp_live_trainer_set_model (self->trainer, s->model, s->history, s->epoch,
                                s->history_stride);
  else
    {
      nnp_live_trainer_set_hidden (self->trainer, s->hidden);
      nnp_live_trainer_set_activation (self->trainer, s->act);
      nnp_live_trainer_reset (self->trainer, s->seed);
    }
  self->running = FALSE;
  nnp_live_trainer_set_running (self->trainer, FALSE);
  nnp_window_wake (self);
  nnp_window_update_actions (self);
}

static gboolean
looks_like_json (const char *text, gsize len)
{
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isspace (text[i]))
      return text[i] == '{';
  return FALSE;
}

gboolean
nnp_window_open_file (NnpWindow *self, GFile *file, GError **error)
{
  g_autofree char *text = NULL;
  g_autofree char *name = NULL;
  gsize len = 0;

  g_return_val_if_fail (NNP_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  name = g_file_get_basename (file);
  if (!g_file_load_contents (file, NULL, &text, &len, NULL, error))
    return FALSE;
  {
    g_autofree char *path = g_file_get_path (file);
    if (path != NULL)
      nnp_window_remember_folder (self, path);
  }

  if (looks_like_json (text, len))
    {
      g_autoptr (NnpSession) s = nnp_session_from_string (text, (gssize) len, name, error);
      if (s == NULL)
        return FALSE;
      apply_session (self, s, name);
    }
  else
    {
      g_autoptr (NnpDataset) ds = nnp_csv_parse (text, len, name, 2, error);
      if (ds == NULL)
        return FALSE;
      nnp_point_set_checkpoint (self->points);
      nnp_point_set_replace (self->points, ds, gtk_spin_button_get_value (self->test_fraction_spin),
                             nnp_window_current_seed (self));
      nnp_window_set_origin (self, name, TRUE, FALSE);
      nnp_window_points_changed (self);
      nnp_window_fit_view (self);
    }
  return TRUE;
}

static void
show_error (NnpWindow *self, const char *primary, const GError *error)
{
  GtkWidget *dialog = gtk_message_dialog_new (GTK_WINDOW (self),
                                              GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                              GTK_MESSAGE_ERROR, GTK_BUTTONS_CLOSE, "%s", primary);
  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s", error->message);
  g_signal_connect (dialog, "response", G_CALLBACK (gtk_window_destroy), NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
nnp_window_open_file_interactive (NnpWindow *self, GFile *file)
{
  g_autoptr (GError) error = NULL;

  g_return_if_fail (NNP_IS_WINDOW (self));
  if (!nnp_window_open_file (self, file, &error))
    {
      g_autofree char *name = g_file_get_basename (file);
      g_autofree char *primary = g_strdup_printf (_("Could not open “%s”"), name);
      show_error (self, primary, error);
    }
}

gboolean
nnp_window_save_data (NnpWindow *self, const char *path, GError **error)
{
  g_return_val_if_fail (NNP_IS_WINDOW (self), FALSE);
  if (!nnp_csv_write (nnp_point_set_data (self->points), path, error))
    return FALSE;
  g_autofree char *name = g_path_get_basename (path);
  nnp_window_rename_document (self, name);
  nnp_window_remember_folder (self, path);
  return TRUE;
}

gboolean
nnp_window_save_session (NnpWindow *self, const char *path, GError **error)
{
  g_autoptr (NnpSession) s = nnp_session_new ();
  const NnpDataset *ds = nnp_point_set_data (self->points);

  g_return_val_if_fail (NNP_IS_WINDOW (self), FALSE);
  nnp_live_trainer_flush (self->trainer);
  nnp_window_sync_now (self);

  nnp_dataset_free (s->points);
  s->points = nnp_dataset_dup (ds);
  g_free (s->is_test);
  s->is_test = ds->n > 0 ? g_memdup2 (nnp_point_set_mask (self->points), ds->n) : NULL;
  s->test_fraction = nnp_point_set_test_fraction (self->points);
  s->lr = self->view.lr;
  s->batch = (size_t) gtk_spin_button_get_value_as_int (self->batch_spin);
  s->seed = nnp_window_current_seed (self);
  g_free (s->generator);
  s->generator = self->points_generated ? g_strdup (nnp_generator_name (nnp_window_current_generator (self)))
                                        : NULL;
  s->n_points = (size_t) gtk_spin_button_get_value_as_int (self->points_spin);
  s->noise = gtk_spin_button_get_value (self->noise_spin);
  if (self->view.model != NULL)
    {
      s->model = nnp_model_dup (self->view.model);
      s->hidden = s->model->theta->h;
      s->act = s->model->act;
    }
  if (self->view.history != NULL)
    {
      nnp_history_free (s->history);
      s->history = nnp_history_dup (self->view.history);
    }
  /* The true epoch: a thinned curve's last entry may be a few epochs older. */
  s->epoch = self->view.epochs;
  s->history_stride = MAX (self->view.history_stride, (size_t) 1);
  if (!nnp_session_save (s, path, error))
    return FALSE;
  g_autofree char *name = g_path_get_basename (path);
  nnp_window_rename_document (self, name);
  nnp_window_remember_folder (self, path);
  return TRUE;
}

static void
add_filters (GtkFileChooser *chooser, NnpFileKind kind)
{
  GtkFileFilter *csv = gtk_file_filter_new ();
  gtk_file_filter_set_name (csv, _("CSV data (*.csv)"));
  gtk_file_filter_add_pattern (csv, "*.csv");
  gtk_file_filter_add_mime_type (csv, "text/csv");
  GtkFileFilter *json = gtk_file_filter_new ();
  gtk_file_filter_set_name (json, _("nnplay sessions (*.json)"));
  gtk_file_filter_add_pattern (json, "*.json");
  gtk_file_filter_add_mime_type (json, "application/json");
  GtkFileFilter *all = gtk_file_filter_new ();
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");

  gtk_file_chooser_add_filter (chooser, kind == NNP_FILE_DATA ? csv : json);
  gtk_file_chooser_add_filter (chooser, kind == NNP_FILE_DATA ? json : csv);
  gtk_file_chooser_add_filter (chooser, all);
  gtk_file_chooser_set_filter (chooser, kind == NNP_FILE_DATA ? csv : json);
  g_object_unref (csv);
  g_object_unref (json);
  g_object_unref (all);
}

static void
on_open_response (GtkNativeDialog *native, int response, NnpWindow *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
      if (file != NULL)
        nnp_window_open_file_interactive (self, file);
    }
  g_object_unref (native);
}

void
nnp_window_open_dialog (NnpWindow *self, NnpFileKind kind)
{
  GtkFileChooserNative *native =
    gtk_file_chooser_native_new (kind == NNP_FILE_DATA ? _("Open Data") : _("Open Session"),
                                 GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_OPEN,
                                 _("_Open"), _("_Cancel"));
  add_filters (GTK_FILE_CHOOSER (native), kind);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  g_signal_connect (native, "response", G_CALLBACK (on_open_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
on_save_response (GtkNativeDialog *native, int response, NnpWindow *self)
{
  NnpFileKind kind = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (native), "nnp-kind"));

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;
      g_autoptr (GError) error = NULL;
      if (path != NULL
          && !(kind == NNP_FILE_DATA ? nnp_window_save_data (self, path, &error)
                                 : nnp_window_save_session (self, path, &error)))
        show_error (self, kind == NNP_FILE_DATA ? _("Could not save the data")
                                            : _("Could not save the session"), error);
    }
  g_object_unref (native);
}

void
nnp_window_save_dialog (NnpWindow *self, NnpFileKind kind)
{
  GtkFileChooserNative *native =
    gtk_file_chooser_native_new (kind == NNP_FILE_DATA ? _("Save Data") : _("Save Session"),
                                 GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_SAVE,
                                 _("_Save"), _("_Cancel"));
  add_filters (GTK_FILE_CHOOSER (native), kind);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native),
                                     kind == NNP_FILE_DATA ? "points.csv" : "session.json");
  {
    /* Not the process's working directory. */
    g_autofree char *folder = nnp_window_save_folder (self);
    g_autoptr (GFile) dir = g_file_new_for_path (folder);
    gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (native), dir, NULL);
  }
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  g_object_set_data (G_OBJECT (native), "nnp-kind", GINT_TO_POINTER (kind));
  g_signal_connect (native, "response", G_CALLBACK (on_save_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

char *
nnp_window_save_folder (NnpWindow *self)
{
  const char *docs = g_get_user_special_dir (G_USER_DIRECTORY_DOCUMENTS);

  if (self->last_folder != NULL && g_file_test (self->last_folder, G_FILE_TEST_IS_DIR))
    return g_strdup (self->last_folder);
  if (docs != NULL && g_file_test (docs, G_FILE_TEST_IS_DIR))
    return g_strdup (docs);
  return g_strdup (g_get_home_dir ());
}

void
nnp_window_remember_folder (NnpWindow *self, const char *path)
{
  g_autofree char *abs = g_canonicalize_filename (path, NULL);
  g_free (self->last_folder);
  self->last_folder = g_path_get_dirname (abs);
}

static gboolean
on_drop (GtkDropTarget *target, const GValue *value, double x, double y, NnpWindow *self)
{
  g_autoptr (GSList) files = NULL;

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;
  files = gdk_file_list_get_files (g_value_get_boxed (value));
  if (files == NULL)
    return FALSE;
  /* One document at a time: the first file dropped. */
  nnp_window_open_file_interactive (self, files->data);
  return TRUE;
}

void
nnp_window_setup_drop (NnpWindow *self)
{
  GtkDropTarget *drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect (drop, "drop", G_CALLBACK (on_drop), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));
}
