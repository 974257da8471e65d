// out.prof layout constants shared by the writer and the reader; FORMAT.md is the spec these
// numbers implement. Changing a value here breaks every existing file: add, never renumber.
#pragma once

#include <cstdint>
#include <string_view>

namespace pprof::prof_format {

constexpr std::string_view kMagic = "PPROFRUN";
constexpr uint32_t kVersion = 1;
constexpr size_t kHeaderSize = 12;  // magic + u32 little-endian version

enum RecordType : uint32_t {
  kString = 1,
  kMeta = 2,
  kProcess = 3,
  kProcessUpdate = 4,
  kThread = 5,
  kThreadUpdate = 6,
  kModule = 7,
  kLocation = 8,
  kStack = 9,
  kSample = 10,
  kFunction = 11,
  kLocationLines = 12,
  kEnd = 13,
};

// Types at or above this may be skipped by readers that do not know them; unknown types
// below it are an error, because dropping them would silently change what ids mean.
constexpr uint32_t kFirstSkippableType = 64;

// Skippable extensions this reader knows (readers older than them skip them).
enum ExtensionType : uint32_t {
  kRegion = 64,
};

constexpr uint64_t kProcessExecReplaced = 1;  // Process flags bit
constexpr uint64_t kMetaRegionsOnly = 1;      // Meta flags bit
constexpr uint64_t kFunctionPython = 1;       // Function flags bit (revision 3)

}  // namespace pprof::prof_format
