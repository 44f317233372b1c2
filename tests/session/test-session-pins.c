/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-session-pins.c: pinned runs, change markers and snapshots in nnplay-session files: exact round trip, and hostile ones refused with a message. */
#define G_LOG_DOMAIN "nnplay-test-session"
#include "config.h"

#include <math.h>
#include <string.h>

#include <nnplay/nnp-session.h>
#include <nnplay/nnp-error.h>

static NnpHistory *
curve (size_t len, gboolean with_test, double scale)
{
  NnpHistory *h = nnp_history_new (with_test);

  for (size_t t = 0; t < len; t++)
    nnp_history_append (h, scale * exp (-0.0731 * (double) t) + 1e-13 * (double) t,
                        fmin (1.0, 0.4 + (double) t / 97.0),
                        t < 3 ? NAN : 0.9 * scale * exp (-0.05 * (double) t),
                        t < 3 ? NAN : fmin (1.0, 0.35 + (double) t / 101.0));
  return h;
}

static void
add_pin (NnpSession *s, const char *label, NnpHistory *h, size_t stride)
{
  s->pins = g_renew (NnpSessionPin, s->pins, s->n_pins + 1);
  s->pins[s->n_pins].label = g_strdup (label);
  s->pins[s->n_pins].history = h;
  s->pins[s->n_pins].history_stride = stride;
  s->n_pins++;
}

static void
assert_same (const double *a, const double *b, size_t n)
{
  for (size_t i = 0; i < n; i++)
    if (memcmp (&a[i], &b[i], sizeof (double)) != 0)
      g_error ("element %zu differs: %.17g vs %.17g", i, a[i], b[i]);
}

static void
assert_same_pins (const NnpSession *a, const NnpSession *b)
{
  g_assert_cmpuint (a->n_pins, ==, b->n_pins);
  for (size_t i = 0; i < a->n_pins; i++)
    {
      const NnpHistory *x = a->pins[i].history, *y = b->pins[i].history;
      g_assert_cmpstr (a->pins[i].label, ==, b->pins[i].label);
      g_assert_cmpuint (a->pins[i].history_stride, ==, b->pins[i].history_stride);
      g_assert_cmpuint (x->len, ==, y->len);
      g_assert_cmpint (!!x->has_test, ==, !!y->has_test);
      assert_same (x->train_cost, y->train_cost, x->len);
      assert_same (x->train_acc, y->train_acc, x->len);
      if (x->has_test)
        {
          assert_same (x->test_cost, y->test_cost, x->len);
          assert_same (x->test_acc, y->test_acc, x->len);
        }
    }
}

static NnpSession *
with_pins (void)
{
  NnpSession *s = nnp_session_new ();

  add_pin (s, "\u03b1 = 0.1, h = 4, sigmoid", curve (57, FALSE, 0.693), 1);
  add_pin (s, "\u03b1 = 2.385, h = 64, ReLU, batch 32", curve (300, TRUE, 0.731), 8);
  add_pin (s, "one \"quoted\"\tlabel", curve (1, TRUE, 0.5), 1);
  return s;
}

static void
test_roundtrip (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (NnpSession) s = with_pins ();
  g_autofree char *text = nnp_session_to_string (s, &error);

  g_assert_no_error (error);
  g_assert_nonnull (strstr (text, "\"pins\""));
  g_autoptr (NnpSession) back = nnp_session_from_string (text, -1, "pins.json", &error);
  g_assert_no_error (error);
  assert_same_pins (s, back);
  g_autoptr (NnpSession) dup = nnp_session_dup (s);
  assert_same_pins (s, dup);

  /* No pins: no key, and a file without one reads as none. */
  g_autoptr (NnpSession) none = nnp_session_new ();
  g_autofree char *plain = nnp_session_to_string (none, &error);
  g_assert_null (strstr (plain, "\"pins\""));
  g_autoptr (NnpSession) none_back = nnp_session_from_string (plain, -1, "plain.json", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (none_back->n_pins, ==, 0);
}

/* A valid session's text with "pins": PINS added. */
static char *
text_with (const char *pins)
{
  g_autoptr (NnpSession) s = nnp_session_new ();
  g_autofree char *text = nnp_session_to_string (s, NULL);
  char *end = strrchr (text, '}');

  g_assert_nonnull (end);
  *end = '\0';
  return g_strdup_printf ("%s, \"pins\": %s}\n", text, pins);
}

static void
assert_refused (const char *pins, const char *message)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *text = text_with (pins);
  g_autoptr (NnpSession) s = nnp_session_from_string (text, -1, "hostile.json", &error);

  g_assert_null (s);
  g_assert_nonnull (error);
  if (strstr (error->message, message) == NULL)
    g_error ("pins %.60s: message \"%s\" does not say \"%s\"", pins, error->message, message);
}

