/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-window.c: the main window under Xvfb: actions, edits, undo, keys, keyboard points, live resizing, divergence, seeds, files, export. */
#define G_LOG_DOMAIN "nnplay-test"
#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gstdio.h>

#include <nnplay/nnp-error.h>
#include <nnplay/nnp-session.h>

#include "nnp-application.h"
#include "nnp-canvas.h"
#include "nnp-export-dialog.h"
#include "nnp-lecture-panel.h"
#include "pdf-check.h"
#include "nnp-network-panel.h"
#include "nnp-window.h"
#include "nnp-hidden-space-panel.h"
#include "window-wait.h"
#include "reference-eval.h"

#ifdef GDK_WINDOWING_X11
#include <gdk/x11/gdkx.h>
#endif

static NnpApplication *app;
static char *tmpdir;

static gboolean
no (gpointer data)
{
  return FALSE;
}

static void
pump (guint ms)
{
  wait_until (no, NULL, ms);
}

static NnpWindow *
new_window (void)
{
  NnpWindow *win = nnp_window_new (GTK_APPLICATION (app), FALSE);
  gtk_window_present (GTK_WINDOW (win));
  g_assert_true (wait_until (is_drawn, win, 10000));
  return win;
}

static void
close_window (NnpWindow *win)
{
  gtk_window_destroy (GTK_WINDOW (win));
  pump (50);
}

/* The Save / Discard / Cancel question shown when closing with unsaved
 * changes, or NULL. */
static GtkDialog *
close_dialog (void)
{
  g_autoptr (GList) tops = gtk_window_list_toplevels ();
  for (GList *l = tops; l != NULL; l = l->next)
    if (g_strcmp0 (gtk_widget_get_name (l->data), "nnp-close-dialog") == 0
        && gtk_widget_get_visible (l->data))
      return l->data;
  return NULL;
}

static size_t
epochs (NnpWindow *win)
{
  return nnp_window_get_view (win)->epochs;
}

typedef struct {
  NnpWindow *win;
  size_t epochs;
  size_t hidden;
} Want;

static gboolean
reached_epochs (gpointer data)
{
  Want *w = data;
  return epochs (w->win) >= w->epochs;
}

static gboolean
has_hidden (gpointer data)
{
  Want *w = data;
  const NnpLiveView *v = nnp_window_get_view (w->win);
  return v->model != NULL && v->model->theta->h == w->hidden;
}

static guint
n_children (GtkWidget *w)
{
  guint n = 0;
  for (GtkWidget *c = gtk_widget_get_first_child (w); c != NULL; c = gtk_widget_get_next_sibling (c))
    n++;
  return n;
}

static void
test_startup (void)
{
  NnpWindow *win = new_window ();
  GtkApplication *gapp = GTK_APPLICATION (app);

  /* Two moons, 200 points, 4 sigmoid hidden units, paused. */
  g_assert_cmpuint (nnp_point_set_data (nnp_window_get_points (win))->n, ==, 200);
  g_assert_nonnull (nnp_window_get_view (win)->model);
  g_assert_cmpuint (nnp_window_get_view (win)->model->theta->h, ==, 4);
  g_assert_cmpuint (n_children (nnp_window_get_child (win, "units_flowbox")), ==, 4);
  g_assert_false (nnp_window_get_running (win));
  g_assert_false (nnp_window_get_banner_shown (win));
  /* The canvas has the focus, so Space plays straight away. */
  g_assert_true (gtk_window_get_focus (GTK_WINDOW (win)) == nnp_window_get_child (win, "canvas"));
  /* The figures know the window's background (the network's labels sit
   * on boxes of it): the light theme's, near white. */
  {
    NnpPlotStyle style;
    nnp_plot_style_for_widget (nnp_window_get_child (win, "canvas"), &style);
    g_assert_true (style.transparent);
    g_assert_true (style.has_backdrop);
    g_assert_false (style.dark);
    g_assert_cmpfloat (0.2126 * style.backdrop[0] + 0.7152 * style.backdrop[1] + 0.0722 * style.backdrop[2], >, 0.8);
  }

  /* The accelerators the issue asks for, and the shortcuts window. */
  static const struct { const char *action, *accel; } want[] = {
    { "win.reset", "<Control>r" },
    { "win.export", "<Control>e" }, { "win.open-session", "<Control>o" },
    { "win.save-session", "<Control>s" },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (want); i++)
    {
      g_auto (GStrv) accels = gtk_application_get_accels_for_action (gapp, want[i].action);
      g_assert_nonnull (accels[0]);
      g_assert_cmpstr (accels[0], ==, want[i].accel);
    }
  /* Space, Right, Ctrl+Z and Ctrl+Shift+Z are the window's key bindings
   * (see /app/window/keys-in-text-fields), never application accelerators,
   * which would take them from text fields. */
  static const char *const bound[] = { "win.play", "win.step", "win.undo", "win.redo", "win.clear" };
  for (gsize i = 0; i < G_N_ELEMENTS (bound); i++)
    {
      g_auto (GStrv) accels = gtk_application_get_accels_for_action (gapp, bound[i]);
      g_assert_null (accels[0]);
    }
  g_assert_nonnull (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (win)));
  g_assert_true (g_action_map_lookup_action (G_ACTION_MAP (app), "about") != NULL);

  close_window (win);
}

/* Every control can take keyboard focus and says what it is. */
static gboolean
inside (GtkWidget *w, GType type)
{
  return gtk_widget_get_parent (w) != NULL && gtk_widget_get_ancestor (gtk_widget_get_parent (w), type) != NULL;
}

static void
check_controls (GtkWidget *w, guint *count)
{
  if (GTK_IS_SPIN_BUTTON (w) || GTK_IS_DROP_DOWN (w) || GTK_IS_SWITCH (w) || GTK_IS_SCALE (w)
      || GTK_IS_CHECK_BUTTON (w) || GTK_IS_BUTTON (w) || GTK_IS_MENU_BUTTON (w))
    {
      /* The window's own close/minimize buttons label themselves. */
      if (gtk_widget_get_visible (w) && !inside (w, GTK_TYPE_WINDOW_CONTROLS)
          && !inside (w, GTK_TYPE_SPIN_BUTTON) && !inside (w, GTK_TYPE_DROP_DOWN)
          && !inside (w, GTK_TYPE_MENU_BUTTON))
        {
          g_autofree char *what = g_strdup_printf ("%s in %s (%s)", G_OBJECT_TYPE_NAME (w),
                                                   G_OBJECT_TYPE_NAME (gtk_widget_get_parent (w)),
                                                   GTK_IS_BUTTON (w) && gtk_button_get_label (GTK_BUTTON (w)) ? gtk_button_get_label (GTK_BUTTON (w)) : "");
          if (gtk_widget_get_tooltip_text (w) == NULL && !GTK_IS_CHECK_BUTTON (w))
            g_error ("%s has no tooltip", what);
          /* Spin buttons, drop-downs and menu buttons focus an inner child. */
          if (!gtk_widget_get_focusable (w) && !GTK_IS_DROP_DOWN (w) && !GTK_IS_MENU_BUTTON (w)
              && !GTK_IS_SPIN_BUTTON (w))
            g_error ("%s cannot take focus", what);
          (*count)++;
        }
    }
  for (GtkWidget *c = gtk_widget_get_first_child (w); c != NULL; c = gtk_widget_get_next_sibling (c))
    check_controls (c, count);
}

static void
test_controls_labelled (void)
{
  NnpWindow *win = new_window ();
  guint count = 0;

  check_controls (GTK_WIDGET (win), &count);
  g_assert_cmpuint (count, >=, 15);
  g_assert_true (gtk_widget_get_focusable (nnp_window_get_child (win, "canvas")));
  close_window (win);
}

static void
test_play_step (void)
{
  NnpWindow *win = new_window ();
  Want w = { .win = win, .epochs = 30 };

  gtk_widget_activate_action (GTK_WIDGET (win), "win.play", NULL);
  g_assert_true (nnp_window_get_running (win));
  g_assert_true (wait_until (reached_epochs, &w, 20000));
  gtk_widget_activate_action (GTK_WIDGET (win), "win.play", NULL);
  g_assert_false (nnp_window_get_running (win));
  nnp_window_sync_now (win);
  size_t e = epochs (win);
  const NnpHistory *h = nnp_window_get_view (win)->history;
  g_assert_cmpuint (h->len, ==, e + 1);
  g_assert_cmpfloat (h->train_cost[e], <, h->train_cost[0]);

  gtk_widget_activate_action (GTK_WIDGET (win), "win.step", NULL);
  nnp_window_sync_now (win);
  g_assert_cmpuint (epochs (win), ==, e + 1);

  gtk_widget_activate_action (GTK_WIDGET (win), "win.reset", NULL);
  nnp_window_sync_now (win);
  g_assert_cmpuint (epochs (win), ==, 0);
  close_window (win);
}

/* Epochs per second over about `ms` of playing, read from the window. */
static double
play_rate (NnpWindow *win, guint ms)
{
  nnp_window_sync_now (win);
  size_t e0 = epochs (win);
  gint64 t0 = g_get_monotonic_time ();
  gtk_widget_activate_action (GTK_WIDGET (win), "win.play", NULL);
  pump (ms);
  gtk_widget_activate_action (GTK_WIDGET (win), "win.play", NULL);
  gint64 t1 = g_get_monotonic_time ();
  nnp_window_sync_now (win);
  return (double) (epochs (win) - e0) * 1e6 / (double) (t1 - t0);
}

static const char *
selected_text (GtkDropDown *dd)
{
  return gtk_string_object_get_string (gtk_drop_down_get_selected_item (dd));
}

static guint
find_item (GtkDropDown *dd, const char *text)
{
  GListModel *m = gtk_drop_down_get_model (dd);
  for (guint i = 0; i < g_list_model_get_n_items (m); i++)
    {
      g_autoptr (GtkStringObject) so = g_list_model_get_item (m, i);
      if (g_strcmp0 (gtk_string_object_get_string (so), text) == 0)
        return i;
    }
  g_error ("no item '%s' in the drop-down", text);
  return GTK_INVALID_LIST_POSITION;
}

static void
test_speed (void)
{
  NnpWindow *win = new_window ();
  GtkDropDown *dd = GTK_DROP_DOWN (nnp_window_get_child (win, "speed_dropdown"));

  /* Labelled (mnemonic label, accessible name) and explained (tooltip). */
  g_assert_nonnull (dd);
  g_assert_true (gtk_widget_is_drawable (GTK_WIDGET (dd)));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (GTK_WIDGET (dd)), "Maximum"));
  g_autoptr (GList) labels = gtk_widget_list_mnemonic_labels (GTK_WIDGET (dd));
  g_assert_nonnull (labels);
  g_assert_cmpstr (gtk_label_get_label (labels->data), ==, "Sp_eed");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (dd), GTK_ACCESSIBLE_PROPERTY_LABEL, "Training speed");

  /* The steps, slowest first, and the lecture default. */
  GListModel *model = gtk_drop_down_get_model (dd);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 10);
  g_assert_cmpuint (find_item (dd, "1 epoch/s"), ==, 0);
  g_assert_cmpuint (find_item (dd, "10,000 epochs/s"), ==, 8);
  g_assert_cmpuint (find_item (dd, "Maximum"), ==, 9);
  g_assert_cmpstr (selected_text (dd), ==, "300 epochs/s");

  /* A speed between the steps (from a session) is shown as itself and
   * kept, not replaced by the nearest step; it stays choosable. */
  {
    NnpDocument *doc = nnp_window_get_document (win);
    double eps = 0;
    g_object_set (doc, "speed", 7.0, NULL);
    g_assert_cmpstr (selected_text (dd), ==, "7 epochs/s");
    g_object_get (doc, "speed", &eps, NULL);
    g_assert_cmpfloat (eps, ==, 7.0);
    gtk_drop_down_set_selected (dd, find_item (dd, "30 epochs/s"));
    g_object_get (doc, "speed", &eps, NULL);
    g_assert_cmpfloat (eps, ==, 30.0);
    gtk_drop_down_set_selected (dd, find_item (dd, "7 epochs/s"));
    g_object_get (doc, "speed", &eps, NULL);
    g_assert_cmpfloat (eps, ==, 7.0);
    g_object_set (doc, "speed", 300.0, NULL);
    g_assert_cmpstr (selected_text (dd), ==, "300 epochs/s");
  }

  /* Choosing a step reaches the trainer: 10 epochs/s is paced ... */
  gtk_drop_down_set_selected (dd, find_item (dd, "10 epochs/s"));
  double slow = play_rate (win, 1000);
  g_test_message ("10 epochs/s chosen: %.1f measured", slow);
  g_assert_cmpfloat (slow, >=, 5);
  g_assert_cmpfloat (slow, <=, 16);
  /* ... Maximum is not ... */
  gtk_drop_down_set_selected (dd, find_item (dd, "Maximum"));
  double fastest = play_rate (win, 500);
  g_test_message ("Maximum chosen: %.0f measured", fastest);
  g_assert_cmpfloat (fastest, >, 1000);

  /* ... and a change while playing takes effect at once. */
  gtk_widget_activate_action (GTK_WIDGET (win), "win.play", NULL);
  pump (100);
  gtk_drop_down_set_selected (dd, find_item (dd, "1 epoch/s"));
  nnp_window_sync_now (win);
  size_t e = epochs (win);
  pump (500);
  nnp_window_sync_now (win);
  g_assert_cmpuint (epochs (win), <=, e + 1);
  gtk_widget_activate_action (GTK_WIDGET (win), "win.play", NULL);

  /* Step is one epoch at any speed. */
  nnp_window_sync_now (win);
  e = epochs (win);
  gtk_widget_activate_action (GTK_WIDGET (win), "win.step", NULL);
  nnp_window_sync_now (win);
  g_assert_cmpuint (epochs (win), ==, e + 1);
  close_window (win);
}

static void
test_edit_undo_redo (void)
{
  NnpWindow *win = new_window ();
  GtkWidget *canvas = nnp_window_get_child (win, "canvas");
  NnpPointSet *ps = nnp_window_get_points (win);

  gtk_widget_activate_action (GTK_WIDGET (win), "win.clear", NULL);
  g_assert_cmpuint (nnp_point_set_data (ps)->n, ==, 0);
  nnp_window_sync_now (win);
  g_assert_false (nnp_window_get_view (win)->trainable);

  /* A click, then a stroke of three points, then a Ctrl+click. */
  g_signal_emit_by_name (canvas, "edit-begin");
  g_signal_emit_by_name (canvas, "add-point", -0.75, 0.5, 1.0);
  g_signal_emit_by_name (canvas, "edit-begin");
  g_signal_emit_by_name (canvas, "add-point", 0.75, 0.5, 0.0);
  g_signal_emit_by_name (canvas, "add-point", 0.85, 0.4, 0.0);
  g_signal_emit_by_name (canvas, "add-point", 0.95, 0.3, 0.0);
  g_assert_cmpuint (nnp_point_set_data (ps)->n, ==, 4);
  /* Ctrl+click with nothing near is no edit at all. */
  g_signal_emit_by_name (canvas, "edit-begin");
  g_signal_emit_by_name (canvas, "remove-point", 1.9, -1.9, 0.05);
  g_signal_emit_by_name (canvas, "edit-begin");
  g_signal_emit_by_name (canvas, "remove-point", 0.86, 0.41, 0.05);
  g_assert_cmpuint (nnp_point_set_data (ps)->n, ==, 3);
  nnp_window_sync_now (win);
  g_assert_true (nnp_window_get_view (win)->trainable);
  g_assert_cmpuint (nnp_window_get_plot_state (win)->train->n, ==, 3);

  gtk_widget_activate_action (GTK_WIDGET (win), "win.undo", NULL);   /* the removal */
  g_assert_cmpuint (nnp_point_set_data (ps)->n, ==, 4);
  gtk_widget_activate_action (GTK_WIDGET (win), "win.undo", NULL);   /* the stroke */
  g_assert_cmpuint (nnp_point_set_data (ps)->n, ==, 1);
  g_assert_cmpfloat (nnp_point_set_data (ps)->y[0], ==, 1.0);
  gtk_widget_activate_action (GTK_WIDGET (win), "win.redo", NULL);
  g_assert_cmpuint (nnp_point_set_data (ps)->n, ==, 4);
  g_assert_cmpuint (nnp_window_get_plot_state (win)->train->n, ==, 4);
  gtk_widget_activate_action (GTK_WIDGET (win), "win.undo", NULL);
  gtk_widget_activate_action (GTK_WIDGET (win), "win.undo", NULL);   /* the click */
  gtk_widget_activate_action (GTK_WIDGET (win), "win.undo", NULL);   /* the Clear */
  g_assert_cmpuint (nnp_point_set_data (ps)->n, ==, 200);
  close_window (win);
}

static void
test_hidden_during_training (void)
{
  NnpWindow *win = new_window ();
  GtkSpinButton *hidden = GTK_SPIN_BUTTON (nnp_window_get_child (win, "hidden_spin"));
  GtkWidget *flowbox = nnp_window_get_child (win, "units_flowbox");
  Want w = { .win = win, .epochs = 20 };

  gtk_widget_activate_action (GTK_WIDGET (win), "win.play", NULL);
  g_assert_true (wait_until (reached_epochs, &w, 20000));

  gtk_spin_button_set_value (hidden, 12);
  w.hidden = 12;
  g_assert_true (wait_until (has_hidden, &w, 20000));
  w.epochs = epochs (win) + 20;
  g_assert_true (wait_until (reached_epochs, &w, 20000));
  g_assert_true (nnp_window_get_running (win));
  pump (100);
  g_assert_cmpuint (n_children (flowbox), ==, 12);

  /* Show unit 10 large, then shrink below it: the canvas goes back to a2. */
  GtkFlowBoxChild *child = gtk_flow_box_get_child_at_index (GTK_FLOW_BOX (flowbox), 9);
  g_signal_emit_by_name (flowbox, "child-activated", child);
  g_assert_cmpint (nnp_window_get_plot_state (win)->unit, ==, 9);
  gtk_spin_button_set_value (hidden, 3);
  w.hidden = 3;
  g_assert_true (wait_until (has_hidden, &w, 20000));
  pump (100);
  g_assert_cmpuint (n_children (flowbox), ==, 3);
  g_assert_cmpint (nnp_window_get_plot_state (win)->unit, ==, -1);
  g_assert_true (nnp_params_all_finite (nnp_window_get_view (win)->model->theta));

  gtk_widget_activate_action (GTK_WIDGET (win), "win.play", NULL);
  close_window (win);
}

static gboolean
grid_step_fine (gpointer data)
{
  return nnp_canvas_get_grid_step (NNP_CANVAS (nnp_window_get_child (data, "canvas"))) == 2;
}

static gboolean
grid_step_coarse (gpointer data)
{
  return nnp_canvas_get_grid_step (NNP_CANVAS (nnp_window_get_child (data, "canvas"))) > 2;
}

/* At h = 64 the heat map is drawn from coarser nodes while training (the
 * model changes every frame), and from every second pixel again once it
 * stops, without another change of the model. */
static void
test_grid_while_training (void)
{
  NnpWindow *win = new_window ();
  GtkSpinButton *hidden = GTK_SPIN_BUTTON (nnp_window_get_child (win, "hidden_spin"));
  Want w = { .win = win };

  gtk_window_set_default_size (GTK_WINDOW (win), 1400, 900);
  gtk_spin_button_set_value (hidden, 64);
  w.hidden = 64;
  g_assert_true (wait_until (has_hidden, &w, 20000));
  pump (200);
  g_assert_true (wait_until (grid_step_fine, win, 10000));

  gtk_widget_activate_action (GTK_WIDGET (win), "win.play", NULL);
  g_assert_true (wait_until (grid_step_coarse, win, 10000));
  gtk_widget_activate_action (GTK_WIDGET (win), "win.play", NULL);
  g_assert_false (nnp_window_get_running (win));
  g_assert_true (wait_until (grid_step_fine, win, 10000));
  close_window (win);
}

static void
test_thumb_toggle (void)
{
  NnpWindow *win = new_window ();
  GtkWidget *flowbox = nnp_window_get_child (win, "units_flowbox");
  GtkFlowBoxChild *child = gtk_flow_box_get_child_at_index (GTK_FLOW_BOX (flowbox), 2);

  g_assert_cmpint (nnp_window_get_plot_state (win)->unit, ==, -1);
  g_signal_emit_by_name (flowbox, "child-activated", child);
  g_assert_cmpint (nnp_window_get_plot_state (win)->unit, ==, 2);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (child), "shown"));
  g_signal_emit_by_name (flowbox, "child-activated", child);
  g_assert_cmpint (nnp_window_get_plot_state (win)->unit, ==, -1);
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (child), "shown"));
  close_window (win);
}

static char *
write_tmp (const char *name, const char *text)
{
  char *path = g_build_filename (tmpdir, name, NULL);
  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  return path;
}

/* A long file name (240 letters, no spaces) on the Data line keeps the
 * window's minimum width: the label breaks it and, past three lines,
 * drops its middle. In a session, 5,000 letters had taken the window past
 * X's size limit and the app ended on a BadLength error. */
static void
test_long_file_name (void)
{
  NnpWindow *win = new_window ();
  g_autoptr (GError) error = NULL;
  int before, after;

  pump (50);
  gtk_widget_measure (GTK_WIDGET (win), GTK_ORIENTATION_HORIZONTAL, -1, &before, NULL, NULL, NULL);
  g_autofree char *name = g_strnfill (240, 'W');
  g_autofree char *base = g_strconcat (name, ".csv", NULL);
  g_autofree char *path = write_tmp (base, "x1,x2,label\n0.5,0.25,1\n-0.5,0.75,0\n");
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_assert_true (nnp_window_open_file (win, file, &error));
  g_assert_no_error (error);
  pump (50);
  const char *shown = gtk_label_get_text (GTK_LABEL (nnp_window_get_child (win, "origin_label")));
  g_assert_nonnull (strstr (shown, "WWWW"));
  gtk_widget_measure (GTK_WIDGET (win), GTK_ORIENTATION_HORIZONTAL, -1, &after, NULL, NULL, NULL);
  g_test_message ("minimum width %d -> %d", before, after);
  g_assert_cmpint (after, <=, before + 20);
  g_unlink (path);
  close_window (win);
}

