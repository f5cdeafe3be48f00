#!/usr/bin/python3
"""Training and inference throughput of the PyTorch twins of `./bootstrap bench`'s workloads.

Same protocol as bootstrap-bench's ModelBenchmark: batch 128 of random 3x32x32 inputs, 10 classes, SGD with
momentum 0.9 at learning rate 0.01, cross-entropy; warm-up of at least 2 s, then `--windows` timed windows of
`--seconds` each, the median reported. Inference is an eval-mode forward pass and a softmax, without autograd.

  OPENBLAS_NUM_THREADS=1 /usr/bin/python3 bench/pytorch/bench.py --workloads mlp,cnn --threads 1,2

Prints one line per workload and thread count:
  RESULT side=pytorch workload=mlp threads=1 params=1841162 flops=... train=... infer=... diag_train="..." diag_infer="..."
(flops: forward floating-point operations per example of the convolutions, linear layers and attention products;
diag_*: steal, idle and this process's CPU per thread group over the timed windows, in CPUs, see procstat.py.)
"""
import argparse
import os
import platform
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

import models  # noqa: E402
import procstat  # noqa: E402


CLOCK = time.perf_counter


def measure(step, examples, seconds, windows):
    warm_end = CLOCK() + min(2.0, seconds)
    step()
    step()
    while CLOCK() < warm_end:
        step()
    rates = []
    before = procstat.take()
    for _ in range(windows):
        start = CLOCK()
        end = start + seconds
        steps = 0
        while True:
            step()
            steps += 1
            now = CLOCK()
            if now >= end:
                break
        rates.append(steps * examples / (now - start))
    diag = procstat.describe(before, procstat.take())
    windows_line = ' '.join(f'{r:.0f}' for r in rates)
    return sorted(rates)[len(rates) // 2], windows_line, diag


def run(workload, threads, batch, seconds, windows, channels_last):
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    model = models.WORKLOADS[workload]()
    g = torch.Generator().manual_seed(7)
    x = torch.rand(batch, 3, 32, 32, generator=g) * 2 - 1
    y = torch.randint(0, 10, (batch,), generator=g)
    if channels_last:
        model = model.to(memory_format=torch.channels_last)
        x = x.contiguous(memory_format=torch.channels_last)
    params = models.parameter_count(model)
    flops = models.forward_flops(model, x[:1])
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)

    def train_step():
        opt.zero_grad(set_to_none=True)
        loss = F.cross_entropy(model(x), y)
        loss.backward()
        opt.step()

    def infer_step():
        with torch.inference_mode():
            model(x).softmax(dim=1)

    model.train()
    train = measure(train_step, batch, seconds, windows)
    model.eval()
    infer = measure(infer_step, batch, seconds, windows)
    return params, flops, train, infer


def peak_rss():
    with open('/proc/self/status') as f:
        for line in f:
            if line.startswith('VmHWM:'):
                return line.split(':', 1)[1].strip()
    return '?'


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--workloads', default='mlp,cnn,resnet,resnet18-16,vit-small')
    p.add_argument('--threads', default='1,2')
    p.add_argument('--batch', type=int, default=128)
    p.add_argument('--seconds', type=float, default=4)
    p.add_argument('--windows', type=int, default=3)
    p.add_argument('--channels-last', action='store_true', help='NHWC memory format for images and weights')
    p.add_argument('--clock', choices=['wall', 'cpu'], default='wall',
                   help='cpu: rates per second of process CPU time (for development on a busy machine, 1 thread only)')
    a = p.parse_args()
    global CLOCK
    CLOCK = time.process_time if a.clock == 'cpu' else time.perf_counter
    for w in a.workloads.split(','):
        if w not in models.WORKLOADS:
            p.error(f"unknown workload '{w}'; expected one of {', '.join(models.WORKLOADS)}")
    print(f'pytorch {torch.__version__}, python {platform.python_version()}, '
          f'OPENBLAS_NUM_THREADS={os.environ.get("OPENBLAS_NUM_THREADS", "unset")}, '
          f'channels_last={a.channels_last}, clock={a.clock}', flush=True)
    for w in a.workloads.split(','):
        for t in [int(v) for v in a.threads.split(',')]:
            params, flops, train, infer = run(w, t, a.batch, a.seconds, a.windows, a.channels_last)
            print(f'  train windows {train[1]} ex/s; {train[2]}', flush=True)
            print(f'  inference windows {infer[1]} ex/s; {infer[2]}', flush=True)
            print(f'RESULT side=pytorch workload={w} threads={t} params={params} flops={flops} '
                  f'train={train[0]:.1f} infer={infer[0]:.1f} vmhwm="{peak_rss()}" diag_train="{train[2]}" '
                  f'diag_infer="{infer[2]}"', flush=True)


if __name__ == '__main__':
    main()
