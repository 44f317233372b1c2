/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nnp-application.c: the GtkApplication: opens windows and files, runs the benchmark, shows About. */
#define G_LOG_DOMAIN "nnplay-app"
#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>

#include "nnp-application.h"
#include "nnp-window.h"

struct _NnpApplication {
  GtkApplication parent_instance;

  double benchmark;   /* seconds; 0 = off */
  int bench_hidden;   /* --hidden for the benchmark; 0 = its default, 8 */
  int bench_w, bench_h;   /* --window-size; 0 = the default size */
  char *view;             /* --view: the side pane's page to show, or NULL */
  int exit_status;
};

G_DEFINE_FINAL_TYPE (NnpApplication, nnp_application, GTK_TYPE_APPLICATION)

static NnpWindow *
new_window (NnpApplication *self)
{
  NnpWindow *win = nnp_window_new (GTK_APPLICATION (self), self->benchmark <= 0);
  if (self->view != NULL && !nnp_window_show_view (win, self->view))
    g_printerr (_("nnplay: there is no view “%s”; showing Training\n"), self->view);
  gtk_window_present (GTK_WINDOW (win));
  return win;
}

static void
start_benchmark (NnpApplication *self, NnpWindow *win, gboolean generate)
{
  if (generate)
    {
      /* The README's figure: two moons, 1,000 points. */
      NnpDocument *doc = nnp_window_get_document (win);
      nnp_document_set_generator (doc, NNP_GEN_MOONS);
      g_object_set (doc, "n-points", 1000, NULL);
    }
  if (self->bench_w > 0)
    gtk_window_set_default_size (GTK_WINDOW (win), self->bench_w, self->bench_h);
  nnp_window_run_benchmark (win, self->benchmark, self->bench_hidden > 0 ? self->bench_hidden : 8);
}

static void
nnp_application_activate (GApplication *app)
{
  NnpApplication *self = NNP_APPLICATION (app);
  GtkWindow *win = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (win != NULL && self->benchmark <= 0)
    {
      gtk_window_present (win);
      return;
    }
  NnpWindow *nwin = new_window (self);
  if (self->benchmark > 0)
    start_benchmark (self, nwin, TRUE);
}

static void
nnp_application_open (GApplication *app, GFile **files, int n_files, const char *hint)
{
  NnpApplication *self = NNP_APPLICATION (app);
  NnpWindow *win = new_window (self);

  /* One window per run; the last file wins when several are given. */
  for (int i = 0; i < n_files; i++)
    {
      if (self->benchmark > 0)
        {
          g_autoptr (GError) error = NULL;
          if (!nnp_window_open_file (win, files[i], &error))
            {
              g_printerr ("nnplay: %s\n", error->message);
              self->exit_status = 2;
              g_application_quit (app);
              return;
            }
        }
      else
        nnp_window_open_file_interactive (win, files[i]);
    }
  if (self->benchmark > 0)
    start_benchmark (self, win, FALSE);
}

static int
nnp_application_handle_local_options (GApplication *app, GVariantDict *options)
{
  NnpApplication *self = NNP_APPLICATION (app);
  const char *arg = NULL;

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("nnplay %s\n", PACKAGE_VERSION);
      return 0;
    }
  /* A string, not G_OPTION_ARG_DOUBLE: GApplication drops a double 0 as if
   * the option were absent, and "--benchmark 0" must be an error. */
  if (g_variant_dict_lookup (options, "benchmark", "&s", &arg))
    {
      char *end = NULL;
      double seconds = g_ascii_strtod (arg, &end);
      if (end == arg || *end != '\0' || !(seconds > 0 && seconds <= 3600))
        {
          g_printerr (_("nnplay: --benchmark needs a number of seconds above 0 and at most 3600, not “%s”\n"), arg);
          return 1;
        }
      self->benchmark = seconds;
    }
  if (g_variant_dict_lookup (options, "hidden", "i", &self->bench_hidden)
      && !(self->bench_hidden >= 1 && self->bench_hidden <= 64))
    {
      g_printerr (_("nnplay: --hidden needs a number of hidden units from 1 to 64, not %d\n"),
                  self->bench_hidden);
      return 1;
    }
  if (g_variant_dict_lookup (options, "window-size", "&s", &arg))
    {
      if (sscanf (arg, "%dx%d", &self->bench_w, &self->bench_h) != 2
          || self->bench_w < 320 || self->bench_h < 240 || self->bench_w > 16384 || self->bench_h > 16384)
        {
          g_printerr (_("nnplay: --window-size needs WIDTHxHEIGHT, such as 1920x1080, not “%s”\n"), arg);
          return 1;
        }
    }
  if (g_variant_dict_lookup (options, "view", "&s", &arg))
    self->view = g_strdup (arg);
  if ((self->bench_hidden > 0 || self->bench_w > 0) && self->benchmark <= 0)
    {
      g_printerr (_("nnplay: --hidden and --window-size go with --benchmark\n"));
      return 1;
    }
  return -1;
}

