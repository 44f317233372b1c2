#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# screenshot.sh: takes the README/metainfo screenshot of nnplay under Xvfb into data/screenshots/nnplay.png.
#
# Usage: build-aux/screenshot.sh [BUILD_DIR] [OUTPUT.png]
#   BUILD_DIR defaults to $NNP_BUILDDIR or _build (as build-aux/dev.sh), built;
#   OUTPUT defaults to data/screenshots/nnplay.png in the source tree.
#   NNPLAY_STYLE=dark takes it in the dark style instead.
# Needs xvfb-run, xdotool and ImageMagick's import (Debian: xvfb xdotool imagemagick).
set -euo pipefail

src=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-${NNP_BUILDDIR:-$src/_build}}
out=${2:-$src/data/screenshots/nnplay.png}
nnplay="$build/src/app/nnplay"

for tool in xvfb-run xdotool import; do
  command -v "$tool" >/dev/null || { echo "screenshot.sh: $tool is missing" >&2; exit 1; }
done
[ -x "$nnplay" ] || { echo "screenshot.sh: $nnplay not built (meson compile -C $build)" >&2; exit 1; }
mkdir -p "$(dirname "$out")"

theme=Adwaita
[ "${NNPLAY_STYLE:-light}" = dark ] && theme=Adwaita:dark

# The benchmark mode trains two moons (1,000 points, h = 8) and quits by
# itself; the picture is taken while it trains. Settings stay in memory.
xvfb-run -a -s '-screen 0 1400x900x24' env \
  GSK_RENDERER=cairo GTK_A11Y=none GTK_THEME="$theme" \
  GSETTINGS_BACKEND=memory GSETTINGS_SCHEMA_DIR="$build/data" NNPLAY_NON_UNIQUE=1 \
  NNPLAY="$nnplay" OUT="$out" \
  bash -c '
    "$NNPLAY" --benchmark 8 >/dev/null &
    pid=$!
    wid=$(xdotool search --sync --onlyvisible --pid "$pid" | tail -n 1)
    sleep 6
    import -window "$wid" "$OUT"
    wait "$pid"
  '
echo "wrote $out"
