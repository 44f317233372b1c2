/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-csv.c: the strict CSV reader (every error path), exact writing, numpy read-back, samples. */
#define G_LOG_DOMAIN "nnplay-test"

#include "config.h"

#include <errno.h>
#include <float.h>
#include <math.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <nnplay/nnp-csv.h>
#include <nnplay/nnp-error.h>

#include "test-tmpdir.h"

#include "samples.h"

/* ---- reading ------------------------------------------------------------ */

static void
test_parse_basic (void)
{
  /* comments, blank lines, a header, CRLF, blanks around fields, a BOM */
  const char text[] =
    "\xEF\xBB\xBF# points\n"
    "x1, x2 ,label\r\n"
    "\n"
    "  # indented comment\n"
    "2.385, -0.1 ,1\r\n"
    "-1e-3,+4.5E2,0\n"
    "\t\n"
    ".5,7.,1.0\n"
    "-0,0,-0";
  g_autoptr (GError) error = NULL;
  g_autoptr (NnpDataset) ds = nnp_csv_parse (text, strlen (text), "t.csv", 0, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (ds->n, ==, 4);
  g_assert_cmpuint (ds->d, ==, 2);
  g_assert_cmpfloat (ds->X[0], ==, 2.385);
  g_assert_cmpfloat (ds->X[1], ==, -0.1);
  g_assert_cmpfloat (ds->X[2], ==, -0.001);
  g_assert_cmpfloat (ds->X[3], ==, 450.0);
  g_assert_cmpfloat (ds->X[4], ==, 0.5);
  g_assert_cmpfloat (ds->X[5], ==, 7.0);
  g_assert_true (ds->X[6] == 0.0 && signbit (ds->X[6]));   /* -0 kept */
  g_assert_cmpfloat (ds->y[0], ==, 1.0);
  g_assert_cmpfloat (ds->y[1], ==, 0.0);
  g_assert_cmpfloat (ds->y[2], ==, 1.0);
  g_assert_true (ds->y[3] == 0.0 && !signbit (ds->y[3]));  /* label -0 is 0 */

  /* lines ended by CR alone (an old Mac's file): read as lines, not as
   * one line of 7 columns */
  {
    const char cr[] = "x1,x2,y\r1,2,0\r3,4,1\r";
    g_autoptr (NnpDataset) mac = nnp_csv_parse (cr, strlen (cr), "mac.csv", 0, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (mac->n, ==, 2);
    g_assert_cmpuint (mac->d, ==, 2);
    g_assert_cmpfloat (mac->X[2], ==, 3.0);
    g_assert_cmpfloat (mac->y[1], ==, 1.0);
    /* and with a CRLF or an LF at the end (an editor's final newline) */
    const char *mixed[] = { "x1,x2,y\r1,2,0\r3,4,1\r\n", "x1,x2,y\r1,2,0\r\n3,4,1\n" };
    for (gsize i = 0; i < G_N_ELEMENTS (mixed); i++)
      {
        g_autoptr (NnpDataset) m = nnp_csv_parse (mixed[i], strlen (mixed[i]), "mixed.csv", 0, &error);
        g_assert_no_error (error);
        g_assert_cmpuint (m->n, ==, 2);
        g_assert_cmpfloat (m->X[2], ==, 3.0);
      }
  }

  /* the text need not be NUL-terminated: len bounds every read */
  {
    const char rows[] = "1,2,0\n3,2.5e-3,1";
    char *buf = g_malloc (strlen (rows));
    g_autoptr (NnpDataset) nd = NULL;

    memcpy (buf, rows, strlen (rows));
    nd = nnp_csv_parse (buf, strlen (rows), "t.csv", 2, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (nd->n, ==, 2);
    g_assert_cmpfloat (nd->X[3], ==, 2.5e-3);
    g_assert_cmpfloat (nd->y[1], ==, 1.0);
    g_free (buf);
  }
}

static void
test_parse_no_header (void)
{
  const char text[] = "1,2,3,1\n4,5,6,0\n";
  g_autoptr (GError) error = NULL;
  g_autoptr (NnpDataset) ds = nnp_csv_parse (text, strlen (text), "t.csv", 3, &error);
  g_autoptr (NnpDataset) one = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (ds->n, ==, 2);
  g_assert_cmpuint (ds->d, ==, 3);
  g_assert_cmpfloat (ds->X[5], ==, 6.0);

  /* d = 1, and a text without its final newline */
  one = nnp_csv_parse ("label_is_last,y\n0.25,1", 22, "u.csv", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (one->n, ==, 1);
  g_assert_cmpuint (one->d, ==, 1);
  g_assert_cmpfloat (one->X[0], ==, 0.25);
}

typedef struct {
  const char *text;
  size_t expect_d;
  int code;
  const char *message;
} ErrorCase;

static const ErrorCase error_cases[] = {
  /* column counts */
  { "x1,x2,label\n1,2,0\n3,4\n", 0, NNP_ERROR_PARSE,
    "t.csv:3:4: 2 columns, expected 3 (2 features, then the label)" },
  { "1,2,0\n1,2,0,5\n", 0, NNP_ERROR_PARSE,
    "t.csv:2:7: 4 columns, expected 3 (2 features, then the label)" },
  { "# c\n1,2,0\n\n  7\n", 0, NNP_ERROR_PARSE,
    "t.csv:4:4: 1 column, expected 3 (2 features, then the label)" },
  { "x1,x2\n1,2,0\n", 0, NNP_ERROR_PARSE,
    "t.csv:2:5: 3 columns, expected 2 (1 feature, then the label)" },
  { "5\n", 0, NNP_ERROR_PARSE,
    "t.csv:1:2: 1 column, expected at least 2 (features, then the label)" },
  { "label\n1\n", 0, NNP_ERROR_PARSE,
    "t.csv:1:6: 1 column, expected at least 2 (features, then the label)" },
  /* a spreadsheet's export with a decimal comma: said what it is */
  { "x1;x2;y\n0,5;1,5;0\n", 0, NNP_ERROR_PARSE,
    "t.csv:1:8: 1 column, expected at least 2 (features, then the label); its fields are separated "
    "by semicolons, and nnplay reads commas (with a decimal point)" },
  { "x1\tx2\ty\n0.5\t1.5\t0\n", 2, NNP_ERROR_PARSE,
    "t.csv:1:8: 1 column, expected 3 (2 features, then the label); its fields are separated by "
    "tabs, and nnplay reads commas" },
  { "1,2,0\n", 3, NNP_ERROR_PARSE,
    "t.csv:1:6: 3 columns, expected 4 (3 features, then the label)" },
  { "a,b,c,label\n1,2,3,0\n", 2, NNP_ERROR_PARSE,
    "t.csv:1:7: 4 columns, expected 3 (2 features, then the label)" },
  /* non-numbers */
  { "1,2,0\n1,abc,1\n", 0, NNP_ERROR_PARSE,
    "t.csv:2:3: \"abc\" is not a number, expected a number" },
  { "x1,x2,label\n0x10,1,0\n", 0, NNP_ERROR_PARSE,
    "t.csv:2:1: \"0x10\" is not a number, expected a number" },
  { "1 2,3,0\n", 0, NNP_ERROR_PARSE,
    "t.csv:1:1: \"1 2\" is not a number, expected a number" },
  { "1,2,0\n x1,x2,label\n", 0, NNP_ERROR_PARSE,
    "t.csv:2:2: \"x1\" is not a number, expected a number" },
  { "1,,0\n", 0, NNP_ERROR_PARSE,
    "t.csv:1:3: empty field, expected a number" },
  { "1.5e,2,0\n", 0, NNP_ERROR_PARSE,
    "t.csv:1:1: \"1.5e\" is not a number, expected a number" },
  { "1,2\xff,0\n", 0, NNP_ERROR_PARSE,
    "t.csv:1:3: \"2\\377\" is not a number, expected a number" },
  { "1,12345678901234567890123456789x,0\n", 0, NNP_ERROR_PARSE,
    "t.csv:1:3: \"123456789012345678901234...\" is not a number, expected a number" },
  /* NaN and Inf */
  { "1,nan,1\n", 0, NNP_ERROR_PARSE,
    "t.csv:1:3: \"nan\" is not finite, expected a finite number" },
  { "x1,x2,label\n1,NaN,1\n", 0, NNP_ERROR_PARSE,
    "t.csv:2:3: \"NaN\" is not finite, expected a finite number" },
  { "-inf,1,0\n", 0, NNP_ERROR_PARSE,
    "t.csv:1:1: \"-inf\" is not finite, expected a finite number" },
  { "1,2,0\n3,Infinity,1\n", 0, NNP_ERROR_PARSE,
    "t.csv:2:3: \"Infinity\" is not finite, expected a finite number" },
  { "1e999,0,1\n", 0, NNP_ERROR_PARSE,
    "t.csv:1:1: \"1e999\" overflows a double, expected a finite number" },
  /* labels */
  { "1,2,2\n", 0, NNP_ERROR_PARSE, "t.csv:1:5: label \"2\", expected 0 or 1" },
  { "1,2,1\n1,2, 0.5\n", 0, NNP_ERROR_PARSE, "t.csv:2:6: label \"0.5\", expected 0 or 1" },
  { "1,2,-1\n", 0, NNP_ERROR_PARSE, "t.csv:1:5: label \"-1\", expected 0 or 1" },
  { "1,2,yes\n", 0, NNP_ERROR_PARSE, "t.csv:1:5: label \"yes\" is not a number, expected 0 or 1" },
  { "1,2,\n", 0, NNP_ERROR_PARSE, "t.csv:1:5: empty label, expected 0 or 1" },
  { "1,2,nan\n", 0, NNP_ERROR_PARSE, "t.csv:1:5: label \"nan\" is not finite, expected 0 or 1" },
  { "1,2,0 # note\n", 0, NNP_ERROR_PARSE,
    "t.csv:1:5: label \"0 # note\" is not a number, expected 0 or 1" },
  /* no data */
  { "", 0, NNP_ERROR_PARSE,
    "t.csv:1:1: no data rows, expected at least one row of features and a 0/1 label" },
  { "# only\n# comments\n", 0, NNP_ERROR_PARSE,
    "t.csv:3:1: no data rows, expected at least one row of features and a 0/1 label" },
  { "# only a comment", 0, NNP_ERROR_PARSE,
    "t.csv:1:17: no data rows, expected at least one row of features and a 0/1 label" },
  { "x1,x2,label\n\n", 0, NNP_ERROR_PARSE,
    "t.csv:3:1: no data rows, expected at least one row of features and a 0/1 label" },
};

static void
test_parse_errors (void)
{
  for (size_t c = 0; c < G_N_ELEMENTS (error_cases); c++)
    {
      const ErrorCase *ec = &error_cases[c];
      g_autoptr (GError) error = NULL;
      NnpDataset *ds = nnp_csv_parse (ec->text, strlen (ec->text), "t.csv", ec->expect_d, &error);

      g_test_message ("case %zu: %s", c, ec->text);
      g_assert_null (ds);
      g_assert_error (error, NNP_ERROR, ec->code);
      g_assert_cmpstr (error->message, ==, ec->message);
    }
}

/* NUL bytes: binary data or UTF-16, said so (they had given "1 column,
 * expected at least 2" somewhere down the file). strlen cannot measure
 * these texts: the lengths are given. */
static void
test_parse_nul (void)
{
  static const char utf16[] = "\xff\xfex\0001\000,\000x\0002\000,\000l\000\n\000";
  static const char zeros[4096] = { 0 };
  static const char late[] = "x1,x2,label\n0.5,0.25,1\n0.5\0000.25,0\n";
  const struct { const char *text; gsize len; const char *message; } cases[] = {
    { utf16, sizeof utf16 - 1, "t.csv: byte 4 is a NUL: this is binary data or UTF-16 text, not a CSV file" },
    { zeros, sizeof zeros, "t.csv: byte 1 is a NUL" },
    { late, sizeof late - 1, "t.csv: byte 27 is a NUL" },
  };
  for (size_t c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autoptr (GError) error = NULL;
      NnpDataset *ds = nnp_csv_parse (cases[c].text, cases[c].len, "t.csv", 0, &error);
      g_assert_null (ds);
      g_assert_error (error, NNP_ERROR, NNP_ERROR_PARSE);
      if (!g_str_has_prefix (error->message, cases[c].message))
        g_error ("case %zu: \"%s\" does not start with \"%s\"", c, error->message, cases[c].message);
    }
}

static GString *
rows_text (size_t rows)
{
  GString *s = g_string_sized_new (16 + rows * 8);

  g_string_append (s, "x,label\n");
  for (size_t i = 0; i < rows; i++)
    g_string_append (s, i % 2 ? "0.5,1\n" : "-2,0\n");
  return s;
}

static void
test_parse_too_many_rows (void)
{
  g_autoptr (GError) error = NULL;
  GString *s = rows_text (NNP_CSV_MAX_ROWS);
  NnpDataset *ds;

  /* exactly the limit loads */
  ds = nnp_csv_parse (s->str, s->len, "big.csv", 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ds->n, ==, 1000000);
  g_assert_cmpfloat (ds->X[999999], ==, 0.5);
  g_assert_cmpfloat (ds->y[999998], ==, 0.0);
  nnp_dataset_free (ds);

  /* one more row (line 1,000,002 after the header) does not */
  g_string_append (s, "3,1\n");
  ds = nnp_csv_parse (s->str, s->len, "big.csv", 1, &error);
  g_assert_null (ds);
  g_assert_error (error, NNP_ERROR, NNP_ERROR_TOO_LARGE);
  g_assert_cmpstr (error->message, ==,
                   "big.csv:1000002:1: more than 1000000 data rows, expected at most 1000000");
  g_string_free (s, TRUE);
}

/* Issue 12: a first line of 100,000,000 commas made the reader reserve 64
 * rows of 10^8 doubles (51 GB) and abort before it looked at a data row. */
static void
test_parse_wide_first_line (void)
{
  const size_t commas = 100000000;
  const char tail[] = "\n2.385,1\n";
  gsize len = commas + sizeof tail - 1;
  g_autofree char *text = g_malloc (len);
  g_autoptr (GError) error = NULL;
  NnpDataset *ds;

  /* NULL with length 0 is empty text (NULL + 0 was undefined: UBSan, tests/fuzz) */
  ds = nnp_csv_parse (NULL, 0, "empty.csv", 0, &error);
  g_assert_null (ds);
  g_assert_error (error, NNP_ERROR, NNP_ERROR_PARSE);
  g_assert_true (g_str_has_prefix (error->message, "empty.csv:1:1: no data rows"));
  g_clear_error (&error);

  memset (text, ',', commas);
  memcpy (text + commas, tail, sizeof tail - 1);
  ds = nnp_csv_parse (text, len, "wide.csv", 0, &error);
  g_assert_null (ds);
  g_assert_error (error, NNP_ERROR, NNP_ERROR_PARSE);
  g_assert_cmpstr (error->message, ==,
                   "wide.csv:2:8: 2 columns, expected 100000001 (100000000 features, then the label)");
  g_clear_error (&error);

  /* the same with a data row of that width first: one row is reserved, not 64 */
  len = 2000000;
  memset (text, '0', len);
  for (size_t i = 1; i < len; i += 2)
    text[i] = ',';
  text[len - 1] = '1';   /* 1,000,000 fields: "0,0,...,0,1" */
  ds = nnp_csv_parse (text, len, "wide.csv", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ds->n, ==, 1);
  g_assert_cmpuint (ds->d, ==, len / 2 - 1);
  g_assert_cmpuint (ds->cap, <=, 2);
  g_assert_cmpfloat (ds->y[0], ==, 1.0);
  nnp_dataset_free (ds);
}

/* Many rows (X from 4 MiB) end in the dataset's own buffers, which start
 * on a 2 MiB boundary for huge pages (/data/dataset/huge-pages); the
 * buffers the parser grew are not aligned so. The values come through. */
static void
test_parse_large_aligned (void)
{
  const size_t n = 300000;   /* X 4.8 MB */
  GString *t = g_string_sized_new (n * 16);
  g_string_append (t, "x1,x2,label\n");
  for (size_t i = 0; i < n; i++)
    g_string_append_printf (t, "%zu,-%zu.5,%d\n", i, i, (int) (i % 2));
  g_autoptr(GError) error = NULL;
  NnpDataset *ds = nnp_csv_parse (t->str, t->len, "large.csv", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ds->n, ==, n);
  g_assert_cmpuint ((guintptr) ds->X % (2u << 20), ==, 0);   /* y, 2.4 MB, is under 4 MiB */
  g_assert_cmpfloat (ds->X[0], ==, 0.0);
  g_assert_cmpfloat (ds->X[1], ==, -0.5);
  g_assert_cmpfloat (ds->X[2 * (n - 1)], ==, (double) (n - 1));
  g_assert_cmpfloat (ds->X[2 * n - 1], ==, -(double) (n - 1) - 0.5);
  g_assert_cmpfloat (ds->y[n - 1], ==, (double) ((n - 1) % 2));
  nnp_dataset_free (ds);
  g_string_free (t, TRUE);
}

static void
test_read_errors (void)
{
  g_autofree char *dir = make_tmpdir ("nnplay-test-csv-XXXXXX");
  g_autofree char *missing = g_build_filename (dir, "missing.csv", NULL);
  g_autofree char *bad = g_build_filename (dir, "bad.csv", NULL);
  g_autofree char *expect = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_null (nnp_csv_read (missing, 0, &error));
  g_assert_error (error, NNP_ERROR, NNP_ERROR_IO);
  expect = g_strdup_printf ("%s: cannot open: %s", missing, g_strerror (ENOENT));
  g_assert_cmpstr (error->message, ==, expect);
  g_clear_error (&error);
  g_clear_pointer (&expect, g_free);

  g_assert_null (nnp_csv_read (dir, 0, &error));
  g_assert_error (error, NNP_ERROR, NNP_ERROR_IO);
  expect = g_strdup_printf ("%s: cannot read: %s", dir, g_strerror (EISDIR));
  g_assert_cmpstr (error->message, ==, expect);
  g_clear_error (&error);
  g_clear_pointer (&expect, g_free);

  /* a parse error through the file reader names the path */
  g_assert_true (g_file_set_contents (bad, "x1,x2,label\n1,2,0\n1,2,3\n", -1, NULL));
  g_assert_null (nnp_csv_read (bad, 0, &error));
  g_assert_error (error, NNP_ERROR, NNP_ERROR_PARSE);
  expect = g_strdup_printf ("%s:3:5: label \"3\", expected 0 or 1", bad);
  g_assert_cmpstr (error->message, ==, expect);
  g_clear_error (&error);
  g_clear_pointer (&expect, g_free);

  /* permission denied (root reads anything) */
  if (geteuid () != 0)
    {
      g_assert_cmpint (g_chmod (bad, 0), ==, 0);
      g_assert_null (nnp_csv_read (bad, 0, &error));
      g_assert_error (error, NNP_ERROR, NNP_ERROR_IO);
      expect = g_strdup_printf ("%s: cannot open: %s", bad, g_strerror (EACCES));
      g_assert_cmpstr (error->message, ==, expect);
      g_clear_error (&error);
    }
  remove_tmpdir (dir);
}

/* ---- writing ------------------------------------------------------------ */

static NnpDataset *
awkward_dataset (void)
{
  const double v[] = {
    0.1, 1.0 / 3.0, 2.385e-300, -0.0, 5e-324, DBL_MAX, -DBL_MIN, 1e21,
    123456789.123456789, 2.385, -1.0 / 7.0, 4.9406564584124654e-324, 1e-5,
    0.30000000000000004, 9007199254740993.0, -2.0 / 3.0 * 1e100,
  };
  NnpDataset *ds = nnp_dataset_alloc (0, 2);

  for (size_t i = 0; i + 1 < G_N_ELEMENTS (v); i += 2)
    {
      double x[2] = { v[i], v[i + 1] };
      nnp_dataset_append (ds, x, (double) (i / 2 % 2));
    }
  return ds;
}

static void
assert_same (const NnpDataset *a, const NnpDataset *b)
{
  g_assert_cmpuint (a->n, ==, b->n);
  g_assert_cmpuint (a->d, ==, b->d);
  /* bitwise, so -0.0 and 0.0 differ */
  g_assert_cmpmem (a->X, a->n * a->d * sizeof (double), b->X, b->n * b->d * sizeof (double));
  g_assert_cmpmem (a->y, a->n * sizeof (double), b->y, b->n * sizeof (double));
}

static void
test_format_exact (void)
{
  g_autoptr (NnpDataset) ds = nnp_dataset_alloc (0, 3);
  g_autofree char *text = NULL;
  double r1[3] = { 0.1, -0.0, 1.0 / 3.0 }, r2[3] = { 2.385e-300, 1e21, 5 };

  nnp_dataset_append (ds, r1, 1.0);
  nnp_dataset_append (ds, r2, 0.0);
  text = nnp_csv_format (ds);
  g_assert_cmpstr (text, ==,
                   "x1,x2,x3,label\n"
                   "0.10000000000000001,-0,0.33333333333333331,1\n"
                   "2.3850000000000001e-300,1e+21,5,0\n");
}

static void
test_round_trip (void)
{
  g_autoptr (NnpDataset) ds = awkward_dataset ();
  g_autoptr (NnpDataset) back = NULL;
  g_autoptr (NnpDataset) rnd = nnp_dataset_alloc (0, 3);
  g_autoptr (NnpDataset) rback = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *text = nnp_csv_format (ds);
  g_autofree char *rtext = NULL;
  GRand *rand = g_rand_new_with_seed (2385);

  back = nnp_csv_parse (text, strlen (text), "rt.csv", 2, &error);
  g_assert_no_error (error);
  assert_same (ds, back);

  /* 30000 doubles from random bit patterns, all exponents */
  while (rnd->n < 10000)
    {
      double x[3];
      for (int k = 0; k < 3; k++)
        {
          guint64 bits = ((guint64) g_rand_int (rand) << 32) | g_rand_int (rand);
          memcpy (&x[k], &bits, sizeof bits);
          if (!isfinite (x[k]))
            x[k] = 0.0;
        }
      nnp_dataset_append (rnd, x, (double) (rnd->n % 2));
    }
  g_rand_free (rand);
  rtext = nnp_csv_format (rnd);
  rback = nnp_csv_parse (rtext, strlen (rtext), "rnd.csv", 3, &error);
  g_assert_no_error (error);
  assert_same (rnd, rback);
}

static void
test_write (void)
{
  g_autofree char *dir = make_tmpdir ("nnplay-test-csv-XXXXXX");
  g_autofree char *path = g_build_filename (dir, "out.csv", NULL);
  g_autofree char *nowhere = g_build_filename (dir, "no", "such", "dir.csv", NULL);
  g_autoptr (NnpDataset) ds = awkward_dataset ();
  g_autoptr (NnpDataset) back = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GDir) d = NULL;
  g_autofree char *expect = NULL;
  int files = 0;

  g_assert_true (g_file_set_contents (path, "old contents", -1, NULL));
  g_assert_true (nnp_csv_write (ds, path, &error));
  g_assert_no_error (error);
  back = nnp_csv_read (path, 2, &error);
  g_assert_no_error (error);
  assert_same (ds, back);

  /* the temporary file was renamed away */
  d = g_dir_open (dir, 0, NULL);
  while (g_dir_read_name (d) != NULL)
    files++;
  g_assert_cmpint (files, ==, 1);

  /* an unwritable place */
  g_assert_false (nnp_csv_write (ds, nowhere, &error));
  g_assert_error (error, NNP_ERROR, NNP_ERROR_IO);
  expect = g_strdup_printf ("%s: cannot write: ", nowhere);
  g_assert_true (g_str_has_prefix (error->message, expect));
  g_clear_error (&error);

  /* what could not be read back is refused, and the old file stays */
  ds->X[3] = NAN;
  g_assert_false (nnp_csv_write (ds, path, &error));
  g_assert_error (error, NNP_ERROR, NNP_ERROR_INVALID);
  g_clear_pointer (&expect, g_free);
  expect = g_strdup_printf ("%s: not written: row 2, feature 2 is not finite", path);
  g_assert_cmpstr (error->message, ==, expect);
  g_clear_error (&error);
  ds->X[3] = 1.0;
  ds->y[4] = 0.5;
  g_assert_false (nnp_csv_write (ds, path, &error));
  g_assert_error (error, NNP_ERROR, NNP_ERROR_INVALID);
  g_clear_pointer (&expect, g_free);
  expect = g_strdup_printf ("%s: not written: row 5 has label 0.5, expected 0 or 1", path);
  g_assert_cmpstr (error->message, ==, expect);
  g_clear_error (&error);
  {
    g_autoptr (NnpDataset) again = nnp_csv_read (path, 2, &error);
    g_assert_no_error (error);
    g_assert_cmpfloat (again->y[4], ==, back->y[4]);
  }

  remove_tmpdir (dir);
}

/* numpy.loadtxt (skiprows=1) reads what we write; Python prints each
 * value with repr (shortest round-trip form), which we parse back. */
static void
check_numpy_reads (const char *path, const NnpDataset *ds)
{
  const char *python = g_getenv ("NNP_PYTHON");
  const char *script =
    "import sys, numpy\n"
    "a = numpy.loadtxt(sys.argv[1], delimiter=',', skiprows=1, ndmin=2)\n"
    "print(a.shape[0], a.shape[1])\n"
    "for v in a.ravel(): print(repr(float(v)))\n";
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_auto (GStrv) lines = NULL;
  g_autoptr (GError) error = NULL;
  int status = 0;
  const char *argv[] = { python, "-c", script, path, NULL };
  guint64 rows, cols;
  char *end;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("python failed: %s", err);

  lines = g_strsplit (out, "\n", -1);
  rows = g_ascii_strtoull (lines[0], &end, 10);
  cols = g_ascii_strtoull (end, NULL, 10);
  g_assert_cmpuint (rows, ==, ds->n);
  g_assert_cmpuint (cols, ==, ds->d + 1);
  for (size_t i = 0; i < ds->n; i++)
    for (size_t k = 0; k <= ds->d; k++)
      {
        double want = k < ds->d ? ds->X[i * ds->d + k] : ds->y[i];
        double got = g_ascii_strtod (lines[1 + i * (ds->d + 1) + k], NULL);
        g_assert_cmpmem (&got, sizeof got, &want, sizeof want);
      }
}

static void
test_numpy (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr (NnpDataset) ds = awkward_dataset ();
  g_autoptr (GError) error = NULL;

  if (g_getenv ("NNP_PYTHON") == NULL)
    {
      g_test_skip ("NNP_PYTHON is not set");
      return;
    }
  dir = make_tmpdir ("nnplay-test-csv-XXXXXX");
  path = g_build_filename (dir, "np.csv", NULL);
  g_assert_true (nnp_csv_write (ds, path, &error));
  g_assert_no_error (error);
  check_numpy_reads (path, ds);
  remove_tmpdir (dir);
}

/* The shipped samples load strictly, are what their comment says, and
 * numpy reads them too. */
static void
test_samples (void)
{
  for (size_t s = 0; s < G_N_ELEMENTS (nnp_samples); s++)
    {
      const NnpSample *sm = &nnp_samples[s];
      g_autofree char *file = g_strdup_printf ("%s.csv", nnp_generator_name (sm->gen));
      g_autofree char *path = g_build_filename (NNP_SOURCE_DATADIR, file, NULL);
      g_autoptr (GError) error = NULL;
      g_autoptr (NnpDataset) ds = nnp_csv_read (path, 2, &error);
      g_autoptr (NnpDataset) gen = nnp_dataset_generate (sm->gen, sm->n, sm->noise, sm->seed);
      g_autofree char *text = NULL;

      g_assert_no_error (error);
      g_assert_cmpuint (ds->n, ==, sm->n);
      for (size_t i = 0; i < ds->n; i++)
        {
          /* libm may differ in the last bit on another system */
          g_assert_cmpfloat_with_epsilon (ds->X[2 * i], gen->X[2 * i], 1e-12);
          g_assert_cmpfloat_with_epsilon (ds->X[2 * i + 1], gen->X[2 * i + 1], 1e-12);
          g_assert_cmpfloat (ds->y[i], ==, gen->y[i]);
        }
      g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
      g_assert_true (g_str_has_prefix (text, "x1,x2,label\n# "));
      g_assert_nonnull (strstr (text, nnp_generator_title (sm->gen)));
      if (g_getenv ("NNP_PYTHON") != NULL)
        check_numpy_reads (path, ds);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/data/csv/parse/basic", test_parse_basic);
  g_test_add_func ("/data/csv/parse/no-header", test_parse_no_header);
  g_test_add_func ("/data/csv/parse/errors", test_parse_errors);
  g_test_add_func ("/data/csv/parse/nul", test_parse_nul);
  g_test_add_func ("/data/csv/parse/too-many-rows", test_parse_too_many_rows);
  g_test_add_func ("/data/csv/parse/large-aligned", test_parse_large_aligned);
  g_test_add_func ("/data/csv/parse/wide-first-line", test_parse_wide_first_line);
  g_test_add_func ("/data/csv/read/errors", test_read_errors);
  g_test_add_func ("/data/csv/write/format", test_format_exact);
  g_test_add_func ("/data/csv/write/round-trip", test_round_trip);
  g_test_add_func ("/data/csv/write/file", test_write);
  g_test_add_func ("/data/csv/write/numpy", test_numpy);
  g_test_add_func ("/data/csv/samples", test_samples);

  return g_test_run ();
}
