// libFuzzer target: parsePprof (gzip'ed or raw) on arbitrary bytes must never crash, anything
// it accepts must pass checkValid and survive re-export. Built by run.sh (clang only).
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "formats/pprof_export.h"
#include "formats/pprof_import.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  pprof::Result<pprof::Profile> profile = pprof::formats::parsePprof(bytes, "fuzz");
  if (!profile.isOk()) return 0;
  if (!pprof::checkValid(profile.value()).isOk()) std::abort();
  if (!pprof::formats::encodePprof(profile.value(), {.gzip = false}).isOk()) std::abort();
  return 0;
}
