/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nnp-cli.h: the subcommands of nnplay-cli and the helpers they share. */
#pragma once

#include <glib.h>
#include <glib/gi18n.h>
#include <nnplay/nnp-csv.h>
#include <nnplay/nnp-dataset.h>
#include <nnplay/nnp-model.h>
#include <nnplay/nnp-session.h>
#include <nnplay/nnp-train.h>
#include "nnp-plot.h"

G_BEGIN_DECLS

/* Process exit codes, the same for every subcommand. */
typedef enum {
  NNP_EXIT_OK = 0,
  NNP_EXIT_USAGE = 1,        /* bad or missing option */
  NNP_EXIT_INPUT = 2,        /* a file cannot be read/written or is malformed */
  NNP_EXIT_DIVERGED = 3,     /* training diverged */
  NNP_EXIT_CHECK = 4,        /* gradcheck: error above the tolerance */
  NNP_EXIT_INTERRUPTED = 130, /* Ctrl+C (SIGINT): nothing was written */
} NnpExit;

/* Defaults shown in --help and used when an option is left out. */
#define NNP_CLI_DEFAULT_HIDDEN   4
#define NNP_CLI_DEFAULT_LR       0.5   /* as the app and `lecture` (train had 1.0) */
#define NNP_CLI_DEFAULT_EPOCHS   1000
#define NNP_CLI_DEFAULT_POINTS   200
#define NNP_CLI_DEFAULT_NOISE    0.1
/* points stay finite: --noise 1.7e308 had given inf and -inf in the CSV */
#define NNP_CLI_MAX_NOISE        1000
#define NNP_CLI_DEFAULT_SEED     1
#define NNP_CLI_DEFAULT_WIDTH    1920
#define NNP_CLI_DEFAULT_HEIGHT   1080
#define NNP_CLI_MAX_HIDDEN       100000
/* Parameters h (d + 2) + 1 of a model train takes: 2^24 is 128 MB a copy
 * (the trainer keeps a few). 2 rows of 300,000 columns with --hidden 2500
 * had taken 18 GB. */
#define NNP_CLI_MAX_PARAMS       (1 << 24)
/* A saved model's file holds at most 26 bytes a parameter ("-1.2345678901234567e-123, "),
 * and nnplay reads model files of up to 64 MiB: 2.5M parameters fit. */
#define NNP_CLI_MAX_SAVED_PARAMS 2500000
/* Inputs d train takes: the kernel's tile holds 256 rows of d doubles,
 * 128 MB at 2^16 (at 300,000 columns it was 614 MB). */
#define NNP_CLI_MAX_INPUTS       (1 << 16)
#define NNP_CLI_HIDDEN_UNSET     G_MININT   /* --hidden not given */
/* The cost history keeps every epoch, 4 doubles each: 10 million epochs
 * are 320 MB (--epochs 2^31 had grown to 5 GB in 30 s, bound for 64). */
#define NNP_CLI_MAX_EPOCHS       10000000
/* Figures of a model: the plane's figures evaluate the network at every
 * pixel, width x height x (h + 1) unit evaluations, about 10 s at 1e10 on
 * one AVX2 core (1920x1080 at h = 4096: 8.5 s); the network diagram draws
 * (d + 1)(h + 1) edges (h = 4096, d = 2: 3.4 s); the lecture's matrices
 * have h and d columns. A 2 MB model file of h = 100,000 had drawn for
 * minutes, `lecture` on h = 2,000,000 printed 1 GB in 4.5 GB of memory. */
#define NNP_CLI_MAX_FIGURE_WORK  1e10
#define NNP_CLI_MAX_FIGURE_EDGES 16384
#define NNP_CLI_MAX_LECTURE_SIZE 4096
/* gradcheck evaluates J 4 times per parameter: refuse runs whose
 * parameters x points x hidden units exceed this (about a minute). */
#define NNP_CLI_MAX_GRADCHECK_WORK NNP_GRADCHECK_MAX_WORK
/* bench --seconds: each of its measurements takes about this long. */
#define NNP_CLI_MAX_BENCH_SECONDS 600
#define NNP_CLI_MAX_BENCH_ROUNDS 50
/* Bytes kept of the vector code numpy says it ran ("AVX-512") */
#define NNP_CLI_ISA_NAME 16
#define NNP_CLI_MAX_POINTS       NNP_CSV_MAX_ROWS
/* A history file of ~10 million epochs; a larger one is refused unread. */
#define NNP_CLI_HISTORY_MAX_BYTES ((gsize) 1 << 30)

/* One --seed S drives every random choice, each from its own stream, so
 * `generate --seed S` + `train --data` equals `train --dataset --seed S`. */
