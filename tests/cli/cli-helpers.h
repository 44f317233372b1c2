/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli-helpers.h: running nnplay-cli from the CLI tests and reading what it wrote. */
#pragma once

#include <glib.h>
#include <gio/gio.h>

G_BEGIN_DECLS

/* Path of the nnplay-cli under test: argv[1] of the test program. */
void cli_helpers_init (int *argc, char ***argv);
const char *cli_exe (void);

typedef struct {
  int status;     /* exit code, or -1 when killed by a signal */
  char *out;      /* stdout */
  char *err;      /* stderr */
} CliRun;

void    cli_run_free (CliRun *r);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CliRun, cli_run_free)

/* Runs nnplay-cli with the NULL-terminated arguments, in directory dir.
 * The result is the caller's to free: dropping it is a compile error. */
CliRun *cli_run (const char *dir, const char *first, ...) G_GNUC_NULL_TERMINATED G_GNUC_WARN_UNUSED_RESULT;
CliRun *cli_runv (const char *dir, const char *const *args) G_GNUC_WARN_UNUSED_RESULT;
/* Like cli_run, and fails the test unless the exit code is `want`. */
CliRun *cli_expect (int want, const char *dir, const char *first, ...)
  G_GNUC_NULL_TERMINATED G_GNUC_WARN_UNUSED_RESULT;
/* cli_expect for a run whose output is not looked at. */
void    cli_check (int want, const char *dir, const char *first, ...) G_GNUC_NULL_TERMINATED;

/* Starts nnplay-cli in dir without waiting (stdout and stderr piped). */
GSubprocess *cli_spawn (const char *dir, const char *first, ...) G_GNUC_NULL_TERMINATED;

/* A fresh temporary directory, and its recursive removal. */
char   *cli_tmpdir (void);
void    cli_rmdir (const char *dir);

/* dir/name, and writing text there. */
char   *cli_file (const char *dir, const char *name);
void    cli_write (const char *dir, const char *name, const char *text);
gboolean cli_exists (const char *dir, const char *name);
/* The contents of dir/name (fails the test if it cannot be read); *len
 * gets the length when not NULL. */
char   *cli_read (const char *dir, const char *name, gsize *len);

/* A numeric CSV with one header row: *header gets it, rows have ncols values each. */
typedef struct {
  char *header;
  size_t nrows, ncols;
  double *v;      /* nrows x ncols, row-major */
} CliTable;

CliTable *cli_table_read (const char *dir, const char *name);
void      cli_table_free (CliTable *t);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CliTable, cli_table_free)
#define CLI_AT(t, r, c) ((t)->v[(r) * (t)->ncols + (c)])

/* A model file read with json-glib only (not the engine's reader). */
typedef struct {
  size_t d, h;
  char *activation;
  double *W1;     /* h x d */
  double *b1;     /* h */
  double *W2;     /* h */
  double b2;
} CliModel;

CliModel *cli_model_read (const char *dir, const char *name);
void      cli_model_free (CliModel *m);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CliModel, cli_model_free)
/* Largest |a - b| / max(1, |a|) over all parameters (shapes must match). */
double    cli_model_diff (const CliModel *a, const CliModel *b);

/* J and accuracy of a sigmoid/tanh/relu model on a CSV table (d features then label),
 * computed with plain loops, independently of the engine. */
void      cli_model_cost (const CliModel *m, const CliTable *data, double *cost, double *acc);

/* The decimal number after `key` in text (e.g. "max relative error: "). */
double    cli_number_after (const char *text, const char *key);

G_END_DECLS
