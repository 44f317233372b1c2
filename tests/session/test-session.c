/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-session.c: nnplay-session files: exact round trip, every validation and error path. */
#define G_LOG_DOMAIN "nnplay-test-session"
#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include <nnplay/nnp-session.h>
#include <nnplay/nnp-error.h>

#include "../data/peak-rss.h"

/* ---- Fixtures. ----------------------------------------------------------- */

/* High-entropy values, none of them short in decimal, so a lossy writer
 * (%.6g, float) cannot pass. */
static double
entropy (size_t i, double scale)
{
  return scale * sin (2.385 * (double) (i + 1) + 0.317) * (1.0 + 1.0 / 3.0);
}

static NnpModel *
make_model (size_t h, NnpActivation act)
{
  NnpModel *m = nnp_model_alloc (2, h, act);

  g_assert_nonnull (m);
  for (size_t i = 0; i < m->theta->size; i++)
    m->theta->block[i] = entropy (i + 100, 1.7);
  return m;
}

/* A big session: n points, h units, a test split and a history with test columns. */
static NnpSession *
make_session (size_t n, size_t h, gboolean with_test)
{
  NnpSession *s = nnp_session_new ();

  g_assert_nonnull (s);
  nnp_dataset_free (s->points);
  s->points = nnp_dataset_alloc (n, 2);
  s->is_test = g_new0 (guint8, n);
  for (size_t i = 0; i < n; i++)
    {
      s->points->X[2 * i] = entropy (2 * i, 1.9);
      s->points->X[2 * i + 1] = entropy (2 * i + 1, 1.3) + 1e-13;
      s->points->y[i] = (i * 7 + 3) % 5 < 2 ? 1.0 : 0.0;
      s->is_test[i] = with_test && (i % 4 == 1);
    }
  s->test_fraction = with_test ? 0.25 : 0.0;
  s->lr = 0.0731234567891234;
  s->hidden = h;
  s->act = NNP_ACT_TANH;
  s->batch = 17;
  s->seed = G_GUINT64_CONSTANT (18446744073709551557);   /* > 2^63: written as a string */
  g_free (s->generator);
  s->generator = g_strdup ("spiral");
  s->n_points = 333;
  s->noise = 0.123456789012345;
  s->model = make_model (h, NNP_ACT_TANH);
  nnp_history_free (s->history);
  s->history = nnp_history_new (with_test);
  for (size_t t = 0; t < 40; t++)
    nnp_history_append (s->history, 0.7 * exp (-0.05 * t) + fabs (entropy (t, 1e-3)),
                        fmin (1.0, 0.5 + t / 80.0 + 1e-15 * t),
                        0.75 * exp (-0.04 * t), fmin (1.0, 0.45 + t / 81.0));
  s->has_view = TRUE;
  s->view[0] = -2.385;
  s->view[1] = 3.0 + 1e-13;
  s->view[2] = -1.0 / 3.0;
  s->view[3] = 1e21;
  s->speed = 137.25;
  s->log_cost = TRUE;
  s->unit = (int) h - 1;
  s->origin_file = g_strdup ("two \"moons\"\t\u00e9.csv");
  /* A thinned curve: entry t is epoch 4 t, the model two epochs on. */
  s->history_stride = 4;
  s->epoch = 39 * 4 + 2;
  return s;
}

static void
assert_same_doubles (const double *a, const double *b, size_t n)
{
  for (size_t i = 0; i < n; i++)
    if (memcmp (&a[i], &b[i], sizeof (double)) != 0)
      g_error ("element %zu differs: %.17g vs %.17g", i, a[i], b[i]);
}

static void
assert_sessions_equal (const NnpSession *a, const NnpSession *b)
{
  g_assert_cmpuint (a->points->n, ==, b->points->n);
  g_assert_cmpuint (a->points->d, ==, b->points->d);
  assert_same_doubles (a->points->X, b->points->X, a->points->n * 2);
  assert_same_doubles (a->points->y, b->points->y, a->points->n);
  if (a->points->n > 0)
    g_assert_cmpmem (a->is_test, a->points->n, b->is_test, b->points->n);
  g_assert_cmpfloat (a->test_fraction, ==, b->test_fraction);
  g_assert_cmpfloat (a->lr, ==, b->lr);
  g_assert_cmpuint (a->hidden, ==, b->hidden);
  g_assert_cmpint (a->act, ==, b->act);
  g_assert_cmpuint (a->batch, ==, b->batch);
  g_assert_cmpuint (a->seed, ==, b->seed);
  g_assert_cmpstr (a->generator, ==, b->generator);
  g_assert_cmpuint (a->n_points, ==, b->n_points);
  g_assert_cmpfloat (a->noise, ==, b->noise);
  g_assert_cmpuint (a->epoch, ==, b->epoch);
  g_assert_cmpuint (a->history_stride, ==, b->history_stride);
  g_assert_cmpint (!!a->has_view, ==, !!b->has_view);
  if (a->has_view)
    assert_same_doubles (a->view, b->view, 4);
  g_assert_cmpfloat (a->speed, ==, b->speed);
  g_assert_cmpint (!!a->log_cost, ==, !!b->log_cost);
  g_assert_cmpint (!!a->unit_lines, ==, !!b->unit_lines);
  g_assert_cmpint (a->unit, ==, b->unit);
  g_assert_cmpstr (a->origin_file, ==, b->origin_file);
  if (a->model == NULL)
    g_assert_null (b->model);
  else
    {
      g_assert_nonnull (b->model);
      g_assert_cmpuint (a->model->theta->d, ==, b->model->theta->d);
      g_assert_cmpuint (a->model->theta->h, ==, b->model->theta->h);
      g_assert_cmpint (a->model->act, ==, b->model->act);
      assert_same_doubles (a->model->theta->block, b->model->theta->block, a->model->theta->size);
    }
  g_assert_cmpuint (a->history->len, ==, b->history->len);
  g_assert_cmpint (!!a->history->has_test, ==, !!b->history->has_test);
  assert_same_doubles (a->history->train_cost, b->history->train_cost, a->history->len);
  assert_same_doubles (a->history->train_acc, b->history->train_acc, a->history->len);
  if (a->history->has_test)
    {
      assert_same_doubles (a->history->test_cost, b->history->test_cost, a->history->len);
      assert_same_doubles (a->history->test_acc, b->history->test_acc, a->history->len);
    }
}

