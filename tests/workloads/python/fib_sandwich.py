# Python -> C (sorted) -> Python, small enough to run on every interpreter version.
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


def main():
    return sorted([27, 26], key=lambda k: fib(k))


print(main())
