// The one-line end-of-run summary pprof-run prints to stderr, and the "next:" hint. Pure
// formatting, so the wording is unit-tested.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace pprof::collector {

struct RunSummary {
  uint64_t samples = 0;
  uint64_t weight = 0;          // sampling periods
  uint64_t period_ns = 0;
  uint64_t threads = 0;
  uint64_t processes = 0;
  uint64_t lost = 0;
  uint64_t truncated = 0;
  uint64_t connections = 0;     // sampler connections (0: the sampler never loaded)
  uint64_t malformed_connections = 0;
  std::string mode = "cpu";
  std::string clock;
  uint32_t frequency_hz = 0;
  std::string output;
  std::vector<std::string> python_versions{};  // CPython versions seen ("3.11.7")
  uint64_t python_samples = 0;               // samples with Python frames
  bool python_off = false;                   // --no-python
};

// "pprof-run: 12,345 samples (12.3 s CPU) from 5 threads in 3 processes, 0 lost, 2 truncated,
// clock perf-task-clock @ 1000 Hz -> out.prof", or an explanation when nothing was sampled.
std::string formatSummary(const RunSummary& summary);

// "next: pprof-stats out.prof --sort time --top 10   or   pprof-view out.prof"
std::string formatNextSteps(const std::string& output);

// 12345 -> "12,345"
std::string withThousands(uint64_t value);

}  // namespace pprof::collector
