// Reader for Python's `marshal` format, enough for what cProfile/pstats dumps contain (dicts,
// tuples, lists, sets, ints, longs, floats, strings, None/True/False, back-references).
//
// Built for hostile input: every length is checked against the bytes left, nesting is limited,
// a back-reference must name an object that is complete (so no cycles can be built), and every
// error is one line with the byte offset, e.g. "x.prof: marshal: truncated string at offset 12".
// Values are immutable and shared, so a back-reference costs a pointer, never a copy.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace pprof::formats {

struct MarshalValue;
using MarshalPtr = std::shared_ptr<const MarshalValue>;

struct MarshalValue {
  enum class Kind { kNone, kBool, kInt, kFloat, kString, kBytes, kTuple, kList, kSet, kDict, kOther };
  Kind kind = Kind::kNone;
  int64_t integer = 0;            // kInt, kBool
  double number = 0;              // kFloat
  std::string text;               // kString (UTF-8), kBytes
  std::vector<MarshalPtr> items;  // kTuple/kList/kSet elements; kDict: key, value, key, value...
  size_t offset = 0;              // where the object starts in the input

  bool isNumber() const { return kind == Kind::kInt || kind == Kind::kFloat; }
  double asDouble() const { return kind == Kind::kFloat ? number : static_cast<double>(integer); }
};

// Reads one marshalled object from the start of `bytes`; trailing bytes are an error. `name`
// prefixes error messages.
Result<MarshalPtr> readMarshal(std::string_view bytes, const std::string& name);

}  // namespace pprof::formats
