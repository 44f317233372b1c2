/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli-helpers.c: running nnplay-cli from the CLI tests and reading what it wrote. */
#define G_LOG_DOMAIN "nnplay-test"
#include "config.h"

#include <math.h>
#include <string.h>
#include <sys/wait.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "cli-helpers.h"

static char *cli_path;

void
cli_helpers_init (int *argc, char ***argv)
{
  if (*argc < 2)
    g_error ("usage: %s [GTest options] PATH/TO/nnplay-cli", (*argv)[0]);
  cli_path = g_strdup ((*argv)[1]);
}

const char *
cli_exe (void)
{
  return cli_path;
}

void
cli_run_free (CliRun *r)
{
  if (r == NULL)
    return;
  g_free (r->out);
  g_free (r->err);
  g_free (r);
}

CliRun *
cli_runv (const char *dir, const char *const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  CliRun *r = g_new0 (CliRun, 1);
  int wait_status = 0;

  g_ptr_array_add (argv, cli_path);
  for (size_t i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  if (!g_spawn_sync (dir, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                     &r->out, &r->err, &wait_status, &error))
    g_error ("cannot run %s: %s", cli_path, error->message);
  r->status = WIFEXITED (wait_status) ? WEXITSTATUS (wait_status) : -1;
  return r;
}

static CliRun *
cli_run_va (const char *dir, const char *first, va_list ap)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();

  for (const char *a = first; a != NULL; a = va_arg (ap, const char *))
    g_ptr_array_add (args, (char *) a);
  g_ptr_array_add (args, NULL);
  return cli_runv (dir, (const char *const *) args->pdata);
}

CliRun *
cli_run (const char *dir, const char *first, ...)
{
  va_list ap;
  va_start (ap, first);
  CliRun *r = cli_run_va (dir, first, ap);
  va_end (ap);
  return r;
}

CliRun *
cli_expect (int want, const char *dir, const char *first, ...)
{
  va_list ap;
  va_start (ap, first);
  CliRun *r = cli_run_va (dir, first, ap);
  va_end (ap);
  if (r->status != want)
    {
      g_test_message ("nnplay-cli %s ... exited %d, expected %d\nstdout:\n%s\nstderr:\n%s",
                      first, r->status, want, r->out, r->err);
      g_assert_cmpint (r->status, ==, want);
    }
  return r;
}

GSubprocess *
cli_spawn (const char *dir, const char *first, ...)
{
  g_autoptr(GSubprocessLauncher) l = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                                                | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  GSubprocess *p;
  va_list ap;

  g_ptr_array_add (argv, cli_path);
  va_start (ap, first);
  for (const char *a = first; a != NULL; a = va_arg (ap, const char *))
    g_ptr_array_add (argv, (char *) a);
  va_end (ap);
  g_ptr_array_add (argv, NULL);
  g_subprocess_launcher_set_cwd (l, dir);
  p = g_subprocess_launcher_spawnv (l, (const char *const *) argv->pdata, &error);
  g_assert_no_error (error);
  return p;
}

void
cli_check (int want, const char *dir, const char *first, ...)
{
  va_list ap;
  va_start (ap, first);
  g_autoptr(CliRun) r = cli_run_va (dir, first, ap);
  va_end (ap);
  if (r->status != want)
    {
      g_test_message ("nnplay-cli %s ... exited %d, expected %d\nstdout:\n%s\nstderr:\n%s",
                      first, r->status, want, r->out, r->err);
      g_assert_cmpint (r->status, ==, want);
    }
}

char *
cli_tmpdir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("nnplay-cli-test-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

void
cli_rmdir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  if (d == NULL)
    return;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        cli_rmdir (path);
      else
        g_unlink (path);
    }
  g_rmdir (dir);
}

char *
cli_file (const char *dir, const char *name)
{
  return g_build_filename (dir, name, NULL);
}

void
cli_write (const char *dir, const char *name, const char *text)
{
  g_autofree char *path = cli_file (dir, name);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
}

gboolean
cli_exists (const char *dir, const char *name)
{
  g_autofree char *path = cli_file (dir, name);
  return g_file_test (path, G_FILE_TEST_EXISTS);
}

char *
cli_read (const char *dir, const char *name, gsize *len)
{
  g_autofree char *path = cli_file (dir, name);
  char *text = NULL;
  g_assert_true (g_file_get_contents (path, &text, len, NULL));
  return text;
}

CliTable *
cli_table_read (const char *dir, const char *name)
{
  g_autofree char *path = cli_file (dir, name);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);

  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  g_assert_nonnull (lines[0]);
  CliTable *t = g_new0 (CliTable, 1);
  t->header = g_strdup (lines[0]);
  g_auto(GStrv) head = g_strsplit (lines[0], ",", -1);
  t->ncols = g_strv_length (head);
  g_autoptr(GArray) v = g_array_new (FALSE, FALSE, sizeof (double));

  for (size_t i = 1; lines[i] != NULL; i++)
    {
      if (lines[i][0] == '\0')
        {
          /* only the final newline may leave an empty line */
          g_assert_null (lines[i + 1]);
          break;
        }
      g_auto(GStrv) f = g_strsplit (lines[i], ",", -1);
      g_assert_cmpuint (g_strv_length (f), ==, t->ncols);
      for (size_t k = 0; k < t->ncols; k++)
        {
          char *end = NULL;
          double x = g_ascii_strtod (f[k], &end);
          g_assert_true (end != f[k] && *end == '\0');
          g_array_append_val (v, x);
        }
      t->nrows++;
    }
  t->v = (double *) g_array_free (g_steal_pointer (&v), FALSE);
  return t;
}

