/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nnp-window.h: the main window: canvas, hidden units, cost, controls, actions. */
#pragma once

#include <gtk/gtk.h>
#include "nnp-plot.h"
#include "nnp-live-trainer.h"
#include "nnp-point-set.h"
#include "nnp-document.h"

G_BEGIN_DECLS

#define NNP_TYPE_WINDOW (nnp_window_get_type ())
G_DECLARE_FINAL_TYPE (NnpWindow, nnp_window, NNP, WINDOW, GtkApplicationWindow)

/* use_settings = FALSE leaves GSettings alone (benchmark, tests). */
NnpWindow   *nnp_window_new          (GtkApplication *app, gboolean use_settings);
/* The document the window shows (owned by the window). */
NnpDocument *nnp_window_get_document (NnpWindow *self);

/* Opens a CSV of points or a session file (told apart by content). On
 * failure nothing changes and error says why. */
gboolean nnp_window_open_file     (NnpWindow *self, GFile *file, GError **error);
/* Like nnp_window_open_file, but shows a failure in a dialog. */
void     nnp_window_open_file_interactive (NnpWindow *self, GFile *file);
gboolean nnp_window_save_data     (NnpWindow *self, const char *path, GError **error);
gboolean nnp_window_save_session  (NnpWindow *self, const char *path, GError **error);
/* Save: the session to the document's file on a worker thread, or the
 * Save dialog when it has none (Ctrl+S). */
void     nnp_window_save          (NnpWindow *self);
/* Whether Save is writing the session on its worker thread. */
gboolean nnp_window_is_saving     (NnpWindow *self);

/* Trains for seconds, then prints "fps=... frame_ms_p95=... epochs_per_s=..."
 * on stdout and quits the application. */
void     nnp_window_run_benchmark (NnpWindow *self, double seconds, guint hidden);
/* Shows the side pane's view named name ("training", "network"); FALSE
 * when there is none. */
gboolean nnp_window_show_view    (NnpWindow *self, const char *name);

/* ---- For tests. ---- */
/* Waits for the trainer to apply every edit, then refreshes the window. */
void                 nnp_window_sync_now     (NnpWindow *self);
const NnpPlotState  *nnp_window_get_plot_state (NnpWindow *self);
const NnpLiveView   *nnp_window_get_view     (NnpWindow *self);
NnpPointSet         *nnp_window_get_points   (NnpWindow *self);
gboolean             nnp_window_get_banner_shown (NnpWindow *self);
gboolean             nnp_window_get_running  (NnpWindow *self);
/* The current epoch's numbers (one entry, or none without training
 * points) that the canvas subtitle is drawn from. */
const NnpHistory    *nnp_window_get_summary  (NnpWindow *self);
/* For tests: a small cap for the cost curve, so it is thinned soon
 * (nnp_live_trainer_set_history_cap; with NNPLAY_TEST_HOOKS set, the
 * environment variable NNPLAY_HISTORY_CAP does the same at startup). */
void                 nnp_window_set_history_cap (NnpWindow *self, size_t cap);
/* Where the save dialogs start: the folder of the last file opened or
 * saved, else Documents, else the home folder. Free with g_free. */
char                *nnp_window_save_folder  (NnpWindow *self);
/* A template child by id ("canvas", "hidden_spin", ...). */
GtkWidget           *nnp_window_get_child    (NnpWindow *self, const char *id);

G_END_DECLS
