/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nnp-cli-gradcheck.c: `nnplay-cli gradcheck`: finite differences against backpropagation. */
#define G_LOG_DOMAIN "nnplay-cli"
#include "config.h"

#include <math.h>
#include <stdio.h>

#include <nnplay/nnp-modelio.h>

#include "nnp-cli.h"

#define CMD "gradcheck"
#define DEFAULT_TOLERANCE 1e-6

static const char description[] = N_(
  "Compares the gradient of J from backpropagation with central finite\n"
  "differences over every parameter and prints the largest relative error\n"
  "  max |num - ana| / max(1e-8, |num| + |ana|),\n"
  "overall and per block (W[1], b[1], W[2], b[2]) with the step eps used.\n"
  "The model is --init's or a random one (--hidden, --activation, --seed, as\n"
  "train would start from); the points come from --data or --dataset.\n"
  "With --init, a --hidden or --activation other than the file's is a usage error.\n"
  "ReLU has a kink at 0: points that land on it give large errors.\n"
  "\n"
  "Defaults: --hidden 4, --activation sigmoid, --points 200, --noise 0.1,\n"
  "--seed 1, --eps 0 (1e-3), --tolerance 1e-6.\n"
  "A check that would take more than about a minute (parameters x points x\n"
  "hidden units above 1e9) is refused.\n"
  "Exit status: 0 error below --tolerance, 1 usage error, 2 bad input file\n"
  "(file:line named) or out of memory, 4 error at or above --tolerance.");

/* Each of the h (d + 2) + 1 parameters costs 4 evaluations of J over n
 * points, each ~n h (d + 1) operations: bounded by parameters x n x h. */
static int
check_work (size_t d, size_t h, size_t n)
{
  /* each parameter costs two evaluations of n x h units of d + 1
   * operations each: (d + 1) / 3 is 1 for the plane's two inputs, where
   * the bound was measured (2,000 inputs had taken 80 s at 1% of it) */
  double params = (double) h * (double) (d + 2) + 1;
  double work = params * (double) n * (double) h * ((double) d + 1) / 3.0;

  if (work <= NNP_CLI_MAX_GRADCHECK_WORK)
    return NNP_EXIT_OK;
  return nnp_cli_usage (CMD, _("h = %zu hidden units on %zu points of %zu inputs would take more than a minute"
                               " (parameters x points x units x (inputs + 1) / 3 = %.3g, at most %.3g); "
                               "use fewer --hidden or --points"),
                        h, n, d, work, NNP_CLI_MAX_GRADCHECK_WORK);
}

static int
out_of_memory (size_t d, size_t h, size_t n)
{
  fprintf (stderr, _("nnplay-cli %s: out of memory for h = %zu hidden units, %zu inputs"
                     " and %zu points\n"), CMD, h, d, n);
  return NNP_EXIT_INPUT;
}

