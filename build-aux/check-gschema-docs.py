#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# Fails unless every key of the GSettings schemas given has a non-empty summary and description.
import sys
import xml.etree.ElementTree as ET

bad = 0
for path in sys.argv[1:]:
    keys = ET.parse(path).getroot().findall("./schema/key")
    if not keys:
        print(f"{path}: no keys found", file=sys.stderr)
        bad += 1
    for key in keys:
        for tag in ("summary", "description"):
            el = key.find(tag)
            if el is None or not (el.text or "").strip():
                print(f"{path}: key '{key.get('name')}' has no {tag}", file=sys.stderr)
                bad += 1
    print(f"{path}: {len(keys)} keys checked")
sys.exit(1 if bad else 0)
