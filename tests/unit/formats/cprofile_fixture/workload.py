"""A small deterministic workload for the cProfile fixtures: recursion (nc/cc), mutual
recursion, built-ins and methods ({built-in method ...}), a class, a generator, a lambda and
a second module-level caller, so every pstats column and name form appears."""
import sys


def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


def is_even(n):
    return True if n == 0 else is_odd(n - 1)


def is_odd(n):
    return False if n == 0 else is_even(n - 1)


class Accumulator:
    def __init__(self):
        self.items = []

    def add(self, value):
        self.items.append(value)

    def total(self):
        return sum(self.items)


def squares(n):
    for i in range(n):
        yield i * i


def work(rounds):
    acc = Accumulator()
    for r in range(rounds):
        acc.add(fib(12 + r % 3))
        acc.add(is_even(40 + r))
        acc.add(sum(squares(200)))
        acc.add(len(sorted(str(x) for x in range(50))))
    words = sorted(["pear", "apple", "fig"] * 20, key=lambda w: (len(w), w))
    return acc.total() + len(words)


def main():
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    print(work(rounds))


main()