/* Sixteen pinned runs keep the window's minimum height: past about five
 * rows their list scrolls (it had pushed the timeline and the numbers
 * below a 1000 px screen). */
static void
test_many_pins (void)
{
  NnpWindow *win = new_window ();
  NnpDocument *doc = nnp_window_get_document (win);
  int before, after;

  pump (50);
  gtk_widget_measure (GTK_WIDGET (win), GTK_ORIENTATION_VERTICAL, -1, &before, NULL, NULL, NULL);
  for (int i = 0; i < 16; i++)
    {
      for (int e = 0; e < 3; e++)
        nnp_document_step (doc);
      nnp_document_sync (doc);
      g_assert_true (nnp_document_pin_run (doc));
    }
  g_assert_cmpuint (nnp_document_get_n_pins (doc), ==, 16);
  pump (50);
  gtk_widget_measure (GTK_WIDGET (win), GTK_ORIENTATION_VERTICAL, -1, &after, NULL, NULL, NULL);
  g_test_message ("minimum height %d -> %d with 16 pins", before, after);
  g_assert_cmpint (after, <=, before + 160);
  close_window (win);
}

static gboolean
banner_shown (gpointer data)
{
  return nnp_window_get_banner_shown (data);
}

static gboolean
banner_hidden (gpointer data)
{
  return !nnp_window_get_banner_shown (data);
}

static void
test_divergence_banner (void)
{
  NnpWindow *win = new_window ();
  GString *csv = g_string_new ("x1,x2,label\n");
  g_autoptr (GError) error = NULL;

  /* Points at 1e100 with ReLU and the largest learning rate overflow fast. */
  for (int i = 0; i < 20; i++)
    g_string_append_printf (csv, "%.17g,%.17g,%d\n", (i % 2 ? 1.5 : -1.5) * 1e100 + i * 1e98,
                            (0.3 * i - 3) * 1e100, i % 2);
  g_autofree char *path = write_tmp ("huge.csv", csv->str);
  g_string_free (csv, TRUE);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_assert_true (nnp_window_open_file (win, file, &error));
  g_assert_no_error (error);

  gtk_drop_down_set_selected (GTK_DROP_DOWN (nnp_window_get_child (win, "activation_dropdown")), NNP_ACT_RELU);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (nnp_window_get_child (win, "lr_spin")), 10.0);
  gtk_widget_activate_action (GTK_WIDGET (win), "win.play", NULL);
  g_assert_true (wait_until (banner_shown, win, 20000));
  g_assert_false (nnp_window_get_running (win));
  /* The last finite weights stay on screen. */
  g_assert_true (nnp_params_all_finite (nnp_window_get_view (win)->model->theta));
  g_assert_true (gtk_widget_get_visible (nnp_window_get_child (win, "lower_lr_button")));
  /* Data far from unit scale: the banner says so and offers to standardise. */
  g_assert_true (gtk_widget_get_visible (nnp_window_get_child (win, "standardize_button")));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (nnp_window_get_child (win, "banner_label"))),
                            "far from unit scale"));
  pump (100);

  gtk_widget_activate_action (GTK_WIDGET (win), "win.lower-lr", NULL);
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (nnp_window_get_child (win, "lr_spin"))),
                     ==, 1.0);
  g_assert_true (wait_until (banner_hidden, win, 20000));
  g_assert_cmpfloat (nnp_window_get_view (win)->lr, ==, 1.0);
  g_assert_false (gtk_widget_get_visible (nnp_window_get_child (win, "standardize_button")));

  /* Once more, then the banner's Standardise: z-scores, a new run. */
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (nnp_window_get_child (win, "lr_spin")), 10.0);
  gtk_widget_activate_action (GTK_WIDGET (win), "win.play", NULL);
  g_assert_true (wait_until (banner_shown, win, 20000));
  g_signal_emit_by_name (nnp_window_get_child (win, "standardize_button"), "clicked");
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (nnp_window_get_child (win, "standardize_switch"))));
  g_assert_true (wait_until (banner_hidden, win, 20000));
  nnp_window_sync_now (win);
  g_assert_cmpuint (nnp_window_get_view (win)->epochs, ==, 0);
  g_assert_true (nnp_window_get_plot_state (win)->standardized);
  close_window (win);
}

static void
test_files (void)
{
  NnpWindow *win = new_window ();
  NnpPointSet *ps = nnp_window_get_points (win);
  g_autoptr (GError) error = NULL;
  g_autofree char *csv_path = g_build_filename (tmpdir, "saved.csv", NULL);
  g_autofree char *session_path = g_build_filename (tmpdir, "saved.json", NULL);

  /* A bad CSV changes nothing and says where it is wrong. */
  g_autofree char *bad = write_tmp ("bad.csv", "x1,x2,label\n0.5,0.25,1\n0.5,oops,0\n");
  g_autoptr (GFile) bad_file = g_file_new_for_path (bad);
  g_assert_false (nnp_window_open_file (win, bad_file, &error));
  g_assert_error (error, NNP_ERROR, NNP_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "bad.csv:3"));
  g_clear_error (&error);
  g_assert_cmpuint (nnp_point_set_data (ps)->n, ==, 200);

  g_autofree char *bad_session = write_tmp ("bad.json", "{\"format\": \"nnplay-session\", \"version\": 99}");
  g_autoptr (GFile) bad_session_file = g_file_new_for_path (bad_session);
  g_assert_false (nnp_window_open_file (win, bad_session_file, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "bad.json"));
  g_clear_error (&error);
  g_assert_cmpuint (nnp_point_set_data (ps)->n, ==, 200);

  g_autoptr (GFile) missing = g_file_new_for_path ("/nonexistent/nnplay.csv");
  g_assert_false (nnp_window_open_file (win, missing, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Points saved under a session's name (.json): refused, nothing
   * written (it had made a .json of CSV that nothing could open). */
  g_autofree char *json_path = g_strconcat (csv_path, ".JSON", NULL);
  g_assert_false (nnp_window_save_data (win, json_path, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME);
  g_assert_nonnull (strstr (error->message, "CSV"));
  g_clear_error (&error);
  g_assert_false (g_file_test (json_path, G_FILE_TEST_EXISTS));

  /* Data round trip. */
  g_assert_true (nnp_window_save_data (win, csv_path, &error));
  g_assert_no_error (error);
  g_autoptr (NnpDataset) before = nnp_dataset_dup (nnp_point_set_data (ps));
  gtk_widget_activate_action (GTK_WIDGET (win), "win.clear", NULL);
  g_autoptr (GFile) csv_file = g_file_new_for_path (csv_path);
  g_assert_true (nnp_window_open_file (win, csv_file, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (nnp_point_set_data (ps)->n, ==, before->n);
  g_assert_cmpmem (nnp_point_set_data (ps)->X, before->n * 2 * sizeof (double),
                   before->X, before->n * 2 * sizeof (double));

  /* Session round trip: train a little with a split, save, change, reopen. */
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (nnp_window_get_child (win, "test_fraction_spin")), 0.25);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (nnp_window_get_child (win, "hidden_spin")), 6);
  gtk_widget_activate_action (GTK_WIDGET (win), "win.play", NULL);
  Want w = { .win = win, .epochs = 25 };
  g_assert_true (wait_until (reached_epochs, &w, 20000));
  gtk_widget_activate_action (GTK_WIDGET (win), "win.play", NULL);
  nnp_window_sync_now (win);
  g_assert_true (nnp_window_save_session (win, session_path, &error));
  g_assert_no_error (error);

  NnpModel *saved_model = nnp_model_dup (nnp_window_get_view (win)->model);
  g_autofree guint8 *saved_mask = g_memdup2 (nnp_point_set_mask (ps), nnp_point_set_data (ps)->n);
  size_t saved_epochs = epochs (win);
  size_t n = nnp_point_set_data (ps)->n;
  g_assert_cmpuint (saved_model->theta->h, ==, 6);

  gtk_widget_activate_action (GTK_WIDGET (win), "win.clear", NULL);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (nnp_window_get_child (win, "hidden_spin")), 2);
  gtk_widget_activate_action (GTK_WIDGET (win), "win.reset", NULL);
  nnp_window_sync_now (win);

  g_autoptr (GFile) session_file = g_file_new_for_path (session_path);
  g_assert_true (nnp_window_open_file (win, session_file, &error));
  g_assert_no_error (error);
  nnp_window_sync_now (win);
  g_assert_cmpuint (nnp_point_set_data (ps)->n, ==, n);
  g_assert_cmpmem (nnp_point_set_mask (ps), n, saved_mask, n);
  const NnpModel *m = nnp_window_get_view (win)->model;
  g_assert_cmpuint (m->theta->h, ==, 6);
  g_assert_cmpmem (m->theta->block, m->theta->size * sizeof (double),
                   saved_model->theta->block, saved_model->theta->size * sizeof (double));
  g_assert_cmpuint (epochs (win), ==, saved_epochs);
  g_assert_true (nnp_window_get_view (win)->history->has_test);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (nnp_window_get_child (win, "hidden_spin"))), ==, 6);
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (nnp_window_get_child (win, "test_fraction_spin"))), ==, 0.25);

  /* Saving where it cannot write reports it. */
  nnp_model_free (saved_model);
  g_assert_false (nnp_window_save_session (win, "/nonexistent/dir/s.json", &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  close_window (win);
}

static gboolean
window_gone (gpointer data)
{
  return *(NnpWindow **) data == NULL;
}

static gboolean
save_done (gpointer data)
{
  return !nnp_window_is_saving (data);
}

static size_t
saved_points (const char *path)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (NnpSession) s = nnp_session_load (path, &error);
  g_assert_no_error (error);
  return s->points->n;
}

/* Ctrl+S writes the session on a worker thread (a long run's session had
 * frozen the window for seconds): the window's loop runs meanwhile, the
 * document becomes clean when the file is written, not if it changed
 * meanwhile, and a second Save meanwhile is made after the first. */
static void
test_save_in_background (void)
{
  NnpWindow *win = new_window ();
  NnpDocument *doc = nnp_window_get_document (win);
  g_autofree char *path = g_build_filename (tmpdir, "background.json", NULL);
  g_autoptr (GError) error = NULL;

  g_assert_true (nnp_window_save_session (win, path, &error));   /* the document's file */
  g_assert_no_error (error);
  g_assert_false (nnp_document_get_dirty (doc));
  size_t n = nnp_point_set_data (nnp_document_get_points (doc))->n;

  nnp_document_begin_edit (doc);
  g_assert_true (nnp_document_add_point (doc, 0.25, 0.25, 1.0));
  g_assert_true (nnp_document_get_dirty (doc));
  nnp_window_save (win);
  /* returned at once: clean only once the file is there */
  g_assert_true (nnp_window_is_saving (win));
  g_assert_true (nnp_document_get_dirty (doc));
  g_assert_true (wait_until (save_done, win, 20000));
  g_assert_false (nnp_document_get_dirty (doc));
  g_assert_cmpuint (saved_points (path), ==, n + 1);

  /* a change while it writes: still unsaved after */
  nnp_document_begin_edit (doc);
  g_assert_true (nnp_document_add_point (doc, 0.5, 0.25, 0.0));
  nnp_window_save (win);
  nnp_document_begin_edit (doc);
  g_assert_true (nnp_document_add_point (doc, 0.75, 0.25, 0.0));
  g_assert_true (wait_until (save_done, win, 20000));
  g_assert_true (nnp_document_get_dirty (doc));
  g_assert_cmpuint (saved_points (path), ==, n + 2);

  /* Save again meanwhile: made after, with what the window holds then */
  nnp_window_save (win);
  nnp_document_begin_edit (doc);
  g_assert_true (nnp_document_add_point (doc, 0.75, 0.5, 1.0));
  nnp_window_save (win);
  g_assert_true (wait_until (save_done, win, 20000));
  g_assert_false (nnp_document_get_dirty (doc));
  g_assert_cmpuint (saved_points (path), ==, n + 4);

  /* Closing while it trains, answered Save: the training stops, the
   * window closes once the file is written */
  nnp_document_begin_edit (doc);
  g_assert_true (nnp_document_add_point (doc, 0.5, 0.5, 1.0));
  gtk_widget_activate_action (GTK_WIDGET (win), "win.play", NULL);
  g_object_add_weak_pointer (G_OBJECT (win), (gpointer *) &win);
  gtk_window_close (GTK_WINDOW (win));
  pump (50);
  g_assert_nonnull (win);
  g_assert_nonnull (close_dialog ());
  gtk_dialog_response (close_dialog (), 1 /* Save */);
  g_assert_true (wait_until (window_gone, &win, 20000));
  g_assert_cmpuint (saved_points (path), ==, n + 5);
}

/* Opening a session over unsaved work asks first, as closing does (it
 * had replaced the work without a word), and the opened session cannot
 * be undone into the earlier document's points; points from a CSV are an
 * undoable edit and open at once. */
static void
test_open_over_unsaved (void)
{
  NnpWindow *win = new_window ();
  NnpDocument *doc = nnp_window_get_document (win);
  g_autofree char *other = g_build_filename (tmpdir, "other-session.json", NULL);
  g_autofree char *mine = g_build_filename (tmpdir, "mine-session.json", NULL);
  g_autofree char *csv = g_build_filename (tmpdir, "three.csv", NULL);
  g_autoptr (GError) error = NULL;

  /* a session of 200 points to open */
  g_assert_true (nnp_window_save_session (win, other, &error));
  g_assert_no_error (error);
  g_autoptr (GFile) other_file = g_file_new_for_path (other);
  g_assert_true (g_file_set_contents (csv, "x1,x2,y\n0,0,1\n1,1,0\n2,0,1\n", -1, NULL));
  g_autoptr (GFile) csv_file = g_file_new_for_path (csv);

  /* unsaved work: 200 points and one more */
  nnp_document_begin_edit (doc);
  g_assert_true (nnp_document_add_point (doc, 0.3, 0.3, 1.0));
  g_assert_true (nnp_document_get_dirty (doc));
  nnp_window_open_file_interactive (win, other_file);
  pump (50);
  g_assert_nonnull (close_dialog ());
  g_assert_cmpuint (nnp_point_set_data (nnp_document_get_points (doc))->n, ==, 201);
  gtk_dialog_response (close_dialog (), GTK_RESPONSE_CANCEL);
  pump (50);
  g_assert_null (close_dialog ());
  g_assert_cmpuint (nnp_point_set_data (nnp_document_get_points (doc))->n, ==, 201);
  g_assert_true (nnp_document_get_dirty (doc));

  /* Discard: the session, and no undo back into the work it replaced */
  nnp_window_open_file_interactive (win, other_file);
  pump (50);
  gtk_dialog_response (close_dialog (), 2 /* Discard */);
  pump (50);
  g_assert_cmpuint (nnp_point_set_data (nnp_document_get_points (doc))->n, ==, 200);
  g_assert_cmpstr (nnp_document_get_name (doc), ==, "other-session.json");
  g_assert_false (nnp_document_get_dirty (doc));
  g_assert_false (nnp_document_undo (doc));
  g_assert_cmpuint (nnp_point_set_data (nnp_document_get_points (doc))->n, ==, 200);

  /* Save: the work is written to its own file first, then the session opens */
  g_assert_true (nnp_window_save_session (win, mine, &error));
  nnp_document_begin_edit (doc);
  g_assert_true (nnp_document_add_point (doc, 0.6, 0.3, 0.0));
  nnp_window_open_file_interactive (win, other_file);
  pump (50);
  gtk_dialog_response (close_dialog (), 1 /* Save */);
  g_assert_true (wait_until (save_done, win, 20000));
  pump (50);
  g_assert_cmpuint (saved_points (mine), ==, 201);
  g_assert_cmpstr (nnp_document_get_name (doc), ==, "other-session.json");
  g_assert_cmpuint (nnp_point_set_data (nnp_document_get_points (doc))->n, ==, 200);

  /* points from a CSV over unsaved work: no question, and Undo takes them back */
  nnp_document_begin_edit (doc);
  g_assert_true (nnp_document_add_point (doc, 0.6, 0.6, 0.0));
  nnp_window_open_file_interactive (win, csv_file);
  pump (50);
  g_assert_null (close_dialog ());
  g_assert_cmpuint (nnp_point_set_data (nnp_document_get_points (doc))->n, ==, 3);
  g_assert_true (nnp_document_undo (doc));
  g_assert_cmpuint (nnp_point_set_data (nnp_document_get_points (doc))->n, ==, 201);
  close_window (win);
}

static void
save_finished (GObject *source, GAsyncResult *result, gpointer data)
{
  g_assert_true (nnp_document_save_session_finish (NNP_DOCUMENT (source), result, NULL));
  *(gboolean *) data = TRUE;
}

static gboolean
flag_set (gpointer data)
{
  return *(gboolean *) data;
}

/* A session opened while Save is still writing another: the file written
 * is not the opened document's (Ctrl+S had then written the opened work
 * over it); the open waits for the write. Open question answered Save
 * while training: no second question after the save. A session file with
 * a byte order mark is a session (it had been read as a CSV). */
static void
test_open_during_save (void)
{
  NnpWindow *win = new_window ();
  NnpDocument *doc = nnp_window_get_document (win);
  g_autofree char *a = g_build_filename (tmpdir, "during-a.json", NULL);
  g_autofree char *b = g_build_filename (tmpdir, "during-b.json", NULL);
  g_autofree char *bom = g_build_filename (tmpdir, "during-bom.json", NULL);
  g_autoptr (GError) error = NULL;

  g_assert_true (nnp_window_save_session (win, b, &error));   /* another session, 200 points */
  g_assert_true (nnp_window_save_session (win, a, &error));
  g_autoptr (GFile) b_file = g_file_new_for_path (b);

  /* the document level: an open between the start and the end of a save */
  nnp_document_begin_edit (doc);
  g_assert_true (nnp_document_add_point (doc, 0.4, 0.4, 1.0));
  nnp_window_save (win);
  g_assert_true (nnp_window_is_saving (win));
  nnp_window_open_file_interactive (win, b_file);
  g_assert_true (wait_until (save_done, win, 20000));
  pump (50);
  g_assert_null (close_dialog ());
  g_assert_cmpstr (nnp_document_get_name (doc), ==, "during-b.json");
  g_assert_false (nnp_document_get_dirty (doc));
  g_assert_cmpuint (nnp_point_set_data (nnp_document_get_points (doc))->n, ==, 200);
  g_assert_cmpuint (saved_points (a), ==, 201);
  {
    /* the same through the document alone: the save does not name b's work */
    g_autofree char *c = g_build_filename (tmpdir, "during-c.json", NULL);
    g_autoptr (GFile) a_file = g_file_new_for_path (a);
    gboolean finished = FALSE;
    nnp_document_save_session_async (doc, c, save_finished, &finished);
    g_assert_true (nnp_document_open (doc, a_file, &error));
    g_assert_no_error (error);
    g_assert_true (wait_until (flag_set, &finished, 20000));
    g_assert_cmpstr (nnp_document_get_name (doc), ==, "during-a.json");
    g_assert_cmpuint (saved_points (c), ==, 200);
  }

  /* Save in the open question while training: one question only */
  nnp_document_set_running (doc, TRUE);
  pump (200);
  g_assert_true (nnp_document_get_dirty (doc));
  nnp_window_open_file_interactive (win, b_file);
  pump (50);
  g_assert_nonnull (close_dialog ());
  gtk_dialog_response (close_dialog (), 1 /* Save */);
  g_assert_true (wait_until (save_done, win, 20000));
  pump (200);
  g_assert_null (close_dialog ());
  g_assert_cmpstr (nnp_document_get_name (doc), ==, "during-b.json");
  g_assert_false (nnp_document_get_running (doc));

  /* a byte order mark before a session */
  {
    g_autofree char *text = NULL;
    gsize len = 0;
    g_assert_true (g_file_get_contents (a, &text, &len, NULL));
    g_autofree char *marked = g_strconcat ("\xef\xbb\xbf", text, NULL);
    g_assert_true (g_file_set_contents (bom, marked, -1, NULL));
    g_autoptr (GFile) bom_file = g_file_new_for_path (bom);
    g_assert_true (nnp_document_is_session_file (bom_file));
    g_assert_true (nnp_document_open (doc, bom_file, &error));
    g_assert_no_error (error);
    g_assert_cmpstr (nnp_document_get_name (doc), ==, "during-bom.json");
  }
  close_window (win);
}

static gboolean
check_has_result (gpointer data)
{
  return strstr (gtk_label_get_text (data), "W[1]") != NULL;
}

/* The gradient check's result describes the network it checked: when
 * the hidden units, the activation or the points change it goes (it had
 * stayed, reading 46 parameters of W[1] beside a network of 3 units). */
