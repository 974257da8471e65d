"""multiprocessing.Pool workload: Pool(4) maps a CPU-bound pure-Python function.

Pool workers leave through os._exit (multiprocessing's fork start method), skipping atexit
handlers, so a profiler must have their samples out of the process already. Prints
"worker PID" once for every worker that did work, and "parent PID".
"""
import multiprocessing
import os
import sys


def burn(task):
    total = 0
    for i in range(task):
        total = (total * 31 + i) % 1000003
    return os.getpid()


def main():
    tasks = int(sys.argv[1]) if len(sys.argv) > 1 else 16
    print(f"parent {os.getpid()}", flush=True)
    pool = multiprocessing.Pool(4)
    pids = pool.map(burn, [400_000] * tasks, chunksize=1)
    # close + join (not the context manager, which terminates workers with SIGTERM): each
    # worker returns from its loop and leaves through os._exit.
    pool.close()
    pool.join()
    for pid in sorted(set(pids)):
        print(f"worker {pid}", flush=True)


if __name__ == "__main__":
    main()