/* ---- Round trips. -------------------------------------------------------- */

static void
test_roundtrip_string (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(NnpSession) s = make_session (257, 7, TRUE);
  g_autofree char *text = nnp_session_to_string (s, &error);
  g_autoptr(NnpSession) back = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (strstr (text, "\"nnplay-session\""));
  g_assert_nonnull (strstr (text, "\"18446744073709551557\""));
  back = nnp_session_from_string (text, -1, "roundtrip.json", &error);
  g_assert_no_error (error);
  g_assert_nonnull (back);
  assert_sessions_equal (s, back);
}

/* json-glib writes 1e21 as "1e+21.0"; the session writer must not. */
static void
test_roundtrip_large_numbers (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(NnpSession) s = make_session (5, 3, FALSE);
  s->points->X[0] = 1e21;
  s->points->X[3] = -2.5e300;
  s->model->theta->block[1] = 1e22;
  g_autofree char *text = nnp_session_to_string (s, &error);
  g_assert_no_error (error);
  g_assert_null (strstr (text, "e+21.0"));
  g_autoptr(NnpSession) back = nnp_session_from_string (text, -1, "large.json", &error);
  g_assert_no_error (error);
  assert_sessions_equal (s, back);
}

static void
test_roundtrip_no_split (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(NnpSession) s = make_session (5, 1, FALSE);
  g_autofree char *text = NULL;
  g_autoptr(NnpSession) back = NULL;

  s->seed = 42;
  s->act = NNP_ACT_RELU;
  s->model->act = NNP_ACT_RELU;
  g_clear_pointer (&s->generator, g_free);
  text = nnp_session_to_string (s, &error);
  g_assert_no_error (error);
  g_assert_null (strstr (text, "test_cost"));
  g_assert_nonnull (strstr (text, "\"generator\":null"));
  back = nnp_session_from_string (text, -1, "nosplit.json", &error);
  g_assert_no_error (error);
  assert_sessions_equal (s, back);
  g_assert_null (back->generator);
  g_assert_false (back->history->has_test);
}

static void
test_roundtrip_empty (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(NnpSession) s = nnp_session_new ();
  g_autofree char *text = nnp_session_to_string (s, &error);
  g_autoptr(NnpSession) back = NULL;

  g_assert_no_error (error);
  back = nnp_session_from_string (text, -1, "empty.json", &error);
  g_assert_no_error (error);
  assert_sessions_equal (s, back);
  g_assert_cmpuint (back->points->n, ==, 0);
  g_assert_null (back->model);
  /* The documented defaults. */
  g_assert_cmpfloat (back->lr, ==, 0.5);
  g_assert_cmpuint (back->hidden, ==, 4);
  g_assert_cmpint (back->act, ==, NNP_ACT_SIGMOID);
  g_assert_cmpstr (back->generator, ==, "moons");
}

static void
test_roundtrip_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("nnp-session-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "demo.nnplay.json", NULL);
  g_autoptr(NnpSession) s = make_session (64, 3, TRUE);
  g_autoptr(NnpSession) back = NULL;
  g_autoptr(NnpSession) dup = NULL;
  g_autoptr(GDir) listing = NULL;
  const char *entry;
  int count = 0;

  g_assert_no_error (error);
  g_assert_true (nnp_session_save (s, path, &error));
  g_assert_no_error (error);
  back = nnp_session_load (path, &error);
  g_assert_no_error (error);
  assert_sessions_equal (s, back);

  /* dup is deep: freeing the original leaves the copy intact. */
  dup = nnp_session_dup (back);
  g_clear_pointer (&back, nnp_session_free);
  assert_sessions_equal (s, dup);

  /* Atomic write: no temporary file left beside it. */
  listing = g_dir_open (dir, 0, &error);
  g_assert_no_error (error);
  while ((entry = g_dir_read_name (listing)) != NULL)
    count++;
  g_assert_cmpint (count, ==, 1);

  g_unlink (path);
  g_rmdir (dir);
}