static void
test_gradcheck_forgotten (void)
{
  NnpWindow *win = new_window ();
  NnpDocument *doc = nnp_window_get_document (win);
  GtkLabel *label = GTK_LABEL (nnp_window_get_child (win, "check_label"));
  GtkButton *button = GTK_BUTTON (nnp_window_get_child (win, "check_button"));
  const char *change[] = { "hidden-units", "activation", "test-fraction" };

  gtk_stack_set_visible_child_name (GTK_STACK (nnp_window_get_child (win, "side_stack")), "network");
  pump (50);
  for (gsize i = 0; i < G_N_ELEMENTS (change); i++)
    {
      g_signal_emit_by_name (button, "clicked");
      g_assert_true (wait_until (check_has_result, label, 30000));
      g_assert_true (gtk_widget_get_visible (GTK_WIDGET (label)));
      if (i == 0)
        g_object_set (doc, change[i], 3u, NULL);
      else if (i == 1)
        g_object_set (doc, change[i], NNP_ACT_TANH, NULL);
      else
        g_object_set (doc, change[i], 0.25, NULL);
      pump (50);
      g_assert_false (gtk_widget_get_visible (GTK_WIDGET (label)));
      g_assert_null (strstr (gtk_label_get_text (label), "W[1]"));
    }
  /* a check under way when the network changes: its result goes nowhere */
  g_object_set (doc, "hidden-units", 60u, NULL);
  nnp_window_sync_now (win);
  g_signal_emit_by_name (button, "clicked");
  g_object_set (doc, "hidden-units", 2u, NULL);
  pump (3000);
  g_assert_null (strstr (gtk_label_get_text (label), "W[1]"));
  g_assert_cmpstr (gtk_button_get_label (button), ==, "_Check Gradients");
  close_window (win);
}

/* Alt+1 .. Alt+4 switch the side pane's view and leave the keys with the
 * plane, or bring them back to it from the view they leave: Space then
 * plays (after Alt+4 it had pressed Pick, after Alt+1 a unit's
 * thumbnail). A control outside the pane keeps the focus. */
static void
test_side_view_focus (void)
{
  NnpWindow *win = new_window ();
  GtkWidget *canvas = nnp_window_get_child (win, "canvas");
  GtkWidget *check = nnp_window_get_child (win, "check_button");
  GtkWidget *hidden = nnp_window_get_child (win, "hidden_spin");
  GtkStack *stack = GTK_STACK (nnp_window_get_child (win, "side_stack"));

  gtk_widget_activate_action (GTK_WIDGET (win), "win.side-view", "u", 3);
  pump (50);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "lecture");
  g_assert_true (gtk_window_get_focus (GTK_WINDOW (win)) == canvas);

  gtk_widget_activate_action (GTK_WIDGET (win), "win.side-view", "u", 1);
  pump (50);
  g_assert_true (gtk_widget_grab_focus (check));
  g_assert_true (gtk_window_get_focus (GTK_WINDOW (win)) == check);
  gtk_widget_activate_action (GTK_WIDGET (win), "win.side-view", "u", 0);
  pump (50);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "training");
  g_assert_true (gtk_window_get_focus (GTK_WINDOW (win)) == canvas);

  g_assert_true (gtk_widget_grab_focus (hidden));
  GtkWidget *before = gtk_window_get_focus (GTK_WINDOW (win));
  gtk_widget_activate_action (GTK_WIDGET (win), "win.side-view", "u", 2);
  pump (50);
  g_assert_true (gtk_window_get_focus (GTK_WINDOW (win)) == before);
  close_window (win);
}

static NnpExportDialog *
find_export_dialog (void)
{
  GListModel *tops = gtk_window_get_toplevels ();
  for (guint i = 0; i < g_list_model_get_n_items (tops); i++)
    {
      g_autoptr (GObject) o = g_list_model_get_item (tops, i);
      if (NNP_IS_EXPORT_DIALOG (o))
        return NNP_EXPORT_DIALOG (o);
    }
  return NULL;
}

static void
test_export (void)
{
  NnpWindow *win = new_window ();
  static const char *const names[] = { "boundary.png", "boundary.svg", "boundary.pdf" };
  static const char *const magic[] = { "\x89PNG", "<?xml", "%PDF" };

  gtk_widget_activate_action (GTK_WIDGET (win), "win.export", NULL);
  pump (100);
  NnpExportDialog *dialog = find_export_dialog ();
  g_assert_nonnull (dialog);
  nnp_export_dialog_set_size (dialog, 640, 360);
  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *path = g_build_filename (tmpdir, names[i], NULL);
      g_autofree char *data = NULL;
      gsize len = 0;

      g_assert_true (nnp_export_dialog_export_to (dialog, path, &error));
      g_assert_no_error (error);
      g_assert_true (g_file_get_contents (path, &data, &len, NULL));
      g_assert_cmpuint (len, >, 1000);
      g_assert_true (g_str_has_prefix (data, magic[i]) || (i == 1 && strstr (data, "<svg") != NULL));
    }
  /* The next dialog starts from this one's plot, format and theme. */
  {
    NnpExportChoices c;
    nnp_export_dialog_set_figure (dialog, NNP_FIGURE_COST);
    nnp_export_dialog_set_format (dialog, NNP_FORMAT_SVG);
    nnp_export_dialog_set_light (dialog, TRUE);
    gtk_window_close (GTK_WINDOW (dialog));
    pump (100);
    g_assert_null (find_export_dialog ());
    gtk_widget_activate_action (GTK_WIDGET (win), "win.export", NULL);
    pump (100);
    dialog = find_export_dialog ();
    g_assert_nonnull (dialog);
    nnp_export_dialog_get_choices (dialog, &c);
    g_assert_cmpint (c.figure, ==, NNP_FIGURE_COST);
    g_assert_cmpint (c.format, ==, NNP_FORMAT_SVG);
    g_assert_true (c.light);
  }
  if (find_export_dialog () != NULL)
    gtk_window_destroy (GTK_WINDOW (find_export_dialog ()));
  close_window (win);
}

/* The Update figure written by the export dialog as a PDF named name in
 * tmpdir, and its text; the dialog is closed. */
static char *
export_update_text (NnpExportDialog *dialog, const char *name)
{
  g_autofree char *path = g_build_filename (tmpdir, name, NULL);
  g_autoptr (GError) error = NULL;

  g_assert_nonnull (dialog);
  nnp_export_dialog_set_figure (dialog, NNP_FIGURE_UPDATE);
  nnp_export_dialog_set_format (dialog, NNP_FORMAT_PDF);
  g_assert_true (nnp_export_dialog_export_to (dialog, path, &error));
  g_assert_no_error (error);
  gtk_window_destroy (GTK_WINDOW (dialog));
  return pdf_page_text (path);
}

/* A Lecture slide exported after the document changed while the Lecture
 * page was hidden: the document's alpha and points, not the defaults
 * (alpha 0.5) nor the page's last computation. */
static void
test_export_lecture_hidden (void)
{
  NnpWindow *win = new_window ();
  NnpDocument *doc = nnp_window_get_document (win);
  GtkStack *stack = GTK_STACK (nnp_window_get_child (win, "side_stack"));

  gtk_stack_set_visible_child_name (stack, "lecture");
  pump (50);
  gtk_stack_set_visible_child_name (stack, "network");
  pump (50);
  g_object_set (doc, "learning-rate", 1.75, NULL);
  size_t n = nnp_window_get_plot_state (win)->train->n;
  nnp_document_begin_edit (doc);
  g_assert_true (nnp_document_add_point (doc, 0.25, -0.5, 1.0));
  nnp_window_sync_now (win);
  pump (50);
  g_assert_cmpuint (nnp_window_get_plot_state (win)->train->n, ==, n + 1);

  gtk_widget_activate_action (GTK_WIDGET (win), "win.export", NULL);
  pump (100);
  g_autofree char *text = export_update_text (find_export_dialog (), "update-hidden.pdf");
  if (strstr (text, "= 1.75") == NULL)
    g_error ("the exported update does not give alpha = 1.75:\n%s", text);
  g_assert_null (strstr (text, "= 0.5\n"));
  close_window (win);
}

static GtkWidget *
find_descendant (GtkWidget *w, GType type, const char *icon)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (w, type)
      && (icon == NULL || g_strcmp0 (gtk_menu_button_get_icon_name (GTK_MENU_BUTTON (w)), icon) == 0))
    return w;
  for (GtkWidget *c = gtk_widget_get_first_child (w); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_descendant (c, type, icon);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Under w, the menu items (GtkModelButton) for the two panes, each
 * asserted to be checked as want; how many there were. */
static int
count_pane_checks (GtkWidget *w, GType model_button, gboolean want)
{
  int seen = 0;
  if (G_TYPE_CHECK_INSTANCE_TYPE (w, model_button))
    {
      g_autofree char *text = NULL;
      gboolean active = FALSE;
      g_object_get (w, "text", &text, "active", &active, NULL);
      if (text != NULL && (strstr (text, "Controls") != NULL || strstr (text, "Hidden Units and Cost") != NULL))
        {
          g_test_message ("%s active %d", text, active);
          g_assert_cmpint (active, ==, want);
          seen++;
        }
    }
  for (GtkWidget *c = gtk_widget_get_first_child (w); c != NULL; c = gtk_widget_get_next_sibling (c))
    seen += count_pane_checks (c, model_button, want);
  return seen;
}

/* The main menu's "Show Controls" and "Show Hidden Units and Cost" are
 * checked when the panes show, from the start and after F9 / F8. */
static void
test_menu_checks (void)
{
  NnpWindow *win = new_window ();
  GtkWidget *header = gtk_window_get_titlebar (GTK_WINDOW (win));
  GtkWidget *button = header != NULL ? find_descendant (header, GTK_TYPE_MENU_BUTTON, "open-menu-symbolic") : NULL;
  g_assert_nonnull (button);
  gtk_menu_button_popup (GTK_MENU_BUTTON (button));
  pump (100);
  GType model_button = g_type_from_name ("GtkModelButton");   /* GTK's own, registered by now */
  GtkWidget *popover = GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (button)));
  g_assert_nonnull (popover);
  g_assert_true (model_button != 0);
  for (int round = 0; round < 2; round++)
    {
      g_assert_cmpint (count_pane_checks (popover, model_button, round == 0), ==, 2);
      g_object_set (win, "show-controls", FALSE, "show-panels", FALSE, NULL);
      pump (50);
    }
  gtk_menu_button_popdown (GTK_MENU_BUTTON (button));
  close_window (win);
}

/* The Lecture page shown while training: an edit just after the page
 * computed waits for its refresh (at most NNP_LECTURE_REFRESH_MS); an
 * export in that time takes the document's points and alpha, not the
 * defaults the dialog falls back to when the rows differ. */
static void
test_export_lecture_running (void)
{
  NnpWindow *win = new_window ();
  NnpDocument *doc = nnp_window_get_document (win);
  NnpLecturePanel *panel = NNP_LECTURE_PANEL (nnp_window_get_child (win, "lecture_panel"));
  GtkStack *stack = GTK_STACK (nnp_window_get_child (win, "side_stack"));

  gtk_stack_set_visible_child_name (stack, "lecture");
  g_object_set (doc, "learning-rate", 1.25, NULL);
  nnp_document_set_running (doc, TRUE);
  pump (100);
  size_t n = nnp_window_get_plot_state (win)->train->n;
  guint before = nnp_lecture_panel_get_computations (panel);
  g_assert_nonnull (nnp_lecture_panel_get_view (panel));   /* computed just now */
  nnp_document_begin_edit (doc);
  g_assert_true (nnp_document_add_point (doc, -0.25, 0.5, 0.0));
  g_assert_cmpuint (nnp_window_get_plot_state (win)->train->n, ==, n + 1);
  gtk_widget_activate_action (GTK_WIDGET (win), "win.export", NULL);
  NnpExportDialog *dialog = find_export_dialog ();
  nnp_document_set_running (doc, FALSE);
  g_assert_cmpuint (nnp_lecture_panel_get_computations (panel), >, before);
  g_autofree char *text = export_update_text (dialog, "update-running.pdf");
  if (strstr (text, "= 1.25") == NULL)
    g_error ("the exported update does not give alpha = 1.25:\n%s", text);
  close_window (win);
}

/* The Lecture page shown, a row selected, a point removed before it: the
 * selection goes and the page computes on the new points at once (it
 * read the freed ones when the row was cleared first; ASan sees that). */
static void
test_lecture_row_cleared (void)
{
  NnpWindow *win = new_window ();
  NnpDocument *doc = nnp_window_get_document (win);
  NnpLecturePanel *panel = NNP_LECTURE_PANEL (nnp_window_get_child (win, "lecture_panel"));
  GtkStack *stack = GTK_STACK (nnp_window_get_child (win, "side_stack"));

  gtk_stack_set_visible_child_name (stack, "lecture");
  pump (50);
  nnp_document_set_selected_row (doc, 5);
  pump (50);
  const NnpDataset *tr = nnp_window_get_plot_state (win)->train;
  size_t n = tr->n;
  nnp_document_begin_edit (doc);
  nnp_document_remove_point (doc, tr->X[0], tr->X[1], 1e-9);
  g_assert_cmpint (nnp_document_get_selected_row (doc), ==, -1);
  nnp_window_sync_now (win);
  pump (50);
  const NnpLecture *lec = nnp_lecture_panel_get_lecture (panel);
  g_assert_nonnull (lec);
  g_assert_cmpuint (lec->n, ==, n - 1);
  close_window (win);
}

/* A narrow window (1024 px): the controls and the side pane take turns,
 * so the plane keeps its room; hiding the side pane brings the controls
 * back; a wide window shows both again. */
static gboolean
focus_on_canvas (gpointer win)
{
  return NNP_IS_CANVAS (gtk_window_get_focus (GTK_WINDOW (win)));
}

static const char *
focus_type (NnpWindow *win)
{
  GtkWidget *f = gtk_window_get_focus (GTK_WINDOW (win));
  return f != NULL ? G_OBJECT_TYPE_NAME (f) : "none";
}

/* A focused control that is hidden gives the focus to the plane, so the
 * next Space plays: GTK had passed it to the GtkPaned around the control,
 * and the first Space only moved it on (Alt+2 with the hidden-units
 * field focused, F11 after dragging the timeline). */
static void
test_hidden_focus_to_plane (void)
{
  NnpWindow *win = new_window ();
  GtkWidget *spin = nnp_window_get_child (win, "hidden_spin");
  GtkWidget *timeline = nnp_window_get_child (win, "timeline");
  gboolean running = FALSE;

  gtk_window_set_default_size (GTK_WINDOW (win), 1024, 700);
  pump (100);
  g_object_set (win, "show-controls", TRUE, NULL);
  pump (50);
  g_assert_true (gtk_widget_grab_focus (spin));
  pump (20);
  g_assert_false (NNP_IS_CANVAS (gtk_window_get_focus (GTK_WINDOW (win))));
  g_object_set (win, "show-panels", TRUE, NULL);    /* in a narrow window the controls make way */
  if (!wait_until (focus_on_canvas, win, 5000))
    g_error ("the focus is on %s, not the plane", focus_type (win));
  g_assert_false (gtk_widget_get_mapped (spin));
  g_signal_emit_by_name (win, "activate-focus");    /* what Space does */
  pump (20);
  g_object_get (nnp_window_get_document (win), "running", &running, NULL);
  g_assert_true (running);
  nnp_document_set_running (nnp_window_get_document (win), FALSE);

  /* the timeline, then presentation mode hides the side pane */
  g_assert_true (gtk_widget_grab_focus (timeline));
  pump (20);
  g_object_set (win, "presentation", TRUE, NULL);
  if (!wait_until (focus_on_canvas, win, 5000))
    g_error ("in presentation mode the focus is on %s, not the plane", focus_type (win));
  g_object_set (win, "presentation", FALSE, NULL);
  pump (50);
  close_window (win);
}

/* Presentation mode: the side panes brought back (F8) have text for the
 * back of the room too, their figures' (the Lecture page's is taller)
 * and their labels'; out of it, as on the desktop again. The Lecture
 * page had kept 7 px digits on a 1024x768 projector. */
static double
label_font_size (GtkWidget *w)
{
  PangoFontDescription *fd = pango_context_get_font_description (gtk_widget_get_pango_context (w));
  return fd != NULL ? (double) pango_font_description_get_size (fd) / PANGO_SCALE : 0.0;
}

typedef struct {
  GtkDrawingArea *area;
  GtkWidget *label;
  int height;               /* the figure taller than this */
  double font;              /* the label's text at least this (<= 0: exactly -font) */
} TextGrown;

static gboolean
text_grown (gpointer data)
{
  const TextGrown *g = data;
  const double f = label_font_size (g->label);
  return gtk_drawing_area_get_content_height (g->area) > g->height
         && (g->font > 0 ? f >= g->font : f == -g->font);
}

static void
test_presentation_text (void)
{
  NnpWindow *win = new_window ();
  GtkStack *stack = GTK_STACK (nnp_window_get_child (win, "side_stack"));
  NnpLecturePanel *lecture = NNP_LECTURE_PANEL (gtk_widget_get_ancestor (nnp_window_get_child (win, "status_label"),
                                                                         NNP_TYPE_LECTURE_PANEL));
  GtkDrawingArea *area = GTK_DRAWING_AREA (nnp_lecture_panel_get_area (lecture));
  GtkWidget *label = nnp_window_get_child (win, "status_label");

  gtk_window_set_default_size (GTK_WINDOW (win), 1400, 900);
  g_object_set (win, "show-panels", TRUE, NULL);
  gtk_stack_set_visible_child_name (stack, "lecture");
  /* (waits, not fixed pauses: a sanitizer build on a loaded machine lays
   * the page out late) */
  TextGrown shown = { area, label, 0, 1.0 };
  g_assert_true (wait_until (text_grown, &shown, 10000));
  pump (300);
  const int h0 = gtk_drawing_area_get_content_height (area);
  const double f0 = label_font_size (label);
  GtkWidget *unit_scale = nnp_window_get_child (win, "scale_view");
  int us0 = 0, us1 = 0;
  gtk_widget_get_size_request (unit_scale, NULL, &us0);
  g_assert_cmpfloat (nnp_widget_text_scale (GTK_WIDGET (area)), ==, 1.0);

  g_object_set (win, "presentation", TRUE, NULL);
  g_object_set (win, "show-panels", TRUE, NULL);
  TextGrown grown = { area, label, (int) (h0 * 1.15), f0 * 1.2 };
  const gboolean ok = wait_until (text_grown, &grown, 10000);
  const double scale = nnp_widget_text_scale (GTK_WIDGET (area));
  g_test_message ("presentation: scale %.2f, Lecture figure %d -> %d px high, label %.1f -> %.1f pt", scale, h0,
                  gtk_drawing_area_get_content_height (area), f0, label_font_size (label));
  g_assert_cmpfloat (scale, >=, 1.25);
  g_assert_true (ok);
  /* the hidden units' colour scale too (its ticks follow its height) */
  gtk_widget_get_size_request (unit_scale, NULL, &us1);
  g_assert_cmpint (us1, >=, us0 * 1.25 - 1);

  g_object_set (win, "presentation", FALSE, NULL);
  TextGrown back = { area, label, 0, -f0 };
  g_assert_true (wait_until (text_grown, &back, 10000));
  g_assert_cmpfloat (nnp_widget_text_scale (GTK_WIDGET (area)), ==, 1.0);
  close_window (win);
}

/* Continue from Here gives the keys back to the plane: scrubbed with the
 * timeline's keys, Right had then moved the slider (at its end) and not
 * stepped the branch. */
static void
test_continue_focus (void)
{
  NnpWindow *win = new_window ();
  NnpDocument *doc = nnp_window_get_document (win);
  GtkWidget *timeline = nnp_window_get_child (win, "timeline");

  gtk_window_set_default_size (GTK_WINDOW (win), 1400, 900);
  g_object_set (win, "show-panels", TRUE, NULL);
  gtk_stack_set_visible_child_name (GTK_STACK (nnp_window_get_child (win, "side_stack")), "training");
  for (int i = 0; i < 20; i++)
    nnp_document_step (doc);
  nnp_window_sync_now (win);
  pump (200);
  g_assert_true (gtk_widget_grab_focus (timeline));
  nnp_document_set_shown_epoch (doc, 8);
  pump (100);
  g_signal_emit_by_name (nnp_window_get_child (win, "continue_button"), "clicked");
  pump (100);
  g_assert_cmpint (nnp_document_get_shown_epoch (doc), ==, -1);
  g_assert_true (NNP_IS_CANVAS (gtk_window_get_focus (GTK_WINDOW (win))));
  /* and the window's Right steps the branch */
  nnp_window_sync_now (win);
  const size_t e = nnp_window_get_view (win)->epochs;
  g_assert_cmpuint (e, ==, 8);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (win), "win.step", NULL));
  Want w = { .win = win, .epochs = e + 1 };
  g_assert_true (wait_until (reached_epochs, &w, 20000));
  g_assert_cmpuint (nnp_window_get_view (win)->epochs, ==, e + 1);
  close_window (win);
}

static void
test_narrow_turns (void)
{
  NnpWindow *win = new_window ();
  gboolean controls, panels;

  gtk_window_set_default_size (GTK_WINDOW (win), 1024, 700);
  pump (100);
  g_object_get (win, "show-controls", &controls, "show-panels", &panels, NULL);
  g_assert_true (controls);
  g_assert_false (panels);

  g_object_set (win, "show-panels", TRUE, NULL);
  g_object_get (win, "show-controls", &controls, "show-panels", &panels, NULL);
  g_assert_true (panels);
  g_assert_false (controls);
  g_object_set (win, "show-panels", FALSE, NULL);
  g_object_get (win, "show-controls", &controls, "show-panels", &panels, NULL);
  g_assert_false (panels);
  g_assert_true (controls);

  g_object_set (win, "show-panels", TRUE, NULL);
  g_object_set (win, "show-controls", TRUE, NULL);
  g_object_get (win, "show-controls", &controls, "show-panels", &panels, NULL);
  g_assert_true (controls);
  g_assert_false (panels);

  /* presentation mode: F8 twice there leaves the controls hidden; out
   * of it, the turn-taking as it was */
  g_object_set (win, "show-panels", TRUE, NULL);
  g_object_get (win, "show-controls", &controls, NULL);
  g_assert_false (controls);
  g_object_set (win, "presentation", TRUE, NULL);
  pump (100);
  /* the window's class that hides the plane's focus ring (style.css) */
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (win), "presentation"));
  g_object_set (win, "show-panels", TRUE, NULL);
  g_object_set (win, "show-panels", FALSE, NULL);
  g_object_get (win, "show-controls", &controls, "show-panels", &panels, NULL);
  g_assert_false (controls);
  g_assert_false (panels);
  g_object_set (win, "presentation", FALSE, NULL);
  pump (100);
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (win), "presentation"));
  g_object_get (win, "show-controls", &controls, "show-panels", &panels, NULL);
  g_assert_false (controls);
  g_assert_true (panels);
  g_object_set (win, "show-panels", FALSE, NULL);
  g_object_get (win, "show-controls", &controls, NULL);
  g_assert_true (controls);

  g_object_set (win, "show-panels", TRUE, NULL);
  gtk_window_set_default_size (GTK_WINDOW (win), 1500, 900);
  pump (100);
  g_object_get (win, "show-controls", &controls, "show-panels", &panels, NULL);
  g_assert_true (controls);
  g_assert_true (panels);
  close_window (win);
}

