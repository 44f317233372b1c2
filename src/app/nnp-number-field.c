/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nnp-number-field.c: number fields that never change a value the user did not mean. */
#define G_LOG_DOMAIN "nnplay-window"
#include "config.h"

#include <locale.h>
#include <math.h>
#include <string.h>

#include "nnp-number-field.h"

gboolean
nnp_number_field_parse (const char *text, double *value)
{
  const char *point = localeconv ()->decimal_point;
  g_autofree char *copy = NULL;
  char *end = NULL;
  double v;

  while (g_ascii_isspace (*text))
    text++;
  copy = g_strdup (text);
  g_strchomp (copy);
  if (*copy == '\0')
    return FALSE;
  /* The locale's decimal comma, or the C point: g_ascii_strtod reads the
   * point, so a comma becomes one only where the locale writes commas. */
  if (point != NULL && strcmp (point, ",") == 0)
    g_strdelimit (copy, ",", '.');
  /* Decimal numbers only: g_ascii_strtod would also read "0x10" and "inf". */
  if (strspn (copy, "0123456789+-.eE") != strlen (copy))
    return FALSE;
  v = g_ascii_strtod (copy, &end);
  if (end == copy || *end != '\0' || !isfinite (v))
    return FALSE;
  *value = v;
  return TRUE;
}

int
nnp_number_field_input (GtkSpinButton *spin, double *value)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (spin));

  /* A field of whole numbers refuses "3.7" rather than rounding it. */
  if (nnp_number_field_parse (text, value)
      && (gtk_spin_button_get_digits (spin) > 0 || *value == floor (*value)))
    {
      gtk_widget_remove_css_class (GTK_WIDGET (spin), "error");
      return TRUE;
    }
  return nnp_number_field_refuse (spin, value);
}

int
nnp_number_field_refuse (GtkSpinButton *spin, double *value)
{
  /* Refused, visibly: the value stays, the field says so (and Enter
   * puts the refused text back to be mended: on_activate). */
  *value = gtk_spin_button_get_value (spin);
  g_object_set_data_full (G_OBJECT (spin), "nnp-refused",
                          g_strdup (gtk_editable_get_text (GTK_EDITABLE (spin))), g_free);
  gtk_widget_add_css_class (GTK_WIDGET (spin), "error");
  gtk_widget_error_bell (GTK_WIDGET (spin));
  return TRUE;
}

/* The keys to the widget set up with the field or slider (the canvas);
 * FALSE when there is none to take them. */
static gboolean
give_keys_back (gpointer widget)
{
  GtkWidget *to = g_object_get_data (G_OBJECT (widget), "nnp-keys-to");

  if (to == NULL || !gtk_widget_get_focusable (to))
    return FALSE;
  gtk_widget_grab_focus (to);
  return TRUE;
}

/* After a press the widget took with the focus (a field's + or -, a
 * slider): the keys go back, if it still has them. Holds a reference. */
static gboolean
keys_back_after_press (gpointer widget)
{
  if (gtk_widget_get_state_flags (GTK_WIDGET (widget)) & GTK_STATE_FLAG_FOCUS_WITHIN)
    give_keys_back (widget);
  g_object_unref (widget);
  return G_SOURCE_REMOVE;
}

/* A press on + or - (not on the text): once GtkSpinButton has taken it,
 * and with it the focus, the keys go back. */
static void
on_button_pressed (GtkGestureClick *click, int n_press, double x, double y, GtkSpinButton *spin)
{
  GtkWidget *hit = gtk_widget_pick (GTK_WIDGET (spin), x, y, GTK_PICK_DEFAULT);

  if (hit == NULL || (!GTK_IS_BUTTON (hit) && gtk_widget_get_ancestor (hit, GTK_TYPE_BUTTON) == NULL))
    return;
  g_idle_add (keys_back_after_press, g_object_ref (spin));
}

static void
on_activate (GtkText *text, GtkSpinButton *spin)
{
  g_autofree char *refused = g_object_steal_data (G_OBJECT (spin), "nnp-refused");

  /* A refused number stays in the field, red and selected, with the keys,
   * to be mended or left with Escape; GtkSpinButton had already written
   * the kept value over it. */
  if (refused != NULL && gtk_widget_has_css_class (GTK_WIDGET (spin), "error"))
    {
      gtk_editable_set_text (GTK_EDITABLE (spin), refused);
      gtk_widget_add_css_class (GTK_WIDGET (spin), "error");
      gtk_editable_select_region (GTK_EDITABLE (spin), 0, -1);
      return;
    }
  give_keys_back (spin);
}

