#include "analysis/parallelism.h"

#include <algorithm>
#include <cmath>
#include <unordered_map>
#include <unordered_set>

#include "analysis/parallelism/candidates.h"
#include "analysis/parallelism/context_tree.h"
#include "analysis/parallelism/handoff.h"
#include "analysis/parallelism/sample_times.h"
#include "analysis/parallelism/sample_use.h"
#include "analysis/parallelism/time_grid.h"
#include "wire/wire.h"

namespace pprof::analysis {
namespace {

using parallel::ContextTree;
using parallel::ContextUsage;
using parallel::PathFrame;
using parallel::UseKey;

constexpr double kSerialBelow = 1.5;    // active threads in a bin below this: serial
constexpr double kRootShare = 0.95;     // of a thread's time: a thread root, not a candidate
constexpr double kRootThreadShare = 0.01;  // threads below this share of the run don't vote
constexpr double kRootSelfShare = 0.05;   // ... and a root only passes its time on
constexpr double kShortWallSeconds = 0.5;
constexpr uint64_t kMaxBins = 1000000;
constexpr uint64_t kShortSamples = 200;

bool isWaiting(const Sample& sample) { return (sample.flags & wire::kSampleIdle) != 0; }

// Off CPU waiting for other threads or processes of the run (a join, a condition variable, the
// GIL): the sampler saw the thread blocked in a synchronization system call. Its stack cannot
// tell: an idle sample carries the thread's last on-CPU stack, from before it blocked.
bool isJoined(const Sample& sample) {
  return isWaiting(sample) && (sample.flags & (wire::kSampleSyncWait | wire::kSampleGilWait)) != 0;
}

bool fromPython(const Sample& sample) { return (sample.flags & wire::kSamplePython) != 0; }

bool holdsGil(const Sample& sample) {
  return !isWaiting(sample) && fromPython(sample) && (sample.flags & wire::kSampleGil) != 0;
}

// Per frame id, over the frames of the samples' own stacks (each once per sample).
struct FrameUsage {
  double serial_ns = 0, parallel_ns = 0;
  double self_ns = 0;  // as the innermost frame
};

// One analysis run; each step of analyzeParallelism() is a method over the shared state.
class Analysis {
 public:
  Analysis(const Profile& profile, const FrameIndex& index, const ParallelismOptions& options)
      : profile_(profile), index_(index), options_(options), period_(profile.meta.period_ns),
        times_(profile, grid_, period_), handoff_(profile, grid_, times_), seen_(index.frames().size(), 0) {}

  ParallelismReport run() {
    report_.machine_cores = options_.machine_cores;
    report_.wall_mode = profile_.meta.mode == "wall";
    if (!chooseWindow()) return report_;
    selectSamples();
    measureConcurrency();
    sumUsage();
    findThreadRoots();
    parallel::CandidateInput input{profile_, index_, tree_, keys_, is_root_, core_counts_,
                                   report_.wall_seconds, report_.serial_seconds, options_};
    parallel::rankCandidates(input, report_);
    findWorkFrames();
    if (options_.measure_work || !options_.tracked_frames.empty()) measureWork();
    double weight = 0;
    for (const Sample* s : work_) weight += s->weight;
    if (report_.wall_seconds < kShortWallSeconds || weight < kShortSamples) {
      report_.warning = "the profile is short (" + std::to_string(static_cast<uint64_t>(weight)) + " samples over " +
                        std::to_string(report_.wall_seconds).substr(0, 5) +
                        " s): differences of a few percent are noise; profile a longer run or raise -F";
    }
    return report_;
  }

