/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nnp-modelio.h: the nnplay-model JSON file (json-glib). */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>
#include "nnp-model.h"

G_BEGIN_DECLS

/* {"format": "nnplay-model", "version": 1, "inputs": d, "hidden": h,
 *  "activation": "sigmoid", "W1": [[d numbers] x h], "b1": [h numbers],
 *  "W2": [[h numbers]], "b2": [one number]}
 * Numbers are written with %.17g so they read back exactly. Loading checks
 * every key, shape and value (finite numbers) and reports what is wrong
 * with NNP_ERROR_INVALID / NNP_ERROR_PARSE, naming the file. */
JsonNode *nnp_model_to_json   (const NnpModel *m);
NnpModel *nnp_model_from_json (JsonNode *node, const char *name, GError **error);
char     *nnp_model_to_string (const NnpModel *m);
gboolean  nnp_model_save      (const NnpModel *m, const char *path, GError **error); /* atomic */
NnpModel *nnp_model_load      (const char *path, GError **error);

G_END_DECLS
