"""Exceptions raised and caught in a hot loop."""


def thrower(i):
    if i % 2:
        raise ValueError(i)
    raise KeyError(i)


def catcher(n):
    caught = 0
    for i in range(n):
        try:
            thrower(i)
        except (ValueError, KeyError):
            caught += 1
    return caught


print("caught", catcher(1_500_000))
