// Hand-built profiles for the analysis, viewer and server tests: a few lines per scenario
// instead of filling every vector of the model by hand. Defaults: cpu mode, 1000 Hz, period
// 1 ms, the given duration (2 s), one process (pid 100) with one thread (tid 100, "main"),
// complete; samples carry a timestamp and flags only when a test gives them.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "format/profile.h"

namespace pprof::testing {

class ProfileBuilder {
 public:
  explicit ProfileBuilder(uint64_t duration_ns = 2000000000) {
    p_.meta.producer = "test";
    p_.meta.frequency_hz = 1000;
    p_.meta.period_ns = 1000000;
    p_.meta.mode = "cpu";
    p_.meta.clock = "test-clock";
    p_.meta.duration_ns = duration_ns;
    p_.meta.complete = true;
    process(100);
    thread(0, 100, "main");
  }

  uint32_t process(int32_t pid) {
    Process proc;
    proc.pid = pid;
    p_.processes.push_back(proc);
    return static_cast<uint32_t>(p_.processes.size() - 1);
  }
  uint32_t thread(uint32_t process, int32_t tid, const std::string& name) {
    p_.threads.push_back({process, tid, name, 0, 0});
    return static_cast<uint32_t>(p_.threads.size() - 1);
  }
  uint32_t module(const std::string& path, uint32_t process = 0) {
    Module m;
    m.process = process;
    m.path = path;
    p_.modules.push_back(m);
    return static_cast<uint32_t>(p_.modules.size() - 1);
  }
  uint32_t function(const std::string& name, const std::string& file = "", uint32_t line = 0,
                    uint32_t module = kNone) {
    p_.functions.push_back({name, name, file, line, module});
    return static_cast<uint32_t>(p_.functions.size() - 1);
  }
  // A location whose inline chain is `functions`, innermost first.
  uint32_t location(std::vector<uint32_t> functions, uint32_t module = kNone, uint64_t address = 0) {
    Location loc;
    loc.module = module;
    loc.address = address ? address : 0x1000 + 0x10 * p_.locations.size();
    for (uint32_t f : functions) loc.lines.push_back({f, 10});
    p_.locations.push_back(loc);
    return static_cast<uint32_t>(p_.locations.size() - 1);
  }
  uint32_t unsymbolized(uint32_t module, uint64_t address) { return location({}, module, address); }
  // One location per function, each not inlined, reused across stacks: the common case.
  uint32_t stackOf(std::vector<uint32_t> functions_leaf_first) {
    Stack stack;
    for (uint32_t f : functions_leaf_first) stack.locations.push_back(locationOf(f));
    p_.stacks.push_back(stack);
    return static_cast<uint32_t>(p_.stacks.size() - 1);
  }
  uint32_t stack(std::vector<uint32_t> locations_leaf_first) {
    p_.stacks.push_back({std::move(locations_leaf_first)});
    return static_cast<uint32_t>(p_.stacks.size() - 1);
  }
  void sample(uint32_t stack, uint32_t weight = 1, uint32_t thread = 0, uint64_t ts = 0,
              uint16_t flags = 0) {
    p_.samples.push_back({stack, thread, ts, weight, flags});
  }
  void samples(uint32_t stack, int count, uint32_t thread = 0) {
    for (int i = 0; i < count; ++i) sample(stack, 1, thread);
  }

  Profile& profile() { return p_; }

  // The one plain (not inlined) location of `function` that stackOf() uses.
  uint32_t locationOf(uint32_t function) {
    if (function >= plain_location_.size()) plain_location_.resize(function + 1, kNone);
    if (plain_location_[function] == kNone) plain_location_[function] = location({function});
    return plain_location_[function];
  }

 private:

  Profile p_;
  std::vector<uint32_t> plain_location_;
};

}  // namespace pprof::testing
