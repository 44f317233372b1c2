/* SPDX-License-Identifier: GPL-3.0-or-later */
/* samples.h: how the sample data sets in data/ were generated (make-samples.c, test-csv.c). */
#pragma once

#include <nnplay/nnp-dataset.h>

typedef struct {
  NnpGenerator gen;
  size_t n;
  double noise;
  uint64_t seed;
} NnpSample;

/* data/<nnp_generator_name (gen)>.csv */
static const NnpSample nnp_samples[] = {
  { NNP_GEN_MOONS,   200, 0.1,  1 },
  { NNP_GEN_CIRCLES, 200, 0.08, 1 },
  { NNP_GEN_XOR,     200, 0.05, 1 },
  { NNP_GEN_BLOBS,   200, 0.05, 1 },
  { NNP_GEN_SPIRAL,  200, 0.04, 1 },
  { NNP_GEN_LINEAR,  200, 0.03, 1 },
};
