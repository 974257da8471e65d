// Sampler configuration, parsed from the PPROF_SAMPLER environment variable
// ("socket=NAME;hz=1000;mode=cpu;..."; keys documented in README.md).
//
// Constraints: runs inside the preloaded library's constructor, before the program's main, so
// it must not allocate, throw or print. Pure function of its input, unit-tested on its own.
#pragma once

#include <cstdint>

namespace pprof::sampler {

enum class ConfigMode : uint32_t { kCpu = 1, kWall = 2 };
enum class ClockChoice : uint32_t { kAuto = 0, kPerf = 1, kPosix = 2 };
enum class BenchMode : uint32_t { kNone = 0, kEmptyHandler = 1 };

struct Config {
  char socket_name[108] = {};  // abstract socket name without the leading NUL
  uint32_t hz = 1000;
  ConfigMode mode = ConfigMode::kCpu;
  ClockChoice clock = ClockChoice::kAuto;
  BenchMode bench = BenchMode::kNone;
  uint32_t drain_ms = 50;
  uint32_t scan_ms = 500;       // how often /proc/self/task is rescanned
  uint32_t ring_kib = 256;      // per-thread sample ring
  int32_t signal = 0;           // 0 = first free real-time signal from SIGRTMIN+4
  bool debug = false;           // one-line diagnostics on stderr (never on by default)
  bool regions_only = false;    // sample only while a region is open (profiler API)
  bool python = true;           // record CPython frames when the image runs CPython
};

// Parses `text`; returns false (leaving `out` unspecified) when the text is malformed, a key is
// unknown, or a value is out of range. `socket` is required.
bool parseConfig(const char* text, Config* out);

}  // namespace pprof::sampler