static GtkWidget *
find_toplevel (GType type)
{
  GListModel *tops = gtk_window_get_toplevels ();
  for (guint i = 0; i < g_list_model_get_n_items (tops); i++)
    {
      g_autoptr (GObject) o = g_list_model_get_item (tops, i);
      if (G_TYPE_CHECK_INSTANCE_TYPE (o, type))
        return GTK_WIDGET (o);
    }
  return NULL;
}

static void
test_drop_file (void)
{
  NnpWindow *win = new_window ();
  GtkDropTarget *drop = NULL;
  g_autofree char *path = write_tmp ("dropped.csv", "# three points\nx1,x2,label\n0.25,-1.5,1\n2.385,0.5,0\n-1,1,1\n");
  g_autoptr (GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (win));

  for (guint i = 0; i < g_list_model_get_n_items (controllers) && drop == NULL; i++)
    {
      g_autoptr (GObject) c = g_list_model_get_item (controllers, i);
      if (GTK_IS_DROP_TARGET (c))
        drop = GTK_DROP_TARGET (c);
    }
  g_assert_nonnull (drop);

  GSList *files = g_slist_prepend (NULL, g_file_new_for_path (path));
  GdkFileList *list = gdk_file_list_new_from_list (files);
  g_slist_free_full (files, g_object_unref);
  GValue value = G_VALUE_INIT;
  gboolean handled = FALSE;
  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_take_boxed (&value, list);
  g_signal_emit_by_name (drop, "drop", &value, 10.0, 10.0, &handled);
  g_value_unset (&value);
  g_assert_true (handled);
  g_assert_cmpuint (nnp_point_set_data (nnp_window_get_points (win))->n, ==, 3);
  g_assert_cmpfloat (nnp_point_set_data (nnp_window_get_points (win))->X[2], ==, 2.385);
  close_window (win);
}

static void
test_settings (void)
{
  g_autoptr (GSettingsSchema) schema =
    g_settings_schema_source_lookup (g_settings_schema_source_get_default (), APPLICATION_ID, TRUE);
  if (schema == NULL)
    {
      g_test_skip ("GSettings schema not compiled (GSETTINGS_SCHEMA_DIR)");
      return;
    }
  g_autoptr (GSettings) settings = g_settings_new (APPLICATION_ID);
  g_settings_set_int (settings, "hidden-units", 5);
  g_settings_set_string (settings, "activation", "tanh");
  g_settings_set_double (settings, "learning-rate", 0.125);
  /* Not a step: shown and used as it is. */
  g_settings_set_double (settings, "training-speed", 250);

  /* The window starts from the remembered hyperparameters ... */
  NnpWindow *win = nnp_window_new (GTK_APPLICATION (app), TRUE);
  gtk_window_present (GTK_WINDOW (win));
  g_assert_true (wait_until (is_drawn, win, 10000));
  nnp_window_sync_now (win);
  g_assert_cmpuint (nnp_window_get_view (win)->model->theta->h, ==, 5);
  g_assert_cmpint (nnp_window_get_view (win)->model->act, ==, NNP_ACT_TANH);
  g_assert_cmpfloat (nnp_window_get_view (win)->lr, ==, 0.125);
  GtkDropDown *speed = GTK_DROP_DOWN (nnp_window_get_child (win, "speed_dropdown"));
  g_assert_cmpstr (selected_text (speed), ==, "250 epochs/s");

  /* ... and remembers new ones, and its size when closed. */
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (nnp_window_get_child (win, "hidden_spin")), 9);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (nnp_window_get_child (win, "lr_spin")), 2.5);
  gtk_switch_set_active (GTK_SWITCH (nnp_window_get_child (win, "unit_lines_switch")), TRUE);
  gtk_drop_down_set_selected (speed, find_item (speed, "Maximum"));
  g_assert_cmpfloat (g_settings_get_double (settings, "training-speed"), ==, 0.0);
  gtk_drop_down_set_selected (speed, find_item (speed, "3 epochs/s"));
  g_assert_cmpfloat (g_settings_get_double (settings, "training-speed"), ==, 3.0);
  g_assert_cmpint (g_settings_get_int (settings, "hidden-units"), ==, 9);
  g_assert_cmpfloat (g_settings_get_double (settings, "learning-rate"), ==, 2.5);
  g_assert_true (g_settings_get_boolean (settings, "show-unit-lines"));
  gtk_window_set_default_size (GTK_WINDOW (win), 1111, 777);
  gtk_window_close (GTK_WINDOW (win));
  pump (50);
  /* Changed settings are unsaved changes: the window asks first. */
  g_assert_nonnull (close_dialog ());
  gtk_dialog_response (close_dialog (), 2 /* Discard */);
  pump (50);
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 1111);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 777);
  g_settings_reset (settings, "hidden-units");
  g_settings_reset (settings, "activation");
  g_settings_reset (settings, "learning-rate");
  g_settings_reset (settings, "show-unit-lines");

  /* Maximum (0) is remembered as Maximum, not as the slowest step. */
  g_settings_set_double (settings, "training-speed", 0);
  win = nnp_window_new (GTK_APPLICATION (app), TRUE);
  speed = GTK_DROP_DOWN (nnp_window_get_child (win, "speed_dropdown"));
  g_assert_cmpstr (selected_text (speed), ==, "Maximum");
  close_window (win);
  g_settings_reset (settings, "training-speed");
}

static gboolean
clipboard_has_texture (gpointer data)
{
  GdkContentFormats *formats = gdk_clipboard_get_formats (data);
  return gdk_content_formats_contain_gtype (formats, GDK_TYPE_TEXTURE);
}

static void
test_copy_about_shortcuts (void)
{
  NnpWindow *win = new_window ();
  GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (win));

  GtkRevealer *toast = GTK_REVEALER (nnp_window_get_child (win, "toast_revealer"));

  g_assert_false (gtk_revealer_get_reveal_child (toast));
  gtk_widget_activate_action (GTK_WIDGET (win), "win.copy", NULL);
  g_assert_true (wait_until (clipboard_has_texture, clipboard, 5000));
  /* Copying says so, over the plane. */
  g_assert_true (gtk_revealer_get_reveal_child (toast));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (nnp_window_get_child (win, "toast_label"))), ==,
                   "Figure copied to the clipboard");

  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
  pump (100);
  GtkWidget *about = find_toplevel (GTK_TYPE_ABOUT_DIALOG);
  g_assert_nonnull (about);
  g_assert_cmpstr (gtk_about_dialog_get_program_name (GTK_ABOUT_DIALOG (about)), ==, "nnplay");
  g_assert_cmpint (gtk_about_dialog_get_license_type (GTK_ABOUT_DIALOG (about)), ==, GTK_LICENSE_GPL_3_0);
  gtk_window_destroy (GTK_WINDOW (about));

  gtk_widget_activate_action (GTK_WIDGET (win), "win.show-help-overlay", NULL);
  pump (100);
  GtkWidget *help = GTK_WIDGET (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (win)));
  g_assert_true (gtk_widget_get_visible (help));
  gtk_widget_set_visible (help, FALSE);
  close_window (win);
}

/* ---- The lecturer's QA round ---- */

static const char *
label_text (NnpWindow *win, const char *id)
{
  return gtk_label_get_text (GTK_LABEL (nnp_window_get_child (win, id)));
}

/* What the window shows is the current model on the current points: the
 * readouts, and the last history entry the canvas subtitle is made of. */
static void
assert_shows_current (NnpWindow *win)
{
  const NnpPlotState *st = nnp_window_get_plot_state (win);
  const NnpLiveView *v = nnp_window_get_view (win);
  double cost, acc;
  char buf[64];

  g_assert_nonnull (st->train);
  g_assert_cmpuint (st->train->n, >, 0);
  reference_eval (v->model, st->train, &cost, &acc);
  g_snprintf (buf, sizeof buf, "%.1f %%", 100.0 * acc);
  g_assert_cmpstr (label_text (win, "train_acc_label"), ==, buf);
  if (st->test == NULL)
    {
      g_snprintf (buf, sizeof buf, "%.4g", cost);
      g_assert_cmpstr (label_text (win, "cost_label"), ==, buf);
    }
  g_assert_nonnull (st->history);
  size_t last = st->history->len - 1;
  g_assert_cmpuint (last, ==, v->epochs);
  g_assert_cmpfloat_with_epsilon (st->history->train_acc[last], acc, 1e-12);
  g_assert_cmpfloat_with_epsilon (st->history->train_cost[last], cost, 1e-9 * MAX (1.0, cost));
  if (st->test != NULL)
    {
      reference_eval (v->model, st->test, &cost, &acc);
      g_snprintf (buf, sizeof buf, "%.1f %%", 100.0 * acc);
      g_assert_cmpstr (label_text (win, "test_acc_label"), ==, buf);
      g_assert_cmpfloat_with_epsilon (st->history->test_acc[last], acc, 1e-12);
    }
}

static void
test_stale_numbers (void)
{
  NnpWindow *win = new_window ();
  GtkWidget *canvas = nnp_window_get_child (win, "canvas");
  Want w = { .win = win, .epochs = 40 };

  gtk_drop_down_set_selected (GTK_DROP_DOWN (nnp_window_get_child (win, "speed_dropdown")), 9);
  gtk_widget_activate_action (GTK_WIDGET (win), "win.play", NULL);
  g_assert_true (wait_until (reached_epochs, &w, 20000));
  gtk_widget_activate_action (GTK_WIDGET (win), "win.play", NULL);
  nnp_window_sync_now (win);
  assert_shows_current (win);
  size_t e = epochs (win);

  /* Clear: no points, no numbers and no subtitle, and a new run: epoch 0
   * and no cost curve from the points that are gone. */
  g_assert_cmpuint (e, >=, 40);
  gtk_widget_activate_action (GTK_WIDGET (win), "win.clear", NULL);
  nnp_window_sync_now (win);
  g_assert_cmpstr (label_text (win, "train_acc_label"), ==, "—");
  g_assert_cmpstr (label_text (win, "cost_label"), ==, "—");
  g_assert_cmpstr (label_text (win, "epoch_label"), ==, "0");
  g_assert_cmpuint (nnp_window_get_summary (win)->len, ==, 0);
  g_assert_true (nnp_window_get_plot_state (win)->history == NULL
                 || nnp_window_get_plot_state (win)->history->len <= 1);
  g_assert_cmpuint (epochs (win), ==, 0);
  e = 0;

  /* Eight clicked points: the trained model on them, no epoch run. */
  for (int i = 0; i < 8; i++)
    {
      g_signal_emit_by_name (canvas, "edit-begin");
      g_signal_emit_by_name (canvas, "add-point", -1.3 + 0.37 * i, 0.9 - 0.29 * i, i % 3 ? 1.0 : 0.0);
      nnp_window_sync_now (win);
      assert_shows_current (win);
    }
  g_assert_cmpuint (epochs (win), ==, e);

  /* Undo, Regenerate, a test split and a new one, a CSV. */
  gtk_widget_activate_action (GTK_WIDGET (win), "win.undo", NULL);
  nnp_window_sync_now (win);
  assert_shows_current (win);
  gtk_widget_activate_action (GTK_WIDGET (win), "win.regenerate", NULL);
  nnp_window_sync_now (win);
  assert_shows_current (win);
  GtkSpinButton *frac = GTK_SPIN_BUTTON (nnp_window_get_child (win, "test_fraction_spin"));
  gtk_spin_button_set_value (frac, 0.3);
  nnp_window_sync_now (win);
  assert_shows_current (win);
  gtk_spin_button_set_value (frac, 0.5);
  nnp_window_sync_now (win);
  assert_shows_current (win);
  gtk_spin_button_set_value (frac, 0.0);
  g_autofree char *path = write_tmp ("max.csv", "x1,x2,label\n0.5,0.25,1\n-0.75,0.5,0\n2.385,-1,1\n");
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_assert_true (nnp_window_open_file (win, file, NULL));
  nnp_window_sync_now (win);
  assert_shows_current (win);
  /* The model changes while paused too. */
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (nnp_window_get_child (win, "hidden_spin")), 7);
  nnp_window_sync_now (win);
  assert_shows_current (win);
  close_window (win);
}

/* The subtitle's numbers are the current model's on the current points. */
static void
assert_summary_current (NnpWindow *win)
{
  const NnpHistory *sum = nnp_window_get_summary (win);
  const NnpLiveView *v = nnp_window_get_view (win);
  double cost, acc;

  g_assert_nonnull (sum);
  g_assert_cmpuint (sum->len, ==, 1);
  reference_eval (v->model, nnp_window_get_plot_state (win)->train, &cost, &acc);
  g_assert_cmpfloat_with_epsilon (sum->train_cost[0], cost, 1e-9 * MAX (1.0, cost));
  g_assert_cmpfloat_with_epsilon (sum->train_acc[0], acc, 1e-12);
}

/* Past a (small, test-only) cap the cost curve is thinned: it still starts
 * at epoch 0 and reaches the current epoch; the readouts and the subtitle
 * stay exact; export and save carry the stride. */
static void
test_curve_thinned (void)
{
  NnpWindow *win = new_window ();
  Want w = { .win = win, .epochs = 500 };
  g_autoptr (GError) error = NULL;
  g_autofree char *png = g_build_filename (tmpdir, "thinned-cost.png", NULL);
  g_autofree char *path = g_build_filename (tmpdir, "thinned.json", NULL);

  nnp_window_set_history_cap (win, 50);
  gtk_widget_activate_action (GTK_WIDGET (win), "win.play", NULL);
  g_assert_true (wait_until (reached_epochs, &w, 60000));
  gtk_widget_activate_action (GTK_WIDGET (win), "win.play", NULL);
  nnp_window_sync_now (win);

  const NnpLiveView *v = nnp_window_get_view (win);
  const NnpPlotState *st = nnp_window_get_plot_state (win);
  size_t e = v->epochs, stride = v->history_stride, len = v->history->len;
  g_assert_cmpuint (e, >=, 500);
  g_assert_cmpuint (len, <=, 50);
  g_assert_cmpuint (stride, >=, 16);
  g_assert_cmpuint (stride & (stride - 1), ==, 0);
  g_assert_cmpuint (e - (len - 1) * stride, <, stride);
  g_assert_true (st->history == v->history);
  g_assert_cmpuint (st->history_stride, ==, stride);
  g_assert_cmpuint (st->epoch, ==, e);
  g_autofree char *e_text = g_strdup_printf ("%zu", e);
  g_assert_cmpstr (label_text (win, "epoch_label"), ==, e_text);
  assert_summary_current (win);

  /* A step or two puts the model between two recorded epochs. */
  gtk_widget_activate_action (GTK_WIDGET (win), "win.step", NULL);
  nnp_window_sync_now (win);
  if ((v->history->len - 1) * v->history_stride == v->epochs)
    {
      gtk_widget_activate_action (GTK_WIDGET (win), "win.step", NULL);
      nnp_window_sync_now (win);
    }
  g_assert_cmpuint (v->epochs, >, (v->history->len - 1) * v->history_stride);
  g_assert_cmpuint (st->epoch, ==, v->epochs);
  assert_summary_current (win);
  double cost, acc;
  char buf[64];
  reference_eval (v->model, st->train, &cost, &acc);
  g_snprintf (buf, sizeof buf, "%.1f %%", 100.0 * acc);
  g_assert_cmpstr (label_text (win, "train_acc_label"), ==, buf);

  /* The cost figure of the thinned curve. */
  gtk_widget_activate_action (GTK_WIDGET (win), "win.export", NULL);
  pump (100);
  NnpExportDialog *dialog = find_export_dialog ();
  g_assert_nonnull (dialog);
  nnp_export_dialog_set_figure (dialog, NNP_FIGURE_COST);
  nnp_export_dialog_set_size (dialog, 800, 450);
  g_assert_true (nnp_export_dialog_export_to (dialog, png, &error));
  g_assert_no_error (error);
  if (find_export_dialog () != NULL)
    gtk_window_destroy (GTK_WINDOW (find_export_dialog ()));
  cairo_surface_t *img = cairo_image_surface_create_from_png (png);
  g_assert_cmpint (cairo_surface_status (img), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (img), ==, 800);
  cairo_surface_destroy (img);

  /* Saved with its stride and true epoch, and read back the same. */
  g_assert_true (nnp_window_save_session (win, path, &error));
  g_assert_no_error (error);
  g_autoptr (NnpSession) back = nnp_session_load (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (back->history_stride, ==, v->history_stride);
  g_assert_cmpuint (back->history->len, ==, v->history->len);
  g_assert_cmpuint (back->epoch, ==, v->epochs);
  size_t saved_stride = v->history_stride, saved_len = v->history->len, saved_e = v->epochs;

  gtk_widget_activate_action (GTK_WIDGET (win), "win.reset", NULL);
  nnp_window_sync_now (win);
  g_assert_cmpuint (epochs (win), ==, 0);
  g_assert_cmpuint (v->history_stride, ==, 1);
  g_assert_cmpuint (v->history->len, ==, 1);

  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_assert_true (nnp_window_open_file (win, file, &error));
  g_assert_no_error (error);
  nnp_window_sync_now (win);
  g_assert_cmpuint (v->history_stride, ==, saved_stride);
  g_assert_cmpuint (v->history->len, ==, saved_len);
  g_assert_cmpuint (v->epochs, ==, saved_e);
  g_assert_cmpuint (st->history_stride, ==, saved_stride);
  assert_summary_current (win);
  close_window (win);
}

/* A session saved before curves were thinned, at epoch 2,600,000, whose
 * curve stopped at epoch 3: the curve keeps its entries, the epoch and
 * the numbers shown are the true ones, and there is no notice any more. */
static void
test_curve_stopped (void)
{
  NnpWindow *win = new_window ();
  g_autoptr (NnpSession) s = nnp_session_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *path = g_build_filename (tmpdir, "long.json", NULL);
  g_autofree char *again = g_build_filename (tmpdir, "long-again.json", NULL);

  nnp_dataset_free (s->points);
  s->points = nnp_dataset_generate (NNP_GEN_MOONS, 60, 0.1, 3);
  s->is_test = g_malloc0 (s->points->n);
  s->model = nnp_model_alloc (2, 4, NNP_ACT_SIGMOID);
  nnp_model_init_random (s->model, 5);
  for (int t = 0; t < 4; t++)
    nnp_history_append (s->history, 0.7 - 0.1 * t, 0.5 + 0.1 * t, 0, 0);
  s->epoch = 2600000;
  g_assert_true (nnp_session_save (s, path, &error));
  g_assert_no_error (error);

  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_assert_true (nnp_window_open_file (win, file, &error));
  g_assert_no_error (error);
  nnp_window_sync_now (win);
  const NnpLiveView *v = nnp_window_get_view (win);
  g_assert_cmpuint (v->epochs, ==, 2600000);
  g_assert_cmpuint (v->history->len, ==, 4);
  g_assert_cmpuint (v->history_stride, ==, 1);
  g_assert_cmpuint (nnp_window_get_plot_state (win)->epoch, ==, 2600000);
  g_assert_cmpstr (label_text (win, "epoch_label"), ==, "2600000");
  g_assert_null (nnp_window_get_child (win, "curve_banner"));
  assert_summary_current (win);
  /* The curve's entries stay those recorded. */
  g_assert_cmpfloat (v->history->train_cost[3], ==, 0.7 - 0.1 * 3);

  gtk_widget_activate_action (GTK_WIDGET (win), "win.step", NULL);
  nnp_window_sync_now (win);
  g_assert_cmpuint (epochs (win), ==, 2600001);
  g_assert_cmpuint (v->history->len, ==, 4);
  assert_summary_current (win);
  g_assert_true (nnp_window_save_session (win, again, &error));
  g_assert_no_error (error);
  g_autoptr (NnpSession) back = nnp_session_load (again, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (back->epoch, ==, 2600001);
  g_assert_cmpuint (back->history->len, ==, 4);
  g_assert_cmpuint (back->history_stride, ==, 1);

  /* Reset starts a new curve. */
  gtk_widget_activate_action (GTK_WIDGET (win), "win.reset", NULL);
  nnp_window_sync_now (win);
  g_assert_cmpuint (epochs (win), ==, 0);
  g_assert_cmpuint (v->history->len, ==, 1);
  close_window (win);
}

static void
test_lr_typed (void)
{
  NnpWindow *win = new_window ();
  GtkSpinButton *lr = GTK_SPIN_BUTTON (nnp_window_get_child (win, "lr_spin"));
  GtkRange *scale = GTK_RANGE (nnp_window_get_child (win, "lr_scale"));

  gtk_editable_set_text (GTK_EDITABLE (lr), "1000");
  gtk_spin_button_update (lr);
  g_assert_cmpfloat (gtk_spin_button_get_value (lr), ==, 1000);
  g_assert_cmpfloat (gtk_range_get_value (scale), ==, 1.0);   /* the slider's end, 10 */
  nnp_window_sync_now (win);
  g_assert_cmpfloat (nnp_window_get_view (win)->lr, ==, 1000);
  gtk_editable_set_text (GTK_EDITABLE (lr), "5000");
  gtk_spin_button_update (lr);
  g_assert_cmpfloat (gtk_spin_button_get_value (lr), ==, 1000);

  /* ReLU with alpha = 1000 on the two moons diverges: the banner. */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (nnp_window_get_child (win, "activation_dropdown")), NNP_ACT_RELU);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (nnp_window_get_child (win, "speed_dropdown")), 9);
  gtk_widget_activate_action (GTK_WIDGET (win), "win.play", NULL);
  g_assert_true (wait_until (banner_shown, win, 20000));
  g_assert_false (nnp_window_get_running (win));
  g_assert_true (nnp_params_all_finite (nnp_window_get_view (win)->model->theta));
  gtk_widget_activate_action (GTK_WIDGET (win), "win.lower-lr", NULL);
  g_assert_cmpfloat (gtk_spin_button_get_value (lr), ==, 100);
  g_assert_cmpfloat (gtk_range_get_value (scale), ==, 1.0);
  /* The slider moves the number back into its range. */
  gtk_range_set_value (scale, -1.0);
  g_assert_cmpfloat (gtk_spin_button_get_value (lr), ==, 0.1);
  close_window (win);
}

