#!/usr/bin/python3
"""Per-layer-type profile of a convolutional training step in PyTorch, the twin of bootstrap-bench's OpProfile.

Every distinct layer shape of the network (same list as OpProfile.ops) is run alone at batch 128 (NCHW, as
bench.py) and timed in thread CPU milliseconds per call: forward, backward without the input gradient (for a
convolution: weight gradient only) and backward with it; figures are multiplied by the shape's count.
Optionally (--autograd) the whole model's training step under torch.autograd.profiler, self CPU time per op.

  OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 /usr/bin/python3 bench/pytorch/op_profile.py resnet18-16 cnn
  OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 /usr/bin/python3 bench/pytorch/op_profile.py --batch 64 cnn-fmnist
"""
import argparse
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

import models  # noqa: E402

CPU = time.thread_time_ns


def ops(workload):
    all_ops = []
    if workload in ('cnn', 'cnn-fmnist'):  # cnn-fmnist: the end-to-end experiment's CNN on 1x28x28
        c, hw = (3, 32) if workload == 'cnn' else (1, 28)
        all_ops += [('convb', c, 32, 3, 1, hw), ('relu', 32, 32, 0, 0, hw), ('maxpool', 32, 32, 2, 2, hw),
                    ('convb', 32, 64, 3, 1, hw // 2), ('relu', 64, 64, 0, 0, hw // 2),
                    ('maxpool', 64, 64, 2, 2, hw // 2)]
    elif workload.startswith('resnet18-'):
        width = int(workload.split('-')[1])
        all_ops.append(('conv', 3, width, 3, 1, 32))
        c, hw = width, 32
        for stage in range(4):
            w = width << stage
            for b in range(2):
                stride = 2 if stage > 0 and b == 0 else 1
                out = hw // stride
                all_ops += [('batchnorm', c, c, 0, 0, hw), ('relu', c, c, 0, 0, hw), ('conv', c, w, 3, stride, hw),
                            ('batchnorm', w, w, 0, 0, out), ('relu', w, w, 0, 0, out), ('conv', w, w, 3, 1, out)]
                if stride != 1 or c != w:
                    all_ops.append(('conv', c, w, 1, stride, hw))
                all_ops.append(('add', w, w, 0, 0, out))
                c, hw = w, out
        all_ops += [('batchnorm', c, c, 0, 0, hw), ('relu', c, c, 0, 0, hw)]
    else:
        raise SystemExit(f'unknown workload {workload}')
    merged, order = {}, []
    for i, o in enumerate(all_ops):
        key = ('first ' if i == 0 else '') + key_of(o)
        if key in merged:
            merged[key][1] += 1
        else:
            merged[key] = [o, 1]
            order.append(key)
    return [(merged[k][0], merged[k][1], i == 0) for i, k in enumerate(order)]


def key_of(o):
    kind, cin, cout, k, s, hw = o
    if kind.startswith('conv'):
        return f'conv{k}x{k} s{s} {cin}->{cout} @{hw}'
    return f'{kind} {cin} @{hw}'


def module(o):
    kind, cin, cout, k, s, hw = o
    if kind.startswith('conv'):
        return torch.nn.Conv2d(cin, cout, k, s, k // 2, bias=kind == 'convb')
    if kind == 'batchnorm':
        return torch.nn.BatchNorm2d(cin)
    if kind == 'relu':
        return torch.nn.ReLU()
    if kind == 'maxpool':
        return torch.nn.MaxPool2d(k, s)
    raise ValueError(kind)


def time_op(o, batch, min_seconds, first):
    kind, cin, cout, k, s, hw = o
    g = torch.Generator().manual_seed(11)
    x0 = torch.rand(batch, cin, hw, hw, generator=g) - 0.5
    if kind == 'add':
        h, y = x0.clone(), torch.rand(batch, cin, hw, hw, generator=g)
        spent, reps = 0, 0
        for it in range(-3, 10 ** 9):
            a = CPU()
            h.add_(y)
            b = CPU()
            if it >= 0:
                spent += b - a
                reps += 1
                if reps >= 5 and spent >= min_seconds * 1e9:
                    break
        ms = spent / 1e6 / reps
        return [ms, ms, ms]
    m = module(o)
    m.train()
    with torch.no_grad():
        gout = torch.rand_like(m(x0)) - 0.5
    res, n = [0.0, 0.0, 0.0], [0, 0, 0]
    has_params = any(True for _ in m.parameters())
    for phase in (1, 2):
        if phase == 2 and first:
            res[2], n[2] = res[1], n[1]
            break
        spent, reps = 0, 0
        for it in range(-3, 10 ** 9):
            x = x0.clone().requires_grad_(phase == 2 or not has_params)
            a = CPU()
            y = m(x)
            b = CPU()
            y.backward(gout)
            c = CPU()
            for p in m.parameters():
                p.grad = None
            if it >= 0:
                res[0] += (b - a) / 1e6
                n[0] += 1
                res[phase] += (c - b) / 1e6
                reps += 1
                spent += c - a
                if reps >= 5 and spent >= min_seconds * 1e9:
                    break
        n[phase] = reps
    return [res[i] / n[i] for i in range(3)]


def kind_of(o):
    kind, cin, cout, k, s, hw = o
    if kind.startswith('conv'):
        return 'conv1x1' if k == 1 else ('conv3x3 s1' if s == 1 else 'conv3x3 s2')
    return kind


def profile(workload, batch, seconds):
    print(f'op profile pytorch {workload} batch {batch} (thread CPU ms per call; x count)', flush=True)
    per_kind = {}
    for o, count, first in ops(workload):
        t = time_op(o, batch, seconds, first)
        s = per_kind.setdefault(kind_of(o), [0.0, 0.0, 0.0])
        for i in range(3):
            s[i] += t[i] * count
        print(f'OP side=pytorch workload={workload} op="{key_of(o)}" count={count} '
              f'fwd={t[0]:.3f} bwd_noinput={t[1]:.3f} bwd={t[2]:.3f}', flush=True)
    total = 0
    for k in sorted(per_kind):
        s = per_kind[k]
        print(f'KIND side=pytorch workload={workload} kind="{k}" fwd={s[0]:.2f} bwd_noinput={s[1]:.2f} bwd={s[2]:.2f}')
        total += s[0] + s[2]
    print(f'TOTAL side=pytorch workload={workload} ms={total:.1f}', flush=True)


def autograd_profile(workload, batch, steps=5):
    torch.manual_seed(1)
    model = models.WORKLOADS[workload]()
    g = torch.Generator().manual_seed(7)
    x = torch.rand(batch, 3, 32, 32, generator=g) * 2 - 1
    y = torch.randint(0, 10, (batch,), generator=g)
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)

    def step():
        opt.zero_grad(set_to_none=True)
        F.cross_entropy(model(x), y).backward()
        opt.step()
    for _ in range(3):
        step()
    with torch.autograd.profiler.profile() as prof:
        for _ in range(steps):
            step()
    print(f'autograd profiler {workload}, {steps} steps, self CPU total per step:')
    rows = sorted(prof.key_averages(), key=lambda e: -e.self_cpu_time_total)
    for e in rows[:20]:
        print(f'  {e.key:45s} {e.self_cpu_time_total / 1e3 / steps:8.2f} ms  calls/step {e.count // steps}')


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('workloads', nargs='*', default=['resnet18-16', 'cnn'])
    p.add_argument('--batch', type=int, default=128)
    p.add_argument('--seconds', type=float, default=0.5)
    p.add_argument('--autograd', action='store_true', help='also the whole model under torch.autograd.profiler')
    a = p.parse_args()
    torch.set_num_threads(1)
    for w in a.workloads:
        profile(w, a.batch, a.seconds)
        if a.autograd:
            autograd_profile(w, a.batch)


if __name__ == '__main__':
    main()
