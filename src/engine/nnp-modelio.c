/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nnp-modelio.c: the nnplay-model JSON file: writing (exact) and strict loading (json-glib). */
#define G_LOG_DOMAIN "nnplay-engine"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <string.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "nnplay/nnp-modelio.h"
#include "nnplay/nnp-error.h"
#include "nnp-io-private.h"

#define FORMAT_NAME "nnplay-model"
#define FORMAT_VERSION 1

static const char *const known_keys[] = {
  "format", "version", "inputs", "hidden", "activation", "W1", "b1", "W2", "b2", NULL
};

/* ---- writing ------------------------------------------------------------ */

static double
W1_at (const NnpModel *m, size_t j, size_t k)
{
  return gsl_matrix_get (&m->theta->W1.matrix, j, k);
}

static double
b1_at (const NnpModel *m, size_t j)
{
  return gsl_vector_get (&m->theta->b1.vector, j);
}

static double
W2_at (const NnpModel *m, size_t j)
{
  return gsl_matrix_get (&m->theta->W2.matrix, 0, j);
}

/* json-glib's generator writes doubles with %.17g but then appends ".0"
 * when there is no '.', which turns 1e+21 into the invalid "1e+21.0"; and
 * its parser reads "-0" as the integer 0. So numbers are formatted here:
 * %.17g (exact round trip), plus ".0" only when the result looks like an
 * integer, so -0.0 stays -0.0. Non-finite values have no JSON form: null. */
static void
append_number (GString *s, double v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE + 2];

  if (!isfinite (v))
    {
      g_string_append (s, "null");
      return;
    }
  g_ascii_formatd (buf, G_ASCII_DTOSTR_BUF_SIZE, "%.17g", v);
  if (strpbrk (buf, ".eE") == NULL)
    strcat (buf, ".0");
  g_string_append (s, buf);
}

static void
add_number (JsonBuilder *b, double v)
{
  if (isfinite (v))
    json_builder_add_double_value (b, v);
  else
    json_builder_add_null_value (b);
}

JsonNode *
nnp_model_to_json (const NnpModel *m)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  size_t d, h;

  g_return_val_if_fail (m != NULL && m->theta != NULL, NULL);
  d = m->theta->d;
  h = m->theta->h;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "format");
  json_builder_add_string_value (b, FORMAT_NAME);
  json_builder_set_member_name (b, "version");
  json_builder_add_int_value (b, FORMAT_VERSION);
  json_builder_set_member_name (b, "inputs");
  json_builder_add_int_value (b, (gint64) d);
  json_builder_set_member_name (b, "hidden");
  json_builder_add_int_value (b, (gint64) h);
  json_builder_set_member_name (b, "activation");
  json_builder_add_string_value (b, nnp_activation_name (m->act));

  json_builder_set_member_name (b, "W1");
  json_builder_begin_array (b);
  for (size_t j = 0; j < h; j++)
    {
      json_builder_begin_array (b);
      for (size_t k = 0; k < d; k++)
        add_number (b, W1_at (m, j, k));
      json_builder_end_array (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "b1");
  json_builder_begin_array (b);
  for (size_t j = 0; j < h; j++)
    add_number (b, b1_at (m, j));
  json_builder_end_array (b);

  json_builder_set_member_name (b, "W2");
  json_builder_begin_array (b);
  json_builder_begin_array (b);
  for (size_t j = 0; j < h; j++)
    add_number (b, W2_at (m, j));
  json_builder_end_array (b);
  json_builder_end_array (b);

  json_builder_set_member_name (b, "b2");
  json_builder_begin_array (b);
  add_number (b, *m->theta->b2);
  json_builder_end_array (b);
  json_builder_end_object (b);

  return json_builder_get_root (b);
}

