// zlib streaming in fixed chunks; inflate with windowBits 16+MAX_WBITS accepts gzip only.
#include "formats/gzip.h"

#include <zlib.h>

#include <algorithm>
#include <memory>

namespace pprof::formats {
namespace {

constexpr size_t kChunk = 1 << 16;

struct InflateStream {
  z_stream z{};
  bool open = false;
  ~InflateStream() {
    if (open) inflateEnd(&z);
  }
};

}  // namespace

bool isGzip(std::string_view bytes) {
  return bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0x1f &&
         static_cast<unsigned char>(bytes[1]) == 0x8b;
}

Result<std::string> gzipCompress(std::string_view bytes) {
  z_stream z{};
  if (deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    return Status::error("gzip: deflateInit failed");
  std::string out;
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  z.avail_in = static_cast<uInt>(bytes.size());  // callers stay far below 4 GiB
  int rc = Z_OK;
  char buffer[kChunk];
  while (rc != Z_STREAM_END) {
    z.next_out = reinterpret_cast<Bytef*>(buffer);
    z.avail_out = kChunk;
    rc = deflate(&z, Z_FINISH);
    if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR) {
      deflateEnd(&z);
      return Status::error(std::string("gzip: ") + (z.msg ? z.msg : "deflate failed"));
    }
    out.append(buffer, kChunk - z.avail_out);
  }
  deflateEnd(&z);
  return out;
}

Result<std::string> gunzip(std::string_view bytes, const std::string& name, size_t max_output) {
  auto fail = [&](const std::string& what, size_t offset) {
    return Status::error(name + ": gzip: " + what + " at offset " + std::to_string(offset));
  };
  InflateStream s;
  if (inflateInit2(&s.z, 16 + MAX_WBITS) != Z_OK) return Status::error(name + ": gzip: inflateInit failed");
  s.open = true;
  std::string out;
  auto buffer = std::make_unique<char[]>(kChunk);
  size_t consumed = 0;
  while (consumed < bytes.size()) {
    s.z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data() + consumed));
    s.z.avail_in = static_cast<uInt>(std::min<size_t>(bytes.size() - consumed, 1u << 30));
    int rc = Z_OK;
    do {
      s.z.next_out = reinterpret_cast<Bytef*>(buffer.get());
      s.z.avail_out = kChunk;
      size_t before = s.z.avail_in;
      rc = inflate(&s.z, Z_NO_FLUSH);
      consumed += before - s.z.avail_in;
      if (rc == Z_NEED_DICT || rc == Z_DATA_ERROR || rc == Z_MEM_ERROR)
        return fail(s.z.msg ? s.z.msg : "corrupt data", consumed);
      out.append(buffer.get(), kChunk - s.z.avail_out);
      if (out.size() > max_output) return fail("inflated size exceeds " + std::to_string(max_output) + " bytes", consumed);
      if (rc == Z_BUF_ERROR && s.z.avail_in == 0) break;
    } while (rc != Z_STREAM_END && (s.z.avail_in > 0 || s.z.avail_out == 0));
    if (rc == Z_STREAM_END) {
      // Another gzip member may follow (gzip allows concatenation); trailing zero padding is ignored.
      size_t rest = consumed;
      while (rest < bytes.size() && bytes[rest] == '\0') ++rest;
      if (rest == bytes.size()) return out;
      if (!isGzip(bytes.substr(rest))) return fail("garbage after gzip stream", rest);
      consumed = rest;
      inflateReset(&s.z);
    } else if (s.z.avail_in == 0 && consumed >= bytes.size()) {
      break;
    }
  }
  return fail("truncated gzip stream", bytes.size());
}

}  // namespace pprof::formats
