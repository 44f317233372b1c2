/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-export-dialog.c: the Export Figure dialog writes PNG, SVG and PDF as chosen, and copies to the clipboard. */
#define _GNU_SOURCE 1   /* sigaction, SA_RESETHAND */
#define G_LOG_DOMAIN "nnplay-test-export"
#include "config.h"

#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>
#include <string.h>
#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include "../pdf-check.h"
#include <nnplay/nnp-error.h>

#include "nnp-export-dialog.h"

typedef struct {
  NnpDataset *all, *train, *test;
  guint8 *mask;
  NnpModel *model;
  NnpHistory *history;
  NnpPlotState state;
  char *dir;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  f->all = nnp_dataset_generate (NNP_GEN_MOONS, 120, 0.15, 7);
  f->mask = g_new0 (guint8, f->all->n);
  nnp_split_mask (f->mask, f->all->n, 0.25, 7);
  f->train = nnp_dataset_subset (f->all, f->mask, 0);
  f->test = nnp_dataset_subset (f->all, f->mask, 1);
  f->model = nnp_model_alloc (2, 5, NNP_ACT_TANH);
  nnp_model_init_random (f->model, 11);
  f->history = nnp_history_new (1);
  for (int t = 0; t < 30; t++)
    nnp_history_append (f->history, 0.7 * exp (-0.07 * t), 0.5 + t / 70.0, 0.72 * exp (-0.06 * t), 0.5 + t / 75.0);
  nnp_plot_state_init (&f->state);
  f->state.model = f->model;
  f->state.train = f->train;
  f->state.test = f->test;
  f->state.history = f->history;
  nnp_plot_state_fit_view (&f->state);
  f->dir = g_dir_make_tmp ("nnp-export-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
remove_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *p = g_build_filename (dir, name, NULL);
      g_unlink (p);
    }
  g_rmdir (dir);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  nnp_dataset_free (f->all);
  nnp_dataset_free (f->train);
  nnp_dataset_free (f->test);
  g_free (f->mask);
  nnp_model_free (f->model);
  nnp_history_free (f->history);
  remove_dir (f->dir);
  g_free (f->dir);
}

static void
spin_until (gboolean (*done) (gpointer), gpointer data)
{
  gint64 end = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  while (!done (data) && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
}

/* The main loop turned for ms milliseconds (layout, a scroll's effect). */
static void
spin_for (int ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) ms * 1000;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
}

static gboolean
is_mapped (gpointer widget)
{
  return gtk_widget_get_mapped (widget);
}

