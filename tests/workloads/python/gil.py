"""GIL workloads: two threads at once, fixed work each.

  spin   spin_one and spin_two: pure-Python loops (the GIL held all the time they run)
  hash   hash_work in both threads: hashlib.sha256 over a 32 MiB buffer (GIL released)
Prints "thread FUNCTION NATIVE_TID" for each thread and "wall SECONDS" for the time from the
first start to the last join.
Usage: gil.py spin|hash [SCALE]
"""
import hashlib
import sys
import threading
import time

SCALE = float(sys.argv[2]) if len(sys.argv) > 2 else 1.0
tids = {}


def spin_one(n):
    tids["spin_one"] = threading.get_native_id()
    total = 0
    for i in range(n):
        total = (total * 31 + i) % 1000003


def spin_two(n):
    tids["spin_two"] = threading.get_native_id()
    total = 0
    for i in range(n):
        total = (total * 31 + i) % 1000003


def hash_work(n, key):
    tids[key] = threading.get_native_id()
    buf = bytes(range(256)) * (128 * 1024)  # 32 MiB
    for _ in range(n):
        hashlib.sha256(buf).digest()


if sys.argv[1] == "spin":
    n = int(15_000_000 * SCALE)
    threads = [threading.Thread(target=spin_one, args=(n,)), threading.Thread(target=spin_two, args=(n,))]
else:
    n = int(40 * SCALE)
    threads = [threading.Thread(target=hash_work, args=(n, "hash_a")),
               threading.Thread(target=hash_work, args=(n, "hash_b"))]
start = time.perf_counter()
for t in threads:
    t.start()
for t in threads:
    t.join()
wall = time.perf_counter() - start
for name, tid in sorted(tids.items()):
    print(f"thread {name} {tid}")
print(f"wall {wall:.6f}")
