#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# bench-ab.sh: the kernel before and after a change, side by side. Builds
# nnplay-cli from git revision REV (in a worktree under _bench-builds/) and
# from the working tree (_build), then runs `nnplay-cli bench` on each in
# turn, ROUNDS times, so a change of load hits both alike, and prints the
# medians of each training row's epochs/s, share of the FMA limit and
# ratio to numpy.
#
#   build-aux/bench-ab.sh REV [ROUNDS] [-- BENCH OPTIONS]
#   e.g. NNP_KERNEL_ISA=avx2 build-aux/bench-ab.sh 46bbd1a 3 -- --seconds 2
#
# Each build's bench counts the operations of its own kernel source
# (OPS_PER_ROW_UNIT in src/cli/nnp-bench.c), so compare shares only
# between revisions that count alike; epochs/s always compare.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
rev=${1:?usage: bench-ab.sh REV [ROUNDS] [-- BENCH OPTIONS]}
shift
rounds=3
if [ $# -gt 0 ] && [ "$1" != "--" ]; then
  rounds=$1
  shift
fi
[ "${1:-}" = "--" ] && shift
bench_args=("$@")
[ ${#bench_args[@]} -eq 0 ] && bench_args=(--seconds 2)

sha=$(git -C "$here" rev-parse --short "$rev^{commit}")
out=${NNP_BENCH_DIR:-$here/_bench-builds}
tree=$out/rev-$sha
if [ ! -d "$tree/src" ]; then
  mkdir -p "$out"
  git -C "$here" worktree add --detach "$tree" "$sha" >/dev/null
fi
[ -f "$tree/_build/build.ninja" ] || meson setup "$tree/_build" "$tree" >/dev/null
meson compile -C "$tree/_build" nnplay-cli >/dev/null
[ -f "$here/_build/build.ninja" ] || meson setup "$here/_build" "$here" >/dev/null
meson compile -C "$here/_build" nnplay-cli >/dev/null

log=$(mktemp)
trap 'rm -f "$log"' EXIT
for ((r = 1; r <= rounds; r++)); do
  for side in "$sha" work; do
    if [ "$side" = work ]; then cli=$here/_build/src/cli/nnplay-cli; else cli=$tree/_build/src/cli/nnplay-cli; fi
    echo "== round $r: $side ($(uptime | sed 's/.*load/load/'))"
    "$cli" bench --numpy-script "$here/build-aux/lecture_numpy.py" "${bench_args[@]}" | tee -a /dev/stderr |
      sed -n "s/^train \(n=[0-9]* h=[0-9]*\) *\([0-9.]*\) epochs\/s *numpy *\(.*\)limit *\([0-9]*\)%.*/$side \1 \2 \3 \4/p" >>"$log"
  done
done 2>&1

python3 - "$log" "$sha" <<'PY'
import re, statistics, sys
rows = {}
for line in open(sys.argv[1]):
    side, n, h, eps, rest = line.split(None, 4)
    size = n + " " + h
    share = rest.split()[-1]
    m = re.search(r"x([0-9.]+)", rest)
    rows.setdefault((size, side), []).append((float(eps), int(share), float(m.group(1)) if m else None))
print("medians        %-28s %-28s" % (sys.argv[2], "working tree"))
for size in sorted({k[0] for k in rows}, key=lambda s: [int(x) for x in re.findall(r"\d+", s)]):
    cells = []
    for side in (sys.argv[2], "work"):
        v = rows.get((size, side), [])
        if not v:
            cells.append("-")
            continue
        eps = statistics.median(x[0] for x in v)
        share = statistics.median(x[1] for x in v)
        ratios = [x[2] for x in v if x[2] is not None]
        cells.append("%10.1f ep/s %3d%%%s" % (eps, share,
                     "  x%.1f" % statistics.median(ratios) if ratios else ""))
    print("%-14s %-28s %-28s" % (size, cells[0], cells[1]))
PY
