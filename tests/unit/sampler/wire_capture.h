// Test helper: runs a program with the sampler preloaded against a private abstract socket,
// captures its stdout and exit status, and decodes every connection's wire records.
// Stands in for the collector, so the sampler's contract is tested on its own.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <vector>

#include "wire/wire.h"

namespace pprof::sampler::test {

struct DecodedSample {
  int32_t tid = 0;
  wire::SampleHeader header{};
  std::vector<uint64_t> pcs;
};

struct DecodedModule {
  wire::Module record{};
  std::string path;
};

struct DecodedThread {
  wire::Thread record{};
};

struct DecodedRegion {
  wire::Region record{};
  std::string name;
};

struct Connection {
  std::vector<uint16_t> record_types;  // in stream order
  bool has_hello = false;
  wire::Hello hello{};
  std::string exe_path;
  std::vector<DecodedModule> modules;  // every Module record, in order
  std::vector<DecodedSample> samples;
  std::vector<DecodedThread> threads;
  std::vector<wire::Lost> lost;
  std::vector<DecodedRegion> regions;  // Region records, in stream order
  bool has_goodbye = false;
  wire::Goodbye goodbye{};
  bool malformed = false;
  // Samples with a PC outside every module announced (and not unloaded) before the sample.
  size_t pcs_outside_known_modules = 0;
};

struct RunResult {
  int exit_status = -1;  // exit code, or 128 + signal
  std::string stdout_text;
  std::vector<Connection> connections;  // in accept order
};

// Runs argv with LD_PRELOAD=sampler and PPROF_SAMPLER="socket=<private>;<extra_config>".
RunResult runWithSampler(const std::string& sampler, const std::vector<std::string>& argv,
                         const std::string& extra_config);

Connection decodeStream(const std::string& bytes);

}  // namespace pprof::sampler::test
