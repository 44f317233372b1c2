/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nnp-window-actions.c: NnpWindow's win.* actions and keys, each a call on the document. */
#define G_LOG_DOMAIN "nnplay-window"
#include "config.h"

#include <glib/gi18n.h>

#include "nnp-export-dialog.h"
#include "nnp-window-private.h"

static NnpDocument *
doc (GtkWidget *widget)
{
  return NNP_WINDOW (widget)->document;
}

/* Play and Step with no training points say why nothing moves (a
 * session of test points alone had seemed to ignore Play: the trainer,
 * with nothing to train, stops at once). */
static void
say_if_nothing_to_train (GtkWidget *widget)
{
  const NnpPlotState *st = nnp_document_get_plot_state (doc (widget));

  if (st->train != NULL && st->train->n > 0)
    return;
  if (st->test != NULL && st->test->n > 0)
    nnp_window_toast (NNP_WINDOW (widget),
                      _("Nothing to train on: every point is a test point. Add training points "
                        "(left or right click)"));
  else
    nnp_window_toast (NNP_WINDOW (widget),
                      _("Nothing to train on yet: click to add points of both classes"));
}

static void
action_play (GtkWidget *widget, const char *name, GVariant *param)
{
  const gboolean running = nnp_document_get_running (doc (widget));

  if (!running)
    say_if_nothing_to_train (widget);
  nnp_document_set_running (doc (widget), !running);
}

static void
action_step (GtkWidget *widget, const char *name, GVariant *param)
{
  say_if_nothing_to_train (widget);
  nnp_document_step (doc (widget));
}

static void
action_reset (GtkWidget *widget, const char *name, GVariant *param)
{
  nnp_document_reset (doc (widget));
}

static void
action_lower_lr (GtkWidget *widget, const char *name, GVariant *param)
{
  double lr = nnp_document_get_learning_rate (doc (widget));
  g_object_set (doc (widget), "learning-rate", MAX (lr / 10.0, NNP_LR_MIN), NULL);
}

static void
action_undo (GtkWidget *widget, const char *name, GVariant *param)
{
  nnp_document_undo (doc (widget));
}

static void
action_redo (GtkWidget *widget, const char *name, GVariant *param)
{
  nnp_document_redo (doc (widget));
}

static void
action_clear (GtkWidget *widget, const char *name, GVariant *param)
{
  nnp_document_clear (doc (widget));
}

static void
action_regenerate (GtkWidget *widget, const char *name, GVariant *param)
{
  nnp_document_regenerate (doc (widget));
}

static void
action_pin_run (GtkWidget *widget, const char *name, GVariant *param)
{
  if (nnp_document_get_n_pins (doc (widget)) >= NNP_SESSION_MAX_PINS)
    nnp_window_toast (NNP_WINDOW (widget), _("Remove a pinned run first: at most 16 are kept"));
  else if (!nnp_document_pin_run (doc (widget)))
    nnp_window_toast (NNP_WINDOW (widget), _("Nothing to pin yet: train a few epochs first"));
}

static void
action_fit_view (GtkWidget *widget, const char *name, GVariant *param)
{
  nnp_document_fit_view (doc (widget));
}

/* The dialog's choices outlive it: the next one starts from them. */
static gboolean
on_export_close (GtkWindow *dialog, NnpWindow *self)
{
  nnp_export_dialog_get_choices (NNP_EXPORT_DIALOG (dialog), &self->export_choices);
  self->have_export_choices = TRUE;
  return FALSE;
}

