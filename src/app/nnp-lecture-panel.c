/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nnp-lecture-panel.c: the Lecture view: the document's numbers for the shown rows, refreshed while shown, hover and row selection. */
#define G_LOG_DOMAIN "nnplay-lecture"
#include "config.h"

#include <glib/gi18n.h>

#include "nnp-canvas.h"
#include "nnp-lecture-panel.h"

#define FONT_SIZE 11.0
/* Drawn and hit-tested at its own height (the area is as tall as the
 * figure), never scaled down to the area's allocation of the moment. */
#define UNLIMITED 1e7

struct _NnpLecturePanel {
  GtkWidget parent_instance;

  GtkButton *phase_button;
  GtkToggleButton *pick_button;
  GtkLabel *status_label;
  GtkScrolledWindow *scroller;
  GtkDrawingArea *area;

  NnpDocument *document;
  GSignalGroup *signals;
  NnpLecture *lecture;
  NnpLectureView view;
  NnpLectureLayout *layout;     /* for hit tests at layout_width */
  int layout_width;
  gboolean stale;               /* the document changed while the panel was hidden */
  gint64 last_compute;          /* monotonic us */
  guint refresh_id;             /* a deferred refresh while running */
  guint height_id;              /* the height for a new width, after the allocation */
  guint computations;
};

G_DEFINE_FINAL_TYPE (NnpLecturePanel, nnp_lecture_panel, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_DOCUMENT, N_PROPS };
static GParamSpec *props[N_PROPS];

static void
panel_style (NnpLecturePanel *self, NnpPlotStyle *style)
{
  nnp_plot_style_for_widget (GTK_WIDGET (self), style);
  style->font_size = FONT_SIZE * nnp_widget_text_scale (GTK_WIDGET (self));
}

static void
panel_state (NnpLecturePanel *self, NnpPlotState *state)
{
  nnp_plot_state_init (state);
  state->lecture_view = &self->view;
}

static void
drop_layout (NnpLecturePanel *self)
{
  g_clear_pointer (&self->layout, nnp_lecture_layout_free);
}

/* The area is as tall as the figure at its width; it scrolls. */
static void
update_height (NnpLecturePanel *self)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self->area));
  NnpPlotState state;
  NnpPlotStyle style;

  if (width <= 0 || self->lecture == NULL)
    return;
  panel_state (self, &state);
  panel_style (self, &style);
  int h = (int) ceil (nnp_plot_lecture_height (NNP_FIGURE_LECTURE, width, &state, &style));
  if (h != gtk_drawing_area_get_content_height (self->area))
    gtk_drawing_area_set_content_height (self->area, h);
}

static void
update_status (NnpLecturePanel *self)
{
  static const char *const phases[] = {
    N_("Shift+Right takes one step apart: forward, cost, backward, update."),
    N_("Forward propagation: <i>Z</i><sup>[1]</sup>, <i>A</i><sup>[1]</sup>, <i>Z</i><sup>[2]</sup>, <i>A</i><sup>[2]</sup>."),
    N_("The cost <i>J</i> over all <i>n</i> points."),
    N_("Backpropagation: the gradients d<i>Z</i><sup>[2]</sup> … d<i>W</i><sup>[1]</sup>."),
    N_("The update <i>θ</i><sup>(<i>t</i>+1)</sup> = <i>θ</i><sup>(<i>t</i>)</sup> − <i>α</i> ∇<i>J</i>: one epoch taken."),
  };
  NnpPhase phase = self->document != NULL ? nnp_document_get_phase (self->document) : NNP_PHASE_NONE;
  g_autofree char *rows = NULL;

  if (self->lecture != NULL)
    rows = g_strdup_printf (ngettext ("%zu of %zu training point shown; Alt+click a point on the plane (or click it with Pick on) to add it.",
                                      "%zu of %zu training points shown; Alt+click a point on the plane (or click it with Pick on) to add it.",
                                      self->lecture->n),
                            self->lecture->r, self->lecture->n);
  /* The view shows the lecture's full-batch step on the points as drawn;
   * say so when the trainer's epoch is another one. */
  const char *caveat = NULL;
  guint batch = 0;
  gboolean standardize = FALSE;
  if (self->document != NULL)
    g_object_get (self->document, "batch-size", &batch, "standardize", &standardize, NULL);
  if (batch > 0)
    caveat = _("Mini-batches: training takes other steps than the full-batch one shown.");
  else if (standardize)
    caveat = _("Standardised: training steps on z-scores; the step shown is on the points as drawn.");
  /* the phase in markup (the slide's superscripts), the rest as text */
  g_autofree char *rows_m = rows != NULL ? g_markup_escape_text (rows, -1) : NULL;
  g_autofree char *caveat_m = caveat != NULL ? g_markup_escape_text (caveat, -1) : NULL;
  g_autofree char *text = g_strdup_printf ("%s%s%s%s%s", _(phases[phase]), rows_m ? " " : "", rows_m ? rows_m : "",
                                           caveat_m ? " " : "", caveat_m ? caveat_m : "");
  gtk_label_set_markup (self->status_label, text);
}

