#!/usr/bin/env bash
# `cmake --install` into a fresh prefix, then profile a program with the installed pprof-run:
# it must find its sampler in PREFIX/lib/pprof relative to its own executable.
#   install_test.sh BUILD_DIR WORKLOAD
set -euo pipefail
build_dir=$1
workload=$2
prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT
cmake --install "$build_dir" --prefix "$prefix" >/dev/null
test -x "$prefix/bin/pprof-run" && test -f "$prefix/lib/pprof/libpprof-sampler.so"
"$prefix/bin/pprof-run" -o "$prefix/out.prof" "$workload" 0.3 1 "$prefix/cpu.txt" 2>"$prefix/err"
samples=$("$prefix/bin/pprof-stats" "$prefix/out.prof" --format json |
          sed -n 's/.*"samples": *\([0-9.]*\).*/\1/p' | head -1)
echo "installed pprof-run recorded $samples samples"
[ "${samples%.*}" -gt 100 ]