static NnpExportDialog *
open_dialog (Fixture *f, NnpFigure fig)
{
  GtkWidget *dialog = nnp_export_dialog_new (NULL, &f->state, fig);

  g_assert_true (NNP_IS_EXPORT_DIALOG (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
  spin_until (is_mapped, dialog);
  g_assert_true (gtk_widget_get_mapped (dialog));
  return NNP_EXPORT_DIALOG (dialog);
}

static gboolean
is_null (gpointer data)
{
  return *(gpointer *) data == NULL;
}

/* Destroys the dialog and checks it is finalized (nothing leaks a ref). */
static void
close_dialog (NnpExportDialog *dialog)
{
  gpointer alive = dialog;

  g_object_add_weak_pointer (G_OBJECT (dialog), &alive);
  gtk_window_destroy (GTK_WINDOW (dialog));
  spin_until (is_null, &alive);
  g_assert_null (alive);
}

static GObject *
child (NnpExportDialog *dialog, const char *name)
{
  GObject *obj = gtk_widget_get_template_child (GTK_WIDGET (dialog), NNP_TYPE_EXPORT_DIALOG, name);

  g_assert_nonnull (obj);
  return obj;
}

static char *
path_in (Fixture *f, const char *name)
{
  return g_build_filename (f->dir, name, NULL);
}

/* ---- File checks. -------------------------------------------------------- */

static double
luminance (const guint8 *px)   /* cairo ARGB32 (premultiplied; used on opaque pixels) */
{
  guint32 v = *(const guint32 *) px;
  return (0.2126 * ((v >> 16) & 0xff) + 0.7152 * ((v >> 8) & 0xff) + 0.0722 * (v & 0xff)) / 255.0;
}

static guint
alpha_at (const guint8 *px)
{
  return (*(const guint32 *) px) >> 24;
}

/* Loads the PNG, checks its size, returns the surface (for pixel checks). */
static cairo_surface_t *
check_png (const char *path, int width, int height)
{
  cairo_surface_t *s = cairo_image_surface_create_from_png (path);

  g_assert_cmpint (cairo_surface_status (s), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (s), ==, width);
  g_assert_cmpint (cairo_image_surface_get_height (s), ==, height);
  return s;
}

static const guint8 *
pixel (cairo_surface_t *s, int x, int y)
{
  cairo_surface_flush (s);
  return cairo_image_surface_get_data (s) + y * cairo_image_surface_get_stride (s) + 4 * x;
}

typedef struct {
  gboolean saw_svg_root;
  int elements;
  char *width;
} SvgInfo;

static void
svg_start (GMarkupParseContext *ctx, const char *name, const char **attr_names,
           const char **attr_values, gpointer data, GError **error)
{
  SvgInfo *info = data;

  if (info->elements++ == 0 && strcmp (name, "svg") == 0)
    {
      info->saw_svg_root = TRUE;
      for (int i = 0; attr_names[i]; i++)
        if (strcmp (attr_names[i], "width") == 0)
          info->width = g_strdup (attr_values[i]);
    }
}

/* Well-formed XML whose root is <svg width="W..."> with more than a few elements. */
static void
check_svg (const char *path, int width)
{
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  GMarkupParser parser = { svg_start, NULL, NULL, NULL, NULL };
  SvgInfo info = { FALSE, 0, NULL };
  GMarkupParseContext *ctx;
  gsize len;

  g_assert_true (g_file_get_contents (path, &text, &len, &error));
  ctx = g_markup_parse_context_new (&parser, 0, &info, NULL);
  g_assert_true (g_markup_parse_context_parse (ctx, text, len, &error) &&
                 g_markup_parse_context_end_parse (ctx, &error));
  g_assert_no_error (error);
  g_markup_parse_context_free (ctx);
  g_assert_true (info.saw_svg_root);
  g_assert_cmpint (info.elements, >, 10);
  g_assert_nonnull (info.width);
  g_assert_cmpint ((int) g_ascii_strtod (info.width, NULL), ==, width);
  g_free (info.width);
}

/* One page of W x H points, read back by poppler (cairo 1.18 packs the page
 * objects into compressed object streams, so no byte grep finds them). */
static void
check_pdf (const char *path, int width, int height)
{
  g_autofree char *text = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (path, &text, &len, NULL));
  g_assert_true (len > 200 && memcmp (text, "%PDF-", 5) == 0);
  assert_pdf_page (path, width, height);
}

static int
count_files (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  int n = 0;

  while (d && g_dir_read_name (d) != NULL)
    n++;
  return n;
}

/* ---- Tests. -------------------------------------------------------------- */

static void
test_each_format (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  NnpExportDialog *dialog = open_dialog (f, NNP_FIGURE_ALL);
  g_autofree char *png = path_in (f, "all.png");
  g_autofree char *svg = path_in (f, "all.svg");
  g_autofree char *pdf = path_in (f, "all.pdf");
  cairo_surface_t *s;

  /* Defaults: 1920 x 1080, scale 1, light, opaque. */
  g_assert_true (nnp_export_dialog_export_to (dialog, png, &error));
  g_assert_no_error (error);
  s = check_png (png, 1920, 1080);
  g_assert_cmpuint (alpha_at (pixel (s, 2, 2)), ==, 255);
  g_assert_cmpfloat (luminance (pixel (s, 2, 2)), >, 0.85);
  cairo_surface_destroy (s);

  nnp_export_dialog_set_format (dialog, NNP_FORMAT_SVG);
  g_assert_true (nnp_export_dialog_export_to (dialog, svg, &error));
  g_assert_no_error (error);
  check_svg (svg, 1920);

  nnp_export_dialog_set_format (dialog, NNP_FORMAT_PDF);
  nnp_export_dialog_set_size (dialog, 1024, 768);
  g_assert_true (nnp_export_dialog_export_to (dialog, pdf, &error));
  g_assert_no_error (error);
  check_pdf (pdf, 1024, 768);

  /* Atomic writes leave no temporary files behind. */
  g_assert_cmpint (count_files (f->dir), ==, 3);
  g_assert_null (nnp_export_dialog_get_error_text (dialog));
  close_dialog (dialog);
}

static void
test_each_figure_scaled (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  NnpExportDialog *dialog = open_dialog (f, NNP_FIGURE_BOUNDARY);

  nnp_export_dialog_set_size (dialog, 400, 300);
  nnp_export_dialog_set_scale (dialog, 1.5);
  for (NnpFigure fig = NNP_FIGURE_BOUNDARY; fig < NNP_N_FIGURES; fig++)
    {
      g_autofree char *name = g_strdup_printf ("%s.png", nnp_figure_name (fig));
      g_autofree char *png = path_in (f, name);
      g_autofree char *svg_name = g_strdup_printf ("%s.svg", nnp_figure_name (fig));
      g_autofree char *svg = path_in (f, svg_name);

      nnp_export_dialog_set_figure (dialog, fig);
      g_assert_true (nnp_export_dialog_export_to (dialog, png, &error));
      g_assert_no_error (error);
      cairo_surface_destroy (check_png (png, 600, 450));
      /* Scale is for PNG only: the SVG keeps 400 x 300 points. */
      g_assert_true (nnp_export_dialog_export_to (dialog, svg, &error));
      g_assert_no_error (error);
      check_svg (svg, 400);
    }
  close_dialog (dialog);
}

/* The widgets drive the export as the user would set them. */
static void
test_widgets (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  NnpExportDialog *dialog = open_dialog (f, NNP_FIGURE_COST);
  GtkDropDown *sizes = GTK_DROP_DOWN (child (dialog, "size_dropdown"));
  GtkDropDown *figures = GTK_DROP_DOWN (child (dialog, "figure_dropdown"));
  GtkSpinButton *width = GTK_SPIN_BUTTON (child (dialog, "width_spin"));
  GtkSpinButton *height = GTK_SPIN_BUTTON (child (dialog, "height_spin"));
  GtkWidget *scale = GTK_WIDGET (child (dialog, "scale_spin"));
  g_autofree char *png = path_in (f, "preset.png");
  g_autofree char *noext = path_in (f, "figure");
  g_autofree char *text = NULL;
  cairo_surface_t *s;

  g_assert_cmpuint (gtk_drop_down_get_selected (figures), ==, NNP_FIGURE_COST);
  g_assert_cmpuint (gtk_drop_down_get_selected (sizes), ==, 0);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (width), ==, 1920);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (height), ==, 1080);

  gtk_drop_down_set_selected (sizes, 2);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (width), ==, 1024);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (height), ==, 768);
  g_assert_true (nnp_export_dialog_export_to (dialog, png, &error));
  g_assert_no_error (error);
  cairo_surface_destroy (check_png (png, 1024, 768));

  /* Typing a size selects "Custom", typing a preset's size selects it. */
  gtk_spin_button_set_value (width, 1000);
  g_assert_cmpuint (gtk_drop_down_get_selected (sizes), ==, 3);
  nnp_export_dialog_set_size (dialog, 1280, 720);
  g_assert_cmpuint (gtk_drop_down_get_selected (sizes), ==, 1);
  nnp_export_dialog_set_size (dialog, 333, 222);
  g_assert_cmpuint (gtk_drop_down_get_selected (sizes), ==, 3);

  /* Scale only applies to PNG. */
  g_assert_true (gtk_widget_get_sensitive (scale));
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (child (dialog, "pdf_toggle")), TRUE);
  g_assert_false (gtk_widget_get_sensitive (scale));

  /* Without a known extension the chosen format is written. */
  g_assert_true (nnp_export_dialog_export_to (dialog, noext, &error));
  g_assert_no_error (error);
  check_pdf (noext, 333, 222);

  /* A known extension wins over the chosen format. */
  g_clear_pointer (&png, g_free);
  png = path_in (f, "ext-wins.PNG");
  g_assert_true (nnp_export_dialog_export_to (dialog, png, &error));
  g_assert_no_error (error);
  s = check_png (png, 333, 222);
  cairo_surface_destroy (s);

  /* Transparent background. */
  gtk_check_button_set_active (GTK_CHECK_BUTTON (child (dialog, "transparent_check")), TRUE);
  g_assert_true (nnp_export_dialog_export_to (dialog, png, &error));
  g_assert_no_error (error);
  s = check_png (png, 333, 222);
  g_assert_cmpuint (alpha_at (pixel (s, 1, 1)), ==, 0);
  cairo_surface_destroy (s);

  /* Text still being typed into the size fields counts. */
  gtk_editable_set_text (GTK_EDITABLE (width), "640");
  gtk_editable_set_text (GTK_EDITABLE (height), "480");
  g_assert_true (nnp_export_dialog_export_to (dialog, png, &error));
  g_assert_no_error (error);
  cairo_surface_destroy (check_png (png, 640, 480));

  /* The preview draws without warnings in every figure. */
  for (guint i = 0; i < 4; i++)
    {
      gtk_drop_down_set_selected (figures, i);
      gtk_widget_queue_draw (GTK_WIDGET (child (dialog, "preview")));
      for (int k = 0; k < 20; k++)
        g_main_context_iteration (NULL, FALSE);
    }
  close_dialog (dialog);
}

