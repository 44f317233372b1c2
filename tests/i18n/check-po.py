#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# check-po.py: every translatable string in the sources is in po/POTFILES and
# translated, not fuzzy, in each po/LL.po listed in LINGUAS.
#
#   check-po.py SOURCE_ROOT [XGETTEXT MSGMERGE MSGFMT]
#
# The .pot is regenerated here with xgettext (the same arguments as
# i18n.gettext's 'glib' preset), so a new _() added to the code shows up as
# untranslated even if nobody ran `meson compile nnplay-pot`.
import os
import re
import subprocess
import sys
import tempfile

# mesonbuild/modules/i18n.py, PRESET_ARGS['glib'] (meson 1.0).
GLIB_PRESET = [
    '--from-code=UTF-8', '--add-comments',
    '--keyword=_', '--keyword=N_', '--keyword=C_:1c,2', '--keyword=NC_:1c,2',
    '--keyword=g_dcgettext:2', '--keyword=g_dngettext:2,3', '--keyword=g_dpgettext2:2c,3',
    '--flag=N_:1:pass-c-format', '--flag=C_:2:pass-c-format', '--flag=NC_:2:pass-c-format',
    '--flag=g_dngettext:2:pass-c-format', '--flag=g_strdup_printf:1:c-format',
    '--flag=g_string_printf:2:c-format', '--flag=g_string_append_printf:2:c-format',
    '--flag=g_error_new:3:c-format', '--flag=g_set_error:4:c-format',
    '--flag=g_markup_printf_escaped:1:c-format', '--flag=g_log:3:c-format',
    '--flag=g_print:1:c-format', '--flag=g_printerr:1:c-format',
    '--flag=g_printf:1:c-format', '--flag=g_fprintf:2:c-format',
    '--flag=g_sprintf:2:c-format', '--flag=g_snprintf:3:c-format',
]

MARK_C = re.compile(r'\b(?:_|N_|C_|NC_|g_dngettext|g_dgettext|g_dcgettext|g_dpgettext2)\s*\(\s*(?:GETTEXT_PACKAGE\s*,\s*)?"')
MARK_UI = re.compile(r'translatable="yes"')


def parse_po(text):
    """Entries of a PO file: dicts with msgctxt, msgid, msgid_plural, msgstr (list), fuzzy, obsolete."""
    entries = []
    for block in re.split(r'\n\s*\n', text):
        e = {'msgctxt': None, 'msgid': None, 'msgid_plural': None, 'msgstr': [], 'fuzzy': False,
             'obsolete': False}
        cur = None
        for line in block.splitlines():
            if line.startswith('#~'):
                e['obsolete'] = True
                line = line[2:].lstrip()
            elif line.startswith('#,'):
                e['fuzzy'] = e['fuzzy'] or 'fuzzy' in line
                continue
            elif line.startswith('#'):
                continue
            m = re.match(r'(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+"(.*)"\s*$', line)
            if m:
                key, val = m.group(1), m.group(2)
                if key.startswith('msgstr'):
                    e['msgstr'].append(val)
                    cur = ('msgstr', len(e['msgstr']) - 1)
                else:
                    e[key] = val
                    cur = (key, None)
                continue
            m = re.match(r'"(.*)"\s*$', line)
            if m and cur is not None:
                key, i = cur
                if key == 'msgstr':
                    e['msgstr'][i] += m.group(1)
                else:
                    e[key] += m.group(1)
        if e['msgid'] is not None:
            entries.append(e)
    return entries


def listed_files(root):
    with open(os.path.join(root, 'po', 'POTFILES'), encoding='utf-8') as f:
        return [l.strip() for l in f if l.strip() and not l.startswith('#')]


