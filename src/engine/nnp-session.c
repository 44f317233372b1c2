/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nnp-session.c: reading, validating and writing nnplay-session JSON files. */
#define G_LOG_DOMAIN "nnplay-session"
#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "nnplay/nnp-session.h"
#include "nnplay/nnp-modelio.h"

#include "nnplay/nnp-error.h"
#include "nnp-io-private.h"

#define SESSION_FORMAT  "nnplay-session"
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
  if ((s->points && !c->points) || (s->model && !c->model) || (s->history && !c->history))
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

static gboolean
check_history_column (const double *v, size_t len, gboolean is_cost,
                      const char *key, const char *name, GError **error)
{
  for (size_t t = 0; t < len; t++)
    {
      if (!isfinite (v[t]))
        return fail (error, name, "history.%s[%zu] is not a finite number", key, t);
      if (is_cost && v[t] < 0.0)
        return fail (error, name, "history.%s[%zu] is %g, a cost cannot be negative", key, t, v[t]);
      if (!is_cost && (v[t] < 0.0 || v[t] > 1.0))
        return fail (error, name, "history.%s[%zu] is %g, expected an accuracy in [0, 1]", key, t, v[t]);
    }
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
    return fail (error, name, "the session has no point set");
  if (p->d != 2)
    return fail (error, name, "points have %zu features each, a session needs 2 (x1, x2)", p->d);
  if (p->n > NNP_SESSION_MAX_POINTS)
    return fail (error, name, "%zu points, at most %d are allowed", p->n, NNP_SESSION_MAX_POINTS);
  if (p->n > 0 && s->is_test == NULL)
    return fail (error, name, "%zu points but no test mask", p->n);
  for (size_t i = 0; i < p->n; i++)
    {
      for (size_t k = 0; k < 2; k++)
        if (!isfinite (p->X[i * 2 + k]))
          return fail (error, name, "points.X[%zu][%zu] is not a finite number", i, k);
      if (p->y[i] != 0.0 && p->y[i] != 1.0)
        return fail (error, name, "points.y[%zu] is %g, expected 0 or 1", i, p->y[i]);
      if (s->is_test[i] > 1)
        return fail (error, name, "points.is_test[%zu] is %u, expected 0 or 1", i, s->is_test[i]);
    }

  if (!(s->test_fraction >= 0.0 && s->test_fraction < 1.0))
    return fail (error, name, "hyperparameters.test_fraction is %g, expected a number in [0, 1)",
                 s->test_fraction);
  if (!(isfinite (s->lr) && s->lr > 0.0))
    return fail (error, name, "hyperparameters.learning_rate is %g, expected a finite number > 0", s->lr);
  if (s->hidden < 1 || s->hidden > NNP_SESSION_MAX_HIDDEN)
    return fail (error, name, "hyperparameters.hidden is %zu, expected 1 to %d",
                 s->hidden, NNP_SESSION_MAX_HIDDEN);
  if ((int) s->act < 0 || (int) s->act >= NNP_N_ACTIVATIONS)
    return fail (error, name, "hyperparameters.activation %d is not a known activation", (int) s->act);
  if (s->batch > NNP_SESSION_MAX_POINTS)
    return fail (error, name, "hyperparameters.batch_size is %zu, expected 0 (full batch) to %d",
                 s->batch, NNP_SESSION_MAX_POINTS);

  if (s->generator != NULL && !nnp_generator_from_name (s->generator, &gen))
    return fail (error, name, "dataset.generator \"%s\" is not one of moons, circles, xor, blobs, spiral, linear",
                 s->generator);
  if (s->n_points > NNP_SESSION_MAX_POINTS)
    return fail (error, name, "dataset.points is %zu, expected 0 to %d", s->n_points, NNP_SESSION_MAX_POINTS);
  if (!(isfinite (s->noise) && s->noise >= 0.0))
    return fail (error, name, "dataset.noise is %g, expected a finite number >= 0", s->noise);

  if (s->model != NULL)
    {
      const NnpParams *th = s->model->theta;

      if (th == NULL)
        return fail (error, name, "the model has no parameters");
      if (th->d != 2)
        return fail (error, name, "the model has %zu inputs, a session needs 2", th->d);
      if (th->h != s->hidden)
        return fail (error, name, "the model has %zu hidden units but hyperparameters.hidden is %zu",
                     th->h, s->hidden);
      if (s->model->act != s->act)
        return fail (error, name, "the model's activation is %s but hyperparameters.activation is %s",
                     nnp_activation_name (s->model->act), nnp_activation_name (s->act));
      if (!nnp_params_all_finite (th))
        return fail (error, name, "the model's weights are not all finite");
    }

  if (s->has_view && !(isfinite (s->view[0]) && isfinite (s->view[1]) && isfinite (s->view[2])
                       && isfinite (s->view[3]) && s->view[0] < s->view[1] && s->view[2] < s->view[3]))
    return fail (error, name, "display.view is not a finite rectangle [xmin, xmax, ymin, ymax] "
                 "with xmin < xmax and ymin < ymax");
  if (!(isfinite (s->speed) && s->speed >= 0.0))
    return fail (error, name, "display.speed is %g, expected a finite number >= 0", s->speed);
  if (s->unit < -1 || s->unit >= (int) MIN (s->hidden, (size_t) G_MAXINT))
    return fail (error, name, "display.unit is %d, expected -1 or 0 to %zu", s->unit,
                 s->hidden - 1);

  if (s->history == NULL)
    return fail (error, name, "the session has no history");
  if (s->history_stride < 1)
    return fail (error, name, "history_stride is 0, expected a whole number >= 1");
  if (s->history->len > 1 && s->history_stride > (size_t) G_MAXINT64 / (s->history->len - 1))
    return fail (error, name, "history_stride is %zu, too large: the history's %zu entries would "
                 "go past the largest epoch", s->history_stride, s->history->len);
  if (!check_history_column (s->history->train_cost, s->history->len, TRUE, "train_cost", name, error) ||
      !check_history_column (s->history->train_acc, s->history->len, FALSE, "train_accuracy", name, error))
    return FALSE;
  if (s->history->has_test &&
      (!check_history_column (s->history->test_cost, s->history->len, TRUE, "test_cost", name, error) ||
       !check_history_column (s->history->test_acc, s->history->len, FALSE, "test_accuracy", name, error)))
    return FALSE;

  return TRUE;
}

