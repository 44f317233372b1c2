/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-dirlist.h: what a folder holds (to see a writer's debris) and whether it can hold unnamed files. Define _GNU_SOURCE first. */
#pragma once

#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <glib.h>

static inline int
cmp_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

/* The names in dir, hidden ones too, sorted and joined by spaces. */
static inline char *
listing (const char *dir)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  while ((name = g_dir_read_name (d)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, cmp_names);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (" ", (char **) names->pdata);
}

/* Whether dir's file system can make unnamed (O_TMPFILE) files (overlayfs
 * before Linux 6.6 cannot); NNP_IO_NO_TMPFILE says no, as nnp-io does. */
static inline gboolean
has_tmpfile (const char *dir)
{
  int fd = g_getenv ("NNP_IO_NO_TMPFILE") ? -1 : open (dir, O_TMPFILE | O_WRONLY, 0600);

  if (fd < 0)
    return FALSE;
  close (fd);
  return TRUE;
}
