/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nnp-cli-lecture.c: `nnplay-cli lecture`: every matrix of the slides for chosen rows, as text or JSON. */
#define G_LOG_DOMAIN "nnplay-cli"
#include "config.h"

#include <math.h>
#include <stdio.h>

#include <nnplay/nnp-lecture.h>
#include <nnplay/nnp-modelio.h>

#include "nnp-cli.h"
#include "nnp-json-private.h"

#define CMD "lecture"
#define DEFAULT_LR 0.5

static const char description[] = N_(
  "Prints one step of batch gradient descent as the slides write it, for\n"
  "the model --model on the points of --data or --dataset:\n"
  "  forward   Z[1] = (b[1])^T + X (W[1])^T, A[1] = g(Z[1]),\n"
  "            Z[2] = b[2] + A[1] (W[2])^T, A[2] = sigma(Z[2])\n"
  "  cost      J\n"
  "  backward  dZ[2] = (A[2] - Y)/n, db[2], dW[2] = (dZ[2])^T A[1],\n"
  "            dZ[1] = dZ[2] W[2] o g'(Z[1]), db[1], dW[1] = (dZ[1])^T X\n"
  "  update    theta(t+1) = theta(t) - alpha grad J(theta(t))\n"
  "X, Y, Z[1], A[1], Z[2], A[2], dZ[2] and dZ[1] are shown for the chosen\n"
  "rows only (counted from 1; default the first 8, at most 64); J and the\n"
  "gradients are over all n rows.\n"
  "\n"
  "--json prints one object with the keys X, Y, Z1, A1, Z2, A2, dZ2, dZ1\n"
  "(the chosen rows, lists of rows), J, W1, b1, W2, b2, dW1, db1, dW2, db2,\n"
  "W1_next, b1_next, W2_next, b2_next, n, rows, alpha and activation;\n"
  "matrices are lists of rows, b1 and db1 lists, b2, db2 and J numbers,\n"
  "all written with 17 significant digits so that they read back exactly.\n"
  "\n"
  "--model may name a session saved by the app: its network is taken on\n"
  "the points as they are (folded back when it trained on z-scores), on\n"
  "its training points unless --data or --dataset is given, with its\n"
  "learning rate unless --lr is.\n"
  "\n"
  "Defaults: --lr 0.5, --points 200, --noise 0.1, --seed 1.\n"
  "Exit status: 0 done, 1 usage error, 2 bad input file (file:line named).");

/* ---- Text. ---------------------------------------------------------------- */

static void
print_matrix (const char *name, const char *shape, const double *v, size_t rows, size_t cols,
              const size_t *labels)
{
  printf ("%s in %s\n", name, shape);
  for (size_t i = 0; i < rows; i++)
    {
      if (labels != NULL)
        printf ("  %6zu |", labels[i] + 1);
      else
        printf ("         |");
      for (size_t j = 0; j < cols; j++)
        printf (" %12.6g", v[i * cols + j]);
      putchar ('\n');
    }
}

static void
print_params (const char *suffix, const char *prefix, const NnpParams *p)
{
  char name[64], shape[64];
  g_snprintf (name, sizeof name, "%sW[1]%s", prefix, suffix);
  g_snprintf (shape, sizeof shape, "R^{%zu x %zu}", p->h, p->d);
  print_matrix (name, shape, p->W1.matrix.data, p->h, p->d, NULL);
  g_snprintf (name, sizeof name, "%sb[1]%s", prefix, suffix);
  g_snprintf (shape, sizeof shape, "R^{%zu x 1}", p->h);
  print_matrix (name, shape, p->b1.vector.data, p->h, 1, NULL);
  g_snprintf (name, sizeof name, "%sW[2]%s", prefix, suffix);
  g_snprintf (shape, sizeof shape, "R^{1 x %zu}", p->h);
  print_matrix (name, shape, p->W2.matrix.data, 1, p->h, NULL);
  g_snprintf (name, sizeof name, "%sb[2]%s", prefix, suffix);
  print_matrix (name, "R", p->b2, 1, 1, NULL);
}