/* ---- Writing. ------------------------------------------------------------ */

static void
add_double_array (JsonBuilder *b, const char *key, const double *v, size_t len)
{
  json_builder_set_member_name (b, key);
  json_builder_begin_array (b);
  for (size_t t = 0; t < len; t++)
    json_builder_add_double_value (b, v[t]);
  json_builder_end_array (b);
}

static JsonNode *
session_to_json (const NnpSession *s)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  const NnpDataset *p = s->points;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "format");
  json_builder_add_string_value (b, SESSION_FORMAT);
  json_builder_set_member_name (b, "version");
  json_builder_add_int_value (b, SESSION_VERSION);

  json_builder_set_member_name (b, "hyperparameters");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "learning_rate");
  json_builder_add_double_value (b, s->lr);
  json_builder_set_member_name (b, "hidden");
  json_builder_add_int_value (b, (gint64) s->hidden);
  json_builder_set_member_name (b, "activation");
  json_builder_add_string_value (b, nnp_activation_name (s->act));
  json_builder_set_member_name (b, "batch_size");
  json_builder_add_int_value (b, (gint64) s->batch);
  json_builder_set_member_name (b, "seed");
  /* JSON readers (json-glib included) wrap integers above 2^63 - 1. */
  if (s->seed <= (guint64) G_MAXINT64)
    json_builder_add_int_value (b, (gint64) s->seed);
  else
    {
      char buf[32];
      g_snprintf (buf, sizeof buf, "%" G_GUINT64_FORMAT, s->seed);
      json_builder_add_string_value (b, buf);
    }
  json_builder_set_member_name (b, "test_fraction");
  json_builder_add_double_value (b, s->test_fraction);
  json_builder_end_object (b);

  json_builder_set_member_name (b, "dataset");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "generator");
  if (s->generator)
    json_builder_add_string_value (b, s->generator);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "points");
  json_builder_add_int_value (b, (gint64) s->n_points);
  json_builder_set_member_name (b, "noise");
  json_builder_add_double_value (b, s->noise);
  json_builder_end_object (b);

  json_builder_set_member_name (b, "points");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "X");
  json_builder_begin_array (b);
  for (size_t i = 0; i < p->n; i++)
    {
      json_builder_begin_array (b);
      json_builder_add_double_value (b, p->X[i * 2]);
      json_builder_add_double_value (b, p->X[i * 2 + 1]);
      json_builder_end_array (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "y");
  json_builder_begin_array (b);
  for (size_t i = 0; i < p->n; i++)
    json_builder_add_int_value (b, p->y[i] != 0.0);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "is_test");
  json_builder_begin_array (b);
  for (size_t i = 0; i < p->n; i++)
    json_builder_add_int_value (b, s->is_test[i]);
  json_builder_end_array (b);
  json_builder_end_object (b);

  json_builder_set_member_name (b, "model");
  if (s->model)
    json_builder_add_value (b, nnp_model_to_json (s->model));
  else
    json_builder_add_null_value (b);

  json_builder_set_member_name (b, "history");
  json_builder_begin_object (b);
  add_double_array (b, "train_cost", s->history->train_cost, s->history->len);
  add_double_array (b, "train_accuracy", s->history->train_acc, s->history->len);
  if (s->history->has_test)
    {
      add_double_array (b, "test_cost", s->history->test_cost, s->history->len);
      add_double_array (b, "test_accuracy", s->history->test_acc, s->history->len);
    }
  json_builder_end_object (b);

  json_builder_set_member_name (b, "epoch");
  json_builder_add_int_value (b, (gint64) s->epoch);
  json_builder_set_member_name (b, "history_stride");
  json_builder_add_int_value (b, (gint64) s->history_stride);

  json_builder_set_member_name (b, "display");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "view");
  if (s->has_view)
    {
      json_builder_begin_array (b);
      for (int k = 0; k < 4; k++)
        json_builder_add_double_value (b, s->view[k]);
      json_builder_end_array (b);
    }
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "speed");
  json_builder_add_double_value (b, s->speed);
  json_builder_set_member_name (b, "log_cost");
  json_builder_add_boolean_value (b, s->log_cost);
  json_builder_set_member_name (b, "unit_lines");
  json_builder_add_boolean_value (b, s->unit_lines);
  json_builder_set_member_name (b, "unit");
  json_builder_add_int_value (b, s->unit);
  json_builder_set_member_name (b, "origin_file");
  if (s->origin_file != NULL)
    json_builder_add_string_value (b, s->origin_file);
  else
    json_builder_add_null_value (b);
  json_builder_end_object (b);
  json_builder_end_object (b);

  return json_builder_get_root (b);
}