def marked_files(root):
    found = []
    for top in ('src', 'ui', 'data'):
        for dirpath, _dirs, files in os.walk(os.path.join(root, top)):
            for name in files:
                path = os.path.join(dirpath, name)
                rel = os.path.relpath(path, root)
                if name.endswith(('.c', '.h')):
                    with open(path, encoding='utf-8') as f:
                        if MARK_C.search(f.read()):
                            found.append(rel)
                elif name.endswith('.ui'):
                    with open(path, encoding='utf-8') as f:
                        if MARK_UI.search(f.read()):
                            found.append(rel)
                elif name.endswith(('.desktop.in', '.metainfo.xml.in')):
                    found.append(rel)
    return sorted(found)


def main():
    root = sys.argv[1]
    xgettext = sys.argv[2] if len(sys.argv) > 2 else 'xgettext'
    msgmerge = sys.argv[3] if len(sys.argv) > 3 else 'msgmerge'
    msgfmt = sys.argv[4] if len(sys.argv) > 4 else 'msgfmt'
    failures = []

    listed = listed_files(root)
    for rel in listed:
        if not os.path.isfile(os.path.join(root, rel)):
            failures.append(f'po/POTFILES lists {rel}, which does not exist')
    for rel in marked_files(root):
        if rel not in listed:
            failures.append(f'{rel} has translatable strings but is not in po/POTFILES')

    with open(os.path.join(root, 'po', 'LINGUAS'), encoding='utf-8') as f:
        linguas = [w for l in f if not l.startswith('#') for w in l.split()]
    if not linguas:
        failures.append('po/LINGUAS lists no language')

    with tempfile.TemporaryDirectory() as tmp:
        pot = os.path.join(tmp, 'nnplay.pot')
        subprocess.run([xgettext, '--package-name=nnplay', '-f', os.path.join(root, 'po', 'POTFILES'),
                        '-D', root, '-o', pot] + GLIB_PRESET, check=True)
        with open(pot, encoding='utf-8') as f:
            n_pot = sum(1 for e in parse_po(f.read()) if e['msgid'])
        if n_pot < 100:
            failures.append(f'xgettext found only {n_pot} strings; the POTFILES or the keywords are wrong')

        for lang in linguas:
            po = os.path.join(root, 'po', lang + '.po')
            if not os.path.isfile(po):
                failures.append(f'po/LINGUAS lists {lang}, but po/{lang}.po does not exist')
                continue
            # The committed file: valid, formats matching, nothing fuzzy.
            r = subprocess.run([msgfmt, '--check', '--statistics', '-o', os.devnull, po],
                               capture_output=True, text=True)
            print(f'po/{lang}.po: {r.stderr.strip()}')
            if r.returncode != 0:
                failures.append(f'msgfmt --check po/{lang}.po failed')
            # Against the sources as they are now.
            merged = os.path.join(tmp, lang + '.po')
            subprocess.run([msgmerge, '--quiet', '--no-fuzzy-matching', '-o', merged, po, pot], check=True)
            with open(merged, encoding='utf-8') as f:
                entries = [e for e in parse_po(f.read()) if e['msgid'] and not e['obsolete']]
            missing = [e for e in entries if not e['msgstr'] or any(s == '' for s in e['msgstr'])]
            fuzzy = [e for e in entries if e['fuzzy'] and e not in missing]
            print(f'po/{lang}.po against the sources: {len(entries)} strings, '
                  f'{len(missing)} untranslated, {len(fuzzy)} fuzzy')
            for kind, lst in (('untranslated', missing), ('fuzzy', fuzzy)):
                for e in lst:
                    ctx = f' (context "{e["msgctxt"]}")' if e['msgctxt'] else ''
                    failures.append(f'{lang}: {kind}{ctx}: msgid "{e["msgid"]}"')

    for f in failures:
        print('FAIL: ' + f)
    if failures:
        print(f'{len(failures)} problem(s). Add the files to po/POTFILES, then run\n'
              '  meson compile -C _build nnplay-pot && meson compile -C _build nnplay-update-po\n'
              'and translate the strings listed above in po/LL.po.')
        return 1
    print('all strings translated in ' + ', '.join(linguas))
    return 0


if __name__ == '__main__':
    sys.exit(main())