static void
print_text (const NnpLecture *lec, const char *source)
{
  char shape[96];
  const size_t n = lec->n, d = lec->d, h = lec->h, r = lec->r;

  printf (_("Lecture: %s, n = %zu, d[0] = %zu, d[1] = %zu, %s, alpha = %g; rows"),
          source, n, d, h, nnp_activation_name (lec->act), lec->alpha);
  for (size_t k = 0; k < r; k++)
    printf ("%s %zu", k == 0 ? "" : ",", lec->rows[k] + 1);
  printf (_(" of %zu\n"), n);

  printf ("\n%s\n", _("Parameters theta(t)"));
  print_params ("", "", lec->theta);

  printf ("\n%s\n", _("Forward propagation (rows shown)"));
  g_snprintf (shape, sizeof shape, "R^{n x %zu} = R^{%zu x %zu}", d, n, d);
  print_matrix ("X", shape, lec->X, r, d, lec->rows);
  g_snprintf (shape, sizeof shape, "R^{n x 1} = R^{%zu x 1}", n);
  print_matrix ("Y", shape, lec->Y, r, 1, lec->rows);
  g_snprintf (shape, sizeof shape, "R^{n x %zu} = R^{%zu x %zu}", h, n, h);
  print_matrix ("Z[1] = (b[1])^T + X (W[1])^T", shape, lec->Z1, r, h, lec->rows);
  print_matrix ("A[1] = g(Z[1])", shape, lec->A1, r, h, lec->rows);
  g_snprintf (shape, sizeof shape, "R^{n x 1} = R^{%zu x 1}", n);
  print_matrix ("Z[2] = b[2] + A[1] (W[2])^T", shape, lec->Z2, r, 1, lec->rows);
  print_matrix ("A[2] = sigma(Z[2])", shape, lec->A2, r, 1, lec->rows);

  printf ("\n%s\n", _("Cost (all n rows)"));
  printf ("J = -(1/n) sum (Y log A[2] + (1 - Y) log(1 - A[2])) = %.17g\n", lec->J);

  printf ("\n%s\n", _("Backpropagation (dZ rows shown, gradients over all n rows)"));
  g_snprintf (shape, sizeof shape, "R^{n x 1} = R^{%zu x 1}", n);
  print_matrix ("dZ[2] = (A[2] - Y)/n", shape, lec->dZ2, r, 1, lec->rows);
  g_snprintf (shape, sizeof shape, "R^{n x %zu} = R^{%zu x %zu}", h, n, h);
  print_matrix ("dZ[1] = dZ[2] W[2] o g'(Z[1])", shape, lec->dZ1, r, h, lec->rows);
  print_params ("", "d", lec->grads);

  printf ("\n%s\n", _("Update theta(t+1) = theta(t) - alpha grad J(theta(t))"));
  print_params ("(t+1)", "", lec->next);
}

/* ---- JSON. ---------------------------------------------------------------- */

static void
json_rows (NnpJsonWriter *w, const char *key, const double *v, size_t rows, size_t cols)
{
  nnp_json_key (w, key);
  nnp_json_begin_array (w);
  for (size_t i = 0; i < rows; i++)
    {
      nnp_json_begin_array (w);
      for (size_t j = 0; j < cols; j++)
        nnp_json_double_value (w, v[i * cols + j]);
      nnp_json_end_array (w);
    }
  nnp_json_end_array (w);
}

static void
json_list (NnpJsonWriter *w, const char *key, const double *v, size_t len)
{
  nnp_json_key (w, key);
  nnp_json_begin_array (w);
  for (size_t i = 0; i < len; i++)
    nnp_json_double_value (w, v[i]);
  nnp_json_end_array (w);
}

static void
json_number (NnpJsonWriter *w, const char *key, double v)
{
  nnp_json_key (w, key);
  nnp_json_double_value (w, v);
}

