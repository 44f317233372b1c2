/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nnp-window.c: the main window: binds the controls and the panels to one NnpDocument. */
#define G_LOG_DOMAIN "nnplay-window"
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "nnp-number-field.h"
#include "nnp-plot-view.h"
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
  if (gtk_info_bar_get_revealed (self->banner) != v->diverged)
    gtk_info_bar_set_revealed (self->banner, v->diverged);
}

static void
on_document_changed (NnpDocument *document, NnpWindow *self)
{
  update_banner (self);
}

/* ---- Bindings' transforms ----------------------------------------------- */

/* The scale moves in log10(alpha), up to its end; the number field goes
 * further (NNP_LR_MAX). */
static gboolean
lr_to_scale (GBinding *b, const GValue *from, GValue *to, gpointer data)
{
  g_value_set_double (to, log10 (CLAMP (g_value_get_double (from), NNP_LR_MIN, NNP_LR_SLIDER_MAX)));
  return TRUE;
}

static gboolean
scale_to_lr (GBinding *b, const GValue *from, GValue *to, gpointer data)
{
  double lr = CLAMP (pow (10.0, g_value_get_double (from)), NNP_LR_MIN, NNP_LR_SLIDER_MAX);
  /* Round numbers while dragging: 0.5, not 0.50118723. */
  g_value_set_double (to, lr >= 1.0 ? round (lr * 100) / 100 : lr >= 0.01 ? round (lr * 1e4) / 1e4 : lr);
  return TRUE;
}

/* Steps of about half a decade, slowest first; Maximum last. */
static const struct {
  double speed;
  const char *label;
} speed_steps[] = {
  { 1, N_("1 epoch/s") },
  { 3, N_("3 epochs/s") },
  { 10, N_("10 epochs/s") },
  { 30, N_("30 epochs/s") },
  { 100, N_("100 epochs/s") },
  { 300, N_("300 epochs/s") },
  { 1000, N_("1,000 epochs/s") },
  { 3000, N_("3,000 epochs/s") },
  { 10000, N_("10,000 epochs/s") },
  { NNP_SPEED_MAXIMUM, N_("Maximum") },
};

/* The step nearest to a speed, on the logarithmic scale the steps follow. */
static gboolean
speed_to_step (GBinding *b, const GValue *from, GValue *to, gpointer data)
{
  double eps = g_value_get_double (from), best_d = INFINITY;
  guint best = G_N_ELEMENTS (speed_steps) - 1;

  if (isfinite (eps) && eps > 0)
    for (guint i = 0; i < G_N_ELEMENTS (speed_steps); i++)
      if (speed_steps[i].speed > 0 && fabs (log (eps / speed_steps[i].speed)) < best_d)
        {
          best_d = fabs (log (eps / speed_steps[i].speed));
          best = i;
        }
  g_value_set_uint (to, best);
  return TRUE;
}

static gboolean
step_to_speed (GBinding *b, const GValue *from, GValue *to, gpointer data)
{
  guint i = g_value_get_uint (from);
  if (i >= G_N_ELEMENTS (speed_steps))
    return FALSE;
  g_value_set_double (to, speed_steps[i].speed);
  return TRUE;
}

static gboolean
origin_is_generated (GBinding *b, const GValue *from, GValue *to, gpointer data)
{
  g_value_set_boolean (to, g_value_get_int (from) == NNP_ORIGIN_GENERATED);
  return TRUE;
}

static gboolean
running_to_icon (GBinding *b, const GValue *from, GValue *to, gpointer data)
{
  g_value_set_string (to, g_value_get_boolean (from) ? "media-playback-pause-symbolic"
                                                     : "media-playback-start-symbolic");
  return TRUE;
}

static gboolean
running_to_tooltip (GBinding *b, const GValue *from, GValue *to, gpointer data)
{
  g_value_set_string (to, g_value_get_boolean (from) ? _("Pause training (Space)") : _("Train (Space)"));
  return TRUE;
}

/* ---- The generator field: generators, "From file…", "Drawn by hand" ----- */

