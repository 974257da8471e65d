"""os.fork() in a parent whose other threads are running Python; the child works and exits
normally, then the parent reaps it and its threads finish."""
import os
import sys
import threading

stop = threading.Event()


def spin(n):
    total = 0
    for i in range(n):
        total = (total * 31 + i) % 1000003
    return total


def busy():
    while not stop.is_set():
        spin(20_000)


threads = [threading.Thread(target=busy) for _ in range(3)]
for t in threads:
    t.start()
spin(300_000)
for round_ in range(3):
    pid = os.fork()
    if pid == 0:
        print(f"child {round_}", spin(500_000), flush=True)
        sys.exit(round_)
    _, status = os.waitpid(pid, 0)
    print(f"parent reaped child {round_} status {os.waitstatus_to_exitcode(status)}", flush=True)
stop.set()
for t in threads:
    t.join()
print("parent done")
