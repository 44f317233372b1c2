/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nnp-window-recovery.c: the unsaved work kept in a recovery file a few seconds after each change, and offered back after a crash. */
#define G_LOG_DOMAIN "nnplay-window"
#include "config.h"

#include <errno.h>
#include <string.h>
#include <stdio.h>
#include <signal.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "nnp-window-private.h"

/* Seconds after a change before the recovery file is written: often
 * enough to lose little, rarely enough to cost nothing while training. */
#define RECOVERY_DELAY_S 3

/* $XDG_STATE_HOME/nnplay, made on demand. */
static char *
recovery_dir (void)
{
  return g_build_filename (g_get_user_state_dir (), "nnplay", NULL);
}

/* Beside a recovery file, "NAME.file" holds the path of the session file
 * the work belongs to, so that after a restore the window's title names
 * it again and Save writes there (it had become Untitled, and Save asked
 * for a name). */
static char *
origin_path (const char *recovery)
{
  return g_strconcat (recovery, ".file", NULL);
}

static void
remove_recovery (const char *recovery)
{
  g_autofree char *origin = origin_path (recovery);
  g_unlink (recovery);
  g_unlink (origin);
}

/* The session file named beside recovery, or NULL: none, or not a sane
 * absolute path (the folder is the user's, but a file there may be
 * damaged like any other). */
static GFile *
read_origin (const char *recovery)
{
  g_autofree char *origin = origin_path (recovery);
  g_autofree char *path = NULL;
  GStatBuf st;
  gsize len = 0;

  if (g_stat (origin, &st) != 0 || !S_ISREG (st.st_mode) || st.st_size <= 0 || st.st_size > 4096
      || !g_file_get_contents (origin, &path, &len, NULL))
    return NULL;
  if (len == 0 || strlen (path) != len || !g_path_is_absolute (path))
    return NULL;
  return g_file_new_for_path (path);
}

typedef struct {
  NnpSession *session;
  char *path;
  gint *done;
} RecoveryJob;

/* The writer thread: a long run's session is tens of MB of JSON (a
 * million-entry cost curve), seconds of formatting that had frozen the
 * window every few seconds while training. It owns its copies. */
static gpointer
recovery_worker (gpointer data)
{
  RecoveryJob *job = data;
  g_autoptr (GError) error = NULL;

  if (!nnp_session_save (job->session, job->path, &error))
    g_warning ("Cannot write the recovery file: %s", error->message);
  nnp_session_free (job->session);
  g_free (job->path);
  g_atomic_int_set (job->done, 1);
  g_free (job);
  return NULL;
}

/* Waits for a write under way (before the file is removed: it must not
 * come back after; and before the window goes: the writer sets its flag). */
void
nnp_window_recovery_join (NnpWindow *self)
{
  if (self->recovery_writer != NULL)
    g_thread_join (g_steal_pointer (&self->recovery_writer));
}

static gboolean
write_recovery (gpointer data)
{
  NnpWindow *self = data;
  g_autofree char *dir = recovery_dir ();

  self->recovery_timeout = 0;
  if (!nnp_document_get_dirty (self->document) || self->recovery_path == NULL)
    return G_SOURCE_REMOVE;
  if (self->recovery_writer != NULL && !g_atomic_int_get (&self->recovery_written))
    {
      /* the last one is still writing: look again later */
      self->recovery_timeout = g_timeout_add_seconds (RECOVERY_DELAY_S, write_recovery, self);
      return G_SOURCE_REMOVE;
    }
  nnp_window_recovery_join (self);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_warning ("Cannot keep a recovery file in %s: %s", dir, g_strerror (errno));
      return G_SOURCE_REMOVE;
    }
  RecoveryJob *job = g_new0 (RecoveryJob, 1);
  job->session = nnp_document_to_session (self->document);   /* a copy */
  job->path = g_strdup (self->recovery_path);
  job->done = &self->recovery_written;
  g_atomic_int_set (&self->recovery_written, 0);
  self->recovery_writer = g_thread_new ("nnp-recovery", recovery_worker, job);

  GFile *own = nnp_document_get_file (self->document);
  g_autofree char *own_path = own != NULL ? g_file_get_path (own) : NULL;
  g_autofree char *origin = origin_path (self->recovery_path);
  g_autoptr (GError) error = NULL;
  if (own_path == NULL)
    g_unlink (origin);
  else if (!g_file_set_contents (origin, own_path, -1, &error))
    g_warning ("Cannot write the recovery file's origin: %s", error->message);
  return G_SOURCE_REMOVE;
}

/* Any change: the recovery file follows a few seconds later. */
static void
on_changed (NnpDocument *document, NnpWindow *self)
{
  if (self->recovery_path == NULL || self->recovery_timeout != 0 || !nnp_document_get_dirty (document))
    return;
  self->recovery_timeout = g_timeout_add_seconds (RECOVERY_DELAY_S, write_recovery, self);
}