char *
nnp_session_to_string (const NnpSession *s, GError **error)
{
  g_autoptr(JsonGenerator) gen = NULL;
  g_autoptr(JsonNode) root = NULL;
  char *text;

  g_return_val_if_fail (s != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!nnp_session_validate (s, NULL, error))
    return NULL;

  root = session_to_json (s);
  gen = json_generator_new ();
  /* compact: pretty printing puts every number on its own line and made a
   * long run's history tens of megabytes */
  json_generator_set_pretty (gen, FALSE);
  json_generator_set_root (gen, root);
  text = json_generator_to_data (gen, NULL);
  {
    /* json-glib 1.6 writes a double such as 1e21 as "1e+21.0", which is not
     * JSON; no valid number has ".0" after its exponent, so drop it. */
    g_autoptr(GRegex) fix = g_regex_new ("([0-9][eE][-+]?[0-9]+)\\.0(?![0-9])", 0, 0, NULL);
    char *fixed = g_regex_replace (fix, text, -1, 0, "\\1", 0, NULL);
    g_free (text);
    /* Files end with a newline, as text files should. */
    char *with_nl = g_strconcat (fixed, "\n", NULL);
    g_free (fixed);
    return with_nl;
  }
}

gboolean
nnp_session_save (const NnpSession *s, const char *path, GError **error)
{
  g_autofree char *text = NULL;
  g_autoptr(GError) local = NULL;

  g_return_val_if_fail (s != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!nnp_session_validate (s, path, error))
    return FALSE;
  text = nnp_session_to_string (s, error);
  if (text == NULL)
    return FALSE;
  /* g_file_set_contents writes a temporary file in the same directory and
   * renames it over path. */
  if (!g_file_set_contents (path, text, -1, &local))
    {
      g_set_error (error, NNP_ERROR, NNP_ERROR_IO, _("%s: cannot write the session: %s"),
                   path, local->message);
      return FALSE;
    }
  return TRUE;
}

