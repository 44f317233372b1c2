/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nnp-test-hooks.c: what the end-to-end tests read from nnplay-test (never in the shipped nnplay): plot geometry, point counts, settings, a final summary. */
#define G_LOG_DOMAIN "nnplay-test"
#include "config.h"

#include <stdio.h>

#include "nnp-canvas.h"
#include "nnp-network-panel.h"
#include "nnp-hidden-space-panel.h"
#include "nnp-test-hooks.h"
#include "nnp-window.h"
#include "nnp-lecture-panel.h"

/* The Lecture view, while shown: "lecture-area X Y" (its drawing's top
 * left), "lecture-cell X Y" (the centre of Z[1]'s row 1, column 2),
 * "lecture-rows R,R,..." (1-based) and "lecture-hover M R C" (NnpLectureMatrix,
 * row, column; M = -1: none), each when it changes. */
static void
print_lecture (NnpWindow *win, double sx, double sy)
{
  GtkWidget *panel = nnp_window_get_child (win, "lecture_panel");
  GtkWidget *area;
  graphene_point_t p;
  double cx, cy;
  int r = 0, c = 0;

  if (panel == NULL || !gtk_widget_get_mapped (panel))
    return;
  area = nnp_lecture_panel_get_area (NNP_LECTURE_PANEL (panel));
  const NnpLecture *lec = nnp_lecture_panel_get_lecture (NNP_LECTURE_PANEL (panel));
  GString *s = g_string_new (NULL);
  if (gtk_widget_compute_point (area, GTK_WIDGET (win), &GRAPHENE_POINT_INIT (0, 0), &p))
    g_string_append_printf (s, "lecture-area %.0f %.0f\n", p.x + sx, p.y + sy);
  if (nnp_lecture_panel_cell_position (NNP_LECTURE_PANEL (panel), NNP_LM_Z1, 0, 1, &cx, &cy)
      && gtk_widget_compute_point (area, GTK_WIDGET (win), &GRAPHENE_POINT_INIT (cx, cy), &p))
    g_string_append_printf (s, "lecture-cell %.0f %.0f\n", p.x + sx, p.y + sy);
  if (lec != NULL)
    {
      g_string_append (s, "lecture-rows ");
      for (size_t k = 0; k < lec->r; k++)
        g_string_append_printf (s, "%s%zu", k ? "," : "", lec->rows[k] + 1);
      g_string_append_c (s, '\n');
    }
  NnpLectureMatrix m = nnp_lecture_panel_get_hover (NNP_LECTURE_PANEL (panel), &r, &c);
  g_string_append_printf (s, "lecture-hover %d %d %d\n", (int) m, m == NNP_LM_NONE ? 0 : r, m == NNP_LM_NONE ? 0 : c);
  if (g_strcmp0 (s->str, g_object_get_data (G_OBJECT (win), "nnp-lecture")) != 0)
    {
      fputs (s->str, stdout);
      fflush (stdout);
      g_object_set_data_full (G_OBJECT (win), "nnp-lecture", g_strdup (s->str), g_free);
    }
  g_string_free (s, TRUE);
}

