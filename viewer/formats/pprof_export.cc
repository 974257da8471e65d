// Encoding with protozero. Ids in the file are our vector indexes + 1 (pprof reserves 0).
// String table entries are interned as they are met and written last: field order inside a
// protobuf message is free, and every pprof reader resolves strings after decoding.
#include "formats/pprof_export.h"

#include <protozero/pbf_writer.hpp>

#include <unordered_map>
#include <vector>

#include "formats/gzip.h"
#include "formats/pprof_fields.h"

namespace pprof::formats {
namespace {

using protozero::pbf_writer;

class StringTable {
 public:
  StringTable() { index(""); }
  int64_t index(const std::string& s) {
    auto [it, added] = ids_.try_emplace(s, static_cast<int64_t>(strings_.size()));
    if (added) strings_.push_back(s);
    return it->second;
  }
  void write(pbf_writer& profile) const {
    for (const std::string& s : strings_) profile.add_string(pf::kStringTable, s);
  }

 private:
  std::unordered_map<std::string, int64_t> ids_;
  std::vector<std::string> strings_;
};

void writeValueType(pbf_writer& parent, uint32_t field, StringTable& strings, const char* type, const char* unit) {
  pbf_writer vt(parent, field);
  vt.add_int64(pf::kValueTypeType, strings.index(type));
  vt.add_int64(pf::kValueTypeUnit, strings.index(unit));
}

struct MappingSymbols {
  bool functions = false, filenames = false, line_numbers = false;
};

void writeMappings(pbf_writer& out, const Profile& p, StringTable& strings) {
  std::vector<MappingSymbols> symbols(p.modules.size());
  for (const Location& location : p.locations) {
    if (location.module == kNone || location.lines.empty()) continue;
    MappingSymbols& s = symbols[location.module];
    s.functions = true;
    for (const Line& line : location.lines) {
      s.filenames |= !p.functions[line.function].file.empty();
      s.line_numbers |= line.line != 0;
    }
  }
  for (size_t i = 0; i < p.modules.size(); ++i) {
    const Module& m = p.modules[i];
    pbf_writer mapping(out, pf::kMapping);
    mapping.add_uint64(pf::kMappingId, i + 1);
    mapping.add_uint64(pf::kMappingStart, m.start);
    mapping.add_uint64(pf::kMappingLimit, m.end);
    // pprof maps runtime addresses to the file as address - start + file_offset; with the ELF
    // address = runtime - bias, this offset makes that the ELF address (exact for the usual
    // layouts where the first segment's file offset equals its virtual address).
    mapping.add_uint64(pf::kMappingOffset, m.start >= m.bias ? m.start - m.bias : 0);
    mapping.add_int64(pf::kMappingFilename, strings.index(m.path));
    mapping.add_int64(pf::kMappingBuildId, strings.index(m.build_id));
    mapping.add_bool(pf::kMappingHasFunctions, symbols[i].functions);
    mapping.add_bool(pf::kMappingHasFilenames, symbols[i].filenames);
    mapping.add_bool(pf::kMappingHasLineNumbers, symbols[i].line_numbers);
    mapping.add_bool(pf::kMappingHasInlineFrames, symbols[i].functions);
  }
}

void writeLocations(pbf_writer& out, const Profile& p) {
  for (size_t i = 0; i < p.locations.size(); ++i) {
    const Location& l = p.locations[i];
    pbf_writer location(out, pf::kLocation);
    location.add_uint64(pf::kLocationId, i + 1);
    uint64_t address = l.address;
    if (l.module != kNone) {
      location.add_uint64(pf::kLocationMappingId, uint64_t{l.module} + 1);
      address += p.modules[l.module].bias;
    }
    location.add_uint64(pf::kLocationAddress, address);
    for (const Line& line : l.lines) {  // both innermost first
      pbf_writer entry(location, pf::kLocationLine);
      entry.add_uint64(pf::kLineFunctionId, uint64_t{line.function} + 1);
      entry.add_int64(pf::kLineLine, line.line);
    }
  }
}

void writeFunctions(pbf_writer& out, const Profile& p, StringTable& strings) {
  for (size_t i = 0; i < p.functions.size(); ++i) {
    const Function& f = p.functions[i];
    pbf_writer function(out, pf::kFunction);
    function.add_uint64(pf::kFunctionId, i + 1);
    function.add_int64(pf::kFunctionName, strings.index(f.name));
    function.add_int64(pf::kFunctionSystemName, strings.index(f.system_name.empty() ? f.name : f.system_name));
    function.add_int64(pf::kFunctionFilename, strings.index(f.file));
    function.add_int64(pf::kFunctionStartLine, f.start_line);
  }
}

void writeLabel(pbf_writer& sample, int64_t key, int64_t num, int64_t str) {
  pbf_writer label(sample, pf::kSampleLabel);
  label.add_int64(pf::kLabelKey, key);
  if (str != 0) label.add_int64(pf::kLabelStr, str);
  else label.add_int64(pf::kLabelNum, num);
}

struct MergedSample {
  uint32_t stack, thread;
  uint64_t weight, timestamp_ns;
};

// Samples to write: merged per (stack, thread) in first-seen order unless timestamps are kept.
std::vector<MergedSample> mergeSamples(const Profile& p, bool keep_timestamps) {
  std::vector<MergedSample> out;
  out.reserve(keep_timestamps ? p.samples.size() : p.stacks.size());
  std::unordered_map<uint64_t, size_t> index;
  for (const Sample& s : p.samples) {
    if (!keep_timestamps) {
      auto [it, added] = index.try_emplace((uint64_t{s.stack} << 32) | s.thread, out.size());
      if (!added) {
        out[it->second].weight += s.weight;
        continue;
      }
    }
    out.push_back({s.stack, s.thread, s.weight, s.timestamp_ns});
  }
  return out;
}

void writeSamples(pbf_writer& out, const Profile& p, StringTable& strings, const PprofExportOptions& options) {
  const bool keep_timestamps = options.timestamps;
  const int64_t base_key = options.base_threads ? strings.index("pprof::base") : 0;
  const int64_t base_value = options.base_threads ? strings.index("true") : 0;
  const int64_t pid_key = strings.index("pid"), tid_key = strings.index("tid");
  const int64_t thread_key = strings.index("thread");
  const int64_t timestamp_key = keep_timestamps ? strings.index("timestamp_ns") : 0;
  std::vector<uint64_t> ids;
  for (const MergedSample& s : mergeSamples(p, keep_timestamps)) {
    const Thread& thread = p.threads[s.thread];
    pbf_writer sample(out, pf::kSample);
    ids.clear();
    for (uint32_t location : p.stacks[s.stack].locations) ids.push_back(uint64_t{location} + 1);
    sample.add_packed_uint64(pf::kSampleLocationId, ids.begin(), ids.end());
    const int64_t sign = s.thread < options.base_threads ? -1 : 1;
    int64_t values[2] = {sign * static_cast<int64_t>(s.weight), sign * static_cast<int64_t>(s.weight * p.meta.period_ns)};
    sample.add_packed_int64(pf::kSampleValue, values, values + (p.meta.period_ns ? 2 : 1));
    writeLabel(sample, pid_key, p.processes[thread.process].pid, 0);
    writeLabel(sample, tid_key, thread.tid, 0);
    if (!thread.name.empty()) writeLabel(sample, thread_key, 0, strings.index(thread.name));
    if (keep_timestamps) writeLabel(sample, timestamp_key, static_cast<int64_t>(s.timestamp_ns), 0);
    if (sign < 0) writeLabel(sample, base_key, 0, base_value);
  }
}

}  // namespace

Result<std::string> encodePprof(const Profile& p, const PprofExportOptions& options) {
  Status valid = checkValid(p);
  if (!valid) return valid.withContext("pprof export");
  std::string bytes;
  {
    pbf_writer profile(bytes);
    StringTable strings;
    const char* time_type = p.meta.mode == "wall" ? "wall" : "cpu";
    writeValueType(profile, pf::kSampleType, strings, "samples", "count");
    if (p.meta.period_ns) writeValueType(profile, pf::kSampleType, strings, time_type, "nanoseconds");
    writeSamples(profile, p, strings, options);
    writeMappings(profile, p, strings);
    writeLocations(profile, p);
    writeFunctions(profile, p, strings);
    profile.add_int64(pf::kTimeNanos, static_cast<int64_t>(p.meta.start_realtime_ns));
    profile.add_int64(pf::kDurationNanos, static_cast<int64_t>(p.meta.duration_ns));
    if (p.meta.period_ns) {
      writeValueType(profile, pf::kPeriodType, strings, time_type, "nanoseconds");
      profile.add_int64(pf::kPeriod, static_cast<int64_t>(p.meta.period_ns));
      profile.add_int64(pf::kDefaultSampleType, strings.index(time_type));
    }
    if (!p.meta.producer.empty()) profile.add_int64(pf::kComment, strings.index("producer: " + p.meta.producer));
    strings.write(profile);
  }
  if (!options.gzip) return bytes;
  return gzipCompress(bytes);
}

}  // namespace pprof::formats
