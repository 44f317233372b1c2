/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nnp-window-view.c: NnpWindow's layout: resizable panes remembered, side panes shown or hidden (F9, F8), presentation mode (F11). */
#define G_LOG_DOMAIN "nnplay-window"
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "nnp-window-private.h"

/* Below this window width the hidden units and the cost give their room
 * to the plane (F8 brings them back). */
#define NARROW_WIDTH 1200

enum {
  PROP_0,
  PROP_SHOW_CONTROLS,
  PROP_SHOW_PANELS,
  PROP_PRESENTATION,
  N_PROPS
};

static GParamSpec *props[N_PROPS];

static void
set_show (NnpWindow *self, gboolean *field, guint prop, gboolean show)
{
  if (*field == show)
    return;
  *field = show;
  gtk_widget_set_visible (prop == PROP_SHOW_CONTROLS ? GTK_WIDGET (self->controls_pane)
                                                     : GTK_WIDGET (self->side_panels), show);
  g_object_notify_by_pspec (G_OBJECT (self), props[prop]);
}

/* Sizes measured at another text scale (nnp_widget_text_scale) are
 * measured again, hidden panes' too; each figure is drawn again. */
static void
queue_resize_all (GtkWidget *widget)
{
  gtk_widget_queue_resize (widget);
  gtk_widget_queue_draw (widget);
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    queue_resize_all (c);
}

static void
set_presentation (NnpWindow *self, gboolean on)
{
  if (self->presentation == on)
    return;
  self->presentation = on;
  if (on)
    {
      /* The plane alone, full screen; F9 and F8 bring the sides back. */
      self->saved_controls = self->show_controls;
      self->saved_panels = self->show_panels;
      self->saved_yielded = self->controls_yielded;
      self->controls_yielded = FALSE;   /* F8 there must not bring the controls back */
      set_show (self, &self->show_controls, PROP_SHOW_CONTROLS, FALSE);
      set_show (self, &self->show_panels, PROP_SHOW_PANELS, FALSE);
      gtk_window_fullscreen (GTK_WINDOW (self));
    }
  else
    {
      gtk_window_unfullscreen (GTK_WINDOW (self));
      set_show (self, &self->show_controls, PROP_SHOW_CONTROLS, self->saved_controls);
      set_show (self, &self->show_panels, PROP_SHOW_PANELS, self->saved_panels);
      self->controls_yielded = self->show_controls ? FALSE : self->saved_yielded;
    }
  /* Every line of the screen for the plane: the header bar and the mouse
   * legend go too (Space plays, F11 or Escape leave). */
  gtk_widget_set_visible (self->header_bar, !on);
  gtk_widget_set_visible (self->legend_bar, !on);
  /* style.css: no focus ring round the plane in front of the audience */
  if (on)
    gtk_widget_add_css_class (GTK_WIDGET (self), "presentation");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "presentation");
  nnp_canvas_set_presentation (self->canvas, on);
  /* the side panes' text grows too (F9, F8 show them): style.css and
   * nnp_widget_text_scale */
  queue_resize_all (GTK_WIDGET (self->controls_pane));
  queue_resize_all (GTK_WIDGET (self->side_panels));
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_PRESENTATION]);
}

/* In a narrow window the controls and the side pane take turns: with
 * both, a 1024 px window left the plane 190 px, without its subtitle and
 * colour scale. Showing one hides the other; hiding the side pane brings
 * back the controls it hid. */
static void
set_show_by_user (NnpWindow *self, guint prop, gboolean show)
{
  /* the width now: a maximized or full-screen window keeps the default
   * width it had before */
  const int width = gtk_widget_get_width (GTK_WIDGET (self));
  const gboolean narrow = width > 0 ? width < NARROW_WIDTH : self->narrow;

  if (prop == PROP_SHOW_PANELS)
    {
      if (show && narrow && self->show_controls)
        {
          set_show (self, &self->show_controls, PROP_SHOW_CONTROLS, FALSE);
          self->controls_yielded = TRUE;
        }
      set_show (self, &self->show_panels, PROP_SHOW_PANELS, show);
      if (!show && self->controls_yielded)
        {
          self->controls_yielded = FALSE;
          set_show (self, &self->show_controls, PROP_SHOW_CONTROLS, TRUE);
        }
    }
  else
    {
      if (show && narrow && self->show_panels)
        set_show (self, &self->show_panels, PROP_SHOW_PANELS, FALSE);
      self->controls_yielded = FALSE;
      set_show (self, &self->show_controls, PROP_SHOW_CONTROLS, show);
    }
}

static void
nnp_window_view_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  NnpWindow *self = NNP_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SHOW_CONTROLS: g_value_set_boolean (value, self->show_controls); break;
    case PROP_SHOW_PANELS: g_value_set_boolean (value, self->show_panels); break;
    case PROP_PRESENTATION: g_value_set_boolean (value, self->presentation); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
