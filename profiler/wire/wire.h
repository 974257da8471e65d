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
// Deeper stacks are cut and flagged kSampleTruncated. 512: Python start-up (nested imports, about
// 12 native frames each) reaches 250 native frames in dask workers; 128 cut 11% of their stacks.
constexpr uint32_t kMaxFrames = 512;
constexpr uint32_t kMaxPythonFrames = 1024;  // Python frames per sample; deeper ones are cut too
// Largest record the sampler's rings carry: a sample (native PCs, the PythonSection word and the
// Python frames) or a PyCode record with its names and line table (see PyCode's caps).
constexpr uint32_t kMaxRingRecordWords = 8192;
constexpr uint32_t kMaxSampleWords = kMaxFrames + 1 + kMaxPythonFrames;  // a sample's pcs[]
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
  kPyCode = 9,        // a Python code object, sent by a thread before its first sample using it
  kPython = 10,       // the CPython found in this process image (or why it cannot be read)
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
  // With kSampleIdle | kSampleSyncWait: blocked in CPython's take_gil (its futex is the GIL's
  // condition variable or mutex), waiting for another thread to release the GIL.
  kSampleGilWait = 1 << 7,
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

// With kSamplePython, pcs[0] of a sample is this word: how many native PCs follow it, then how
// many Python frame words follow those. Python frame words, leaf first, pack a code object's
// address (bits 63..20: address >> 3), lasti + 1 (bits 19..1, in code units, saturated) and the
// entry bit (bit 0: the first frame its eval activation ran).
struct PythonSection {
  static uint64_t make(uint32_t native, uint32_t python, uint32_t flags) {
    return uint64_t{native & 0xffff} | uint64_t{python & 0xffff} << 16 | uint64_t{flags} << 32;
  }
  static uint32_t native(uint64_t w) { return static_cast<uint32_t>(w & 0xffff); }
  static uint32_t python(uint64_t w) { return static_cast<uint32_t>((w >> 16) & 0xffff); }
  static uint32_t flags(uint64_t w) { return static_cast<uint32_t>(w >> 32); }
};
enum PythonSectionFlags : uint32_t {
  kPythonCut = 1,      // more than kMaxPythonFrames frames: the outermost are missing
  kPythonBroken = 2,   // the walk met something that is not a frame or a code object and stopped
};
struct PythonFrameWord {
  static uint64_t make(uint64_t code, int64_t lasti, bool entry) {
    uint64_t l = lasti < -1 ? 0 : static_cast<uint64_t>(lasti + 1);
    if (l > 0x7ffff) l = 0x7ffff;
    return (code >> 3) << 20 | l << 1 | (entry ? 1 : 0);
  }
  static uint64_t code(uint64_t w) { return (w >> 20) << 3; }
  static int32_t lasti(uint64_t w) { return static_cast<int32_t>((w >> 1) & 0x7ffff) - 1; }
  static bool entry(uint64_t w) { return (w & 1) != 0; }
};

// A code object, sent once per thread before that thread's first sample that uses it (again
// when its address was freed and reused, or after a fork). Followed by qualname, filename and
// line table bytes. Strings are CPython's compact storage: `*_kind` bytes per character (1:
// Latin-1, which includes ASCII, 2: UCS-2, 4: UCS-4); the collector makes UTF-8 of them.
struct PyCode {
  RecordHeader header;
  int32_t tid;              // the thread whose samples refer to it
  int32_t firstlineno;
  uint64_t code;            // the code object's address (as PythonFrameWord::code gives it)
  uint32_t qualname_len;    // bytes; at most kMaxPyNameBytes (cut there)
  uint32_t filename_len;
  uint32_t linetable_len;   // bytes; at most kMaxPyLineTableBytes (cut: later lines unknown)
  uint8_t qualname_kind;
  uint8_t filename_kind;
  uint8_t line_format;      // python::LineTableFormat
  uint8_t reserved;
};
constexpr uint32_t kMaxPyNameBytes = 1024;
constexpr uint32_t kMaxPyLineTableBytes = 24 * 1024;

enum class PythonStatus : uint32_t {
  kReadable = 1,        // frames are recorded
  kUnsupported = 2,     // a version the layout table does not know
  kFreeThreaded = 3,    // a free-threaded build (no GIL, other layouts)
  kInvalid = 4,         // the layout did not validate against the running interpreter
  kDisabled = 5,        // pprof-run --no-python
};

// Sent after Hello when the image contains CPython. Followed by a note (note_len bytes): why
// frames are missing, empty when kReadable.
struct Python {
  RecordHeader header;
  uint32_t major, minor, micro;
  PythonStatus status;
  uint32_t note_len;
  uint32_t reserved;
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
