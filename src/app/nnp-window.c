/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nnp-window.c: the main window: wires the controls, the canvas and the panels to the live trainer. */
#define G_LOG_DOMAIN "nnplay-window"
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "nnp-export-dialog.h"
#include "nnp-window-private.h"

G_DEFINE_FINAL_TYPE (NnpWindow, nnp_window, GTK_TYPE_APPLICATION_WINDOW)

/* ---- Reading the controls ------------------------------------------------ */

NnpGenerator
nnp_window_current_generator (NnpWindow *self)
{
  guint i = gtk_drop_down_get_selected (self->generator_dropdown);
  return i < NNP_N_GENERATORS ? (NnpGenerator) i : self->last_generator;
}

static void refresh_field_text (GtkSpinButton *spin);

void
nnp_window_set_from_file (NnpWindow *self, gboolean from_file)
{
  gboolean was_syncing = self->syncing;
  size_t n = nnp_point_set_data (self->points)->n;

  self->syncing = TRUE;
  /* The Points field shows the file's count, and the generator's again after. */
  if (from_file && !self->from_file)
    self->generator_points = gtk_spin_button_get_value (self->points_spin);
  else if (!from_file && self->from_file)
    gtk_spin_button_set_value (self->points_spin, self->generator_points);
  self->from_file = from_file;
  if (from_file)
    {
      gtk_drop_down_set_selected (self->generator_dropdown, NNP_GENERATOR_FROM_FILE);
      if (n >= 2)
        gtk_spin_button_set_value (self->points_spin, (double) n);
    }
  else if (gtk_drop_down_get_selected (self->generator_dropdown) >= NNP_N_GENERATORS)
    gtk_drop_down_set_selected (self->generator_dropdown, self->last_generator);
  /* A file's points have no generator noise to change. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->points_spin), !from_file);
  gtk_widget_set_sensitive (GTK_WIDGET (self->noise_spin), !from_file);
  refresh_field_text (self->points_spin);
  refresh_field_text (self->noise_spin);
  self->syncing = was_syncing;
}

void
nnp_window_set_document (NnpWindow *self, const char *name)
{
  g_autofree char *title = name != NULL ? g_strdup_printf ("%s — nnplay", name) : g_strdup ("nnplay");
  gtk_window_set_title (GTK_WINDOW (self), title);
}

/* Title, generator field and points_generated from the point set's origin. */
static void
show_origin (NnpWindow *self)
{
  gboolean from_file = FALSE, generated = FALSE;
  const char *document = nnp_point_set_get_origin (self->points, &from_file, &generated);

  self->points_generated = generated;
  nnp_window_set_from_file (self, from_file);
  nnp_window_set_document (self, document);
}

void
nnp_window_set_origin (NnpWindow *self, const char *document, gboolean from_file, gboolean generated)
{
  nnp_point_set_set_origin (self->points, document, from_file, generated);
  show_origin (self);
}

void
nnp_window_rename_document (NnpWindow *self, const char *document)
{
  gboolean from_file = FALSE, generated = FALSE;

  nnp_point_set_get_origin (self->points, &from_file, &generated);
  nnp_window_set_origin (self, document, from_file, generated);
}

static NnpActivation
current_activation (NnpWindow *self)
{
  guint i = gtk_drop_down_get_selected (self->activation_dropdown);
  return i < NNP_N_ACTIVATIONS ? (NnpActivation) i : NNP_ACT_SIGMOID;
}

uint64_t
nnp_window_current_seed (NnpWindow *self)
{
  return (uint64_t) gtk_spin_button_get_value (self->seed_spin);
}

double
nnp_window_current_lr (NnpWindow *self)
{
  return CLAMP (gtk_spin_button_get_value (self->lr_spin), LR_MIN, LR_TYPED_MAX);
}

/* Steps of about half a decade, slowest first; Maximum last. */
static const struct {
  double speed;
  const char *label;
} speed_steps[] = {
  { 1, N_("1 epoch/s") },
  { 3, N_("3 epochs/s") },
  { 10, N_("10 epochs/s") },
  { 30, N_("30 epochs/s") },
  { 100, N_("100 epochs/s") },
  { 300, N_("300 epochs/s") },
  { 1000, N_("1,000 epochs/s") },
  { 3000, N_("3,000 epochs/s") },
  { 10000, N_("10,000 epochs/s") },
  { NNP_SPEED_MAXIMUM, N_("Maximum") },
};

double
nnp_window_current_speed (NnpWindow *self)
{
  guint i = gtk_drop_down_get_selected (self->speed_dropdown);
  return i < G_N_ELEMENTS (speed_steps) ? speed_steps[i].speed : NNP_SPEED_MAXIMUM;
}

void
nnp_window_select_speed (NnpWindow *self, double epochs_per_s)
{
  guint best = G_N_ELEMENTS (speed_steps) - 1;

  if (isfinite (epochs_per_s) && epochs_per_s > 0)
    {
      /* Nearest on the logarithmic scale the steps follow. */
      double best_d = INFINITY;
      for (guint i = 0; i < G_N_ELEMENTS (speed_steps); i++)
        if (speed_steps[i].speed > 0)
          {
            double d = fabs (log (epochs_per_s / speed_steps[i].speed));
            if (d < best_d)
              {
                best_d = d;
                best = i;
              }
          }
    }
  gtk_drop_down_set_selected (self->speed_dropdown, best);
}

static void
current_config (NnpWindow *self, NnpLiveConfig *cfg)
{
  cfg->lr = nnp_window_current_lr (self);
  cfg->hidden = (size_t) gtk_spin_button_get_value_as_int (self->hidden_spin);
  cfg->act = current_activation (self);
  cfg->batch = (size_t) gtk_spin_button_get_value_as_int (self->batch_spin);
  cfg->seed = nnp_window_current_seed (self);
  cfg->speed = nnp_window_current_speed (self);
}

/* ---- Actions' enabled state ------------------------------------------- */

void
nnp_window_update_actions (NnpWindow *self)
{
  GtkWidget *w = GTK_WIDGET (self);
  const NnpDataset *ds = nnp_point_set_data (self->points);

  gtk_widget_action_set_enabled (w, "win.step", !self->running);
  gtk_widget_action_set_enabled (w, "win.undo", nnp_point_set_can_undo (self->points));
  gtk_widget_action_set_enabled (w, "win.redo", nnp_point_set_can_redo (self->points));
  gtk_widget_action_set_enabled (w, "win.save-data", ds->n > 0);
  gtk_widget_action_set_enabled (w, "win.clear", ds->n > 0);

  gtk_button_set_icon_name (self->play_button, self->running ? "media-playback-pause-symbolic"
                                                             : "media-playback-start-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->play_button),
                               self->running ? _("Pause training (Space)") : _("Train (Space)"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->play_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  self->running ? _("Pause") : _("Play"), -1);
}

/* ---- Panels ------------------------------------------------------------- */

static void
format_readouts (NnpWindow *self)
{
  const NnpLiveView *v = &self->view;
  char buf[64];

  g_snprintf (buf, sizeof buf, "%zu", v->epochs);
  gtk_label_set_text (self->epoch_label, buf);
  if (v->valid)
    {
      if (v->has_test)
        g_snprintf (buf, sizeof buf, "%.4g / %.4g", v->cost, v->test_cost);
      else
        g_snprintf (buf, sizeof buf, "%.4g", v->cost);
      gtk_label_set_text (self->cost_label, buf);
      g_snprintf (buf, sizeof buf, "%.1f %%", 100.0 * v->acc);
      gtk_label_set_text (self->train_acc_label, buf);
      if (v->has_test)
        g_snprintf (buf, sizeof buf, "%.1f %%", 100.0 * v->test_acc);
      else
        g_strlcpy (buf, "—", sizeof buf);
      gtk_label_set_text (self->test_acc_label, buf);
    }
  else
    {
      gtk_label_set_text (self->cost_label, "—");
      gtk_label_set_text (self->train_acc_label, "—");
      gtk_label_set_text (self->test_acc_label, "—");
    }
  g_snprintf (buf, sizeof buf, "%.0f", v->epochs_per_s);
  gtk_label_set_text (self->eps_label, buf);
}

static void
update_thumb_marks (NnpWindow *self)
{
  int i = 0;
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->units_flowbox));
       child != NULL; child = gtk_widget_get_next_sibling (child), i++)
    {
      if (i == self->state.unit)
        gtk_widget_add_css_class (child, "shown");
      else
        gtk_widget_remove_css_class (child, "shown");
    }
}

