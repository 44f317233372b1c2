/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nnp-seed.c: one way from a 64-bit seed to a seeded mt19937. */
#define G_LOG_DOMAIN "nnplay-engine"
#include "config.h"

#include "nnplay/nnp-seed.h"

unsigned long
nnp_seed_fold (uint64_t seed)
{
  return (unsigned long) ((seed ^ (seed >> 32)) & 0xffffffffu);
}

gsl_rng *
nnp_rng_new (uint64_t seed)
{
  gsl_rng *r = gsl_rng_alloc (gsl_rng_mt19937);

  if (r != NULL)
    gsl_rng_set (r, nnp_seed_fold (seed));
  return r;
}
