#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# check-cli-lang.py: nnplay-cli speaks Chinese under LANGUAGE=zh_CN (help,
# messages, and the text of PNG, SVG and PDF figures, drawn with a real CJK
# font), and exactly its old English in the C locale.
#
#   check-cli-lang.py NNPLAY_CLI LOCALEDIR ENGINE_MESSAGE
import os
import re
import shutil
import subprocess
import sys
import tempfile

cli, localedir, engine_message = (os.path.abspath(a) for a in sys.argv[1:4])
failures = []

# A real zh_CN.UTF-8 locale, compiled with localedef into a scratch LOCPATH
# (no root, no locale-gen): glibc ignores LANGUAGE in the C locales, and
# newer glibc (Debian 13) in C.UTF-8 too.
scratch = tempfile.TemporaryDirectory()
locpath = os.path.join(scratch.name, 'locales')
os.mkdir(locpath)
made = subprocess.run(['localedef', '-i', 'zh_CN', '-f', 'UTF-8', os.path.join(locpath, 'zh_CN.UTF-8')],
                      capture_output=True, text=True)
if made.returncode not in (0, 1) or not os.path.isdir(os.path.join(locpath, 'zh_CN.UTF-8')):
    print('FAIL: localedef could not build zh_CN.UTF-8 (install Debian\'s "locales"):\n' + made.stderr)
    sys.exit(1)


def run(args, lang, check_status=None, prog=None):
    env = dict(os.environ, NNPLAY_LOCALEDIR=localedir)
    for k in ('LANG', 'LC_ALL', 'LC_MESSAGES', 'LANGUAGE'):
        env.pop(k, None)
    if lang == 'zh':
        env.update(LOCPATH=locpath, LC_ALL='zh_CN.UTF-8', LANGUAGE='zh_CN')
    else:
        env.update(LC_ALL='C', LANGUAGE='zh_CN')
    r = subprocess.run([prog or cli] + args, env=env, capture_output=True, text=True)
    if check_status is not None and r.returncode != check_status:
        failures.append(f'{lang}: nnplay-cli {" ".join(args)} exited {r.returncode}, expected {check_status}:\n'
                        f'{r.stderr}')
    return r


def expect(text, needle, what):
    if needle not in text:
        failures.append(f'{what}: expected "{needle}" in:\n{text}')


def refuse(text, needle, what):
    if needle in text:
        failures.append(f'{what}: did not expect "{needle}" in:\n{text}')


# Help and messages.
r = run(['--help'], 'zh', 0)
expect(r.stdout, '用法：nnplay-cli 命令', 'zh top-level --help')
expect(r.stdout, '训练网络；保存模型、历史和图', 'zh command list')
r = run(['train', '--help'], 'zh', 0)
expect(r.stdout, '用梯度下降训练单隐藏层网络。', 'zh train --help summary')
expect(r.stdout, '学习率 alpha（默认 0.5）', 'zh train --help option')
expect(r.stdout, '--history 输出.csv 写出表头', 'zh train --help description')
r = run(['train', '--dataset', 'moons', '--hidden', '0'], 'zh', 1)
expect(r.stderr, '--hidden 必须在 1 到 100000 之间，而不是 0', 'zh usage error')

r = run(['train', '--help'], 'C', 0)
expect(r.stdout, 'Train the one-hidden-layer network by gradient descent.', 'C train --help')
refuse(r.stdout, '训练', 'C train --help')
r = run(['train', '--dataset', 'moons', '--hidden', '0'], 'C', 1)
expect(r.stderr, '--hidden must be between 1 and 100000, not 0', 'C usage error')
r = run(['train', '--dataset', 'moons', '--epochs', '5'], 'C', 0)
expect(r.stdout, 'train: cost ', 'C summary')

