# Run by pytest under pprof-run: a passing test with real work, a failing one and a faulthandler
# timeout armed (pytest's own faulthandler plugin is on by default).
import faulthandler


def work(n):
    s = 0
    for i in range(n):
        s += i % 11
    return s


def test_passes():
    faulthandler.dump_traceback_later(60, exit=False)
    assert work(2_000_000) > 0
    faulthandler.cancel_dump_traceback_later()


def test_fails():
    assert work(10) == -1
