#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
# e2e-input.py: real X input (xdotool) under Xvfb against nnplay-test: the plot's size at 1024x768 and in presentation mode at 1280x720, the mouse wheel over controls, fast Step presses, Enter/Escape in number fields, a malformed number.
#
# Usage (inside an X server of at least 1280x800, e.g. xvfb-run): e2e-input.py NNPLAY_TEST_BINARY
# The binary's stdout lines ("plot-area ...", "widget ID X Y W H", "prop NAME
# VALUE", "epoch N") say where things are and what changed.

import subprocess
import sys
import time

from e2e_app import App, binary, fail, missing, screen_until, xdo


def main():
    if missing("xdotool"):
        print("xdotool not found")
        return 1

    def widget(name):
        r = app.rect(name)
        if r is None:
            fail("no geometry for " + name)
        x, y, w, h = r
        return int(wx + x + w / 2), int(wy + y + h / 2)

    with App(binary()) as app:
        app.wait_for(app.plot_area, "the plot geometry")
        wid = app.window()
        wx, wy = app.window_origin()

        def plot_height_at(w, h):
            n = len(app.lines)
            xdo("windowsize", wid, w, h)
            time.sleep(1.0)
            app.wait_for(lambda: any(l.startswith("plot-area ") for l in app.lines[n:]) or app.plot_area(),
                         "a new plot geometry")
            time.sleep(0.5)
            return float(app.latest("plot-area ")[4])

        # 1. The plot at 1024x768 in the normal window: at least 400 px.
        h1024 = plot_height_at(1024, 768)
        print("plot height at 1024x768:", h1024, flush=True)
        if h1024 < 400:
            fail("the decision boundary is %.0f px tall at 1024x768, under 400" % h1024)

        # 2. Presentation mode (F11) at 1280x720: at least 600 px.
        plot_height_at(1280, 720)
        xdo("key", "--window", wid, "F11")
        time.sleep(1.5)
        hpres = float(app.latest("plot-area ")[4])
        print("plot height in presentation mode at 1280x720:", hpres, flush=True)
        if hpres < 600:
            fail("in presentation mode at 1280x720 the plot is %.0f px tall, under 600" % hpres)
        xdo("key", "--window", wid, "Escape")
        time.sleep(1.0)
        plot_height_at(1280, 800)
        time.sleep(0.5)

        # 3. The wheel over each kind of control scrolls the panel and
        #    changes no value.
        for name in ("hidden_spin", "hidden_scale", "lr_scale", "lr_spin", "points_spin"):
            x, y = widget(name)
            before = {p: len(app.props(p)) for p in ("hidden-units", "learning-rate", "n-points")}
            xdo("mousemove", x, y)
            time.sleep(0.2)
            for _ in range(3):
                xdo("click", 5)
                time.sleep(0.1)
            xdo("click", 4)
            time.sleep(0.4)
            after = {p: len(app.props(p)) for p in before}
            if after != before:
                fail("the wheel over %s changed a setting: %s" % (name, app.lines[-3:]))
            # Back to the top for the next control.
            for _ in range(6):
                xdo("click", 4)
            time.sleep(0.3)
        print("wheel changed nothing", flush=True)

        # 4. 50 presses of Right 20 ms apart: 50 epochs.
        x, y = widget("lr_spin")
        xdo("mousemove", wx + 700, wy + 400)
        e0 = app.epoch()
        xdo("key", "--window", wid, "--delay", "20", *(["Right"] * 50))
        app.wait_for(lambda: app.epoch() >= e0 + 50, "50 epochs", timeout=20)
        time.sleep(0.5)
        if app.epoch() != e0 + 50:
            fail("50 Right presses trained %d epochs" % (app.epoch() - e0))
        print("50 presses, 50 epochs", flush=True)

        # 5. Type a learning rate, Enter, then Space plays.
        x, y = widget("lr_spin")
        xdo("mousemove", x - 20, y)
        xdo("click", "--repeat", 3, 1)
        xdo("key", "ctrl+a")
        xdo("type", "0.3")
        xdo("key", "Return")
        app.wait_for(lambda: any(abs(float(v) - 0.3) < 1e-9 for v in app.props("learning-rate")),
                     "learning rate 0.3")
        xdo("key", "space")
        app.wait_for(lambda: "TRUE" in app.props("running"), "Space to play after Enter")
        xdo("key", "space")
        app.wait_for(lambda: app.props("running")[-1:] == ["FALSE"], "Space to pause")
        print("Enter then Space plays", flush=True)

        # 6. "0,3" where the decimal point is "." is refused, not another value.
        n = len(app.props("learning-rate"))
        xdo("mousemove", x - 20, y)
        xdo("click", "--repeat", 3, 1)
        xdo("key", "ctrl+a")
        xdo("type", "0,3")
        xdo("key", "Return")
        time.sleep(0.5)
        if len(app.props("learning-rate")) != n:
            fail("\"0,3\" changed the learning rate: %s" % app.props("learning-rate")[-1])
        #    Visibly: the field keeps the keys (to mend the text) and is red.
        focus = " ".join(app.latest("focus-widget ") or [])
        if "GtkText" not in focus:
            fail("after a refused number the field gave the keys away (focus: %s)" % focus)
        fx, fy, fw, fh = app.rect("lr_spin")
        def red_share(shot):
            # raw 8-bit RGB of the field's box, counted here (ImageMagick 6
            # and 7 print -fx results differently)
            raw = subprocess.run(["convert", shot, "-crop", "%dx%d+%d+%d" % (fw, fh, wx + fx, wy + fy),
                                  "+repage", "-depth", "8", "rgb:-"], check=True, capture_output=True).stdout
            n_px = len(raw) // 3
            return sum(1 for i in range(n_px)
                       if raw[3 * i] > 150 and raw[3 * i + 1] < 64 and raw[3 * i + 2] < 77) / max(n_px, 1)
        red = screen_until(red_share, lambda r: r > 0.01, 10)
        print("red share of the refused field: %.4f" % red, flush=True)
        if not red > 0.01:
            fail("the refused field is not red (share of red pixels %s)" % red)
        xdo("key", "Escape")
        app.wait_line("focus-widget ", lambda l: "canvas" in l, "Escape did not give the keys back after a refusal")
        if len(app.props("learning-rate")) != n:
            fail("Escape after a refusal changed the learning rate")

        # 6b. A check box used with the mouse leaves the keys on the plane:
        #     Space plays (it used to tick the box).
        n_log = len(app.props("running"))
        x, y = widget("log_check")
        xdo("mousemove", x, y)
        xdo("click", 1)
        time.sleep(0.5)
        xdo("key", "space")
        app.wait_for(lambda: "TRUE" in app.props("running")[n_log:], "Space to play after a click on Log scale")
        xdo("key", "space")
        app.wait_for(lambda: app.props("running")[-1:] == ["FALSE"], "Space to pause")
        xdo("mousemove", x, y)
        xdo("click", 1)
        print("a click on a check box keeps Space on the plane", flush=True)

        # 7. Escape reverts the text and gives Right back.
        xdo("mousemove", x - 20, y)
        xdo("click", "--repeat", 3, 1)
        xdo("key", "ctrl+a")
        xdo("type", "7")
        xdo("key", "Escape")
        e1 = app.epoch()
        xdo("key", "Right")
        app.wait_for(lambda: app.epoch() == e1 + 1, "Right to step after Escape")
        if len(app.props("learning-rate")) != n:
            fail("Escape committed the typed learning rate")
        print("Escape reverts and gives the keys back", flush=True)

        # 8. Ctrl+wheel zooms about the pointer, a middle drag pans, Ctrl+0
        #    fits the view to the points again.
        def view():
            v = app.latest("view ")
            return tuple(float(t) for t in v[1:5])
        ax, ay, aw, ah = (float(v) for v in app.latest("plot-area ")[1:5])
        cx, cy = int(wx + ax + aw / 2), int(wy + ay + ah / 2)
        v0 = view()
        xdo("mousemove", cx, cy)
        time.sleep(0.2)
        xdo("keydown", "ctrl")
        xdo("click", 4)
        xdo("click", 4)
        xdo("keyup", "ctrl")
        app.wait_for(lambda: view() != v0, "Ctrl+wheel to zoom")
        v1 = view()
        if not (v1[1] - v1[0] < 0.9 * (v0[1] - v0[0])):
            fail("Ctrl+wheel up did not zoom in: %s -> %s" % (v0, v1))
        mid0, mid1 = (v0[0] + v0[1]) / 2, (v1[0] + v1[1]) / 2
        if abs(mid1 - mid0) > 0.05 * (v0[1] - v0[0]):
            fail("zoom not about the pointer: %s -> %s" % (v0, v1))
        xdo("mousedown", 2)
        xdo("mousemove", cx + 120, cy)
        time.sleep(0.3)
        xdo("mouseup", 2)
        app.wait_for(lambda: view()[0] < v1[0], "a middle drag to pan")
        xdo("key", "ctrl+0")
        app.wait_for(lambda: abs(view()[0] - v0[0]) < 1e-6 and abs(view()[1] - v0[1]) < 1e-6,
                     "Ctrl+0 to fit the view again")
        print("zoom, pan and fit view", flush=True)

        # 9. The same seed typed again, Enter: the run replays from epoch 0.
        for _ in range(5):
            xdo("key", "Right")
        app.wait_for(lambda: app.epoch() >= e1 + 6, "five more epochs")
        x, y = widget("seed_spin")
        xdo("mousemove", x - 20, y)
        xdo("click", "--repeat", 3, 1)
        xdo("key", "ctrl+a")
        seed = app.prop("seed") or "1"
        xdo("type", seed)
        xdo("key", "Return")
        app.wait_for(lambda: app.epoch() == 0, "the same seed to replay from epoch 0")
        print("the same seed replays", flush=True)

        app.quit_discarding()
    print("ok", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
