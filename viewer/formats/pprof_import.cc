// Decoding with protozero's pbf_reader in four passes over the top-level message (strings and
// scalars; mappings and functions; locations; samples), because protobuf fields may come in any
// order and later records refer to earlier-or-later ones by id. protozero reports malformed
// wire data by throwing; those exceptions and our own DecodeError never leave this file.
#include "formats/pprof_import.h"

#include <protozero/pbf_reader.hpp>
#include <protozero/varint.hpp>

#include "formats/gzip.h"
#include "formats/pprof_decoder.h"

namespace pprof::formats {
namespace {

using protozero::pbf_wire_type;

bool wireTypeFits(uint32_t tag, pbf_wire_type type) {
  switch (tag) {
    case pf::kSampleType: case pf::kSample: case pf::kMapping: case pf::kLocation:
    case pf::kFunction: case pf::kStringTable: case pf::kPeriodType:
      return type == pbf_wire_type::length_delimited;
    case pf::kComment:
      return type == pbf_wire_type::varint || type == pbf_wire_type::length_delimited;
    default:
      return tag <= pf::kDefaultSampleType && type == pbf_wire_type::varint;
  }
}

}  // namespace

bool looksLikeRawPprof(std::string_view head) {
  const char* p = head.data();
  const char* end = p + head.size();
  int fields = 0;
  try {
    while (p < end) {
      uint64_t key = protozero::decode_varint(&p, end);
      auto tag = static_cast<uint32_t>(key >> 3);
      auto type = static_cast<pbf_wire_type>(key & 7);
      if (tag == 0 || !wireTypeFits(tag, type)) return false;
      ++fields;
      uint64_t value = protozero::decode_varint(&p, end);
      if (type == pbf_wire_type::length_delimited) {
        if (value > static_cast<uint64_t>(end - p)) return true;  // runs past the head: fine
        p += value;
      }
    }
  } catch (const protozero::exception&) {
    return fields > 0 && p >= end;  // the head ended mid-field
  }
  return fields > 0;
}

Result<Profile> parsePprof(std::string_view bytes, const std::string& name) {
  std::string inflated;
  if (isGzip(bytes)) {
    Result<std::string> raw = gunzip(bytes, name);
    if (!raw) return raw.status();
    inflated = std::move(raw).value();
    bytes = inflated;
  }
  return PprofDecoder(bytes, name).decode();
}

}  // namespace pprof::formats
