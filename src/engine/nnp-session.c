/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nnp-session.c: reading, validating and writing nnplay-session JSON files. */
#define G_LOG_DOMAIN "nnplay-session"
#include "config.h"

#include <inttypes.h>
#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "nnplay/nnp-session.h"
#include "nnplay/nnp-modelio.h"

#include "nnplay/nnp-error.h"
#include "nnp-io-private.h"
#include "nnp-json-private.h"
#include "nnp-modelio-private.h"

#define SESSION_FORMAT  "nnplay-session"
/* the largest session file read (and model-or-session, for the CLI) */
#define SESSION_MAX_BYTES ((gsize) 1 << 30)
#define SESSION_VERSION 1

NnpSession *
nnp_session_new (void)
{
  NnpSession *s = g_new0 (NnpSession, 1);

  s->points = nnp_dataset_alloc (0, 2);
  s->history = nnp_history_new (0);
  if (s->points == NULL || s->history == NULL)
    {
      nnp_session_free (s);
      return NULL;
    }
  s->test_fraction = 0.0;
  s->lr = 0.5;
  s->hidden = 4;
  s->act = NNP_ACT_SIGMOID;
  s->batch = 0;
  s->seed = 1;
  s->generator = g_strdup ("moons");
  s->n_points = 200;
  s->noise = 0.1;
  s->history_stride = 1;
  s->speed = 300.0;
  s->unit = -1;
  return s;
}

void
nnp_session_free (NnpSession *s)
{
  if (s == NULL)
    return;
  nnp_dataset_free (s->points);
  g_free (s->is_test);
  g_free (s->generator);
  g_free (s->origin_file);
  nnp_model_free (s->model);
  nnp_history_free (s->history);
  for (size_t i = 0; i < s->n_pins; i++)
    {
      g_free (s->pins[i].label);
      nnp_history_free (s->pins[i].history);
    }
  g_free (s->pins);
  for (size_t i = 0; i < s->n_markers; i++)
    g_free (s->markers[i].text);
  g_free (s->markers);
  for (size_t i = 0; i < s->n_snapshots; i++)
    nnp_model_free (s->snapshots[i].model);
  g_free (s->snapshots);
  g_free (s);
}

NnpSession *
nnp_session_dup (const NnpSession *s)
{
  NnpSession *c;

  g_return_val_if_fail (s != NULL, NULL);

  c = g_new (NnpSession, 1);
  *c = *s;
  c->points = s->points ? nnp_dataset_dup (s->points) : NULL;
  c->is_test = (s->is_test && s->points) ? g_memdup2 (s->is_test, s->points->n) : NULL;
  c->generator = g_strdup (s->generator);
  c->origin_file = g_strdup (s->origin_file);
  c->model = s->model ? nnp_model_dup (s->model) : NULL;
  c->history = s->history ? nnp_history_dup (s->history) : NULL;
  c->pins = s->n_pins > 0 ? g_new0 (NnpSessionPin, s->n_pins) : NULL;
  c->n_pins = 0;
  gboolean pins_ok = TRUE;
  for (size_t i = 0; i < s->n_pins; i++, c->n_pins++)
    {
      c->pins[i].label = g_strdup (s->pins[i].label);
      c->pins[i].history_stride = s->pins[i].history_stride;
      c->pins[i].history = s->pins[i].history ? nnp_history_dup (s->pins[i].history) : NULL;
      pins_ok &= s->pins[i].history == NULL || c->pins[i].history != NULL;
    }
  c->markers = s->n_markers > 0 ? g_new0 (NnpSessionMarker, s->n_markers) : NULL;
  for (size_t i = 0; i < s->n_markers; i++)
    {
      c->markers[i].epoch = s->markers[i].epoch;
      c->markers[i].text = g_strdup (s->markers[i].text);
    }
  c->snapshots = s->n_snapshots > 0 ? g_new0 (NnpSessionSnapshot, s->n_snapshots) : NULL;
  for (size_t i = 0; i < s->n_snapshots; i++)
    {
      c->snapshots[i].epoch = s->snapshots[i].epoch;
      c->snapshots[i].model = s->snapshots[i].model ? nnp_model_dup (s->snapshots[i].model) : NULL;
      pins_ok &= s->snapshots[i].model == NULL || c->snapshots[i].model != NULL;
    }
  if ((s->points && !c->points) || (s->model && !c->model) || (s->history && !c->history) || !pins_ok)
    {
      nnp_session_free (c);
      return NULL;
    }
  return c;
}

/* ---- Validation (shared by save and load). ------------------------------ */

static gboolean G_GNUC_PRINTF (3, 4)
fail (GError **error, const char *name, const char *fmt, ...)
{
  va_list ap;
  g_autofree char *what = NULL;

  va_start (ap, fmt);
  what = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  g_set_error (error, NNP_ERROR, NNP_ERROR_INVALID, "%s: %s", name, what);
  return FALSE;
}

/* A test column may start with NaN (null in the file): the epochs before
 * the test split was switched on have no test values. */
static gboolean
check_history_column (const double *v, size_t len, gboolean is_cost, gboolean nan_prefix,
                      const char *key, const char *name, GError **error)
{
  size_t t0 = 0;

  while (nan_prefix && t0 < len && isnan (v[t0]))
    t0++;
  for (size_t t = t0; t < len; t++)
    {
      if (!isfinite (v[t]))
        return fail (error, name, _("history.%s[%zu] is not a finite number"), key, t);
      if (is_cost && v[t] < 0.0)
        return fail (error, name, _("history.%s[%zu] is %g, a cost cannot be negative"), key, t, v[t]);
      if (!is_cost && (v[t] < 0.0 || v[t] > 1.0))
        return fail (error, name, _("history.%s[%zu] is %g, expected an accuracy in [0, 1]"), key, t, v[t]);
    }
  return TRUE;
}

static gboolean
validate_pin (const NnpSessionPin *pin, size_t i, const char *name, GError **error)
{
  const NnpHistory *h = pin->history;
  g_autofree char *where = g_strdup_printf ("%s: pins[%zu]", name, i);

  if (pin->label == NULL || !g_utf8_validate (pin->label, -1, NULL))
    return fail (error, where, _("the label is not UTF-8 text"));
  if (strlen (pin->label) > NNP_SESSION_MAX_PIN_LABEL)
    return fail (error, where, _("the label has %zu bytes, at most %d are allowed"),
                 strlen (pin->label), NNP_SESSION_MAX_PIN_LABEL);
  if (h == NULL || h->len == 0)
    return fail (error, where, _("the pinned run has no history"));
  if (h->len > NNP_SESSION_MAX_PIN_HISTORY)
    return fail (error, where, _("the history has %zu entries, at most %d are allowed"),
                 h->len, NNP_SESSION_MAX_PIN_HISTORY);
  if (pin->history_stride < 1 || pin->history_stride > NNP_SESSION_MAX_STRIDE
      || (h->len > 1 && pin->history_stride > (size_t) G_MAXINT64 / (h->len - 1)))
    return fail (error, where, _("history_stride is %zu, expected a whole number from 1 to %zu "
                 "that keeps the epochs below 2^63"), pin->history_stride, (size_t) NNP_SESSION_MAX_STRIDE);
  if (!check_history_column (h->train_cost, h->len, TRUE, FALSE, "train_cost", where, error) ||
      !check_history_column (h->train_acc, h->len, FALSE, FALSE, "train_accuracy", where, error))
    return FALSE;
  if (h->has_test &&
      (!check_history_column (h->test_cost, h->len, TRUE, TRUE, "test_cost", where, error) ||
       !check_history_column (h->test_acc, h->len, FALSE, TRUE, "test_accuracy", where, error)))
    return FALSE;
  return TRUE;
}

