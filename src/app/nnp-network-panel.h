/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nnp-network-panel.h: the network diagram page: weights and gradients on hover, typed weights on click, the gradient check. */
#pragma once

#include <gtk/gtk.h>
#include "nnp-document.h"

G_BEGIN_DECLS

#define NNP_TYPE_NETWORK_PANEL (nnp_network_panel_get_type ())
G_DECLARE_FINAL_TYPE (NnpNetworkPanel, nnp_network_panel, NNP, NETWORK_PANEL, GtkWidget)

/* The "document" property: the diagram shows its model, redrawn on its
 * "changed" while the panel is mapped (nothing is computed while hidden). */
void nnp_network_panel_set_document (NnpNetworkPanel *self, NnpDocument *document);

/* Where a part of the diagram is, in the diagram widget's coordinates
 * (for the tests); FALSE when it is not drawn. */
gboolean nnp_network_panel_anchor (NnpNetworkPanel *self, const NnpNetworkPart *part,
                                   double *x, double *y);
/* The part at (x, y) of the diagram widget; FALSE (kind NONE) for none. */
gboolean nnp_network_panel_hit (NnpNetworkPanel *self, double x, double y, NnpNetworkPart *part);
/* How the edges are coloured now: by the switch, or, while a step is
 * taken apart (the document's "phase"), by the phase: the gradients in
 * backpropagation, the weights otherwise. */
NnpNetworkColour nnp_network_panel_get_colour (NnpNetworkPanel *self);
/* The line saying what flows through the diagram in this phase; NULL
 * when no step is taken apart (for the tests). */
const char *nnp_network_panel_get_phase_text (NnpNetworkPanel *self);
/* The diagram widget (for the tests). */
GtkWidget *nnp_network_panel_get_diagram (NnpNetworkPanel *self);
/* The tooltip's text for a part, as hovering shows it (for the tests). */
char *nnp_network_panel_describe (NnpNetworkPanel *self, const NnpNetworkPart *part);

G_END_DECLS