static void
action_export (GtkWidget *widget, const char *name, GVariant *param)
{
  NnpWindow *self = NNP_WINDOW (widget);
  NnpPlotState state = *nnp_document_get_plot_state (doc (widget));
  gboolean lecture = g_strcmp0 (gtk_stack_get_visible_child_name (self->side_stack), "lecture") == 0;
  state.lecture_view = nnp_lecture_panel_get_view (self->lecture_panel);
  GtkWidget *dialog = nnp_export_dialog_new (GTK_WINDOW (widget), &state,
                                             lecture ? NNP_FIGURE_LECTURE : NNP_FIGURE_BOUNDARY);
  nnp_export_dialog_set_summary (NNP_EXPORT_DIALOG (dialog), nnp_document_get_summary (doc (widget)));
  nnp_export_dialog_set_replay (NNP_EXPORT_DIALOG (dialog), nnp_document_get_replay (doc (widget)));
  if (self->have_export_choices)
    nnp_export_dialog_set_choices (NNP_EXPORT_DIALOG (dialog), &self->export_choices);
  g_signal_connect_object (dialog, "close-request", G_CALLBACK (on_export_close), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
action_copy (GtkWidget *widget, const char *name, GVariant *param)
{
  NnpPlotStyle style;
  NnpPlotState state = *nnp_document_get_plot_state (doc (widget));

  nnp_plot_style_init (&style);
  /* As on the canvas: the subtitle gives the current numbers. */
  state.history = nnp_document_get_summary (doc (widget));
  nnp_export_copy_to_clipboard (widget, NNP_FIGURE_BOUNDARY, 1920, 1080, &state, &style);
  nnp_window_toast (NNP_WINDOW (widget), _("Figure copied to the clipboard"));
}

static gboolean
toast_done (gpointer data)
{
  NnpWindow *self = data;

  self->toast_timeout = 0;
  gtk_revealer_set_reveal_child (self->toast_revealer, FALSE);
  return G_SOURCE_REMOVE;
}

void
nnp_window_toast (NnpWindow *self, const char *text)
{
  gtk_label_set_text (self->toast_label, text);
  gtk_revealer_set_reveal_child (self->toast_revealer, TRUE);
  g_clear_handle_id (&self->toast_timeout, g_source_remove);
  /* long enough to read: 2.5 s, and 40 ms a character past 40, up to 12 s */
  glong chars = g_utf8_strlen (text, -1);
  self->toast_timeout = g_timeout_add ((guint) CLAMP (2500 + 40 * (chars - 40), 2500, 12000), toast_done, self);
}

static void
action_open (GtkWidget *widget, const char *name, GVariant *param)
{
  nnp_window_open_dialog (NNP_WINDOW (widget),
                          g_str_equal (name, "win.open-data") ? NNP_FILE_DATA : NNP_FILE_SESSION);
}

static void
action_save (GtkWidget *widget, const char *name, GVariant *param)
{
  if (g_str_equal (name, "win.save-data"))
    nnp_window_save_dialog (NNP_WINDOW (widget), NNP_FILE_DATA);
  else if (g_str_equal (name, "win.save-session-as"))
    nnp_window_save_dialog (NNP_WINDOW (widget), NNP_FILE_SESSION);
  else
    nnp_window_save (NNP_WINDOW (widget));
}

static void
action_step_phase (GtkWidget *widget, const char *name, GVariant *param)
{
  nnp_document_step_phase (doc (widget));
}

void
nnp_window_class_add_actions (GtkWidgetClass *widget_class)
{
  static const struct {
    const char *name;
    GtkWidgetActionActivateFunc activate;
  } actions[] = {
    { "win.play", action_play },
    { "win.step", action_step },
    { "win.reset", action_reset },
    { "win.lower-lr", action_lower_lr },
    { "win.undo", action_undo },
    { "win.redo", action_redo },
    { "win.clear", action_clear },
    { "win.regenerate", action_regenerate },
    { "win.fit-view", action_fit_view },
    { "win.export", action_export },
    { "win.copy", action_copy },
    { "win.open-data", action_open },
    { "win.open-session", action_open },
    { "win.save-data", action_save },
    { "win.save-session", action_save },
    { "win.save-session-as", action_save },
    { "win.pin-run", action_pin_run },
    { "win.step-phase", action_step_phase },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (actions); i++)
    gtk_widget_class_install_action (widget_class, actions[i].name, NULL, actions[i].activate);
}

/* ---- Enabled state, from the document's properties --------------------- */

static void
update_actions (NnpWindow *self)
{
  GtkWidget *w = GTK_WIDGET (self);
  gboolean running = FALSE, can_undo = FALSE, can_redo = FALSE;
  guint n = 0;

  g_object_get (self->document, "running", &running, "can-undo", &can_undo, "can-redo", &can_redo,
                "n-shown", &n, NULL);
  gtk_widget_action_set_enabled (w, "win.step", !running);
  gtk_widget_action_set_enabled (w, "win.step-phase", !running && n > 0);
  gtk_widget_action_set_enabled (w, "win.undo", can_undo);
  gtk_widget_action_set_enabled (w, "win.redo", can_redo);
  gtk_widget_action_set_enabled (w, "win.save-data", n > 0);
  gtk_widget_action_set_enabled (w, "win.clear", n > 0);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->play_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  running ? _("Pause") : _("Play"), -1);
}

static void
on_state_notify (NnpDocument *document, GParamSpec *pspec, NnpWindow *self)
{
  update_actions (self);
}

void
nnp_window_bind_actions (NnpWindow *self)
{
  static const char *const props[] = { "running", "can-undo", "can-redo", "n-shown" };

  for (gsize i = 0; i < G_N_ELEMENTS (props); i++)
    {
      g_autofree char *signal = g_strconcat ("notify::", props[i], NULL);
      g_signal_connect_object (self->document, signal, G_CALLBACK (on_state_notify), self, 0);
    }
  update_actions (self);
}

/* ---- Keys --------------------------------------------------------------- */

/* The focused widget uses these keys itself: a text field (a spin
 * button's too) moves its cursor, types, undoes and deletes words. */
static gboolean
focus_takes_keys (GtkWidget *focus)
{
  return focus != NULL && (GTK_IS_EDITABLE (focus) || GTK_IS_TEXT_VIEW (focus));
}

/* ... and the arrow keys also move a slider and a drop-down's list. */
static gboolean
focus_takes_arrows (GtkWidget *focus)
{
  return focus_takes_keys (focus)
         || (focus != NULL && (GTK_IS_RANGE (focus)
                               || gtk_widget_get_ancestor (focus, GTK_TYPE_POPOVER) != NULL));
}

static gboolean
on_key_shortcut (GtkWidget *widget, GVariant *args, gpointer action)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (widget));
  gboolean arrow = g_str_equal (action, "win.step") || g_str_equal (action, "win.step-phase");

  if (arrow ? focus_takes_arrows (focus) : focus_takes_keys (focus))
    return FALSE;
  /* On the plane Shift+arrows move its keyboard cursor, unless the Lecture
   * view is shown and that cursor is not in use: then Shift+Right steps. */
  if (g_str_equal (action, "win.step-phase") && focus != NULL && NNP_IS_CANVAS (focus)
      && (g_strcmp0 (gtk_stack_get_visible_child_name (NNP_WINDOW (widget)->side_stack), "lecture") != 0
          || nnp_canvas_get_key_cursor (NNP_CANVAS (focus), NULL, NULL)))
    return FALSE;
  return gtk_widget_activate_action (widget, action, NULL);
}