static void on_generator_selected (GObject *object, GParamSpec *pspec, NnpWindow *self);

static void
show_source (NnpWindow *self)
{
  int kind = 0, gen = 0;
  guint item;

  g_object_get (self->document, "origin-kind", &kind, "generator", &gen, NULL);
  item = kind == NNP_ORIGIN_FILE ? NNP_SOURCE_FILE : kind == NNP_ORIGIN_HAND ? NNP_SOURCE_HAND : (guint) gen;
  if (gtk_drop_down_get_selected (self->generator_dropdown) == item)
    return;
  /* Showing the document's state is not a choice of the user's. */
  g_signal_handlers_block_by_func (self->generator_dropdown, on_generator_selected, self);
  gtk_drop_down_set_selected (self->generator_dropdown, item);
  g_signal_handlers_unblock_by_func (self->generator_dropdown, on_generator_selected, self);
}

static void
on_origin_notify (NnpDocument *document, GParamSpec *pspec, NnpWindow *self)
{
  show_source (self);
  /* The file's point count, or a dash, in fields that show the origin:
   * setting the same value makes GTK emit "output" again. */
  gtk_spin_button_set_value (self->points_spin, gtk_spin_button_get_value (self->points_spin));
  gtk_spin_button_set_value (self->noise_spin, gtk_spin_button_get_value (self->noise_spin));
}

static void
on_generator_selected (GObject *object, GParamSpec *pspec, NnpWindow *self)
{
  guint i = gtk_drop_down_get_selected (self->generator_dropdown);

  if (i < NNP_N_GENERATORS)
    nnp_document_set_generator (self->document, (NnpGenerator) i);
  else if (i == NNP_SOURCE_HAND)
    nnp_document_clear (self->document);
  else
    {
      /* "From file…" is a question, not a state: the document says what
       * is shown until a file is opened. */
      show_source (self);
      gtk_widget_activate_action (GTK_WIDGET (self), "win.open-data", NULL);
    }
  show_source (self);
}

/* ---- Number fields ------------------------------------------------------ */

/* 0 reads "Full batch" (the lecture's). */
static gboolean
on_batch_output (GtkSpinButton *spin, NnpWindow *self)
{
  int b = gtk_spin_button_get_value_as_int (spin);
  g_autofree char *text = b == 0 ? g_strdup (_("Full batch")) : g_strdup_printf ("%d", b);
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (spin)), text) != 0)
    gtk_editable_set_text (GTK_EDITABLE (spin), text);
  return TRUE;
}

static int
on_batch_input (GtkSpinButton *spin, double *value, NnpWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (spin));

  if (g_ascii_strncasecmp (text, "full", 4) == 0 || g_strcmp0 (text, _("Full batch")) == 0)
    {
      *value = 0;
      return TRUE;
    }
  if (nnp_number_field_parse (text, value))
    {
      gtk_widget_remove_css_class (GTK_WIDGET (spin), "error");
      return TRUE;
    }
  *value = gtk_spin_button_get_value (spin);
  gtk_widget_add_css_class (GTK_WIDGET (spin), "error");
  return TRUE;
}

/* Points that are not the generator's: Points shows their count, Noise a dash. */
static gboolean
on_file_field_output (GtkSpinButton *spin, NnpWindow *self)
{
  int kind = 0;
  guint n = 0;
  char buf[32];

  if (self->document == NULL)
    return FALSE;
  g_object_get (self->document, "origin-kind", &kind, "n-shown", &n, NULL);
  if (kind == NNP_ORIGIN_GENERATED)
    return FALSE;
  if (spin == self->points_spin)
    g_snprintf (buf, sizeof buf, "%u", n);
  else
    g_strlcpy (buf, "—", sizeof buf);
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (spin)), buf) != 0)
    gtk_editable_set_text (GTK_EDITABLE (spin), buf);
  return TRUE;
}

/* Enter in the seed field replays from that seed, the same one too. */
static void
on_seed_activate (GtkText *text, NnpWindow *self)
{
  nnp_document_replay (self->document);
}

