"""Runs a command to completion and measures it the way the benchmarks report it.

run_measured(argv, env) -> (wall seconds, user+sys CPU seconds of the whole process tree).
The CPU time comes from wait4's rusage: the child and every descendant it waited for (pprof-run
waits for the program, the program for its threads), so a profiler's collector process counts.
A non-zero exit status stops the benchmark with the command line in the message.
"""
import os
import subprocess
import time


class CommandFailed(RuntimeError):
    pass


def run_measured(argv, env=None, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL):
    start = time.monotonic()
    with subprocess.Popen(argv, env=env, stdout=stdout, stderr=stderr) as proc:
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.monotonic() - start
    if proc.returncode != 0:
        raise CommandFailed(f"exit status {proc.returncode}: {' '.join(argv)}")
    return wall, usage.ru_utime + usage.ru_stime
