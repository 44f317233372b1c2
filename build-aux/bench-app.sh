#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# bench-app.sh: the window's frame rate while training at Maximum, for the
# README's table: `nnplay --benchmark` at 1920x1080 with h = 64 and 8, at
# 3840x2160 with GDK_SCALE=2 and h = 8, and at 1400x900 with h = 8, ROUNDS
# rounds alternating (so a load change hits every size alike), each in an
# Xvfb screen of its own size with GTK's cairo renderer, printing each run
# and the medians of fps, frame_ms_p95 and epochs/s.
#
# Usage: build-aux/bench-app.sh [ROUNDS [SECONDS]]   (default 5 5)
# NNP_KERNEL_ISA is passed on (avx2: what most lecture laptops have).
# Needs xvfb-run; run it on an otherwise idle machine.
set -euo pipefail

src=$(cd "$(dirname "$0")/.." && pwd)
build=${NNP_BUILDDIR:-$src/_build}
rounds=${1:-5}
seconds=${2:-5}
# name  window  hidden  GDK_SCALE
cases=("1920x1080-h64 1920x1080 64 1" "1920x1080-h8 1920x1080 8 1"
       "3840x2160@2-h8 3840x2160 8 2" "1400x900-h8 1400x900 8 1")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

for ((r = 1; r <= rounds; r++)); do
  for c in "${cases[@]}"; do
    read -r name size hidden scale <<<"$c"
    line=$(GDK_SCALE=$scale GSK_RENDERER=cairo GTK_A11Y=none NO_AT_BRIDGE=1 \
           GSETTINGS_BACKEND=memory GSETTINGS_SCHEMA_DIR="$build/data" NNPLAY_NON_UNIQUE=1 \
           XDG_STATE_HOME="$tmp/state" \
           xvfb-run -a -s "-screen 0 ${size}x24" "$build/src/app/nnplay" \
             --benchmark "$seconds" --hidden "$hidden" --window-size "$size" 2>"$tmp/err" \
           | grep '^fps=' | tail -n 1 || true)
    if [ -z "$line" ]; then
      echo "round $r $name: no figures from the app; its messages:" >&2
      tail -n 5 "$tmp/err" >&2
      continue
    fi
    echo "round $r $name $line"
    echo "$name $line" >>"$tmp/runs"
  done
done
[ -s "$tmp/runs" ] || { echo "bench-app.sh: no run gave figures" >&2; exit 1; }
python3 - "$tmp/runs" <<'PY'
import statistics, sys
runs = {}
for l in open(sys.argv[1]):
    name, *kv = l.split()
    d = dict(x.split('=') for x in kv)
    runs.setdefault(name, []).append(d)
print('case             fps (median)  frame_ms_p95 (median)  epochs/s (median)')
for name, ds in runs.items():
    med = lambda k: statistics.median(float(d[k]) for d in ds)
    print('%-16s %12.1f %22.2f %18.0f' % (name, med('fps'), med('frame_ms_p95'), med('epochs_per_s')))
PY
