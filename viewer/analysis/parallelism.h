// The parallelism advisor's analysis: from the samples' timestamps, threads and GIL bits alone,
// how much of the run was serial, which places in the call tree own that serial time, and what
// spreading each over N cores would gain, with threads and with processes.
//
// Model (see ../shared/ARCHITECTURE.md section 8). Time is cut into bins (ten sample periods,
// at least 1 ms). Each sample stands for `weight` periods that end at its timestamp and is spread
// over the bins it covers, so a wall-mode idle sample (50 ms of off-CPU time reported at once)
// lands where the waiting happened. A sample is
//   - running: on CPU;
//   - waiting: off CPU (wall mode's idle samples) in something that is not another thread of
//     the run: sleep, I/O, poll. Waiting is work a thread pool or async could overlap;
//   - joined: off CPU in a synchronization wait (futex, condition variable, join, waitpid, the
//     GIL): waiting for other threads or processes of the run, which are accounted for
//     themselves. The sampler flags these (wire::kSampleSyncWait, from the system call the
//     thread is blocked in); the stack cannot tell them, as an idle sample carries the last
//     on-CPU stack.
// The activity of a bin is the running plus waiting time in it divided by the bin's length (in
// threads); a bin is serial when fewer than 1.5 threads were active (idle bins included), and
// the serial fraction is the serial bins' share of the wall time.
//
// Candidates are places in the call tree (parallelism/context_tree.h), not functions: a helper
// every phase calls (an inline kernel, memcpy, the interpreter's eval loop) is serial in one
// caller and parallel in another, and only its callers can be parallelized. Walking down from
// each thread's root, the first frame that is not a thread root and whose time in that context
// is mostly serial owns the serial time beneath it: that context is a candidate, named by that
// frame, with its hottest callees as detail (parallelism/candidates.cc). Thread roots hold a
// whole thread's time and pass it on (_start, main, clone, a thread's entry); in a Python
// thread, so do the native frames above its outermost Python frame (Py_RunMain, ...) and a
// module's body (<module>: a script or an import runs once, it cannot be spread). A function
// that runs phases one after another with little work of its own (a script's main(): make the
// input, then the loop) passes its time on too: each phase is a place of its own. A root
// that runs its children in turn over and over is a loop and can be named (a single-threaded
// run that is all one loop); inlined code is its caller's unless that is a thread root the
// inlined code is only a part of. Wall mode's idle samples fill the gaps their thread left
// between its CPU samples since its previous idle sample (parallelism/sample_times.h).
// Work a thread did while an older
// thread of its process (or of an ancestor process) was blocked joining it belongs to the
// waiter's context (parallelism/handoff.h): the loop that starts one worker at a time and waits
// for it is the place to change, not the worker's entry point.
//
// Spreading a candidate's serial time S over N cores removes at most S (1 - 1/N) of the wall
// time T: the whole run's speedup with processes is at most T / (T - S (1 - 1/N)) (Amdahl).
// With threads, the part of S that held the GIL stays serial (one thread runs Python at a time):
// a pure-Python loop predicts about 1.0x on threads, while hashing or numpy with the GIL
// released scales.
//
// Pure: a function of the profile, the selection and the core count the caller passes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "analysis/frame_index.h"
#include "analysis/sample_filter.h"
#include "format/profile.h"

