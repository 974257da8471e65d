#!/usr/bin/env bash
# Builds the parseProfFile fuzzer with clang (libFuzzer + ASan + UBSan) and runs it.
#   tests/unit/format/fuzz/run.sh [SECONDS]      default 60; corpus kept in build-fuzz/corpus
# Seeds come from the golden file, so the fuzzer starts from a valid out.prof.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../../.." && pwd)
out=${PPROF_FUZZ_DIR:-$root/build-fuzz}
seconds=${1:-60}
command -v clang++ >/dev/null || { echo "run.sh: clang++ not installed" >&2; exit 1; }
mkdir -p "$out/corpus"
clang++ -std=c++20 -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
  -I"$root/profiler" "$here/prof_parse_fuzzer.cc" "$root"/profiler/format/*.cc \
  "$root/profiler/common/result.cc" "$root/profiler/common/file_io.cc" -o "$out/prof_parse_fuzzer"
xxd -r -p "$here/../golden/small_profile.prof.hex" > "$out/corpus/seed_small.prof"
"$out/prof_parse_fuzzer" -max_total_time="$seconds" -max_len=4096 "$out/corpus"
