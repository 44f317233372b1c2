/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-session-pins.c: pinned runs and change markers in nnplay-session files: exact round trip, and hostile ones refused with a message. */
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
  return g_test_run ();
}