static void
rebuild_thumbs (NnpWindow *self, guint h)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->units_flowbox))) != NULL)
    gtk_flow_box_remove (self->units_flowbox, child);

  for (guint j = 0; j < h; j++)
    {
      g_autofree char *title = g_strdup_printf (_("Unit %u"), j + 1);
      g_autofree char *tip = g_strdup_printf (_("Hidden unit %u: its activation over the plane "
                                                "and its line. Click to show it large."), j + 1);
      /* The plot titles each panel "Unit j" itself. */
      GtkWidget *view = nnp_plot_view_new (NNP_PLOT_VIEW_UNIT, j);

      gtk_widget_set_size_request (view, 120, 120);
      nnp_plot_view_set_state (NNP_PLOT_VIEW (view), &self->state);
      gtk_flow_box_insert (self->units_flowbox, view, -1);

      GtkWidget *fchild = gtk_widget_get_parent (view);
      gtk_widget_add_css_class (fchild, "unit-thumb");
      gtk_widget_set_tooltip_text (fchild, tip);
      gtk_accessible_update_property (GTK_ACCESSIBLE (fchild),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, tip, -1);
    }
  /* Two large thumbnails side by side for a few units, three columns up to
   * nine, four (smaller) beyond: the panel shows more of a wide layer. */
  int side = h <= 4 ? 140 : h <= 9 ? 92 : 66;
  for (GtkWidget *c = gtk_widget_get_first_child (GTK_WIDGET (self->units_flowbox)); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    gtk_widget_set_size_request (gtk_widget_get_first_child (c), side, side);
  self->n_thumbs = h;
  if (self->state.unit >= (int) h)
    {
      self->state.unit = -1;
      gtk_widget_queue_draw (GTK_WIDGET (self->canvas));
    }
  update_thumb_marks (self);
}

static void
redraw_thumbs (NnpWindow *self, guint count)
{
  GtkFlowBoxChild *child;

  for (guint i = 0; i < count && self->n_thumbs > 0; i++)
    {
      self->thumb_next %= self->n_thumbs;
      child = gtk_flow_box_get_child_at_index (self->units_flowbox, (int) self->thumb_next);
      if (child != NULL)
        gtk_widget_queue_draw (gtk_widget_get_first_child (GTK_WIDGET (child)));
      self->thumb_next++;
    }
  self->thumbs_pending = self->thumbs_pending > count ? self->thumbs_pending - count : 0;
}

void
nnp_window_redraw_panels (NnpWindow *self)
{
  redraw_thumbs (self, self->n_thumbs);
  gtk_widget_queue_draw (GTK_WIDGET (self->cost_view));
  format_readouts (self);
}

static void
update_banner (NnpWindow *self)
{
  if (self->view.diverged && self->view.jump_to > 0)
    {
      /* "from 0.704 to 3670", not "3.67e+03", for a class to read. */
      double to = self->view.jump_to;
      g_autofree char *text =
        g_strdup_printf (_("One step raised the cost J from %.3g to %.*f: the learning rate "
                           "α = %g is too large for these data. The weights from before "
                           "that step are shown."),
                         self->view.jump_from, to < 100 ? 1 : 0, to, self->view.lr);
      gtk_label_set_text (self->banner_label, text);
    }
  else if (self->view.diverged)
    gtk_label_set_text (self->banner_label,
                        _("The cost is no longer a finite number: the learning rate is too "
                          "large for these data. The last good weights are shown."));
  if (gtk_info_bar_get_revealed (self->banner) != self->view.diverged)
    gtk_info_bar_set_revealed (self->banner, self->view.diverged);
}