/* An independent reader (Python's json module) sees the same numbers. */
static void
test_python_reads_it (void)
{
  const char *py = g_getenv ("NNP_PYTHON");
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL, *path = NULL, *out = NULL, *err = NULL;
  g_autoptr(NnpSession) s = make_session (9, 3, TRUE);
  g_auto(GStrv) lines = NULL;
  int status;
  const char *script =
    "import json, sys\n"
    "d = json.load(open(sys.argv[1]))\n"
    "assert d['format'] == 'nnplay-session' and d['version'] == 1\n"
    "m = d['model']\n"
    "assert m['format'] == 'nnplay-model' and m['inputs'] == 2 and m['hidden'] == 3\n"
    "for v in (d['points']['X'][4][1], d['hyperparameters']['learning_rate'], m['W1'][2][1],\n"
    "          m['W2'][0][2], m['b2'][0], d['history']['test_cost'][39], d['dataset']['noise']):\n"
    "    print(float(v).hex())\n"
    "print(int(d['hyperparameters']['seed']))\n"
    "print(sum(d['points']['is_test']), len(d['points']['y']), d['hyperparameters']['activation'])\n"
    "print(d['history_stride'], d['epoch'])\n";

  if (py == NULL)
    {
      g_test_skip ("NNP_PYTHON not set");
      return;
    }
  dir = g_dir_make_tmp ("nnp-session-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "py.json", NULL);
  g_assert_true (nnp_session_save (s, path, &error));
  g_assert_no_error (error);

  {
    const char *argv[] = { py, "-c", script, path, NULL };
    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error);
  }
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("python failed: %s", err);
  lines = g_strsplit (out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), >=, 10);
  {
    /* theta = W1 (3 x 2), b1 (3), W2 (1 x 3), b2: W1[2][1] = block[5],
     * W2[0][2] = block[11], b2 = block[12]. */
    const double *th = s->model->theta->block;
    const double want[] = {
      s->points->X[4 * 2 + 1], s->lr, th[5], th[11], th[12], s->history->test_cost[39], s->noise,
    };
    for (size_t i = 0; i < G_N_ELEMENTS (want); i++)
      g_assert_cmpfloat (g_ascii_strtod (lines[i], NULL), ==, want[i]);
  }
  g_assert_cmpstr (lines[7], ==, "18446744073709551557");
  g_assert_cmpstr (lines[8], ==, "2 9 tanh");   /* i % 4 == 1 for i < 9: 1 and 5 */
  g_assert_cmpstr (lines[9], ==, "4 158");

  g_unlink (path);
  g_rmdir (dir);
}

/* ---- Errors from files. ------------------------------------------------- */

/* The small valid base document the error cases mutate. */
static char *
base_text (void)
{
  g_autoptr(NnpSession) s = nnp_session_new ();
  static const double X[3][2] = { { 0.25, -1.5 }, { 1.125, 0.75 }, { -0.5, 2.0 } };
  GError *error = NULL;
  char *text;

  nnp_dataset_free (s->points);
  s->points = nnp_dataset_alloc (3, 2);
  s->is_test = g_new0 (guint8, 3);
  for (size_t i = 0; i < 3; i++)
    {
      s->points->X[2 * i] = X[i][0];
      s->points->X[2 * i + 1] = X[i][1];
      s->points->y[i] = i != 1;
    }
  s->is_test[2] = 1;
  s->test_fraction = 0.3;
  s->hidden = 2;
  s->model = make_model (2, NNP_ACT_SIGMOID);
  nnp_history_free (s->history);
  s->history = nnp_history_new (1);
  nnp_history_append (s->history, 0.69, 0.5, 0.7, 0.0);
  nnp_history_append (s->history, 0.6, 0.5, 0.65, 1.0);
  nnp_history_append (s->history, 0.5, 1.0, 0.6, 1.0);
  s->epoch = 2;
  text = nnp_session_to_string (s, &error);
  g_assert_no_error (error);
  return text;
}

/* Replaces (literal) or removes (literal NULL) the member at a dotted path.
 * A literal "RAW:text" is put into the document verbatim (for text json-glib
 * would not write itself, like 1e999). */
static char *
mutate (const char *base, const char *path, const char *literal)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_auto(GStrv) keys = g_strsplit (path, ".", -1);
  JsonObject *obj;
  guint nkeys = g_strv_length (keys);
  char *text;

  g_assert_true (json_parser_load_from_data (parser, base, -1, NULL));
  obj = json_node_get_object (json_parser_get_root (parser));
  for (guint k = 0; k + 1 < nkeys; k++)
    obj = json_object_get_object_member (obj, keys[k]);
  if (literal == NULL)
    json_object_remove_member (obj, keys[nkeys - 1]);
  else if (g_str_has_prefix (literal, "RAW:"))
    json_object_set_string_member (obj, keys[nkeys - 1], "@@RAW@@");
  else
    {
      g_autoptr(JsonParser) lp = json_parser_new ();
      g_assert_true (json_parser_load_from_data (lp, literal, -1, NULL));
      json_object_set_member (obj, keys[nkeys - 1], json_node_copy (json_parser_get_root (lp)));
    }
  json_generator_set_root (gen, json_parser_get_root (parser));
  text = json_generator_to_data (gen, NULL);
  if (literal && g_str_has_prefix (literal, "RAW:"))
    {
      g_auto(GStrv) parts = g_strsplit (text, "\"@@RAW@@\"", 2);
      g_free (text);
      text = g_strconcat (parts[0], literal + 4, parts[1], NULL);
    }
  return text;
}

typedef struct {
  const char *path;      /* NULL: the text is `literal` itself */
  const char *literal;
  int code;
  const char *message;   /* the whole message; a '*' matches any run of characters */
} ErrorCase;

