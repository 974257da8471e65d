// The parallelism advisor's analysis: from the samples' timestamps and threads alone, how much of
// the run was serial, and which functions' serial time would pay to spread over N cores.
//
// Model (see ../shared/ARCHITECTURE.md section 8). Time is cut into bins (ten sample periods,
// at least 1 ms). Each sample stands for `weight` periods that end at its timestamp and is spread
// over the bins it covers, so a wall-mode idle sample (50 ms of off-CPU time reported at once)
// lands where the waiting happened. A sample is
//   - running: on CPU;
//   - waiting: off CPU (wall mode's idle samples) in something that is not another thread of
//     the run: sleep, I/O, poll. Waiting is work a thread pool or async could overlap;
//   - joined: off CPU in a synchronization wait (futex, condition variable, join, waitpid):
//     waiting for other threads or processes of the run, which are accounted for themselves.
//     The sampler flags these (wire::kSampleSyncWait, from the system call the thread is
//     blocked in); the stack cannot tell them, as an idle sample carries the last on-CPU stack.
// The activity of a bin is the running plus waiting time in it divided by the bin's length (in
// threads); a bin is serial when fewer than 1.5 threads were active (idle bins included), and
// the serial fraction is the serial bins' share of the wall time.
//
// Per function f: serial time S_f is the running and waiting time of samples with f on the stack
// that falls in serial bins. Spreading f's work over N cores removes at most S_f (1 - 1/N) of
// the wall time T, so the whole program's speedup is at most T / (T - S_f (1 - 1/N)) (Amdahl).
// Candidates are ranked by S_f. Not candidates: frames that hold nearly all of some thread's
// time and have almost no self time (thread roots that only pass it on: _start, main, clone, a
// thread's entry point), and of two candidates that
// are mostly the same work (90% of one's serial time is spent inside the other, and it is at
// least half of the other's), the inner one: the loop is reported, not the body it calls.
//
// Pure: a function of the profile and the core count the caller passes.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "analysis/frame_index.h"
#include "format/profile.h"

namespace pprof::analysis {

enum class ParallelKind {
  kCpu,      // running: processes or native threads
  kWaiting,  // off CPU in sleep or I/O: threads or async
};

struct SpeedupPrediction {
  uint32_t cores = 0;
  double speedup = 1;
};

struct ParallelCandidate {
  uint32_t frame = 0;       // FrameIndex id
  uint32_t line = 0;        // source line (per-line rows); for functions the start line
  double serial_seconds = 0;
  double parallel_seconds = 0;  // its running and waiting time in bins that were parallel
  double total_seconds = 0;     // serial + parallel
  double waiting_seconds = 0;   // the off-CPU part of total (wall mode)
  uint32_t threads = 0;         // distinct threads it was seen on
  ParallelKind kind = ParallelKind::kCpu;
  std::vector<SpeedupPrediction> predicted;  // one per requested core count
};

struct ConcurrencyBins {
  uint64_t bin_ns = 0;
  std::vector<float> running;  // threads on CPU, per bin
  std::vector<float> waiting;  // threads waiting (sleep, I/O), per bin
};

struct ParallelismReport {
  bool has_time = false;        // false: no timestamps or no period; nothing below is meaningful
  bool wall_mode = false;       // off-CPU time was sampled
  double wall_seconds = 0;
  double cpu_seconds = 0;
  double waiting_seconds = 0;
  double average_parallelism = 0;  // cpu / wall
  double serial_fraction = 0;
  uint32_t machine_cores = 0;
  std::vector<SpeedupPrediction> amdahl_bound;  // 1 / (s + (1 - s) / N)
  std::vector<ParallelCandidate> candidates;    // functions, best first
  std::vector<ParallelCandidate> lines;         // source lines, best first
  ConcurrencyBins concurrency;
  // Per frame id: the share of its time that fell in serial bins, -1 for frames never seen (for
  // the viewer's "paint by serial time" colour mode).
  std::vector<float> frame_serial_share;
  std::string warning;          // e.g. too short to tell; empty when none
};

struct ParallelismOptions {
  uint32_t machine_cores = 1;           // the N the report adds to 2, 4 and 8
  size_t max_candidates = 10;
  size_t max_lines = 10;
};

ParallelismReport analyzeParallelism(const Profile& profile, const FrameIndex& frames,
                                     const ParallelismOptions& options);

// T / (T - serial (1 - 1/N)).
double predictedSpeedup(double wall_seconds, double serial_seconds, uint32_t cores);

const char* parallelKindName(ParallelKind kind);    // "cpu" / "waiting"
const char* parallelKindAdvice(ParallelKind kind);  // what kind of parallelism it calls for

}  // namespace pprof::analysis