#define NNP_CLI_SEED_DATA(s)   (s)
#define NNP_CLI_SEED_SPLIT(s)  ((s) + 1)
#define NNP_CLI_SEED_INIT(s)   ((s) + 2)
#define NNP_CLI_SEED_BATCH(s)  ((s) + 3)

int nnp_cli_generate  (int argc, char **argv);
int nnp_cli_train     (int argc, char **argv);
int nnp_cli_plot      (int argc, char **argv);
int nnp_cli_gradcheck (int argc, char **argv);
int nnp_cli_lecture   (int argc, char **argv);

/* From nnp_cli_catch_interrupt () on, Ctrl+C (SIGINT) only sets a flag that
 * long loops poll with nnp_cli_interrupted (); _release restores the default
 * (the process dies; an output being written leaves no temporary file). */
void     nnp_cli_catch_interrupt   (void);
void     nnp_cli_release_interrupt (void);
gboolean nnp_cli_interrupted       (void);

/* Prints "nnplay-cli CMD: MESSAGE" and the --help hint; returns NNP_EXIT_USAGE. */
int nnp_cli_usage (const char *cmd, const char *format, ...) G_GNUC_PRINTF (2, 3);
/* Prints "nnplay-cli CMD: error->message"; returns NNP_EXIT_INPUT. */
int nnp_cli_input_error (const char *cmd, const GError *error);

/* --model PATH: a model file or an app session. *model gets the network
 * as a function of the points as they are (a session's folded back from
 * z-scores); *session the session, or NULL for a model file. A session
 * without weights yet is an input error. NNP_EXIT_OK, or an exit status
 * with the message printed. */
int nnp_cli_model_load (const char *cmd, const char *path, NnpModel **model, NnpSession **session,
                        double *z_mean, double *z_sd);
/* --lr's text: a finite number > 0 into *lr, or a usage error. */
int nnp_cli_parse_lr (const char *cmd, const char *text, double *lr);
/* A whole number typed for option, as an int (usage error otherwise).
 * Int options are read as text so that none of their values can be
 * taken for "not given". */
int nnp_cli_parse_int (const char *cmd, const char *option, const char *text, int *out);
/* A session's points as the app split them: *train (not empty when
 * need_train, an input error otherwise) and *test (NULL without test
 * points). */
int nnp_cli_session_split (const char *cmd, const char *path, const NnpSession *s, gboolean need_train,
                           NnpDataset **train, NnpDataset **test);
/* An output file can be written where it is asked for, before any work:
 * not a folder, in a folder that exists and is writable (a long training
 * run had ended in "cannot write"). NNP_EXIT_OK, or NNP_EXIT_INPUT with
 * "nnplay-cli CMD: OPTION PATH: why; nothing was done". NULL is fine. */
int nnp_cli_check_output (const char *cmd, const char *option, const char *path);
/* Refuses (NNP_EXIT_USAGE, before anything is read or written) an output that is
 * the same file as an input or as another output: the same inode, or,
 * for files not yet there, the same place. NULL, "-" and devices pass. */
int nnp_cli_check_not_same (const char *cmd, const char *out_option, const char *out,
                            const char *other_option, const char *other);

/* Parses argv (argv[0] is the subcommand) with ctx; refuses leftover
 * arguments. Returns NNP_EXIT_OK or NNP_EXIT_USAGE (message printed). */
int nnp_cli_parse (GOptionContext *ctx, const char *cmd, int argc, char **argv);

/* Number parsing for option strings; FALSE on anything but a full match. */
gboolean nnp_cli_parse_seed (const char *text, guint64 *out);
gboolean nnp_cli_parse_size (const char *text, int *width, int *height);

/* Shortest of %.15g..%.17g that reads back exactly, always with a '.'. */
void nnp_cli_format_double (char buf[G_ASCII_DTOSTR_BUF_SIZE], double v);

/* Where the points come from: exactly one of a CSV file or a generator. */
typedef struct {
  char *data_path;
  char *dataset;
  int points;
  double noise;
  char *seed_text;
  guint64 seed;             /* parsed from seed_text by _check */
  NnpGenerator gen;
} NnpCliData;

void     nnp_cli_data_init  (NnpCliData *d);
void     nnp_cli_data_clear (NnpCliData *d);
/* Option entries bound to d (NULL-terminated, free with g_free). With
 * with_data FALSE only --seed is offered. */
