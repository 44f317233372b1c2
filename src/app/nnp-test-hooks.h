/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nnp-test-hooks.h: stdout lines for the end-to-end tests, in the test-only build nnplay-test. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Every window the application adds prints "plot-area X Y W H" when its
 * plot moves, "points N CLASS1" when its points change and "final
 * points=N class1=N epochs=N" when it goes; NNPLAY_HISTORY_CAP=N caps
 * its cost curve. */
void nnp_test_hooks_install (GtkApplication *app);

G_END_DECLS
