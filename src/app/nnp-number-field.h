/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nnp-number-field.h: spin buttons that read locale numbers, refuse bad text visibly, ignore the passing mouse wheel and give the keys back on Enter or Escape. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Text that is not a decimal number (or "0,3" where the decimal point is
 * ".", or a fraction in a field of whole numbers) is refused: the field keeps its value and shows the "error" style until
 * the next valid entry. A comma is read as the decimal point in locales
 * that write one. Enter commits and Escape reverts; both then move the
 * focus to keys_to (the canvas), so Space and Right work again. */
void     nnp_number_field_setup (GtkSpinButton *spin, GtkWidget *keys_to);
/* The mouse wheel over widget (a spin button or a scale) scrolls the
 * panel it is in, unless widget has the keyboard focus (as in GNOME
 * Settings). */
void     nnp_wheel_guard        (GtkWidget *widget);
/* A slider (a GtkScale) dragged or clicked leaves the keys where they
 * were (Right still steps, not moves the slider); reached with Tab it
 * takes the arrow keys, and Escape gives them to keys_to. With the
 * wheel guard. */
void     nnp_slider_setup       (GtkWidget *scale, GtkWidget *keys_to);
/* The fields' "input" handler: the value read from the text, or the
 * field's own (and the "error" style) when refused. For a field that
 * reads words too, to call after its own. */
int      nnp_number_field_input (GtkSpinButton *spin, double *value);
/* For an own "input" handler: refuses the field's text, visibly (red,
 * a bell, the value kept; Enter leaves the text in the field to be
 * mended). Returns what "input" returns. */
int      nnp_number_field_refuse (GtkSpinButton *spin, double *value);
/* Parses text as the field would: TRUE and *value, or FALSE. */
gboolean nnp_number_field_parse (const char *text, double *value);

G_END_DECLS
