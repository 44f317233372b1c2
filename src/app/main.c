/* SPDX-License-Identifier: GPL-3.0-or-later */
/* main.c: nnplay's entry point. */
#define G_LOG_DOMAIN "nnplay"
#include "config.h"

#include <locale.h>
#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <glib/gi18n.h>
#include <gsl/gsl_errno.h>

#include "nnp-application.h"
#ifdef NNP_TEST_HOOKS
#include "nnp-test-hooks.h"
#endif

int
main (int argc, char **argv)
{
  gboolean non_unique = g_getenv ("NNPLAY_NON_UNIQUE") != NULL;

  /* NNPLAY_LOCALEDIR: run uninstalled with the build's po/ (tests, dev.sh). */
  const char *localedir = g_getenv ("NNPLAY_LOCALEDIR");
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

#ifdef __GLIBC__
  /* Every frame while training allocates and frees a few full-size image
   * surfaces (the window's, the plane's layers: 4-8 MB each at full HD).
   * With glibc's adaptive defaults the heap's top was given back to the
   * kernel and faulted in again, zeroed, on the next frame: a sixth of the
   * frame time at 1920x1080. Keep up to 64 MB of freed heap, and serve
   * blocks up to 32 MB from the heap, not from fresh mappings. */
  mallopt (M_MMAP_THRESHOLD, 32 * 1024 * 1024);
  mallopt (M_TRIM_THRESHOLD, 64 * 1024 * 1024);
#endif

  /* GSL's default handler aborts; the engine reports errors as status codes. */
  gsl_set_error_handler_off ();

  /* A benchmark run measures its own window, never an existing instance's. */
  for (int i = 1; i < argc; i++)
    if (g_str_has_prefix (argv[i], "--benchmark"))
      non_unique = TRUE;

  g_autoptr (NnpApplication) app = nnp_application_new (non_unique);
#ifdef NNP_TEST_HOOKS
  nnp_test_hooks_install (GTK_APPLICATION (app));
#endif
  int status = g_application_run (G_APPLICATION (app), argc, argv);
  return status != 0 ? status : nnp_application_get_exit_status (app);
}