/* The window's weights are the initialisation from seed, untrained. */
static void
assert_initial (NnpWindow *win, uint64_t seed)
{
  const NnpModel *m = nnp_window_get_view (win)->model;
  NnpModel *r = nnp_model_alloc (2, m->theta->h, m->act);
  nnp_model_init_random (r, seed);
  g_assert_cmpmem (m->theta->block, m->theta->size * sizeof (double),
                   r->theta->block, r->theta->size * sizeof (double));
  nnp_model_free (r);
}

static void
assert_points (NnpWindow *win, NnpGenerator gen, size_t n, double noise, uint64_t seed)
{
  g_autoptr (NnpDataset) want = nnp_dataset_generate (gen, n, noise, seed);
  const NnpDataset *have = nnp_point_set_data (nnp_window_get_points (win));
  g_assert_cmpuint (have->n, ==, want->n);
  g_assert_cmpmem (have->X, have->n * 2 * sizeof (double), want->X, want->n * 2 * sizeof (double));
}

static void
test_seeds (void)
{
  NnpWindow *win = new_window ();
  GtkSpinButton *seed = GTK_SPIN_BUTTON (nnp_window_get_child (win, "seed_spin"));
  GtkSpinButton *points = GTK_SPIN_BUTTON (nnp_window_get_child (win, "points_spin"));
  GtkSpinButton *noise = GTK_SPIN_BUTTON (nnp_window_get_child (win, "noise_spin"));

  nnp_window_sync_now (win);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (seed), ==, 1);
  assert_points (win, NNP_GEN_MOONS, 200, 0.1, 1);
  assert_initial (win, 1);

  /* Regenerate draws new points, from the next seed, shown. */
  gtk_widget_activate_action (GTK_WIDGET (win), "win.regenerate", NULL);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (seed), ==, 2);
  assert_points (win, NNP_GEN_MOONS, 200, 0.1, 2);
  gtk_widget_activate_action (GTK_WIDGET (win), "win.regenerate", NULL);
  assert_points (win, NNP_GEN_MOONS, 200, 0.1, 3);

  /* Reset draws new weights each time. */
  gtk_widget_activate_action (GTK_WIDGET (win), "win.reset", NULL);
  nnp_window_sync_now (win);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (seed), ==, 4);
  assert_initial (win, 4);
  gtk_widget_activate_action (GTK_WIDGET (win), "win.reset", NULL);
  nnp_window_sync_now (win);
  assert_initial (win, 5);

  /* A typed seed redraws points and weights from it; the next Reset keeps it. */
  gtk_spin_button_set_value (seed, 42);
  nnp_window_sync_now (win);
  assert_points (win, NNP_GEN_MOONS, 200, 0.1, 42);
  assert_initial (win, 42);
  gtk_widget_activate_action (GTK_WIDGET (win), "win.play", NULL);
  Want w = { .win = win, .epochs = 5 };
  g_assert_true (wait_until (reached_epochs, &w, 20000));
  gtk_widget_activate_action (GTK_WIDGET (win), "win.play", NULL);
  gtk_widget_activate_action (GTK_WIDGET (win), "win.reset", NULL);
  nnp_window_sync_now (win);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (seed), ==, 42);
  assert_initial (win, 42);

  /* Seeds are 64-bit: one above 2^53 (past a double's exact integers)
   * from a session or typed, is kept and shown exactly, never rounded or
   * clamped; a seed past 2^64 - 1 is refused, visibly. */
  {
    NnpDocument *doc = nnp_window_get_document (win);
    const guint64 big = G_GUINT64_CONSTANT (1152921504606846977);   /* 2^60 + 1 */
    g_object_set (doc, "seed", big, NULL);
    nnp_window_sync_now (win);
    g_assert_cmpuint (nnp_document_get_seed (doc), ==, big);
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (seed)), ==, "1152921504606846977");
    gtk_editable_set_text (GTK_EDITABLE (seed), "18446744073709551615");
    gtk_spin_button_update (seed);
    nnp_window_sync_now (win);
    g_assert_cmpuint (nnp_document_get_seed (doc), ==, G_MAXUINT64);
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (seed)), ==, "18446744073709551615");
    assert_initial (win, G_MAXUINT64);
    g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (seed), "error"));
    gtk_editable_set_text (GTK_EDITABLE (seed), "18446744073709551616");
    gtk_spin_button_update (seed);
    g_assert_cmpuint (nnp_document_get_seed (doc), ==, G_MAXUINT64);
    g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (seed), "error"));
    gtk_editable_set_text (GTK_EDITABLE (seed), "42");
    gtk_spin_button_update (seed);
    nnp_window_sync_now (win);
    g_assert_cmpuint (nnp_document_get_seed (doc), ==, 42);
    g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (seed), "error"));
  }

  /* Points and noise redraw at once, with the seed shown. */
  gtk_spin_button_set_value (points, 120);
  assert_points (win, NNP_GEN_MOONS, 120, 0.1, 42);
  gtk_spin_button_set_value (noise, 0.3);
  assert_points (win, NNP_GEN_MOONS, 120, 0.3, 42);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (nnp_window_get_child (win, "generator_dropdown")), NNP_GEN_XOR);
  assert_points (win, NNP_GEN_XOR, 120, 0.3, 42);
  close_window (win);
}

static void
test_icon (void)
{
  NnpWindow *win = new_window ();
  GtkIconTheme *theme = gtk_icon_theme_get_for_display (gtk_widget_get_display (GTK_WIDGET (win)));

  /* From the GResource: nothing is installed under Xvfb. */
  g_assert_true (gtk_icon_theme_has_icon (theme, APPLICATION_ID));
  g_autoptr (GtkIconPaintable) icon =
    gtk_icon_theme_lookup_icon (theme, APPLICATION_ID, NULL, 128, 1, GTK_TEXT_DIR_NONE, 0);
  g_assert_cmpstr (gtk_icon_paintable_get_icon_name (icon), ==, APPLICATION_ID);

  /* The theme's icon draws exactly as our SVG does. Compared as pixels, since
   * which GFile (resource:// or none) GTK reports differs between 4.8 and 4.18. */
  g_autoptr (GFile) svg = g_file_new_for_uri ("resource:///io/github/nnplay/Nnplay/icons/scalable/apps/"
                                              APPLICATION_ID ".svg");
  g_autoptr (GtkIconPaintable) ours = gtk_icon_paintable_new_for_file (svg, 128, 1);
  GdkPaintable *drawn[2] = { GDK_PAINTABLE (icon), GDK_PAINTABLE (ours) };
  guchar *pixels[2];
  for (int i = 0; i < 2; i++)
    {
      GtkSnapshot *snapshot = gtk_snapshot_new ();
      gdk_paintable_snapshot (drawn[i], GDK_SNAPSHOT (snapshot), 128, 128);
      GskRenderNode *node = gtk_snapshot_free_to_node (snapshot);
      g_assert_nonnull (node);
      GdkTexture *texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (win)), node,
                                                         &GRAPHENE_RECT_INIT (0, 0, 128, 128));
      g_assert_cmpint (gdk_texture_get_width (texture), ==, 128);
      pixels[i] = g_malloc (128 * 128 * 4);
      gdk_texture_download (texture, pixels[i], 128 * 4);
      g_object_unref (texture);
      gsk_render_node_unref (node);
    }
  /* Not blank: the orange and blue of the two classes are both there. */
  gboolean orange = FALSE, blue = FALSE;
  for (int k = 0; k < 128 * 128 * 4; k += 4)   /* premultiplied B G R A */
    {
      guchar b = pixels[0][k], g = pixels[0][k + 1], r = pixels[0][k + 2], a = pixels[0][k + 3];
      orange |= a > 200 && r > g + 40 && r > b + 80;
      blue |= a > 200 && b > r + 60;
    }
  g_assert_true (orange);
  g_assert_true (blue);
  g_assert_cmpmem (pixels[0], 128 * 128 * 4, pixels[1], 128 * 128 * 4);
  g_free (pixels[0]);
  g_free (pixels[1]);
  g_assert_cmpstr (gtk_window_get_default_icon_name (), ==, APPLICATION_ID);

  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
  pump (100);
  GtkWidget *about = find_toplevel (GTK_TYPE_ABOUT_DIALOG);
  g_assert_nonnull (about);
  g_assert_cmpstr (gtk_about_dialog_get_logo_icon_name (GTK_ABOUT_DIALOG (about)), ==, APPLICATION_ID);
  gtk_window_destroy (GTK_WINDOW (about));
  close_window (win);
}

static void
test_from_file (void)
{
  NnpWindow *win = new_window ();
  GtkDropDown *gen = GTK_DROP_DOWN (nnp_window_get_child (win, "generator_dropdown"));
  GtkWidget *points = nnp_window_get_child (win, "points_spin");
  GtkWidget *noise = nnp_window_get_child (win, "noise_spin");
  g_autofree char *path = write_tmp ("max.csv", "x1,x2,label\n0.5,0.25,1\n-0.75,0.5,0\n2.385,-1,1\n");
  g_autofree char *saved = g_build_filename (tmpdir, "elsewhere.csv", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);

  GtkLabel *origin = GTK_LABEL (nnp_window_get_child (win, "origin_label"));

  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (win)), ==, "Untitled — nnplay");
  g_assert_cmpstr (gtk_label_get_text (origin), ==, "Two moons, 200 points, noise 0.1");
  g_assert_true (nnp_window_open_file (win, file, NULL));
  /* The file's points: nothing unsaved yet. */
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (win)), ==, "max.csv — nnplay");
  g_assert_cmpstr (selected_text (gen), ==, "From file…");
  g_assert_cmpstr (gtk_label_get_text (origin), ==, "max.csv");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (points)), ==, "3");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (noise)), ==, "—");
  g_assert_false (gtk_widget_get_sensitive (points));
  g_assert_false (gtk_widget_get_sensitive (noise));

  /* Saving the points elsewhere exports them; the document stays. */
  g_assert_true (nnp_window_save_data (win, saved, NULL));
  g_assert_true (g_file_test (saved, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (win)), ==, "max.csv — nnplay");

  /* Regenerate: the generator's points again, a change to the document,
   * which no longer holds the file's points (nor its name: no session file
   * names it). */
  gtk_widget_activate_action (GTK_WIDGET (win), "win.regenerate", NULL);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (win)), ==, "*Untitled — nnplay");
  g_assert_cmpstr (selected_text (gen), ==, "Two moons");
  g_assert_cmpstr (gtk_label_get_text (origin), ==, "Two moons, 200 points, noise 0.1");
  g_assert_true (gtk_widget_get_sensitive (points));
  g_assert_true (gtk_widget_get_sensitive (noise));
  /* The generator's count again, not the file's. */
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (points)), ==, 200);
  g_assert_cmpuint (nnp_point_set_data (nnp_window_get_points (win))->n, ==, 200);

  /* Undo and redo bring back where the points came from, with them. */
  gtk_widget_activate_action (GTK_WIDGET (win), "win.undo", NULL);
  g_assert_cmpuint (nnp_point_set_data (nnp_window_get_points (win))->n, ==, 3);
  g_assert_cmpstr (selected_text (gen), ==, "From file…");
  g_assert_cmpstr (gtk_label_get_text (origin), ==, "max.csv");
  g_assert_false (gtk_widget_get_sensitive (points));
  gtk_widget_activate_action (GTK_WIDGET (win), "win.undo", NULL);
  g_assert_cmpuint (nnp_point_set_data (nnp_window_get_points (win))->n, ==, 200);
  g_assert_cmpstr (selected_text (gen), ==, "Two moons");
  gtk_widget_activate_action (GTK_WIDGET (win), "win.redo", NULL);
  g_assert_cmpstr (selected_text (gen), ==, "From file…");
  /* A click edits the file's points: still that file's, edited. */
  g_signal_emit_by_name (nnp_window_get_child (win, "canvas"), "edit-begin");
  g_signal_emit_by_name (nnp_window_get_child (win, "canvas"), "add-point", 0.25, 0.5, 1.0);
  g_assert_cmpstr (gtk_label_get_text (origin), ==, "max.csv, edited");
  g_assert_cmpstr (selected_text (gen), ==, "From file…");
  /* Clear: an empty plane to draw on. */
  gtk_widget_activate_action (GTK_WIDGET (win), "win.clear", NULL);
  g_assert_cmpstr (selected_text (gen), ==, "Drawn by hand");
  g_assert_cmpstr (gtk_label_get_text (origin), ==, "Drawn by hand");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (points)), ==, "0");
  /* Choosing a generator draws its points. */
  gtk_drop_down_set_selected (gen, NNP_GEN_CIRCLES);
  g_assert_cmpuint (nnp_point_set_data (nnp_window_get_points (win))->n, ==, 200);
  g_assert_cmpstr (selected_text (gen), ==, "Circles");
  close_window (win);
}

static GtkWidget *
find_label (GtkWidget *w, const char *text)
{
  if (GTK_IS_LABEL (w) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (w)), text) == 0)
    return w;
  for (GtkWidget *c = gtk_widget_get_first_child (w); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *r = find_label (c, text);
      if (r != NULL)
        return r;
    }
  return NULL;
}

static gboolean
has_width (gpointer data)
{
  return gtk_widget_get_width (data) < 1100;
}

static void
test_labels (void)
{
  NnpWindow *win = new_window ();

  /* One style, sentence case, and the plot titles itself "Cost". */
  g_assert_null (find_label (GTK_WIDGET (win), "Hidden Units"));
  g_assert_nonnull (find_label (GTK_WIDGET (win), "Hidden units"));
  g_assert_null (find_label (GTK_WIDGET (win), "Cost"));

  /* The class legend is whole at a narrow width. */
  gtk_window_set_default_size (GTK_WINDOW (win), 1075, 720);
  g_assert_true (wait_until (has_width, win, 5000));
  pump (200);
  static const char *const legend[] = { "Class 1 (left click)", "Class 0 (right click)", "Test point" };
  for (gsize i = 0; i < G_N_ELEMENTS (legend); i++)
    {
      GtkWidget *l = find_label (GTK_WIDGET (win), legend[i]);
      g_assert_nonnull (l);
      g_assert_false (pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (l))));
    }
  close_window (win);
}

/* Thumbnails in the first row of the hidden-units panel. */
static guint
thumbs_per_row (NnpWindow *win)
{
  GtkWidget *flowbox = nnp_window_get_child (win, "units_flowbox");
  GtkWidget *first = gtk_widget_get_first_child (flowbox);
  graphene_point_t p0, p;
  guint n = 0;

  g_assert_true (gtk_widget_compute_point (first, flowbox, &GRAPHENE_POINT_INIT (0, 0), &p0));
  for (GtkWidget *c = first; c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      g_assert_true (gtk_widget_compute_point (c, flowbox, &GRAPHENE_POINT_INIT (0, 0), &p));
      n += p.y == p0.y;
    }
  return n;
}

static gboolean
window_size_is (gpointer data)
{
  int *want = g_object_get_data (data, "want");
  /* The window's own decorations take a few pixels of the size asked. */
  return abs (gtk_widget_get_width (data) - want[0]) <= 16;
}

static void
test_thumbs_and_resize (void)
{
  NnpWindow *win = new_window ();
  GtkSpinButton *hidden = GTK_SPIN_BUTTON (nnp_window_get_child (win, "hidden_spin"));
  /* Never under 72 px a thumbnail: 64 units in three columns at the
   * panel's default width, more as it is widened, scrolling. */
  static const struct { int h; guint min_cols; } cases[] = { { 4, 2 }, { 9, 3 }, { 64, 3 } };
  static int sizes[][2] = { { 960, 600 }, { 1600, 1000 }, { 1075, 700 }, { 960, 600 } };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      Want w = { .win = win, .hidden = (size_t) cases[i].h };
      gtk_spin_button_set_value (hidden, cases[i].h);
      g_assert_true (wait_until (has_hidden, &w, 20000));
      pump (200);
      g_test_message ("h = %d: %u per row", cases[i].h, thumbs_per_row (win));
      g_assert_cmpuint (thumbs_per_row (win), >=, cases[i].min_cols);
      GtkWidget *first = gtk_widget_get_first_child (nnp_window_get_child (win, "units_flowbox"));
      g_assert_cmpint (gtk_widget_get_width (gtk_widget_get_first_child (first)), >=, 72);
    }
  /* 64 units while training, the window small and large: no GTK warning
   * (G_DEBUG=fatal-warnings would abort). */
  gtk_widget_activate_action (GTK_WIDGET (win), "win.play", NULL);
  for (gsize i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      gtk_window_set_default_size (GTK_WINDOW (win), sizes[i][0], sizes[i][1]);
      g_object_set_data (G_OBJECT (win), "want", sizes[i]);
      gboolean ok = wait_until (window_size_is, win, 5000);
      g_test_message ("asked %d x %d, got %d x %d", sizes[i][0], sizes[i][1],
                      gtk_widget_get_width (GTK_WIDGET (win)), gtk_widget_get_height (GTK_WIDGET (win)));
      g_assert_true (ok);
      pump (300);
    }
  gtk_widget_activate_action (GTK_WIDGET (win), "win.play", NULL);
  close_window (win);
}

/* Real key presses (XTEST, via xdotool) into the focused window. */
static gboolean
xdo (const char *args)
{
  g_autofree char *cmd = g_strdup_printf ("xdotool %s", args);
  int status = 0;
  return g_spawn_command_line_sync (cmd, NULL, NULL, &status, NULL)
         && g_spawn_check_wait_status (status, NULL);
}

static void
keys (const char *k)
{
  g_autofree char *args = g_strdup_printf ("key --delay 30 %s", k);
  g_assert_true (xdo (args));
  pump (150);
}

#ifdef GDK_WINDOWING_X11
/* Real input (XTEST through xdotool) needs both; the test is skipped
 * (and says so) without them. */
static gboolean
real_input_or_skip (void)
{
  g_autofree char *xdotool = g_find_program_in_path ("xdotool");
  if (xdotool != NULL && GDK_IS_X11_DISPLAY (gdk_display_get_default ()))
    return TRUE;
  g_test_skip ("needs xdotool and X11");
  return FALSE;
}
#endif

#ifdef GDK_WINDOWING_X11
/* No window manager: keys go to the window under the pointer. A middle
 * click on the canvas (which ignores it) gives the window the keyboard,
 * as in the end-to-end test. */
static void
keys_to_window (NnpWindow *win)
{
  GtkWidget *canvas = nnp_window_get_child (win, "canvas");
  gulong xid = (gulong) gdk_x11_surface_get_xid (gtk_native_get_surface (GTK_NATIVE (win)));
  graphene_point_t p;
  double sx, sy;
  g_assert_true (gtk_widget_compute_point (canvas, GTK_WIDGET (win), &GRAPHENE_POINT_INIT (40, 40), &p));
  gtk_native_get_surface_transform (GTK_NATIVE (win), &sx, &sy);
  g_autofree char *move = g_strdup_printf ("mousemove --window %lu %.0f %.0f click 2",
                                           xid, p.x + sx, p.y + sy);
  g_assert_true (xdo (move));
  pump (300);
}
#endif

/* A tall diagram (h = 40) keeps its keyboard part in view, with the
 * part's hidden unit: a value typed at b[1]_1 had scrolled the diagram
 * to its bottom as the focus came back (the viewport scrolling to the
 * focused diagram), and Down to W[2]_1 left unit 1 out of view. */
typedef struct {
  NnpNetworkPanel *panel;
  GtkAdjustment *adj;
  size_t j;
} UnitView;

static gboolean
has_focus (gpointer widget)
{
  return gtk_widget_has_focus (GTK_WIDGET (widget));
}

static gboolean
unit_shown (gpointer data)
{
  const UnitView *u = data;
  const NnpNetworkPart unit = { NNP_NETWORK_HIDDEN, u->j, 0 };
  double x, y, value = gtk_adjustment_get_value (u->adj), page = gtk_adjustment_get_page_size (u->adj);
  NnpNetworkPart hit;
  g_assert_true (nnp_network_panel_anchor (u->panel, &unit, &x, &y));
  /* on the page and not under the column titles, which stay at its top
   * (the diagram hit-tests nothing there) */
  return y >= value && y <= value + page && nnp_network_panel_hit (u->panel, x, y, &hit)
         && hit.kind == NNP_NETWORK_HIDDEN && hit.j == u->j;
}

