"""Stack-shape workloads (one per mode): Python -> C -> Python sandwiches and a generator chain.

  sorted     f() sorts with key=lambda x: g(x): <module>, f, builtin_sorted, list_sort..., f.<locals>.<lambda>, g
  partial    call_partial() calls functools.partial(h, 1): <module>, call_partial, partial_*..., h
  generator  consume() calls next() on squares(numbers()): <module>, consume, builtin_next..., squares, ..., numbers
  numpy      sort_big() calls np.sort on a big array: <module>, sort_big, sort, numpy's C frames
Usage: shapes.py MODE [SCALE]
"""
import functools
import sys

SCALE = float(sys.argv[2]) if len(sys.argv) > 2 else 1.0


def g(x):
    total = 0
    for i in range(300):
        total += i
    return -x


def f():
    for _ in range(int(400 * SCALE)):
        sorted(range(200), key=lambda x: g(x))


def h(a, b):
    total = 0
    for i in range(20_000):
        total = (total + i * a + b) % 1000003
    return total


def call_partial():
    p = functools.partial(h, 1)
    for i in range(int(1500 * SCALE)):
        p(i)


def numbers(n):
    for i in range(n):
        total = 0
        for j in range(2_000):
            total += j
        yield total


def squares(it):
    for x in it:
        total = 0
        for j in range(200):
            total += j
        yield x * x


def consume():
    gen = squares(numbers(int(4000 * SCALE)))
    while True:
        try:
            next(gen)
        except StopIteration:
            return


def sort_big():
    import numpy as np
    a = np.random.default_rng(1).random(2_000_000)
    for _ in range(int(12 * SCALE)):
        np.sort(a)


MODES = {"sorted": f, "partial": call_partial, "generator": consume, "numpy": sort_big}
MODES[sys.argv[1]]()
print("done", sys.argv[1])
