/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nnp-window.c: the main window: its life cycle, the frame clock, settings; nnp-window-controls.c binds the controls. */
#define G_LOG_DOMAIN "nnplay-window"
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "nnp-plot-view.h"
#include "nnp-help-overlay.h"
#include "nnp-window-private.h"

G_DEFINE_FINAL_TYPE (NnpWindow, nnp_window, GTK_TYPE_APPLICATION_WINDOW)

/* ---- Following the trainer --------------------------------------------- */

static gboolean
on_tick (GtkWidget *widget, GdkFrameClock *clock, gpointer data)
{
  NnpWindow *self = NNP_WINDOW (widget);

  if (nnp_document_update (self->document) || self->frame_log != NULL)
    return G_SOURCE_CONTINUE;
  /* Paused and up to date: stop waking up every frame. */
  self->tick_id = 0;
  return G_SOURCE_REMOVE;
}

void
nnp_window_wake (NnpWindow *self)
{
  if (self->tick_id == 0)
    self->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), on_tick, NULL, NULL);
}

static void
on_document_edited (NnpDocument *document, NnpWindow *self)
{
  nnp_window_wake (self);
}

/* ---- The divergence banner ---------------------------------------------- */

static void
update_banner (NnpWindow *self)
{
  const NnpLiveView *v = nnp_document_get_view (self->document);

  if (v->diverged && v->jump_to > 0)
    {
      /* "from 0.704 to 3670", not "3.67e+03", for a class to read. */
      double to = v->jump_to;
      g_autofree char *text =
        g_strdup_printf (_("One step raised the cost J from %.3g to %.*f: the learning rate "
                           "α = %g is too large for these data. The weights from before "
                           "that step are shown."),
                         v->jump_from, to < 100 ? 1 : 0, to, v->lr);
      gtk_label_set_text (self->banner_label, text);
    }
  else if (v->diverged)
    gtk_label_set_text (self->banner_label,
                        _("The cost is no longer a finite number: the learning rate is too "
                          "large for these data. The last good weights are shown."));
  /* Data far from unit scale: the learning rate is not the only culprit. */
  {
    double big = 0;
    gboolean suggest = v->diverged && !gtk_switch_get_active (self->standardize_switch)
                       && nnp_document_far_from_unit_scale (self->document, &big);
    if (suggest)
      {
        g_autofree char *more =
          g_strdup_printf (_("%s The features are far from unit scale (up to %.3g): "
                             "standardising them lets ordinary learning rates work."),
                           gtk_label_get_text (self->banner_label), big);
        gtk_label_set_text (self->banner_label, more);
      }
    gtk_widget_set_visible (GTK_WIDGET (self->standardize_button), suggest);
  }
  if (gtk_info_bar_get_revealed (self->banner) != v->diverged)
    gtk_info_bar_set_revealed (self->banner, v->diverged);
}

static void
on_document_changed (NnpDocument *document, NnpWindow *self)
{
  update_banner (self);
}

static void
on_standardize_clicked (NnpWindow *self)
{
  g_object_set (self->document, "standardize", TRUE, NULL);
}

/* GSettings remember the last values for the next window (read once:
 * other windows' changes do not reach this one's document). */
static gboolean
string_to_enum (GValue *value, GVariant *variant, gpointer data)
{
  const char *name = g_variant_get_string (variant, NULL);
  NnpGenerator gen;
  NnpActivation act;

  if (GPOINTER_TO_INT (data) == 0 && nnp_generator_from_name (name, &gen))
    g_value_set_int (value, gen);
  else if (GPOINTER_TO_INT (data) == 1 && nnp_activation_from_name (name, &act) == 0)
    g_value_set_int (value, act);
  else
    return FALSE;
  return TRUE;
}

static GVariant *
enum_to_string (const GValue *value, const GVariantType *type, gpointer data)
{
  int i = g_value_get_int (value);

  if (GPOINTER_TO_INT (data) == 0 && i >= 0 && i < NNP_N_GENERATORS)
    return g_variant_new_string (nnp_generator_name ((NnpGenerator) i));
  if (GPOINTER_TO_INT (data) == 1 && i >= 0 && i < NNP_N_ACTIVATIONS)
    return g_variant_new_string (nnp_activation_name ((NnpActivation) i));
  return NULL;
}