/* unit j in view, within 5 s (the keys reach a sanitizer build late) */
static gboolean
unit_in_view (NnpNetworkPanel *panel, GtkAdjustment *adj, size_t j)
{
  UnitView u = { panel, adj, j };
  gboolean ok = wait_until (unit_shown, &u, 5000);
  g_test_message ("unit %zu in view: %d (page %.0f .. %.0f)", j + 1, ok, gtk_adjustment_get_value (adj),
                  gtk_adjustment_get_value (adj) + gtk_adjustment_get_page_size (adj));
  return ok;
}

static void
test_network_keys_scroll (void)
{
#ifdef GDK_WINDOWING_X11
  if (!real_input_or_skip ())
    return;
  NnpWindow *win = new_window ();
  NnpDocument *doc = nnp_window_get_document (win);
  NnpNetworkPanel *panel = NNP_NETWORK_PANEL (nnp_window_get_child (win, "network_panel"));
  GtkWidget *diagram = nnp_network_panel_get_diagram (panel);

  gtk_window_set_default_size (GTK_WINDOW (win), 1280, 800);
  g_object_set (doc, "hidden-units", 40, NULL);
  g_object_set (win, "show-panels", TRUE, NULL);
  gtk_stack_set_visible_child_name (GTK_STACK (nnp_window_get_child (win, "side_stack")), "network");
  nnp_window_sync_now (win);
  pump (400);
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (
    GTK_SCROLLED_WINDOW (gtk_widget_get_ancestor (diagram, GTK_TYPE_SCROLLED_WINDOW)));
  /* (tall: its height set after the allocation that showed the page) */
  g_assert_cmpfloat (gtk_adjustment_get_upper (adj), >, 1.5 * gtk_adjustment_get_page_size (adj));

  keys_to_window (win);
  gtk_adjustment_set_value (adj, 0);
  g_assert_true (gtk_widget_grab_focus (diagram));
  pump (300);
  g_assert_true (unit_in_view (panel, adj, 0));
  /* W[1]_1,1 -> W[1]_1,2 -> b[1]_1; Enter, 3, Enter types it */
  keys ("Down Down");
  g_assert_true (unit_in_view (panel, adj, 0));
  keys ("Return");
  pump (200);
  keys ("ctrl+a 3 Return");
  pump (300);
  nnp_window_sync_now (win);
  g_assert_cmpfloat (nnp_window_get_plot_state (win)->model->theta->b1.vector.data[0], ==, 3.0);
  g_assert_true (unit_in_view (panel, adj, 0));
  /* the keys back on the diagram before the next ones (a sanitizer build
   * closes the value's popover late) */
  g_assert_true (wait_until (has_focus, diagram, 5000));
  /* Down: W[2]_1, and unit 1 with it */
  keys ("Down");
  g_assert_true (unit_in_view (panel, adj, 0));
  /* far down the list (End is b[2], Up then W[2]_40) and back: each
   * part's unit in view */
  keys ("End Up");
  g_assert_true (unit_in_view (panel, adj, 39));
  keys ("Home");
  g_assert_true (unit_in_view (panel, adj, 0));
  /* up from the bottom, four parts a unit, to unit 20: the diagram
   * scrolls up as the parts leave the page at its top, and puts each
   * below the titles, not under them */
  gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj));
  GString *up = g_string_new ("End");
  for (int i = 0; i < 1 + 4 * 20; i++)
    g_string_append (up, " Up");
  keys (up->str);
  g_string_free (up, TRUE);
  g_assert_true (unit_in_view (panel, adj, 19));
  close_window (win);
#else
  g_test_skip ("needs X11");
#endif
}

static gboolean
widget_mapped (gpointer widget)
{
  return gtk_widget_get_mapped (GTK_WIDGET (widget));
}

/* A weight typed while the timeline shows the past: the value offered is
 * the present's (the view goes back to the present, and the past's model
 * is freed: it had been read after, a crash or 4.68e-310 in the field). */
static void
test_network_edit_past (void)
{
#ifdef GDK_WINDOWING_X11
  if (!real_input_or_skip ())
    return;
  NnpWindow *win = new_window ();
  NnpDocument *doc = nnp_window_get_document (win);
  NnpNetworkPanel *panel = NNP_NETWORK_PANEL (nnp_window_get_child (win, "network_panel"));
  GtkWidget *diagram = nnp_network_panel_get_diagram (panel);
  /* the value's field, in the diagram's popover */
  GtkWidget *entry = find_descendant (diagram, GTK_TYPE_ENTRY, NULL);
  g_assert_nonnull (entry);
  g_assert_false (gtk_widget_get_mapped (entry));

  gtk_window_set_default_size (GTK_WINDOW (win), 1280, 800);
  g_object_set (win, "show-panels", TRUE, NULL);
  gtk_stack_set_visible_child_name (GTK_STACK (nnp_window_get_child (win, "side_stack")), "network");
  for (int i = 0; i < 30; i++)
    nnp_document_step (doc);
  nnp_window_sync_now (win);
  const double present = nnp_document_get_plot_state (doc)->model->theta->block[0];
  nnp_document_set_shown_epoch (doc, 3);
  nnp_window_sync_now (win);
  pump (200);
  g_assert_true (nnp_document_get_plot_state (doc)->past);
  g_assert_cmpfloat (nnp_document_get_plot_state (doc)->model->theta->block[0], !=, present);

  keys_to_window (win);
  g_assert_true (gtk_widget_grab_focus (diagram));
  pump (200);
  keys ("Home Return");   /* W[1]_1,1, the first parameter */
  g_assert_true (wait_until (widget_mapped, entry, 5000));
  g_assert_false (nnp_document_get_plot_state (doc)->past);
  char want[64];
  g_snprintf (want, sizeof want, "%.6g", present);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, want);
  keys ("Escape");
  close_window (win);
#else
  g_test_skip ("needs X11");
#endif
}

#ifdef GDK_WINDOWING_X11
/* A real click (XTEST) at (x, y) of widget w. */
static void
click_widget (NnpWindow *win, GtkWidget *w, double x, double y)
{
  gulong xid = (gulong) gdk_x11_surface_get_xid (gtk_native_get_surface (GTK_NATIVE (win)));
  graphene_point_t p;
  double sx, sy;
  g_assert_true (gtk_widget_compute_point (w, GTK_WIDGET (win), &GRAPHENE_POINT_INIT (x, y), &p));
  gtk_native_get_surface_transform (GTK_NATIVE (win), &sx, &sy);
  g_autofree char *move = g_strdup_printf ("mousemove --window %lu %.0f %.0f click 1", xid, p.x + sx, p.y + sy);
  g_assert_true (xdo (move));
  pump (300);
}
#endif

static gboolean
focus_within (gpointer widget)
{
  return (gtk_widget_get_state_flags (GTK_WIDGET (widget)) & GTK_STATE_FLAG_FOCUS_WITHIN) != 0;
}

static gboolean
focus_outside (gpointer widget)
{
  return !focus_within (widget);
}

/* A click on a field's + or on a slider leaves the keys with the plane:
 * Space then paused nothing (the field had them) and Right moved the
 * slider instead of stepping. A slider reached with Tab takes the arrows,
 * and Escape gives them back. */
static void
test_keys_after_clicks (void)
{
#ifdef GDK_WINDOWING_X11
  if (!real_input_or_skip ())
    return;
  NnpWindow *win = new_window ();
  NnpDocument *doc = nnp_window_get_document (win);
  GtkWidget *hidden = nnp_window_get_child (win, "hidden_spin");
  GtkWidget *scale = nnp_window_get_child (win, "lr_scale");
  GtkWidget *canvas = nnp_window_get_child (win, "canvas");
  GtkWidget *plus = NULL;

  gtk_window_set_default_size (GTK_WINDOW (win), 1280, 800);
  pump (300);
  for (GtkWidget *c = gtk_widget_get_first_child (hidden); c != NULL; c = gtk_widget_get_next_sibling (c))
    if (GTK_IS_BUTTON (c))
      plus = c;   /* the last: + */
  g_assert_nonnull (plus);
  keys_to_window (win);
  const guint h = nnp_document_get_hidden_units (doc);
  click_widget (win, plus, gtk_widget_get_width (plus) / 2.0, gtk_widget_get_height (plus) / 2.0);
  g_assert_cmpuint (nnp_document_get_hidden_units (doc), ==, h + 1);
  g_assert_true (wait_until (focus_outside, hidden, 5000));
  keys ("space");
  g_assert_true (nnp_window_get_running (win));
  keys ("space");
  g_assert_false (nnp_window_get_running (win));

  /* a click on the slider sets alpha there; Right then steps */
  click_widget (win, scale, gtk_widget_get_width (scale) * 0.3, gtk_widget_get_height (scale) / 2.0);
  g_assert_true (wait_until (focus_outside, scale, 5000));
  const double lr = nnp_document_get_learning_rate (doc);
  nnp_window_sync_now (win);
  size_t e = epochs (win);
  keys ("Right");
  nnp_window_sync_now (win);
  g_assert_cmpuint (epochs (win), ==, e + 1);
  g_assert_cmpfloat (nnp_document_get_learning_rate (doc), ==, lr);

  /* reached from the keyboard, it takes the arrows; Escape gives them back */
  g_assert_true (gtk_widget_grab_focus (scale));
  keys ("Right");
  g_assert_cmpfloat (nnp_document_get_learning_rate (doc), >, lr);
  keys ("Escape");
  g_assert_true (wait_until (has_focus, canvas, 5000));
  close_window (win);
#else
  g_test_skip ("needs X11");
#endif
}

/* Play and Step with only test points, or none, say why nothing moves
 * (Play had seemed ignored): the trainer stops at once, the toast says
 * why. */
static void
test_play_nothing_to_train (void)
{
  NnpWindow *win = new_window ();
  NnpDocument *doc = nnp_window_get_document (win);
  GtkWidget *label = nnp_window_get_child (win, "toast_label");
  GtkRevealer *toast = GTK_REVEALER (nnp_window_get_child (win, "toast_revealer"));
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), "nnp-test-alltest.json", NULL);
  g_autoptr (GError) error = NULL;

  /* the app's own session, every point made a test point */
  g_assert_true (nnp_document_save_session (doc, path, &error));
  g_autoptr (NnpSession) s = nnp_session_load (path, &error);
  g_assert_no_error (error);
  for (size_t i = 0; i < s->points->n; i++)
    s->is_test[i] = 1;
  g_assert_true (nnp_session_save (s, path, &error));
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_assert_true (nnp_document_open (doc, file, &error));
  g_assert_no_error (error);
  nnp_window_sync_now (win);
  g_assert_false (gtk_revealer_get_reveal_child (toast));

  gtk_widget_activate_action (GTK_WIDGET (win), "win.play", NULL);
  g_assert_true (gtk_revealer_get_reveal_child (toast));
  g_assert_true (g_str_has_prefix (gtk_label_get_text (GTK_LABEL (label)),
                                   "Nothing to train on: every point is a test point"));
  pump (300);
  nnp_window_sync_now (win);
  g_assert_false (nnp_window_get_running (win));
  g_assert_cmpuint (epochs (win), ==, 0);

  nnp_document_clear (doc);
  nnp_window_sync_now (win);
  gtk_widget_activate_action (GTK_WIDGET (win), "win.step", NULL);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), ==,
                   "Nothing to train on yet: click to add points of both classes");
  g_unlink (path);
  close_window (win);
}

/* A new seed typed and entered replaces the run once: Undo brings the
 * run back (Enter had replayed a second time, after the field's commit
 * had, and the step to undo was the new run's epoch 0). */
static void
test_seed_enter_undo (void)
{
#ifdef GDK_WINDOWING_X11
  if (!real_input_or_skip ())
    return;
  NnpWindow *win = new_window ();
  NnpDocument *doc = nnp_window_get_document (win);
  GtkWidget *seed = nnp_window_get_child (win, "seed_spin");

  gtk_window_set_default_size (GTK_WINDOW (win), 1280, 800);
  nnp_document_clear (doc);
  nnp_document_begin_edit (doc);
  g_assert_true (nnp_document_add_point (doc, 0.5, 0.5, 1.0));
  g_assert_true (nnp_document_add_point (doc, -0.5, -0.5, 0.0));
  for (int i = 0; i < 5; i++)
    nnp_document_step (doc);
  nnp_window_sync_now (win);
  g_assert_cmpuint (epochs (win), ==, 5);
  const guint64 before = nnp_document_get_seed (doc);
  keys_to_window (win);
  g_assert_true (gtk_widget_grab_focus (seed));
  pump (200);
  keys ("ctrl+a 4 2 4 2 Return");
  nnp_window_sync_now (win);
  g_assert_cmpuint (nnp_document_get_seed (doc), ==, 4242);
  g_assert_cmpuint (epochs (win), ==, 0);
  g_assert_true (nnp_document_undo (doc));
  nnp_window_sync_now (win);
  g_assert_cmpuint (epochs (win), ==, 5);
  g_assert_cmpuint (nnp_document_get_seed (doc), ==, before);
  close_window (win);
#else
  g_test_skip ("needs X11");
#endif
}

static void
test_keys_in_text_fields (void)
{
#ifdef GDK_WINDOWING_X11
  if (!real_input_or_skip ())
    return;
  NnpWindow *win = new_window ();
  GtkWidget *canvas = nnp_window_get_child (win, "canvas");
  GtkWidget *lr = nnp_window_get_child (win, "lr_spin");
  NnpPointSet *ps = nnp_window_get_points (win);
  keys_to_window (win);
  /* On the canvas the shortcuts work: Right steps, Space plays and pauses. */
  gtk_widget_grab_focus (canvas);
  nnp_window_sync_now (win);
  size_t e = epochs (win);
  keys ("Right");
  nnp_window_sync_now (win);
  g_assert_cmpuint (epochs (win), ==, e + 1);
  keys ("space");
  g_assert_true (nnp_window_get_running (win));
  keys ("space");
  g_assert_false (nnp_window_get_running (win));

  /* In the learning-rate field they are the field's: Right moves the
   * cursor, Space is typed, Ctrl+Z undoes the typing, not a point edit. */
  g_signal_emit_by_name (canvas, "edit-begin");
  g_signal_emit_by_name (canvas, "add-point", 0.25, 0.5, 1.0);
  size_t n = nnp_point_set_data (ps)->n;
  gtk_widget_grab_focus (lr);
  GtkEditable *text = GTK_EDITABLE (lr);
  gtk_editable_set_text (text, "0.5");
  gtk_editable_set_position (text, 0);
  nnp_window_sync_now (win);
  e = epochs (win);
  keys ("Right Right");
  g_assert_cmpint (gtk_editable_get_position (text), ==, 2);
  keys ("space");
  g_assert_false (nnp_window_get_running (win));
  g_assert_cmpstr (gtk_editable_get_text (text), ==, "0. 5");
  keys ("ctrl+z");
  g_assert_cmpuint (nnp_point_set_data (ps)->n, ==, n);
  g_assert_cmpstr (gtk_editable_get_text (text), ==, "0.5");
  nnp_window_sync_now (win);
  g_assert_cmpuint (epochs (win), ==, e);

  /* On the slider, Right moves the slider. */
  GtkRange *scale = GTK_RANGE (nnp_window_get_child (win, "lr_scale"));
  double before = gtk_range_get_value (scale);
  gtk_widget_grab_focus (GTK_WIDGET (scale));
  keys ("Right");
  g_assert_cmpfloat (gtk_range_get_value (scale), >, before);
  nnp_window_sync_now (win);
  g_assert_cmpuint (epochs (win), ==, e);

  /* Back on the canvas, Ctrl+Z is the point edit's again. */
  gtk_widget_grab_focus (canvas);
  keys ("ctrl+z");
  g_assert_cmpuint (nnp_point_set_data (ps)->n, ==, n - 1);
  close_window (win);
#else
  g_test_skip ("needs X11");
#endif
}

/* ---- Points from the keyboard ---- */

static void
find_shortcut_accels (GtkWidget *w, GPtrArray *accels)
{
  if (GTK_IS_SHORTCUTS_SHORTCUT (w))
    {
      g_autofree char *accel = NULL;
      g_object_get (w, "accelerator", &accel, NULL);
      if (accel != NULL)
        g_ptr_array_add (accels, g_steal_pointer (&accel));
    }
  for (GtkWidget *c = gtk_widget_get_first_child (w); c != NULL; c = gtk_widget_get_next_sibling (c))
    find_shortcut_accels (c, accels);
}

static gboolean
has_string (GPtrArray *a, const char *s)
{
  for (guint i = 0; i < a->len; i++)
    if (g_str_equal (g_ptr_array_index (a, i), s))
      return TRUE;
  return FALSE;
}

static void
assert_point (const NnpDataset *ds, size_t i, double x1, double x2, double label)
{
  g_assert_cmpfloat_with_epsilon (ds->X[2 * i], x1, 1e-9);
  g_assert_cmpfloat_with_epsilon (ds->X[2 * i + 1], x2, 1e-9);
  g_assert_cmpfloat (ds->y[i], ==, label);
}

static void
assert_key_cursor (GtkWidget *canvas, double x1, double x2)
{
  double c1 = NAN, c2 = NAN;
  g_assert_true (nnp_canvas_get_key_cursor (NNP_CANVAS (canvas), &c1, &c2));
  g_assert_cmpfloat_with_epsilon (c1, x1, 1e-9);
  g_assert_cmpfloat_with_epsilon (c2, x2, 1e-9);
}

/* The texts of the labels in the shortcuts window's key column. */
static void
find_key_cap_texts (GtkWidget *w, gboolean in_keys, GPtrArray *out)
{
  in_keys = in_keys || GTK_IS_SHORTCUT_LABEL (w);
  if (in_keys && GTK_IS_LABEL (w) && gtk_widget_get_visible (w))
    g_ptr_array_add (out, g_strdup (gtk_label_get_text (GTK_LABEL (w))));
  for (GtkWidget *c = gtk_widget_get_first_child (w); c != NULL; c = gtk_widget_get_next_sibling (c))
    find_key_cap_texts (c, in_keys, out);
}

static gboolean
has_visible_image (GtkWidget *w)
{
  if (GTK_IS_IMAGE (w) && gtk_widget_get_visible (w) && gtk_widget_get_ancestor (w, GTK_TYPE_SHORTCUTS_SHORTCUT))
    return TRUE;
  for (GtkWidget *c = gtk_widget_get_first_child (w); c != NULL; c = gtk_widget_get_next_sibling (c))
    if (has_visible_image (c))
      return TRUE;
  return FALSE;
}

static gboolean
description_is_current (gpointer canvas)
{
  g_autofree char *now = nnp_canvas_describe (canvas);
  g_autofree char *differs = gtk_test_accessible_check_property (
    GTK_ACCESSIBLE (canvas), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, now);
  return differs == NULL;
}

/* With the canvas focused, Shift+arrows move a cursor from the view's
 * centre by 2 % of the view (10 % with Ctrl), 1 and 0 add points there and
 * Delete/BackSpace removes the nearest, one undo step each; Right and Space
 * still step and play. Real key presses (XTEST, via xdotool). */
static void
test_keyboard_points (void)
{
  /* Documented: the accessible description and the shortcuts window. */
  NnpWindow *win = new_window ();
  GtkWidget *canvas = nnp_window_get_child (win, "canvas");
  g_autofree char *described = nnp_canvas_describe (NNP_CANVAS (canvas));
  g_assert_true (g_str_has_suffix (described,
    "Left click adds a class 1 point, right click or Shift+click a class 0 point, Ctrl+click removes "
    "the nearest point. With the keyboard: Shift+arrow keys move a cursor (Ctrl+Shift+arrow keys in "
    "larger steps), 1 adds a class 1 point there, 0 a class 0 point, Delete or Backspace removes the "
    "point nearest the cursor."));
  /* The description follows the document within about a second. */
  g_assert_true (wait_until (description_is_current, canvas, 3000));
  g_assert_true (gtk_widget_get_focusable (canvas));
  g_assert_true (gtk_widget_get_focus_on_click (canvas));
  gtk_widget_activate_action (GTK_WIDGET (win), "win.show-help-overlay", NULL);
  pump (100);
  GtkWidget *help = GTK_WIDGET (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (win)));
  g_autoptr (GPtrArray) accels = g_ptr_array_new_with_free_func (g_free);
  find_shortcut_accels (help, accels);
  g_assert_true (has_string (accels, "1"));
  g_assert_true (has_string (accels, "0"));
  g_assert_true (has_string (accels, "Delete BackSpace"));
  g_assert_true (has_string (accels, "<Shift>Left <Shift>Right <Shift>Up <Shift>Down"));
  g_assert_true (has_string (accels, "space"));   /* the old ones are still there */
  /* The key column says "Space" (not a glyph) and the mouse actions in
   * words on key caps, not as icons. */
  g_autoptr (GPtrArray) caps = g_ptr_array_new_with_free_func (g_free);
  find_key_cap_texts (help, FALSE, caps);
  g_assert_true (has_string (caps, "Space"));
  g_assert_false (has_string (caps, "\xe2\x90\xa3"));
  g_assert_true (has_string (caps, "Left click or drag"));
  g_assert_true (has_string (caps, "Right click or Shift+click"));
  g_assert_true (has_string (caps, "Ctrl+click"));
  g_assert_true (has_string (caps, "Ctrl+wheel"));
  g_assert_true (has_string (caps, "Middle drag"));
  /* Alt+click picks a point for the Lecture view; Escape leaves
   * presentation mode; F1 opens this window too (there is no manual) */
  g_assert_true (has_string (caps, "Alt+click"));
  g_assert_true (has_string (accels, "Escape"));
  {
    g_auto (GStrv) help_accels = gtk_application_get_accels_for_action (
      gtk_window_get_application (GTK_WINDOW (win)), "win.show-help-overlay");
    g_assert_true (g_strv_contains ((const char *const *) help_accels, "F1"));
  }
  g_assert_false (has_visible_image (help));
  /* it fits a 1024-pixel screen (the keyboard's four
   * arrow keys beside the mouse's group had made it 1,328 px wide) */
  {
    int min_w = 0, nat_w = 0;
    gtk_widget_measure (help, GTK_ORIENTATION_HORIZONTAL, -1, &min_w, &nat_w, NULL, NULL);
    g_test_message ("shortcuts window: %d px wide at least, %d natural", min_w, nat_w);
    g_assert_cmpint (nat_w, <=, 1000);
  }
  gtk_widget_set_visible (help, FALSE);
  pump (100);

