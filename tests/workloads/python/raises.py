"""Does some work, then raises from a nested call: exit status 1, traceback on stderr."""


def work():
    total = 0
    for i in range(3_000_000):
        total = (total * 31 + i) % 1000003
    return total


def fail(value):
    raise ValueError(f"bad value {value}")


def main():
    print("work", work(), flush=True)
    fail(42)


main()
