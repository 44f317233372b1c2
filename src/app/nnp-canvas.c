/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nnp-canvas.c: draws nnp_plot_boundary and turns clicks, strokes and keys into point edits. */
#define G_LOG_DOMAIN "nnplay-canvas"
#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "nnp-canvas.h"
#include "nnp-document.h"

/* Points of a painted stroke are this far apart (px), and Ctrl removes
 * the nearest point within this radius (px). */
#define STROKE_SPACING_PX 14.0
#define REMOVE_RADIUS_PX  14.0
/* The keyboard cursor moves by these fractions of the view per key press
 * (Shift+arrow, Ctrl+Shift+arrow); the crosshair's arms are this long (px). */
#define KEY_STEP_SMALL    0.02
#define KEY_STEP_LARGE    0.10
#define CROSSHAIR_ARM_PX  10.0

typedef enum {
  STROKE_NONE,
  STROKE_ADD,
  STROKE_REMOVE,
  STROKE_PAN,          /* middle button: the view follows the pointer */
} StrokeMode;

/* Each notch of Ctrl+wheel zooms by this factor about the pointer. */
#define ZOOM_STEP 1.15
/* Unit evaluations per heat-map update while training (nodes x (h + 1)):
 * about 2 ms at the 1.5 G/s an AVX2 core evaluates the grid at; and at
 * most GRID_SECONDS at the speed measured here, for slower machines. */
#define GRID_BUDGET 3.0e6
#define GRID_SECONDS 2.0e-3

struct _NnpCanvas {
  GtkWidget parent_instance;

  NnpDocument *document;        /* when set: the state, the summary and the edits */
  GSignalGroup *signals;
  const NnpPlotState *state;
  const NnpHistory *summary;
  GArray *frame_log;
  NnpPlotGrid *grid;            /* the logit on the screen's grid, kept between frames */
  gboolean presentation;        /* text sized for the back of a room */

  GtkGesture *drag;
  StrokeMode mode;
  double label;
  double last_x, last_y;
  double pan_view[4];           /* the view when a pan began */

  double pointer_x, pointer_y;  /* the mouse, for zooming about it */

  /* The keyboard cursor in the plane; shown once a key has used it. */
  gboolean key_cursor;
  double key_x1, key_x2;

  /* The accessible description: what the plane shows now, told to screen
   * readers at most once a second while training runs. */
  char *description;
  gint64 described_at;
  guint describe_timeout;
};

G_DEFINE_FINAL_TYPE (NnpCanvas, nnp_canvas, GTK_TYPE_WIDGET)

