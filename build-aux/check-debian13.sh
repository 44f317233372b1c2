#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# check-debian13.sh: runs the README's `build-aux/dev.sh test` in a fresh Debian 13 (trixie) chroot.
#
#   build-aux/check-debian13.sh [meson test options]     (as root, or it re-runs itself with sudo)
#
# The base system (debootstrap --variant=minbase plus dev.sh's packages) is made
# once and kept in $NNP_DEBIAN13_CACHE (default /var/cache/nnplay/debian13); dev.sh
# tops it up when its package list changes. Every run mounts a throw-away overlay
# over that base, copies the source tree in (git ls-files: no _build, no ignored
# files) and builds and tests it from scratch. The mirror is the first Debian
# archive in this machine's apt sources (NNP_DEBIAN_MIRROR overrides it). Exits
# with dev.sh's status; the last line is the suite's "N passed, N failed" line.
set -euo pipefail

src=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cache=${NNP_DEBIAN13_CACHE:-/var/cache/nnplay/debian13}
suite=trixie

if [ "$(id -u)" -ne 0 ]; then
  exec sudo --preserve-env=NNP_DEBIAN13_CACHE,NNP_DEBIAN_MIRROR "$0" "$@"
fi

# A private mount namespace: nothing mounted here can leak to the host even if
# this script is killed before its trap runs.
if [ -z "${NNP_CHECK_UNSHARED:-}" ] && unshare --mount --propagation private true 2>/dev/null; then
  exec env NNP_CHECK_UNSHARED=1 unshare --mount --propagation private "$0" "$@"
fi

say () { echo "check-debian13.sh: $*" >&2; }

