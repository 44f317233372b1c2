#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
# test-summary.py: reads Meson's testlog.json and prints "N passed, N failed, N skipped";
# exits non-zero when a test failed or none ran.
import json
import sys

counts = {"passed": 0, "failed": 0, "skipped": 0}
with open(sys.argv[1]) as f:
    for line in f:
        line = line.strip()
        if not line:
            continue
        result = json.loads(line).get("result", "")
        if result in ("OK", "EXPECTEDFAIL"):
            counts["passed"] += 1
        elif result == "SKIP":
            counts["skipped"] += 1
        else:
            counts["failed"] += 1
print("%d passed, %d failed, %d skipped" % (counts["passed"], counts["failed"], counts["skipped"]))
sys.exit(1 if counts["failed"] or not counts["passed"] else 0)
