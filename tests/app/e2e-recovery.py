#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
# e2e-recovery.py: nnplay never loses a lecturer's work: points clicked, the app killed with SIGKILL, and the next start offers them back (Restore brings them).
#
# Usage (inside an X server, e.g. xvfb-run): e2e-recovery.py NNPLAY_TEST_BINARY
# XDG_STATE_HOME is a scratch folder, so no real recovery file is touched.

import glob
import os
import shutil
import signal
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


class App:
    def __init__(self, binary, env):
        self.proc = subprocess.Popen([binary], env=env, stdout=subprocess.PIPE, text=True)
        self.lines = []
        threading.Thread(target=lambda: self.lines.extend(iter(self.proc.stdout.readline, "")),
                         daemon=True).start()

    def wait(self, pred, what, timeout=20):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if pred(list(self.lines)):
                return
            time.sleep(0.05)
        fail("timed out waiting for " + what + "; last lines: " + repr(self.lines[-5:]))

    def last(self, prefix):
        found = [l.split() for l in list(self.lines) if l.startswith(prefix + " ")]
        return found[-1] if found else None

    def origin(self):
        wid = subprocess.run(["xdotool", "search", "--sync", "--onlyvisible", "--pid", str(self.proc.pid)],
                             check=True, capture_output=True, text=True).stdout.split()[-1]
        geo = subprocess.run(["xdotool", "getwindowgeometry", "--shell", wid],
                             check=True, capture_output=True, text=True).stdout
        g = dict(kv.split("=") for kv in geo.split())
        return wid, int(g["X"]), int(g["Y"])


def main():
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    state = tempfile.mkdtemp(prefix="nnplay-state-")
    env = dict(os.environ, NNPLAY_NON_UNIQUE="1", XDG_STATE_HOME=state)
    files = lambda: glob.glob(os.path.join(state, "nnplay", "recovery-*.json"))
    try:
        app = App(sys.argv[1], env)
        app.wait(lambda ls: app.last("plot-area"), "the plot")
        wid, wx, wy = app.origin()
        ax, ay, aw, ah = (float(v) for v in app.last("plot-area")[1:5])
        xdo("key", "--window", wid, "ctrl+Delete")
        app.wait(lambda ls: app.last("points") == ["points", "0", "0"], "an empty plane")
        clicks = [(0.2, 0.3, 1), (0.3, 0.7, 1), (0.8, 0.4, 3), (0.7, 0.8, 3), (0.5, 0.5, 1)]
        for fx, fy, button in clicks:
            xdo("mousemove", int(wx + ax + fx * aw), int(wy + ay + fy * ah))
            xdo("click", button)
            time.sleep(0.15)
        app.wait(lambda ls: app.last("points") == ["points", "5", "3"], "five clicked points")
        app.wait(lambda ls: files(), "the recovery file", timeout=15)
        print("recovery file", files(), flush=True)
        app.proc.send_signal(signal.SIGKILL)
        app.proc.wait(timeout=10)

        again = App(sys.argv[1], env)
        again.wait(lambda ls: "recovery-offered\n" in ls, "the offer to restore")
        wid, wx, wy = again.origin()
        again.wait(lambda ls: again.last("widget recovery_button"), "the Restore button's place")
        time.sleep(0.5)
        bx, by, bw, bh = (float(v) for v in again.last("widget recovery_button")[2:6])
        xdo("mousemove", int(wx + bx + bw / 2), int(wy + by + bh / 2))
        xdo("click", 1)
        again.wait(lambda ls: again.last("points") == ["points", "5", "3"], "the five points restored")
        if files():
            fail("the restored recovery file is still there: %s" % files())
        print("restored 5 points after SIGKILL", flush=True)
        # Unsaved again: quitting asks; Discard leaves no recovery file. The
        # keys go to the window, then to the question (with no window
        # manager, GTK 4.18 takes keys only in the window with the X focus).
        # The pointer leaves the Restore button first: its tooltip is a
        # window of the app too, and must not be taken for the question.
        xdo("mousemove", int(wx + 5), int(wy + 5))
        time.sleep(0.5)
        xdo("windowfocus", "--sync", wid)
        xdo("key", "--window", wid, "ctrl+q")
        time.sleep(1.5)
        wins = subprocess.run(["xdotool", "search", "--onlyvisible", "--pid", str(again.proc.pid)],
                              capture_output=True, text=True).stdout.split()

        def is_question(w):
            g = dict(kv.split("=") for kv in subprocess.run(
                ["xdotool", "getwindowgeometry", "--shell", w], capture_output=True, text=True).stdout.split())
            return w != wid and int(g.get("WIDTH", 0)) >= 200 and int(g.get("HEIGHT", 0)) >= 80
        question = [w for w in wins if is_question(w)]
        if not question:
            fail("Ctrl+Q with unsaved work did not ask")
        # Discard, clicked: the middle of the three buttons along the
        # question's bottom edge (Alt+D is e2e-xdotool's; under a loaded
        # Xvfb without a window manager GTK 4.18 sometimes missed it here).
        g = dict(kv.split("=") for kv in subprocess.run(
            ["xdotool", "getwindowgeometry", "--shell", question[-1]], capture_output=True, text=True).stdout.split())
        xdo("mousemove", "--window", question[-1], int(g["WIDTH"]) // 2, int(g["HEIGHT"]) - 14)
        time.sleep(0.3)
        xdo("click", 1)
        again.proc.wait(timeout=20)
        if files():
            fail("a deliberate Discard left a recovery file: %s" % files())
    finally:
        shutil.rmtree(state, ignore_errors=True)
    print("ok", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
