#include "python/debug_offsets.h"

#include <cstring>

namespace pprof::python {
namespace {

struct Expected {
  const char* name;
  uint32_t word;
  uint64_t value;
};

}  // namespace

bool debugOffsetsSayFreeThreaded(const uint64_t* words) {
  return memcmp(words, "xdebugpy", 8) == 0 && words[2] != 0;
}

DebugOffsetsCheck checkDebugOffsets(const uint64_t* words, const VersionLayout& L, uint32_t version_hex,
                                    const char** field) {
  *field = "";
  if (L.major != 3 || L.minor != 13 || memcmp(words, "xdebugpy", 8) != 0) return DebugOffsetsCheck::kAbsent;
  const Expected expected[] = {
      {"version", 1, version_hex},  // PY_VERSION_HEX: the same release as Py_Version
      {"thread_state.current_frame", 23, L.tstate_frame},
      {"thread_state.native_thread_id", 25, L.tstate_native_thread_id},
      {"interpreter_frame.previous", 29, L.frame_previous},
      {"interpreter_frame.executable", 30, L.frame_code},
      {"interpreter_frame.instr_ptr", 31, L.frame_instr},
      {"interpreter_frame.owner", 33, L.owner_offset},
      {"code_object.filename", 35, L.code_filename},
      {"code_object.qualname", 37, L.code_qualname},
      {"code_object.linetable", 38, L.code_linetable},
      {"code_object.firstlineno", 39, L.code_firstlineno},
      {"code_object.co_code_adaptive", 43, L.code_units},
      {"pyobject.ob_type", 45, L.object_type},
  };
  for (const Expected& e : expected) {
    if (words[e.word] != e.value) {
      *field = e.name;
      return DebugOffsetsCheck::kMismatch;
    }
  }
  return DebugOffsetsCheck::kMatches;
}

}  // namespace pprof::python
