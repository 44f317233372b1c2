/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nnp-window-files.c: opening and saving points (CSV) and sessions, file choosers, drag and drop. */
#define G_LOG_DOMAIN "nnplay-window"
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "nnp-window-private.h"

gboolean
nnp_window_open_file (NnpWindow *self, GFile *file, GError **error)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (NNP_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  if (!nnp_document_open (self->document, file, error))
    return FALSE;
  if ((path = g_file_get_path (file)) != NULL)
    nnp_window_remember_folder (self, path);
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

static void open_now (NnpWindow *self, GFile *file);

static void
on_open_question (GtkDialog *dialog, int response, NnpWindow *self)
{
  GFile *file = g_object_get_data (G_OBJECT (dialog), "nnp-file");
  g_autoptr (GFile) keep = file != NULL ? g_object_ref (file) : NULL;

  gtk_window_destroy (GTK_WINDOW (dialog));
  if (keep == NULL)
    return;
  if (response == NNP_RESPONSE_DISCARD)
    open_now (self, keep);
  else if (response == NNP_RESPONSE_SAVE)
    {
      /* opens when the save succeeds (on_session_saved), with the
       * training stopped: what is saved is the work the file replaces */
      g_set_object (&self->open_after_save, keep);
      self->open_answered = TRUE;
      nnp_document_set_running (self->document, FALSE);
      nnp_window_save (self);
    }
}

/* Opening a session replaces the whole document: unsaved work is asked
 * about first, as on closing (it had been replaced without a word). Points
 * (a CSV) are an edit that Undo takes back, and are opened at once. */
void
nnp_window_open_file_interactive (NnpWindow *self, GFile *file)
{
  g_return_if_fail (NNP_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));
  if (self->saving_path != NULL)
    {
      /* after the save under way, so that it names the work it wrote
       * (and with the question then, if the work changed meanwhile) */
      g_set_object (&self->open_after_save, file);
      self->open_answered = FALSE;
      return;
    }
  if (!nnp_document_get_dirty (self->document) || !nnp_document_is_session_file (file))
    {
      open_now (self, file);
      return;
    }
  g_autofree char *base = g_file_get_basename (file);
  g_autofree char *name = nnp_display_name (base);
  g_autofree char *primary = g_strdup_printf (_("Save changes to “%s” before opening “%s”?"),
                                              nnp_document_get_name (self->document), name);
  GtkWidget *dialog = nnp_window_ask_save (self, primary,
                                           _("Opening a session replaces the points, the settings and the "
                                             "training so far; they are lost if you don’t save them."),
                                           G_CALLBACK (on_open_question));
  g_object_set_data_full (G_OBJECT (dialog), "nnp-file", g_object_ref (file), g_object_unref);
}

static void
open_now (NnpWindow *self, GFile *file)
{
  g_autoptr (GError) error = NULL;

  if (!nnp_window_open_file (self, file, &error))
    {
      g_autofree char *base = g_file_get_basename (file);
      g_autofree char *name = nnp_display_name (base);
      g_autofree char *primary = g_strdup_printf (_("Could not open “%s”"), name);
      show_error (self, primary, error);
    }
}

gboolean
nnp_window_save_data (NnpWindow *self, const char *path, GError **error)
{
  g_return_val_if_fail (NNP_IS_WINDOW (self), FALSE);
  /* the points are CSV: a name that says session is refused, nothing
   * written (it had made a .json of CSV that nothing could open) */
  g_autofree char *lower = g_ascii_strdown (path, -1);
  if (g_str_has_suffix (lower, ".json"))
    {
      g_autofree char *base = g_path_get_basename (path);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME,
                   _("Save Data writes the points as CSV, and “%s” is named as a session. Name it .csv, "
                     "or save a session with Save Session As."), base);
      return FALSE;
    }
  if (!nnp_document_save_data (self->document, path, error))
    return FALSE;
  nnp_window_remember_folder (self, path);
  return TRUE;
}

gboolean
nnp_window_save_session (NnpWindow *self, const char *path, GError **error)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (NNP_IS_WINDOW (self), FALSE);
  if (!nnp_document_save_session (self->document, path, error))
    return FALSE;
  nnp_window_remember_folder (self, path);
  text = g_strdup_printf (_("Saved “%s”"), nnp_document_get_name (self->document));
  nnp_window_toast (self, text);
  return TRUE;
}

