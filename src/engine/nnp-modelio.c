/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nnp-modelio.c: the nnplay-model JSON file: writing (exact) and strict loading, through nnp-json. */
#define G_LOG_DOMAIN "nnplay-engine"

#include "config.h"

#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "nnplay/nnp-modelio.h"
#include "nnplay/nnp-error.h"
#include "nnp-io-private.h"
#include "nnp-json-private.h"
#include "nnp-modelio-private.h"

#define FORMAT_NAME "nnplay-model"
#define FORMAT_VERSION 1

static const char *const known_keys[] = {
  "format", "version", "inputs", "hidden", "activation", "W1", "b1", "W2", "b2", NULL
};

/* ---- writing ------------------------------------------------------------ */

void
nnp_model_write_json (NnpJsonWriter *w, const NnpModel *m)
{
  const NnpParams *th = m->theta;

  nnp_json_begin_object (w);
  nnp_json_key (w, "format");
  nnp_json_string_value (w, FORMAT_NAME);
  nnp_json_key (w, "version");
  nnp_json_int_value (w, FORMAT_VERSION);
  nnp_json_key (w, "inputs");
  nnp_json_int_value (w, (gint64) th->d);
  nnp_json_key (w, "hidden");
  nnp_json_int_value (w, (gint64) th->h);
  nnp_json_key (w, "activation");
  nnp_json_string_value (w, nnp_activation_name (m->act));

  nnp_json_key (w, "W1");
  nnp_json_begin_array (w);
  for (size_t j = 0; j < th->h; j++)
    {
      nnp_json_begin_array (w);
      for (size_t k = 0; k < th->d; k++)
        nnp_json_double_value (w, gsl_matrix_get (&th->W1.matrix, j, k));
      nnp_json_end_array (w);
    }
  nnp_json_end_array (w);

  nnp_json_key (w, "b1");
  nnp_json_begin_array (w);
  for (size_t j = 0; j < th->h; j++)
    nnp_json_double_value (w, gsl_vector_get (&th->b1.vector, j));
  nnp_json_end_array (w);

  nnp_json_key (w, "W2");
  nnp_json_begin_array (w);
  nnp_json_begin_array (w);
  for (size_t j = 0; j < th->h; j++)
    nnp_json_double_value (w, gsl_matrix_get (&th->W2.matrix, 0, j));
  nnp_json_end_array (w);
  nnp_json_end_array (w);

  nnp_json_key (w, "b2");
  nnp_json_begin_array (w);
  nnp_json_double_value (w, *th->b2);
  nnp_json_end_array (w);
  nnp_json_end_object (w);
}

char *
nnp_model_to_string (const NnpModel *m)
{
  GString *s;
  NnpJsonWriter w;

  g_return_val_if_fail (m != NULL && m->theta != NULL, NULL);

  /* one weight row a line: readable, and diffs show which unit changed */
  s = g_string_new (NULL);
  nnp_json_writer_init (&w, s, TRUE);
  nnp_model_write_json (&w, m);
  g_string_append_c (s, '\n');
  return g_string_free (s, FALSE);
}

gboolean
nnp_model_save (const NnpModel *m, const char *path, GError **error)
{
  g_autofree char *text = NULL;

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
  return nnp_json_save (text, path, _("cannot write"), error);
}

/* ---- loading ------------------------------------------------------------ */

typedef struct {
  const NnpJson *j;
  NnpJsonValue obj;
  const char *name;
  GError **error;
} Reader;

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
kind_word (Reader *r, NnpJsonValue v)
{
  return nnp_json_kind_word (nnp_json_kind (r->j, v));
}

static NnpJsonValue
member (Reader *r, const char *key)
{
  NnpJsonValue v = nnp_json_get (r->j, r->obj, key);

  if (v == NNP_JSON_NONE)
    invalid (r->error, r->name, _("missing key \"%s\""), key);
  return v;
}

/* A string without "\u0000"; NULL (error set) otherwise. */
static char *
get_string (Reader *r, const char *key)
{
  NnpJsonValue v = member (r, key);
  char *str;

  if (v == NNP_JSON_NONE)
    return NULL;
  if (nnp_json_kind (r->j, v) != NNP_JSON_KIND_STRING)
    {
      invalid (r->error, r->name, _("\"%s\" is %s, expected a string"), key, kind_word (r, v));
      return NULL;
    }
  str = nnp_json_string (r->j, v);
  if (str == NULL)
    invalid (r->error, r->name, _("\"%s\" holds a NUL character"), key);
  return str;
}

