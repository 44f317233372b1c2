/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nnp-export-dialog.c: the Export Figure dialog (PNG/SVG/PDF for slides) and clipboard copy. */
#define G_LOG_DOMAIN "nnplay-export"
#include "config.h"

#include <math.h>
#include <glib/gi18n.h>
#include <nnplay/nnp-error.h>

#include "nnp-export-dialog.h"

/* Cairo image surfaces are limited to 32767 pixels on a side. */
#define MAX_PIXELS_SIDE 32767
#define MAX_PIXELS      (16384.0 * 16384.0)

typedef struct {
  int width, height;
} SizePreset;

static const SizePreset size_presets[] = {
  { 1920, 1080 },
  { 1280, 720 },
  { 1024, 768 },
};
#define SIZE_CUSTOM G_N_ELEMENTS (size_presets)

struct _NnpExportDialog
{
  GtkWindow parent_instance;

  /* template children */
  GtkInfoBar *error_bar;
  GtkLabel *error_label;
  GtkDrawingArea *preview;
  GtkDropDown *figure_dropdown;
  GtkToggleButton *png_toggle;
  GtkToggleButton *svg_toggle;
  GtkToggleButton *pdf_toggle;
  GtkDropDown *size_dropdown;
  GtkSpinButton *width_spin;
  GtkSpinButton *height_spin;
  GtkLabel *unit_label;
  GtkLabel *scale_title;
  GtkSpinButton *scale_spin;
  GtkLabel *pixels_label;
  GtkToggleButton *light_toggle;
  GtkToggleButton *shown_toggle;
  GtkCheckButton *transparent_check;
  GtkButton *export_button;
  GtkButton *cancel_button;
  GtkButton *copy_button;
  GtkDropDown *series_dropdown;
  GtkLabel *epochs_title;
  GtkEntry *epochs_entry;
  GtkSpinButton *frames_spin;
  GtkLabel *frames_label;
  GtkCheckButton *frames_at_check;
  GtkProgressBar *replay_progress;

  /* A private copy of what was on screen when the dialog opened. */
  NnpPlotState state;
  NnpModel *model;
  NnpDataset *train;
  NnpDataset *test;
  NnpHistory *history;
  gboolean shown_dark;       /* the window was in a dark style */
  NnpHistory *summary;       /* the current epoch's numbers, or NULL */
  NnpHiddenSpaceOptions hidden_space;  /* as the Hidden Space page showed it */
  NnpPlotPin *pins;          /* copies of the pinned runs (labels and curves) */

  char *error_text;
  GtkFileChooserNative *chooser;

  /* Evolution and animation: the run to train again, and the export under way. */
  NnpReplay *replay;
  GCancellable *busy;        /* non-NULL while a replay runs */
  gint progress_permille;    /* written by the worker */
  guint progress_id;
  gboolean close_when_done;
  NnpLecture *lecture;       /* the Lecture view's rows and alpha, on the copies above */
  NnpLectureView lecture_view;
};

typedef enum {
  SERIES_NONE = 0,
  SERIES_EVOLUTION,
  SERIES_ANIMATION,
} Series;

G_DEFINE_FINAL_TYPE (NnpExportDialog, nnp_export_dialog, GTK_TYPE_WINDOW)

static const char *
format_extension (NnpFormat format)
{
  switch (format)
    {
    case NNP_FORMAT_SVG: return "svg";
    case NNP_FORMAT_PDF: return "pdf";
    case NNP_FORMAT_PNG:
    default:             return "png";
    }
}

static NnpFigure
get_figure (NnpExportDialog *self)
{
  guint i = gtk_drop_down_get_selected (self->figure_dropdown);
  return i < NNP_N_FIGURES ? (NnpFigure) i : NNP_FIGURE_BOUNDARY;
}

static Series
get_series (NnpExportDialog *self)
{
  guint i = gtk_drop_down_get_selected (self->series_dropdown);
  return self->replay != NULL && i <= SERIES_ANIMATION ? (Series) i : SERIES_NONE;
}

static NnpFormat
get_format (NnpExportDialog *self)
{
  if (gtk_toggle_button_get_active (self->svg_toggle))
    return NNP_FORMAT_SVG;
  if (gtk_toggle_button_get_active (self->pdf_toggle))
    return NNP_FORMAT_PDF;
  return NNP_FORMAT_PNG;
}

static void
get_style (NnpExportDialog *self, NnpPlotStyle *style)
{
  nnp_plot_style_init (style);
  style->dark = !gtk_toggle_button_get_active (self->light_toggle) && self->shown_dark;
  style->transparent = gtk_check_button_get_active (self->transparent_check);
}

