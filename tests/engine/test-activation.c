/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-activation.c: the one scalar g and g' against independent formulas and finite differences. */
#define G_LOG_DOMAIN "nnplay-test"
#include "config.h"

#include <math.h>
#include <glib.h>
#include <nnplay/nnp-model.h>

/* High-entropy points across both signs, the kink and the saturations. */
static const double zs[] = { -37.25, -7.385, -2.385, -0.731, -1e-7, 0.0, 3e-9, 0.4142, 1.7, 2.385, 9.125, 41.5 };

static void
test_values (void)
{
  for (size_t i = 0; i < G_N_ELEMENTS (zs); i++)
    {
      double z = zs[i];
      /* sigma(z) = (1 + tanh(z / 2)) / 2; tanh(z) = 2 sigma(2z) - 1, from exp */
      double s_ref = 0.5 * (1.0 + tanh (0.5 * z));
      double t_ref = fabs (z) < 20 ? expm1 (2.0 * z) / (expm1 (2.0 * z) + 2.0) : copysign (1.0, z);

      g_assert_cmpfloat_with_epsilon (nnp_activation_g (NNP_ACT_SIGMOID, z), s_ref, 1e-15);
      g_assert_cmpfloat_with_epsilon (nnp_activation_g (NNP_ACT_TANH, z), t_ref, 1e-15);
      g_assert_cmpfloat (nnp_activation_g (NNP_ACT_RELU, z), ==, z > 0 ? z : 0.0);
    }
  /* saturation without NaN */
  g_assert_cmpfloat (nnp_activation_g (NNP_ACT_SIGMOID, -800.0), ==, 0.0);
  g_assert_cmpfloat (nnp_activation_g (NNP_ACT_SIGMOID, 800.0), ==, 1.0);
  g_assert_cmpfloat (nnp_activation_g (NNP_ACT_TANH, -800.0), ==, -1.0);
}

/* g' against a central difference of g, away from ReLU's kink. */
static void
test_derivatives (void)
{
  for (NnpActivation act = 0; act < NNP_N_ACTIVATIONS; act++)
    for (size_t i = 0; i < G_N_ELEMENTS (zs); i++)
      {
        double z = zs[i], eps = 1e-6;
        double a = nnp_activation_g (act, z);
        double fd = (nnp_activation_g (act, z + eps) - nnp_activation_g (act, z - eps)) / (2 * eps);
        double dg = nnp_activation_dg (act, z, a);

        if (act == NNP_ACT_RELU && fabs (z) < eps)
          continue;
        if (fabs (dg - fd) > 1e-7 * fmax (1.0, fabs (fd)))
          g_error ("%s'(%g) = %.17g, finite difference %.17g", nnp_activation_name (act), z, dg, fd);
      }
  /* the lecture's sigma'(z) = sigma(z) (1 - sigma(z)) at a value on the slides */
  g_assert_cmpfloat (nnp_activation_dg (NNP_ACT_SIGMOID, 0.0, 0.5), ==, 0.25);
  g_assert_cmpfloat (nnp_activation_dg (NNP_ACT_RELU, 0.0, 0.0), ==, 0.0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/engine/activation/values", test_values);
  g_test_add_func ("/engine/activation/derivatives", test_derivatives);
  return g_test_run ();
}
