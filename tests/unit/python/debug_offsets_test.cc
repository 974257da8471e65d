// The 3.13 row against a _Py_DebugOffsets block as the interpreter fills it (word positions of
// 3.13.0's pycore_runtime.h), a block that disagrees, and rows or memory that have none.
#include <gtest/gtest.h>

#include <cstring>

#include "python/debug_offsets.h"

namespace pprof::python {
namespace {

// What CPython 3.13.0 writes: the header's offsetof() values (cpython/pystate.h,
// internal/pycore_frame.h, cpython/code.h, object.h of 3.13.0).
void fill313(uint64_t* w) {
  memset(w, 0, kDebugOffsetsWords313 * 8);
  memcpy(w, "xdebugpy", 8);
  w[1] = 0x030d00f0;  // 3.13.0 final
  w[23] = 72;   // thread_state.current_frame
  w[25] = 160;  // thread_state.native_thread_id
  w[29] = 8;    // interpreter_frame.previous
  w[30] = 0;    // interpreter_frame.executable
  w[31] = 56;   // interpreter_frame.instr_ptr
  w[33] = 70;   // interpreter_frame.owner
  w[35] = 112;  // code_object.filename
  w[37] = 128;  // code_object.qualname
  w[38] = 136;  // code_object.linetable
  w[39] = 68;   // code_object.firstlineno
  w[43] = 200;  // code_object.co_code_adaptive
  w[45] = 8;    // pyobject.ob_type
}

TEST(DebugOffsets, The313RowMatchesWhatTheInterpreterStates) {
  uint64_t w[kDebugOffsetsWords313];
  fill313(w);
  const char* field = nullptr;
  EXPECT_EQ(checkDebugOffsets(w, *layoutFor(3, 13), 0x030d00f0, &field), DebugOffsetsCheck::kMatches) << field;
}

TEST(DebugOffsets, AMovedFieldOrAnotherReleaseIsNamed) {
  uint64_t w[kDebugOffsetsWords313];
  fill313(w);
  w[38] = 144;
  const char* field = nullptr;
  EXPECT_EQ(checkDebugOffsets(w, *layoutFor(3, 13), 0x030d00f0, &field), DebugOffsetsCheck::kMismatch);
  EXPECT_STREQ(field, "code_object.linetable");
  fill313(w);
  EXPECT_EQ(checkDebugOffsets(w, *layoutFor(3, 13), 0x030d01f0, &field), DebugOffsetsCheck::kMismatch);
  EXPECT_STREQ(field, "version");
}

TEST(DebugOffsets, FreeThreadedBuildsAreRecognised) {
  uint64_t w[kDebugOffsetsWords313];
  fill313(w);
  EXPECT_FALSE(debugOffsetsSayFreeThreaded(w));
  w[2] = 1;
  EXPECT_TRUE(debugOffsetsSayFreeThreaded(w));
  w[0] = 0;  // no debug offsets (before 3.13): not said
  EXPECT_FALSE(debugOffsetsSayFreeThreaded(w));
}

TEST(DebugOffsets, AbsentWithoutTheCookieOrBefore313) {
  uint64_t w[kDebugOffsetsWords313];
  fill313(w);
  const char* field = nullptr;
  EXPECT_EQ(checkDebugOffsets(w, *layoutFor(3, 12), 0x030c01f0, &field), DebugOffsetsCheck::kAbsent);
  w[0] = 0;
  EXPECT_EQ(checkDebugOffsets(w, *layoutFor(3, 13), 0x030d00f0, &field), DebugOffsetsCheck::kAbsent);
}

}  // namespace
}  // namespace pprof::python