static int
get_width (NnpExportDialog *self)
{
  return gtk_spin_button_get_value_as_int (self->width_spin);
}

static int
get_height (NnpExportDialog *self)
{
  return gtk_spin_button_get_value_as_int (self->height_spin);
}

/* Light text on the window means a dark style (also high-contrast inverse). */
static gboolean
widget_is_dark (GtkWidget *widget)
{
  GdkRGBA fg;

  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  return 0.2126 * fg.red + 0.7152 * fg.green + 0.0722 * fg.blue > 0.5;
}

/* ---- Messages in the dialog. --------------------------------------------- */

static void
show_message (NnpExportDialog *self, GtkMessageType type, const char *text)
{
  gtk_info_bar_set_message_type (self->error_bar, type);
  gtk_label_set_text (self->error_label, text);
  gtk_info_bar_set_revealed (self->error_bar, TRUE);
}

static void
show_error (NnpExportDialog *self, const char *text)
{
  g_free (self->error_text);
  self->error_text = g_strdup (text);
  show_message (self, GTK_MESSAGE_ERROR, text);
}

static void
hide_message (NnpExportDialog *self)
{
  g_clear_pointer (&self->error_text, g_free);
  gtk_info_bar_set_revealed (self->error_bar, FALSE);
}

static void
on_error_bar_response (NnpExportDialog *self, int response, GtkInfoBar *bar)
{
  if (response == GTK_RESPONSE_CLOSE)
    gtk_info_bar_set_revealed (bar, FALSE);
}

/* ---- Keeping the widgets consistent. ------------------------------------ */

static void
update_widgets (NnpExportDialog *self)
{
  gboolean png = get_format (self) == NNP_FORMAT_PNG;

  gtk_widget_set_sensitive (GTK_WIDGET (self->scale_spin), png);
  gtk_widget_set_sensitive (GTK_WIDGET (self->scale_title), png);
  gtk_label_set_text (self->unit_label, png ? _("pixels") : _("points"));
  if (png)
    {
      double scale = gtk_spin_button_get_value (self->scale_spin);
      g_autofree char *px = g_strdup_printf (_("Image of %d × %d pixels"),
                                             (int) lround (get_width (self) * scale),
                                             (int) lround (get_height (self) * scale));
      gtk_label_set_text (self->pixels_label, px);
    }
  else
    gtk_label_set_text (self->pixels_label, _("Vector: sharp at any size"));
  {
    Series series = get_series (self);
    gtk_widget_set_sensitive (GTK_WIDGET (self->series_dropdown), self->replay != NULL);
    gboolean at = gtk_check_button_get_active (self->frames_at_check);
    gboolean listed = series == SERIES_EVOLUTION || (series == SERIES_ANIMATION && at);
    gtk_widget_set_sensitive (GTK_WIDGET (self->epochs_entry), listed);
    gtk_widget_set_sensitive (GTK_WIDGET (self->epochs_title), listed);
    gtk_widget_set_sensitive (GTK_WIDGET (self->frames_spin), series == SERIES_ANIMATION && !at);
    gtk_widget_set_sensitive (GTK_WIDGET (self->frames_label), series == SERIES_ANIMATION && !at);
    gtk_widget_set_sensitive (GTK_WIDGET (self->frames_at_check), series == SERIES_ANIMATION);
    gtk_widget_set_sensitive (GTK_WIDGET (self->export_button), self->busy == NULL);
    gtk_widget_set_sensitive (GTK_WIDGET (self->copy_button), series == SERIES_NONE);
  }
  gtk_widget_queue_draw (GTK_WIDGET (self->preview));
}

static void
on_choice_changed (NnpExportDialog *self)
{
  update_widgets (self);
}

static void on_size_dropdown_selected (NnpExportDialog *self);
static void on_size_spin_changed (NnpExportDialog *self);

/* The size fields show a preset: not a choice of the user's. */
static void
set_size_fields (NnpExportDialog *self, int width, int height)
{
  g_signal_handlers_block_by_func (self->width_spin, on_size_spin_changed, self);
  g_signal_handlers_block_by_func (self->height_spin, on_size_spin_changed, self);
  gtk_spin_button_set_value (self->width_spin, width);
  gtk_spin_button_set_value (self->height_spin, height);
  g_signal_handlers_unblock_by_func (self->width_spin, on_size_spin_changed, self);
  g_signal_handlers_unblock_by_func (self->height_spin, on_size_spin_changed, self);
}

static void
on_size_dropdown_selected (NnpExportDialog *self)
{
  guint i = gtk_drop_down_get_selected (self->size_dropdown);

  if (i >= SIZE_CUSTOM)
    return;
  set_size_fields (self, size_presets[i].width, size_presets[i].height);
  update_widgets (self);
}

