// Where a complete native stack ends. An unwinder that stops early (no unwind info, a frame
// pointer used as a general register, a corrupt stack) leaves a stack whose outermost frame is
// some function in the middle of the program; its time would silently be charged to the wrong
// callers. A complete stack ends in the thread's entry: `_start` for the main thread,
// `clone`/`clone3` for the others (glibc marks both as the end of the stack in their CFI).
//
// Constraints: pure; names are the symbolizer's (demangled, no version suffix).
#pragma once

#include <string_view>

namespace pprof {

enum class StackEnd {
  kThreadEntry,  // _start, clone, clone3 (and their glibc aliases)
  kUnknown,      // unsymbolized ("libfoo.so+0x12"): cannot tell, never counted as cut
  kCut,          // a real function that is not a thread entry: the unwind stopped early
};

// Classifies the outermost frame's function name.
StackEnd classifyStackEnd(std::string_view outermost_function);

}  // namespace pprof
