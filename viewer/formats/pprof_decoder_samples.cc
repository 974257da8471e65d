// The second half of PprofDecoder: locations, samples (labels to processes and threads) and the
// conversion of sample values into weights and a period.
#include <protozero/pbf_reader.hpp>

#include <algorithm>
#include <cmath>

#include "formats/pprof_decoder.h"

namespace pprof::formats {
namespace {

using protozero::pbf_reader;

int32_t clampToInt32(int64_t v) { return static_cast<int32_t>(std::clamp<int64_t>(v, INT32_MIN, INT32_MAX)); }

}  // namespace

uint32_t PprofDecoder::mappingContaining(uint64_t address) const {
  auto it = std::upper_bound(mappings_by_start_.begin(), mappings_by_start_.end(),
                             std::make_pair(address, UINT32_MAX));
  if (it == mappings_by_start_.begin()) return kNone;
  --it;
  return address < profile_.modules[it->second].end ? it->second : kNone;
}

void PprofDecoder::decodeLocations() {
  pbf_reader r(bytes_.data(), bytes_.size());
  while (next(r)) {
    if (r.tag() == pf::kLocation) decodeLocation(message(r));
    else r.skip();
  }
}

void PprofDecoder::decodeLocation(pbf_reader r) {
  const size_t start_offset = field_offset_;
  uint64_t id = 0, mapping_id = 0, address = 0;
  Location location;
  while (next(r)) {
    switch (r.tag()) {
      case pf::kLocationId: id = varint(r); break;
      case pf::kLocationMappingId: mapping_id = varint(r); break;
      case pf::kLocationAddress: address = varint(r); break;
      case pf::kLocationLine: {
        pbf_reader line = message(r);
        uint64_t function_id = 0;
        int64_t number = 0;
        while (next(line)) {
          if (line.tag() == pf::kLineFunctionId) function_id = varint(line);
          else if (line.tag() == pf::kLineLine) number = static_cast<int64_t>(varint(line));
          else line.skip();
        }
        auto it = function_ids_.find(function_id);
        if (it == function_ids_.end()) fail("unknown function id " + std::to_string(function_id));
        location.lines.push_back({it->second, static_cast<uint32_t>(std::clamp<int64_t>(number, 0, UINT32_MAX))});
        break;
      }
      default: r.skip();
    }
  }
  field_offset_ = start_offset;
  if (mapping_id != 0) {
    auto it = mapping_ids_.find(mapping_id);
    if (it == mapping_ids_.end()) fail("unknown mapping id " + std::to_string(mapping_id));
    location.module = it->second;
  } else {
    location.module = mappingContaining(address);  // pprof: mapping 0 means "find it by address"
  }
  location.address = address;
  if (location.module != kNone) {
    uint64_t bias = profile_.modules[location.module].bias;
    if (address >= bias) location.address = address - bias;
    else location.module = kNone;  // cannot be an address of that module; keep it absolute
  }
  newId(location_ids_, id, profile_.locations.size(), "location");
  profile_.locations.push_back(std::move(location));
}

void PprofDecoder::decodeSamples() {
  pbf_reader r(bytes_.data(), bytes_.size());
  while (next(r)) {
    if (r.tag() == pf::kSample) decodeSample(message(r));
    else r.skip();
  }
}

void PprofDecoder::decodeSample(pbf_reader r) {
  const size_t start_offset = field_offset_;
  scratch_ids_.clear();
  scratch_values_.clear();
  int64_t pid = 0, tid = 0, timestamp = 0;
  std::string_view thread_name;
  while (next(r)) {
    switch (r.tag()) {
      case pf::kSampleLocationId: repeatedVarint(r, scratch_ids_); break;
      case pf::kSampleValue: repeatedVarint(r, scratch_values_); break;
      case pf::kSampleLabel: {
        pbf_reader label = message(r);
        int64_t key = 0, str_index = 0, num = 0;
        while (next(label)) {
          if (label.tag() == pf::kLabelKey) key = static_cast<int64_t>(varint(label));
          else if (label.tag() == pf::kLabelStr) str_index = static_cast<int64_t>(varint(label));
          else if (label.tag() == pf::kLabelNum) num = static_cast<int64_t>(varint(label));
          else label.skip();
        }
        const std::string& name = str(key);
        if (name == "pid") pid = num;
        else if (name == "tid") tid = num;
        else if (name == "timestamp_ns") timestamp = num;
        else if (name == "thread" || name == "thread_name") thread_name = str(str_index);
        break;
      }
      default: r.skip();
    }
  }
  field_offset_ = start_offset;
  scratch_stack_.clear();
  for (uint64_t id : scratch_ids_) {
    auto it = location_ids_.find(id);
    if (it == location_ids_.end()) fail("sample: unknown location id " + std::to_string(id));
    scratch_stack_.push_back(it->second);
  }
  if (scratch_values_.size() != values_per_sample_)
    fail("sample has " + std::to_string(scratch_values_.size()) + " values for " +
         std::to_string(values_per_sample_) + " sample types");
  if (scratch_stack_.empty()) {  // the model wants a frame; keep the weight visible
    uint32_t function = builder_.function("[no stack]");
    scratch_stack_.push_back(builder_.location(kNone, 0, function));
  }
  uint32_t process = builder_.process(clampToInt32(pid));
  uint32_t thread = builder_.thread(process, clampToInt32(tid), thread_name);
  uint32_t stack = builder_.stack(scratch_stack_);
  auto value = [&](size_t index) { return index == SIZE_MAX ? 0 : static_cast<int64_t>(scratch_values_[index]); };
  int64_t count = value(count_index_), time = value(time_index_);
  samples_.push_back({stack, thread, static_cast<uint64_t>(std::max<int64_t>(timestamp, 0)), count, time});
}

void PprofDecoder::finishSamples() {
  field_offset_ = 0;
  if (time_index_ != SIZE_MAX) {
    const bool period_in_ns = str(period_type_.second) == "nanoseconds" && period_ > 0;
    if (period_in_ns) {
      period_ns_ = static_cast<uint64_t>(period_);
    } else if (count_index_ != SIZE_MAX) {  // average time per counted sample
      uint64_t total_time = 0, total_count = 0;
      for (const RawSample& s : samples_) {
        if (s.count > 0 && s.time > 0) total_time += static_cast<uint64_t>(s.time), total_count += static_cast<uint64_t>(s.count);
      }
      period_ns_ = total_count ? std::max<uint64_t>(1, total_time / total_count) : 1000000;
    } else {
      period_ns_ = 1000000;  // no hint at all: 1 ms per weight unit
    }
  } else if (str(period_type_.second) == "nanoseconds" && period_ > 0) {
    period_ns_ = static_cast<uint64_t>(period_);
  }
  for (const RawSample& s : samples_) {
    uint64_t weight = 0;
    if (time_index_ != SIZE_MAX) {
      if (s.time > 0) weight = std::max<uint64_t>(1, (static_cast<uint64_t>(s.time) + period_ns_ / 2) / period_ns_);
    } else if (s.count > 0) {
      weight = static_cast<uint64_t>(s.count);
    }
    if (weight == 0) continue;  // pprof allows zero and negative (diff) values; they carry no time
    if (weight > UINT32_MAX) fail("sample value " + std::to_string(weight) + " periods is too large");
    builder_.sample(s.stack, s.thread, static_cast<uint32_t>(weight), s.timestamp_ns);
  }
  assignModulesToProcesses();
}

// Modules belong to one process in the model, pprof mappings to none: each module goes to the
// process of the first sample that runs in it (our own exports round-trip exactly), else to
// the first process.
void PprofDecoder::assignModulesToProcesses() {
  if (profile_.modules.empty()) return;
  if (profile_.processes.empty()) builder_.process(0);
  std::vector<uint32_t> stack_process(profile_.stacks.size(), kNone);
  for (const Sample& s : profile_.samples)
    if (stack_process[s.stack] == kNone) stack_process[s.stack] = profile_.threads[s.thread].process;
  std::vector<bool> assigned(profile_.modules.size());
  for (size_t i = 0; i < profile_.stacks.size(); ++i) {
    if (stack_process[i] == kNone) continue;
    for (uint32_t location : profile_.stacks[i].locations) {
      uint32_t module = profile_.locations[location].module;
      if (module == kNone || assigned[module]) continue;
      assigned[module] = true;
      profile_.modules[module].process = stack_process[i];
    }
  }
}

void PprofDecoder::finishMeta() {
  Meta& meta = profile_.meta;
  meta.producer = "pprof";
  for (uint64_t comment : comments_) {
    const std::string& text = str(static_cast<int64_t>(comment));
    if (text.rfind("producer: ", 0) == 0) meta.producer = text.substr(10);
  }
  meta.period_ns = period_ns_;
  meta.frequency_hz = period_ns_ ? static_cast<uint32_t>((1000000000 + period_ns_ / 2) / period_ns_) : 0;
  meta.start_realtime_ns = static_cast<uint64_t>(std::max<int64_t>(time_nanos_, 0));
  meta.duration_ns = static_cast<uint64_t>(std::max<int64_t>(duration_nanos_, 0));
  meta.complete = true;
}

}  // namespace pprof::formats