/* Saved, or the window closes on purpose: nothing to recover. */
static void
on_dirty (NnpDocument *document, GParamSpec *pspec, NnpWindow *self)
{
  if (!nnp_document_get_dirty (document) && self->recovery_path != NULL)
    {
      g_clear_handle_id (&self->recovery_timeout, g_source_remove);
      nnp_window_recovery_join (self);
      remove_recovery (self->recovery_path);
    }
  else
    on_changed (document, self);
}

void
nnp_window_recovery_stop (NnpWindow *self)
{
  g_clear_handle_id (&self->recovery_timeout, g_source_remove);
  nnp_window_recovery_join (self);
  if (self->recovery_path != NULL)
    remove_recovery (self->recovery_path);
  g_clear_pointer (&self->recovery_path, g_free);
  g_clear_pointer (&self->recovery_offer, g_free);
}

/* Whether process pid is an nnplay (nnplay, or a test's nnplay-test). A
 * process of another program may have the PID of one that crashed, after
 * a reboot say: its work must still be offered. Without /proc, any live
 * process counts as one. */
static gboolean
is_nnplay (long pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%ld/comm", pid);
  g_autofree char *stat_path = g_strdup_printf ("/proc/%ld/stat", pid);
  g_autofree char *comm = NULL;
  g_autofree char *stat = NULL;

  if (!g_file_get_contents (path, &comm, NULL, NULL))
    return !g_file_test ("/proc/self/comm", G_FILE_TEST_EXISTS);
  /* A killed nnplay not yet reaped by its parent (a zombie, state Z
   * after "PID (comm) ") has gone: its work is offered. It had been taken
   * for a running nnplay until its parent reaped it. */
  if (g_file_get_contents (stat_path, &stat, NULL, NULL))
    {
      const char *close = strrchr (stat, ')');
      if (close != NULL && close[1] == ' ' && (close[2] == 'Z' || close[2] == 'X'))
        return FALSE;
    }
  return g_str_has_prefix (comm, "nnplay");
}

/* A recovery file of a process that is gone: "recovery-PID-N.json". */
static char *
find_orphan (const char *dir)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  char *best = NULL;
  gint64 best_time = 0;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = NULL;
      GStatBuf st;
      long pid = 0;

      if (!g_str_has_prefix (name, "recovery-") || !g_str_has_suffix (name, ".json")
          || sscanf (name, "recovery-%ld-", &pid) != 1 || pid <= 0)
        continue;
      if (pid == (long) getpid ()
          || ((kill ((pid_t) pid, 0) == 0 || errno != ESRCH) && is_nnplay (pid)))
        continue;   /* its own, or another nnplay still running */
      path = g_build_filename (dir, name, NULL);
      if (g_stat (path, &st) == 0 && S_ISREG (st.st_mode) && (gint64) st.st_mtime >= best_time)
        {
          best_time = st.st_mtime;
          g_free (best);
          best = g_steal_pointer (&path);
        }
    }
  return best;
}

static void
recovery_restore_now (NnpWindow *self)
{
  g_autoptr (GFile) file = NULL;
  g_autoptr (GError) error = NULL;

  if (self->recovery_offer == NULL)
    return;
  file = g_file_new_for_path (self->recovery_offer);
  if (!nnp_document_open (self->document, file, &error))
    {
      /* Damaged (the crash may have come mid-write), or from a newer
       * nnplay: say so where the user looks, and keep the file under a
       * name that is not offered again, for a newer nnplay or by hand. */
      g_autofree char *dir = g_path_get_dirname (self->recovery_offer);
      g_autofree char *base = g_path_get_basename (self->recovery_offer);
      g_autofree char *kept_name = g_strconcat ("unreadable-", base, NULL);
      g_autofree char *kept = g_build_filename (dir, kept_name, NULL);
      g_autofree char *text = NULL;
      g_autofree char *origin = origin_path (self->recovery_offer);
      g_unlink (origin);
      if (g_rename (self->recovery_offer, kept) == 0)
        text = g_strdup_printf (_("The unsaved work could not be restored: %s. The file is kept as %s."),
                                error->message, kept);
      else
        {
          /* not renamed (a read-only folder): gone, or it would be offered
           * at every start */
          g_unlink (self->recovery_offer);
          text = g_strdup_printf (_("The unsaved work could not be restored: %s"), error->message);
        }
      nnp_window_toast (self, text);
    }
  else
    {
      g_autoptr (GFile) own = read_origin (self->recovery_offer);
      nnp_document_adopt_file (self->document, own);
      remove_recovery (self->recovery_offer);
    }
  g_clear_pointer (&self->recovery_offer, g_free);
}