namespace pprof::analysis {

enum class ParallelKind {
  kCpu,      // running, GIL released or no Python: threads or processes
  kWaiting,  // off CPU in sleep or I/O: threads or async
  kGil,      // running Python holding the GIL: processes, not threads
};

struct SpeedupPrediction {
  uint32_t cores = 0;
  double speedup = 1;
};

// A frame beneath a candidate that much of its serial time ran in (itself or in its callees).
struct HotCallee {
  uint32_t frame = 0;
  double serial_seconds = 0;
  bool inlined = false;       // most of that time it was inlined into its caller
};

// A candidate (a call context), or a row of the per-function or per-line tables (a function or
// a source line inside one candidate's context).
struct ParallelCandidate {
  uint32_t frame = 0;       // FrameIndex id: the frame that owns the serial time
  uint32_t line = 0;        // per-line rows: the line; otherwise the function's start line
  std::vector<uint32_t> context;  // candidates: frame ids from the root down to `frame`
  int32_t candidate = -1;   // function and line rows: index of the candidate they lie in
  double serial_seconds = 0;
  double parallel_seconds = 0;  // its running and waiting time in bins that were parallel
  double total_seconds = 0;     // serial + parallel
  double waiting_seconds = 0;   // the off-CPU part of total (wall mode)
  // The share of its on-CPU time that held the GIL; unset when none of its samples came from a
  // Python thread.
  std::optional<double> gil_share;
  uint32_t threads = 0;         // distinct threads it was seen on
  ParallelKind kind = ParallelKind::kCpu;
  std::vector<SpeedupPrediction> predicted;          // with processes, per requested core count
  std::vector<SpeedupPrediction> predicted_threads;  // with threads: GIL-holding time stays serial
  std::vector<HotCallee> callees;                    // candidates only, hottest first
  // Candidates only: the frames its work runs in, wherever it runs: its own, and its callees'
  // whose serial time lay (nearly) all inside it. Spreading a loop moves its body into worker
  // threads or processes, where the loop's own frame is no longer on the stack.
  std::vector<uint32_t> work_frames;
  // With ParallelismOptions::measure_work: the time of the samples with any of work_frames on
  // their stack, in any context and thread, each sample once; and the part in serial bins.
  double work_seconds = 0;
  double work_serial_seconds = 0;
};

struct ConcurrencyBins {
  uint64_t bin_ns = 0;
  std::vector<float> running;  // threads on CPU, per bin
  std::vector<float> waiting;  // threads waiting (sleep, I/O), per bin
};

// Run level GIL use; `known` only when some sample came from a Python thread.
struct GilUsage {
  bool known = false;
  double held_seconds = 0;        // wall time in which some thread held a GIL
  double held_share = 0;          // of the wall time
  std::optional<double> wait_seconds;  // wall mode: time threads spent blocked taking the GIL
};

struct ParallelismReport {
  bool has_time = false;        // false: no timestamps or no period; nothing below is meaningful
  bool wall_mode = false;       // off-CPU time was sampled
  double from_seconds = 0;      // the window analysed, relative to the run's start
  double to_seconds = 0;
  bool time_selected = false;   // the window is a selected range, not the whole run
  bool threads_selected = false;  // only some threads' samples were analysed
  double wall_seconds = 0;      // to - from
  double cpu_seconds = 0;
  double waiting_seconds = 0;
  double average_parallelism = 0;  // cpu / wall
  double serial_fraction = 0;
  double serial_seconds = 0;       // serial_fraction * wall
  uint32_t machine_cores = 0;
  // Every serial second spread over N cores: T / (T - serial (1 - 1/N)). No candidate's
  // prediction exceeds it.
  std::vector<SpeedupPrediction> speedup_ceiling;
  GilUsage gil;
  std::vector<ParallelCandidate> candidates;  // call contexts, best first
  std::vector<ParallelCandidate> functions;   // functions inside candidates, best first
  std::vector<ParallelCandidate> lines;       // source lines inside candidates, best first
  ConcurrencyBins concurrency;
  // Per frame id: the share of its time that fell in serial bins, -1 for frames never seen (for
  // the viewer's "paint by serial time" colour mode).
  std::vector<float> frame_serial_share;
  // Per ParallelismOptions::tracked_frames: the time of the samples with any of the set's
  // frames on their stack, each sample once; and the part in serial bins.
  std::vector<double> tracked_seconds;
  std::vector<double> tracked_serial_seconds;
  std::string warning;          // e.g. too short to tell; empty when none
};

struct ParallelismOptions {
  uint32_t machine_cores = 1;           // the N the report adds to 2, 4 and 8
  size_t max_candidates = 10;
  size_t max_functions = 10;
  size_t max_lines = 10;
  size_t max_callees = 3;
  // Only these threads' samples in [from_ns, to_ns); the wall time is that window.
  SampleSelection selection;
  // Where a change moved the serial work (pprof-stats --advise --after): measure the
  // candidates' work_serial_seconds, and the serial time of each of these sets of frame ids.
  // Off by default: it costs another pass over the distinct stacks.
  bool measure_work = false;
  std::vector<std::vector<uint32_t>> tracked_frames;
};

ParallelismReport analyzeParallelism(const Profile& profile, const FrameIndex& frames,
                                     const ParallelismOptions& options);

// T / (T - serial (1 - 1/N)).
double predictedSpeedup(double wall_seconds, double serial_seconds, uint32_t cores);

const char* parallelKindName(ParallelKind kind);    // "cpu" / "waiting" / "gil"
const char* parallelKindAdvice(ParallelKind kind);  // what kind of parallelism it calls for

}  // namespace pprof::analysis
