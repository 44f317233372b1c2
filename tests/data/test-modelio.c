/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-modelio.c: the nnplay-model JSON file: exact round trip, its keys, every error path. */
#define G_LOG_DOMAIN "nnplay-test"

#include "config.h"

#if defined(__SANITIZE_ADDRESS__)
#define NNP_UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define NNP_UNDER_ASAN 1
#endif
#endif
#ifndef NNP_UNDER_ASAN
#define NNP_UNDER_ASAN 0
#endif

#include <errno.h>
#include <float.h>
#include <math.h>
#include <string.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <nnplay/nnp-modelio.h>
#include <nnplay/nnp-error.h>

#include "peak-rss.h"
#include "test-tmpdir.h"

static const double awkward[] = {
  0.1, 1.0 / 3.0, 2.385e-300, -0.0, 1e21, -5e-324, 2.385, DBL_MAX, -DBL_MIN,
  123456789.123456789, 0.30000000000000004, 1.0, -2.0, 9007199254740993.0,
  -1.0 / 7.0, 1e-5, 6.02214076e23, -0.5,
};

/* d = 3, h = 4: 12 + 4 + 4 + 1 = 21 parameters, taken from awkward[]. */
static NnpModel *
awkward_model (NnpActivation act)
{
  NnpModel *m = nnp_model_alloc (3, 4, act);

  for (size_t i = 0; i < m->theta->size; i++)
    m->theta->block[i] = awkward[i % G_N_ELEMENTS (awkward)];
  return m;
}

static void
assert_same_model (const NnpModel *a, const NnpModel *b)
{
  g_assert_cmpuint (a->theta->d, ==, b->theta->d);
  g_assert_cmpuint (a->theta->h, ==, b->theta->h);
  g_assert_cmpint (a->act, ==, b->act);
  /* bitwise: -0.0 must come back as -0.0 */
  g_assert_cmpmem (a->theta->block, a->theta->size * sizeof (double),
                   b->theta->block, b->theta->size * sizeof (double));
}

static void
test_round_trip (void)
{
  g_autofree char *dir = make_tmpdir ("nnplay-test-model-XXXXXX");
  g_autofree char *path = g_build_filename (dir, "m.json", NULL);

  for (int act = 0; act < NNP_N_ACTIVATIONS; act++)
    {
      g_autoptr (GError) error = NULL;
      NnpModel *m = awkward_model ((NnpActivation) act);
      NnpModel *back;
      int files = 0;

      g_assert_true (nnp_model_save (m, path, &error));
      g_assert_no_error (error);
      back = nnp_model_load (path, &error);
      g_assert_no_error (error);
      assert_same_model (m, back);
      nnp_model_free (back);

      /* the text route too */
      {
        g_autofree char *text = nnp_model_to_string (m);
        back = nnp_model_from_string (text, -1, "text", &error);
        g_assert_no_error (error);
        assert_same_model (m, back);
        nnp_model_free (back);
      }

      /* atomic save: no temporary file left */
      {
        g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
        while (g_dir_read_name (d) != NULL)
          files++;
      }
      g_assert_cmpint (files, ==, 1);
      nnp_model_free (m);
    }

  /* random bit patterns through the text form */
  {
    GRand *rand = g_rand_new_with_seed (2385);
    for (int rep = 0; rep < 200; rep++)
      {
        g_autoptr (GError) error = NULL;
        NnpModel *m = nnp_model_alloc (5, 7, NNP_ACT_RELU), *back;

        for (size_t i = 0; i < m->theta->size; i++)
          {
            guint64 bits = ((guint64) g_rand_int (rand) << 32) | g_rand_int (rand);
            double v;
            memcpy (&v, &bits, sizeof v);
            m->theta->block[i] = isfinite (v) ? v : 0.0;
          }
        g_assert_true (nnp_model_save (m, path, &error));
        back = nnp_model_load (path, &error);
        g_assert_no_error (error);
        assert_same_model (m, back);
        nnp_model_free (back);
        nnp_model_free (m);
      }
    g_rand_free (rand);
  }
  remove_tmpdir (dir);
}

/* The text is exactly the documented shape; parsed with json-glib here
 * and with Python's json module below. */
