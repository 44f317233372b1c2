/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nnp-csv.h: strict CSV reading and exact writing of labelled points. */
#pragma once

#include <glib.h>
#include "nnp-dataset.h"

G_BEGIN_DECLS

#define NNP_CSV_MAX_ROWS 1000000

/* Format: comma-separated; an optional header row (first non-comment line
 * whose fields are not all numbers); lines starting with '#' and blank lines
 * are skipped; each row holds d feature columns then the label, 0 or 1.
 * Strict: a wrong column count, a non-number, NaN/Inf, a label other than
 * 0/1, no data rows, or more than NNP_CSV_MAX_ROWS rows is an error
 * (NNP_ERROR_PARSE / NNP_ERROR_TOO_LARGE) whose message starts
 * "NAME:LINE:COLUMN: " and says what was expected. expect_d = 0 accepts any
 * d >= 1 (taken from the first row). Nothing is returned half loaded. */
NnpDataset *nnp_csv_parse (const char *text, gsize len, const char *name,
                           size_t expect_d, GError **error);
NnpDataset *nnp_csv_read  (const char *path, size_t expect_d, GError **error);

/* Header "x1,...,xd,label", rows with %.17g features and 0/1 labels, so
 * numpy.loadtxt(path, delimiter=",", skiprows=1) reads it. */
char       *nnp_csv_format (const NnpDataset *ds);
/* Atomic: writes a temporary file, then renames. */
gboolean    nnp_csv_write  (const NnpDataset *ds, const char *path, GError **error);

G_END_DECLS
