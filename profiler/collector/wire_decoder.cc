#include "collector/wire_decoder.h"

#include <cstring>

namespace pprof::collector {
namespace {

template <typename T>
T load(const uint8_t* p) {
  T value;
  std::memcpy(&value, p, sizeof(T));  // the buffer has no alignment guarantee
  return value;
}

template <typename T>
Result<T> loadFixed(const uint8_t* data, size_t size, const char* what) {
  if (size < sizeof(T)) {
    return Status::error(std::string(what) + " record of " + std::to_string(size) +
                         " bytes is shorter than its fixed part (" + std::to_string(sizeof(T)) + ")");
  }
  return load<T>(data);
}

Status lengthMismatch(const char* what, size_t expected, size_t size) {
  return Status::error(std::string(what) + " record size " + std::to_string(size) +
                       " does not match its contents (" + std::to_string(expected) + ")");
}

Result<Record> decodeHello(const uint8_t* data, size_t size) {
  auto fixed = loadFixed<wire::Hello>(data, size, "hello");
  if (!fixed) return fixed.status();
  const wire::Hello& h = fixed.value();
  if (h.protocol_version != wire::kProtocolVersion) {
    return Status::error("hello: protocol version " + std::to_string(h.protocol_version) +
                         ", expected " + std::to_string(wire::kProtocolVersion));
  }
  uint64_t expected = uint64_t{sizeof(wire::Hello)} + h.exe_path_len + h.cmdline_len;
  if (expected != size) return lengthMismatch("hello", expected, size);
  HelloRecord record{h, {}, {}};
  const uint8_t* p = data + sizeof(wire::Hello);
  record.exe_path.assign(reinterpret_cast<const char*>(p), h.exe_path_len);
  record.command = splitNulSeparated(p + h.exe_path_len, h.cmdline_len);
  return Record(std::move(record));
}

Result<Record> decodeModule(const uint8_t* data, size_t size) {
  auto fixed = loadFixed<wire::Module>(data, size, "module");
  if (!fixed) return fixed.status();
  const wire::Module& m = fixed.value();
  uint64_t expected = uint64_t{sizeof(wire::Module)} + m.path_len;
  if (expected != size) return lengthMismatch("module", expected, size);
  if (m.build_id_len > sizeof(m.build_id)) return Status::error("module: build-id length too big");
  if (m.end < m.start) return Status::error("module: end before start");
  ModuleRecord record{m, {}};
  record.path.assign(reinterpret_cast<const char*>(data + sizeof(wire::Module)), m.path_len);
  return Record(std::move(record));
}

Result<Record> decodeSamples(const uint8_t* data, size_t size) {
  auto fixed = loadFixed<wire::Samples>(data, size, "samples");
  if (!fixed) return fixed.status();
  SamplesRecord record;
  record.tid = fixed.value().tid;
  size_t offset = sizeof(wire::Samples);
  uint32_t count = fixed.value().count;
  if (count > size / sizeof(wire::SampleHeader)) return Status::error("samples: count too big");
  record.samples.reserve(count);
  for (uint32_t i = 0; i < count; ++i) {
    if (size - offset < sizeof(wire::SampleHeader)) {
      return Status::error("samples: sample " + std::to_string(i) + " runs past the record");
    }
    auto header = load<wire::SampleHeader>(data + offset);
    offset += sizeof(wire::SampleHeader);
    size_t pc_bytes = size_t{header.nframes} * sizeof(uint64_t);
    if (size - offset < pc_bytes) {
      return Status::error("samples: frames of sample " + std::to_string(i) + " run past the record");
    }
    DecodedSample sample{header.timestamp_ns, header.weight, header.flags, header.nframes,
                         static_cast<uint32_t>(record.pcs.size())};
    record.pcs.resize(record.pcs.size() + header.nframes);
    if (pc_bytes > 0) std::memcpy(record.pcs.data() + sample.first_pc, data + offset, pc_bytes);
    offset += pc_bytes;
    record.samples.push_back(sample);
  }
  if (offset != size) return lengthMismatch("samples", offset, size);
  return Record(std::move(record));
}

Result<Record> decodeRegion(const uint8_t* data, size_t size) {
  auto fixed = loadFixed<wire::Region>(data, size, "region");
  if (!fixed) return fixed.status();
  const wire::Region& r = fixed.value();
  if (r.event != wire::RegionEvent::kBegin && r.event != wire::RegionEvent::kEnd) {
    return Status::error("region: unknown event " + std::to_string(static_cast<uint32_t>(r.event)));
  }
  if (r.name_len > wire::kMaxRegionName) return Status::error("region: name too long");
  uint64_t expected = uint64_t{sizeof(wire::Region)} + r.name_len;
  if (expected != size) return lengthMismatch("region", expected, size);
  RegionRecord record{r, {}};
  record.name.assign(reinterpret_cast<const char*>(data + sizeof(wire::Region)), r.name_len);
  return Record(std::move(record));
}

Result<Record> decodePyCode(const uint8_t* data, size_t size) {
  auto fixed = loadFixed<wire::PyCode>(data, size, "py-code");
  if (!fixed) return fixed.status();
  const wire::PyCode& c = fixed.value();
  auto kindOk = [](uint8_t kind, uint32_t len) { return (kind == 1 || kind == 2 || kind == 4) && len % kind == 0; };
  if (!kindOk(c.qualname_kind, c.qualname_len) || !kindOk(c.filename_kind, c.filename_len))
    return Status::error("py-code: bad string kind or length");
  if (c.qualname_len > wire::kMaxPyNameBytes || c.filename_len > wire::kMaxPyNameBytes ||
      c.linetable_len > wire::kMaxPyLineTableBytes)
    return Status::error("py-code: field too long");
  const uint64_t used = uint64_t{sizeof(wire::PyCode)} + c.qualname_len + c.filename_len + c.linetable_len;
  if (used > size || size - used >= 8) return lengthMismatch("py-code", used, size);
  PyCodeRecord record;
  record.fixed = c;
  const uint8_t* p = data + sizeof(wire::PyCode);
  record.qualname = utf8FromPython(p, c.qualname_len, c.qualname_kind);
  p += c.qualname_len;
  record.filename = utf8FromPython(p, c.filename_len, c.filename_kind);
  p += c.filename_len;
  record.linetable.assign(p, p + c.linetable_len);
  return Record(std::move(record));
}

Result<Record> decodePython(const uint8_t* data, size_t size) {
  auto fixed = loadFixed<wire::Python>(data, size, "python");
  if (!fixed) return fixed.status();
  const wire::Python& py = fixed.value();
  const uint64_t expected = uint64_t{sizeof(wire::Python)} + py.note_len;
  if (expected != size) return lengthMismatch("python", expected, size);
  PythonRecord record{py, std::string(reinterpret_cast<const char*>(data + sizeof(wire::Python)), py.note_len)};
  return Record(std::move(record));
}

template <typename T>
Result<Record> decodeExact(const uint8_t* data, size_t size, const char* what) {
  if (size != sizeof(T)) return lengthMismatch(what, sizeof(T), size);
  return Record(load<T>(data));
}

}  // namespace

std::string utf8FromPython(const uint8_t* data, size_t bytes, uint8_t kind) {
  std::string out;
  out.reserve(bytes);
  for (size_t i = 0; i + kind <= bytes; i += kind) {
    uint32_t cp = 0;
    std::memcpy(&cp, data + i, kind);  // little-endian: the low bytes are the character
    if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) cp = 0xfffd;
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xc0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3f));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xe0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
      out += static_cast<char>(0x80 | (cp & 0x3f));
    } else {
      out += static_cast<char>(0xf0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3f));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
      out += static_cast<char>(0x80 | (cp & 0x3f));
    }
  }
  return out;
}