/* The dialog works on its own copy: the live state may change meanwhile. */
static void
test_deep_copy (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  NnpExportDialog *dialog = open_dialog (f, NNP_FIGURE_BOUNDARY);
  g_autofree char *a = path_in (f, "before.png");
  g_autofree char *b = path_in (f, "after.png");
  g_autofree char *c = path_in (f, "fresh.png");
  g_autofree char *ta = NULL, *tb = NULL, *tc = NULL;
  gsize la, lb, lc;
  NnpExportDialog *fresh;

  nnp_export_dialog_set_size (dialog, 320, 240);
  g_assert_true (nnp_export_dialog_export_to (dialog, a, &error));
  for (size_t i = 0; i < f->model->theta->size; i++)
    f->model->theta->block[i] = -3.0 * f->model->theta->block[i] + 0.5;
  for (size_t i = 0; i < f->train->n; i++)
    f->train->y[i] = 1.0 - f->train->y[i];
  nnp_history_clear (f->history);
  g_assert_true (nnp_export_dialog_export_to (dialog, b, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (a, &ta, &la, NULL));
  g_assert_true (g_file_get_contents (b, &tb, &lb, NULL));
  g_assert_cmpmem (ta, la, tb, lb);

  /* A dialog opened now shows the changed state (so the test can fail). */
  fresh = open_dialog (f, NNP_FIGURE_BOUNDARY);
  nnp_export_dialog_set_size (fresh, 320, 240);
  g_assert_true (nnp_export_dialog_export_to (fresh, c, &error));
  g_assert_true (g_file_get_contents (c, &tc, &lc, NULL));
  g_assert_false (la == lc && memcmp (ta, tc, la) == 0);
  close_dialog (fresh);
  close_dialog (dialog);
}

static void
test_as_shown_dark (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  GtkSettings *settings = gtk_settings_get_default ();
  g_autofree char *light = path_in (f, "light.png");
  g_autofree char *dark = path_in (f, "dark.png");
  NnpExportDialog *dialog;
  cairo_surface_t *s;

  g_object_set (settings, "gtk-application-prefer-dark-theme", TRUE, NULL);
  dialog = open_dialog (f, NNP_FIGURE_COST);
  nnp_export_dialog_set_size (dialog, 300, 200);

  g_assert_true (nnp_export_dialog_export_to (dialog, light, &error));
  s = check_png (light, 300, 200);
  g_assert_cmpfloat (luminance (pixel (s, 1, 1)), >, 0.85);
  cairo_surface_destroy (s);

  nnp_export_dialog_set_light (dialog, FALSE);
  g_assert_true (nnp_export_dialog_export_to (dialog, dark, &error));
  g_assert_no_error (error);
  s = check_png (dark, 300, 200);
  g_assert_cmpuint (alpha_at (pixel (s, 1, 1)), ==, 255);
  g_assert_cmpfloat (luminance (pixel (s, 1, 1)), <, 0.35);
  cairo_surface_destroy (s);

  close_dialog (dialog);
  g_object_set (settings, "gtk-application-prefer-dark-theme", FALSE, NULL);
}

static void
test_errors (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  NnpExportDialog *dialog = open_dialog (f, NNP_FIGURE_BOUNDARY);
  g_autofree char *bad = g_build_filename (f->dir, "no", "such", "dir", "x.png", NULL);
  g_autofree char *good = path_in (f, "ok.png");
  GtkInfoBar *bar = GTK_INFO_BAR (child (dialog, "error_bar"));
  const char *shown;

  g_assert_false (gtk_info_bar_get_revealed (bar));
  g_assert_false (nnp_export_dialog_export_to (dialog, bad, &error));
  g_assert_error (error, NNP_ERROR, NNP_ERROR_IO);
  shown = nnp_export_dialog_get_error_text (dialog);
  g_assert_nonnull (shown);
  g_assert_true (g_str_has_prefix (shown, "Could not export the figure: "));
  g_assert_nonnull (strstr (shown, error->message));
  g_assert_true (gtk_info_bar_get_revealed (bar));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (child (dialog, "error_label"))), ==, shown);
  g_clear_error (&error);

  /* Too many pixels for an image surface. */
  nnp_export_dialog_set_size (dialog, 16000, 9000);
  nnp_export_dialog_set_scale (dialog, 4.0);
  g_assert_false (nnp_export_dialog_export_to (dialog, good, &error));
  g_assert_error (error, NNP_ERROR, NNP_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "A PNG of 64000 × 36000 pixels is too large; lower the size or the scale.");
  g_assert_false (g_file_test (good, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  /* A later success clears the message. */
  nnp_export_dialog_set_size (dialog, 200, 100);
  nnp_export_dialog_set_scale (dialog, 1.0);
  g_assert_true (nnp_export_dialog_export_to (dialog, good, &error));
  g_assert_no_error (error);
  g_assert_null (nnp_export_dialog_get_error_text (dialog));
  g_assert_false (gtk_info_bar_get_revealed (bar));
  close_dialog (dialog);
}

static void
test_clipboard (Fixture *f, gconstpointer data)
{
  NnpExportDialog *dialog = open_dialog (f, NNP_FIGURE_BOUNDARY);
  GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (dialog));
  int sf = gtk_widget_get_scale_factor (GTK_WIDGET (dialog));
  GValue value = G_VALUE_INIT;
  NnpPlotStyle style;
  GdkTexture *texture;
  guint8 *px;

  nnp_plot_style_init (&style);
  g_assert_true (nnp_export_copy_to_clipboard (GTK_WIDGET (dialog), NNP_FIGURE_BOUNDARY, 320, 200,
                                               &f->state, &style));
  g_assert_true (gdk_clipboard_is_local (clipboard));
  g_assert_nonnull (gdk_clipboard_get_content (clipboard));
  g_value_init (&value, GDK_TYPE_TEXTURE);
  g_assert_true (gdk_content_provider_get_value (gdk_clipboard_get_content (clipboard), &value, NULL));
  texture = g_value_get_object (&value);
  g_assert_cmpint (gdk_texture_get_width (texture), ==, 320 * sf);
  g_assert_cmpint (gdk_texture_get_height (texture), ==, 200 * sf);
  px = g_malloc (4 * 320 * sf * 200 * sf);
  gdk_texture_download (texture, px, 4 * 320 * sf);   /* cairo ARGB32 layout */
  g_assert_cmpuint (alpha_at (px), ==, 255);
  g_assert_cmpfloat (luminance (px), >, 0.85);
  g_free (px);
  g_value_unset (&value);

  /* Too large: refused, the clipboard keeps the last image. */
  g_assert_false (nnp_export_copy_to_clipboard (GTK_WIDGET (dialog), NNP_FIGURE_BOUNDARY, 40000, 200,
                                                &f->state, &style));
  close_dialog (dialog);
}

