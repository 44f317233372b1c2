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

        sessions(tmp, rng)

    for f in failures:
        print('FAIL:', f)
    print('%d failure(s)' % len(failures))
    sys.exit(1 if failures else 0)


def write_session(path, X, Y, is_test, W1, b1, W2, b2, act, lr, standardize=False, model=True,
                  stride=1, epoch=12):
    h = W1.shape[0]
    s = {'format': 'nnplay-session', 'version': 1,
         'hyperparameters': {'learning_rate': lr, 'hidden': h, 'activation': act, 'batch_size': 0,
                             'seed': 1, 'test_fraction': 0.25, 'standardize': standardize},
         'dataset': {'generator': None, 'points': 0, 'noise': 0.1},
         'points': {'X': X.tolist(), 'y': [int(v) for v in Y[:, 0]], 'is_test': [int(v) for v in is_test]},
         'history': {'train_cost': [0.7, 0.6, 0.5, 0.45], 'train_accuracy': [0.5, 0.6, 0.7, 0.75]},
         'epoch': epoch, 'history_stride': stride}
    # the curve's entries are epochs 0, stride, 2 stride ..: none past the epoch
    keep = epoch // stride + 1
    for k in s['history']:
        s['history'][k] = s['history'][k][:keep]
    s['model'] = None
    if model:
        s['model'] = {'format': 'nnplay-model', 'version': 1, 'inputs': 2, 'hidden': h, 'activation': act,
                      'W1': W1.tolist(), 'b1': b1[:, 0].tolist(), 'W2': W2.tolist(), 'b2': [float(b2[0, 0])]}
    with open(path, 'w') as f:
        json.dump(s, f)