/* Takes a new snapshot, if any; TRUE when there was one. */
gboolean
nnp_window_pull_snapshot (NnpWindow *self)
{
  if (!nnp_live_trainer_sync (self->trainer, &self->view))
    return FALSE;

  self->state.model = self->view.model;
  /* The curve so far, also when the points are cleared (the Epoch readout
   * still counts those epochs); NULL only before any entry. */
  self->state.history = self->view.history != NULL && self->view.history->len > 0
                        ? self->view.history : NULL;
  self->state.history_stride = self->view.history_stride;
  self->state.epoch = self->view.epochs;
  /* The subtitle gives the current numbers, also when the thinned curve's
   * last entry is a few epochs older. */
  if (self->summary == NULL || self->summary->has_test != self->view.has_test)
    {
      nnp_history_free (self->summary);
      self->summary = nnp_history_new (self->view.has_test);
    }
  nnp_history_clear (self->summary);
  if (self->view.valid)
    nnp_history_append (self->summary, self->view.cost, self->view.acc,
                        self->view.test_cost, self->view.test_acc);
  nnp_canvas_set_summary (self->canvas, self->summary);

  if (self->view.diverged && !self->was_diverged && self->running)
    {
      self->running = FALSE;
      nnp_window_update_actions (self);
    }
  /* The trainer paused itself: no training points. */
  if (self->running && !self->view.running)
    {
      self->running = FALSE;
      nnp_window_update_actions (self);
    }
  self->was_diverged = self->view.diverged;
  self->state.cell_px = self->running ? 2 : 1;

  if (self->view.model != NULL && self->view.model->theta->h != self->n_thumbs)
    rebuild_thumbs (self, self->view.model->theta->h);
  update_banner (self);
  /* The readouts come from the same snapshot as the canvas subtitle. */
  format_readouts (self);
  gtk_widget_queue_draw (GTK_WIDGET (self->canvas));
  self->slow_dirty = TRUE;
  self->thumbs_pending = self->n_thumbs;
  return TRUE;
}

static gboolean
on_tick (GtkWidget *widget, GdkFrameClock *clock, gpointer data)
{
  NnpWindow *self = NNP_WINDOW (widget);
  gint64 now = gdk_frame_clock_get_frame_time (clock);

  if (self->test_hooks)
    nnp_window_print_geometry (self);

  nnp_window_pull_snapshot (self);
  if (!self->running)
    {
      if (self->slow_dirty)
        nnp_window_redraw_panels (self);
      self->slow_dirty = FALSE;
      /* Paused and up to date: stop waking up every frame. */
      if (!self->test_hooks && nnp_live_trainer_is_settled (self->trainer)
          && nnp_live_trainer_generation (self->trainer) == self->view.generation)
        {
          self->tick_id = 0;
          return G_SOURCE_REMOVE;
        }
      return G_SOURCE_CONTINUE;
    }
  if (self->thumbs_pending > 0)
    redraw_thumbs (self, 1);
  if (self->slow_dirty && now - self->last_slow >= SLOW_PANEL_US)
    {
      gtk_widget_queue_draw (GTK_WIDGET (self->cost_view));
      self->slow_dirty = FALSE;
      self->last_slow = now;
    }
  return G_SOURCE_CONTINUE;
}

void
nnp_window_wake (NnpWindow *self)
{
  if (self->tick_id == 0)
    self->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), on_tick, NULL, NULL);
}

/* ---- Points ------------------------------------------------------------- */

/* The point set changed: new split for drawing and for the trainer. */
void
nnp_window_points_changed (NnpWindow *self)
{
  nnp_dataset_free (self->train);
  nnp_dataset_free (self->test);
  self->train = nnp_point_set_train (self->points);
  self->test = nnp_point_set_test (self->points);
  self->state.train = self->train;
  self->state.test = self->test->n > 0 ? self->test : NULL;
  nnp_live_trainer_set_data (self->trainer, self->train, self->test);
  if (self->from_file)
    refresh_field_text (self->points_spin);  /* the count of points now */
  nnp_window_wake (self);
  gtk_widget_queue_draw (GTK_WIDGET (self->canvas));
  nnp_window_update_actions (self);
  if (self->test_hooks)
    nnp_window_print_points (self);
}

void
nnp_window_fit_view (NnpWindow *self)
{
  if (nnp_point_set_data (self->points)->n >= 2)
    nnp_plot_state_fit_view (&self->state);
  else
    {
      self->state.xmin = self->state.ymin = -2.0;
      self->state.xmax = self->state.ymax = 2.0;
    }
}

/* The seed after the current one (Regenerate, Reset), shown in the field. */
static uint64_t
advance_seed (NnpWindow *self)
{
  GtkAdjustment *adj = gtk_spin_button_get_adjustment (self->seed_spin);
  double next = gtk_spin_button_get_value (self->seed_spin) + 1;

  if (next > gtk_adjustment_get_upper (adj))
    next = gtk_adjustment_get_lower (adj);
  self->syncing = TRUE;
  gtk_spin_button_set_value (self->seed_spin, next);
  self->syncing = FALSE;
  nnp_window_settings_set_number (self, "seed", next);
  nnp_live_trainer_set_seed (self->trainer, nnp_window_current_seed (self));
  return nnp_window_current_seed (self);
}

/* Draws the generator's points with the seed shown (advance: the next
 * seed first, so that Regenerate always draws new points). */
