#include "formats/marshal.h"

#include <cstring>

namespace pprof::formats {
namespace {

constexpr uint8_t kFlagRef = 0x80;
constexpr int kMaxDepth = 100;  // CPython's own limit is 2000; dumps nest 4 deep

using Mutable = std::shared_ptr<MarshalValue>;

class MarshalReader {
 public:
  MarshalReader(std::string_view bytes, const std::string& name) : bytes_(bytes), name_(name) {}

  Result<MarshalPtr> readAll() {
    Result<MarshalPtr> value = readObject(0);
    if (value && pos_ != bytes_.size()) return fail("trailing bytes after the object", pos_);
    return value;
  }

 private:
  Status fail(const std::string& what, size_t offset) const {
    return Status::error(name_ + ": marshal: " + what + " at offset " + std::to_string(offset));
  }
  bool has(size_t n) const { return bytes_.size() - pos_ >= n; }

  Result<uint32_t> u32(const char* what) {
    if (!has(4)) return fail(std::string("truncated ") + what, pos_);
    uint32_t v = 0;
    for (int i = 3; i >= 0; --i) v = (v << 8) | static_cast<uint8_t>(bytes_[pos_ + i]);
    pos_ += 4;
    return v;
  }

  // A 32-bit signed count that must fit in what is left (each item takes at least one byte).
  Result<size_t> count(const char* what, size_t min_item_bytes) {
    size_t at = pos_;
    Result<uint32_t> raw = u32(what);
    if (!raw) return raw.status();
    auto n = static_cast<int32_t>(raw.value());
    if (n < 0) return fail(std::string("negative ") + what, at);
    if (static_cast<size_t>(n) > (bytes_.size() - pos_) / min_item_bytes)
      return fail(std::string(what) + " " + std::to_string(n) + " exceeds the input", at);
    return static_cast<size_t>(n);
  }

  Result<MarshalPtr> readObject(int depth);
  Status readPayload(uint8_t type, size_t at, MarshalValue& value, int depth);
  Status readString(size_t length, MarshalValue& value);
  Status readLong(MarshalValue& value);
  Status readItems(size_t n, MarshalValue& value, int depth);
  Status readDict(MarshalValue& value, int depth);