#ifdef GDK_WINDOWING_X11
  if (!real_input_or_skip ())
    {
      close_window (win);
      return;
    }
  NnpPointSet *ps = nnp_window_get_points (win);
  gulong xid = (gulong) gdk_x11_surface_get_xid (gtk_native_get_surface (GTK_NATIVE (win)));
  graphene_point_t p;
  double sx, sy;
  g_assert_true (gtk_widget_compute_point (canvas, GTK_WIDGET (win), &GRAPHENE_POINT_INIT (40, 40), &p));
  gtk_native_get_surface_transform (GTK_NATIVE (win), &sx, &sy);
  /* The X input focus set explicitly: GTK 4.18 does not count the
   * pointer's focus without a window manager as the window being active. */
  g_autofree char *move = g_strdup_printf ("windowfocus --sync %lu mousemove --window %lu %.0f %.0f click 2",
                                           xid, xid, p.x + sx, p.y + sy);
  g_assert_true (xdo (move));
  pump (300);
  gtk_widget_activate_action (GTK_WIDGET (win), "win.clear", NULL);
  g_assert_cmpuint (nnp_point_set_data (ps)->n, ==, 0);
  gtk_widget_grab_focus (canvas);
  g_assert_true (gtk_widget_has_focus (canvas));
  g_assert_false (nnp_canvas_get_key_cursor (NNP_CANVAS (canvas), NULL, NULL));

  /* The view, and steps of 2 % and 10 % of it. */
  const NnpPlotState *st = nnp_window_get_plot_state (win);
  double cx = 0.5 * (st->xmin + st->xmax), cy = 0.5 * (st->ymin + st->ymax);
  double w = st->xmax - st->xmin, h = st->ymax - st->ymin;
  nnp_window_sync_now (win);
  size_t e = epochs (win);

  /* Three steps right and one up, then 1: a class 1 point there. Shift+Right
   * is the cursor's, not a training step. */
  keys ("shift+Right shift+Right shift+Right shift+Up");
  assert_key_cursor (canvas, cx + 3 * 0.02 * w, cy + 0.02 * h);
  keys ("1");
  const NnpDataset *ds = nnp_point_set_data (ps);
  g_assert_cmpuint (ds->n, ==, 1);
  assert_point (ds, 0, cx + 0.06 * w, cy + 0.02 * h, 1.0);
  nnp_window_sync_now (win);
  g_assert_cmpuint (epochs (win), ==, e);
  g_assert_true (gtk_widget_has_focus (canvas));
  g_assert_true (gtk_window_get_focus_visible (GTK_WINDOW (win)));

  /* A large step left and two down, then 0 (keypad arrows too). */
  keys ("ctrl+shift+Left shift+Down shift+KP_Down");
  keys ("0");
  ds = nnp_point_set_data (ps);
  g_assert_cmpuint (ds->n, ==, 2);
  assert_point (ds, 1, cx - 0.04 * w, cy - 0.02 * h, 0.0);

  /* The cursor stops at the edge of the view. */
  keys ("ctrl+shift+Left ctrl+shift+Left ctrl+shift+Left ctrl+shift+Left ctrl+shift+Left");
  keys ("KP_1");
  ds = nnp_point_set_data (ps);
  g_assert_cmpuint (ds->n, ==, 3);
  assert_point (ds, 2, st->xmin, cy - 0.02 * h, 1.0);

  /* Back onto the class 0 point (xmin + 0.46 w = cx - 0.04 w): Delete removes it. */
  keys ("ctrl+shift+Right ctrl+shift+Right ctrl+shift+Right ctrl+shift+Right");
  keys ("shift+Right shift+Right shift+Right");
  assert_key_cursor (canvas, cx - 0.04 * w, cy - 0.02 * h);
  keys ("Delete");
  ds = nnp_point_set_data (ps);
  g_assert_cmpuint (ds->n, ==, 2);
  assert_point (ds, 0, cx + 0.06 * w, cy + 0.02 * h, 1.0);
  assert_point (ds, 1, st->xmin, cy - 0.02 * h, 1.0);
  /* Nothing near the cursor (the nearest point is 10 % of the view away):
   * BackSpace removes nothing and makes no undo step. */
  keys ("BackSpace");
  g_assert_cmpuint (nnp_point_set_data (ps)->n, ==, 2);
  /* Onto the first point: BackSpace removes it. */
  keys ("ctrl+shift+Right shift+Up shift+Up");
  keys ("BackSpace");
  ds = nnp_point_set_data (ps);
  g_assert_cmpuint (ds->n, ==, 1);
  assert_point (ds, 0, st->xmin, cy - 0.02 * h, 1.0);

  /* One undo step per key: the two removals, the three points, the Clear. */
  keys ("ctrl+z");
  g_assert_cmpuint (nnp_point_set_data (ps)->n, ==, 2);
  keys ("ctrl+z");
  ds = nnp_point_set_data (ps);
  g_assert_cmpuint (ds->n, ==, 3);
  assert_point (ds, 1, cx - 0.04 * w, cy - 0.02 * h, 0.0);
  keys ("ctrl+z");
  g_assert_cmpuint (nnp_point_set_data (ps)->n, ==, 2);
  keys ("ctrl+z");
  g_assert_cmpuint (nnp_point_set_data (ps)->n, ==, 1);
  keys ("ctrl+z");
  g_assert_cmpuint (nnp_point_set_data (ps)->n, ==, 0);
  keys ("ctrl+z");
  g_assert_cmpuint (nnp_point_set_data (ps)->n, ==, 200);

  /* Right and Space are still the window's on the canvas, and Right does
   * not move the cursor. */
  double c1, c2;
  nnp_canvas_get_key_cursor (NNP_CANVAS (canvas), &c1, &c2);
  /* Plain Down is not the cursor's (GtkWindow moves the focus with it). */
  keys ("Down");
  assert_key_cursor (canvas, c1, c2);
  gtk_widget_grab_focus (canvas);
  nnp_window_sync_now (win);
  e = epochs (win);
  keys ("Right");
  nnp_window_sync_now (win);
  g_assert_cmpuint (epochs (win), ==, e + 1);
  assert_key_cursor (canvas, c1, c2);
  g_assert_true (gtk_widget_has_focus (canvas));
  keys ("space");
  g_assert_true (nnp_window_get_running (win));
  keys ("space");
  g_assert_false (nnp_window_get_running (win));
  g_assert_true (gtk_widget_has_focus (canvas));
  /* Ctrl+Delete is still Clear, not a removal. */
  keys ("ctrl+Delete");
  g_assert_cmpuint (nnp_point_set_data (ps)->n, ==, 0);
  /* Tab leaves the canvas for the side pane's view switcher (one button
   * a view: Training, Network, ...), then the hidden units (the legend in
   * between once kept it there); Shift+Tab comes back. */
  {
    GtkWidget *switcher = nnp_window_get_child (win, "side_switcher");
    GtkSelectionModel *pages = gtk_stack_get_pages (GTK_STACK (gtk_stack_switcher_get_stack (GTK_STACK_SWITCHER (switcher))));
    guint n_pages = g_list_model_get_n_items (G_LIST_MODEL (pages)), stops = 0;
    GtkWidget *focus = NULL;

    g_object_unref (pages);
    g_assert_cmpuint (n_pages, >=, 2);
    for (guint i = 0; i <= n_pages; i++)
      {
        keys ("Tab");
        focus = gtk_window_get_focus (GTK_WINDOW (win));
        g_assert_nonnull (focus);
        if (!gtk_widget_is_ancestor (focus, switcher))
          break;
        stops++;
      }
    g_assert_cmpuint (stops, ==, n_pages);
    g_assert_true (gtk_widget_is_ancestor (focus, nnp_window_get_child (win, "units_flowbox")));
    for (guint i = 0; i <= n_pages; i++)
      keys ("shift+Tab");
    /* Alt+1 .. Alt+N show the views, in the switcher's order. */
    {
      GtkStack *stack = gtk_stack_switcher_get_stack (GTK_STACK_SWITCHER (switcher));
      keys ("alt+4");
      g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "lecture");
      keys ("alt+2");
      g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "network");
      keys ("alt+1");
      g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "training");
    }
    /* F8 shows and hides the side pane with the focus on the plane (inside
     * the panes, whose own F8 moves between their handles). */
    {
      gboolean before = FALSE, after = FALSE;
      gtk_widget_grab_focus (canvas);
      g_object_get (win, "show-panels", &before, NULL);
      keys ("F8");
      g_object_get (win, "show-panels", &after, NULL);
      g_assert_cmpint (after, ==, !before);
      keys ("F8");
      g_object_get (win, "show-panels", &after, NULL);
      g_assert_cmpint (after, ==, before);
    }
  }
  g_assert_true (gtk_widget_has_focus (canvas));
  close_window (win);
#else
  close_window (win);
  g_test_skip ("needs X11");
#endif
}

/* ---- The QA round before the thinned curve. ---- */

static void
step_n (NnpWindow *win, int n)
{
  for (int i = 0; i < n; i++)
    {
      gtk_widget_activate_action (GTK_WIDGET (win), "win.step", NULL);
      nnp_window_sync_now (win);
    }
}

static void
assert_epoch_shown (NnpWindow *win, size_t e)
{
  char buf[32];
  g_snprintf (buf, sizeof buf, "%zu", e);
  g_assert_cmpuint (epochs (win), ==, e);
  g_assert_cmpuint (nnp_window_get_plot_state (win)->epoch, ==, e);
  g_assert_cmpstr (label_text (win, "epoch_label"), ==, buf);
}

/* The test split on and off keeps the epoch count and the train curve
 * with the weights; a session keeps the curve as shown. */
static void
test_split_keeps_epochs (void)
{
  NnpWindow *win = new_window ();
  GtkSpinButton *frac = GTK_SPIN_BUTTON (nnp_window_get_child (win, "test_fraction_spin"));
  const NnpLiveView *v = nnp_window_get_view (win);
  g_autoptr (GError) error = NULL;
  g_autofree char *path = g_build_filename (tmpdir, "split.json", NULL);

  step_n (win, 25);
  assert_epoch_shown (win, 25);
  g_assert_cmpuint (v->history->len, ==, 26);
  double j0 = v->history->train_cost[0], j10 = v->history->train_cost[10];

  gtk_spin_button_set_value (frac, 0.3);
  nnp_window_sync_now (win);
  assert_epoch_shown (win, 25);
  g_assert_true (v->history->has_test);
  g_assert_cmpuint (v->history->len, ==, 26);
  g_assert_cmpfloat (v->history->train_cost[0], ==, j0);
  g_assert_cmpfloat (v->history->train_cost[10], ==, j10);
  step_n (win, 5);
  assert_epoch_shown (win, 30);
  g_assert_cmpuint (v->history->len, ==, 31);

  /* A session keeps the epoch, the curve and its test columns. */
  g_assert_true (nnp_window_save_session (win, path, &error));
  g_assert_no_error (error);
  NnpWindow *other = new_window ();
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_assert_true (nnp_window_open_file (other, file, &error));
  g_assert_no_error (error);
  nnp_window_sync_now (other);
  const NnpLiveView *ov = nnp_window_get_view (other);
  assert_epoch_shown (other, 30);
  g_assert_true (ov->history->has_test);
  g_assert_cmpuint (ov->history->len, ==, 31);
  g_assert_cmpfloat (ov->history->train_cost[10], ==, j10);
  close_window (other);

  /* The split off again: the same epoch, the train curve without test columns. */
  gtk_spin_button_set_value (frac, 0.0);
  nnp_window_sync_now (win);
  assert_epoch_shown (win, 30);
  g_assert_false (v->history->has_test);
  g_assert_cmpuint (v->history->len, ==, 31);
  g_assert_cmpfloat (v->history->train_cost[10], ==, j10);

  /* Clear starts a new run: epoch 0; undo brings the points back with
   * their run, at epoch 30 with its curve, and it goes on from there. */
  gtk_widget_activate_action (GTK_WIDGET (win), "win.clear", NULL);
  nnp_window_sync_now (win);
  assert_epoch_shown (win, 0);
  gtk_widget_activate_action (GTK_WIDGET (win), "win.undo", NULL);
  nnp_window_sync_now (win);
  assert_epoch_shown (win, 30);
  g_assert_cmpuint (v->history->len, ==, 31);
  g_assert_cmpfloat (v->history->train_cost[10], ==, j10);
  g_assert_cmpuint (nnp_point_set_data (nnp_window_get_points (win))->n, ==, 200);
  step_n (win, 3);
  assert_epoch_shown (win, 33);
  close_window (win);
}

/* Test fraction 0.05 and Clear before any training: epoch 0, an empty
 * curve that grows normally once there are points. */
static void
test_clear_with_split (void)
{
  NnpWindow *win = new_window ();
  GtkWidget *canvas = nnp_window_get_child (win, "canvas");
  const NnpLiveView *v = nnp_window_get_view (win);

  gtk_spin_button_set_value (GTK_SPIN_BUTTON (nnp_window_get_child (win, "test_fraction_spin")), 0.05);
  gtk_widget_activate_action (GTK_WIDGET (win), "win.clear", NULL);
  nnp_window_sync_now (win);
  assert_epoch_shown (win, 0);
  g_assert_false (v->valid);
  g_assert_cmpstr (label_text (win, "cost_label"), ==, "—");

  for (int i = 0; i < 6; i++)
    {
      g_signal_emit_by_name (canvas, "edit-begin");
      g_signal_emit_by_name (canvas, "add-point", -1.0 + 0.4 * i, 0.5 - 0.2 * i, i % 2 ? 1.0 : 0.0);
    }
  nnp_window_sync_now (win);
  step_n (win, 4);
  assert_epoch_shown (win, 4);
  g_assert_cmpuint (v->history_stride, ==, 1);
  g_assert_cmpuint (v->history->len, ==, 5);
  g_assert_nonnull (nnp_window_get_plot_state (win)->history);
  g_assert_cmpuint (nnp_window_get_summary (win)->len, ==, 1);
  close_window (win);
}

static gboolean
is_paused (gpointer data)
{
  return !nnp_window_get_running (data);
}

/* Play, then Clear: a new run with no points pauses itself at epoch 0,
 * 0 epochs/s. */
static void
test_clear_while_running (void)
{
  NnpWindow *win = new_window ();
  Want w = { .win = win, .epochs = 30 };

  gtk_widget_activate_action (GTK_WIDGET (win), "win.play", NULL);
  g_assert_true (wait_until (reached_epochs, &w, 20000));
  gtk_widget_activate_action (GTK_WIDGET (win), "win.clear", NULL);
  g_assert_true (wait_until (is_paused, win, 5000));
  nnp_window_sync_now (win);
  assert_epoch_shown (win, 0);
  g_assert_false (nnp_window_get_view (win)->running);
  g_assert_cmpstr (label_text (win, "eps_label"), ==, "0");
  /* The button offers Play again. */
  g_assert_cmpstr (gtk_button_get_icon_name (GTK_BUTTON (nnp_window_get_child (win, "play_button"))),
                   ==, "media-playback-start-symbolic");
  close_window (win);
}

/* Empty or non-numeric text in a number field (Ctrl+Z in the field can
 * leave it empty) keeps the value it had. */
static void
test_number_fields_keep_value (void)
{
  NnpWindow *win = new_window ();
  GtkSpinButton *lr = GTK_SPIN_BUTTON (nnp_window_get_child (win, "lr_spin"));
  GtkSpinButton *points = GTK_SPIN_BUTTON (nnp_window_get_child (win, "points_spin"));
  GtkSpinButton *batch = GTK_SPIN_BUTTON (nnp_window_get_child (win, "batch_spin"));
  const char *ids[] = { "points_spin", "noise_spin", "test_fraction_spin", "hidden_spin",
                        "lr_spin", "seed_spin", "batch_spin" };

  gtk_spin_button_set_value (lr, 0.5);
  nnp_window_sync_now (win);
  g_assert_cmpuint (nnp_point_set_data (nnp_window_get_points (win))->n, ==, 200);

  for (gsize i = 0; i < G_N_ELEMENTS (ids); i++)
    for (int k = 0; k < 3; k++)
      {
        GtkSpinButton *spin = GTK_SPIN_BUTTON (nnp_window_get_child (win, ids[i]));
        double before = gtk_spin_button_get_value (spin);
        g_autofree char *text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (spin)));
        gtk_editable_set_text (GTK_EDITABLE (spin), k == 0 ? "" : k == 1 ? "  " : "abc");
        gtk_spin_button_update (spin);
        g_assert_cmpfloat (gtk_spin_button_get_value (spin), ==, before);
        g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (spin)), ==, text);
      }
  nnp_window_sync_now (win);
  g_assert_cmpfloat (nnp_window_get_view (win)->lr, ==, 0.5);
  g_assert_cmpuint (nnp_point_set_data (nnp_window_get_points (win))->n, ==, 200);
  g_assert_cmpfloat (gtk_spin_button_get_value (points), ==, 200);

  /* Numbers typed still count. */
  gtk_editable_set_text (GTK_EDITABLE (lr), "0.25");
  gtk_spin_button_update (lr);
  nnp_window_sync_now (win);
  g_assert_cmpfloat (nnp_window_get_view (win)->lr, ==, 0.25);
  gtk_editable_set_text (GTK_EDITABLE (batch), "16");
  gtk_spin_button_update (batch);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (batch), ==, 16);

  /* A fraction in a field of whole numbers is refused, visibly, not
   * rounded (3.7 hidden units would first give 3, then 4). */
  {
    GtkSpinButton *hidden = GTK_SPIN_BUTTON (nnp_window_get_child (win, "hidden_spin"));
    int h = gtk_spin_button_get_value_as_int (hidden);
    gtk_editable_set_text (GTK_EDITABLE (hidden), "3.7");
    gtk_spin_button_update (hidden);
    g_assert_cmpint (gtk_spin_button_get_value_as_int (hidden), ==, h);
    g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (hidden), "error"));
    gtk_editable_set_text (GTK_EDITABLE (hidden), "5");
    gtk_spin_button_update (hidden);
    g_assert_cmpint (gtk_spin_button_get_value_as_int (hidden), ==, 5);
    g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (hidden), "error"));
  }
  close_window (win);
}

static gboolean
epochs_past_100 (gpointer data)
{
  return epochs (data) > 100;
}

/* While training, the Progress panel and the canvas subtitle show the
 * same epoch (the same snapshot). */
static void
test_readouts_same_snapshot (void)
{
  NnpWindow *win = new_window ();
  char buf[32];

  gtk_widget_activate_action (GTK_WIDGET (win), "win.play", NULL);
  g_assert_true (wait_until (epochs_past_100, win, 20000));
  for (int i = 0; i < 200; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_snprintf (buf, sizeof buf, "%zu", nnp_window_get_plot_state (win)->epoch);
      g_assert_cmpstr (label_text (win, "epoch_label"), ==, buf);
      g_usleep (1000);
    }
  gtk_widget_activate_action (GTK_WIDGET (win), "win.play", NULL);
  close_window (win);
}

/* From file: Points shows the file's point count, Noise a dash; the save
 * dialogs start in the folder of the last file, never the working
 * directory. */
static void
test_file_fields_and_folder (void)
{
  NnpWindow *win = new_window ();
  GtkWidget *points = nnp_window_get_child (win, "points_spin");
  GtkWidget *noise = nnp_window_get_child (win, "noise_spin");
  g_autofree char *sub = g_build_filename (tmpdir, "sub", NULL);
  g_assert_cmpint (g_mkdir_with_parents (sub, 0700), ==, 0);
  g_autofree char *path = g_build_filename (sub, "one.csv", NULL);
  g_assert_true (g_file_set_contents (path, "x1,x2,label\n0.5,0.25,1\n", -1, NULL));
  g_autoptr (GFile) file = g_file_new_for_path (path);

  /* Before any file: Documents or home, not the working directory. */
  g_autofree char *first = nnp_window_save_folder (win);
  const char *docs = g_get_user_special_dir (G_USER_DIRECTORY_DOCUMENTS);
  g_assert_true (g_strcmp0 (first, docs) == 0 || g_strcmp0 (first, g_get_home_dir ()) == 0);
  g_assert_true (g_file_test (first, G_FILE_TEST_IS_DIR));

  g_assert_true (nnp_window_open_file (win, file, NULL));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (points)), ==, "1");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (noise)), ==, "—");
  g_signal_emit_by_name (nnp_window_get_child (win, "canvas"), "edit-begin");
  g_signal_emit_by_name (nnp_window_get_child (win, "canvas"), "add-point", -0.5, 0.5, 0.0);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (points)), ==, "2");
  g_autofree char *after = nnp_window_save_folder (win);
  g_assert_cmpstr (after, ==, sub);

  /* The generator again: its own numbers. */
  gtk_widget_activate_action (GTK_WIDGET (win), "win.regenerate", NULL);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (points)), ==, "200");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (noise)), ==, "0.10");
  close_window (win);
}


/* The Hidden Space page keeps its axes in the document: the units chosen
 * survive a smaller h for a while, and the view draws only when shown. */
