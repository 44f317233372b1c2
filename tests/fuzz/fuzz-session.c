/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-session.c: libFuzzer target: nnp_session_from_string on any bytes; what loads validates and re-serialises. */
#define G_LOG_DOMAIN "nnplay-fuzz"
#include "config.h"

#define _GNU_SOURCE 1   /* memfd_create, in fuzz-common.h */

#include <string.h>

#include <nnplay/nnp-error.h>
#include <nnplay/nnp-session.h>

#include "fuzz-common.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr (GError) error = NULL;
  /* exactly size bytes (ASan sees a read past them); g_memdup2 gives NULL for 0 */
  g_autofree char *text = g_malloc (MAX (size, 1));
  NnpSession *s;

  memcpy (text, data, size);
  s = nnp_session_from_string (text, (gssize) size, "fuzz.json", &error);

  g_assert ((s == NULL) != (error == NULL));
  if (s != NULL)
    {
      g_autoptr (GError) again = NULL;
      g_autofree char *out = NULL;

      g_assert (nnp_session_validate (s, "fuzz.json", &again));
      out = nnp_session_to_string (s, &again);
      g_assert (out != NULL);
    }
  nnp_session_free (s);
  return 0;
}
