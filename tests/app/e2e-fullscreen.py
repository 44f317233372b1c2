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

import subprocess
import sys
import time

from e2e_app import App, binary, fail, geometry, missing, xdo


def main():
    tool = missing("xdotool", "openbox")
    if tool:
        fail(tool + " not found (build-aux/dev.sh installs it)")
    screen = xdo("getdisplaygeometry").split()
    if screen != ["1280", "720"]:
        fail("the X screen is %s, this test needs 1280x720" % "x".join(screen))

    wm = subprocess.Popen(["openbox", "--sm-disable"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(1.0)
    try:
        with App(binary()) as app:
            fullscreen(app)
    finally:
        wm.terminate()
    print("OK", flush=True)
    return 0


def fullscreen(app):
    """F11 and Escape, checked against the window's geometry."""
    app.wait_for(app.plot_area, "the plot geometry")
    wid = app.window()
    # A window that is not full screen, managed by openbox.
    xdo("windowsize", "--sync", wid, 1000, 600)
    time.sleep(1.0)
    before = geometry(wid)
    print("window before F11:", before, flush=True)
    if before[2] >= 1280 and before[3] >= 720:
        fail("the window already covers the screen before F11: %r" % (before,))

    xdo("windowactivate", "--sync", wid)
    xdo("key", "F11")
    full = app.wait_for(lambda: (lambda g: g if g[2] == 1280 and g[3] == 720 else None)(geometry(wid)),
                        "the window to cover the 1280x720 screen after F11")
    print("window in presentation mode:", full, flush=True)
    time.sleep(1.0)
    h = app.plot_area()[3]
    print("plot height in presentation mode on a 1280x720 screen:", h, flush=True)
    if h < 600:
        fail("in presentation mode on a 1280x720 screen the plot is %.0f px tall, under 600" % h)

    xdo("key", "Escape")
    after = app.wait_for(lambda: (lambda g: g if g[2] < 1280 or g[3] < 720 else None)(geometry(wid)),
                         "the window to leave full screen after Escape")
    print("window after Escape:", after, flush=True)


if __name__ == "__main__":
    sys.exit(main())
