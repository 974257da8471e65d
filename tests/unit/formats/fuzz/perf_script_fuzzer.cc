// libFuzzer target: parsePerfScript, and detection + parseAnyProfile, on arbitrary bytes must
// never crash; accepted profiles must pass checkValid. Built by run.sh (clang only).
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "formats/detect.h"
#include "formats/perf_script.h"
#include "formats/speedscope.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  pprof::Result<pprof::Profile> profile = pprof::formats::parsePerfScript(text, "fuzz");
  if (profile.isOk()) {
    if (!pprof::checkValid(profile.value()).isOk()) std::abort();
    (void)pprof::formats::encodeSpeedscope(profile.value(), "fuzz");
  }
  (void)pprof::formats::detectFormat(text);
  pprof::Result<pprof::Profile> any = pprof::formats::parseAnyProfile(text, "fuzz");
  if (any.isOk() && !pprof::checkValid(any.value()).isOk()) std::abort();
  return 0;
}