/* "plot-area X Y W H" in X window coordinates, whenever it moves. */
static gboolean
print_geometry (GtkWidget *widget, GdkFrameClock *clock, gpointer data)
{
  NnpWindow *win = NNP_WINDOW (widget);
  NnpCanvas *canvas = NNP_CANVAS (nnp_window_get_child (win, "canvas"));
  double ax, ay, aw, ah, sx, sy;
  graphene_point_t p;
  char *last = g_object_get_data (G_OBJECT (win), "nnp-geometry");

  /* "recovery-offered" once, when a crashed run's work is offered back. */
  {
    GtkWidget *bar = nnp_window_get_child (win, "recovery_bar");
    if (bar != NULL && gtk_info_bar_get_revealed (GTK_INFO_BAR (bar))
        && g_object_get_data (G_OBJECT (win), "nnp-offered") == NULL)
      {
        GtkWidget *label = nnp_window_get_child (win, "recovery_label");
        printf ("recovery-offered\nrecovery-text %s\n",
                label != NULL ? gtk_label_get_text (GTK_LABEL (label)) : "");
        fflush (stdout);
        g_object_set_data (G_OBJECT (win), "nnp-offered", GINT_TO_POINTER (1));
      }
  }
  nnp_canvas_get_area (canvas, &ax, &ay, &aw, &ah);
  if (aw < 10 || !gtk_widget_compute_point (GTK_WIDGET (canvas), widget,
                                            &GRAPHENE_POINT_INIT (ax, ay), &p))
    return G_SOURCE_CONTINUE;
  gtk_native_get_surface_transform (GTK_NATIVE (win), &sx, &sy);
  print_lecture (win, sx, sy);
  g_autofree char *line = g_strdup_printf ("plot-area %.0f %.0f %.0f %.0f", p.x + sx, p.y + sy, aw, ah);
  /* And where the controls the tests drive are: "widget ID X Y W H". */
  {
    static const char *const ids[] = { "hidden_spin", "hidden_scale", "lr_spin", "lr_scale", "log_check",
                                       "points_spin", "noise_spin", "seed_spin", "batch_spin", "recovery_button",
                                       "side_switcher", "check_button", "hidden_space_area",
                                       "timeline", "cost_view", "continue_button", "pick_button",
                                       "menu_button", "activation_dropdown" };
    for (gsize i = 0; i < G_N_ELEMENTS (ids); i++)
      {
        GtkWidget *w = nnp_window_get_child (win, ids[i]);
        graphene_rect_t r;
        g_autofree char *part = NULL;
        if (w == NULL || !gtk_widget_get_mapped (w) || !gtk_widget_compute_bounds (w, widget, &r))
          continue;
        part = g_strdup_printf ("\nwidget %s %.0f %.0f %.0f %.0f", ids[i], r.origin.x + sx,
                                r.origin.y + sy, r.size.width, r.size.height);
        g_autofree char *head = g_steal_pointer (&line);
        line = g_strconcat (head, part, NULL);
      }
  }
  /* "widget view-NAME X Y W H": the side pane switcher's button of each view. */
  {
    GtkWidget *switcher = nnp_window_get_child (win, "side_switcher");
    GtkStack *stack = switcher != NULL ? gtk_stack_switcher_get_stack (GTK_STACK_SWITCHER (switcher)) : NULL;
    GtkSelectionModel *pages = stack != NULL ? gtk_stack_get_pages (stack) : NULL;
    GtkWidget *button = switcher != NULL ? gtk_widget_get_first_child (switcher) : NULL;
    for (guint i = 0; pages != NULL && button != NULL && i < g_list_model_get_n_items (G_LIST_MODEL (pages));
         i++, button = gtk_widget_get_next_sibling (button))
      {
        g_autoptr (GObject) page = g_list_model_get_item (G_LIST_MODEL (pages), i);
        graphene_rect_t r;
        if (!gtk_widget_get_mapped (button) || !gtk_widget_compute_bounds (button, widget, &r))
          continue;
        g_autofree char *part = g_strdup_printf ("\nwidget view-%s %.0f %.0f %.0f %.0f",
                                                 gtk_stack_page_get_name (GTK_STACK_PAGE (page)),
                                                 r.origin.x + sx, r.origin.y + sy, r.size.width, r.size.height);
        g_autofree char *head = g_steal_pointer (&line);
        line = g_strconcat (head, part, NULL);
      }
    g_clear_object (&pages);
  }
  /* "network-part NAME X Y" for the parts of the diagram the tests hover and click. */
  {
    GtkWidget *diagram = nnp_window_get_child (win, "diagram");
    GtkWidget *panel = diagram != NULL ? gtk_widget_get_ancestor (diagram, NNP_TYPE_NETWORK_PANEL) : NULL;
    static const struct { const char *name; NnpNetworkPart part; } parts[] = {
      { "w1-1-1", { NNP_NETWORK_W1, 0, 0 } }, { "b1-1", { NNP_NETWORK_HIDDEN, 0, 0 } },
      { "w2-2", { NNP_NETWORK_W2, 1, 0 } }, { "b2", { NNP_NETWORK_OUTPUT, 0, 0 } },
    };
    for (gsize i = 0; panel != NULL && gtk_widget_get_mapped (diagram) && i < G_N_ELEMENTS (parts); i++)
      {
        double x, y;
        graphene_point_t q;
        if (!nnp_network_panel_anchor (NNP_NETWORK_PANEL (panel), &parts[i].part, &x, &y)
            || !gtk_widget_compute_point (diagram, widget, &GRAPHENE_POINT_INIT (x, y), &q))
          continue;
        g_autofree char *part = g_strdup_printf ("\nnetwork-part %s %.0f %.0f", parts[i].name, q.x + sx, q.y + sy);
        g_autofree char *head = g_steal_pointer (&line);
        line = g_strconcat (head, part, NULL);
      }
  }
  /* "hidden-space YAW PITCH DRAWS": the cube's rotation and how often it was drawn. */
  {
    NnpHiddenSpacePanel *hs = NNP_HIDDEN_SPACE_PANEL (nnp_window_get_child (win, "hidden_space_panel"));
    const NnpHiddenSpaceOptions *o = nnp_document_get_hidden_space (nnp_window_get_document (win));
    g_autofree char *head = g_steal_pointer (&line);
    line = g_strdup_printf ("%s\nhidden-space %.4f %.4f %" G_GUINT64_FORMAT, head, o->yaw, o->pitch,
                            nnp_hidden_space_panel_get_draws (hs));
  }
  if (g_strcmp0 (line, last) != 0)
    {
      printf ("%s\n", line);
      fflush (stdout);
      g_object_set_data_full (G_OBJECT (win), "nnp-geometry", g_steal_pointer (&line), g_free);
    }
  return G_SOURCE_CONTINUE;
}

