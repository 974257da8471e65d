// The stream a sampled process sends to the collector (pprof-run) over a Unix stream socket.
//
// One connection per process image: a forked child opens its own connection, and so does a
// program after exec (same pid, new image). Records are written in the order things happened
// in that process; a Module record is always sent before any Sample whose PCs fall into it.
//
// Constraints: plain trivially-copyable structs, native byte order (both ends run on the same
// machine), no pointers. The sampler builds these in preallocated buffers without malloc, so
// nothing here may allocate. This is a private transport, not a file format: out.prof
// (profiler/format/FORMAT.md) is what is stored.
#pragma once

#include <cstdint>

namespace pprof::wire {

// Environment variables set by pprof-run for the preloaded sampler. The sampler leaves them
// in the environment so that exec'ed programs load the sampler again and join the same run.
//   PPROF_SAMPLER="socket=NAME;hz=1000;mode=cpu"
// NAME is a Linux abstract socket name (no leading NUL in the variable; the sampler adds it).
constexpr const char kEnvConfig[] = "PPROF_SAMPLER";

constexpr uint32_t kProtocolVersion = 1;
constexpr uint32_t kMaxFrames = 128;   // deeper stacks are cut and flagged kSampleTruncated
constexpr uint32_t kMaxPathBytes = 4096;

enum class RecordType : uint16_t {
  kHello = 1,         // first record of every connection
  kModule = 2,        // an ELF object mapped into the process (exe, shared lib, dlopen'ed lib)
  kModuleUnload = 3,  // dlclose removed an object
  kSamples = 4,       // a batch of samples from one thread
  kThread = 5,        // a thread was seen / renamed / exited
  kLost = 6,          // samples dropped in the process (ring full, unwinder refused, ...)
  kGoodbye = 7,       // orderly end of this process image (exit, _exit, exec)
  kRegion = 8,        // a thread entered or left a region marked with the profiler API
};

// Every record starts with this header; `size` counts the header and the payload.
struct RecordHeader {
  uint16_t type;
  uint16_t reserved;
  uint32_t size;
};

enum class ClockKind : uint32_t {
  // Both modes: wall mode runs on these CPU clocks too (Hello.mode says which mode).
  // Values 2 and 4 were never-chosen kinds and are not reused.
  kPerfTaskClock = 1,   // perf_event_open PERF_COUNT_SW_TASK_CLOCK, per thread
  kPosixCpuTimer = 3,   // timer_create(CLOCK_THREAD_CPUTIME_ID) fallback, ~250 Hz cap
};

enum class Mode : uint32_t { kCpu = 1, kWall = 2 };

// Followed by the executable path (exe_path_len bytes, no NUL) and then the command line
// (cmdline_len bytes, arguments separated by NUL).
struct Hello {
  RecordHeader header;
  uint32_t protocol_version;
  int32_t pid;
  int32_t ppid;
  uint32_t hz;
  Mode mode;
  ClockKind clock;
  int32_t signal;            // the signal the sampler uses
  uint32_t exe_path_len;
  uint32_t cmdline_len;
  uint32_t reserved;
  uint64_t start_monotonic_ns;  // CLOCK_MONOTONIC when the sampler started in this image
  uint64_t start_realtime_ns;   // CLOCK_REALTIME at the same moment
};

// An ELF object as dl_iterate_phdr reports it. Runtime address = ELF virtual address + bias.
// [start, end) is the union of its PT_LOAD segments at run time. Followed by path bytes.
struct Module {
  RecordHeader header;
  uint64_t bias;
  uint64_t start;
  uint64_t end;
  uint32_t path_len;
  uint8_t build_id_len;   // 0 if the object has no NT_GNU_BUILD_ID note
  uint8_t reserved[3];
  uint8_t build_id[32];
};

struct ModuleUnload {
  RecordHeader header;
  uint64_t bias;
  uint64_t start;
  uint64_t end;
};

enum SampleFlags : uint16_t {
  kSampleTruncated = 1 << 0,     // stack deeper than kMaxFrames: outermost frames missing
  kSampleUnwindFailed = 1 << 1,  // the unwinder stopped early (no unwind info, bad stack)
  kSampleInLoader = 1 << 2,      // thread was inside dlopen/dlclose/dl_iterate_phdr: leaf PC only
  kSampleIdle = 1 << 3,          // wall mode: thread was off CPU, stack is its last known one
  // With kSampleIdle: the thread was blocked in a synchronization wait (futex, wait4, waitid,
  // sigwait), i.e. waiting for other threads or processes, not for the outside world.
  kSampleSyncWait = 1 << 4,
  // The thread had a CPython thread state at the sample, so kSampleGil is meaningful. On the
  // wire (not in out.prof) pcs[0] is then a PythonSection word and the Python frames follow
  // the native PCs (see PythonSection).
  kSamplePython = 1 << 5,
  kSampleGil = 1 << 6,           // with kSamplePython: the thread held the GIL
};

// One sample inside a kSamples batch. Followed by `nframes` uint64 PCs, leaf first.
// pcs[0] is the interrupted instruction; pcs[1..] are return addresses (caller frames).
struct SampleHeader {
  uint64_t timestamp_ns;  // CLOCK_MONOTONIC
  uint32_t weight;        // number of sampling periods this sample stands for (1 + overruns)
  uint16_t flags;         // SampleFlags
  uint16_t nframes;
};

// Followed by `count` samples (SampleHeader + PCs each), all from thread `tid`.
struct Samples {
  RecordHeader header;
  int32_t tid;
  uint32_t count;
};

enum class ThreadEvent : uint32_t { kSeen = 1, kRenamed = 2, kExited = 3 };

struct Thread {
  RecordHeader header;
  int32_t tid;
  ThreadEvent event;
  uint64_t timestamp_ns;  // CLOCK_MONOTONIC
  char name[16];          // NUL-terminated comm name (TASK_COMM_LEN)
};

enum class LostReason : uint32_t { kRingFull = 1, kNoSlot = 2, kUnwindRefused = 3 };

struct Lost {
  RecordHeader header;
  int32_t tid;
  LostReason reason;
  uint64_t count;
};

// Totals from the sampler's side, so the collector can report what never made it.
struct Goodbye {
  RecordHeader header;
  uint64_t signals_handled;
  uint64_t samples_recorded;
  uint64_t samples_lost;
  uint32_t threads_seen;
  int32_t reason;  // 0 exit/atexit, 1 _exit, 2 exec
};

enum class RegionEvent : uint32_t { kBegin = 1, kEnd = 2 };

constexpr uint32_t kMaxRegionName = 255;  // longer names are cut by the sampler

// pprof_region_begin/end (profiler/api). Regions nest per thread: an end closes the innermost
// region the thread has open. kBegin is followed by the name (name_len bytes, no NUL); kEnd
// carries no name (name_len 0).
struct Region {
  RecordHeader header;
  int32_t tid;
  RegionEvent event;
  uint64_t timestamp_ns;  // CLOCK_MONOTONIC
  uint32_t name_len;
  uint32_t reserved;
};

}  // namespace pprof::wire
