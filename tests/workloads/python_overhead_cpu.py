"""Pure-Python CPU workload for scripts/bench-python: a fixed amount of work (not a fixed time)
in a few ordinary functions a few calls deep: integer arithmetic, dict updates and lookups,
string keys, a method call. About 3 s on CPython 3.11 here at the default size.

    python3 python_overhead_cpu.py [ROUNDS [RESULT_FILE]]

RESULT_FILE gets "wall S cpu S": the time from the start of main() to its end and the process
CPU time then (time.process_time(): every thread, the sampler's drain thread included), so a
benchmark can tell the program's slowdown from the interpreter's and a profiler's start-up and
finish. The checksum printed on stdout is the same under every profiler.
"""
import sys
import time


class Histogram:
    def __init__(self):
        self.counts = {}

    def add(self, key, amount):
        counts = self.counts
        counts[key] = counts.get(key, 0) + amount


def mix(x, i):
    x ^= (x << 13) & 0xFFFFFFFF
    x ^= x >> 17
    x ^= (x << 5) & 0xFFFFFFFF
    return (x + i) & 0xFFFFFFFF


def fill(histogram, seed, n):
    x = seed
    for i in range(n):
        x = mix(x, i)
        histogram.add(f"k{x % 509}", x & 7)
    return x


def summarize(histogram):
    total = 0
    for key, value in sorted(histogram.counts.items()):
        total = (total * 31 + value + len(key)) % 1_000_000_007
    return total


def one_round(seed):
    histogram = Histogram()
    x = fill(histogram, seed, 20_000)
    return summarize(histogram) ^ x


def main():
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 250
    start = time.monotonic()
    checksum = 0
    for r in range(rounds):
        checksum = (checksum * 131 + one_round(r + 1)) % 1_000_000_007
    wall = time.monotonic() - start
    print(f"checksum {checksum}")
    if len(sys.argv) > 2:
        with open(sys.argv[2], "w") as f:
            f.write(f"wall {wall:.6f} cpu {time.process_time():.6f}\n")


if __name__ == "__main__":
    main()
