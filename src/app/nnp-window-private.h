/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nnp-window-private.h: NnpWindow's instance struct and the functions its .c files share. */
#pragma once

#include <gtk/gtk.h>

#include "nnp-canvas.h"
#include "nnp-plot-view.h"
#include "nnp-window.h"

G_BEGIN_DECLS

#define LR_MIN 1e-4
#define LR_MAX 10.0           /* the slider's end */
/* The number field goes further, so a lecturer can show divergence; the
 * slider then sits at its end. */
#define LR_TYPED_MAX 1000.0
/* Training speed: the Speed drop-down's steps in epochs per second, and
 * the default, chosen so that two moons (200 points, h = 4, alpha = 0.5)
 * separates in about 15 to 30 s, in front of the class. 0 = Maximum. */
#define NNP_SPEED_DEFAULT 300.0
#define NNP_SPEED_MAXIMUM 0.0
/* While training, the main canvas redraws every frame, one hidden-unit
 * thumbnail per frame in turn, and the cost curve and readouts at most
 * this often (microseconds): the frame stays short and even. */
#define SLOW_PANEL_US 200000

struct _NnpWindow {
  GtkApplicationWindow parent_instance;

  /* Template children. */
  GtkButton *play_button;
  GtkInfoBar *banner;
  GtkLabel *banner_title;
  GtkLabel *banner_label;
  GtkButton *lower_lr_button;
  NnpCanvas *canvas;
  GtkFlowBox *units_flowbox;
  GtkCheckButton *log_check;
  NnpPlotView *cost_view;
  GtkLabel *epoch_label;
  GtkLabel *cost_label;
  GtkLabel *train_acc_label;
  GtkLabel *test_acc_label;
  GtkLabel *eps_label;
  GtkDropDown *generator_dropdown;
  GtkSpinButton *points_spin;
  GtkSpinButton *noise_spin;
  GtkSpinButton *test_fraction_spin;
  GtkScale *lr_scale;
  GtkSpinButton *lr_spin;
  GtkSpinButton *hidden_spin;
  GtkDropDown *activation_dropdown;
  GtkSpinButton *batch_spin;
  GtkSpinButton *seed_spin;
  GtkDropDown *speed_dropdown;
  GtkSwitch *unit_lines_switch;

  GSettings *settings;          /* NULL: not installed, or not wanted */
  NnpPointSet *points;
  NnpDataset *train, *test;     /* the split of points, drawn */
  NnpLiveTrainer *trainer;
  NnpLiveView view;
  NnpPlotState state;

  gboolean running;             /* what the Play button asked for */
  gboolean was_diverged;        /* as last seen */
  gboolean checkpoint_pending;  /* an edit gesture began; save undo on first change */
  gboolean syncing;             /* controls are being set from code */
  gboolean points_generated;    /* the points are the generator's, unedited */
  gboolean from_file;           /* the generator field says "From file" */
  NnpGenerator last_generator;  /* what Regenerate draws while it does */
  double generator_points;      /* the Points field's value while it shows a file's count */
  char *last_folder;            /* of the last file opened or saved; NULL: none yet */
  gboolean seed_explicit;       /* the user typed the seed: the next Reset uses it */
  gboolean slow_dirty;
  gint64 last_slow;
  guint n_thumbs;
  guint thumb_next;             /* the thumbnail to redraw next */
  guint thumbs_pending;         /* thumbnails still showing an older snapshot */

  guint tick_id;                /* the frame-clock callback, while anything can change */
  NnpHistory *summary;          /* one entry: the current epoch's numbers, for subtitles */
  gboolean test_hooks;          /* NNPLAY_TEST_HOOKS: print geometry and a summary */
  char *geometry;               /* as last printed */

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
/* The generator field's "From file" item comes after the generators. */
#define NNP_GENERATOR_FROM_FILE NNP_N_GENERATORS
NnpGenerator nnp_window_current_generator (NnpWindow *self);
/* The points shown came from a file (TRUE: the generator field says so,
 * with the file's point count) or from the generator. */
void         nnp_window_set_from_file     (NnpWindow *self, gboolean from_file);
void         nnp_window_remember_folder   (NnpWindow *self, const char *path);
/* "NAME — nnplay", or "nnplay" for NULL: the file the points are from. */
void         nnp_window_set_document      (NnpWindow *self, const char *name);
/* Records where the points came from with them (undo brings it back; see
 * nnp_point_set_set_origin) and shows it: title, generator field. */
void         nnp_window_set_origin        (NnpWindow *self, const char *document,
                                           gboolean from_file, gboolean generated);
/* The same origin under another document name (saved elsewhere). */
void         nnp_window_rename_document   (NnpWindow *self, const char *document);
uint64_t     nnp_window_current_seed      (NnpWindow *self);
double       nnp_window_current_lr        (NnpWindow *self);
/* Epochs per second of the Speed drop-down, 0 for Maximum. */
double       nnp_window_current_speed     (NnpWindow *self);
/* Selects the step nearest to epochs_per_s (0 or less: Maximum). */
void         nnp_window_select_speed      (NnpWindow *self, double epochs_per_s);
void         nnp_window_update_actions    (NnpWindow *self);
void         nnp_window_points_changed    (NnpWindow *self);
void         nnp_window_fit_view          (NnpWindow *self);
gboolean     nnp_window_pull_snapshot     (NnpWindow *self);
void         nnp_window_redraw_panels     (NnpWindow *self);
void         nnp_window_set_running       (NnpWindow *self, gboolean running);
/* After any edit sent to the trainer: follow the frame clock until the
 * trainer has settled and its last snapshot is shown. */
void         nnp_window_wake              (NnpWindow *self);

/* nnp-window-settings.c: GSettings, all optional (the schema may be missing). */
GSettings   *nnp_window_settings_new        (void);
void         nnp_window_settings_set_number (NnpWindow *self, const char *key, double value);
void         nnp_window_settings_set_string (NnpWindow *self, const char *key, const char *value);
void         nnp_window_load_settings       (NnpWindow *self);

/* nnp-window-files.c: open, save, sessions, drag and drop. */
void         nnp_window_open_dialog  (NnpWindow *self, NnpFileKind kind);
void         nnp_window_save_dialog  (NnpWindow *self, NnpFileKind kind);
void         nnp_window_setup_drop   (NnpWindow *self);

/* nnp-window-bench.c: the benchmark and the end-to-end test's hooks (NNPLAY_TEST_HOOKS). */
void         nnp_window_print_geometry (NnpWindow *self);
/* "points N CLASS1" after every change of the points. */
void         nnp_window_print_points   (NnpWindow *self);

G_END_DECLS