enum {
  SIGNAL_EDIT_BEGIN,
  SIGNAL_ADD_POINT,
  SIGNAL_REMOVE_POINT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

enum { PROP_0, PROP_DOCUMENT, N_PROPS };
static GParamSpec *props[N_PROPS];

void
nnp_plot_style_for_widget (GtkWidget *widget, NnpPlotStyle *style)
{
  GdkRGBA fg, bg;
  gboolean have_bg;

  nnp_plot_style_init (style);
  /* gtk_widget_get_color() is 4.10; the style context is the 4.8 way.
   * The window's background (Adwaita's named colour, in GTK 4.8 and
   * 4.18) is what the figures are drawn over: labels' boxes take it. */
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  GtkStyleContext *ctx = gtk_widget_get_style_context (widget);
  gtk_style_context_get_color (ctx, &fg);
  have_bg = gtk_style_context_lookup_color (ctx, "window_bg_color", &bg)
            || gtk_style_context_lookup_color (ctx, "theme_bg_color", &bg);
  G_GNUC_END_IGNORE_DEPRECATIONS
  style->dark = 0.2126 * fg.red + 0.7152 * fg.green + 0.0722 * fg.blue > 0.5;
  style->transparent = TRUE;
  if (have_bg && bg.alpha > 0.99)
    {
      style->has_backdrop = TRUE;
      style->backdrop[0] = bg.red;
      style->backdrop[1] = bg.green;
      style->backdrop[2] = bg.blue;
    }
}

static const NnpPlotState *
current_state (NnpCanvas *self, NnpPlotState *fallback)
{
  if (self->document != NULL)
    return nnp_document_get_plot_state (self->document);
  if (self->state != NULL)
    return self->state;
  nnp_plot_state_init (fallback);
  return fallback;
}

/* Text as the desktop's (15 px), or in presentation mode growing with
 * the height from 15 px at 720 lines to 25 px at 1080 (tick labels of
 * 20 px, for the back of a room) and on, while a 720-line projector
 * keeps 600 px of plane. */
static double
presentation_font_size (double h)
{
  return MAX (15.0, 15.0 + (h - 720.0) * 10.0 / 360.0);
}

static void
canvas_style (NnpCanvas *self, NnpPlotStyle *style)
{
  double h = gtk_widget_get_height (GTK_WIDGET (self));

  nnp_plot_style_for_widget (GTK_WIDGET (self), style);
  style->font_size = self->presentation ? presentation_font_size (h) : 15.0;
}

double
nnp_widget_text_scale (GtkWidget *widget)
{
  GtkRoot *root = gtk_widget_get_root (widget);

  if (root == NULL || !gtk_widget_has_css_class (GTK_WIDGET (root), "presentation"))
    return 1.0;
  /* the side panes had stayed at desktop size: 7 px digits in the
   * Lecture pane on a 1024x768 projector. The monitor's height, which
   * the full-screen window takes: known when the mode starts, before the
   * window has grown to it. */
  double h = gtk_widget_get_height (GTK_WIDGET (root));
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (root));
  GdkMonitor *monitor = surface != NULL ? gdk_display_get_monitor_at_surface (gdk_surface_get_display (surface),
                                                                              surface)
                                        : NULL;
  if (monitor != NULL)
    {
      GdkRectangle g;
      gdk_monitor_get_geometry (monitor, &g);
      h = g.height;
    }
  return MAX (1.25, presentation_font_size (h) / 15.0);
}

