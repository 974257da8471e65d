// CPython 3.13's _Py_DebugOffsets (the first member of _PyRuntime, cookie "xdebugpy"): the
// interpreter's own statement of the offsets a debugger needs. When present, the layout row is
// checked against it, so a patch release that moved a field is caught instead of read wrongly.
//
// The field positions (in 64-bit words from the start) are 3.13's (Include/internal/
// pycore_runtime.h of 3.13.0, checked with offsetof); 3.14 moved them, so only 3.13 rows are
// checked. Pure; no allocation (runs in the sampler's start-up).
#pragma once

#include <cstdint>

#include "python/version_table.h"

namespace pprof::python {

constexpr uint32_t kDebugOffsetsWords313 = 46;  // words read: up to pyobject.ob_type

// `words`: the first 3 words of _PyRuntime. True when they are _Py_DebugOffsets (3.13+: cookie,
// version, free_threaded) of a free-threaded build, whose layouts no row describes.
bool debugOffsetsSayFreeThreaded(const uint64_t* words);

enum class DebugOffsetsCheck { kAbsent, kMatches, kMismatch };

// `words`: the first kDebugOffsetsWords313 words of _PyRuntime. kAbsent when the cookie is not
// there or the row is not 3.13; kMismatch names the first field that differs in `*field`.
DebugOffsetsCheck checkDebugOffsets(const uint64_t* words, const VersionLayout& layout, uint32_t version_hex,
                                    const char** field);

}  // namespace pprof::python
