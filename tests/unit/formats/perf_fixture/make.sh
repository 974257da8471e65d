#!/usr/bin/env bash
# Regenerates ../golden/perf_script.txt with the real producer: builds spin.cc (-O0) with frame
# pointers, records it with `perf record -g` at 200 Hz and keeps the first samples.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
g++ -O0 -g -fno-omit-frame-pointer -pthread "$here/spin.cc" -o "$work/spin"
perf record -q -g -F 200 -o "$work/perf.data" "$work/spin"
# Up to 300 lines, cut at a sample boundary (blank line); the binary path is made stable.
perf script -i "$work/perf.data" 2>/dev/null > "$work/script.txt"
awk -v work="$work/" 'NR > 300 && $0 == "" { exit }
  { while ((i = index($0, work)) > 0) $0 = substr($0, 1, i - 1) "/tmp/fixture/" substr($0, i + length(work)); print }' \
  "$work/script.txt" > "$here/../golden/perf_script.txt"
echo "wrote $(wc -l < "$here/../golden/perf_script.txt") lines"