#define H1 "{\"train_cost\": [0.5], \"train_accuracy\": [0.5]}"

static void
test_hostile (void)
{
  GString *many = g_string_new ("[");
  for (int i = 0; i < NNP_SESSION_MAX_PINS + 1; i++)
    g_string_append_printf (many, "%s{\"label\": \"p%d\", \"history\": " H1 "}", i ? ", " : "", i);
  g_string_append (many, "]");
  assert_refused (many->str, "17 pinned runs, at most 16");
  g_string_free (many, TRUE);

  GString *long_curve = g_string_new ("[{\"label\": \"x\", \"history\": {\"train_cost\": [");
  for (int i = 0; i <= NNP_SESSION_MAX_PIN_HISTORY; i++)
    g_string_append (long_curve, i ? ", 0.5" : "0.5");
  g_string_append (long_curve, "], \"train_accuracy\": [");
  for (int i = 0; i <= NNP_SESSION_MAX_PIN_HISTORY; i++)
    g_string_append (long_curve, i ? ", 0.5" : "0.5");
  g_string_append (long_curve, "]}}]");
  assert_refused (long_curve->str, "pins[0].history has 16385 entries, at most 16384");
  g_string_free (long_curve, TRUE);

  g_autofree char *label = g_strnfill (NNP_SESSION_MAX_PIN_LABEL + 1, 'a');
  g_autofree char *long_label = g_strdup_printf ("[{\"label\": \"%s\", \"history\": " H1 "}]", label);
  assert_refused (long_label, "pins[0]: the label has 201 bytes");

  assert_refused ("{}", "\"pins\" is an object, expected an array");
  assert_refused ("[3]", "pins[0] is a number, expected an object");
  assert_refused ("[{\"history\": " H1 "}]", "missing key \"label\" in \"pins[0]\"");
  assert_refused ("[{\"label\": 7, \"history\": " H1 "}]", "pins[0].label is a number, expected a string");
  assert_refused ("[{\"label\": \"x\"}]", "missing key \"history\" in \"pins[0]\"");
  assert_refused ("[{\"label\": \"x\", \"history\": []}]", "pins[0].history is an array, expected an object");
  assert_refused ("[{\"label\": \"x\", \"history\": {\"train_cost\": [0.5, 0.4], \"train_accuracy\": [0.5]}}]",
                  "pins[0].history.train_accuracy has 1 entries but pins[0].history.train_cost has 2");
  assert_refused ("[{\"label\": \"x\", \"history\": {\"train_cost\": [null], \"train_accuracy\": [0.5]}}]",
                  "pins[0].history.train_cost[0]");
  assert_refused ("[{\"label\": \"x\", \"history\": {\"train_cost\": [-0.5], \"train_accuracy\": [0.5]}}]",
                  "a cost cannot be negative");
  assert_refused ("[{\"label\": \"x\", \"history\": {\"train_cost\": [], \"train_accuracy\": []}}]",
                  "pins[0]: the pinned run has no history");
  assert_refused ("[{\"label\": \"x\", \"history_stride\": 0, \"history\": " H1 "}]",
                  "pins[0].history_stride is not a whole number >= 1");
  assert_refused ("[{\"label\": \"x\", \"history_stride\": 1e300, \"history\": " H1 "}]",
                  "pins[0].history_stride is not a whole number >= 1");
  /* A good one after a bad one is not half kept: the whole file is refused. */
  assert_refused ("[{\"label\": \"ok\", \"history\": " H1 "}, {\"label\": \"x\", \"history\": "
                  "{\"train_cost\": [0.5], \"train_accuracy\": [1.5]}}]",
                  "pins[1]: history.train_accuracy[0] is 1.5");
}