/* The size dropdown names the preset the fields match, or Custom. */
static void
on_size_spin_changed (NnpExportDialog *self)
{
  guint preset = SIZE_CUSTOM;

  for (guint i = 0; i < SIZE_CUSTOM; i++)
    if (size_presets[i].width == get_width (self) && size_presets[i].height == get_height (self))
      preset = i;
  g_signal_handlers_block_by_func (self->size_dropdown, on_size_dropdown_selected, self);
  gtk_drop_down_set_selected (self->size_dropdown, preset);
  g_signal_handlers_unblock_by_func (self->size_dropdown, on_size_dropdown_selected, self);
  update_widgets (self);
}

/* ---- Preview. ------------------------------------------------------------ */

static void
draw_checkerboard (cairo_t *cr, double w, double h)
{
  const double sq = 8.0;

  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, w, h);
  cairo_set_source_rgb (cr, 0.80, 0.80, 0.80);
  cairo_fill (cr);
  cairo_set_source_rgb (cr, 0.62, 0.62, 0.62);
  for (int r = 0; r * sq < h; r++)
    for (int c = r % 2; c * sq < w; c += 2)
      cairo_rectangle (cr, c * sq, r * sq, sq, sq);
  cairo_fill (cr);
  cairo_restore (cr);
}

/* What the chosen figure is drawn from: the boundary's subtitle from the
 * current numbers, which a thinned curve's last entry may lag. */
static void
figure_state (NnpExportDialog *self, NnpPlotState *state)
{
  *state = self->state;
  state->cell_px = 1;
  if (self->summary != NULL && get_figure (self) == NNP_FIGURE_BOUNDARY)
    state->history = self->summary;
}

static void
preview_draw (GtkDrawingArea *area, cairo_t *cr, int width, int height, gpointer data)
{
  NnpExportDialog *self = NNP_EXPORT_DIALOG (data);
  NnpPlotState state;
  NnpPlotStyle style;
  double fw = get_width (self), fh = get_height (self);
  double scale = MIN (width / fw, height / fh);
  double pw = fw * scale, ph = fh * scale;

  get_style (self, &style);
  /* Scaled down as a whole, the figure keeps its exported proportions
   * (text size included); heatmap cells are device pixels, so the small
   * preview stays cheap at full resolution. */
  figure_state (self, &state);

  cairo_translate (cr, floor ((width - pw) / 2), floor ((height - ph) / 2));
  if (style.transparent)
    draw_checkerboard (cr, pw, ph);
  cairo_rectangle (cr, 0, 0, pw, ph);
  cairo_clip (cr);
  cairo_scale (cr, scale, scale);
  /* Evolution: its layout with the epoch shown (the export trains again
   * for the others); animation: its last frame. */
  if (get_series (self) == SERIES_EVOLUTION)
    {
      NnpPlotFrame now = { state.epoch, state.model };
      nnp_plot_evolution (cr, fw, fh, &now, state.model != NULL ? 1 : 0, &state, &style);
    }
  else
    nnp_plot_figure (cr, get_figure (self), fw, fh, &state, &style);
}

/* ---- Export. ------------------------------------------------------------- */

/* ---- Evolution and animation: the run trained again in a worker. ------- */

typedef struct {
  NnpExportDialog *self;      /* a reference, for the state it owns */
  Series series;
  NnpFigure fig;
  NnpFormat format;
  char *path;
  int width, height;
  NnpPlotStyle style;
  NnpPlotState state;
  GArray *epochs;
  size_t n_frames;            /* written */
  gboolean same;              /* the replay met the run's model at its epoch (or did not get there) */
} SeriesJob;

static void
series_job_free (gpointer data)
{
  SeriesJob *job = data;
  g_free (job->path);
  g_array_unref (job->epochs);
  g_free (job);
}

static void
on_replay_progress (double fraction, gpointer data)
{
  NnpExportDialog *self = data;
  g_atomic_int_set (&self->progress_permille, (gint) (fraction * 1000));
}