void
nnp_canvas_set_presentation (NnpCanvas *self, gboolean presentation)
{
  g_return_if_fail (NNP_IS_CANVAS (self));
  self->presentation = presentation;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
nnp_canvas_get_area (NnpCanvas *self, double *x, double *y, double *w, double *h)
{
  NnpPlotState fallback;
  NnpPlotStyle style;

  g_return_if_fail (NNP_IS_CANVAS (self));
  canvas_style (self, &style);
  nnp_plot_boundary_area (gtk_widget_get_width (GTK_WIDGET (self)),
                          gtk_widget_get_height (GTK_WIDGET (self)),
                          current_state (self, &fallback), &style, x, y, w, h);
}

gboolean
nnp_canvas_to_plane (NnpCanvas *self, double wx, double wy, double *x1, double *x2)
{
  NnpPlotState fallback;
  const NnpPlotState *s;
  double ax, ay, aw, ah;

  g_return_val_if_fail (NNP_IS_CANVAS (self), FALSE);
  s = current_state (self, &fallback);
  nnp_canvas_get_area (self, &ax, &ay, &aw, &ah);
  if (aw <= 0 || ah <= 0 || wx < ax || wx > ax + aw || wy < ay || wy > ay + ah)
    return FALSE;
  *x1 = s->xmin + (wx - ax) / aw * (s->xmax - s->xmin);
  *x2 = s->ymax - (wy - ay) / ah * (s->ymax - s->ymin);
  return TRUE;
}

gboolean
nnp_canvas_from_plane (NnpCanvas *self, double x1, double x2, double *wx, double *wy)
{
  NnpPlotState fallback;
  const NnpPlotState *s;
  double ax, ay, aw, ah;

  g_return_val_if_fail (NNP_IS_CANVAS (self), FALSE);
  s = current_state (self, &fallback);
  nnp_canvas_get_area (self, &ax, &ay, &aw, &ah);
  *wx = ax + (x1 - s->xmin) / (s->xmax - s->xmin) * aw;
  *wy = ay + (s->ymax - x2) / (s->ymax - s->ymin) * ah;
  return x1 >= s->xmin && x1 <= s->xmax && x2 >= s->ymin && x2 <= s->ymax;
}

/* Plane units per widget pixel. */
static double
plane_per_px (NnpCanvas *self)
{
  NnpPlotState fallback;
  const NnpPlotState *s = current_state (self, &fallback);
  double ax, ay, aw, ah;

  nnp_canvas_get_area (self, &ax, &ay, &aw, &ah);
  return aw > 0 ? (s->xmax - s->xmin) / aw : 0.0;
}

static void
emit_at (NnpCanvas *self, double wx, double wy)
{
  double x1, x2;

  if (!nnp_canvas_to_plane (self, wx, wy, &x1, &x2))
    return;
  if (self->mode == STROKE_ADD)
    g_signal_emit (self, signals[SIGNAL_ADD_POINT], 0, x1, x2, self->label);
  else if (self->mode == STROKE_REMOVE)
    g_signal_emit (self, signals[SIGNAL_REMOVE_POINT], 0, x1, x2,
                   REMOVE_RADIUS_PX * plane_per_px (self));
}

/* The training row nearest to (x1, x2) within radius, or -1. */
static int
nearest_train_row (NnpCanvas *self, double x1, double x2, double radius)
{
  const NnpDataset *train = nnp_document_get_plot_state (self->document)->train;
  double best = radius * radius;
  int row = -1;

  for (size_t i = 0; train != NULL && train->d == 2 && i < train->n; i++)
    {
      double dx = train->X[2 * i] - x1, dy = train->X[2 * i + 1] - x2, d2 = dx * dx + dy * dy;
      if (d2 <= best)
        {
          best = d2;
          row = (int) i;
        }
    }
  return row;
}

static void
on_drag_begin (GtkGestureDrag *gesture, double x, double y, NnpCanvas *self)
{
  guint button = gtk_gesture_single_get_current_button (GTK_GESTURE_SINGLE (gesture));
  GdkModifierType mods = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (gesture));
  double x1, x2;

  if (button == GDK_BUTTON_MIDDLE && self->document != NULL && nnp_canvas_to_plane (self, x, y, &x1, &x2))
    {
      const NnpPlotState *st = nnp_document_get_plot_state (self->document);
      self->mode = STROKE_PAN;
      self->pan_view[0] = st->xmin, self->pan_view[1] = st->xmax;
      self->pan_view[2] = st->ymin, self->pan_view[3] = st->ymax;
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
      gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "grabbing");
      return;
    }
  if (button == GDK_BUTTON_MIDDLE || !nnp_canvas_to_plane (self, x, y, &x1, &x2))
    {
      self->mode = STROKE_NONE;
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  gtk_widget_grab_focus (GTK_WIDGET (self));

  /* Alt+click (or any click while picking) selects a training point's
   * row for the Lecture view */
  if (button == GDK_BUTTON_PRIMARY
      && ((mods & GDK_ALT_MASK) || (self->document != NULL && nnp_document_get_picking (self->document))))
    {
      self->mode = STROKE_NONE;
      if (self->document != NULL)
        nnp_document_set_selected_row (self->document,
                                       nearest_train_row (self, x1, x2, REMOVE_RADIUS_PX * plane_per_px (self)));
      return;
    }
  if (mods & GDK_CONTROL_MASK)
    self->mode = STROKE_REMOVE;
  else
    {
      self->mode = STROKE_ADD;
      self->label = (button == GDK_BUTTON_SECONDARY || (mods & GDK_SHIFT_MASK)) ? 0.0 : 1.0;
    }
  g_signal_emit (self, signals[SIGNAL_EDIT_BEGIN], 0);
  self->last_x = x;
  self->last_y = y;
  emit_at (self, x, y);
}

