// Bounded field reader over one out.prof record payload, used by the reader only.
// The first problem (payload too short, bad varint, value out of range, undefined id) is kept
// as the cursor's error and every later read returns 0, so record decoders read all their
// fields straight through and check failed() once. Never reads outside [p, end).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "format/profile.h"
#include "format/varint.h"

namespace pprof::prof_format {

class RecordCursor {
 public:
  RecordCursor(const uint8_t* p, const uint8_t* end, const std::vector<std::string_view>& strings)
      : p_(p), end_(end), strings_(strings) {}

  bool failed() const { return !error_.empty(); }
  const std::string& error() const { return error_; }
  void fail(std::string message) {
    if (error_.empty()) error_ = std::move(message);
  }
  size_t remaining() const { return static_cast<size_t>(end_ - p_); }

  uint64_t u64() {
    uint64_t value = 0;
    if (failed()) return 0;
    switch (varint::get(p_, end_, value)) {
      case varint::Decode::kOk:
        return value;
      case varint::Decode::kTruncated:
        fail("record ends inside a field");
        return 0;
      case varint::Decode::kOverlong:
        fail("bad varint");
        return 0;
    }
    return 0;
  }
  uint32_t u32() { return static_cast<uint32_t>(bounded(UINT32_MAX)); }
  uint16_t u16() { return static_cast<uint16_t>(bounded(UINT16_MAX)); }
  int32_t i32() {
    int64_t value = varint::unzigzag(u64());
    if (value < INT32_MIN || value > INT32_MAX) return fail("value out of range"), 0;
    return static_cast<int32_t>(value);
  }

  // An id that must already be defined: `count` records of kind `what` exist so far.
  uint32_t ref(size_t count, const char* what) { return checkRef(u32(), count, what); }
  // Encoded as id + 1, 0 meaning kNone.
  uint32_t optionalRef(size_t count, const char* what) {
    uint64_t value = u64();
    if (value == 0 || failed()) return kNone;
    return checkRef(value - 1, count, what);
  }
  uint32_t checkRef(uint64_t id, size_t count, const char* what) {
    if (failed()) return 0;
    if (id >= count) {
      fail(std::string(what) + " " + std::to_string(id) + " out of range (" + std::to_string(count) + " " +
           plural(what) + ")");
      return 0;
    }
    return static_cast<uint32_t>(id);
  }

  // A repeat count; every item takes at least one byte, so a larger count is corrupt and
  // must not drive a reservation.
  size_t count() {
    uint64_t value = u64();
    if (value > remaining()) return fail("count " + std::to_string(value) + " exceeds record"), 0;
    return static_cast<size_t>(value);
  }

  std::string string() {
    uint32_t id = ref(strings_.size(), "string");
    return failed() ? std::string() : std::string(strings_[id]);
  }
  std::vector<std::string> strings() {
    std::vector<std::string> result(count());
    for (std::string& text : result) text = string();
    return result;
  }

 private:
  uint64_t bounded(uint64_t max) {
    uint64_t value = u64();
    if (value > max) return fail("value " + std::to_string(value) + " out of range"), 0;
    return value;
  }
  static std::string plural(const char* what) {
    std::string word(what);
    return word + (word.back() == 's' ? "es" : "s");
  }

  const uint8_t* p_;
  const uint8_t* end_;
  const std::vector<std::string_view>& strings_;
  std::string error_;
};

}  // namespace pprof::prof_format
