#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# reference.py: the lecture's vectorised numpy code, independent of the C engine;
# writes inputs and reference values for tests/engine/test-reference.c.
#
# Usage: reference.py OUT.txt
# Each line: NAME ROWS COLS v11 v12 ... (row-major, %.17g).
import sys
import numpy as np


def sigma(z):
    return 1.0 / (1.0 + np.exp(-z))


ACT = {
    "sigmoid": (sigma, lambda Z, A: A * (1.0 - A)),
    "tanh": (np.tanh, lambda Z, A: 1.0 - A * A),
    "relu": (lambda Z: np.maximum(Z, 0.0), lambda Z, A: (Z > 0.0).astype(float)),
}


def forward(X, W1, b1, W2, b2, act):
    g, _ = ACT[act]
    Z1 = b1.T + X @ W1.T          # (n x d1), broadcasting adds b1^T to each row
    A1 = g(Z1)
    Z2 = b2 + A1 @ W2.T           # (n x 1)
    A2 = sigma(Z2)
    return Z1, A1, Z2, A2


def cost(A2, Y):
    n = Y.shape[0]
    return float(-np.sum(Y * np.log(A2) + (1 - Y) * np.log(1 - A2)) / n)


def backward(X, Y, Z1, A1, A2, W2, act):
    _, gprime = ACT[act]
    n = X.shape[0]
    dZ2 = (A2 - Y) / n                         # (n x 1)
    db2 = dZ2.T @ np.ones((n, 1))              # (1 x 1)
    dW2 = dZ2.T @ A1                           # (1 x d1)
    dZ1 = (dZ2 @ W2) * gprime(Z1, A1)          # (n x d1)
    db1 = dZ1.T @ np.ones((n, 1))              # (d1 x 1)
    dW1 = dZ1.T @ X                            # (d1 x d)
    return dW1, db1, dW2, db2


def emit(out, name, a):
    a = np.atleast_2d(np.asarray(a, dtype=float))
    out.write("%s %d %d %s\n" % (name, a.shape[0], a.shape[1],
                                  " ".join("%.17g" % v for v in a.ravel())))


def main():
    out = open(sys.argv[1], "w")
    rng = np.random.RandomState(20250917)

    # The lecture's example shapes: d[0] = 3, d[1] = 4, d[2] = 1, n = 5.
    X = np.round(rng.normal(0, 1.3, (5, 3)), 3)
    Y = np.array([[1.0], [0.0], [1.0], [1.0], [0.0]])
    W1 = np.round(rng.normal(0, 0.8, (4, 3)), 3)
    b1 = np.round(rng.normal(0, 0.5, (4, 1)), 3)
    W2 = np.round(rng.normal(0, 0.9, (1, 4)), 3)
    b2 = np.array([[0.385]])
    for name, v in (("X", X), ("Y", Y), ("W1", W1), ("b1", b1), ("W2", W2), ("b2", b2)):
        emit(out, "lecture." + name, v)
    for act in ("sigmoid", "tanh", "relu"):
        Z1, A1, Z2, A2 = forward(X, W1, b1, W2, b2, act)
        dW1, db1, dW2, db2 = backward(X, Y, Z1, A1, A2, W2, act)
        for name, v in (("Z1", Z1), ("A1", A1), ("Z2", Z2), ("A2", A2), ("J", cost(A2, Y)),
                        ("dW1", dW1), ("db1", db1), ("dW2", dW2), ("db2", db2)):
            emit(out, "lecture.%s.%s" % (act, name), v)
        # The per-row deltas and one update with alpha = 0.75 (the Lecture view).
        _, gprime = ACT[act]
        dZ2 = (A2 - Y) / X.shape[0]
        dZ1 = (dZ2 @ W2) * gprime(Z1, A1)
        for name, v in (("dZ2", dZ2), ("dZ1", dZ1), ("W1_next", W1 - 0.75 * dW1),
                        ("b1_next", b1 - 0.75 * db1), ("W2_next", W2 - 0.75 * dW2),
                        ("b2_next", b2 - 0.75 * db2)):
            emit(out, "lecture.%s.%s" % (act, name), v)

    # Trajectory: 500 epochs of batch gradient descent, theta <- theta - alpha dtheta.
    n = 60
    X = np.vstack([rng.normal([-0.6, 0.4], 0.7, (n // 2, 2)), rng.normal([0.5, -0.3], 0.7, (n // 2, 2))])
    Y = np.vstack([np.zeros((n // 2, 1)), np.ones((n // 2, 1))])
    W1 = rng.normal(0, 0.7, (5, 2))
    b1 = rng.normal(0, 0.2, (5, 1))
    W2 = rng.normal(0, 0.6, (1, 5))
    b2 = np.array([[-0.1234]])
    alpha = 0.8
    for name, v in (("X", X), ("Y", Y), ("W1", W1), ("b1", b1), ("W2", W2), ("b2", b2), ("alpha", alpha)):
        emit(out, "traj." + name, v)
    for act in ("sigmoid", "tanh"):
        w1, c1, w2, c2 = W1.copy(), b1.copy(), W2.copy(), b2.copy()
        costs = []
        for t in range(500):
            Z1, A1, Z2, A2 = forward(X, w1, c1, w2, c2, act)
            costs.append(cost(A2, Y))
            dW1, db1, dW2, db2 = backward(X, Y, Z1, A1, A2, w2, act)
            w1 -= alpha * dW1
            c1 -= alpha * db1
            w2 -= alpha * dW2
            c2 -= alpha * db2
        costs.append(cost(forward(X, w1, c1, w2, c2, act)[3], Y))
        for name, v in (("J", np.array(costs)), ("W1", w1), ("b1", c1), ("W2", w2), ("b2", c2)):
            emit(out, "traj.%s.%s" % (act, name), v)
    out.close()


if __name__ == "__main__":
    main()
