/* SPDX-License-Identifier: GPL-3.0-or-later */
/* engine-message.c: prints the engine's message for a file it refuses, in the
 * user's language; check-cli-lang.py runs it for the session reader, which no
 * nnplay-cli subcommand reaches.
 *
 *   engine-message csv|model|session FILE   (NNPLAY_LOCALEDIR: the build's po/) */
#define G_LOG_DOMAIN "nnplay-test-i18n"
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include <nnplay/nnp-csv.h>
#include <nnplay/nnp-modelio.h>
#include <nnplay/nnp-session.h>

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  const char *localedir = g_getenv ("NNPLAY_LOCALEDIR");
  gboolean ok;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  if (argc != 3)
    {
      fprintf (stderr, "usage: %s csv|model|session FILE\n", argv[0]);
      return 2;
    }
  if (strcmp (argv[1], "csv") == 0)
    {
      NnpDataset *ds = nnp_csv_read (argv[2], 0, &error);
      ok = ds != NULL;
      nnp_dataset_free (ds);
    }
  else if (strcmp (argv[1], "model") == 0)
    {
      NnpModel *m = nnp_model_load (argv[2], &error);
      ok = m != NULL;
      nnp_model_free (m);
    }
  else
    {
      NnpSession *s = nnp_session_load (argv[2], &error);
      ok = s != NULL;
      nnp_session_free (s);
    }
  if (ok)
    {
      printf ("read\n");
      return 0;
    }
  printf ("%s\n", error->message);
  return 1;
}
