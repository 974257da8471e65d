// The version table against numbers derived by hand, independently of the offsetof() probes,
// from py-spy's bindgen output of each minor's real headers (benfred/py-spy,
// src/python_bindings/v3_8_0.rs, v3_10_0.rs, v3_11_0.rs, v3_12_0.rs, v3_13_0.rs: the struct
// field lists, summed with x86_64 sizes and alignment below; those files carry no layout
// assertions) and CPython's headers/ceval.c for the enum values. 3.9 has the same structs
// as 3.8 for every field read here (py-spy v3_9_5.rs; the 3.9.18 headers, see
// layout_headers_test.cc).
#include <gtest/gtest.h>

#include "python/version_table.h"

namespace pprof::python {
namespace {

struct Expected {
  uint32_t minor;
  uint16_t tstate_frame;
  int16_t cframe_current_frame;
  uint16_t native_thread_id;
  uint16_t frame_code, frame_previous, frame_instr;
  uint16_t entry_offset, owner_offset;
  uint8_t owner_shim;
  uint16_t firstlineno, filename, name, qualname, linetable, code, units, firsttraceable;
  uint16_t ascii_data, compact_data;
};

// clang-format off
const Expected kExpected[] = {
  // 3.8 / 3.9. _ts: prev 0, next 8, interp 16, frame 24 (no native_thread_id before 3.11).
  // _frame: ob_base PyVarObject 0..24, f_back 24, f_code 32, f_builtins 40, f_globals 48,
  // f_locals 56, f_valuestack 64, f_stacktop 72, f_trace 80, f_trace_lines 88,
  // f_trace_opcodes 89, f_gen 96, f_lasti 104.
  // PyCodeObject: ob_base 0..16, 7 ints co_argcount..co_firstlineno 16..44 (firstlineno 40),
  // co_code 48, consts 56, names 64, varnames 72, freevars 80, cellvars 88, cell2arg 96,
  // co_filename 104, co_name 112, co_lnotab 120 (also austin src/python/code.h, see the
  // research report 2.1). PyASCIIObject: ob_base 16, length 16, hash 24, state 32, wstr 40 ->
  // sizeof 48; PyCompactUnicodeObject + utf8_length 48, utf8 56, wstr_length 64 -> 72.
  {8, 24, -1, 0, 32, 24, 104, 0, 0, 0, 40, 104, 112, 0, 120, 48, 0, 0, 48, 72},
  {9, 24, -1, 0, 32, 24, 104, 0, 0, 0, 40, 104, 112, 0, 120, 48, 0, 0, 48, 72},
  // 3.10. _frame: ... f_valuestack 64, f_trace 72, f_stackdepth (int) 80, f_trace_lines 84,
  // f_trace_opcodes 85, f_gen 88, f_lasti 96. PyCodeObject as 3.8 with co_linetable at 120.
  {10, 24, -1, 0, 32, 24, 96, 0, 0, 0, 40, 104, 112, 0, 120, 48, 0, 0, 48, 72},
  // 3.11. _ts: prev 0, next 8, interp 16, 6 ints 24..48 (_initialized .. tracing_what),
  // cframe 56, 4 trace pointers 64..88, curexc_type/value/traceback 96..112, exc_info 120,
  // dict 128, gilstate_counter 136, async_exc 144, thread_id 152, native_thread_id 160.
  // _PyCFrame: use_tracing (u8) 0, current_frame 8. _PyInterpreterFrame: f_func 0,
  // f_globals 8, f_builtins 16, f_locals 24, f_code 32, frame_obj 40, previous 48,
  // prev_instr 56, stacktop 64, is_entry 68, owner 69. PyCodeObject: ob_base PyVarObject
  // 0..24, consts 24, names 32, exceptiontable 40, flags 48, co_warmup 52 (short),
  // _co_linearray_entry_size 54, argcount 56, posonly 60, kwonly 64, stacksize 68,
  // firstlineno 72, 5 ints 76..96, localsplusnames 96, localspluskinds 104, filename 112,
  // name 120, qualname 128, linetable 136, weakreflist 144, _co_code 152, _co_linearray 160,
  // _co_firsttraceable 168, co_extra 176, co_code_adaptive 184. Strings as 3.8.
  {11, 56, 8, 160, 32, 48, 56, 68, 69, 0, 72, 112, 120, 128, 136, 0, 184, 168, 48, 72},
  // 3.12. _ts: prev, next, interp, _status (4-byte bit field) 24, 6 ints 28..52, cframe 56,
  // 4 trace pointers 64..88, current_exception 96, exc_info 104, dict 112,
  // gilstate_counter 120, async_exc 128, thread_id 136, native_thread_id 144.
  // _PyCFrame: current_frame 0, previous 8. _PyInterpreterFrame: f_code 0, previous 8,
  // f_funcobj 16, f_globals 24, f_builtins 32, f_locals 40, frame_obj 48, prev_instr 56,
  // stacktop 64, return_offset (u16) 68, owner 70. FRAME_OWNED_BY_CSTACK = 3
  // (internal/pycore_frame.h enum _frameowner; ceval.c: entry_frame.owner).
  // PyCodeObject: consts 24, names 32, exceptiontable 40, 10 ints flags .. nfreevars 48..88
  // (firstlineno 68), co_version (u32) 92, localsplusnames 96, kinds 104, filename 112,
  // name 120, qualname 128, linetable 136, weakreflist 144, _co_cached 152,
  // _co_instrumentation_version 160, _co_monitoring 168, _co_firsttraceable 176,
  // co_extra 184, co_code_adaptive 192. PyASCIIObject without wstr: sizeof 40;
  // PyCompactUnicodeObject + utf8_length 40, utf8 48 -> 56.
  {12, 56, 0, 144, 0, 8, 56, 0, 70, 3, 68, 112, 120, 128, 136, 0, 192, 176, 40, 56},
  // 3.13. _ts: prev, next, interp, eval_breaker 24, _status 32, _whence 36, state 40,
  // 6 ints 44..68, current_frame 72, 4 trace pointers 80..104, current_exception 112,
  // exc_info 120, dict 128, gilstate_counter 136, async_exc 144, thread_id 152,
  // native_thread_id 160. _PyInterpreterFrame: f_executable 0, previous 8, ... instr_ptr 56,
  // stacktop 64, return_offset 68, owner 70. PyCodeObject as 3.12 up to weakreflist 144, then
  // co_executors 152, _co_cached 160, _co_instrumentation_version 168, _co_monitoring 176,
  // _co_firsttraceable 184, co_extra 192, co_code_adaptive 200.
  {13, 72, -1, 160, 0, 8, 56, 0, 70, 3, 68, 112, 120, 128, 136, 0, 200, 184, 40, 56},
};
// clang-format on

TEST(LayoutTable, EveryRowMatchesTheBindgenDerivation) {
  int compared = 0;
  for (const Expected& e : kExpected) {
    SCOPED_TRACE(testing::Message() << "3." << e.minor);
    const VersionLayout* l = layoutFor(3, e.minor);
    ASSERT_NE(l, nullptr);
    EXPECT_EQ(l->major, 3u);
    EXPECT_EQ(l->minor, e.minor);
    EXPECT_EQ(l->tstate_frame, e.tstate_frame);
    EXPECT_EQ(l->cframe_current_frame, e.cframe_current_frame);
    EXPECT_EQ(l->tstate_native_thread_id, e.native_thread_id);
    EXPECT_EQ(l->frame_code, e.frame_code);
    EXPECT_EQ(l->frame_previous, e.frame_previous);
    EXPECT_EQ(l->frame_instr, e.frame_instr);
    EXPECT_EQ(l->entry_offset, e.entry_offset);
    EXPECT_EQ(l->owner_offset, e.owner_offset);
    EXPECT_EQ(l->owner_shim, e.owner_shim);
    EXPECT_EQ(l->code_firstlineno, e.firstlineno);
    EXPECT_EQ(l->code_filename, e.filename);
    EXPECT_EQ(l->code_name, e.name);
    EXPECT_EQ(l->code_qualname, e.qualname);
    EXPECT_EQ(l->code_linetable, e.linetable);
    EXPECT_EQ(l->code_code, e.code);
    EXPECT_EQ(l->code_units, e.units);
    EXPECT_EQ(l->code_firsttraceable, e.firsttraceable);
    EXPECT_EQ(l->unicode_ascii_data, e.ascii_data);
    EXPECT_EQ(l->unicode_compact_data, e.compact_data);
    // The same in every version: PyObject ob_type 8; PyBytesObject = PyVarObject (ob_size 16)
    // + ob_shash 24 -> ob_sval 32; PyASCIIObject length 16, state 32 (after hash 24).
    EXPECT_EQ(l->object_type, 8);
    EXPECT_EQ(l->bytes_size, 16);
    EXPECT_EQ(l->bytes_data, 32);
    EXPECT_EQ(l->unicode_length, 16);
    EXPECT_EQ(l->unicode_state, 32);
    compared += 25;
  }
  std::printf("%d numbers compared over %zu versions\n", compared, std::size(kExpected));
}

TEST(LayoutTable, KindsPerVersion) {
  struct Kinds {
    uint32_t minor;
    FrameKind frame;
    InstrKind instr;
    EntryKind entry;
    LineTableFormat lines;
    uint8_t owner_generator;
  };
  // ceval.c / pycore_frame.h of each version (research report 2.1): <= 3.10 one C
  // activation per frame, f_lasti in bytes (<= 3.9) or code units (3.10); 3.11 is_entry;
  // 3.12+ shim frames; 3.13 instr_ptr. FRAME_OWNED_BY_GENERATOR = 1 (3.11+).
  const Kinds kinds[] = {
      {8, FrameKind::kFrameObject, InstrKind::kLastiBytes, EntryKind::kEveryFrame, LineTableFormat::kLnotab, 0},
      {9, FrameKind::kFrameObject, InstrKind::kLastiBytes, EntryKind::kEveryFrame, LineTableFormat::kLnotab, 0},
      {10, FrameKind::kFrameObject, InstrKind::kLastiUnits, EntryKind::kEveryFrame, LineTableFormat::kLinetable310, 0},
      {11, FrameKind::kInterpreterFrame, InstrKind::kPrevInstr, EntryKind::kIsEntryByte, LineTableFormat::kLocations311, 1},
      {12, FrameKind::kInterpreterFrame, InstrKind::kPrevInstr, EntryKind::kShimFrame, LineTableFormat::kLocations311, 1},
      {13, FrameKind::kInterpreterFrame, InstrKind::kInstrPtr, EntryKind::kShimFrame, LineTableFormat::kLocations311, 1},
  };
  for (const Kinds& k : kinds) {
    SCOPED_TRACE(testing::Message() << "3." << k.minor);
    const VersionLayout* l = layoutFor(3, k.minor);
    ASSERT_NE(l, nullptr);
    EXPECT_EQ(l->frame_kind, k.frame);
    EXPECT_EQ(l->instr_kind, k.instr);
    EXPECT_EQ(l->entry_kind, k.entry);
    EXPECT_EQ(l->line_format, k.lines);
    EXPECT_EQ(l->owner_generator, k.owner_generator);
  }
}

TEST(LayoutTable, OnlyThreeEightToThreeThirteen) {
  EXPECT_EQ(layoutFor(3, 7), nullptr);
  EXPECT_EQ(layoutFor(3, 14), nullptr);
  EXPECT_EQ(layoutFor(2, 7), nullptr);
  EXPECT_EQ(layoutFor(4, 8), nullptr);
  uint32_t count = 0;
  const VersionLayout* rows = allLayouts(&count);
  ASSERT_EQ(count, 6u);
  for (uint32_t i = 0; i < count; ++i) {
    EXPECT_EQ(rows[i].major, 3u);
    EXPECT_EQ(rows[i].minor, 8u + i);
    EXPECT_EQ(layoutFor(3, 8 + i), &rows[i]);
  }
  EXPECT_EQ(allLayouts(nullptr), rows);
}

}  // namespace
}  // namespace pprof::python
