#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
# lecture_numpy.py: the lecture's own vectorised numpy training loop, timed;
# the baseline `nnplay-cli bench` compares against.
#
# Usage: lecture_numpy.py N H SECONDS   -> prints "epochs_per_s=<float>"
import sys
import time
import numpy as np


def sigma(z):
    return 1.0 / (1.0 + np.exp(-z))


def main():
    n, h, seconds = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
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
    print("epochs_per_s=%.6g" % (epochs / elapsed))


if __name__ == "__main__":
    main()
