#!/usr/bin/python3
"""End to end: `./bootstrap run` against the same experiment in PyTorch (bench/pytorch/e2e.py), alternately.

The experiment (issue 11): Fashion-MNIST, N = 1,000, T = 800, B = 64, SGD 0.05 with Nesterov momentum 0.9,
cosine schedule, 12 evaluations on the 10,000 test images, real and ideal world, 3 seeds, one thread; for
the MLP [512, 512] and the small CNN. For each architecture and repeat, Java then PyTorch; prints wall time,
CPU time (user + system), peak RSS (GNU time; for Java the largest of that and the peaks its log names, see
JAVA_PEAK) and each world's training time per step (evaluation excluded):
the CPU time of the training thread per step (Java: ThreadMXBean, logged by the trainer; PyTorch:
time.thread_time) and the wall time per step, the evaluations' CPU time (summed over runs), with the load average
before and after every run and the CPU time the hypervisor stole from the VM during it (/proc/stat "steal",
summed over all CPUs: on a VM this is time no process got, and CPU time per step is then not comparable).

With --modes concurrent the seeds run at once: PyTorch as --parallelism processes of one thread each (the
issue's baseline: three processes), Java as one `./bootstrap run` with experiment.parallelism = --java-parallelism
(default: --parallelism), runs of one thread each. Peak RSS is then, for PyTorch, the sum over its processes.

  bench/compare-e2e.py                          # mlp and cnn, one repeat, seeds one after the other
  bench/compare-e2e.py --archs mlp --repeats 2
  bench/compare-e2e.py --archs mlp --modes sequential,concurrent --parallelism 3 --java-parallelism 2
  bench/compare-e2e.py --archs mlp --modes concurrent --java-parallelism 2,3   # Java at both, then PyTorch
  bench/compare-e2e.py --archs mlp --java /old/dist/bin/bootstrap --java ./bootstrap   # A/B: both, then PyTorch
  bench/compare-e2e.py --archs cnn --modes concurrent --java ./bootstrap --java './bootstrap -Dtraining.pair-worlds=true'

With several --java launchers (an A/B of two builds), each repeat runs them in the order given, then PyTorch once;
their rows are labelled java#1, java#2, ... in that order. Words of a --java value that start with -D are passed
to `run` as configuration keys (-DKEY=VALUE), e.g. the same build with and without training.pair-worlds.

Before measuring, each launcher runs a tiny experiment twice (--warmup, default on): a distribution's first
`run` records the classes it loads and its second creates the class-data-sharing archive from them (about 7 s of
CPU, lib/cds/), which would otherwise land in the first measured run (session 8: a concurrent MLP repeat of 19.9 s
against 12.6 and 13.1 s for the next two, with 8 s more CPU).

--sides java or --sides pytorch runs one side only (a pair that takes longer than one `quiet` slot, e.g. the CNN
with the seeds one after the other, as two calls in turn); --keep DIR keeps every run's output there (Java's
experiment directory with timings.csv, and each command's log) instead of a temporary directory.
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile

import openblas

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
CONF = """experiment {{ name = e2e-{arch}, seed = 0, seeds = {seeds}, output-dir = "{out}", checkpoints = false,
  parallelism = {parallelism} }}
data {{ type = fashion-mnist, dir = "{data}", train-sizes = [1000], test-size = 10000 }}
training {{ steps = 800, batch-size = 64, threads = 1,
  optimizer {{ type = sgd, learning-rate = 0.05, momentum = 0.9, nesterov = true }}, schedule {{ type = cosine }} }}