/* The shown rows: the first ones and the selected one. */
static size_t
choose_rows (NnpLecturePanel *self, size_t n, size_t *rows)
{
  size_t r = MIN (n, NNP_LECTURE_DEFAULT_ROWS);
  int sel = self->document != NULL ? nnp_document_get_selected_row (self->document) : -1;

  for (size_t k = 0; k < r; k++)
    rows[k] = k;
  if (sel >= 0 && (size_t) sel < n && (size_t) sel >= r)
    rows[r++] = (size_t) sel;
  return r;
}

static void
compute (NnpLecturePanel *self)
{
  const NnpPlotState *st = nnp_document_get_plot_state (self->document);
  const NnpModel *model = nnp_document_get_phase_model (self->document);
  size_t rows[NNP_LECTURE_DEFAULT_ROWS + 1];

  if (model == NULL)
    model = st->model;
  self->stale = FALSE;
  self->last_compute = g_get_monotonic_time ();
  g_clear_pointer (&self->lecture, nnp_lecture_free);
  if (model != NULL && st->train != NULL && st->train->n > 0 && model->theta->d == st->train->d)
    {
      size_t r = choose_rows (self, st->train->n, rows);
      self->lecture = nnp_lecture_new (model, st->train, rows, r,
                                       nnp_document_get_learning_rate (self->document));
      self->computations++;
    }
  self->view.lecture = self->lecture;
  self->view.step = (NnpLectureStep) nnp_document_get_phase (self->document);
  self->view.selected_row = nnp_document_get_selected_row (self->document);
  if (self->lecture == NULL)
    self->view.hover_matrix = NNP_LM_NONE;
  drop_layout (self);
  update_height (self);
  update_status (self);
  gtk_widget_queue_draw (GTK_WIDGET (self->area));
}

static gboolean
on_refresh_timeout (gpointer data)
{
  NnpLecturePanel *self = data;

  self->refresh_id = 0;
  if (self->document != NULL && gtk_widget_get_mapped (GTK_WIDGET (self)))
    compute (self);
  return G_SOURCE_REMOVE;
}

/* Hidden: nothing computed. Running: at most every NNP_LECTURE_REFRESH_MS.
 * Paused: every snapshot. */
static void
refresh (NnpLecturePanel *self)
{
  if (self->document == NULL)
    return;
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      self->stale = TRUE;
      return;
    }
  if (nnp_document_get_running (self->document))
    {
      gint64 wait = self->last_compute + NNP_LECTURE_REFRESH_MS * 1000 - g_get_monotonic_time ();
      if (wait > 0)
        {
          if (self->refresh_id == 0)
            self->refresh_id = g_timeout_add ((guint) (wait / 1000) + 1, on_refresh_timeout, self);
          return;
        }
    }
  compute (self);
}

static void
on_document_changed (NnpDocument *document, NnpLecturePanel *self)
{
  /* the update phase shows theta(t)'s step although the epoch is taken */
  refresh (self);
}

static const NnpLectureLayout *layout (NnpLecturePanel *self);

/* Shift+Right: the highlighted phase comes into view (its section's top,
 * or as much of it as the page holds). */
