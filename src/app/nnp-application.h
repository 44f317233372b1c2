/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nnp-application.h: the GtkApplication: command line, accelerators, About. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define NNP_TYPE_APPLICATION (nnp_application_get_type ())
G_DECLARE_FINAL_TYPE (NnpApplication, nnp_application, NNP, APPLICATION, GtkApplication)

/* non_unique: every run gets its own window and process (tests, benchmark). */
NnpApplication *nnp_application_new (gboolean non_unique);
/* Non-zero when a benchmark could not open its file. */
int             nnp_application_get_exit_status (NnpApplication *self);

G_END_DECLS
