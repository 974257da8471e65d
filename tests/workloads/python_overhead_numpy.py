"""numpy workload for scripts/bench-python: a fixed amount of work split between numpy's C
loops (sorting, ufuncs, reductions, fancy indexing on 200k-element arrays) and the Python
functions that drive them, so samples land both in Python frames and in numpy's native code
under them. About 3 s of CPU on Debian's python3-numpy (1.24) at the default size; BLAS is not
used (benchmarks set OPENBLAS_NUM_THREADS=1 anyway, so the thread count does not vary).

    python3 python_overhead_numpy.py [ROUNDS [RESULT_FILE]]

RESULT_FILE gets "wall S cpu S" as in python_overhead_cpu.py. The checksum printed on stdout
is the same under every profiler.
"""
import sys
import time

import numpy as np


def make_data(seed, n):
    rng = np.random.default_rng(seed)
    return rng.random(n), rng.integers(0, 1000, n)


def transform(values):
    scaled = np.sqrt(values * 3.0 + 1.0)
    return np.sin(scaled) * np.exp(-scaled)


def rank(values):
    order = np.argsort(values, kind="quicksort")
    return np.sort(values)[::97], order[:: 101]


def group(keys, values):
    sums = np.bincount(keys, weights=values, minlength=1000)
    return sums[keys].mean()


def python_side(sample):
    # a little plain Python between the numpy calls, as real scripts have
    total = 0.0
    for i, v in enumerate(sample.tolist()):
        total += v * (i % 7)
    return total


def one_round(seed):
    values, keys = make_data(seed, 200_000)
    transformed = transform(values)
    sampled, order = rank(transformed)
    return group(keys, transformed) + python_side(sampled) + float(order[:5].sum())


def main():
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 80
    start = time.monotonic()
    checksum = 0.0
    for r in range(rounds):
        checksum += one_round(r + 1)
    wall = time.monotonic() - start
    print(f"checksum {checksum:.6e}")
    if len(sys.argv) > 2:
        with open(sys.argv[2], "w") as f:
            f.write(f"wall {wall:.6f} cpu {time.process_time():.6f}\n")


if __name__ == "__main__":
    main()