gboolean
nnp_session_validate (const NnpSession *s, const char *name, GError **error)
{
  const NnpDataset *p;
  NnpGenerator gen;

  g_return_val_if_fail (s != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (name == NULL)
    name = "session";

  p = s->points;
  if (p == NULL)
    return fail (error, name, _("the session has no point set"));
  if (p->d != 2)
    return fail (error, name, _("points have %zu features each, a session needs 2 (x1, x2)"), p->d);
  if (p->n > NNP_SESSION_MAX_POINTS)
    return fail (error, name, _("%zu points, at most %d are allowed"), p->n, NNP_SESSION_MAX_POINTS);
  if (p->n > 0 && s->is_test == NULL)
    return fail (error, name, _("%zu points but no test mask"), p->n);
  for (size_t i = 0; i < p->n; i++)
    {
      for (size_t k = 0; k < 2; k++)
        if (!isfinite (p->X[i * 2 + k]))
          return fail (error, name, _("points.X[%zu][%zu] is not a finite number"), i, k);
      if (p->y[i] != 0.0 && p->y[i] != 1.0)
        return fail (error, name, _("points.y[%zu] is %g, expected 0 or 1"), i, p->y[i]);
      if (s->is_test[i] > 1)
        return fail (error, name, _("points.is_test[%zu] is %u, expected 0 or 1"), i, s->is_test[i]);
    }

  if (!(s->test_fraction >= 0.0 && s->test_fraction < 1.0))
    return fail (error, name, _("hyperparameters.test_fraction is %g, expected a number in [0, 1)"),
                 s->test_fraction);
  if (!(isfinite (s->lr) && s->lr > 0.0))
    return fail (error, name, _("hyperparameters.learning_rate is %g, expected a finite number > 0"), s->lr);
  if (s->hidden < 1 || s->hidden > NNP_SESSION_MAX_HIDDEN)
    return fail (error, name, _("hyperparameters.hidden is %zu, expected 1 to %d"),
                 s->hidden, NNP_SESSION_MAX_HIDDEN);
  if ((int) s->act < 0 || (int) s->act >= NNP_N_ACTIVATIONS)
    return fail (error, name, _("hyperparameters.activation %d is not a known activation"), (int) s->act);
  if (s->batch > NNP_SESSION_MAX_POINTS)
    return fail (error, name, _("hyperparameters.batch_size is %zu, expected 0 (full batch) to %d"),
                 s->batch, NNP_SESSION_MAX_POINTS);

  if (s->generator != NULL && !nnp_generator_from_name (s->generator, &gen))
    return fail (error, name, _("dataset.generator \"%s\" is not one of moons, circles, xor, blobs, spiral, linear"),
                 s->generator);
  if (s->n_points > NNP_SESSION_MAX_POINTS)
    return fail (error, name, _("dataset.points is %zu, expected 0 to %d"), s->n_points, NNP_SESSION_MAX_POINTS);
  if (!(isfinite (s->noise) && s->noise >= 0.0))
    return fail (error, name, _("dataset.noise is %g, expected a finite number >= 0"), s->noise);

  if (s->model != NULL)
    {
      const NnpParams *th = s->model->theta;

      if (th == NULL)
        return fail (error, name, _("the model has no parameters"));
      if (th->d != 2)
        return fail (error, name, _("the model has %zu inputs, a session needs 2"), th->d);
      if (th->h != s->hidden)
        return fail (error, name, _("the model has %zu hidden units but hyperparameters.hidden is %zu"),
                     th->h, s->hidden);
      if (s->model->act != s->act)
        return fail (error, name, _("the model's activation is %s but hyperparameters.activation is %s"),
                     nnp_activation_name (s->model->act), nnp_activation_name (s->act));
      if (!nnp_params_all_finite (th))
        return fail (error, name, _("the model's weights are not all finite"));
    }

  if (s->has_view && !(isfinite (s->view[0]) && isfinite (s->view[1]) && isfinite (s->view[2])
                       && isfinite (s->view[3]) && s->view[0] < s->view[1] && s->view[2] < s->view[3]))
    return fail (error, name, _("display.view is not a finite rectangle [xmin, xmax, ymin, ymax] "
                 "with xmin < xmax and ymin < ymax"));
  if (s->origin_file != NULL && strlen (s->origin_file) > NNP_SESSION_MAX_ORIGIN_FILE)
    return fail (error, name, _("display.origin_file has %zu bytes, at most %d are allowed"),
                 strlen (s->origin_file), NNP_SESSION_MAX_ORIGIN_FILE);
  if (!(isfinite (s->speed) && s->speed >= 0.0))
    return fail (error, name, _("display.speed is %g, expected a finite number >= 0"), s->speed);
  if (s->unit < -1 || s->unit >= (int) MIN (s->hidden, (size_t) G_MAXINT))
    return fail (error, name, _("display.unit is %d, expected -1 or 0 to %zu"), s->unit,
                 s->hidden - 1);

  if (s->history == NULL)
    return fail (error, name, _("the session has no history"));
  if (s->history_stride < 1)
    return fail (error, name, _("history_stride is 0, expected a whole number >= 1"));
  if (s->history_stride > NNP_SESSION_MAX_STRIDE)
    return fail (error, name, _("history_stride is %zu, expected a whole number from 1 to %zu"),
                 s->history_stride, (size_t) NNP_SESSION_MAX_STRIDE);
  if (s->history->len > NNP_SESSION_MAX_HISTORY)
    return fail (error, name, _("the history has %zu entries, at most %d are allowed"),
                 s->history->len, NNP_SESSION_MAX_HISTORY);
  if (s->history->len > 1 && s->history_stride > (size_t) G_MAXINT64 / (s->history->len - 1))
    return fail (error, name, _("history_stride is %zu, too large: the history's %zu entries would "
                 "go past the largest epoch"), s->history_stride, s->history->len);
  if (s->epoch > NNP_SESSION_MAX_EPOCH)
    return fail (error, name, _("epoch is %zu, at most %.0f is allowed"), s->epoch,
                 (double) NNP_SESSION_MAX_EPOCH);
  /* entry i is epoch i * history_stride: a curve may stop before the
   * epoch (saved at its cap), not go past it */
  if (s->history->len > 1 && (s->history->len - 1) * s->history_stride > s->epoch)
    return fail (error, name, _("the history's %zu entries, one every %zu epochs, reach epoch %zu, "
                 "after the session's epoch %zu"), s->history->len, s->history_stride,
                 (s->history->len - 1) * s->history_stride, s->epoch);
  if (!check_history_column (s->history->train_cost, s->history->len, TRUE, FALSE, "train_cost", name, error) ||
      !check_history_column (s->history->train_acc, s->history->len, FALSE, FALSE, "train_accuracy", name, error))
    return FALSE;
  if (s->history->has_test)
    for (size_t t = 0; t < s->history->len; t++)
      if (isnan (s->history->test_cost[t]) != isnan (s->history->test_acc[t]))
        return fail (error, name, _("history.test_cost[%zu] and history.test_accuracy[%zu] must both "
                     "be numbers or both be null"), t, t);
  if (s->history->has_test &&
      (!check_history_column (s->history->test_cost, s->history->len, TRUE, TRUE, "test_cost", name, error) ||
       !check_history_column (s->history->test_acc, s->history->len, FALSE, TRUE, "test_accuracy", name, error)))
    return FALSE;

  if (s->n_pins > NNP_SESSION_MAX_PINS)
    return fail (error, name, _("%zu pinned runs, at most %d are allowed"), s->n_pins, NNP_SESSION_MAX_PINS);
  for (size_t i = 0; i < s->n_pins; i++)
    if (!validate_pin (&s->pins[i], i, name, error))
      return FALSE;

  if (s->n_markers > NNP_SESSION_MAX_MARKERS)
    return fail (error, name, _("%zu markers, at most %d are allowed"), s->n_markers, NNP_SESSION_MAX_MARKERS);
  for (size_t i = 0; i < s->n_markers; i++)
    {
      const NnpSessionMarker *m = &s->markers[i];
      g_autofree char *where = g_strdup_printf ("%s: markers[%zu]", name, i);
      if (m->text == NULL || !g_utf8_validate (m->text, -1, NULL))
        return fail (error, where, _("the text is not UTF-8 text"));
      if (strlen (m->text) > NNP_SESSION_MAX_MARKER_TEXT)
        return fail (error, where, _("the text has %zu bytes, at most %d are allowed"),
                     strlen (m->text), NNP_SESSION_MAX_MARKER_TEXT);
      if (m->epoch > s->epoch)
        return fail (error, where, _("epoch %zu is after the session's epoch %zu"), m->epoch, s->epoch);
      if (i > 0 && m->epoch < s->markers[i - 1].epoch)
        return fail (error, where, _("epoch %zu comes before the previous marker's %zu"),
                     m->epoch, s->markers[i - 1].epoch);
    }

  if (s->n_snapshots > NNP_SESSION_MAX_SNAPSHOTS)
    return fail (error, name, _("%zu snapshots, at most %d are allowed"), s->n_snapshots,
                 NNP_SESSION_MAX_SNAPSHOTS);
  for (size_t i = 0; i < s->n_snapshots; i++)
    {
      const NnpSessionSnapshot *sn = &s->snapshots[i];
      g_autofree char *where = g_strdup_printf ("%s: snapshots[%zu]", name, i);
      if (sn->model == NULL || sn->model->theta == NULL)
        return fail (error, where, _("no model"));
      if (sn->model->theta->d != 2)
        return fail (error, where, _("the model has %zu inputs, a session needs 2 (x1, x2)"),
                     sn->model->theta->d);
      if (sn->model->theta->h < 1 || sn->model->theta->h > NNP_SESSION_MAX_HIDDEN)
        return fail (error, where, _("the model has %zu hidden units, expected 1 to %d"),
                     sn->model->theta->h, NNP_SESSION_MAX_HIDDEN);
      if (!nnp_params_all_finite (sn->model->theta))
        return fail (error, where, _("the model's weights are not all finite"));
      if (sn->epoch > s->epoch)
        return fail (error, where, _("epoch %zu is after the session's epoch %zu"), sn->epoch, s->epoch);
      if (i > 0 && sn->epoch <= s->snapshots[i - 1].epoch)
        return fail (error, where, _("epoch %zu does not come after the previous snapshot's %zu"),
                     sn->epoch, s->snapshots[i - 1].epoch);
    }
  return TRUE;
}

/* ---- Writing. ------------------------------------------------------------ */

/* NaN (a test column before the split existed) is written as null. */
static void
write_column (NnpJsonWriter *w, const char *key, const double *v, size_t len)
{
  nnp_json_key (w, key);
  nnp_json_begin_array (w);
  for (size_t t = 0; t < len; t++)
    if (isnan (v[t]))
      nnp_json_null_value (w);
    else
      nnp_json_double_value (w, v[t]);
  nnp_json_end_array (w);
}

static void
write_history (NnpJsonWriter *w, const NnpHistory *h)
{
  nnp_json_begin_object (w);
  write_column (w, "train_cost", h->train_cost, h->len);
  write_column (w, "train_accuracy", h->train_acc, h->len);
  if (h->has_test)
    {
      write_column (w, "test_cost", h->test_cost, h->len);
      write_column (w, "test_accuracy", h->test_acc, h->len);
    }
  nnp_json_end_object (w);
}

static void
write_session (NnpJsonWriter *w, const NnpSession *s)
{
  const NnpDataset *p = s->points;

  nnp_json_begin_object (w);
  nnp_json_key (w, "format");
  nnp_json_string_value (w, SESSION_FORMAT);
  nnp_json_key (w, "version");
  nnp_json_int_value (w, SESSION_VERSION);

  nnp_json_key (w, "hyperparameters");
  nnp_json_begin_object (w);
  nnp_json_key (w, "learning_rate");
  nnp_json_double_value (w, s->lr);
  nnp_json_key (w, "hidden");
  nnp_json_int_value (w, (gint64) s->hidden);
  nnp_json_key (w, "activation");
  nnp_json_string_value (w, nnp_activation_name (s->act));
  nnp_json_key (w, "batch_size");
  nnp_json_int_value (w, (gint64) s->batch);
  nnp_json_key (w, "seed");
  /* Integers beyond 64 signed bits are refused on reading (and most JSON
   * readers would wrap or round them): a larger seed goes as a string. */
  if (s->seed <= (guint64) G_MAXINT64)
    nnp_json_int_value (w, (gint64) s->seed);
  else
    {
      char buf[32];
      g_snprintf (buf, sizeof buf, "%" G_GUINT64_FORMAT, s->seed);
      nnp_json_string_value (w, buf);
    }
  nnp_json_key (w, "test_fraction");
  nnp_json_double_value (w, s->test_fraction);
  nnp_json_key (w, "standardize");
  nnp_json_boolean_value (w, s->standardize);
  nnp_json_end_object (w);

  nnp_json_key (w, "dataset");
  nnp_json_begin_object (w);
  nnp_json_key (w, "generator");
  if (s->generator)
    nnp_json_string_value (w, s->generator);
  else
    nnp_json_null_value (w);
  nnp_json_key (w, "points");
  nnp_json_int_value (w, (gint64) s->n_points);
  nnp_json_key (w, "noise");
  nnp_json_double_value (w, s->noise);
  nnp_json_end_object (w);

  nnp_json_key (w, "points");
  nnp_json_begin_object (w);
  nnp_json_key (w, "X");
  nnp_json_begin_array (w);
  for (size_t i = 0; i < p->n; i++)
    {
      nnp_json_begin_array (w);
      nnp_json_double_value (w, p->X[i * 2]);
      nnp_json_double_value (w, p->X[i * 2 + 1]);
      nnp_json_end_array (w);
    }
  nnp_json_end_array (w);
  nnp_json_key (w, "y");
  nnp_json_begin_array (w);
  for (size_t i = 0; i < p->n; i++)
    nnp_json_int_value (w, p->y[i] != 0.0);
  nnp_json_end_array (w);
  nnp_json_key (w, "is_test");
  nnp_json_begin_array (w);
  for (size_t i = 0; i < p->n; i++)
    nnp_json_int_value (w, s->is_test[i]);
  nnp_json_end_array (w);
  nnp_json_end_object (w);

  nnp_json_key (w, "model");
  if (s->model)
    nnp_model_write_json (w, s->model);
  else
    nnp_json_null_value (w);

  nnp_json_key (w, "history");
  write_history (w, s->history);

  nnp_json_key (w, "epoch");
  nnp_json_int_value (w, (gint64) s->epoch);
  nnp_json_key (w, "history_stride");
  nnp_json_int_value (w, (gint64) s->history_stride);

  nnp_json_key (w, "display");
  nnp_json_begin_object (w);
  nnp_json_key (w, "view");
  if (s->has_view)
    {
      nnp_json_begin_array (w);
      for (int k = 0; k < 4; k++)
        nnp_json_double_value (w, s->view[k]);
      nnp_json_end_array (w);
    }
  else
    nnp_json_null_value (w);
  nnp_json_key (w, "speed");
  nnp_json_double_value (w, s->speed);
  nnp_json_key (w, "log_cost");
  nnp_json_boolean_value (w, s->log_cost);
  nnp_json_key (w, "unit_lines");
  nnp_json_boolean_value (w, s->unit_lines);
  nnp_json_key (w, "unit");
  nnp_json_int_value (w, s->unit);
  nnp_json_key (w, "origin_file");
  if (s->origin_file != NULL)
    nnp_json_string_value (w, s->origin_file);
  else
    nnp_json_null_value (w);
  nnp_json_end_object (w);
  if (s->n_pins > 0)
    {
      nnp_json_key (w, "pins");
      nnp_json_begin_array (w);
      for (size_t i = 0; i < s->n_pins; i++)
        {
          nnp_json_begin_object (w);
          nnp_json_key (w, "label");
          nnp_json_string_value (w, s->pins[i].label);
          nnp_json_key (w, "history_stride");
          nnp_json_int_value (w, (gint64) s->pins[i].history_stride);
          nnp_json_key (w, "history");
          write_history (w, s->pins[i].history);
          nnp_json_end_object (w);
        }
      nnp_json_end_array (w);
    }
  if (s->n_markers > 0)
    {
      nnp_json_key (w, "markers");
      nnp_json_begin_array (w);
      for (size_t i = 0; i < s->n_markers; i++)
        {
          nnp_json_begin_object (w);
          nnp_json_key (w, "epoch");
          nnp_json_int_value (w, (gint64) s->markers[i].epoch);
          nnp_json_key (w, "text");
          nnp_json_string_value (w, s->markers[i].text);
          nnp_json_end_object (w);
        }
      nnp_json_end_array (w);
    }
  if (s->n_snapshots > 0)
    {
      nnp_json_key (w, "snapshots");
      nnp_json_begin_array (w);
      for (size_t i = 0; i < s->n_snapshots; i++)
        {
          nnp_json_begin_object (w);
          nnp_json_key (w, "epoch");
          nnp_json_int_value (w, (gint64) s->snapshots[i].epoch);
          nnp_json_key (w, "model");
          nnp_model_write_json (w, s->snapshots[i].model);
          nnp_json_end_object (w);
        }
      nnp_json_end_array (w);
    }
  nnp_json_end_object (w);
}

char *
nnp_session_to_string (const NnpSession *s, GError **error)
{
  NnpJsonWriter w;
  GString *text;

  g_return_val_if_fail (s != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!nnp_session_validate (s, NULL, error))
    return NULL;

  /* compact: one number a line made a long run's history tens of megabytes */
  text = g_string_new (NULL);
  nnp_json_writer_init (&w, text, FALSE);
  write_session (&w, s);
  /* Files end with a newline, as text files should. */
  g_string_append_c (text, '\n');
  return g_string_free (text, FALSE);
}

gboolean
nnp_session_save (const NnpSession *s, const char *path, GError **error)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (s != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!nnp_session_validate (s, path, error))
    return FALSE;
  text = nnp_session_to_string (s, error);
  if (text == NULL)
    return FALSE;
  return nnp_json_save (text, path, _("cannot write the session"), error);
}

