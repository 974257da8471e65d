"""Work with sys.settrace and sys.setprofile active (and -X faulthandler in one test): the
event counts printed are deterministic."""
import sys
import threading

counts = {"line": 0, "call": 0, "return": 0, "c_call": 0, "c_return": 0}


def tracer(frame, event, arg):
    if event in counts:
        counts[event] += 1
    return tracer


def profiler(frame, event, arg):
    if event in counts:
        counts[event] += 1


def inner(n):
    total = 0
    for i in range(n):
        total = (total + abs(i - 7)) % 1000003
    return total


def traced_work():
    return sum(inner(2_000) for _ in range(150))


def profiled_work():
    return sum(inner(20_000) for _ in range(60))


sys.settrace(tracer)
threading.settrace(tracer)
print("traced", traced_work())
sys.settrace(None)
threading.settrace(None)
print("events", sorted(counts.items()))
for k in counts:
    counts[k] = 0
sys.setprofile(profiler)
print("profiled", profiled_work())
sys.setprofile(None)
print("events", sorted(counts.items()))