/* In memory: NaN where no file could put it, and a missing history. */
static void
test_validate (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (NnpSession) s = with_pins ();

  g_assert_true (nnp_session_validate (s, "mem", &error));
  s->pins[1].history->train_cost[5] = NAN;
  g_assert_false (nnp_session_validate (s, "mem", &error));
  g_assert_error (error, NNP_ERROR, NNP_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "mem: pins[1]: history.train_cost[5] is not a finite number"));
  g_clear_error (&error);
  s->pins[1].history->train_cost[5] = 0.25;
  nnp_history_free (s->pins[2].history);
  s->pins[2].history = NULL;
  g_assert_false (nnp_session_validate (s, "mem", &error));
  g_assert_nonnull (strstr (error->message, "pins[2]: the pinned run has no history"));
  g_clear_error (&error);
  s->pins[2].history = curve (2, FALSE, 0.3);
  s->pins[0].history_stride = 0;
  g_assert_false (nnp_session_validate (s, "mem", &error));
  g_assert_nonnull (strstr (error->message, "history_stride is 0"));
  g_clear_error (&error);
  s->pins[0].history_stride = 3;
  g_free (s->pins[0].label);
  s->pins[0].label = g_strdup ("\xff\xfe");
  g_assert_false (nnp_session_validate (s, "mem", &error));
  g_assert_nonnull (strstr (error->message, "the label is not UTF-8 text"));
  g_clear_error (&error);
  /* And nothing invalid is written. */
  g_assert_null (nnp_session_to_string (s, &error));
  g_assert_nonnull (error);
}

/* ---- Markers: the changes marked on the cost curve. ---- */

static void
add_marker (NnpSession *s, size_t epoch, const char *text)
{
  s->markers = g_renew (NnpSessionMarker, s->markers, s->n_markers + 1);
  s->markers[s->n_markers].epoch = epoch;
  s->markers[s->n_markers].text = g_strdup (text);
  s->n_markers++;
}

static NnpSession *
with_markers (void)
{
  NnpSession *s = nnp_session_new ();
  s->epoch = 40;
  add_marker (s, 10, "\u03b1 0.5 \u2192 0.1");
  add_marker (s, 10, "h 4 \u2192 6");
  add_marker (s, 22, "data \"changed\"\t\u2014");
  add_marker (s, 40, "batch full \u2192 32");
  return s;
}

static void
assert_same_markers (const NnpSession *a, const NnpSession *b)
{
  g_assert_cmpuint (a->n_markers, ==, b->n_markers);
  for (size_t i = 0; i < a->n_markers; i++)
    {
      g_assert_cmpuint (a->markers[i].epoch, ==, b->markers[i].epoch);
      g_assert_cmpstr (a->markers[i].text, ==, b->markers[i].text);
    }
}

static void
test_markers_roundtrip (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (NnpSession) s = with_markers ();
  g_autofree char *text = nnp_session_to_string (s, &error);

  g_assert_no_error (error);
  g_assert_nonnull (strstr (text, "\"markers\""));
  g_autoptr (NnpSession) back = nnp_session_from_string (text, -1, "markers.json", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (back->n_markers, ==, 4);
  assert_same_markers (s, back);
  g_assert_cmpstr (back->markers[2].text, ==, "data \"changed\"\t\u2014");
  g_autoptr (NnpSession) dup = nnp_session_dup (s);
  assert_same_markers (s, dup);

  g_autoptr (NnpSession) none = nnp_session_new ();
  g_autofree char *plain = nnp_session_to_string (none, &error);
  g_assert_null (strstr (plain, "\"markers\""));
}

/* A valid session at epoch 40 with "markers": MARKERS added. */
static void
assert_markers_refused (const char *markers, const char *message)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (NnpSession) base = nnp_session_new ();
  base->epoch = 40;
  g_autofree char *good = nnp_session_to_string (base, NULL);
  char *end = strrchr (good, '}');
  g_assert_nonnull (end);
  *end = '\0';
  g_autofree char *text = g_strdup_printf ("%s, \"markers\": %s}\n", good, markers);
  g_autoptr (NnpSession) s = nnp_session_from_string (text, -1, "hostile.json", &error);

  g_assert_null (s);
  g_assert_nonnull (error);
  if (strstr (error->message, message) == NULL)
    g_error ("markers %.60s: message \"%s\" does not say \"%s\"", markers, error->message, message);
}

