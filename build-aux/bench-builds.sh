#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# bench-builds.sh: build nnplay-cli the ways a user or a distribution might
# (our default, CFLAGS=-O2 as Debian passes it, buildtype release, clang)
# in separate directories, then run `nnplay-cli bench` on each in turn,
# alternating, so that the kernels' speed can be compared side by side.
#
#   build-aux/bench-builds.sh [ROUNDS] [-- BENCH OPTIONS]
#   e.g. build-aux/bench-builds.sh 3 -- --seconds 1 --no-numpy
#   NNP_KERNEL_ISA=avx2 build-aux/bench-builds.sh   (force a variant)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out=${NNP_BENCH_DIR:-$here/_bench-builds}
rounds=${1:-3}
shift || true
[ "${1:-}" = "--" ] && shift
bench_args=("$@")
[ ${#bench_args[@]} -eq 0 ] && bench_args=(--seconds 1 --no-numpy)

variants=(default cflags-O2 release clang)

setup () {
  local v=$1 dir=$out/$1
  [ -f "$dir/build.ninja" ] && return 0
  case "$v" in
    default)   meson setup "$dir" "$here" ;;
    cflags-O2) CFLAGS=-O2 meson setup "$dir" "$here" ;;
    release)   meson setup "$dir" "$here" --buildtype release ;;
    clang)     CC=clang meson setup "$dir" "$here" ;;
  esac >/dev/null
}

for v in "${variants[@]}"; do
  setup "$v"
  meson compile -C "$out/$v" nnplay-cli >/dev/null
done

for ((r = 1; r <= rounds; r++)); do
  for v in "${variants[@]}"; do
    echo "== round $r: $v"
    "$out/$v/src/cli/nnplay-cli" bench "${bench_args[@]}"
  done
done