# The first plain Debian archive (not -security, -updates, ...) in the apt sources,
# one-line "deb URI SUITE ..." or deb822 "URIs:" stanzas.
find_mirror () {
  local f
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$f" ] || continue
    sed -E 's/#.*//; s/\[[^]]*\]//' "$f" |
      awk '$1 == "deb" && $3 !~ /-/ && $2 ~ /debian\/?$/ { print $2; exit }'
  done
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    # One stanza per paragraph: print its first URI when a suite has no "-".
    awk 'BEGIN { RS = ""; FS = "\n" }
         { uri = ""; plain = 0; deb = 0
           for (i = 1; i <= NF; i++) {
             if ($i ~ /^#/) continue
             if ($i ~ /^Types:/ && $i ~ /[ \t]deb([ \t]|$)/) deb = 1
             if ($i ~ /^URIs:/) { split($i, u, /[ \t]+/); uri = u[2] }
             if ($i ~ /^Suites:/) { n = split($i, s, /[ \t]+/); for (j = 2; j <= n; j++) if (s[j] !~ /-/) plain = 1 }
           }
           if ($0 ~ /Enabled:[ \t]*no/) next
           if (deb && plain && uri ~ /debian\/?$/) { print uri; exit } }' "$f"
  done
}

mirror=${NNP_DEBIAN_MIRROR:-$(find_mirror | head -n 1 || true)}
if [ -z "$mirror" ]; then
  say "no Debian archive in /etc/apt/sources.list{,.d}; set NNP_DEBIAN_MIRROR"
  exit 1
fi

# Mounts are recorded so the trap can take them down in reverse order.
mounts=()
run=
cleanup () {
  local i
  for (( i = ${#mounts[@]} - 1; i >= 0; i-- )); do
    umount "${mounts[i]}" 2>/dev/null || umount -l "${mounts[i]}" || true
  done
  mounts=()
  if [ -n "$run" ] && ! grep -qF " $run/" /proc/self/mountinfo; then
    rm -rf --one-file-system "$run"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

mount_one () {   # mount_one TARGET MOUNT-ARGS...
  local target=$1; shift
  mount "$@" "$target"
  mounts+=("$target")
}

# /proc, /sys, a small /dev of its own (the host's nodes bound in) and a /dev/shm,
# which Xvfb and GLib use.
mount_system () {
  local root=$1 node
  mount_one "$root/proc" -t proc proc
  mount_one "$root/sys" -t sysfs sysfs -o ro
  mount_one "$root/dev" -t tmpfs tmpfs -o mode=0755,size=16m
  for node in null zero full random urandom tty; do
    touch "$root/dev/$node"
    mount_one "$root/dev/$node" --bind "/dev/$node"
  done
  ln -s /proc/self/fd "$root/dev/fd"
  ln -s /proc/self/fd/0 "$root/dev/stdin"
  ln -s /proc/self/fd/1 "$root/dev/stdout"
  ln -s /proc/self/fd/2 "$root/dev/stderr"
  mkdir -p "$root/dev/shm" "$root/dev/pts"
  mount_one "$root/dev/shm" -t tmpfs tmpfs -o mode=1777,size=512m
  # Pseudo-terminals (the CLI's progress test runs it under script(1)).
  mount_one "$root/dev/pts" -t devpts devpts -o newinstance,ptmxmode=0666,mode=0620
  ln -s pts/ptmx "$root/dev/ptmx"
  cp -L /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true
}

in_chroot () {   # in_chroot ROOT COMMAND...
  local root=$1; shift
  chroot "$root" /usr/bin/env -i HOME=/root LANG=C.UTF-8 TERM=dumb \
    PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin "$@"
}

# 1. The base: debootstrap once (into a temporary directory, renamed when complete,
# so an interrupted run starts again), then let dev.sh install what it lacks.
base=$cache/base
mkdir -p "$cache"
if [ ! -f "$base/.nnplay-debootstrap-done" ]; then
  if ! command -v debootstrap >/dev/null; then
    say "installing debootstrap"
    apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends debootstrap
  fi
  rm -rf --one-file-system "$base.tmp" "$base"
  say "debootstrap --variant=minbase $suite from $mirror (once; cached in $cache)"
  debootstrap --variant=minbase "$suite" "$base.tmp" "$mirror" >"$cache/debootstrap.log" 2>&1 || {
    tail -n 30 "$cache/debootstrap.log" >&2; say "debootstrap failed"; exit 1; }
  # Packages must not start services in the chroot.
  printf '#!/bin/sh\nexit 101\n' >"$base.tmp/usr/sbin/policy-rc.d"
  chmod 755 "$base.tmp/usr/sbin/policy-rc.d"
  touch "$base.tmp/.nnplay-debootstrap-done"
  mv "$base.tmp" "$base"
fi

mkdir -p "$base/tmp/nnplay-deps"
cp "$src/build-aux/dev.sh" "$base/tmp/nnplay-deps/dev.sh"
mount_system "$base"
in_chroot "$base" bash /tmp/nnplay-deps/dev.sh deps
in_chroot "$base" apt-get clean
cleanup
rm -rf "$base/tmp/nnplay-deps"

# 2. A fresh system for this run: an overlay over the base (a full copy where
# overlayfs is not available), with the source tree copied in.
mkdir -p "$cache/runs"
run=$(mktemp -d "$cache/runs/run.XXXXXX")
root=$run/root
mkdir -p "$run/upper" "$run/work" "$root"
if ! mount -t overlay overlay -o "lowerdir=$base,upperdir=$run/upper,workdir=$run/work" "$root" 2>/dev/null; then
  say "no overlayfs here: copying the base system"
  cp -a "$base/." "$root/"
else
  mounts+=("$root")
fi

mkdir -p "$root/src/nnplay"
if git -C "$src" rev-parse --git-dir >/dev/null 2>&1; then
  # The working tree's files as they are (uncommitted edits included), not ignored ones.
  git -C "$src" ls-files -z --cached --others --exclude-standard |
    (cd "$src" && while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done) |
    tar -C "$src" --null -T - -cf - | tar -C "$root/src/nnplay" -xf -
else
  tar -C "$src" --exclude=./_build --exclude=./.git -cf - . | tar -C "$root/src/nnplay" -xf -
fi

mount_system "$root"
versions=$(in_chroot "$root" pkg-config --modversion gtk4 cairo glib-2.0 json-glib-1.0 | paste -sd' ')
say "Debian $(cat "$root/etc/debian_version"); gtk4 cairo glib json-glib: $versions; $(in_chroot "$root" gcc -dumpfullversion | sed 's/^/gcc /')"

# 3. The README's test command.
log=$run/test.log
status=0
in_chroot "$root" bash /src/nnplay/build-aux/dev.sh test "$@" 2>&1 | tee "$log" || status=$?
summary=$(grep -E '^[0-9]+ passed, [0-9]+ failed, [0-9]+ skipped$' "$log" | tail -n 1 || true)
if [ -z "$summary" ]; then
  say "Debian 13: no test summary (the build failed?)"
  [ "$status" -ne 0 ] || status=1
  exit "$status"
fi
say "Debian 13: exit status $status"
echo "$summary"
exit "$status"
