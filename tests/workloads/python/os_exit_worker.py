"""A worker thread calls os._exit(3) while the main thread spins in Python: no atexit, no
finalization, exit status 3."""
import os
import threading


def spin(n):
    total = 0
    for i in range(n):
        total = (total * 31 + i) % 1000003
    return total


def worker():
    print("worker", spin(1_000_000), flush=True)
    os._exit(3)


threading.Thread(target=worker).start()
while True:
    spin(10_000)
