// Views of Python frames: the recorded stack of a Python thread's sample is its native frames
// (leaf first) followed by its Python frames (leaf first; format/profile.h). The views rebuild
// what a reader wants to see from that:
//
//   native  the native frames alone (exactly what the unwinder saw)
//   python  the Python frames alone; a sample without Python frames (a C thread, a sample taken
//           before the interpreter started) keeps its native stack, so totals never change
//   mixed   (default) each _PyEval_EvalFrameDefault activation replaced by the Python frames it
//           runs, the interpreter's call machinery between them hidden (see interpreter_glue.h),
//           every other native frame (builtin_sorted, numpy's loops, time_sleep) kept in place
//
// Mixed merge. Eval frames: native locations whose outermost-line function is
// _PyEval_EvalFrameDefault or a compiler clone of it ("_PyEval_EvalFrameDefault.cold", ...).
// Python groups: the Python frames split after each kLocationPythonEntry frame (the first frame
// an eval activation ran); the outermost Python frame always closes a group. With E eval frames
// and G groups:
//   E == G       eval frame i (counted from the leaf) is replaced by group i
//   E == G + 1   aligned from the root: the leafmost activation has no frame of its own (it has
//                entered and not pushed it yet, or has popped it) and disappears
//   E < G and the native stack was cut at the root (kSampleTruncated or kSampleUnwindFailed):
//                aligned from the leaf, the groups left over go rootward of the native frames
//   otherwise    a merge failure: every native frame is kept (eval frames too) and all Python
//                frames go just leafward of the leafmost eval frame (rootward of everything when
//                there is none); counted in FrameViewStats::merge_failures, never dropped.
// Glue is hidden only in successful merges, only in the eval frames' own module (libpython or
// the python executable), and not at all when the stack has no eval frame. A stack without
// Python frames is kept as recorded in every view (a --no-python recording is not a failure).
//
// The output keeps metadata, processes, threads, modules, functions and locations index for
// index (so a FrameIndex of the input serves every view, frame ids stay the same) and only
// clears kLocationPython / kLocationPythonEntry on locations: the view's stacks are no longer in
// the recorded order that checkValid enforces for flagged locations. Function::language keeps
// telling Python from native. Stacks are computed once per distinct (stack, cut-at-root) pair,
// equal results share one stack, and samples are remapped to them. Pure; no I/O.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "format/profile.h"

namespace pprof::python {

enum class FrameView { kMixed, kPython, kNative };

// The leaf frame the mixed and python views give a wall-mode sample of a thread blocked waiting
// for the GIL (sample flag kSampleGilWait).
constexpr std::string_view kGilWaitFrame = "<waiting for the GIL>";

// "mixed", "python", "native".
const char* frameViewName(FrameView view);

// Parses one of the names above; the error is "expected mixed, python or native, got 'x'".
Result<FrameView> parseFrameView(const std::string& text);

struct FrameViewStats {
  uint64_t python_samples = 0;  // sample records whose recorded stack has Python frames
  uint64_t merge_failures = 0;  // sample records the mixed view could not merge (0 in others)
};

Profile applyFrameView(const Profile& profile, FrameView view, FrameViewStats* stats = nullptr);

// One stack in a view (leaf first). `cut_at_root`: the native part does not reach the
// thread's entry (the sample was flagged truncated or unwind-failed). `merge_failed` is set
// when the mixed merge failed (false otherwise).
std::vector<uint32_t> viewStack(const Profile& profile, const std::vector<uint32_t>& recorded, FrameView view,
                                bool cut_at_root, bool* merge_failed = nullptr);

// Whether any sampled stack holds a Python frame, or deterministic call statistics (cProfile)
// list a Python function: what --frames python needs.
bool hasPythonFrames(const Profile& profile);

// Whether a location is a recorded Python frame / an eval frame (by its outermost line).
bool isPythonLocation(const Profile& profile, uint32_t location);
bool isEvalFrameName(std::string_view name);

}  // namespace pprof::python
