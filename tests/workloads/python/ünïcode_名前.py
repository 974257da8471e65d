"""Non-ASCII file and function names: the profile must name función in ünïcode_名前.py."""


def función(n):
    total = 0
    for i in range(n):
        total = (total * 31 + i) % 1000003
    return total


def 計算():
    return función(3_000_000)


print("función", 計算(), "— ok ✓")