int
nnp_cli_gradcheck (int argc, char **argv)
{
  NnpCliData data;
  int hidden = NNP_CLI_HIDDEN_UNSET;
  char *hidden_text = NULL, *activation = NULL, *init = NULL;
  double eps = 0, tolerance = DEFAULT_TOLERANCE;
  nnp_cli_data_init (&data);

  const GOptionEntry entries[] = {
    { "hidden", 0, 0, G_OPTION_ARG_STRING, &hidden_text, N_("Hidden units h of the random model (default 4)"),
      N_("H") },
    { "activation", 0, 0, G_OPTION_ARG_STRING, &activation,
      N_("Hidden activation of the random model: sigmoid (default), tanh or relu"), N_("NAME") },
    { "init", 0, 0, G_OPTION_ARG_FILENAME, &init, N_("Check this saved model instead of a random one"), N_("MODEL.json") },
    { "eps", 0, 0, G_OPTION_ARG_DOUBLE, &eps, N_("Finite-difference step (default 0: automatic)"), N_("E") },
    { "tolerance", 0, 0, G_OPTION_ARG_DOUBLE, &tolerance, N_("Largest accepted relative error (default 1e-6)"), N_("T") },
    { NULL, 0, 0, 0, NULL, NULL, NULL }
  };
  g_autofree GOptionEntry *data_entries = nnp_cli_data_entries (&data, TRUE);

  GOptionContext *ctx = g_option_context_new (NULL);
  g_option_context_set_translation_domain (ctx, GETTEXT_PACKAGE);
  g_option_context_set_summary (ctx, N_("Check backpropagation against finite differences."));
  g_option_context_set_description (ctx, description);
  g_option_context_add_main_entries (ctx, entries, NULL);
  g_option_context_add_main_entries (ctx, data_entries, NULL);

  NnpDataset *ds = NULL;
  NnpModel *model = NULL;
  g_autoptr(GError) error = NULL;
  NnpActivation act = NNP_ACT_SIGMOID;

  int status = nnp_cli_parse (ctx, CMD, argc, argv);
  if (status == NNP_EXIT_OK && hidden_text != NULL)
    status = nnp_cli_parse_int (CMD, "--hidden", hidden_text, &hidden);
  if (status == NNP_EXIT_OK)
    status = nnp_cli_data_check (&data, CMD, TRUE);
  if (status == NNP_EXIT_OK && hidden_text != NULL && (hidden < 1 || hidden > NNP_CLI_MAX_HIDDEN))
    status = nnp_cli_usage (CMD, _("--hidden must be between 1 and %d, not %d"), NNP_CLI_MAX_HIDDEN, hidden);
  if (status == NNP_EXIT_OK && activation != NULL && nnp_activation_from_name (activation, &act) != 0)
    status = nnp_cli_usage (CMD, _("unknown --activation '%s' (expected sigmoid, tanh or relu)"), activation);
  /* a step past 1 measures nothing about a derivative (1e308 had printed
   * "max relative error: inf" and exit 4, as if backpropagation were wrong) */
  if (status == NNP_EXIT_OK && !(eps == 0 || (eps >= 1e-15 && eps <= 1)))
    status = nnp_cli_usage (CMD, _("--eps must be 0 (automatic) or between 1e-15 and 1, not %g"), eps);
  if (status == NNP_EXIT_OK && (!isfinite (tolerance) || tolerance < 0))
    status = nnp_cli_usage (CMD, _("--tolerance must be a finite number >= 0"));
  if (status == NNP_EXIT_OK)
    status = nnp_cli_data_load (&data, CMD, &ds);
  if (status == NNP_EXIT_OK && init != NULL)
    {
      if ((model = nnp_model_load (init, &error)) == NULL)
        status = nnp_cli_input_error (CMD, error);
      else if ((hidden != NNP_CLI_HIDDEN_UNSET && (size_t) hidden != model->theta->h)
               || (activation != NULL && act != model->act))
        status = nnp_cli_usage (CMD, _("--init %s has %zu %s hidden units; leave --hidden and --activation out"),
                                init, model->theta->h, nnp_activation_name (model->act));
      else if (model->theta->d != ds->d)
        {
          g_autofree char *what = nnp_cli_data_describe (&data);
          fprintf (stderr, _("nnplay-cli %s: --init %s has %zu inputs but %s has %zu feature columns\n"), CMD,
                   init, model->theta->d, what, ds->d);
          status = NNP_EXIT_INPUT;
        }
    }
  else if (status == NNP_EXIT_OK)
    {
      size_t h = hidden == NNP_CLI_HIDDEN_UNSET ? NNP_CLI_DEFAULT_HIDDEN : (size_t) hidden;
      /* refused before any allocation: the bound needs only the shapes */
      status = check_work (ds->d, h, ds->n);
      if (status == NNP_EXIT_OK && (model = nnp_model_alloc (ds->d, h, act)) == NULL)
        status = out_of_memory (ds->d, h, ds->n);
      if (status == NNP_EXIT_OK)
        nnp_model_init_random (model, NNP_CLI_SEED_INIT (data.seed));
    }
  if (status == NNP_EXIT_OK && init != NULL)
    status = check_work (model->theta->d, model->theta->h, ds->n);

  if (status == NNP_EXIT_OK)
    {
      NnpGradcheckResult res;
      /* the shapes match (checked above): a refusal is its 2 n x h workspace */
      if (nnp_gradcheck_blocks (&res, model, ds, eps, NULL) != NNP_OK)
        status = out_of_memory (model->theta->d, model->theta->h, ds->n);
      else
        {
          double err = res.max_all;
          gboolean ok = err < tolerance;
          printf (_("max relative error: %.3e (tolerance %.1e, %s, h = %zu, %zu points): %s\n"),
                  err, tolerance, nnp_activation_name (model->act), model->theta->h, ds->n,
                  ok ? _("ok") : _("FAILED"));
          /* per block, as the app's gradient check shows it */
          for (int b = 0; b < NNP_N_BLOCKS; b++)
            printf (_("  %-4s %6zu parameters  max relative error %.3e  (eps %.1e)\n"),
                    nnp_block_name ((NnpBlock) b), res.count[b], res.max_rel[b], res.eps);
          status = ok ? NNP_EXIT_OK : NNP_EXIT_CHECK;
        }
    }

  g_clear_pointer (&model, nnp_model_free);
  g_clear_pointer (&ds, nnp_dataset_free);
  g_option_context_free (ctx);
  nnp_cli_data_clear (&data);
  g_free (hidden_text);
  g_free (activation);
  g_free (init);
  return status;
}
