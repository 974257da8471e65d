// Line-number tables of CPython code objects, decoded into address ranges: co_lnotab (<= 3.9),
// the 3.10 co_linetable and the 3.11+ location table (LineTableFormat in version_table.h).
//
// Units: every address in this API is in code units (_Py_CODEUNIT, 2 bytes), whatever the
// format stores: co_lnotab and the 3.10 co_linetable count bytes and are halved here (an odd
// byte address, only possible in a damaged table, is rounded down); the location table already
// counts code units. lasti is what the frame walker computes: f_lasti / 2 (<= 3.9), f_lasti
// (3.10), prev_instr - code (3.11, 3.12; -1 before the first instruction), instr_ptr - code
// (3.13).
//
// Robust against damaged input: the collector passes bytes copied out of a live process,
// possibly cut at a size cap. Decoding never reads outside [table, table + size); it stops at
// the first entry that does not fit and keeps the ranges decoded before it.
//
// Runs in the collector (allocates); the sampler never calls it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "python/version_table.h"

namespace pprof::python {

// Code units [start, end) have line `line`; -1 = no line (3.10 "-128", 3.11+ code 15).
struct LineRange {
  int32_t start;
  int32_t end;
  int32_t line;
};

// The first element is always {-1, 0, first_line}: a frame that has not started its first
// instruction (lasti -1) is on the definition line, as CPython's PyCode_Addr2Line (and so
// PyFrame_GetLineNumber) answers co_firstlineno for any negative address in every version
// 3.8 - 3.13. The ranges that follow are sorted, do not overlap and are not empty. Zero-length
// entries (line-delta carriers) are folded into the next range.
//
// Past the end of the table: the <= 3.9 co_lnotab does not say where the code ends, so its
// last range ends at kOpenEnd (CPython <= 3.9 answers the last line for any address past the
// last entry); the 3.10 and 3.11+ tables give each entry's length, and an address past them
// has no line (CPython's _PyCode_CheckLineNumber answers -1).
std::vector<LineRange> decodeLineTable(LineTableFormat format, const uint8_t* table,
                                       size_t size, int32_t first_line);

constexpr int32_t kOpenEnd = INT32_MAX;

// The line of code unit `lasti` (binary search), -1 when no range holds it. Any negative lasti
// is treated as -1 (the definition line, see decodeLineTable).
int32_t lineAt(const std::vector<LineRange>& ranges, int32_t lasti);

// decodeLineTable + lineAt, for one look-up.
int32_t lineForInstruction(LineTableFormat format, const uint8_t* table, size_t size,
                           int32_t first_line, int32_t lasti);

}  // namespace pprof::python
