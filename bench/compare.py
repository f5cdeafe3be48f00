#!/usr/bin/python3
"""Side-by-side throughput of `./bootstrap bench` and its PyTorch twins (bench/pytorch/bench.py).

Workload by workload, the two sides run alternately (Java, then PyTorch, for every thread count), so that both
see the same machine load; the load average is read before every run. Prints one Markdown table: training and
inference examples/second of each side at its best thread setting, the ratios (Java / PyTorch), the achieved
GFLOP/s (forward flops per example from bench/pytorch/models.py; a training step counted as 3x the forward
pass) next to the machine's measured sgemm peak per thread count: the best of OpenBLAS through torch.mm (2048 x 2048,
each kernel setting) and oneDNN's sgemm (`bootstrap bench --gemm-peak`: t threads each multiplying its own 2048 x 2048
matrices on one core). On some machines OpenBLAS's 2-thread product reaches only ~half of what the cores can do
(session 12: 192 against oneDNN's 366 GFLOP/s), so OpenBLAS alone is no physical limit.

  bench/compare.py                                     # all workloads, 1 and 2 threads, wall clock
  bench/compare.py --workloads vit-small,vit-small-p8 --threads 1 --clock cpu

Under every run's line, where the CPU time went over its timed windows (both sides, from Linux's /proc; in CPUs,
i.e. CPU seconds per wall second): steal = taken by the hypervisor, idle = no CPU busy, then the benchmark
process's threads by group (bench = the measuring thread, native = OpenMP/OpenBLAS workers, parallel = the toolkit's
helpers, jit = the JIT compilers, vmgc = VM thread and collectors), runq = its threads' time runnable but waiting
for a CPU, cs = voluntary / involuntary context switches per second.

PyTorch runs with OPENBLAS_NUM_THREADS=1 (at two threads its OpenMP workers and OpenBLAS's own threads would
otherwise oversubscribe the cores); Java with the launcher's settings. `--clock cpu` counts process CPU time
instead of wall time (for development on a busy machine; meaningful with one thread only).

OpenBLAS's kernels: the Java side names the core it computes with (the launcher picks SkylakeX on AVX-512 CPUs
unless OPENBLAS_CORETYPE is set). PyTorch runs once with OPENBLAS_CORETYPE as this script inherited it ("default":
what a PyTorch user gets without setting anything) and once with the Java side's core ("same"), so the table shows
the ratio against both (--pytorch-coretype default|same|both; one run when the two are the same kernels). A PyTorch
user can set OPENBLAS_CORETYPE too.
"""
import argparse
import os
import re
import subprocess
import sys
import time

import openblas

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
WORKLOADS = 'mlp,cnn,resnet,resnet18-16,resnet18-64,vgg11-quarter,vit-small,vit-small-p8'
RESULT = re.compile(r'^RESULT (.*)$', re.M)
FIELD = re.compile(r'(\w+)=("[^"]*"|\S+)')


def load_average():
    with open('/proc/loadavg') as f:
        return ' '.join(f.read().split()[:3])


def parse(output):
    rows = []
    for line in RESULT.findall(output):
        rows.append({k: v.strip('"') for k, v in FIELD.findall(line)})
    return rows