static void
series_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  SeriesJob *job = data;
  NnpExportDialog *self = job->self;
  GError *error = NULL;
  gboolean ok;
  GArray *frames;

  job->same = TRUE;
  frames = nnp_replay_run (self->replay, (const size_t *) job->epochs->data, job->epochs->len,
                           cancellable, on_replay_progress, self, &job->same, &error);

  if (frames == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (job->series == SERIES_EVOLUTION)
    ok = nnp_plot_export_evolution (job->format, job->path, job->width, job->height,
                                    (const NnpPlotFrame *) frames->data, frames->len,
                                    &job->state, &job->style, &error);
  else
    ok = nnp_plot_export_animation (job->fig, job->format, job->path, job->width, job->height,
                                    (const NnpPlotFrame *) frames->data, frames->len,
                                    &job->state, &job->style, &error);
  job->n_frames = frames->len;
  nnp_replay_frames_free (frames);
  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static gboolean
on_progress_tick (gpointer data)
{
  NnpExportDialog *self = data;
  gtk_progress_bar_set_fraction (self->replay_progress, g_atomic_int_get (&self->progress_permille) / 1000.0);
  return G_SOURCE_CONTINUE;
}

static void
on_series_done (GObject *source, GAsyncResult *result, gpointer data)
{
  NnpExportDialog *self = NNP_EXPORT_DIALOG (source);
  SeriesJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  g_clear_handle_id (&self->progress_id, g_source_remove);
  g_clear_object (&self->busy);
  if (self->replay_progress == NULL)   /* disposed meanwhile */
    return;
  gtk_widget_set_visible (GTK_WIDGET (self->replay_progress), FALSE);
  update_widgets (self);
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *text = g_strdup_printf (_("Could not export the figure: %s"), error->message);
          show_error (self, text);
        }
      self->close_when_done = FALSE;
      return;
    }
  if (!job->same)
    {
      /* Stays open so the message is read. */
      show_message (self, GTK_MESSAGE_WARNING,
                    _("Exported, but the run was edited along the way (learning rate, units or points): "
                      "the figure shows it trained again from the settings now, not as it ran"));
      self->close_when_done = FALSE;
      return;
    }
  {
    g_autofree char *text = g_strdup_printf (g_dngettext (NULL, "Exported %zu epoch", "Exported %zu epochs",
                                                          job->n_frames), job->n_frames);
    show_message (self, GTK_MESSAGE_INFO, text);
  }
  if (self->close_when_done)
    gtk_window_close (GTK_WINDOW (self));
}

/* Parses the epochs, then trains again and writes path in a worker. */
static gboolean
start_series (NnpExportDialog *self, NnpFormat format, const char *path, int w, int h, GError **error)
{
  Series series = get_series (self);
  SeriesJob *job;
  GTask *task;
  GArray *epochs;

  if (self->busy != NULL)
    {
      g_set_error (error, NNP_ERROR, NNP_ERROR_INVALID, _("An export is already under way"));
      return FALSE;
    }
  if (series == SERIES_ANIMATION && format == NNP_FORMAT_SVG)
    {
      g_set_error (error, NNP_ERROR, NNP_ERROR_INVALID,
                   _("An animation is a PDF (one page per frame) or numbered PNG files, not SVG"));
      return FALSE;
    }
  if (series == SERIES_EVOLUTION || gtk_check_button_get_active (self->frames_at_check))
    epochs = nnp_replay_parse_epochs (gtk_editable_get_text (GTK_EDITABLE (self->epochs_entry)),
                                      self->replay->epochs, error);
  else
    {
      gtk_spin_button_update (self->frames_spin);
      epochs = nnp_replay_spread_epochs ((size_t) gtk_spin_button_get_value_as_int (self->frames_spin),
                                         self->replay->epochs);
    }
  if (epochs == NULL)
    return FALSE;

  job = g_new0 (SeriesJob, 1);
  job->self = self;
  job->series = series;
  job->fig = get_figure (self);
  job->format = format;
  job->path = g_strdup (path);
  job->width = w;
  job->height = h;
  job->epochs = epochs;
  get_style (self, &job->style);
  figure_state (self, &job->state);
  job->state.history = self->history;   /* each frame's own numbers come from it */

  self->busy = g_cancellable_new ();
  g_atomic_int_set (&self->progress_permille, 0);
  gtk_progress_bar_set_fraction (self->replay_progress, 0);
  gtk_widget_set_visible (GTK_WIDGET (self->replay_progress), TRUE);
  self->progress_id = g_timeout_add (100, on_progress_tick, self);
  update_widgets (self);

  task = g_task_new (self, self->busy, on_series_done, NULL);
  g_task_set_task_data (task, job, series_job_free);
  g_task_run_in_thread (task, series_thread);
  g_object_unref (task);
  return TRUE;
}