static void
on_drag_update (GtkGestureDrag *gesture, double dx, double dy, NnpCanvas *self)
{
  double sx, sy;

  if (self->mode == STROKE_NONE || !gtk_gesture_drag_get_start_point (gesture, &sx, &sy))
    return;
  if (self->mode == STROKE_PAN)
    {
      double ax, ay, aw, ah, *v = self->pan_view;
      nnp_canvas_get_area (self, &ax, &ay, &aw, &ah);
      if (aw <= 0 || ah <= 0)
        return;
      double px = dx * (v[1] - v[0]) / aw, py = dy * (v[3] - v[2]) / ah;
      nnp_document_set_view (self->document, v[0] - px, v[1] - px, v[2] + py, v[3] + py);
      return;
    }

  double x = sx + dx, y = sy + dy;
  double len = hypot (x - self->last_x, y - self->last_y);
  if (len < STROKE_SPACING_PX)
    return;

  /* Evenly spaced along the segment, so a fast stroke leaves no gaps. */
  int steps = (int) floor (len / STROKE_SPACING_PX);
  double ux = (x - self->last_x) / len, uy = (y - self->last_y) / len;
  for (int i = 1; i <= steps; i++)
    emit_at (self, self->last_x + ux * STROKE_SPACING_PX * i,
             self->last_y + uy * STROKE_SPACING_PX * i);
  self->last_x += ux * STROKE_SPACING_PX * steps;
  self->last_y += uy * STROKE_SPACING_PX * steps;
}

static void
on_drag_end (GtkGestureDrag *gesture, double dx, double dy, NnpCanvas *self)
{
  if (self->mode == STROKE_PAN)
    gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "crosshair");
  self->mode = STROKE_NONE;
}

/* Ctrl+wheel zooms the view about the point under the pointer; the plain
 * wheel is left to scroll whatever is around. */
static gboolean
on_scroll (GtkEventControllerScroll *scroll, double dx, double dy, NnpCanvas *self)
{
  GdkModifierType mods = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (scroll));
  const NnpPlotState *st;
  double x1, x2, f;

  if (!(mods & GDK_CONTROL_MASK) || self->document == NULL || dy == 0
      || !nnp_canvas_to_plane (self, self->pointer_x, self->pointer_y, &x1, &x2))
    return FALSE;
  st = nnp_document_get_plot_state (self->document);
  f = pow (ZOOM_STEP, CLAMP (dy, -5.0, 5.0));
  nnp_document_set_view (self->document, x1 + (st->xmin - x1) * f, x1 + (st->xmax - x1) * f,
                         x2 + (st->ymin - x2) * f, x2 + (st->ymax - x2) * f);
  return TRUE;
}

static void
on_motion (GtkEventControllerMotion *motion, double x, double y, NnpCanvas *self)
{
  self->pointer_x = x;
  self->pointer_y = y;
}

/* ---- Keyboard ------------------------------------------------------------ */

/* The cursor starts at the view's centre, and stays inside the view. */
static void
key_cursor_use (NnpCanvas *self)
{
  NnpPlotState fallback;
  const NnpPlotState *s = current_state (self, &fallback);

  if (!self->key_cursor)
    {
      self->key_cursor = TRUE;
      self->key_x1 = 0.5 * (s->xmin + s->xmax);
      self->key_x2 = 0.5 * (s->ymin + s->ymax);
    }
  self->key_x1 = CLAMP (self->key_x1, s->xmin, s->xmax);
  self->key_x2 = CLAMP (self->key_x2, s->ymin, s->ymax);
}

static void
key_cursor_move (NnpCanvas *self, int dx, int dy, double fraction)
{
  NnpPlotState fallback;
  const NnpPlotState *s = current_state (self, &fallback);

  key_cursor_use (self);
  self->key_x1 = CLAMP (self->key_x1 + dx * fraction * (s->xmax - s->xmin), s->xmin, s->xmax);
  self->key_x2 = CLAMP (self->key_x2 + dy * fraction * (s->ymax - s->ymin), s->ymin, s->ymax);
}

