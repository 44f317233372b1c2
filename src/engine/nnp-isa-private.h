/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nnp-isa-private.h: whether this build compiles per-ISA variants of its hot loops (engine-private; the plot library's heat map uses it too). */
#pragma once

/* On x86-64 with GCC or clang the hot loops are compiled once more per
 * ISA with target attributes, and the first call picks one from the CPU
 * (nnp_kernel_isa ()). Sanitizer builds keep the baseline only. */
#if defined(__has_feature)
#if __has_feature(thread_sanitizer) || __has_feature(address_sanitizer)
#define NNP_SANITIZED 1
#endif
#endif
#if defined(__SANITIZE_THREAD__) || defined(__SANITIZE_ADDRESS__)
#define NNP_SANITIZED 1
#endif
#if defined(__x86_64__) && defined(__GNUC__) && !defined(NNP_SANITIZED)
#define NNP_DISPATCH 1
#else
#define NNP_DISPATCH 0
#endif
