#include "python/line_table.h"

#include <algorithm>

namespace pprof::python {
namespace {

// Appends [start, end) with `line`, merging it into the previous range when it continues it
// with the same line. Empty or backwards ranges (damaged tables) are dropped.
void addRange(std::vector<LineRange>& out, int64_t start, int64_t end, int32_t line) {
  if (end > kOpenEnd) end = kOpenEnd;
  if (start < 0 || end <= start) return;
  if (!out.empty()) {
    LineRange& last = out.back();
    if (start < last.end) return;  // cannot happen for valid input; keep the vector sorted
    if (last.end == start && last.line == line && last.start >= 0) {
      last.end = static_cast<int32_t>(end);
      return;
    }
  }
  out.push_back({static_cast<int32_t>(start), static_cast<int32_t>(end), line});
}

// <= 3.9 co_lnotab (Objects/lnotab_notes.txt of 3.8/3.9): (addr_incr unsigned byte,
// line_incr signed byte) pairs. The line at byte address A is co_firstlineno plus the
// line_incr of every pair whose running address (after adding its addr_incr) is <= A, i.e. a
// step function changing at each running address. A trailing odd byte is ignored.
void decodeLnotab(std::vector<LineRange>& out, const uint8_t* t, size_t size, int32_t first) {
  int64_t addr = 0;   // bytes
  int64_t start = 0;  // bytes: start of the current step
  int64_t line = first;
  for (size_t i = 0; i + 1 < size; i += 2) {
    int64_t next = addr + t[i];
    if (next > start) {
      addRange(out, start / 2, next / 2, static_cast<int32_t>(line));
      start = next;
    }
    addr = next;
    line += static_cast<int8_t>(t[i + 1]);
  }
  addRange(out, start / 2, kOpenEnd, static_cast<int32_t>(line));
}

// 3.10 co_linetable (3.10's Objects/lnotab_notes.txt; codeobject.c advance()): (length in
// bytes unsigned, line delta signed) pairs; each covers `length` bytes from the end of the
// previous one; a line delta of -128 means no line and leaves the running line unchanged;
// zero-length entries only carry their line delta.
void decodeLinetable310(std::vector<LineRange>& out, const uint8_t* t, size_t size,
                        int32_t first) {
  int64_t end = 0;  // bytes
  int64_t line = first;
  for (size_t i = 0; i + 1 < size; i += 2) {
    int64_t start = end;
    end = start + t[i];
    int8_t delta = static_cast<int8_t>(t[i + 1]);
    int32_t entry_line = -1;
    if (delta != -128) {
      line += delta;
      entry_line = static_cast<int32_t>(line);
    }
    addRange(out, start / 2, end / 2, entry_line);
  }
}

// 3.11+ location table (Objects/locations.md; codeobject.c advance()/get_line_delta()).
// Reads a varint at t[*pos], advancing *pos; false when it runs off the table or overflows.
bool readVarint(const uint8_t* t, size_t size, size_t* pos, uint32_t* value) {
  uint32_t result = 0;
  for (unsigned shift = 0; shift < 32; shift += 6) {
    if (*pos >= size) return false;
    uint8_t b = t[(*pos)++];
    result |= static_cast<uint32_t>(b & 63) << shift;
    if ((b & 64) == 0) {
      *value = result;
      return true;
    }
  }
  return false;
}

bool readSignedVarint(const uint8_t* t, size_t size, size_t* pos, int32_t* value) {
  uint32_t u = 0;
  if (!readVarint(t, size, pos, &u)) return false;
  *value = (u & 1) ? -static_cast<int32_t>(u >> 1) : static_cast<int32_t>(u >> 1);
  return true;
}

void decodeLocations311(std::vector<LineRange>& out, const uint8_t* t, size_t size,
                        int32_t first) {
  int64_t end = 0;  // code units
  int64_t line = first;
  size_t pos = 0;
  while (pos < size) {
    // First byte: 1 CCCC LLL (code, length - 1). Like CPython, whatever byte sits where an
    // entry starts is taken as its first byte.
    uint8_t head = t[pos++];
    int code = (head >> 3) & 15;
    int64_t length = (head & 7) + 1;
    int32_t delta = 0;
    bool has_line = true;
    if (code == 15) {
      has_line = false;  // no location
    } else if (code == 13 || code == 14) {
      // 13 no columns, 14 long form: the line delta is the svarint right after the head (14
      // goes on with end-line delta, column, end column, which lines do not need).
      size_t p = pos;
      if (!readSignedVarint(t, size, &p, &delta)) return;  // cut inside the delta
    } else if (code >= 10) {
      delta = code - 10;  // one-line forms 10-12 (then two column bytes)
    }  // 0-9 short forms: same line (then one column byte)
    // The next entry starts at the next byte with bit 7 set, as in CPython's advance(): column
    // and varint bytes never have it. A table cut inside an entry's column bytes keeps that
    // entry (its line is known from the head and the delta).
    while (pos < size && (t[pos] & 128) == 0) ++pos;
    line += delta;
    int64_t start = end;
    end = start + length;
    addRange(out, start, end, has_line ? static_cast<int32_t>(line) : -1);
  }
}

}  // namespace

std::vector<LineRange> decodeLineTable(LineTableFormat format, const uint8_t* table,
                                       size_t size, int32_t first_line) {
  std::vector<LineRange> out;
  out.reserve(size / 2 + 2);
  out.push_back({-1, 0, first_line});
  if (table == nullptr) size = 0;
  switch (format) {
    case LineTableFormat::kLnotab:
      decodeLnotab(out, table, size, first_line);
      break;
    case LineTableFormat::kLinetable310:
      decodeLinetable310(out, table, size, first_line);
      break;
    case LineTableFormat::kLocations311:
      decodeLocations311(out, table, size, first_line);
      break;
  }
  return out;
}

int32_t lineAt(const std::vector<LineRange>& ranges, int32_t lasti) {
  if (lasti < -1) lasti = -1;
  // The first range whose end is past lasti; it holds lasti when its start is <= lasti.
  auto it = std::upper_bound(ranges.begin(), ranges.end(), lasti,
                             [](int32_t q, const LineRange& r) { return q < r.end; });
  if (it == ranges.end() || it->start > lasti) return -1;
  return it->line;
}

int32_t lineForInstruction(LineTableFormat format, const uint8_t* table, size_t size,
                           int32_t first_line, int32_t lasti) {
  return lineAt(decodeLineTable(format, table, size, first_line), lasti);
}

}  // namespace pprof::python
