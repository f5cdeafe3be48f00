"""OpenBLAS kernels for the comparison scripts: which core ("SkylakeX", "Haswell", ...) a process computes with.

The Java side names it in its header (`bootstrap bench`: "backend: ... core SkylakeX (OPENBLAS_CORETYPE=SkylakeX)";
the run log: "ND4J backend: ..."); PyTorch's is asked from the OpenBLAS that torch loaded. OPENBLAS_CORETYPE chooses
the kernels of both (bootstrap's launcher sets it to SkylakeX on AVX-512 CPUs unless it is set already).
"""
import os
import re
import subprocess

JAVA_CORE = re.compile(r'\bcore (\S+) \((?:OPENBLAS_CORETYPE=\S*|chosen by OpenBLAS)\)')

# torch.mm 2048^3 at `threads` threads, best of 5, and the OpenBLAS core torch's OpenBLAS runs
_PEAK = '''import ctypes, time, torch
torch.set_num_threads({threads})
a = torch.rand(2048, 2048); b = torch.rand(2048, 2048)
for _ in range(3): a @ b
best = 0
for _ in range(5):
    t = {timer}(); a @ b; best = max(best, 2 * 2048 ** 3 / ({timer}() - t) / 1e9)
core = '?'
for line in open('/proc/self/maps'):
    path = line.split()[-1]
    if os.path.basename(path).startswith('libopenblas'):
        lib = ctypes.CDLL(path); lib.openblas_get_corename.restype = ctypes.c_char_p
        core = lib.openblas_get_corename().decode(); break
print(core, best)
'''


def java_core(output):
    """The OpenBLAS core a Java run names in its output, or None (an older build that does not name it)."""
    m = JAVA_CORE.search(output)
    return m.group(1) if m else None


# glibc's malloc returns every freed block above its mmap threshold to the kernel, so PyTorch's activation tensors are
# mapped and zero-filled afresh at every batch. On the session-12 machine that cost the small CNN's Fashion-MNIST
# experiment 3.3x its wall time (50.6 s against 15.4 s for one seed, 60 steps, 3 evaluations; 18 s of system time):
# PyTorch runs with the thresholds high, as a PyTorch user who tunes glibc (or preloads jemalloc) would. The
# launcher gives Java its own settings (MALLOC_MMAP_THRESHOLD_=4 MB, buffers reused). PYTORCH_MALLOC=default keeps
# glibc's defaults.
TUNED_MALLOC = {'MALLOC_MMAP_THRESHOLD_': '2000000000', 'MALLOC_TRIM_THRESHOLD_': '2000000000'}


def pytorch_env(coretype, **extra):
    """os.environ with `extra`, OPENBLAS_CORETYPE = coretype (None: as inherited) and glibc's malloc tuned
    (TUNED_MALLOC, unless PYTORCH_MALLOC=default or the variables are set already)."""
    env = dict(os.environ, **extra)
    if os.environ.get('PYTORCH_MALLOC', 'tuned') != 'default':
        for k, v in TUNED_MALLOC.items():
            env.setdefault(k, v)
    if coretype is not None:
        env['OPENBLAS_CORETYPE'] = coretype
    return env


def sgemm_peak(threads, clock, coretype):
    """(core, GFLOP/s) of OpenBLAS's sgemm 2048^3 through torch.mm with OPENBLAS_CORETYPE = coretype (None: inherited)."""
    timer = 'time.process_time' if clock == 'cpu' else 'time.perf_counter'
    code = 'import os\n' + _PEAK.format(threads=threads, timer=timer)
    env = pytorch_env(coretype, OPENBLAS_NUM_THREADS=str(threads), OMP_NUM_THREADS=str(threads))
    out = subprocess.run(['/usr/bin/python3', '-c', code], env=env, stdout=subprocess.PIPE, text=True, check=True).stdout
    core, gflops = out.strip().splitlines()[-1].split()
    return core, float(gflops)