static const ErrorCase error_cases[] = {
  { NULL, "{\"format\": \"nnplay-session\",\n \"version\": 1,", NNP_ERROR_PARSE,
    "case.json:2:" "*" },
  { NULL, "", NNP_ERROR_PARSE, "case.json: the file is empty, expected a JSON object" },
  { NULL, "[1, 2]", NNP_ERROR_PARSE, "case.json: the document is not an object, expected a JSON object" },
  { "format", NULL, NNP_ERROR_INVALID, "case.json: not an nnplay session (\"format\": \"nnplay-session\" expected)" },
  { "format", "\"nnplay-model\"", NNP_ERROR_INVALID,
    "case.json: this is an nnplay model file, not a session (\"format\": \"nnplay-session\" expected)" },
  { "version", "2", NNP_ERROR_INVALID,
    "case.json: session version 2 is not supported (this nnplay reads version 1)" },
  { "version", "\"1\"", NNP_ERROR_INVALID, "case.json: missing or malformed \"version\" (expected 1)" },
  { "hyperparameters", NULL, NNP_ERROR_INVALID, "case.json: missing key \"hyperparameters\"" },
  { "hyperparameters", "[]", NNP_ERROR_INVALID, "case.json: \"hyperparameters\" is an array, expected an object" },
  { "hyperparameters.learning_rate", NULL, NNP_ERROR_INVALID,
    "case.json: missing key \"learning_rate\" in \"hyperparameters\"" },
  { "hyperparameters.learning_rate", "\"fast\"", NNP_ERROR_INVALID,
    "case.json: hyperparameters.learning_rate is a string, expected a number" },
  { "hyperparameters.learning_rate", "-0.25", NNP_ERROR_INVALID,
    "case.json: hyperparameters.learning_rate is -0.25, expected a finite number > 0" },
  { "hyperparameters.learning_rate", "0", NNP_ERROR_INVALID,
    "case.json: hyperparameters.learning_rate is 0, expected a finite number > 0" },
  { "hyperparameters.learning_rate", "RAW:1e999", NNP_ERROR_INVALID,
    "case.json: hyperparameters.learning_rate is not a finite number" },
  { "hyperparameters.hidden", "0", NNP_ERROR_INVALID, "case.json: hyperparameters.hidden is 0, expected 1 to 64" },
  { "hyperparameters.hidden", "65", NNP_ERROR_INVALID, "case.json: hyperparameters.hidden is 65, expected 1 to 64" },
  { "hyperparameters.hidden", "2.5", NNP_ERROR_INVALID,
    "case.json: hyperparameters.hidden is written with a decimal point or an exponent, expected a whole number >= 0" },
  { "hyperparameters.hidden", "4.0", NNP_ERROR_INVALID,
    "case.json: hyperparameters.hidden is written with a decimal point or an exponent, expected a whole number >= 0" },
  { "hyperparameters.hidden", "-3", NNP_ERROR_INVALID,
    "case.json: hyperparameters.hidden is -3, expected a whole number >= 0" },
  { "hyperparameters.hidden", "3", NNP_ERROR_INVALID,
    "case.json: the model has 2 hidden units but hyperparameters.hidden is 3" },
  { "hyperparameters.activation", "\"softmax\"", NNP_ERROR_INVALID,
    "case.json: hyperparameters.activation \"softmax\" is not \"sigmoid\", \"tanh\" or \"relu\"" },
  { "hyperparameters.activation", "1", NNP_ERROR_INVALID,
    "case.json: hyperparameters.activation is a number, expected \"sigmoid\", \"tanh\" or \"relu\"" },
  { "hyperparameters.activation", "\"tanh\"", NNP_ERROR_INVALID,
    "case.json: the model's activation is sigmoid but hyperparameters.activation is tanh" },
  { "hyperparameters.batch_size", "true", NNP_ERROR_INVALID,
    "case.json: hyperparameters.batch_size is a boolean, expected a whole number >= 0" },
  { "hyperparameters.batch_size", "2000000", NNP_ERROR_INVALID,
    "case.json: hyperparameters.batch_size is 2000000, expected 0 (full batch) to 1000000" },
  { "hyperparameters.seed", "\"abc\"", NNP_ERROR_INVALID,
    "case.json: hyperparameters.seed \"abc\" is not a whole number >= 0" },
  { "hyperparameters.seed", "-1", NNP_ERROR_INVALID,
    "case.json: hyperparameters.seed is -1, expected a whole number >= 0" },
  { "hyperparameters.seed", NULL, NNP_ERROR_INVALID, "case.json: missing key \"seed\" in \"hyperparameters\"" },
  { "hyperparameters.test_fraction", "1.0", NNP_ERROR_INVALID,
    "case.json: hyperparameters.test_fraction is 1, expected a number in [0, 1)" },
  { "hyperparameters.test_fraction", "-0.125", NNP_ERROR_INVALID,
    "case.json: hyperparameters.test_fraction is -0.125, expected a number in [0, 1)" },
  { "dataset", NULL, NNP_ERROR_INVALID, "case.json: missing key \"dataset\"" },
  { "dataset.generator", "\"donut\"", NNP_ERROR_INVALID,
    "case.json: dataset.generator \"donut\" is not one of moons, circles, xor, blobs, spiral, linear" },
  { "dataset.generator", "5", NNP_ERROR_INVALID, "case.json: dataset.generator is a number, expected a name or null" },
  { "dataset.points", "2000000", NNP_ERROR_INVALID, "case.json: dataset.points is 2000000, expected 0 to 1000000" },
  { "dataset.noise", "-0.5", NNP_ERROR_INVALID, "case.json: dataset.noise is -0.5, expected a finite number >= 0" },
  { "dataset.noise", "null", NNP_ERROR_INVALID, "case.json: dataset.noise is null, expected a number" },
  { "points", "{}", NNP_ERROR_INVALID, "case.json: missing key \"X\" in \"points\"" },
  { "points.X", "{}", NNP_ERROR_INVALID, "case.json: points.X is an object, expected an array" },
  { "points.y", "[1, 0]", NNP_ERROR_INVALID, "case.json: points.X has 3 rows but points.y has 2 labels" },
  { "points.is_test", "[0, 0, 1, 0]", NNP_ERROR_INVALID,
    "case.json: points.X has 3 rows but points.is_test has 4 entries" },
  { "points.X", "[[0.5, 0.25], [1.5, 2.5, 3.5], [0, 0]]", NNP_ERROR_INVALID,
    "case.json: points.X[1] is not an array of 2 numbers (x1, x2)" },
  { "points.X", "[[0.5, 0.25], [1.5, 2.5], 7]", NNP_ERROR_INVALID,
    "case.json: points.X[2] is not an array of 2 numbers (x1, x2)" },
  { "points.X", "[[0.5, \"x\"], [1.5, 2.5], [0, 0]]", NNP_ERROR_INVALID,
    "case.json: points.X[0][1] is a string, expected a number" },
  { "points.y", "[1, 0, 2]", NNP_ERROR_INVALID, "case.json: points.y[2] is not 0 or 1" },
  { "points.y", "[0.5, 0, 1]", NNP_ERROR_INVALID, "case.json: points.y[0] is not 0 or 1" },
  { "points.is_test", "[0, false, 1]", NNP_ERROR_INVALID, "case.json: points.is_test[1] is not 0 or 1" },
  { "model", "\"weights\"", NNP_ERROR_INVALID,
    "case.json: \"model\" is a string, expected an nnplay-model object or null" },
  { "model", NULL, NNP_ERROR_INVALID, "case.json: missing key \"model\"" },
  { "model", "{\"format\": \"nnplay-model\", \"version\": 1, \"inputs\": 3, \"hidden\": 2, \"activation\": \"sigmoid\","
             " \"W1\": [[0.5, 0.25, 0.125], [1.5, 2.5, 3.5]], \"b1\": [0.1, 0.2], \"W2\": [[0.3, 0.4]], \"b2\": [0.5]}",
    NNP_ERROR_INVALID, "case.json: the model has 3 inputs, a session needs 2" },
  { "model", "{\"format\": \"nnplay-model\", \"version\": 1, \"inputs\": 2, \"hidden\": 2, \"activation\": \"sigmoid\","
             " \"W1\": [[0.5, 0.25]], \"b1\": [0.1, 0.2], \"W2\": [[0.3, 0.4]], \"b2\": [0.5]}",
    NNP_ERROR_INVALID, "case.json*" },   /* the model reader's message, naming the file */
  { "history", NULL, NNP_ERROR_INVALID, "case.json: missing key \"history\"" },
  { "history.train_cost", NULL, NNP_ERROR_INVALID, "case.json: missing key \"train_cost\" in \"history\"" },
  { "history.train_accuracy", "[0.5, 1]", NNP_ERROR_INVALID,
    "case.json: history.train_accuracy has 2 entries but history.train_cost has 3" },
  { "history.test_accuracy", NULL, NNP_ERROR_INVALID, "case.json: missing key \"test_accuracy\" in \"history\"" },
  { "history.test_cost", "[0.7, 0.6, 0.5, 0.4]", NNP_ERROR_INVALID,
    "case.json: history.test_cost has 4 entries but history.train_cost has 3" },
  { "history.train_cost", "[0.7, -0.5, 0.4]", NNP_ERROR_INVALID,
    "case.json: history.train_cost[1] is -0.5, a cost cannot be negative" },
  { "history.train_accuracy", "[1.5, 0.5, 0.5]", NNP_ERROR_INVALID,
    "case.json: history.train_accuracy[0] is 1.5, expected an accuracy in [0, 1]" },
  /* null (no test value yet) only in the test columns, both at once, and
   * only before the first value. */
  { "history.test_accuracy", "[null, 0.5, 0.5]", NNP_ERROR_INVALID,
    "case.json: history.test_cost[0] and history.test_accuracy[0] must both be numbers or both be null" },
  { "history.train_cost", "[null, 0.5, 0.4]", NNP_ERROR_INVALID,
    "case.json: history.train_cost[0] is null, expected a number" },
  { "epoch", NULL, NNP_ERROR_INVALID, "case.json: missing key \"epoch\"" },
  { "epoch", "-1", NNP_ERROR_INVALID, "case.json: epoch is -1, expected a whole number >= 0" },
  /* An epoch no run reaches: trained on, it had been written as a
   * negative number the file could not be read with again. */
  { "epoch", "9007199254740993", NNP_ERROR_INVALID,
    "case.json: epoch is 9007199254740993, at most 9007199254740992 is allowed" },
  { "epoch", "9223372036854775807", NNP_ERROR_INVALID,
    "case.json: epoch is 9223372036854775807, at most 9007199254740992 is allowed" },
  /* The curve's three entries (epochs 0, 1, 2) past the epoch: the app
   * had moved the epoch to the curve's end, the CLI trained from 0. */
  { "epoch", "1", NNP_ERROR_INVALID,
    "case.json: the history's 3 entries, one every 1 epochs, reach epoch 2, after the session's epoch 1" },
  { "history_stride", "0", NNP_ERROR_INVALID, "case.json: history_stride is 0, expected a whole number >= 1" },
  { "history_stride", "-4", NNP_ERROR_INVALID, "case.json: history_stride is -4, expected a whole number >= 1" },
  { "history_stride", "2.5", NNP_ERROR_INVALID,
    "case.json: history_stride is written with a decimal point or an exponent, expected a whole number >= 1" },
  { "history_stride", "\"8\"", NNP_ERROR_INVALID,
    "case.json: history_stride is a string, expected a whole number >= 1" },
  /* One past what the app's live trainer takes (G_MAXSIZE / 4): it used to
   * pass here and be refused there, the weights silently not loaded. */
  { "history_stride", "4611686018427387904", NNP_ERROR_INVALID,
    "case.json: history_stride is 4611686018427387904, expected a whole number from 1 to "
    "4611686018427387903" },
  /* "display" */
  { "display.log_cost", "1", NNP_ERROR_INVALID, "case.json: display.log_cost is a number, expected true or false" },
  { "display.unit", "2.5", NNP_ERROR_INVALID, "case.json: display.unit is a number, expected -1 or a unit's index" },
  { "display.view", "[1, 2]", NNP_ERROR_INVALID,
    "case.json: display.view is an array of another length, expected [xmin, xmax, ymin, ymax]" },
  { "display.view", "[1, 0, 0, 1]", NNP_ERROR_INVALID,
    "case.json: display.view is not a finite rectangle [xmin, xmax, ymin, ymax] with xmin < xmax and ymin < ymax" },
  { "display.origin_file", "3", NNP_ERROR_INVALID, "case.json: display.origin_file is a number, expected a name or null" },
  /* The reader is as strict as the model's: integers within 64 bits, keys once. */
  { "epoch", "RAW:9223372036854775808", NNP_ERROR_PARSE,
    "case.json:1:*: integer \"9223372036854775808\" does not fit in 64 bits, expected a number with "
    "a decimal point or an exponent" },
  { "hyperparameters.seed", "RAW:18446744073709551616", NNP_ERROR_PARSE,
    "case.json:1:*: integer \"18446744073709551616\" does not fit in 64 bits, *" },
  { "hyperparameters.hidden", "RAW:2, \"hidden\": 3", NNP_ERROR_PARSE,
    "case.json:1:*: key \"hidden\" appears twice, expected each key once" },
  { "dataset", "RAW:{\"generator\": null, \"points\": 3, \"noise\": 0.5, \"no\\u0069se\": 1}",
    NNP_ERROR_PARSE, "case.json:1:*: key \"noise\" appears twice, expected each key once" },
};

