// Walks one thread's Python frames from its thread state, innermost first, into packed frame
// words (wire::PythonFrameWord: code object address, lasti, entry bit).
//
// Shared by the sampler's signal handler (reading its own thread's memory directly, under the
// sampler's fault guard) and by anything reading another process (through a Memory that copies
// with process_vm_readv). So: header-only, no allocation, no locks, no exceptions, no calls but
// into `Memory`; every pointer read is checked for plausibility before it is followed, and every
// code object's type is checked against PyCode_Type, so a torn or foreign chain ends the walk
// (kPythonBroken) instead of producing names from garbage.
//
// Memory must provide: bool u64(uint64_t addr, uint64_t* out), bool u8(uint64_t addr, uint8_t*
// out) and bool i32(uint64_t addr, int32_t* out); false = unreadable.
#pragma once

#include <cstdint>

#include "python/version_table.h"
#include "wire/wire.h"

namespace pprof::python {

// What the walker needs beyond the version's row: numbers read from the running interpreter.
struct RuntimeLayout {
  const VersionLayout* layout = nullptr;
  uint64_t code_type = 0;        // &PyCode_Type
  // Code object fields, from PyCode_Type.tp_members where CPython lists them (the table's
  // values otherwise), and the code units' base (tp_basicsize, 3.11+).
  uint16_t code_firstlineno = 0;
  uint16_t code_filename = 0;
  uint16_t code_name = 0;        // co_qualname from 3.11, co_name before
  uint16_t code_linetable = 0;
  uint16_t code_units = 0;
  uint16_t code_firsttraceable = 0;
};

inline bool plausiblePointer(uint64_t p) { return p >= 4096 && p < (1ull << 47) && (p & 7) == 0; }

// Called for each code object the walk records (once per frame); lets the caller copy the code
// object's names on first sight while the frame still holds a reference to it.
struct NoCodeCallback {
  void operator()(uint64_t) const {}
};

// Returns the number of words written to `words` (at most `capacity`); `flags` gets
// wire::PythonSectionFlags.
template <class Memory, class OnCode = NoCodeCallback>
int walkPythonFrames(const RuntimeLayout& rt, uint64_t tstate, Memory& memory, uint64_t* words,
                     int capacity, uint32_t* flags, OnCode&& on_code = OnCode()) {
  const VersionLayout& L = *rt.layout;
  *flags = 0;
  uint64_t frame = 0;
  if (!memory.u64(tstate + L.tstate_frame, &frame)) return *flags = wire::kPythonBroken, 0;
  if (L.cframe_current_frame >= 0) {
    const uint64_t cframe = frame;
    if (cframe == 0) return 0;
    if (!plausiblePointer(cframe) || !memory.u64(cframe + L.cframe_current_frame, &frame))
      return *flags = wire::kPythonBroken, 0;
  }
  int n = 0;
  for (int steps = 0; frame != 0; ++steps) {
    if (!plausiblePointer(frame) || steps > 4 * static_cast<int>(wire::kMaxPythonFrames)) {
      *flags |= wire::kPythonBroken;
      break;
    }
    uint64_t code = 0, previous = 0;
    if (!memory.u64(frame + L.frame_code, &code) || !memory.u64(frame + L.frame_previous, &previous)) {
      *flags |= wire::kPythonBroken;
      break;
    }
    uint8_t owner = 0;
    if (L.frame_kind == FrameKind::kInterpreterFrame && !memory.u8(frame + L.owner_offset, &owner)) {
      *flags |= wire::kPythonBroken;
      break;
    }
    if (L.entry_kind == EntryKind::kShimFrame && owner == L.owner_shim) {
      // 3.12+: the shim below an eval activation's first frame; that frame (the one written
      // last, just inside the shim) is the activation's entry.
      if (n > 0) words[n - 1] |= 1;
      frame = previous;
      continue;
    }
    uint64_t type = 0;
    if (!plausiblePointer(code) || !memory.u64(code + L.object_type, &type)) {
      *flags |= wire::kPythonBroken;
      break;
    }
    if (type != rt.code_type) {
      // 3.13's C-entered frames hold a non-code f_executable (None); anything else is a torn read.
      if (L.minor < 13) {
        *flags |= wire::kPythonBroken;
        break;
      }
      frame = previous;
      continue;
    }
    int64_t lasti = -1;
    bool entry = L.entry_kind == EntryKind::kEveryFrame;
    if (L.frame_kind == FrameKind::kFrameObject) {
      int32_t f_lasti = -1;
      if (!memory.i32(frame + L.frame_instr, &f_lasti)) {
        *flags |= wire::kPythonBroken;
        break;
      }
      lasti = L.instr_kind == InstrKind::kLastiBytes && f_lasti >= 0 ? f_lasti / 2 : f_lasti;
    } else {
      uint64_t instr = 0;
      if (!memory.u64(frame + L.frame_instr, &instr)) {
        *flags |= wire::kPythonBroken;
        break;
      }
      const uint64_t base = code + rt.code_units;
      lasti = instr >= base ? static_cast<int64_t>((instr - base) / 2) : -1;
      // A frame whose function has not reached its first traceable instruction is still being
      // set up (CPython's _PyFrame_IsIncomplete); tracebacks skip it, so do we.
      if (owner != L.owner_generator && rt.code_firsttraceable != 0) {
        int32_t first_traceable = 0;
        if (memory.i32(code + rt.code_firsttraceable, &first_traceable) && lasti < first_traceable) {
          frame = previous;
          continue;
        }
      }
      if (L.entry_kind == EntryKind::kIsEntryByte) {
        uint8_t is_entry = 0;
        if (!memory.u8(frame + L.entry_offset, &is_entry)) {
          *flags |= wire::kPythonBroken;
          break;
        }
        entry = is_entry != 0;
      }
    }
    if (n == capacity) {
      *flags |= wire::kPythonCut;
      break;
    }
    on_code(code);
    words[n++] = wire::PythonFrameWord::make(code, lasti, entry);
    frame = previous;
  }
  return n;
}

}  // namespace pprof::python