# The engine's messages about files it refuses: Chinese under zh_CN (with
# the file's name and place kept), exactly the old English in the C locale.
# The session reader is reached through engine-message (no nnplay-cli
# subcommand reads sessions).
CJK = re.compile('[\u4e00-\u9fff]')
bad_files = {
    'bad.csv': 'x1,x2,y\n0.5,abc,1\n',
    'short.csv': 'x1,x2,y\n1,2,0\n1,2\n',
    'model.json': '{"format": "nnplay-model", "version": 1, "inputs": 2, "hidden": "four"}',
    'broken.json': '{"format": "nnplay-model", "version": 1,',
    'session.json': '{"format": "nnplay-session", "version": 1, "hyperparameters": []}',
}
# (arguments, exit status, file, English message, a Chinese word it must hold)
refusals = [
    (['train', '--data', 'bad.csv', '--epochs', '1'], 2, 'bad.csv',
     'bad.csv:2:5: "abc" is not a number, expected a number', '不是数字'),
    (['train', '--data', 'short.csv', '--epochs', '1'], 2, 'short.csv',
     'short.csv:3:4: 2 columns, expected 3 (2 features, then the label)', '个特征'),
    (['plot', '--model', 'model.json', '--out', 'x.png'], 2, 'model.json',
     'model.json: "hidden" is a string, expected an integer', '应为整数'),
    (['plot', '--model', 'broken.json', '--out', 'x.png'], 2, 'broken.json',
     'broken.json:1:41: not valid JSON: expected a key in double quotes', 'JSON'),
    # nnp-plot-export keeps only the reason of nnp-io's "PATH: cannot write: REASON"
    (['train', '--dataset', 'moons', '--epochs', '1', '--quiet', '--out', 'fifo.png'], 2, 'fifo.png',
     'Cannot write “fifo.png”: a FIFO, not a regular file; nnplay does not replace it', '无法写入“fifo.png”：FIFO'),
    ([None, 'session', 'session.json'], 1, 'session.json',
     'session.json: "hyperparameters" is an array, expected an object', '应为对象'),
]
with tempfile.TemporaryDirectory() as tmp:
    for name, text in bad_files.items():
        with open(os.path.join(tmp, name), 'w', encoding='utf-8') as f:
            f.write(text)
    os.mkfifo(os.path.join(tmp, 'fifo.png'))
    here = os.getcwd()
    os.chdir(tmp)   # the messages name the files as given
    try:
        for args, status, name, english, word in refusals:
            prog = engine_message if args[0] is None else None
            args = args[1:] if args[0] is None else args
            what = ' '.join(args)
            r = run(args, 'C', status, prog)
            expect(r.stdout + r.stderr, english, f'C {what}')
            if CJK.search(r.stdout + r.stderr):
                failures.append(f'C {what}: Chinese in the C locale:\n{r.stdout}{r.stderr}')
            r = run(args, 'zh', status, prog)
            zh = r.stdout + r.stderr
            refuse(zh, english.split(': ', 1)[1], f'zh {what}')
            expect(zh, name, f'zh {what} (the file name)')
            expect(zh, word, f'zh {what}')
            if not CJK.search(zh):
                failures.append(f'zh {what}: no Chinese in:\n{zh}')
    finally:
        os.chdir(here)

# Figures: the titles are Chinese and drawn with a font that has the glyphs.
# Every family with Chinese glyphs, as PDF base font names spell them
# ("WenQuanYi Micro Hei" -> "wenquanyimicrohei").
has_zh = subprocess.run(['fc-list', ':lang=zh-cn', 'family'], capture_output=True, text=True).stdout.strip()
cjk = {f.replace(' ', '').replace('-', '').lower() for line in has_zh.splitlines() for f in line.split(',')}
if not has_zh:
    failures.append('no font with Chinese glyphs (fc-list :lang=zh-cn is empty): install fonts-wqy-microhei')

with tempfile.TemporaryDirectory() as tmp:
    for ext in ('png', 'svg', 'pdf'):
        out = os.path.join(tmp, 'zh.' + ext)
        run(['train', '--dataset', 'moons', '--epochs', '50', '--test-fraction', '0.2', '--quiet',
             '--figure', 'all', '--size', '960x540', '--out', out], 'zh', 0)
        if not os.path.isfile(out) or os.path.getsize(out) < 1000:
            failures.append(f'zh figure {ext} missing or empty')
    pdf = os.path.join(tmp, 'zh.pdf')
    if os.path.isfile(pdf):
        fonts = subprocess.run(['pdffonts', pdf], capture_output=True, text=True).stdout
        print(fonts)
        embedded = {line.split()[0].split('+', 1)[-1].replace('-', '').lower()
                    for line in fonts.splitlines()[2:] if line.strip()}
        if has_zh and not any(e.startswith(f) for e in embedded for f in cjk if f):
            failures.append(f'the PDF embeds no font with Chinese glyphs ({sorted(cjk)}):\n{fonts}')
        for line in fonts.splitlines()[2:]:
            cols = line.split()
            if len(cols) >= 5 and cols[-5] != 'yes':
                failures.append(f'font not embedded: {line}')
        text = subprocess.run(['pdftotext', pdf, '-'], capture_output=True, text=True).stdout
        for word in ('决策边界', '隐藏单元', '代价', '轮次', '类别 1', '测试点'):
            expect(text, word, 'zh PDF text')
    svg = os.path.join(tmp, 'zh.svg')
    # Cairo's SVG draws glyphs as paths: no text to read, so check it parses.
    if os.path.isfile(svg) and shutil.which('rsvg-convert'):
        r = subprocess.run(['rsvg-convert', '-o', os.path.join(tmp, 'svg.png'), svg])
        if r.returncode != 0:
            failures.append('rsvg-convert cannot read the zh SVG')

for f in failures:
    print('FAIL: ' + f)
sys.exit(1 if failures else 0)