static gboolean
close_later (gpointer data)
{
  gtk_window_close (GTK_WINDOW (data));
  return G_SOURCE_REMOVE;
}

static void save_session_async (NnpWindow *self, const char *path);

/* The background save's end, on the main thread: the next save asked for
 * meanwhile, or the toast (or the error), and the close the user asked
 * for when it was Save. */
static void
on_session_saved (GObject *source, GAsyncResult *result, gpointer data)
{
  NnpWindow *self = data;       /* a reference, held while saving */
  NnpDocument *doc = NNP_DOCUMENT (source);
  g_autoptr (GError) error = NULL;
  g_autofree char *next = g_steal_pointer (&self->save_next);
  g_autofree char *written = g_steal_pointer (&self->saving_path);
  gboolean ok = nnp_document_save_session_finish (doc, result, &error);
  GApplication *app = g_object_steal_data (G_OBJECT (self), "nnp-save-hold");

  if (self->document != doc)
    ;   /* the window has gone meanwhile: the file is written, nothing to show */
  else if (!ok)
    {
      self->close_confirmed = FALSE;
      g_clear_object (&self->open_after_save);
      nnp_window_recovery_after_save (self, FALSE);
      show_error (self, _("Could not save the session"), error);
      /* a Save asked for elsewhere meanwhile may still be made */
      if (next != NULL && g_strcmp0 (next, written) != 0)
        save_session_async (self, next);
    }
  else if (next != NULL)
    save_session_async (self, next);
  else
    {
      g_autofree char *text = g_strdup_printf (_("Saved “%s”"), nnp_document_get_name (doc));
      if (written != NULL)
        nnp_window_remember_folder (self, written);
      nnp_window_toast (self, text);
      if (self->close_confirmed)
        {
          /* a close asked for wins over an open waiting for the save */
          g_clear_object (&self->open_after_save);
          g_idle_add_full (G_PRIORITY_DEFAULT, close_later, g_object_ref (self), g_object_unref);
        }
      else if (self->restore_after_save && self->open_after_save == NULL)
        nnp_window_recovery_after_save (self, TRUE);
      else if (self->open_after_save != NULL)
        {
          /* the question answered (Save): no second one; an open asked
           * for during a plain save: the question if the work changed.
           * A Restore waiting for the same save gives way to the later
           * open, and is offered again. */
          g_autoptr (GFile) file = g_steal_pointer (&self->open_after_save);
          nnp_window_recovery_after_save (self, FALSE);
          if (self->open_answered)
            open_now (self, file);
          else
            nnp_window_open_file_interactive (self, file);
        }
    }
  /* held while writing, so that quitting waits for the file */
  if (app != NULL)
    {
      g_application_release (app);
      g_object_unref (app);
    }
  g_object_unref (self);
}

/* Saves the session to path on a worker thread: the window keeps
 * drawing (a long run's session had frozen it for seconds). One at a
 * time: a Save asked for meanwhile is made when this one ends, so it
 * writes what the window holds then. */
static void
save_session_async (NnpWindow *self, const char *path)
{
  if (self->saving_path != NULL)
    {
      g_free (self->save_next);
      self->save_next = g_strdup (path);
      return;
    }
  self->saving_path = g_strdup (path);
  /* Closing the last window or quitting while it writes: the process
   * waits for the file (it had ended mid-write, leaving a temporary
   * file and the old session). */
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  if (app != NULL)
    {
      g_application_hold (G_APPLICATION (app));
      g_object_set_data (G_OBJECT (self), "nnp-save-hold", g_object_ref (app));
    }
  nnp_document_save_session_async (self->document, path, on_session_saved, g_object_ref (self));
}

void
nnp_window_save (NnpWindow *self)
{
  GFile *file = nnp_document_get_file (self->document);
  g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

  /* a first save still writing has not named the document yet: again there */
  if (path == NULL)
    path = g_strdup (self->saving_path);
  if (path == NULL)
    nnp_window_save_dialog (self, NNP_FILE_SESSION);
  else
    save_session_async (self, path);
}