static void
check_error (const char *text, int code, const char *message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(NnpSession) s = nnp_session_from_string (text, -1, "case.json", &error);

  g_assert_null (s);
  g_assert_error (error, NNP_ERROR, code);
  if (strchr (message, '*') != NULL)
    {
      if (!g_pattern_match_simple (message, error->message))
        g_error ("message \"%s\" does not match \"%s\"", error->message, message);
    }
  else
    g_assert_cmpstr (error->message, ==, message);
}

static void
test_errors_text (void)
{
  g_autofree char *base = base_text ();
  g_autoptr(NnpSession) ok = NULL;
  g_autoptr(GError) error = NULL;

  /* The base itself loads. */
  ok = nnp_session_from_string (base, -1, "case.json", &error);
  g_assert_no_error (error);
  g_assert_nonnull (ok);
  g_assert_cmpuint (ok->history_stride, ==, 1);
  g_assert_nonnull (strstr (base, "\"history_stride\":1"));

  /* history_stride is optional (files from before curves were thinned):
   * every epoch then. */
  {
    g_autofree char *old = mutate (base, "history_stride", NULL);
    g_autofree char *eight8 = mutate (base, "history_stride", "8");
    g_autofree char *eight = mutate (eight8, "epoch", "16");
    g_autoptr(NnpSession) s_old = NULL, s_eight = NULL;
    g_assert_null (strstr (old, "history_stride"));
    s_old = nnp_session_from_string (old, -1, "old.json", &error);
    g_assert_no_error (error);
    g_assert_cmpuint (s_old->history_stride, ==, 1);
    s_eight = nnp_session_from_string (eight, -1, "eight.json", &error);
    g_assert_no_error (error);
    g_assert_cmpuint (s_eight->history_stride, ==, 8);
  }

  for (size_t i = 0; i < G_N_ELEMENTS (error_cases); i++)
    {
      const ErrorCase *c = &error_cases[i];
      g_autofree char *text = NULL;

      g_test_message ("case %zu: %s = %s", i, c->path ? c->path : "(text)", c->literal ? c->literal : "(removed)");
      text = c->path ? mutate (base, c->path, c->literal) : g_strdup (c->literal);
      check_error (text, c->code, c->message);
    }

  /* Non-finite numbers inside arrays (json-glib reads 1e999 as inf). */
  {
    g_autofree char *t1 = mutate (base, "points.X", "[[0.5, 0.25], [1.5, 2.5], [0, 12345.5]]");
    g_auto(GStrv) p1 = g_strsplit (t1, "12345.5", 2);
    g_autofree char *t1b = g_strconcat (p1[0], "-1e999", p1[1], NULL);
    g_autofree char *t2 = mutate (base, "history.test_cost", "[0.5, 0.5, 12345.5]");
    g_auto(GStrv) p2 = g_strsplit (t2, "12345.5", 2);
    g_autofree char *t2b = g_strconcat (p2[0], "1e999", p2[1], NULL);

    check_error (t1b, NNP_ERROR_INVALID, "case.json: points.X[2][1] is not a finite number");
    check_error (t2b, NNP_ERROR_INVALID, "case.json: history.test_cost[2] is not a finite number");
  }
}