/* Space reaches the window only when the focused widget did not use it
 * (a text field types it, a button presses itself): then it plays. */
void
nnp_window_activate_focus (GtkWindow *window)
{
  GtkWidget *focus = gtk_window_get_focus (window);

  if (focus_takes_keys (focus))
    return;
  if (focus == NULL || !gtk_widget_activate (focus))
    gtk_widget_activate_action (GTK_WIDGET (window), "win.play", NULL);
}

/* Right, Ctrl+Z, Ctrl+Shift+Z, Ctrl+Y and Ctrl+Delete: before the focused
 * widget (GtkWindow's own arrow bindings would move the focus instead),
 * except when it takes these keys itself. They are not application
 * accelerators, which would take them from text fields. Space is
 * GtkWindow's activate-focus binding (nnp_window_activate_focus). */
void
nnp_window_setup_keys (NnpWindow *self)
{
  static const struct {
    guint keyval;
    GdkModifierType mods;
    const char *action;
  } keys[] = {
    { GDK_KEY_Right, 0, "win.step" },
    { GDK_KEY_KP_Right, 0, "win.step" },
    { GDK_KEY_Right, GDK_SHIFT_MASK, "win.step-phase" },
    { GDK_KEY_KP_Right, GDK_SHIFT_MASK, "win.step-phase" },
    { GDK_KEY_z, GDK_CONTROL_MASK, "win.undo" },
    { GDK_KEY_z, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.redo" },
    { GDK_KEY_Z, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.redo" },
    { GDK_KEY_y, GDK_CONTROL_MASK, "win.redo" },
    { GDK_KEY_Delete, GDK_CONTROL_MASK, "win.clear" },
    { GDK_KEY_0, GDK_CONTROL_MASK, "win.fit-view" },
  };
  GtkEventController *sc = gtk_shortcut_controller_new ();

  gtk_event_controller_set_propagation_phase (sc, GTK_PHASE_CAPTURE);
  for (gsize i = 0; i < G_N_ELEMENTS (keys); i++)
    gtk_shortcut_controller_add_shortcut (
      GTK_SHORTCUT_CONTROLLER (sc),
      gtk_shortcut_new (gtk_keyval_trigger_new (keys[i].keyval, keys[i].mods),
                        gtk_callback_action_new (on_key_shortcut, (gpointer) keys[i].action, NULL)));
  gtk_widget_add_controller (GTK_WIDGET (self), sc);

}