static void
bind_settings (NnpWindow *self)
{
  const GSettingsBindFlags flags = G_SETTINGS_BIND_DEFAULT | G_SETTINGS_BIND_GET_NO_CHANGES;
  static const char *const pairs[][2] = {
    { "learning-rate", "learning-rate" }, { "hidden-units", "hidden-units" },
    { "batch-size", "batch-size" }, { "seed", "seed" }, { "points", "n-points" },
    { "noise", "noise" }, { "test-fraction", "test-fraction" },
    { "training-speed", "speed" }, { "show-unit-lines", "unit-lines" },
  };

  if (self->settings == NULL)
    return;
  for (gsize i = 0; i < G_N_ELEMENTS (pairs); i++)
    g_settings_bind (self->settings, pairs[i][0], self->document, pairs[i][1], flags);
  g_settings_bind_with_mapping (self->settings, "dataset", self->document, "generator", flags,
                                string_to_enum, enum_to_string, GINT_TO_POINTER (0), NULL);
  g_settings_bind_with_mapping (self->settings, "activation", self->document, "activation", flags,
                                string_to_enum, enum_to_string, GINT_TO_POINTER (1), NULL);

  gtk_window_set_default_size (GTK_WINDOW (self), g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}

/* ---- Life cycle --------------------------------------------------------- */

static gboolean
nnp_window_close_request (GtkWindow *window)
{
  NnpWindow *self = NNP_WINDOW (window);

  if (!nnp_window_confirm_close (self))
    return TRUE;
  nnp_window_recovery_stop (self);
  if (self->settings != NULL)
    {
      int w, h;
      gboolean max = gtk_window_is_maximized (window);
      gtk_window_get_default_size (window, &w, &h);
      g_settings_set_boolean (self->settings, "window-maximized", max);
      if (!max && w > 0 && h > 0)
        {
          g_settings_set_int (self->settings, "window-width", w);
          g_settings_set_int (self->settings, "window-height", h);
        }
    }
  return GTK_WINDOW_CLASS (nnp_window_parent_class)->close_request (window);
}

/* When the focused control is hidden (Alt+2 with a spin button focused,
 * F11 after dragging the timeline) GTK gives the focus to the GtkPaned
 * around it, and the next key, Space or Escape, only moved the focus on
 * to the plane: the lecturer pressed it twice. The focus goes to the
 * plane at once instead, after GTK has finished moving it. */
static gboolean
focus_plane_if_lost (gpointer data)
{
  NnpWindow *self = data;
  GtkWidget *focus = gtk_window_get_focus (GTK_WINDOW (self));

  self->refocus_source = 0;
  if (GTK_IS_PANED (focus) && gtk_widget_get_mapped (GTK_WIDGET (self->canvas)))
    gtk_widget_grab_focus (GTK_WIDGET (self->canvas));
  return G_SOURCE_REMOVE;
}

static void
on_focus_widget (GtkWindow *window, GParamSpec *pspec, NnpWindow *self)
{
  if (GTK_IS_PANED (gtk_window_get_focus (window)) && self->refocus_source == 0)
    self->refocus_source = g_idle_add_full (G_PRIORITY_HIGH_IDLE, focus_plane_if_lost, self, NULL);
}

static void
nnp_window_dispose (GObject *object)
{
  NnpWindow *self = NNP_WINDOW (object);

  g_signal_handlers_disconnect_by_func (self, on_focus_widget, self);
  g_clear_handle_id (&self->refocus_source, g_source_remove);
  g_clear_handle_id (&self->recovery_timeout, g_source_remove);
  nnp_window_recovery_join (self);
  g_clear_handle_id (&self->toast_timeout, g_source_remove);
  if (self->document != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->document, self);
      nnp_document_set_running (self->document, FALSE);
    }
  /* The panels hold the document's plot state: they go first. */
  gtk_widget_dispose_template (GTK_WIDGET (self), NNP_TYPE_WINDOW);
  g_clear_object (&self->document);
  G_OBJECT_CLASS (nnp_window_parent_class)->dispose (object);
}

static void
nnp_window_finalize (GObject *object)
{
  NnpWindow *self = NNP_WINDOW (object);

  g_clear_pointer (&self->frame_log, g_array_unref);
  g_clear_pointer (&self->last_folder, g_free);
  g_clear_pointer (&self->save_next, g_free);
  g_clear_pointer (&self->saving_path, g_free);
  g_clear_object (&self->open_after_save);
  g_clear_pointer (&self->recovery_path, g_free);
  g_clear_pointer (&self->recovery_offer, g_free);
  g_clear_object (&self->settings);
  G_OBJECT_CLASS (nnp_window_parent_class)->finalize (object);
}