char *
nnp_model_to_string (const NnpModel *m)
{
  GString *s;
  size_t d, h;

  g_return_val_if_fail (m != NULL && m->theta != NULL, NULL);
  d = m->theta->d;
  h = m->theta->h;

  s = g_string_new ("{\n");
  g_string_append_printf (s, "  \"format\": \"%s\",\n", FORMAT_NAME);
  g_string_append_printf (s, "  \"version\": %d,\n", FORMAT_VERSION);
  g_string_append_printf (s, "  \"inputs\": %zu,\n", d);
  g_string_append_printf (s, "  \"hidden\": %zu,\n", h);
  g_string_append_printf (s, "  \"activation\": \"%s\",\n", nnp_activation_name (m->act));

  g_string_append (s, "  \"W1\": [\n");
  for (size_t j = 0; j < h; j++)
    {
      g_string_append (s, "    [");
      for (size_t k = 0; k < d; k++)
        {
          if (k > 0)
            g_string_append (s, ", ");
          append_number (s, W1_at (m, j, k));
        }
      g_string_append (s, j + 1 < h ? "],\n" : "]\n");
    }
  g_string_append (s, "  ],\n");

  g_string_append (s, "  \"b1\": [");
  for (size_t j = 0; j < h; j++)
    {
      if (j > 0)
        g_string_append (s, ", ");
      append_number (s, b1_at (m, j));
    }
  g_string_append (s, "],\n");

  g_string_append (s, "  \"W2\": [\n    [");
  for (size_t j = 0; j < h; j++)
    {
      if (j > 0)
        g_string_append (s, ", ");
      append_number (s, W2_at (m, j));
    }
  g_string_append (s, "]\n  ],\n");

  g_string_append (s, "  \"b2\": [");
  append_number (s, *m->theta->b2);
  g_string_append (s, "]\n}\n");

  return g_string_free (s, FALSE);
}

gboolean
nnp_model_save (const NnpModel *m, const char *path, GError **error)
{
  g_autofree char *text = NULL;
  g_autoptr (GError) local = NULL;

  g_return_val_if_fail (m != NULL && m->theta != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!nnp_params_all_finite (m->theta))
    {
      g_set_error (error, NNP_ERROR, NNP_ERROR_INVALID,
                   _("%s: not written: the model has non-finite parameters"), path);
      return FALSE;
    }
  text = nnp_model_to_string (m);
  if (!g_file_set_contents_full (path, text, -1, G_FILE_SET_CONTENTS_CONSISTENT,
                                 0666, &local))
    {
      g_set_error (error, NNP_ERROR, NNP_ERROR_IO, _("%s: cannot write: %s"), path, local->message);
      return FALSE;
    }
  return TRUE;
}

/* ---- loading ------------------------------------------------------------ */

static void invalid (GError **error, const char *name, const char *fmt, ...) G_GNUC_PRINTF (3, 4);

/* "NAME: message" with NNP_ERROR_INVALID. */
static void
invalid (GError **error, const char *name, const char *fmt, ...)
{
  g_autofree char *msg = NULL;
  va_list ap;

  va_start (ap, fmt);
  msg = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  g_set_error (error, NNP_ERROR, NNP_ERROR_INVALID, "%s: %s", name, msg);
}

static const char *
node_kind (JsonNode *node)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    return "an object";
  if (JSON_NODE_HOLDS_ARRAY (node))
    return "an array";
  if (JSON_NODE_HOLDS_NULL (node))
    return "null";
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      return "a string";
    case G_TYPE_BOOLEAN:
      return "a boolean";
    default:
      return "a number";
    }
}

static gboolean
is_number (JsonNode *node)
{
  GType t;

  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  t = json_node_get_value_type (node);
  return t == G_TYPE_INT64 || t == G_TYPE_DOUBLE;
}

static JsonNode *
member (JsonObject *obj, const char *key, const char *name, GError **error)
{
  JsonNode *node = json_object_get_member (obj, key);

  if (node == NULL)
    invalid (error, name, "missing key \"%s\"", key);
  return node;
}

static gboolean
get_string (JsonObject *obj, const char *key, const char **out,
            const char *name, GError **error)
{
  JsonNode *node = member (obj, key, name, error);

  if (node == NULL)
    return FALSE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      invalid (error, name, "\"%s\" is %s, expected a string", key, node_kind (node));
      return FALSE;
    }
  *out = json_node_get_string (node);
  return TRUE;
}

/* An integer in [lo, hi]; an integral double like 2.0 is accepted. */
static gboolean
get_int (JsonObject *obj, const char *key, gint64 lo, gint64 hi, gint64 *out,
         const char *name, GError **error)
{
  JsonNode *node = member (obj, key, name, error);
  double v;

  if (node == NULL)
    return FALSE;
  if (!is_number (node))
    {
      invalid (error, name, "\"%s\" is %s, expected an integer", key, node_kind (node));
      return FALSE;
    }
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    *out = json_node_get_int (node);
  else
    {
      v = json_node_get_double (node);
      if (!(v == floor (v) && v >= -9.0e15 && v <= 9.0e15))
        {
          invalid (error, name, "\"%s\" is %.17g, expected an integer", key, v);
          return FALSE;
        }
      *out = (gint64) v;
    }
  if (*out < lo || *out > hi)
    {
      invalid (error, name, "\"%s\" is %" G_GINT64_FORMAT ", expected an integer from %"
               G_GINT64_FORMAT " to %" G_GINT64_FORMAT, key, *out, lo, hi);
      return FALSE;
    }
  return TRUE;
}