static void
regenerate (NnpWindow *self, gboolean undoable, gboolean advance)
{
  if (advance)
    advance_seed (self);
  nnp_window_set_from_file (self, FALSE);
  NnpGenerator gen = nnp_window_current_generator (self);
  size_t n = (size_t) gtk_spin_button_get_value_as_int (self->points_spin);
  double noise = gtk_spin_button_get_value (self->noise_spin);
  g_autoptr (NnpDataset) ds = nnp_dataset_generate (gen, n, noise, nnp_window_current_seed (self));

  if (ds == NULL)
    return;
  if (undoable)
    nnp_point_set_checkpoint (self->points);
  nnp_point_set_replace (self->points, ds, gtk_spin_button_get_value (self->test_fraction_spin),
                         nnp_window_current_seed (self));
  nnp_window_set_origin (self, NULL, FALSE, TRUE);
  nnp_window_points_changed (self);
  nnp_window_fit_view (self);
}

static void
begin_edit (NnpWindow *self)
{
  if (self->checkpoint_pending)
    {
      nnp_point_set_checkpoint (self->points);
      self->checkpoint_pending = FALSE;
    }
  /* Edited: no longer the generator's own points (same document). */
  gboolean from_file = FALSE;
  const char *document = nnp_point_set_get_origin (self->points, &from_file, NULL);
  g_autofree char *keep = g_strdup (document);
  nnp_window_set_origin (self, keep, from_file, FALSE);
}

static void
on_canvas_edit_begin (NnpCanvas *canvas, NnpWindow *self)
{
  self->checkpoint_pending = TRUE;
}

static void
on_canvas_add_point (NnpCanvas *canvas, double x1, double x2, double label, NnpWindow *self)
{
  begin_edit (self);
  if (nnp_point_set_add (self->points, x1, x2, label))
    nnp_window_points_changed (self);
}

static void
on_canvas_remove_point (NnpCanvas *canvas, double x1, double x2, double radius, NnpWindow *self)
{
  const NnpDataset *ds = nnp_point_set_data (self->points);
  gboolean any = FALSE;

  for (size_t i = 0; i < ds->n && !any; i++)
    any = hypot (ds->X[2 * i] - x1, ds->X[2 * i + 1] - x2) <= radius;
  if (!any)
    return;
  begin_edit (self);
  if (nnp_point_set_remove_nearest (self->points, x1, x2, radius))
    nnp_window_points_changed (self);
}

/* ---- Control handlers ------------------------------------------------- */

static void
on_generator_selected (GObject *object, GParamSpec *pspec, NnpWindow *self)
{
  if (self->syncing)
    return;
  guint i = gtk_drop_down_get_selected (self->generator_dropdown);
  if (i >= NNP_N_GENERATORS)
    {
      /* "From file" is a state, not a generator: choosing it opens a file. */
      if (!self->from_file)
        {
          nnp_window_set_from_file (self, FALSE);
          gtk_widget_activate_action (GTK_WIDGET (self), "win.open-data", NULL);
        }
      return;
    }
  self->last_generator = (NnpGenerator) i;
  nnp_window_settings_set_string (self, "dataset", nnp_generator_name (self->last_generator));
  regenerate (self, TRUE, FALSE);
}

/* Point count and noise redraw at once, with the same seed, as the
 * generator does. */
static void
on_points_value_changed (GtkSpinButton *spin, NnpWindow *self)
{
  if (self->syncing)
    return;
  nnp_window_settings_set_number (self, "points", gtk_spin_button_get_value (spin));
  regenerate (self, TRUE, FALSE);
}

static void
on_noise_value_changed (GtkSpinButton *spin, NnpWindow *self)
{
  if (self->syncing)
    return;
  nnp_window_settings_set_number (self, "noise", gtk_spin_button_get_value (spin));
  regenerate (self, TRUE, FALSE);
}

static void
on_test_fraction_value_changed (GtkSpinButton *spin, NnpWindow *self)
{
  if (self->syncing)
    return;
  double f = gtk_spin_button_get_value (spin);
  nnp_window_settings_set_number (self, "test-fraction", f);
  nnp_point_set_set_split (self->points, f, nnp_window_current_seed (self));
  nnp_window_points_changed (self);
}

static void
on_lr_scale_value_changed (GtkRange *range, NnpWindow *self)
{
  if (self->syncing)
    return;
  /* The scale moves in log10(alpha); the spin button shows alpha. */
  double lr = CLAMP (pow (10.0, gtk_range_get_value (range)), LR_MIN, LR_MAX);
  double shown = lr >= 1.0 ? round (lr * 100) / 100 : lr >= 0.01 ? round (lr * 1e4) / 1e4 : lr;
  self->syncing = TRUE;
  gtk_spin_button_set_value (self->lr_spin, shown);
  self->syncing = FALSE;
  nnp_window_settings_set_number (self, "learning-rate", nnp_window_current_lr (self));
  nnp_live_trainer_set_lr (self->trainer, nnp_window_current_lr (self));
  nnp_window_wake (self);
}

static void
on_lr_spin_value_changed (GtkSpinButton *spin, NnpWindow *self)
{
  if (self->syncing)
    return;
  double lr = nnp_window_current_lr (self);
  self->syncing = TRUE;
  /* Above the slider's range (typed, up to LR_TYPED_MAX) it sits at its end. */
  gtk_range_set_value (GTK_RANGE (self->lr_scale), log10 (CLAMP (lr, LR_MIN, LR_MAX)));
  self->syncing = FALSE;
  nnp_window_settings_set_number (self, "learning-rate", lr);
  nnp_live_trainer_set_lr (self->trainer, lr);
  nnp_window_wake (self);
}

static void
on_hidden_value_changed (GtkSpinButton *spin, NnpWindow *self)
{
  if (self->syncing)
    return;
  int h = gtk_spin_button_get_value_as_int (spin);
  nnp_window_settings_set_number (self, "hidden-units", h);
  nnp_live_trainer_set_hidden (self->trainer, (size_t) h);
  nnp_window_wake (self);
}

