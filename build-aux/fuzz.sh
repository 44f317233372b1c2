#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# fuzz.sh: build the libFuzzer targets of tests/fuzz with clang (ASan + UBSan)
# in _build-fuzz and run each for a while from the seeds in tests/fuzz/corpus.
#
#   build-aux/fuzz.sh [SECONDS] [TARGET...]   each target for SECONDS (default 60)
#   NNP_FUZZ_RUNS=10000000 build-aux/fuzz.sh 0 fuzz-csv   a fixed number of inputs
#
# New interesting inputs collect in _build-fuzz/corpus/TARGET; a crash leaves
# _build-fuzz/artifacts/crash-* (reproduce: _build-fuzz/tests/fuzz/TARGET FILE)
# and makes the script fail.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${NNP_FUZZ_BUILDDIR:-$here/_build-fuzz}
seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(fuzz-csv fuzz-model fuzz-session fuzz-history)

# Debian 12: clang, and the libFuzzer runtime (libclang_rt.fuzzer) with it.
packages=(clang libclang-rt-14-dev)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "fuzz.sh: installing ${missing[*]}" >&2
  sudo=()
  [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  "${sudo[@]}" apt-get update -q
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

if [ ! -f "$build/build.ninja" ]; then
  CC=clang meson setup "$build" "$here" -Dfuzzing=true -Db_sanitize=address,undefined \
    -Db_lundef=false -Dtsan_tests=disabled -Dwerror=false
fi
meson compile -C "$build" "${targets[@]}"

export ASAN_OPTIONS=abort_on_error=1:detect_leaks=1
export UBSAN_OPTIONS=halt_on_error=1:abort_on_error=1:print_stacktrace=1
export LSAN_OPTIONS=suppressions=$here/build-aux/lsan.supp:print_suppressions=0
mkdir -p "$build/artifacts"

# One target, its output in $build/TARGET.log, its exit status in
# $build/TARGET.status.
run_target () {
  local t=$1 kind=${1#fuzz-} start
  local corpus=$build/corpus/$t
  mkdir -p "$corpus"
  local limit=(-max_total_time="$seconds")
  [ -z "${NNP_FUZZ_RUNS:-}" ] || limit=(-runs="$NNP_FUZZ_RUNS")
  echo "fuzz.sh: $t ${limit[*]}" >&2
  start=$(date +%s)
  local rc=0
  "$build/tests/fuzz/$t" "${limit[@]}" -dict="$here/tests/fuzz/nnplay.dict" \
      -max_len=65536 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
      -artifact_prefix="$build/artifacts/$t-" \
      "$corpus" "$here/tests/fuzz/corpus/$kind" > "$build/$t.log" 2>&1 || rc=1
  echo "$rc $(( $(date +%s) - start ))" > "$build/$t.status"
}

# As many targets at a time as there are cores (each fuzzer is one
# thread), so CI spends SECONDS per core, not per target.
cores=$(nproc 2>/dev/null || echo 1)
for t in "${targets[@]}"; do
  rm -f "$build/$t.status"
  while [ "$(jobs -rp | wc -l)" -ge "$cores" ]; do
    wait -n || true
  done
  run_target "$t" &
done
wait

status=0
for t in "${targets[@]}"; do
  read -r rc took < "$build/$t.status" || { rc=1; took=?; }
  [ "$rc" = 0 ] || status=1
  grep -E "^(#[0-9]+.*(DONE|pulse)|stat::number_of_executed_units|stat::peak_rss_mb)|ERROR|SUMMARY" \
    "$build/$t.log" | tail -4 || true
  echo "fuzz.sh: $t: $took s, corpus $(ls "$build/corpus/$t" | wc -l) files" >&2
done
[ $status -eq 0 ] || echo "fuzz.sh: a target failed: see $build/*.log and $build/artifacts" >&2
exit $status