static GtkWidget *
find_chooser (void)
{
  GListModel *tops = gtk_window_get_toplevels ();   /* transfer none */

  for (guint i = 0; i < g_list_model_get_n_items (tops); i++)
    {
      g_autoptr(GObject) w = g_list_model_get_item (tops, i);
      if (GTK_IS_FILE_CHOOSER_DIALOG (w) && gtk_widget_get_mapped (GTK_WIDGET (w)))
        return GTK_WIDGET (w);
    }
  return NULL;
}

static gboolean
chooser_shown (gpointer data)
{
  return find_chooser () != NULL;
}

/* The user's path: Export... opens a file chooser; accepting a name
 * without an extension writes the chosen format with its extension and
 * closes the dialog. */
static void
test_file_chooser (Fixture *f, gconstpointer data)
{
  NnpExportDialog *dialog = open_dialog (f, NNP_FIGURE_HIDDEN);
  gpointer alive = dialog;
  g_autofree char *expected = path_in (f, "chosen.svg");
  GtkWidget *chooser;

  g_object_add_weak_pointer (G_OBJECT (dialog), &alive);
  nnp_export_dialog_set_format (dialog, NNP_FORMAT_SVG);
  gtk_widget_activate (GTK_WIDGET (child (dialog, "export_button")));
  spin_until (chooser_shown, NULL);
  chooser = find_chooser ();
  g_assert_nonnull (chooser);
  g_assert_cmpstr (gtk_file_chooser_get_current_name (GTK_FILE_CHOOSER (chooser)), ==, "nnplay-hidden.svg");
  /* A path typed as the name (a folder change would cancel the chooser's
   * first folder load, which GTK 4.8 reports in an error dialog). */
  {
    g_autofree char *typed = path_in (f, "chosen");
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), typed);
  }
  gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_ACCEPT);
  spin_until (is_null, &alive);
  if (alive != NULL)
    g_error ("the dialog is still open: %s", nnp_export_dialog_get_error_text (dialog));
  check_svg (expected, 1920);
}

