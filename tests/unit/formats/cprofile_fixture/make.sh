#!/usr/bin/env bash
# Regenerates the cProfile fixtures with the real producer: `python3 -m cProfile -o`.
#   tests/unit/formats/cprofile_fixture/make.sh
# workload.prof and workload_short.prof are two runs of workload.py (merged in tests, like
# pstats.Stats.add); fib.prof is the smallest dump with recursion and built-ins. The dumps are
# committed; tests compare pprof-stats with `python3 -m pstats` output on them at test time.
set -euo pipefail
cd "$(dirname "$0")"
python3 -m cProfile -o workload.prof workload.py 20 > /dev/null
python3 -m cProfile -o workload_short.prof workload.py 5 > /dev/null
python3 -m cProfile -o fib.prof fib.py > /dev/null