evaluation {{ points = 12 }}
architectures = [ {{ type = {arch}{extra} }} ]
"""
LAST_EVAL = re.compile(r'^\s+(\S+) step 800: .*\(([\d.]+) s\)\s*$', re.M)
# Trainer's run-log line: "<run>: training 800 steps: 9.87 s CPU (12.34 ms/step), 20.10 s wall; evaluations ..."
JAVA_CPU = re.compile(r' - (\S+): training (\d+) steps: ([\d.]+) s CPU \(([\d.]+) ms/step\), ([\d.]+) s wall; '
                      r'evaluations at \d+ grid steps: ([\d.]+) s CPU')
# The kernel keeps one high-water mark per process and the Java side resets it at each run's start (to log that
# run's peak), so GNU time's "maximum resident set size" of a Java run is only the peak since the last run started.
# The run log has the peak of every run ("<run>: peak RSS N MB") and, since session 11, the process's own peak over
# all runs ("peak RSS of this process over all runs: N MB"); both in 10^6 bytes. Java's peak is the largest of them.
JAVA_PEAK = re.compile(r'peak RSS (?:of this process over all runs: )?(\d+) MB')
JAVA_PREFETCH = re.compile(r' - (\S+): waited [\d.]+ s for data .* preparing batches took ([\d.]+) s CPU')


def steal_seconds():
    """CPU time the hypervisor stole, all CPUs together, since boot (/proc/stat); 0 where not counted."""
    try:
        with open('/proc/stat') as f:
            fields = f.readline().split()
        return int(fields[8]) / os.sysconf('SC_CLK_TCK') if fields[0] == 'cpu' and len(fields) > 8 else 0.0
    except (OSError, ValueError):
        return 0.0


def load_average():
    with open('/proc/loadavg') as f:
        return ' '.join(f.read().split()[:3])


def timed(cmd, env=None, log=None):
    stolen = steal_seconds()
    p = subprocess.run(['/usr/bin/time', '-v'] + cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, text=True)
    if p.returncode != 0:
        sys.stderr.write(p.stdout[-4000:])
        raise SystemExit(f'{" ".join(cmd)} failed with exit code {p.returncode}')
    out = p.stdout
    if log:
        with open(log, 'w') as f:
            f.write(out)

    def field(name):
        return re.search(re.escape(name) + r': (.*)', out).group(1).strip()

    wall = field('Elapsed (wall clock) time (h:mm:ss or m:ss)').split(':')
    seconds = sum(float(x) * 60 ** i for i, x in enumerate(reversed(wall)))
    cpu = float(field('User time (seconds)')) + float(field('System time (seconds)'))
    rss_mb = int(field('Maximum resident set size (kbytes)')) / 1024
    timed.steal = steal_seconds() - stolen
    return out, seconds, cpu, rss_mb


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--archs', default='mlp,cnn')
    p.add_argument('--repeats', type=int, default=1)
    p.add_argument('--seeds', type=int, default=3)
    p.add_argument('--modes', default='sequential', help='sequential, concurrent or both (comma-separated)')
    p.add_argument('--parallelism', type=int, default=3, help='concurrent mode: PyTorch processes (default: %(default)s)')
    p.add_argument('--java-parallelism', help="concurrent mode: Java's experiment.parallelism (default: --parallelism); "
                                              "several, comma-separated (e.g. 2,3), run in turn")
    p.add_argument('--data', default='/usr/share/datasets/fashion-mnist')
    p.add_argument('--java', action='append', help='the launcher (default: ./bootstrap); repeat the option to '
                                                   'alternate several builds')
    p.add_argument('--pytorch-coretype', choices=['default', 'same'], default='default',
                   help="PyTorch's OpenBLAS kernels: OPENBLAS_CORETYPE as inherited, or the core the (first) Java run "
                        "log names (default: %(default)s)")
    p.add_argument('--warmup', action=argparse.BooleanOptionalAction, default=True,
                   help="run a tiny experiment twice with each launcher first, so that its class-data-sharing archive "
                        "exists before the first measured run (default: on)")
    p.add_argument('--sides', default='java,pytorch', help='java, pytorch or both (default: %(default)s)')
    p.add_argument('--keep', help='keep every run\'s output (Java experiment directories, logs) in this directory')
    a = p.parse_args()
    sides = a.sides.split(',')
    if any(x not in ('java', 'pytorch') for x in sides):
        p.error(f'--sides: java and/or pytorch, got {a.sides}')
    javas = a.java or ['./bootstrap']
    a.java_core = None
    print(f'OPENBLAS_CORETYPE inherited: {os.environ.get("OPENBLAS_CORETYPE") or "unset"}', flush=True)
    java_parallelisms = [int(x) for x in a.java_parallelism.split(',')] if a.java_parallelism else [a.parallelism]
    modes = a.modes.split(',')
    if any(m not in ('sequential', 'concurrent') for m in modes):
        p.error(f'--modes: sequential and/or concurrent, got {a.modes}')
    rows = []
    if a.keep:
        os.makedirs(a.keep, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        a.log_dir = a.keep or tmp
        if a.keep:
            tmp = a.keep
        if a.warmup and 'java' in sides:
            for java in javas:
                warm_up(a, java, tmp)
        for arch in a.archs.split(','):
            for rep in range(a.repeats):
                for mode in modes:
                    parallel = mode == 'concurrent'
                    for i, java in enumerate(javas if 'java' in sides else []):
                        label = f'java#{i + 1}' if len(javas) > 1 else 'java'
                        for parallelism in java_parallelisms if parallel else [1]:
                            rows.append(run_java(a, java, label, tmp, arch, rep, mode, parallelism))
                            report(rows[-1])
                    if 'pytorch' in sides:
                        rows.append(run_pytorch(a, arch, rep, mode, a.parallelism if parallel else 1))
                        report(rows[-1])
    print()
    print('| architecture | mode | side | wall s | CPU s | peak RSS MB | CPU ms/step real (per seed) | CPU ms/step ideal '
          '| ideal/real | evaluations CPU s | wall ms/step real | wall ms/step ideal | load before | steal s |')
    print('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|')
    for arch, mode, side, rep, load, wall, cpu, rss, steps, cpu_steps, steal in rows:
        print(f'| {arch} | {mode} | {side} | {wall:.1f} | {cpu:.1f} | {rss} | {fmt(cpu_steps.get("real"))} | '
              f'{fmt(cpu_steps.get("ideal"))} | {ratio(cpu_steps)} | {evaluations(cpu_steps)} | {fmt(steps.get("real"))} '
              f'| {fmt(steps.get("ideal"))} | {load} | {steal:.1f} |')
    print(f'load average after: {load_average()}')


def run_command(java, conf):
    """The `run` command line of a --java launcher: its -DKEY=VALUE words are options of `run` (config keys)."""
    words = java.split()
    keys = [w for w in words if w.startswith('-D')]
    return [w for w in words if not w.startswith('-D')] + ['run'] + keys + [conf, '--no-progress']


def run_java(a, java, label, tmp, arch, rep, mode, parallelism):
    conf = os.path.join(tmp, f'e2e-{arch}.conf')
    with open(conf, 'w') as f:
        f.write(CONF.format(arch=arch, seeds=a.seeds, out=os.path.join(tmp, f'out-{mode}-{rep}-{label}-p{parallelism}'.replace('#', '')), data=a.data,
                            parallelism=parallelism, extra=', hidden = [512, 512]' if arch == 'mlp' else ''))
    load = load_average()
    name = f'{arch}-{mode}-{rep}-{label}-p{parallelism}'.replace('#', '')
    out, wall, cpu, rss = timed(run_command(java, conf), log=os.path.join(a.log_dir, name + '.log'))
    rss = max([rss] + [int(mb) * 1e6 / 2 ** 20 for mb in JAVA_PEAK.findall(out)])  # MiB, as GNU time's kbytes / 1024
    core = openblas.java_core(out)
    a.java_core = a.java_core or core
    steps, cpu_steps = {}, {}
    evaluations = 0.0
    for run, n, secs, ms, wall_s, eval_cpu in JAVA_CPU.findall(out):
        world = 'real' if run.endswith('-real') else 'ideal'
        steps.setdefault(world, []).append(1000 * float(wall_s) / int(n))
        cpu_steps.setdefault(world, []).append(float(ms))
        evaluations += float(eval_cpu)
    cpu_steps['evaluations'] = evaluations
    if not steps:  # an older launcher without the CPU line: wall time from the last evaluation
        for run, secs in LAST_EVAL.findall(out):
            steps.setdefault('real' if run.endswith('-real') else 'ideal', []).append(1000 * float(secs) / 800)
    prefetch = sum(float(c) for _, c in JAVA_PREFETCH.findall(out))
    if prefetch:
        print(f'  java prefetch threads: {prefetch:.1f} s CPU in all runs')
    return (arch, mode, f'{label} (parallelism {parallelism}, core {core or "?"})', rep, load, wall, cpu, f'{rss:.0f}', steps,
            cpu_steps, timed.steal)


def warm_up(a, java, tmp):
    """Two tiny runs: the launcher's first command records the classes it loads, the second creates the archive."""
    for i in range(2):
        conf = os.path.join(tmp, f'warmup-{i}.conf')
        with open(conf, 'w') as f:
            f.write(CONF.format(arch='mlp', seeds=1, out=os.path.join(tmp, f'warmup-{i}'), data=a.data, parallelism=1,
                                extra=', hidden = [32]').replace('steps = 800', 'steps = 8')
                    .replace('train-sizes = [1000], test-size = 10000', 'train-sizes = [64], test-size = 256')
                    .replace('points = 12', 'points = 2'))
        timed(run_command(java, conf))
    print(f'warm-up: {java} ran a tiny experiment twice (class-data-sharing archive ready); load {load_average()}',
          flush=True)