/* ---- Reading. ------------------------------------------------------------ */

typedef struct {
  const char *name;
  GError **error;
} Reader;

static const char *
type_word (JsonNode *node)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return "null";
  if (JSON_NODE_HOLDS_OBJECT (node))
    return "an object";
  if (JSON_NODE_HOLDS_ARRAY (node))
    return "an array";
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:  return "a string";
    case G_TYPE_BOOLEAN: return "a boolean";
    default:             return "a number";
    }
}

static gboolean
is_number (JsonNode *node)
{
  GType t;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  t = json_node_get_value_type (node);
  return t == G_TYPE_INT64 || t == G_TYPE_DOUBLE;
}

/* The member key of obj, which must exist. */
static JsonNode *
member (Reader *r, JsonObject *obj, const char *parent, const char *key)
{
  JsonNode *node = json_object_get_member (obj, key);

  if (node == NULL)
    {
      if (parent)
        fail (r->error, r->name, "missing key \"%s\" in \"%s\"", key, parent);
      else
        fail (r->error, r->name, "missing key \"%s\"", key);
    }
  return node;
}

static JsonObject *
object_member (Reader *r, JsonObject *obj, const char *key)
{
  JsonNode *node = member (r, obj, NULL, key);

  if (node == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      fail (r->error, r->name, "\"%s\" is %s, expected an object", key, type_word (node));
      return NULL;
    }
  return json_node_get_object (node);
}

static JsonArray *
array_member (Reader *r, JsonObject *obj, const char *parent, const char *key)
{
  JsonNode *node = member (r, obj, parent, key);

  if (node == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      fail (r->error, r->name, "%s.%s is %s, expected an array", parent, key, type_word (node));
      return NULL;
    }
  return json_node_get_array (node);
}

/* A finite number (range checks are nnp_session_validate's). */
static gboolean
read_double (Reader *r, JsonNode *node, const char *path, double *out)
{
  if (!is_number (node))
    return fail (r->error, r->name, "%s is %s, expected a number", path, type_word (node));
  *out = json_node_get_double (node);
  if (!isfinite (*out))
    return fail (r->error, r->name, "%s is not a finite number", path);
  return TRUE;
}

static gboolean
read_count (Reader *r, JsonNode *node, const char *path, size_t *out)
{
  gint64 v;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return fail (r->error, r->name, "%s is %s, expected a whole number >= 0",
                 path, is_number (node) ? "a fraction" : type_word (node));
  v = json_node_get_int (node);
  if (v < 0)
    return fail (r->error, r->name, "%s is %" G_GINT64_FORMAT ", expected a whole number >= 0", path, v);
  *out = (size_t) v;
  return TRUE;
}

/* history_stride: a whole number >= 1. */
static gboolean
read_stride (Reader *r, JsonNode *node, size_t *out)
{
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return fail (r->error, r->name, "history_stride is %s, expected a whole number >= 1",
                 is_number (node) ? "a fraction" : type_word (node));
  if (json_node_get_int (node) < 1)
    return fail (r->error, r->name, "history_stride is %" G_GINT64_FORMAT ", expected a whole number >= 1",
                 json_node_get_int (node));
  *out = (size_t) json_node_get_int (node);
  return TRUE;
}

static gboolean
read_bit (Reader *r, JsonArray *a, size_t i, const char *path, guint8 *out)
{
  JsonNode *node = json_array_get_element (a, i);
  gint64 v;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64 ||
      ((v = json_node_get_int (node)) != 0 && v != 1))
    return fail (r->error, r->name, "%s[%zu] is not 0 or 1", path, i);
  *out = (guint8) v;
  return TRUE;
}

static gboolean
read_seed (Reader *r, JsonNode *node, guint64 *out)
{
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    {
      const char *str = json_node_get_string (node);
      if (!g_ascii_string_to_unsigned (str, 10, 0, G_MAXUINT64, out, NULL))
        return fail (r->error, r->name, "hyperparameters.seed \"%s\" is not a whole number >= 0", str);
      return TRUE;
    }
  {
    size_t v;
    if (!read_count (r, node, "hyperparameters.seed", &v))
      return FALSE;
    *out = v;
  }
  return TRUE;
}