static void
test_hidden_space_page (void)
{
  NnpWindow *win = new_window ();
  NnpDocument *doc = nnp_window_get_document (win);
  GtkStack *stack = GTK_STACK (nnp_window_get_child (win, "side_stack"));
  GtkDropDown *mode = GTK_DROP_DOWN (nnp_window_get_child (win, "mode_dropdown"));
  GtkDropDown *ux = GTK_DROP_DOWN (nnp_window_get_child (win, "unit_x_dropdown"));
  GtkDropDown *uy = GTK_DROP_DOWN (nnp_window_get_child (win, "unit_y_dropdown"));
  NnpHiddenSpacePanel *panel = NNP_HIDDEN_SPACE_PANEL (nnp_window_get_child (win, "hidden_space_panel"));
  const NnpHiddenSpaceOptions *o = nnp_document_get_hidden_space (doc);

  g_object_set (doc, "hidden-units", 5, NULL);
  nnp_window_sync_now (win);
  pump (100);
  g_assert_cmpuint (nnp_hidden_space_panel_get_draws (panel), ==, 0);
  gtk_stack_set_visible_child_name (stack, "hidden-space");
  pump (300);
  g_assert_cmpuint (nnp_hidden_space_panel_get_draws (panel), >, 0);
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (ux)));

  gtk_drop_down_set_selected (mode, NNP_HIDDEN_SPACE_UNITS);
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (ux)));
  g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (ux)), ==, 5);
  gtk_drop_down_set_selected (ux, 4);
  gtk_drop_down_set_selected (uy, 2);
  g_assert_cmpint (o->mode, ==, NNP_HIDDEN_SPACE_UNITS);
  g_assert_cmpint (o->unit_i, ==, 4);
  g_assert_cmpint (o->unit_j, ==, 2);

  /* h = 1 for a while, then 5 again: the choice comes back. */
  g_object_set (doc, "hidden-units", 1, NULL);
  nnp_window_sync_now (win);
  pump (100);
  g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (ux)), ==, 1);
  g_object_set (doc, "hidden-units", 5, NULL);
  nnp_window_sync_now (win);
  pump (100);
  g_assert_cmpint (o->unit_i, ==, 4);
  g_assert_cmpint (o->unit_j, ==, 2);
  g_assert_cmpuint (gtk_drop_down_get_selected (ux), ==, 4);
  g_assert_cmpuint (gtk_drop_down_get_selected (uy), ==, 2);

  /* Rotating keeps the pitch within reach of the eye. */
  nnp_hidden_space_panel_rotate (panel, 0.3, 10);
  g_assert_cmpfloat (o->pitch, <=, 1.5);
  nnp_hidden_space_panel_rotate (panel, NAN, 0);
  g_assert_true (isfinite (o->yaw));

  /* Hidden again: training redraws it no more. */
  gtk_stack_set_visible_child_name (stack, "training");
  pump (100);
  {
    guint64 before = nnp_hidden_space_panel_get_draws (panel);
    for (int i = 0; i < 5; i++)
      nnp_document_step (doc);
    nnp_window_sync_now (win);
    pump (300);
    g_assert_cmpuint (nnp_hidden_space_panel_get_draws (panel), ==, before);
  }
  close_window (win);
}

/* The network diagram follows a step taken apart: the weights in forward
 * and cost, the gradients in backpropagation, the new weights after the
 * update, with a line saying which; then the switch's choice again. */
/* The label draws a superscript (Pango's <sup>: a rise or, from Pango
 * 1.50, a baseline shift). */
static gboolean
label_has_superscript (GtkWidget *label)
{
  PangoAttrList *attrs = pango_layout_get_attributes (gtk_label_get_layout (GTK_LABEL (label)));
  gboolean found = FALSE;
  if (attrs == NULL)
    return FALSE;
  GSList *list = pango_attr_list_get_attributes (attrs);
  for (GSList *l = list; l != NULL; l = l->next)
    {
      const PangoAttribute *a = l->data;
      if (a->klass->type == PANGO_ATTR_RISE || a->klass->type == PANGO_ATTR_BASELINE_SHIFT)
        found = TRUE;
    }
  g_slist_free_full (list, (GDestroyNotify) pango_attribute_destroy);
  return found;
}

static void
test_network_follows_phase (void)
{
  NnpWindow *win = new_window ();
  NnpDocument *doc = nnp_window_get_document (win);
  NnpNetworkPanel *panel = NNP_NETWORK_PANEL (nnp_window_get_child (win, "network_panel"));
  GtkSwitch *sw = GTK_SWITCH (nnp_window_get_child (win, "gradient_switch"));
  static const struct { NnpPhase phase; NnpNetworkColour colour; const char *says; } want[] = {
    { NNP_PHASE_FORWARD, NNP_NETWORK_COLOUR_WEIGHT, "Forward propagation" },
    { NNP_PHASE_COST, NNP_NETWORK_COLOUR_WEIGHT, "Cost" },
    { NNP_PHASE_BACKWARD, NNP_NETWORK_COLOUR_GRADIENT, "Backpropagation" },
    { NNP_PHASE_UPDATE, NNP_NETWORK_COLOUR_WEIGHT, "Update" },
  };

  gtk_stack_set_visible_child_name (GTK_STACK (nnp_window_get_child (win, "side_stack")), "network");
  nnp_window_sync_now (win);
  g_assert_null (nnp_network_panel_get_phase_text (panel));
  gtk_switch_set_active (sw, TRUE);
  g_assert_cmpint (nnp_network_panel_get_colour (panel), ==, NNP_NETWORK_COLOUR_GRADIENT);
  for (gsize i = 0; i < G_N_ELEMENTS (want); i++)
    {
      nnp_document_step_phase (doc);
      nnp_window_sync_now (win);
      g_assert_cmpint (nnp_document_get_phase (doc), ==, want[i].phase);
      g_assert_cmpint (nnp_network_panel_get_colour (panel), ==, want[i].colour);
      g_assert_nonnull (nnp_network_panel_get_phase_text (panel));
      g_assert_true (g_str_has_prefix (nnp_network_panel_get_phase_text (panel), want[i].says));
      /* the slide's superscripts, a^[2] and theta^(t), as the figures write them */
      g_assert_true (label_has_superscript (nnp_window_get_child (win, "phase_label")));
      g_assert_null (strchr (nnp_network_panel_get_phase_text (panel), '<'));
      if (want[i].phase == NNP_PHASE_UPDATE)
        {
          g_assert_cmpstr (nnp_network_panel_get_phase_text (panel), ==,
                           "Update: θ(t+1) = θ(t) − α dθ; edges show the new weights");
          /* and the Lecture page's line of the same phase */
          gtk_stack_set_visible_child_name (GTK_STACK (nnp_window_get_child (win, "side_stack")), "lecture");
          nnp_window_sync_now (win);
          pump (100);
          GtkWidget *status = nnp_window_get_child (win, "status_label");
          g_test_message ("lecture: %s", gtk_label_get_text (GTK_LABEL (status)));
          g_assert_true (g_str_has_prefix (gtk_label_get_text (GTK_LABEL (status)),
                                           "The update θ(t+1) = θ(t) − α ∇J: one epoch taken."));
          g_assert_true (label_has_superscript (status));
        }
    }
  /* A plain Step ends the step taken apart: the switch decides again. */
  nnp_document_step (doc);
  nnp_window_sync_now (win);
  g_assert_cmpint (nnp_document_get_phase (doc), ==, NNP_PHASE_NONE);
  g_assert_null (nnp_network_panel_get_phase_text (panel));
  g_assert_cmpint (nnp_network_panel_get_colour (panel), ==, NNP_NETWORK_COLOUR_GRADIENT);
  gtk_switch_set_active (sw, FALSE);
  g_assert_cmpint (nnp_network_panel_get_colour (panel), ==, NNP_NETWORK_COLOUR_WEIGHT);
  close_window (win);
}

static gboolean
network_has_grads (gpointer data)
{
  NnpNetworkPanel *panel = data;
  const NnpNetworkPart w11 = { NNP_NETWORK_W1, 0, 0 };
  g_autofree char *text = nnp_network_panel_describe (panel, &w11);
  return text != NULL && strstr (text, "θ − α dθ") != NULL;
}

/* The diagram's keyboard part wants the gradients while the diagram has
 * the keys; once the focus has gone elsewhere (nothing hovered, the
 * colour switch off), the next change of the model computes none. */
static void
test_network_keys_leave (void)
{
  NnpWindow *win = new_window ();
  NnpDocument *doc = nnp_window_get_document (win);
  NnpNetworkPanel *panel = NNP_NETWORK_PANEL (nnp_window_get_child (win, "network_panel"));
  GtkWidget *diagram = nnp_network_panel_get_diagram (panel);

  gtk_stack_set_visible_child_name (GTK_STACK (nnp_window_get_child (win, "side_stack")), "network");
  nnp_window_sync_now (win);
  pump (200);
  g_assert_false (network_has_grads (panel));
  g_assert_true (gtk_widget_grab_focus (diagram));
  g_assert_true (wait_until (network_has_grads, panel, 10000));

  g_assert_true (gtk_widget_grab_focus (nnp_window_get_child (win, "canvas")));
  nnp_document_step (doc);
  nnp_window_sync_now (win);
  pump (300);
  g_assert_false (network_has_grads (panel));
  close_window (win);
}

/* Scrubbed back, the side pane says every view shows the past; back in
 * the present it says nothing. */
static void
test_past_label (void)
{
  NnpWindow *win = new_window ();
  NnpDocument *doc = nnp_window_get_document (win);
  GtkWidget *label = nnp_window_get_child (win, "past_label");

  GtkWidget *timeline = nnp_window_get_child (win, "timeline");
  graphene_rect_t before, after;

  gtk_window_set_default_size (GTK_WINDOW (win), 1280, 800);
  for (int i = 0; i < 30; i++)
    nnp_document_step (doc);
  nnp_window_sync_now (win);
  pump (100);
  g_assert_false (gtk_widget_get_visible (label));
  g_assert_true (gtk_widget_compute_bounds (timeline, GTK_WIDGET (win), &before));
  nnp_document_set_shown_epoch (doc, 12);
  nnp_window_sync_now (win);
  pump (100);
  g_assert_cmpint (nnp_document_get_shown_epoch (doc), ==, 12);
  g_assert_true (gtk_widget_get_visible (label));
  /* the timeline stays under the pointer that drags it (it had moved
   * 7 px when the hint's two lines became one) */
  g_assert_true (gtk_widget_compute_bounds (timeline, GTK_WIDGET (win), &after));
  g_assert_cmpfloat (after.origin.y, ==, before.origin.y);
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (label)), "epoch 12 of 30"));
  /* the readouts too: epoch 12 and its cost from the curve */
  g_assert_cmpstr (label_text (win, "epoch_label"), ==, "12");
  {
    char want[64];
    g_snprintf (want, sizeof want, "%.4g", nnp_window_get_view (win)->history->train_cost[12]);
    g_assert_cmpstr (label_text (win, "cost_label"), ==, want);
    g_assert_cmpfloat (nnp_window_get_view (win)->history->train_cost[12], !=,
                       nnp_window_get_view (win)->history->train_cost[30]);
  }
  g_assert_true (nnp_document_get_plot_state (doc)->past);
  nnp_document_step (doc);
  nnp_window_sync_now (win);
  g_assert_cmpint (nnp_document_get_shown_epoch (doc), ==, -1);
  g_assert_false (gtk_widget_get_visible (label));
  g_assert_cmpstr (label_text (win, "epoch_label"), ==, "31");
  close_window (win);
}

typedef struct {
  NnpLecturePanel *panel;
  guint before;
} LectureWait;

static gboolean
lecture_computed_again (gpointer data)
{
  LectureWait *w = data;
  return nnp_lecture_panel_get_computations (w->panel) > w->before;
}

static gboolean
adjustment_scrolls (gpointer data)
{
  GtkAdjustment *adj = data;
  return gtk_adjustment_get_upper (adj) > gtk_adjustment_get_page_size (adj) + 1.0;
}

/* The Lecture view scrolls as soon as it is shown (its height for a new
 * width had been queued during the allocation, which GTK drops: the step
 * stayed cut at the page's height). Then two steps taken apart before a
 * frame (Shift+Right pressed twice on a busy machine) scroll to the
 * second phase's section; the first one's scroll, not yet laid out, had
 * sent the view to the top. */
static void
test_lecture_scrolls (void)
{
  NnpWindow *win = new_window ();
  NnpDocument *doc = nnp_window_get_document (win);
  GtkStack *stack = GTK_STACK (nnp_window_get_child (win, "side_stack"));
  GtkWidget *panel = nnp_window_get_child (win, "lecture_panel");
  /* by the panel's own template: the network panel has a "scroller" too */
  GtkScrolledWindow *scroller = GTK_SCROLLED_WINDOW (gtk_widget_get_template_child (panel, NNP_TYPE_LECTURE_PANEL, "scroller"));
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (scroller);

  gtk_stack_set_visible_child_name (stack, "lecture");
  g_assert_true (wait_until (adjustment_scrolls, adj, 20000));
  double page = gtk_adjustment_get_page_size (adj), upper = gtk_adjustment_get_upper (adj);
  /* forward propagation alone is taller than the page here */
  g_assert_cmpfloat (upper, >, 2.0 * page);
  gtk_adjustment_set_value (adj, upper - page);
  pump (100);

  nnp_document_step_phase (doc);   /* forward: back to the top */
  g_assert_cmpfloat (gtk_adjustment_get_value (adj), <, 50.0);
  nnp_document_step_phase (doc);   /* the cost, below it, before any frame */
  g_assert_cmpint (nnp_document_get_phase (doc), ==, NNP_PHASE_COST);
  pump (100);
  g_assert_cmpfloat (gtk_adjustment_get_value (adj), >, page / 2.0);
  close_window (win);
}

/* The Lecture view computes nothing while hidden, at most every
 * NNP_LECTURE_REFRESH_MS while running, and after every step while paused
 * (then showing the document's own theta). */
static void
test_lecture_refresh (void)
{
  NnpWindow *win = new_window ();
  NnpDocument *doc = nnp_window_get_document (win);
  NnpLecturePanel *panel = NNP_LECTURE_PANEL (nnp_window_get_child (win, "lecture_panel"));
  GtkStack *stack = GTK_STACK (nnp_window_get_child (win, "side_stack"));

  g_object_set (doc, "speed", NNP_SPEED_MAXIMUM, NULL);
  nnp_document_set_running (doc, TRUE);
  pump (600);
  g_assert_cmpuint (nnp_lecture_panel_get_computations (panel), ==, 0);
  g_assert_null (nnp_lecture_panel_get_lecture (panel));

  gtk_stack_set_visible_child_name (stack, "lecture");
  pump (50);
  guint c0 = nnp_lecture_panel_get_computations (panel);
  g_assert_cmpuint (c0, >=, 1);
  gint64 t0 = g_get_monotonic_time ();
  /* At least 1.5 s, and until it computed again (a busy machine under
   * ASan can take seconds): never more often than the refresh allows. */
  pump (1500);
  LectureWait lw = { panel, c0 };
  g_assert_true (wait_until (lecture_computed_again, &lw, 30000));
  double secs = (double) (g_get_monotonic_time () - t0) / 1e6;
  guint c1 = nnp_lecture_panel_get_computations (panel) - c0;
  g_assert_cmpuint (c1, >=, 1);
  g_assert_cmpfloat ((double) c1, <=, secs * 1000.0 / NNP_LECTURE_REFRESH_MS + 1.0);

  nnp_document_set_running (doc, FALSE);
  nnp_window_sync_now (win);
  pump (100);
  for (int k = 0; k < 3; k++)
    {
      guint before = nnp_lecture_panel_get_computations (panel);
      nnp_document_step (doc);
      nnp_window_sync_now (win);
      pump (50);
      g_assert_cmpuint (nnp_lecture_panel_get_computations (panel), >, before);
      const NnpLecture *lec = nnp_lecture_panel_get_lecture (panel);
      const NnpParams *p = nnp_window_get_plot_state (win)->model->theta;
      g_assert_nonnull (lec);
      g_assert_cmpmem (lec->theta->block, p->size * sizeof (double), p->block, p->size * sizeof (double));
    }

  gtk_stack_set_visible_child_name (stack, "training");
  pump (50);
  guint c2 = nnp_lecture_panel_get_computations (panel);
  nnp_document_set_running (doc, TRUE);
  pump (600);
  nnp_document_set_running (doc, FALSE);
  g_assert_cmpuint (nnp_lecture_panel_get_computations (panel), ==, c2);
  close_window (win);
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  int status;

  /* GTK's test accessibility backend needs no bus and keeps the
   * accessible properties, so the tests can read what a screen reader would. */
  g_setenv ("GTK_A11Y", "test", TRUE);
  g_test_init (&argc, &argv, NULL);
  app = nnp_application_new (TRUE);
  if (!g_application_register (G_APPLICATION (app), NULL, &error))
    g_error ("Cannot register the application: %s", error->message);
  tmpdir = g_dir_make_tmp ("nnplay-test-XXXXXX", NULL);

  g_test_add_func ("/app/window/startup", test_startup);
  g_test_add_func ("/app/window/save-in-background", test_save_in_background);
  g_test_add_func ("/app/window/open-over-unsaved", test_open_over_unsaved);
  g_test_add_func ("/app/window/open-during-save", test_open_during_save);
  g_test_add_func ("/app/window/gradcheck-forgotten", test_gradcheck_forgotten);
  g_test_add_func ("/app/window/side-view-focus", test_side_view_focus);
  g_test_add_func ("/app/window/long-file-name", test_long_file_name);
  g_test_add_func ("/app/window/many-pins", test_many_pins);
  g_test_add_func ("/app/window/controls-labelled", test_controls_labelled);
  g_test_add_func ("/app/window/play-step-reset", test_play_step);
  g_test_add_func ("/app/window/speed", test_speed);
  g_test_add_func ("/app/window/edit-undo-redo", test_edit_undo_redo);
  g_test_add_func ("/app/window/hidden-during-training", test_hidden_during_training);
  g_test_add_func ("/app/window/grid-while-training", test_grid_while_training);
  g_test_add_func ("/app/window/thumbnail-toggle", test_thumb_toggle);
  g_test_add_func ("/app/window/divergence-banner", test_divergence_banner);
  g_test_add_func ("/app/window/files", test_files);
  g_test_add_func ("/app/window/export", test_export);
  g_test_add_func ("/app/window/drop-file", test_drop_file);
  g_test_add_func ("/app/window/settings", test_settings);
  g_test_add_func ("/app/window/copy-about-shortcuts", test_copy_about_shortcuts);
  g_test_add_func ("/app/window/stale-numbers", test_stale_numbers);
  g_test_add_func ("/app/window/curve-stopped", test_curve_stopped);
  g_test_add_func ("/app/window/curve-thinned", test_curve_thinned);
  g_test_add_func ("/app/window/lr-typed", test_lr_typed);
  g_test_add_func ("/app/window/seeds", test_seeds);
  g_test_add_func ("/app/window/icon", test_icon);
  g_test_add_func ("/app/window/from-file", test_from_file);
  g_test_add_func ("/app/window/labels", test_labels);
  g_test_add_func ("/app/window/thumbs-and-resize", test_thumbs_and_resize);
  g_test_add_func ("/app/window/keys-in-text-fields", test_keys_in_text_fields);
  g_test_add_func ("/app/window/keyboard-points", test_keyboard_points);
  g_test_add_func ("/app/window/split-keeps-epochs", test_split_keeps_epochs);
  g_test_add_func ("/app/window/clear-with-split", test_clear_with_split);
  g_test_add_func ("/app/window/clear-while-running", test_clear_while_running);
  g_test_add_func ("/app/window/number-fields-keep-value", test_number_fields_keep_value);
  g_test_add_func ("/app/window/readouts-same-snapshot", test_readouts_same_snapshot);
  g_test_add_func ("/app/window/file-fields-and-folder", test_file_fields_and_folder);
  g_test_add_func ("/app/window/hidden-space-page", test_hidden_space_page);
  g_test_add_func ("/app/window/lecture-refresh", test_lecture_refresh);
  g_test_add_func ("/app/window/export-lecture-hidden", test_export_lecture_hidden);
  g_test_add_func ("/app/window/menu-checks", test_menu_checks);
  g_test_add_func ("/app/window/narrow-turns", test_narrow_turns);
  g_test_add_func ("/app/window/continue-focus", test_continue_focus);
  g_test_add_func ("/app/window/network-keys-scroll", test_network_keys_scroll);
  g_test_add_func ("/app/window/network-edit-past", test_network_edit_past);
  g_test_add_func ("/app/window/keys-after-clicks", test_keys_after_clicks);
  g_test_add_func ("/app/window/play-nothing-to-train", test_play_nothing_to_train);
  g_test_add_func ("/app/window/seed-enter-undo", test_seed_enter_undo);
  g_test_add_func ("/app/window/presentation-text", test_presentation_text);
  g_test_add_func ("/app/window/hidden-focus-to-plane", test_hidden_focus_to_plane);
  g_test_add_func ("/app/window/lecture-row-cleared", test_lecture_row_cleared);
  g_test_add_func ("/app/window/export-lecture-running", test_export_lecture_running);
  g_test_add_func ("/app/window/network-follows-phase", test_network_follows_phase);
  g_test_add_func ("/app/window/lecture-scrolls", test_lecture_scrolls);
  g_test_add_func ("/app/window/network-keys-leave", test_network_keys_leave);
  g_test_add_func ("/app/window/past-label", test_past_label);

  status = g_test_run ();

  g_autoptr (GDir) dir = g_dir_open (tmpdir, 0, NULL);
  const char *name;
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *p = g_build_filename (tmpdir, name, NULL);
      g_unlink (p);
    }
  g_rmdir (tmpdir);
  g_free (tmpdir);
  g_object_unref (app);
  return status;
}