nnp_window_view_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  NnpWindow *self = NNP_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SHOW_CONTROLS:
    case PROP_SHOW_PANELS:
      set_show_by_user (self, prop_id, g_value_get_boolean (value));
      break;
    case PROP_PRESENTATION:
      set_presentation (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void side_view_action (GtkWidget *widget, const char *name, GVariant *args);

void
nnp_window_view_class_init (GtkWidgetClass *widget_class)
{
  GObjectClass *object_class = G_OBJECT_CLASS (widget_class);
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->get_property = nnp_window_view_get_property;
  object_class->set_property = nnp_window_view_set_property;
  props[PROP_SHOW_CONTROLS] = g_param_spec_boolean ("show-controls", NULL, NULL, TRUE, rw);
  props[PROP_SHOW_PANELS] = g_param_spec_boolean ("show-panels", NULL, NULL, TRUE, rw);
  props[PROP_PRESENTATION] = g_param_spec_boolean ("presentation", NULL, NULL, FALSE, rw);
  g_object_class_install_properties (object_class, N_PROPS, props);

  gtk_widget_class_install_property_action (widget_class, "win.show-controls", "show-controls");
  gtk_widget_class_install_property_action (widget_class, "win.show-panels", "show-panels");
  gtk_widget_class_install_property_action (widget_class, "win.presentation", "presentation");
  gtk_widget_class_install_action (widget_class, "win.side-view", "u", side_view_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F9, 0, "win.show-controls", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F8, 0, "win.show-panels", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F11, 0, "win.presentation", NULL);
}

/* Escape leaves presentation mode when nothing else wants it. */
static gboolean
on_escape (GtkWidget *widget, GVariant *args, gpointer data)
{
  NnpWindow *self = NNP_WINDOW (widget);

  if (!self->presentation)
    return FALSE;
  set_presentation (self, FALSE);
  return TRUE;
}

/* A narrow window gives the plane the room of the right-hand pane; the
 * user's F8 holds until the width crosses the line again. */
static void
on_width (GObject *object, GParamSpec *pspec, gpointer data)
{
  NnpWindow *self = NNP_WINDOW (object);
  int w = 0, h = 0;
  gboolean narrow;

  gtk_window_get_default_size (GTK_WINDOW (self), &w, &h);
  narrow = w > 0 && w < NARROW_WIDTH;
  if (narrow == self->narrow || self->presentation)
    return;
  self->narrow = narrow;
  set_show (self, &self->show_panels, PROP_SHOW_PANELS, !narrow);
  if (self->controls_yielded)
    {
      self->controls_yielded = FALSE;
      set_show (self, &self->show_controls, PROP_SHOW_CONTROLS, TRUE);
    }
}

static void
on_pane_moved (GtkPaned *paned, GParamSpec *pspec, NnpWindow *self)
{
  if (self->settings == NULL || !gtk_widget_get_mapped (GTK_WIDGET (paned)))
    return;
  if (paned == self->outer_paned && self->show_controls)
    g_settings_set_int (self->settings, "controls-width", gtk_paned_get_position (paned));
  else if (paned == self->inner_paned && self->show_panels)
    g_settings_set_int (self->settings, "panels-width",
                        gtk_widget_get_width (GTK_WIDGET (paned)) - gtk_paned_get_position (paned));
}

/* The right pane keeps its remembered width once the window has one. */
static void
on_inner_mapped (GtkWidget *paned, NnpWindow *self)
{
  int w = gtk_widget_get_width (paned);
  if (self->settings != NULL && w > 0)
    gtk_paned_set_position (GTK_PANED (paned), w - g_settings_get_int (self->settings, "panels-width"));
}

/* Each button of the side pane's switcher says what it shows and its
 * key: Alt+1 for the first view, Alt+2 for the second, ... (mnemonics
 * would clash with the fields' own). */
static void
on_side_pages_changed (GListModel *pages, guint pos, guint removed, guint added, NnpWindow *self)
{
  GtkWidget *button = gtk_widget_get_first_child (GTK_WIDGET (self->side_switcher));
  guint n = g_list_model_get_n_items (pages);

  for (guint i = 0; i < n && button != NULL; i++, button = gtk_widget_get_next_sibling (button))
    {
      g_autoptr(GObject) page = g_list_model_get_item (pages, i);
      const char *title = gtk_stack_page_get_title (GTK_STACK_PAGE (page));
      g_autofree char *tip = NULL;

      if (title == NULL)
        continue;
      /* TRANSLATORS: a side pane view's tooltip: "Training (Alt+1)". */
      tip = i < 9 ? g_strdup_printf (_("%s (Alt+%u)"), title, i + 1) : g_strdup (title);
      gtk_widget_set_tooltip_text (button, tip);
    }
}

/* Alt+1 .. Alt+9 (win.side-view N - 1): the side pane's views, shown
 * (with the pane if hidden). The keys stay with the plane, or go back to
 * it from the view left: Space plays on (it had pressed the button that
 * took the focus, Pick or a unit's thumbnail, after Alt+4 or Alt+1). */
static gboolean
show_side_view (NnpWindow *self, guint i)
{
  g_autoptr (GListModel) pages = G_LIST_MODEL (gtk_stack_get_pages (self->side_stack));
  g_autoptr (GObject) page = i < g_list_model_get_n_items (pages) ? g_list_model_get_item (pages, i) : NULL;

  if (page == NULL)
    return FALSE;
  GtkWidget *focus = gtk_window_get_focus (GTK_WINDOW (self));
  gboolean to_plane = focus == NULL || gtk_widget_is_ancestor (focus, GTK_WIDGET (self->side_stack));
  gtk_stack_set_visible_child (self->side_stack, gtk_stack_page_get_child (GTK_STACK_PAGE (page)));
  if (!self->show_panels)
    g_object_set (self, "show-panels", TRUE, NULL);
  if (to_plane || !gtk_widget_get_mapped (focus))
    gtk_widget_grab_focus (GTK_WIDGET (self->canvas));
  return TRUE;
}

static void
side_view_action (GtkWidget *widget, const char *name, GVariant *args)
{
  show_side_view (NNP_WINDOW (widget), g_variant_get_uint32 (args));
}

/* The keys: one past the views goes on to others (it was not ours). */
static gboolean
on_view_key (GtkWidget *widget, GVariant *args, gpointer data)
{
  return show_side_view (NNP_WINDOW (widget), g_variant_get_uint32 (args));
}

void
nnp_window_view_init (NnpWindow *self)
{
  GtkSelectionModel *pages = gtk_stack_get_pages (self->side_stack);

  g_signal_connect_object (pages, "items-changed", G_CALLBACK (on_side_pages_changed), self, 0);
  /* Each button as wide as its title (not all as wide as the longest),
   * so four views fit the pane's 330 px. */
  {
    GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self->side_switcher));
    if (GTK_IS_BOX_LAYOUT (layout))
      gtk_box_layout_set_homogeneous (GTK_BOX_LAYOUT (layout), FALSE);
  }
  on_side_pages_changed (G_LIST_MODEL (pages), 0, 0, 0, self);
  g_object_unref (pages);

  GtkEventController *keys = gtk_shortcut_controller_new ();

  /* The main menu's check items read these when the template built it,
   * before they were set: notified, they show the panes as shown. */
  self->show_controls = self->show_panels = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_SHOW_CONTROLS]);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_SHOW_PANELS]);
  gtk_shortcut_controller_add_shortcut (
    GTK_SHORTCUT_CONTROLLER (keys),
    gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Escape, 0),
                      gtk_callback_action_new (on_escape, NULL, NULL)));
  for (guint i = 0; i < 9; i++)
    {
      GtkShortcut *sc = gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_1 + i, GDK_ALT_MASK),
                                          gtk_callback_action_new (on_view_key, NULL, NULL));
      gtk_shortcut_set_arguments (sc, g_variant_new_uint32 (i));
      gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (keys), sc);
    }
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
  /* F8 before the panes see it: GtkPaned binds F8 to moving the focus
   * between its handles, so with the focus on the plane (inside the panes)
   * the window's F8 never came. */
  {
    GtkEventController *early = gtk_shortcut_controller_new ();
    gtk_event_controller_set_propagation_phase (early, GTK_PHASE_CAPTURE);
    gtk_shortcut_controller_add_shortcut (
      GTK_SHORTCUT_CONTROLLER (early),
      gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_F8, 0), gtk_named_action_new ("win.show-panels")));
    gtk_widget_add_controller (GTK_WIDGET (self), early);
  }
  g_signal_connect (self, "notify::default-width", G_CALLBACK (on_width), NULL);
  g_signal_connect (self->outer_paned, "notify::position", G_CALLBACK (on_pane_moved), self);
  g_signal_connect (self->inner_paned, "notify::position", G_CALLBACK (on_pane_moved), self);
}

void
nnp_window_view_restore (NnpWindow *self)
{
  if (self->settings != NULL)
    {
      gtk_paned_set_position (self->outer_paned, g_settings_get_int (self->settings, "controls-width"));
      g_signal_connect (self->inner_paned, "map", G_CALLBACK (on_inner_mapped), self);
    }
  on_width (G_OBJECT (self), NULL, NULL);
}

gboolean
nnp_window_show_view (NnpWindow *self, const char *name)
{
  g_return_val_if_fail (NNP_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  if (gtk_stack_get_child_by_name (self->side_stack, name) == NULL)
    return FALSE;
  gtk_stack_set_visible_child_name (self->side_stack, name);
  return TRUE;
}
