#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
# e2e-recovery.py: nnplay never loses a lecturer's work: points clicked, the app killed with SIGKILL, and the next start offers them back (Restore brings them).
#
# Usage (inside an X server, e.g. xvfb-run): e2e-recovery.py NNPLAY_TEST_BINARY
# XDG_STATE_HOME is a scratch folder, so no real recovery file is touched.

import glob
import json
import os
import shutil
import re
import signal
import subprocess
import sys
import tempfile
import time

from e2e_app import App, binary, fail, geometry, xdo


def click_restore(app):
    """Clicks the offer's Restore button once it is laid out."""
    wx, wy = app.window_origin()
    app.wait_for(lambda: app.rect("recovery_button"), "the Restore button's place")
    time.sleep(0.5)
    bx, by, bw, bh = app.rect("recovery_button")
    xdo("mousemove", int(wx + bx + bw / 2), int(wy + by + bh / 2))
    xdo("click", 1)
    return wx, wy


def question_of(app, wid):
    """The app's question: a visible window of its own, not the main
    window, at least 200x80 (a tooltip is smaller); None when none is."""
    wins = subprocess.run(["xdotool", "search", "--onlyvisible", "--pid", str(app.proc.pid)],
                          capture_output=True, text=True).stdout.split()
    for w in wins:
        try:
            _, _, width, height = geometry(w)
        except (subprocess.CalledProcessError, KeyError, ValueError):
            continue    # gone already: a tooltip
        if w != wid and width >= 200 and height >= 80:
            return w
    return None


def answer(app, wid, fraction):
    """Clicks the question's button at `fraction` of its width (Cancel,
    Discard and Save share its bottom edge), and waits for it to go."""
    q = []
    app.wait_for(lambda: q.append(question_of(app, wid)) or q[-1], "the question before Restore")
    time.sleep(0.5)     # laid out, not only mapped
    _, _, width, height = geometry(q[-1])
    xdo("mousemove", "--window", q[-1], int(width * fraction), height - 14)
    time.sleep(0.3)
    xdo("click", 1)
    app.wait_for(lambda: question_of(app, wid) is None, "the question gone")