std::vector<std::string> splitNulSeparated(const uint8_t* p, size_t n) {
  std::vector<std::string> parts;
  size_t begin = 0;
  for (size_t i = 0; i <= n; ++i) {
    if (i == n || p[i] == 0) {
      if (i > begin || i < n) parts.emplace_back(reinterpret_cast<const char*>(p + begin), i - begin);
      begin = i + 1;
    }
  }
  return parts;  // a trailing NUL does not produce an empty last argument
}

Result<Record> decodeRecord(const uint8_t* data, size_t size) {
  if (size < sizeof(wire::RecordHeader)) return Status::error("record shorter than its header");
  auto header = load<wire::RecordHeader>(data);
  switch (static_cast<wire::RecordType>(header.type)) {
    case wire::RecordType::kHello: return decodeHello(data, size);
    case wire::RecordType::kModule: return decodeModule(data, size);
    case wire::RecordType::kModuleUnload: return decodeExact<wire::ModuleUnload>(data, size, "module-unload");
    case wire::RecordType::kSamples: return decodeSamples(data, size);
    case wire::RecordType::kThread: return decodeExact<wire::Thread>(data, size, "thread");
    case wire::RecordType::kLost: return decodeExact<wire::Lost>(data, size, "lost");
    case wire::RecordType::kGoodbye: return decodeExact<wire::Goodbye>(data, size, "goodbye");
    case wire::RecordType::kRegion: return decodeRegion(data, size);
    case wire::RecordType::kPyCode: return decodePyCode(data, size);
    case wire::RecordType::kPython: return decodePython(data, size);
  }
  return Status::error("unknown record type " + std::to_string(header.type));
}

void WireDecoder::append(const uint8_t* data, size_t size) {
  if (!failure_.empty()) return;
  if (consumed_ > 0 && consumed_ * 2 >= buffer_.size()) {
    buffer_.erase(buffer_.begin(), buffer_.begin() + static_cast<std::ptrdiff_t>(consumed_));
    consumed_ = 0;
  }
  buffer_.insert(buffer_.end(), data, data + size);
}

Result<bool> WireDecoder::next(Record& out) {
  if (!failure_.empty()) return Status::error(failure_);
  if (pendingBytes() < sizeof(wire::RecordHeader)) return false;
  const uint8_t* start = buffer_.data() + consumed_;
  auto header = load<wire::RecordHeader>(start);
  std::string where = "record type " + std::to_string(header.type) + " at offset " +
                      std::to_string(stream_offset_);
  if (header.size < sizeof(wire::RecordHeader) || header.size > kMaxRecordBytes) {
    failure_ = where + ": bad size " + std::to_string(header.size);
    return Status::error(failure_);
  }
  if (pendingBytes() < header.size) return false;
  auto record = decodeRecord(start, header.size);
  if (!record) {
    failure_ = where + ": " + record.message();
    return Status::error(failure_);
  }
  out = std::move(record).value();
  consumed_ += header.size;
  stream_offset_ += header.size;
  return true;
}

Status WireDecoder::forEachRecord(const std::function<Status(const Record&)>& on_record) {
  Record record;
  for (;;) {
    Result<bool> got = next(record);
    if (!got) return got.status();
    if (!got.value()) return Status::ok();
    if (Status s = on_record(record); !s) return s;
  }
}

}  // namespace pprof::collector
