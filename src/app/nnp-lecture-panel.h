/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nnp-lecture-panel.h: the Lecture view: every matrix of one step for the shown rows, live, and one step taken apart. */
#pragma once

#include <gtk/gtk.h>
#include "nnp-document.h"

G_BEGIN_DECLS

#define NNP_TYPE_LECTURE_PANEL (nnp_lecture_panel_get_type ())
G_DECLARE_FINAL_TYPE (NnpLecturePanel, nnp_lecture_panel, NNP, LECTURE_PANEL, GtkWidget)

/* While running, the numbers are refreshed at most this often (a redraw
 * of the view takes ~13 ms of the main thread on the test machine). */
#define NNP_LECTURE_REFRESH_MS 400

/* The "document" property: the panel follows its snapshots (only while it
 * is shown), its "phase" and "selected-row"; a click on a row selects it. */
void nnp_lecture_panel_set_document (NnpLecturePanel *self, NnpDocument *document);

/* What the view shows, for the export dialog: computed first if the
 * document changed while the panel was hidden (or it was never shown), so
 * it is the document's present data, rows and alpha; valid until the next
 * "changed". */
const NnpLectureView *nnp_lecture_panel_get_view (NnpLecturePanel *self);

/* For tests: the lecture shown (NULL before the panel was first shown),
 * and how many times it was computed. */
const NnpLecture *nnp_lecture_panel_get_lecture (NnpLecturePanel *self);
guint             nnp_lecture_panel_get_computations (NnpLecturePanel *self);
/* The drawing area (for the hover and click tests' coordinates). */
GtkWidget        *nnp_lecture_panel_get_area (NnpLecturePanel *self);
/* The hovered cell, NNP_LM_NONE when none. */
NnpLectureMatrix  nnp_lecture_panel_get_hover (NnpLecturePanel *self, int *row, int *col);
/* The centre of cell (row, col) of matrix m in the area's coordinates. */
gboolean          nnp_lecture_panel_cell_position (NnpLecturePanel *self, NnpLectureMatrix m,
                                                   int row, int col, double *x, double *y);

G_END_DECLS
