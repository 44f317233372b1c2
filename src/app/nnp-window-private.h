/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nnp-window-private.h: NnpWindow's instance struct and the functions its .c files share. */
#pragma once

#include <gtk/gtk.h>

#include "nnp-canvas.h"
#include "nnp-document.h"
#include "nnp-export-dialog.h"
#include "nnp-network-panel.h"
#include "nnp-hidden-space-panel.h"
#include "nnp-lecture-panel.h"
#include "nnp-progress-panel.h"
#include "nnp-units-panel.h"
#include "nnp-window.h"

G_BEGIN_DECLS

struct _NnpWindow {
  GtkApplicationWindow parent_instance;

  /* Template children. */
  GtkButton *play_button;
  GtkInfoBar *banner;
  GtkLabel *banner_title;
  GtkLabel *banner_label;
  GtkButton *lower_lr_button;
  NnpCanvas *canvas;
  NnpUnitsPanel *units_panel;
  NnpProgressPanel *progress_panel;
  NnpNetworkPanel *network_panel;
  NnpHiddenSpacePanel *hidden_space_panel;
  GtkLabel *origin_label;
  NnpExportChoices export_choices;   /* the last export dialog's, for the next */
  gboolean have_export_choices;
  GtkRevealer *toast_revealer;
  GtkLabel *toast_label;
  guint toast_timeout;
  guint refocus_source;         /* focus_plane_if_lost, pending */
  GtkInfoBar *recovery_bar;
  GtkLabel *recovery_label;
  GtkButton *recovery_button;
  GtkDropDown *generator_dropdown;
  GtkSpinButton *points_spin;
  GtkSpinButton *noise_spin;
  GtkSpinButton *test_fraction_spin;
  GtkScale *lr_scale;
  GtkScale *hidden_scale;
  GtkSpinButton *lr_spin;
  GtkSpinButton *hidden_spin;
  GtkDropDown *activation_dropdown;
  GtkSpinButton *batch_spin;
  GtkSpinButton *seed_spin;
  guint64 seed_at_enter;            /* the seed as Enter was pressed in seed_spin */
  GtkDropDown *speed_dropdown;
  GtkSwitch *unit_lines_switch;
  GtkSwitch *standardize_switch;
  GtkButton *standardize_button;
  GtkPaned *outer_paned;
  GtkPaned *inner_paned;
  GtkWidget *controls_pane;
  GtkWidget *side_panels;
  GtkStackSwitcher *side_switcher;
  GtkStack *side_stack;
  GtkLabel *past_label;          /* says the views show a past epoch */         /* Training, and the views added beside it */
  NnpLecturePanel *lecture_panel;
  GtkWidget *header_bar;
  GtkWidget *legend_bar;
  GtkMenuButton *menu_button;

  /* Layout (nnp-window-view.c). */
  gboolean show_controls, show_panels, presentation;
  gboolean saved_controls, saved_panels;   /* before presentation mode */
  gboolean narrow;                         /* below NARROW_WIDTH when last looked */
  gboolean controls_yielded;               /* hidden for the side pane in a narrow window */
  gboolean saved_yielded;                  /* before presentation mode */
  double custom_speed;                     /* the speed field's item after the steps */

  NnpDocument *document;
  GSettings *settings;          /* NULL: not installed, or not wanted */
  char *last_folder;            /* of the last file opened or saved; NULL: none yet */
  guint tick_id;                /* the frame-clock callback, while the document changes */
  gboolean close_confirmed;     /* the user chose to close with unsaved changes */
  char *saving_path;            /* where the save under way writes; NULL: none is */
  char *save_next;              /* a Save asked for meanwhile: its path, done next */
  GFile *open_after_save;       /* a session to open once the work is saved */
  gboolean open_answered;       /* ... after its question was answered Save */
  char *recovery_path;          /* this window's recovery file; NULL: none kept */
  char *recovery_offer;         /* a crashed run's recovery file, offered back */
  gboolean restore_after_save;  /* Restore was answered Save: it restores once saved */
  guint recovery_timeout;
  GThread *recovery_writer;     /* writing the recovery file (owns its copies) */
  gint recovery_written;        /* atomic: the writer has finished */

  GArray *frame_log;            /* benchmark */
  double bench_seconds;
  gint64 bench_t0;
  size_t bench_e0;
};

typedef enum {
  NNP_FILE_DATA,
  NNP_FILE_SESSION,
} NnpFileKind;

/* nnp-window.c */
/* The generator field's items after the generators. */
#define NNP_SOURCE_FILE (NNP_N_GENERATORS)
#define NNP_SOURCE_HAND (NNP_N_GENERATORS + 1)
void     nnp_window_wake            (NnpWindow *self);
void     nnp_window_remember_folder (NnpWindow *self, const char *path);
/* The app's settings, or NULL when the schema is not installed. */
GSettings *nnp_window_settings_new  (void);

/* nnp-window-controls.c: the controls bound to the document. */
void     nnp_window_class_add_controls (GtkWidgetClass *widget_class);
void     nnp_window_fill_dropdowns     (NnpWindow *self);
void     nnp_window_bind_controls      (NnpWindow *self);

/* nnp-window-actions.c: the win.* actions and the keys. */
void     nnp_window_class_add_actions (GtkWidgetClass *widget_class);
void     nnp_window_setup_keys        (NnpWindow *self);
void     nnp_window_bind_actions      (NnpWindow *self);
void     nnp_window_activate_focus    (GtkWindow *window);
/* A short notice over the plane for a couple of seconds. */
void     nnp_window_toast             (NnpWindow *self, const char *text);

/* nnp-window-view.c: panes, F9/F8 side panes, F11 presentation mode. */
void     nnp_window_view_class_init (GtkWidgetClass *widget_class);
void     nnp_window_view_init       (NnpWindow *self);
/* After the settings are known: pane widths, the narrow-window layout. */
void     nnp_window_view_restore    (NnpWindow *self);

/* nnp-window-files.c: the Save / Discard / Cancel question (named
 * "nnp-close-dialog" for the tests), shown, its answer to on_response
 * (GtkDialog *, int response, NnpWindow *). */
enum { NNP_RESPONSE_SAVE = 1, NNP_RESPONSE_DISCARD = 2 };
GtkWidget *nnp_window_ask_save (NnpWindow *self, const char *primary, const char *secondary,
                                GCallback on_response);

/* nnp-window-recovery.c: the recovery file (only for windows that use settings). */
void     nnp_window_recovery_class_init (GtkWidgetClass *widget_class);
void     nnp_window_recovery_start      (NnpWindow *self);
/* The window closes on purpose: its recovery file goes. */
void     nnp_window_recovery_join       (NnpWindow *self);
/* A save asked for by the question before Restore has ended: restores
 * when it saved, else offers the work again. */
void     nnp_window_recovery_after_save (NnpWindow *self, gboolean saved);
void     nnp_window_recovery_stop       (NnpWindow *self);

/* nnp-window-files.c: file dialogs, drag and drop, closing with unsaved changes. */
void     nnp_window_open_dialog   (NnpWindow *self, NnpFileKind kind);
void     nnp_window_save_dialog   (NnpWindow *self, NnpFileKind kind);
void     nnp_window_setup_drop    (NnpWindow *self);
/* TRUE when the window may close now; else asks Save / Discard / Cancel
 * and closes itself after Save or Discard. */
gboolean nnp_window_confirm_close (NnpWindow *self);

G_END_DECLS
