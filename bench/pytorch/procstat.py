"""Where the machine's and this process's CPU time went during a measured window, from Linux's /proc (the Python
twin of bootstrap-bench's ProcWindow): the hypervisor's steal time and all CPUs' idle time (/proc/stat), the
CPU time, run-queue wait and voluntary / involuntary context switches of this process's threads
(/proc/self/task/<tid>/schedstat and status), summed per group: the benchmark (calling) thread, 'native'
threads (OpenMP / OpenBLAS workers, which carry the calling thread's name), other. Figures are CPUs (CPU seconds
per wall second). Without /proc, take() returns None and describe() says "not available".
"""
import os
import threading
import time

TICKS = os.sysconf('SC_CLK_TCK') if hasattr(os, 'sysconf') else 100
GROUPS = ('bench', 'native', 'parallel', 'jit', 'vmgc', 'other')


def _cpu_line(proc):
    with open(os.path.join(proc, 'stat')) as f:
        for line in f:
            if line.startswith('cpu '):
                v = [int(x) for x in line.split()[1:9]]
                return v + [0] * (8 - len(v))
    raise ValueError('no cpu line in /proc/stat')


def _switches(task):
    v = {}
    with open(os.path.join(task, 'status')) as f:
        for line in f:
            k, _, rest = line.partition(':')
            if k in ('voluntary_ctxt_switches', 'nonvoluntary_ctxt_switches'):
                v[k] = int(rest)
    return v['voluntary_ctxt_switches'], v['nonvoluntary_ctxt_switches']


def _times(task):
    try:
        with open(os.path.join(task, 'schedstat')) as f:
            run, wait = f.read().split()[:2]
            return int(run), int(wait)
    except OSError:
        with open(os.path.join(task, 'stat')) as f:
            s = f.read()
        fields = s[s.rindex(')') + 2:].split()
        return (int(fields[11]) + int(fields[12])) * 1_000_000_000 // TICKS, 0


def take(proc='/proc'):
    """The counters now: dict, or None when /proc does not give them."""
    wall = time.monotonic_ns()
    try:
        cpu = _cpu_line(proc)
        me = threading.get_native_id()
        with open(os.path.join(proc, 'self', 'task', str(me), 'comm')) as f:
            my_name = f.read().strip()
        threads = {}
        base = os.path.join(proc, 'self', 'task')
        for tid in os.listdir(base):
            try:
                with open(os.path.join(base, tid, 'comm')) as f:
                    name = f.read().strip()
                run, wait = _times(os.path.join(base, tid))
                vol, invol = _switches(os.path.join(base, tid))
            except (OSError, ValueError, IndexError):
                continue  # ended while we read
            group = 'bench' if int(tid) == me else 'native' if name == my_name else 'other'
            threads[tid] = (group, run, wait, vol, invol)
        return {'wall': wall, 'idle': cpu[3] + cpu[4], 'steal': cpu[7], 'total': sum(cpu),
                'threads': threads}
    except (OSError, ValueError, KeyError, IndexError):
        return None


def between(a, b):
    """The window between two snapshots: dict of figures in CPUs (and context switches per second)."""
    secs = max(1e-9, (b['wall'] - a['wall']) / 1e9)
    w = {'seconds': secs, 'steal': (b['steal'] - a['steal']) / TICKS / secs,
         'idle': (b['idle'] - a['idle']) / TICKS / secs, 'cpus': (b['total'] - a['total']) / TICKS / secs,
         'runq': 0.0, 'vcs': 0.0, 'ics': 0.0, 'waits': {g: 0.0 for g in GROUPS}}
    for g in GROUPS:
        w[g] = 0.0
    newest = max((int(t) for t in a['threads']), default=0)
    for tid, (group, run, wait, vol, invol) in b['threads'].items():
        if tid not in a['threads'] and int(tid) < newest:
            continue  # there at the first snapshot but unreadable then: its past is unknown
        _, run0, wait0, vol0, invol0 = a['threads'].get(tid, (group, 0, 0, 0, 0))
        w[group] += (run - run0) / 1e9 / secs
        w['runq'] += (wait - wait0) / 1e9 / secs
        w['waits'][group] += (wait - wait0) / 1e9 / secs
        w['vcs'] += (vol - vol0) / secs
        w['ics'] += (invol - invol0) / secs
    return w


def describe(a, b):
    """One line like bootstrap-bench's: steal=.. idle=.. bench=.. native=.. ... runq=.. (per group) cs=vol/invol
    per second."""
    if a is None or b is None:
        return 'not available (no Linux /proc)'
    w = between(a, b)
    return (f"steal={w['steal']:.2f} idle={w['idle']:.2f} " + ' '.join(f'{g}={w[g]:.2f}' for g in GROUPS)
            + f" runq={w['runq']:.2f} (" + ' '.join(f'{g} {v:.2f}' for g, v in w['waits'].items() if v >= 0.005)
            + f") cs={w['vcs']:.0f}/{w['ics']:.0f}")