static void
on_restore_question (GtkDialog *dialog, int response, NnpWindow *self)
{
  gtk_window_destroy (GTK_WINDOW (dialog));
  if (response == NNP_RESPONSE_DISCARD)
    recovery_restore_now (self);
  else if (response == NNP_RESPONSE_SAVE)
    {
      /* restores when the save succeeds (nnp_window_recovery_after_save),
       * with the training stopped: what is saved is the work it replaces */
      self->restore_after_save = TRUE;
      nnp_document_set_running (self->document, FALSE);
      nnp_window_save (self);
    }
  else
    gtk_info_bar_set_revealed (self->recovery_bar, TRUE);   /* still on offer */
}

/* Restoring replaces the document: work done since the start is asked
 * about first, as before opening a session (it had been replaced without
 * a word, and Undo did not bring it back). */
static void
on_recovery_restore (NnpWindow *self)
{
  gtk_info_bar_set_revealed (self->recovery_bar, FALSE);
  if (self->recovery_offer == NULL)
    return;
  if (!nnp_document_get_dirty (self->document))
    {
      recovery_restore_now (self);
      return;
    }
  g_autofree char *primary = g_strdup_printf (_("Save changes to “%s” before restoring the unsaved work?"),
                                              nnp_document_get_name (self->document));
  nnp_window_ask_save (self, primary,
                       _("Restoring replaces the points, the settings and the "
                         "training so far; they are lost if you don’t save them."),
                       G_CALLBACK (on_restore_question));
}

void
nnp_window_recovery_after_save (NnpWindow *self, gboolean saved)
{
  if (!self->restore_after_save)
    return;
  self->restore_after_save = FALSE;
  /* changed while the save ran (it runs in the background): asked again,
   * not replaced without a word */
  if (saved && nnp_document_get_dirty (self->document))
    on_recovery_restore (self);
  else if (saved)
    recovery_restore_now (self);
  else if (self->recovery_offer != NULL)
    gtk_info_bar_set_revealed (self->recovery_bar, TRUE);
}

static void
on_recovery_discard (NnpWindow *self)
{
  gtk_info_bar_set_revealed (self->recovery_bar, FALSE);
  if (self->recovery_offer != NULL)
    remove_recovery (self->recovery_offer);
  g_clear_pointer (&self->recovery_offer, g_free);
}

void
nnp_window_recovery_start (NnpWindow *self)
{
  static guint serial;
  g_autofree char *dir = recovery_dir ();
  g_autofree char *name = g_strdup_printf ("recovery-%ld-%u.json", (long) getpid (), serial++);

  self->recovery_path = g_build_filename (dir, name, NULL);
  g_signal_connect_object (self->document, "changed", G_CALLBACK (on_changed), self, 0);
  g_signal_connect_object (self->document, "notify::dirty", G_CALLBACK (on_dirty), self, 0);

  /* The first window of a run offers what a crashed run left. */
  if (serial == 1 && (self->recovery_offer = find_orphan (dir)) != NULL)
    {
      GStatBuf st;
      g_autoptr (GDateTime) when = NULL;
      g_autofree char *time = NULL;
      g_autofree char *text = NULL;

      if (g_stat (self->recovery_offer, &st) == 0)
        when = g_date_time_new_from_unix_local (st.st_mtime);
      /* Translators: when the recovery file was written, in
       * g_date_time_format()'s notation ("3 December 2026, 07:17"); %c
       * padded the day with spaces ("Thu Dec  3 07:17:02 2026"). */
      time = when != NULL ? g_date_time_format (when, _("%-d %B %Y, %H:%M")) : NULL;
      if (time == NULL)
        time = g_strdup ("?");
      g_autoptr (GFile) own = read_origin (self->recovery_offer);
      g_autofree char *own_path = own != NULL ? g_file_get_path (own) : NULL;
      g_autofree char *own_base = own_path != NULL ? g_filename_display_basename (own_path) : NULL;
      g_autofree char *own_name = nnp_display_name (own_base);
      if (own_name != NULL)
        /* Translators: the first %s is a session file's name, the second
         * when the unsaved changes to it were kept */
        text = g_strdup_printf (_("nnplay did not close properly last time. Restore the unsaved "
                                  "changes to %s kept at %s?"), own_name, time);
      else
        text = g_strdup_printf (_("nnplay did not close properly last time. Restore the unsaved "
                                  "work kept at %s?"), time);
      gtk_label_set_text (self->recovery_label, text);
      gtk_info_bar_set_revealed (self->recovery_bar, TRUE);
    }
}

void
nnp_window_recovery_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_child (widget_class, NnpWindow, recovery_bar);
  gtk_widget_class_bind_template_child (widget_class, NnpWindow, recovery_label);
  gtk_widget_class_bind_template_child (widget_class, NnpWindow, recovery_button);
  gtk_widget_class_bind_template_callback (widget_class, on_recovery_restore);
  gtk_widget_class_bind_template_callback (widget_class, on_recovery_discard);
}
