#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""bench-csv.py: loading a 1,000,000-row CSV, nnplay against numpy.loadtxt, side by side.

    build-aux/bench-csv.py [BUILD_DIR] [--repeats N]

Writes the file with `nnplay-cli generate` (%.17g features, header x1,x2,label),
then alternates: `nnplay-cli train --data FILE --epochs 0` (the whole process:
start-up, reading, the strict parse and one cost evaluation; timed from outside)
and numpy.loadtxt(FILE, delimiter=",", skiprows=1) (the call alone, in this
process). Prints every time and the medians."""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np


def main():
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap = argparse.ArgumentParser()
    ap.add_argument("build", nargs="?", default=os.path.join(here, "_build"))
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--rows", type=int, default=1000000)
    args = ap.parse_args()
    cli = os.path.join(args.build, "src", "cli", "nnplay-cli")

    with tempfile.TemporaryDirectory(prefix="nnplay-bench-csv-") as tmp:
        path = os.path.join(tmp, "big.csv")
        subprocess.run([cli, "generate", "--dataset", "moons", "--points", str(args.rows),
                        "--out", path], check=True)
        print(f"{args.rows} rows, {os.path.getsize(path) / 1e6:.1f} MB, numpy {np.__version__}")
        ours, theirs = [], []
        for r in range(args.repeats):
            t0 = time.perf_counter()
            subprocess.run([cli, "train", "--data", path, "--epochs", "0", "--quiet"], check=True)
            ours.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            a = np.loadtxt(path, delimiter=",", skiprows=1)
            theirs.append(time.perf_counter() - t0)
            assert a.shape == (args.rows, 3)
            print(f"run {r + 1}: nnplay-cli {ours[-1]:.3f} s   numpy.loadtxt {theirs[-1]:.3f} s")
        mo, mt = statistics.median(ours), statistics.median(theirs)
        print(f"median: nnplay-cli {mo:.3f} s   numpy.loadtxt {mt:.3f} s   ratio {mo / mt:.2f}")
        return 0 if mo <= mt else 1


if __name__ == "__main__":
    sys.exit(main())
