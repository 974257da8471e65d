"""Threads at interpreter shutdown: an atexit handler starts (and joins) a thread that works in
Python, and a daemon thread is still spinning in Python when the interpreter finalizes."""
import atexit
import threading


def spin(n):
    total = 0
    for i in range(n):
        total = (total * 31 + i) % 1000003
    return total


def daemon_spin():
    while True:
        spin(10_000)


def at_exit():
    result = []
    t = threading.Thread(target=lambda: result.append(spin(2_000_000)))
    t.start()
    t.join()
    print("atexit thread", result[0], flush=True)


atexit.register(at_exit)
threading.Thread(target=daemon_spin, daemon=True).start()
print("main", spin(1_000_000), flush=True)