def run(cmd, env=None, timeout=3600, check=True):
    started = time.monotonic()
    p = subprocess.run(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                       timeout=timeout)
    if p.returncode != 0 and check:
        sys.stderr.write(p.stdout[-4000:])
        raise SystemExit(f'{" ".join(cmd)} failed with exit code {p.returncode}')
    return p.stdout, time.monotonic() - started


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--workloads', default=WORKLOADS)
    p.add_argument('--threads', default='1,2')
    p.add_argument('--seconds', type=float, default=3)
    p.add_argument('--windows', type=int, default=3)
    p.add_argument('--clock', choices=['wall', 'cpu'], default='wall')
    p.add_argument('--java', default='./bootstrap bench',
                   help='the Java benchmark command (default: %(default)s)')
    p.add_argument('--pytorch-coretype', choices=['same', 'default', 'both'], default='both',
                   help="PyTorch's OpenBLAS kernels: 'default' = OPENBLAS_CORETYPE as this script inherited it, "
                        "'same' = the core the Java side names, or both (default: %(default)s)")
    a = p.parse_args()
    threads = [int(t) for t in a.threads.split(',')]
    common = ['--seconds', str(a.seconds), '--windows', str(a.windows), '--clock', a.clock]
    inherited = os.environ.get('OPENBLAS_CORETYPE')
    print(f'machine: {machine()}; clock={a.clock}; OPENBLAS_CORETYPE inherited: {inherited or "unset"}', flush=True)
    settings = ['default', 'same'] if a.pytorch_coretype == 'both' else [a.pytorch_coretype]
    coretype = {'default': None}  # OPENBLAS_CORETYPE per PyTorch setting (None: inherited); 'same' after Java's first run
    peaks = {}  # setting -> (core, {threads: GFLOP/s})
    table = []
    for w in a.workloads.split(','):
        best = {}
        for t in threads:
            cmd = a.java.split() + ['--workloads', w, '--engines', 'native', '--threads', str(t),
                                    '--overhead-steps', '0'] + common
            before = load_average()
            out, secs = run(cmd)
            record(best, w, 'java', 'java', t, cmd, out, before, secs)
            if not peaks:
                settings = measure_peaks(out, settings, coretype, peaks, threads, a.clock)
            for setting in settings:
                cmd = ['/usr/bin/python3', os.path.join(HERE, 'pytorch', 'bench.py'), '--workloads', w,
                       '--threads', str(t)] + common
                before = load_average()
                out, secs = run(cmd, env=openblas.pytorch_env(coretype[setting], OPENBLAS_NUM_THREADS='1'))
                record(best, w, 'pytorch-' + setting, f'pytorch-{setting} (core {peaks[setting][0]})', t, cmd, out,
                       before, secs)
        table.append((w, best))
    pt = ['pytorch-' + s for s in settings]
    names = ' / '.join(f'{s} kernels ({peaks[s][0]})' for s in settings)
    gemm = java_gemm_peak(a.java.split(), threads)
    limit = {n: max([peak[n] for _, peak in peaks.values()] + [gemm.get(n, 0.0)]) for n in threads}
    print()
    print(f'| workload | Java train ex/s | PyTorch train, {names} | ratio | Java inference ex/s | PyTorch inference, '
          f'{names} | ratio | train GFLOP/s Java / PyTorch | inference GFLOP/s Java / PyTorch | '
          f'1-min load averages before the runs |')
    print('|---|---|---|---|---|---|---|---|---|---|')
    for w, b in table:
        f = b['flops']
        cells = []
        for kind in ('train', 'infer'):
            j, jt = b[('java', kind)]
            cells.append(f'{j:,.0f} ({jt}t)')
            cells.append(' / '.join(f'{b[(s, kind)][0]:,.0f} ({b[(s, kind)][1]}t)' for s in pt))
            cells.append(' / '.join(f'{j / b[(s, kind)][0]:.2f}' for s in pt))
        top = {kind: max(b[(s, kind)][0] for s in pt) for kind in ('train', 'infer')}
        print(f'| {w} | {" | ".join(cells)} | {3 * f * b[("java", "train")][0] / 1e9:.1f} / {3 * f * top["train"] / 1e9:.1f} | '
              f'{f * b[("java", "infer")][0] / 1e9:.1f} / {f * top["infer"] / 1e9:.1f} | {", ".join(b["loads"])} |')
    print()
    print('(Nt) = the thread count of the best figure. Ratios: Java / PyTorch with each kernel setting. GFLOP/s: forward '
          'flops per example (convolutions, linear layers, attention products) x examples/s, x3 for training; PyTorch: '
          'its better kernel setting. sgemm peak (the physical limit, best kernels): '
          + ', '.join(f'{g:.0f} GFLOP/s at {n} thread(s)' for n, g in limit.items())
          + f'. Load average after: {load_average()}.')


