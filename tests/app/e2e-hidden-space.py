#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
# e2e-hidden-space.py: the Hidden Space page driven with real X input (xdotool) under Xvfb.
#
# Usage (inside an X server, e.g. xvfb-run): e2e-hidden-space.py NNPLAY_TEST_BINARY
# Types 3 hidden units, clicks the side pane's "Hidden Space" switcher
# button, drags across the view and checks that the cube turned (yaw by
# about 0.01 rad per pixel), presses Left and checks one key step, then
# trains and checks the view follows training while shown and is not
# drawn at all while the Training page is shown. The app's test hooks
# (nnp-test-hooks.c) print "hidden-space YAW PITCH DRAWS" and the widgets'
# geometry. NNP_E2E_SHOT=FILE saves a screenshot of the turned view.

import os
import sys
import time

from e2e_app import App, binary, fail, screenshot, skip_unless, xdo


def main():
    skip = skip_unless("xdotool")
    if skip:
        return skip

    def hs():
        v = app.latest("hidden-space ")
        return (float(v[1]), float(v[2]), int(v[3])) if v else None

    # Its own state folder (App's): a run killed half way leaves a recovery
    # file that the next test's app would offer back.
    with App(binary()) as app:
        app.wait_for(lambda: app.plot_area() and hs(), "the plot geometry and the hidden-space line")
        wid = app.window()
        xdo("windowsize", wid, 1280, 860)
        time.sleep(1.0)

        # Three hidden units: the cube.
        x, y, w, h = app.rect("hidden_spin")
        xdo("mousemove", "--window", wid, int(x + w / 2 - 15), int(y + h / 2))
        xdo("click", 1)
        xdo("key", "ctrl+a")
        xdo("type", "3")
        xdo("key", "Return")
        app.wait_for(lambda: "3" in app.props("hidden-units"), "3 hidden units")

        # Not shown yet: never drawn.
        if hs()[2] != 0:
            fail("the hidden space was drawn %d times before its page was shown" % hs()[2])
        x, y, w, h = app.rect("view-hidden-space")
        xdo("mousemove", "--window", wid, int(x + w / 2), int(y + h / 2))
        xdo("click", 1)
        app.wait_for(lambda: app.rect("hidden_space_area") and hs()[2] > 0, "the Hidden Space page to draw")
        yaw0, pitch0, _ = hs()

        # A drag of 100 px to the right turns the cube by about 1 rad.
        x, y, w, h = app.rect("hidden_space_area")
        cx, cy = int(x + w / 2), int(y + h / 2)
        xdo("mousemove", "--window", wid, cx - 50, cy)
        time.sleep(0.2)
        xdo("mousedown", 1)
        for i in range(1, 11):
            xdo("mousemove", "--window", wid, cx - 50 + 10 * i, cy)
            time.sleep(0.03)
        xdo("mouseup", 1)
        app.wait_for(lambda: abs(hs()[0] - yaw0) > 0.5, "a drag to turn the cube")
        time.sleep(0.3)
        yaw1, pitch1, draws1 = hs()
        turned = (yaw1 - yaw0 + 3.14159265) % 6.2831853 - 3.14159265
        print("yaw %.3f -> %.3f (%.3f rad for 100 px), pitch %.3f -> %.3f" % (yaw0, yaw1, turned, pitch0, pitch1),
              flush=True)
        if not 0.8 < turned < 1.2:
            fail("a 100 px drag turned the cube by %.3f rad, not about 1" % turned)
        if abs(pitch1 - pitch0) > 0.05:
            fail("a horizontal drag tilted the cube: pitch %.3f -> %.3f" % (pitch0, pitch1))

        # The view has the focus after the drag: Left turns it back a step.
        xdo("key", "Left")
        app.wait_for(lambda: abs(hs()[0] - (yaw1 - 0.12)) < 1e-3, "Left to turn the cube")
        xdo("key", "Up")
        app.wait_for(lambda: abs(hs()[1] - (pitch1 - 0.12)) < 1e-3, "Up to tilt the cube")
        print("keys turn and tilt", flush=True)
        if os.environ.get("NNP_E2E_SHOT"):
            time.sleep(0.5)
            screenshot(os.environ["NNP_E2E_SHOT"], check=False)

        # Training: the shown view follows.
        d0 = hs()[2]
        xdo("key", "space")
        app.wait_for(lambda: "TRUE" in app.props("running"), "Space to train")
        app.wait_for(lambda: hs()[2] >= d0 + 4, "the view to follow training", timeout=20)
        # The Training page shown: the hidden space is not drawn at all.
        x, y, w, h = app.rect("view-training")
        xdo("mousemove", "--window", wid, int(x + w / 2), int(y + h / 2))
        xdo("click", 1)
        time.sleep(1.0)
        d1 = hs()[2]
        time.sleep(2.0)
        d2 = hs()[2]
        if d2 != d1:
            fail("hidden, the view was drawn %d times in 2 s of training" % (d2 - d1))
        print("drawn while shown, idle while hidden (%d draws)" % d2, flush=True)
        # (Space would press the focused switcher button: quit while training.)
        app.quit_discarding()
    print("ok", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