/* ---- Reading. ------------------------------------------------------------ */

typedef struct {
  const NnpJson *j;
  const char *name;
  GError **error;
} Reader;

static const char *
type_word (Reader *r, NnpJsonValue v)
{
  if (v == NNP_JSON_NONE)
    return "null";
  return nnp_json_kind_word (nnp_json_kind (r->j, v));
}

static gboolean
is_number (Reader *r, NnpJsonValue v)
{
  return v != NNP_JSON_NONE && nnp_json_kind (r->j, v) == NNP_JSON_KIND_NUMBER;
}

/* The member key of obj, which must exist. */
static NnpJsonValue
member (Reader *r, NnpJsonValue obj, const char *parent, const char *key)
{
  NnpJsonValue v = nnp_json_get (r->j, obj, key);

  if (v == NNP_JSON_NONE)
    {
      if (parent)
        fail (r->error, r->name, _("missing key \"%s\" in \"%s\""), key, parent);
      else
        fail (r->error, r->name, _("missing key \"%s\""), key);
    }
  return v;
}

static NnpJsonValue
object_member (Reader *r, NnpJsonValue obj, const char *key)
{
  NnpJsonValue v = member (r, obj, NULL, key);

  if (v == NNP_JSON_NONE)
    return NNP_JSON_NONE;
  if (nnp_json_kind (r->j, v) != NNP_JSON_KIND_OBJECT)
    {
      fail (r->error, r->name, _("\"%s\" is %s, expected an object"), key, type_word (r, v));
      return NNP_JSON_NONE;
    }
  return v;
}