static void
test_keys (void)
{
  const char *keys[] = { "format", "version", "inputs", "hidden", "activation",
                         "W1", "b1", "W2", "b2" };
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  NnpModel *m = awkward_model (NNP_ACT_TANH);
  g_autofree char *text = nnp_model_to_string (m);
  g_autoptr (GList) members = NULL;
  JsonObject *obj;
  JsonArray *W1, *W2;
  GList *l;
  size_t i = 0;

  g_assert_true (json_parser_load_from_data (parser, text, -1, &error));
  g_assert_no_error (error);
  obj = json_node_get_object (json_parser_get_root (parser));
  members = json_object_get_members (obj);
  for (l = members; l != NULL; l = l->next, i++)
    {
      g_assert_cmpuint (i, <, G_N_ELEMENTS (keys));
      g_assert_cmpstr (l->data, ==, keys[i]);
    }
  g_assert_cmpuint (i, ==, G_N_ELEMENTS (keys));

  g_assert_cmpstr (json_object_get_string_member (obj, "format"), ==, "nnplay-model");
  g_assert_cmpint (json_object_get_int_member (obj, "version"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (obj, "inputs"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (obj, "hidden"), ==, 4);
  g_assert_cmpstr (json_object_get_string_member (obj, "activation"), ==, "tanh");
  W1 = json_object_get_array_member (obj, "W1");
  g_assert_cmpuint (json_array_get_length (W1), ==, 4);
  for (guint j = 0; j < 4; j++)
    {
      JsonArray *row = json_array_get_array_element (W1, j);
      g_assert_cmpuint (json_array_get_length (row), ==, 3);
      for (guint k = 0; k < 3; k++)
        g_assert_cmpfloat (json_array_get_double_element (row, k), ==, awkward[j * 3 + k]);
    }
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (obj, "b1")), ==, 4);
  W2 = json_object_get_array_member (obj, "W2");
  g_assert_cmpuint (json_array_get_length (W2), ==, 1);
  g_assert_cmpuint (json_array_get_length (json_array_get_array_element (W2, 0)), ==, 4);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (obj, "b2")), ==, 1);
  g_assert_cmpfloat (json_array_get_double_element (json_object_get_array_member (obj, "b2"), 0),
                     ==, awkward[20 % G_N_ELEMENTS (awkward)]);

  nnp_model_free (m);
}

/* Python's json module reads the file; it prints the keys and every
 * number with repr, which must be our doubles bit for bit. */
static void
test_python_reads (void)
{
  const char *python = g_getenv ("NNP_PYTHON");
  const char *script =
    "import sys, json\n"
    "m = json.load(open(sys.argv[1]))\n"
    "print(','.join(m.keys()))\n"
    "print(m['format'], m['version'], m['inputs'], m['hidden'], m['activation'])\n"
    "assert type(m['version']) is int and type(m['inputs']) is int and type(m['hidden']) is int\n"
    "assert len(m['W1']) == m['hidden'] and all(len(r) == m['inputs'] for r in m['W1'])\n"
    "assert len(m['b1']) == m['hidden'] and len(m['W2']) == 1 and len(m['W2'][0]) == m['hidden']\n"
    "assert len(m['b2']) == 1\n"
    "vals = [v for r in m['W1'] for v in r] + m['b1'] + m['W2'][0] + m['b2']\n"
    "assert all(type(v) is float for v in vals)\n"
    "for v in vals: print(repr(v))\n";
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_auto (GStrv) lines = NULL;
  g_autoptr (GError) error = NULL;
  NnpModel *m;
  int status = 0;

  if (python == NULL)
    {
      g_test_skip ("NNP_PYTHON is not set");
      return;
    }
  dir = make_tmpdir ("nnplay-test-model-XXXXXX");
  path = g_build_filename (dir, "m.json", NULL);
  m = awkward_model (NNP_ACT_SIGMOID);
  g_assert_true (nnp_model_save (m, path, &error));

  {
    const char *argv[] = { python, "-c", script, path, NULL };
    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error);
  }
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("python failed: %s", err);
  lines = g_strsplit (out, "\n", -1);
  g_assert_cmpstr (lines[0], ==, "format,version,inputs,hidden,activation,W1,b1,W2,b2");
  g_assert_cmpstr (lines[1], ==, "nnplay-model 1 3 4 sigmoid");
  for (size_t i = 0; i < m->theta->size; i++)
    {
      double got = g_ascii_strtod (lines[2 + i], NULL);
      g_assert_cmpmem (&got, sizeof got, &m->theta->block[i], sizeof (double));
    }
  g_assert_cmpstr (lines[2 + m->theta->size], ==, "");
  nnp_model_free (m);
  remove_tmpdir (dir);
}

/* ---- loading: every error path ----------------------------------------- */

static const char base_json[] =
  "{\"format\": \"nnplay-model\", \"version\": 1, \"inputs\": 2, \"hidden\": 2,\n"
  " \"activation\": \"tanh\",\n"
  " \"W1\": [[0.5, -1.25], [2.385, 0.1]], \"b1\": [0, -0.3],\n"
  " \"W2\": [[1.5, -2.0]], \"b2\": [0.25]}\n";