def main():
    program = binary()
    state = tempfile.mkdtemp(prefix="nnplay-state-")
    files = lambda: glob.glob(os.path.join(state, "nnplay", "recovery-*.json"))
    try:
        with App(program, state=state) as app:
            app.wait_for(app.plot_area, "the plot")
            wid = app.window()
            wx, wy = app.window_origin()
            ax, ay, aw, ah = app.plot_area()
            xdo("key", "--window", wid, "ctrl+Delete")
            app.wait_for(lambda: app.latest("points ") == ["points", "0", "0"], "an empty plane")
            clicks = [(0.2, 0.3, 1), (0.3, 0.7, 1), (0.8, 0.4, 3), (0.7, 0.8, 3), (0.5, 0.5, 1)]
            for fx, fy, button in clicks:
                xdo("mousemove", int(wx + ax + fx * aw), int(wy + ay + fy * ah))
                xdo("click", button)
                time.sleep(0.15)
            app.wait_for(lambda: app.latest("points ") == ["points", "5", "3"], "five clicked points")
            app.wait_for(files, "the recovery file", timeout=15)
            print("recovery file", files(), flush=True)
            app.proc.send_signal(signal.SIGKILL)
            app.proc.wait(timeout=10)

        with App(program, state=state) as again:
            again.wait_for(lambda: "recovery-offered\n" in again.lines, "the offer to restore")
            # When the work was kept, readably: "3 December 2026, 07:17"
            # (it read "Thu Dec   3 07:17:02 2026").
            text = " ".join(again.last("recovery-text")[1:])
            print("offer:", text, flush=True)
            if not re.search(r"\b\d{1,2} [A-Z][a-z]+ \d{4}, \d\d:\d\d\b", text) or "  " in text:
                fail("the offer does not say when, as '3 December 2026, 07:17': %r" % text)
            wid = again.window()
            wx, wy = click_restore(again)
            again.wait_for(lambda: again.latest("points ") == ["points", "5", "3"], "the five points restored")
            # The app prints the points while it opens the file and removes
            # the file just after, in the same handler: give it that moment
            # (under ASan the test had looked in between).
            deadline = time.monotonic() + 5
            while files() and time.monotonic() < deadline:
                time.sleep(0.05)
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

            def is_question(w):
                try:
                    _, _, width, height = geometry(w)
                except (subprocess.CalledProcessError, KeyError, ValueError):
                    return False    # gone already: a tooltip
                return w != wid and width >= 200 and height >= 80
            # Polled: an ASan build on a loaded machine took more than the
            # 1.5 s this once waited to map the question.
            question = []
            deadline = time.monotonic() + 20
            while not question and time.monotonic() < deadline:
                time.sleep(0.25)
                wins = subprocess.run(["xdotool", "search", "--onlyvisible", "--pid", str(again.proc.pid)],
                                      capture_output=True, text=True).stdout.split()
                question = [w for w in wins if is_question(w)]
            if not question:
                fail("Ctrl+Q with unsaved work did not ask")
            time.sleep(0.5)     # laid out, not only mapped
            # Discard, clicked: the middle of the three buttons along the
            # question's bottom edge (Alt+D is e2e-xdotool's; under a loaded
            # Xvfb without a window manager GTK 4.18 sometimes missed it here).
            _, _, width, height = geometry(question[-1])
            xdo("mousemove", "--window", question[-1], width // 2, height - 14)
            time.sleep(0.3)
            xdo("click", 1)
            again.wait_exit(20)
            if files():
                fail("a deliberate Discard left a recovery file: %s" % files())

        # Work on a session file, killed: restored, it is that file's again
        # (the title names it, Ctrl+S writes it without asking for a name);
        # it had come back Untitled.
        session = os.path.join(state, "lecture.json")
        shutil.copy(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fuzz", "corpus",
                                 "session", "xor-tanh.json"), session)
        with App(program, state=state, args=[session]) as own:
            own.wait_for(lambda: "prop title lecture.json — nnplay\n" in own.lines, "the session opened")
            own.wait_for(own.plot_area, "the plot")
            before = own.latest("points ")
            wx, wy = own.window_origin()
            ax, ay, aw, ah = own.plot_area()
            xdo("mousemove", int(wx + ax + 0.5 * aw), int(wy + ay + 0.5 * ah))
            xdo("click", 1)
            own.wait_for(lambda: "prop title *lecture.json — nnplay\n" in own.lines, "the session changed")
            own.wait_for(files, "the recovery file of the session", timeout=15)
            own.wait_for(lambda: glob.glob(os.path.join(state, "nnplay", "recovery-*.json.file")),
                         "the note of the session's file beside it", timeout=5)
            after = own.latest("points ")
            if before is None or after is None or int(after[1]) != int(before[1]) + 1:
                fail("the click did not add a point: %s -> %s" % (before, after))
            own.proc.send_signal(signal.SIGKILL)
            own.proc.wait(timeout=10)
        with open(session, "rb") as f:
            untouched = f.read()
        with App(program, state=state) as back:
            back.wait_for(lambda: "recovery-offered\n" in back.lines, "the offer of the session's work")
            text = " ".join(back.last("recovery-text")[1:])
            if "lecture.json" not in text:
                fail("the offer does not name the session file: %r" % text)
            wid = back.window()
            click_restore(back)
            back.wait_for(lambda: back.latest("points ") == after, "the session's points restored")
            back.wait_for(lambda: "prop title *lecture.json — nnplay\n" in back.lines,
                          "the restored work named after its file, unsaved")
            with open(session, "rb") as f:
                if f.read() != untouched:
                    fail("restoring wrote to the session file before Save")
            xdo("windowfocus", "--sync", wid)
            xdo("key", "--window", wid, "ctrl+s")
            back.wait_for(lambda: back.lines_with("prop title ")[-1] == "prop title lecture.json — nnplay",
                          "Ctrl+S saving to lecture.json without asking")
            with open(session, "rb") as f:
                if f.read() == untouched:
                    fail("Ctrl+S did not write the session file")
            back.quit_discarding()
        if files() or glob.glob(os.path.join(state, "nnplay", "recovery-*.file")):
            fail("recovery files left after the restored session was saved: %s"
                 % os.listdir(os.path.join(state, "nnplay")))
        print("work on a session file comes back as that file's", flush=True)

        # A damaged recovery file (cut off mid-write) of a process that is
        # gone: Restore fails with a message, and the file is kept under a
        # name not offered again (it had been deleted: the work was lost).
        damaged = os.path.join(state, "nnplay", "recovery-2147480000-0.json")
        with open(damaged, "w") as f:
            f.write('{"format": "nnplay-session", "version": 1, "hyperparameters": {"learning_ra')
        kept = os.path.join(state, "nnplay", "unreadable-recovery-2147480000-0.json")
        with App(program, state=state) as third:
            third.wait_for(lambda: "recovery-offered\n" in third.lines, "the offer of the damaged file")
            click_restore(third)
            third.wait_for(lambda: os.path.exists(kept) and not os.path.exists(damaged),
                           "the damaged file kept as " + kept)
            third.quit_discarding()
        with App(program, state=state) as fourth:
            fourth.wait_for(fourth.plot_area, "the plot")
            time.sleep(1.5)
            if "recovery-offered\n" in fourth.lines:
                fail("the kept damaged file was offered again")
            fourth.quit_discarding()
        if not os.path.exists(kept):
            fail("the damaged file is gone")
        print("a damaged recovery file is kept, not offered again", flush=True)

        # A recovery file whose PID now belongs to another program (PID 1
        # here; after a reboot, anything): offered all the same (it had
        # been taken for a running nnplay's and never offered).
        reused = os.path.join(state, "nnplay", "recovery-1-0.json")
        shutil.copy(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fuzz", "corpus",
                                 "session", "xor-tanh.json"), reused)
        with App(program, state=state) as fifth:
            fifth.wait_for(lambda: "recovery-offered\n" in fifth.lines,
                           "the offer of a file whose PID is another program's")
            print("a recovery file of a reused PID is offered", flush=True)
            # Work done since the start is asked about before Restore
            # replaces it (it had been replaced without a word): Cancel
            # keeps it and the offer; Discard restores.
            fifth.wait_for(fifth.plot_area, "the plot")
            wid = fifth.window()
            wx, wy = fifth.window_origin()
            ax, ay, aw, ah = fifth.plot_area()
            before = fifth.latest("points ")
            xdo("mousemove", int(wx + ax + 0.4 * aw), int(wy + ay + 0.6 * ah))
            xdo("click", 1)
            fifth.wait_for(lambda: fifth.latest("points ") != before, "a point added")
            mine = fifth.latest("points ")
            fifth.wait_for(lambda: "prop title *Untitled — nnplay\n" in fifth.lines, "unsaved work")

            click_restore(fifth)
            answer(fifth, wid, 1 / 6)           # Cancel
            time.sleep(1.0)
            if fifth.latest("points ") != mine:
                fail("Restore replaced the unsaved work before the question was answered: %s -> %s"
                     % (mine, fifth.latest("points ")))
            if not files():
                fail("Cancel dropped the offered recovery file")
            # the offer is back where it was: Restore asks again
            xdo("mousemove", int(wx + 5), int(wy + 5))
            time.sleep(0.5)
            click_restore(fifth)
            answer(fifth, wid, 1 / 2)           # Discard
            fifth.wait_for(lambda: fifth.latest("points ") not in (mine, before), "the offered work restored")
            print("Restore over unsaved work asks first; Cancel keeps both", flush=True)
            fifth.quit_discarding()

        # Save in that question: the work is written to its file, then the
        # offered work restored (a file of its own: no file chooser).
        shutil.copy(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fuzz", "corpus",
                                 "session", "xor-tanh.json"), reused)
        mine_file = os.path.join(state, "mine.json")
        shutil.copy(reused, mine_file)
        with App(program, state=state, args=[mine_file]) as sixth:
            sixth.wait_for(lambda: "recovery-offered\n" in sixth.lines, "the offer, over a session file")
            sixth.wait_for(lambda: "prop title mine.json — nnplay\n" in sixth.lines, "mine.json opened")
            sixth.wait_for(sixth.plot_area, "the plot")
            wid = sixth.window()
            wx, wy = sixth.window_origin()
            ax, ay, aw, ah = sixth.plot_area()
            xdo("mousemove", int(wx + ax + 0.35 * aw), int(wy + ay + 0.65 * ah))
            xdo("click", 1)
            sixth.wait_for(lambda: "prop title *mine.json — nnplay\n" in sixth.lines, "unsaved work on mine.json")
            mine = sixth.latest("points ")
            click_restore(sixth)
            answer(sixth, wid, 5 / 6)           # Save
            sixth.wait_for(lambda: sixth.latest("points ") not in (mine,), "the offered work restored after Save")
            with open(mine_file) as f:
                saved = json.load(f)
            if len(saved["points"]["X"]) != int(mine[1]):
                fail("Save before Restore did not write the work: %d points in mine.json, %s on screen"
                     % (len(saved["points"]["X"]), mine[1]))
            deadline = time.monotonic() + 5
            while os.path.exists(reused) and time.monotonic() < deadline:
                time.sleep(0.05)
            if os.path.exists(reused):
                fail("the restored recovery file is still there")
            print("Save in the question writes the work, then restores", flush=True)
            sixth.quit_discarding()

        # A crashed nnplay its parent has not reaped yet (a zombie, still in
        # /proc with its name): gone, its work offered. It had been taken
        # for a running nnplay, and the offer missed until the next start.
        fake = os.path.join(state, "nnplay-zombie")
        shutil.copy("/bin/sleep", fake)
        zpid = os.posix_spawn(fake, [fake, "60"], dict(os.environ))
        os.kill(zpid, signal.SIGKILL)
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            with open("/proc/%d/stat" % zpid) as f:
                if f.read().rsplit(")", 1)[1].split()[0] == "Z":
                    break
            time.sleep(0.05)
        zombie_file = os.path.join(state, "nnplay", "recovery-%d-0.json" % zpid)
        shutil.copy(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fuzz", "corpus",
                                 "session", "xor-tanh.json"), zombie_file)
        try:
            with App(program, state=state) as seventh:
                seventh.wait_for(lambda: "recovery-offered\n" in seventh.lines,
                                 "the offer of a zombie nnplay's work")
                seventh.quit_discarding()
        finally:
            os.waitpid(zpid, 0)
        print("a crashed nnplay not yet reaped: its work offered", flush=True)
    finally:
        shutil.rmtree(state, ignore_errors=True)
    print("ok", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