static NnpJsonValue
array_member (Reader *r, NnpJsonValue obj, const char *parent, const char *key)
{
  NnpJsonValue v = member (r, obj, parent, key);

  if (v == NNP_JSON_NONE)
    return NNP_JSON_NONE;
  if (nnp_json_kind (r->j, v) != NNP_JSON_KIND_ARRAY)
    {
      fail (r->error, r->name, _("%s.%s is %s, expected an array"), parent, key, type_word (r, v));
      return NNP_JSON_NONE;
    }
  return v;
}

/* A finite number (range checks are nnp_session_validate's). */
static gboolean
read_double (Reader *r, NnpJsonValue v, const char *path, double *out)
{
  if (!is_number (r, v))
    return fail (r->error, r->name, _("%s is %s, expected a number"), path, type_word (r, v));
  *out = nnp_json_double (r->j, v);
  if (!isfinite (*out))
    return fail (r->error, r->name, _("%s is not a finite number"), path);
  return TRUE;
}

/* Element [i] (k < 0) or [i][k] of array name, as read_double; the
 * path is only formatted for a message, not for each of a million numbers. */
static gboolean
read_element (Reader *r, NnpJsonValue v, const char *name, size_t i, int k, double *out)
{
  if (G_LIKELY (is_number (r, v)))
    {
      *out = nnp_json_double (r->j, v);
      if (G_LIKELY (isfinite (*out)))
        return TRUE;
    }
  {
    g_autofree char *path = k < 0 ? g_strdup_printf ("%s[%zu]", name, i)
                                  : g_strdup_printf ("%s[%zu][%d]", name, i, k);
    return read_double (r, v, path, out);
  }
}

/* An integer literal (no '.', no exponent) >= 0. */
static gboolean
read_count (Reader *r, NnpJsonValue v, const char *path, size_t *out)
{
  gint64 x;

  if (!is_number (r, v) || !nnp_json_int (r->j, v, &x))
    return fail (r->error, r->name, _("%s is %s, expected a whole number >= 0"),
                 path, is_number (r, v) ? _("written with a decimal point or an exponent") : type_word (r, v));
  if (x < 0)
    return fail (r->error, r->name, _("%s is %" PRId64 ", expected a whole number >= 0"), path, x);
  *out = (size_t) x;
  return TRUE;
}

