#!/usr/bin/python3
"""The end-to-end Deep Bootstrap experiment of docs/PERFORMANCE.md in plain PyTorch, to time `./bootstrap run`.

Same work as `./bootstrap run bench/e2e-fashion-mnist.conf` (or its `cnn` variant): Fashion-MNIST from Debian's
dataset-fashion-mnist, pixels scaled to [0, 1]; per seed one random permutation of the 60,000 training
images gives the real world's N examples and, after them, the ideal world's T*B fresh ones; the real world
reshuffles its N examples every epoch. SGD (momentum, Nesterov), cosine learning-rate schedule over T steps,
batch B; at the log-spaced evaluation steps both worlds are evaluated on the 10,000 test images (batches of
256) and the real world on its N training examples. Like `./bootstrap run`, the real world locates T_stop (the
first step with train error on S <= 0.01) to within max(4 steps, 3%): snapshots of the weights every max(4, 3%)
steps between evaluations of S (at most 24, else S is evaluated at once), a bisection over them once an evaluation
meets the threshold, and the test set evaluated at T_stop; the ideal world is evaluated at that T_stop too.
Seeds run one after the other in this process, or with
--processes P in P concurrent processes (seed i in process i mod P; the issue's baseline: three processes, one
thread each).

  OPENBLAS_NUM_THREADS=1 bench/pytorch/e2e.py --arch mlp --seeds 3 --threads 1
  OPENBLAS_NUM_THREADS=1 bench/pytorch/e2e.py --arch mlp --seeds 3 --threads 1 --processes 3

Prints per world the training time per step (evaluation excluded), wall and CPU time of the training thread
(time.thread_time: with one thread PyTorch computes on it), and at the end one line
  RESULT side=pytorch e2e=mlp seeds=3 wall=... train_step_ms_real=... train_step_ms_ideal=...
         train_step_cpu_ms_real=... train_step_cpu_ms_ideal=... process_cpu=... vmhwm="..."
(with --processes: process_cpu is the children's total, vmhwm_max_mb and vmhwm_sum_mb their peak RSS).
"""
import argparse
import gzip
import math
import os
import re
import resource
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def import_torch():
    """numpy, torch and the shared model definitions: imported by the process that trains (the parent of
    concurrent processes does not need them: importing torch costs about a second and 240 MB)."""
    global np, torch, F, models, peak_rss
    import numpy as np
    import torch
    import torch.nn.functional as F
    sys.path.insert(0, HERE)
    import models
    from bench import peak_rss  # the same VmHWM reading as the throughput benchmark


def read_idx(path):
    with gzip.open(path, 'rb') as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], 'big') for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def load(folder):
    def images(name):
        return torch.from_numpy(read_idx(os.path.join(folder, name)).astype(np.float32) / 255.0).reshape(-1, 1, 28, 28)

    def labels(name):
        return torch.from_numpy(read_idx(os.path.join(folder, name)).astype(np.int64))

    return (images('train-images-idx3-ubyte.gz'), labels('train-labels-idx1-ubyte.gz'),
            images('t10k-images-idx3-ubyte.gz'), labels('t10k-labels-idx1-ubyte.gz'))


def log_spaced(total, points):
    steps = {1, total}
    for i in range(points):
        steps.add(int(round(math.exp(math.log(total) * i / (points - 1)))))
    return sorted(s for s in steps if 1 <= s <= total)


def network(arch):
    if arch == 'mlp':
        return models.mlp(in_features=784, hidden=(512, 512))
    return models.cnn(in_shape=(1, 28, 28))


def evaluate(model, x, y, batch=256):
    model.eval()
    errors = soft = loss = 0.0
    with torch.inference_mode():
        for i in range(0, len(x), batch):
            p = model(x[i:i + batch]).softmax(dim=1)
            t = y[i:i + batch]
            errors += (p.argmax(dim=1) != t).sum().item()
            py = p.gather(1, t[:, None]).squeeze(1)
            soft += (1 - py).sum().item()
            loss += -torch.log(py.clamp_min(1e-12)).sum().item()
    model.train()
    return errors / len(x), soft / len(x), loss / len(x)


TRAIN_ERROR_THRESHOLD = 0.01  # evaluation.convergence = train-error, evaluation.train-error-threshold
MAX_SNAPSHOTS = 24  # StopStepSearch.MAX_SNAPSHOTS


def spacing(step):
    """StopStepSearch.spacing: the largest distance from a step to the next snapshot or evaluation of S."""
    return max(4, int(math.floor(0.03 * step)))