static void
scroll_to_phase (NnpLecturePanel *self)
{
  const NnpLectureLayout *lay = layout (self);
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (self->scroller);
  double top, bottom, value = gtk_adjustment_get_value (adj), page = gtk_adjustment_get_page_size (adj);
  GtkWidget *content = gtk_scrolled_window_get_child (self->scroller);
  graphene_point_t p;

  /* The section in the scrolled content's coordinates: the area's place
   * in the viewport's child, which scrolling does not move. (Measured
   * against the viewport itself, it was the allocation's, one scroll
   * late when two steps came before a frame: the second step then
   * scrolled from a wrong place, to the top.) */
  if (GTK_IS_VIEWPORT (content) && gtk_viewport_get_child (GTK_VIEWPORT (content)) != NULL)
    content = gtk_viewport_get_child (GTK_VIEWPORT (content));
  if (lay == NULL || self->document == NULL
      || !nnp_lecture_layout_section (lay, (NnpLectureStep) nnp_document_get_phase (self->document), &top, &bottom)
      || !gtk_widget_compute_point (GTK_WIDGET (self->area), content, &GRAPHENE_POINT_INIT (0, 0), &p))
    return;
  top += p.y, bottom += p.y;
  if (top >= value && bottom <= value + page)
    return;
  gtk_adjustment_set_value (adj, bottom - top > page ? top : MIN (top, bottom - page));
}

static void
on_phase_or_row (NnpDocument *document, GParamSpec *pspec, NnpLecturePanel *self)
{
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      compute (self);
      if (g_strcmp0 (g_param_spec_get_name (pspec), "phase") == 0)
        scroll_to_phase (self);
    }
  else
    self->stale = TRUE;
}

/* Pick: the button and the document's picking say the same; picking ends
 * with the Lecture view (elsewhere a click adds points, as it says). */
static void
on_pick_toggled (GtkToggleButton *button, NnpLecturePanel *self)
{
  if (self->document != NULL)
    nnp_document_set_picking (self->document, gtk_toggle_button_get_active (button));
}

static void
on_picking (NnpDocument *document, GParamSpec *pspec, NnpLecturePanel *self)
{
  if (gtk_toggle_button_get_active (self->pick_button) != nnp_document_get_picking (document))
    gtk_toggle_button_set_active (self->pick_button, nnp_document_get_picking (document));
}

static void
on_unmap (GtkWidget *widget, NnpLecturePanel *self)
{
  if (self->document != NULL)
    nnp_document_set_picking (self->document, FALSE);
}

static void
on_map (GtkWidget *widget, NnpLecturePanel *self)
{
  if (self->document != NULL && (self->stale || self->lecture == NULL))
    compute (self);
}

static void
draw_area (GtkDrawingArea *area, cairo_t *cr, int width, int height, gpointer data)
{
  NnpLecturePanel *self = data;
  NnpPlotState state;
  NnpPlotStyle style;

  if (self->lecture == NULL)
    return;
  panel_state (self, &state);
  panel_style (self, &style);
  nnp_plot_lecture (cr, NNP_FIGURE_LECTURE, width, UNLIMITED, &state, &style);
}

static gboolean
on_height_idle (gpointer data)
{
  NnpLecturePanel *self = data;

  self->height_id = 0;
  update_height (self);
  return G_SOURCE_REMOVE;
}

/* A new width gives the figure a new height. GTK drops a resize queued
 * during the allocation that emitted "resize", so the height is set just
 * after it: set here, the area kept the page's height whenever only the
 * width had changed (switching to this view, say), and the lower part of
 * the step could not be scrolled to. */
static void
on_area_resize (GtkDrawingArea *area, int width, int height, NnpLecturePanel *self)
{
  drop_layout (self);
  if (self->height_id == 0)
    self->height_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, on_height_idle, self, NULL);
}

static const NnpLectureLayout *
layout (NnpLecturePanel *self)
{
  int w = gtk_widget_get_width (GTK_WIDGET (self->area));
  NnpPlotState state;
  NnpPlotStyle style;

  if (self->lecture == NULL || w <= 0)
    return NULL;
  if (self->layout == NULL || self->layout_width != w)
    {
      drop_layout (self);
      panel_state (self, &state);
      panel_style (self, &style);
      self->layout = nnp_lecture_layout_new (NNP_FIGURE_LECTURE, w, UNLIMITED, &state, &style);
      self->layout_width = w;
    }
  return self->layout;
}

static void
set_hover (NnpLecturePanel *self, NnpLectureMatrix m, int row, int col)
{
  if (self->view.hover_matrix == m && (m == NNP_LM_NONE || (self->view.hover_row == row && self->view.hover_col == col)))
    return;
  self->view.hover_matrix = m;
  self->view.hover_row = row;
  self->view.hover_col = col;
  gtk_widget_queue_draw (GTK_WIDGET (self->area));
}

