// The per-minor layout rows. Every number below was read with offsetof()/sizeof() from the
// real headers of that minor (C translation units compiled with -DPy_BUILD_CORE against
// <prefix>/include/python3.X, incl. internal/pycore_frame.h for 3.11+), x86_64, default
// non-debug GIL build; tests/unit/python/layout_probe.c repeats that comparison at test time for
// every header set installed, and layout_table_test.cc checks the frame and thread-state numbers
// against an independent derivation from py-spy's bindgen structs (src/python_bindings/v3_*.rs).
//
// Built without the C++ runtime (no allocation, no exceptions, no RTTI): the preloaded sampler
// links it and reads it from its signal handler.
#include "python/version_table.h"

namespace pprof::python {
namespace {

// 3.8 (headers of 3.8.18: cpython/pystate.h struct _ts, frameobject.h struct _frame, code.h
// PyCodeObject, cpython/unicodeobject.h, cpython/bytesobject.h). PyThreadState has no
// native_thread_id before 3.11 (0 here).
constexpr VersionLayout k38 = [] {
  VersionLayout l;
  l.minor = 8;
  l.tstate_frame = 24;  // _ts.frame
  l.cframe_current_frame = -1;
  l.tstate_native_thread_id = 0;
  l.frame_kind = FrameKind::kFrameObject;
  l.frame_code = 32;      // _frame.f_code
  l.frame_previous = 24;  // _frame.f_back
  l.frame_instr = 104;    // _frame.f_lasti (int, bytes)
  l.instr_kind = InstrKind::kLastiBytes;
  l.entry_kind = EntryKind::kEveryFrame;
  l.code_firstlineno = 40;
  l.code_filename = 104;
  l.code_name = 112;
  l.code_qualname = 0;
  l.code_linetable = 120;  // co_lnotab
  l.code_code = 48;        // co_code
  l.line_format = LineTableFormat::kLnotab;
  l.unicode_ascii_data = 48;    // sizeof(PyASCIIObject) (has wstr)
  l.unicode_compact_data = 72;  // sizeof(PyCompactUnicodeObject)
  return l;
}();

// 3.9 (headers of 3.9.18: cpython/pystate.h, cpython/frameobject.h, cpython/code.h): same
// numbers as 3.8 for every field read here.
constexpr VersionLayout k39 = [] {
  VersionLayout l = k38;
  l.minor = 9;
  return l;
}();

// 3.10 (headers of 3.10.13): f_lasti moved to 96 (f_stacktop replaced by int f_stackdepth) and
// counts code units; co_lnotab replaced by co_linetable at the same offset 120.
constexpr VersionLayout k310 = [] {
  VersionLayout l = k38;
  l.minor = 10;
  l.frame_instr = 96;  // _frame.f_lasti (int, code units)
  l.instr_kind = InstrKind::kLastiUnits;
  l.code_linetable = 120;  // co_linetable
  l.line_format = LineTableFormat::kLinetable310;
  return l;
}();

// 3.11 (headers of 3.11.7 and Debian's 3.11.2, identical: cpython/pystate.h _ts/_PyCFrame,
// internal/pycore_frame.h _PyInterpreterFrame, cpython/code.h, enum _frameowner).
constexpr VersionLayout k311 = [] {
  VersionLayout l;
  l.minor = 11;
  l.tstate_frame = 56;  // _ts.cframe
  l.cframe_current_frame = 8;  // _PyCFrame.current_frame (after use_tracing)
  l.tstate_native_thread_id = 160;
  l.frame_kind = FrameKind::kInterpreterFrame;
  l.frame_code = 32;      // f_code
  l.frame_previous = 48;  // previous
  l.frame_instr = 56;     // prev_instr
  l.instr_kind = InstrKind::kPrevInstr;
  l.entry_kind = EntryKind::kIsEntryByte;
  l.entry_offset = 68;  // is_entry (bool)
  l.owner_offset = 69;  // owner (char)
  l.owner_generator = 1;  // FRAME_OWNED_BY_GENERATOR
  l.owner_shim = 0;       // no FRAME_OWNED_BY_CSTACK in 3.11
  l.code_firstlineno = 72;
  l.code_filename = 112;
  l.code_name = 120;
  l.code_qualname = 128;
  l.code_linetable = 136;
  l.code_code = 0;
  l.code_units = 184;  // co_code_adaptive
  l.code_firsttraceable = 168;
  // offsetof(_PyRuntimeState, ceval.gil.cond) = 392, .mutex = 440, sizeof(pthread_mutex_t) 40
  // (internal/pycore_runtime.h of 3.11.2 and 3.11.7).
  l.runtime_gil_wait_begin = 392;
  l.runtime_gil_wait_end = 480;
  l.line_format = LineTableFormat::kLocations311;
  l.unicode_ascii_data = 48;
  l.unicode_compact_data = 72;
  return l;
}();

// 3.12 (headers of 3.12.1): _PyCFrame lost use_tracing (current_frame at 0); frame reordered
// (f_code first, return_offset before owner); is_entry replaced by the shim frame that
// _PyEval_EvalFrameDefault pushes (entry_frame.owner = FRAME_OWNED_BY_CSTACK = 3, f_code = the
// interpreter trampoline: Python/ceval.c); PyASCIIObject lost wstr (data at 40).
constexpr VersionLayout k312 = [] {
  VersionLayout l = k311;
  l.minor = 12;
  l.tstate_frame = 56;  // _ts.cframe
  l.cframe_current_frame = 0;
  l.tstate_native_thread_id = 144;
  l.frame_code = 0;       // f_code
  l.frame_previous = 8;   // previous
  l.frame_instr = 56;     // prev_instr
  l.instr_kind = InstrKind::kPrevInstr;
  l.entry_kind = EntryKind::kShimFrame;
  l.entry_offset = 0;
  l.owner_offset = 70;
  l.owner_generator = 1;
  l.owner_shim = 3;  // FRAME_OWNED_BY_CSTACK
  l.code_firstlineno = 68;
  l.code_filename = 112;
  l.code_name = 120;
  l.code_qualname = 128;
  l.code_linetable = 136;
  l.code_units = 192;
  l.code_firsttraceable = 176;
  l.unicode_ascii_data = 40;
  l.unicode_compact_data = 56;
  return l;
}();

// 3.13 (headers of 3.13.0, Py_GIL_DISABLED undefined): _PyCFrame removed, current_frame in the
// thread state; f_executable (a code object, or Py_None for the shim: ceval.c sets
// entry_frame.f_executable = Py_None, owner = FRAME_OWNED_BY_CSTACK); instr_ptr is the
// instruction executing or about to begin (LASTI = instr_ptr - code units, never -1).
constexpr VersionLayout k313 = [] {
  VersionLayout l = k312;
  l.minor = 13;
  l.tstate_frame = 72;  // _ts.current_frame
  l.cframe_current_frame = -1;
  l.tstate_native_thread_id = 160;
  l.frame_code = 0;      // f_executable
  l.frame_previous = 8;  // previous
  l.frame_instr = 56;    // instr_ptr
  l.instr_kind = InstrKind::kInstrPtr;
  l.owner_offset = 70;
  l.owner_shim = 3;
  l.code_units = 200;
  l.code_firsttraceable = 184;
  return l;
}();

constexpr VersionLayout kRows[] = {k38, k39, k310, k311, k312, k313};
constexpr uint32_t kRowCount = sizeof(kRows) / sizeof(kRows[0]);

static_assert(kRows[0].minor == 8 && kRows[kRowCount - 1].minor == 13, "rows 3.8 .. 3.13");

}  // namespace

const VersionLayout* layoutFor(uint32_t major, uint32_t minor) {
  for (uint32_t i = 0; i < kRowCount; ++i) {
    if (kRows[i].major == major && kRows[i].minor == minor) return &kRows[i];
  }
  return nullptr;
}

const VersionLayout* allLayouts(uint32_t* count) {
  if (count != nullptr) *count = kRowCount;
  return kRows;
}

}  // namespace pprof::python
