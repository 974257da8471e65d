// libFuzzer target: the marshal reader and cProfile import on arbitrary bytes must never crash;
// anything accepted must pass checkValid and reference only existing functions. Built by run.sh.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "formats/cprofile_import.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  pprof::Result<pprof::Profile> profile = pprof::formats::parseCProfile(bytes, "fuzz");
  if (!profile.isOk()) return 0;
  const pprof::Profile& p = profile.value();
  if (!pprof::checkValid(p).isOk()) std::abort();
  for (const pprof::CallStats& c : p.call_stats) {
    if (c.function >= p.functions.size()) std::abort();
    for (const pprof::CallerStats& e : c.callers) {
      if (e.caller >= p.functions.size()) std::abort();
    }
  }
  return 0;
}
