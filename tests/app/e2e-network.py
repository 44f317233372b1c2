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

import subprocess
import sys
import time

from e2e_app import App, binary, fail, poll, screen_until, skip_unless, xdo


def main():
    skip = skip_unless("xdotool", "import")
    if skip:
        return skip

    def part(name):
        found = app.latest("network-part " + name + " ")
        if not found:
            return None
        return int(found[2]), int(found[3])

    def weights():
        w = app.last("weights ")
        return float(w[1]), float(w[2])

    # Its own state folder (App's): a run that fails and kills the app
    # leaves a recovery file that must not greet the other tests.
    with App(binary()) as app:
        app.last("plot-area ")
        wid = app.window()
        wx, wy = app.window_origin()

        # The switcher's Network button.
        sw = [int(v) for v in app.last("widget view-network ")[2:]]
        xdo("mousemove", "--window", wid, sw[0] + sw[2] // 2, sw[1] + sw[3] // 2)
        xdo("click", 1)
        if not poll(lambda: part("w1-1-1"), 10):
            fail("the Network page shows no diagram")
        w0, b0 = weights()
        print("W[1]_11 = %g, b[1]_1 = %g" % (w0, b0), flush=True)

        # Train, then hover the edge W[1]_11.
        plot = [float(v) for v in app.last("plot-area ")[1:]]
        xdo("mousemove", "--window", wid, int(plot[0] + plot[2] / 2), int(plot[1] + plot[3] * 0.98))
        xdo("click", 2)
        xdo("key", "space")
        app.wait_line("prop running", lambda l: l.endswith("TRUE"), "Space did not start training")
        time.sleep(1.0)
        ex, ey = part("w1-1-1")
        xdo("mousemove", "--window", wid, ex, ey)
        time.sleep(0.3)
        xdo("mousemove", "--window", wid, ex + 1, ey)
        hover = app.wait_line("network-hover ", lambda l: "W[1]1,1" in l.replace(" ", "") and "Next" in l,
                              "hovering W[1]_11 gave no tooltip about it with its gradient", timeout=8)
        print(hover, flush=True)
        flat = hover.replace(" ", "")
        for want in ("dW[1]1,1=Σi", "dZ[1]i1", "Xi1", "Nextstep"):
            if want not in flat:
                fail("the tooltip lacks '%s': %s" % (want, hover))
        # and it is on screen: a tooltip's dark box by the pointer (GTK
        # shows it after its delay, and an ASan build with training running
        # draws it seconds later)
        def dark_below(shot):
            return float(subprocess.run(["convert", shot, "-crop", "700x240+%d+%d" % (max(0, wx + ex - 600), wy + ey),
                                         "-colorspace", "Gray", "-threshold", "15%", "-format", "%[fx:1-mean]", "info:"],
                                        check=True, capture_output=True, text=True).stdout)
        dark = screen_until(dark_below, lambda d: d > 0.1, 15)
        print("dark fraction below the pointer", dark, flush=True)
        if not dark > 0.1:
            fail("no tooltip on screen by the pointer (dark fraction %s)" % dark)

        # Click the edge: training pauses and a field asks for the value;
        # the tooltip goes (it had covered the field while the pointer
        # stayed on the diagram).
        xdo("click", 1)
        app.wait_line("prop running", lambda l: l.endswith("FALSE"), "clicking an edge did not pause training")
        tip_dark = dark
        dark = screen_until(dark_below, lambda d: d < tip_dark / 3, 10)
        print("dark fraction below the pointer with the value field open", dark, flush=True)
        if not dark < tip_dark / 3:
            fail("the tooltip stays over the value field (dark fraction %s, %s with the tooltip)" % (dark, tip_dark))
        time.sleep(0.5)
        w1, _ = weights()
        xdo("key", "ctrl+a")
        xdo("type", "2.5")
        xdo("key", "Return")
        app.wait_line("weights ", lambda l: float(l.split()[1]) == 2.5, "typing 2.5 did not set W[1]_11")
        time.sleep(0.3)
        xdo("key", "ctrl+z")
        app.wait_line("weights ", lambda l: abs(float(l.split()[1]) - w1) < 1e-5 * max(1, abs(w1)),
                      "Ctrl+Z did not bring W[1]_11 back to %g" % w1)
        xdo("key", "ctrl+shift+z")
        app.wait_line("weights ", lambda l: float(l.split()[1]) == 2.5, "Ctrl+Shift+Z did not redo W[1]_11 = 2.5")

        # A bias: click hidden unit 1's node.
        bx, by = part("b1-1")
        xdo("mousemove", "--window", wid, bx, by)
        time.sleep(0.2)
        xdo("click", 1)
        time.sleep(0.5)
        xdo("key", "ctrl+a")
        xdo("type", "--", "-0.75")
        xdo("key", "Return")
        app.wait_line("weights ", lambda l: float(l.split()[2]) == -0.75, "typing -0.75 did not set b[1]_1")
        print("edits applied, undone and redone", flush=True)
        # With the mouse, no line appears under the diagram (it would push
        # the diagram away under the pointer): that line is the keyboard's.
        shown = [l for l in app.lines_with("network-focus ") if l != "network-focus -"]
        if shown:
            fail("clicking the diagram showed the keyboard's line: %r" % shown[-1][:80])

        # The gradient check, from its button: a result per block.
        cb = [int(v) for v in app.last("widget check_button ")[2:]]
        xdo("mousemove", "--window", wid, cb[0] + cb[2] // 2, cb[1] + cb[3] // 2)
        xdo("click", 1)
        result = app.wait_line("check-label ", lambda l: "W[1]" in l, "Check Gradients gave no result", timeout=30)
        print(result, flush=True)
        for want in ("b[1]", "W[2]", "b[2]", "1.0e-03", "agrees"):
            if want not in result:
                fail("the gradient check's result lacks '%s': %s" % (want, result))

        # The keyboard: Tab reaches the diagram, whose keys go on from the
        # part clicked last (b[1]_1): its line shows once a key is used (not
        # on a click, nor as a click's value field closes). The arrows go
        # through the parameters in the slide's order, Enter types one and
        # gives the keys back to the diagram, Escape leaves the part.
        def focus_line():
            found = app.lines_with("network-focus ")
            return found[-1].replace(" ", "") if found else ""

        def tab_to_diagram(most=40):
            """Tab until the diagram has the focus, each press waiting for the
            focus to move (a fixed pause may be too short under ASan)."""
            for _ in range(most):
                n = len(app.lines_with("focus-widget "))
                xdo("key", "Tab")
                poll(lambda: len(app.lines_with("focus-widget ")) != n, 8)
                if "GtkDrawingArea diagram" in " ".join(app.latest("focus-widget ") or []):
                    return
            fail("Tab never reached the diagram: %r; the focus: %s" % (
                focus_line(), app.lines_with("focus-widget")[-1:]))

        tab_to_diagram()
        for key, want in (("Down", "W[2]1="), ("Home", "W[1]1,1="), ("Down", "W[1]1,2="), ("Down", "b[1]1="),
                          ("Down", "W[2]1="), ("Down", "W[1]2,1="), ("End", "b[2]="), ("Up", "W[2]4="),
                          ("Home", "W[1]1,1=")):
            xdo("key", key)
            app.wait_line("network-focus ", lambda l: want in l.replace(" ", ""),
                          "%s did not move the keyboard to %s (%r)" % (key, want, focus_line()), timeout=8)
        xdo("key", "Return")
        app.wait_line("focus-widget ", lambda l: "GtkText" in l, "Enter on the diagram did not open the value's field")
        xdo("key", "ctrl+a")
        xdo("type", "1.25")
        xdo("key", "Return")
        app.wait_line("weights ", lambda l: float(l.split()[1]) == 1.25,
                      "Enter and 1.25 from the keyboard did not set W[1]_11")
        app.wait_line("network-focus ", lambda l: "W[1]1,1=1.25" in l.replace(" ", ""),
                      "after typing, the line under the diagram did not show W[1]_11 = 1.25 (%r)" % focus_line())
        xdo("key", "Down")
        app.wait_line("network-focus ", lambda l: "W[1]1,2=" in l.replace(" ", ""),
                      "the keys did not come back to the diagram after typing (%r)" % focus_line())
        xdo("key", "Escape")
        app.wait_line("network-focus ", lambda l: l.strip() == "network-focus -", "Escape did not leave the part")
        print("keyboard: Tab, arrows, Home, End, Enter and Escape ok", flush=True)

        # On the last unit's W[2], one hidden unit left: back on the
        # diagram the keys are on W[2]_1, not on a part that is gone.
        xdo("key", "End")
        xdo("key", "Up")
        app.wait_line("network-focus ", lambda l: "W[2]4=" in l.replace(" ", ""), "End, Up did not reach W[2]_4")
        hs = [int(v) for v in app.last("widget hidden_spin ")[2:]]
        xdo("mousemove", "--window", wid, hs[0] + 10, hs[1] + hs[3] // 2)
        xdo("click", 1)
        app.wait_line("focus-widget ", lambda l: "diagram" not in l, "a click on the hidden units kept the focus")
        xdo("key", "ctrl+a")
        xdo("type", "1")
        xdo("key", "Return")
        app.wait_line("prop hidden-units ", lambda l: l.endswith(" 1"), "typing 1 did not set one hidden unit")
        tab_to_diagram()
        xdo("key", "Up")
        app.wait_line("network-focus ", lambda l: "b[1]1=" in l.replace(" ", ""),
                      "with one hidden unit left the diagram's keys were not on W[2]_1 (Up from it: %r)"
                      % focus_line())
        print("keyboard after fewer hidden units ok", flush=True)

        app.quit_discarding()
    return 0


if __name__ == "__main__":
    sys.exit(main())
