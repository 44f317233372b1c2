#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# take-screenshot.sh: the metainfo screenshot: nnplay under Xvfb, training on two moons for a few seconds.
#
#   data/take-screenshot.sh BUILDDIR [OUT.png]    (default OUT: data/screenshots/nnplay.png)
set -eu

here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${1:?usage: $0 BUILDDIR [OUT.png]}" && pwd)
out=${2:-$here/screenshots/nnplay.png}

if [ -z "${NNP_IN_XVFB:-}" ]; then
  NNP_IN_XVFB=1 exec xvfb-run -a -s '-screen 0 1600x1000x24' "$0" "$build" "$out"
fi

export GSETTINGS_SCHEMA_DIR="$build/data" GSETTINGS_BACKEND=memory GSK_RENDERER=cairo GTK_A11Y=none
"$build/src/app/nnplay" &
app=$!
trap 'kill $app 2>/dev/null || true' EXIT

wid=$(xdotool search --sync --onlyvisible --name '^nnplay$' | head -1)
xdotool windowmove --sync "$wid" 0 0
xdotool windowfocus --sync "$wid"
sleep 1
xdotool key space          # Play
sleep "${NNP_SCREENSHOT_SECONDS:-1}"
xdotool key space          # Pause, so the readouts hold still
sleep 1
mkdir -p "$(dirname "$out")"
import -window "$wid" "$out"
echo "wrote $out"
