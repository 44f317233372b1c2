/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nnp-export-dialog.h: the "Export Figure" dialog and copying a figure to the clipboard. */
#pragma once

#include <gtk/gtk.h>
#include "nnp-plot.h"
#include "nnp-replay.h"

G_BEGIN_DECLS

/* The template (ui/nnp-export-dialog.ui), under the app's GResource prefix. */
#define NNP_EXPORT_DIALOG_RESOURCE "/io/github/nnplay/Nnplay/nnp-export-dialog.ui"

#define NNP_TYPE_EXPORT_DIALOG (nnp_export_dialog_get_type ())
G_DECLARE_FINAL_TYPE (NnpExportDialog, nnp_export_dialog, NNP, EXPORT_DIALOG, GtkWindow)

/* A modal, transient-for-parent dialog. It deep-copies the state's model,
 * train/test points and history at construction (the live ones keep
 * changing while training), so the figure exported is the one shown when
 * the dialog opened. current preselects the plot. The dialog destroys
 * itself when closed or after a successful export; present it with
 * gtk_window_present(). */
GtkWidget *nnp_export_dialog_new (GtkWindow *parent, const NnpPlotState *state,
                                  NnpFigure current);

/* Writes the figure with the dialog's current choices (plot, size, scale,
 * theme, transparency) to path, atomically; the format follows path's
 * extension (.png, .svg, .pdf), or the format chosen in the dialog when the
 * extension is none of those. On failure the error is also shown in the
 * dialog. Used by the Export button after the file chooser, and by tests. */
gboolean nnp_export_dialog_export_to (NnpExportDialog *self, const char *path,
                                      GError **error);

/* The current epoch's numbers (copied; NULL: none): the boundary figure's
 * subtitle takes its accuracy from summary's last entry rather than from
 * the thinned cost curve's, which may be a few epochs older. The
 * all-in-one figure keeps the curve's (its cost panel needs the curve). */
void nnp_export_dialog_set_summary (NnpExportDialog *self, const NnpHistory *summary);

/* Programmatic choices, mirrored in the widgets (for tests and callers). */
void nnp_export_dialog_set_figure (NnpExportDialog *self, NnpFigure fig);
void nnp_export_dialog_set_format (NnpExportDialog *self, NnpFormat format);
/* Any width/height >= 1 (a preset when it matches one, else "Custom"). */
void nnp_export_dialog_set_size   (NnpExportDialog *self, int width, int height);
void nnp_export_dialog_set_scale  (NnpExportDialog *self, double scale);   /* PNG only, 0.25..8 */
/* light = TRUE: light slide theme; FALSE: as shown (dark when app is dark). */
void nnp_export_dialog_set_light  (NnpExportDialog *self, gboolean light);
void nnp_export_dialog_set_transparent (NnpExportDialog *self, gboolean transparent);

/* The choices as they stand, for the next dialog to start from. */
typedef struct {
  NnpFigure figure;
  NnpFormat format;
  gboolean light;
  gboolean transparent;
} NnpExportChoices;

void nnp_export_dialog_get_choices (NnpExportDialog *self, NnpExportChoices *out);
void nnp_export_dialog_set_choices (NnpExportDialog *self, const NnpExportChoices *choices);

/* The last error shown in the dialog's error banner, or NULL (for tests). */
const char *nnp_export_dialog_get_error_text (NnpExportDialog *self);

/* Renders fig at width x height (logical pixels; the image has the
 * widget's scale factor times as many) and puts it on the widget's
 * clipboard as a texture. Returns FALSE (nothing copied) when the image
 * would be too large for a Cairo image surface. */
gboolean nnp_export_copy_to_clipboard (GtkWidget *widget, NnpFigure fig, int width, int height,
                                       const NnpPlotState *state, const NnpPlotStyle *style);

/* The run the evolution and animation train again (taken; NULL: they are
 * not offered). */
void     nnp_export_dialog_set_replay (NnpExportDialog *self, NnpReplay *replay);
/* 0 this epoch, 1 evolution, 2 animation. */
void     nnp_export_dialog_set_series (NnpExportDialog *self, guint series);
/* TRUE while an evolution or animation is being trained again and written
 * (nnp_export_dialog_export_to only starts them). */
gboolean nnp_export_dialog_get_busy   (NnpExportDialog *self);

G_END_DECLS