static void
on_motion (GtkEventControllerMotion *motion, double x, double y, NnpLecturePanel *self)
{
  const NnpLectureLayout *lay = layout (self);
  NnpLectureMatrix m = NNP_LM_NONE;
  int row = 0, col = 0;

  if (lay == NULL || !nnp_lecture_layout_hit (lay, x, y, &m, &row, &col))
    m = NNP_LM_NONE;
  set_hover (self, m, row, col);
}

static void
on_leave (GtkEventControllerMotion *motion, NnpLecturePanel *self)
{
  set_hover (self, NNP_LM_NONE, 0, 0);
}

/* A click on a row of X, Z[1], ... selects that point (again: none). */
static void
on_click (GtkGestureClick *click, int n_press, double x, double y, NnpLecturePanel *self)
{
  const NnpLectureLayout *lay = layout (self);
  NnpLectureMatrix m;
  int row, col;

  /* focused, Shift+Right steps phases here (on the plane it moves its cursor) */
  gtk_widget_grab_focus (GTK_WIDGET (self->area));
  if (lay == NULL || self->document == NULL || !nnp_lecture_layout_hit (lay, x, y, &m, &row, &col)
      || !nnp_lecture_matrix_per_row (m))
    return;
  int data_row = (int) self->lecture->rows[row];
  nnp_document_set_selected_row (self->document,
                                 nnp_document_get_selected_row (self->document) == data_row ? -1 : data_row);
}

void
nnp_lecture_panel_set_document (NnpLecturePanel *self, NnpDocument *document)
{
  g_return_if_fail (NNP_IS_LECTURE_PANEL (self));
  if (!g_set_object (&self->document, document))
    return;
  g_signal_group_set_target (self->signals, document);
  g_clear_pointer (&self->lecture, nnp_lecture_free);
  self->view.lecture = NULL;
  drop_layout (self);
  if (document != NULL)
    refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_DOCUMENT]);
}

/* For an export: a panel that was hidden while the document changed (or
 * never shown) computes nothing until it is shown, so it computes now,
 * and the slide gets the document's data, rows and alpha, not the ones
 * of the last time the page was shown; likewise a refresh held back. */
const NnpLectureView *
nnp_lecture_panel_get_view (NnpLecturePanel *self)
{
  g_return_val_if_fail (NNP_IS_LECTURE_PANEL (self), NULL);
  /* shown while training, a refresh may be held back (up to
   * NNP_LECTURE_REFRESH_MS): taken now */
  if (self->document != NULL && (self->stale || self->lecture == NULL || self->refresh_id != 0))
    {
      g_clear_handle_id (&self->refresh_id, g_source_remove);
      compute (self);
    }
  return &self->view;
}

const NnpLecture *
nnp_lecture_panel_get_lecture (NnpLecturePanel *self)
{
  g_return_val_if_fail (NNP_IS_LECTURE_PANEL (self), NULL);
  return self->lecture;
}

guint
nnp_lecture_panel_get_computations (NnpLecturePanel *self)
{
  g_return_val_if_fail (NNP_IS_LECTURE_PANEL (self), 0);
  return self->computations;
}

GtkWidget *
nnp_lecture_panel_get_area (NnpLecturePanel *self)
{
  g_return_val_if_fail (NNP_IS_LECTURE_PANEL (self), NULL);
  return GTK_WIDGET (self->area);
}

NnpLectureMatrix
nnp_lecture_panel_get_hover (NnpLecturePanel *self, int *row, int *col)
{
  g_return_val_if_fail (NNP_IS_LECTURE_PANEL (self), NNP_LM_NONE);
  if (row)
    *row = self->view.hover_row;
  if (col)
    *col = self->view.hover_col;
  return self->view.hover_matrix;
}

gboolean
nnp_lecture_panel_cell_position (NnpLecturePanel *self, NnpLectureMatrix m, int row, int col,
                                 double *x, double *y)
{
  double cx, cy, cw, ch;
  g_return_val_if_fail (NNP_IS_LECTURE_PANEL (self), FALSE);
  const NnpLectureLayout *lay = layout (self);
  if (lay == NULL || !nnp_lecture_layout_cell (lay, m, row, col, &cx, &cy, &cw, &ch))
    return FALSE;
  *x = cx + cw / 2;
  *y = cy + ch / 2;
  return TRUE;
}

static void
nnp_lecture_panel_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  if (prop_id == PROP_DOCUMENT)
    g_value_set_object (value, NNP_LECTURE_PANEL (object)->document);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