class StopStepSearch:
    """The real world's T_stop, located as `./bootstrap run` does (core StopStepSearch): snapshots of the weights
    between evaluations of S, a bisection over them once an evaluation of S meets the threshold, the test set
    evaluated at T_stop with T_stop's weights."""

    def __init__(self, model, evaluate_train, evaluate_test):
        self.model, self.evaluate_train, self.evaluate_test = model, evaluate_train, evaluate_test
        self.snapshots, self.next_snapshot, self.found, self.extra = [], spacing(0), 0, 0

    def snapshot(self, step):
        return step, {k: v.detach().clone() for k, v in self.model.state_dict().items()}

    def after_step(self, step):
        """After a step without an evaluation; returns (T_stop, test metrics) when located now."""
        if self.found or step < self.next_snapshot:
            return None
        if len(self.snapshots) < MAX_SNAPSHOTS:
            self.snapshots.append(self.snapshot(step))
            self.next_snapshot = step + spacing(step)
            return None
        self.extra += 1
        return self.check(step, self.evaluate_train(), probe=True)

    def evaluated(self, step, train):
        """At an evaluation of S at a grid step; returns (T_stop, test metrics) when located at an earlier step."""
        if self.found:
            return None
        return self.check(step, train, probe=False)

    def check(self, step, train, probe):
        if not train[0] < TRAIN_ERROR_THRESHOLD:  # train = (error, soft error, loss) on S; met when strictly below
            self.next_snapshot = step + spacing(step)
            self.snapshots = []
            return None
        current = self.snapshot(step)
        lo, hi = -1, len(self.snapshots)
        while hi - lo > 1:
            mid = (lo + hi) // 2
            self.model.load_state_dict(self.snapshots[mid][1])
            self.extra += 1
            if self.evaluate_train()[0] < TRAIN_ERROR_THRESHOLD:
                hi = mid
            else:
                lo = mid
        if hi == len(self.snapshots):  # the current step itself (a probe's: its test metrics too)
            self.model.load_state_dict(current[1])
            self.found, self.snapshots = step, []
            return (step, self.evaluate_test()) if probe else None
        self.found = self.snapshots[hi][0]
        self.model.load_state_dict(self.snapshots[hi][1])
        test = self.evaluate_test()
        self.model.load_state_dict(current[1])
        self.snapshots = []
        return self.found, test


def run_world(world, seed, a, train_x, train_y, test_x, test_y, perm, stop=0):
    """Trains one world; the ideal world is also evaluated at `stop` (the real world's T_stop). Returns training
    wall and CPU seconds, evaluation CPU seconds, the curve and the T_stop located (real world)."""
    torch.manual_seed(seed)  # the same initial weights in both worlds
    model = network(a.arch)
    opt = torch.optim.SGD(model.parameters(), lr=a.lr, momentum=a.momentum, nesterov=True)
    evals = set(log_spaced(a.steps, a.points))
    g = torch.Generator().manual_seed(seed + 1)
    real_idx = perm[:a.n]
    order = real_idx[torch.randperm(a.n, generator=g)]
    train_set = (train_x[real_idx], train_y[real_idx])
    search = StopStepSearch(model, lambda: evaluate(model, *train_set), lambda: evaluate(model, test_x, test_y)) \
        if world == 'real' else None
    position = 0
    train_seconds = train_cpu = eval_cpu = 0.0
    curve = []
    for step in range(1, a.steps + 1):
        started = time.perf_counter()
        started_cpu = time.thread_time()
        if world == 'real':
            if position + a.batch > a.n:
                order = real_idx[torch.randperm(a.n, generator=g)]
                position = 0
            idx = order[position:position + a.batch]
            position += a.batch
        else:
            start = a.n + (step - 1) * a.batch
            idx = perm[start:start + a.batch]
        x, y = train_x[idx], train_y[idx]
        for group in opt.param_groups:
            group['lr'] = 0.5 * a.lr * (1 + math.cos(math.pi * (step - 1) / a.steps))
        opt.zero_grad(set_to_none=True)
        F.cross_entropy(model(x), y).backward()
        opt.step()
        train_seconds += time.perf_counter() - started
        train_cpu += time.thread_time() - started_cpu
        grid = step in evals
        if search is not None and not grid:
            located = search.after_step(step)
            if located is not None:
                curve.append((located[0], located[1], None))
        if grid or step == stop:
            started_cpu = time.thread_time()
            test = evaluate(model, test_x, test_y)
            train = evaluate(model, *train_set) if world == 'real' else None
            if search is not None:
                located = search.evaluated(step, train)
                if located is not None:
                    curve.append((located[0], located[1], None))
            eval_cpu += time.thread_time() - started_cpu
            curve.append((step, test, train))
    return train_seconds, train_cpu, eval_cpu, curve, (search.found if search else 0), (search.extra if search else 0)


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--arch', choices=['mlp', 'cnn'], default='mlp')
    p.add_argument('--data', default='/usr/share/datasets/fashion-mnist')
    p.add_argument('--seeds', type=int, default=3)
    p.add_argument('--threads', type=int, default=1)
    p.add_argument('--processes', type=int, default=1, help='run the seeds in this many concurrent processes')
    p.add_argument('--seed-list', help=argparse.SUPPRESS)  # the seeds of one child process
    p.add_argument('--n', type=int, default=1000)
    p.add_argument('--steps', type=int, default=800)
    p.add_argument('--batch', type=int, default=64)
    p.add_argument('--lr', type=float, default=0.05)
    p.add_argument('--momentum', type=float, default=0.9)
    p.add_argument('--points', type=int, default=12)
    a = p.parse_args()
    if a.processes < 1:
        p.error('--processes must be >= 1')
    return p, a