/* history_stride: a whole number >= 1 (its upper bound is validate's). */
static gboolean
read_stride (Reader *r, NnpJsonValue v, size_t *out)
{
  gint64 x;

  if (!is_number (r, v) || !nnp_json_int (r->j, v, &x))
    return fail (r->error, r->name, _("history_stride is %s, expected a whole number >= 1"),
                 is_number (r, v) ? _("written with a decimal point or an exponent") : type_word (r, v));
  if (x < 1)
    return fail (r->error, r->name, _("history_stride is %" PRId64 ", expected a whole number >= 1"), x);
  *out = (size_t) x;
  return TRUE;
}

static gboolean
read_bit (Reader *r, NnpJsonValue v, size_t i, const char *path, guint8 *out)
{
  gint64 x;

  if (!is_number (r, v) || !nnp_json_int (r->j, v, &x) || (x != 0 && x != 1))
    return fail (r->error, r->name, _("%s[%zu] is not 0 or 1"), path, i);
  *out = (guint8) x;
  return TRUE;
}

static gboolean
read_seed (Reader *r, NnpJsonValue v, guint64 *out)
{
  size_t x;

  if (nnp_json_kind (r->j, v) == NNP_JSON_KIND_STRING)
    {
      g_autofree char *str = nnp_json_string (r->j, v);
      g_autofree char *esc = g_strescape (str != NULL ? str : "\\u0000", NULL);

      if (str == NULL || !g_ascii_string_to_unsigned (str, 10, 0, G_MAXUINT64, out, NULL))
        return fail (r->error, r->name, _("hyperparameters.seed \"%s\" is not a whole number >= 0"), esc);
      return TRUE;
    }
  if (!read_count (r, v, "hyperparameters.seed", &x))
    return FALSE;
  *out = x;
  return TRUE;
}

static gboolean
read_bool (Reader *r, NnpJsonValue v, const char *path, gboolean *out)
{
  if (nnp_json_kind (r->j, v) != NNP_JSON_KIND_BOOLEAN)
    return fail (r->error, r->name, _("%s is %s, expected true or false"), path, type_word (r, v));
  *out = nnp_json_boolean (r->j, v);
  return TRUE;
}

static gboolean
read_hyperparameters (Reader *r, NnpJsonValue root, NnpSession *s)
{
  NnpJsonValue o = object_member (r, root, "hyperparameters");
  NnpJsonValue n;
  g_autofree char *act = NULL;

  if (o == NNP_JSON_NONE)
    return FALSE;
  if ((n = member (r, o, "hyperparameters", "learning_rate")) == NNP_JSON_NONE ||
      !read_double (r, n, "hyperparameters.learning_rate", &s->lr))
    return FALSE;
  if ((n = member (r, o, "hyperparameters", "hidden")) == NNP_JSON_NONE ||
      !read_count (r, n, "hyperparameters.hidden", &s->hidden))
    return FALSE;
  if ((n = member (r, o, "hyperparameters", "activation")) == NNP_JSON_NONE)
    return FALSE;
  if (nnp_json_kind (r->j, n) != NNP_JSON_KIND_STRING)
    return fail (r->error, r->name, _("hyperparameters.activation is %s, expected \"sigmoid\", \"tanh\" or \"relu\""),
                 type_word (r, n));
  act = nnp_json_string (r->j, n);
  if (act == NULL || nnp_activation_from_name (act, &s->act) != 0)
    {
      g_autofree char *esc = g_strescape (act != NULL ? act : "\\u0000", NULL);
      return fail (r->error, r->name, _("hyperparameters.activation \"%s\" is not \"sigmoid\", \"tanh\" or \"relu\""),
                   esc);
    }
  if ((n = member (r, o, "hyperparameters", "batch_size")) == NNP_JSON_NONE ||
      !read_count (r, n, "hyperparameters.batch_size", &s->batch))
    return FALSE;
  if ((n = member (r, o, "hyperparameters", "seed")) == NNP_JSON_NONE || !read_seed (r, n, &s->seed))
    return FALSE;
  if ((n = member (r, o, "hyperparameters", "test_fraction")) == NNP_JSON_NONE ||
      !read_double (r, n, "hyperparameters.test_fraction", &s->test_fraction))
    return FALSE;
  /* Optional: sessions from before it had no standardisation. */
  if ((n = nnp_json_get (r->j, o, "standardize")) != NNP_JSON_NONE
      && !read_bool (r, n, "hyperparameters.standardize", &s->standardize))
    return FALSE;
  return TRUE;
}

static gboolean
read_dataset (Reader *r, NnpJsonValue root, NnpSession *s)
{
  NnpJsonValue o = object_member (r, root, "dataset");
  NnpJsonValue n;

  if (o == NNP_JSON_NONE)
    return FALSE;
  if ((n = member (r, o, "dataset", "generator")) == NNP_JSON_NONE)
    return FALSE;
  g_clear_pointer (&s->generator, g_free);
  if (nnp_json_kind (r->j, n) == NNP_JSON_KIND_STRING)
    {
      s->generator = nnp_json_string (r->j, n);
      if (s->generator == NULL)
        return fail (r->error, r->name, _("dataset.generator holds a NUL character"));
    }
  else if (nnp_json_kind (r->j, n) != NNP_JSON_KIND_NULL)
    return fail (r->error, r->name, _("dataset.generator is %s, expected a name or null"), type_word (r, n));
  if ((n = member (r, o, "dataset", "points")) == NNP_JSON_NONE ||
      !read_count (r, n, "dataset.points", &s->n_points))
    return FALSE;
  if ((n = member (r, o, "dataset", "noise")) == NNP_JSON_NONE ||
      !read_double (r, n, "dataset.noise", &s->noise))
    return FALSE;
  return TRUE;
}


/* "display": optional, and so is each of its keys. */
static gboolean
read_display (Reader *r, NnpJsonValue root, NnpSession *s)
{
  NnpJsonValue o = nnp_json_get (r->j, root, "display");
  NnpJsonValue n;
  gint64 unit;

  if (o == NNP_JSON_NONE)
    return TRUE;
  if (nnp_json_kind (r->j, o) != NNP_JSON_KIND_OBJECT)
    return fail (r->error, r->name, _("\"display\" is %s, expected an object"), type_word (r, o));
  if ((n = nnp_json_get (r->j, o, "view")) != NNP_JSON_NONE
      && nnp_json_kind (r->j, n) != NNP_JSON_KIND_NULL)
    {
      gboolean is_array = nnp_json_kind (r->j, n) == NNP_JSON_KIND_ARRAY;
      NnpJsonIter it;
      NnpJsonValue e;

      if (!is_array || nnp_json_length (r->j, n) != 4)
        return fail (r->error, r->name, _("display.view is %s, expected [xmin, xmax, ymin, ymax]"),
                     !is_array ? type_word (r, n) : _("an array of another length"));
      nnp_json_iter_init (r->j, n, &it);
      for (guint k = 0; k < 4 && nnp_json_iter_next (r->j, &it, &e); k++)
        if (!read_double (r, e, "display.view", &s->view[k]))
          return FALSE;
      s->has_view = TRUE;
    }
  if ((n = nnp_json_get (r->j, o, "speed")) != NNP_JSON_NONE
      && !read_double (r, n, "display.speed", &s->speed))
    return FALSE;
  if ((n = nnp_json_get (r->j, o, "log_cost")) != NNP_JSON_NONE
      && !read_bool (r, n, "display.log_cost", &s->log_cost))
    return FALSE;
  if ((n = nnp_json_get (r->j, o, "unit_lines")) != NNP_JSON_NONE
      && !read_bool (r, n, "display.unit_lines", &s->unit_lines))
    return FALSE;
  if ((n = nnp_json_get (r->j, o, "unit")) != NNP_JSON_NONE)
    {
      if (!is_number (r, n) || !nnp_json_int (r->j, n, &unit)
          || unit < -1 || unit >= NNP_SESSION_MAX_HIDDEN)
        return fail (r->error, r->name, _("display.unit is %s, expected -1 or a unit's index"),
                     type_word (r, n));
      s->unit = (int) unit;
    }
  if ((n = nnp_json_get (r->j, o, "origin_file")) != NNP_JSON_NONE
      && nnp_json_kind (r->j, n) != NNP_JSON_KIND_NULL)
    {
      if (nnp_json_kind (r->j, n) != NNP_JSON_KIND_STRING)
        return fail (r->error, r->name, _("display.origin_file is %s, expected a name or null"),
                     type_word (r, n));
      s->origin_file = nnp_json_string (r->j, n);
      if (s->origin_file == NULL)
        return fail (r->error, r->name, _("display.origin_file holds a NUL character"));
    }
  return TRUE;
}

