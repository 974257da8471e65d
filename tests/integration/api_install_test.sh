#!/usr/bin/env bash
# `cmake --install` into a fresh prefix, then build a program against the installed profiler API
# with pkg-config (header + library with its run path) and let it profile itself: pprof_start
# must find the installed pprof-collect next to the installed library.
#   api_install_test.sh BUILD_DIR CXX
set -euo pipefail
build_dir=$1
cxx=$2
prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT
cmake --install "$build_dir" --prefix "$prefix" >/dev/null
test -f "$prefix/include/pprof/profiler.h" && test -x "$prefix/bin/pprof-collect"
cat > "$prefix/app.cc" <<'PROGRAM'
#include <pprof/profiler.h>
#include <cstdio>
volatile double sink;
__attribute__((noinline)) void installed_api_work() { for (long i = 0; i < 300000000; ++i) sink = sink + 1.0; }
int main(int argc, char** argv) {
  pprof::ScopedProfile profile(argv[1]);
  if (!profile.ok()) { std::printf("error: %s\n", profile.error()); return 1; }
  pprof::Region region("work");
  installed_api_work();
  std::printf("ok\n");
  return 0;
}
PROGRAM
flags=$(PKG_CONFIG_PATH="$prefix/lib/pkgconfig" pkg-config --cflags --libs pprof)
# shellcheck disable=SC2086
"$cxx" -std=c++17 -O1 -g "$prefix/app.cc" -o "$prefix/app" $flags
out=$(cd / && env -u PPROF_COLLECT PATH=/usr/bin:/bin "$prefix/app" "$prefix/app.prof")
[ "$out" = ok ] || { echo "app said: $out" >&2; exit 1; }
json=$("$prefix/bin/pprof-stats" "$prefix/app.prof" --format json)
echo "$json" | grep -q '"name": "installed_api_work' || { echo "installed_api_work not sampled" >&2; exit 1; }
echo "$json" | grep -q '"name": "work"' || { echo "region work missing" >&2; exit 1; }
echo "installed API: $(echo "$json" | sed -n 's/.*"samples": *\([0-9.]*\).*/\1/p' | head -1) samples"