static gboolean
on_key_pressed (GtkEventControllerKey *controller, guint keyval, guint keycode,
                GdkModifierType state, NnpCanvas *self)
{
  GdkModifierType mods = state & gtk_accelerator_get_default_mod_mask ();
  gboolean shift = (mods & GDK_SHIFT_MASK) != 0, ctrl = (mods & GDK_CONTROL_MASK) != 0;
  int dx = 0, dy = 0;

  switch (keyval)
    {
    case GDK_KEY_Left: case GDK_KEY_KP_Left: dx = -1; break;
    case GDK_KEY_Right: case GDK_KEY_KP_Right: dx = 1; break;
    case GDK_KEY_Up: case GDK_KEY_KP_Up: dy = 1; break;
    case GDK_KEY_Down: case GDK_KEY_KP_Down: dy = -1; break;
    default: break;
    }
  if (dx != 0 || dy != 0)
    {
      /* Plain arrows are the window's (Right steps) and move the focus. */
      if (!shift || (mods & ~(GDK_SHIFT_MASK | GDK_CONTROL_MASK)) != 0)
        return FALSE;
      key_cursor_move (self, dx, dy, ctrl ? KEY_STEP_LARGE : KEY_STEP_SMALL);
    }
  else if (keyval == GDK_KEY_1 || keyval == GDK_KEY_KP_1 || keyval == GDK_KEY_0 || keyval == GDK_KEY_KP_0)
    {
      /* Shift is allowed: some layouts need it for the digits. */
      if ((mods & ~GDK_SHIFT_MASK) != 0)
        return FALSE;
      key_cursor_use (self);
      double label = (keyval == GDK_KEY_1 || keyval == GDK_KEY_KP_1) ? 1.0 : 0.0;
      g_signal_emit (self, signals[SIGNAL_EDIT_BEGIN], 0);
      g_signal_emit (self, signals[SIGNAL_ADD_POINT], 0, self->key_x1, self->key_x2, label);
    }
  else if (keyval == GDK_KEY_Delete || keyval == GDK_KEY_KP_Delete || keyval == GDK_KEY_BackSpace)
    {
      /* Ctrl+Delete is the window's Clear. */
      if (mods != 0)
        return FALSE;
      key_cursor_use (self);
      g_signal_emit (self, signals[SIGNAL_EDIT_BEGIN], 0);
      g_signal_emit (self, signals[SIGNAL_REMOVE_POINT], 0, self->key_x1, self->key_x2,
                     REMOVE_RADIUS_PX * plane_per_px (self));
    }
  else
    return FALSE;

  /* Keyboard use: show where the focus is. */
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  if (GTK_IS_WINDOW (root))
    gtk_window_set_focus_visible (GTK_WINDOW (root), TRUE);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  return TRUE;
}

static void
on_focus_changed (GtkEventControllerFocus *controller, NnpCanvas *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* A crosshair with a halo, and a dashed circle where Delete finds a point. */
static void
draw_key_cursor (NnpCanvas *self, cairo_t *cr, const NnpPlotStyle *style)
{
  NnpPlotState fallback;
  const NnpPlotState *s = current_state (self, &fallback);
  double wx, wy;

  /* Where the next key would put it, should the view have changed. */
  nnp_canvas_from_plane (self, CLAMP (self->key_x1, s->xmin, s->xmax),
                         CLAMP (self->key_x2, s->ymin, s->ymax), &wx, &wy);
  wx = floor (wx) + 0.5;
  wy = floor (wy) + 0.5;
  double fg = style->dark ? 1.0 : 0.0, bg = 1.0 - fg;

  for (int pass = 0; pass < 2; pass++)
    {
      if (pass == 0)
        {
          cairo_set_source_rgba (cr, bg, bg, bg, 0.85);
          cairo_set_line_width (cr, 4.0);
        }
      else
        {
          cairo_set_source_rgb (cr, fg, fg, fg);
          cairo_set_line_width (cr, 1.5);
        }
      cairo_move_to (cr, wx - CROSSHAIR_ARM_PX, wy);
      cairo_line_to (cr, wx - 3.0, wy);
      cairo_move_to (cr, wx + 3.0, wy);
      cairo_line_to (cr, wx + CROSSHAIR_ARM_PX, wy);
      cairo_move_to (cr, wx, wy - CROSSHAIR_ARM_PX);
      cairo_line_to (cr, wx, wy - 3.0);
      cairo_move_to (cr, wx, wy + 3.0);
      cairo_line_to (cr, wx, wy + CROSSHAIR_ARM_PX);
      cairo_stroke (cr);
    }
  static const double dash[] = { 3.0, 3.0 };
  cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0.0);
  cairo_set_source_rgba (cr, fg, fg, fg, 0.7);
  cairo_set_line_width (cr, 1.0);
  cairo_arc (cr, wx, wy, REMOVE_RADIUS_PX, 0.0, 2.0 * G_PI);
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0.0);
}

