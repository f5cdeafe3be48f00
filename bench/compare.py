#!/usr/bin/python3
"""Side-by-side throughput of `./bootstrap bench` and its PyTorch twins (bench/pytorch/bench.py).

Workload by workload, the two sides run alternately (Java, then PyTorch, for every thread count), so that both
see the same machine load; the load average is read before every run. Prints one Markdown table: training and
inference examples/second of each side at its best thread setting, the ratios (Java / PyTorch), the achieved
GFLOP/s (forward flops per example from bench/pytorch/models.py; a training step counted as 3x the forward
pass) next to the machine's measured sgemm peak (OpenBLAS through torch.mm, 2048 x 2048, per thread count).

  bench/compare.py                                     # all workloads, 1 and 2 threads, wall clock
  bench/compare.py --workloads vit-small,vit-small-p8 --threads 1 --clock cpu

PyTorch runs with OPENBLAS_NUM_THREADS=1 (at two threads its OpenMP workers and OpenBLAS's own threads would
otherwise oversubscribe the cores); Java with the launcher's settings. `--clock cpu` counts process CPU time
instead of wall time (for development on a busy machine; meaningful with one thread only).
"""
import argparse
import os
import re
import subprocess
import sys
import time

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


def run(cmd, env=None, timeout=3600):
    started = time.monotonic()
    p = subprocess.run(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                       timeout=timeout)
    if p.returncode != 0:
        sys.stderr.write(p.stdout[-4000:])
        raise SystemExit(f'{" ".join(cmd)} failed with exit code {p.returncode}')
    return p.stdout, time.monotonic() - started


def sgemm_peak(threads, clock):
    timer = 'time.process_time' if clock == 'cpu' else 'time.perf_counter'
    code = ('import time, torch\n'
            f'torch.set_num_threads({threads})\n'
            'a = torch.rand(2048, 2048); b = torch.rand(2048, 2048)\n'
            'for _ in range(3): a @ b\n'
            'best = 0\n'
            'for _ in range(5):\n'
            f'    t = {timer}(); a @ b; best = max(best, 2 * 2048 ** 3 / ({timer}() - t) / 1e9)\n'
            'print(best)\n')
    env = dict(os.environ, OPENBLAS_NUM_THREADS=str(threads), OMP_NUM_THREADS=str(threads))
    out, _ = run(['/usr/bin/python3', '-c', code], env=env)
    return float(out.strip().splitlines()[-1])


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--workloads', default=WORKLOADS)
    p.add_argument('--threads', default='1,2')
    p.add_argument('--seconds', type=float, default=3)
    p.add_argument('--windows', type=int, default=3)
    p.add_argument('--clock', choices=['wall', 'cpu'], default='wall')
    p.add_argument('--java', default='./bootstrap bench',
                   help='the Java benchmark command (default: %(default)s)')
    a = p.parse_args()
    threads = [int(t) for t in a.threads.split(',')]
    common = ['--seconds', str(a.seconds), '--windows', str(a.windows), '--clock', a.clock]
    print(f'machine: {machine()}; clock={a.clock}', flush=True)
    peaks = {t: sgemm_peak(t, a.clock) for t in threads}
    print('sgemm peak (OpenBLAS, 2048^3): ' + ', '.join(f'{t} thread(s) {g:.0f} GFLOP/s' for t, g in peaks.items()),
          flush=True)
    table = []
    for w in a.workloads.split(','):
        best = {}
        for t in threads:
            for side in ('java', 'pytorch'):
                before = load_average()
                if side == 'java':
                    cmd = a.java.split() + ['--workloads', w, '--engines', 'native', '--threads', str(t),
                                            '--overhead-steps', '0'] + common
                    out, secs = run(cmd)
                else:
                    cmd = ['/usr/bin/python3', os.path.join(HERE, 'pytorch', 'bench.py'), '--workloads', w,
                           '--threads', str(t)] + common
                    out, secs = run(cmd, env=dict(os.environ, OPENBLAS_NUM_THREADS='1'))
                rows = [r for r in parse(out) if r.get('workload') == w]
                if not rows:
                    raise SystemExit(f'no RESULT line for {w} from {" ".join(cmd)}:\n{out[-3000:]}')
                r = rows[0]
                r['load'] = before
                print(f'{w} {side} threads={t}: train {float(r["train"]):.0f} ex/s, inference {float(r["infer"]):.0f} ex/s, '
                      f'peak RSS {r.get("vmhwm", "?")}, load average before {before} ({secs:.0f} s)', flush=True)
                for kind in ('train', 'infer'):
                    key = (side, kind)
                    if key not in best or float(r[kind]) > best[key][0]:
                        best[key] = (float(r[kind]), t)
                best['loads'] = best.get('loads', []) + [before.split()[0]]
                if side == 'pytorch':
                    best['flops'] = int(r['flops'])
        table.append((w, best))
    print()
    print(f'| workload | Java train ex/s | PyTorch train | ratio | Java inference ex/s | PyTorch inference | ratio | '
          f'train GFLOP/s Java / PyTorch | inference GFLOP/s Java / PyTorch | 1-min load averages before the runs |')
    print('|---|---|---|---|---|---|---|---|---|---|')
    for w, b in table:
        jt, jtt = b[('java', 'train')]
        pt, ptt = b[('pytorch', 'train')]
        ji, jit = b[('java', 'infer')]
        pi, pit = b[('pytorch', 'infer')]
        f = b['flops']
        print(f'| {w} | {jt:,.0f} ({jtt}t) | {pt:,.0f} ({ptt}t) | {jt / pt:.2f} | {ji:,.0f} ({jit}t) | {pi:,.0f} ({pit}t) | '
              f'{ji / pi:.2f} | {3 * f * jt / 1e9:.1f} / {3 * f * pt / 1e9:.1f} | {f * ji / 1e9:.1f} / {f * pi / 1e9:.1f} | '
              f'{", ".join(b["loads"])} |')
    print()
    print('(Nt) = the thread count of the best figure. GFLOP/s: forward flops per example '
          '(convolutions, linear layers, attention products) x examples/s, x3 for training. sgemm peak: '
          + ', '.join(f'{g:.0f} GFLOP/s at {t} thread(s)' for t, g in peaks.items()) + f'. Load average after: {load_average()}.')


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