gboolean
nnp_export_dialog_export_to (NnpExportDialog *self, const char *path, GError **error)
{
  g_autoptr(GError) local = NULL;
  NnpPlotState state;
  NnpPlotStyle style;
  NnpFormat format;
  double scale = 1.0;
  int w, h;

  g_return_val_if_fail (NNP_IS_EXPORT_DIALOG (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* Take text still being typed into the spin buttons. */
  gtk_spin_button_update (self->width_spin);
  gtk_spin_button_update (self->height_spin);
  gtk_spin_button_update (self->scale_spin);

  if (!nnp_format_from_path (path, &format))
    format = get_format (self);
  w = get_width (self);
  h = get_height (self);
  if (format == NNP_FORMAT_PNG)
    {
      scale = gtk_spin_button_get_value (self->scale_spin);
      if (w * scale > MAX_PIXELS_SIDE || h * scale > MAX_PIXELS_SIDE ||
          w * scale * h * scale > MAX_PIXELS)
        g_set_error (&local, NNP_ERROR, NNP_ERROR_INVALID,
                     _("A PNG of %.0f × %.0f pixels is too large; lower the size or the scale."),
                     w * scale, h * scale);
    }

  if (local == NULL && get_series (self) != SERIES_NONE)
    {
      if (start_series (self, format, path, w, h, &local))
        {
          hide_message (self);
          return TRUE;
        }
    }
  else if (local == NULL)
    {
      figure_state (self, &state);
      get_style (self, &style);
      nnp_plot_export (get_figure (self), format, path, w, h, scale, &state, &style, &local);
    }

  if (local != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Could not export the figure: %s"), local->message);
      show_error (self, text);
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  hide_message (self);
  return TRUE;
}

static void
on_chooser_response (NnpExportDialog *self, int response, GtkNativeDialog *chooser)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  NnpFormat format;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  gtk_native_dialog_destroy (chooser);
  g_clear_object (&self->chooser);
  if (file == NULL)
    return;

  path = g_file_get_path (file);
  if (path == NULL)
    {
      show_error (self, _("Could not export the figure: only local files can be written."));
      return;
    }
  /* The chooser does not add an extension; the format needs one. */
  if (!nnp_format_from_path (path, &format))
    {
      char *with_ext = g_strconcat (path, ".", format_extension (get_format (self)), NULL);
      g_free (path);
      path = with_ext;
    }
  /* Closed, not destroyed: "close-request" tells the window the choices. */
  if (nnp_export_dialog_export_to (self, path, NULL))
    {
      if (self->busy != NULL)
        self->close_when_done = TRUE;   /* when the replay has written it */
      else
        gtk_window_close (GTK_WINDOW (self));
    }
}

static void
on_export_button_clicked (NnpExportDialog *self)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *name = NULL;
  NnpFormat format = get_format (self);
  const char *ext = format_extension (format);
  const char *picdir = g_get_user_special_dir (G_USER_DIRECTORY_PICTURES);

  if (self->chooser != NULL)
    return;

  self->chooser = gtk_file_chooser_native_new (_("Export Figure"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_SAVE,
                                               _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);

  switch (format)
    {
    case NNP_FORMAT_SVG:
      gtk_file_filter_set_name (filter, _("SVG images"));
      gtk_file_filter_add_mime_type (filter, "image/svg+xml");
      break;
    case NNP_FORMAT_PDF:
      gtk_file_filter_set_name (filter, _("PDF documents"));
      gtk_file_filter_add_mime_type (filter, "application/pdf");
      break;
    case NNP_FORMAT_PNG:
    default:
      gtk_file_filter_set_name (filter, _("PNG images"));
      gtk_file_filter_add_mime_type (filter, "image/png");
      break;
    }
  {
    g_autofree char *pattern = g_strconcat ("*.", ext, NULL);
    gtk_file_filter_add_pattern (filter, pattern);
  }
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);

  name = g_strdup_printf ("nnplay-%s.%s",
                          get_series (self) == SERIES_EVOLUTION ? "evolution"
                          : get_series (self) == SERIES_ANIMATION ? "animation" : nnp_figure_name (get_figure (self)),
                          ext);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  if (picdir != NULL && g_file_test (picdir, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GFile) dir = g_file_new_for_path (picdir);
      gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (self->chooser), dir, NULL);
    }

  g_signal_connect_object (self->chooser, "response", G_CALLBACK (on_chooser_response),
                           self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* ---- Clipboard. ---------------------------------------------------------- */

static void
unref_surface (gpointer surface)
{
  cairo_surface_destroy (surface);
}

gboolean
nnp_export_copy_to_clipboard (GtkWidget *widget, NnpFigure fig, int width, int height,
                              const NnpPlotState *state, const NnpPlotStyle *style)
{
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GBytes) bytes = NULL;
  NnpPlotState st;
  cairo_surface_t *surface;
  cairo_t *cr;
  int sf, pw, ph;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), FALSE);
  g_return_val_if_fail (width > 0 && height > 0, FALSE);
  g_return_val_if_fail (state != NULL && style != NULL, FALSE);

  sf = MAX (1, gtk_widget_get_scale_factor (widget));
  if ((double) width * sf > MAX_PIXELS_SIDE || (double) height * sf > MAX_PIXELS_SIDE ||
      (double) width * sf * height * sf > MAX_PIXELS)
    return FALSE;
  pw = width * sf;
  ph = height * sf;

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, pw, ph);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (surface);
      return FALSE;
    }
  st = *state;
  st.cell_px = 1;
  cr = cairo_create (surface);
  cairo_scale (cr, sf, sf);
  nnp_plot_figure (cr, fig, width, height, &st, style);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  /* Cairo's ARGB32 is premultiplied native-endian: GDK_MEMORY_DEFAULT. */
  bytes = g_bytes_new_with_free_func (cairo_image_surface_get_data (surface),
                                      (gsize) cairo_image_surface_get_stride (surface) * ph,
                                      unref_surface, surface);
  texture = gdk_memory_texture_new (pw, ph, GDK_MEMORY_DEFAULT, bytes,
                                    cairo_image_surface_get_stride (surface));
  gdk_clipboard_set_texture (gtk_widget_get_clipboard (widget), texture);
  return TRUE;
}