static void
nnp_window_class_init (NnpWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = nnp_window_dispose;
  object_class->finalize = nnp_window_finalize;
  window_class->close_request = nnp_window_close_request;
  window_class->activate_focus = nnp_window_activate_focus;

  g_type_ensure (NNP_TYPE_CANVAS);
  g_type_ensure (NNP_TYPE_UNITS_PANEL);
  g_type_ensure (NNP_TYPE_PROGRESS_PANEL);
  g_type_ensure (NNP_TYPE_NETWORK_PANEL);
  g_type_ensure (NNP_TYPE_HIDDEN_SPACE_PANEL);
  g_type_ensure (NNP_TYPE_LECTURE_PANEL);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/nnplay/Nnplay/nnp-window.ui");
  gtk_widget_class_bind_template_child (widget_class, NnpWindow, side_switcher);
  gtk_widget_class_bind_template_child (widget_class, NnpWindow, side_stack);
  gtk_widget_class_bind_template_child (widget_class, NnpWindow, past_label);
  gtk_widget_class_bind_template_child (widget_class, NnpWindow, play_button);
  gtk_widget_class_bind_template_child (widget_class, NnpWindow, banner);
  gtk_widget_class_bind_template_child (widget_class, NnpWindow, banner_title);
  gtk_widget_class_bind_template_child (widget_class, NnpWindow, banner_label);
  gtk_widget_class_bind_template_child (widget_class, NnpWindow, lower_lr_button);
  gtk_widget_class_bind_template_child (widget_class, NnpWindow, canvas);
  gtk_widget_class_bind_template_child (widget_class, NnpWindow, units_panel);
  gtk_widget_class_bind_template_child (widget_class, NnpWindow, progress_panel);
  gtk_widget_class_bind_template_child (widget_class, NnpWindow, network_panel);
  gtk_widget_class_bind_template_child (widget_class, NnpWindow, hidden_space_panel);
  gtk_widget_class_bind_template_child (widget_class, NnpWindow, origin_label);
  gtk_widget_class_bind_template_child (widget_class, NnpWindow, toast_revealer);
  gtk_widget_class_bind_template_child (widget_class, NnpWindow, toast_label);
  gtk_widget_class_bind_template_child (widget_class, NnpWindow, generator_dropdown);
  gtk_widget_class_bind_template_child (widget_class, NnpWindow, points_spin);
  gtk_widget_class_bind_template_child (widget_class, NnpWindow, noise_spin);
  gtk_widget_class_bind_template_child (widget_class, NnpWindow, test_fraction_spin);
  gtk_widget_class_bind_template_child (widget_class, NnpWindow, lr_scale);
  gtk_widget_class_bind_template_child (widget_class, NnpWindow, hidden_scale);
  gtk_widget_class_bind_template_child (widget_class, NnpWindow, lr_spin);
  gtk_widget_class_bind_template_child (widget_class, NnpWindow, hidden_spin);
  gtk_widget_class_bind_template_child (widget_class, NnpWindow, activation_dropdown);
  gtk_widget_class_bind_template_child (widget_class, NnpWindow, batch_spin);
  gtk_widget_class_bind_template_child (widget_class, NnpWindow, seed_spin);
  gtk_widget_class_bind_template_child (widget_class, NnpWindow, speed_dropdown);
  gtk_widget_class_bind_template_child (widget_class, NnpWindow, unit_lines_switch);
  gtk_widget_class_bind_template_child (widget_class, NnpWindow, standardize_switch);
  gtk_widget_class_bind_template_child (widget_class, NnpWindow, standardize_button);
  gtk_widget_class_bind_template_callback (widget_class, on_standardize_clicked);
  gtk_widget_class_bind_template_child (widget_class, NnpWindow, legend_bar);
  gtk_widget_class_bind_template_child (widget_class, NnpWindow, menu_button);
  gtk_widget_class_bind_template_child (widget_class, NnpWindow, lecture_panel);

  nnp_window_class_add_controls (widget_class);

  nnp_window_class_add_actions (widget_class);
  nnp_window_view_class_init (widget_class);
  nnp_window_recovery_class_init (widget_class);
}

