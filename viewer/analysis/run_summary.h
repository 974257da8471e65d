// Whole-run totals for headers and the JSON "meta" object.
//
// Counting rules: `samples` is the summed weight (periods), the unit every other number uses;
// `sample_records` is the number of sample records, which differs when the POSIX-timer fallback
// weights a sample by 1 + overruns. Processes are distinct pids (an exec keeps its pid), threads
// distinct (pid, tid). CPU seconds: all weight in cpu mode; in wall mode only samples without
// kSampleIdle.
#pragma once

#include <cstdint>
#include <string>

#include "analysis/sample_totals.h"
#include "format/profile.h"

namespace pprof::analysis {

struct RunSummary {
  uint64_t samples = 0;         // summed weight
  uint64_t sample_records = 0;
  uint64_t processes = 0;
  uint64_t threads = 0;
  double wall_seconds = 0;      // meta.duration_ns
  double cpu_seconds = 0;
  uint32_t frequency_hz = 0;
  std::string mode;
  std::string clock;
  uint64_t lost_samples = 0;
  uint64_t truncated_stacks = 0;
  bool complete = false;        // false when the profile file ended early
  uint64_t start_realtime_ns = 0;  // wall-clock start of the run; 0 if unknown
  std::string host;             // Meta::host: the recording machine; empty if unknown or several
  uint64_t hosts = 0;           // distinct hosts of the processes (hostOf), unknown counted once
};

RunSummary summarizeRun(const Profile& profile, const SampleTotals& totals);

}  // namespace pprof::analysis
