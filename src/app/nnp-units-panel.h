/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nnp-units-panel.h: the hidden-units panel: one live thumbnail per unit of the document's network. */
#pragma once

#include <gtk/gtk.h>
#include "nnp-document.h"

G_BEGIN_DECLS

#define NNP_TYPE_UNITS_PANEL (nnp_units_panel_get_type ())
G_DECLARE_FINAL_TYPE (NnpUnitsPanel, nnp_units_panel, NNP, UNITS_PANEL, GtkWidget)

/* The "document" property: the panel follows its snapshots and its
 * "selected-unit" (clicking a thumbnail toggles it). */
void nnp_units_panel_set_document (NnpUnitsPanel *self, NnpDocument *document);

G_END_DECLS