/* An integer in [lo, hi]; an integral double like 2.0 is accepted. */
static gboolean
get_int (Reader *r, const char *key, gint64 lo, gint64 hi, gint64 *out)
{
  NnpJsonValue v = member (r, key);
  double x;

  if (v == NNP_JSON_NONE)
    return FALSE;
  if (nnp_json_kind (r->j, v) != NNP_JSON_KIND_NUMBER)
    {
      invalid (r->error, r->name, _("\"%s\" is %s, expected an integer"), key, kind_word (r, v));
      return FALSE;
    }
  if (!nnp_json_int (r->j, v, out))
    {
      x = nnp_json_double (r->j, v);
      if (!(x == floor (x) && x >= -9.0e15 && x <= 9.0e15))
        {
          invalid (r->error, r->name, _("\"%s\" is %.17g, expected an integer"), key, x);
          return FALSE;
        }
      *out = (gint64) x;
    }
  if (*out < lo || *out > hi)
    {
      invalid (r->error, r->name, _("\"%s\" is %" PRId64 ", expected an integer from %"
               PRId64 " to %" PRId64), key, *out, lo, hi);
      return FALSE;
    }
  return TRUE;
}

/* v must be an array of exactly len elements; what names it, why says
 * where len comes from. */
static gboolean
check_array (Reader *r, NnpJsonValue v, size_t len, const char *what, const char *why)
{
  size_t got;

  if (nnp_json_kind (r->j, v) != NNP_JSON_KIND_ARRAY)
    {
      invalid (r->error, r->name, _("%s is %s, expected an array of %zu (%s)"),
               what, kind_word (r, v), len, why);
      return FALSE;
    }
  got = nnp_json_length (r->j, v);
  if (got != len)
    {
      invalid (r->error, r->name, ngettext ("%s has %zu element, expected %zu (%s)",
                                            "%s has %zu elements, expected %zu (%s)", got),
               what, got, len, why);
      return FALSE;
    }
  return TRUE;
}

/* The len numbers of array v into out (NULL: shapes only); what names v. */
static gboolean
read_numbers (Reader *r, NnpJsonValue v, size_t len, const char *what, double *out, size_t stride)
{
  NnpJsonIter it;
  NnpJsonValue e;
  size_t k = 0;

  if (out == NULL)
    return TRUE;
  nnp_json_iter_init (r->j, v, &it);
  for (; k < len && nnp_json_iter_next (r->j, &it, &e); k++)
    {
      double x;

      if (nnp_json_kind (r->j, e) != NNP_JSON_KIND_NUMBER)
        {
          invalid (r->error, r->name, _("%s[%zu] is %s, expected a number"), what, k, kind_word (r, e));
          return FALSE;
        }
      x = nnp_json_double (r->j, e);
      if (!isfinite (x))
        {
          invalid (r->error, r->name, _("%s[%zu] is not finite, expected a finite number"), what, k);
          return FALSE;
        }
      out[k * stride] = x;
    }
  return TRUE;
}

/* A rows x cols matrix as an array of arrays; NULL out: its shape only. */
static gboolean
read_matrix (Reader *r, const char *key, size_t rows, size_t cols,
             const char *rows_why, const char *cols_why, gsl_matrix *out)
{
  NnpJsonValue v = member (r, key);
  g_autofree char *what = g_strdup_printf ("\"%s\"", key);
  NnpJsonIter it;
  NnpJsonValue row;

  if (v == NNP_JSON_NONE || !check_array (r, v, rows, what, rows_why))
    return FALSE;
  nnp_json_iter_init (r->j, v, &it);
  for (size_t i = 0; i < rows && nnp_json_iter_next (r->j, &it, &row); i++)
    {
      g_autofree char *rwhat = g_strdup_printf ("\"%s\"[%zu]", key, i);

      if (!check_array (r, row, cols, rwhat, cols_why)
          || !read_numbers (r, row, cols, rwhat, out != NULL ? gsl_matrix_ptr (out, i, 0) : NULL, 1))
        return FALSE;
    }
  return TRUE;
}

/* A vector of len numbers as a flat array; NULL out: its shape only. */
static gboolean
read_vector (Reader *r, const char *key, size_t len, const char *why, gsl_vector *out)
{
  NnpJsonValue v = member (r, key);
  g_autofree char *what = g_strdup_printf ("\"%s\"", key);

  return v != NNP_JSON_NONE && check_array (r, v, len, what, why)
      && read_numbers (r, v, len, what, out != NULL ? out->data : NULL, out != NULL ? out->stride : 1);
}

