"""The smallest fixture: recursion (ncalls printed nc/cc) and built-ins."""


def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


print(fib(12), len("abc"))
