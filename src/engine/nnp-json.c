/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nnp-json.c: one strict, iterative JSON reader (no tree), for models and sessions. */
#define G_LOG_DOMAIN "nnplay-engine"
#include "config.h"

#include <math.h>
#include <stdarg.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "nnplay/nnp-error.h"
#include "nnp-json-private.h"

typedef struct {
  guint32 key_text;   /* offset of the key's opening quote, for messages */
  guint32 key;        /* offset of the decoded key in keys */
  guint32 key_len;
  guint32 value;
} Member;

typedef struct {
  guint32 offset;     /* of the '{' */
  guint32 first;      /* index in members */
  guint32 count;
} Object;

struct NnpJson {
  const char *text;
  gsize len;
  NnpJsonValue root;
  GArray *members;    /* of Member, each object's contiguous */
  GArray *objects;    /* of Object with members, sorted by offset */
  GString *keys;      /* decoded keys, each NUL-terminated */
};

/* ---- Parsing. ----------------------------------------------------------- */

typedef struct {
  const char *text;
  gsize len, pos;
  const char *name;
  GError **error;
  NnpJson *j;
  GArray *pending;    /* members of the open objects, innermost last */
} Parser;

static gboolean G_GNUC_PRINTF (4, 0)
fail_at (Parser *p, int code, gsize at, const char *fmt, va_list ap)
{
  g_autofree char *what = g_strdup_vprintf (fmt, ap);
  gsize line = 1, col = 1;

  for (gsize i = 0; i < at && i < p->len; i++)
    if (p->text[i] == '\n')
      line++, col = 1;
    else
      col++;
  g_set_error (p->error, NNP_ERROR, code, "%s:%" G_GSIZE_FORMAT ":%" G_GSIZE_FORMAT ": %s",
               p->name, line, col, what);
  return FALSE;
}

/* "NAME:LINE:COLUMN: what" (NNP_ERROR_PARSE) for the byte at offset at. */
static gboolean G_GNUC_PRINTF (3, 4)
parse_error (Parser *p, gsize at, const char *fmt, ...)
{
  va_list ap;

  va_start (ap, fmt);
  fail_at (p, NNP_ERROR_PARSE, at, fmt, ap);
  va_end (ap);
  return FALSE;
}

static gboolean G_GNUC_PRINTF (3, 4)
too_large (Parser *p, gsize at, const char *fmt, ...)
{
  va_list ap;

  va_start (ap, fmt);
  fail_at (p, NNP_ERROR_TOO_LARGE, at, fmt, ap);
  va_end (ap);
  return FALSE;
}

static void
skip_blanks (Parser *p)
{
  while (p->pos < p->len)
    {
      char c = p->text[p->pos];
      if (c != ' ' && c != '\n' && c != '\t' && c != '\r')
        break;
      p->pos++;
    }
}

