/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nnp-window-bench.c: the --benchmark run, and the accessors and hooks the tests use. */
#define G_LOG_DOMAIN "nnplay-window"
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "nnp-window-private.h"

/* For the end-to-end test: where the plot area is in the X window. */
void
nnp_window_print_geometry (NnpWindow *self)
{
  double ax, ay, aw, ah, sx, sy;
  graphene_point_t p;

  nnp_canvas_get_area (self->canvas, &ax, &ay, &aw, &ah);
  if (aw < 10 || !gtk_widget_compute_point (GTK_WIDGET (self->canvas), GTK_WIDGET (self),
                                            &GRAPHENE_POINT_INIT (ax, ay), &p))
    return;
  gtk_native_get_surface_transform (GTK_NATIVE (self), &sx, &sy);
  g_autofree char *line = g_strdup_printf ("plot-area %.0f %.0f %.0f %.0f", p.x + sx, p.y + sy, aw, ah);
  if (g_strcmp0 (line, self->geometry) != 0)
    {
      printf ("%s\n", line);
      fflush (stdout);
      g_free (self->geometry);
      self->geometry = g_steal_pointer (&line);
    }
}

void
nnp_window_print_points (NnpWindow *self)
{
  const NnpDataset *ds = nnp_point_set_data (self->points);
  size_t ones = 0;

  for (size_t i = 0; i < ds->n; i++)
    ones += ds->y[i] == 1.0;
  printf ("points %zu %zu\n", ds->n, ones);
  fflush (stdout);
}

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

  nnp_window_pull_snapshot (self);
  size_t epochs = self->view.epochs;
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
  nnp_window_set_running (self, FALSE);
  g_application_quit (G_APPLICATION (gtk_window_get_application (GTK_WINDOW (self))));
  return G_SOURCE_REMOVE;
}

static gboolean
benchmark_start (gpointer data)
{
  NnpWindow *self = data;

  nnp_live_trainer_flush (self->trainer);
  nnp_window_pull_snapshot (self);
  self->frame_log = g_array_new (FALSE, FALSE, sizeof (gint64));
  nnp_canvas_set_frame_log (self->canvas, self->frame_log);
  self->bench_t0 = g_get_monotonic_time ();
  self->bench_e0 = self->view.epochs;
  nnp_window_set_running (self, TRUE);
  g_timeout_add_full (G_PRIORITY_HIGH, (guint) (self->bench_seconds * 1000), benchmark_done,
                      g_object_ref (self), g_object_unref);
  return G_SOURCE_REMOVE;
}

void
nnp_window_run_benchmark (NnpWindow *self, double seconds)
{
  g_return_if_fail (NNP_IS_WINDOW (self));
  g_return_if_fail (seconds > 0);

  /* The figure the README quotes: 1,000 points, h = 8, full batch, sigmoid,
   * at Maximum speed (whatever the settings say). */
  self->syncing = TRUE;
  nnp_window_select_speed (self, NNP_SPEED_MAXIMUM);
  gtk_spin_button_set_value (self->hidden_spin, 8);
  gtk_spin_button_set_value (self->batch_spin, 0);
  gtk_drop_down_set_selected (self->activation_dropdown, NNP_ACT_SIGMOID);
  self->syncing = FALSE;
  nnp_live_trainer_set_hidden (self->trainer, 8);
  nnp_live_trainer_set_batch (self->trainer, 0);
  nnp_live_trainer_set_activation (self->trainer, NNP_ACT_SIGMOID);
  nnp_live_trainer_set_speed (self->trainer, NNP_SPEED_MAXIMUM);
  nnp_live_trainer_reset (self->trainer, nnp_window_current_seed (self));
  nnp_window_wake (self);
  self->bench_seconds = seconds;
  /* Let the window map and settle first. */
  g_timeout_add_full (G_PRIORITY_DEFAULT, 500, benchmark_start, g_object_ref (self), g_object_unref);
}

/* ---- Test accessors ---------------------------------------------------- */

void
nnp_window_sync_now (NnpWindow *self)
{
  g_return_if_fail (NNP_IS_WINDOW (self));
  nnp_live_trainer_flush (self->trainer);
  /* The trylock may lose to the publishing thread: retry briefly. */
  for (int i = 0; i < 1000 && nnp_live_trainer_generation (self->trainer) != self->view.generation; i++)
    if (!nnp_window_pull_snapshot (self))
      g_usleep (100);
  nnp_window_redraw_panels (self);
}

const NnpPlotState *
nnp_window_get_plot_state (NnpWindow *self)
{
  g_return_val_if_fail (NNP_IS_WINDOW (self), NULL);
  return &self->state;
}

const NnpLiveView *
nnp_window_get_view (NnpWindow *self)
{
  g_return_val_if_fail (NNP_IS_WINDOW (self), NULL);
  return &self->view;
}

const NnpHistory *
nnp_window_get_summary (NnpWindow *self)
{
  g_return_val_if_fail (NNP_IS_WINDOW (self), NULL);
  return self->summary;
}

void
nnp_window_set_history_cap (NnpWindow *self, size_t cap)
{
  g_return_if_fail (NNP_IS_WINDOW (self));
  g_return_if_fail (cap >= 2);
  nnp_live_trainer_set_history_cap (self->trainer, cap);
}

NnpPointSet *
nnp_window_get_points (NnpWindow *self)
{
  g_return_val_if_fail (NNP_IS_WINDOW (self), NULL);
  return self->points;
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
  return self->running;
}

GtkWidget *
nnp_window_get_child (NnpWindow *self, const char *id)
{
  g_return_val_if_fail (NNP_IS_WINDOW (self), NULL);
  return GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (self), NNP_TYPE_WINDOW, id));
}
