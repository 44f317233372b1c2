/* SPDX-License-Identifier: GPL-3.0-or-later */
/* peak-rss.h: how much memory a call took at its peak (Linux: VmHWM reset through clear_refs). */
#pragma once

#include <stdio.h>
#include <string.h>
#include <glib.h>

/* A /proc/self/status field in bytes, or 0. */
static inline gsize
proc_status_bytes (const char *field)
{
  g_autofree char *status = NULL;
  const char *at;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL)
      || (at = strstr (status, field)) == NULL)
    return 0;
  return (gsize) g_ascii_strtoull (at + strlen (field) + 1, NULL, 10) * 1024;
}

/* Resets the peak to the current RSS; FALSE when the kernel does not let us. */
static inline gboolean
peak_rss_reset (void)
{
  FILE *f = fopen ("/proc/self/clear_refs", "w");
  gboolean ok;

  if (f == NULL)
    return FALSE;
  ok = fputs ("5", f) >= 0;
  return fclose (f) == 0 && ok && proc_status_bytes ("VmHWM:") > 0;
}

/* Peak RSS since the last reset, above the RSS at that reset (before). */
static inline gsize
peak_rss_above (gsize before)
{
  gsize peak = proc_status_bytes ("VmHWM:");
  return peak > before ? peak - before : 0;
}