static void
count (NnpDocument *doc, size_t *n, size_t *ones)
{
  const NnpDataset *ds = nnp_point_set_data (nnp_document_get_points (doc));

  *n = ds->n;
  *ones = 0;
  for (size_t i = 0; i < ds->n; i++)
    *ones += ds->y[i] == 1.0;
}

/* "points N CLASS1" after every change of the points. */
static void
print_points (NnpDocument *doc, GParamSpec *pspec, gpointer data)
{
  size_t n, ones;

  count (doc, &n, &ones);
  printf ("points %zu %zu\n", n, ones);
  fflush (stdout);
}

/* "epoch N" whenever the epoch count changes. */
static void
print_epoch (NnpDocument *doc, gpointer data)
{
  size_t e = nnp_document_get_view (doc)->epochs;
  size_t *last = g_object_get_data (G_OBJECT (doc), "nnp-last-epoch");

  if (last == NULL)
    {
      last = g_new (size_t, 1);
      *last = (size_t) -1;
      g_object_set_data_full (G_OBJECT (doc), "nnp-last-epoch", last, g_free);
    }
  if (*last != e)
    {
      *last = e;
      printf ("epoch %zu\n", e);
      fflush (stdout);
    }
  /* "weights W1_11 B1_1" (the shown model's) whenever they change. */
  {
    const NnpModel *m = nnp_document_get_plot_state (doc)->model;
    g_autofree char *w = m != NULL ? g_strdup_printf ("weights %.6g %.6g", m->theta->block[0],
                                                      m->theta->block[m->theta->h * m->theta->d])
                                   : NULL;
    if (w != NULL && g_strcmp0 (w, g_object_get_data (G_OBJECT (doc), "nnp-last-weights")) != 0)
      {
        printf ("%s\n", w);
        fflush (stdout);
        g_object_set_data_full (G_OBJECT (doc), "nnp-last-weights", g_steal_pointer (&w), g_free);
      }
  }
  /* "view XMIN XMAX YMIN YMAX" whenever the plane shown changes. */
  {
    const NnpPlotState *st = nnp_document_get_plot_state (doc);
    g_autofree char *view = g_strdup_printf ("view %.6g %.6g %.6g %.6g", st->xmin, st->xmax,
                                             st->ymin, st->ymax);
    if (g_strcmp0 (view, g_object_get_data (G_OBJECT (doc), "nnp-last-view")) != 0)
      {
        printf ("%s\n", view);
        fflush (stdout);
        g_object_set_data_full (G_OBJECT (doc), "nnp-last-view", g_steal_pointer (&view), g_free);
      }
  }
}

/* "final points=N class1=N epochs=N" when the window goes. */
static void
print_final (GtkWidget *widget, gpointer data)
{
  NnpDocument *doc = nnp_window_get_document (NNP_WINDOW (widget));
  size_t n, ones;

  if (doc == NULL)
    return;
  nnp_document_sync (doc);
  count (doc, &n, &ones);
  printf ("final points=%zu class1=%zu epochs=%zu\n", n, ones, nnp_document_get_view (doc)->epochs);
  fflush (stdout);
}

/* "prop NAME VALUE" whenever a setting of the document changes. */
static void
print_prop (NnpDocument *doc, GParamSpec *pspec, gpointer data)
{
  GValue v = G_VALUE_INIT, str = G_VALUE_INIT;

  g_value_init (&v, pspec->value_type);
  g_value_init (&str, G_TYPE_STRING);
  g_object_get_property (G_OBJECT (doc), pspec->name, &v);
  if (g_value_transform (&v, &str))
    {
      printf ("prop %s %s\n", pspec->name, g_value_get_string (&str));
      fflush (stdout);
    }
  g_value_unset (&v);
  g_value_unset (&str);
}

