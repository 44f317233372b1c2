/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nnp-help-overlay.h: readable key caps in the Keyboard Shortcuts window. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Words instead of the space bar's glyph and the mouse icons, in window's
 * help overlay (call after the window has one). */
void nnp_help_overlay_fix (GtkApplicationWindow *window);

G_END_DECLS
