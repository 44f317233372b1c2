/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nnp-window-controls.c: the side panel's controls bound to the document's properties, and their number formats. */
#define G_LOG_DOMAIN "nnplay-window"
#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "nnp-number-field.h"
#include "nnp-window-private.h"

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

/* A speed that is one of the steps selects it; any other (from a session,
 * 7 epochs/s say) gets an item of its own after the steps, so the field
 * shows the speed in force, not the nearest step. */
static gboolean
speed_to_step (GBinding *b, const GValue *from, GValue *to, gpointer data)
{
  NnpWindow *self = data;
  double eps = g_value_get_double (from);
  GtkStringList *list = GTK_STRING_LIST (gtk_drop_down_get_model (self->speed_dropdown));
  const guint n = G_N_ELEMENTS (speed_steps);
  g_autofree char *label = NULL;

  for (guint i = 0; i < n; i++)
    if (speed_steps[i].speed == eps)
      {
        g_value_set_uint (to, i);
        return TRUE;
      }
  if (!isfinite (eps) || eps < 0)
    return FALSE;
  self->custom_speed = eps;
  /* TRANSLATORS: a training speed that is not one of the menu's steps. */
  label = g_strdup_printf (_("%g epochs/s"), eps);
  gtk_string_list_splice (list, n, g_list_model_get_n_items (G_LIST_MODEL (list)) - n,
                          (const char *const[]) { label, NULL });
  g_value_set_uint (to, n);
  return TRUE;
}

static gboolean
step_to_speed (GBinding *b, const GValue *from, GValue *to, gpointer data)
{
  NnpWindow *self = data;
  guint i = g_value_get_uint (from);

  if (i == G_N_ELEMENTS (speed_steps))
    {
      g_value_set_double (to, self->custom_speed);
      return TRUE;
    }
  if (i > G_N_ELEMENTS (speed_steps))
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
  return nnp_number_field_input (spin, value);
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

/* Seeds are 64-bit (sessions and the CLI take any), but a spin button
 * holds a double, exact only up to 2^53. The field shows and reads the
 * document's seed as text, exactly; the adjustment follows it for the +/-
 * buttons, and passes a value on to the document only when it is not the
 * double of the seed the document already has. */
static gboolean
on_seed_output (GtkSpinButton *spin, NnpWindow *self)
{
  guint64 seed = nnp_document_get_seed (self->document);
  double v = gtk_spin_button_get_value (spin);
  g_autofree char *text = (double) seed == v ? g_strdup_printf ("%" G_GUINT64_FORMAT, seed)
                                             : g_strdup_printf ("%.0f", v);

  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (spin)), text) != 0)
    gtk_editable_set_text (GTK_EDITABLE (spin), text);
  return TRUE;
}

static int
on_seed_input (GtkSpinButton *spin, double *value, NnpWindow *self)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (spin))));
  guint64 seed = 0;

  if (g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT64, &seed, NULL))
    {
      gtk_widget_remove_css_class (GTK_WIDGET (spin), "error");
      g_object_set (self->document, "seed", seed, NULL);
      *value = (double) seed;
      return TRUE;
    }
  /* Not a whole number from 0 to 2^64 - 1 */
  return nnp_number_field_refuse (spin, value);
}

static gboolean
seed_to_value (GBinding *binding, const GValue *from, GValue *to, gpointer data)
{
  g_value_set_double (to, (double) g_value_get_uint64 (from));
  return TRUE;
}

static gboolean
value_to_seed (GBinding *binding, const GValue *from, GValue *to, gpointer data)
{
  NnpDocument *doc = NNP_DOCUMENT (g_binding_dup_source (binding));
  double v = g_value_get_double (from);
  guint64 now = nnp_document_get_seed (doc);

  g_object_unref (doc);
  if ((double) now == v)
    return FALSE;   /* the document's seed, exactly; not its rounded double */
  g_value_set_uint64 (to, v >= 18446744073709551615.0 ? G_MAXUINT64 : (guint64) MAX (v, 0.0));
  return TRUE;
}

/* The seed as Enter was pressed in its field, before the field commits
 * what was typed. */
static gboolean
on_seed_key (GtkEventControllerKey *keys, guint keyval, guint keycode, GdkModifierType state,
             NnpWindow *self)
{
  if (keyval == GDK_KEY_Return || keyval == GDK_KEY_KP_Enter || keyval == GDK_KEY_ISO_Enter)
    self->seed_at_enter = nnp_document_get_seed (self->document);
  return FALSE;
}

/* Enter in the seed field replays from that seed, the same one too. A
 * new seed has replayed already as it was committed: a second replay had
 * made the new run's epoch 0 the step to undo, and Undo did nothing. */
static void
on_seed_activate (GtkText *text, NnpWindow *self)
{
  if (nnp_document_get_seed (self->document) == self->seed_at_enter)
    nnp_document_replay (self->document);
}

/* Every view of the side pane shows the scrubbed epoch: one line above
 * them says so. */
static void
on_shown_epoch (NnpDocument *doc, GParamSpec *pspec, NnpWindow *self)
{
  gint64 e = nnp_document_get_shown_epoch (doc);

  if (e >= 0)
    {
      g_autofree char *text = g_strdup_printf (_("The past: epoch %lld of %llu. Every view shows that "
                                                 "epoch; Play returns to the present."),
                                               (long long) e,
                                               (unsigned long long) nnp_document_get_view (doc)->epochs);
      gtk_label_set_text (self->past_label, text);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->past_label), e >= 0);
}