/* ---- Wiring ------------------------------------------------------------- */

static void
bind_controls (NnpWindow *self)
{
  const GBindingFlags both = G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE;
  NnpDocument *doc = self->document;
  static const struct {
    const char *property;
    gsize offset;
  } spins[] = {
    { "learning-rate", G_STRUCT_OFFSET (NnpWindow, lr_spin) },
    { "hidden-units", G_STRUCT_OFFSET (NnpWindow, hidden_spin) },
    { "batch-size", G_STRUCT_OFFSET (NnpWindow, batch_spin) },
    { "seed", G_STRUCT_OFFSET (NnpWindow, seed_spin) },
    { "n-points", G_STRUCT_OFFSET (NnpWindow, points_spin) },
    { "noise", G_STRUCT_OFFSET (NnpWindow, noise_spin) },
    { "test-fraction", G_STRUCT_OFFSET (NnpWindow, test_fraction_spin) },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (spins); i++)
    {
      GtkSpinButton *spin = G_STRUCT_MEMBER (GtkSpinButton *, self, spins[i].offset);
      g_object_bind_property (doc, spins[i].property, gtk_spin_button_get_adjustment (spin), "value", both);
    }
  g_object_bind_property_full (doc, "learning-rate", gtk_range_get_adjustment (GTK_RANGE (self->lr_scale)),
                               "value", both, lr_to_scale, scale_to_lr, NULL, NULL);
  g_object_bind_property (doc, "activation", self->activation_dropdown, "selected", both);
  g_object_bind_property_full (doc, "speed", self->speed_dropdown, "selected", both,
                               speed_to_step, step_to_speed, NULL, NULL);
  g_object_bind_property (doc, "unit-lines", self->unit_lines_switch, "active", both);
  g_object_bind_property (doc, "origin-label", self->origin_label, "label", G_BINDING_SYNC_CREATE);
  g_object_bind_property_full (doc, "origin-kind", self->points_spin, "sensitive", G_BINDING_SYNC_CREATE,
                               origin_is_generated, NULL, NULL, NULL);
  g_object_bind_property_full (doc, "origin-kind", self->noise_spin, "sensitive", G_BINDING_SYNC_CREATE,
                               origin_is_generated, NULL, NULL, NULL);
  g_object_bind_property (doc, "title", self, "title", G_BINDING_SYNC_CREATE);
  g_object_bind_property_full (doc, "running", self->play_button, "icon-name", G_BINDING_SYNC_CREATE,
                               running_to_icon, NULL, NULL, NULL);
  g_object_bind_property_full (doc, "running", self->play_button, "tooltip-text", G_BINDING_SYNC_CREATE,
                               running_to_tooltip, NULL, NULL, NULL);
  g_signal_connect_object (doc, "notify::origin-kind", G_CALLBACK (on_origin_notify), self, 0);
  g_signal_connect_object (doc, "notify::origin-label", G_CALLBACK (on_origin_notify), self, 0);
  g_signal_connect_object (doc, "notify::generator", G_CALLBACK (on_origin_notify), self, 0);
  g_signal_connect_object (doc, "notify::n-shown", G_CALLBACK (on_origin_notify), self, 0);
  g_signal_connect_object (doc, "edited", G_CALLBACK (on_document_edited), self, 0);
  g_signal_connect_object (doc, "changed", G_CALLBACK (on_document_changed), self, 0);
  g_signal_connect_after (gtk_editable_get_delegate (GTK_EDITABLE (self->seed_spin)), "activate",
                          G_CALLBACK (on_seed_activate), self);
  /* The batch field reads "Full batch" itself (on_batch_input). */
  g_object_set_data (G_OBJECT (self->batch_spin), "nnp-own-input", GINT_TO_POINTER (1));
  for (gsize i = 0; i < G_N_ELEMENTS (spins); i++)
    nnp_number_field_setup (G_STRUCT_MEMBER (GtkSpinButton *, self, spins[i].offset),
                            GTK_WIDGET (self->canvas));
  nnp_wheel_guard (GTK_WIDGET (self->lr_scale));
  nnp_wheel_guard (GTK_WIDGET (self->hidden_scale));
  show_source (self);
  g_signal_connect (self->generator_dropdown, "notify::selected", G_CALLBACK (on_generator_selected), self);

  nnp_canvas_set_document (self->canvas, doc);
  nnp_units_panel_set_document (self->units_panel, doc);
  nnp_progress_panel_set_document (self->progress_panel, doc);
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

static void
fill_dropdowns (NnpWindow *self)
{
  static const char *const acts[NNP_N_ACTIVATIONS] = { N_("Sigmoid"), N_("Tanh"), N_("ReLU") };
  GtkStringList *gens = gtk_string_list_new (NULL);
  GtkStringList *list = gtk_string_list_new (NULL);
  GtkStringList *speeds = gtk_string_list_new (NULL);

  for (int g = 0; g < NNP_N_GENERATORS; g++)
    gtk_string_list_append (gens, _(nnp_generator_title ((NnpGenerator) g)));
  gtk_string_list_append (gens, _("From file…"));
  gtk_string_list_append (gens, _("Drawn by hand"));
  gtk_drop_down_set_model (self->generator_dropdown, G_LIST_MODEL (gens));
  g_object_unref (gens);

  for (int a = 0; a < NNP_N_ACTIVATIONS; a++)
    gtk_string_list_append (list, _(acts[a]));
  gtk_drop_down_set_model (self->activation_dropdown, G_LIST_MODEL (list));
  g_object_unref (list);

  for (gsize i = 0; i < G_N_ELEMENTS (speed_steps); i++)
    gtk_string_list_append (speeds, _(speed_steps[i].label));
  gtk_drop_down_set_model (self->speed_dropdown, G_LIST_MODEL (speeds));
  g_object_unref (speeds);
}

/* ---- Life cycle --------------------------------------------------------- */

static gboolean
nnp_window_close_request (GtkWindow *window)
{
  NnpWindow *self = NNP_WINDOW (window);

  if (!nnp_window_confirm_close (self))
    return TRUE;
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

static void
nnp_window_dispose (GObject *object)
{
  NnpWindow *self = NNP_WINDOW (object);

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

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/nnplay/Nnplay/nnp-window.ui");
  gtk_widget_class_bind_template_child (widget_class, NnpWindow, play_button);
  gtk_widget_class_bind_template_child (widget_class, NnpWindow, banner);
  gtk_widget_class_bind_template_child (widget_class, NnpWindow, banner_title);
  gtk_widget_class_bind_template_child (widget_class, NnpWindow, banner_label);
  gtk_widget_class_bind_template_child (widget_class, NnpWindow, lower_lr_button);
  gtk_widget_class_bind_template_child (widget_class, NnpWindow, canvas);
  gtk_widget_class_bind_template_child (widget_class, NnpWindow, units_panel);
  gtk_widget_class_bind_template_child (widget_class, NnpWindow, progress_panel);
  gtk_widget_class_bind_template_child (widget_class, NnpWindow, origin_label);
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
  gtk_widget_class_bind_template_child (widget_class, NnpWindow, legend_bar);

  gtk_widget_class_bind_template_callback (widget_class, on_batch_output);
  gtk_widget_class_bind_template_callback (widget_class, on_batch_input);
  gtk_widget_class_bind_template_callback (widget_class, on_file_field_output);

  nnp_window_class_add_actions (widget_class);
  nnp_window_view_class_init (widget_class);
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
  fill_dropdowns (self);
  nnp_window_setup_drop (self);
  nnp_window_setup_keys (self);
  nnp_window_view_init (self);
}

NnpWindow *
nnp_window_new (GtkApplication *app, gboolean use_settings)
{
  NnpWindow *self = g_object_new (NNP_TYPE_WINDOW, "application", app, NULL);

  if (use_settings)
    self->settings = nnp_window_settings_new ();
  bind_settings (self);
  bind_controls (self);
  nnp_window_bind_actions (self);
  nnp_window_view_restore (self);
  nnp_document_start (self->document);
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
