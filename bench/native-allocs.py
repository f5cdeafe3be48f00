#!/usr/bin/python3
"""Who maps large native buffers while a command runs: counts the anonymous mmap calls of at least --min-bytes
(glibc serves every malloc at or above MALLOC_MMAP_THRESHOLD_ -- the launcher's 4 MB -- with a fresh mmap, so in a
training loop each one is a page-faulted, zeroed buffer per step) and groups them by size and by the native caller
that asked for them: the libnd4j op (e.g. PLATFORM_conv2d_ENGINE_CPU = oneDNN's reorders inside the conv2d op),
`allocateDataBuffer` (an ND4J array created from Java), OpenBLAS, or the JVM. Needs strace with stack traces (-k).

  bench/native-allocs.py -- bootstrap-app/target/dist/bin/bootstrap bench --workloads cnn --engines native \
      --threads 1 --seconds 1 --windows 1 --overhead-steps 0

Divide a group's count by the number of steps the command ran to get its allocations per step; start-up
allocations (JVM heap, libraries, the network's own buffers) appear once.
"""
import argparse
import collections
import os
import re
import subprocess
import sys
import tempfile

MMAP = re.compile(r'mmap\(NULL, (\d+), [^)]*MAP_ANONYMOUS')
FRAME = re.compile(r'\(([^()+]+?)(?:\([^)]*\))?(?:\s*const)?\+0x')


def caller(frames):
    """The most telling frame: a libnd4j platform op, else the first frame outside libc/oneDNN internals."""
    names = []
    for f in frames:
        m = FRAME.search(f)
        if m and 'libc.so' not in f:
            names.append(m.group(1))
    for n in names:
        if 'PLATFORM_' in n:
            return n.replace('sd::ops::platforms::', '').replace('::invokeHelper', '')
    for n in names:
        if not n.startswith('dnnl::impl') and not n.startswith('sd::DataBuffer') and 'InteropDataBuffer' not in n:
            return n
    return names[0] if names else '?'


def parse(path, min_bytes):
    counts = collections.Counter()
    size, frames = None, []

    def flush():
        if size is not None:
            counts[(caller(frames), size)] += 1

    with open(path, errors='replace') as f:
        for line in f:
            if line.startswith(' > '):
                frames.append(line)
                continue
            flush()
            size, frames = None, []
            m = MMAP.search(line)
            if m and int(m.group(1)) >= min_bytes:
                size = int(m.group(1))
    flush()
    return counts


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--min-bytes', type=int, default=4 * 1024 * 1024, help='smallest mapping counted (default 4 MiB)')
    p.add_argument('--trace', help='parse this existing strace -f -k output instead of running a command')
    p.add_argument('command', nargs=argparse.REMAINDER, help='the command to run (after --)')
    a = p.parse_args()
    path = a.trace
    if path is None:
        cmd = [c for c in a.command if c != '--'] if a.command[:1] == ['--'] else a.command
        if not cmd:
            p.error('give a command after -- or --trace FILE')
        fd, path = tempfile.mkstemp(prefix='native-allocs-', suffix='.strace')
        os.close(fd)
        rc = subprocess.call(['strace', '-f', '-k', '-e', 'trace=mmap', '-o', path] + cmd)
        if rc != 0:
            sys.exit(f'command failed with exit code {rc} (strace output kept in {path})')
    counts = parse(path, a.min_bytes)
    print(f'| anonymous mmaps >= {a.min_bytes} bytes | count | caller |')
    print('|---|---|---|')
    for (who, size), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        print(f'| {size:,} | {n} | {who} |')
    if a.trace is None:
        os.remove(path)


if __name__ == '__main__':
    main()
