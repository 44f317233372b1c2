/* SPDX-License-Identifier: GPL-3.0-or-later */
/* window-wait.h: running the main loop in the window tests until something holds. */
#pragma once

#include "nnp-window.h"

/* Runs the main loop until cond(data) holds or timeout_ms passes. */
static inline gboolean
wait_until (gboolean (*cond) (gpointer), gpointer data, guint timeout_ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  while (!cond (data))
    {
      if (g_get_monotonic_time () > end)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (500);
    }
  return TRUE;
}

/* The window is mapped and its canvas laid out. */
static inline gboolean
is_drawn (gpointer data)
{
  GtkWidget *canvas = nnp_window_get_child (data, "canvas");
  return gtk_widget_get_mapped (data) && gtk_widget_get_width (canvas) > 100;
}