  std::string_view bytes_;
  const std::string& name_;
  size_t pos_ = 0;
  std::vector<MarshalPtr> refs_;  // nullptr while the object is still being read
};

Result<MarshalPtr> MarshalReader::readObject(int depth) {
  if (depth > kMaxDepth) return fail("nesting deeper than " + std::to_string(kMaxDepth), pos_);
  if (!has(1)) return fail("truncated object", pos_);
  const size_t at = pos_;
  const auto code = static_cast<uint8_t>(bytes_[pos_++]);
  const uint8_t type = code & ~kFlagRef;
  if (type == 'r') {
    Result<uint32_t> index = u32("reference");
    if (!index) return index.status();
    if (index.value() >= refs_.size() || !refs_[index.value()])
      return fail("bad reference " + std::to_string(index.value()), at);
    return refs_[index.value()];
  }
  // Containers are remembered before their children are read, as CPython numbers them.
  size_t slot = refs_.size();
  if (code & kFlagRef) refs_.push_back(nullptr);
  auto value = std::make_shared<MarshalValue>();
  value->offset = at;
  Status status = readPayload(type, at, *value, depth);
  if (!status) return status;
  if (code & kFlagRef) refs_[slot] = value;
  return MarshalPtr(std::move(value));
}

Status MarshalReader::readPayload(uint8_t type, size_t at, MarshalValue& value, int depth) {
  using Kind = MarshalValue::Kind;
  switch (type) {
    case 'N': value.kind = Kind::kNone; return Status::ok();
    case 'F': case 'T':
      value.kind = Kind::kBool;
      value.integer = type == 'T';
      return Status::ok();
    case 'S': case '.': value.kind = Kind::kOther; return Status::ok();  // StopIteration, Ellipsis
    case 'i': {
      Result<uint32_t> v = u32("int");
      if (!v) return v.status();
      value.kind = Kind::kInt;
      value.integer = static_cast<int32_t>(v.value());
      return Status::ok();
    }
    case 'l': return readLong(value);
    case 'g': {
      if (!has(8)) return fail("truncated float", pos_);
      uint64_t bits = 0;
      for (int i = 7; i >= 0; --i) bits = (bits << 8) | static_cast<uint8_t>(bytes_[pos_ + i]);
      pos_ += 8;
      value.kind = Kind::kFloat;
      std::memcpy(&value.number, &bits, sizeof bits);
      return Status::ok();
    }
    case 'z': case 'Z': {
      if (!has(1)) return fail("truncated string length", pos_);
      size_t n = static_cast<uint8_t>(bytes_[pos_++]);
      value.kind = Kind::kString;
      return readString(n, value);
    }
    case 'a': case 'A': case 'u': case 't': case 's': {
      Result<size_t> n = count("string length", 1);
      if (!n) return n.status();
      value.kind = type == 's' ? Kind::kBytes : Kind::kString;
      return readString(n.value(), value);
    }
    case ')': {
      if (!has(1)) return fail("truncated tuple size", pos_);
      size_t n = static_cast<uint8_t>(bytes_[pos_++]);
      value.kind = Kind::kTuple;
      return readItems(n, value, depth);
    }
    case '(': case '[': case '<': case '>': {
      Result<size_t> n = count("container size", 1);
      if (!n) return n.status();
      value.kind = type == '(' ? Kind::kTuple : type == '[' ? Kind::kList : Kind::kSet;
      return readItems(n.value(), value, depth);
    }
    case '{': value.kind = Kind::kDict; return readDict(value, depth);
    default: break;
  }
  char hex[8];
  std::snprintf(hex, sizeof hex, "0x%02x", type);
  return fail(std::string("unsupported type ") + hex, at);
}

Status MarshalReader::readString(size_t length, MarshalValue& value) {
  if (!has(length)) return fail("truncated string", pos_);
  value.text.assign(bytes_.substr(pos_, length));
  pos_ += length;
  return Status::ok();
}

// Base 2^15 digits, least significant first; the sign of the digit count is the number's.
Status MarshalReader::readLong(MarshalValue& value) {
  const size_t at = pos_;
  Result<uint32_t> raw = u32("long size");
  if (!raw) return raw.status();
  const auto signed_count = static_cast<int32_t>(raw.value());
  const uint64_t n = signed_count < 0 ? -static_cast<int64_t>(signed_count) : signed_count;
  if (n > 4) return fail("integer too large", at);  // 60 bits: far beyond any call count
  if (!has(2 * n)) return fail("truncated long", pos_);
  uint64_t magnitude = 0;
  for (uint64_t i = 0; i < n; ++i) {
    uint32_t digit = static_cast<uint8_t>(bytes_[pos_]) | static_cast<uint8_t>(bytes_[pos_ + 1]) << 8;
    if (digit >= (1u << 15)) return fail("long digit out of range", pos_);
    magnitude |= static_cast<uint64_t>(digit) << (15 * i);
    pos_ += 2;
  }
  value.kind = MarshalValue::Kind::kInt;
  value.integer = signed_count < 0 ? -static_cast<int64_t>(magnitude) : static_cast<int64_t>(magnitude);
  return Status::ok();
}

Status MarshalReader::readItems(size_t n, MarshalValue& value, int depth) {
  value.items.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    Result<MarshalPtr> item = readObject(depth + 1);
    if (!item) return item.status();
    value.items.push_back(std::move(item).value());
  }
  return Status::ok();
}

// Key, value pairs until a '0' (NULL) type byte.
Status MarshalReader::readDict(MarshalValue& value, int depth) {
  for (;;) {
    if (!has(1)) return fail("unterminated dict", pos_);
    if (bytes_[pos_] == '0') {
      ++pos_;
      return Status::ok();
    }
    for (int half = 0; half < 2; ++half) {
      Result<MarshalPtr> item = readObject(depth + 1);
      if (!item) return item.status();
      value.items.push_back(std::move(item).value());
    }
  }
}

}  // namespace

Result<MarshalPtr> readMarshal(std::string_view bytes, const std::string& name) {
  return MarshalReader(bytes, name).readAll();
}

}  // namespace pprof::formats