def sessions(tmp, rng):
    """--model names a session the app saved: its network on the points as
    they are (folded back from z-scores when it trained on them), on its
    training points, with its alpha; each checked against the lecture's
    numpy code on the raw points, the folding computed here."""
    n, h = 40, 3
    X = np.round(rng.normal(3.0, 2.5, (n, 2)), 4)   # far from z-scores on purpose
    Y = (rng.uniform(size=(n, 1)) < 0.5).astype(float)
    is_test = (rng.uniform(size=n) < 0.25).astype(int)
    W1 = rng.normal(0, 0.8, (h, 2))
    b1 = rng.normal(0, 0.5, (h, 1))
    W2 = rng.normal(0, 0.9, (1, h))
    b2 = np.array([[-0.21]])
    train = is_test == 0
    Xt, Yt = X[train], Y[train]
    path = os.path.join(tmp, 'session.json')
    for act in ('sigmoid', 'tanh'):
        # as trained: the model on the raw points
        write_session(path, X, Y, is_test, W1, b1, W2, b2, act, 0.125)
        check_session(path, Xt, Yt, W1, b1, W2, b2, act, 0.125, [])
        check_session(path, Xt, Yt, W1, b1, W2, b2, act, 0.75, ['--lr', '0.75'])
        # trained on z-scores of the training split (population sd, as the
        # app): the same function of x is W1 diag(1/sd), b1 - W1' mean
        write_session(path, X, Y, is_test, W1, b1, W2, b2, act, 0.125, standardize=True)
        mean, sd = Xt.mean(axis=0), Xt.std(axis=0)
        W1x = W1 / sd[None, :]
        b1x = b1 - (W1x @ mean)[:, None]
        out = check_session(path, Xt, Yt, W1x, b1x, W2, b2, act, 0.125, [])
        if out is not None:
            Zz = (Xt - mean) / sd
            _, _, _, A2z = reference.forward(Zz, W1, b1, W2, b2, act)
            close(f'{act} standardized A2 against the z-model', out['A2'], A2z[:8, :])

    env = dict(os.environ, LC_ALL='C')
    plot = [CLI, 'plot', '--model', path, '--size', '640x480']
    for fig, args in (('boundary', []), ('cost', []), ('all', []), ('update', []),
                      ('boundary', ['--dataset', 'moons'])):
        out = os.path.join(tmp, 'session-%s.png' % fig)
        rr = subprocess.run(plot + ['--figure', fig, '--out', out] + args, env=env, capture_output=True, text=True)
        if rr.returncode != 0 or not os.path.getsize(out) > 1000:
            failures.append(f'plot --model SESSION --figure {fig} {args}: exit {rr.returncode}: {rr.stderr}')
    for args, code, words in ((['--test-fraction', '0.2'], 1, 'own split'),
                              (['--lr', '0.5'], 1, 'are for --figure lecture')):
        rr = subprocess.run(plot + ['--figure', 'boundary', '--out', os.path.join(tmp, 'x.png')] + args,
                            env=env, capture_output=True, text=True)
        if rr.returncode != code or words not in rr.stderr:
            failures.append(f'plot --model SESSION {args}: exit {rr.returncode}, want {code}: {rr.stderr}')
    # a session saved before any training has no weights to draw
    write_session(path, X, Y, is_test, W1, b1, W2, b2, 'tanh', 0.125, model=False, epoch=0)
    for cmd in (run('--model', path), subprocess.run(plot + ['--out', os.path.join(tmp, 'x.png')], env=env,
                                                     capture_output=True, text=True)):
        if cmd.returncode != 2 or 'no weights yet' not in cmd.stderr:
            failures.append(f'session without a model: exit {cmd.returncode}: {cmd.stderr}')
    # every point a test point: nothing to take the step on, but the
    # boundary and the curve can be drawn
    write_session(path, X, Y, np.ones(n, dtype=int), W1, b1, W2, b2, 'tanh', 0.125)
    rr = run('--model', path)
    if rr.returncode != 2 or 'no training points' not in rr.stderr:
        failures.append(f'session with test points only: exit {rr.returncode}: {rr.stderr}')
    for fig in ('boundary', 'cost'):
        out = os.path.join(tmp, 'alltest-%s.png' % fig)
        rr = subprocess.run(plot + ['--figure', fig, '--out', out], env=env, capture_output=True, text=True)
        if rr.returncode != 0 or not os.path.getsize(out) > 1000:
            failures.append(f'plot --figure {fig} of a session of test points only: exit {rr.returncode}: {rr.stderr}')

    # other points take the session's alpha too; a standardised session's
    # text says the step is not the one the app trains
    write_session(path, X, Y, is_test, W1, b1, W2, b2, 'tanh', 0.125, standardize=True)
    rr = run('--model', path, '--dataset', 'moons', '--json')
    if rr.returncode != 0 or json.loads(rr.stdout)['alpha'] != 0.125:
        failures.append(f'lecture --model SESSION --dataset moons: exit {rr.returncode}: {rr.stdout[:200]} {rr.stderr}')
    rr = run('--model', path, '--rows', '1')
    if rr.returncode != 0 or 'Standardised: training steps on z-scores' not in rr.stdout:
        failures.append(f'standardised session, text: exit {rr.returncode}: no caveat: {rr.stderr}')
    write_session(path, X, Y, is_test, W1, b1, W2, b2, 'tanh', 0.125)
    rr = run('--model', path, '--rows', '1')
    if rr.returncode != 0 or 'Standardised' in rr.stdout:
        failures.append(f'plain session, text: exit {rr.returncode}: caveat where none is due')

    # a model file past 64 MB is refused as nnp_model_load refuses it
    big = os.path.join(tmp, 'big-model.json')
    with open(big, 'w') as f:
        f.write('{"format": "nnplay-model", "version": 1, "inputs": 2, "hidden": 1, "activation": "tanh",'
                ' "W1": [[1, 2]], "b1": [0], "W2": [[1]], "b2": [0]}')
        f.write(' ' * (65 << 20))
    rr = run('--model', big, '--dataset', 'moons')
    if rr.returncode != 2 or 'larger than 64 MB' not in rr.stderr:
        failures.append(f'65 MB model: exit {rr.returncode}: {rr.stderr}')
    os.remove(big)


def check_session(path, X, Y, W1, b1, W2, b2, act, alpha, args):
    r = run('--model', path, '--json', *args)
    if r.returncode != 0:
        failures.append(f'session {act} {args}: exit {r.returncode}: {r.stderr}')
        return None
    out = json.loads(r.stdout)
    n = X.shape[0]
    Z1, A1, Z2, A2 = reference.forward(X, W1, b1, W2, b2, act)
    dW1, db1, dW2, db2 = reference.backward(X, Y, Z1, A1, A2, W2, act)
    what = f'session {act} {args}'
    if out['n'] != n or out['alpha'] != alpha or out['activation'] != act:
        failures.append(f'{what}: n/alpha/activation {out["n"]} {out["alpha"]} {out["activation"]}')
    for key, full in (('X', X), ('Y', Y), ('Z2', Z2), ('A2', A2)):
        close(f'{what} {key}', out[key], full[:8, :])
    close(f'{what} J', out['J'], reference.cost(A2, Y))
    for key, want in (('W1', W1), ('b1', b1[:, 0]), ('dW1', dW1), ('db1', db1[:, 0]), ('dW2', dW2),
                      ('W1_next', W1 - alpha * dW1)):
        close(f'{what} {key}', out[key], want)
    return out


if __name__ == '__main__':
    main()
