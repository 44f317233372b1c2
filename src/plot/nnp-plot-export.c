/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nnp-plot-export.c: writing a figure to PNG, SVG or PDF atomically, through nnp-io's writer. */
#define G_LOG_DOMAIN "nnplay-plot"
#include "config.h"

#include <glib/gi18n-lib.h>

#include <math.h>
#include <string.h>
#include <cairo-pdf.h>
#include <cairo-svg.h>

#include <nnplay/nnp-error.h>
#include "nnp-io-private.h"
#include "nnp-plot-private.h"

/* Cairo's surfaces cap at 32767 device units on a side. */
#define NNP_EXPORT_MAX 32767

typedef struct {
  NnpAtomicFile *file;
  GError *error;     /* the first failed write */
} Sink;

static cairo_status_t
sink_write (void *closure, const unsigned char *data, unsigned int len)
{
  Sink *s = closure;

  if (s->error != NULL || !nnp_atomic_file_write (s->file, data, len, &s->error))
    return CAIRO_STATUS_WRITE_ERROR;
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

/* The reason alone from nnp-io's "PATH: cannot write: REASON". */
static const char *
reason (const GError *e, const char *path)
{
  const char *m = e->message;

  if (g_str_has_prefix (m, path) && g_str_has_prefix (m + strlen (path), ": cannot write: "))
    return m + strlen (path) + strlen (": cannot write: ");
  return m;
}

gboolean
nnp_plot_export (NnpFigure fig, NnpFormat format, const char *path,
                 int width, int height, double scale,
                 const NnpPlotState *state, const NnpPlotStyle *style,
                 GError **error)
{
  g_autoptr(GError) local = NULL;
  cairo_status_t status;
  Sink sink = { NULL, NULL };
  double pw, ph;

  g_return_val_if_fail ((unsigned) fig < NNP_N_FIGURES, FALSE);
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

  /* Nothing appears at path until the figure is complete (nnp-io.c). */
  sink.file = nnp_atomic_file_open (path, &local);
  if (sink.file == NULL)
    {
      g_set_error (error, NNP_ERROR, NNP_ERROR_IO, _("Cannot write “%s”: %s"), path,
                   reason (local, path));
      return FALSE;
    }

  status = render (&sink, fig, format, width, height, scale, state, style);
  if (status != CAIRO_STATUS_SUCCESS || sink.error != NULL)
    {
      g_set_error (error, NNP_ERROR, NNP_ERROR_IO, _("Cannot write “%s”: %s"), path,
                   sink.error != NULL ? reason (sink.error, path) : cairo_status_to_string (status));
      g_clear_error (&sink.error);
      nnp_atomic_file_abort (sink.file);
      return FALSE;
    }
  if (!nnp_atomic_file_commit (sink.file, &local))
    {
      g_set_error (error, NNP_ERROR, NNP_ERROR_IO, _("Cannot write “%s”: %s"), path, reason (local, path));
      return FALSE;
    }
  return TRUE;
}