nnp_lecture_panel_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  if (prop_id == PROP_DOCUMENT)
    nnp_lecture_panel_set_document (NNP_LECTURE_PANEL (object), g_value_get_object (value));
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
nnp_lecture_panel_dispose (GObject *object)
{
  NnpLecturePanel *self = NNP_LECTURE_PANEL (object);

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  g_clear_handle_id (&self->height_id, g_source_remove);
  if (self->signals != NULL)
    g_signal_group_set_target (self->signals, NULL);
  g_clear_object (&self->signals);
  g_clear_object (&self->document);
  drop_layout (self);
  g_clear_pointer (&self->lecture, nnp_lecture_free);
  self->view.lecture = NULL;
  gtk_widget_dispose_template (GTK_WIDGET (self), NNP_TYPE_LECTURE_PANEL);
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL;)
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (nnp_lecture_panel_parent_class)->dispose (object);
}

/* The text's size may have changed with the CSS (presentation mode:
 * nnp_widget_text_scale), and with it the figure's height. */
static void
nnp_lecture_panel_css_changed (GtkWidget *widget, GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (nnp_lecture_panel_parent_class)->css_changed (widget, change);
  update_height (NNP_LECTURE_PANEL (widget));
  gtk_widget_queue_draw (GTK_WIDGET (NNP_LECTURE_PANEL (widget)->area));
}

static void
nnp_lecture_panel_class_init (NnpLecturePanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = nnp_lecture_panel_dispose;
  widget_class->css_changed = nnp_lecture_panel_css_changed;
  object_class->get_property = nnp_lecture_panel_get_property;
  object_class->set_property = nnp_lecture_panel_set_property;

  props[PROP_DOCUMENT] = g_param_spec_object ("document", NULL, NULL, NNP_TYPE_DOCUMENT,
                                              G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY
                                              | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, props);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/nnplay/Nnplay/nnp-lecture-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, NnpLecturePanel, phase_button);
  gtk_widget_class_bind_template_child (widget_class, NnpLecturePanel, pick_button);
  gtk_widget_class_bind_template_child (widget_class, NnpLecturePanel, status_label);
  gtk_widget_class_bind_template_child (widget_class, NnpLecturePanel, scroller);
  gtk_widget_class_bind_template_child (widget_class, NnpLecturePanel, area);
}

static void
nnp_lecture_panel_init (NnpLecturePanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_orientable_set_orientation (GTK_ORIENTABLE (gtk_widget_get_layout_manager (GTK_WIDGET (self))),
                                  GTK_ORIENTATION_VERTICAL);
  nnp_lecture_view_init (&self->view);
  gtk_drawing_area_set_draw_func (self->area, draw_area, self, NULL);
  g_signal_connect (self->area, "resize", G_CALLBACK (on_area_resize), self);
  g_signal_connect (self, "map", G_CALLBACK (on_map), self);
  g_signal_connect (self, "unmap", G_CALLBACK (on_unmap), self);
  g_signal_connect (self->pick_button, "toggled", G_CALLBACK (on_pick_toggled), self);

  GtkEventController *motion = gtk_event_controller_motion_new ();
  g_signal_connect (motion, "motion", G_CALLBACK (on_motion), self);
  g_signal_connect (motion, "enter", G_CALLBACK (on_motion), self);
  g_signal_connect (motion, "leave", G_CALLBACK (on_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self->area), motion);
  GtkGesture *click = gtk_gesture_click_new ();
  g_signal_connect (click, "pressed", G_CALLBACK (on_click), self);
  gtk_widget_add_controller (GTK_WIDGET (self->area), GTK_EVENT_CONTROLLER (click));

  self->signals = g_signal_group_new (NNP_TYPE_DOCUMENT);
  g_signal_group_connect (self->signals, "changed", G_CALLBACK (on_document_changed), self);
  g_signal_group_connect (self->signals, "notify::phase", G_CALLBACK (on_phase_or_row), self);
  g_signal_group_connect (self->signals, "notify::selected-row", G_CALLBACK (on_phase_or_row), self);
  g_signal_group_connect (self->signals, "notify::learning-rate", G_CALLBACK (on_phase_or_row), self);
  g_signal_group_connect (self->signals, "notify::batch-size", G_CALLBACK (on_phase_or_row), self);
  g_signal_group_connect (self->signals, "notify::standardize", G_CALLBACK (on_phase_or_row), self);
  g_signal_group_connect (self->signals, "notify::picking", G_CALLBACK (on_picking), self);
}