/* The Lecture view's selected point: a ring with a halo. */
static void
draw_selected_row (NnpCanvas *self, cairo_t *cr, const NnpPlotStyle *style)
{
  int row = self->document != NULL ? nnp_document_get_selected_row (self->document) : -1;
  const NnpDataset *train = self->document != NULL ? nnp_document_get_plot_state (self->document)->train : NULL;
  double wx, wy;

  if (row < 0 || train == NULL || train->d != 2 || (size_t) row >= train->n
      || !nnp_canvas_from_plane (self, train->X[2 * row], train->X[2 * row + 1], &wx, &wy))
    return;
  double fg = style->dark ? 1.0 : 0.0, bg = 1.0 - fg;
  cairo_new_path (cr);
  cairo_arc (cr, wx, wy, 9.0, 0, 2 * G_PI);
  cairo_set_source_rgba (cr, bg, bg, bg, 0.9);
  cairo_set_line_width (cr, 5.0);
  cairo_stroke_preserve (cr);
  cairo_set_source_rgb (cr, fg, fg, fg);
  cairo_set_line_width (cr, 2.0);
  cairo_stroke (cr);
}

static void
nnp_canvas_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  NnpCanvas *self = NNP_CANVAS (widget);
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  NnpPlotState fallback;
  NnpPlotStyle style;

  if (width <= 0 || height <= 0)
    return;
  if (self->frame_log != NULL)
    {
      gint64 now = g_get_monotonic_time ();
      g_array_append_val (self->frame_log, now);
    }

  canvas_style (self, &style);
  cairo_t *cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  NnpPlotState state = *current_state (self, &fallback);
  /* The boundary plot reads the history for its subtitle only. */
  const NnpHistory *summary = self->document != NULL ? nnp_document_get_summary (self->document)
                                                     : self->summary;
  if (summary != NULL)
    state.history = summary;
  /* The network is evaluated once per model or view, not every frame;
   * while training changes the model every frame, from nodes spaced to
   * fit GRID_BUDGET unit evaluations and GRID_SECONDS at this machine's
   * speed, and at the finest step again when it stops. */
  const gboolean running = self->document != NULL && nnp_document_get_running (self->document);
  nnp_plot_grid_set_budget (self->grid, running ? GRID_BUDGET : 0);
  nnp_plot_grid_set_time_budget (self->grid, running ? GRID_SECONDS : 0);
  state.grid = self->grid;
  state.device_scale = gtk_widget_get_scale_factor (widget);
  nnp_plot_boundary (cr, width, height, &state, &style);
  if (self->key_cursor && gtk_widget_has_focus (widget))
    draw_key_cursor (self, cr, &style);
  draw_selected_row (self, cr, &style);
  cairo_destroy (cr);
}

/* The edits go to the document, when there is one. */
static void
real_edit_begin (NnpCanvas *self)
{
  if (self->document != NULL)
    nnp_document_begin_edit (self->document);
}

static void
real_add_point (NnpCanvas *self, double x1, double x2, double label)
{
  if (self->document != NULL)
    nnp_document_add_point (self->document, x1, x2, label);
}

static void
real_remove_point (NnpCanvas *self, double x1, double x2, double radius)
{
  if (self->document != NULL)
    nnp_document_remove_point (self->document, x1, x2, radius);
}

/* How to edit the plane with the mouse and the keys (the description's
 * second part). */
static const char *
usage_text (void)
{
  return _("Left click adds a class 1 point, right click or Shift+click a class 0 point, "
           "Ctrl+click removes the nearest point. With the keyboard: Shift+arrow keys "
           "move a cursor (Ctrl+Shift+arrow keys in larger steps), 1 adds a class 1 "
           "point there, 0 a class 0 point, Delete or Backspace removes the point "
           "nearest the cursor.");
}

static void
count_classes (const NnpDataset *ds, guint *ones, guint *zeros)
{
  for (size_t i = 0; ds != NULL && i < ds->n; i++)
    {
      if (ds->y[i] >= 0.5)
        (*ones)++;
      else
        (*zeros)++;
    }
}

/* "120 points of class 1 and 80 of class 0. Epoch 230: cost 0.312,
 * accuracy 95.0%." then the usage. */
