#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# sanitizers.sh: the test suites under AddressSanitizer + UndefinedBehaviorSanitizer
# (LeakSanitizer on) in _build-asan, and the trainer test under ThreadSanitizer in
# _build-tsan. .ci/run calls it after the main suite; run it alone the same way:
#
#   build-aux/sanitizers.sh [asan|tsan|all]     (default all)
#
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
what=${1:-all}
# NNP_ASAN_SUITES overrides the library suites; NNP_ASAN_APP=0 leaves out
# the GTK app suites (run second, see run_asan).
suites=${NNP_ASAN_SUITES:-engine data cli session plot}
app_suites=${NNP_ASAN_APP_SUITES:-app app-export}

setup () {
  local dir=$1; shift
  if [ ! -f "$dir/build.ninja" ]; then
    meson setup "$dir" "$here" -Dwerror=false -Db_lundef=false "$@"
  fi
}

run_asan () {
  local dir=$here/_build-asan
  setup "$dir" -Db_sanitize=address,undefined -Dtsan_tests=disabled
  meson compile -C "$dir"
  local args=()
  for s in $suites; do args+=(--suite "$s"); done
  # Leaks are errors; only named third-party caches are suppressed.
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:halt_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1 \
  LSAN_OPTIONS=suppressions=$here/build-aux/lsan.supp:print_suppressions=0 \
  UBSAN_OPTIONS=halt_on_error=1:abort_on_error=1:print_stacktrace=1 \
    meson test -C "$dir" --print-errorlogs --num-processes 2 --timeout-multiplier 3 "${args[@]}"
  [ "${NNP_ASAN_APP:-1}" != 0 ] || return 0
  # The GTK app suites (X servers under xvfb-run, real input). GTK, GLib and
  # fontconfig are built without frame pointers: LeakSanitizer needs the
  # slow unwinder to see a leak's whole stack, or the suppressions of
  # named third-party caches cannot match it.
  args=()
  for s in $app_suites; do args+=(--suite "$s"); done
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:halt_on_error=1:fast_unwind_on_malloc=0 \
  LSAN_OPTIONS=suppressions=$here/build-aux/lsan.supp:print_suppressions=0 \
  UBSAN_OPTIONS=halt_on_error=1:abort_on_error=1:print_stacktrace=1 \
    meson test -C "$dir" --no-rebuild --print-errorlogs --timeout-multiplier 3 "${args[@]}"
}

run_tsan () {
  local dir=$here/_build-tsan
  setup "$dir" -Db_sanitize=thread
  meson compile -C "$dir" test-live-trainer
  TSAN_OPTIONS="halt_on_error=1 exitcode=66 second_deadlock_stack=1" \
    meson test -C "$dir" --no-rebuild --print-errorlogs --timeout-multiplier 3 live-trainer
}

start=$(date +%s)
case "$what" in
  asan) run_asan ;;
  tsan) run_tsan ;;
  all) run_asan; run_tsan ;;
  *) echo "usage: $0 [asan|tsan|all]" >&2; exit 1 ;;
esac
echo "sanitizers.sh: $what passed in $(( $(date +%s) - start )) s"
