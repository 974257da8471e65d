// Profiles and helpers shared by the format tests.
#pragma once

#include <map>
#include <string>

#include "format/profile.h"
#include "support/file_bytes.h"

namespace pprof::formats::testing {

// Two processes, three threads, modules with load bias, an inline chain, an unsymbolized frame
// in a module and one outside every module, a name with ';' in it, 1 ms period, timestamps.
Profile sampleProfile();

struct FunctionWeight {
  uint64_t self = 0, total = 0;
  bool operator==(const FunctionWeight&) const = default;
};
// Per frame name (inline frames expanded, unsymbolized frames by unsymbolizedName): weight of
// samples whose innermost frame it is, and of samples it appears in at all (once per sample).
std::map<std::string, FunctionWeight> functionWeights(const Profile& profile);

std::string tempPath(const std::string& leaf);
using pprof::testing::readBytes;
using pprof::testing::writeBytes;
// PPROF_FORMATS_GOLDEN_DIR/leaf equals `actual`, or is rewritten when UPDATE_GOLDEN=1.
void checkGolden(const std::string& leaf, const std::string& actual);

}  // namespace pprof::formats::testing
