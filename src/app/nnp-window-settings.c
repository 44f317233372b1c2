/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nnp-window-settings.c: the window's GSettings: hyperparameters and size remembered when the schema is installed. */
#define G_LOG_DOMAIN "nnplay-window"
#include "config.h"

#include <math.h>

#include "nnp-window-private.h"

GSettings *
nnp_window_settings_new (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  if (source == NULL)
    return NULL;
  g_autoptr (GSettingsSchema) schema = g_settings_schema_source_lookup (source, APPLICATION_ID, TRUE);
  if (schema == NULL)
    {
      g_debug ("GSettings schema %s not installed; settings are not remembered", APPLICATION_ID);
      return NULL;
    }
  return g_settings_new_full (schema, NULL, NULL);
}

static GSettingsSchemaKey *
settings_key (NnpWindow *self, const char *key)
{
  g_autoptr (GSettingsSchema) schema = NULL;

  if (self->settings == NULL)
    return NULL;
  g_object_get (self->settings, "settings-schema", &schema, NULL);
  if (schema == NULL || !g_settings_schema_has_key (schema, key))
    return NULL;
  return g_settings_schema_get_key (schema, key);
}

static double
settings_get_number (NnpWindow *self, const char *key, double fallback)
{
  g_autoptr (GSettingsSchemaKey) skey = settings_key (self, key);
  if (skey == NULL)
    return fallback;

  g_autoptr (GVariant) v = g_settings_get_value (self->settings, key);
  if (g_variant_is_of_type (v, G_VARIANT_TYPE_DOUBLE))
    return g_variant_get_double (v);
  if (g_variant_is_of_type (v, G_VARIANT_TYPE_INT32))
    return g_variant_get_int32 (v);
  if (g_variant_is_of_type (v, G_VARIANT_TYPE_UINT32))
    return g_variant_get_uint32 (v);
  if (g_variant_is_of_type (v, G_VARIANT_TYPE_INT64))
    return (double) g_variant_get_int64 (v);
  if (g_variant_is_of_type (v, G_VARIANT_TYPE_UINT64))
    return (double) g_variant_get_uint64 (v);
  if (g_variant_is_of_type (v, G_VARIANT_TYPE_BOOLEAN))
    return g_variant_get_boolean (v);
  return fallback;
}

static void
settings_set_variant (NnpWindow *self, const char *key, GSettingsSchemaKey *skey, GVariant *v)
{
  g_variant_ref_sink (v);
  /* Out-of-range values would make GSettings warn: skip them instead. */
  if (g_variant_is_of_type (v, g_settings_schema_key_get_value_type (skey))
      && g_settings_schema_key_range_check (skey, v))
    g_settings_set_value (self->settings, key, v);
  g_variant_unref (v);
}

void
nnp_window_settings_set_number (NnpWindow *self, const char *key, double value)
{
  g_autoptr (GSettingsSchemaKey) skey = settings_key (self, key);
  if (skey == NULL || !isfinite (value))
    return;

  const GVariantType *type = g_settings_schema_key_get_value_type (skey);
  GVariant *v = NULL;
  if (g_variant_type_equal (type, G_VARIANT_TYPE_DOUBLE))
    v = g_variant_new_double (value);
  else if (g_variant_type_equal (type, G_VARIANT_TYPE_INT32) && fabs (value) < 2147483647.0)
    v = g_variant_new_int32 ((gint32) llround (value));
  else if (g_variant_type_equal (type, G_VARIANT_TYPE_UINT32) && value >= 0 && value <= 4294967295.0)
    v = g_variant_new_uint32 ((guint32) llround (value));
  else if (g_variant_type_equal (type, G_VARIANT_TYPE_INT64))
    v = g_variant_new_int64 (llround (value));
  else if (g_variant_type_equal (type, G_VARIANT_TYPE_UINT64) && value >= 0)
    v = g_variant_new_uint64 ((guint64) llround (value));
  else if (g_variant_type_equal (type, G_VARIANT_TYPE_BOOLEAN))
    v = g_variant_new_boolean (value != 0);
  if (v != NULL)
    settings_set_variant (self, key, skey, v);
}

static char *
settings_get_string (NnpWindow *self, const char *key)
{
  g_autoptr (GSettingsSchemaKey) skey = settings_key (self, key);
  if (skey == NULL || !g_variant_type_equal (g_settings_schema_key_get_value_type (skey),
                                             G_VARIANT_TYPE_STRING))
    return NULL;
  return g_settings_get_string (self->settings, key);
}

void
nnp_window_settings_set_string (NnpWindow *self, const char *key, const char *value)
{
  g_autoptr (GSettingsSchemaKey) skey = settings_key (self, key);
  if (skey == NULL)
    return;
  settings_set_variant (self, key, skey, g_variant_new_string (value));
}

void
nnp_window_load_settings (NnpWindow *self)
{
  NnpGenerator gen = NNP_GEN_MOONS;
  NnpActivation act = NNP_ACT_SIGMOID;
  g_autofree char *gen_name = settings_get_string (self, "dataset");
  g_autofree char *act_name = settings_get_string (self, "activation");

  if (gen_name != NULL)
    nnp_generator_from_name (gen_name, &gen);
  self->last_generator = gen;
  if (act_name != NULL)
    nnp_activation_from_name (act_name, &act);

  self->syncing = TRUE;
  gtk_drop_down_set_selected (self->generator_dropdown, gen);
  gtk_drop_down_set_selected (self->activation_dropdown, act);
  gtk_spin_button_set_value (self->points_spin, settings_get_number (self, "points", 200));
  gtk_spin_button_set_value (self->noise_spin, settings_get_number (self, "noise", 0.1));
  gtk_spin_button_set_value (self->test_fraction_spin, settings_get_number (self, "test-fraction", 0.0));
  double lr = CLAMP (settings_get_number (self, "learning-rate", 0.5), LR_MIN, LR_TYPED_MAX);
  gtk_spin_button_set_value (self->lr_spin, lr);
  gtk_range_set_value (GTK_RANGE (self->lr_scale), log10 (CLAMP (lr, LR_MIN, LR_MAX)));
  gtk_spin_button_set_value (self->hidden_spin, settings_get_number (self, "hidden-units", 4));
  gtk_spin_button_set_value (self->batch_spin, settings_get_number (self, "batch-size", 0));
  gtk_spin_button_set_value (self->seed_spin, settings_get_number (self, "seed", 1));
  gtk_switch_set_active (self->unit_lines_switch, settings_get_number (self, "show-unit-lines", 0) != 0);
  nnp_window_select_speed (self, settings_get_number (self, "training-speed", NNP_SPEED_DEFAULT));
  self->syncing = FALSE;

  if (self->settings != NULL)
    {
      int w = (int) settings_get_number (self, "window-width", 1280);
      int h = (int) settings_get_number (self, "window-height", 800);
      gtk_window_set_default_size (GTK_WINDOW (self), w, h);
      if (settings_get_number (self, "window-maximized", 0) != 0)
        gtk_window_maximize (GTK_WINDOW (self));
    }
}