static gboolean
read_points (Reader *r, NnpJsonValue root, NnpSession *s)
{
  NnpJsonValue o = object_member (r, root, "points");
  NnpJsonValue X, y, mask, row, e;
  NnpJsonIter xi, yi, mi;
  size_t n, ny, nm;

  if (o == NNP_JSON_NONE ||
      (X = array_member (r, o, "points", "X")) == NNP_JSON_NONE ||
      (y = array_member (r, o, "points", "y")) == NNP_JSON_NONE ||
      (mask = array_member (r, o, "points", "is_test")) == NNP_JSON_NONE)
    return FALSE;

  n = nnp_json_length (r->j, X);
  if (n > NNP_SESSION_MAX_POINTS)
    return fail (r->error, r->name, _("%zu points, at most %d are allowed"), n, NNP_SESSION_MAX_POINTS);
  if ((ny = nnp_json_length (r->j, y)) != n)
    return fail (r->error, r->name, _("points.X has %zu rows but points.y has %zu labels"), n, ny);
  if ((nm = nnp_json_length (r->j, mask)) != n)
    return fail (r->error, r->name, _("points.X has %zu rows but points.is_test has %zu entries"), n, nm);

  nnp_dataset_free (s->points);
  s->points = nnp_dataset_alloc (n, 2);
  g_free (s->is_test);
  s->is_test = n ? g_new0 (guint8, n) : NULL;
  if (s->points == NULL)
    return fail (r->error, r->name, _("out of memory for %zu points"), n);

  nnp_json_iter_init (r->j, X, &xi);
  nnp_json_iter_init (r->j, y, &yi);
  nnp_json_iter_init (r->j, mask, &mi);
  for (size_t i = 0; i < n; i++)
    {
      NnpJsonIter ri;
      guint8 label;

      nnp_json_iter_next (r->j, &xi, &row);
      if (nnp_json_kind (r->j, row) != NNP_JSON_KIND_ARRAY || nnp_json_length (r->j, row) != 2)
        return fail (r->error, r->name, _("points.X[%zu] is not an array of 2 numbers (x1, x2)"), i);
      nnp_json_iter_init (r->j, row, &ri);
      for (int k = 0; k < 2; k++)
        {
          nnp_json_iter_next (r->j, &ri, &e);
          if (!read_element (r, e, "points.X", i, k, &s->points->X[i * 2 + k]))
            return FALSE;
        }
      nnp_json_iter_next (r->j, &yi, &e);
      if (!read_bit (r, e, i, "points.y", &label))
        return FALSE;
      nnp_json_iter_next (r->j, &mi, &e);
      if (!read_bit (r, e, i, "points.is_test", &s->is_test[i]))
        return FALSE;
      s->points->y[i] = label;
    }
  return TRUE;
}

static gboolean
read_model (Reader *r, NnpJsonValue root, NnpSession *s)
{
  NnpJsonValue n = member (r, root, NULL, "model");

  if (n == NNP_JSON_NONE)
    return FALSE;
  if (nnp_json_kind (r->j, n) == NNP_JSON_KIND_NULL)
    return TRUE;
  if (nnp_json_kind (r->j, n) != NNP_JSON_KIND_OBJECT)
    return fail (r->error, r->name, _("\"model\" is %s, expected an nnplay-model object or null"), type_word (r, n));
  s->model = nnp_model_read_json (r->j, n, r->name, r->error);
  return s->model != NULL;
}

/* nulls: a test column's null is NaN, no value (see check_history_column). */
static gboolean
read_column (Reader *r, NnpJsonValue a, const char *what, const char *key, size_t len,
             gboolean nulls, double *out)
{
  NnpJsonIter it;
  NnpJsonValue e;
  g_autofree char *name = g_strconcat (what, ".", key, NULL);

  nnp_json_iter_init (r->j, a, &it);
  for (size_t t = 0; t < len && nnp_json_iter_next (r->j, &it, &e); t++)
    if (nulls && nnp_json_kind (r->j, e) == NNP_JSON_KIND_NULL)
      out[t] = NAN;
    else if (!read_element (r, e, name, t, -1, &out[t]))
      return FALSE;
  return TRUE;
}

/* The history object o, at path `what` ("history", "pins[2].history"),
 * into *out (which it replaces), at most max entries. */
static gboolean
read_history_object (Reader *r, NnpJsonValue o, const char *what, size_t max, NnpHistory **out)
{
  static const char *const keys[4] = { "train_cost", "train_accuracy", "test_cost", "test_accuracy" };
  NnpJsonValue col[4] = { NNP_JSON_NONE, NNP_JSON_NONE, NNP_JSON_NONE, NNP_JSON_NONE };
  NnpHistory *h;
  gboolean has_test;
  size_t len;

  if ((col[0] = array_member (r, o, what, keys[0])) == NNP_JSON_NONE ||
      (col[1] = array_member (r, o, what, keys[1])) == NNP_JSON_NONE)
    return FALSE;
  has_test = nnp_json_get (r->j, o, keys[2]) != NNP_JSON_NONE
             || nnp_json_get (r->j, o, keys[3]) != NNP_JSON_NONE;
  if (has_test &&
      ((col[2] = array_member (r, o, what, keys[2])) == NNP_JSON_NONE ||
       (col[3] = array_member (r, o, what, keys[3])) == NNP_JSON_NONE))
    return FALSE;

  len = nnp_json_length (r->j, col[0]);
  for (int c = 1; c < (has_test ? 4 : 2); c++)
    {
      size_t got = nnp_json_length (r->j, col[c]);
      if (got != len)
        return fail (r->error, r->name, _("%s.%s has %zu entries but %s.%s has %zu"),
                     what, keys[c], got, what, keys[0], len);
    }
  if (len > max)
    return strcmp (what, "history") == 0
           ? fail (r->error, r->name, _("the history has %zu entries, at most %zu are allowed"), len, max)
           : fail (r->error, r->name, _("%s has %zu entries, at most %zu are allowed"), what, len, max);

  /* the session owns it from here, so every return below frees it */
  nnp_history_free (*out);
  *out = h = nnp_history_new (has_test);
  if (h == NULL || nnp_history_reserve (h, MAX (len, (size_t) 1)) != 0)
    return fail (r->error, r->name, _("out of memory for the history"));
  if (!read_column (r, col[0], what, keys[0], len, FALSE, h->train_cost) ||
      !read_column (r, col[1], what, keys[1], len, FALSE, h->train_acc))
    return FALSE;
  if (has_test &&
      (!read_column (r, col[2], what, keys[2], len, TRUE, h->test_cost) ||
       !read_column (r, col[3], what, keys[3], len, TRUE, h->test_acc)))
    return FALSE;
  if (!has_test && len > 0)
    {
      memset (h->test_cost, 0, len * sizeof (double));
      memset (h->test_acc, 0, len * sizeof (double));
    }
  h->len = len;
  return TRUE;
}

