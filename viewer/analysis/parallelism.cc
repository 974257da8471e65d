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

// What the analysis needs of one stack, computed once.
struct StackInfo {
  std::vector<uint32_t> frames;      // distinct frames
  std::vector<uint32_t> depth;       // outermost depth of each (0 = root-most)
  std::vector<uint64_t> lines;       // distinct (frame << 32 | line) keys
  uint32_t leaf = kNone;             // innermost frame
};

// `seen` has one entry per frame id, none equal to stack + 1 on entry (each stack is described
// once): it marks the frames already listed, so a deep or recursive stack costs its depth.
StackInfo describeStack(const Profile& profile, const FrameIndex& index, uint32_t stack, std::vector<uint32_t>& seen) {
  std::vector<FrameRef> expanded;
  index.expandStack(profile, stack, expanded);
  StackInfo info;
  if (!expanded.empty()) info.leaf = expanded[0].frame;
  for (size_t i = expanded.size(); i-- > 0;) {  // root first, so the first sighting is outermost
    const uint32_t frame = expanded[i].frame;
    if (seen[frame] != stack + 1) {
      seen[frame] = stack + 1;
      info.frames.push_back(frame);
      info.depth.push_back(static_cast<uint32_t>(expanded.size() - 1 - i));
    }
    info.lines.push_back((uint64_t{frame} << 32) | expanded[i].line);
  }
  std::sort(info.lines.begin(), info.lines.end());
  info.lines.erase(std::unique(info.lines.begin(), info.lines.end()), info.lines.end());
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
// in a synchronization system call. Its stack cannot tell: an idle sample carries the thread's
// last on-CPU stack, from before it blocked.
bool isJoined(const Sample& sample) {
  return isWaiting(sample) && (sample.flags & wire::kSampleSyncWait) != 0;
}

// One analysis run; each step of analyzeParallelism() is a method over the shared state.
class Analysis {
 public:
  Analysis(const Profile& profile, const FrameIndex& index, const ParallelismOptions& options)
      : profile_(profile), index_(index), options_(options), period_(profile.meta.period_ns),
        stacks_(profile.stacks.size()), described_(profile.stacks.size(), false),
        seen_(index.frames().size(), 0) {}

  ParallelismReport run() {
    report_.machine_cores = options_.machine_cores;
    report_.wall_mode = profile_.meta.mode == "wall";
    uint64_t weight = 0;
    grid_.wall_ns = profile_.meta.duration_ns;
    for (const Sample& s : profile_.samples) {
      grid_.wall_ns = std::max(grid_.wall_ns, s.timestamp_ns);
      weight += s.weight;
    }
    report_.has_time = period_ > 0 && grid_.wall_ns > 0;
    if (!report_.has_time) {
      report_.warning = "the profile has no timestamps or no sampling period (collapsed stacks, pprof or "
                        "cProfile input): the advisor needs a profile recorded by pprof-run";
      return report_;
    }
    // Ten periods, at least 1 ms, and never more than kMaxBins bins (a long run, or a timestamp
    // far out in a damaged file, must not cost gigabytes).
    grid_.bin_ns = std::max<uint64_t>({10 * period_, 1000000, grid_.wall_ns / kMaxBins + 1});
    grid_.bins = static_cast<size_t>((grid_.wall_ns + grid_.bin_ns - 1) / grid_.bin_ns);
    measureConcurrency();
    sumUsage();
    findThreadRoots();
    rankFunctions();
    rankLines();
    if (report_.wall_seconds < kShortWallSeconds || weight < kShortSamples) {
      report_.warning = "the profile is short (" + std::to_string(weight) + " samples over " +
                        std::to_string(report_.wall_seconds).substr(0, 5) +
                        " s): differences of a few percent are noise; profile a longer run or raise -F";
    }
    return report_;
  }

 private:
  const StackInfo& stack(uint32_t id) {
    if (!described_[id]) stacks_[id] = describeStack(profile_, index_, id, seen_), described_[id] = true;
    return stacks_[id];
  }

  // Calls use(sample) for every sample that is work (running, or waiting on the world).
  template <typename Use>
  void forEachWorkSample(Use&& use) {
    for (const Sample& s : profile_.samples) {
      if (s.stack < profile_.stacks.size() && !isJoined(s)) use(s);
    }
  }

  // Threads busy per bin; which bins are serial; the run's totals and Amdahl bounds.
  void measureConcurrency() {
    std::vector<double> running(grid_.bins, 0), waiting(grid_.bins, 0);
    forEachWorkSample([&](const Sample& s) {
      const bool wait = isWaiting(s);
      std::vector<double>& into = wait ? waiting : running;
      grid_.spread(s.timestamp_ns, uint64_t{s.weight} * period_, [&](size_t bin, double ns) { into[bin] += ns; });
      (wait ? report_.waiting_seconds : report_.cpu_seconds) += s.weight * (period_ / 1e9);
    });
    report_.concurrency.bin_ns = grid_.bin_ns;
    report_.concurrency.running.resize(grid_.bins);
    report_.concurrency.waiting.resize(grid_.bins);
    serial_.resize(grid_.bins);
    double serial_ns = 0;
    for (size_t b = 0; b < grid_.bins; ++b) {
      const double length = grid_.binLength(b);
      report_.concurrency.running[b] = static_cast<float>(running[b] / length);
      report_.concurrency.waiting[b] = static_cast<float>(waiting[b] / length);
      serial_[b] = (running[b] + waiting[b]) / length < kSerialBelow;
      if (serial_[b]) serial_ns += length;
    }
    report_.wall_seconds = grid_.wall_ns / 1e9;
    report_.serial_fraction = serial_ns / static_cast<double>(grid_.wall_ns);
    report_.average_parallelism = report_.cpu_seconds / report_.wall_seconds;
    core_counts_ = {2, 4, 8};
    if (options_.machine_cores > 0 &&
        std::find(core_counts_.begin(), core_counts_.end(), options_.machine_cores) == core_counts_.end()) {
      core_counts_.push_back(options_.machine_cores);
    }
    for (uint32_t n : core_counts_) {
      report_.amdahl_bound.push_back({n, 1.0 / (report_.serial_fraction + (1.0 - report_.serial_fraction) / n)});
    }
  }

  // Each sample's time split into serial and parallel, summed per stack, thread and kind first
  // (exact: the parts are whole nanoseconds), so that the per-function, line and thread sums
  // cost the distinct stacks, not the samples.
  void sumUsage() {
    struct Split {
      double serial_ns = 0, parallel_ns = 0;
    };
    std::unordered_map<uint64_t, Split> by_stack;  // stack << 32 | thread << 1 | waiting
    thread_ns_.assign(profile_.threads.size() + 1, 0);
    stack_serial_ns_.assign(profile_.stacks.size(), 0);
    functions_.assign(index_.frames().size(), Usage{});
    forEachWorkSample([&](const Sample& s) {
      double in_serial = 0, in_parallel = 0;
      grid_.spread(s.timestamp_ns, uint64_t{s.weight} * period_,
                   [&](size_t bin, double ns) { (serial_[bin] ? in_serial : in_parallel) += ns; });
      stack_serial_ns_[s.stack] += in_serial;
      const uint32_t thread = std::min<uint32_t>(s.thread, static_cast<uint32_t>(profile_.threads.size()));
      thread_ns_[thread] += in_serial + in_parallel;
      Split& split = by_stack[(uint64_t{s.stack} << 32) | (uint64_t{thread} << 1) | isWaiting(s)];
      split.serial_ns += in_serial, split.parallel_ns += in_parallel;
    });
    for (const auto& [key, split] : by_stack) {
      const StackInfo& info = stack(static_cast<uint32_t>(key >> 32));
      const uint32_t thread = static_cast<uint32_t>(key) >> 1;
      const bool wait = (key & 1) != 0;
      const double ns = split.serial_ns + split.parallel_ns;
      auto add = [&](Usage& u, uint32_t depth) {
        u.serial_ns += split.serial_ns, u.parallel_ns += split.parallel_ns, u.depth_ns += split.serial_ns * depth;
        (wait ? u.waiting_ns : u.running_ns) += ns;
      };
      for (size_t i = 0; i < info.frames.size(); ++i) {
        add(functions_[info.frames[i]], info.depth[i]);
        frame_thread_ns_[(uint64_t{info.frames[i]} << 32) | thread] += ns;
      }
      for (uint64_t key_line : info.lines) add(lines_[key_line], 0);
      if (info.leaf != kNone) functions_[info.leaf].self_ns += ns;
    }
    report_.frame_serial_share.assign(functions_.size(), -1.0f);
    for (size_t frame = 0; frame < functions_.size(); ++frame) {
      const double total = functions_[frame].serial_ns + functions_[frame].parallel_ns;
      if (total > 0) report_.frame_serial_share[frame] = static_cast<float>(functions_[frame].serial_ns / total);
    }
  }

  // Threads seen per frame, and the frames that only pass a whole thread's time on.
  void findThreadRoots() {
    double all_ns = 0;
    for (double ns : thread_ns_) all_ns += ns;
    is_root_.assign(index_.frames().size(), false);
    threads_seen_.assign(index_.frames().size(), 0);
    for (const auto& [key, ns] : frame_thread_ns_) {
      const uint32_t frame = static_cast<uint32_t>(key >> 32), thread = static_cast<uint32_t>(key);
      ++threads_seen_[frame];
      const Usage& usage = functions_[frame];
      if (thread_ns_[thread] >= kRootThreadShare * all_ns && ns >= kRootShare * thread_ns_[thread] &&
          usage.self_ns <= kRootSelfShare * (usage.running_ns + usage.waiting_ns)) {
        is_root_[frame] = true;
      }
    }
  }

  ParallelCandidate candidate(uint32_t frame, uint32_t line, const Usage& u) {
    ParallelCandidate c;
    c.frame = frame;
    c.line = line;
    c.serial_seconds = u.serial_ns / 1e9;
    c.parallel_seconds = u.parallel_ns / 1e9;
    c.total_seconds = c.serial_seconds + c.parallel_seconds;
    c.waiting_seconds = u.waiting_ns / 1e9;
    c.threads = threads_seen_[frame];
    c.kind = u.waiting_ns > u.running_ns ? ParallelKind::kWaiting : ParallelKind::kCpu;
    for (uint32_t n : core_counts_) c.predicted.push_back({n, predictedSpeedup(report_.wall_seconds, c.serial_seconds, n)});
    return c;
  }

  static bool bySerial(const ParallelCandidate& a, const ParallelCandidate& b) {
    if (a.serial_seconds != b.serial_seconds) return a.serial_seconds > b.serial_seconds;
    return a.frame != b.frame ? a.frame < b.frame : a.line < b.line;
  }

  // Functions by serial time, without thread roots, and without the inner one of two candidates
  // that are mostly the same work.
  void rankFunctions() {
    std::vector<ParallelCandidate> pool;
    for (uint32_t frame = 0; frame < functions_.size(); ++frame) {
      if (!is_root_[frame] && functions_[frame].serial_ns > 0)
        pool.push_back(candidate(frame, index_.frame(frame).line, functions_[frame]));
    }
    std::sort(pool.begin(), pool.end(), bySerial);
    if (pool.size() > kPool) pool.resize(kPool);
    const std::vector<double> together = sharedSerialTime(pool);
    std::vector<bool> dropped(pool.size(), false);
    for (size_t a = 0; a < pool.size(); ++a) {
      for (size_t b = a + 1; b < pool.size(); ++b) {  // pool[a] has at least pool[b]'s serial time
        const double sa = pool[a].serial_seconds * 1e9, sb = pool[b].serial_seconds * 1e9;
        if (sb < kPartShare * sa || together[a * pool.size() + b] < kInsideShare * sb) continue;
        const double depth_a = functions_[pool[a].frame].depth_ns / sa;
        const double depth_b = functions_[pool[b].frame].depth_ns / sb;
        dropped[depth_a <= depth_b ? b : a] = true;  // keep the outer one
      }
    }
    for (size_t i = 0; i < pool.size() && report_.candidates.size() < options_.max_candidates; ++i) {
      if (!dropped[i]) report_.candidates.push_back(pool[i]);
    }
  }

  // Serial time that two pooled candidates share (both on the stack), as a pool x pool matrix.
  std::vector<double> sharedSerialTime(const std::vector<ParallelCandidate>& pool) const {
    std::vector<double> together(pool.size() * pool.size(), 0);
    std::unordered_map<uint32_t, size_t> slot;
    for (size_t i = 0; i < pool.size(); ++i) slot[pool[i].frame] = i;
    for (uint32_t st = 0; st < stacks_.size(); ++st) {
      if (stack_serial_ns_[st] <= 0) continue;
      std::vector<size_t> present;
      for (uint32_t frame : stacks_[st].frames) {
        auto it = slot.find(frame);
        if (it != slot.end()) present.push_back(it->second);
      }
      for (size_t a : present)
        for (size_t b : present) together[a * pool.size() + b] += stack_serial_ns_[st];
    }
    return together;
  }

  void rankLines() {
    for (const auto& [key, usage] : lines_) {
      const uint32_t frame = static_cast<uint32_t>(key >> 32);
      if (!is_root_[frame] && usage.serial_ns > 0) report_.lines.push_back(candidate(frame, static_cast<uint32_t>(key), usage));
    }
    std::sort(report_.lines.begin(), report_.lines.end(), bySerial);
    if (report_.lines.size() > options_.max_lines) report_.lines.resize(options_.max_lines);
  }

  const Profile& profile_;
  const FrameIndex& index_;
  const ParallelismOptions& options_;
  const uint64_t period_;
  ParallelismReport report_;
  TimeGrid grid_;
  std::vector<StackInfo> stacks_;
  std::vector<bool> described_;
  std::vector<uint32_t> seen_;               // per frame id, scratch of describeStack()
  std::vector<bool> serial_;                 // per bin
  std::vector<uint32_t> core_counts_;
  std::vector<Usage> functions_;             // per frame id
  std::unordered_map<uint64_t, Usage> lines_;  // (frame << 32 | line)
  std::unordered_map<uint64_t, double> frame_thread_ns_;  // (frame << 32 | thread) -> ns
  std::vector<uint32_t> threads_seen_;       // per frame id
  std::vector<double> thread_ns_;
  std::vector<double> stack_serial_ns_;
  std::vector<bool> is_root_;
};

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
  return Analysis(profile, index, options).run();
}

}  // namespace pprof::analysis
