// Test helper: a ProfWriter that builds the Profile in memory, so tests can inspect exactly
// what the collector wrote (and run checkValid on it) without going through a file.
#pragma once

#include "format/prof_file.h"
#include "format/profile.h"

namespace pprof::collector::testing {

class MemoryWriter : public ProfWriter {
 public:
  Profile profile;
  int flushes = 0;
  int meta_writes = 0;
  bool finished = false;

  Status writeMeta(const Meta& meta) override {
    profile.meta = meta;
    ++meta_writes;
    return Status::ok();
  }
  Result<uint32_t> addProcess(const Process& p) override { return add(profile.processes, p); }
  Status updateProcess(uint32_t id, const Process& p) override { return update(profile.processes, id, p); }
  Result<uint32_t> addThread(const Thread& t) override { return add(profile.threads, t); }
  Status updateThread(uint32_t id, const Thread& t) override { return update(profile.threads, id, t); }
  Result<uint32_t> addModule(const Module& m) override { return add(profile.modules, m); }
  using ProfWriter::addLocation;
  Result<uint32_t> addLocation(uint32_t module, uint64_t address, uint32_t flags) override {
    return add(profile.locations, Location{module, address, {}, flags});
  }
  Result<uint32_t> addStack(const Stack& s) override { return add(profile.stacks, s); }
  Status addSample(const Sample& s) override { return add(profile.samples, s).status(); }
  Result<uint32_t> addFunction(const Function& f) override { return add(profile.functions, f); }
  Status setLocationLines(uint32_t location, const std::vector<Line>& lines) override {
    if (location >= profile.locations.size()) return Status::error("no such location");
    profile.locations[location].lines = lines;
    return Status::ok();
  }
  Status addRegion(const Region& r) override {
    profile.regions.push_back(r);
    return Status::ok();
  }
  Status flush() override {
    ++flushes;
    return Status::ok();
  }
  Status finish() override {
    finished = true;
    profile.meta.complete = true;
    return Status::ok();
  }

 private:
  template <typename T>
  Result<uint32_t> add(std::vector<T>& v, const T& value) {
    v.push_back(value);
    return static_cast<uint32_t>(v.size() - 1);
  }
  template <typename T>
  Status update(std::vector<T>& v, uint32_t id, const T& value) {
    if (id >= v.size()) return Status::error("update of unknown id " + std::to_string(id));
    v[id] = value;
    return Status::ok();
  }
};

}  // namespace pprof::collector::testing