void
cli_table_free (CliTable *t)
{
  if (t == NULL)
    return;
  g_free (t->header);
  g_free (t->v);
  g_free (t);
}

static void
read_numbers (JsonArray *a, double *out, size_t n)
{
  g_assert_cmpuint (json_array_get_length (a), ==, n);
  for (size_t i = 0; i < n; i++)
    out[i] = json_array_get_double_element (a, (guint) i);
}

CliModel *
cli_model_read (const char *dir, const char *name)
{
  g_autofree char *path = cli_file (dir, name);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  JsonObject *o = json_node_get_object (json_parser_get_root (parser));
  g_assert_nonnull (o);
  g_assert_cmpstr (json_object_get_string_member (o, "format"), ==, "nnplay-model");
  g_assert_cmpint (json_object_get_int_member (o, "version"), ==, 1);

  CliModel *m = g_new0 (CliModel, 1);
  m->d = (size_t) json_object_get_int_member (o, "inputs");
  m->h = (size_t) json_object_get_int_member (o, "hidden");
  m->activation = g_strdup (json_object_get_string_member (o, "activation"));
  m->W1 = g_new (double, m->h * m->d);
  m->b1 = g_new (double, m->h);
  m->W2 = g_new (double, m->h);

  JsonArray *W1 = json_object_get_array_member (o, "W1");
  g_assert_cmpuint (json_array_get_length (W1), ==, m->h);
  for (size_t j = 0; j < m->h; j++)
    read_numbers (json_array_get_array_element (W1, (guint) j), m->W1 + j * m->d, m->d);
  read_numbers (json_object_get_array_member (o, "b1"), m->b1, m->h);
  JsonArray *W2 = json_object_get_array_member (o, "W2");
  g_assert_cmpuint (json_array_get_length (W2), ==, 1);
  read_numbers (json_array_get_array_element (W2, 0), m->W2, m->h);
  read_numbers (json_object_get_array_member (o, "b2"), &m->b2, 1);
  return m;
}

void
cli_model_free (CliModel *m)
{
  if (m == NULL)
    return;
  g_free (m->activation);
  g_free (m->W1);
  g_free (m->b1);
  g_free (m->W2);
  g_free (m);
}

static double
rel (double a, double b)
{
  return fabs (a - b) / MAX (1.0, fabs (a));
}

double
cli_model_diff (const CliModel *a, const CliModel *b)
{
  double worst = 0;

  g_assert_cmpuint (a->d, ==, b->d);
  g_assert_cmpuint (a->h, ==, b->h);
  g_assert_cmpstr (a->activation, ==, b->activation);
  for (size_t i = 0; i < a->h * a->d; i++)
    worst = MAX (worst, rel (a->W1[i], b->W1[i]));
  for (size_t j = 0; j < a->h; j++)
    {
      worst = MAX (worst, rel (a->b1[j], b->b1[j]));
      worst = MAX (worst, rel (a->W2[j], b->W2[j]));
    }
  return MAX (worst, rel (a->b2, b->b2));
}

static double
softplus (double z)
{
  return MAX (z, 0.0) + log1p (exp (-fabs (z)));
}

static double
act (const char *name, double z)
{
  if (g_str_equal (name, "tanh"))
    return tanh (z);
  if (g_str_equal (name, "relu"))
    return z > 0 ? z : 0;
  return 1 / (1 + exp (-z));
}

void
cli_model_cost (const CliModel *m, const CliTable *data, double *cost, double *acc)
{
  double J = 0;
  size_t correct = 0;

  g_assert_cmpuint (data->ncols, ==, m->d + 1);
  for (size_t i = 0; i < data->nrows; i++)
    {
      const double *x = data->v + i * data->ncols;
      double y = x[m->d];
      double z2 = m->b2;
      for (size_t j = 0; j < m->h; j++)
        {
          double z1 = m->b1[j];
          for (size_t k = 0; k < m->d; k++)
            z1 += m->W1[j * m->d + k] * x[k];
          z2 += m->W2[j] * act (m->activation, z1);
        }
      /* log a = -softplus(-z), log(1 - a) = -softplus(z) */
      J += y * softplus (-z2) + (1 - y) * softplus (z2);
      correct += (z2 >= 0) == (y == 1);
    }
  *cost = J / (double) data->nrows;
  *acc = (double) correct / (double) data->nrows;
}

double
cli_number_after (const char *text, const char *key)
{
  const char *p = strstr (text, key);
  char *end = NULL;

  g_assert_nonnull (p);
  double v = g_ascii_strtod (p + strlen (key), &end);
  g_assert_true (end != p + strlen (key));
  return v;
}