SEED_LINE = re.compile(r'^seed \d+ (real|ideal): training ([\d.]+) s .*, CPU ([\d.]+) s ', re.M)
VMHWM = re.compile(r'vmhwm="(\d+) kB"')


def concurrent(a, started):
    """Runs seed i in child process i mod P, all at once; relays their lines and sums them up."""
    children = []
    for g in range(min(a.processes, a.seeds)):
        seeds = ','.join(str(s) for s in range(g, a.seeds, a.processes))
        args = [sys.executable, os.path.abspath(__file__), '--seed-list', seeds, '--processes', '1']
        for key in ('arch', 'data', 'seeds', 'threads', 'n', 'steps', 'batch', 'lr', 'momentum', 'points'):
            args += ['--' + key, str(getattr(a, key))]
        children.append(subprocess.Popen(args, stdout=subprocess.PIPE, text=True))
    outputs = []
    for c in children:
        out, _ = c.communicate()
        if c.returncode != 0:
            sys.stdout.write(out)
            raise SystemExit(f'a child process failed with exit code {c.returncode}')
        outputs.append(out)
    lines = sorted((l for out in outputs for l in out.splitlines() if l.startswith('seed ')),
                   key=lambda l: int(l.split()[1]))
    print('\n'.join(lines), flush=True)
    per_world, cpu_world = {'real': [], 'ideal': []}, {'real': [], 'ideal': []}
    for out in outputs:
        for world, seconds, cpu in SEED_LINE.findall(out):
            per_world[world].append(float(seconds))
            cpu_world[world].append(float(cpu))
    peaks = [int(m) / 1024 for out in outputs for m in VMHWM.findall(out)]
    wall = time.perf_counter() - started
    children_cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
    result(a, wall, per_world, cpu_world, children_cpu.ru_utime + children_cpu.ru_stime,
           f'vmhwm_max_mb={max(peaks):.0f} vmhwm_sum_mb={sum(peaks):.0f}')


def result(a, wall, per_world, cpu_world, process_cpu, memory):
    ms = {w: 1000 * sum(v) / len(v) / a.steps for w, v in per_world.items()}
    cpu_ms = {w: 1000 * sum(v) / len(v) / a.steps for w, v in cpu_world.items()}
    print(f'RESULT side=pytorch e2e={a.arch} seeds={a.seeds} threads={a.threads} processes={a.processes} '
          f'wall={wall:.1f} train_step_ms_real={ms["real"]:.3f} train_step_ms_ideal={ms["ideal"]:.3f} '
          f'train_step_cpu_ms_real={cpu_ms["real"]:.3f} train_step_cpu_ms_ideal={cpu_ms["ideal"]:.3f} '
          f'process_cpu={process_cpu:.1f} {memory}', flush=True)


def main():
    p, a = parse_args()
    started = time.perf_counter()
    if a.processes > 1 and a.seed_list is None:
        concurrent(a, started)
        return
    import_torch()
    torch.set_num_threads(a.threads)
    train_x, train_y, test_x, test_y = load(a.data)
    if a.n + a.steps * a.batch > len(train_x):
        p.error('N + T*B exceeds the 60,000 training images')
    per_world = {'real': [], 'ideal': []}
    cpu_world = {'real': [], 'ideal': []}
    seeds = range(a.seeds) if a.seed_list is None else [int(s) for s in a.seed_list.split(',')]
    for s in seeds:
        perm = torch.randperm(len(train_x), generator=torch.Generator().manual_seed(1000 + s))
        stop = 0
        for world in ('real', 'ideal'):
            seconds, cpu, eval_cpu, curve, found, extra = run_world(world, s, a, train_x, train_y, test_x, test_y,
                                                                    perm, stop)
            stop = stop or found
            per_world[world].append(seconds)
            cpu_world[world].append(cpu)
            last = curve[-1]
            print(f'seed {s} {world}: training {seconds:.2f} s ({1000 * seconds / a.steps:.2f} ms/step), '
                  f'CPU {cpu:.2f} s ({1000 * cpu / a.steps:.2f} ms/step CPU), evaluations {eval_cpu:.2f} s CPU, '
                  f'test error at T {last[1][0]:.4f}, soft error {last[1][1]:.4f}'
                  + (f', T_stop {found or "not reached"} ({extra} evaluations of S beyond the grid)'
                     if world == 'real' else ''), flush=True)
    result(a, time.perf_counter() - started, per_world, cpu_world, time.process_time(), f'vmhwm="{peak_rss()}"')


if __name__ == '__main__':
    main()