static void
on_activation_selected (GObject *object, GParamSpec *pspec, NnpWindow *self)
{
  if (self->syncing)
    return;
  NnpActivation act = current_activation (self);
  nnp_window_settings_set_string (self, "activation", nnp_activation_name (act));
  nnp_live_trainer_set_activation (self->trainer, act);
  nnp_window_wake (self);
}

static void
on_batch_value_changed (GtkSpinButton *spin, NnpWindow *self)
{
  if (self->syncing)
    return;
  int b = gtk_spin_button_get_value_as_int (spin);
  nnp_window_settings_set_number (self, "batch-size", b);
  nnp_live_trainer_set_batch (self->trainer, (size_t) b);
  nnp_window_wake (self);
}

static void
on_speed_selected (GObject *object, GParamSpec *pspec, NnpWindow *self)
{
  if (self->syncing)
    return;
  double speed = nnp_window_current_speed (self);
  nnp_window_settings_set_number (self, "training-speed", speed);
  nnp_live_trainer_set_speed (self->trainer, speed);
  nnp_window_wake (self);
}

/* 0 reads "Full batch" (the lecture's). */
static gboolean
on_batch_output (GtkSpinButton *spin, NnpWindow *self)
{
  int b = gtk_spin_button_get_value_as_int (spin);
  g_autofree char *text = b == 0 ? g_strdup (_("Full batch")) : g_strdup_printf ("%d", b);
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (spin)), text) != 0)
    gtk_editable_set_text (GTK_EDITABLE (spin), text);
  return TRUE;
}

static int
on_batch_input (GtkSpinButton *spin, double *value, NnpWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (spin));
  char *end = NULL;

  if (g_ascii_strncasecmp (text, "full", 4) == 0 || g_strcmp0 (text, _("Full batch")) == 0)
    {
      *value = 0;
      return TRUE;
    }
  *value = g_ascii_strtod (text, &end);
  if (end == text)
    *value = gtk_spin_button_get_value (spin);  /* empty or not a number: unchanged */
  return TRUE;
}

/* Every number field: empty text (Ctrl+Z in the field can leave it so) or
 * text that is not a number keeps the value the field had, instead of
 * GTK's default, which reads it as 0 and commits the minimum. */
static int
on_number_input (GtkSpinButton *spin, double *value, NnpWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (spin));
  char *end = NULL;

  while (g_ascii_isspace (*text))
    text++;
  *value = g_strtod (text, &end);
  if (end == text || !isfinite (*value))
    {
      *value = gtk_spin_button_get_value (spin);
      return TRUE;
    }
  while (g_ascii_isspace (*end))
    end++;
  if (*end != '\0')
    *value = gtk_spin_button_get_value (spin);
  return TRUE;
}

/* From file: Points shows the file's (current) point count, Noise a dash. */
static gboolean
on_file_field_output (GtkSpinButton *spin, NnpWindow *self)
{
  char buf[32];

  if (!self->from_file)
    return FALSE;
  if (spin == self->points_spin)
    g_snprintf (buf, sizeof buf, "%zu", nnp_point_set_data (self->points)->n);
  else
    g_strlcpy (buf, "—", sizeof buf);
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (spin)), buf) != 0)
    gtk_editable_set_text (GTK_EDITABLE (spin), buf);
  return TRUE;
}

/* Redraws a field's text from its value: setting the same value makes
 * GTK emit "output" (the handler above, else its own format). */
static void
refresh_field_text (GtkSpinButton *spin)
{
  gtk_spin_button_set_value (spin, gtk_spin_button_get_value (spin));
}

static void
on_seed_value_changed (GtkSpinButton *spin, NnpWindow *self)
{
  if (self->syncing)
    return;
  /* A seed typed by the user redraws what it seeds, so the field is true:
   * the generator's points (unless edited or from a file) and the initial
   * weights. The next Reset keeps it; later ones advance it. */
  uint64_t seed = nnp_window_current_seed (self);
  nnp_window_settings_set_number (self, "seed", gtk_spin_button_get_value (spin));
  nnp_live_trainer_set_seed (self->trainer, seed);
  if (self->points_generated && !self->from_file)
    regenerate (self, TRUE, FALSE);
  nnp_live_trainer_reset (self->trainer, seed);
  self->seed_explicit = TRUE;
  nnp_window_wake (self);
}

static void
on_unit_lines_active (GObject *object, GParamSpec *pspec, NnpWindow *self)
{
  self->state.unit_lines = gtk_switch_get_active (self->unit_lines_switch);
  if (!self->syncing)
    nnp_window_settings_set_number (self, "show-unit-lines", self->state.unit_lines);
  gtk_widget_queue_draw (GTK_WIDGET (self->canvas));
}

static void
on_log_toggled (GtkCheckButton *check, NnpWindow *self)
{
  self->state.log_cost = gtk_check_button_get_active (check);
  gtk_widget_queue_draw (GTK_WIDGET (self->cost_view));
}

static void
on_unit_activated (GtkFlowBox *box, GtkFlowBoxChild *child, NnpWindow *self)
{
  int j = gtk_flow_box_child_get_index (child);
  self->state.unit = self->state.unit == j ? -1 : j;
  update_thumb_marks (self);
  gtk_widget_queue_draw (GTK_WIDGET (self->canvas));
}

/* ---- Actions ------------------------------------------------------------ */

void
nnp_window_set_running (NnpWindow *self, gboolean running)
{
  self->running = running;
  self->state.cell_px = running ? 2 : 1;
  nnp_live_trainer_set_running (self->trainer, running);
  nnp_window_wake (self);
  nnp_window_update_actions (self);
}

static void
action_play (GtkWidget *widget, const char *name, GVariant *param)
{
  NnpWindow *self = NNP_WINDOW (widget);
  nnp_window_set_running (self, !self->running);
}

