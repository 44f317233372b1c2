#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# check-man.py: the options a program's --help lists are the options its man
# page documents, and no others; and the page renders without a warning.
#
#   check-man.py cli NNPLAY_CLI data/man/nnplay-cli.1   (each subcommand's section)
#   check-man.py app NNPLAY data/man/nnplay.1
#   (the same for the translations, data/man/zh_CN/*.1)
import os
import re
import shutil
import subprocess
import sys

# The options section by the titles the pages use, English and Chinese.
OPTIONS_TITLES = ('OPTIONS', '选项')

OPT = re.compile(r'(?<![\w-])(--?[A-Za-z][\w-]*)')


def help_options(argv):
    env = dict(os.environ, LC_ALL='C')
    env.pop('LANGUAGE', None)
    r = subprocess.run(argv, env=env, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f'FAIL: {" ".join(argv)} exited {r.returncode}: {r.stderr}')
    opts = set()
    in_options = False
    for line in r.stdout.splitlines():
        if re.match(r'^\S.*[Oo]ptions:?$', line) or line.strip() == 'Options:':
            in_options = True
            continue
        if not line.strip() or not line.startswith(' '):
            in_options = line.startswith(' ') and in_options
            continue
        if in_options:
            # "  -q, --quiet   text" or "  --out=FILE   text": the option column only.
            head = re.split(r'\s{2,}', line.strip())[0]
            opts.update(o for o in OPT.findall(head.split('=')[0] if '=' in head else head))
    return opts


def man_sections(path):
    """{section title: set of options in its .TP tags}; subsections count as sections."""
    sections, title, tag_next = {}, None, False
    with open(path, encoding='utf-8') as f:
        for raw in f:
            line = raw.rstrip('\n').replace('\\-', '-').replace('\\e', '\\')
            m = re.match(r'^\.S[HS]\s+"?([^"]*)"?', line)
            if m:
                title = m.group(1).strip()
                sections.setdefault(title, set())
                continue
            if line.startswith('.TP'):
                tag_next = True
                continue
            if tag_next:
                tag_next = False
                if title is not None and line.startswith('.B'):
                    text = re.sub(r'\\f[BIRP]', '', line)
                    text = text.split('=')[0]
                    sections[title].update(OPT.findall(text))
    return sections


def options_section(sections):
    for title in OPTIONS_TITLES:
        if title in sections:
            return sections[title]
    return set()


def check_render(page, failures):
    """groff (as man -l runs it: preconv, 80 columns) formats the page without a warning."""
    groff = shutil.which('groff')
    if groff is None:
        failures.append('groff is missing (Debian: groff-base, which build-aux/dev.sh installs)')
        return
    args = [groff, '-k', '-ww', '-Tutf8', '-man', '-rLL=78n']
    # Chinese has no spaces: inside a run of CJK text groff can neither
    # break nor stretch a line, and groff 1.23 (Debian 13) says so for every
    # such line ("cannot adjust line", category 'break'); every other
    # warning still fails the page.
    if os.sep + 'zh_CN' + os.sep in page:
        args.append('-Wbreak')
    r = subprocess.run(args + [page],
                       env=dict(os.environ, LC_ALL='C.UTF-8'), capture_output=True, text=True)
    if r.returncode != 0 or r.stderr.strip() or not r.stdout.strip():
        failures.append(f'groff -ww {page}: status {r.returncode}, warnings:\n{r.stderr}')
    else:
        print(f'{page}: groff renders it without warnings')
    return r.stdout


def compare(what, in_help, in_man, failures):
    for o in sorted(in_help - in_man):
        failures.append(f'{what}: {o} is in --help but not in the man page')
    for o in sorted(in_man - in_help):
        failures.append(f'{what}: {o} is in the man page but not in --help')
    print(f'{what}: --help {sorted(in_help)}')


def main():
    kind, prog, page = sys.argv[1:4]
    sections = man_sections(page)
    failures = []
    if kind == 'cli':
        compare('nnplay-cli', help_options([prog, '--help']), options_section(sections), failures)
        cmds = []
        env = dict(os.environ, LC_ALL='C')
        out = subprocess.run([prog, '--help'], env=env, capture_output=True, text=True).stdout
        in_cmds = False
        for line in out.splitlines():
            if line == 'Commands:':
                in_cmds = True
            elif in_cmds and line.startswith('  '):
                cmds.append(line.split()[0])
            elif in_cmds:
                in_cmds = False
        if len(cmds) < 5:
            failures.append(f'found only the commands {cmds} in nnplay-cli --help')
        for cmd in cmds:
            title = f'nnplay-cli {cmd}'
            if title not in sections:
                failures.append(f'no section "{title}" in {page}')
                continue
            compare(title, help_options([prog, cmd, '--help']), sections[title], failures)
        for title in sections:
            if title.startswith('nnplay-cli ') and title.split()[1] not in cmds:
                failures.append(f'{page} documents "{title}", which --help does not list')
    else:
        compare('nnplay', help_options([prog, '--help-all']), options_section(sections), failures)
    text = check_render(page, failures) or ''
    # The model format is shown with its quotes (a .B line would eat them).
    model = '{"format": "nnplay-model", "version": 1'
    if kind == 'cli' and model not in re.sub(r'\s+', ' ', re.sub(r'.\x08|\x1b\[[0-9;]*m', '', text)):
        failures.append(f'{page} does not show the model format as {model}...')
    for f in failures:
        print('FAIL: ' + f)
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
