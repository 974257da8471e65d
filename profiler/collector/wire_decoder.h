// Turns the byte stream of one sampler connection into typed records (see wire/wire.h).
// Pure and defensive: bytes arrive in arbitrary fragments, and a malformed record (bad size,
// unknown type, lengths that do not add up) is reported as an error, never trusted; after an
// error the decoder stays failed, because a byte stream cannot be resynchronised.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <variant>
#include <vector>

#include "common/result.h"
#include "wire/wire.h"

namespace pprof::collector {

// Refuses records larger than this: no valid record comes close (a Samples batch of 128-frame
// stacks is a few hundred KiB), and a corrupt size must not make us buffer gigabytes.
constexpr uint32_t kMaxRecordBytes = 16u << 20;

struct HelloRecord {
  wire::Hello fixed;
  std::string exe_path;
  std::vector<std::string> command;
};

struct ModuleRecord {
  wire::Module fixed;
  std::string path;
};

struct DecodedSample {
  uint64_t timestamp_ns = 0;
  uint32_t weight = 1;
  uint16_t flags = 0;
  uint16_t nframes = 0;
  uint32_t first_pc = 0;  // index into SamplesRecord::pcs
};

struct SamplesRecord {
  int32_t tid = 0;
  std::vector<DecodedSample> samples;
  std::vector<uint64_t> pcs;  // all samples' PCs back to back, leaf first within a sample
};

struct RegionRecord {
  wire::Region fixed;
  std::string name;  // empty for kEnd
};

// A Python code object as one thread first saw it; strings already UTF-8.
struct PyCodeRecord {
  wire::PyCode fixed;
  std::string qualname;
  std::string filename;
  std::vector<uint8_t> linetable;
};

struct PythonRecord {
  wire::Python fixed;
  std::string note;
};

using Record = std::variant<HelloRecord, ModuleRecord, wire::ModuleUnload, SamplesRecord,
                            wire::Thread, wire::Lost, wire::Goodbye, RegionRecord, PyCodeRecord,
                            PythonRecord>;

// CPython's compact string storage (`kind` bytes per character: 1 Latin-1, 2 UCS-2, 4 UCS-4)
// as UTF-8; characters that are not valid code points (lone surrogates) become U+FFFD.
std::string utf8FromPython(const uint8_t* data, size_t bytes, uint8_t kind);

class WireDecoder {
 public:
  void append(const uint8_t* data, size_t size);

  // Extracts the next complete record into `out`. Returns true if one was produced, false if
  // more bytes are needed, or an error ("record type 77 at offset 1234: unknown type").
  Result<bool> next(Record& out);
  // Passes every complete record received so far to `on_record`, in order; stops at the first
  // error, the decoder's or the one `on_record` returns.
  Status forEachRecord(const std::function<Status(const Record&)>& on_record);

  // Bytes received but not yet consumed (non-zero at end of stream = a truncated record).
  size_t pendingBytes() const { return buffer_.size() - consumed_; }
  uint64_t streamOffset() const { return stream_offset_; }

 private:
  std::vector<uint8_t> buffer_;
  size_t consumed_ = 0;
  uint64_t stream_offset_ = 0;  // offset of buffer_[consumed_] in the whole stream
  std::string failure_;
};

// Decodes one whole record (header included). Exposed for tests.
Result<Record> decodeRecord(const uint8_t* data, size_t size);

// "a\0b\0" -> {"a", "b"}: a command line as the kernel and Hello carry it (a trailing NUL does
// not produce an empty last argument).
std::vector<std::string> splitNulSeparated(const uint8_t* p, size_t n);

}  // namespace pprof::collector