static void
test_load_valid (void)
{
  g_autofree char *dir = make_tmpdir ("nnplay-test-model-XXXXXX");
  g_autofree char *path = g_build_filename (dir, "hand.json", NULL);
  g_autoptr (GError) error = NULL;
  NnpModel *m;

  g_assert_true (g_file_set_contents (path, base_json, -1, NULL));
  m = nnp_model_load (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (m->theta->d, ==, 2);
  g_assert_cmpuint (m->theta->h, ==, 2);
  g_assert_cmpint (m->act, ==, NNP_ACT_TANH);
  g_assert_cmpfloat (gsl_matrix_get (&m->theta->W1.matrix, 0, 0), ==, 0.5);
  g_assert_cmpfloat (gsl_matrix_get (&m->theta->W1.matrix, 0, 1), ==, -1.25);
  g_assert_cmpfloat (gsl_matrix_get (&m->theta->W1.matrix, 1, 0), ==, 2.385);
  g_assert_cmpfloat (gsl_matrix_get (&m->theta->W1.matrix, 1, 1), ==, 0.1);
  g_assert_cmpfloat (gsl_vector_get (&m->theta->b1.vector, 0), ==, 0.0);
  g_assert_cmpfloat (gsl_vector_get (&m->theta->b1.vector, 1), ==, -0.3);
  g_assert_cmpfloat (gsl_matrix_get (&m->theta->W2.matrix, 0, 0), ==, 1.5);
  g_assert_cmpfloat (gsl_matrix_get (&m->theta->W2.matrix, 0, 1), ==, -2.0);
  g_assert_cmpfloat (*m->theta->b2, ==, 0.25);
  nnp_model_free (m);

  /* integers as weights, up to 18 digits; a string holding a long number
   * is not a number literal */
  {
    g_autofree char *t = g_strdup (base_json);
    g_autofree char *t2 = NULL;
    char *at = strstr (t, "2.385");
    *at = '\0';
    t2 = g_strconcat (t, "123456789012345678", at + 5, NULL);
    g_free (t);
    at = strstr (t2, "\"tanh\"");
    *at = '\0';
    t = g_strconcat (t2, "\"relu\", \"\\\"\": \"x\\\"1234567890123456789012345\"", at + 6, NULL);
    g_assert_true (g_file_set_contents (path, t, -1, NULL));
    m = nnp_model_load (path, &error);
    g_assert_nonnull (error);   /* the unknown key "\"" */
    g_assert_cmpstr (error->message + strlen (path), ==,
                     ": unknown key \"\\\"\", expected only format, version, inputs, hidden, "
                     "activation, W1, b1, W2, b2");
    g_clear_error (&error);
    t = (g_free (t), g_strconcat (t2, "\"relu\"", at + 6, NULL));
    g_assert_true (g_file_set_contents (path, t, -1, NULL));
    m = nnp_model_load (path, &error);
    g_assert_no_error (error);
    g_assert_cmpint (m->act, ==, NNP_ACT_RELU);
    g_assert_cmpfloat (gsl_matrix_get (&m->theta->W1.matrix, 1, 0), ==, 123456789012345678.0);
    nnp_model_free (m);
  }
  remove_tmpdir (dir);
}

typedef struct {
  const char *from, *to;   /* replaced in base_json (from NULL: to is the whole text) */
  int code;
  const char *message;     /* after "PATH: "; ending in '*': a prefix */
} JsonCase;

static const JsonCase json_cases[] = {
  /* format and version */
  { "\"nnplay-model\"", "\"nnplay-modl\"", NNP_ERROR_INVALID,
    "\"format\" is \"nnplay-modl\", expected \"nnplay-model\"" },
  { "\"nnplay-model\"", "3", NNP_ERROR_INVALID,
    "\"format\" is a number, expected a string" },
  { "\"version\": 1", "\"version\": 2", NNP_ERROR_INVALID,
    "\"version\" is 2, expected 1 (the version this nnplay reads)" },
  { "\"version\": 1", "\"version\": \"1\"", NNP_ERROR_INVALID,
    "\"version\" is a string, expected an integer" },
  { "\"version\": 1", "\"version\": 1.5", NNP_ERROR_INVALID,
    "\"version\" is 1.5, expected an integer" },
  /* keys */
  { "\"format\": \"nnplay-model\", ", "", NNP_ERROR_INVALID, "missing key \"format\"" },
  { "\"version\": 1, ", "", NNP_ERROR_INVALID, "missing key \"version\"" },
  { "\"inputs\": 2, ", "", NNP_ERROR_INVALID, "missing key \"inputs\"" },
  { "\"hidden\": 2,", "", NNP_ERROR_INVALID, "missing key \"hidden\"" },
  { "\"activation\": \"tanh\",", "", NNP_ERROR_INVALID, "missing key \"activation\"" },
  { "\"W1\": [[0.5, -1.25], [2.385, 0.1]], ", "", NNP_ERROR_INVALID, "missing key \"W1\"" },
  { "\"b1\": [0, -0.3],", "", NNP_ERROR_INVALID, "missing key \"b1\"" },
  { "\"W2\": [[1.5, -2.0]], ", "", NNP_ERROR_INVALID, "missing key \"W2\"" },
  { ", \"b2\": [0.25]", "", NNP_ERROR_INVALID, "missing key \"b2\"" },
  { "\"b2\": [0.25]", "\"b2\": [0.25], \"comment\": \"hi\"", NNP_ERROR_INVALID,
    "unknown key \"comment\", expected only format, version, inputs, hidden, activation, W1, b1, W2, b2" },
  /* sizes */
  { "\"inputs\": 2", "\"inputs\": 0", NNP_ERROR_INVALID,
    "\"inputs\" is 0, expected an integer from 1 to 2147483647" },
  { "\"hidden\": 2", "\"hidden\": -3", NNP_ERROR_INVALID,
    "\"hidden\" is -3, expected an integer from 1 to 2147483647" },
  { "\"hidden\": 2", "\"hidden\": true", NNP_ERROR_INVALID,
    "\"hidden\" is a boolean, expected an integer" },
  /* shapes */
  { "\"hidden\": 2", "\"hidden\": 3", NNP_ERROR_INVALID,
    "\"W1\" has 2 elements, expected 3 (one row per hidden unit)" },
  { "\"hidden\": 2", "\"hidden\": 1000000", NNP_ERROR_INVALID,
    "\"W1\" has 2 elements, expected 1000000 (one row per hidden unit)" },
  { "\"inputs\": 2", "\"inputs\": 3", NNP_ERROR_INVALID,
    "\"W1\"[0] has 2 elements, expected 3 (one weight per input)" },
  { "[[0.5, -1.25], [2.385, 0.1]]", "[[0.5, -1.25], [2.385]]", NNP_ERROR_INVALID,
    "\"W1\"[1] has 1 element, expected 2 (one weight per input)" },
  { "[[0.5, -1.25], [2.385, 0.1]]", "[0.5, -1.25, 2.385, 0.1]", NNP_ERROR_INVALID,
    "\"W1\" has 4 elements, expected 2 (one row per hidden unit)" },
  { "[[0.5, -1.25], [2.385, 0.1]]", "[0.5, -1.25]", NNP_ERROR_INVALID,
    "\"W1\"[0] is a number, expected an array of 2 (one weight per input)" },
  { "[[0.5, -1.25], [2.385, 0.1]]", "{}", NNP_ERROR_INVALID,
    "\"W1\" is an object, expected an array of 2 (one row per hidden unit)" },
  { "\"b1\": [0, -0.3]", "\"b1\": [0]", NNP_ERROR_INVALID,
    "\"b1\" has 1 element, expected 2 (one bias per hidden unit)" },
  { "[[1.5, -2.0]]", "[1.5, -2.0]", NNP_ERROR_INVALID,
    "\"W2\" has 2 elements, expected 1 (one row, the output unit's)" },
  { "[[1.5, -2.0]]", "[[1.5, -2.0, 3]]", NNP_ERROR_INVALID,
    "\"W2\"[0] has 3 elements, expected 2 (one weight per hidden unit)" },
  { "[0.25]", "0.25", NNP_ERROR_INVALID,
    "\"b2\" is a number, expected an array of 1 (the output unit's bias)" },
  { "[0.25]", "[0.25, 1]", NNP_ERROR_INVALID,
    "\"b2\" has 2 elements, expected 1 (the output unit's bias)" },
  /* values */
  { "-1.25", "\"x\"", NNP_ERROR_INVALID, "\"W1\"[0][1] is a string, expected a number" },
  { "2.385", "null", NNP_ERROR_INVALID, "\"W1\"[1][0] is null, expected a number" },
  { "-0.3", "false", NNP_ERROR_INVALID, "\"b1\"[1] is a boolean, expected a number" },
  { "-2.0", "[1]", NNP_ERROR_INVALID, "\"W2\"[0][1] is an array, expected a number" },
  { "2.385", "1e999", NNP_ERROR_INVALID,
    "\"W1\"[1][0] is not finite, expected a finite number" },
  { "[0.25]", "[-1e400]", NNP_ERROR_INVALID, "\"b2\"[0] is not finite, expected a finite number" },
  /* activation */
  { "\"tanh\"", "\"softmax\"", NNP_ERROR_INVALID,
    "\"activation\" is \"softmax\", expected \"sigmoid\", \"tanh\" or \"relu\"" },
  { "\"tanh\"", "\"Tanh\"", NNP_ERROR_INVALID,
    "\"activation\" is \"Tanh\", expected \"sigmoid\", \"tanh\" or \"relu\"" },
  { "\"tanh\"", "7", NNP_ERROR_INVALID, "\"activation\" is a number, expected a string" },
  /* what json-glib alone would let through */
  { "\"b2\": [0.25]", "\"b2\": [0.25], \"b2\": [1]", NNP_ERROR_PARSE,
    ":4:*: key \"b2\" appears twice, expected each key once" },
  { "2.385", "12345678901234567890", NNP_ERROR_PARSE,
    ":3:24: integer \"12345678901234567890\" does not fit in 64 bits, expected a number "
    "with a decimal point or an exponent" },
  { "\"inputs\": 2", "\"inputs\": -18446744073709551615", NNP_ERROR_PARSE,
    ":1:52: integer \"-18446744073709551615\" does not fit in 64 bits, expected a number "
    "with a decimal point or an exponent" },
  /* 2^63 and -2^63 - 1: one past each end */
  { "\"inputs\": 2", "\"inputs\": 9223372036854775808", NNP_ERROR_PARSE,
    ":1:52: integer \"9223372036854775808\" does not fit in 64 bits, expected a number "
    "with a decimal point or an exponent" },
  { "\"inputs\": 2", "\"inputs\": -9223372036854775809", NNP_ERROR_PARSE,
    ":1:52: integer \"-9223372036854775809\" does not fit in 64 bits, expected a number "
    "with a decimal point or an exponent" },
  { "\"inputs\": 2", "\"inputs\": 9223372036854775807", NNP_ERROR_INVALID,
    "\"inputs\" is 9223372036854775807, expected an integer from 1 to 2147483647" },
  { "\"inputs\": 2", "\"inputs\": -9223372036854775808", NNP_ERROR_INVALID,
    "\"inputs\" is -9223372036854775808, expected an integer from 1 to 2147483647" },
  /* not an object, not JSON */
  { NULL, "[1, 2]", NNP_ERROR_INVALID,
    "the top level is an array, expected an object {\"format\": \"nnplay-model\", ...}" },
  { NULL, "\"nnplay-model\"", NNP_ERROR_INVALID,
    "the top level is a string, expected an object {\"format\": \"nnplay-model\", ...}" },
  { NULL, "", NNP_ERROR_PARSE,
    "empty file, expected a JSON object {\"format\": \"nnplay-model\", ...}" },
  { NULL, "  \n", NNP_ERROR_PARSE,
    "empty file, expected a JSON object {\"format\": \"nnplay-model\", ...}" },
  { "[[0.5, -1.25], [2.385, 0.1]]", "[[0.5, -1.25], [2.385, 0.1]", NNP_ERROR_PARSE,
    ":3:*: not valid JSON: *" },
  { NULL, "{\"format\": ", NNP_ERROR_PARSE, ":1:*: not valid JSON: *" },
  { NULL, "format,version\n1,2\n", NNP_ERROR_PARSE, ":1:*: not valid JSON: *" },
  { NULL, "{\"format\": \"\xff\"}", NNP_ERROR_PARSE, ":1:13: not valid JSON: the text is not UTF-8" },
  /* what Python's json.dump writes for nan and inf: said so (it had been
   * "unexpected 'N'") */
  { "0.5, -1.25", "NaN, -1.25", NNP_ERROR_PARSE,
    ":3:*: not valid JSON: NaN and Infinity are not JSON numbers (every number must be finite)" },
  { "0.5, -1.25", "0.5, -Infinity", NNP_ERROR_PARSE,
    ":3:*: not valid JSON: NaN and Infinity are not JSON numbers (every number must be finite)" },
  { "0.5, -1.25", "Infinity, 1", NNP_ERROR_PARSE,
    ":3:*: not valid JSON: NaN and Infinity are not JSON numbers (every number must be finite)" },
  /* but only where they are written: a text file that starts with N or I
   * is not told about them */
  { NULL, "Name: x\n", NNP_ERROR_PARSE, ":1:1: not valid JSON: unexpected 'N'" },
  { NULL, "Inputs: 2\n", NNP_ERROR_PARSE, ":1:1: not valid JSON: unexpected 'I'" },
  { "0.5, -1.25", "0.5, -Inf", NNP_ERROR_PARSE, ":3:*: not valid JSON: a number needs digits" },
};

/* Compares msg with "PATH: " + want, or "PATH" + want when want starts
 * with ':'; a '*' in want matches any run of characters. */
static void
assert_message (const char *msg, const char *path, const char *want)
{
  g_autofree char *full = g_strconcat (path, want[0] == ':' ? "" : ": ",
                                       want, NULL);

  if (strchr (want, '*') != NULL)
    {
      if (!g_pattern_match_simple (full, msg))
        g_error ("message \"%s\" does not match \"%s\"", msg, full);
    }
  else
    g_assert_cmpstr (msg, ==, full);
}

static void
test_load_errors (void)
{
  g_autofree char *dir = make_tmpdir ("nnplay-test-model-XXXXXX");
  g_autofree char *path = g_build_filename (dir, "bad.json", NULL);

  for (size_t c = 0; c < G_N_ELEMENTS (json_cases); c++)
    {
      const JsonCase *jc = &json_cases[c];
      g_autoptr (GError) error = NULL;
      g_autofree char *text = NULL;

      if (jc->from == NULL)
        text = g_strdup (jc->to);
      else
        {
          const char *at = strstr (base_json, jc->from);
          g_assert_nonnull (at);
          text = g_strdup_printf ("%.*s%s%s", (int) (at - base_json), base_json, jc->to,
                                  at + strlen (jc->from));
        }
      g_test_message ("case %zu: %s", c, text);
      g_assert_true (g_file_set_contents (path, text, -1, NULL));
      g_assert_null (nnp_model_load (path, &error));
      g_assert_error (error, NNP_ERROR, jc->code);
      assert_message (error->message, path, jc->message);
    }
  remove_tmpdir (dir);
}

/* A UTF-8 byte order mark before the object, as some editors write, is
 * read past (it had been "not valid JSON: unexpected byte 0xef"). */
static void
test_bom (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *text = g_strconcat ("\xef\xbb\xbf", base_json, NULL);
  NnpModel *m = nnp_model_from_string (text, -1, "bom.json", &error);

  g_assert_no_error (error);
  g_assert_nonnull (m);
  g_assert_cmpuint (m->theta->h, ==, 2);
  g_assert_cmpfloat (m->theta->block[2], ==, 2.385);
  nnp_model_free (m);
  /* a mark alone is an empty file */
  g_assert_null (nnp_model_from_string ("\xef\xbb\xbf", -1, "bom.json", &error));
  g_assert_error (error, NNP_ERROR, NNP_ERROR_PARSE);
}

static void
test_from_string_errors (void)
{
  g_autoptr (GError) error = NULL;

  g_assert_null (nnp_model_from_string ("[]", -1, NULL, &error));
  g_assert_error (error, NNP_ERROR, NNP_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==,
                   "<model>: the top level is an array, expected an object {\"format\": \"nnplay-model\", ...}");
  g_clear_error (&error);

  /* len bounds the text: what follows is not read */
  g_assert_null (nnp_model_from_string ("  {\"format\"", 2, "x.json", &error));
  g_assert_error (error, NNP_ERROR, NNP_ERROR_PARSE);
  g_assert_cmpstr (error->message, ==,
                   "x.json: empty file, expected a JSON object {\"format\": \"nnplay-model\", ...}");
}

static void
test_io_errors (void)
{
  g_autofree char *dir = make_tmpdir ("nnplay-test-model-XXXXXX");
  g_autofree char *missing = g_build_filename (dir, "missing.json", NULL);
  g_autofree char *nowhere = g_build_filename (dir, "no", "such.json", NULL);
  g_autofree char *path = g_build_filename (dir, "m.json", NULL);
  g_autofree char *expect = NULL;
  g_autoptr (GError) error = NULL;
  NnpModel *m = awkward_model (NNP_ACT_SIGMOID);

  g_assert_null (nnp_model_load (missing, &error));
  g_assert_error (error, NNP_ERROR, NNP_ERROR_IO);
  expect = g_strdup_printf ("%s: cannot open: %s", missing, g_strerror (ENOENT));
  g_assert_cmpstr (error->message, ==, expect);
  g_clear_error (&error);
  g_clear_pointer (&expect, g_free);

  g_assert_null (nnp_model_load (dir, &error));
  g_assert_error (error, NNP_ERROR, NNP_ERROR_IO);
  expect = g_strdup_printf ("%s: cannot read: %s", dir, g_strerror (EISDIR));
  g_assert_cmpstr (error->message, ==, expect);
  g_clear_error (&error);
  g_clear_pointer (&expect, g_free);

  g_assert_false (nnp_model_save (m, nowhere, &error));
  g_assert_error (error, NNP_ERROR, NNP_ERROR_IO);
  expect = g_strdup_printf ("%s: cannot write: ", nowhere);
  g_assert_true (g_str_has_prefix (error->message, expect));
  g_clear_error (&error);
  g_clear_pointer (&expect, g_free);

  /* a diverged model is not saved, and the old file stays */
  g_assert_true (nnp_model_save (m, path, &error));
  m->theta->block[5] = NAN;
  g_assert_false (nnp_model_save (m, path, &error));
  g_assert_error (error, NNP_ERROR, NNP_ERROR_INVALID);
  expect = g_strdup_printf ("%s: not written: the model has non-finite parameters", path);
  g_assert_cmpstr (error->message, ==, expect);
  g_clear_error (&error);
  {
    NnpModel *old = nnp_model_load (path, &error);
    g_assert_no_error (error);
    g_assert_cmpfloat (old->theta->block[5], ==, awkward[5]);
    nnp_model_free (old);
  }
  /* to_string writes null for it, which does not load */
  {
    g_autofree char *text = nnp_model_to_string (m);
    g_assert_nonnull (strstr (text, "null"));
  }
  nnp_model_free (m);
  remove_tmpdir (dir);
}


/* 100,000 '[' (200 KB): json-glib recursed once per level and
 * `nnplay-cli plot --model` died of a stack overflow; the reader is
 * iterative and stops at depth 64 with a message. */
static void
test_deep_nesting (void)
{
  g_autofree char *dir = make_tmpdir ("nnplay-test-model-XXXXXX");
  g_autofree char *path = g_build_filename (dir, "deep.json", NULL);
  const size_t depth = 100000;
  g_autoptr (GString) text = g_string_new (NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *want = NULL;

  for (size_t i = 0; i < depth; i++)
    g_string_append_c (text, '[');
  for (size_t i = 0; i < depth; i++)
    g_string_append_c (text, ']');
  g_assert_true (g_file_set_contents (path, text->str, (gssize) text->len, NULL));
  g_assert_null (nnp_model_load (path, &error));
  g_assert_error (error, NNP_ERROR, NNP_ERROR_PARSE);
  want = g_strdup_printf ("%s:1:65: not valid JSON: nested more than 64 deep", path);
  g_assert_cmpstr (error->message, ==, want);
  g_clear_error (&error);

  /* objects too, inside a valid model's "W1" */
  g_string_assign (text, "{\"format\": \"nnplay-model\", \"version\": 1, \"W1\": ");
  for (size_t i = 0; i < depth; i++)
    g_string_append (text, "{\"a\":");
  g_assert_null (nnp_model_from_string (text->str, -1, "deep", &error));
  g_assert_error (error, NNP_ERROR, NNP_ERROR_PARSE);
  g_assert_true (g_str_has_prefix (error->message, "deep:1:"));
  g_assert_nonnull (strstr (error->message, "nested more than 64 deep"));
  g_clear_error (&error);

  /* 64 deep is fine as JSON (and then not a model) */
  g_string_truncate (text, 0);
  for (size_t i = 0; i < 64; i++)
    g_string_append_c (text, '[');
  for (size_t i = 0; i < 64; i++)
    g_string_append_c (text, ']');
  g_assert_null (nnp_model_from_string (text->str, -1, "d64", &error));
  g_assert_error (error, NNP_ERROR, NNP_ERROR_INVALID);
  remove_tmpdir (dir);
}

/* Numbers are read correctly rounded, whatever their spelling; the
 * expected values are C hexadecimal literals, not another decimal parse. */
static void
test_exact_numbers (void)
{
  static const struct { const char *text; double value; } cases[] = {
    { "0.1", 0x1.999999999999ap-4 },
    { "-0", -0.0 },
    { "-0.0e+0", -0.0 },
    { "1E2", 100.0 },
    { "9007199254740993", 0x1p53 },                 /* a tie: to even */
    { "9223372036854775807", 0x1p63 },
    { "2.2250738585072011e-308", 0x0.fffffffffffffp-1022 },
    { "2.2250738585072012e-308", 0x1p-1022 },
    { "4.9406564584124654e-324", 0x0.0000000000001p-1022 },
    { "1.7976931348623157e308", 0x1.fffffffffffffp1023 },
    { "0.30000000000000004", 0x1.3333333333334p-2 },
    { "123456789012345678901234567890e-30", 0x1.f9add3746f65fp-4 },
  };

  for (size_t c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *text = g_strdup_printf (
        "{\"format\": \"nnplay-model\", \"version\": 1, \"inputs\": 1, \"hidden\": 1, "
        "\"activation\": \"relu\", \"W1\": [[%s]], \"b1\": [0], \"W2\": [[1]], \"b2\": [%s]}",
        cases[c].text, cases[c].text);
      NnpModel *m = nnp_model_from_string (text, -1, "n", &error);
      double w;

      g_test_message ("case %zu: %s", c, cases[c].text);
      g_assert_no_error (error);
      w = gsl_matrix_get (&m->theta->W1.matrix, 0, 0);
      g_assert_cmpmem (&w, sizeof w, &cases[c].value, sizeof (double));
      g_assert_cmpmem (m->theta->b2, sizeof (double), &cases[c].value, sizeof (double));
      nnp_model_free (m);
    }
}

/* The key index is bounded however the text is made: 70,000 keys (420 KB)
 * are refused before they cost more. */
static void
test_many_keys (void)
{
  g_autoptr (GString) text = g_string_new ("{\"format\": \"nnplay-model\"");
  g_autoptr (GError) error = NULL;

  for (guint i = 0; i < 70000; i++)
    g_string_append_printf (text, ",\"%x\":0", i);
  g_string_append_c (text, '}');
  g_assert_null (nnp_model_from_string (text->str, -1, "keys", &error));
  g_assert_error (error, NNP_ERROR, NNP_ERROR_TOO_LARGE);
  g_assert_true (g_str_has_prefix (error->message, "keys:1:"));
  g_assert_true (g_str_has_suffix (error->message,
                                   ": more than 65536 keys in the file, more than any nnplay file has"));
  g_clear_error (&error);
  /* and without a GError to fill */
  g_assert_null (nnp_model_from_string (text->str, -1, "keys", NULL));
}

/* Strings: escapes decoded before keys are compared, UTF-8 checked. */
static void
test_strings (void)
{
  static const struct { const char *text; int code; const char *message; } cases[] = {
    { "{\"form\\u0061t\": \"nnplay-model\", \"format\": 1}", NNP_ERROR_PARSE,
      "s:1:33: key \"format\" appears twice, expected each key once" },
    { "{\"format\": \"nnplay\\u002dmodel\", \"version\": 2}", NNP_ERROR_INVALID,
      "s: \"version\" is 2, expected 1 (the version this nnplay reads)" },
    { "{\"format\": \"nnplay-model\\u0000\"}", NNP_ERROR_INVALID,
      "s: \"format\" holds a NUL character" },
    { "{\"format\": \"\\ud800\"}", NNP_ERROR_PARSE,
      "s:1:13: not valid JSON: a lone UTF-16 surrogate in a string" },
    { "{\"format\": \"\\x\"}", NNP_ERROR_PARSE, "s:1:13: not valid JSON: a bad escape in a string" },
    { "{\"format\": \"a\tb\"}", NNP_ERROR_PARSE,
      "s:1:14: not valid JSON: a control character in a string" },
    { "{\"format\": \"\xc3\xa9\xed\xa0\x80\"}", NNP_ERROR_PARSE,
      "s:1:15: not valid JSON: the text is not UTF-8" },
    { "{\"format\": \"\xf0\x9f\x98\x80\"}", NNP_ERROR_INVALID,
      "s: \"format\" is \"\\360\\237\\230\\200\", expected \"nnplay-model\"" },
    { "{\"format\": 01}", NNP_ERROR_PARSE, "s:1:12: not valid JSON: a number cannot start with 0" },
    { "{\"format\": 1.}", NNP_ERROR_PARSE, "s:1:12: not valid JSON: a number needs digits after '.'" },
    { "{\"format\": -}", NNP_ERROR_PARSE, "s:1:12: not valid JSON: a number needs digits" },
    { "{\"format\": 1e+}", NNP_ERROR_PARSE,
      "s:1:12: not valid JSON: a number needs digits in its exponent" },
    { "{\"format\": tru}", NNP_ERROR_PARSE, "s:1:12: not valid JSON: unexpected 't'" },
    { "{\"format\": 1,}", NNP_ERROR_PARSE, "s:1:14: not valid JSON: expected a key in double quotes" },
    { "{\"format\" 1}", NNP_ERROR_PARSE, "s:1:11: not valid JSON: expected ':' after the key" },
    { "[1 2]", NNP_ERROR_PARSE, "s:1:4: not valid JSON: expected ',' or ']'" },
    { "{} {}", NNP_ERROR_PARSE, "s:1:4: not valid JSON: more text after the document" },
    { "[1,\n", NNP_ERROR_PARSE, "s:2:1: not valid JSON: the text ends where a value was expected" },
    { "{\"a\": [1]\n", NNP_ERROR_PARSE, "s:2:1: not valid JSON: the text ends inside an object" },
  };

  for (size_t c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autoptr (GError) error = NULL;

      g_test_message ("case %zu: %s", c, cases[c].text);
      g_assert_null (nnp_model_from_string (cases[c].text, -1, "s", &error));
      g_assert_error (error, NNP_ERROR, cases[c].code);
      g_assert_cmpstr (error->message, ==, cases[c].message);
    }
}

/* A large model (about 14 MB, generated here) loads exactly, and a shape
 * mismatch is reported in a fraction of a second (json-glib took ~30 s).
 * Memory at the peak, above what was in use before: the reader needs the
 * weights (a third of the text) and no more; json-glib took ~50 times the
 * text. Loading the file adds the text and nnp_read_file's buffer growth. */
static void
test_large (void)
{
  g_autofree char *dir = make_tmpdir ("nnplay-test-model-XXXXXX");
  g_autofree char *path = g_build_filename (dir, "large.json", NULL);
  g_autofree char *bad = g_build_filename (dir, "mismatch.json", NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;
  NnpModel *m = nnp_model_alloc (16, 32768, NNP_ACT_RELU), *back;
  gsize size, before;
  double seconds;
  char *at;

  for (size_t i = 0; i < m->theta->size; i++)
    m->theta->block[i] = sin (2.385 * (double) i + 0.5) * 1.7e-3;
  g_assert_true (nnp_model_save (m, path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &text, &size, NULL));

  before = proc_status_bytes ("VmRSS:");
  if (peak_rss_reset ())
    {
      gsize extra;

      back = nnp_model_from_string (text, (gssize) size, "large", &error);
      g_assert_no_error (error);
      extra = peak_rss_above (before);
      g_test_message ("text %" G_GSIZE_FORMAT " bytes; parsing took %" G_GSIZE_FORMAT
                      " bytes at the peak (x%.2f), the weights are %zu", size, extra,
                      (double) extra / (double) size, m->theta->size * sizeof (double));
      /* AddressSanitizer's shadow memory and redzones roughly triple a
       * program's memory: there the bound is looser, not gone. */
      g_assert_cmpuint (extra, <, NNP_UNDER_ASAN ? 4 * size : size / 2);
      assert_same_model (m, back);
      nnp_model_free (back);

      before = proc_status_bytes ("VmRSS:");
      g_assert_true (peak_rss_reset ());
      back = nnp_model_load (path, &error);
      g_assert_no_error (error);
      extra = peak_rss_above (before);
      g_test_message ("loading the file took %" G_GSIZE_FORMAT " bytes at the peak (x%.2f)",
                      extra, (double) extra / (double) size);
      g_assert_cmpuint (extra, <, (NNP_UNDER_ASAN ? 8 : 3) * size);
      assert_same_model (m, back);
      nnp_model_free (back);
    }
  else
    g_test_message ("cannot reset the peak RSS here: memory not checked");

  at = strstr (text, "\"hidden\": 32768");
  g_assert_nonnull (at);
  memcpy (at, "\"hidden\": 32769", strlen ("\"hidden\": 32769"));
  g_assert_true (g_file_set_contents (bad, text, (gssize) size, NULL));
  g_test_timer_start ();
  g_assert_null (nnp_model_load (bad, &error));
  seconds = g_test_timer_elapsed ();
  g_test_message ("mismatch reported in %.3f s", seconds);
  g_assert_error (error, NNP_ERROR, NNP_ERROR_INVALID);
  g_assert_true (g_str_has_suffix (error->message,
                                   ": \"W1\" has 32768 elements, expected 32769 (one row per hidden unit)"));
  g_assert_cmpfloat (seconds, <, 5.0);

  nnp_model_free (m);
  remove_tmpdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/data/model-json/round-trip", test_round_trip);
  g_test_add_func ("/data/model-json/keys", test_keys);
  g_test_add_func ("/data/model-json/python", test_python_reads);
  g_test_add_func ("/data/model-json/load-valid", test_load_valid);
  g_test_add_func ("/data/model-json/bom", test_bom);
  g_test_add_func ("/data/model-json/load-errors", test_load_errors);
  g_test_add_func ("/data/model-json/from-string-errors", test_from_string_errors);
  g_test_add_func ("/data/model-json/io-errors", test_io_errors);
  g_test_add_func ("/data/model-json/deep-nesting", test_deep_nesting);
  g_test_add_func ("/data/model-json/strings", test_strings);
  g_test_add_func ("/data/model-json/many-keys", test_many_keys);
  g_test_add_func ("/data/model-json/exact-numbers", test_exact_numbers);
  g_test_add_func ("/data/model-json/large", test_large);

  return g_test_run ();
}
