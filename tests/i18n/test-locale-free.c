/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-locale-free.c: CSV, model and session files are byte-identical under a decimal-comma locale. */
#define G_LOG_DOMAIN "nnplay-test-locale"
#include "config.h"

#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <nnplay/nnp-csv.h>
#include <nnplay/nnp-modelio.h>
#include <nnplay/nnp-session.h>

#include "../data/test-tmpdir.h"

/* The locale the run was started in (LC_ALL=de_DE.UTF-8 from the meson test). */
static char *user_locale;

static NnpSession *
make_session (void)
{
  NnpSession *s = nnp_session_new ();

  nnp_dataset_free (s->points);
  s->points = nnp_dataset_generate (NNP_GEN_SPIRAL, 120, 0.1371, 7);
  s->is_test = g_new0 (guint8, s->points->n);
  nnp_split_mask (s->is_test, s->points->n, 0.25, 8);
  s->test_fraction = 0.25;
  s->lr = 0.0731234567891234;
  s->hidden = 5;
  s->act = NNP_ACT_TANH;
  s->noise = 0.1371;
  s->model = nnp_model_alloc (2, 5, NNP_ACT_TANH);
  nnp_model_init_random (s->model, 9);
  nnp_history_free (s->history);
  s->history = nnp_history_new (TRUE);
  for (size_t t = 0; t < 30; t++)
    nnp_history_append (s->history, 0.693 * exp (-0.05 * t), 0.5 + t / 80.0,
                        0.71 * exp (-0.04 * t), 0.45 + t / 81.0);
  s->epoch = 29;
  s->has_view = TRUE;
  s->view[0] = -1.25;
  s->view[1] = 1.5;
  s->view[2] = -0.75;
  s->view[3] = 2.125;
  s->speed = 12.5;
  return s;
}

/* Writes the three files into dir with every writer the app and CLI use. */
static void
write_all (const NnpSession *s, const char *dir)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *csv = g_build_filename (dir, "points.csv", NULL);
  g_autofree char *model = g_build_filename (dir, "model.json", NULL);
  g_autofree char *session = g_build_filename (dir, "session.json", NULL);

  g_assert_true (nnp_csv_write (s->points, csv, &error));
  g_assert_no_error (error);
  g_assert_true (nnp_model_save (s->model, model, &error));
  g_assert_no_error (error);
  g_assert_true (nnp_session_save (s, session, &error));
  g_assert_no_error (error);
}

static void
assert_same_file (const char *a_dir, const char *b_dir, const char *name)
{
  g_autofree char *a_path = g_build_filename (a_dir, name, NULL);
  g_autofree char *b_path = g_build_filename (b_dir, name, NULL);
  g_autofree char *a = NULL, *b = NULL;
  gsize a_len, b_len;

  g_assert_true (g_file_get_contents (a_path, &a, &a_len, NULL));
  g_assert_true (g_file_get_contents (b_path, &b, &b_len, NULL));
  if (a_len != b_len || memcmp (a, b, a_len) != 0)
    g_error ("%s differs under %s:\n--- C\n%.400s\n--- %s\n%.400s", name, user_locale, a, user_locale, b);
  /* Numbers written with a decimal point, never a comma between digits. */
  g_assert_nonnull (strstr (a, "0."));
}

static void
test_writers_locale_free (void)
{
  g_autoptr (NnpSession) s = make_session ();
  g_autofree char *c_dir = make_tmpdir ("nnp-locale-C-XXXXXX");
  g_autofree char *u_dir = make_tmpdir ("nnp-locale-user-XXXXXX");
  char buf[32];

  g_assert_nonnull (setlocale (LC_ALL, "C"));
  write_all (s, c_dir);

  /* The comparison means something only if the C library really writes
   * a decimal comma now. */
  g_assert_nonnull (setlocale (LC_ALL, user_locale));
  g_snprintf (buf, sizeof buf, "%s", localeconv ()->decimal_point);
  g_assert_cmpstr (buf, ==, ",");
  snprintf (buf, sizeof buf, "%g", 0.5);
  g_assert_cmpstr (buf, ==, "0,5");
  write_all (s, u_dir);
  setlocale (LC_ALL, "C");

  assert_same_file (c_dir, u_dir, "points.csv");
  assert_same_file (c_dir, u_dir, "model.json");
  assert_same_file (c_dir, u_dir, "session.json");

  /* And what was written reads back the same under the comma locale. */
  g_autoptr (GError) error = NULL;
  g_autofree char *session = g_build_filename (u_dir, "session.json", NULL);
  g_assert_nonnull (setlocale (LC_ALL, user_locale));
  g_autoptr (NnpSession) back = nnp_session_load (session, &error);
  setlocale (LC_ALL, "C");
  g_assert_no_error (error);
  g_assert_cmpfloat (back->lr, ==, s->lr);
  g_assert_cmpfloat (back->model->theta->block[3], ==, s->model->theta->block[3]);

  remove_tmpdir (c_dir);
  remove_tmpdir (u_dir);
}

int
main (int argc, char **argv)
{
  /* The locale under test comes from the environment (LC_ALL); refuse to
   * run, rather than pass, when it is missing or is not a comma locale. */
  const char *want = g_getenv ("LC_ALL");
  if (want == NULL || setlocale (LC_ALL, want) == NULL)
    {
      g_printerr ("test-locale-free: cannot set the locale LC_ALL=%s (generate it first)\n",
                  want != NULL ? want : "(unset)");
      return 1;
    }
  user_locale = g_strdup (want);
  setlocale (LC_ALL, "C");

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/i18n/writers-locale-free", test_writers_locale_free);
  int status = g_test_run ();
  g_free (user_locale);
  return status;
}
