/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-network.c: milliseconds per drawing of the network diagram at the app's pane size, for h = 4, 8 and 64 (prints numbers; asserts nothing about time). */
#define G_LOG_DOMAIN "nnplay-bench"
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <glib.h>

#include "nnp-plot.h"

int
main (void)
{
  const size_t hs[] = { 4, 8, 64 };
  NnpDataset *ds = nnp_dataset_alloc (1000, 2);

  for (size_t i = 0; i < ds->n; i++)
    {
      ds->X[2 * i] = cos (i * 2.399) * (0.2 + i * 0.001);
      ds->X[2 * i + 1] = sin (i * 2.399) * (0.2 + i * 0.001);
      ds->y[i] = i % 2;
    }
  for (size_t a = 0; a < G_N_ELEMENTS (hs); a++)
    {
      NnpModel *m = nnp_model_alloc (2, hs[a], NNP_ACT_SIGMOID);
      NnpPlotState st;
      NnpPlotStyle style;
      double W = 330, H;
      int reps = 20;

      nnp_model_init_random (m, 1);
      nnp_plot_state_init (&st);
      st.model = m;
      st.train = ds;
      nnp_plot_state_fit_view (&st);
      nnp_plot_style_init (&style);
      style.font_size = 12;
      H = nnp_plot_network_natural_height (W, 700, hs[a], &style);
      cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) W, (int) H);
      gint64 t0 = g_get_monotonic_time ();
      for (int r = 0; r < reps; r++)
        {
          cairo_t *cr = cairo_create (s);
          nnp_plot_network (cr, W, H, &st, &style, NULL);
          cairo_destroy (cr);
        }
      printf ("h=%zu %gx%g: %.2f ms per drawing\n", hs[a], W, H,
              (double) (g_get_monotonic_time () - t0) / 1e3 / reps);
      /* as the app draws it: a 700-unit window of the scrolled figure */
      NnpNetworkOptions opt;
      nnp_network_options_init (&opt);
      opt.visible_top = 0;
      opt.visible_height = 700;
      t0 = g_get_monotonic_time ();
      for (int r = 0; r < reps; r++)
        {
          cairo_t *cr = cairo_create (s);
          nnp_plot_network (cr, W, H, &st, &style, &opt);
          cairo_destroy (cr);
        }
      printf ("h=%zu %gx%g, 700 shown: %.2f ms per drawing\n", hs[a], W, H,
              (double) (g_get_monotonic_time () - t0) / 1e3 / reps);
      cairo_surface_destroy (s);
      nnp_model_free (m);
    }
  nnp_dataset_free (ds);
  return 0;
}