static gboolean
read_history (Reader *r, NnpJsonValue root, NnpSession *s)
{
  NnpJsonValue o = object_member (r, root, "history");

  return o != NNP_JSON_NONE
         && read_history_object (r, o, "history", NNP_SESSION_MAX_HISTORY, &s->history);
}

/* Optional "pins": bounded before anything is allocated for them. */
static gboolean
read_pins (Reader *r, NnpJsonValue root, NnpSession *s)
{
  NnpJsonValue a = nnp_json_get (r->j, root, "pins"), e, v;
  NnpJsonIter it;
  size_t n;

  if (a == NNP_JSON_NONE)
    return TRUE;
  if (nnp_json_kind (r->j, a) != NNP_JSON_KIND_ARRAY)
    return fail (r->error, r->name, _("\"pins\" is %s, expected an array"), type_word (r, a));
  n = nnp_json_length (r->j, a);
  if (n > NNP_SESSION_MAX_PINS)
    return fail (r->error, r->name, _("%zu pinned runs, at most %d are allowed"), n, NNP_SESSION_MAX_PINS);
  s->pins = g_new0 (NnpSessionPin, MAX (n, (size_t) 1));
  nnp_json_iter_init (r->j, a, &it);
  for (size_t i = 0; i < n && nnp_json_iter_next (r->j, &it, &e); i++)
    {
      g_autofree char *what = g_strdup_printf ("pins[%zu]", i);
      g_autofree char *hwhat = g_strdup_printf ("pins[%zu].history", i);
      NnpSessionPin *pin = &s->pins[i];
      s->n_pins = i + 1;
      pin->history_stride = 1;
      if (nnp_json_kind (r->j, e) != NNP_JSON_KIND_OBJECT)
        return fail (r->error, r->name, _("%s is %s, expected an object"), what, type_word (r, e));
      if ((v = member (r, e, what, "label")) == NNP_JSON_NONE)
        return FALSE;
      if (nnp_json_kind (r->j, v) != NNP_JSON_KIND_STRING)
        return fail (r->error, r->name, _("%s.label is %s, expected a string"), what, type_word (r, v));
      pin->label = nnp_json_string (r->j, v);
      if ((v = nnp_json_get (r->j, e, "history_stride")) != NNP_JSON_NONE)
        {
          gint64 x;
          if (!is_number (r, v) || !nnp_json_int (r->j, v, &x) || x < 1)
            return fail (r->error, r->name, _("%s.history_stride is not a whole number >= 1"), what);
          pin->history_stride = (size_t) MIN ((guint64) x, (guint64) G_MAXSIZE);
        }
      if ((v = member (r, e, what, "history")) == NNP_JSON_NONE)
        return FALSE;
      if (nnp_json_kind (r->j, v) != NNP_JSON_KIND_OBJECT)
        return fail (r->error, r->name, _("%s is %s, expected an object"), hwhat, type_word (r, v));
      if (!read_history_object (r, v, hwhat, NNP_SESSION_MAX_PIN_HISTORY, &pin->history))
        return FALSE;
    }
  return TRUE;
}

/* The member "epoch" of object e (WHAT in messages): a whole number >= 0. */
static gboolean
read_epoch (Reader *r, NnpJsonValue e, const char *what, size_t *out)
{
  NnpJsonValue v = member (r, e, what, "epoch");
  gint64 x;

  if (v == NNP_JSON_NONE)
    return FALSE;
  if (!is_number (r, v) || !nnp_json_int (r->j, v, &x) || x < 0)
    return fail (r->error, r->name, _("%s.epoch is not a whole number >= 0"), what);
  *out = (size_t) MIN ((guint64) x, (guint64) G_MAXSIZE);
  return TRUE;
}

/* Optional "markers": bounded before anything is allocated for them;
 * order and range are checked with the rest (nnp_session_validate). */
static gboolean
read_markers (Reader *r, NnpJsonValue root, NnpSession *s)
{
  NnpJsonValue a = nnp_json_get (r->j, root, "markers"), e, v;
  NnpJsonIter it;
  size_t n;

  if (a == NNP_JSON_NONE)
    return TRUE;
  if (nnp_json_kind (r->j, a) != NNP_JSON_KIND_ARRAY)
    return fail (r->error, r->name, _("\"markers\" is %s, expected an array"), type_word (r, a));
  n = nnp_json_length (r->j, a);
  if (n > NNP_SESSION_MAX_MARKERS)
    return fail (r->error, r->name, _("%zu markers, at most %d are allowed"), n, NNP_SESSION_MAX_MARKERS);
  s->markers = g_new0 (NnpSessionMarker, MAX (n, (size_t) 1));
  nnp_json_iter_init (r->j, a, &it);
  for (size_t i = 0; i < n && nnp_json_iter_next (r->j, &it, &e); i++)
    {
      g_autofree char *what = g_strdup_printf ("markers[%zu]", i);
      NnpSessionMarker *m = &s->markers[i];
      s->n_markers = i + 1;
      if (nnp_json_kind (r->j, e) != NNP_JSON_KIND_OBJECT)
        return fail (r->error, r->name, _("%s is %s, expected an object"), what, type_word (r, e));
      if (!read_epoch (r, e, what, &m->epoch))
        return FALSE;
      if ((v = member (r, e, what, "text")) == NNP_JSON_NONE)
        return FALSE;
      if (nnp_json_kind (r->j, v) != NNP_JSON_KIND_STRING)
        return fail (r->error, r->name, _("%s.text is %s, expected a string"), what, type_word (r, v));
      m->text = nnp_json_string (r->j, v);
    }
  return TRUE;
}

/* Optional "snapshots": bounded before anything is allocated for them;
 * each model is read as the session's (its numbers are in the text);
 * shapes, order and range are checked with the rest. */
