# Work in processes started every other way than fork Pools: a forkserver Pool and a Python
# child started with subprocess.run([sys.executable, ...]). Each runs its own named function.
import multiprocessing as mp
import subprocess
import sys


def forkserver_work(n):
    s = 0
    for i in range(n):
        s += i % 7
    return s


def subprocess_work(n):
    s = 0
    for i in range(n):
        s += i % 5
    return s


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "child":
        print(subprocess_work(3_000_000))
        sys.exit(0)
    with mp.get_context("forkserver").Pool(2) as pool:
        print(sum(pool.map(forkserver_work, [1_500_000] * 4)))
    subprocess.run([sys.executable, __file__, "child"], check=True)
