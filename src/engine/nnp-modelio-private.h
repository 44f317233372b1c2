/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nnp-modelio-private.h: the nnplay-model object inside another JSON document (engine-private). */
#pragma once

#include "nnplay/nnp-model.h"
#include "nnp-json-private.h"

G_BEGIN_DECLS

/* The model object v of j, checked as nnp_model_load does; messages start "NAME: ". */
NnpModel *nnp_model_read_json  (const NnpJson *j, NnpJsonValue v, const char *name, GError **error);
/* The model as an object, at the writer's current place. */
void      nnp_model_write_json (NnpJsonWriter *w, const NnpModel *m);

G_END_DECLS