/* Buttons, check boxes, switches, sliders and drop-downs used with the
 * mouse leave the keys where they were (the plane, for Space and Right),
 * as GNOME Settings' do; Tab still reaches them. Number fields take the
 * keys to be typed in and give them back on Enter and Escape. */
static void
keep_keys_on_click (GtkWidget *widget)
{
  if (GTK_IS_SPIN_BUTTON (widget) || GTK_IS_TEXT (widget) || GTK_IS_ENTRY (widget))
    return;
  if (GTK_IS_BUTTON (widget) || GTK_IS_CHECK_BUTTON (widget) || GTK_IS_SWITCH (widget)
      || GTK_IS_RANGE (widget) || GTK_IS_DROP_DOWN (widget))
    gtk_widget_set_focus_on_click (widget, FALSE);
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    keep_keys_on_click (c);
}

/* Continue from Here ends the look back: the keys go to the plane, where
 * Right steps the branch and Space plays it. From the timeline (scrubbed
 * with its keys) Right had moved the slider, already at its end, and
 * stepped nothing. */
static void
on_continue_clicked (NnpWindow *self)
{
  if (gtk_widget_get_mapped (GTK_WIDGET (self->canvas)))
    gtk_widget_grab_focus (GTK_WIDGET (self->canvas));
}

static void
nnp_window_init (NnpWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* The window's child and title bar and a GtkPaned's children are not
   * bound template children: their parents' own dispose unparents them
   * after the template's has dropped them (GTK 4.8). */
  self->header_bar = gtk_window_get_titlebar (GTK_WINDOW (self));
  self->outer_paned = GTK_PANED (gtk_window_get_child (GTK_WINDOW (self)));
  self->controls_pane = gtk_paned_get_start_child (self->outer_paned);
  self->inner_paned = GTK_PANED (gtk_paned_get_end_child (self->outer_paned));
  self->side_panels = gtk_paned_get_end_child (self->inner_paned);
  self->document = nnp_document_new ();
  nnp_window_fill_dropdowns (self);
  nnp_window_setup_drop (self);
  nnp_window_setup_keys (self);
  g_signal_connect (self, "notify::focus-widget", G_CALLBACK (on_focus_widget), self);
  nnp_window_view_init (self);
  keep_keys_on_click (GTK_WIDGET (self));
  g_signal_connect_object (nnp_window_get_child (self, "continue_button"), "clicked",
                           G_CALLBACK (on_continue_clicked), self, G_CONNECT_SWAPPED | G_CONNECT_AFTER);
}

NnpWindow *
nnp_window_new (GtkApplication *app, gboolean use_settings)
{
  NnpWindow *self = g_object_new (NNP_TYPE_WINDOW, "application", app, NULL);

  if (use_settings)
    self->settings = nnp_window_settings_new ();
  bind_settings (self);
  nnp_window_bind_controls (self);
  g_signal_connect_object (self->document, "edited", G_CALLBACK (on_document_edited), self, 0);
  g_signal_connect_object (self->document, "changed", G_CALLBACK (on_document_changed), self, 0);
  nnp_window_bind_actions (self);
  nnp_window_view_restore (self);
  nnp_help_overlay_fix (GTK_APPLICATION_WINDOW (self));
  nnp_document_start (self->document);
  /* Windows of the benchmark and the tests keep no recovery file. */
  if (use_settings)
    nnp_window_recovery_start (self);
  nnp_window_wake (self);
  /* Space plays at once, arrows step, clicks add points. */
  gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->canvas));
  return self;
}

/* ---- Public --------------------------------------------------------------- */

NnpDocument *
nnp_window_get_document (NnpWindow *self)
{
  g_return_val_if_fail (NNP_IS_WINDOW (self), NULL);
  return self->document;
}

GSettings *
nnp_window_settings_new (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr (GSettingsSchema) schema = NULL;

  if (source == NULL)
    return NULL;
  schema = g_settings_schema_source_lookup (source, APPLICATION_ID, TRUE);
  if (schema == NULL)
    {
      g_debug ("GSettings schema %s not installed; settings are not remembered", APPLICATION_ID);
      return NULL;
    }
  return g_settings_new_full (schema, NULL, NULL);
}

void
nnp_window_remember_folder (NnpWindow *self, const char *path)
{
  g_autofree char *abs = g_canonicalize_filename (path, NULL);
  g_free (self->last_folder);
  self->last_folder = g_path_get_dirname (abs);
}
