/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-model.c: libFuzzer target: nnp_model_load (the public reader) on any bytes, through a memfd. */
#define G_LOG_DOMAIN "nnplay-fuzz"
#include "config.h"

#define _GNU_SOURCE 1   /* memfd_create, in fuzz-common.h */

#include <nnplay/nnp-error.h>
#include <nnplay/nnp-modelio.h>

#include "fuzz-common.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr (GError) error = NULL;
  char path[64];
  int fd = fuzz_memfd (data, size, path);
  NnpModel *m;

  if (fd < 0)
    return 0;
  m = nnp_model_load (path, &error);
  g_assert ((m == NULL) != (error == NULL));
  if (m != NULL)
    {
      /* what loads must save and load again */
      g_autofree char *text = nnp_model_to_string (m);
      g_assert (text != NULL);
    }
  nnp_model_free (m);
  close (fd);
  return 0;
}
