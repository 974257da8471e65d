// The profile model: one in-memory description of a profiled run, shared by every reader,
// writer and analysis. Pure data plus an invariant check and a deterministic text dump; no I/O.
//
// Ids are indexes into the owning vector (Module 0 is modules[0], ...). Stacks are stored once
// and referenced by samples, so a run with millions of samples and few distinct stacks stays
// small. Addresses of a Location are ELF virtual addresses inside its module (runtime address
// minus the module's load bias), which is what a symbolizer needs and stays valid across runs.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/result.h"

namespace pprof {

constexpr uint32_t kNone = UINT32_MAX;  // "no id" for optional references

struct Meta {
  std::string producer;          // "pprof-run 0.1", "cProfile", ...
  uint32_t frequency_hz = 0;     // asked rate per thread; 0 when not a sampled profile
  std::string mode;              // "cpu" or "wall"
  std::string clock;             // "perf-task-clock", "posix-cpu-timer", ...
  uint64_t period_ns = 0;        // time one unit of weight stands for (1e9 / frequency_hz)
  uint64_t start_realtime_ns = 0;  // wall-clock time of the run's start
  uint64_t duration_ns = 0;      // wall time of the run (first start to last end)
  std::vector<std::string> command;  // argv of the profiled program
  uint64_t lost_samples = 0;     // dropped in the target (ring full, no slot, ...)
  uint64_t truncated_stacks = 0; // samples whose stack was cut or whose unwind failed
  bool complete = false;         // false when the file ended early (writer killed)
  bool regions_only = false;     // samples were taken only while a marked region was open
  // The machine that recorded it: its name (PPROF_HOST when set, else the host name) and
  // /proc/sys/kernel/random/boot_id (two hosts of one name, or one host rebooted, differ).
  // Empty when unknown (older files, other formats, a merge of several hosts).
  std::string host{};
  std::string boot_id{};
};

struct Process {
  int32_t pid = 0;
  int32_t ppid = 0;
  uint32_t parent = kNone;       // index of the parent process image in this profile, if known
  std::string executable;
  std::vector<std::string> command;
  uint64_t start_ns = 0;         // relative to the run's start
  uint64_t end_ns = 0;
  bool exec_replaced = false;    // this image ended by exec'ing another one (same pid)
  // CPython seen in this image: its version ("3.11.7"), empty if none was detected. A note says
  // why its Python frames are missing when they are ("unsupported version 3.14", ...).
  std::string python_version{};
  std::string python_note{};
  // The host it ran on when the profile merges several (analysis/merge_profiles.h); empty:
  // Meta::host. Not stored in out.prof (one file is one host).
  std::string host{};
};

struct Thread {
  uint32_t process = 0;          // index into Profile::processes
  int32_t tid = 0;
  std::string name;
  uint64_t start_ns = 0;
  uint64_t end_ns = 0;
};

struct Module {
  uint32_t process = 0;          // modules belong to one process image
  std::string path;
  std::string build_id;          // lowercase hex, empty if unknown
  uint64_t start = 0;            // runtime address range, as mapped in that process
  uint64_t end = 0;
  uint64_t bias = 0;             // runtime address = ELF virtual address + bias
};

// What a function is written in. Python functions come from the sampler's Python frame walker
// (profiler/python): name = co_qualname, file = co_filename, start_line = co_firstlineno, no
// module. Their locations are flagged kLocationPython.
enum class Language : uint8_t { kNative = 0, kPython = 1 };

struct Function {
  std::string name;              // demangled, e.g. "ns::Foo::bar(int)"
  std::string system_name;       // mangled (linkage) name, same as name for C
  std::string file;              // source file, empty if unknown
  uint32_t start_line = 0;
  uint32_t module = kNone;       // defining module, if known
  Language language = Language::kNative;
};

struct Line {
  uint32_t function = 0;         // index into Profile::functions
  uint32_t line = 0;             // 0 if unknown
};

// Location flags. A Python location is one line of one Python function (its only Line);
// `address` then holds nothing meaningful (0). kLocationPythonEntry marks a frame that was the
// first one run by its native eval activation (_PyEval_EvalFrameDefault): the merge of Python
// frames into native stacks (viewer/python) splits the Python stack at these.
constexpr uint32_t kLocationPython = 1u << 0;
constexpr uint32_t kLocationPythonEntry = 1u << 1;

struct Location {
  uint32_t module = kNone;       // kNone for addresses outside every known module
  uint64_t address = 0;          // ELF virtual address in the module (absolute if module==kNone)
  std::vector<Line> lines;       // inline chain: innermost (inlined callee) first, real function last
  uint32_t flags = 0;            // kLocationPython, kLocationPythonEntry
};

// As recorded: the native frames first (leaf first), then, for a sample of a thread running
// Python, that thread's Python frames (leaf first, every one a kLocationPython location). No
// native location follows a Python one. Readers that show merged stacks rebuild them from this
// (viewer/python/frame_views.h); the recorded form keeps everything the sampler saw.
struct Stack {
  std::vector<uint32_t> locations;  // leaf first
};

struct Sample {
  uint32_t stack = 0;            // index into Profile::stacks
  uint32_t thread = 0;           // index into Profile::threads
  uint64_t timestamp_ns = 0;     // relative to the run's start
  uint32_t weight = 1;           // periods; seconds = weight * period_ns / 1e9
  uint16_t flags = 0;            // wire::SampleFlags
};

// A named time range marked in the program with the profiler API (pprof_region_begin/end or
// pprof::Region). `thread` is the thread that marked it; the range itself applies to the whole
// run's timeline (every thread's samples in [start_ns, end_ns) fall inside it). Regions of one
// thread nest; a region still open when its process ended ends at the process's end.
struct Region {
  std::string name;
  uint32_t thread = 0;           // index into Profile::threads
  uint64_t start_ns = 0;         // relative to the run's start
  uint64_t end_ns = 0;           // >= start_ns
};

// Deterministic call statistics, as cProfile records them and pstats prints them: exact call
// counts and times per function and per caller edge. Only deterministic inputs (cProfile/pstats
// dumps) fill them; sampled profiles leave Profile::call_stats empty. Not stored in out.prof.
struct CallerStats {
  uint32_t caller = 0;           // index into Profile::functions
  uint64_t calls = 0;            // nc: calls of the function made by this caller
  uint64_t primitive_calls = 0;  // cc: the non-recursive ones among them
  double self_seconds = 0;       // tt: the function's own time in those calls
  double total_seconds = 0;      // ct: the function's time including its callees
};

struct CallStats {
  uint32_t function = 0;         // index into Profile::functions
  uint64_t calls = 0;            // nc (pstats' ncalls before the '/')
  uint64_t primitive_calls = 0;  // cc (after the '/')
  double self_seconds = 0;       // tt (tottime)
  double total_seconds = 0;      // ct (cumtime)
  std::vector<CallerStats> callers;
};

struct Profile {
  Meta meta;
  std::vector<Process> processes;
  std::vector<Thread> threads;
  std::vector<Module> modules;
  std::vector<Function> functions;
  std::vector<Location> locations;
  std::vector<Stack> stacks;
  std::vector<Sample> samples;
  std::vector<Region> regions;        // in the order they ended
  std::vector<CallStats> call_stats;  // deterministic inputs only; see CallStats
};

// The host a process ran on: its own in a merged profile, else the profile's.
inline const std::string& hostOf(const Profile& profile, uint32_t process) {
  if (process < profile.processes.size() && !profile.processes[process].host.empty()) {
    return profile.processes[process].host;
  }
  return profile.meta.host;
}

// Every reference in range, stacks non-empty, samples in range, and so on. Returns the first
// violation found, e.g. "sample 12: stack 99 out of range (3 stacks)".
Status checkValid(const Profile& profile);

// Deterministic, human-readable dump of everything in the profile, for golden tests.
std::string dumpText(const Profile& profile);

}  // namespace pprof