static gboolean
read_hyperparameters (Reader *r, JsonObject *root, NnpSession *s)
{
  JsonObject *o = object_member (r, root, "hyperparameters");
  JsonNode *n;
  const char *act;

  if (o == NULL)
    return FALSE;
  if (!(n = member (r, o, "hyperparameters", "learning_rate")) ||
      !read_double (r, n, "hyperparameters.learning_rate", &s->lr))
    return FALSE;
  if (!(n = member (r, o, "hyperparameters", "hidden")) ||
      !read_count (r, n, "hyperparameters.hidden", &s->hidden))
    return FALSE;
  if (!(n = member (r, o, "hyperparameters", "activation")))
    return FALSE;
  if (!JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_STRING)
    return fail (r->error, r->name, "hyperparameters.activation is %s, expected \"sigmoid\", \"tanh\" or \"relu\"",
                 type_word (n));
  act = json_node_get_string (n);
  if (nnp_activation_from_name (act, &s->act) != 0)
    return fail (r->error, r->name, "hyperparameters.activation \"%s\" is not \"sigmoid\", \"tanh\" or \"relu\"", act);
  if (!(n = member (r, o, "hyperparameters", "batch_size")) ||
      !read_count (r, n, "hyperparameters.batch_size", &s->batch))
    return FALSE;
  if (!(n = member (r, o, "hyperparameters", "seed")) || !read_seed (r, n, &s->seed))
    return FALSE;
  if (!(n = member (r, o, "hyperparameters", "test_fraction")) ||
      !read_double (r, n, "hyperparameters.test_fraction", &s->test_fraction))
    return FALSE;
  return TRUE;
}

static gboolean
read_dataset (Reader *r, JsonObject *root, NnpSession *s)
{
  JsonObject *o = object_member (r, root, "dataset");
  JsonNode *n;

  if (o == NULL)
    return FALSE;
  if (!(n = member (r, o, "dataset", "generator")))
    return FALSE;
  g_clear_pointer (&s->generator, g_free);
  if (JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_STRING)
    s->generator = g_strdup (json_node_get_string (n));
  else if (!JSON_NODE_HOLDS_NULL (n))
    return fail (r->error, r->name, "dataset.generator is %s, expected a name or null", type_word (n));
  if (!(n = member (r, o, "dataset", "points")) || !read_count (r, n, "dataset.points", &s->n_points))
    return FALSE;
  if (!(n = member (r, o, "dataset", "noise")) || !read_double (r, n, "dataset.noise", &s->noise))
    return FALSE;
  return TRUE;
}

static gboolean
read_bool (Reader *r, JsonNode *node, const char *path, gboolean *out)
{
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return fail (r->error, r->name, "%s is %s, expected true or false", path, type_word (node));
  *out = json_node_get_boolean (node);
  return TRUE;
}

/* "display": optional, and so is each of its keys. */
static gboolean
read_display (Reader *r, JsonObject *root, NnpSession *s)
{
  JsonNode *n = json_object_get_member (root, "display");
  JsonObject *o;

  if (n == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (n))
    return fail (r->error, r->name, "\"display\" is %s, expected an object", type_word (n));
  o = json_node_get_object (n);
  if ((n = json_object_get_member (o, "view")) != NULL && !JSON_NODE_HOLDS_NULL (n))
    {
      JsonArray *a = JSON_NODE_HOLDS_ARRAY (n) ? json_node_get_array (n) : NULL;
      if (a == NULL || json_array_get_length (a) != 4)
        return fail (r->error, r->name, "display.view is %s, expected [xmin, xmax, ymin, ymax]",
                     a == NULL ? type_word (n) : "an array of another length");
      for (guint k = 0; k < 4; k++)
        if (!read_double (r, json_array_get_element (a, k), "display.view", &s->view[k]))
          return FALSE;
      s->has_view = TRUE;
    }
  if ((n = json_object_get_member (o, "speed")) != NULL
      && !read_double (r, n, "display.speed", &s->speed))
    return FALSE;
  if ((n = json_object_get_member (o, "log_cost")) != NULL
      && !read_bool (r, n, "display.log_cost", &s->log_cost))
    return FALSE;
  if ((n = json_object_get_member (o, "unit_lines")) != NULL
      && !read_bool (r, n, "display.unit_lines", &s->unit_lines))
    return FALSE;
  if ((n = json_object_get_member (o, "unit")) != NULL)
    {
      if (!JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_INT64
          || json_node_get_int (n) < -1 || json_node_get_int (n) >= NNP_SESSION_MAX_HIDDEN)
        return fail (r->error, r->name, "display.unit is %s, expected -1 or a unit's index",
                     type_word (n));
      s->unit = (int) json_node_get_int (n);
    }
  if ((n = json_object_get_member (o, "origin_file")) != NULL && !JSON_NODE_HOLDS_NULL (n))
    {
      if (!JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_STRING)
        return fail (r->error, r->name, "display.origin_file is %s, expected a name or null",
                     type_word (n));
      s->origin_file = g_strdup (json_node_get_string (n));
    }
  return TRUE;
}

