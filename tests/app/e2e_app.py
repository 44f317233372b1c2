# SPDX-License-Identifier: GPL-3.0-or-later
# e2e_app.py: what the end-to-end tests (tests/app/e2e-*.py) share: fail(),
# xdotool, and App, which runs nnplay-test with a private XDG_STATE_HOME and
# reads the lines its test hooks print (src/app/nnp-test-hooks.c).
# The scripts find it on PYTHONPATH (tests/app/meson.build) or, run by hand,
# beside themselves (a script's folder comes first on sys.path).
#
# Waits are generous: they were tuned for ASan builds on a busy CI machine.

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
    """Runs xdotool with args; returns what it printed."""
    return subprocess.run(["xdotool", *[str(a) for a in args]], check=True,
                          stdout=subprocess.PIPE, text=True).stdout


def binary():
    """The program under test: the script's one argument (exits 2 without it)."""
    if len(sys.argv) != 2:
        print("usage: %s NNPLAY_TEST_BINARY (inside an X server, e.g. xvfb-run)" % os.path.basename(sys.argv[0]))
        sys.exit(2)
    return sys.argv[1]


def missing(*tools):
    """The first of tools not on PATH, or None."""
    return next((t for t in tools if shutil.which(t) is None), None)


def skip_unless(*tools):
    """77 (meson's skip) after saying which tool is missing, else None."""
    tool = missing(*tools)
    if tool is None:
        return None
    print(tool + " not found: skipped", flush=True)
    return 77


def poll(pred, timeout, interval=0.05):
    """pred()'s first true value within timeout seconds, else None."""
    deadline = time.monotonic() + timeout
    while True:
        got = pred()
        if got or time.monotonic() >= deadline:
            return got or None
        time.sleep(interval)


def geometry(wid):
    """(x, y, width, height) of an X window."""
    g = dict(kv.split("=") for kv in xdo("getwindowgeometry", "--shell", wid).split())
    return int(g["X"]), int(g["Y"]), int(g["WIDTH"]), int(g["HEIGHT"])


def screenshot(path, check=True):
    """The whole X screen into path (ImageMagick's import; the format by its suffix)."""
    subprocess.run(["import", "-window", "root", path], check=check)


def screen_until(measure, ok, timeout, interval=0.3):
    """Screenshots until ok(measure(png_path)) holds or timeout seconds pass;
    the last measure. What the screen shows lags the app's state by a frame
    or more, and by seconds under ASan with training running: one shot
    after a fixed sleep made flaky tests. NNPLAY_E2E_SHOT keeps the last shot."""
    deadline = time.monotonic() + timeout
    with tempfile.TemporaryDirectory(prefix="nnplay-e2e-shot-") as tmp:
        shot = os.path.join(tmp, "screen.png")
        while True:
            screenshot(shot)
            got = measure(shot)
            if ok(got) or time.monotonic() >= deadline:
                if os.environ.get("NNPLAY_E2E_SHOT"):
                    shutil.copy(shot, os.environ["NNPLAY_E2E_SHOT"])
                return got
            time.sleep(interval)


class App:
    """nnplay-test started with NNPLAY_NON_UNIQUE=1 and XDG_STATE_HOME=state;
    without a state folder it gets a temporary one, removed by stop(), so a
    recovery file it leaves never greets another test. Its stdout lines are
    collected in self.lines by a thread."""

    def __init__(self, program, state=None, args=()):
        self._tmp = None
        if state is None:
            self._tmp = tempfile.TemporaryDirectory(prefix="nnplay-e2e-")
            state = self._tmp.name
        self.state = state
        self.wid = None
        env = dict(os.environ, NNPLAY_NON_UNIQUE="1", XDG_STATE_HOME=state)
        self.proc = subprocess.Popen([program, *args], env=env, stdout=subprocess.PIPE, text=True)
        self.lines = []
        self._reader = threading.Thread(target=lambda: self.lines.extend(iter(self.proc.stdout.readline, "")),
                                        daemon=True)
        self._reader.start()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()
        return False

    def stop(self):
        """Ends the app if it still runs (terminate, then kill after 10 s)
        and removes its temporary state folder."""
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None

    def wait_exit(self, timeout):
        """Waits for the app to quit by itself and for its last lines."""
        self.proc.wait(timeout=timeout)
        self._reader.join(timeout=5)
        return self.proc.returncode

    def quit_discarding(self, timeout=20):
        """Ctrl+Q, and Discard (Alt+D) in the question about unsaved work;
        waits for the app to quit."""
        xdo("key", "ctrl+q")
        time.sleep(1.0)
        xdo("key", "alt+d")
        return self.wait_exit(timeout)

    # ---- its lines ----

    def lines_with(self, prefix):
        """Every line so far that starts with prefix, stripped."""
        return [l.strip() for l in list(self.lines) if l.startswith(prefix)]

    def latest(self, prefix):
        """The words of the newest line starting with prefix, or None; no waiting."""
        found = self.lines_with(prefix)
        return found[-1].split() if found else None

    def last(self, prefix, want=None, timeout=20, must=True):
        """The words of the newest line starting with prefix (and equal to
        want, if given), waited for; None after the timeout when not a must."""
        def newest():
            found = self.lines_with(prefix)
            return found[-1] if found and (want is None or found[-1] == want) else None
        got = poll(newest, timeout)
        if got is not None:
            return got.split()
        if not must:
            return None
        fail("waited for %r%s; the app said %s" % (prefix, "" if want is None else " = " + want,
                                                   self.lines_with(prefix)[-3:]))

    def wait_for(self, pred, what, timeout=20):
        """pred()'s first true value, or a failure naming what and the last lines."""
        got = poll(pred, timeout)
        if not got:
            fail("timed out waiting for " + what + "; last lines: " + repr(self.lines[-6:]))
        return got

    def wait_line(self, prefix, pred, what, timeout=10):
        """The newest line starting with prefix once pred(line) holds, or a
        failure saying what and that line."""
        got = poll(lambda: next((l for l in self.lines_with(prefix)[-1:] if pred(l)), None), timeout)
        if got is None:
            fail("%s; the app's last '%s' line: %s" % (what, prefix.strip(), self.lines_with(prefix)[-1:]))
        return got

    # ---- what the hooks say ----

    def plot_area(self):
        """x, y, width, height of the plot in the window, or None."""
        v = self.latest("plot-area ")
        return tuple(float(t) for t in v[1:5]) if v else None

    def rect(self, name):
        """x, y, width, height of widget name in the window, or None."""
        v = self.latest("widget " + name + " ")
        return tuple(float(t) for t in v[2:6]) if v else None

    def props(self, name):
        """Every value property name has had so far."""
        return [l.split()[2] for l in self.lines_with("prop " + name + " ")]

    def prop(self, name):
        """The newest value of property name, or None."""
        v = self.latest("prop " + name + " ")
        return v[2] if v else None

    def epoch(self):
        """The newest epoch, or -1."""
        v = self.latest("epoch ")
        return int(v[1]) if v else -1

    # ---- its X window ----

    def window(self):
        """The id of the app's visible X window (waited for)."""
        if self.wid is None:
            self.wid = xdo("search", "--sync", "--onlyvisible", "--pid", self.proc.pid).split()[-1]
        return self.wid

    def window_origin(self):
        """x, y of the app's window on the screen."""
        x, y, _, _ = geometry(self.window())
        return x, y
