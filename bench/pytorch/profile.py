#!/usr/bin/python3
"""CPU milliseconds per part of the PyTorch ViT twins (`vit-small`, `vit-small-p8`): one inference pass and one
training step, on the shapes of `./bootstrap bench` (batch 128 of random 3x32x32 inputs, SGD momentum 0.9), one
thread, process CPU time. The forward pass is models.Vit's, written out part by part with a clock reading after
each part; the backward pass reads the clock in gradient hooks on each part's input, so a backward part is the
time from the previous hook (the gradient of the part's output) to the gradient of its input. Compare with
`bench/profile-parts` (the Java side, same parts).

  OPENBLAS_NUM_THREADS=1 /usr/bin/python3 bench/pytorch/profile.py --workload vit-small
"""
import argparse
import collections
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

import models  # noqa: E402


class Timer:
    def __init__(self):
        self.totals = collections.OrderedDict()
        self.last = time.process_time()

    def mark(self, part):
        now = time.process_time()
        self.totals[part] = self.totals.get(part, 0.0) + now - self.last
        self.last = now

    def hook(self, t, part):
        if t.requires_grad:
            t.register_hook(lambda g: self.mark(part))
        return t


def forward(m, x, tm):
    """models.Vit.forward part by part; every part's input gets a gradient hook named after the part."""
    n = x.shape[0]
    h = m.embed(x)
    tm.mark('f patch-embedding (conv)')
    x = tm.hook(h, 'b patch-embedding position add').flatten(2).transpose(1, 2) + m.position
    tm.mark('f patch-embedding position add')
    for blk in m.blocks:
        t, d = x.shape[1], x.shape[2]
        a = blk.ln1(tm.hook(x, 'b layer norm'))
        tm.mark('f layer norm')
        att = blk.attn
        qkv = att.qkv(tm.hook(a, 'b qkv projection'))
        tm.mark('f qkv projection')
        qkv = tm.hook(qkv, 'b q, k, v permute (copy)').reshape(n, t, 3, att.heads, d // att.heads).permute(2, 0, 3, 1, 4)
        q, k, v = qkv[0], qkv[1], qkv[2]
        tm.mark('f q, k, v permute (views)')
        s = tm.hook(q, 'b QK^T') @ k.transpose(-2, -1)
        tm.mark('f QK^T')
        s = tm.hook(s, 'b scale') * att.scale
        tm.mark('f scale')
        p = tm.hook(s, 'b softmax').softmax(dim=-1)
        tm.mark('f softmax')
        o = tm.hook(p, 'b AV') @ v
        tm.mark('f AV')
        o = tm.hook(o, 'b head outputs transpose').transpose(1, 2).reshape(n, t, d)
        tm.mark('f head outputs transpose (copy)')
        o = att.proj(tm.hook(o, 'b output projection'))
        tm.mark('f output projection')
        x = x + tm.hook(o, 'b residual add')
        tm.mark('f residual add')
        h = blk.ln2(tm.hook(x, 'b layer norm'))
        tm.mark('f layer norm')
        h = blk.fc1(tm.hook(h, 'b fc1'))
        tm.mark('f fc1')
        h = F.gelu(tm.hook(h, 'b gelu'), approximate='tanh')
        tm.mark('f gelu')
        h = blk.fc2(tm.hook(h, 'b fc2'))
        tm.mark('f fc2')
        x = x + tm.hook(h, 'b residual add')
        tm.mark('f residual add')
    x = m.norm(tm.hook(x, 'b final layer norm'))
    tm.mark('f final layer norm')
    x = tm.hook(x, 'b token mean pool').mean(dim=1)
    tm.mark('f token mean pool')
    y = m.head(tm.hook(x, 'b dense head'))
    tm.mark('f dense head')
    return tm.hook(y, 'b cross-entropy')


def plain(step, steps):
    start = time.process_time()
    for _ in range(steps):
        step()
    return (time.process_time() - start) * 1000 / steps


def show(title, tm, steps):
    print(f'{title}:')
    total = 0.0
    for k, v in tm.totals.items():
        ms = v * 1000 / steps
        total += ms
        print(f'  {k:44s} {ms:8.3f}')
    print(f'  {"total":44s} {total:8.3f}')


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--workload', default='vit-small', choices=['vit-small', 'vit-small-p8'])
    p.add_argument('--batch', type=int, default=128)
    p.add_argument('--steps', type=int, default=20)
    a = p.parse_args()
    torch.set_num_threads(1)
    torch.manual_seed(1)
    model = models.WORKLOADS[a.workload]()
    g = torch.Generator().manual_seed(7)
    x = torch.rand(a.batch, 3, 32, 32, generator=g) * 2 - 1
    y = torch.randint(0, 10, (a.batch,), generator=g)
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    # training first, then inference, as bench.py (the allocator's state after training changes the inference time)
    model.train()
    for rep in range(2):
        tm = Timer()
        for _ in range(a.steps):
            opt.zero_grad(set_to_none=True)
            tm.mark('SGD zero_grad')
            loss = F.cross_entropy(forward(model, x, tm), y)
            tm.mark('f cross-entropy')
            loss.backward()
            tm.mark('b (rest: patch-embedding conv)')
            opt.step()
            tm.mark('SGD update')
    show(f'training of pytorch {a.workload}, batch {a.batch}, CPU ms per step', tm, a.steps)

    def train():
        opt.zero_grad(set_to_none=True)
        F.cross_entropy(model(x), y).backward()
        opt.step()
    print(f'  (the same step without clock readings or hooks: {plain(train, a.steps):.3f} ms)')

    model.eval()
    for rep in range(2):
        tm = Timer()
        for _ in range(a.steps):
            with torch.inference_mode():
                forward(model, x, tm).softmax(dim=1)
                tm.mark('f softmax head')
    show(f'inference of pytorch {a.workload}, batch {a.batch}, CPU ms per pass', tm, a.steps)

    def infer():
        with torch.inference_mode():
            model(x).softmax(dim=1)
    print(f'  (the same pass without clock readings: {plain(infer, a.steps):.3f} ms)')


if __name__ == '__main__':
    main()