/* ---- Wiring ------------------------------------------------------------- */

void
nnp_window_bind_controls (NnpWindow *self)
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
    { "n-points", G_STRUCT_OFFSET (NnpWindow, points_spin) },
    { "noise", G_STRUCT_OFFSET (NnpWindow, noise_spin) },
    { "test-fraction", G_STRUCT_OFFSET (NnpWindow, test_fraction_spin) },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (spins); i++)
    {
      GtkSpinButton *spin = G_STRUCT_MEMBER (GtkSpinButton *, self, spins[i].offset);
      g_object_bind_property (doc, spins[i].property, gtk_spin_button_get_adjustment (spin), "value", both);
    }
  g_object_bind_property_full (doc, "seed", gtk_spin_button_get_adjustment (self->seed_spin), "value", both,
                               seed_to_value, value_to_seed, NULL, NULL);
  g_object_set_data (G_OBJECT (self->seed_spin), "nnp-own-input", GINT_TO_POINTER (1));
  g_signal_connect (self->seed_spin, "input", G_CALLBACK (on_seed_input), self);
  g_signal_connect (self->seed_spin, "output", G_CALLBACK (on_seed_output), self);
  nnp_number_field_setup (self->seed_spin, GTK_WIDGET (self->canvas));
  g_object_bind_property_full (doc, "learning-rate", gtk_range_get_adjustment (GTK_RANGE (self->lr_scale)),
                               "value", both, lr_to_scale, scale_to_lr, NULL, NULL);
  g_object_bind_property (doc, "activation", self->activation_dropdown, "selected", both);
  g_object_bind_property_full (doc, "speed", self->speed_dropdown, "selected", both,
                               speed_to_step, step_to_speed, self, NULL);
  g_object_bind_property (doc, "unit-lines", self->unit_lines_switch, "active", both);
  g_object_bind_property (doc, "standardize", self->standardize_switch, "active", both);
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
  g_signal_connect_object (doc, "notify::shown-epoch", G_CALLBACK (on_shown_epoch), self, 0);
  g_signal_connect_object (doc, "notify::origin-kind", G_CALLBACK (on_origin_notify), self, 0);
  g_signal_connect_object (doc, "notify::origin-label", G_CALLBACK (on_origin_notify), self, 0);
  g_signal_connect_object (doc, "notify::generator", G_CALLBACK (on_origin_notify), self, 0);
  g_signal_connect_object (doc, "notify::n-shown", G_CALLBACK (on_origin_notify), self, 0);
  g_signal_connect_after (gtk_editable_get_delegate (GTK_EDITABLE (self->seed_spin)), "activate",
                          G_CALLBACK (on_seed_activate), self);
  {
    GtkEventController *keys = gtk_event_controller_key_new ();
    gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
    g_signal_connect (keys, "key-pressed", G_CALLBACK (on_seed_key), self);
    gtk_widget_add_controller (GTK_WIDGET (self->seed_spin), keys);
  }
  /* The batch field reads "Full batch" itself (on_batch_input). */
  g_object_set_data (G_OBJECT (self->batch_spin), "nnp-own-input", GINT_TO_POINTER (1));
  for (gsize i = 0; i < G_N_ELEMENTS (spins); i++)
    nnp_number_field_setup (G_STRUCT_MEMBER (GtkSpinButton *, self, spins[i].offset),
                            GTK_WIDGET (self->canvas));
  nnp_slider_setup (GTK_WIDGET (self->lr_scale), GTK_WIDGET (self->canvas));
  nnp_slider_setup (GTK_WIDGET (self->hidden_scale), GTK_WIDGET (self->canvas));
  show_source (self);
  g_signal_connect (self->generator_dropdown, "notify::selected", G_CALLBACK (on_generator_selected), self);

  nnp_canvas_set_document (self->canvas, doc);
  nnp_units_panel_set_document (self->units_panel, doc);
  nnp_progress_panel_set_document (self->progress_panel, doc);
  nnp_network_panel_set_document (self->network_panel, doc);
  nnp_hidden_space_panel_set_document (self->hidden_space_panel, doc);
  nnp_lecture_panel_set_document (self->lecture_panel, doc);
}

void
nnp_window_fill_dropdowns (NnpWindow *self)
{
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
    gtk_string_list_append (list, _(nnp_activation_title ((NnpActivation) a)));
  gtk_drop_down_set_model (self->activation_dropdown, G_LIST_MODEL (list));
  g_object_unref (list);

  for (gsize i = 0; i < G_N_ELEMENTS (speed_steps); i++)
    gtk_string_list_append (speeds, _(speed_steps[i].label));
  gtk_drop_down_set_model (self->speed_dropdown, G_LIST_MODEL (speeds));
  g_object_unref (speeds);
}


void
nnp_window_class_add_controls (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_callback (widget_class, on_batch_output);
  gtk_widget_class_bind_template_callback (widget_class, on_batch_input);
  gtk_widget_class_bind_template_callback (widget_class, on_file_field_output);
}
