/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nnp-error.c: the GError domain of nnplay's file readers and writers. */
#define G_LOG_DOMAIN "nnplay-engine"

#include "config.h"

#include "nnplay/nnp-error.h"

G_DEFINE_QUARK (nnp-error-quark, nnp_error)