/* "network-hover FIRST-LINE-OF-THE-TOOLTIP" when the tooltip asks for it. */
static gboolean
print_hover (GtkWidget *diagram, int x, int y, gboolean keyboard, GtkTooltip *tooltip, gpointer data)
{
  GtkWidget *panel = gtk_widget_get_ancestor (diagram, NNP_TYPE_NETWORK_PANEL);
  NnpNetworkPart part;
  g_autofree char *text = NULL;

  if (panel != NULL && nnp_network_panel_hit (NNP_NETWORK_PANEL (panel), x, y, &part)
      && (text = nnp_network_panel_describe (NNP_NETWORK_PANEL (panel), &part)) != NULL)
    {
      g_autofree char *plain = NULL;
      g_strdelimit (text, "\n", ' ');
      pango_parse_markup (text, -1, 0, NULL, &plain, NULL, NULL);
      printf ("network-hover %s\n", plain != NULL ? plain : text);
      fflush (stdout);
    }
  return FALSE;
}

/* "check-label TEXT" (on one line) whenever the gradient check's result changes. */
static void
print_check_label (GtkLabel *label, GParamSpec *pspec, gpointer data)
{
  g_autofree char *text = g_strdup (gtk_label_get_text (label));
  g_strdelimit (text, "\n", ' ');
  printf ("check-label %s\n", text);
  fflush (stdout);
}

/* "network-focus TEXT" (plain, on one line) when the line under the
 * diagram, about the part the arrow keys are on, changes or hides
 * ("network-focus -"). */
static void
print_focus_label (GtkLabel *label, GParamSpec *pspec, gpointer data)
{
  g_autofree char *text = g_strdup (gtk_widget_get_visible (GTK_WIDGET (label)) ? gtk_label_get_text (label) : "-");
  g_strdelimit (text, "\n", ' ');
  printf ("network-focus %s\n", text);
  fflush (stdout);
}

/* "focus-widget TYPE [BUILDABLE-ID]" when the keyboard focus moves. */
static void
print_focus_widget (GtkWindow *window, GParamSpec *pspec, gpointer data)
{
  GtkWidget *w = gtk_window_get_focus (window);
  printf ("focus-widget %s %s\n", w != NULL ? G_OBJECT_TYPE_NAME (w) : "none",
          w != NULL && gtk_buildable_get_buildable_id (GTK_BUILDABLE (w)) != NULL
          ? gtk_buildable_get_buildable_id (GTK_BUILDABLE (w)) : "-");
  fflush (stdout);
}

static void
on_window_added (GtkApplication *app, GtkWindow *window, gpointer data)
{
  NnpDocument *doc;
  const char *cap = g_getenv ("NNPLAY_HISTORY_CAP");

  if (!NNP_IS_WINDOW (window))
    return;
  doc = nnp_window_get_document (NNP_WINDOW (window));
  if (cap != NULL && g_ascii_strtoull (cap, NULL, 10) >= 2)
    nnp_document_set_history_cap (doc, (size_t) g_ascii_strtoull (cap, NULL, 10));
  gtk_widget_add_tick_callback (GTK_WIDGET (window), print_geometry, NULL, NULL);
  g_signal_connect (doc, "notify::n-shown", G_CALLBACK (print_points), NULL);
  g_signal_connect (doc, "changed", G_CALLBACK (print_epoch), NULL);
  {
    static const char *const watched[] = { "learning-rate", "hidden-units", "n-points", "noise",
                                           "test-fraction", "seed", "batch-size", "running",
                                           "shown-epoch", "n-pins", "phase", "selected-row", "picking",
                                           "title" };
    for (gsize i = 0; i < G_N_ELEMENTS (watched); i++)
      {
        g_autofree char *signal = g_strconcat ("notify::", watched[i], NULL);
        g_signal_connect (doc, signal, G_CALLBACK (print_prop), NULL);
      }
  }
  g_signal_connect (window, "unrealize", G_CALLBACK (print_final), NULL);
  g_signal_connect (window, "notify::focus-widget", G_CALLBACK (print_focus_widget), NULL);
  {
    GtkWidget *diagram = nnp_window_get_child (NNP_WINDOW (window), "diagram");
    /* before the panel's own handler, which ends the emission */
    GtkWidget *check = nnp_window_get_child (NNP_WINDOW (window), "check_label");
    if (diagram != NULL)
      g_signal_connect (diagram, "query-tooltip", G_CALLBACK (print_hover), NULL);
    if (check != NULL)
      g_signal_connect (check, "notify::label", G_CALLBACK (print_check_label), NULL);
    GtkWidget *focus = nnp_window_get_child (NNP_WINDOW (window), "focus_label");
    if (focus != NULL)
      {
        g_signal_connect (focus, "notify::label", G_CALLBACK (print_focus_label), NULL);
        g_signal_connect (focus, "notify::visible", G_CALLBACK (print_focus_label), NULL);
      }
  }
}

void
nnp_test_hooks_install (GtkApplication *app)
{
  g_signal_connect (app, "window-added", G_CALLBACK (on_window_added), NULL);
}