static void
action_step (GtkWidget *widget, const char *name, GVariant *param)
{
  NnpWindow *self = NNP_WINDOW (widget);
  if (!self->running)
    nnp_live_trainer_step (self->trainer);
  nnp_window_wake (self);
}

static void
action_reset (GtkWidget *widget, const char *name, GVariant *param)
{
  NnpWindow *self = NNP_WINDOW (widget);
  /* New weights each time, from the next seed, unless the user just typed one. */
  uint64_t seed = self->seed_explicit ? nnp_window_current_seed (self) : advance_seed (self);
  self->seed_explicit = FALSE;
  nnp_live_trainer_reset (self->trainer, seed);
  nnp_window_wake (self);
}

static void
action_lower_lr (GtkWidget *widget, const char *name, GVariant *param)
{
  NnpWindow *self = NNP_WINDOW (widget);
  double lr = MAX (nnp_window_current_lr (self) / 10.0, LR_MIN);
  gtk_spin_button_set_value (self->lr_spin, lr);  /* notifies the trainer */
  nnp_live_trainer_set_lr (self->trainer, lr);
  nnp_window_wake (self);
}

static void
action_undo (GtkWidget *widget, const char *name, GVariant *param)
{
  NnpWindow *self = NNP_WINDOW (widget);
  if (nnp_point_set_undo (self->points))
    {
      show_origin (self);
      nnp_window_points_changed (self);
    }
}

static void
action_redo (GtkWidget *widget, const char *name, GVariant *param)
{
  NnpWindow *self = NNP_WINDOW (widget);
  if (nnp_point_set_redo (self->points))
    {
      show_origin (self);
      nnp_window_points_changed (self);
    }
}

static void
action_clear (GtkWidget *widget, const char *name, GVariant *param)
{
  NnpWindow *self = NNP_WINDOW (widget);
  g_autoptr (NnpDataset) empty = nnp_dataset_alloc (0, 2);

  nnp_point_set_checkpoint (self->points);
  nnp_point_set_replace (self->points, empty, nnp_point_set_test_fraction (self->points),
                         nnp_window_current_seed (self));
  nnp_window_set_origin (self, NULL, FALSE, FALSE);
  nnp_window_points_changed (self);
}

static void
action_regenerate (GtkWidget *widget, const char *name, GVariant *param)
{
  regenerate (NNP_WINDOW (widget), TRUE, TRUE);
}

static void
action_export (GtkWidget *widget, const char *name, GVariant *param)
{
  NnpWindow *self = NNP_WINDOW (widget);
  GtkWidget *dialog = nnp_export_dialog_new (GTK_WINDOW (self), &self->state, NNP_FIGURE_BOUNDARY);
  nnp_export_dialog_set_summary (NNP_EXPORT_DIALOG (dialog), self->summary);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
action_copy (GtkWidget *widget, const char *name, GVariant *param)
{
  NnpWindow *self = NNP_WINDOW (widget);
  NnpPlotStyle style;
  NnpPlotState state = self->state;

  nnp_plot_style_init (&style);
  /* As on the canvas: the subtitle gives the current numbers. */
  state.history = self->summary;
  nnp_export_copy_to_clipboard (widget, NNP_FIGURE_BOUNDARY, 1920, 1080, &state, &style);
}

static void
action_open (GtkWidget *widget, const char *name, GVariant *param)
{
  nnp_window_open_dialog (NNP_WINDOW (widget), g_str_equal (name, "win.open-data") ? NNP_FILE_DATA : NNP_FILE_SESSION);
}

static void
action_save (GtkWidget *widget, const char *name, GVariant *param)
{
  nnp_window_save_dialog (NNP_WINDOW (widget), g_str_equal (name, "win.save-data") ? NNP_FILE_DATA : NNP_FILE_SESSION);
}

/* ---- Life cycle --------------------------------------------------------- */

static gboolean focus_takes_keys (GtkWidget *focus);

/* Space reaches the window only when the focused widget did not use it
 * (a text field types it, a button presses itself): then it plays. */
static void
nnp_window_activate_focus (GtkWindow *window)
{
  GtkWidget *focus = gtk_window_get_focus (window);

  if (focus_takes_keys (focus))
    return;
  if (focus == NULL || !gtk_widget_activate (focus))
    gtk_widget_activate_action (GTK_WIDGET (window), "win.play", NULL);
}

static gboolean
nnp_window_close_request (GtkWindow *window)
{
  NnpWindow *self = NNP_WINDOW (window);

  if (self->settings != NULL)
    {
      int w, h;
      gtk_window_get_default_size (window, &w, &h);
      gboolean max = gtk_window_is_maximized (window);
      nnp_window_settings_set_number (self, "window-maximized", max);
      if (!max && w > 0 && h > 0)
        {
          nnp_window_settings_set_number (self, "window-width", w);
          nnp_window_settings_set_number (self, "window-height", h);
        }
    }
  return GTK_WINDOW_CLASS (nnp_window_parent_class)->close_request (window);
}

static void
nnp_window_dispose (GObject *object)
{
  NnpWindow *self = NNP_WINDOW (object);

  if (self->test_hooks && self->trainer != NULL)
    {
      const NnpDataset *ds = nnp_point_set_data (self->points);
      size_t ones = 0;
      nnp_window_sync_now (self);
      for (size_t i = 0; i < ds->n; i++)
        ones += ds->y[i] == 1.0;
      printf ("final points=%zu class1=%zu epochs=%zu\n", ds->n, ones, self->view.epochs);
      fflush (stdout);
    }
  g_clear_pointer (&self->trainer, nnp_live_trainer_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), NNP_TYPE_WINDOW);
  G_OBJECT_CLASS (nnp_window_parent_class)->dispose (object);
}

