/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nnp-kernels-fb.c: the fused, tiled forward/backward pass, once per ISA variant. */
#ifndef NNP_FB_INCLUDED_FROM_KERNELS
#define G_LOG_DOMAIN "nnplay-engine"
#include "config.h"
#include "nnp-kernels-private.h"
#endif

/* GCC keeps the NaN-preserving clamps in exp as compare-and-blend
 * sequences (about six instructions for two clamps per vector) where clang
 * emits one vminpd and one vmaxpd; built with -ffinite-math-only and
 * -fno-signed-zeros (src/engine/meson.build, GCC only, this file only),
 * GCC emits min/max too.
 * No finite result changes (nothing is reassociated); the one thing lost,
 * NaN flowing through exp, the kernel replaces by checking the
 * parameters up front (the data sets are finite: nnp-csv.c and the app
 * refuse others). The grid evaluators, which draw diverged models, keep
 * IEEE semantics. */

void nnp_kernel_fb_base (FB_ARGS) { forward_backward_any (FB_PASS); }
#if NNP_DISPATCH
NNP_TARGET_V3 void nnp_kernel_fb_v3 (FB_ARGS) { forward_backward_any (FB_PASS); }
NNP_TARGET_V4 void nnp_kernel_fb_v4 (FB_ARGS) { forward_backward_any (FB_PASS); }
#endif
