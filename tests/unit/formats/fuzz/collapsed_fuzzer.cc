// libFuzzer target: parseCollapsed on arbitrary text must never crash; what it accepts must
// pass checkValid and export again. Built by run.sh (clang only).
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "formats/collapsed.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  pprof::Result<pprof::Profile> profile = pprof::formats::parseCollapsed(text, "fuzz");
  if (!profile.isOk()) return 0;
  if (!pprof::checkValid(profile.value()).isOk()) std::abort();
  (void)pprof::formats::encodeCollapsed(profile.value());
  return 0;
}
