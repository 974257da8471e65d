#include "analysis/parallelism.h"

#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "wire/wire.h"

namespace pprof::analysis {
namespace {

constexpr double kSerialBelow = 1.5;    // active threads in a bin below this: serial
constexpr double kRootShare = 0.95;     // of a thread's time: a thread root, not a candidate
constexpr double kRootThreadShare = 0.01;  // threads below this share of the run don't vote
constexpr double kRootSelfShare = 0.05;   // ... and a root only passes its time on
constexpr double kInsideShare = 0.9;    // of a candidate's serial time under another: its part
constexpr double kPartShare = 0.5;     // ... when it is at least this share of the other
constexpr size_t kPool = 64;            // candidates compared for nesting
constexpr double kShortWallSeconds = 0.5;
constexpr uint64_t kMaxBins = 1000000;
constexpr uint64_t kShortSamples = 200;

// Innermost frames of a synchronization wait: the thread waits for other threads or processes
// of the run, not for the outside world.
bool isSynchronizationFrame(const std::string& name) {
  static const char* const kWaits[] = {"futex", "pthread_cond_", "pthread_join", "clockjoin",
                                       "sem_wait", "sem_clockwait", "sem_timedwait", "lll_lock_wait",
                                       "pthread_mutex_lock", "pthread_barrier_wait", "pthread_rwlock_",
                                       "wait4", "waitpid", "waitid"};
  for (const char* wait : kWaits) {
    if (name.find(wait) != std::string::npos) return true;
  }
  return false;
}

// What the analysis needs of one stack, computed once.
struct StackInfo {
  std::vector<uint32_t> frames;      // distinct frames
  std::vector<uint32_t> depth;       // outermost depth of each (0 = root-most)
  std::vector<uint64_t> lines;       // distinct (frame << 32 | line) keys
  bool synchronization = false;      // the innermost frames are a synchronization wait
  uint32_t leaf = kNone;             // innermost frame
};

StackInfo describeStack(const Profile& profile, const FrameIndex& index, uint32_t stack) {
  std::vector<FrameRef> expanded;
  index.expandStack(profile, stack, expanded);
  StackInfo info;
  if (!expanded.empty()) info.leaf = expanded[0].frame;
  const size_t innermost = std::min<size_t>(expanded.size(), 6);
  for (size_t i = 0; i < innermost; ++i) {
    if (isSynchronizationFrame(index.frame(expanded[i].frame).name)) info.synchronization = true;
  }
  for (size_t i = expanded.size(); i-- > 0;) {  // root first, so the first sighting is outermost
    const uint32_t frame = expanded[i].frame;
    if (std::find(info.frames.begin(), info.frames.end(), frame) == info.frames.end()) {
      info.frames.push_back(frame);
      info.depth.push_back(static_cast<uint32_t>(expanded.size() - 1 - i));
    }
    const uint64_t key = (uint64_t{frame} << 32) | expanded[i].line;
    if (std::find(info.lines.begin(), info.lines.end(), key) == info.lines.end()) info.lines.push_back(key);
  }
  return info;
}

struct TimeGrid {
  uint64_t wall_ns = 0;
  uint64_t bin_ns = 0;
  size_t bins = 0;