static void
test_errors_files (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("nnp-session-XXXXXX", &error);
  g_autofree char *missing = g_build_filename (dir, "missing.json", NULL);
  g_autofree char *bad = g_build_filename (dir, "bad.json", NULL);
  g_autofree char *nodir = g_build_filename (dir, "no", "such", "dir.json", NULL);
  g_autofree char *prefix = NULL;
  g_autoptr(NnpSession) s = NULL;
  g_autoptr(NnpSession) good = make_session (8, 2, FALSE);

  g_assert_no_error (error);

  s = nnp_session_load (missing, &error);
  g_assert_null (s);
  g_assert_error (error, NNP_ERROR, NNP_ERROR_IO);
  prefix = g_strconcat (missing, ": cannot open: ", NULL);
  g_assert_true (g_str_has_prefix (error->message, prefix));
  g_clear_error (&error);
  g_clear_pointer (&prefix, g_free);

  /* A parse error names the file, line and column. */
  g_assert_true (g_file_set_contents (bad, "{\n  \"format\": nnplay\n}\n", -1, NULL));
  s = nnp_session_load (bad, &error);
  g_assert_null (s);
  g_assert_error (error, NNP_ERROR, NNP_ERROR_PARSE);
  prefix = g_strconcat (bad, ":2:", NULL);
  if (!g_str_has_prefix (error->message, prefix))
    g_error ("\"%s\" does not start with \"%s\"", error->message, prefix);
  g_clear_error (&error);
  g_clear_pointer (&prefix, g_free);

  g_assert_false (nnp_session_save (good, nodir, &error));
  g_assert_error (error, NNP_ERROR, NNP_ERROR_IO);
  prefix = g_strconcat (nodir, ": cannot write the session: ", NULL);
  g_assert_true (g_str_has_prefix (error->message, prefix));
  g_clear_error (&error);

  g_unlink (bad);
  g_rmdir (dir);
}

