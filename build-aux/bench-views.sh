#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# bench-views.sh: what each side pane view costs the training while it is
# shown: `nnplay --benchmark` with the Training, Network, Hidden Space and
# Lecture pages in turn, ROUNDS rounds alternating (so a load change hits
# every view alike), printing each run and the medians of epochs/s and fps.
#
# Usage: build-aux/bench-views.sh [ROUNDS [SECONDS [HIDDEN]]]   (default 5 4 8)
# Needs xvfb-run; run it on an otherwise idle machine.
set -euo pipefail

src=$(cd "$(dirname "$0")/.." && pwd)
build=${NNP_BUILDDIR:-$src/_build}
rounds=${1:-5}
seconds=${2:-4}
hidden=${3:-8}
views=(training network hidden-space lecture)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

for ((r = 1; r <= rounds; r++)); do
  for v in "${views[@]}"; do
    line=$(NNPLAY_BENCHMARK_VIEW=$v GSK_RENDERER=cairo GTK_A11Y=none NO_AT_BRIDGE=1 \
           GSETTINGS_BACKEND=memory GSETTINGS_SCHEMA_DIR="$build/data" NNPLAY_NON_UNIQUE=1 \
           XDG_STATE_HOME="$tmp/state" \
           xvfb-run -a -s '-screen 0 1600x1000x24' "$build/src/app/nnplay" \
             --benchmark "$seconds" --hidden "$hidden" 2>/dev/null | grep '^fps=' | tail -n 1)
    echo "round $r $v $line"
    echo "$v $line" >>"$tmp/runs"
  done
done
python3 - "$tmp/runs" <<'PY'
import statistics, sys
runs = {}
for l in open(sys.argv[1]):
    v, *kv = l.split()
    d = dict(x.split('=') for x in kv)
    runs.setdefault(v, []).append((float(d['epochs_per_s']), float(d['fps'])))
base = statistics.median(e for e, _ in runs['training'])
print('view          epochs/s (median)  vs Training   fps (median)')
for v, rs in runs.items():
    e = statistics.median(x for x, _ in rs)
    f = statistics.median(y for _, y in rs)
    print(f'{v:13s} {e:12.0f}        {100 * (e / base - 1):+6.1f}%      {f:6.1f}')
PY
