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
import shutil
import subprocess
import sys
import tempfile
import threading
import time


def fail(msg):
    print("FAIL: " + msg, flush=True)
    sys.exit(1)


def xdo(*args):
    subprocess.run(["xdotool", *[str(a) for a in args]], check=True)


def main():
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    if shutil.which("xdotool") is None:
        print("xdotool not found")
        return 77
    # Its own state folder: a run killed half way leaves a recovery file
    # that the next test's app would offer back.
    state = tempfile.mkdtemp(prefix="nnp-e2e-hidden-")
    env = dict(os.environ, NNPLAY_NON_UNIQUE="1", XDG_STATE_HOME=state)
    proc = subprocess.Popen([sys.argv[1]], env=env, stdout=subprocess.PIPE, text=True)
    lines = []
    threading.Thread(target=lambda: lines.extend(iter(proc.stdout.readline, "")), daemon=True).start()

    def wait_for(pred, what, timeout=15):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            got = pred(list(lines))
            if got:
                return got
            time.sleep(0.05)
        fail("timed out waiting for " + what + "; last lines: " + repr(lines[-5:]))

    def last(prefix):
        found = [l.split() for l in list(lines) if l.startswith(prefix + " ")]
        return found[-1] if found else None

    def rect(name):
        found = [l.split() for l in list(lines) if l.startswith("widget " + name + " ")]
        if not found:
            return None
        return tuple(float(v) for v in found[-1][2:6])

    def hs():
        v = last("hidden-space")
        return (float(v[1]), float(v[2]), int(v[3])) if v else None

    def props(name):
        return [l.split()[2] for l in list(lines) if l.startswith("prop " + name + " ")]

    try:
        wait_for(lambda ls: last("plot-area") and hs(), "the plot geometry and the hidden-space line")
        wid = subprocess.run(["xdotool", "search", "--sync", "--onlyvisible", "--pid", str(proc.pid)],
                             check=True, capture_output=True, text=True).stdout.split()[-1]
        geo = subprocess.run(["xdotool", "getwindowgeometry", "--shell", wid],
                             check=True, capture_output=True, text=True).stdout
        g = dict(kv.split("=") for kv in geo.split())
        wx, wy = int(g["X"]), int(g["Y"])
        xdo("windowsize", wid, 1280, 860)
        time.sleep(1.0)

        # Three hidden units: the cube.
        x, y, w, h = rect("hidden_spin")
        xdo("mousemove", "--window", wid, int(x + w / 2 - 15), int(y + h / 2))
        xdo("click", 1)
        xdo("key", "ctrl+a")
        xdo("type", "3")
        xdo("key", "Return")
        wait_for(lambda ls: "3" in props("hidden-units"), "3 hidden units")

        # Not shown yet: never drawn.
        if hs()[2] != 0:
            fail("the hidden space was drawn %d times before its page was shown" % hs()[2])
        x, y, w, h = rect("view-hidden-space")
        xdo("mousemove", "--window", wid, int(x + w / 2), int(y + h / 2))
        xdo("click", 1)
        wait_for(lambda ls: rect("hidden_space_area") and hs()[2] > 0, "the Hidden Space page to draw")
        yaw0, pitch0, _ = hs()

        # A drag of 100 px to the right turns the cube by about 1 rad.
        x, y, w, h = rect("hidden_space_area")
        cx, cy = int(x + w / 2), int(y + h / 2)
        xdo("mousemove", "--window", wid, cx - 50, cy)
        time.sleep(0.2)
        xdo("mousedown", 1)
        for i in range(1, 11):
            xdo("mousemove", "--window", wid, cx - 50 + 10 * i, cy)
            time.sleep(0.03)
        xdo("mouseup", 1)
        wait_for(lambda ls: abs(hs()[0] - yaw0) > 0.5, "a drag to turn the cube")
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
        wait_for(lambda ls: abs(hs()[0] - (yaw1 - 0.12)) < 1e-3, "Left to turn the cube")
        xdo("key", "Up")
        wait_for(lambda ls: abs(hs()[1] - (pitch1 - 0.12)) < 1e-3, "Up to tilt the cube")
        print("keys turn and tilt", flush=True)
        if os.environ.get("NNP_E2E_SHOT"):
            time.sleep(0.5)
            subprocess.run(["import", "-window", "root", os.environ["NNP_E2E_SHOT"]], check=False)

        # Training: the shown view follows.
        d0 = hs()[2]
        xdo("key", "space")
        wait_for(lambda ls: "TRUE" in props("running"), "Space to train")
        wait_for(lambda ls: hs()[2] >= d0 + 4, "the view to follow training", timeout=20)
        # The Training page shown: the hidden space is not drawn at all.
        x, y, w, h = rect("view-training")
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
        xdo("key", "ctrl+q")
        time.sleep(1.0)
        xdo("key", "alt+d")
        proc.wait(timeout=20)
    except BaseException:
        proc.kill()
        raise
    finally:
        shutil.rmtree(state, ignore_errors=True)
    print("ok", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
