/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pdf-check.h: a PDF read back by poppler: one page of the size asked, and its text (cairo 1.18 packs page objects into compressed object streams, so no byte grep finds them). */
#pragma once

#include <glib.h>
#include <poppler.h>

/* Asserts path is one page of width x height points. */
static inline void
assert_pdf_page (const char *path, int width, int height)
{
  g_autofree char *uri = g_filename_to_uri (path, NULL, NULL);
  g_autoptr (GError) error = NULL;
  PopplerDocument *doc = poppler_document_new_from_file (uri, NULL, &error);
  PopplerPage *page;
  double pw, ph;

  g_assert_no_error (error);
  g_assert_cmpint (poppler_document_get_n_pages (doc), ==, 1);
  page = poppler_document_get_page (doc, 0);
  poppler_page_get_size (page, &pw, &ph);
  g_assert_cmpfloat_with_epsilon (pw, width, 1e-6);
  g_assert_cmpfloat_with_epsilon (ph, height, 1e-6);
  g_object_unref (page);
  g_object_unref (doc);
}

/* The text of the first page (free with g_free). */
static inline char *
pdf_page_text (const char *path)
{
  g_autofree char *uri = g_filename_to_uri (path, NULL, NULL);
  g_autoptr (GError) error = NULL;
  PopplerDocument *doc = poppler_document_new_from_file (uri, NULL, &error);
  PopplerPage *page;
  char *text;

  g_assert_no_error (error);
  page = poppler_document_get_page (doc, 0);
  text = poppler_page_get_text (page);
  g_object_unref (page);
  g_object_unref (doc);
  return text;
}

/* The number of pages, and the text of page i (free with g_free). */
static inline int
pdf_page_count (const char *path)
{
  g_autofree char *uri = g_filename_to_uri (path, NULL, NULL);
  g_autoptr (GError) error = NULL;
  PopplerDocument *doc = poppler_document_new_from_file (uri, NULL, &error);
  int n;

  g_assert_no_error (error);
  n = poppler_document_get_n_pages (doc);
  g_object_unref (doc);
  return n;
}

static inline char *
pdf_page_text_at (const char *path, int i)
{
  g_autofree char *uri = g_filename_to_uri (path, NULL, NULL);
  g_autoptr (GError) error = NULL;
  PopplerDocument *doc = poppler_document_new_from_file (uri, NULL, &error);
  PopplerPage *page;
  char *text;

  g_assert_no_error (error);
  page = poppler_document_get_page (doc, i);
  g_assert_nonnull (page);
  text = poppler_page_get_text (page);
  g_object_unref (page);
  g_object_unref (doc);
  return text;
}