/* node must be an array of exactly len elements; what names it, why says
 * where len comes from. */
static JsonArray *
get_array (JsonNode *node, size_t len, const char *what, const char *why,
           const char *name, GError **error)
{
  JsonArray *a;
  guint got;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      invalid (error, name, "%s is %s, expected an array of %zu (%s)",
               what, node_kind (node), len, why);
      return NULL;
    }
  a = json_node_get_array (node);
  got = json_array_get_length (a);
  if (got != len)
    {
      invalid (error, name, "%s has %u element%s, expected %zu (%s)",
               what, got, got == 1 ? "" : "s", len, why);
      return NULL;
    }
  return a;
}

/* A rows x cols matrix as an array of arrays; NULL out: check only. */
static gboolean
read_matrix (JsonObject *obj, const char *key, size_t rows, size_t cols,
             const char *rows_why, const char *cols_why, gsl_matrix *out,
             const char *name, GError **error)
{
  JsonNode *node = member (obj, key, name, error);
  g_autofree char *what = g_strdup_printf ("\"%s\"", key);
  JsonArray *a;

  if (node == NULL || (a = get_array (node, rows, what, rows_why, name, error)) == NULL)
    return FALSE;
  for (size_t i = 0; i < rows; i++)
    {
      g_autofree char *rwhat = g_strdup_printf ("\"%s\"[%zu]", key, i);
      JsonArray *r = get_array (json_array_get_element (a, (guint) i), cols, rwhat, cols_why,
                                name, error);

      if (r == NULL)
        return FALSE;
      for (size_t k = 0; k < cols; k++)
        {
          JsonNode *e = json_array_get_element (r, (guint) k);
          double v;

          if (!is_number (e))
            {
              invalid (error, name, "\"%s\"[%zu][%zu] is %s, expected a number",
                       key, i, k, node_kind (e));
              return FALSE;
            }
          v = json_node_get_double (e);
          if (!isfinite (v))
            {
              invalid (error, name, "\"%s\"[%zu][%zu] is not finite, expected a finite number",
                       key, i, k);
              return FALSE;
            }
          if (out != NULL)
            gsl_matrix_set (out, i, k, v);
        }
    }
  return TRUE;
}

/* A vector of len numbers as a flat array; NULL out: check only. */
static gboolean
read_vector (JsonObject *obj, const char *key, size_t len, const char *why,
             gsl_vector *out, const char *name, GError **error)
{
  JsonNode *node = member (obj, key, name, error);
  g_autofree char *what = g_strdup_printf ("\"%s\"", key);
  JsonArray *a;

  if (node == NULL || (a = get_array (node, len, what, why, name, error)) == NULL)
    return FALSE;
  for (size_t j = 0; j < len; j++)
    {
      JsonNode *e = json_array_get_element (a, (guint) j);
      double v;

      if (!is_number (e))
        {
          invalid (error, name, "\"%s\"[%zu] is %s, expected a number", key, j, node_kind (e));
          return FALSE;
        }
      v = json_node_get_double (e);
      if (!isfinite (v))
        {
          invalid (error, name, "\"%s\"[%zu] is not finite, expected a finite number", key, j);
          return FALSE;
        }
      if (out != NULL)
        gsl_vector_set (out, j, v);
    }
  return TRUE;
}

/* Checks (m NULL) or reads (into m) W1, b1, W2, b2. */
static gboolean
read_params (JsonObject *obj, size_t d, size_t h, NnpModel *m,
             const char *name, GError **error)
{
  gsl_vector_view b2 = gsl_vector_view_array (m != NULL ? m->theta->b2 : NULL, 1);

  return read_matrix (obj, "W1", h, d, "one row per hidden unit", "one weight per input",
                      m != NULL ? &m->theta->W1.matrix : NULL, name, error)
      && read_vector (obj, "b1", h, "one bias per hidden unit",
                      m != NULL ? &m->theta->b1.vector : NULL, name, error)
      && read_matrix (obj, "W2", 1, h, "one row, the output unit's", "one weight per hidden unit",
                      m != NULL ? &m->theta->W2.matrix : NULL, name, error)
      && read_vector (obj, "b2", 1, "the output unit's bias",
                      m != NULL ? &b2.vector : NULL, name, error);
}

