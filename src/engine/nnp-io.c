/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nnp-io.c: reading a whole input file with a size limit. */
#define G_LOG_DOMAIN "nnplay-engine"
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "nnplay/nnp-error.h"
#include "nnp-io-private.h"

gboolean
nnp_read_file (const char *path, gsize max_bytes, char **out, gsize *out_len, GError **error)
{
  g_autoptr (GByteArray) buf = g_byte_array_new ();
  guint8 chunk[65536];
  int fd = g_open (path, O_RDONLY, 0);

  if (fd < 0)
    {
      int e = errno;
      g_set_error (error, NNP_ERROR, NNP_ERROR_IO, _("%s: cannot open: %s"), path, g_strerror (e));
      return FALSE;
    }
  for (;;)
    {
      ssize_t got = read (fd, chunk, sizeof chunk);

      if (got < 0 && errno == EINTR)
        continue;
      if (got < 0)
        {
          int e = errno;
          g_set_error (error, NNP_ERROR, NNP_ERROR_IO, _("%s: cannot read: %s"), path, g_strerror (e));
          close (fd);
          return FALSE;
        }
      if (got == 0)
        break;
      if (buf->len + (gsize) got > max_bytes)
        {
          g_set_error (error, NNP_ERROR, NNP_ERROR_TOO_LARGE,
                       _("%s: the file is larger than %zu MB, more than nnplay reads"),
                       path, (size_t) (max_bytes >> 20));
          close (fd);
          return FALSE;
        }
      g_byte_array_append (buf, chunk, (guint) got);
    }
  close (fd);
  *out_len = buf->len;
  g_byte_array_append (buf, (const guint8 *) "", 1);   /* NUL-terminate */
  *out = (char *) g_byte_array_free (g_steal_pointer (&buf), FALSE);
  return TRUE;
}