gboolean
nnp_window_is_saving (NnpWindow *self)
{
  g_return_val_if_fail (NNP_IS_WINDOW (self), FALSE);
  return self->saving_path != NULL;
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
      if (path != NULL && kind == NNP_FILE_SESSION)
        {
          /* closes, if asked, when the save has succeeded */
          save_session_async (self, path);
          g_object_unref (native);
          return;
        }
      if (path != NULL && !nnp_window_save_data (self, path, &error))
        show_error (self, _("Could not save the data"), error);
      else if (path != NULL && self->close_confirmed)
        gtk_window_close (GTK_WINDOW (self));
    }
  self->close_confirmed = FALSE;
  g_clear_object (&self->open_after_save);
  /* the session's chooser cancelled: no Restore after it (a chooser for
   * the points, meanwhile, leaves it waiting) */
  if (kind == NNP_FILE_SESSION)
    nnp_window_recovery_after_save (self, FALSE);
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
  {
    /* "moons.csv" saves its session as "moons.json". */
    const char *name = nnp_document_get_name (self->document);
    g_autofree char *stem = g_strdup (name);
    char *dot = strrchr (stem, '.');
    if (dot != NULL && dot != stem)
      *dot = '\0';
    g_autofree char *suggest = kind == NNP_FILE_DATA ? g_strdup ("points.csv")
                               : nnp_document_get_file (self->document) != NULL || dot != NULL
                               ? g_strconcat (stem, ".json", NULL) : g_strdup ("session.json");
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), suggest);
  }
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

/* ---- Closing with unsaved changes ---------------------------------------- */

/* close_later (above) closes after the dialog's own "response" has
 * returned: the dialog is transient for the window and must not outlive
 * it mid-emission. */

static void
on_close_response (GtkDialog *dialog, int response, NnpWindow *self)
{
  gtk_window_destroy (GTK_WINDOW (dialog));
  if (response == NNP_RESPONSE_DISCARD)
    {
      self->close_confirmed = TRUE;
      g_idle_add_full (G_PRIORITY_DEFAULT, close_later, g_object_ref (self), g_object_unref);
    }
  else if (response == NNP_RESPONSE_SAVE)
    {
      /* Closes when the save succeeds (on_session_saved), with the
       * training stopped: what is saved is what the window closes on. */
      self->close_confirmed = TRUE;
      nnp_document_set_running (self->document, FALSE);
      nnp_window_save (self);
    }
}

GtkWidget *
nnp_window_ask_save (NnpWindow *self, const char *primary, const char *secondary, GCallback on_response)
{
  GtkWidget *dialog;

  /* GtkAlertDialog is GTK 4.10; this builds on 4.8 too. */
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  dialog = gtk_message_dialog_new (GTK_WINDOW (self), GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                   GTK_MESSAGE_QUESTION, GTK_BUTTONS_NONE, "%s", primary);
  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s", secondary);
  gtk_dialog_add_buttons (GTK_DIALOG (dialog), _("_Cancel"), GTK_RESPONSE_CANCEL,
                          _("_Discard"), NNP_RESPONSE_DISCARD, _("_Save"), NNP_RESPONSE_SAVE, NULL);
  gtk_dialog_set_default_response (GTK_DIALOG (dialog), NNP_RESPONSE_SAVE);
  gtk_widget_add_css_class (gtk_dialog_get_widget_for_response (GTK_DIALOG (dialog), NNP_RESPONSE_DISCARD),
                            "destructive-action");
  G_GNUC_END_IGNORE_DEPRECATIONS
  gtk_widget_set_name (dialog, "nnp-close-dialog");
  g_signal_connect (dialog, "response", on_response, self);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

gboolean
nnp_window_confirm_close (NnpWindow *self)
{
  if (self->close_confirmed || !nnp_document_get_dirty (self->document))
    return TRUE;
  g_autofree char *primary = g_strdup_printf (_("Save changes to “%s” before closing?"),
                                              nnp_document_get_name (self->document));
  nnp_window_ask_save (self, primary,
                       _("The points, the settings and the training so far are lost if you don’t save them."),
                       G_CALLBACK (on_close_response));
  return FALSE;
}
