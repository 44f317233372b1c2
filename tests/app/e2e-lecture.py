#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
# e2e-lecture.py: the Lecture view driven with real X input (xdotool) under Xvfb:
# Alt+click on a point selects its row, hovering a cell of Z[1] highlights it,
# Shift+Right steps one phase (forward, cost, backward, update: one epoch), Right one epoch.
#
# Usage (inside an X server, e.g. xvfb-run): e2e-lecture.py NNPLAY_TEST_BINARY
# The app's NNPLAY_TEST_HOOKS lines tell where the plot, the switcher and the
# Lecture view's cells are, the shown rows, the hovered cell, the phase and the
# selected row. Exit 77 (skip) when xdotool is missing.

import sys
import time

from e2e_app import App, binary, fail, skip_unless, xdo

Z1 = 3   # NNP_LM_Z1


def main():
    skip = skip_unless("xdotool")
    if skip:
        return skip
    # Its own state folder (App's): the app is terminated at the end, and the
    # recovery file it leaves must not be offered to the other tests' windows.
    with App(binary()) as app:
        ax, ay, aw, ah = (float(v) for v in app.last("plot-area ")[1:])
        sw = [float(v) for v in app.last("widget view-lecture ")[2:]]
        wid = app.window()
        xdo("windowfocus", "--sync", wid)

        def at(x, y):
            xdo("mousemove", "--window", wid, int(x), int(y))
            time.sleep(0.05)

        # Ten class 1 points on a clear plane, row i at (0.1 + 0.08 i, 0.5) of the plot.
        at(ax + 0.5 * aw, ay + 0.97 * ah)
        xdo("click", 2)
        xdo("key", "ctrl+Delete")
        app.last("points ", want="points 0 0")
        pts = [(ax + (0.1 + 0.08 * i) * aw, ay + 0.5 * ah) for i in range(10)]
        for x, y in pts:
            at(x, y)
            xdo("click", 1)
            time.sleep(0.05)
        app.last("points ", want="points 10 10")

        # The Lecture view: the switcher's Lecture button.
        at(sw[0] + 0.5 * sw[2], sw[1] + 0.5 * sw[3])
        xdo("click", 1)
        app.last("lecture-rows ", want="lecture-rows 1,2,3,4,5,6,7,8")

        # Alt+click on point 10 selects row 10: shown after the first 8. The
        # plot may have moved with the side pane's new page: the same view,
        # so the same fractions of the plot area.
        # Wait until its geometry has settled (slow builds, e.g. under ASan,
        # can take seconds to lay the window out again, so a quiet second is
        # no proof): if the Alt+click finds no point, nothing was selected and
        # nothing added; read the geometry again and click again, a few times.
        def settle():
            settled, since = None, time.monotonic()
            deadline = since + 15
            while time.monotonic() < deadline:
                now = app.last("plot-area ")
                if now != settled:
                    settled, since = now, time.monotonic()
                elif time.monotonic() - since > 1.5:
                    break
                time.sleep(0.1)
            ax, ay, aw, ah = (float(v) for v in settled[1:])
            return [(ax + (0.1 + 0.08 * i) * aw, ay + 0.5 * ah) for i in range(10)]

        for attempt in range(5):
            pts = settle()
            at(*pts[9])
            xdo("keydown", "alt")
            xdo("click", 1)
            xdo("keyup", "alt")
            if app.last("prop selected-row ", timeout=4, want="prop selected-row 9", must=attempt == 4):
                break
            app.last("points ", want="points 10 10")    # a missed Alt+click adds nothing
            print("Alt+click selected nothing (attempt %d): reading the geometry again" % (attempt + 1),
                  flush=True)
        app.last("lecture-rows ", want="lecture-rows 1,2,3,4,5,6,7,8,10")
        app.last("points ", want="points 10 10")    # no point added

        # Hovering Z[1]'s row 1, column 2.
        cx, cy = (float(v) for v in app.last("lecture-cell ")[1:])
        at(cx, cy)
        app.last("lecture-hover ", want="lecture-hover %d 0 1" % Z1)
        at(cx, cy + 1000)
        at(*pts[0])
        app.last("lecture-hover ", want="lecture-hover -1 0 0")

        # A click on a row of Z[1] selects that point and focuses the view,
        # where Shift+Right steps phases (on the plane it moves the cursor).
        at(cx, cy)
        xdo("click", 1)
        app.last("prop selected-row ", want="prop selected-row 0")
        app.last("lecture-rows ", want="lecture-rows 1,2,3,4,5,6,7,8")
        epochs0 = int(app.last("epoch ")[1])

        cell_before = float(app.last("lecture-cell ")[2])
        for phase in (1, 2, 3):
            xdo("key", "shift+Right")
            app.last("prop phase ", want="prop phase %d" % phase)
            time.sleep(0.2)
            if int(app.last("epoch ")[1]) != epochs0:
                fail("phase %d took an epoch" % phase)
        # Backpropagation and the update are below the fold: the view
        # scrolled down to them, so Z[1]'s cell moved up.
        xdo("key", "shift+Right")
        app.last("prop phase ", want="prop phase 4")
        app.last("epoch ", want="epoch %d" % (epochs0 + 1))
        app.wait_for(lambda: float(app.latest("lecture-cell ")[2]) < cell_before - 100,
                     "the Lecture view to scroll to the update (Z[1]'s cell at y = %.0f before the steps, %s now)"
                     % (cell_before, app.latest("lecture-cell ")))
        time.sleep(0.5)
        cell_update = float(app.latest("lecture-cell ")[2])
        xdo("key", "shift+Right")
        app.last("prop phase ", want="prop phase 1")
        app.wait_for(lambda: float(app.latest("lecture-cell ")[2]) > cell_update + 100,
                     "the Lecture view to scroll back up to forward propagation (Z[1]'s cell at %.0f)" % cell_update)
        xdo("key", "Right")
        app.last("prop phase ", want="prop phase 0")
        app.last("epoch ", want="epoch %d" % (epochs0 + 2))
        print("select, hover and phase steps ok", flush=True)

        # Pick (for window managers that take Alt+click): with the button
        # on, a plain click selects a point's row and adds no point; another
        # view ends picking.
        pb = [float(v) for v in app.last("widget pick_button ")[2:]]
        at(pb[0] + pb[2] / 2, pb[1] + pb[3] / 2)
        xdo("click", 1)
        app.last("prop picking ", want="prop picking TRUE")
        for attempt in range(5):
            pts = settle()
            at(*pts[4])
            xdo("click", 1)
            if app.last("prop selected-row ", timeout=4, want="prop selected-row 4", must=attempt == 4):
                break
        app.last("points ", want="points 10 10")
        xdo("key", "alt+1")
        app.last("prop picking ", want="prop picking FALSE")
        print("Pick selects without Alt", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