NnpModel *
nnp_model_from_json (JsonNode *node, const char *name, GError **error)
{
  JsonObject *obj;
  g_autoptr (GList) keys = NULL;
  const char *format, *act_name;
  gint64 version, d, h;
  NnpActivation act;
  NnpModel *m;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  if (name == NULL)
    name = "<model>";

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      invalid (error, name, "the top level is %s, expected an object {\"format\": \"%s\", ...}",
               node != NULL ? node_kind (node) : "empty", FORMAT_NAME);
      return NULL;
    }
  obj = json_node_get_object (node);

  if (!get_string (obj, "format", &format, name, error))
    return NULL;
  if (strcmp (format, FORMAT_NAME) != 0)
    {
      g_autofree char *esc = g_strescape (format, NULL);
      invalid (error, name, "\"format\" is \"%s\", expected \"%s\"", esc, FORMAT_NAME);
      return NULL;
    }
  if (!get_int (obj, "version", G_MININT64, G_MAXINT64, &version, name, error))
    return NULL;
  if (version != FORMAT_VERSION)
    {
      invalid (error, name, "\"version\" is %" G_GINT64_FORMAT ", expected %d "
               "(the version this nnplay reads)", version, FORMAT_VERSION);
      return NULL;
    }

  keys = json_object_get_members (obj);
  for (GList *l = keys; l != NULL; l = l->next)
    if (!g_strv_contains (known_keys, l->data))
      {
        g_autofree char *esc = g_strescape (l->data, NULL);
        invalid (error, name, "unknown key \"%s\", expected only format, version, inputs, "
                 "hidden, activation, W1, b1, W2, b2", esc);
        return NULL;
      }

  if (!get_int (obj, "inputs", 1, G_MAXINT32, &d, name, error)
      || !get_int (obj, "hidden", 1, G_MAXINT32, &h, name, error)
      || !get_string (obj, "activation", &act_name, name, error))
    return NULL;
  if (nnp_activation_from_name (act_name, &act) != 0
      || strcmp (act_name, nnp_activation_name (act)) != 0)
    {
      g_autofree char *esc = g_strescape (act_name, NULL);
      invalid (error, name, "\"activation\" is \"%s\", expected \"sigmoid\", \"tanh\" or \"relu\"",
               esc);
      return NULL;
    }

  /* Shapes and values first, so a wrong "hidden" cannot make us allocate
   * more than the file holds. */
  if (!read_params (obj, (size_t) d, (size_t) h, NULL, name, error))
    return NULL;
  m = nnp_model_alloc ((size_t) d, (size_t) h, act);
  if (m == NULL)
    {
      invalid (error, name, "out of memory for %" G_GINT64_FORMAT " x %" G_GINT64_FORMAT
               " weights", h, d);
      return NULL;
    }
  if (!read_params (obj, (size_t) d, (size_t) h, m, name, error))
    {
      nnp_model_free (m);
      return NULL;
    }
  return m;
}


/* json-glib keeps the last of duplicated keys without a word; the parser's
 * signals let us notice. One set of seen names per open object. */
typedef struct {
  GPtrArray *open;   /* of GHashTable * */
  char *dup;         /* the first duplicated key */
  guint line, pos;
} DupCheck;

static void
on_object_start (JsonParser *parser, gpointer data)
{
  DupCheck *dc = data;

  g_ptr_array_add (dc->open, g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL));
}

static void
on_object_member (JsonParser *parser, JsonObject *object, const char *member_name, gpointer data)
{
  DupCheck *dc = data;
  GHashTable *seen;

  if (dc->open->len == 0)
    return;
  seen = g_ptr_array_index (dc->open, dc->open->len - 1);
  if (!g_hash_table_add (seen, g_strdup (member_name)) && dc->dup == NULL)
    {
      dc->dup = g_strdup (member_name);
      dc->line = json_parser_get_current_line (parser);
      dc->pos = json_parser_get_current_pos (parser);
    }
}

