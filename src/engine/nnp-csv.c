/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nnp-csv.c: strict CSV reading and exact (%.17g) atomic writing of labelled points. */
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

#include "nnplay/nnp-csv.h"
#include "nnplay/nnp-error.h"
#include "nnp-io-private.h"

#define NNP_CSV_MAX_BYTES ((gsize) 1 << 30)

typedef enum {
  NUM_OK,
  NUM_EMPTY,
  NUM_NONFINITE,   /* nan, inf, infinity (any case, any sign) */
  NUM_RANGE,       /* decimal, but overflows a double */
  NUM_BAD,
} NumStatus;

typedef struct {
  const char *name;
  const char *line;   /* start of the current line: columns count from here */
  size_t lineno;
} Where;

static void set_error (GError **error, int code, const Where *w, const char *at,
                       const char *fmt, ...) G_GNUC_PRINTF (5, 6);

/* "NAME:LINE:COLUMN: message"; the column is the 1-based byte offset of at. */
static void
set_error (GError **error, int code, const Where *w, const char *at, const char *fmt, ...)
{
  g_autofree char *msg = NULL;
  va_list ap;

  va_start (ap, fmt);
  msg = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  g_set_error (error, NNP_ERROR, code, "%s:%zu:%zu: %s",
               w->name, w->lineno, (size_t) (at - w->line) + 1, msg);
}

/* The field quoted for a message: at most 24 bytes, control bytes and
 * invalid UTF-8 escaped. */
static char *
quote_field (const char *s, size_t len)
{
  g_autofree char *raw = g_strndup (s, MIN (len, 24));
  g_autofree char *esc = NULL;
  char high[129];

  for (int i = 0; i < 128; i++)
    high[i] = (char) (0x80 + i);
  high[128] = '\0';
  esc = g_strescape (raw, g_utf8_validate (raw, -1, NULL) ? high : NULL);
  return g_strdup_printf ("\"%s%s\"", esc, len > 24 ? "..." : "");
}

static gboolean
is_blank (char c)
{
  return c == ' ' || c == '\t';
}

static gboolean
skip_digits (const char **p, const char *end)
{
  const char *s = *p;

  while (*p < end && g_ascii_isdigit (**p))
    (*p)++;
  return *p > s;
}

/* Strict decimal: [+-]? (D+ (. D*)? | . D+) ([eE] [+-]? D+)?, nothing else. */
static NumStatus
parse_number (const char *s, size_t len, double *out)
{
  const char *p = s, *end = s + len;
  char small[64];
  char *buf;
  double v;

  if (len == 0)
    return NUM_EMPTY;
  if (*p == '+' || *p == '-')
    p++;
  if ((end - p >= 3 && g_ascii_strncasecmp (p, "nan", 3) == 0)
      || (end - p >= 3 && g_ascii_strncasecmp (p, "inf", 3) == 0))
    return NUM_NONFINITE;
  if (p < end && *p == '.')
    {
      p++;
      if (!skip_digits (&p, end))
        return NUM_BAD;
    }
  else
    {
      if (!skip_digits (&p, end))
        return NUM_BAD;
      if (p < end && *p == '.')
        {
          p++;
          skip_digits (&p, end);
        }
    }
  if (p < end && (*p == 'e' || *p == 'E'))
    {
      p++;
      if (p < end && (*p == '+' || *p == '-'))
        p++;
      if (!skip_digits (&p, end))
        return NUM_BAD;
    }
  if (p != end)
    return NUM_BAD;

  buf = len < sizeof small ? small : g_malloc (len + 1);
  memcpy (buf, s, len);
  buf[len] = '\0';
  v = g_ascii_strtod (buf, NULL);
  if (buf != small)
    g_free (buf);
  if (!isfinite (v))
    return NUM_RANGE;
  *out = v;
  return NUM_OK;
}

/* Trims blanks around [*s, *e). */
static void
trim (const char **s, const char **e)
{
  while (*s < *e && is_blank (**s))
    (*s)++;
  while (*e > *s && is_blank ((*e)[-1]))
    (*e)--;
}

static size_t
count_fields (const char *p, const char *le)
{
  size_t nf = 1;

  for (; p < le; p++)
    if (*p == ',')
      nf++;
  return nf;
}

/* A header has no field that looks like a number (finite or not). */
static gboolean
is_header (const char *p, const char *le)
{
  const char *f = p;

  for (;;)
    {
      const char *comma = memchr (f, ',', (size_t) (le - f));
      const char *fs = f, *fe = comma != NULL ? comma : le;
      double v;
      NumStatus st;

      trim (&fs, &fe);
      st = parse_number (fs, (size_t) (fe - fs), &v);
      if (st == NUM_OK || st == NUM_NONFINITE || st == NUM_RANGE)
        return FALSE;
      if (comma == NULL)
        return TRUE;
      f = comma + 1;
    }
}

