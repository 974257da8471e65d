"""The parallelism advisor's judged Python workload (tests/integration/python_advice_test.cc): a
loop over 8 independent partitions, one call of analyze_partition each, fixed work in every
variant so that a serial and a parallel run can be timed against each other.

  gil     analyze_partition is pure-Python arithmetic: it holds the GIL all along, so threads
          cannot run two partitions at once and processes can. A float loop (float objects come
          from CPython's free list): measured here, an int loop that allocated an int per step
          used 5-12% more CPU per partition in a profiled ProcessPoolExecutor's workers than in
          the serial loop (in pymalloc), and one with an int % per step (no allocation) ran up to
          20% slower per step on one core while the other core ran the same loop; this one,
          about 2%. Those are costs of the machine and the pool that no prediction from the
          serial run can see, and they would be judged as the advisor's error. For the same
          reason a partition is about 0.3 s: starting and stopping the pool (importing
          multiprocessing, forking two workers) took 60 ms here, 7% of a run with 0.15 s
          partitions
  nogil   analyze_partition hashes a 32 MiB buffer (made once, before the loop) with
          hashlib.sha256 several times: the GIL is released while it hashes, so threads scale

  serial     partition_loop: the partitions one after another on the main thread
  threads    the partitions on concurrent.futures.ThreadPoolExecutor(2)
  processes  the partitions on concurrent.futures.ProcessPoolExecutor(2) (the default start method)

Prints "phase loop SECONDS" (the partition loop, pool start and stop included) and
"phase total SECONDS" (from the first line of this file) to stderr.
Usage: advice_partitions.py gil|nogil serial|threads|processes
"""
import time

START = time.perf_counter()

import concurrent.futures
import hashlib
import itertools
import sys

PARTITIONS = 8
SPIN = 8_600_000       # steps of the pure-Python loop per partition (gil): about 0.3 s
HASHES = 5             # sha256 passes over the buffer per partition (nogil)

if len(sys.argv) != 3 or sys.argv[1] not in ("gil", "nogil") or sys.argv[2] not in ("serial", "threads", "processes"):
    sys.exit("usage: advice_partitions.py gil|nogil serial|threads|processes")
KIND, VARIANT = sys.argv[1], sys.argv[2]
BUFFER = bytes(range(256)) * (128 * 1024) if KIND == "nogil" else b""  # 32 MiB


def analyze_partition(partition):
    if KIND == "gil":
        t = partition + 0.5
        for _ in itertools.repeat(None, SPIN):
            t = t * 0.5 + 1.0
        return t
    digest = b""
    for _ in range(HASHES):
        digest = hashlib.sha256(BUFFER).digest()
    return digest[0] + partition


def partition_loop():
    results = []
    for p in range(PARTITIONS):
        results.append(analyze_partition(p))
    return results


def partition_loop_on(executor_class):
    with executor_class(max_workers=2) as executor:
        return list(executor.map(analyze_partition, range(PARTITIONS)))


if __name__ == "__main__":
    loop_start = time.perf_counter()
    if VARIANT == "serial":
        results = partition_loop()
    elif VARIANT == "threads":
        results = partition_loop_on(concurrent.futures.ThreadPoolExecutor)
    else:
        results = partition_loop_on(concurrent.futures.ProcessPoolExecutor)
    end = time.perf_counter()
    assert len(results) == PARTITIONS
    print(f"phase loop {end - loop_start:.4f}", file=sys.stderr)
    print(f"phase total {end - START:.4f}", file=sys.stderr)
    print(f"done {KIND} {VARIANT}")