static void
on_object_end (JsonParser *parser, JsonObject *object, gpointer data)
{
  DupCheck *dc = data;

  if (dc->open->len > 0)
    g_ptr_array_set_size (dc->open, dc->open->len - 1);
}

/* json-glib reads an integer literal into 64 bits and wraps around beyond
 * them, silently; so integer literals (no '.', no exponent) of more than 18
 * digits are refused. Strings are skipped. */
static gboolean
check_long_integers (const char *text, gsize len, const char *path, GError **error)
{
  const char *p = text, *end = text + len, *line_start = text;
  size_t line = 1;

  while (p < end)
    {
      if (*p == '\n')
        {
          line++;
          line_start = ++p;
        }
      else if (*p == '"')
        {
          for (p++; p < end && *p != '"'; p++)
            if (*p == '\\' && p + 1 < end && p[1] != '\n')
              p++;
            else if (*p == '\n')
              {
                line++;
                line_start = p + 1;
              }
          p++;
        }
      else if (*p == '-' || g_ascii_isdigit (*p))
        {
          const char *s = p;
          gboolean integer = TRUE;
          size_t digits = 0;

          if (*p == '-')
            p++;
          for (; p < end && (g_ascii_isalnum (*p) || *p == '.' || *p == '+' || *p == '-'); p++)
            {
              if (*p == '.' || *p == 'e' || *p == 'E')
                integer = FALSE;
              digits++;
            }
          if (integer && digits > 18)
            {
              g_set_error (error, NNP_ERROR, NNP_ERROR_PARSE,
                           "%s:%zu:%zu: integer \"%.*s%s\" has more than 18 digits, expected "
                           "a number with a decimal point or an exponent", path, line,
                           (size_t) (s - line_start) + 1, (int) MIN (p - s, 24), s,
                           p - s > 24 ? "..." : "");
              return FALSE;
            }
        }
      else
        p++;
    }
  return TRUE;
}

NnpModel *
nnp_model_load (const char *path, GError **error)
{
  g_autoptr (JsonParser) parser = json_parser_new_immutable ();
  g_autoptr (GPtrArray) open = g_ptr_array_new_with_free_func ((GDestroyNotify) g_hash_table_unref);
  g_autoptr (GError) local = NULL;
  g_autofree char *text = NULL;
  g_autofree char *dup = NULL;
  DupCheck dc = { open, NULL, 0, 0 };
  gsize len = 0;
  gboolean ok;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!nnp_read_file (path, 64 << 20, &text, &len, error))
    return NULL;
  g_signal_connect (parser, "object-start", G_CALLBACK (on_object_start), &dc);
  g_signal_connect (parser, "object-member", G_CALLBACK (on_object_member), &dc);
  g_signal_connect (parser, "object-end", G_CALLBACK (on_object_end), &dc);
  ok = json_parser_load_from_data (parser, text, (gssize) len, &local);
  dup = g_steal_pointer (&dc.dup);
  if (!ok)
    {
      /* json-glib says "<data>:LINE:COL: Parse error: what"; name the file */
      const char *msg = local->message;
      const char *what = strstr (msg, "Parse error: ");

      if (g_str_has_prefix (msg, "<data>:") && what != NULL)
        g_set_error (error, NNP_ERROR, NNP_ERROR_PARSE, "%s:%.*snot valid JSON: %s", path,
                     (int) (what - msg - strlen ("<data>:")), msg + strlen ("<data>:"),
                     what + strlen ("Parse error: "));
      else
        g_set_error (error, NNP_ERROR, NNP_ERROR_PARSE, "%s: not valid JSON: %s", path, msg);
      return NULL;
    }
  if (dup != NULL)
    {
      g_autofree char *esc = g_strescape (dup, NULL);
      g_set_error (error, NNP_ERROR, NNP_ERROR_PARSE,
                   "%s:%u:%u: key \"%s\" appears twice, expected each key once",
                   path, dc.line, dc.pos, esc);
      return NULL;
    }
  if (!check_long_integers (text, len, path, error))
    return NULL;
  if (json_parser_get_root (parser) == NULL)
    {
      g_set_error (error, NNP_ERROR, NNP_ERROR_PARSE,
                   "%s: empty file, expected a JSON object {\"format\": \"%s\", ...}",
                   path, FORMAT_NAME);
      return NULL;
    }
  return nnp_model_from_json (json_parser_get_root (parser), path, error);
}