/* ---- Sessions that do not validate are not saved. ------------------------ */

static void
expect_invalid (NnpSession *s, const char *message)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  g_assert_false (nnp_session_validate (s, "mem.json", &error));
  g_assert_error (error, NNP_ERROR, NNP_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, message);
  g_clear_error (&error);
  text = nnp_session_to_string (s, &error);
  g_assert_null (text);
  g_assert_error (error, NNP_ERROR, NNP_ERROR_INVALID);
}

static void
test_validate_memory (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("nnp-session-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "keep.json", NULL);
  g_autofree char *before = NULL, *after = NULL;
  g_autoptr(NnpSession) s = make_session (6, 2, TRUE);
  NnpDataset *ds;
  guint8 *mask;

  g_assert_true (nnp_session_validate (s, NULL, &error));
  g_assert_no_error (error);

  ds = s->points;
  s->points = nnp_dataset_alloc (6, 3);
  expect_invalid (s, "mem.json: points have 3 features each, a session needs 2 (x1, x2)");
  nnp_dataset_free (s->points);
  s->points = NULL;
  expect_invalid (s, "mem.json: the session has no point set");
  s->points = ds;

  ds->X[7] = NAN;
  expect_invalid (s, "mem.json: points.X[3][1] is not a finite number");
  ds->X[7] = 0.5;
  ds->y[4] = 0.5;
  expect_invalid (s, "mem.json: points.y[4] is 0.5, expected 0 or 1");
  ds->y[4] = 1.0;

  mask = s->is_test;
  s->is_test = NULL;
  expect_invalid (s, "mem.json: 6 points but no test mask");
  s->is_test = mask;
  mask[5] = 2;
  expect_invalid (s, "mem.json: points.is_test[5] is 2, expected 0 or 1");
  mask[5] = 0;

  s->lr = INFINITY;
  expect_invalid (s, "mem.json: hyperparameters.learning_rate is inf, expected a finite number > 0");
  s->lr = 0.1;
  s->test_fraction = NAN;
  expect_invalid (s, "mem.json: hyperparameters.test_fraction is nan, expected a number in [0, 1)");
  s->test_fraction = 0.25;
  s->act = (NnpActivation) 7;
  expect_invalid (s, "mem.json: hyperparameters.activation 7 is not a known activation");
  s->act = NNP_ACT_TANH;
  s->noise = NAN;
  expect_invalid (s, "mem.json: dataset.noise is nan, expected a finite number >= 0");
  s->noise = 0.2;

  s->model->theta->block[3] = NAN;
  expect_invalid (s, "mem.json: the model's weights are not all finite");
  s->model->theta->block[3] = 0.25;

  s->history->test_acc[2] = NAN;
  expect_invalid (s, "mem.json: history.test_cost[2] and history.test_accuracy[2] must both be "
                  "numbers or both be null");
  /* Both NaN, but after a value: only a prefix may have no test values. */
  {
    double keep = s->history->test_cost[2];
    s->history->test_cost[2] = NAN;
    expect_invalid (s, "mem.json: history.test_cost[2] is not a finite number");
    s->history->test_cost[2] = keep;
  }
  s->history->test_acc[2] = 0.5;
  nnp_history_free (s->history);
  s->history = NULL;
  expect_invalid (s, "mem.json: the session has no history");
  s->history = nnp_history_new (0);
  s->history_stride = 0;
  expect_invalid (s, "mem.json: history_stride is 0, expected a whole number >= 1");
  s->history_stride = NNP_SESSION_MAX_STRIDE + 1;
  expect_invalid (s, "mem.json: history_stride is 4611686018427387904, expected a whole number from 1 "
                  "to 4611686018427387903");
  /* within the trainer's range, but 3 strides past entry 0 is past G_MAXINT64 */
  s->history_stride = NNP_SESSION_MAX_STRIDE;
  for (int i = 0; i < 4; i++)
    g_assert_cmpint (nnp_history_append (s->history, 0.5, 0.5, 0.0, 0.0), ==, 0);
  expect_invalid (s, "mem.json: history_stride is 4611686018427387903, too large: the history's 4 "
                  "entries would go past the largest epoch");
  nnp_history_clear (s->history);
  s->history_stride = 1;

  /* A failed save leaves the existing file as it was. */
  g_assert_no_error (error);
  g_assert_true (nnp_session_save (s, path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &before, NULL, NULL));
  s->lr = -1.0;
  g_assert_false (nnp_session_save (s, path, &error));
  g_assert_error (error, NNP_ERROR, NNP_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, path));
  g_assert_true (g_file_get_contents (path, &after, NULL, NULL));
  g_assert_cmpstr (before, ==, after);

  g_unlink (path);
  g_rmdir (dir);
}


/* ---- Hostile and large files. -------------------------------------------- */

/* 100,000 '{' used to kill the app (json-glib recursed per level). */
static void
test_deep_nesting (void)
{
  const size_t depth = 100000;
  g_autoptr(GString) text = g_string_new ("{\"format\": \"nnplay-session\", \"version\": 1, \"model\": ");

  for (size_t i = 0; i < depth; i++)
    g_string_append (text, "{\"model\": [");
  check_error (text->str, NNP_ERROR_PARSE, "case.json:1:*: not valid JSON: nested more than 64 deep");
}

/* The session's text with both train columns n entries long (and no
 * test columns): short numbers, so a million entries are quick to make. */