 private:
  // The window [from, to) of the selection, clipped to the run, and its bins.
  bool chooseWindow() {
    uint64_t run_end = profile_.meta.duration_ns;
    for (const Sample& s : profile_.samples) run_end = std::max(run_end, s.timestamp_ns);
    report_.has_time = period_ > 0 && run_end > 0;
    if (!report_.has_time) {
      report_.warning = "the profile has no timestamps or no sampling period (collapsed stacks, pprof or "
                        "cProfile input): the advisor needs a profile recorded by pprof-run";
      return false;
    }
    const SampleSelection& selection = options_.selection;
    const uint64_t from = std::min(selection.from_ns, run_end);
    const uint64_t to = std::min(selection.to_ns.value_or(run_end), run_end);
    if (to <= from) {
      report_.has_time = false;
      report_.warning = "the selected time range holds none of the run (it lasted " +
                        std::to_string(run_end / 1e9).substr(0, 5) + " s)";
      return false;
    }
    grid_.origin_ns = from;
    grid_.length_ns = to - from;
    // Ten periods, at least 1 ms, and never more than kMaxBins bins (a long run, or a timestamp
    // far out in a damaged file, must not cost gigabytes).
    grid_.bin_ns = std::max<uint64_t>({10 * period_, 1000000, grid_.length_ns / kMaxBins + 1});
    grid_.bins = static_cast<size_t>((grid_.length_ns + grid_.bin_ns - 1) / grid_.bin_ns);
    report_.time_selected = selection.from_ns > 0 || selection.to_ns.has_value();
    report_.threads_selected = selection.threads.has_value() || selection.pid.has_value();
    report_.from_seconds = from / 1e9;
    report_.to_seconds = to / 1e9;
    report_.wall_seconds = grid_.length_ns / 1e9;
    return true;
  }

  // The selected samples: work (running, or waiting on the world) and, in wall mode, the waits
  // that hand work to other threads.
  void selectSamples() {
    const SampleSelection& selection = options_.selection;
    const bool by_thread = selection.threads || selection.pid;
    const std::vector<bool> thread_ok = selectedThreads(profile_, selection);
    std::vector<const Sample*> selected;
    for (const Sample& s : profile_.samples) {
      if (s.stack >= profile_.stacks.size() || !inTimeRange(selection, s.timestamp_ns)) continue;
      if (by_thread && (s.thread >= thread_ok.size() || !thread_ok[s.thread])) continue;
      selected.push_back(&s);
    }
    times_.place(selected);
    for (const Sample* s : selected) {
      python_seen_ = python_seen_ || fromPython(*s);
      if (s->flags & wire::kSampleGilWait) times_.spread(*s, [&](size_t, double ns) { gil_wait_ns_ += ns; });
      if (!isJoined(*s)) {
        work_.push_back(s);
      } else if (report_.wall_mode && s->thread < profile_.threads.size()) {
        handoff_.addWait(*s);
      }
    }
    handoff_.finish();
  }

  // Threads busy per bin; which bins are serial; the run's totals and ceilings; GIL use.
  void measureConcurrency() {
    std::vector<double> running(grid_.bins, 0), waiting(grid_.bins, 0), gil(grid_.bins, 0);
    double running_ns = 0, waiting_ns = 0;
    for (const Sample* s : work_) {
      const bool wait = isWaiting(*s), held = holdsGil(*s);
      std::vector<double>& into = wait ? waiting : running;
      times_.spread(*s, [&](size_t bin, double ns) {
        into[bin] += ns;
        (wait ? waiting_ns : running_ns) += ns;
        if (held) gil[bin] += ns;
      });
    }
    report_.cpu_seconds = running_ns / 1e9;
    report_.waiting_seconds = waiting_ns / 1e9;
    report_.concurrency.bin_ns = grid_.bin_ns;
    report_.concurrency.running.resize(grid_.bins);
    report_.concurrency.waiting.resize(grid_.bins);
    serial_.resize(grid_.bins);
    double serial_ns = 0, gil_held_ns = 0;
    for (size_t b = 0; b < grid_.bins; ++b) {
      const double length = grid_.binLength(b);
      report_.concurrency.running[b] = static_cast<float>(running[b] / length);
      report_.concurrency.waiting[b] = static_cast<float>(waiting[b] / length);
      serial_[b] = (running[b] + waiting[b]) / length < kSerialBelow;
      if (serial_[b]) serial_ns += length;
      // Two processes' GILs in one bin count once: the figure is wall time with a GIL held.
      gil_held_ns += std::min(length, gil[b]);
    }
    const double wall_ns = static_cast<double>(grid_.length_ns);
    report_.serial_fraction = serial_ns / wall_ns;
    report_.serial_seconds = serial_ns / 1e9;
    report_.average_parallelism = report_.cpu_seconds / report_.wall_seconds;
    core_counts_ = {2, 4, 8};
    if (options_.machine_cores > 0 &&
        std::find(core_counts_.begin(), core_counts_.end(), options_.machine_cores) == core_counts_.end()) {
      core_counts_.push_back(options_.machine_cores);
    }
    for (uint32_t n : core_counts_) {
      report_.speedup_ceiling.push_back({n, predictedSpeedup(report_.wall_seconds, report_.serial_seconds, n)});
    }
    if (python_seen_) {
      report_.gil.known = true;
      report_.gil.held_seconds = gil_held_ns / 1e9;
      report_.gil.held_share = gil_held_ns / wall_ns;
      if (report_.wall_mode) report_.gil.wait_seconds = gil_wait_ns_ / 1e9;
    }
  }