/* For a line read as one field: what it is separated by instead, when
 * that is a semicolon or a tab (a spreadsheet's export in a locale with
 * a decimal comma); "" otherwise. */
static const char *
separator_hint (const char *line, const char *le)
{
  if (memchr (line, ';', (size_t) (le - line)) != NULL)
    return _("; its fields are separated by semicolons, and nnplay reads commas "
             "(with a decimal point)");
  if (memchr (line, '\t', (size_t) (le - line)) != NULL)
    return _("; its fields are separated by tabs, and nnplay reads commas");
  return "";
}

/* A data row must have the first row's column count. */
static gboolean
check_count (const char *le, size_t ncols, const Where *w, GError **error)
{
  size_t nf = count_fields (w->line, le);
  const char *at = le;

  if (nf == ncols)
    return TRUE;
  if (nf > ncols)
    {
      /* point at the first extra field */
      at = w->line;
      for (size_t k = 0; k < ncols; k++)
        at = (const char *) memchr (at, ',', (size_t) (le - at)) + 1;
    }
  {
    /* two plurals: each half is translated with its own count */
    g_autofree char *cols = g_strdup_printf (ngettext ("%zu column", "%zu columns", nf), nf);
    g_autofree char *feats = g_strdup_printf (ngettext ("%zu feature, then the label",
                                                        "%zu features, then the label", ncols - 1),
                                              ncols - 1);
    /* TRANSLATORS: "3 columns, expected 2 (1 feature, then the label)"; the last %s is
     * empty or a hint that starts with "; " */
    set_error (error, NNP_ERROR_PARSE, w, at, _("%s, expected %zu (%s)%s"), cols, ncols, feats,
               nf == 1 ? separator_hint (w->line, le) : "");
  }
  return FALSE;
}

/* The header or first row fixes the column count (expect_d + 1 when given). */
static gboolean
check_first_count (const char *le, size_t expect_d, size_t *ncols,
                   const Where *w, GError **error)
{
  if (expect_d > 0)
    {
      *ncols = expect_d + 1;
      return check_count (le, *ncols, w, error);
    }
  if (count_fields (w->line, le) < 2)
    {
      set_error (error, NNP_ERROR_PARSE, w, le,
                 _("1 column, expected at least 2 (features, then the label)%s"),
                 separator_hint (w->line, le));
      return FALSE;
    }
  *ncols = count_fields (w->line, le);
  return TRUE;
}

/* Parses one data row of exactly ncols fields into x (ncols - 1 features) and *y. */
static gboolean
parse_row (const char *le, size_t ncols, double *x, double *y,
           const Where *w, GError **error)
{
  const char *f = w->line;

  for (size_t k = 0; k < ncols; k++)
    {
      const char *comma = memchr (f, ',', (size_t) (le - f));
      const char *fs = f, *fe = comma != NULL ? comma : le;
      gboolean label = k == ncols - 1;
      g_autofree char *q = NULL;
      double v = 0.0;
      NumStatus st;

      trim (&fs, &fe);
      st = parse_number (fs, (size_t) (fe - fs), &v);
      /* the quote is built only for a message: most fields parse */
      if (st != NUM_OK || (label && v != 0.0 && v != 1.0))
        q = quote_field (fs, (size_t) (fe - fs));
      switch (st)
        {
        case NUM_OK:
          break;
        case NUM_EMPTY:
          if (label)
            set_error (error, NNP_ERROR_PARSE, w, fs, _("empty label, expected 0 or 1"));
          else
            set_error (error, NNP_ERROR_PARSE, w, fs, _("empty field, expected a number"));
          return FALSE;
        case NUM_NONFINITE:
          if (label)
            set_error (error, NNP_ERROR_PARSE, w, fs, _("label %s is not finite, expected 0 or 1"), q);
          else
            set_error (error, NNP_ERROR_PARSE, w, fs, _("%s is not finite, expected a finite number"), q);
          return FALSE;
        case NUM_RANGE:
          if (label)
            set_error (error, NNP_ERROR_PARSE, w, fs, _("label %s overflows a double, expected 0 or 1"), q);
          else
            set_error (error, NNP_ERROR_PARSE, w, fs, _("%s overflows a double, expected a finite number"), q);
          return FALSE;
        case NUM_BAD:
        default:
          if (label)
            set_error (error, NNP_ERROR_PARSE, w, fs, _("label %s is not a number, expected 0 or 1"), q);
          else
            set_error (error, NNP_ERROR_PARSE, w, fs, _("%s is not a number, expected a number"), q);
          return FALSE;
        }

      if (label)
        {
          if (v != 0.0 && v != 1.0)
            {
              set_error (error, NNP_ERROR_PARSE, w, fs, _("label %s, expected 0 or 1"), q);
              return FALSE;
            }
          *y = v == 0.0 ? 0.0 : 1.0;
        }
      else
        x[k] = v;
      if (comma != NULL)
        f = comma + 1;
    }
  return TRUE;
}

