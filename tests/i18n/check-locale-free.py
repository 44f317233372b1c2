#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# check-locale-free.py: under de_DE.UTF-8 (decimal comma) nnplay-cli and the
# engine's file writers produce the same bytes as in the C locale.
#
#   check-locale-free.py NNPLAY_CLI TEST_LOCALE_FREE
#
# The locale is compiled with localedef into a scratch LOCPATH, so no root
# and no locale-gen is needed; only the locale sources (Debian's 'locales').
# If it cannot be made the test fails: it never passes without a comma.
import filecmp
import os
import subprocess
import sys
import tempfile

cli, writer_test = sys.argv[1], sys.argv[2]
LOCALE = 'de_DE.UTF-8'
failures = []


def base_env():
    env = dict(os.environ)
    for k in list(env):
        if k.startswith('LC_') or k in ('LANG', 'LANGUAGE'):
            del env[k]
    return env


with tempfile.TemporaryDirectory() as tmp:
    locpath = os.path.join(tmp, 'locales')
    os.mkdir(locpath)
    r = subprocess.run(['localedef', '-i', 'de_DE', '-f', 'UTF-8', os.path.join(locpath, LOCALE)],
                       capture_output=True, text=True)
    if r.returncode not in (0, 1) or not os.path.isdir(os.path.join(locpath, LOCALE)):
        # localedef returns 1 for warnings only; anything else is fatal.
        print(f'FAIL: localedef could not build {LOCALE} (install Debian\'s "locales"):\n{r.stderr}')
        sys.exit(1)
    de = dict(base_env(), LOCPATH=locpath, LC_ALL=LOCALE)
    c = dict(base_env(), LC_ALL='C')

    # The locale works: a C program formats 0.5 as 0,5 in it.
    probe = subprocess.run(['printf', '%.1f', '0,5'], env=de, capture_output=True, text=True)
    if probe.stdout != '0,5':
        failures.append(f'{LOCALE} from {locpath} does not give a decimal comma (printf wrote {probe.stdout!r})')

    # The engine's writers (CSV, model, session), from one process.
    r = subprocess.run([writer_test], env=de, capture_output=True, text=True)
    print(r.stdout, r.stderr, sep='')
    if r.returncode != 0:
        failures.append('test-locale-free failed under ' + LOCALE)

    # nnplay-cli: generate, train --save-model --history, plot's inputs.
    outs = {}
    for name, env in (('C', c), ('de', de)):
        d = os.path.join(tmp, name)
        os.mkdir(d)
        runs = [
            ['generate', '--dataset', 'spiral', '--points', '150', '--noise', '0.137', '--seed', '5',
             '--out', os.path.join(d, 'points.csv')],
            ['train', '--data', os.path.join(d, 'points.csv'), '--hidden', '5', '--lr', '0.75',
             '--epochs', '120', '--test-fraction', '0.2', '--batch', '32', '--activation', 'tanh',
             '--save-model', os.path.join(d, 'model.json'), '--history', os.path.join(d, 'history.csv')],
            ['train', '--init', os.path.join(d, 'model.json'), '--dataset', 'xor', '--epochs', '3',
             '--save-model', os.path.join(d, 'model2.json')],
        ]
        out = []
        for args in runs:
            r = subprocess.run([cli] + args, env=env, capture_output=True, text=True)
            if r.returncode != 0:
                failures.append(f'{name}: nnplay-cli {" ".join(args)} exited {r.returncode}: {r.stderr}')
            out.append(r.stdout)
        outs[name] = out
    for f in ('points.csv', 'model.json', 'history.csv', 'model2.json'):
        a, b = os.path.join(tmp, 'C', f), os.path.join(tmp, 'de', f)
        if not (os.path.isfile(a) and os.path.isfile(b)):
            failures.append(f'{f} was not written')
        elif not filecmp.cmp(a, b, shallow=False):
            failures.append(f'{f} differs between C and {LOCALE}')
        else:
            print(f'{f}: identical in C and {LOCALE} ({os.path.getsize(a)} bytes)')
    # The summary on stdout uses '.' too (numbers stay C in the CLI); its
    # first line holds the time taken, which varies.
    if outs['C'][1].splitlines()[1:] != outs['de'][1].splitlines()[1:]:
        failures.append(f'train summary differs:\nC:\n{outs["C"][1]}\n{LOCALE}:\n{outs["de"][1]}')

for f in failures:
    print('FAIL: ' + f)
sys.exit(1 if failures else 0)
