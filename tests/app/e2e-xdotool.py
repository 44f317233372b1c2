#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
# e2e-xdotool.py: drives the real nnplay window with X input (xdotool) under Xvfb and checks the learnt boundary from a screenshot.
#
# Usage (inside an X server, e.g. xvfb-run): e2e-xdotool.py NNPLAY_BINARY
# Clears the plane (Ctrl+Delete), left-clicks class 1 points on the left and
# right-clicks class 0 points on the right, undoes and redoes a click
# (Ctrl+Z, Ctrl+Shift+Z), paints a stroke and undoes it in one step, removes
# a point with Ctrl+click and undoes that, presses Space, waits, presses
# Space again, quits with Ctrl+Q answering the unsaved-changes question
# with Discard, and checks in a screenshot that the heatmap is the class 1
# colour on the far left and the class 0 colour on the far right, having
# trained at the Speed control's default pace (300 epochs/s). The app's
# NNPLAY_TEST_HOOKS lines tell where the plot is and how many points it has.
# Exit 77 (skip) when xdotool or ImageMagick is missing.

import os
import sys
import tempfile
import time

import numpy as np

from e2e_app import App, binary, fail, poll, screenshot, skip_unless, xdo


def read_ppm(path):
    with open(path, "rb") as f:
        data = f.read()
    # P6\n<w> <h>\n<max>\n<bytes>, header fields separated by whitespace
    fields = []
    pos = 0
    while len(fields) < 4:
        while data[pos:pos + 1].isspace():
            pos += 1
        if data[pos:pos + 1] == b"#":
            pos = data.index(b"\n", pos) + 1
            continue
        end = pos
        while not data[end:end + 1].isspace():
            end += 1
        fields.append(data[pos:end])
        pos = end
    pos += 1
    if fields[0] != b"P6":
        fail("screenshot is not a binary PPM")
    w, h, maxval = int(fields[1]), int(fields[2]), int(fields[3])
    if maxval < 256:
        return np.frombuffer(data[pos:pos + w * h * 3], dtype=np.uint8).reshape(h, w, 3).astype(float)
    # ImageMagick's Q16 build writes 16-bit big-endian samples.
    raw = np.frombuffer(data[pos:pos + w * h * 6], dtype=">u2").reshape(h, w, 3)
    return raw.astype(float) * 255.0 / maxval


def main():
    skip = skip_unless("xdotool", "import")
    if skip:
        return skip

    # The app prints "plot-area X Y W H" (in its X window) whenever the plot
    # area moves, and a "final ..." summary when it closes.
    def area():
        found = poll(app.plot_area, 30)
        if found is None:
            fail("no plot geometry from the app")
        return found

    with App(binary()) as app:
        ax, ay, aw, ah = area()
        print("plot area", ax, ay, aw, ah, flush=True)

        wid = app.window()
        wx, wy = app.window_origin()
        print("window", wid, "at", wx, wy, flush=True)

        def wait_points(n, ones):
            if not poll(lambda: app.latest("points ") == ["points", str(n), str(ones)], 10):
                fail("expected %d points (%d of class 1), the app says %s" % (
                    n, ones, app.lines_with("points ")[-1:]))

        def move(fx, fy):
            xdo("mousemove", "--window", wid, int(ax + fx * aw), int(ay + fy * ah))

        def click(fx, fy, button):
            xdo("mousemove", "--window", wid, int(ax + fx * aw), int(ay + fy * ah))
            time.sleep(0.05)
            xdo("click", button)
            time.sleep(0.08)

        # Focus the canvas with a harmless middle click, then clear the plane.
        click(0.5, 0.95, 2)
        xdo("key", "ctrl+Delete")
        wait_points(0, 0)

        left = [(0.20, 0.30), (0.25, 0.45), (0.18, 0.60), (0.30, 0.70), (0.22, 0.52)]
        right = [(0.75, 0.35), (0.80, 0.50), (0.72, 0.62), (0.82, 0.70), (0.78, 0.42)]
        for fx, fy in left:
            click(fx, fy, 1)
        wait_points(5, 5)
        for fx, fy in right:
            click(fx, fy, 3)
        wait_points(10, 5)

        # Undo the last click, redo it.
        xdo("key", "ctrl+z")
        wait_points(9, 5)
        xdo("key", "ctrl+shift+z")
        wait_points(10, 5)

        # A painted stroke of class 1 points is one undo step.
        move(0.10, 0.90)
        xdo("mousedown", 1)
        for k in range(1, 13):
            time.sleep(0.03)
            move(0.10 + 0.02 * k, 0.90)
        xdo("mouseup", 1)
        time.sleep(0.2)
        stroke = app.latest("points ")
        if not (int(stroke[1]) >= 13 and int(stroke[1]) - 10 == int(stroke[2]) - 5):
            fail("the stroke did not paint several class 1 points: %s" % stroke)
        print("stroke painted", int(stroke[1]) - 10, "points", flush=True)
        xdo("key", "ctrl+z")
        wait_points(10, 5)

        # Ctrl+click on a class 0 point removes it; Ctrl+Z brings it back.
        move(*right[1])
        time.sleep(0.05)
        xdo("keydown", "ctrl")
        xdo("click", 1)
        xdo("keyup", "ctrl")
        wait_points(9, 5)
        xdo("key", "ctrl+z")
        wait_points(10, 5)

        xdo("key", "space")
        time.sleep(4.0)
        xdo("key", "space")
        time.sleep(0.5)

        ax, ay, aw, ah = area()
        with tempfile.TemporaryDirectory(prefix="nnplay-e2e-") as tmp:
            shot = os.path.join(tmp, "shot.ppm")
            screenshot(shot)
            img = read_ppm(shot)

        def colour(fx, fy):
            x, y = int(wx + ax + fx * aw), int(wy + ay + fy * ah)
            patch = img[y - 2:y + 3, x - 2:x + 3].reshape(-1, 3)
            return patch.mean(axis=0)

        far_left, far_right = colour(0.04, 0.5), colour(0.96, 0.5)
        print("far left", far_left, "far right", far_right, flush=True)
        # Class 1 is orange (red > blue), class 0 blue (blue > red), both
        # well away from the white of a2 = 0.5.
        if not (far_left[0] - far_left[2] > 40):
            fail("the left of the plane is not the class 1 colour: %s" % far_left)
        if not (far_right[2] - far_right[0] > 40):
            fail("the right of the plane is not the class 0 colour: %s" % far_right)

        # Unsaved work: Ctrl+Q asks first (Save / Discard / Cancel); the
        # app is still there until Discard (Alt+D) is chosen.
        xdo("key", "ctrl+q")
        time.sleep(1.5)
        if app.proc.poll() is not None:
            fail("Ctrl+Q quit without asking about the unsaved points")
        xdo("key", "alt+d")
        app.wait_exit(20)

    summary = app.lines_with("final ")
    if not summary:
        fail("no summary from the app")
    vals = dict(kv.split("=") for kv in summary[-1].split()[1:])
    print("summary", vals, flush=True)
    if int(vals["points"]) != 10 or int(vals["class1"]) != 5:
        fail("expected 10 points, 5 of class 1: %s" % vals)
    if int(vals["epochs"]) < 100:
        fail("training did not run: %s" % vals)
    # About 4 s of Play at the default 300 epochs/s: paced, not Maximum
    # (which does tens of thousands of epochs per second here).
    if not 600 <= int(vals["epochs"]) <= 2500:
        fail("not the default pace of 300 epochs/s over 4 s: %s" % vals)
    if app.proc.returncode != 0:
        fail("nnplay exited with %d" % app.proc.returncode)
    print("ok", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
