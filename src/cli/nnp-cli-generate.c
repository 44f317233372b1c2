/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nnp-cli-generate.c: `nnplay-cli generate`: write a generated data set as CSV. */
#define G_LOG_DOMAIN "nnplay-cli"
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <nnplay/nnp-csv.h>

#include "nnp-cli.h"

#define CMD "generate"

static const char description[] = N_(
  "Writes the header x1,x2,label and one row per point (features with\n"
  "%.17g, labels 0 or 1), half of each class. --out - writes to stdout.\n"
  "The same --dataset, --points, --noise and --seed given to train\n"
  "produce the same points.\n"
  "\n"
  "Defaults: --points 200, --noise 0.1, --seed 1.\n"
  "Exit status: 0 done, 1 usage error, 2 the file cannot be written.");

int
nnp_cli_generate (int argc, char **argv)
{
  NnpCliData data;
  char *out = NULL;
  nnp_cli_data_init (&data);

  const GOptionEntry entries[] = {
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &out, N_("Write the CSV here (- for stdout)"), N_("FILE.csv") },
    { NULL, 0, 0, 0, NULL, NULL, NULL }
  };
  /* All data options but --data, which makes no sense here. */
  g_autofree GOptionEntry *data_entries = nnp_cli_data_entries (&data, TRUE);
  GOptionEntry *gen_entries = data_entries + 1;

  GOptionContext *ctx = g_option_context_new (NULL);
  g_option_context_set_translation_domain (ctx, GETTEXT_PACKAGE);
  g_option_context_set_summary (ctx, N_("Generate labelled 2-D points and write them as CSV."));
  g_option_context_set_description (ctx, description);
  g_option_context_add_main_entries (ctx, gen_entries, NULL);
  g_option_context_add_main_entries (ctx, entries, NULL);

  NnpDataset *ds = NULL;
  int status = nnp_cli_parse (ctx, CMD, argc, argv);
  if (status == NNP_EXIT_OK)
    status = nnp_cli_data_check (&data, CMD, FALSE);
  if (status == NNP_EXIT_OK && data.dataset == NULL)
    status = nnp_cli_usage (CMD, _("missing --dataset NAME"));
  if (status == NNP_EXIT_OK && out == NULL)
    status = nnp_cli_usage (CMD, _("missing --out FILE.csv"));
  if (status == NNP_EXIT_OK)
    status = nnp_cli_data_load (&data, CMD, &ds);
  if (status == NNP_EXIT_OK)
    {
      g_autoptr(GError) error = NULL;
      if (strcmp (out, "-") == 0)
        {
          g_autofree char *text = nnp_csv_format (ds);
          fputs (text, stdout);
        }
      else if (!nnp_csv_write (ds, out, &error))
        status = nnp_cli_input_error (CMD, error);
    }

  g_clear_pointer (&ds, nnp_dataset_free);
  g_option_context_free (ctx);
  nnp_cli_data_clear (&data);
  g_free (out);
  return status;
}