char *
nnp_canvas_describe (NnpCanvas *self)
{
  g_autoptr(GString) text = g_string_new (NULL);
  guint ones = 0, zeros = 0;

  g_return_val_if_fail (NNP_IS_CANVAS (self), NULL);
  if (self->document != NULL)
    {
      const NnpPlotState *st = nnp_document_get_plot_state (self->document);
      const NnpLiveView *v = nnp_document_get_view (self->document);

      count_classes (st->train, &ones, &zeros);
      count_classes (st->test, &ones, &zeros);
      if (ones + zeros == 0)
        g_string_append (text, _("No points."));
      else
        /* TRANSLATORS: the plane's accessible description, first sentence. */
        g_string_append_printf (text, _("%u points of class 1 and %u of class 0."), ones, zeros);
      g_string_append_c (text, ' ');
      if (v->valid)
        {
          g_autofree char *epoch = g_strdup_printf ("%" G_GSIZE_FORMAT, v->epochs);
          /* TRANSLATORS: the plane's accessible description: the epoch, J
           * and the share of training points classified right. */
          g_string_append_printf (text, _("Epoch %s: cost %.4g, accuracy %.1f%%."),
                                  epoch, v->cost, 100.0 * v->acc);
          if (v->has_test)
            {
              g_string_append_c (text, ' ');
              g_string_append_printf (text, _("Test cost %.4g, test accuracy %.1f%%."),
                                      v->test_cost, 100.0 * v->test_acc);
            }
          g_string_append_c (text, ' ');
        }
    }
  g_string_append (text, usage_text ());
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
describe_now (NnpCanvas *self)
{
  g_autofree char *text = nnp_canvas_describe (self);

  self->described_at = g_get_monotonic_time ();
  if (g_strcmp0 (text, self->description) == 0)
    return;
  g_free (self->description);
  self->description = g_steal_pointer (&text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  self->description, -1);
}

static gboolean
on_describe_timeout (gpointer data)
{
  NnpCanvas *self = data;

  self->describe_timeout = 0;
  describe_now (self);
  return G_SOURCE_REMOVE;
}

/* Now, unless the last time was under a second ago: then once that second
 * is over, so a screen reader is not flooded while training runs. */
static void
describe_soon (NnpCanvas *self)
{
  gint64 wait = self->described_at + G_USEC_PER_SEC - g_get_monotonic_time ();

  if (self->describe_timeout != 0)
    return;
  if (wait <= 0)
    describe_now (self);
  else
    self->describe_timeout = g_timeout_add ((guint) (wait / 1000) + 1, on_describe_timeout, self);
}

static void
on_document_changed (NnpDocument *document, NnpCanvas *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
  describe_soon (self);
}

void
nnp_canvas_set_document (NnpCanvas *self, NnpDocument *document)
{
  g_return_if_fail (NNP_IS_CANVAS (self));
  if (!g_set_object (&self->document, document))
    return;
  g_signal_group_set_target (self->signals, document);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  describe_now (self);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_DOCUMENT]);
}

static void
nnp_canvas_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  if (prop_id == PROP_DOCUMENT)
    g_value_set_object (value, NNP_CANVAS (object)->document);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
nnp_canvas_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  if (prop_id == PROP_DOCUMENT)
    nnp_canvas_set_document (NNP_CANVAS (object), g_value_get_object (value));
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
nnp_canvas_dispose (GObject *object)
{
  NnpCanvas *self = NNP_CANVAS (object);

  if (self->signals != NULL)
    g_signal_group_set_target (self->signals, NULL);
  g_clear_object (&self->signals);
  g_clear_object (&self->document);
  g_clear_pointer (&self->grid, nnp_plot_grid_free);
  g_clear_handle_id (&self->describe_timeout, g_source_remove);
  g_clear_pointer (&self->description, g_free);
  G_OBJECT_CLASS (nnp_canvas_parent_class)->dispose (object);
}