static void
nnp_window_finalize (GObject *object)
{
  NnpWindow *self = NNP_WINDOW (object);

  nnp_live_view_clear (&self->view);
  g_clear_pointer (&self->summary, nnp_history_free);
  nnp_point_set_free (self->points);
  nnp_dataset_free (self->train);
  nnp_dataset_free (self->test);
  g_clear_pointer (&self->frame_log, g_array_unref);
  g_free (self->geometry);
  g_clear_pointer (&self->last_folder, g_free);
  g_clear_object (&self->settings);
  G_OBJECT_CLASS (nnp_window_parent_class)->finalize (object);
}

static void
nnp_window_class_init (NnpWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = nnp_window_dispose;
  object_class->finalize = nnp_window_finalize;
  window_class->close_request = nnp_window_close_request;
  window_class->activate_focus = nnp_window_activate_focus;

  g_type_ensure (NNP_TYPE_CANVAS);
  g_type_ensure (NNP_TYPE_PLOT_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/nnplay/Nnplay/nnp-window.ui");
  gtk_widget_class_bind_template_child (widget_class, NnpWindow, play_button);
  gtk_widget_class_bind_template_child (widget_class, NnpWindow, banner);
  gtk_widget_class_bind_template_child (widget_class, NnpWindow, banner_title);
  gtk_widget_class_bind_template_child (widget_class, NnpWindow, banner_label);
  gtk_widget_class_bind_template_child (widget_class, NnpWindow, lower_lr_button);
  gtk_widget_class_bind_template_child (widget_class, NnpWindow, canvas);
  gtk_widget_class_bind_template_child (widget_class, NnpWindow, units_flowbox);
  gtk_widget_class_bind_template_child (widget_class, NnpWindow, log_check);
  gtk_widget_class_bind_template_child (widget_class, NnpWindow, cost_view);
  gtk_widget_class_bind_template_child (widget_class, NnpWindow, epoch_label);
  gtk_widget_class_bind_template_child (widget_class, NnpWindow, cost_label);
  gtk_widget_class_bind_template_child (widget_class, NnpWindow, train_acc_label);
  gtk_widget_class_bind_template_child (widget_class, NnpWindow, test_acc_label);
  gtk_widget_class_bind_template_child (widget_class, NnpWindow, eps_label);
  gtk_widget_class_bind_template_child (widget_class, NnpWindow, generator_dropdown);
  gtk_widget_class_bind_template_child (widget_class, NnpWindow, points_spin);
  gtk_widget_class_bind_template_child (widget_class, NnpWindow, noise_spin);
  gtk_widget_class_bind_template_child (widget_class, NnpWindow, test_fraction_spin);
  gtk_widget_class_bind_template_child (widget_class, NnpWindow, lr_scale);
  gtk_widget_class_bind_template_child (widget_class, NnpWindow, lr_spin);
  gtk_widget_class_bind_template_child (widget_class, NnpWindow, hidden_spin);
  gtk_widget_class_bind_template_child (widget_class, NnpWindow, activation_dropdown);
  gtk_widget_class_bind_template_child (widget_class, NnpWindow, batch_spin);
  gtk_widget_class_bind_template_child (widget_class, NnpWindow, seed_spin);
  gtk_widget_class_bind_template_child (widget_class, NnpWindow, speed_dropdown);
  gtk_widget_class_bind_template_child (widget_class, NnpWindow, unit_lines_switch);

  gtk_widget_class_bind_template_callback (widget_class, on_canvas_edit_begin);
  gtk_widget_class_bind_template_callback (widget_class, on_canvas_add_point);
  gtk_widget_class_bind_template_callback (widget_class, on_canvas_remove_point);
  gtk_widget_class_bind_template_callback (widget_class, on_generator_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_points_value_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_noise_value_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_test_fraction_value_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_lr_scale_value_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_lr_spin_value_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_hidden_value_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_activation_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_batch_value_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_speed_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_batch_output);
  gtk_widget_class_bind_template_callback (widget_class, on_batch_input);
  gtk_widget_class_bind_template_callback (widget_class, on_number_input);
  gtk_widget_class_bind_template_callback (widget_class, on_file_field_output);
  gtk_widget_class_bind_template_callback (widget_class, on_seed_value_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_unit_lines_active);
  gtk_widget_class_bind_template_callback (widget_class, on_log_toggled);
  gtk_widget_class_bind_template_callback (widget_class, on_unit_activated);

  gtk_widget_class_install_action (widget_class, "win.play", NULL, action_play);
  gtk_widget_class_install_action (widget_class, "win.step", NULL, action_step);
  gtk_widget_class_install_action (widget_class, "win.reset", NULL, action_reset);
  gtk_widget_class_install_action (widget_class, "win.lower-lr", NULL, action_lower_lr);
  gtk_widget_class_install_action (widget_class, "win.undo", NULL, action_undo);
  gtk_widget_class_install_action (widget_class, "win.redo", NULL, action_redo);
  gtk_widget_class_install_action (widget_class, "win.clear", NULL, action_clear);
  gtk_widget_class_install_action (widget_class, "win.regenerate", NULL, action_regenerate);
  gtk_widget_class_install_action (widget_class, "win.export", NULL, action_export);
  gtk_widget_class_install_action (widget_class, "win.copy", NULL, action_copy);
  gtk_widget_class_install_action (widget_class, "win.open-data", NULL, action_open);
  gtk_widget_class_install_action (widget_class, "win.open-session", NULL, action_open);
  gtk_widget_class_install_action (widget_class, "win.save-data", NULL, action_save);
  gtk_widget_class_install_action (widget_class, "win.save-session", NULL, action_save);
}

/* ---- Keys --------------------------------------------------------------- */

/* The focused widget uses these keys itself: a text field (a spin
 * button's too) moves its cursor, types, undoes and deletes words. */
static gboolean
focus_takes_keys (GtkWidget *focus)
{
  return focus != NULL && (GTK_IS_EDITABLE (focus) || GTK_IS_TEXT_VIEW (focus));
}

/* ... and the arrow keys also move a slider and a drop-down's list. */
static gboolean
focus_takes_arrows (GtkWidget *focus)
{
  return focus_takes_keys (focus)
         || (focus != NULL && (GTK_IS_RANGE (focus)
                               || gtk_widget_get_ancestor (focus, GTK_TYPE_POPOVER) != NULL));
}

static gboolean
on_key_shortcut (GtkWidget *widget, GVariant *args, gpointer action)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (widget));
  gboolean arrow = g_str_equal (action, "win.step");

  if (arrow ? focus_takes_arrows (focus) : focus_takes_keys (focus))
    return FALSE;
  return gtk_widget_activate_action (widget, action, NULL);
}