static void
test_markers_hostile (void)
{
  GString *many = g_string_new ("[");
  for (int i = 0; i < NNP_SESSION_MAX_MARKERS + 1; i++)
    g_string_append_printf (many, "%s{\"epoch\": 1, \"text\": \"m%d\"}", i ? ", " : "", i);
  g_string_append (many, "]");
  assert_markers_refused (many->str, "201 markers, at most 200");
  g_string_free (many, TRUE);

  g_autofree char *fill = g_strnfill (NNP_SESSION_MAX_MARKER_TEXT + 1, 'a');
  g_autofree char *long_text = g_strdup_printf ("[{\"epoch\": 1, \"text\": \"%s\"}]", fill);
  assert_markers_refused (long_text, "markers[0]: the text has 201 bytes");
  assert_markers_refused ("{}", "\"markers\" is an object, expected an array");
  assert_markers_refused ("[\"x\"]", "markers[0] is a string, expected an object");
  assert_markers_refused ("[{\"text\": \"x\"}]", "missing key \"epoch\" in \"markers[0]\"");
  assert_markers_refused ("[{\"epoch\": 1}]", "missing key \"text\" in \"markers[0]\"");
  assert_markers_refused ("[{\"epoch\": -1, \"text\": \"x\"}]", "markers[0].epoch is not a whole number >= 0");
  assert_markers_refused ("[{\"epoch\": 0.5, \"text\": \"x\"}]", "markers[0].epoch is not a whole number >= 0");
  assert_markers_refused ("[{\"epoch\": 1, \"text\": null}]", "markers[0].text is null, expected a string");
  assert_markers_refused ("[{\"epoch\": 41, \"text\": \"x\"}]", "markers[0]: epoch 41 is after the session's epoch 40");
  assert_markers_refused ("[{\"epoch\": 5, \"text\": \"a\"}, {\"epoch\": 4, \"text\": \"b\"}]",
                          "markers[1]: epoch 4 comes before the previous marker's 5");
}

static void
test_markers_validate (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (NnpSession) s = with_markers ();

  g_assert_true (nnp_session_validate (s, "mem", &error));
  g_free (s->markers[1].text);
  s->markers[1].text = g_strdup ("\xff");
  g_assert_false (nnp_session_validate (s, "mem", &error));
  g_assert_nonnull (strstr (error->message, "mem: markers[1]: the text is not UTF-8 text"));
  g_clear_error (&error);
  g_free (s->markers[1].text);
  s->markers[1].text = NULL;
  g_assert_false (nnp_session_validate (s, "mem", &error));
  g_clear_error (&error);
  g_assert_null (nnp_session_to_string (s, &error));
  g_assert_nonnull (error);
}

/* ---- Snapshots: theta at past epochs, for the timeline. ---- */

static NnpModel *
snap_model (size_t h, NnpActivation act, double base)
{
  NnpModel *m = nnp_model_alloc (2, h, act);
  for (size_t i = 0; i < m->theta->size; i++)
    m->theta->block[i] = base + 0.1234567890123 * (double) i - 1.0 / 3.0;
  return m;
}

static void
add_snapshot (NnpSession *s, size_t epoch, NnpModel *m)
{
  s->snapshots = g_renew (NnpSessionSnapshot, s->snapshots, s->n_snapshots + 1);
  s->snapshots[s->n_snapshots].epoch = epoch;
  s->snapshots[s->n_snapshots].model = m;
  s->n_snapshots++;
}

/* A session at epoch 300 whose run grew from 2 to 3 units and changed
 * activation at epoch 150. */
static NnpSession *
with_snapshots (void)
{
  NnpSession *s = nnp_session_new ();
  s->epoch = 300;
  add_snapshot (s, 0, snap_model (2, NNP_ACT_SIGMOID, 0.5));
  add_snapshot (s, 1, snap_model (2, NNP_ACT_SIGMOID, -0.25));
  add_snapshot (s, 126, snap_model (2, NNP_ACT_SIGMOID, 1e-300));
  add_snapshot (s, 159, snap_model (3, NNP_ACT_TANH, 2.0 / 7.0));
  return s;
}

