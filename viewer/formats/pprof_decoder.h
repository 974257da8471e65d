// Internal to the pprof importer: decodes one uncompressed profile.proto message into the
// profile model. See pprof_import.h for the mapping and the error format.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "common/result.h"
#include "format/profile.h"
#include "formats/pprof_fields.h"
#include "formats/profile_builder.h"

namespace protozero {
class pbf_reader;
}

namespace pprof::formats {

class PprofDecoder {
 public:
  PprofDecoder(std::string_view bytes, const std::string& name) : bytes_(bytes), name_(name) {}
  Result<Profile> decode();

 private:
  using StringPair = std::pair<int64_t, int64_t>;  // (type, unit) string indexes
  // One decoded pprof sample before its values become a weight.
  struct RawSample {
    uint32_t stack, thread;
    uint64_t timestamp_ns;
    int64_t count, time;
  };

  void decodeScalars();
  void chooseValues();
  void decodeMappingsAndFunctions();
  void decodeLocations();
  void decodeSamples();
  void finishSamples();
  void assignModulesToProcesses();
  void finishMeta();

  StringPair decodeValueType(protozero::pbf_reader reader);
  void decodeMapping(protozero::pbf_reader reader);
  void decodeFunction(protozero::pbf_reader reader);
  void decodeLocation(protozero::pbf_reader reader);
  void decodeSample(protozero::pbf_reader reader);
  uint32_t mappingContaining(uint64_t address) const;

  // Advances to the next field, recording where it starts for error messages.
  bool next(protozero::pbf_reader& reader);
  uint64_t varint(protozero::pbf_reader& reader);
  std::string_view bytesField(protozero::pbf_reader& reader);
  protozero::pbf_reader message(protozero::pbf_reader& reader);
  // Appends the values of a repeated integer field, packed or not, to `out`.
  void repeatedVarint(protozero::pbf_reader& reader, std::vector<uint64_t>& out);
  const std::string& str(int64_t index);
  void newId(std::unordered_map<uint64_t, uint32_t>& ids, uint64_t id, size_t index, const char* what);
  [[noreturn]] void fail(const std::string& what) const;

  std::string_view bytes_;
  const std::string& name_;
  size_t field_offset_ = 0;
  Profile profile_;
  ProfileBuilder builder_{profile_};

  std::vector<std::string> strings_;
  std::vector<StringPair> raw_sample_types_;
  StringPair period_type_{0, 0};
  int64_t period_ = 0, time_nanos_ = 0, duration_nanos_ = 0, default_sample_type_ = 0;
  std::vector<uint64_t> comments_;

  std::unordered_map<uint64_t, uint32_t> mapping_ids_, function_ids_, location_ids_;
  std::vector<std::pair<uint64_t, uint32_t>> mappings_by_start_;  // for mapping_id 0
  std::vector<RawSample> samples_;
  std::vector<uint32_t> scratch_stack_;
  std::vector<uint64_t> scratch_ids_, scratch_values_;
  size_t values_per_sample_ = 0, count_index_ = SIZE_MAX, time_index_ = SIZE_MAX;
  uint64_t period_ns_ = 0;
};

}  // namespace pprof::formats
