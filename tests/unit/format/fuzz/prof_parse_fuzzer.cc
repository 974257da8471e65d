// libFuzzer target: parseProfFile on arbitrary bytes must never crash, and anything it
// accepts must pass checkValid. Built by run.sh (clang only).
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "format/prof_file.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  pprof::Result<pprof::Profile> profile = pprof::parseProfFile(bytes, "fuzz");
  if (profile.isOk() && !pprof::checkValid(profile.value()).isOk()) std::abort();
  if (profile.isOk()) (void)pprof::dumpText(profile.value());
  return 0;
}
