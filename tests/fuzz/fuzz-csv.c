/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-csv.c: libFuzzer target: nnp_csv_parse on any bytes (not NUL-terminated), any d and d = 2. */
#define G_LOG_DOMAIN "nnplay-fuzz"
#include "config.h"

#define _GNU_SOURCE 1   /* memfd_create, in fuzz-common.h */

#include <nnplay/nnp-csv.h>
#include <nnplay/nnp-error.h>

#include "fuzz-common.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  /* a copy of exactly size bytes, so reading past the end is caught */
  g_autofree char *text = g_memdup2 (data, size);

  for (size_t expect_d = 0; expect_d <= 2; expect_d += 2)
    {
      g_autoptr (GError) error = NULL;
      NnpDataset *ds = nnp_csv_parse (text, size, "fuzz.csv", expect_d, &error);

      g_assert ((ds == NULL) != (error == NULL));
      if (ds != NULL)
        {
          g_assert (ds->n >= 1 && ds->n <= NNP_CSV_MAX_ROWS && ds->d >= 1);
          g_assert (expect_d == 0 || ds->d == expect_d);
          for (size_t i = 0; i < ds->n; i++)
            g_assert (ds->y[i] == 0.0 || ds->y[i] == 1.0);
        }
      else
        g_assert (g_str_has_prefix (error->message, "fuzz.csv:"));
      nnp_dataset_free (ds);
    }
  return 0;
}
