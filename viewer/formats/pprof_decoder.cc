#include "formats/pprof_decoder.h"

#include <protozero/exception.hpp>
#include <protozero/pbf_reader.hpp>

#include <algorithm>

namespace pprof::formats {
namespace {

using protozero::pbf_reader;
using protozero::pbf_wire_type;

// Our own decoding errors; like protozero's exceptions they are caught in decode().
struct DecodeError {
  std::string message;
};


uint32_t clampToUint32(int64_t v) { return static_cast<uint32_t>(std::clamp<int64_t>(v, 0, UINT32_MAX)); }

}  // namespace

void PprofDecoder::fail(const std::string& what) const {
  throw DecodeError{name_ + ": pprof: " + what + " at offset " + std::to_string(field_offset_)};
}

bool PprofDecoder::next(pbf_reader& reader) {
  field_offset_ = static_cast<size_t>(reader.data().data() - bytes_.data());
  return reader.next();
}

uint64_t PprofDecoder::varint(pbf_reader& reader) {
  if (reader.wire_type() != pbf_wire_type::varint) fail("field " + std::to_string(reader.tag()) + " is not a varint");
  return reader.get_uint64();
}

std::string_view PprofDecoder::bytesField(pbf_reader& reader) {
  if (reader.wire_type() != pbf_wire_type::length_delimited)
    fail("field " + std::to_string(reader.tag()) + " is not length-delimited");
  protozero::data_view view = reader.get_view();
  return {view.data(), view.size()};
}

pbf_reader PprofDecoder::message(pbf_reader& reader) {
  std::string_view view = bytesField(reader);
  return pbf_reader(view.data(), view.size());
}

void PprofDecoder::repeatedVarint(pbf_reader& reader, std::vector<uint64_t>& out) {
  if (reader.wire_type() == pbf_wire_type::length_delimited) {
    for (uint64_t value : reader.get_packed_uint64()) out.push_back(value);
  } else {
    out.push_back(varint(reader));
  }
}

const std::string& PprofDecoder::str(int64_t index) {
  if (index < 0 || static_cast<uint64_t>(index) >= strings_.size())
    fail("string index " + std::to_string(index) + " out of range (" + std::to_string(strings_.size()) + " strings)");
  return strings_[static_cast<size_t>(index)];
}

void PprofDecoder::newId(std::unordered_map<uint64_t, uint32_t>& ids, uint64_t id, size_t index, const char* what) {
  if (id == 0) fail(std::string(what) + " id 0");
  if (!ids.try_emplace(id, static_cast<uint32_t>(index)).second)
    fail(std::string("duplicate ") + what + " id " + std::to_string(id));
}

Result<Profile> PprofDecoder::decode() {
  try {
    decodeScalars();
    chooseValues();
    decodeMappingsAndFunctions();
    decodeLocations();
    decodeSamples();
    finishSamples();
    finishMeta();
  } catch (const DecodeError& e) {
    return Status::error(e.message);
  } catch (const protozero::exception& e) {
    return Status::error(name_ + ": pprof: malformed protobuf (" + e.what() + ") at offset " +
                         std::to_string(field_offset_));
  }
  return std::move(profile_);
}

PprofDecoder::StringPair PprofDecoder::decodeValueType(pbf_reader r) {
  StringPair value{0, 0};
  while (next(r)) {
    if (r.tag() == pf::kValueTypeType) value.first = static_cast<int64_t>(varint(r));
    else if (r.tag() == pf::kValueTypeUnit) value.second = static_cast<int64_t>(varint(r));
    else r.skip();
  }
  return value;
}

void PprofDecoder::decodeScalars() {
  pbf_reader r(bytes_.data(), bytes_.size());
  size_t first_string_offset = 0;
  while (next(r)) {
    switch (r.tag()) {
      case pf::kStringTable:
        if (strings_.empty()) first_string_offset = field_offset_;
        strings_.emplace_back(bytesField(r));
        break;
      case pf::kSampleType: raw_sample_types_.push_back(decodeValueType(message(r))); break;
      case pf::kPeriodType: period_type_ = decodeValueType(message(r)); break;
      case pf::kPeriod: period_ = static_cast<int64_t>(varint(r)); break;
      case pf::kTimeNanos: time_nanos_ = static_cast<int64_t>(varint(r)); break;
      case pf::kDurationNanos: duration_nanos_ = static_cast<int64_t>(varint(r)); break;
      case pf::kDefaultSampleType: default_sample_type_ = static_cast<int64_t>(varint(r)); break;
      case pf::kComment: repeatedVarint(r, comments_); break;
      default: r.skip();
    }
  }
  field_offset_ = first_string_offset;
  if (strings_.empty()) strings_.emplace_back();
  if (!strings_[0].empty()) fail("string_table[0] is not empty");
}

// The time-like value (unit nanoseconds, the default sample type preferred) becomes the weight
// through the period; without one, the count-like (else the last) value is the weight itself.
void PprofDecoder::chooseValues() {
  const std::string& preferred = str(default_sample_type_);
  values_per_sample_ = raw_sample_types_.size();
  for (size_t i = 0; i < raw_sample_types_.size(); ++i) {
    const std::string& type = str(raw_sample_types_[i].first);
    const std::string& unit = str(raw_sample_types_[i].second);
    if (unit == "count" && count_index_ == SIZE_MAX) count_index_ = i;
    bool better = time_index_ == SIZE_MAX || (!preferred.empty() && type == preferred);
    if (unit == "nanoseconds" && better) time_index_ = i;
  }
  if (time_index_ == SIZE_MAX && count_index_ == SIZE_MAX && values_per_sample_ > 0)
    count_index_ = values_per_sample_ - 1;
  profile_.meta.mode = "cpu";
  if (time_index_ != SIZE_MAX && str(raw_sample_types_[time_index_].first).find("wall") != std::string::npos)
    profile_.meta.mode = "wall";
}

void PprofDecoder::decodeMappingsAndFunctions() {
  pbf_reader r(bytes_.data(), bytes_.size());
  while (next(r)) {
    if (r.tag() == pf::kMapping) decodeMapping(message(r));
    else if (r.tag() == pf::kFunction) decodeFunction(message(r));
    else r.skip();
  }
  for (size_t i = 0; i < profile_.modules.size(); ++i)
    mappings_by_start_.emplace_back(profile_.modules[i].start, static_cast<uint32_t>(i));
  std::sort(mappings_by_start_.begin(), mappings_by_start_.end());
}

void PprofDecoder::decodeMapping(pbf_reader r) {
  const size_t start_offset = field_offset_;
  uint64_t id = 0, file_offset = 0;
  Module m;
  while (next(r)) {
    switch (r.tag()) {
      case pf::kMappingId: id = varint(r); break;
      case pf::kMappingStart: m.start = varint(r); break;
      case pf::kMappingLimit: m.end = varint(r); break;
      case pf::kMappingOffset: file_offset = varint(r); break;
      case pf::kMappingFilename: m.path = str(static_cast<int64_t>(varint(r))); break;
      case pf::kMappingBuildId: m.build_id = str(static_cast<int64_t>(varint(r))); break;
      default: r.skip();
    }
  }
  field_offset_ = start_offset;
  m.bias = m.start >= file_offset ? m.start - file_offset : 0;
  newId(mapping_ids_, id, profile_.modules.size(), "mapping");
  profile_.modules.push_back(std::move(m));
}

void PprofDecoder::decodeFunction(pbf_reader r) {
  const size_t start_offset = field_offset_;
  uint64_t id = 0;
  Function f;
  while (next(r)) {
    switch (r.tag()) {
      case pf::kFunctionId: id = varint(r); break;
      case pf::kFunctionName: f.name = str(static_cast<int64_t>(varint(r))); break;
      case pf::kFunctionSystemName: f.system_name = str(static_cast<int64_t>(varint(r))); break;
      case pf::kFunctionFilename: f.file = str(static_cast<int64_t>(varint(r))); break;
      case pf::kFunctionStartLine: f.start_line = clampToUint32(static_cast<int64_t>(varint(r))); break;
      default: r.skip();
    }
  }
  field_offset_ = start_offset;
  newId(function_ids_, id, profile_.functions.size(), "function");
  profile_.functions.push_back(std::move(f));
}

}  // namespace pprof::formats
