#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# dev.sh: install what is missing, build, then run the app (`run`) or every test (`test`).
#
#   build-aux/dev.sh run [FILE]   install, build, launch nnplay (headless: train with nnplay-cli)
#   build-aux/dev.sh test         install, build with -Werror, run every test
#   build-aux/dev.sh deps         only install what is missing (build-aux/check-debian13.sh caches it)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${NNP_BUILDDIR:-$here/_build}
cmd=${1:-run}
shift || true

# Debian 12 and 13 packages: the build, the libraries, and what the tests drive
# (Xvfb, xdotool, a window manager for the full-screen test, ImageMagick,
# rsvg-convert, pdftoppm, the validators).
# librsvg2-common is GTK's SVG loader (the app icon; only recommended by GTK),
# libxml2-utils the xmllint that strips blanks from the .ui resources;
# gettext for the translations, locales for the de_DE.UTF-8 test locale
# (built with localedef, no locale-gen), a CJK font for Chinese text;
# groff-base renders the man pages (tests/doc checks they format cleanly).
packages=(
  meson ninja-build pkg-config gcc libc6-dev libxml2-utils gettext locales fonts-wqy-microhei
  libglib2.0-dev libglib2.0-bin libgsl-dev libjson-glib-dev
  libcairo2-dev libpango1.0-dev libgtk-4-dev librsvg2-common libpoppler-glib-dev
  python3 python3-numpy
  xvfb xauth xdotool openbox imagemagick librsvg2-bin poppler-utils
  desktop-file-utils appstream groff-base
)

install_missing () {
  local missing=()
  for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "dev.sh: installing ${missing[*]}" >&2
  local sudo=()
  [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  "${sudo[@]}" apt-get update -q
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
}

configure () {
  local werror=$1
  if [ -f "$build/build.ninja" ]; then
    meson configure "$build" -Dwerror="$werror" >/dev/null
  else
    meson setup "$build" "$here" -Dwerror="$werror"
  fi
  meson compile -C "$build"
}

case "$cmd" in
  deps)
    install_missing
    ;;
  run)
    install_missing
    configure false
    export GSETTINGS_SCHEMA_DIR="$build/data"
    export NNPLAY_LOCALEDIR="$build/po"
    if [ -x "$build/src/app/nnplay" ] && { [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; }; then
      exec "$build/src/app/nnplay" "$@"
    fi
    echo "dev.sh: no display: training on data/moons.csv with nnplay-cli instead" >&2
    out=${NNP_OUT:-$PWD/nnplay-moons.png}
    exec "$build/src/cli/nnplay-cli" train --data "$here/data/moons.csv" --hidden 8 --lr 1.0 \
      --epochs 3000 --test-fraction 0.2 --figure all --out "$out" "$@"
    ;;
  test)
    install_missing
    configure true
    status=0
    meson test -C "$build" --print-errorlogs --num-processes 2 "$@" || status=$?
    "$here/build-aux/test-summary.py" "$build/meson-logs/testlog.json" || status=1
    exit $status
    ;;
  *)
    echo "usage: $0 run [FILE] | test [meson test options] | deps" >&2
    exit 1
    ;;
esac