static void
action_about (GSimpleAction *action, GVariant *param, gpointer data)
{
  GtkApplication *app = data;
  static const char *const authors[] = { "The nnplay authors", NULL };

  gtk_show_about_dialog (gtk_application_get_active_window (app),
                         "program-name", "nnplay",
                         "logo-icon-name", APPLICATION_ID,
                         "version", PACKAGE_VERSION,
                         "comments", _("Watch a one-hidden-layer neural network learn, live"),
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "authors", authors,
                         "copyright", "© 2026 The nnplay authors",
                         NULL);
}

static void
action_quit (GSimpleAction *action, GVariant *param, gpointer data)
{
  GtkApplication *app = data;
  GList *windows = g_list_copy (gtk_application_get_windows (app));

  /* Close (not destroy) so each window saves its size. */
  for (GList *it = windows; it != NULL; it = it->next)
    gtk_window_close (it->data);
  g_list_free (windows);
}

static void
nnp_application_startup (GApplication *app)
{
  static const GActionEntry entries[] = {
    { .name = "about", .activate = action_about },
    { .name = "quit", .activate = action_quit },
  };
  /* Space, Right, Ctrl+Z, Ctrl+Shift+Z and Ctrl+Delete are NnpWindow's
   * key bindings instead: an application accelerator would take them from
   * a text field that has the focus. */
  static const struct {
    const char *action;
    const char *accels[3];
  } accels[] = {
    { "win.reset", { "<Primary>r", NULL } },
    { "win.export", { "<Primary>e", NULL } },
    { "win.copy", { "<Primary><Shift>c", NULL } },
    { "win.open-session", { "<Primary>o", NULL } },
    { "win.save-session", { "<Primary>s", NULL } },
    { "win.open-data", { "<Primary><Shift>o", NULL } },
    { "win.save-data", { "<Primary><Shift>s", NULL } },
    { "win.regenerate", { "<Primary>g", NULL } },
    { "window.close", { "<Primary>w", NULL } },
    { "app.quit", { "<Primary>q", NULL } },
    { "win.pin-run", { "<Primary>p", NULL } },
    /* no manual to open: F1 shows the keys, as Ctrl+? does */
    { "win.show-help-overlay", { "<Primary>question", "F1", NULL } },
  };

  G_APPLICATION_CLASS (nnp_application_parent_class)->startup (app);
  /* From the GResource's icons/ (added to the icon theme by GtkApplication)
   * when run uninstalled, from hicolor when installed. */
  gtk_window_set_default_icon_name (APPLICATION_ID);

  g_action_map_add_action_entries (G_ACTION_MAP (app), entries, G_N_ELEMENTS (entries), app);
  for (gsize i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (app), accels[i].action, accels[i].accels);

  g_autoptr (GtkCssProvider) css = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (css, "/io/github/nnplay/Nnplay/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

static void
nnp_application_finalize (GObject *object)
{
  g_free (NNP_APPLICATION (object)->view);
  G_OBJECT_CLASS (nnp_application_parent_class)->finalize (object);
}

static void
nnp_application_class_init (NnpApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = nnp_application_finalize;
  app_class->activate = nnp_application_activate;
  app_class->open = nnp_application_open;
  app_class->startup = nnp_application_startup;
  app_class->handle_local_options = nnp_application_handle_local_options;
}

static void
nnp_application_init (NnpApplication *self)
{
  static const GOptionEntry options[] = {
    { "benchmark", 0, 0, G_OPTION_ARG_STRING, NULL,
      N_("Train for SECONDS, print fps, frame_ms_p95 and epochs_per_s, and quit"), N_("SECONDS") },
    { "hidden", 0, 0, G_OPTION_ARG_INT, NULL,
      N_("With --benchmark: H hidden units (default 8)"), N_("H") },
    { "window-size", 0, 0, G_OPTION_ARG_STRING, NULL,
      N_("With --benchmark: the window's size, such as 1920x1080"), N_("WxH") },
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Print the version and quit"), NULL },
    { "view", 0, 0, G_OPTION_ARG_STRING, NULL,
      N_("Show this view of the side pane: training (default) or network"), N_("NAME") },
    { NULL },
  };

  g_application_add_main_option_entries (G_APPLICATION (self), options);
  g_application_set_option_context_parameter_string (G_APPLICATION (self), _("[FILE]"));
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Open FILE (points as CSV, or a session) or start "
                                              "with two moons."));
}

int
nnp_application_get_exit_status (NnpApplication *self)
{
  g_return_val_if_fail (NNP_IS_APPLICATION (self), 1);
  return self->exit_status;
}

NnpApplication *
nnp_application_new (gboolean non_unique)
{
  GApplicationFlags flags = G_APPLICATION_HANDLES_OPEN;

  if (non_unique)
    flags |= G_APPLICATION_NON_UNIQUE;
  return g_object_new (NNP_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", flags,
                       "resource-base-path", "/io/github/nnplay/Nnplay",
                       NULL);
}
