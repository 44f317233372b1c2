/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nnp-io-private.h: reading a whole input file with a size limit (engine-private). */
#pragma once

#include <glib.h>

/* Reads path into a NUL-terminated buffer. A file larger than max_bytes is
 * refused before it is read whole (NNP_ERROR_TOO_LARGE); other failures are
 * NNP_ERROR_IO "PATH: cannot open|read: reason". */
gboolean nnp_read_file (const char *path, gsize max_bytes, char **out, gsize *out_len,
                        GError **error);