  double binLength(size_t bin) const {
    return static_cast<double>(std::min(bin_ns, wall_ns - bin * bin_ns));
  }
  // Calls add(bin, ns) for each bin the interval [end - length, end) overlaps.
  template <typename Add>
  void spread(uint64_t end, uint64_t length, Add&& add) const {
    end = std::min(end, wall_ns);
    const uint64_t begin = end > length ? end - length : 0;
    if (end <= begin) return;
    for (size_t bin = begin / bin_ns; bin < bins && bin * bin_ns < end; ++bin) {
      const uint64_t lo = std::max<uint64_t>(begin, bin * bin_ns);
      const uint64_t hi = std::min<uint64_t>(end, (bin + 1) * bin_ns);
      if (hi > lo) add(bin, static_cast<double>(hi - lo));
    }
  }
};

// Per-key sums over the samples' time.
struct Usage {
  double serial_ns = 0, parallel_ns = 0, waiting_ns = 0, running_ns = 0;
  double depth_ns = 0;  // serial time x outermost depth, for "which of two is outer"
  double self_ns = 0;   // as the innermost frame
};

bool isWaiting(const Sample& sample) { return (sample.flags & wire::kSampleIdle) != 0; }

// Off CPU waiting for other threads or processes of the run: the sampler saw the thread blocked
// in a synchronization system call, or the stack ends in a synchronization function.
bool isJoined(const Sample& sample, const StackInfo& stack) {
  return isWaiting(sample) && ((sample.flags & wire::kSampleSyncWait) != 0 || stack.synchronization);
}

}  // namespace

double predictedSpeedup(double wall_seconds, double serial_seconds, uint32_t cores) {
  if (wall_seconds <= 0 || cores == 0) return 1;
  const double saved = std::min(serial_seconds, wall_seconds) * (1.0 - 1.0 / cores);
  return wall_seconds / (wall_seconds - saved);
}

const char* parallelKindName(ParallelKind kind) { return kind == ParallelKind::kCpu ? "cpu" : "waiting"; }

const char* parallelKindAdvice(ParallelKind kind) {
  return kind == ParallelKind::kCpu ? "CPU-bound: processes or native threads"
                                    : "waiting (sleep, I/O): threads or async";
}

ParallelismReport analyzeParallelism(const Profile& profile, const FrameIndex& index,
                                     const ParallelismOptions& options) {
  ParallelismReport report;
  report.machine_cores = options.machine_cores;
  report.wall_mode = profile.meta.mode == "wall";
  const uint64_t period = profile.meta.period_ns;
  TimeGrid grid;
  grid.wall_ns = profile.meta.duration_ns;
  uint64_t weight = 0;
  for (const Sample& s : profile.samples) {
    grid.wall_ns = std::max(grid.wall_ns, s.timestamp_ns);
    weight += s.weight;
  }
  report.has_time = period > 0 && grid.wall_ns > 0;
  if (!report.has_time) {
    report.warning = "the profile has no timestamps or no sampling period (collapsed stacks, pprof or "
                     "cProfile input): the advisor needs a profile recorded by pprof-run";
    return report;
  }
  // Ten periods, at least 1 ms, and never more than kMaxBins bins (a long run, or a timestamp
  // far out in a damaged file, must not cost gigabytes).
  grid.bin_ns = std::max<uint64_t>({10 * period, 1000000, grid.wall_ns / kMaxBins + 1});
  grid.bins = static_cast<size_t>((grid.wall_ns + grid.bin_ns - 1) / grid.bin_ns);

  std::vector<StackInfo> stacks(profile.stacks.size());
  std::vector<bool> described(profile.stacks.size(), false);
  auto info = [&](uint32_t stack) -> const StackInfo& {
    if (!described[stack]) stacks[stack] = describeStack(profile, index, stack), described[stack] = true;
    return stacks[stack];
  };

  // Pass 1: activity per bin.
  report.concurrency.bin_ns = grid.bin_ns;
  std::vector<double> running(grid.bins, 0), waiting(grid.bins, 0);
  for (const Sample& s : profile.samples) {
    if (s.stack >= profile.stacks.size()) continue;
    const bool wait = isWaiting(s);
    if (isJoined(s, info(s.stack))) continue;
    std::vector<double>& into = wait ? waiting : running;
    grid.spread(s.timestamp_ns, uint64_t{s.weight} * period, [&](size_t bin, double ns) { into[bin] += ns; });
    (wait ? report.waiting_seconds : report.cpu_seconds) += s.weight * (period / 1e9);
  }
  std::vector<bool> serial(grid.bins);
  double serial_ns = 0;
  report.concurrency.running.resize(grid.bins);
  report.concurrency.waiting.resize(grid.bins);
  for (size_t b = 0; b < grid.bins; ++b) {
    const double length = grid.binLength(b);
    report.concurrency.running[b] = static_cast<float>(running[b] / length);
    report.concurrency.waiting[b] = static_cast<float>(waiting[b] / length);
    serial[b] = (running[b] + waiting[b]) / length < kSerialBelow;
    if (serial[b]) serial_ns += length;
  }
  report.wall_seconds = grid.wall_ns / 1e9;
  report.serial_fraction = serial_ns / static_cast<double>(grid.wall_ns);
  report.average_parallelism = report.cpu_seconds / report.wall_seconds;
  std::vector<uint32_t> core_counts = {2, 4, 8};
  if (std::find(core_counts.begin(), core_counts.end(), options.machine_cores) == core_counts.end() &&
      options.machine_cores > 0) {
    core_counts.push_back(options.machine_cores);
  }
  for (uint32_t n : core_counts) {
    report.amdahl_bound.push_back({n, 1.0 / (report.serial_fraction + (1.0 - report.serial_fraction) / n)});
  }

  // Pass 2: each sample's time split into serial and parallel, summed per function and line.
  std::unordered_map<uint32_t, Usage> functions;
  std::unordered_map<uint64_t, Usage> lines;
  std::unordered_map<uint64_t, double> frame_thread_ns;  // (frame << 32 | thread) -> ns
  std::vector<double> thread_ns(profile.threads.size() + 1, 0);
  // Serial time of stacks, to find candidates that are the same work.
  std::vector<double> stack_serial_ns(profile.stacks.size(), 0);
  for (const Sample& s : profile.samples) {
    if (s.stack >= profile.stacks.size()) continue;
    const StackInfo& stack = info(s.stack);
    const bool wait = isWaiting(s);
    if (isJoined(s, stack)) continue;
    double in_serial = 0, in_parallel = 0;
    grid.spread(s.timestamp_ns, uint64_t{s.weight} * period,
                [&](size_t bin, double ns) { (serial[bin] ? in_serial : in_parallel) += ns; });
    const double ns = in_serial + in_parallel;
    stack_serial_ns[s.stack] += in_serial;
    const uint32_t thread = std::min<uint32_t>(s.thread, static_cast<uint32_t>(profile.threads.size()));
    thread_ns[thread] += ns;
    auto add = [&](Usage& u, uint32_t depth) {
      u.serial_ns += in_serial, u.parallel_ns += in_parallel, u.depth_ns += in_serial * depth;
      (wait ? u.waiting_ns : u.running_ns) += ns;
    };
    for (size_t i = 0; i < stack.frames.size(); ++i) {
      add(functions[stack.frames[i]], stack.depth[i]);
      frame_thread_ns[(uint64_t{stack.frames[i]} << 32) | thread] += ns;
    }
    for (uint64_t key : stack.lines) add(lines[key], 0);
    if (stack.leaf != kNone) functions[stack.leaf].self_ns += ns;
  }

  // Thread roots and threads seen.
  double all_ns = 0;
  for (double ns : thread_ns) all_ns += ns;
  std::unordered_map<uint32_t, uint32_t> threads_seen;
  std::vector<bool> is_root(index.frames().size(), false);
  for (const auto& [key, ns] : frame_thread_ns) {
    const uint32_t frame = static_cast<uint32_t>(key >> 32), thread = static_cast<uint32_t>(key);
    ++threads_seen[frame];
    const Usage& usage = functions[frame];
    if (thread_ns[thread] >= kRootThreadShare * all_ns && ns >= kRootShare * thread_ns[thread] &&
        usage.self_ns <= kRootSelfShare * (usage.running_ns + usage.waiting_ns)) {
      is_root[frame] = true;
    }
  }

  auto candidate = [&](uint32_t frame, uint32_t line, const Usage& u) {
    ParallelCandidate c;
    c.frame = frame;
    c.line = line;
    c.serial_seconds = u.serial_ns / 1e9;
    c.parallel_seconds = u.parallel_ns / 1e9;
    c.total_seconds = c.serial_seconds + c.parallel_seconds;
    c.waiting_seconds = u.waiting_ns / 1e9;
    c.threads = threads_seen[frame];
    c.kind = u.waiting_ns > u.running_ns ? ParallelKind::kWaiting : ParallelKind::kCpu;
    for (uint32_t n : core_counts) c.predicted.push_back({n, predictedSpeedup(report.wall_seconds, c.serial_seconds, n)});
    return c;
  };
  auto bySerial = [](const ParallelCandidate& a, const ParallelCandidate& b) {
    if (a.serial_seconds != b.serial_seconds) return a.serial_seconds > b.serial_seconds;
    return a.frame != b.frame ? a.frame < b.frame : a.line < b.line;
  };

  report.frame_serial_share.assign(index.frames().size(), -1.0f);
  for (const auto& [frame, usage] : functions) {
    const double total = usage.serial_ns + usage.parallel_ns;
    if (total > 0 && frame < report.frame_serial_share.size()) {
      report.frame_serial_share[frame] = static_cast<float>(usage.serial_ns / total);
    }
  }

  std::vector<ParallelCandidate> pool;
  for (const auto& [frame, usage] : functions) {
    if (!is_root[frame] && usage.serial_ns > 0) pool.push_back(candidate(frame, index.frame(frame).line, usage));
  }
  std::sort(pool.begin(), pool.end(), bySerial);
  if (pool.size() > kPool) pool.resize(kPool);
  // Serial time that two pooled candidates share (both on the stack).
  std::vector<double> together(pool.size() * pool.size(), 0);
  std::unordered_map<uint32_t, size_t> slot;
  for (size_t i = 0; i < pool.size(); ++i) slot[pool[i].frame] = i;
  for (uint32_t st = 0; st < stacks.size(); ++st) {
    if (stack_serial_ns[st] <= 0) continue;
    std::vector<size_t> present;
    for (uint32_t frame : stacks[st].frames) {
      auto it = slot.find(frame);
      if (it != slot.end()) present.push_back(it->second);
    }
    for (size_t a : present)
      for (size_t b : present) together[a * pool.size() + b] += stack_serial_ns[st];
  }
  std::vector<bool> dropped(pool.size(), false);
  for (size_t a = 0; a < pool.size(); ++a) {
    for (size_t b = a + 1; b < pool.size(); ++b) {  // pool[a] has at least pool[b]'s serial time
      const double sa = pool[a].serial_seconds * 1e9, sb = pool[b].serial_seconds * 1e9;
      if (sb < kPartShare * sa || together[a * pool.size() + b] < kInsideShare * sb) continue;
      const double depth_a = functions[pool[a].frame].depth_ns / sa, depth_b = functions[pool[b].frame].depth_ns / sb;
      dropped[depth_a <= depth_b ? b : a] = true;  // keep the outer one
    }
  }
  for (size_t i = 0; i < pool.size() && report.candidates.size() < options.max_candidates; ++i) {
    if (!dropped[i]) report.candidates.push_back(pool[i]);
  }

  for (const auto& [key, usage] : lines) {
    const uint32_t frame = static_cast<uint32_t>(key >> 32);
    if (!is_root[frame] && usage.serial_ns > 0) report.lines.push_back(candidate(frame, static_cast<uint32_t>(key), usage));
  }
  std::sort(report.lines.begin(), report.lines.end(), bySerial);
  if (report.lines.size() > options.max_lines) report.lines.resize(options.max_lines);

  if (report.wall_seconds < kShortWallSeconds || weight < kShortSamples) {
    report.warning = "the profile is short (" + std::to_string(weight) + " samples over " +
                     std::to_string(report.wall_seconds).substr(0, 5) +
                     " s): differences of a few percent are noise; profile a longer run or raise -F";
  }
  return report;
}

}  // namespace pprof::analysis