/* NNP_EXPORT_HOLD=SECONDS keeps one dialog open to look at (screenshots). */
static void
hold_dialog (Fixture *f, guint seconds, gboolean dark)
{
  NnpExportDialog *dialog;
  gint64 end = g_get_monotonic_time () + (gint64) seconds * G_USEC_PER_SEC;

  if (dark)
    g_object_set (gtk_settings_get_default (), "gtk-application-prefer-dark-theme", TRUE, NULL);
  dialog = open_dialog (f, NNP_FIGURE_ALL);
  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE), g_usleep (10000);
  close_dialog (dialog);
}


static gboolean
not_busy (gpointer dialog)
{
  return !nnp_export_dialog_get_busy (dialog);
}

static void
wait_export (NnpExportDialog *dialog)
{
  gint64 end = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  while (nnp_export_dialog_get_busy (dialog) && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (not_busy (dialog));
}

static NnpReplay *
fixture_replay (Fixture *f, size_t epochs)
{
  NnpReplay *r = g_new0 (NnpReplay, 1);

  r->cfg.lr = 0.8125;
  r->cfg.hidden = 3;
  r->cfg.act = NNP_ACT_TANH;
  r->cfg.seed = 5;
  r->train = nnp_dataset_dup (f->train);
  r->epochs = epochs;
  return r;
}

/* Evolution and animation: trained again in a worker, written, and the
 * files hold the epochs asked for; bad epochs and SVG animations are
 * refused with a message. */
static void
test_series (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  NnpExportDialog *dialog = open_dialog (f, NNP_FIGURE_BOUNDARY);
  GtkEditable *entry = GTK_EDITABLE (child (dialog, "epochs_entry"));
  g_autofree char *evo = path_in (f, "evo.pdf");
  g_autofree char *anim = path_in (f, "anim.pdf");
  g_autofree char *png = path_in (f, "frame.png");
  g_autofree char *text = NULL;

  /* Without a replay only "This epoch" is offered. */
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (child (dialog, "series_dropdown"))));
  nnp_export_dialog_set_replay (dialog, fixture_replay (f, 40));
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (child (dialog, "series_dropdown"))));
  nnp_export_dialog_set_size (dialog, 900, 300);

  nnp_export_dialog_set_series (dialog, 1);
  gtk_editable_set_text (entry, "0, 5, last");
  g_assert_true (nnp_export_dialog_export_to (dialog, evo, &error));
  g_assert_no_error (error);
  g_assert_true (nnp_export_dialog_get_busy (dialog));
  wait_export (dialog);
  assert_pdf_page (evo, 900, 300);
  text = pdf_page_text (evo);
  g_assert_nonnull (strstr (text, "Epoch 0"));
  g_assert_nonnull (strstr (text, "Epoch 5"));
  g_assert_nonnull (strstr (text, "Epoch 40"));

  gtk_editable_set_text (entry, "0, 500");
  g_assert_false (nnp_export_dialog_export_to (dialog, evo, &error));
  g_assert_error (error, NNP_ERROR, NNP_ERROR_INVALID);
  g_assert_nonnull (strstr (nnp_export_dialog_get_error_text (dialog), "500"));
  g_clear_error (&error);

  nnp_export_dialog_set_series (dialog, 2);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (child (dialog, "frames_spin")), 5);
  g_assert_true (nnp_export_dialog_export_to (dialog, anim, &error));
  wait_export (dialog);
  g_assert_cmpint (pdf_page_count (anim), ==, 5);
  g_assert_true (nnp_export_dialog_export_to (dialog, png, &error));
  wait_export (dialog);
  for (int i = 1; i <= 5; i++)
    {
      g_autofree char *name = g_strdup_printf ("frame-%04d.png", i);
      g_autofree char *p = path_in (f, name);
      cairo_surface_destroy (check_png (p, 900, 300));
    }
  /* At listed epochs instead: every 10th of 40 and the last, 5 pages. */
  gtk_check_button_set_active (GTK_CHECK_BUTTON (child (dialog, "frames_at_check")), TRUE);
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (child (dialog, "frames_spin"))));
  gtk_editable_set_text (entry, "every 10");
  g_assert_true (nnp_export_dialog_export_to (dialog, anim, &error));
  wait_export (dialog);
  g_assert_cmpint (pdf_page_count (anim), ==, 5);
  gtk_editable_set_text (entry, "every 0");
  g_assert_false (nnp_export_dialog_export_to (dialog, anim, &error));
  g_clear_error (&error);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (child (dialog, "frames_at_check")), FALSE);
  {
    g_autofree char *svg = path_in (f, "anim.svg");
    g_assert_false (nnp_export_dialog_export_to (dialog, svg, &error));
    g_assert_error (error, NNP_ERROR, NNP_ERROR_INVALID);
    g_clear_error (&error);
  }

  /* A run edited along the way: its model now is not the replay's, and
   * the dialog says so. */
  {
    NnpReplay *r = fixture_replay (f, 40);
    r->current = nnp_model_alloc (2, 3, NNP_ACT_TANH);
    nnp_model_init_random (r->current, 99);
    nnp_export_dialog_set_replay (dialog, r);
    nnp_export_dialog_set_series (dialog, 1);
    gtk_editable_set_text (entry, "0, last");
    g_assert_true (nnp_export_dialog_export_to (dialog, evo, &error));
    wait_export (dialog);
    g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (child (dialog, "error_label"))), "edited"));
    /* the same model: no warning */
    r = fixture_replay (f, 40);
    {
      const size_t at[] = { 40 };
      gboolean same = FALSE;
      GArray *fr = nnp_replay_run (r, at, 1, NULL, NULL, NULL, &same, &error);
      r->current = nnp_model_dup (g_array_index (fr, NnpPlotFrame, 0).model);
      nnp_replay_frames_free (fr);
    }
    nnp_export_dialog_set_replay (dialog, r);
    g_assert_true (nnp_export_dialog_export_to (dialog, evo, &error));
    wait_export (dialog);
    g_assert_null (strstr (gtk_label_get_text (GTK_LABEL (child (dialog, "error_label"))), "edited"));
  }

  /* Closing while it trains cancels it: no file, no crash. */
  {
    g_autofree char *late = path_in (f, "late.pdf");
    nnp_export_dialog_set_replay (dialog, fixture_replay (f, 400000));
    gtk_spin_button_set_value (GTK_SPIN_BUTTON (child (dialog, "frames_spin")), 3);
    g_assert_true (nnp_export_dialog_export_to (dialog, late, &error));
    close_dialog (dialog);
    g_assert_false (g_file_test (late, G_FILE_TEST_EXISTS));
  }
}