static int
hex_value (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

static gboolean
read_hex4 (Parser *p, gsize at, gunichar *out)
{
  *out = 0;
  if (at + 4 > p->len)
    return FALSE;
  for (int i = 0; i < 4; i++)
    {
      int v = hex_value (p->text[at + i]);
      if (v < 0)
        return FALSE;
      *out = *out * 16 + (gunichar) v;
    }
  return TRUE;
}

/* The string at p->pos (its '"'), checked and, with out, decoded. */
static gboolean
parse_string (Parser *p, GString *out)
{
  gsize start = p->pos;

  p->pos++;
  for (;;)
    {
      guchar c;

      if (p->pos >= p->len)
        return parse_error (p, start, _("not valid JSON: the string does not end"));
      c = (guchar) p->text[p->pos];
      if (c == '"')
        {
          p->pos++;
          return TRUE;
        }
      if (c < 0x20)
        return parse_error (p, p->pos, _("not valid JSON: a control character in a string"));
      if (c == '\\')
        {
          gsize at = p->pos;
          gunichar u;
          char e = p->pos + 1 < p->len ? p->text[p->pos + 1] : '\0';
          const char *simple = strchr ("\"\\/bfnrt", e);

          if (e != '\0' && simple != NULL)
            {
              if (out)
                g_string_append_c (out, "\"\\/\b\f\n\r\t"[simple - "\"\\/bfnrt"]);
              p->pos += 2;
              continue;
            }
          if (e != 'u' || !read_hex4 (p, at + 2, &u))
            return parse_error (p, at, _("not valid JSON: a bad escape in a string"));
          p->pos += 6;
          if (u >= 0xdc00 && u <= 0xdfff)
            return parse_error (p, at, _("not valid JSON: a lone UTF-16 surrogate in a string"));
          if (u >= 0xd800 && u <= 0xdbff)
            {
              gunichar lo;
              if (p->pos + 1 >= p->len || p->text[p->pos] != '\\' || p->text[p->pos + 1] != 'u'
                  || !read_hex4 (p, p->pos + 2, &lo) || lo < 0xdc00 || lo > 0xdfff)
                return parse_error (p, at, _("not valid JSON: a lone UTF-16 surrogate in a string"));
              u = 0x10000 + ((u - 0xd800) << 10) + (lo - 0xdc00);
              p->pos += 6;
            }
          if (out)
            g_string_append_unichar (out, u);
          continue;
        }
      if (c < 0x80)
        {
          if (out)
            g_string_append_c (out, (char) c);
          p->pos++;
          continue;
        }
      {
        gunichar u = g_utf8_get_char_validated (p->text + p->pos, (gssize) (p->len - p->pos));
        gsize n;

        if (u == (gunichar) -1 || u == (gunichar) -2)
          return parse_error (p, p->pos, _("not valid JSON: the text is not UTF-8"));
        n = (gsize) g_utf8_skip[c];
        if (out)
          g_string_append_len (out, p->text + p->pos, (gssize) n);
        p->pos += n;
      }
    }
}

static gboolean
is_digit (Parser *p, gsize at)
{
  return at < p->len && p->text[at] >= '0' && p->text[at] <= '9';
}

/* The text at pos starts with word: a literal, or NaN and Infinity,
 * which are named only where they are written ("Name: x" had been told
 * about them). */
static gboolean
has_word (const Parser *p, gsize pos, const char *word)
{
  const gsize n = strlen (word);
  return pos <= p->len && p->len - pos >= n && memcmp (p->text + pos, word, n) == 0;
}

/* Integer literals must fit in 64 bits: a reader that wraps or rounds
 * them would change a seed or a count without a word. */
static gboolean
parse_number (Parser *p)
{
  gsize start = p->pos;
  gboolean integer = TRUE, negative = FALSE;
  guint64 mag = 0, limit;
  gboolean overflow = FALSE;

  if (p->text[p->pos] == '-')
    negative = TRUE, p->pos++;
  if (negative && has_word (p, p->pos, "Infinity"))
    return parse_error (p, start, _("not valid JSON: NaN and Infinity are not JSON numbers "
                                    "(every number must be finite)"));
  if (!is_digit (p, p->pos))
    return parse_error (p, start, _("not valid JSON: a number needs digits"));
  if (p->text[p->pos] == '0' && is_digit (p, p->pos + 1))
    return parse_error (p, start, _("not valid JSON: a number cannot start with 0"));
  limit = negative ? (guint64) G_MAXINT64 + 1 : (guint64) G_MAXINT64;
  while (is_digit (p, p->pos))
    {
      guint d = (guint) (p->text[p->pos++] - '0');
      if (mag > (limit - d) / 10)
        overflow = TRUE;
      else
        mag = mag * 10 + d;
    }
  if (p->pos < p->len && p->text[p->pos] == '.')
    {
      integer = FALSE;
      p->pos++;
      if (!is_digit (p, p->pos))
        return parse_error (p, start, _("not valid JSON: a number needs digits after '.'"));
      while (is_digit (p, p->pos))
        p->pos++;
    }
  if (p->pos < p->len && (p->text[p->pos] == 'e' || p->text[p->pos] == 'E'))
    {
      integer = FALSE;
      p->pos++;
      if (p->pos < p->len && (p->text[p->pos] == '+' || p->text[p->pos] == '-'))
        p->pos++;
      if (!is_digit (p, p->pos))
        return parse_error (p, start, _("not valid JSON: a number needs digits in its exponent"));
      while (is_digit (p, p->pos))
        p->pos++;
    }
  if (integer && overflow)
    {
      gsize n = p->pos - start;
      return parse_error (p, start, _("integer \"%.*s%s\" does not fit in 64 bits, expected a number "
                          "with a decimal point or an exponent"),
                          (int) MIN (n, 24), p->text + start, n > 24 ? "..." : "");
    }
  return TRUE;
}

static gboolean
parse_literal (Parser *p)
{
  static const char *const words[] = { "true", "false", "null" };

  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    {
      if (has_word (p, p->pos, words[i]))
        {
          p->pos += strlen (words[i]);
          return TRUE;
        }
    }
  return FALSE;
}

static int
compare_keys (gconstpointer a, gconstpointer b, gpointer data)
{
  const Member *ma = a, *mb = b;
  const char *keys = data;
  int c;

  c = memcmp (keys + ma->key, keys + mb->key, MIN (ma->key_len, mb->key_len));
  if (c == 0 && ma->key_len != mb->key_len)
    c = ma->key_len < mb->key_len ? -1 : 1;
  if (c == 0)
    c = ma->key_text < mb->key_text ? -1 : ma->key_text > mb->key_text;
  return c;
}

/* The object at offset closes: its members are the last count pending. */
static gboolean
close_object (Parser *p, guint32 offset, guint32 first_pending)
{
  guint32 count = p->pending->len - first_pending;
  Member *mine = &g_array_index (p->pending, Member, first_pending);
  Object o = { offset, p->j->members->len, count };

  if (count == 0)
    return TRUE;
  if (count > 1)
    {
      g_autofree Member *sorted = g_memdup2 (mine, count * sizeof (Member));
      const Member *dup = NULL;

      g_qsort_with_data (sorted, (gint) count, sizeof (Member), compare_keys, p->j->keys->str);
      for (guint32 i = 1; i < count; i++)
        if (sorted[i].key_len == sorted[i - 1].key_len
            && memcmp (p->j->keys->str + sorted[i].key, p->j->keys->str + sorted[i - 1].key,
                       sorted[i].key_len) == 0
            && (dup == NULL || sorted[i].key_text < dup->key_text))
          dup = &sorted[i];
      if (dup != NULL)
        {
          g_autofree char *esc = g_strescape (p->j->keys->str + dup->key, NULL);
          return parse_error (p, dup->key_text, _("key \"%s\" appears twice, expected each key once"), esc);
        }
    }
  g_array_append_vals (p->j->members, mine, count);
  g_array_append_val (p->j->objects, o);
  g_array_set_size (p->pending, first_pending);
  return TRUE;
}

static gboolean
parse_key (Parser *p)
{
  Member m;

  if (p->pos >= p->len || p->text[p->pos] != '"')
    return parse_error (p, p->pos, _("not valid JSON: expected a key in double quotes"));
  if (p->pending->len + p->j->members->len >= NNP_JSON_MAX_MEMBERS)
    return too_large (p, p->pos, _("more than %d keys in the file, more than any nnplay file has"),
                      NNP_JSON_MAX_MEMBERS);
  m.key_text = (guint32) p->pos;
  m.key = (guint32) p->j->keys->len;
  if (!parse_string (p, p->j->keys))
    return FALSE;
  m.key_len = (guint32) (p->j->keys->len - m.key);
  g_string_append_c (p->j->keys, '\0');
  skip_blanks (p);
  if (p->pos >= p->len || p->text[p->pos] != ':')
    return parse_error (p, p->pos, _("not valid JSON: expected ':' after the key"));
  p->pos++;
  skip_blanks (p);
  m.value = (guint32) p->pos;
  g_array_append_val (p->pending, m);
  return TRUE;
}

static int
compare_objects (gconstpointer a, gconstpointer b)
{
  const Object *oa = a, *ob = b;
  return oa->offset < ob->offset ? -1 : oa->offset > ob->offset;
}

static gboolean
parse_document (Parser *p)
{
  char open[NNP_JSON_MAX_DEPTH];
  guint32 where[NNP_JSON_MAX_DEPTH], first[NNP_JSON_MAX_DEPTH];
  guint depth = 0;

  skip_blanks (p);
  if (p->pos >= p->len)
    return TRUE;
  p->j->root = (guint32) p->pos;

  for (;;)
    {
      /* A value at p->pos. */
      char c = p->pos < p->len ? p->text[p->pos] : '\0';

      if (p->pos >= p->len)
        return parse_error (p, p->pos, _("not valid JSON: the text ends where a value was expected"));
      if (c == '{' || c == '[')
        {
          if (depth == NNP_JSON_MAX_DEPTH)
            return parse_error (p, p->pos, _("not valid JSON: nested more than %d deep"),
                                NNP_JSON_MAX_DEPTH);
          open[depth] = c;
          where[depth] = (guint32) p->pos;
          first[depth] = p->pending->len;
          depth++;
          p->pos++;
          skip_blanks (p);
          if (p->pos < p->len && p->text[p->pos] == (c == '{' ? '}' : ']'))
            {
              depth--;
              p->pos++;
            }
          else if (c == '{')
            {
              if (!parse_key (p))
                return FALSE;
              continue;
            }
          else
            continue;
        }
      else if (c == '"')
        {
          if (!parse_string (p, NULL))
            return FALSE;
        }
      else if (c == '-' || (c >= '0' && c <= '9'))
        {
          if (!parse_number (p))
            return FALSE;
        }
      else if (!parse_literal (p))
        {
          if (has_word (p, p->pos, "NaN") || has_word (p, p->pos, "Infinity"))
            return parse_error (p, p->pos, _("not valid JSON: NaN and Infinity are not JSON numbers "
                                             "(every number must be finite)"));
          if (g_ascii_isprint (c))
            return parse_error (p, p->pos, _("not valid JSON: unexpected '%c'"), c);
          return parse_error (p, p->pos, _("not valid JSON: unexpected byte 0x%02x"), (guchar) c);
        }

      /* After a value: a comma, or the end of its containers. */
      for (;;)
        {
          skip_blanks (p);
          if (depth == 0)
            {
              if (p->pos < p->len)
                return parse_error (p, p->pos, _("not valid JSON: more text after the document"));
              return TRUE;
            }
          if (p->pos >= p->len)
            return parse_error (p, p->pos, open[depth - 1] == '{'
                                ? _("not valid JSON: the text ends inside an object")
                                : _("not valid JSON: the text ends inside an array"));
          c = p->text[p->pos];
          if (c == ',')
            {
              p->pos++;
              skip_blanks (p);
              if (open[depth - 1] == '{' && !parse_key (p))
                return FALSE;
              break;
            }
          if (c != (open[depth - 1] == '{' ? '}' : ']'))
            return parse_error (p, p->pos, _("not valid JSON: expected ',' or '%c'"),
                                open[depth - 1] == '{' ? '}' : ']');
          depth--;
          p->pos++;
          if (open[depth] == '{' && !close_object (p, where[depth], first[depth]))
            return FALSE;
        }
    }
}

NnpJson *
nnp_json_parse (const char *text, gsize len, const char *name, GError **error)
{
  g_autoptr (NnpJson) j = g_new0 (NnpJson, 1);
  g_autoptr (GArray) pending = g_array_new (FALSE, FALSE, sizeof (Member));
  Parser p = { text, len, 0, name, error, j, pending };

  g_return_val_if_fail (text != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* a UTF-8 byte order mark, as some editors write, is not text (data
   * CSVs took it; a model or session with one had been "not valid JSON") */
  if (len >= 3 && memcmp (text, "\xef\xbb\xbf", 3) == 0)
    p.pos = 3;
  j->text = text;
  j->len = len;
  j->root = NNP_JSON_NONE;
  j->members = g_array_new (FALSE, FALSE, sizeof (Member));
  j->objects = g_array_new (FALSE, FALSE, sizeof (Object));
  j->keys = g_string_new (NULL);
  if (len >= NNP_JSON_NONE)
    {
      g_set_error (error, NNP_ERROR, NNP_ERROR_TOO_LARGE, _("%s: the text is 4 GB or more, "
                   "more than nnplay reads"), name);
      return NULL;
    }
  if (!parse_document (&p))
    return NULL;
  g_array_sort (j->objects, compare_objects);
  return g_steal_pointer (&j);
}

void
nnp_json_free (NnpJson *j)
{
  if (j == NULL)
    return;
  if (j->members)
    g_array_unref (j->members);
  if (j->objects)
    g_array_unref (j->objects);
  if (j->keys)
    g_string_free (j->keys, TRUE);
  g_free (j);
}

/* ---- Reading values (the text is known to be valid). -------------------- */

NnpJsonValue
nnp_json_root (const NnpJson *j)
{
  return j->root;
}

NnpJsonKind
nnp_json_kind (const NnpJson *j, NnpJsonValue v)
{
  if (v == NNP_JSON_NONE)
    return NNP_JSON_KIND_NONE;
  switch (j->text[v])
    {
    case '{': return NNP_JSON_KIND_OBJECT;
    case '[': return NNP_JSON_KIND_ARRAY;
    case '"': return NNP_JSON_KIND_STRING;
    case 'n': return NNP_JSON_KIND_NULL;
    case 't':
    case 'f': return NNP_JSON_KIND_BOOLEAN;
    default:  return NNP_JSON_KIND_NUMBER;
    }
}

const char *
nnp_json_kind_word (NnpJsonKind kind)
{
  switch (kind)
    {
    case NNP_JSON_KIND_NULL:    return "null";
    case NNP_JSON_KIND_BOOLEAN: return _("a boolean");
    case NNP_JSON_KIND_NUMBER:  return _("a number");
    case NNP_JSON_KIND_STRING:  return _("a string");
    case NNP_JSON_KIND_ARRAY:   return _("an array");
    case NNP_JSON_KIND_OBJECT:  return _("an object");
    case NNP_JSON_KIND_NONE:
    default:                    return _("empty");
    }
}

static const Object *
find_object (const NnpJson *j, NnpJsonValue obj)
{
  guint lo = 0, hi = j->objects->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      const Object *o = &g_array_index (j->objects, Object, mid);
      if (o->offset == obj)
        return o;
      if (o->offset < obj)
        lo = mid + 1;
      else
        hi = mid;
    }
  return NULL;
}

NnpJsonValue
nnp_json_get (const NnpJson *j, NnpJsonValue obj, const char *key)
{
  const Object *o = nnp_json_kind (j, obj) == NNP_JSON_KIND_OBJECT ? find_object (j, obj) : NULL;
  gsize n = strlen (key);

  if (o == NULL)
    return NNP_JSON_NONE;
  for (guint32 i = 0; i < o->count; i++)
    {
      const Member *m = &g_array_index (j->members, Member, o->first + i);
      if (m->key_len == n && memcmp (j->keys->str + m->key, key, n) == 0)
        return m->value;
    }
  return NNP_JSON_NONE;
}

guint
nnp_json_n_members (const NnpJson *j, NnpJsonValue obj)
{
  const Object *o = nnp_json_kind (j, obj) == NNP_JSON_KIND_OBJECT ? find_object (j, obj) : NULL;

  return o != NULL ? o->count : 0;
}

const char *
nnp_json_member_key (const NnpJson *j, NnpJsonValue obj, guint i, gsize *len)
{
  const Object *o = find_object (j, obj);
  const Member *m;

  g_return_val_if_fail (o != NULL && i < o->count, NULL);
  m = &g_array_index (j->members, Member, o->first + i);
  if (len)
    *len = m->key_len;
  return j->keys->str + m->key;
}

static gsize
skip_string (const NnpJson *j, gsize pos)
{
  for (pos++; j->text[pos] != '"'; pos++)
    if (j->text[pos] == '\\')
      pos++;
  return pos + 1;
}

static inline gboolean
is_blank (char c)
{
  return c == ' ' || c == '\n' || c == '\t' || c == '\r';
}

/* What may end a number or a literal in valid text (or the text's end). */
static inline gboolean
ends_scalar (char c)
{
  return c == ',' || c == ']' || c == '}' || c == '\0' || is_blank (c);
}

/* The offset just after the value at pos. */
static gsize
skip_value (const NnpJson *j, gsize pos)
{
  const char *t = j->text;
  gsize depth = 0;

  do
    {
      switch (t[pos])
        {
        case '"':
          pos = skip_string (j, pos);
          continue;
        case '{':
        case '[':
          depth++;
          break;
        case '}':
        case ']':
          depth--;
          break;
        default:
          if (depth == 0)
            {
              /* a number or a literal: up to the next delimiter */
              while (pos < j->len && !ends_scalar (t[pos]))
                pos++;
              return pos;
            }
        }
      pos++;
    }
  while (depth > 0);
  return pos;
}

static gsize
skip_blank_at (const NnpJson *j, gsize pos)
{
  while (pos < j->len && is_blank (j->text[pos]))
    pos++;
  return pos;
}

void
nnp_json_iter_init (const NnpJson *j, NnpJsonValue arr, NnpJsonIter *it)
{
  g_return_if_fail (nnp_json_kind (j, arr) == NNP_JSON_KIND_ARRAY);
  it->pos = (guint32) skip_blank_at (j, arr + 1);
}

gboolean
nnp_json_iter_next (const NnpJson *j, NnpJsonIter *it, NnpJsonValue *elem)
{
  gsize pos = it->pos;

  if (j->text[pos] == ']')
    return FALSE;
  *elem = (NnpJsonValue) pos;
  pos = skip_blank_at (j, skip_value (j, pos));
  if (j->text[pos] == ',')
    pos = skip_blank_at (j, pos + 1);
  it->pos = (guint32) pos;
  return TRUE;
}

gsize
nnp_json_length (const NnpJson *j, NnpJsonValue arr)
{
  NnpJsonIter it;
  NnpJsonValue e;
  gsize n = 0;

  nnp_json_iter_init (j, arr, &it);
  while (nnp_json_iter_next (j, &it, &e))
    n++;
  return n;
}

double
nnp_json_double (const NnpJson *j, NnpJsonValue v)
{
  gsize end, n;
  char buf[64];
  g_autofree char *big = NULL;
  const char *s = buf;

  g_return_val_if_fail (nnp_json_kind (j, v) == NNP_JSON_KIND_NUMBER, NAN);
  /* Inside an array or object a delimiter follows every number, where
   * strtod stops; only a number that is the whole text may end at len,
   * which need not be followed by a NUL: parse a copy of that one. */
  if (v != j->root)
    return g_ascii_strtod (j->text + v, NULL);
  end = skip_value (j, v);
  n = end - v;
  if (n < sizeof buf)
    {
      memcpy (buf, j->text + v, n);
      buf[n] = '\0';
    }
  else
    s = big = g_strndup (j->text + v, n);
  return g_ascii_strtod (s, NULL);
}

gboolean
nnp_json_int (const NnpJson *j, NnpJsonValue v, gint64 *out)
{
  gsize end = skip_value (j, v);
  gboolean negative = j->text[v] == '-';
  guint64 mag = 0;

  if (nnp_json_kind (j, v) != NNP_JSON_KIND_NUMBER)
    return FALSE;
  for (gsize i = v + negative; i < end; i++)
    {
      if (j->text[i] < '0' || j->text[i] > '9')
        return FALSE;
      mag = mag * 10 + (guint64) (j->text[i] - '0');   /* in range: checked by the parser */
    }
  *out = negative ? (gint64) (0 - mag) : (gint64) mag;
  return TRUE;
}

gboolean
nnp_json_boolean (const NnpJson *j, NnpJsonValue v)
{
  return j->text[v] == 't';
}

char *
nnp_json_string (const NnpJson *j, NnpJsonValue v)
{
  GString *s = g_string_new (NULL);
  Parser p = { j->text, j->len, v, "", NULL, NULL, NULL };

  g_return_val_if_fail (nnp_json_kind (j, v) == NNP_JSON_KIND_STRING, NULL);
  parse_string (&p, s);
  if (strlen (s->str) != s->len)
    {
      g_string_free (s, TRUE);
      return NULL;
    }
  return g_string_free (s, FALSE);
}