static char *
text_with_history (size_t n)
{
  g_autoptr(NnpSession) s = make_session (3, 2, FALSE);
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) col = g_string_new ("[");
  g_autofree char *text = NULL;
  g_auto(GStrv) parts = NULL;

  nnp_history_clear (s->history);
  s->history_stride = 1;
  s->epoch = n;
  text = nnp_session_to_string (s, &error);
  g_assert_no_error (error);
  for (size_t t = 0; t < n; t++)
    g_string_append (col, t + 1 < n ? "0.25," : "0.25");
  g_string_append_c (col, ']');
  parts = g_strsplit (text, "[]", 3);
  g_assert_cmpuint (g_strv_length (parts), ==, 3);   /* train_cost, train_accuracy */
  return g_strjoin (col->str, parts[0], parts[1], parts[2], NULL);
}

/* One entry over NNP_SESSION_MAX_HISTORY is refused before the history
 * is allocated; the cap itself loads. */
static void
test_history_cap (void)
{
  g_autoptr(NnpSession) s = make_session (3, 2, FALSE);
  g_autoptr(GError) error = NULL;
  g_autofree char *at_cap = text_with_history (NNP_SESSION_MAX_HISTORY);
  g_autofree char *over = text_with_history (NNP_SESSION_MAX_HISTORY + 1);
  g_autofree char *message = NULL;
  g_autoptr(NnpSession) back = NULL;

  back = nnp_session_from_string (at_cap, -1, "cap.json", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (back->history->len, ==, NNP_SESSION_MAX_HISTORY);
  g_assert_cmpfloat (back->history->train_acc[NNP_SESSION_MAX_HISTORY - 1], ==, 0.25);
  check_error (over, NNP_ERROR_INVALID, "case.json: the history has 1048577 entries, at most 1048576 are allowed");

  /* and in memory, so it is not saved either */
  for (size_t t = s->history->len; t <= NNP_SESSION_MAX_HISTORY; t++)
    g_assert_cmpint (nnp_history_append (s->history, 0.25, 0.5, 0.0, 0.0), ==, 0);
  message = g_strdup_printf ("mem.json: the history has %d entries, at most %d are allowed",
                             NNP_SESSION_MAX_HISTORY + 1, NNP_SESSION_MAX_HISTORY);
  g_assert_false (nnp_session_validate (s, "mem.json", &error));
  g_assert_error (error, NNP_ERROR, NNP_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, message);
}

/* A run trained past the largest epoch a session holds is not written:
 * the writer had cast it to a negative number, and the file it wrote
 * over could no longer be read. Up to it, the epoch goes through. */
static void
test_epoch_limit (void)
{
  g_autoptr(NnpSession) s = make_session (20, 3, FALSE);
  g_autoptr(NnpSession) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  s->epoch = NNP_SESSION_MAX_EPOCH;
  text = nnp_session_to_string (s, &error);
  g_assert_no_error (error);
  back = nnp_session_from_string (text, -1, "max.json", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (back->epoch, ==, NNP_SESSION_MAX_EPOCH);
  g_clear_pointer (&text, g_free);
  s->epoch = (size_t) G_MAXINT64 + 1000;
  text = nnp_session_to_string (s, &error);
  g_assert_null (text);
  g_assert_error (error, NNP_ERROR, NNP_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==,
                   "session: epoch is 9223372036854776807, at most 9007199254740992 is allowed");
}

/* A large session (about 20 MB of text, generated here) loads exactly with memory
 * at the peak about what the session itself holds (json-glib: ~50 times
 * the text). */
static void
test_large (void)
{
  const size_t n = 100000, len = 200000;
  g_autoptr(NnpSession) s = make_session (n, 64, TRUE);
  g_autoptr(NnpSession) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  gsize size, before, held;

  for (size_t t = s->history->len; t < len; t++)
    g_assert_cmpint (nnp_history_append (s->history, 0.5 / (1.0 + t), 1.0 - 1.0 / (2.0 + t),
                                         0.7 / (1.0 + t), 1.0 - 1.0 / (3.0 + t)), ==, 0);
  s->epoch = (len - 1) * s->history_stride + 2;   /* the curve's end, two epochs on */
  text = nnp_session_to_string (s, &error);
  g_assert_no_error (error);
  size = strlen (text);
  /* points: X, y, the mask; the history's four columns */
  held = n * (3 * sizeof (double) + 1) + len * 4 * sizeof (double);

  before = proc_status_bytes ("VmRSS:");
  if (!peak_rss_reset ())
    {
      g_test_message ("cannot reset the peak RSS here: memory not checked");
      before = 0;
    }
  back = nnp_session_from_string (text, (gssize) size, "large.json", &error);
  g_assert_no_error (error);
  if (before > 0)
    {
      gsize extra = peak_rss_above (before);
      g_test_message ("text %" G_GSIZE_FORMAT " bytes, session %" G_GSIZE_FORMAT " bytes, peak %"
                      G_GSIZE_FORMAT " bytes above before (x%.2f of the text)", size, held, extra,
                      (double) extra / (double) size);
      g_assert_cmpuint (extra, <, held + held / 4 + (4 << 20));
    }
  assert_sessions_equal (s, back);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/session/roundtrip/string", test_roundtrip_string);
  g_test_add_func ("/session/roundtrip/no-split", test_roundtrip_no_split);
  g_test_add_func ("/session/roundtrip/large-numbers", test_roundtrip_large_numbers);
  g_test_add_func ("/session/roundtrip/empty", test_roundtrip_empty);
  g_test_add_func ("/session/roundtrip/file", test_roundtrip_file);
  g_test_add_func ("/session/roundtrip/python", test_python_reads_it);
  g_test_add_func ("/session/errors/text", test_errors_text);
  g_test_add_func ("/session/errors/files", test_errors_files);
  g_test_add_func ("/session/errors/validate", test_validate_memory);
  g_test_add_func ("/session/errors/deep-nesting", test_deep_nesting);
  g_test_add_func ("/session/errors/history-cap", test_history_cap);
  g_test_add_func ("/session/errors/epoch-limit", test_epoch_limit);
  g_test_add_func ("/session/large", test_large);

  return g_test_run ();
}