/* Room for more rows: doubles, but never past the rows the rest of the text
 * (rest bytes) can still hold, each at least 2 ncols - 1 bytes ("0,...,0"),
 * so a huge first line cannot make a huge reservation. */
static gboolean
grow (double **X, double **Y, size_t *cap, size_t n, size_t ncols, size_t rest,
      const Where *w, GError **error)
{
  size_t most = n + rest / (2 * ncols - 1) + 1;
  size_t c = *cap == 0 ? 64 : 2 * *cap;
  double *nx, *ny;

  c = MIN (c, MIN (most, (size_t) NNP_CSV_MAX_ROWS));
  nx = g_try_realloc_n (*X, c, (ncols - 1) * sizeof (double));
  if (nx != NULL)
    *X = nx;
  ny = nx != NULL ? g_try_realloc_n (*Y, c, sizeof (double)) : NULL;
  if (ny == NULL)
    {
      set_error (error, NNP_ERROR_TOO_LARGE, w, w->line,
                 _("out of memory for %zu rows of %zu columns"), c, ncols);
      return FALSE;
    }
  *Y = ny;
  *cap = c;
  return TRUE;
}

NnpDataset *
nnp_csv_parse (const char *text, gsize len, const char *name,
               size_t expect_d, GError **error)
{
  const char *p, *end;
  g_autofree double *X = NULL;
  g_autofree double *Y = NULL;
  size_t n = 0, cap = 0, ncols = 0;
  gboolean seen_content = FALSE;
  Where w = { name != NULL ? name : "<data>", text, 0 };
  NnpDataset *ds;

  g_return_val_if_fail (text != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (text == NULL)
    text = "";   /* NULL + 0 is undefined (found by tests/fuzz) */
  p = text;
  end = text + len;
  w.line = text;
  if (len >= 3 && memcmp (p, "\xEF\xBB\xBF", 3) == 0)   /* UTF-8 byte order mark */
    p += 3;
  /* A NUL byte in the first 64 KiB: binary data or UTF-16 text. Said so,
   * rather than "1 column, expected 3" on some line (a UTF-16 CSV, a
   * sparse file of zeros). */
  {
    const char *nul = memchr (p, '\0', (size_t) MIN ((gsize) (end - p), (gsize) 65536));
    if (nul != NULL)
      {
        g_set_error (error, NNP_ERROR, NNP_ERROR_PARSE,
                     _("%s: byte %zu is a NUL: this is binary data or UTF-16 text, not a CSV file "
                       "(save it as UTF-8 text)"), w.name, (size_t) (nul - text) + 1);
        return NULL;
      }
  }

  /* Lines end in LF or CRLF; a file whose first line ends in CR alone
   * (an old Mac's) ends them in CR, or CRLF (it had been read as one
   * line). */
  char eol_byte = '\n';
  {
    const char *lf = memchr (p, '\n', (size_t) (end - p));
    const char *cr = memchr (p, '\r', (size_t) ((lf != NULL ? lf : end) - p));
    if (cr != NULL && (cr + 1 == end || cr[1] != '\n'))
      eol_byte = '\r';
  }
  while (p < end)
    {
      const char *eol = memchr (p, eol_byte, (size_t) (end - p));
      const char *le = eol != NULL ? eol : end;
      const char *next = eol != NULL ? eol + 1 : end;
      if (eol_byte == '\r' && next < end && *next == '\n')
        next++;   /* a CRLF among the CRs */
      const char *q = p;

      w.lineno++;
      w.line = p;
      if (le > p && (le[-1] == '\r' || (eol_byte == '\r' && le[-1] == '\n')))
        le--;   /* CRLF; or, among CRs, a last line ended by LF */
      while (q < le && is_blank (*q))
        q++;
      if (q == le || *q == '#')
        {
          p = next;
          continue;
        }

      if (!seen_content)
        {
          seen_content = TRUE;
          if (is_header (p, le))
            {
              if (!check_first_count (le, expect_d, &ncols, &w, error))
                return NULL;
              p = next;
              continue;
            }
        }
      if (ncols == 0 && !check_first_count (le, expect_d, &ncols, &w, error))
        return NULL;

      if (n == NNP_CSV_MAX_ROWS)
        {
          set_error (error, NNP_ERROR_TOO_LARGE, &w, p,
                     _("more than %d data rows, expected at most %d"),
                     NNP_CSV_MAX_ROWS, NNP_CSV_MAX_ROWS);
          return NULL;
        }
      if (!check_count (le, ncols, &w, error))
        return NULL;
      if (n == cap && !grow (&X, &Y, &cap, n, ncols, (size_t) (end - p), &w, error))
        return NULL;
      if (!parse_row (le, ncols, X + n * (ncols - 1), Y + n, &w, error))
        return NULL;
      n++;
      p = next;
    }

  if (n == 0)
    {
      /* point at the end of the text */
      if (len == 0 || text[len - 1] == '\n' || text[len - 1] == '\r')
        {
          w.lineno++;
          w.line = end;
        }
      set_error (error, NNP_ERROR_PARSE, &w, end,
                 _("no data rows, expected at least one row of features and a 0/1 label"));
      return NULL;
    }

  /* Large data into the dataset's own buffers, which take huge pages
   * (nnp-dataset.c: training streams them every epoch); 1% of the read's
   * time for a million rows. Without the memory, the buffers as read.
   * Many rows only: a dataset reserves room for 16, too much for a few
   * rows of a million columns. */
  if (n >= 4096 && n * (ncols - 1) * sizeof (double) >= NNP_DATASET_HUGE_BYTES
      && (ds = nnp_dataset_alloc (n, ncols - 1)) != NULL)
    {
      memcpy (ds->X, X, n * (ncols - 1) * sizeof (double));
      memcpy (ds->y, Y, n * sizeof (double));
      return ds;
    }
  ds = g_new0 (NnpDataset, 1);
  ds->n = n;
  ds->d = ncols - 1;
  ds->cap = cap;
  ds->X = g_steal_pointer (&X);
  ds->y = g_steal_pointer (&Y);
  return ds;
}

NnpDataset *
nnp_csv_read (const char *path, size_t expect_d, GError **error)
{
  g_autofree char *text = NULL;
  gsize len = 0;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* 1,000,000 rows of d = 2 take ~60 MB; far more is not a data set we can take */
  if (!nnp_read_file (path, NNP_CSV_MAX_BYTES, &text, &len, error))
    return NULL;
  return nnp_csv_parse (text, len, path, expect_d, error);
}

static void
append_double (GString *s, double v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append (s, g_ascii_formatd (buf, sizeof buf, "%.17g", v));
}

char *
nnp_csv_format (const NnpDataset *ds)
{
  GString *s;

  g_return_val_if_fail (ds != NULL, NULL);

  s = g_string_sized_new (32 + ds->n * (ds->d * 25 + 2));
  for (size_t k = 0; k < ds->d; k++)
    g_string_append_printf (s, "x%zu,", k + 1);
  g_string_append (s, "label\n");
  for (size_t i = 0; i < ds->n; i++)
    {
      for (size_t k = 0; k < ds->d; k++)
        {
          append_double (s, ds->X[i * ds->d + k]);
          g_string_append_c (s, ',');
        }
      append_double (s, ds->y[i]);
      g_string_append_c (s, '\n');
    }
  return g_string_free (s, FALSE);
}

gboolean
nnp_csv_write (const NnpDataset *ds, const char *path, GError **error)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (ds != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* What could not be read back is not written. */
  for (size_t i = 0; i < ds->n; i++)
    {
      for (size_t k = 0; k < ds->d; k++)
        if (!isfinite (ds->X[i * ds->d + k]))
          {
            g_set_error (error, NNP_ERROR, NNP_ERROR_INVALID,
                         _("%s: not written: row %zu, feature %zu is not finite"),
                         path, i + 1, k + 1);
            return FALSE;
          }
      if (ds->y[i] != 0.0 && ds->y[i] != 1.0)
        {
          g_set_error (error, NNP_ERROR, NNP_ERROR_INVALID,
                       _("%s: not written: row %zu has label %g, expected 0 or 1"),
                       path, i + 1, ds->y[i]);
          return FALSE;
        }
    }

  text = nnp_csv_format (ds);
  return nnp_write_file_atomic (path, text, strlen (text), error);
}
