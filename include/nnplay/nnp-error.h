/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nnp-error.h: the GError domain of nnplay's file readers and writers. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define NNP_ERROR (nnp_error_quark ())

typedef enum {
  NNP_ERROR_IO,        /* cannot open, read or write a file */
  NNP_ERROR_PARSE,     /* malformed content: message says file:line:column and what was expected */
  NNP_ERROR_INVALID,   /* well-formed but wrong: a shape, a value, a version */
  NNP_ERROR_TOO_LARGE, /* more rows than allowed */
} NnpError;

GQuark nnp_error_quark (void);

G_END_DECLS