static gboolean
read_points (Reader *r, JsonObject *root, NnpSession *s)
{
  JsonObject *o = object_member (r, root, "points");
  JsonArray *X, *y, *mask;
  size_t n;

  if (o == NULL ||
      !(X = array_member (r, o, "points", "X")) ||
      !(y = array_member (r, o, "points", "y")) ||
      !(mask = array_member (r, o, "points", "is_test")))
    return FALSE;

  n = json_array_get_length (X);
  if (n > NNP_SESSION_MAX_POINTS)
    return fail (r->error, r->name, "%zu points, at most %d are allowed", n, NNP_SESSION_MAX_POINTS);
  if (json_array_get_length (y) != n)
    return fail (r->error, r->name, "points.X has %zu rows but points.y has %u labels",
                 n, json_array_get_length (y));
  if (json_array_get_length (mask) != n)
    return fail (r->error, r->name, "points.X has %zu rows but points.is_test has %u entries",
                 n, json_array_get_length (mask));

  nnp_dataset_free (s->points);
  s->points = nnp_dataset_alloc (n, 2);
  g_free (s->is_test);
  s->is_test = n ? g_new0 (guint8, n) : NULL;
  if (s->points == NULL)
    return fail (r->error, r->name, "out of memory for %zu points", n);

  for (size_t i = 0; i < n; i++)
    {
      JsonNode *row = json_array_get_element (X, i);
      JsonArray *xa;
      guint8 label;

      if (!JSON_NODE_HOLDS_ARRAY (row) || json_array_get_length (xa = json_node_get_array (row)) != 2)
        return fail (r->error, r->name, "points.X[%zu] is not an array of 2 numbers (x1, x2)", i);
      for (size_t k = 0; k < 2; k++)
        {
          char path[64];
          g_snprintf (path, sizeof path, "points.X[%zu][%zu]", i, k);
          if (!read_double (r, json_array_get_element (xa, k), path, &s->points->X[i * 2 + k]))
            return FALSE;
        }
      if (!read_bit (r, y, i, "points.y", &label) ||
          !read_bit (r, mask, i, "points.is_test", &s->is_test[i]))
        return FALSE;
      s->points->y[i] = label;
    }
  return TRUE;
}

static gboolean
read_model (Reader *r, JsonObject *root, NnpSession *s)
{
  JsonNode *n = member (r, root, NULL, "model");

  if (n == NULL)
    return FALSE;
  if (JSON_NODE_HOLDS_NULL (n))
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (n))
    return fail (r->error, r->name, "\"model\" is %s, expected an nnplay-model object or null", type_word (n));
  s->model = nnp_model_from_json (n, r->name, r->error);
  return s->model != NULL;
}

static gboolean
read_column (Reader *r, JsonArray *a, const char *key, size_t len, double *out)
{
  for (size_t t = 0; t < len; t++)
    {
      char path[64];
      g_snprintf (path, sizeof path, "history.%s[%zu]", key, t);
      if (!read_double (r, json_array_get_element (a, t), path, &out[t]))
        return FALSE;
    }
  return TRUE;
}

