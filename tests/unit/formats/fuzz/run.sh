#!/usr/bin/env bash
# Builds the format readers' fuzzers with clang (libFuzzer + ASan + UBSan) and runs each.
#   tests/unit/formats/fuzz/run.sh [SECONDS] [pprof|collapsed|perf_script|cprofile ...]
# SECONDS per fuzzer, default 60; corpora kept in build-fuzz-formats/<name>/. Seeds come from
# the goldens and the cProfile fixtures (our pprof export is seeded by a tiny raw profile written below).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../../.." && pwd)
golden="$here/../golden"
out=${PPROF_FUZZ_DIR:-$root/build-fuzz-formats}
seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(pprof collapsed perf_script cprofile)
command -v clang++ >/dev/null || { echo "run.sh: clang++ not installed" >&2; exit 1; }
sources=("$root"/viewer/formats/*.cc "$root"/profiler/format/*.cc "$root/profiler/common/result.cc")
for name in "${targets[@]}"; do
  mkdir -p "$out/$name"
  clang++ -std=c++20 -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
    -I"$root/profiler" -I"$root/viewer" "$here/${name}_fuzzer.cc" "${sources[@]}" -lz \
    -o "$out/${name}_fuzzer"
  case $name in
    collapsed) cp "$golden/sample.collapsed" "$golden/perf_script.collapsed" "$out/$name/" ;;
    perf_script) head -c 4000 "$golden/perf_script.txt" > "$out/$name/seed_perf.txt" ;;
    cprofile) cp "$here/../cprofile_fixture/"*.prof "$out/$name/" ;;
    pprof) # a raw profile.proto: strings, one sample type, function, location, sample
      printf '\x32\x00\x32\x07samples\x32\x05count\x32\x01f\x0a\x04\x08\x01\x10\x02\x2a\x04\x08\x01\x10\x03\x22\x08\x08\x01\x18\x10\x22\x02\x08\x01\x12\x06\x0a\x01\x01\x12\x01\x05' \
        > "$out/$name/seed_raw.pb" ;;
  esac
  "$out/${name}_fuzzer" -max_total_time="$seconds" -max_len=8192 "$out/$name"
done