def java_gemm_peak(java, threads):
    """{threads: GFLOP/s} of oneDNN's sgemm from `bootstrap bench --gemm-peak` ({} for a build without it)."""
    cmd = java + ['--gemm-peak', '--threads', ','.join(map(str, threads)), '--seconds', '3']
    out, _ = run(cmd, check=False)
    got = {int(r['threads']): float(r['gflops']) for r in parse(out) if 'gflops' in r}
    if got:
        print('sgemm peak (oneDNN sgemm, 2048^3, one product per thread): '
              + ', '.join(f'{n} thread(s) {g:.0f} GFLOP/s' for n, g in got.items()), flush=True)
    else:
        print('the Java side does not measure a oneDNN gemm peak (an older build): OpenBLAS peaks only', flush=True)
    return got


def record(best, w, side, label, t, cmd, out, before, secs):
    """Prints a run's RESULT line and keeps each side's best figures (and the thread count) in `best`."""
    rows = [r for r in parse(out) if r.get('workload') == w]
    if not rows:
        raise SystemExit(f'no RESULT line for {w} from {" ".join(cmd)}:\n{out[-3000:]}')
    r = rows[0]
    print(f'{w} {label} threads={t}: train {float(r["train"]):.0f} ex/s, inference {float(r["infer"]):.0f} ex/s, '
          f'peak RSS {r.get("vmhwm", "?")}, load average before {before} ({secs:.0f} s)', flush=True)
    for kind, name in (('train', 'train'), ('infer', 'inference')):
        if 'diag_' + kind in r:
            print(f'    {name}: {r["diag_" + kind]}', flush=True)
    for kind in ('train', 'infer'):
        key = (side, kind)
        if key not in best or float(r[kind]) > best[key][0]:
            best[key] = (float(r[kind]), t)
    best['loads'] = best.get('loads', []) + [before.split()[0]]
    if side != 'java':
        best['flops'] = int(r['flops'])


def measure_peaks(java_output, settings, coretype, peaks, threads, clock):
    """After the first Java run: PyTorch's 'same' kernels are the core Java names; measures the sgemm peak of every
    kernel setting into `peaks` (setting -> (core, {threads: GFLOP/s})); returns the settings PyTorch runs with
    ('same' is dropped when it is what PyTorch inherits anyway, or when Java does not name its core)."""
    coretype['same'] = openblas.java_core(java_output)
    if coretype['same'] is None:
        print('the Java side does not name its OpenBLAS core (an older build): no "same kernels" PyTorch runs')
        settings = [s for s in settings if s != 'same'] or ['default']
    for s in ['default', 'same'] if coretype['same'] is not None else ['default']:
        got = [openblas.sgemm_peak(n, clock, coretype[s]) for n in threads]
        peaks[s] = (got[0][0], {n: g for n, (_, g) in zip(threads, got)})
        print(f'sgemm peak (OpenBLAS through torch.mm, 2048^3), {s} kernels (core {peaks[s][0]}): '
              + ', '.join(f'{n} thread(s) {g:.0f} GFLOP/s' for n, g in peaks[s][1].items()), flush=True)
        if peaks[s][0] == '?':
            print('WARNING: the torch process loaded no OpenBLAS: its BLAS is another library, on Debian without '
                  'libopenblas0 the reference BLAS (session 12: 7 GFLOP/s, PyTorch 10-50x slower than with OpenBLAS). '
                  'Install one (apt-get install libopenblas0-openmp) before comparing.', flush=True)
    if 'same' in peaks and peaks['same'][0] == peaks['default'][0] and settings == ['default', 'same']:
        print(f'PyTorch inherits the kernels Java runs (core {peaks["same"][0]}): one PyTorch run per cell')
        settings = ['same']
    return settings


def machine():
    cpu = '?'
    try:
        with open('/proc/cpuinfo') as f:
            for line in f:
                if line.startswith('model name'):
                    cpu = line.split(':', 1)[1].strip()
                    break
    except OSError:
        pass
    return f'{cpu}, {os.cpu_count()} cores, load average {load_average()}'


if __name__ == '__main__':
    main()
