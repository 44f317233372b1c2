/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nnp-seed.h: how a 64-bit seed becomes the 32-bit seed of GSL's mt19937, for every random draw. */
#pragma once

#include <stdint.h>
#include <gsl/gsl_rng.h>

/* mt19937 keeps only the low 32 bits of its seed, so seeds S and S + 2^32
 * once gave the same weights and shuffles (though different points). The
 * high half is folded in: (S ^ (S >> 32)) & 0xffffffff. Seeds below 2^32
 * are unchanged (every figure made with one reproduces), and S, S + 2^32
 * always differ; 2^64 seeds still share 2^32 streams. */
unsigned long nnp_seed_fold (uint64_t seed);

/* A new mt19937 seeded with nnp_seed_fold (seed); NULL without memory.
 * Weight initialisation, the generators, test splits and the trainer's
 * shuffles all draw from one of these. */
gsl_rng      *nnp_rng_new   (uint64_t seed);
