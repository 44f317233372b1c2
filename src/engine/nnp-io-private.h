/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nnp-io-private.h: the one bounded reader of input files and the one atomic writer (engine, plot, CLI). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Reads path into a NUL-terminated buffer. Only a regular file is read: a
 * FIFO, device or directory is refused without blocking (NNP_ERROR_IO
 * "PATH: not a regular file ..."). A file larger than max_bytes is refused
 * before it is read (NNP_ERROR_TOO_LARGE); other failures are NNP_ERROR_IO
 * "PATH: cannot open|read: reason". */
gboolean nnp_read_file (const char *path, gsize max_bytes, char **out, gsize *out_len,
                        GError **error);

/* A file being written in place of path: nothing is visible at path until
 * _commit, which replaces the old content in one step (rename). A symlink
 * is written through to its target; an existing file keeps its mode; a
 * destination that exists and is not a regular file (device, FIFO,
 * directory) is refused. The unnamed temporary file is O_TMPFILE where the
 * file system has it; otherwise ".NAME.XXXXXX.nnptmp" beside the target,
 * and the debris of a writer killed earlier is removed on the next write
 * to the same place (two processes writing the same file at once: one of
 * them may then fail, neither leaves a mixed file). */
typedef struct _NnpAtomicFile NnpAtomicFile;

NnpAtomicFile *nnp_atomic_file_open   (const char *path, GError **error);
/* Appends len bytes. On failure the file is left for _abort. */
gboolean       nnp_atomic_file_write  (NnpAtomicFile *f, const void *data, gsize len,
                                       GError **error);
/* fsync, then put the file at its place; frees f, success or not. */
gboolean       nnp_atomic_file_commit (NnpAtomicFile *f, GError **error);
/* Drops the temporary file; frees f. NULL is fine. */
void           nnp_atomic_file_abort  (NnpAtomicFile *f);
/* The errno of the first failed write, 0 if none (for messages). */
int            nnp_atomic_file_errno  (const NnpAtomicFile *f);

/* open + write + commit. Errors are NNP_ERROR_IO "PATH: cannot write: reason". */
gboolean nnp_write_file_atomic (const char *path, const void *data, gsize len, GError **error);

G_END_DECLS
