#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
# e2e-history.py: real X input (xdotool) under Xvfb against nnplay-test: dragging the timeline and the cost curve shows a past epoch, Continue from Here branches there, Ctrl+Z brings the run back, Play returns to the present, Ctrl+P pins the run.
#
# Usage (inside an X server, e.g. xvfb-run): e2e-history.py NNPLAY_TEST_BINARY
# The binary's stdout lines ("widget ID X Y W H", "prop NAME VALUE",
# "epoch N") say where things are and what changed.

import math
import sys
import time

from e2e_app import App, binary, fail, skip_unless, xdo


def kept(e):
    """The snapshot rule of include/nnplay/nnp-snapshots.h, computed here."""
    if e <= 100:
        return True
    k = 1
    while math.ceil(100 * 10 ** (k / 20)) < e:
        k += 1
    return math.ceil(100 * 10 ** (k / 20)) == e


def main():
    skip = skip_unless("xdotool")
    if skip:
        return skip

    def rect(name):
        r = app.rect(name)
        if r is None:
            fail("no geometry for " + name)
        x, y, w, h = r
        return wx + x, wy + y, w, h

    def shown():
        v = app.prop("shown-epoch")
        return int(v) if v is not None else -1

    with App(binary()) as app:
        app.wait_for(lambda: app.rect("timeline"), "the timeline's geometry")
        wx, wy = app.window_origin()

        # Train a few hundred epochs, then pause.
        xdo("key", "space")
        app.wait_for(lambda: app.epoch() >= 400, "400 epochs")
        xdo("key", "space")
        app.wait_for(lambda: app.prop("running") == "FALSE", "the pause")
        time.sleep(0.5)
        E = app.epoch()

        # Drag the timeline's knob from the present to a quarter of the run.
        x, y, w, h = rect("timeline")
        xdo("mousemove", int(x + w - 6), int(y + h / 2))
        xdo("mousedown", 1)
        for f in (0.8, 0.5, 0.3, 0.25):
            xdo("mousemove", int(x + w * f), int(y + h / 2))
            time.sleep(0.1)
        xdo("mouseup", 1)
        # The first motions show later epochs; a slow build (ASan) may not
        # have handled the last one yet: wait for the end of the drag.
        app.wait_for(lambda: 0 < shown() < 0.4 * E,
                     "the timeline dragged to a quarter of %d epochs to show an epoch before %d" % (E, 0.4 * E))
        s1 = shown()
        if not (0 < s1 < 0.4 * E and kept(s1)):
            fail("timeline dragged to a quarter of %d epochs shows epoch %d" % (E, s1))
        if app.epoch() != E:
            fail("scrubbing trained: epoch %d, was %d" % (app.epoch(), E))

        # Dragging on the curve: further left shows an earlier epoch.
        x, y, w, h = rect("cost_view")
        xdo("mousemove", int(x + w * 0.6), int(y + h / 2))
        xdo("mousedown", 1)
        xdo("mousemove", int(x + w * 0.45), int(y + h / 2))
        time.sleep(0.1)
        xdo("mousemove", int(x + w * 0.3), int(y + h / 2))
        time.sleep(0.2)
        xdo("mouseup", 1)
        # The press at 0.6 shows a later epoch first; a slow build (ASan)
        # may not have handled the last motion yet: wait for the end.
        app.wait_for(lambda: 0 <= shown() < s1,
                     "the curve dragged left of epoch %d to show an earlier one" % s1)
        s2 = shown()
        if not (0 <= s2 < s1 and kept(s2)):
            fail("curve dragged left of epoch %d shows %d" % (s1, s2))

        # Continue from here: the run goes back to that epoch ..
        x, y, w, h = rect("continue_button")
        xdo("mousemove", int(x + w / 2), int(y + h / 2))
        xdo("click", 1)
        app.wait_for(lambda: app.epoch() == s2 and shown() == -1, "the branch at epoch %d" % s2)
        # .. and Ctrl+Z brings the whole run back.
        xdo("key", "ctrl+z")
        app.wait_for(lambda: app.epoch() == E, "the run back at epoch %d" % E)

        # Play from the past returns to the present and trains on.
        x, y, w, h = rect("timeline")
        xdo("mousemove", int(x + w * 0.1), int(y + h / 2))
        xdo("click", 1)
        app.wait_for(lambda: shown() >= 0, "a past epoch by a click")
        # The keyboard: each arrow moves one snapshot (past a sparse one too).
        s3 = shown()
        xdo("key", "Right")
        app.wait_for(lambda: shown() > s3, "Right to the next snapshot")
        s4 = shown()
        if not kept(s4) or any(kept(e) for e in range(s3 + 1, s4)):
            fail("Right from epoch %d showed %d, not the next snapshot" % (s3, s4))
        xdo("key", "Left")
        app.wait_for(lambda: shown() == s3, "Left back to epoch %d" % s3)
        xdo("mousemove", int(rect("cost_view")[0] - 30), int(y - 60))
        xdo("key", "space")
        app.wait_for(lambda: shown() == -1 and app.epoch() > E, "Play back in the present")
        xdo("key", "space")
        app.wait_for(lambda: app.prop("running") == "FALSE", "the pause")

        # Pin Run (Ctrl+P): a ghost, and a new run from epoch 0.
        xdo("key", "ctrl+p")
        app.wait_for(lambda: app.prop("n-pins") == "1" and app.epoch() == 0, "a pinned run and a new run")
        print("ok: scrubbed %d of %d epochs by the timeline, %d by the curve" % (s1, E, s2), flush=True)
        return 0


if __name__ == "__main__":
    sys.exit(main())
