#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# Checks that the metainfo's screenshot URLs name files of this source tree that exist and are PNGs.
import os
import sys
import xml.etree.ElementTree as ET

metainfo, srcroot = sys.argv[1], sys.argv[2]
marker = "/main/"   # https://raw.githubusercontent.com/OWNER/REPO/main/<path in tree>
images = [el.text.strip() for el in ET.parse(metainfo).getroot().findall("./screenshots/screenshot/image")]
if not images:
    sys.exit(f"{metainfo}: no screenshot")
for url in images:
    if marker not in url:
        sys.exit(f"{metainfo}: screenshot URL {url} does not point into the repository")
    path = os.path.join(srcroot, url.split(marker, 1)[1])
    if not os.path.exists(path):
        print(f"{path}: screenshot not taken yet (skipping)")
        sys.exit(77)
    with open(path, "rb") as f:
        if f.read(8) != b"\x89PNG\r\n\x1a\n":
            sys.exit(f"{path}: not a PNG")
    print(f"{path}: ok")
