/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nnp-plot-export.c: writing a figure to PNG, SVG or PDF atomically (temporary file, then rename). */
#define G_LOG_DOMAIN "nnplay-plot"
#include "config.h"

#include <glib/gi18n-lib.h>

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <cairo-pdf.h>
#include <cairo-svg.h>

#include <nnplay/nnp-error.h>
#include "nnp-plot-private.h"

/* Cairo's surfaces cap at 32767 device units on a side. */
#define NNP_EXPORT_MAX 32767

typedef struct {
  int fd;
  int err;      /* first errno from write(), 0 if none */
} Sink;

static cairo_status_t
sink_write (void *closure, const unsigned char *data, unsigned int len)
{
  Sink *s = closure;

  while (len > 0)
    {
      ssize_t k = write (s->fd, data, len);
      if (k < 0)
        {
          if (errno == EINTR)
            continue;
          if (s->err == 0)
            s->err = errno;
          return CAIRO_STATUS_WRITE_ERROR;
        }
      data += k;
      len -= (unsigned int) k;
    }
  return CAIRO_STATUS_SUCCESS;
}

/* Draws the figure through a surface that streams into sink; returns the
 * surface's final status. */
static cairo_status_t
render (Sink *sink, NnpFigure fig, NnpFormat format, int width, int height, double scale,
        const NnpPlotState *state, const NnpPlotStyle *style)
{
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;

  switch (format)
    {
    case NNP_FORMAT_SVG:
      surface = cairo_svg_surface_create_for_stream (sink_write, sink, width, height);
      /* unitless width/height: a 1920x1080 SVG is 1920 px wide in slides and
       * browsers, not 1920 pt (2560 px) */
      cairo_svg_surface_set_document_unit (surface, CAIRO_SVG_UNIT_USER);
      break;
    case NNP_FORMAT_PDF:
      surface = cairo_pdf_surface_create_for_stream (sink_write, sink, width, height);
      if (cairo_surface_status (surface) == CAIRO_STATUS_SUCCESS)
        {
          cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, nnp_figure_name (fig));
          cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "nnplay " PACKAGE_VERSION);
        }
      break;
    case NNP_FORMAT_PNG:
    default:
      surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                            (int) ceil (width * scale), (int) ceil (height * scale));
      break;
    }
  status = cairo_surface_status (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (surface);
      return status;
    }
  cr = cairo_create (surface);
  if (format == NNP_FORMAT_PNG)
    cairo_scale (cr, scale, scale);
  nnp_plot_figure (cr, fig, width, height, state, style);
  status = cairo_status (cr);
  cairo_destroy (cr);
  if (status == CAIRO_STATUS_SUCCESS && format == NNP_FORMAT_PNG)
    status = cairo_surface_write_to_png_stream (surface, sink_write, sink);
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  return status;
}

gboolean
nnp_plot_export (NnpFigure fig, NnpFormat format, const char *path,
                 int width, int height, double scale,
                 const NnpPlotState *state, const NnpPlotStyle *style,
                 GError **error)
{
  g_autofree char *dir = NULL, *base = NULL, *tmp = NULL, *tmpl = NULL;
  cairo_status_t status;
  Sink sink = { -1, 0 };
  double pw, ph;

  g_return_val_if_fail ((unsigned) fig <= NNP_FIGURE_ALL, FALSE);
  g_return_val_if_fail ((unsigned) format <= NNP_FORMAT_PDF, FALSE);
  g_return_val_if_fail (path != NULL && *path != '\0', FALSE);
  g_return_val_if_fail (state != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* Scale only multiplies PNG pixels; 0 means 1. */
  if (format != NNP_FORMAT_PNG || scale == 0)
    scale = 1.0;
  pw = width * scale;
  ph = height * scale;
  if (width < 1 || height < 1 || !isfinite (scale) || !(scale > 0)
      || !(pw >= 1) || !(ph >= 1) || ceil (pw) > NNP_EXPORT_MAX || ceil (ph) > NNP_EXPORT_MAX)
    {
      g_set_error (error, NNP_ERROR, NNP_ERROR_INVALID,
                   _("Cannot write “%s”: a %d×%d figure at scale %g is not possible "
                     "(each side must be 1 to %d after scaling)"),
                   path, width, height, scale, NNP_EXPORT_MAX);
      return FALSE;
    }

  /* The temporary file sits beside the target, so the rename is atomic. */
  dir = g_path_get_dirname (path);
  base = g_path_get_basename (path);
  tmp = g_strdup_printf (".%s.XXXXXX", base);
  tmpl = g_build_filename (dir, tmp, NULL);
  sink.fd = g_mkstemp_full (tmpl, O_WRONLY | O_CREAT | O_EXCL, 0666);
  if (sink.fd < 0)
    {
      int err = errno;
      g_set_error (error, NNP_ERROR, NNP_ERROR_IO, _("Cannot write “%s”: %s"), path, g_strerror (err));
      return FALSE;
    }

  status = render (&sink, fig, format, width, height, scale, state, style);
  if (status == CAIRO_STATUS_SUCCESS && fsync (sink.fd) != 0 && errno != EINVAL && sink.err == 0)
    sink.err = errno;
  if (close (sink.fd) != 0 && sink.err == 0)
    sink.err = errno;
  if (status != CAIRO_STATUS_SUCCESS || sink.err != 0)
    {
      g_set_error (error, NNP_ERROR, NNP_ERROR_IO, _("Cannot write “%s”: %s"), path,
                   sink.err != 0 ? g_strerror (sink.err) : cairo_status_to_string (status));
      g_unlink (tmpl);
      return FALSE;
    }
  if (g_rename (tmpl, path) != 0)
    {
      int err = errno;
      g_set_error (error, NNP_ERROR, NNP_ERROR_IO, _("Cannot write “%s”: %s"), path, g_strerror (err));
      g_unlink (tmpl);
      return FALSE;
    }
  return TRUE;
}