/* Checks the shapes (m NULL) or reads the values (into m) of W1, b1, W2, b2. */
static gboolean
read_params (Reader *r, size_t d, size_t h, NnpModel *m)
{
  gsl_vector_view b2 = gsl_vector_view_array (m != NULL ? m->theta->b2 : NULL, 1);

  return read_matrix (r, "W1", h, d, _("one row per hidden unit"), _("one weight per input"),
                      m != NULL ? &m->theta->W1.matrix : NULL)
      && read_vector (r, "b1", h, _("one bias per hidden unit"),
                      m != NULL ? &m->theta->b1.vector : NULL)
      && read_matrix (r, "W2", 1, h, _("one row, the output unit's"), _("one weight per hidden unit"),
                      m != NULL ? &m->theta->W2.matrix : NULL)
      && read_vector (r, "b2", 1, _("the output unit's bias"), m != NULL ? &b2.vector : NULL);
}

NnpModel *
nnp_model_read_json (const NnpJson *j, NnpJsonValue v, const char *name, GError **error)
{
  Reader r = { j, v, name != NULL ? name : "<model>", error };
  g_autofree char *format = NULL, *act_name = NULL;
  gint64 version, d, h;
  NnpActivation act;
  NnpModel *m;
  guint n;

  if (nnp_json_kind (j, v) != NNP_JSON_KIND_OBJECT)
    {
      invalid (error, r.name, _("the top level is %s, expected an object {\"format\": \"%s\", ...}"),
               nnp_json_kind_word (nnp_json_kind (j, v)), FORMAT_NAME);
      return NULL;
    }

  if ((format = get_string (&r, "format")) == NULL)
    return NULL;
  if (strcmp (format, FORMAT_NAME) != 0)
    {
      g_autofree char *esc = g_strescape (format, NULL);
      invalid (error, r.name, _("\"format\" is \"%s\", expected \"%s\""), esc, FORMAT_NAME);
      return NULL;
    }
  if (!get_int (&r, "version", G_MININT64, G_MAXINT64, &version))
    return NULL;
  if (version != FORMAT_VERSION)
    {
      invalid (error, r.name, _("\"version\" is %" PRId64 ", expected %d "
               "(the version this nnplay reads)"), version, FORMAT_VERSION);
      return NULL;
    }

  n = nnp_json_n_members (j, v);
  for (guint i = 0; i < n; i++)
    {
      gsize len;
      const char *key = nnp_json_member_key (j, v, i, &len);

      if (strlen (key) != len || !g_strv_contains (known_keys, key))
        {
          g_autofree char *esc = g_strescape (key, NULL);
          invalid (error, r.name, _("unknown key \"%s\", expected only format, version, inputs, "
                   "hidden, activation, W1, b1, W2, b2"), esc);
          return NULL;
        }
    }

  if (!get_int (&r, "inputs", 1, G_MAXINT32, &d)
      || !get_int (&r, "hidden", 1, G_MAXINT32, &h)
      || (act_name = get_string (&r, "activation")) == NULL)
    return NULL;
  if (nnp_activation_from_name (act_name, &act) != 0
      || strcmp (act_name, nnp_activation_name (act)) != 0)
    {
      g_autofree char *esc = g_strescape (act_name, NULL);
      invalid (error, r.name, _("\"activation\" is \"%s\", expected \"sigmoid\", \"tanh\" or \"relu\""),
               esc);
      return NULL;
    }

  /* Shapes first, so a wrong "hidden" cannot make us allocate more than
   * the file holds; then the values, straight into the weights. */
  if (!read_params (&r, (size_t) d, (size_t) h, NULL))
    return NULL;
  m = nnp_model_alloc ((size_t) d, (size_t) h, act);
  if (m == NULL)
    {
      invalid (error, r.name, _("out of memory for %" PRId64 " x %" PRId64
               " weights"), h, d);
      return NULL;
    }
  if (!read_params (&r, (size_t) d, (size_t) h, m))
    {
      nnp_model_free (m);
      return NULL;
    }
  return m;
}

NnpModel *
nnp_model_from_string (const char *text, gssize len, const char *name, GError **error)
{
  g_autoptr (NnpJson) j = NULL;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (name == NULL)
    name = "<model>";
  j = nnp_json_parse (text, len < 0 ? strlen (text) : (gsize) len, name, error);
  if (j == NULL)
    return NULL;
  if (nnp_json_root (j) == NNP_JSON_NONE)
    {
      g_set_error (error, NNP_ERROR, NNP_ERROR_PARSE,
                   _("%s: empty file, expected a JSON object {\"format\": \"%s\", ...}"),
                   name, FORMAT_NAME);
      return NULL;
    }
  return nnp_model_read_json (j, nnp_json_root (j), name, error);
}

NnpModel *
nnp_model_load (const char *path, GError **error)
{
  g_autofree char *text = NULL;
  gsize len = 0;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!nnp_read_file (path, NNP_MODEL_MAX_BYTES, &text, &len, error))
    return NULL;
  return nnp_model_from_string (text, (gssize) len, path, error);
}
