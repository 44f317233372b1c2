/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-tmpdir.h: a scratch directory for the data tests, removed with its files. */
#pragma once

#include <glib.h>
#include <glib/gstdio.h>

static inline char *
make_tmpdir (const char *tmpl)
{
  g_autoptr (GError) error = NULL;
  char *dir = g_dir_make_tmp (tmpl, &error);

  g_assert_no_error (error);
  return dir;
}

static inline void
remove_tmpdir (const char *dir)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *p = g_build_filename (dir, name, NULL);
      g_remove (p);
    }
  g_rmdir (dir);
}