def run_pytorch(a, arch, rep, mode, processes):
    load = load_average()
    out, wall, cpu, rss = timed(['/usr/bin/python3', os.path.join(HERE, 'pytorch', 'e2e.py'), '--arch', arch,
                                 '--seeds', str(a.seeds), '--data', a.data, '--processes', str(processes)],
                                env=openblas.pytorch_env(a.java_core if a.pytorch_coretype == 'same' else None,
                                                         OPENBLAS_NUM_THREADS='1'),
                                log=os.path.join(a.log_dir, f'{arch}-{mode}-{rep}-pytorch.log'))
    steps, cpu_steps = {}, {}
    for world, ms, cpu_ms, eval_cpu in re.findall(r'^seed \d+ (real|ideal): training [\d.]+ s \(([\d.]+) ms/step\)'
                                                  r'(?:, CPU [\d.]+ s \(([\d.]+) ms/step CPU\))?'
                                                  r'(?:, evaluations ([\d.]+) s CPU)?', out, re.M):
        steps.setdefault(world, []).append(float(ms))
        if cpu_ms:
            cpu_steps.setdefault(world, []).append(float(cpu_ms))
        if eval_cpu:
            cpu_steps['evaluations'] = cpu_steps.get('evaluations', 0.0) + float(eval_cpu)
    peaks = re.search(r'vmhwm_max_mb=(\d+) vmhwm_sum_mb=(\d+)', out)
    memory = f'{rss:.0f}' if peaks is None else f'{peaks.group(2)} (sum; max {peaks.group(1)})'
    core = a.java_core if a.pytorch_coretype == 'same' and a.java_core else os.environ.get('OPENBLAS_CORETYPE', "OpenBLAS's")
    return arch, mode, f'pytorch ({processes} process{"es" if processes > 1 else ""}, core {core})', rep, load, wall, cpu, memory, \
        steps, cpu_steps, timed.steal


def fmt(values):
    return ', '.join(f'{v:.2f}' if v < 10 else f'{v:.1f}' for v in values) if values else '?'


def ratio(cpu_steps):
    real, ideal = cpu_steps.get('real'), cpu_steps.get('ideal')
    return f'{sum(ideal) / sum(real):.2f}' if real and ideal else '?'


def evaluations(cpu_steps):
    return f'{cpu_steps["evaluations"]:.1f}' if 'evaluations' in cpu_steps else '?'


def report(row):
    arch, mode, side, rep, load, wall, cpu, rss, steps, cpu_steps, steal = row
    print(f'{arch} {mode} {side} #{rep + 1}: wall {wall:.1f} s, CPU {cpu:.1f} s, peak RSS {rss} MB, CPU ms/step real '
          f'{fmt(cpu_steps.get("real"))}, ideal {fmt(cpu_steps.get("ideal"))}, evaluations {evaluations(cpu_steps)} s CPU; '
          f'wall ms/step real '
          f'{fmt(steps.get("real"))}, ideal {fmt(steps.get("ideal"))}, load before {load}, after {load_average()}, '
          f'steal {steal:.1f} s',
          flush=True)


if __name__ == '__main__':
    main()
