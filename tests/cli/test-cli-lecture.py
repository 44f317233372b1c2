#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# test-cli-lecture.py: `nnplay-cli lecture` against the lecture's numpy code
# (tests/engine/reference.py, independent of the engine), to 1e-12.
#
# Usage: test-cli-lecture.py NNPLAY_CLI
import json
import os
import subprocess
import sys
import tempfile

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'engine'))
import reference  # noqa: E402

CLI = sys.argv[1]
failures = []


def run(*args):
    env = dict(os.environ, LC_ALL='C')
    env.pop('LANGUAGE', None)
    return subprocess.run([CLI, 'lecture', *args], env=env, capture_output=True, text=True)


def close(what, got, want, tol=1e-12):
    got = np.asarray(got, dtype=float)
    want = np.atleast_2d(np.asarray(want, dtype=float)) if got.ndim == 2 else np.asarray(want, dtype=float)
    if got.shape != want.shape:
        failures.append(f'{what}: shape {got.shape}, want {want.shape}')
        return
    err = np.max(np.abs(got - want) / np.maximum(1.0, np.abs(want))) if got.size else 0.0
    if not err <= tol:
        failures.append(f'{what}: error {err:.3g} > {tol}')


def write_case(tmp, X, Y, W1, b1, W2, b2, act):
    d, h = X.shape[1], W1.shape[0]
    with open(os.path.join(tmp, 'data.csv'), 'w') as f:
        f.write(','.join(['x%d' % (k + 1) for k in range(d)] + ['label']) + '\n')
        for x, y in zip(X, Y[:, 0]):
            f.write(','.join('%.17g' % v for v in x) + ',%d\n' % int(y))
    model = {'format': 'nnplay-model', 'version': 1, 'inputs': d, 'hidden': h, 'activation': act,
             'W1': W1.tolist(), 'b1': b1[:, 0].tolist(), 'W2': W2.tolist(), 'b2': [float(b2[0, 0])]}
    with open(os.path.join(tmp, 'model.json'), 'w') as f:
        json.dump(model, f)


def check(tmp, X, Y, W1, b1, W2, b2, act, rows, alpha, args):
    r = run('--model', os.path.join(tmp, 'model.json'), '--data', os.path.join(tmp, 'data.csv'),
            '--json', *args)
    if r.returncode != 0:
        failures.append(f'{act} {args}: exit {r.returncode}: {r.stderr}')
        return None
    out = json.loads(r.stdout)
    n = X.shape[0]
    Z1, A1, Z2, A2 = reference.forward(X, W1, b1, W2, b2, act)
    dW1, db1, dW2, db2 = reference.backward(X, Y, Z1, A1, A2, W2, act)
    _, gprime = reference.ACT[act]
    dZ2 = (A2 - Y) / n
    dZ1 = (dZ2 @ W2) * gprime(Z1, A1)
    idx = [i - 1 for i in rows]
    what = f'{act} rows {rows}'
    if out['n'] != n or out['rows'] != rows or out['activation'] != act or out['alpha'] != alpha:
        failures.append(f'{what}: n/rows/activation/alpha {out["n"]} {out["rows"]} {out["activation"]} {out["alpha"]}')
    for key, full in (('X', X), ('Y', Y), ('Z1', Z1), ('A1', A1), ('Z2', Z2), ('A2', A2),
                      ('dZ2', dZ2), ('dZ1', dZ1)):
        close(f'{what} {key}', out[key], full[idx, :])
    close(f'{what} J', out['J'], reference.cost(A2, Y))
    for key, want in (('W1', W1), ('b1', b1[:, 0]), ('W2', W2), ('b2', b2[0, 0]),
                      ('dW1', dW1), ('db1', db1[:, 0]), ('dW2', dW2), ('db2', db2[0, 0]),
                      ('W1_next', W1 - alpha * dW1), ('b1_next', (b1 - alpha * db1)[:, 0]),
                      ('W2_next', W2 - alpha * dW2), ('b2_next', (b2 - alpha * db2)[0, 0])):
        close(f'{what} {key}', out[key], want)
    return out


