/* SPDX-License-Identifier: GPL-3.0-or-later */
/* make-samples.c: writes the sample data sets of data/ (usage: nnp-make-samples DIR). */
#define G_LOG_DOMAIN "nnplay-samples"

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <nnplay/nnp-csv.h>
#include <nnplay/nnp-error.h>

#include "samples.h"

int
main (int argc, char **argv)
{
  if (argc != 2)
    {
      fprintf (stderr, "usage: %s DIR\n", argv[0]);
      return 1;
    }

  for (size_t s = 0; s < G_N_ELEMENTS (nnp_samples); s++)
    {
      const NnpSample *sm = &nnp_samples[s];
      g_autoptr (NnpDataset) ds = nnp_dataset_generate (sm->gen, sm->n, sm->noise, sm->seed);
      g_autofree char *csv = nnp_csv_format (ds);
      g_autofree char *file = g_strdup_printf ("%s.csv", nnp_generator_name (sm->gen));
      g_autofree char *path = g_build_filename (argv[1], file, NULL);
      g_autoptr (GError) error = NULL;
      const char *nl = strchr (csv, '\n');
      GString *text = g_string_new (NULL);
      char noise[G_ASCII_DTOSTR_BUF_SIZE];

      /* The comment goes after the header, so that
       * numpy.loadtxt (path, delimiter=",", skiprows=1) still reads it. */
      g_ascii_formatd (noise, sizeof noise, "%g", sm->noise);
      g_string_append_len (text, csv, nl + 1 - csv);
      g_string_append_printf (text,
                              "# %s: %zu points, noise %s, seed %" G_GUINT64_FORMAT
                              "; nnplay's nnp_dataset_generate via tests/data/make-samples.c\n",
                              nnp_generator_title (sm->gen), sm->n, noise, sm->seed);
      g_string_append (text, nl + 1);
      if (!g_file_set_contents (path, text->str, (gssize) text->len, &error))
        {
          fprintf (stderr, "%s\n", error->message);
          g_string_free (text, TRUE);
          return 1;
        }
      g_string_free (text, TRUE);
      printf ("%s\n", path);
    }
  return 0;
}