static void
json_params (NnpJsonWriter *w, const char *prefix, const char *suffix, const NnpParams *p)
{
  char key[32];
  g_snprintf (key, sizeof key, "%sW1%s", prefix, suffix);
  json_rows (w, key, p->W1.matrix.data, p->h, p->d);
  g_snprintf (key, sizeof key, "%sb1%s", prefix, suffix);
  json_list (w, key, p->b1.vector.data, p->h);
  g_snprintf (key, sizeof key, "%sW2%s", prefix, suffix);
  json_rows (w, key, p->W2.matrix.data, 1, p->h);
  g_snprintf (key, sizeof key, "%sb2%s", prefix, suffix);
  json_number (w, key, *p->b2);
}

static char *
lecture_json (const NnpLecture *lec)
{
  GString *out = g_string_new (NULL);
  NnpJsonWriter w;
  const size_t r = lec->r, d = lec->d, h = lec->h;

  nnp_json_writer_init (&w, out, TRUE);
  nnp_json_begin_object (&w);
  nnp_json_key (&w, "n");
  nnp_json_int_value (&w, (gint64) lec->n);
  nnp_json_key (&w, "rows");
  nnp_json_begin_array (&w);
  for (size_t k = 0; k < r; k++)
    nnp_json_int_value (&w, (gint64) lec->rows[k] + 1);
  nnp_json_end_array (&w);
  nnp_json_key (&w, "activation");
  nnp_json_string_value (&w, nnp_activation_name (lec->act));
  json_number (&w, "alpha", lec->alpha);
  json_rows (&w, "X", lec->X, r, d);
  json_rows (&w, "Y", lec->Y, r, 1);
  json_rows (&w, "Z1", lec->Z1, r, h);
  json_rows (&w, "A1", lec->A1, r, h);
  json_rows (&w, "Z2", lec->Z2, r, 1);
  json_rows (&w, "A2", lec->A2, r, 1);
  json_number (&w, "J", lec->J);
  json_rows (&w, "dZ2", lec->dZ2, r, 1);
  json_rows (&w, "dZ1", lec->dZ1, r, h);
  json_params (&w, "", "", lec->theta);
  json_params (&w, "d", "", lec->grads);
  json_params (&w, "", "_next", lec->next);
  nnp_json_end_object (&w);
  g_string_append_c (out, '\n');
  return g_string_free (out, FALSE);
}