static void
on_copy_button_clicked (NnpExportDialog *self)
{
  NnpPlotStyle style;
  NnpPlotState state;

  get_style (self, &style);
  figure_state (self, &state);
  if (nnp_export_copy_to_clipboard (GTK_WIDGET (self), get_figure (self),
                                    get_width (self), get_height (self), &state, &style))
    {
      g_clear_pointer (&self->error_text, g_free);
      show_message (self, GTK_MESSAGE_INFO, _("The figure is on the clipboard."));
    }
  else
    show_error (self, _("Could not copy the figure: the image is too large; lower the size."));
}

/* ---- Programmatic choices. ----------------------------------------------- */

void
nnp_export_dialog_set_figure (NnpExportDialog *self, NnpFigure fig)
{
  g_return_if_fail (NNP_IS_EXPORT_DIALOG (self));
  g_return_if_fail (fig < NNP_N_FIGURES);
  gtk_drop_down_set_selected (self->figure_dropdown, fig);
}

void
nnp_export_dialog_set_format (NnpExportDialog *self, NnpFormat format)
{
  g_return_if_fail (NNP_IS_EXPORT_DIALOG (self));
  gtk_toggle_button_set_active (format == NNP_FORMAT_SVG ? self->svg_toggle :
                                format == NNP_FORMAT_PDF ? self->pdf_toggle : self->png_toggle, TRUE);
}

void
nnp_export_dialog_set_size (NnpExportDialog *self, int width, int height)
{
  g_return_if_fail (NNP_IS_EXPORT_DIALOG (self));
  g_return_if_fail (width >= 1 && height >= 1);
  set_size_fields (self, width, height);
  on_size_spin_changed (self);
}

void
nnp_export_dialog_set_scale (NnpExportDialog *self, double scale)
{
  g_return_if_fail (NNP_IS_EXPORT_DIALOG (self));
  gtk_spin_button_set_value (self->scale_spin, scale);
}

void
nnp_export_dialog_set_light (NnpExportDialog *self, gboolean light)
{
  g_return_if_fail (NNP_IS_EXPORT_DIALOG (self));
  gtk_toggle_button_set_active (light ? self->light_toggle : self->shown_toggle, TRUE);
}

void
nnp_export_dialog_set_transparent (NnpExportDialog *self, gboolean transparent)
{
  g_return_if_fail (NNP_IS_EXPORT_DIALOG (self));
  gtk_check_button_set_active (self->transparent_check, transparent);
}

const char *
nnp_export_dialog_get_error_text (NnpExportDialog *self)
{
  g_return_val_if_fail (NNP_IS_EXPORT_DIALOG (self), NULL);
  return self->error_text;
}

/* ---- GObject. ------------------------------------------------------------ */

static void
nnp_export_dialog_dispose (GObject *object)
{
  NnpExportDialog *self = NNP_EXPORT_DIALOG (object);

  if (self->chooser != NULL)
    {
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
      g_clear_object (&self->chooser);
    }
  if (self->busy != NULL)
    g_cancellable_cancel (self->busy);
  g_clear_handle_id (&self->progress_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), NNP_TYPE_EXPORT_DIALOG);
  self->replay_progress = NULL;
  G_OBJECT_CLASS (nnp_export_dialog_parent_class)->dispose (object);
}