def main():
    rng = np.random.RandomState(31415)
    with tempfile.TemporaryDirectory() as tmp:
        # The lecture's own shapes, d[0] = 3, d[1] = 4, on n = 11 rows.
        n, d, h = 11, 3, 4
        X = np.round(rng.normal(0, 1.3, (n, d)), 4)
        Y = (rng.uniform(size=(n, 1)) < 0.5).astype(float)
        W1 = rng.normal(0, 0.8, (h, d))
        b1 = rng.normal(0, 0.5, (h, 1))
        W2 = rng.normal(0, 0.9, (1, h))
        b2 = np.array([[0.385]])
        for act in ('sigmoid', 'tanh', 'relu'):
            write_case(tmp, X, Y, W1, b1, W2, b2, act)
            check(tmp, X, Y, W1, b1, W2, b2, act, [7, 2, 11], 0.3, ['--rows', '7, 2,11', '--lr', '0.3'])
            out = check(tmp, X, Y, W1, b1, W2, b2, act, list(range(1, 9)), 0.5, [])
            if out is not None and (len(out['Z1']) != 8 or len(out['Z1'][0]) != h or len(out['X'][0]) != d):
                failures.append(f'{act}: default rows give Z1 {len(out["Z1"])} x {len(out["Z1"][0])}')

        # Text: names and shapes with the actual n and h.
        r = run('--model', os.path.join(tmp, 'model.json'), '--data', os.path.join(tmp, 'data.csv'),
                '--rows', '3')
        for want in ('Z[1] = (b[1])^T + X (W[1])^T in R^{n x 4} = R^{11 x 4}',
                     'X in R^{n x 3} = R^{11 x 3}', 'dW[1] in R^{4 x 3}', 'W[2](t+1) in R^{1 x 4}',
                     'dZ[1] = dZ[2] W[2] o g\'(Z[1]) in R^{n x 4}'):
            if want not in r.stdout:
                failures.append(f'text output lacks {want!r}:\n{r.stdout}')

        # Refusals: bad rows and rates are usage errors (1), a model of other d bad input (2).
        for args, code in ((['--rows', '0'], 1), (['--rows', '12'], 1), (['--rows', '2,2'], 1),
                           (['--rows', 'x'], 1), (['--lr', '0'], 1), (['--lr', 'nan'], 1),
                           (['--dataset', 'moons', '--data', os.path.join(tmp, 'data.csv')], 1)):
            rr = run('--model', os.path.join(tmp, 'model.json'), '--data', os.path.join(tmp, 'data.csv'), *args)
            if rr.returncode != code or 'nnplay-cli lecture' not in rr.stderr:
                failures.append(f'{args}: exit {rr.returncode}, want {code}: {rr.stderr}')
        rr = run('--model', os.path.join(tmp, 'model.json'), '--dataset', 'moons')
        if rr.returncode != 2 or 'feature columns' not in rr.stderr:
            failures.append(f'd mismatch: exit {rr.returncode}: {rr.stderr}')
        rr = run('--dataset', 'moons')
        if rr.returncode != 1:
            failures.append(f'no --model: exit {rr.returncode}')

        # plot --figure lecture|forward|backward|update, any d, each format.
        plot = [CLI, 'plot', '--model', os.path.join(tmp, 'model.json'), '--data', os.path.join(tmp, 'data.csv')]
        env = dict(os.environ, LC_ALL='C')
        for fig in ('lecture', 'forward', 'backward', 'update'):
            for ext in ('png', 'svg', 'pdf'):
                out = os.path.join(tmp, '%s.%s' % (fig, ext))
                rr = subprocess.run(plot + ['--figure', fig, '--rows', '2,11', '--lr', '0.3', '--size', '800x600',
                                            '--out', out], env=env, capture_output=True, text=True)
                if rr.returncode != 0 or not os.path.getsize(out) > 1000:
                    failures.append(f'plot --figure {fig} .{ext}: exit {rr.returncode}: {rr.stderr}')
        if not open(os.path.join(tmp, 'update.svg'), 'rb').read().startswith(b'<?xml'):
            failures.append('update.svg is no SVG')
        for args in (['--figure', 'lecture', '--rows', '12'], ['--figure', 'boundary', '--rows', '1'],
                     ['--figure', 'lecture', '--lr', '-1']):
            rr = subprocess.run(plot + args + ['--out', os.path.join(tmp, 'x.png')], env=env,
                                capture_output=True, text=True)
            if rr.returncode != 1:
                failures.append(f'plot {args}: exit {rr.returncode}, want 1')
        rr = subprocess.run([CLI, 'plot', '--figure', 'lecture', '--dataset', 'moons', '--out',
                             os.path.join(tmp, 'x.png')], env=env, capture_output=True, text=True)
        if rr.returncode != 1 or '--model' not in rr.stderr:
            failures.append(f'plot --figure lecture without --model: exit {rr.returncode}: {rr.stderr}')

    for f in failures:
        print('FAIL:', f)
    print('%d failure(s)' % len(failures))
    sys.exit(1 if failures else 0)


if __name__ == '__main__':
    main()
