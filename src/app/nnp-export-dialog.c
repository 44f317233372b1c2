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

  /* A private copy of what was on screen when the dialog opened. */
  NnpPlotState state;
  NnpModel *model;
  NnpDataset *train;
  NnpDataset *test;
  NnpHistory *history;
  gboolean shown_dark;       /* the window was in a dark style */
  NnpHistory *summary;       /* the current epoch's numbers, or NULL */

  char *error_text;
  GtkFileChooserNative *chooser;

  NnpLecture *lecture;       /* the Lecture view's rows and alpha, on the copies above */
  NnpLectureView lecture_view;
};

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
  nnp_plot_figure (cr, get_figure (self), fw, fh, &state, &style);
}

/* ---- Export. ------------------------------------------------------------- */

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

  if (local == NULL)
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
    gtk_window_close (GTK_WINDOW (self));
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

  name = g_strdup_printf ("nnplay-%s.%s", nnp_figure_name (get_figure (self)), ext);
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
  gtk_widget_dispose_template (GTK_WIDGET (self), NNP_TYPE_EXPORT_DIALOG);
  G_OBJECT_CLASS (nnp_export_dialog_parent_class)->dispose (object);
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
  g_free (self->error_text);
  G_OBJECT_CLASS (nnp_export_dialog_parent_class)->finalize (object);
}

static void
nnp_export_dialog_class_init (NnpExportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = nnp_export_dialog_dispose;
  object_class->finalize = nnp_export_dialog_finalize;

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