static void
nnp_canvas_class_init (NnpCanvasClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = nnp_canvas_dispose;
  object_class->get_property = nnp_canvas_get_property;
  object_class->set_property = nnp_canvas_set_property;
  widget_class->snapshot = nnp_canvas_snapshot;

  props[PROP_DOCUMENT] = g_param_spec_object ("document", NULL, NULL, NNP_TYPE_DOCUMENT,
                                              G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY
                                              | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, props);

  /* Before the first point of a click or stroke: one undo step. */
  signals[SIGNAL_EDIT_BEGIN] =
    g_signal_new_class_handler ("edit-begin", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                G_CALLBACK (real_edit_begin), NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* (x1, x2, label 0.0 or 1.0) */
  signals[SIGNAL_ADD_POINT] =
    g_signal_new_class_handler ("add-point", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                G_CALLBACK (real_add_point), NULL, NULL, NULL, G_TYPE_NONE, 3,
                  G_TYPE_DOUBLE, G_TYPE_DOUBLE, G_TYPE_DOUBLE);
  /* (x1, x2, radius in plane units) */
  signals[SIGNAL_REMOVE_POINT] =
    g_signal_new_class_handler ("remove-point", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                G_CALLBACK (real_remove_point), NULL, NULL, NULL, G_TYPE_NONE, 3,
                  G_TYPE_DOUBLE, G_TYPE_DOUBLE, G_TYPE_DOUBLE);

  gtk_widget_class_set_css_name (widget_class, "nnp-canvas");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
nnp_canvas_init (NnpCanvas *self)
{
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_focus_on_click (GTK_WIDGET (self), TRUE);
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "crosshair");

  self->drag = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (self->drag), 0);
  g_signal_connect (self->drag, "drag-begin", G_CALLBACK (on_drag_begin), self);
  g_signal_connect (self->drag, "drag-update", G_CALLBACK (on_drag_update), self);
  g_signal_connect (self->drag, "drag-end", G_CALLBACK (on_drag_end), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (self->drag));

  GtkEventController *scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  g_signal_connect (scroll, "scroll", G_CALLBACK (on_scroll), self);
  gtk_widget_add_controller (GTK_WIDGET (self), scroll);
  GtkEventController *motion = gtk_event_controller_motion_new ();
  g_signal_connect (motion, "enter", G_CALLBACK (on_motion), self);
  g_signal_connect (motion, "motion", G_CALLBACK (on_motion), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);

  GtkEventController *keys = gtk_event_controller_key_new ();
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_key_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);

  GtkEventController *focus = gtk_event_controller_focus_new ();
  g_signal_connect (focus, "enter", G_CALLBACK (on_focus_changed), self);
  g_signal_connect (focus, "leave", G_CALLBACK (on_focus_changed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), focus);

  self->grid = nnp_plot_grid_new (2);
  self->signals = g_signal_group_new (NNP_TYPE_DOCUMENT);
  g_signal_group_connect (self->signals, "changed", G_CALLBACK (on_document_changed), self);
  g_signal_group_connect_swapped (self->signals, "notify::selected-row", G_CALLBACK (gtk_widget_queue_draw), self);
  g_signal_group_connect_swapped (self->signals, "notify::running", G_CALLBACK (gtk_widget_queue_draw), self);
}

GtkWidget *
nnp_canvas_new (void)
{
  return g_object_new (NNP_TYPE_CANVAS, NULL);
}

void
nnp_canvas_set_state (NnpCanvas *self, const NnpPlotState *state)
{
  g_return_if_fail (NNP_IS_CANVAS (self));
  self->state = state;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
nnp_canvas_set_summary (NnpCanvas *self, const NnpHistory *summary)
{
  g_return_if_fail (NNP_IS_CANVAS (self));
  self->summary = summary;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gboolean
nnp_canvas_get_key_cursor (NnpCanvas *self, double *x1, double *x2)
{
  g_return_val_if_fail (NNP_IS_CANVAS (self), FALSE);
  if (x1 != NULL)
    *x1 = self->key_x1;
  if (x2 != NULL)
    *x2 = self->key_x2;
  return self->key_cursor;
}

int
nnp_canvas_get_grid_step (NnpCanvas *self)
{
  g_return_val_if_fail (NNP_IS_CANVAS (self), 0);
  return nnp_plot_grid_get_step (self->grid);
}

void
nnp_canvas_set_frame_log (NnpCanvas *self, GArray *log)
{
  g_return_if_fail (NNP_IS_CANVAS (self));
  self->frame_log = log;
}