  // Each sample's time split into serial and parallel and summed per distinct use (stack,
  // waiter, thread, flags) first, so that the context tree and the per-frame sums cost the
  // distinct stacks, not the samples.
  void sumUsage() {
    std::unordered_map<UseKey, ContextUsage, parallel::UseKeyHash> by_key;
    thread_ns_.assign(profile_.threads.size() + 1, 0);
    frames_.assign(index_.frames().size(), FrameUsage{});
    const bool handoffs = !handoff_.empty();
    for (const Sample* s : work_) {
      UseKey key;
      key.stack = s->stack;
      key.waiter_stack = handoffs ? handoff_.waiterStack(*s) : kNone;
      key.thread = std::min<uint32_t>(s->thread, static_cast<uint32_t>(profile_.threads.size()));
      key.waiting = isWaiting(*s), key.gil = holdsGil(*s), key.python = fromPython(*s);
      ContextUsage& u = by_key[key];
      u.first_ns = std::min(u.first_ns, s->timestamp_ns), u.last_ns = std::max(u.last_ns, s->timestamp_ns);
      times_.spread(*s,
                   [&](size_t bin, double ns) { (serial_[bin] ? u.serial_ns : u.parallel_ns) += ns; });
    }
    std::vector<std::pair<const UseKey*, const ContextUsage*>> by_thread;
    for (auto& [key, u] : by_key) {
      const double ns = u.total();
      (key.waiting ? u.waiting_ns : u.running_ns) = ns;
      if (key.gil) u.gil_ns = ns, u.serial_gil_ns = u.serial_ns;
      if (key.python) u.python_ns = ns;
      thread_ns_[key.thread] += ns;
      by_thread.emplace_back(&key, &u);
    }
    // One thread at a time, so that its frames' time adds up in one dense array.
    std::sort(by_thread.begin(), by_thread.end(), [](const auto& a, const auto& b) {
      return a.first->thread != b.first->thread ? a.first->thread < b.first->thread : a.first->stack < b.first->stack;
    });
    double all_ns = 0;
    for (double ns : thread_ns_) all_ns += ns;
    thread_frame_ns_.assign(frames_.size(), 0);
    std::vector<PathFrame> own;
    for (size_t i = 0; i < by_thread.size(); ++i) {
      const auto [key, u] = by_thread[i];
      parallel::expandRootFirst(profile_, index_, key->stack, own);
      sumFrames(*u, own);
      if (i + 1 == by_thread.size() || by_thread[i + 1].first->thread != key->thread) voteForRoots(key->thread, all_ns);
    }
    // Only paths with serial time can hold a candidate, so only they make nodes; a use without
    // any adds its time where its path leaves the tree (a mostly parallel program, or a big one
    // made of parallel stacks, then costs lookups, not nodes).
    for (const bool serial : {true, false}) {
      for (const auto& [key, u] : by_key) {
        if ((u.serial_ns > 0) != serial) continue;
        const uint32_t node = pathNode(key, serial);
        tree_.usage(node).add(u);
        keys_.push_back({key, u, node});
      }
    }
    tree_.finish();
    report_.frame_serial_share.assign(frames_.size(), -1.0f);
    for (size_t frame = 0; frame < frames_.size(); ++frame) {
      const double total = frames_[frame].serial_ns + frames_[frame].parallel_ns;
      if (total > 0) report_.frame_serial_share[frame] = static_cast<float>(frames_[frame].serial_ns / total);
    }
  }

