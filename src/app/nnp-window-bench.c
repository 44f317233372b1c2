/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nnp-window-bench.c: the --benchmark run, and the accessors the tests use. */
#define G_LOG_DOMAIN "nnplay-window"
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "nnp-window-private.h"

static int
compare_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

static gboolean
benchmark_done (gpointer data)
{
  NnpWindow *self = data;
  GArray *log = self->frame_log;
  gint64 t1 = g_get_monotonic_time ();

  nnp_document_update (self->document);
  size_t epochs = nnp_document_get_view (self->document)->epochs;
  double secs = (double) (t1 - self->bench_t0) / 1e6;
  double fps = 0, p95 = 0;

  if (log->len >= 2)
    {
      gint64 first = g_array_index (log, gint64, 0), last = g_array_index (log, gint64, log->len - 1);
      g_autofree double *dt = g_new (double, log->len - 1);
      for (guint i = 1; i < log->len; i++)
        dt[i - 1] = (double) (g_array_index (log, gint64, i) - g_array_index (log, gint64, i - 1)) / 1e3;
      qsort (dt, log->len - 1, sizeof (double), compare_double);
      fps = (double) (log->len - 1) * 1e6 / (double) MAX (last - first, 1);
      p95 = dt[(size_t) floor (0.95 * (double) (log->len - 2))];
    }
  printf ("fps=%.1f frame_ms_p95=%.2f epochs_per_s=%.0f\n", fps, p95,
          secs > 0 ? (double) (epochs - self->bench_e0) / secs : 0.0);
  fflush (stdout);

  nnp_canvas_set_frame_log (self->canvas, NULL);
  g_clear_pointer (&self->frame_log, g_array_unref);
  nnp_document_set_running (self->document, FALSE);
  g_application_quit (G_APPLICATION (gtk_window_get_application (GTK_WINDOW (self))));
  return G_SOURCE_REMOVE;
}

static gboolean
benchmark_start (gpointer data)
{
  NnpWindow *self = data;

  nnp_document_sync (self->document);
  self->frame_log = g_array_new (FALSE, FALSE, sizeof (gint64));
  nnp_canvas_set_frame_log (self->canvas, self->frame_log);
  self->bench_t0 = g_get_monotonic_time ();
  self->bench_e0 = nnp_document_get_view (self->document)->epochs;
  nnp_document_set_running (self->document, TRUE);
  nnp_window_wake (self);
  g_timeout_add_full (G_PRIORITY_HIGH, (guint) (self->bench_seconds * 1000), benchmark_done,
                      g_object_ref (self), g_object_unref);
  return G_SOURCE_REMOVE;
}

void
nnp_window_run_benchmark (NnpWindow *self, double seconds, guint hidden)
{
  g_return_if_fail (NNP_IS_WINDOW (self));
  g_return_if_fail (seconds > 0);

  /* The figure the README quotes: 1,000 points, h = 8, full batch, sigmoid,
   * at Maximum speed (whatever the settings say). */
  nnp_document_prepare_benchmark (self->document, hidden);
  self->bench_seconds = seconds;
  /* NNPLAY_BENCHMARK_VIEW=hidden-space: the cost of a side pane view shown. */
  {
    const char *view = g_getenv ("NNPLAY_BENCHMARK_VIEW");
    if (view != NULL && gtk_stack_get_child_by_name (self->side_stack, view) != NULL)
      gtk_stack_set_visible_child_name (self->side_stack, view);
  }
  /* Let the window map and settle first. */
  g_timeout_add_full (G_PRIORITY_DEFAULT, 500, benchmark_start, g_object_ref (self), g_object_unref);
}

/* ---- Test accessors ---------------------------------------------------- */

void
nnp_window_sync_now (NnpWindow *self)
{
  g_return_if_fail (NNP_IS_WINDOW (self));
  nnp_document_sync (self->document);
}

const NnpPlotState *
nnp_window_get_plot_state (NnpWindow *self)
{
  g_return_val_if_fail (NNP_IS_WINDOW (self), NULL);
  return nnp_document_get_plot_state (self->document);
}

const NnpLiveView *
nnp_window_get_view (NnpWindow *self)
{
  g_return_val_if_fail (NNP_IS_WINDOW (self), NULL);
  return nnp_document_get_view (self->document);
}

const NnpHistory *
nnp_window_get_summary (NnpWindow *self)
{
  g_return_val_if_fail (NNP_IS_WINDOW (self), NULL);
  return nnp_document_get_summary (self->document);
}

void
nnp_window_set_history_cap (NnpWindow *self, size_t cap)
{
  g_return_if_fail (NNP_IS_WINDOW (self));
  nnp_document_set_history_cap (self->document, cap);
}

NnpPointSet *
nnp_window_get_points (NnpWindow *self)
{
  g_return_val_if_fail (NNP_IS_WINDOW (self), NULL);
  return nnp_document_get_points (self->document);
}

gboolean
nnp_window_get_banner_shown (NnpWindow *self)
{
  g_return_val_if_fail (NNP_IS_WINDOW (self), FALSE);
  return gtk_info_bar_get_revealed (self->banner);
}

gboolean
nnp_window_get_running (NnpWindow *self)
{
  g_return_val_if_fail (NNP_IS_WINDOW (self), FALSE);
  return nnp_document_get_running (self->document);
}

/* A template child of the window or of one of its panels, by id. */
GtkWidget *
nnp_window_get_child (NnpWindow *self, const char *id)
{
  GObject *child;

  g_return_val_if_fail (NNP_IS_WINDOW (self), NULL);
  if ((child = gtk_widget_get_template_child (GTK_WIDGET (self), NNP_TYPE_WINDOW, id)) == NULL
      && (child = gtk_widget_get_template_child (GTK_WIDGET (self->units_panel),
                                                 NNP_TYPE_UNITS_PANEL, id)) == NULL
      && (child = gtk_widget_get_template_child (GTK_WIDGET (self->progress_panel),
                                                 NNP_TYPE_PROGRESS_PANEL, id)) == NULL
      && (child = gtk_widget_get_template_child (GTK_WIDGET (self->network_panel),
                                                 NNP_TYPE_NETWORK_PANEL, id)) == NULL
      && (child = gtk_widget_get_template_child (GTK_WIDGET (self->hidden_space_panel),
                                                 NNP_TYPE_HIDDEN_SPACE_PANEL, id)) == NULL)
    child = gtk_widget_get_template_child (GTK_WIDGET (self->lecture_panel), NNP_TYPE_LECTURE_PANEL, id);
  return GTK_WIDGET (child);
}