GOptionEntry *nnp_cli_data_entries (NnpCliData *d, gboolean with_data);
/* Validates the options; required: one source must be given. */
int      nnp_cli_data_check (NnpCliData *d, const char *cmd, gboolean required);
/* Reads or generates the points (NULL when no source and not required). */
int      nnp_cli_data_load  (const NnpCliData *d, const char *cmd, NnpDataset **out);
/* The name used in messages: the file name or "--dataset NAME". */
char    *nnp_cli_data_describe (const NnpCliData *d);

/* Splits ds into train and test with nnp_split_mask; *test is NULL when
 * the split is empty. Returns FALSE when no training rows would remain. */
gboolean nnp_cli_split (const NnpDataset *ds, double fraction, guint64 seed,
                        NnpDataset **train, NnpDataset **test);

typedef enum {
  NNP_CLI_SERIES_NONE = 0,
  NNP_CLI_SERIES_EVOLUTION,   /* small multiples of the boundary at chosen epochs */
  NNP_CLI_SERIES_ANIMATION,   /* one PDF page or PNG file per frame */
} NnpCliSeries;

/* --figure, --out, --size, --transparent, --log-cost. */
typedef struct {
  char *figure;
  char *out;
  char *size;
  gboolean transparent;
  gboolean log_cost;
  gboolean wanted;          /* set by _check: a figure is to be written */
  NnpFigure fig;
  NnpFormat format;
  int width, height;
  /* --units I,J, --pca, --warped-grid: how the hidden-space figure looks */
  char *units;
  gboolean pca;
  gboolean warped_grid;
  NnpHiddenSpaceOptions hidden_space;
  /* train only: --figure evolution / animation (set allow_series first) */
  gboolean allow_series;
  NnpCliSeries series;
  const NnpLectureView *lecture_view;   /* the lecture figures' rows and alpha; NULL: defaults */
  /* From an app session (--model SESSION): its curve's stride, its epoch,
   * and the z-scores it trained on, for the axis titles */
  size_t history_stride, epoch;
  gboolean standardized;
  double z_mean[2], z_sd[2];
  /* and, with its curve, the changes marked on it and its pinned runs, as
   * the app's cost figure draws them (borrowed) */
  const NnpPlotMarker *markers;
  size_t n_markers;
  const NnpPlotPin *pins;
  size_t n_pins;
} NnpCliFigure;

void     nnp_cli_figure_init  (NnpCliFigure *f);
void     nnp_cli_figure_clear (NnpCliFigure *f);
GOptionEntry *nnp_cli_figure_entries (NnpCliFigure *f);
/* out_required: plot always writes a figure; train only when asked. */
int      nnp_cli_figure_check (NnpCliFigure *f, const char *cmd, gboolean out_required);
/* Once the model is known: --units names units it has, for a figure
 * that shows them (NNP_EXIT_USAGE otherwise). */
int      nnp_cli_figure_check_model (const NnpCliFigure *f, const char *cmd, const NnpModel *m);
/* The lecture's matrices of model m: at most NNP_CLI_MAX_LECTURE_SIZE
 * hidden units and inputs (NNP_EXIT_USAGE, message printed, otherwise). */
int      nnp_cli_check_lecture_size (const char *cmd, const NnpModel *m);
/* The step taken apart for the lecture figures: model on train's rows
 * (rows_text: "1,7,240", NULL for the first 8) with learning rate lr, into
 * *lec and view. NNP_EXIT_OK, or an exit status with the message printed. */
int      nnp_cli_lecture_view (const char *cmd, NnpLectureView *view, NnpLecture **lec,
                               const NnpModel *model, const NnpDataset *train,
                               const char *rows_text, double lr);
/* Whether the figure needs the input plane, i.e. d = 2. */
gboolean nnp_cli_figure_needs_plane (const NnpCliFigure *f);
gboolean nnp_cli_figure_write (const NnpCliFigure *f, const NnpModel *model,
                               const NnpDataset *train, const NnpDataset *test,
                               const NnpHistory *history, GError **error);

/* The evolution or animation figure of frames (epoch, model), drawn as
 * nnp_cli_figure_write draws one model. */
gboolean nnp_cli_figure_write_series (const NnpCliFigure *f, const NnpPlotFrame *frames, size_t n_frames,
                                      const NnpDataset *train, const NnpDataset *test,
                                      const NnpHistory *history, GError **error);

/* History CSV: "epoch,train_cost,train_accuracy[,test_cost,test_accuracy]"
 * then one row per epoch t = 0..len-1. Written atomically. */
char       *nnp_cli_history_format (const NnpHistory *h);
gboolean    nnp_cli_history_write  (const NnpHistory *h, const char *path, GError **error);
NnpHistory *nnp_cli_history_read   (const char *path, GError **error);

G_END_DECLS
