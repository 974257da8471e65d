// LEB128 varints, zigzag and little-endian helpers for the out.prof codec (see FORMAT.md).
// Header-only and allocation-free on the decode side so the reader's hot loop stays fast;
// decoding never reads past `end`, whatever the input.
#pragma once

#include <cstdint>
#include <string>

namespace pprof::varint {

constexpr size_t kMaxBytes = 10;  // a uint64 needs at most 10 LEB128 bytes

inline void put(std::string& out, uint64_t value) {
  while (value >= 0x80) {
    out.push_back(static_cast<char>(value | 0x80));
    value >>= 7;
  }
  out.push_back(static_cast<char>(value));
}

// Maps signed values to unsigned so small magnitudes of either sign stay short.
inline uint64_t zigzag(int64_t value) {
  return (static_cast<uint64_t>(value) << 1) ^ static_cast<uint64_t>(value >> 63);
}
inline int64_t unzigzag(uint64_t value) {
  return static_cast<int64_t>(value >> 1) ^ -static_cast<int64_t>(value & 1);
}

inline void putU32LE(std::string& out, uint32_t value) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>(value >> (8 * i)));
}
inline uint32_t getU32LE(const uint8_t* p) {
  return uint32_t{p[0]} | uint32_t{p[1]} << 8 | uint32_t{p[2]} << 16 | uint32_t{p[3]} << 24;
}

enum class Decode { kOk, kTruncated, kOverlong };

// Decodes one varint at `p`, advancing it. kTruncated: input ended inside the varint (p is
// left unchanged). kOverlong: more than 10 bytes or a value that does not fit 64 bits.
inline Decode get(const uint8_t*& p, const uint8_t* end, uint64_t& value) {
  if (p < end && *p < 0x80) {  // fast path: most ids, lengths and flags are one byte
    value = *p++;
    return Decode::kOk;
  }
  uint64_t result = 0;
  const uint8_t* q = p;
  for (unsigned shift = 0; shift < 7 * kMaxBytes; shift += 7) {
    if (q == end) return Decode::kTruncated;
    uint8_t byte = *q++;
    if (shift == 63 && byte > 1) return Decode::kOverlong;
    result |= uint64_t{byte & 0x7fu} << shift;
    if (byte < 0x80) {
      p = q;
      value = result;
      return Decode::kOk;
    }
  }
  return Decode::kOverlong;
}

}  // namespace pprof::varint
