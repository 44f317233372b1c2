/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nnp-progress-panel.h: the cost curve and the readouts (epoch, J, accuracy, speed) of a document. */
#pragma once

#include <gtk/gtk.h>
#include "nnp-document.h"

G_BEGIN_DECLS

#define NNP_TYPE_PROGRESS_PANEL (nnp_progress_panel_get_type ())
G_DECLARE_FINAL_TYPE (NnpProgressPanel, nnp_progress_panel, NNP, PROGRESS_PANEL, GtkWidget)

/* The "document" property. */
void nnp_progress_panel_set_document (NnpProgressPanel *self, NnpDocument *document);

G_END_DECLS