/* Right, Ctrl+Z, Ctrl+Shift+Z, Ctrl+Y and Ctrl+Delete: before the focused
 * widget (GtkWindow's own arrow bindings would move the focus instead),
 * except when it takes these keys itself. They are not application
 * accelerators, which would take them from text fields. Space is
 * GtkWindow's activate-focus binding (nnp_window_activate_focus). */
static void
setup_keys (NnpWindow *self)
{
  static const struct {
    guint keyval;
    GdkModifierType mods;
    const char *action;
  } keys[] = {
    { GDK_KEY_Right, 0, "win.step" },
    { GDK_KEY_KP_Right, 0, "win.step" },
    { GDK_KEY_z, GDK_CONTROL_MASK, "win.undo" },
    { GDK_KEY_z, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.redo" },
    { GDK_KEY_Z, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.redo" },
    { GDK_KEY_y, GDK_CONTROL_MASK, "win.redo" },
    { GDK_KEY_Delete, GDK_CONTROL_MASK, "win.clear" },
  };
  GtkEventController *sc = gtk_shortcut_controller_new ();

  gtk_event_controller_set_propagation_phase (sc, GTK_PHASE_CAPTURE);
  for (gsize i = 0; i < G_N_ELEMENTS (keys); i++)
    gtk_shortcut_controller_add_shortcut (
      GTK_SHORTCUT_CONTROLLER (sc),
      gtk_shortcut_new (gtk_keyval_trigger_new (keys[i].keyval, keys[i].mods),
                        gtk_callback_action_new (on_key_shortcut, (gpointer) keys[i].action, NULL)));
  gtk_widget_add_controller (GTK_WIDGET (self), sc);
}

static void
fill_dropdowns (NnpWindow *self)
{
  GtkStringList *gens = gtk_string_list_new (NULL);
  for (int g = 0; g < NNP_N_GENERATORS; g++)
    gtk_string_list_append (gens, nnp_generator_title ((NnpGenerator) g));
  gtk_string_list_append (gens, _("From file"));
  gtk_drop_down_set_model (self->generator_dropdown, G_LIST_MODEL (gens));
  g_object_unref (gens);

  static const char *const acts[NNP_N_ACTIVATIONS] = { N_("Sigmoid"), N_("Tanh"), N_("ReLU") };
  GtkStringList *list = gtk_string_list_new (NULL);
  for (int a = 0; a < NNP_N_ACTIVATIONS; a++)
    gtk_string_list_append (list, _(acts[a]));
  gtk_drop_down_set_model (self->activation_dropdown, G_LIST_MODEL (list));
  g_object_unref (list);

  GtkStringList *speeds = gtk_string_list_new (NULL);
  for (gsize i = 0; i < G_N_ELEMENTS (speed_steps); i++)
    gtk_string_list_append (speeds, _(speed_steps[i].label));
  gtk_drop_down_set_model (self->speed_dropdown, G_LIST_MODEL (speeds));
  g_object_unref (speeds);
  nnp_window_select_speed (self, NNP_SPEED_DEFAULT);
}

static void
nnp_window_init (NnpWindow *self)
{
  /* Until start(): the controls' handlers have no trainer to talk to. */
  self->syncing = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));

  nnp_plot_state_init (&self->state);
  nnp_canvas_set_state (self->canvas, &self->state);
  nnp_plot_view_set_state (self->cost_view, &self->state);
  fill_dropdowns (self);

  self->points = nnp_point_set_new ();
  self->train = nnp_dataset_alloc (0, 2);
  self->test = nnp_dataset_alloc (0, 2);

  nnp_window_setup_drop (self);
  setup_keys (self);

  nnp_window_wake (self);
  self->test_hooks = g_getenv ("NNPLAY_TEST_HOOKS") != NULL;
}

static void
start (NnpWindow *self)
{
  NnpLiveConfig cfg;

  nnp_window_load_settings (self);
  current_config (self, &cfg);
  self->trainer = nnp_live_trainer_new (&cfg, NULL, NULL);
  if (g_getenv ("NNPLAY_TEST_HOOKS") != NULL && g_getenv ("NNPLAY_HISTORY_CAP") != NULL)
    {
      guint64 cap = g_ascii_strtoull (g_getenv ("NNPLAY_HISTORY_CAP"), NULL, 10);
      if (cap >= 2)
        nnp_live_trainer_set_history_cap (self->trainer, (size_t) cap);
    }
  /* The first data set, so the window shows something at once. */
  regenerate (self, FALSE, FALSE);
  nnp_live_trainer_flush (self->trainer);
  nnp_window_pull_snapshot (self);
  nnp_window_redraw_panels (self);
  nnp_window_update_actions (self);
  /* Space plays at once, arrows step, clicks add points. */
  gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->canvas));
}

NnpWindow *
nnp_window_new (GtkApplication *app, gboolean use_settings)
{
  NnpWindow *self = g_object_new (NNP_TYPE_WINDOW, "application", app, NULL);

  if (use_settings)
    self->settings = nnp_window_settings_new ();
  start (self);
  return self;
}