static gboolean
read_history (Reader *r, JsonObject *root, NnpSession *s)
{
  static const char *const keys[4] = { "train_cost", "train_accuracy", "test_cost", "test_accuracy" };
  JsonObject *o = object_member (r, root, "history");
  JsonArray *col[4] = { NULL, };
  g_autofree double *v = NULL;
  gboolean has_test;
  size_t len;

  if (o == NULL)
    return FALSE;
  if (!(col[0] = array_member (r, o, "history", keys[0])) ||
      !(col[1] = array_member (r, o, "history", keys[1])))
    return FALSE;
  has_test = json_object_has_member (o, keys[2]) || json_object_has_member (o, keys[3]);
  if (has_test &&
      (!(col[2] = array_member (r, o, "history", keys[2])) ||
       !(col[3] = array_member (r, o, "history", keys[3]))))
    return FALSE;

  len = json_array_get_length (col[0]);
  for (int c = 1; c < (has_test ? 4 : 2); c++)
    if (json_array_get_length (col[c]) != len)
      return fail (r->error, r->name, "history.%s has %u entries but history.%s has %zu",
                   keys[c], json_array_get_length (col[c]), keys[0], len);

  v = g_new (double, 4 * len + 1);
  for (int c = 0; c < (has_test ? 4 : 2); c++)
    if (!read_column (r, col[c], keys[c], len, v + c * len))
      return FALSE;

  nnp_history_free (s->history);
  s->history = nnp_history_new (has_test);
  if (s->history == NULL)
    return fail (r->error, r->name, "out of memory for the history");
  for (size_t t = 0; t < len; t++)
    if (nnp_history_append (s->history, v[t], v[len + t],
                            has_test ? v[2 * len + t] : 0.0,
                            has_test ? v[3 * len + t] : 0.0) != 0)
      return fail (r->error, r->name, "out of memory for the history");
  return TRUE;
}

NnpSession *
nnp_session_from_string (const char *text, gssize len, const char *name, GError **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local = NULL;
  g_autoptr(NnpSession) s = NULL;
  JsonNode *root, *n;
  JsonObject *obj;
  Reader r;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (name == NULL)
    name = "session";
  r.name = name;
  r.error = error;

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, text, len, &local))
    {
      /* json-glib says "<data>:LINE:COL: ..."; name the file instead. */
      const char *msg = local->message;
      if (g_str_has_prefix (msg, "<data>:"))
        g_set_error (error, NNP_ERROR, NNP_ERROR_PARSE, "%s:%s", name, msg + strlen ("<data>:"));
      else
        g_set_error (error, NNP_ERROR, NNP_ERROR_PARSE, "%s: %s", name, msg);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, NNP_ERROR, NNP_ERROR_PARSE, "%s: %s, expected a JSON object", name,
                   root == NULL ? "the file is empty" : "the document is not an object");
      return NULL;
    }
  obj = json_node_get_object (root);

  n = json_object_get_member (obj, "format");
  if (n == NULL || !JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_STRING ||
      g_strcmp0 (json_node_get_string (n), SESSION_FORMAT) != 0)
    {
      if (n != NULL && JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_STRING &&
          g_strcmp0 (json_node_get_string (n), "nnplay-model") == 0)
        fail (error, name, "this is an nnplay model file, not a session (\"format\": \"%s\" expected)",
              SESSION_FORMAT);
      else
        fail (error, name, "not an nnplay session (\"format\": \"%s\" expected)", SESSION_FORMAT);
      return NULL;
    }
  n = json_object_get_member (obj, "version");
  if (n == NULL || !JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_INT64)
    {
      fail (error, name, "missing or malformed \"version\" (expected %d)", SESSION_VERSION);
      return NULL;
    }
  if (json_node_get_int (n) != SESSION_VERSION)
    {
      fail (error, name, "session version %" G_GINT64_FORMAT " is not supported (this nnplay reads version %d)",
            json_node_get_int (n), SESSION_VERSION);
      return NULL;
    }

  s = nnp_session_new ();
  if (s == NULL)
    {
      g_set_error (error, NNP_ERROR, NNP_ERROR_IO, "%s: out of memory", name);
      return NULL;
    }
  if (!read_hyperparameters (&r, obj, s) ||
      !read_dataset (&r, obj, s) ||
      !read_points (&r, obj, s) ||
      !read_model (&r, obj, s) ||
      !read_history (&r, obj, s) ||
      !read_display (&r, obj, s))
    return NULL;
  if (!(n = member (&r, obj, NULL, "epoch")) || !read_count (&r, n, "epoch", &s->epoch))
    return NULL;
  /* Optional: sessions from before curves were thinned have every epoch. */
  if ((n = json_object_get_member (obj, "history_stride")) != NULL &&
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

  if (!nnp_read_file (path, (gsize) 1 << 30, &text, &len, error))
    return NULL;
  return nnp_session_from_string (text, (gssize) len, path, error);
}