  // The tree node of a use's path (the waiter's frames, then its own): made on the way when
  // `create`, else the deepest node the path reaches. Cached per (waiter, stack): the path does
  // not depend on the thread or the flags.
  uint32_t pathNode(const UseKey& key, bool create) {
    auto [leaf, added] = leaf_of_.try_emplace((uint64_t{key.waiter_stack} << 32) | key.stack, ContextTree::kRoot);
    if (!added) return leaf->second;
    path_.clear();
    if (key.waiter_stack != kNone) parallel::expandRootFirst(profile_, index_, key.waiter_stack, path_);
    parallel::expandRootFirst(profile_, index_, key.stack, scratch_);
    path_.insert(path_.end(), scratch_.begin(), scratch_.end());
    for (const PathFrame& f : path_) {
      const uint32_t next = create ? tree_.child(leaf->second, f.frame, f.inlined) : tree_.find(leaf->second, f.frame);
      if (next == kNone) break;
      leaf->second = next;
    }
    return leaf->second;
  }

  // Per frame of the sample's own stack, once each: serial share (the viewer's colour mode), and
  // the current thread's time, for finding thread roots.
  void sumFrames(const ContextUsage& u, const std::vector<PathFrame>& own) {
    const uint32_t mark = ++mark_;
    // A Python thread's native frames above its outermost Python frame are the interpreter
    // starting up and running the script (main, Py_RunMain, pymain_run_python): the user's code
    // begins at the first Python frame, whatever share of the thread start-up took.
    auto first_python = std::find_if(own.begin(), own.end(),
                                     [&](const PathFrame& f) { return index_.frame(f.frame).language == Language::kPython; });
    if (first_python != own.end()) {
      for (auto it = own.begin(); it != first_python; ++it) interpreter_entry_.insert(it->frame);
    }
    for (const PathFrame& f : own) {
      if (seen_[f.frame] == mark) continue;
      seen_[f.frame] = mark;
      frames_[f.frame].serial_ns += u.serial_ns, frames_[f.frame].parallel_ns += u.parallel_ns;
      if (thread_frame_ns_[f.frame] == 0 && u.total() > 0) touched_.push_back(f.frame);
      thread_frame_ns_[f.frame] += u.total();
    }
    if (!own.empty()) frames_[own.back().frame].self_ns += u.total();
  }

  // After the last of a thread's uses: the frames that held nearly all of its time, if it is a
  // thread that counts, are candidates for thread roots; clears the thread's sums.
  void voteForRoots(uint32_t thread, double all_ns) {
    const double thread_ns = thread_ns_[thread];
    for (uint32_t frame : touched_) {
      if (thread_ns >= kRootThreadShare * all_ns && thread_frame_ns_[frame] >= kRootShare * thread_ns)
        root_votes_.push_back(frame);
      thread_frame_ns_[frame] = 0;
    }
    touched_.clear();
  }

  // The frames that only pass a whole thread's time on: _start, main, clone, a thread's entry.
  void findThreadRoots() {
    is_root_.assign(index_.frames().size(), false);
    for (uint32_t frame : interpreter_entry_) is_root_[frame] = true;
    // A module's body (a script, an import) runs once: it cannot be spread, its callees can.
    for (uint32_t frame = 0; frame < index_.frames().size(); ++frame) {
      const Frame& f = index_.frame(frame);
      if (f.language == Language::kPython && f.name == "<module>") is_root_[frame] = true;
    }
    for (uint32_t frame : root_votes_) {
      const FrameUsage& usage = frames_[frame];
      if (usage.self_ns <= kRootSelfShare * (usage.serial_ns + usage.parallel_ns)) is_root_[frame] = true;
    }
  }

  // A callee whose serial time lies nearly all beneath the candidate is part of its work: a
  // helper that other places call too (memcpy, a parser) is not, or the candidate's work after a
  // change would count theirs.
  void findWorkFrames() {
    constexpr double kInside = 0.9;
    for (ParallelCandidate& c : report_.candidates) {
      c.work_frames = {c.frame};
      for (const HotCallee& h : c.callees) {
        if (h.serial_seconds * 1e9 >= kInside * frames_[h.frame].serial_ns) c.work_frames.push_back(h.frame);
      }
    }
  }