/* Closed or destroyed while a replay runs (the task keeps the dialog alive
 * until it returns): stop it, write nothing. */
static void
nnp_export_dialog_unrealize (GtkWidget *widget)
{
  NnpExportDialog *self = NNP_EXPORT_DIALOG (widget);

  if (self->busy != NULL)
    g_cancellable_cancel (self->busy);
  GTK_WIDGET_CLASS (nnp_export_dialog_parent_class)->unrealize (widget);
}

static void
nnp_export_dialog_finalize (GObject *object)
{
  NnpExportDialog *self = NNP_EXPORT_DIALOG (object);

  nnp_lecture_free (self->lecture);
  nnp_model_free (self->model);
  nnp_dataset_free (self->train);
  nnp_dataset_free (self->test);
  nnp_history_free (self->history);
  nnp_history_free (self->summary);
  for (size_t i = 0; self->pins != NULL && i < self->state.n_pins; i++)
    {
      g_free ((char *) self->pins[i].label);
      nnp_history_free ((NnpHistory *) self->pins[i].history);
    }
  g_free (self->pins);
  g_free (self->error_text);
  nnp_replay_free (self->replay);
  G_OBJECT_CLASS (nnp_export_dialog_parent_class)->finalize (object);
}

static void
nnp_export_dialog_class_init (NnpExportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = nnp_export_dialog_dispose;
  object_class->finalize = nnp_export_dialog_finalize;
  widget_class->unrealize = nnp_export_dialog_unrealize;

  gtk_widget_class_set_template_from_resource (widget_class, NNP_EXPORT_DIALOG_RESOURCE);
  gtk_widget_class_bind_template_child (widget_class, NnpExportDialog, error_bar);
  gtk_widget_class_bind_template_child (widget_class, NnpExportDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, NnpExportDialog, preview);
  gtk_widget_class_bind_template_child (widget_class, NnpExportDialog, figure_dropdown);
  gtk_widget_class_bind_template_child (widget_class, NnpExportDialog, png_toggle);
  gtk_widget_class_bind_template_child (widget_class, NnpExportDialog, svg_toggle);
  gtk_widget_class_bind_template_child (widget_class, NnpExportDialog, pdf_toggle);
  gtk_widget_class_bind_template_child (widget_class, NnpExportDialog, size_dropdown);
  gtk_widget_class_bind_template_child (widget_class, NnpExportDialog, width_spin);
  gtk_widget_class_bind_template_child (widget_class, NnpExportDialog, height_spin);
  gtk_widget_class_bind_template_child (widget_class, NnpExportDialog, unit_label);
  gtk_widget_class_bind_template_child (widget_class, NnpExportDialog, scale_title);
  gtk_widget_class_bind_template_child (widget_class, NnpExportDialog, scale_spin);
  gtk_widget_class_bind_template_child (widget_class, NnpExportDialog, pixels_label);
  gtk_widget_class_bind_template_child (widget_class, NnpExportDialog, light_toggle);
  gtk_widget_class_bind_template_child (widget_class, NnpExportDialog, shown_toggle);
  gtk_widget_class_bind_template_child (widget_class, NnpExportDialog, transparent_check);
  gtk_widget_class_bind_template_child (widget_class, NnpExportDialog, export_button);
  gtk_widget_class_bind_template_child (widget_class, NnpExportDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, NnpExportDialog, series_dropdown);
  gtk_widget_class_bind_template_child (widget_class, NnpExportDialog, epochs_title);
  gtk_widget_class_bind_template_child (widget_class, NnpExportDialog, epochs_entry);
  gtk_widget_class_bind_template_child (widget_class, NnpExportDialog, frames_spin);
  gtk_widget_class_bind_template_child (widget_class, NnpExportDialog, frames_label);
  gtk_widget_class_bind_template_child (widget_class, NnpExportDialog, frames_at_check);
  gtk_widget_class_bind_template_child (widget_class, NnpExportDialog, replay_progress);
  gtk_widget_class_bind_template_child (widget_class, NnpExportDialog, copy_button);
  gtk_widget_class_bind_template_callback (widget_class, on_error_bar_response);
  gtk_widget_class_bind_template_callback (widget_class, on_choice_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_size_dropdown_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_size_spin_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_export_button_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_copy_button_clicked);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
nnp_export_dialog_init (NnpExportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  nnp_plot_state_init (&self->state);
  gtk_drawing_area_set_draw_func (self->preview, preview_draw, self, NULL);
}

GtkWidget *
nnp_export_dialog_new (GtkWindow *parent, const NnpPlotState *state, NnpFigure current)
{
  NnpExportDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (state != NULL, NULL);

  self = g_object_new (NNP_TYPE_EXPORT_DIALOG, "transient-for", parent, NULL);

  /* The live model, points and history keep changing while training. */
  self->model = state->model ? nnp_model_dup (state->model) : NULL;
  self->train = state->train ? nnp_dataset_dup (state->train) : NULL;
  self->test = state->test ? nnp_dataset_dup (state->test) : NULL;
  self->history = state->history ? nnp_history_dup (state->history) : NULL;
  self->state = *state;
  self->state.model = self->model;
  self->state.train = self->train;
  self->state.test = self->test;
  self->state.history = self->history;
  if (state->hidden_space != NULL)
    {
      self->hidden_space = *state->hidden_space;
      self->state.hidden_space = &self->hidden_space;
    }
  self->state.n_pins = state->pins != NULL ? MIN (state->n_pins, (size_t) NNP_PLOT_MAX_PINS) : 0;
  self->pins = self->state.n_pins > 0 ? g_new0 (NnpPlotPin, self->state.n_pins) : NULL;
  for (size_t i = 0; i < self->state.n_pins; i++)
    {
      self->pins[i].label = g_strdup (state->pins[i].label);
      self->pins[i].history = state->pins[i].history ? nnp_history_dup (state->pins[i].history) : NULL;
      self->pins[i].history_stride = state->pins[i].history_stride;
    }
  self->state.pins = self->pins;

  self->shown_dark = widget_is_dark (parent ? GTK_WIDGET (parent) : GTK_WIDGET (self));
  /* The Lecture view's rows, alpha and phase, from its theta (theta(t)
   * during a step taken apart), computed again on the copied points. */
  self->state.lecture_view = NULL;
  if (state->lecture_view != NULL && state->lecture_view->lecture != NULL && self->train != NULL
      && self->train->n == state->lecture_view->lecture->n)
    {
      const NnpLecture *lec = state->lecture_view->lecture;
      NnpModel theta = { .theta = lec->theta, .act = lec->act };
      self->lecture = nnp_lecture_new (&theta, self->train, lec->rows, lec->r, lec->alpha);
      self->lecture_view = *state->lecture_view;
      self->lecture_view.lecture = self->lecture;
      self->lecture_view.hover_matrix = NNP_LM_NONE;
      if (self->lecture != NULL)
        self->state.lecture_view = &self->lecture_view;
    }
  nnp_export_dialog_set_figure (self, current < NNP_N_FIGURES ? current : NNP_FIGURE_BOUNDARY);
  update_widgets (self);
  return GTK_WIDGET (self);
}

void
nnp_export_dialog_set_summary (NnpExportDialog *self, const NnpHistory *summary)
{
  g_return_if_fail (NNP_IS_EXPORT_DIALOG (self));
  nnp_history_free (self->summary);
  self->summary = summary != NULL ? nnp_history_dup (summary) : NULL;
  gtk_widget_queue_draw (GTK_WIDGET (self->preview));
}

void
nnp_export_dialog_get_choices (NnpExportDialog *self, NnpExportChoices *out)
{
  g_return_if_fail (NNP_IS_EXPORT_DIALOG (self));
  out->figure = get_figure (self);
  out->format = get_format (self);
  out->light = gtk_toggle_button_get_active (self->light_toggle);
  out->transparent = gtk_check_button_get_active (self->transparent_check);
}

void
nnp_export_dialog_set_choices (NnpExportDialog *self, const NnpExportChoices *choices)
{
  g_return_if_fail (NNP_IS_EXPORT_DIALOG (self));
  nnp_export_dialog_set_figure (self, choices->figure);
  nnp_export_dialog_set_format (self, choices->format);
  nnp_export_dialog_set_light (self, choices->light);
  nnp_export_dialog_set_transparent (self, choices->transparent);
}

void
nnp_export_dialog_set_replay (NnpExportDialog *self, NnpReplay *replay)
{
  g_return_if_fail (NNP_IS_EXPORT_DIALOG (self));
  g_return_if_fail (self->busy == NULL);
  nnp_replay_free (self->replay);
  self->replay = replay;
  update_widgets (self);
}

void
nnp_export_dialog_set_series (NnpExportDialog *self, guint series)
{
  g_return_if_fail (NNP_IS_EXPORT_DIALOG (self));
  gtk_drop_down_set_selected (self->series_dropdown, MIN (series, (guint) SERIES_ANIMATION));
}

gboolean
nnp_export_dialog_get_busy (NnpExportDialog *self)
{
  g_return_val_if_fail (NNP_IS_EXPORT_DIALOG (self), FALSE);
  return self->busy != NULL;
}
