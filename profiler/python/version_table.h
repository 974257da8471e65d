// Per-version layout of the CPython structures the Python frame walker reads: thread state,
// frames, code objects, str and bytes objects. One row per minor version, 3.8 to 3.13; any
// other version is refused (layoutFor returns nullptr) and the process is sampled natively.
//
// Pure data, usable inside the sampler's signal handler (no allocation, no locks): the table
// is constexpr and layoutFor() is a loop over it.
//
// Where CPython exposes a number at run time it wins over the table: code object offsets come
// from PyCode_Type.tp_members and the code units' base from PyCode_Type.tp_basicsize (3.11+),
// see runtime_layout.h; 3.13's _Py_DebugOffsets are cross-checked when present. The table's
// code offsets are the fallback and what the unit tests compare against each version's headers.
#pragma once

#include <cstdint>

namespace pprof::python {

// How a thread state leads to its innermost frame.
enum class FrameKind : uint8_t {
  kFrameObject = 1,       // 3.8-3.10: tstate->frame is a PyFrameObject*, linked by f_back
  kInterpreterFrame = 2,  // 3.11+: _PyInterpreterFrame on the thread's data stack, by previous
};

// Which Python frames start a new native _PyEval_EvalFrameDefault activation (the merge rule:
// one eval activation runs the Python frames from its innermost down to its entry frame).
enum class EntryKind : uint8_t {
  kEveryFrame = 1,   // <= 3.10: each Python call recurses in C, every frame is an entry
  kIsEntryByte = 2,  // 3.11: frame->is_entry (bool at entry_offset)
  kShimFrame = 3,    // 3.12+: a shim frame (owner == shim_owner at owner_offset) sits below
                     // each activation's first frame; the frame just inside it is the entry
};

// What the frame's instruction field holds, and how it becomes lasti in code units.
enum class InstrKind : uint8_t {
  kLastiBytes = 1,      // <= 3.9: int f_lasti, a byte offset (-1 before the first instruction)
  kLastiUnits = 2,      // 3.10: int f_lasti, in code units
  kPrevInstr = 3,       // 3.11, 3.12: _Py_CODEUNIT* prev_instr, the last started instruction
  kInstrPtr = 4,        // 3.13: _Py_CODEUNIT* instr_ptr, the executing one (no -1)
};

enum class LineTableFormat : uint8_t {
  kLnotab = 1,     // <= 3.9: co_lnotab (byte-offset delta, signed line delta) pairs
  kLinetable310 = 2,  // 3.10: co_linetable (byte-offset delta, line delta, -128 = no line)
  kLocations311 = 3,  // 3.11+: the location table (Objects/locations.md)
};

struct VersionLayout {
  uint32_t major = 3;
  uint32_t minor = 0;

  // Thread state (PyThreadState) -> innermost frame.
  uint16_t tstate_frame = 0;        // offset of frame (<=3.10), cframe (3.11, 3.12) or current_frame (3.13)
  int16_t cframe_current_frame = -1;  // offset of current_frame inside _PyCFrame; -1 if no cframe hop
  uint16_t tstate_native_thread_id = 0;  // unsigned long native_thread_id (3.11+; 0 = none: the
                                         // field was added to PyThreadState in 3.11); attach uses it

  // Frames.
  FrameKind frame_kind = FrameKind::kInterpreterFrame;
  uint16_t frame_code = 0;       // f_code / f_executable
  uint16_t frame_previous = 0;   // f_back / previous
  uint16_t frame_instr = 0;      // f_lasti (int) / prev_instr / instr_ptr (pointer)
  InstrKind instr_kind = InstrKind::kPrevInstr;
  EntryKind entry_kind = EntryKind::kIsEntryByte;
  uint16_t entry_offset = 0;     // is_entry (3.11); unused otherwise
  uint16_t owner_offset = 0;     // owner (3.11+); 0 for <= 3.10
  uint8_t owner_generator = 0;   // FRAME_OWNED_BY_GENERATOR (3.11+)
  uint8_t owner_shim = 0;        // FRAME_OWNED_BY_CSTACK (3.12+); 0 when there is none

  // Code objects (PyCodeObject). Fallbacks: runtime_layout.h reads these from tp_members.
  uint16_t code_firstlineno = 0;
  uint16_t code_filename = 0;
  uint16_t code_name = 0;
  uint16_t code_qualname = 0;    // 0 before 3.11 (no co_qualname: co_name is used)
  uint16_t code_linetable = 0;   // co_lnotab (<= 3.9) / co_linetable
  uint16_t code_code = 0;        // <= 3.10: co_code (a bytes object); 0 from 3.11
  uint16_t code_units = 0;       // 3.11+: co_code_adaptive (= PyCode_Type.tp_basicsize)
  uint16_t code_firsttraceable = 0;  // 3.11+: _co_firsttraceable (int); frames before it are incomplete
  LineTableFormat line_format = LineTableFormat::kLocations311;

  // str (PyASCIIObject / PyCompactUnicodeObject) and bytes (PyBytesObject).
  uint16_t unicode_length = 16;     // Py_ssize_t length
  uint16_t unicode_state = 32;      // bit field: interned:2 kind:3 compact:1 ascii:1 ...
  uint16_t unicode_ascii_data = 0;  // sizeof(PyASCIIObject): compact ASCII data
  uint16_t unicode_compact_data = 0;  // sizeof(PyCompactUnicodeObject): compact non-ASCII data
  uint16_t bytes_size = 16;         // ob_size
  uint16_t bytes_data = 32;         // ob_sval

  // Generic object header: ob_type (the walker checks code objects' type).
  uint16_t object_type = 8;

  // Where in _PyRuntime a thread waiting for the GIL blocks: [begin, end) covers gil.cond and
  // gil.mutex, the futexes of take_gil. 0/0 where the GIL is not in _PyRuntime (3.12+: per
  // interpreter) or not checked; wall mode then cannot tell a GIL wait from other waits.
  uint16_t runtime_gil_wait_begin = 0;
  uint16_t runtime_gil_wait_end = 0;
};

// The row for version major.minor, or nullptr when the version is not supported.
const VersionLayout* layoutFor(uint32_t major, uint32_t minor);

// Every row, oldest first (for tests and documentation).
const VersionLayout* allLayouts(uint32_t* count);

}  // namespace pprof::python
