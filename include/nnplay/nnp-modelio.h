/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nnp-modelio.h: the nnplay-model JSON file. */
#pragma once

#include <glib.h>
#include "nnp-model.h"

G_BEGIN_DECLS

/* The largest model file nnplay reads (nnp_model_load). */
#define NNP_MODEL_MAX_BYTES ((gsize) 64 << 20)

/* {"format": "nnplay-model", "version": 1, "inputs": d, "hidden": h,
 *  "activation": "sigmoid", "W1": [[d numbers] x h], "b1": [h numbers],
 *  "W2": [[h numbers]], "b2": [one number]}
 * Numbers are written with %.17g so they read back exactly. Loading checks
 * the JSON strictly (no duplicate keys, integers within 64 bits, nesting at
 * most 64 deep) and every key, shape and value (finite numbers), and
 * reports what is wrong with NNP_ERROR_INVALID / NNP_ERROR_PARSE, naming
 * the file (NAME:LINE:COLUMN for syntax). Memory: the file's text plus the
 * weights. */
char     *nnp_model_to_string   (const NnpModel *m);
gboolean  nnp_model_save        (const NnpModel *m, const char *path, GError **error); /* atomic */
/* len -1: text is NUL-terminated; name (NULL: "<model>") starts messages. */
NnpModel *nnp_model_from_string (const char *text, gssize len, const char *name, GError **error);
NnpModel *nnp_model_load        (const char *path, GError **error);

G_END_DECLS
