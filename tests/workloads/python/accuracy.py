"""Python accuracy workload: fixed work (counted iterations, not time) in five parts, each in a
function of its own name, run one part after the other:

  py_main_work      the main thread
  py_thread_work    a ThreadPoolExecutor with 2 workers (both at once)
  py_fork_work      a multiprocessing Pool(2), fork start method (workers leave via os._exit)
  py_spawn_work     a multiprocessing Pool(2), spawn start method (exec'ed interpreters)
  py_deep_leaf      the leaf of a 600-deep Python recursion (py_deep_recurse)

Each part measures its own CPU time with time.thread_time() inside the function and the script
prints, at the end:
  truth NAME CPU_SECONDS      summed over every call of NAME
  total_cpu SECONDS           CPU of the whole run: this process + every child it reaped
  deep_depth N                Python frames of py_deep_recurse above py_deep_leaf
Usage: accuracy.py [SCALE]
"""
import concurrent.futures
import multiprocessing
import os
import resource
import sys
import time

UNIT = 100_000  # kernel iterations per unit
DEPTH = 600


def py_main_work(n):
    start = time.thread_time()
    total = 0
    for i in range(n):
        total = (total * 31 + i) % 1000003
    return time.thread_time() - start


def py_thread_work(n):
    start = time.thread_time()
    total = 0
    for i in range(n):
        total = (total * 31 + i) % 1000003
    return time.thread_time() - start


def py_fork_work(n):
    start = time.thread_time()
    total = 0
    for i in range(n):
        total = (total * 31 + i) % 1000003
    return time.thread_time() - start


def py_spawn_work(n):
    start = time.thread_time()
    total = 0
    for i in range(n):
        total = (total * 31 + i) % 1000003
    return time.thread_time() - start


def py_deep_leaf(n):
    start = time.thread_time()
    total = 0
    for i in range(n):
        total = (total * 31 + i) % 1000003
    return time.thread_time() - start


def py_deep_recurse(depth, n):
    if depth == 0:
        return py_deep_leaf(n)
    return py_deep_recurse(depth - 1, n) + 0.0


def main():
    scale = float(sys.argv[1]) if len(sys.argv) > 1 else 1.0

    def units(u):
        return int(u * UNIT * scale)

    truth = {}
    # Plain loops, not sum(generator): the stacks hold no <genexpr> frame.
    truth["py_main_work"] = 0.0
    for _ in range(4):
        truth["py_main_work"] += py_main_work(units(50))

    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        truth["py_thread_work"] = sum(pool.map(py_thread_work, [units(40)] * 4))

    fork = multiprocessing.get_context("fork")
    pool = fork.Pool(2)
    truth["py_fork_work"] = sum(pool.map(py_fork_work, [units(40)] * 4, chunksize=1))
    pool.close()
    pool.join()

    spawn = multiprocessing.get_context("spawn")
    pool = spawn.Pool(2)
    truth["py_spawn_work"] = sum(pool.map(py_spawn_work, [units(30)] * 4, chunksize=1))
    pool.close()
    pool.join()

    sys.setrecursionlimit(DEPTH + 200)
    truth["py_deep_leaf"] = 0.0
    for _ in range(4):
        truth["py_deep_leaf"] += py_deep_recurse(DEPTH, units(30))

    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    total = time.process_time() + children.ru_utime + children.ru_stime
    for name, seconds in truth.items():
        print(f"truth {name} {seconds:.6f}")
    print(f"total_cpu {total:.6f}")
    print(f"deep_depth {DEPTH}")


if __name__ == "__main__":
    main()