  // The candidates' work sets and the tracked ones, over each distinct use's own stack (not the
  // waiter's: the work ran in this thread).
  void measureWork() {
    std::vector<const std::vector<uint32_t>*> sets;
    if (options_.measure_work) {
      for (const ParallelCandidate& c : report_.candidates) sets.push_back(&c.work_frames);
    }
    for (const std::vector<uint32_t>& set : options_.tracked_frames) sets.push_back(&set);
    std::unordered_map<uint32_t, std::vector<uint32_t>> sets_of;  // frame id -> indices into sets
    for (uint32_t i = 0; i < sets.size(); ++i) {
      for (uint32_t frame : *sets[i]) {
        std::vector<uint32_t>& of = sets_of[frame];
        if (std::find(of.begin(), of.end(), i) == of.end()) of.push_back(i);
      }
    }
    std::vector<double> total_ns(sets.size(), 0), serial_ns(sets.size(), 0);
    std::vector<uint32_t> counted(sets.size(), 0);  // the mark of the last use that counted it
    uint32_t mark = 0;
    for (const parallel::KeyedUse& use : keys_) {
      parallel::expandRootFirst(profile_, index_, use.key.stack, scratch_);
      ++mark;
      for (const PathFrame& f : scratch_) {
        auto of = sets_of.find(f.frame);
        if (of == sets_of.end()) continue;
        for (uint32_t i : of->second) {
          if (counted[i] == mark) continue;
          counted[i] = mark;
          total_ns[i] += use.usage.total();
          serial_ns[i] += use.usage.serial_ns;
        }
      }
    }
    size_t i = 0;
    if (options_.measure_work) {
      for (ParallelCandidate& c : report_.candidates) {
        c.work_seconds = total_ns[i] / 1e9, c.work_serial_seconds = serial_ns[i] / 1e9;
        ++i;
      }
    }
    for (; i < sets.size(); ++i) {
      report_.tracked_seconds.push_back(total_ns[i] / 1e9);
      report_.tracked_serial_seconds.push_back(serial_ns[i] / 1e9);
    }
  }

  const Profile& profile_;
  const FrameIndex& index_;
  const ParallelismOptions& options_;
  const uint64_t period_;
  ParallelismReport report_;
  parallel::TimeGrid grid_;
  parallel::SampleTimes times_;
  parallel::Handoff handoff_;
  std::vector<const Sample*> work_;
  bool python_seen_ = false;
  double gil_wait_ns_ = 0;
  std::vector<bool> serial_;                 // per bin
  std::vector<uint32_t> core_counts_;
  ContextTree tree_;
  std::unordered_map<uint64_t, uint32_t> leaf_of_;  // waiter stack << 32 | stack -> node
  std::vector<PathFrame> path_, scratch_;             // scratch of pathNode()
  std::vector<parallel::KeyedUse> keys_;
  std::vector<FrameUsage> frames_;           // per frame id
  std::vector<uint32_t> seen_;               // per frame id, scratch of sumFrames()
  uint32_t mark_ = 0;
  std::vector<double> thread_frame_ns_;      // per frame id: the current thread's time (sumFrames)
  std::vector<uint32_t> touched_;            // frames with thread_frame_ns_ set
  std::vector<uint32_t> root_votes_;         // frames that held >= kRootShare of a thread's time
  std::vector<double> thread_ns_;
  std::vector<bool> is_root_;
  std::unordered_set<uint32_t> interpreter_entry_;  // frame ids: see sumFrames()
};

}  // namespace

double predictedSpeedup(double wall_seconds, double serial_seconds, uint32_t cores) {
  if (wall_seconds <= 0 || cores == 0) return 1;
  const double saved = std::clamp(serial_seconds, 0.0, wall_seconds) * (1.0 - 1.0 / cores);
  return wall_seconds / (wall_seconds - saved);
}

const char* parallelKindName(ParallelKind kind) {
  switch (kind) {
    case ParallelKind::kWaiting: return "waiting";
    case ParallelKind::kGil: return "gil";
    case ParallelKind::kCpu: break;
  }
  return "cpu";
}

const char* parallelKindAdvice(ParallelKind kind) {
  switch (kind) {
    case ParallelKind::kWaiting: return "waiting (sleep, I/O): threads or async";
    case ParallelKind::kGil:
      return "holds the GIL: threads won't help, use processes (multiprocessing, ProcessPoolExecutor, "
             "dask's processes scheduler)";
    case ParallelKind::kCpu: break;
  }
  return "CPU-bound without the GIL: threads or processes";
}

ParallelismReport analyzeParallelism(const Profile& profile, const FrameIndex& index,
                                     const ParallelismOptions& options) {
  return Analysis(profile, index, options).run();
}

}  // namespace pprof::analysis