/* The Lecture figures, with the Lecture view's rows, alpha and phase: the
 * dialog keeps its own copy (the view's lecture is freed while it is open),
 * each of the four parts in PNG, SVG and PDF. */
static void
test_lecture (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  const size_t rows[] = { 0, 1, 2, 40 };
  NnpLecture *lec = nnp_lecture_new (f->model, f->train, rows, 4, 0.125);
  NnpLectureView view;
  nnp_lecture_view_init (&view);
  view.lecture = lec;
  view.step = NNP_LECTURE_STEP_BACKWARD;
  f->state.lecture_view = &view;
  /* as a cell prints it: 4 significant digits, or 3 in e-notation below 0.01 */
  double v = fabs (lec->dZ1[3 * 5 + 2]);
  g_assert_cmpfloat (v, >, 0);
  g_autofree char *want = g_strdup_printf (v < 1e-2 ? "%.2e" : "%.4g", v);
  NnpExportDialog *dialog = open_dialog (f, NNP_FIGURE_LECTURE);
  f->state.lecture_view = NULL;
  nnp_lecture_free (lec);

  GtkDropDown *figures = GTK_DROP_DOWN (child (dialog, "figure_dropdown"));
  g_assert_cmpuint (gtk_drop_down_get_selected (figures), ==, NNP_FIGURE_LECTURE);
  g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (figures)), ==, NNP_N_FIGURES);
  nnp_export_dialog_set_size (dialog, 1024, 768);
  for (NnpFigure fig = NNP_FIGURE_LECTURE; fig <= NNP_FIGURE_UPDATE; fig++)
    {
      g_autofree char *name = g_strdup_printf ("%s.pdf", nnp_figure_name (fig));
      g_autofree char *pdf = path_in (f, name);
      g_autofree char *png_name = g_strdup_printf ("%s.png", nnp_figure_name (fig));
      g_autofree char *png = path_in (f, png_name);
      g_autofree char *svg_name = g_strdup_printf ("%s.svg", nnp_figure_name (fig));
      g_autofree char *svg = path_in (f, svg_name);
      nnp_export_dialog_set_figure (dialog, fig);
      g_assert_true (nnp_export_dialog_export_to (dialog, png, &error));
      g_assert_no_error (error);
      cairo_surface_destroy (check_png (png, 1024, 768));
      g_assert_true (nnp_export_dialog_export_to (dialog, svg, &error));
      g_assert_no_error (error);
      check_svg (svg, 1024);
      g_assert_true (nnp_export_dialog_export_to (dialog, pdf, &error));
      g_assert_no_error (error);
      check_pdf (pdf, 1024, 768);
      g_autofree char *text = pdf_page_text (pdf);
      if (fig == NNP_FIGURE_LECTURE)
        {
          /* row 41 of the view, alpha 0.125, dZ1 of row 41 shown (backward phase) */
          g_assert_nonnull (strstr (text, "41"));
          g_assert_nonnull (strstr (text, "0.125"));
          g_assert_nonnull (strstr (text, want));
        }
      if (fig == NNP_FIGURE_BACKWARD)
        g_assert_nonnull (strstr (text, "Backpropagation"));
    }
  close_dialog (dialog);
}

