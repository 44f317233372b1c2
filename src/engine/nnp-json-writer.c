/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nnp-json-writer.c: one JSON writer (exact numbers) and the atomic save, for models and sessions. */
#define G_LOG_DOMAIN "nnplay-engine"
#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "nnplay/nnp-error.h"
#include "nnp-io-private.h"
#include "nnp-json-private.h"

void
nnp_json_writer_init (NnpJsonWriter *w, GString *out, gboolean pretty)
{
  memset (w, 0, sizeof *w);
  w->out = out;
  w->pretty = pretty;
}

static void
newline (NnpJsonWriter *w, guint depth)
{
  g_string_append_c (w->out, '\n');
  for (guint i = 0; i < depth; i++)
    g_string_append (w->out, "  ");
}

/* Before a value (or a key): the separator and, pretty, the line break. */
static void
before_value (NnpJsonWriter *w, gboolean container)
{
  guint d = w->depth;

  if (w->after_key)
    {
      w->after_key = FALSE;
      return;
    }
  if (d == 0)
    return;
  if (w->count[d - 1] > 0)
    g_string_append_c (w->out, ',');
  if (w->pretty && w->kind[d - 1] == '[' && container)
    w->nested[d - 1] = TRUE;
  if (w->pretty && (w->kind[d - 1] == '{' || w->nested[d - 1]))
    newline (w, d);
  else if (w->pretty && w->count[d - 1] > 0)
    g_string_append_c (w->out, ' ');
  w->count[d - 1]++;
}

static void
begin (NnpJsonWriter *w, char kind)
{
  before_value (w, TRUE);
  g_assert (w->depth < NNP_JSON_MAX_DEPTH);
  w->kind[w->depth] = (guint8) kind;
  w->count[w->depth] = 0;
  w->nested[w->depth] = FALSE;
  w->depth++;
  g_string_append_c (w->out, kind);
}

static void
end (NnpJsonWriter *w, char kind)
{
  g_assert (w->depth > 0 && w->kind[w->depth - 1] == (kind == '}' ? '{' : '['));
  w->depth--;
  if (w->pretty && (kind == '}' ? w->count[w->depth] > 0 : w->nested[w->depth]))
    newline (w, w->depth);
  g_string_append_c (w->out, kind);
}

void nnp_json_begin_object (NnpJsonWriter *w) { begin (w, '{'); }
void nnp_json_end_object   (NnpJsonWriter *w) { end (w, '}'); }
void nnp_json_begin_array  (NnpJsonWriter *w) { begin (w, '['); }
void nnp_json_end_array    (NnpJsonWriter *w) { end (w, ']'); }

static void
append_string (GString *out, const char *s)
{
  g_string_append_c (out, '"');
  for (const guchar *c = (const guchar *) s; *c; c++)
    {
      if (*c == '"' || *c == '\\')
        {
          g_string_append_c (out, '\\');
          g_string_append_c (out, (char) *c);
        }
      else if (*c < 0x20)
        g_string_append_printf (out, "\\u%04x", *c);
      else
        g_string_append_c (out, (char) *c);
    }
  g_string_append_c (out, '"');
}

void
nnp_json_key (NnpJsonWriter *w, const char *key)
{
  g_assert (w->depth > 0 && w->kind[w->depth - 1] == '{' && !w->after_key);
  before_value (w, FALSE);
  append_string (w->out, key);
  g_string_append (w->out, w->pretty ? ": " : ":");
  w->after_key = TRUE;
}

/* %.17g reads back exactly; ".0" only where the text looks like an
 * integer, so -0.0 stays -0.0 and 1e21 stays 1e+21. */
void
nnp_json_double_value (NnpJsonWriter *w, double v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE + 2];

  before_value (w, FALSE);
  if (!isfinite (v))
    {
      g_string_append (w->out, "null");
      return;
    }
  g_ascii_formatd (buf, G_ASCII_DTOSTR_BUF_SIZE, "%.17g", v);
  if (strpbrk (buf, ".eE") == NULL)
    strcat (buf, ".0");
  g_string_append (w->out, buf);
}

void
nnp_json_int_value (NnpJsonWriter *w, gint64 v)
{
  before_value (w, FALSE);
  g_string_append_printf (w->out, "%" G_GINT64_FORMAT, v);
}

void
nnp_json_string_value (NnpJsonWriter *w, const char *s)
{
  before_value (w, FALSE);
  append_string (w->out, s);
}

void
nnp_json_boolean_value (NnpJsonWriter *w, gboolean v)
{
  before_value (w, FALSE);
  g_string_append (w->out, v ? "true" : "false");
}

void
nnp_json_null_value (NnpJsonWriter *w)
{
  before_value (w, FALSE);
  g_string_append (w->out, "null");
}

gboolean
nnp_json_save (const char *text, const char *path, const char *what, GError **error)
{
  g_autoptr (GError) local = NULL;

  /* nnp-io's one atomic writer: whole or not at all, through symlinks,
   * the mode kept, never over a device or a FIFO. */
  if (!nnp_write_file_atomic (path, text, strlen (text), &local))
    {
      /* the writer's message already starts "PATH: cannot write: ": say
       * the path and what failed once ("/dev/full: cannot write: /dev/full:
       * cannot write: a device, ..." had said them twice) */
      g_autofree char *said = g_strdup_printf (_("%s: cannot write: %s"), path, "");
      const char *why = g_str_has_prefix (local->message, said) ? local->message + strlen (said) : local->message;
      g_set_error (error, NNP_ERROR, local->code, "%s: %s: %s", path, what, why);
      return FALSE;
    }
  return TRUE;
}
