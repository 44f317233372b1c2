/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nnp-hidden-space-panel.h: the hidden-space page: the points at their rows of A[1], following the document's model. */
#pragma once

#include <gtk/gtk.h>
#include "nnp-document.h"

G_BEGIN_DECLS

#define NNP_TYPE_HIDDEN_SPACE_PANEL (nnp_hidden_space_panel_get_type ())
G_DECLARE_FINAL_TYPE (NnpHiddenSpacePanel, nnp_hidden_space_panel, NNP, HIDDEN_SPACE_PANEL, GtkWidget)

/* The "document" property: the panel draws its plot state's model (the
 * scrubbed one when scrubbing) and keeps its options in the document. */
void nnp_hidden_space_panel_set_document (NnpHiddenSpacePanel *self, NnpDocument *document);
/* Turns the 3-D view by (dyaw, dpitch) radians, as a drag or the arrow keys do. */
void nnp_hidden_space_panel_rotate (NnpHiddenSpacePanel *self, double dyaw, double dpitch);
/* How many times it drew (for tests and the benchmark). */
guint64 nnp_hidden_space_panel_get_draws (NnpHiddenSpacePanel *self);

G_END_DECLS