static void
assert_same_snapshots (const NnpSession *a, const NnpSession *b)
{
  g_assert_cmpuint (a->n_snapshots, ==, b->n_snapshots);
  for (size_t i = 0; i < a->n_snapshots; i++)
    {
      const NnpModel *x = a->snapshots[i].model, *y = b->snapshots[i].model;
      g_assert_cmpuint (a->snapshots[i].epoch, ==, b->snapshots[i].epoch);
      g_assert_cmpuint (x->theta->d, ==, y->theta->d);
      g_assert_cmpuint (x->theta->h, ==, y->theta->h);
      g_assert_cmpint (x->act, ==, y->act);
      assert_same (x->theta->block, y->theta->block, x->theta->size);
    }
}

static void
test_snapshots_roundtrip (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (NnpSession) s = with_snapshots ();
  g_autofree char *text = nnp_session_to_string (s, &error);

  g_assert_no_error (error);
  g_assert_nonnull (strstr (text, "\"snapshots\""));
  g_autoptr (NnpSession) back = nnp_session_from_string (text, -1, "snapshots.json", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (back->n_snapshots, ==, 4);
  assert_same_snapshots (s, back);
  g_assert_cmpint (back->snapshots[3].model->act, ==, NNP_ACT_TANH);
  g_autoptr (NnpSession) dup = nnp_session_dup (s);
  assert_same_snapshots (s, dup);

  g_autoptr (NnpSession) none = nnp_session_new ();
  g_autofree char *plain = nnp_session_to_string (none, &error);
  g_assert_null (strstr (plain, "\"snapshots\""));
  g_autoptr (NnpSession) none_back = nnp_session_from_string (plain, -1, "plain.json", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (none_back->n_snapshots, ==, 0);
}

/* A valid session at epoch 300 with "snapshots": SNAPS added. */
static void
assert_snapshots_refused (const char *snaps, const char *message)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (NnpSession) base = nnp_session_new ();
  base->epoch = 300;
  g_autofree char *good = nnp_session_to_string (base, NULL);
  char *end = strrchr (good, '}');
  g_assert_nonnull (end);
  *end = '\0';
  g_autofree char *text = g_strdup_printf ("%s, \"snapshots\": %s}\n", good, snaps);
  g_autoptr (NnpSession) s = nnp_session_from_string (text, -1, "hostile.json", &error);

  g_assert_null (s);
  g_assert_nonnull (error);
  if (strstr (error->message, message) == NULL)
    g_error ("snapshots %.60s: message \"%s\" does not say \"%s\"", snaps, error->message, message);
}

#define M2 "{\"format\": \"nnplay-model\", \"version\": 1, \"inputs\": 2, \"hidden\": 1, " \
           "\"activation\": \"sigmoid\", \"W1\": [[0.5, -1]], \"b1\": [0.25], \"W2\": [[2]], \"b2\": [0.5]}"
#define M3 "{\"format\": \"nnplay-model\", \"version\": 1, \"inputs\": 3, \"hidden\": 1, " \
           "\"activation\": \"sigmoid\", \"W1\": [[0.5, -1, 1]], \"b1\": [0.25], \"W2\": [[2]], \"b2\": [0.5]}"

static void
test_snapshots_hostile (void)
{
  /* the good one first: the helpers above can tell a refusal from a typo */
  {
    g_autoptr (GError) error = NULL;
    g_autoptr (NnpSession) base = nnp_session_new ();
    base->epoch = 300;
    g_autofree char *good = nnp_session_to_string (base, NULL);
    *strrchr (good, '}') = '\0';
    g_autofree char *text = g_strdup_printf ("%s, \"snapshots\": [{\"epoch\": 7, \"model\": " M2 "}]}", good);
    g_autoptr (NnpSession) s = nnp_session_from_string (text, -1, "good.json", &error);
    g_assert_no_error (error);
    g_assert_cmpuint (s->n_snapshots, ==, 1);
    g_assert_cmpfloat (s->snapshots[0].model->theta->block[0], ==, 0.5);
  }

  GString *many = g_string_new ("[");
  for (int i = 0; i < NNP_SESSION_MAX_SNAPSHOTS + 1; i++)
    g_string_append_printf (many, "%s{\"epoch\": %d, \"model\": null}", i ? ", " : "", i);
  g_string_append (many, "]");
  assert_snapshots_refused (many->str, "1025 snapshots, at most 1024");
  g_string_free (many, TRUE);

  assert_snapshots_refused ("{}", "\"snapshots\" is an object, expected an array");
  assert_snapshots_refused ("[1]", "snapshots[0] is a number, expected an object");
  assert_snapshots_refused ("[{\"model\": " M2 "}]", "missing key \"epoch\" in \"snapshots[0]\"");
  assert_snapshots_refused ("[{\"epoch\": 1}]", "missing key \"model\" in \"snapshots[0]\"");
  assert_snapshots_refused ("[{\"epoch\": -1, \"model\": " M2 "}]", "snapshots[0].epoch is not a whole number >= 0");
  assert_snapshots_refused ("[{\"epoch\": 1, \"model\": null}]", "snapshots[0].model is null, expected an nnplay-model");
  assert_snapshots_refused ("[{\"epoch\": 1, \"model\": {\"format\": \"x\"}}]", "snapshots[0]");
  assert_snapshots_refused ("[{\"epoch\": 1, \"model\": " M3 "}]", "snapshots[0]: the model has 3 inputs");
  assert_snapshots_refused ("[{\"epoch\": 301, \"model\": " M2 "}]",
                            "snapshots[0]: epoch 301 is after the session's epoch 300");
  assert_snapshots_refused ("[{\"epoch\": 5, \"model\": " M2 "}, {\"epoch\": 5, \"model\": " M2 "}]",
                            "snapshots[1]: epoch 5 does not come after the previous snapshot's 5");
}

/* A file name longer than any path is refused (5,000 letters had made
 * the app's window wider than X allows). */
static void
test_origin_file_length (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (NnpSession) s = nnp_session_new ();

  g_free (s->generator);
  s->generator = NULL;
  s->origin_file = g_strnfill (NNP_SESSION_MAX_ORIGIN_FILE, 'A');
  g_assert_true (nnp_session_validate (s, "mem", &error));
  g_free (s->origin_file);
  s->origin_file = g_strnfill (NNP_SESSION_MAX_ORIGIN_FILE + 1, 'A');
  g_assert_false (nnp_session_validate (s, "mem", &error));
  g_assert_nonnull (strstr (error->message, "mem: display.origin_file has 4097 bytes, at most 4096"));
}

static void
test_snapshots_validate (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (NnpSession) s = with_snapshots ();

  g_assert_true (nnp_session_validate (s, "mem", &error));
  s->snapshots[2].model->theta->block[1] = NAN;
  g_assert_false (nnp_session_validate (s, "mem", &error));
  g_assert_nonnull (strstr (error->message, "mem: snapshots[2]: the model's weights are not all finite"));
  g_clear_error (&error);
  g_assert_null (nnp_session_to_string (s, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  s->snapshots[2].model->theta->block[1] = 0.0;
  nnp_model_free (s->snapshots[3].model);
  s->snapshots[3].model = snap_model (NNP_SESSION_MAX_HIDDEN + 1, NNP_ACT_RELU, 0.0);
  g_assert_false (nnp_session_validate (s, "mem", &error));
  g_assert_nonnull (strstr (error->message, "snapshots[3]: the model has 65 hidden units, expected 1 to 64"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/session/pins/roundtrip", test_roundtrip);
  g_test_add_func ("/session/pins/hostile", test_hostile);
  g_test_add_func ("/session/pins/validate", test_validate);
  g_test_add_func ("/session/markers/roundtrip", test_markers_roundtrip);
  g_test_add_func ("/session/markers/hostile", test_markers_hostile);
  g_test_add_func ("/session/markers/validate", test_markers_validate);
  g_test_add_func ("/session/snapshots/roundtrip", test_snapshots_roundtrip);
  g_test_add_func ("/session/snapshots/hostile", test_snapshots_hostile);
  g_test_add_func ("/session/snapshots/validate", test_snapshots_validate);
  g_test_add_func ("/session/origin-file-length", test_origin_file_length);
  return g_test_run ();
}
