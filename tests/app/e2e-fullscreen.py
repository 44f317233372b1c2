#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
# e2e-fullscreen.py: presentation mode (F11) really takes the whole screen
# when a window manager grants it (Xvfb alone has none, so this test starts
# openbox), and the decision boundary is then at least 600 px tall on a
# 1280x720 screen; Escape gives the window back its size.
#
# Usage (inside an X server of exactly 1280x720, e.g.
#   xvfb-run -s '-screen 0 1280x720x24'): e2e-fullscreen.py NNPLAY_TEST_BINARY
# Needs xdotool and openbox (build-aux/dev.sh installs both).

import os
import shutil
import subprocess
import sys
import threading
import time


def fail(msg):
    print("FAIL: " + msg, flush=True)
    sys.exit(1)


def xdo(*args):
    return subprocess.run(["xdotool", *[str(a) for a in args]], check=True,
                          capture_output=True, text=True).stdout


def geometry(wid):
    g = dict(kv.split("=") for kv in xdo("getwindowgeometry", "--shell", wid).split())
    return int(g["X"]), int(g["Y"]), int(g["WIDTH"]), int(g["HEIGHT"])


def main():
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    for tool in ("xdotool", "openbox"):
        if shutil.which(tool) is None:
            fail(tool + " not found (build-aux/dev.sh installs it)")
    screen = xdo("getdisplaygeometry").split()
    if screen != ["1280", "720"]:
        fail("the X screen is %s, this test needs 1280x720" % "x".join(screen))

    wm = subprocess.Popen(["openbox", "--sm-disable"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(1.0)
    env = dict(os.environ, NNPLAY_NON_UNIQUE="1")
    proc = subprocess.Popen([sys.argv[1]], env=env, stdout=subprocess.PIPE, text=True)
    lines = []
    threading.Thread(target=lambda: lines.extend(iter(proc.stdout.readline, "")), daemon=True).start()

    def last(prefix):
        found = [l.split() for l in list(lines) if l.startswith(prefix + " ")]
        return found[-1] if found else None

    def wait_until(pred, what, timeout=15):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            got = pred()
            if got:
                return got
            time.sleep(0.1)
        fail("timed out waiting for " + what)

    try:
        wait_until(lambda: last("plot-area"), "the plot geometry")
        wid = xdo("search", "--sync", "--onlyvisible", "--pid", str(proc.pid)).split()[-1]
        # A window that is not full screen, managed by openbox.
        xdo("windowsize", "--sync", wid, 1000, 600)
        time.sleep(1.0)
        before = geometry(wid)
        print("window before F11:", before, flush=True)
        if before[2] >= 1280 and before[3] >= 720:
            fail("the window already covers the screen before F11: %r" % (before,))

        xdo("windowactivate", "--sync", wid)
        xdo("key", "F11")
        full = wait_until(lambda: (lambda g: g if g[2] == 1280 and g[3] == 720 else None)(geometry(wid)),
                          "the window to cover the 1280x720 screen after F11")
        print("window in presentation mode:", full, flush=True)
        time.sleep(1.0)
        h = float(last("plot-area")[4])
        print("plot height in presentation mode on a 1280x720 screen:", h, flush=True)
        if h < 600:
            fail("in presentation mode on a 1280x720 screen the plot is %.0f px tall, under 600" % h)

        xdo("key", "Escape")
        after = wait_until(lambda: (lambda g: g if g[2] < 1280 or g[3] < 720 else None)(geometry(wid)),
                           "the window to leave full screen after Escape")
        print("window after Escape:", after, flush=True)
        print("OK", flush=True)
        return 0
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
        wm.terminate()


if __name__ == "__main__":
    sys.exit(main())