static gboolean
on_key (GtkEventControllerKey *keys, guint keyval, guint keycode, GdkModifierType state,
        GtkSpinButton *spin)
{
  if (keyval != GDK_KEY_Escape)
    return FALSE;
  /* Revert the text to the value, then leave the field. */
  gtk_widget_remove_css_class (GTK_WIDGET (spin), "error");
  gtk_spin_button_set_value (spin, gtk_spin_button_get_value (spin));
  give_keys_back (spin);
  return TRUE;
}

void
nnp_number_field_setup (GtkSpinButton *spin, GtkWidget *keys_to)
{
  GtkEventController *keys = gtk_event_controller_key_new ();

  g_return_if_fail (GTK_IS_SPIN_BUTTON (spin));
  g_object_set_data (G_OBJECT (spin), "nnp-keys-to", keys_to);
  /* + and - hand the keys back, as Enter does: GtkSpinButton gives its
   * text the focus on any press, and Space after a click on + had gone
   * to the field instead of pausing */
  GtkGesture *click = gtk_gesture_click_new ();
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (click), GTK_PHASE_CAPTURE);
  g_signal_connect (click, "pressed", G_CALLBACK (on_button_pressed), spin);
  gtk_widget_add_controller (GTK_WIDGET (spin), GTK_EVENT_CONTROLLER (click));
  /* A field that reads words too ("Full batch") parses its own text. */
  if (g_object_get_data (G_OBJECT (spin), "nnp-own-input") == NULL)
    g_signal_connect (spin, "input", G_CALLBACK (nnp_number_field_input), NULL);
  /* After GtkSpinButton's own handler has committed the value. */
  g_signal_connect_after (gtk_editable_get_delegate (GTK_EDITABLE (spin)), "activate",
                          G_CALLBACK (on_activate), spin);
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_key), spin);
  gtk_widget_add_controller (GTK_WIDGET (spin), keys);
  nnp_wheel_guard (GTK_WIDGET (spin));
}

static gboolean
on_scroll (GtkEventControllerScroll *scroll, double dx, double dy, GtkWidget *widget)
{
  GtkWidget *sw;
  GtkAdjustment *adj;

  if (gtk_widget_get_state_flags (widget) & GTK_STATE_FLAG_FOCUS_WITHIN)
    return FALSE;   /* focused: the wheel changes the value, as the user means */
  sw = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
  if (sw != NULL)
    {
      adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (sw));
      gtk_adjustment_set_value (adj, gtk_adjustment_get_value (adj)
                                       + dy * MAX (gtk_adjustment_get_step_increment (adj), 40.0));
    }
  return TRUE;
}

void
nnp_wheel_guard (GtkWidget *widget)
{
  GtkEventController *scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL
                                                                | GTK_EVENT_CONTROLLER_SCROLL_DISCRETE);

  gtk_event_controller_set_propagation_phase (scroll, GTK_PHASE_CAPTURE);
  g_signal_connect (scroll, "scroll", G_CALLBACK (on_scroll), widget);
  gtk_widget_add_controller (widget, scroll);
}

static gboolean
on_slider_key (GtkEventControllerKey *keys, guint keyval, guint keycode, GdkModifierType state,
               GtkWidget *scale)
{
  return keyval == GDK_KEY_Escape && give_keys_back (scale);
}

/* GtkRange takes the focus on any press (focus-on-click or not): once it
 * has, the keys go back; the drag goes on without them. */
static void
on_slider_pressed (GtkGestureClick *click, int n_press, double x, double y, GtkWidget *scale)
{
  g_idle_add (keys_back_after_press, g_object_ref (scale));
}

void
nnp_slider_setup (GtkWidget *scale, GtkWidget *keys_to)
{
  GtkEventController *keys = gtk_event_controller_key_new ();
  GtkGesture *click = gtk_gesture_click_new ();

  g_return_if_fail (GTK_IS_SCALE (scale));
  g_object_set_data (G_OBJECT (scale), "nnp-keys-to", keys_to);
  gtk_widget_set_focus_on_click (scale, FALSE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_slider_key), scale);
  gtk_widget_add_controller (scale, keys);
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (click), GTK_PHASE_CAPTURE);
  g_signal_connect (click, "pressed", G_CALLBACK (on_slider_pressed), scale);
  gtk_widget_add_controller (scale, GTK_EVENT_CONTROLLER (click));
  nnp_wheel_guard (scale);
}
