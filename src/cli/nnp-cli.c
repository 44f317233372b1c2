/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nnp-cli.c: nnplay-cli's entry point: top-level --help/--version and subcommand dispatch. */
#define G_LOG_DOMAIN "nnplay-cli"
#include "config.h"

#include <locale.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <gsl/gsl_errno.h>

#include "nnp-cli.h"
#include "nnp-bench.h"

typedef struct {
  const char *name;
  int (*run) (int argc, char **argv);
  const char *summary;
} Command;

static const Command commands[] = {
  { "generate",  nnp_cli_generate,  N_("write a generated data set to a CSV file") },
  { "train",     nnp_cli_train,     N_("train the network; save the model, history and figures") },
  { "plot",      nnp_cli_plot,      N_("draw a figure from a saved model, data and history") },
  { "gradcheck", nnp_cli_gradcheck, N_("compare backpropagation with finite differences") },
  { "bench",     nnp_cli_bench,     N_("measure training speed and memory") },
  { "lecture",   nnp_cli_lecture,   N_("print every matrix of the slides for one step") },
};

static void
print_help (FILE *fp)
{
  fputs (_("Usage: nnplay-cli COMMAND [OPTION...]\n"
           "\n"
           "Train the lecture's one-hidden-layer neural network on 2-D points\n"
           "(or any d inputs read from CSV) and draw its figures.\n"
           "\n"
           "Commands:\n"), fp);
  for (size_t i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (fp, "  %-10s %s\n", commands[i].name, _(commands[i].summary));
  fputs (_("\n"
           "Run 'nnplay-cli COMMAND --help' for the options of a command.\n"
           "\n"
           "Options:\n"
           "  -h, --help     show this help\n"
           "  --version      show the version\n"
           "\n"
           "Exit status:\n"
           "  0  done\n"
           "  1  usage error (bad or missing option)\n"
           "  2  bad input: a file cannot be read or written, or is malformed\n"
           "     (the message names file:line)\n"
           "  3  training diverged (try a smaller --lr)\n"
           "  4  gradcheck: relative error above --tolerance\n"
           "  130  interrupted by Ctrl+C; nothing was written\n"), fp);
}

/* What a command printed (a CSV with --out -, --json, a summary) reached
 * its destination: a full disk or a closed pipe is an error, not success
 * (`generate --out - > /dev/full` had exited 0). */
static int
finish_stdout (const char *cmd, int status)
{
  errno = 0;
  int flushed = fflush (stdout);
  int err = errno;
  if (flushed == 0 && !ferror (stdout))
    return status;
  /* errno says why only when the flush failed; an earlier write's error
   * left only the stream's flag */
  fprintf (stderr, _("nnplay-cli %s: cannot write to standard output: %s\n"), cmd,
           flushed != 0 && err != 0 ? g_strerror (err) : g_strerror (EIO));
  return status == NNP_EXIT_OK ? NNP_EXIT_INPUT : status;
}

/* No option takes an empty value: `--out ""` had gone on to a file with
 * no name (a crash in generate, and train's work lost at its end). An
 * empty argument is the value of the option before it when that option
 * has no "=VALUE" of its own; "--opt=" is one unless it is the value of
 * the option before it. */
static int
check_empty_values (const char *cmd, int argc, char **argv)
{
  for (int i = 2; i < argc; i++)
    {
      const char *prev = argv[i - 1];
      const gboolean prev_wants_value = i > 2 && prev[0] == '-' && prev[1] == '-' && prev[2] != '\0'
                                        && strchr (prev, '=') == NULL;
      const char *eq = argv[i][0] == '-' && argv[i][1] == '-' ? strchr (argv[i], '=') : NULL;
      if (argv[i][0] == '\0' && prev_wants_value)
        {
          fprintf (stderr, _("nnplay-cli %s: %s has an empty value; nothing was done\n"), cmd, prev);
          return NNP_EXIT_USAGE;
        }
      if (argv[i][0] == '\0')
        {
          fprintf (stderr, _("nnplay-cli %s: an empty argument is not an option or a value; nothing was "
                             "done\n"), cmd);
          return NNP_EXIT_USAGE;
        }
      if (eq != NULL && eq[1] == '\0' && !prev_wants_value)
        {
          g_autofree char *opt = g_strndup (argv[i], eq - argv[i]);
          fprintf (stderr, _("nnplay-cli %s: %s has an empty value; nothing was done\n"), cmd, opt);
          return NNP_EXIT_USAGE;
        }
    }
  return NNP_EXIT_OK;
}

/* GOption prints a command's --help and calls exit (0) itself: the
 * check of standard output runs at exit too, for the command running. */
static const char *exit_cmd;

static void
finish_stdout_at_exit (void)
{
  if (exit_cmd == NULL)
    return;
  int status = finish_stdout (exit_cmd, NNP_EXIT_OK);
  if (status != NNP_EXIT_OK)
    _exit (status);
}

int
main (int argc, char **argv)
{
  /* Messages in the user's language and charset, numbers always with a '.'. */
  setlocale (LC_ALL, "");
  setlocale (LC_NUMERIC, "C");
  /* NNPLAY_LOCALEDIR: run uninstalled with the build's po/ (tests, dev.sh). */
  const char *localedir = g_getenv ("NNPLAY_LOCALEDIR");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  gsl_set_error_handler_off ();

  if (argc < 2)
    {
      print_help (stderr);
      return NNP_EXIT_USAGE;
    }

  const char *cmd = argv[1];
  if (strcmp (cmd, "-h") == 0 || strcmp (cmd, "--help") == 0 || strcmp (cmd, "help") == 0)
    {
      print_help (stdout);
      return finish_stdout ("help", NNP_EXIT_OK);
    }
  if (strcmp (cmd, "--version") == 0 || strcmp (cmd, "-V") == 0)
    {
      printf ("nnplay-cli %s\n", PACKAGE_VERSION);
      return finish_stdout ("--version", NNP_EXIT_OK);
    }

  for (size_t i = 0; i < G_N_ELEMENTS (commands); i++)
    if (strcmp (cmd, commands[i].name) == 0)
      {
        int status = check_empty_values (cmd, argc, argv);
        if (status != NNP_EXIT_OK)
          return status;
        /* GOption's --help prints "Usage: nnplay-cli train [OPTION...]". */
        g_autofree char *prgname = g_strdup_printf ("nnplay-cli %s", cmd);
        g_set_prgname (prgname);
        exit_cmd = cmd;
        atexit (finish_stdout_at_exit);
        status = commands[i].run (argc - 1, argv + 1);
        exit_cmd = NULL;
        return finish_stdout (cmd, status);
      }

  if (cmd[0] == '-')
    fprintf (stderr, _("nnplay-cli: unknown option '%s' (a command comes first)\n"), cmd);
  else
    fprintf (stderr, _("nnplay-cli: unknown command '%s'\n"), cmd);
  fputs (_("Try 'nnplay-cli --help' for the list of commands.\n"), stderr);
  return NNP_EXIT_USAGE;
}
