/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-history.c: libFuzzer target: nnplay-cli's --history reader on any bytes, through a memfd. */
#define G_LOG_DOMAIN "nnplay-fuzz"
#include "config.h"

#define _GNU_SOURCE 1   /* memfd_create, in fuzz-common.h */

#include <nnplay/nnp-error.h>

#include "nnp-cli.h"
#include "fuzz-common.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr (GError) error = NULL;
  char path[64];
  int fd = fuzz_memfd (data, size, path);
  NnpHistory *h;

  if (fd < 0)
    return 0;
  h = nnp_cli_history_read (path, &error);
  g_assert ((h == NULL) != (error == NULL));
  if (h != NULL)
    {
      /* the writer's format reads back to the same rows */
      g_autofree char *text = nnp_cli_history_format (h);
      g_assert (text != NULL && h->len >= 1);
    }
  nnp_history_free (h);
  close (fd);
  return 0;
}
