#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
# lecture_numpy.py: the lecture's own vectorised numpy training loop, timed;
# the baseline `nnplay-cli bench` compares against.
#
# Usage: lecture_numpy.py N H SECONDS [ISA]
#   -> prints "epochs_per_s=<float> numpy_isa=<widest vector code numpy used>"
#
# ISA is the vector code the kernels it is compared with run ("base",
# "avx2", "avx512" or "native", the default). On x86-64, numpy (and
# OpenBLAS, where it is the BLAS) are kept to about the same, so that AVX2
# kernels forced on an AVX-512 machine meet the numpy an AVX2 laptop runs,
# not numpy's AVX-512 exp and log. ("base" keeps numpy to SSE4 at most:
# numpy has no switch for plain SSE2.) Elsewhere numpy runs as it comes.
import os
import platform
import sys
import time
import warnings

# numpy's names for what lies above each level; it reads them at import
_ABOVE_AVX2 = "AVX512F AVX512CD AVX512_SKX AVX512_CLX AVX512_CNL AVX512_ICL AVX512_SPR"
_LIMITS = {
    "avx2": (_ABOVE_AVX2, "Haswell"),
    "base": ("AVX F16C FMA3 AVX2 " + _ABOVE_AVX2, "Nehalem"),
}
_X86 = platform.machine().lower() in ("x86_64", "amd64")
if _X86 and len(sys.argv) > 4 and sys.argv[4] in _LIMITS:
    os.environ["NPY_DISABLE_CPU_FEATURES"], os.environ["OPENBLAS_CORETYPE"] = _LIMITS[sys.argv[4]]
    os.environ.pop("NPY_ENABLE_CPU_FEATURES", None)   # numpy 2 refuses both at once

# numpy warns about names this CPU or this numpy does not have
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    import numpy as np  # noqa: E402 (after the limits above)


def numpy_isa():
    """The widest vector code numpy runs here, "" when it cannot tell."""
    if not _X86:
        return "native"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:  # numpy 2 (Debian 13)
                from numpy._core._multiarray_umath import __cpu_features__ as have
            except ImportError:  # numpy 1 (Debian 12)
                from numpy.core._multiarray_umath import __cpu_features__ as have
    except Exception:
        return ""
    for name, label in (("AVX512F", "AVX-512"), ("AVX2", "AVX2"), ("AVX", "AVX")):
        if have.get(name):
            return label
    return "SSE"


def sigma(z):
    return 1.0 / (1.0 + np.exp(-z))


def main():
    n, h, seconds = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
    isa = numpy_isa()
    rng = np.random.RandomState(1)
    X = rng.normal(0, 1, (n, 2))
    Y = (X[:, :1] * X[:, 1:] > 0).astype(float)
    W1 = rng.normal(0, 1 / np.sqrt(2), (h, 2))
    b1 = np.zeros((h, 1))
    W2 = rng.normal(0, 1 / np.sqrt(h), (1, h))
    b2 = np.zeros((1, 1))
    alpha = 0.5
    ones = np.ones((n, 1))
    epochs = 0
    start = time.perf_counter()
    while True:
        # forward propagation (vectorised), as on the slides
        Z1 = b1.T + X @ W1.T
        A1 = sigma(Z1)
        Z2 = b2 + A1 @ W2.T
        A2 = sigma(Z2)
        J = -np.sum(Y * np.log(A2) + (1 - Y) * np.log(1 - A2)) / n
        # backpropagation in matrix form
        dZ2 = (A2 - Y) / n
        db2 = dZ2.T @ ones
        dW2 = dZ2.T @ A1
        dZ1 = (dZ2 @ W2) * (A1 * (1 - A1))
        db1 = dZ1.T @ ones
        dW1 = dZ1.T @ X
        # gradient descent
        W1 -= alpha * dW1
        b1 -= alpha * db1
        W2 -= alpha * dW2
        b2 -= alpha * db2
        epochs += 1
        elapsed = time.perf_counter() - start
        if elapsed >= seconds and epochs >= 3:
            break
    assert np.isfinite(J)
    print("epochs_per_s=%.6g numpy_isa=%s" % (epochs / elapsed, isa))


if __name__ == "__main__":
    main()