/* A crash in GTK's file chooser was seen once in some runs on GTK 4.18
 * (CI's Debian 13 chroot has no debugger): print the stack, with the
 * libraries' offsets, then die of the same signal, so the test still
 * fails as a crash. glibc only; sanitizer builds keep their own handler. */
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define CRASH_SANITIZED 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define CRASH_SANITIZED 1
#endif
#if defined(__GLIBC__) && !defined(CRASH_SANITIZED)
#include <execinfo.h>
#define CRASH_TRACE 1

static void
on_crash (int sig)
{
  void *frames[64];
  int n = backtrace (frames, G_N_ELEMENTS (frames));
  static const char head[] = "test-export-dialog: fatal signal; stack:\n";

  (void) !write (STDERR_FILENO, head, sizeof head - 1);
  backtrace_symbols_fd (frames, n, STDERR_FILENO);
  raise (sig);   /* SA_RESETHAND: the default action, death by sig */
}

static void
crash_trace_install (void)
{
  struct sigaction sa = { 0 };
  void *warm[1];
  const int sigs[] = { SIGSEGV, SIGBUS, SIGFPE };

  /* backtrace()'s first call loads libgcc_s (dlopen allocates): done
   * here, not in a handler that may have interrupted malloc */
  backtrace (warm, 1);
  sa.sa_handler = on_crash;
  sa.sa_flags = SA_RESETHAND | SA_NODEFER;
  sigemptyset (&sa.sa_mask);
  for (size_t i = 0; i < G_N_ELEMENTS (sigs); i++)
    sigaction (sigs[i], &sa, NULL);
}
#endif