static gboolean
read_snapshots (Reader *r, NnpJsonValue root, NnpSession *s)
{
  NnpJsonValue a = nnp_json_get (r->j, root, "snapshots"), e, v;
  NnpJsonIter it;
  size_t n;

  if (a == NNP_JSON_NONE)
    return TRUE;
  if (nnp_json_kind (r->j, a) != NNP_JSON_KIND_ARRAY)
    return fail (r->error, r->name, _("\"snapshots\" is %s, expected an array"), type_word (r, a));
  n = nnp_json_length (r->j, a);
  if (n > NNP_SESSION_MAX_SNAPSHOTS)
    return fail (r->error, r->name, _("%zu snapshots, at most %d are allowed"), n, NNP_SESSION_MAX_SNAPSHOTS);
  s->snapshots = g_new0 (NnpSessionSnapshot, MAX (n, (size_t) 1));
  nnp_json_iter_init (r->j, a, &it);
  for (size_t i = 0; i < n && nnp_json_iter_next (r->j, &it, &e); i++)
    {
      g_autofree char *what = g_strdup_printf ("snapshots[%zu]", i);
      NnpSessionSnapshot *sn = &s->snapshots[i];
      s->n_snapshots = i + 1;
      if (nnp_json_kind (r->j, e) != NNP_JSON_KIND_OBJECT)
        return fail (r->error, r->name, _("%s is %s, expected an object"), what, type_word (r, e));
      if (!read_epoch (r, e, what, &sn->epoch))
        return FALSE;
      if ((v = member (r, e, what, "model")) == NNP_JSON_NONE)
        return FALSE;
      if (nnp_json_kind (r->j, v) != NNP_JSON_KIND_OBJECT)
        return fail (r->error, r->name, _("%s.model is %s, expected an nnplay-model object"), what,
                     type_word (r, v));
      g_autofree char *where = g_strdup_printf ("%s: %s", r->name, what);
      sn->model = nnp_model_read_json (r->j, v, where, r->error);
      if (sn->model == NULL)
        return FALSE;
    }
  return TRUE;
}

static NnpSession *session_from_json (NnpJson *j, const char *name, GError **error);

NnpSession *
nnp_session_from_string (const char *text, gssize len, const char *name, GError **error)
{
  g_autoptr (NnpJson) j = NULL;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (name == NULL)
    name = "session";
  j = nnp_json_parse (text, len < 0 ? strlen (text) : (gsize) len, name, error);
  if (j == NULL)
    return NULL;
  return session_from_json (j, name, error);
}

static NnpSession *
session_from_json (NnpJson *j, const char *name, GError **error)
{
  g_autoptr (NnpSession) s = NULL;
  g_autofree char *format = NULL;
  NnpJsonValue root, n;
  gint64 version;
  Reader r;

  r.j = j;
  r.name = name;
  r.error = error;

  root = nnp_json_root (j);
  if (nnp_json_kind (j, root) != NNP_JSON_KIND_OBJECT)
    {
      g_set_error (error, NNP_ERROR, NNP_ERROR_PARSE, _("%s: %s, expected a JSON object"), name,
                   root == NNP_JSON_NONE ? _("the file is empty") : _("the document is not an object"));
      return NULL;
    }

  n = nnp_json_get (j, root, "format");
  if (nnp_json_kind (j, n) == NNP_JSON_KIND_STRING)
    format = nnp_json_string (j, n);
  if (g_strcmp0 (format, SESSION_FORMAT) != 0)
    {
      if (g_strcmp0 (format, "nnplay-model") == 0)
        fail (error, name, _("this is an nnplay model file, not a session (\"format\": \"%s\" expected)"),
              SESSION_FORMAT);
      else
        fail (error, name, _("not an nnplay session (\"format\": \"%s\" expected)"), SESSION_FORMAT);
      return NULL;
    }
  n = nnp_json_get (j, root, "version");
  if (!is_number (&r, n) || !nnp_json_int (j, n, &version))
    {
      fail (error, name, _("missing or malformed \"version\" (expected %d)"), SESSION_VERSION);
      return NULL;
    }
  if (version != SESSION_VERSION)
    {
      fail (error, name, _("session version %" PRId64 " is not supported (this nnplay reads version %d)"),
            version, SESSION_VERSION);
      return NULL;
    }

  s = nnp_session_new ();
  if (s == NULL)
    {
      g_set_error (error, NNP_ERROR, NNP_ERROR_IO, _("%s: out of memory"), name);
      return NULL;
    }
  if (!read_hyperparameters (&r, root, s) ||
      !read_dataset (&r, root, s) ||
      !read_points (&r, root, s) ||
      !read_model (&r, root, s) ||
      !read_history (&r, root, s) ||
      !read_display (&r, root, s) ||
      !read_pins (&r, root, s) ||
      !read_markers (&r, root, s) ||
      !read_snapshots (&r, root, s))
    return NULL;
  if ((n = member (&r, root, NULL, "epoch")) == NNP_JSON_NONE || !read_count (&r, n, "epoch", &s->epoch))
    return NULL;
  /* Optional: sessions from before curves were thinned have every epoch. */
  if ((n = nnp_json_get (j, root, "history_stride")) != NNP_JSON_NONE &&
      !read_stride (&r, n, &s->history_stride))
    return NULL;

  if (!nnp_session_validate (s, name, error))
    return NULL;
  return g_steal_pointer (&s);
}

NnpSession *
nnp_session_load (const char *path, GError **error)
{
  g_autofree char *text = NULL;
  gsize len;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!nnp_read_file (path, SESSION_MAX_BYTES, &text, &len, error))
    return NULL;
  return nnp_session_from_string (text, (gssize) len, path, error);
}

gboolean
nnp_model_or_session_load (const char *path, NnpModel **model, NnpSession **session, GError **error)
{
  g_autofree char *text = NULL;
  g_autoptr (NnpJson) j = NULL;
  gsize len;

  g_return_val_if_fail (path != NULL && model != NULL && session != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  *model = NULL;
  *session = NULL;
  if (!nnp_read_file (path, SESSION_MAX_BYTES, &text, &len, error))
    return FALSE;
  /* one parse for either: the format names which */
  j = nnp_json_parse (text, len, path, error);
  if (j == NULL)
    return FALSE;
  const NnpJsonValue root = nnp_json_root (j);
  g_autofree char *format = NULL;
  if (nnp_json_kind (j, root) == NNP_JSON_KIND_OBJECT)
    {
      NnpJsonValue f = nnp_json_get (j, root, "format");
      if (nnp_json_kind (j, f) == NNP_JSON_KIND_STRING)
        format = nnp_json_string (j, f);
    }
  if (g_strcmp0 (format, SESSION_FORMAT) == 0)
    *session = session_from_json (j, path, error);
  else if (root == NNP_JSON_NONE)
    g_set_error (error, NNP_ERROR, NNP_ERROR_PARSE,
                 _("%s: empty file, expected a JSON object {\"format\": \"%s\", ...}"),
                 path, "nnplay-model");
  else if (len > NNP_MODEL_MAX_BYTES)
    /* what nnp_model_load would have refused unread */
    g_set_error (error, NNP_ERROR, NNP_ERROR_TOO_LARGE,
                 _("%s: the file is larger than %zu MB, more than nnplay reads"),
                 path, (size_t) (NNP_MODEL_MAX_BYTES >> 20));
  else
    *model = nnp_model_read_json (j, root, path, error);
  return *model != NULL || *session != NULL;
}

NnpModel *
nnp_session_raw_model (const NnpSession *s, double *mean, double *sd)
{
  g_return_val_if_fail (s != NULL && mean != NULL && sd != NULL, NULL);

  mean[0] = mean[1] = 0.0;
  sd[0] = sd[1] = 1.0;
  if (s->model == NULL)
    return NULL;
  if (!s->standardize)
    return nnp_model_dup (s->model);
  /* the app's z-scores: the training split's mean and sd */
  g_autoptr (NnpDataset) train = s->is_test != NULL ? nnp_dataset_subset (s->points, s->is_test, 0)
                                                    : nnp_dataset_dup (s->points);
  if (train == NULL)
    return NULL;
  nnp_dataset_feature_stats (train, mean, sd);
  NnpModel *m = nnp_model_alloc (s->model->theta->d, s->model->theta->h, s->model->act);
  if (m != NULL)
    nnp_model_unstandardize (m, s->model, mean, sd);
  return m;
}