int
nnp_cli_lecture (int argc, char **argv)
{
  NnpCliData data;
  char *model_path = NULL, *rows_text = NULL, *lr_text = NULL;
  double lr = DEFAULT_LR;
  gboolean json = FALSE;
  nnp_cli_data_init (&data);

  const GOptionEntry entries[] = {
    { "model", 0, 0, G_OPTION_ARG_FILENAME, &model_path,
      N_("The model theta(t), or a session saved by the app (required)"), N_("MODEL.json") },
    { "rows", 0, 0, G_OPTION_ARG_STRING, &rows_text,
      N_("Rows to show, counted from 1, e.g. 1,7,240 (default the first 8)"), N_("LIST") },
    { "lr", 0, 0, G_OPTION_ARG_STRING, &lr_text,
      N_("Learning rate alpha of the update (default 0.5, or the session's)"), N_("A") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print one JSON object instead of text"), NULL },
    { NULL, 0, 0, 0, NULL, NULL, NULL }
  };
  g_autofree GOptionEntry *data_entries = nnp_cli_data_entries (&data, TRUE);

  GOptionContext *ctx = g_option_context_new (NULL);
  g_option_context_set_translation_domain (ctx, GETTEXT_PACKAGE);
  g_option_context_set_summary (ctx, N_("Print every matrix of the lecture's slides for one step."));
  g_option_context_set_description (ctx, description);
  g_option_context_add_main_entries (ctx, entries, NULL);
  g_option_context_add_main_entries (ctx, data_entries, NULL);

  NnpDataset *ds = NULL;
  NnpModel *model = NULL;
  NnpSession *session = NULL;
  NnpLecture *lec = NULL;
  g_autoptr(GError) error = NULL;
  size_t rows[NNP_LECTURE_MAX_ROWS], r = 0;

  int status = nnp_cli_parse (ctx, CMD, argc, argv);
  if (status == NNP_EXIT_OK)
    status = nnp_cli_data_check (&data, CMD, FALSE);
  if (status == NNP_EXIT_OK && model_path == NULL)
    status = nnp_cli_usage (CMD, _("no model: give --model MODEL.json"));
  if (status == NNP_EXIT_OK && lr_text != NULL)
    status = nnp_cli_parse_lr (CMD, lr_text, &lr);
  double z_mean[2], z_sd[2];
  if (status == NNP_EXIT_OK)
    status = nnp_cli_model_load (CMD, model_path, &model, &session, z_mean, z_sd);
  const gboolean own_points = data.data_path != NULL || data.dataset != NULL;
  if (status == NNP_EXIT_OK && session == NULL && !own_points)
    status = nnp_cli_usage (CMD, _("no points: give --data FILE.csv or --dataset NAME"));
  if (status == NNP_EXIT_OK && own_points)
    status = nnp_cli_data_load (&data, CMD, &ds);
  g_autofree char *points_name = status != NNP_EXIT_OK ? NULL
                                : own_points ? nnp_cli_data_describe (&data)
                                : g_strdup_printf (_("%s (its training points)"), model_path);
  if (status == NNP_EXIT_OK && !own_points)
    {
      /* the session's training points */
      g_autoptr (NnpDataset) test = NULL;
      status = nnp_cli_session_split (CMD, model_path, session, TRUE, &ds, &test);
    }
  /* and its alpha unless given, on any points */
  if (status == NNP_EXIT_OK && session != NULL && lr_text == NULL)
    lr = session->lr;
  if (status == NNP_EXIT_OK && ds->n < 1)
    {
      fprintf (stderr, _("nnplay-cli %s: %s has no points\n"), CMD, points_name);
      status = NNP_EXIT_INPUT;
    }
  if (status == NNP_EXIT_OK)
    status = nnp_cli_check_lecture_size (CMD, model);
  if (status == NNP_EXIT_OK && model->theta->d != ds->d)
    {
      fprintf (stderr, _("nnplay-cli %s: --model %s has %zu inputs but %s has %zu feature columns\n"), CMD,
               model_path, model->theta->d, points_name, ds->d);
      status = NNP_EXIT_INPUT;
    }
  if (status == NNP_EXIT_OK && rows_text != NULL)
    {
      size_t bad;
      r = nnp_lecture_parse_rows (rows_text, ds->n, rows, &bad);
      if (r == 0)
        status = nnp_cli_usage (CMD, _("--rows '%s': item %zu is not a row between 1 and %zu"
                                       " (rows are counted from 1, at most %d, none twice)"),
                                rows_text, bad, ds->n, NNP_LECTURE_MAX_ROWS);
    }
  if (status == NNP_EXIT_OK && (lec = nnp_lecture_new (model, ds, r > 0 ? rows : NULL, r, lr)) == NULL)
    {
      fprintf (stderr, _("nnplay-cli %s: out of memory for h = %zu hidden units\n"), CMD, model->theta->h);
      status = NNP_EXIT_INPUT;
    }
  if (status == NNP_EXIT_OK)
    {
      if (json)
        {
          g_autofree char *text = lecture_json (lec);
          fputs (text, stdout);
        }
      else
        {
          print_text (lec, points_name);
          /* as the app's Lecture view says */
          if (session != NULL && session->standardize)
            printf ("\n%s\n", _("Standardised: training steps on z-scores; the step shown is on the points as drawn."));
        }
    }

  g_clear_pointer (&lec, nnp_lecture_free);
  g_clear_pointer (&model, nnp_model_free);
  g_clear_pointer (&session, nnp_session_free);
  g_clear_pointer (&ds, nnp_dataset_free);
  g_option_context_free (ctx);
  nnp_cli_data_clear (&data);
  g_free (model_path);
  g_free (rows_text);
  g_free (lr_text);
  return status;
}