/* The dialog fits its screen: at 1024x768 (the second run of this test,
 * in meson.build) its form scrolls instead of running past the bottom
 * edge (its natural height is about 810 px), and Copy to Clipboard is
 * in view without scrolling. */
static void
test_fits_screen (Fixture *f, gconstpointer data)
{
  NnpExportDialog *dialog = open_dialog (f, NNP_FIGURE_BOUNDARY);
  GdkDisplay *display = gtk_widget_get_display (GTK_WIDGET (dialog));
  g_autoptr (GdkMonitor) monitor = g_list_model_get_item (gdk_display_get_monitors (display), 0);
  GdkRectangle geometry;

  gdk_monitor_get_geometry (monitor, &geometry);
  spin_for (200);
  g_test_message ("dialog %d px tall on a %d px screen", gtk_widget_get_height (GTK_WIDGET (dialog)),
                  geometry.height);
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (dialog)), <=, geometry.height);
  /* Copy to Clipboard is in the header bar, in view without scrolling
   * (under the form, it had been below the fold at 768 lines) */
  GtkWidget *copy = GTK_WIDGET (child (dialog, "copy_button"));
  g_assert_nonnull (gtk_widget_get_ancestor (copy, GTK_TYPE_HEADER_BAR));
  g_assert_null (gtk_widget_get_ancestor (copy, GTK_TYPE_SCROLLED_WINDOW));
  g_assert_true (gtk_widget_get_mapped (copy));
  graphene_rect_t r;
  g_assert_true (gtk_widget_compute_bounds (copy, GTK_WIDGET (dialog), &r));
  g_test_message ("Copy at y %.0f..%.0f in a %d px dialog", r.origin.y, r.origin.y + r.size.height,
                  gtk_widget_get_height (GTK_WIDGET (dialog)));
  g_assert_cmpfloat (r.origin.y, >=, 0);
  g_assert_cmpfloat (r.origin.y + r.size.height, <=, gtk_widget_get_height (GTK_WIDGET (dialog)));
  close_dialog (dialog);
}

int
main (int argc, char *argv[])
{
  const char *hold = g_getenv ("NNP_EXPORT_HOLD");

#ifdef CRASH_TRACE
  crash_trace_install ();
#endif
  gtk_test_init (&argc, &argv, NULL);

  if (hold != NULL)
    {
      Fixture f;
      fixture_setup (&f, NULL);
      hold_dialog (&f, (guint) atoi (hold), g_getenv ("NNP_EXPORT_DARK") != NULL);
      fixture_teardown (&f, NULL);
      return 0;
    }

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/app/export/each-format", test_each_format);
  ADD ("/app/export/each-figure-scaled", test_each_figure_scaled);
  ADD ("/app/export/widgets", test_widgets);
  ADD ("/app/export/deep-copy", test_deep_copy);
  ADD ("/app/export/as-shown-dark", test_as_shown_dark);
  ADD ("/app/export/errors", test_errors);
  ADD ("/app/export/clipboard", test_clipboard);
  ADD ("/app/export/file-chooser", test_file_chooser);
  ADD ("/app/export/series", test_series);
  ADD ("/app/export/lecture", test_lecture);
  ADD ("/app/export/fits-screen", test_fits_screen);
#undef ADD

  return g_test_run ();
}
