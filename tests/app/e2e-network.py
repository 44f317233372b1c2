#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
# e2e-network.py: the Network page with real X input (xdotool) under Xvfb: hover an edge, click it, type a weight, undo and redo it.
#
# Usage (inside an X server, e.g. xvfb-run): e2e-network.py NNPLAY_TEST_BINARY
# Opens the Network page with a click on the side pane's switcher, starts
# training (Space), hovers the edge W[1]_11 and checks that the tooltip
# the app builds names it with its gradient dW[1]_11 = sum_i dZ[1]_i1 X_i1
# and that a tooltip is on screen; clicks the edge (training pauses), types
# 2.5 and Enter: the shown model's W[1]_11 becomes 2.5; Ctrl+Z brings the
# old value back, Ctrl+Shift+Z 2.5 again; then clicks hidden unit 1 and
# sets its bias b[1]_1 to -0.75; clicks Check Gradients and reads a
# result per block that agrees. The app's NNPLAY_TEST_HOOKS lines say where
# the diagram's parts are ("network-part"), the model ("weights W11 B11"),
# the hover text ("network-hover") and "prop running".
# Exit 77 (skip) when xdotool or ImageMagick is missing.

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
    for tool in ("xdotool", "import"):
        if shutil.which(tool) is None:
            print(tool + " not found: skipped")
            return 77
    # Its own state folder: a run that fails and kills the app leaves a
    # recovery file that must not greet the other tests.
    state = tempfile.TemporaryDirectory(prefix="nnplay-e2e-network-")
    env = dict(os.environ, NNPLAY_NON_UNIQUE="1", XDG_STATE_HOME=state.name)
    proc = subprocess.Popen([sys.argv[1]], env=env, stdout=subprocess.PIPE, text=True)
    lines = []
    threading.Thread(target=lambda: lines.extend(iter(proc.stdout.readline, "")), daemon=True).start()

    def last(prefix, timeout=20):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = [l.strip() for l in list(lines) if l.startswith(prefix)]
            if found:
                return found[-1]
            time.sleep(0.05)
        fail("no '%s' line from the app" % prefix.strip())

    def wait_for(prefix, pred, what, timeout=10):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = [l.strip() for l in list(lines) if l.startswith(prefix)]
            if found and pred(found[-1]):
                return found[-1]
            time.sleep(0.05)
        fail("%s; the app's last '%s' line: %s" % (what, prefix.strip(),
                                                     [l.strip() for l in list(lines) if l.startswith(prefix)][-1:]))

    def part(name):
        found = [l.split() for l in list(lines) if l.startswith("network-part " + name + " ")]
        if not found:
            return None
        return int(found[-1][2]), int(found[-1][3])

    def weights():
        w = last("weights ").split()
        return float(w[1]), float(w[2])

    try:
        last("plot-area ")
        out = subprocess.run(["xdotool", "search", "--sync", "--onlyvisible", "--pid", str(proc.pid)],
                             check=True, capture_output=True, text=True).stdout.split()
        wid = out[-1]
        geo = subprocess.run(["xdotool", "getwindowgeometry", "--shell", wid],
                             check=True, capture_output=True, text=True).stdout
        g = dict(kv.split("=") for kv in geo.split())
        wx, wy = int(g["X"]), int(g["Y"])

        # The switcher's Network button.
        sw = [int(v) for v in last("widget view-network ").split()[2:]]
        xdo("mousemove", "--window", wid, sw[0] + sw[2] // 2, sw[1] + sw[3] // 2)
        xdo("click", 1)
        deadline = time.monotonic() + 10
        while part("w1-1-1") is None:
            if time.monotonic() > deadline:
                fail("the Network page shows no diagram")
            time.sleep(0.05)
        w0, b0 = weights()
        print("W[1]_11 = %g, b[1]_1 = %g" % (w0, b0), flush=True)

        # Train, then hover the edge W[1]_11.
        plot = [float(v) for v in last("plot-area ").split()[1:]]
        xdo("mousemove", "--window", wid, int(plot[0] + plot[2] / 2), int(plot[1] + plot[3] * 0.98))
        xdo("click", 2)
        xdo("key", "space")
        wait_for("prop running", lambda l: l.endswith("TRUE"), "Space did not start training")
        time.sleep(1.0)
        ex, ey = part("w1-1-1")
        xdo("mousemove", "--window", wid, ex, ey)
        time.sleep(0.3)
        xdo("mousemove", "--window", wid, ex + 1, ey)
        hover = wait_for("network-hover ", lambda l: "W[1]1,1" in l.replace(" ", "") and "Next" in l,
                         "hovering W[1]_11 gave no tooltip about it with its gradient", timeout=8)
        print(hover, flush=True)
        flat = hover.replace(" ", "")
        for want in ("dW[1]1,1=Σi", "dZ[1]i1", "Xi1", "Nextstep"):
            if want not in flat:
                fail("the tooltip lacks '%s': %s" % (want, hover))
        # and it is on screen: a tooltip's dark box by the pointer
        time.sleep(1.0)
        with tempfile.TemporaryDirectory(prefix="nnplay-e2e-") as tmp:
            shot = os.path.join(tmp, "hover.png")
            subprocess.run(["import", "-window", "root", shot], check=True)
            if os.environ.get("NNPLAY_E2E_SHOT"):
                shutil.copy(shot, os.environ["NNPLAY_E2E_SHOT"])
            dark = subprocess.run(["convert", shot, "-crop", "700x240+%d+%d" % (max(0, wx + ex - 600), wy + ey),
                                   "-colorspace", "Gray", "-threshold", "15%", "-format", "%[fx:1-mean]", "info:"],
                                  check=True, capture_output=True, text=True).stdout
        print("dark fraction below the pointer", dark, flush=True)
        if not float(dark) > 0.1:
            fail("no tooltip on screen by the pointer (dark fraction %s)" % dark)

        # Click the edge: training pauses and a field asks for the value.
        xdo("click", 1)
        wait_for("prop running", lambda l: l.endswith("FALSE"), "clicking an edge did not pause training")
        time.sleep(0.5)
        w1, _ = weights()
        xdo("key", "ctrl+a")
        xdo("type", "2.5")
        xdo("key", "Return")
        wait_for("weights ", lambda l: float(l.split()[1]) == 2.5, "typing 2.5 did not set W[1]_11")
        time.sleep(0.3)
        xdo("key", "ctrl+z")
        wait_for("weights ", lambda l: abs(float(l.split()[1]) - w1) < 1e-5 * max(1, abs(w1)),
                 "Ctrl+Z did not bring W[1]_11 back to %g" % w1)
        xdo("key", "ctrl+shift+z")
        wait_for("weights ", lambda l: float(l.split()[1]) == 2.5, "Ctrl+Shift+Z did not redo W[1]_11 = 2.5")

        # A bias: click hidden unit 1's node.
        bx, by = part("b1-1")
        xdo("mousemove", "--window", wid, bx, by)
        time.sleep(0.2)
        xdo("click", 1)
        time.sleep(0.5)
        xdo("key", "ctrl+a")
        xdo("type", "--", "-0.75")
        xdo("key", "Return")
        wait_for("weights ", lambda l: float(l.split()[2]) == -0.75, "typing -0.75 did not set b[1]_1")
        print("edits applied, undone and redone", flush=True)
        # With the mouse, no line appears under the diagram (it would push
        # the diagram away under the pointer): that line is the keyboard's.
        shown = [l.strip() for l in list(lines) if l.startswith("network-focus ") and l.strip() != "network-focus -"]
        if shown:
            fail("clicking the diagram showed the keyboard's line: %r" % shown[-1][:80])

        # The gradient check, from its button: a result per block.
        cb = [int(v) for v in last("widget check_button ").split()[2:]]
        xdo("mousemove", "--window", wid, cb[0] + cb[2] // 2, cb[1] + cb[3] // 2)
        xdo("click", 1)
        result = wait_for("check-label ", lambda l: "W[1]" in l, "Check Gradients gave no result", timeout=30)
        print(result, flush=True)
        for want in ("b[1]", "W[2]", "b[2]", "1.0e-03", "agrees"):
            if want not in result:
                fail("the gradient check's result lacks '%s': %s" % (want, result))

        # The keyboard: Tab reaches the diagram (on b[1]_1, the part clicked
        # last), the arrows go through the parameters in the slide's order,
        # Enter types one and gives the keys back to the diagram, Escape
        # leaves the part.
        def focus_line():
            found = [l.strip() for l in list(lines) if l.startswith("network-focus ")]
            return found[-1].replace(" ", "") if found else ""

        def tab_to_diagram(most=40):
            """Tab until the diagram has the focus, each press waiting for the
            focus to move (a fixed pause may be too short under ASan)."""
            for _ in range(most):
                n = len([l for l in list(lines) if l.startswith("focus-widget ")])
                xdo("key", "Tab")
                deadline = time.monotonic() + 8
                while len([l for l in list(lines) if l.startswith("focus-widget ")]) == n \
                        and time.monotonic() < deadline:
                    time.sleep(0.05)
                if "GtkDrawingArea diagram" in last("focus-widget "):
                    return
            fail("Tab never reached the diagram: %r; the focus: %s" % (
                focus_line(), [l.strip() for l in list(lines) if l.startswith("focus-widget")][-1:]))

        tab_to_diagram()
        wait_for("network-focus ", lambda l: l.strip() != "network-focus -", "the diagram has the keys but no line")
        if "b[1]1=" not in focus_line():
            fail("the diagram did not go on from the part clicked, b[1]_1: %r" % focus_line())
        for key, want in (("Home", "W[1]1,1="), ("Down", "W[1]1,2="), ("Down", "b[1]1="), ("Down", "W[2]1="),
                          ("Down", "W[1]2,1="), ("End", "b[2]="), ("Up", "W[2]4="), ("Home", "W[1]1,1=")):
            xdo("key", key)
            wait_for("network-focus ", lambda l: want in l.replace(" ", ""),
                     "%s did not move the keyboard to %s (%r)" % (key, want, focus_line()), timeout=8)
        xdo("key", "Return")
        wait_for("focus-widget ", lambda l: "GtkText" in l, "Enter on the diagram did not open the value's field")
        xdo("key", "ctrl+a")
        xdo("type", "1.25")
        xdo("key", "Return")
        wait_for("weights ", lambda l: float(l.split()[1]) == 1.25, "Enter and 1.25 from the keyboard did not set W[1]_11")
        wait_for("network-focus ", lambda l: "W[1]1,1=1.25" in l.replace(" ", ""),
                 "after typing, the line under the diagram did not show W[1]_11 = 1.25 (%r)" % focus_line())
        xdo("key", "Down")
        wait_for("network-focus ", lambda l: "W[1]1,2=" in l.replace(" ", ""),
                 "the keys did not come back to the diagram after typing (%r)" % focus_line())
        xdo("key", "Escape")
        wait_for("network-focus ", lambda l: l.strip() == "network-focus -", "Escape did not leave the part")
        print("keyboard: Tab, arrows, Home, End, Enter and Escape ok", flush=True)

        # On the last unit's W[2], one hidden unit left: back on the
        # diagram the keys are on W[2]_1, not on a part that is gone.
        xdo("key", "End")
        xdo("key", "Up")
        wait_for("network-focus ", lambda l: "W[2]4=" in l.replace(" ", ""), "End, Up did not reach W[2]_4")
        hs = [int(v) for v in last("widget hidden_spin ").split()[2:]]
        xdo("mousemove", "--window", wid, hs[0] + 10, hs[1] + hs[3] // 2)
        xdo("click", 1)
        wait_for("focus-widget ", lambda l: "diagram" not in l, "a click on the hidden units kept the focus")
        xdo("key", "ctrl+a")
        xdo("type", "1")
        xdo("key", "Return")
        wait_for("prop hidden-units ", lambda l: l.endswith(" 1"), "typing 1 did not set one hidden unit")
        tab_to_diagram()
        wait_for("network-focus ", lambda l: "W[2]1=" in l.replace(" ", ""),
                 "with one hidden unit left the diagram's keys are not on W[2]_1 (%r)" % focus_line())
        print("keyboard after fewer hidden units ok", flush=True)

        xdo("key", "ctrl+q")
        time.sleep(1.0)
        xdo("key", "alt+d")
        proc.wait(timeout=15)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        state.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
