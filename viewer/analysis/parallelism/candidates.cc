#include "analysis/parallelism/candidates.h"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

namespace pprof::analysis::parallel {
namespace {

constexpr double kMostlySerial = 0.5;  // of a context's time in serial bins: it owns that time
constexpr double kGilMostly = 0.5;     // of its on-CPU time holding the GIL: kind gil

// How a node spends its time in its children (those that are a real part of it, at least a
// tenth of its serial time): in turn, over and over (a loop whose body calls a few helpers:
// their spans overlap), or one after another (phases: load, then compute), with little of its
// own between them.
enum class Shape { kOther, kPhases, kLoop };

Shape shapeOf(const CandidateInput& in, uint32_t node) {
  constexpr double kPart = 0.1, kOverlap = 1.5;
  const ContextUsage& u = in.tree.usage(node);
  double spans = 0, children_serial = 0;
  int parts = 0;
  for (uint32_t kid : in.tree.children(node)) {
    const ContextUsage& k = in.tree.usage(kid);
    children_serial += k.serial_ns;
    if (k.serial_ns < kPart * u.serial_ns || k.last_ns < k.first_ns) continue;
    spans += static_cast<double>(k.last_ns - k.first_ns), ++parts;
  }
  if (parts < 2) return Shape::kOther;
  if (spans > kOverlap * static_cast<double>(u.last_ns - u.first_ns)) return Shape::kLoop;
  return u.serial_ns - children_serial < kPart * u.serial_ns ? Shape::kPhases : Shape::kOther;
}

// A thread root passes its time on, and so does a function that runs phases one after another
// (a script's main(): make the input, then the partition loop): each phase is a place of its
// own, and naming the function that sequences them would be naming the whole run. A root that
// loops over its children owns their time: a single-threaded run whose loop is its whole life
// makes every frame down to the loop body a thread root, and the helpers beneath must not be
// named for it.
bool eligible(const CandidateInput& in, uint32_t node) {
  const Shape shape = shapeOf(in, node);
  return shape == Shape::kLoop || (!in.is_root[in.tree.frame(node)] && shape != Shape::kPhases);
}

// Code the compiler inlined (an always-inline kernel) is its caller's: the caller owns it. A
// thread root owns it only when the inlined code is nearly all of the root's time (a worker's
// entry whose whole body is the kernel): a vector's emplace_back inlined into main must not make
// main, and with it every phase of the program, one candidate.
uint32_t outOfInlining(const CandidateInput& in, uint32_t node) {
  constexpr double kWholeBody = 0.95;  // of the caller's serial time
  while (in.tree.inlined(node)) {
    const uint32_t caller = in.tree.parent(node);
    if (caller == ContextTree::kRoot) break;
    if (!eligible(in, caller) && in.tree.usage(node).serial_ns < kWholeBody * in.tree.usage(caller).serial_ns) break;
    node = caller;
  }
  return node;
}

// The contexts that own serial time: walking down from the root, the first node on each path
// that is not a thread root (or is one that loops over its children) and whose time is mostly
// serial. What lies beneath is its detail; a mostly parallel node is looked through (its serial
// tail, a worker left alone at the end, can still own time). Best first.
std::vector<uint32_t> ownerNodes(const CandidateInput& in) {
  std::vector<uint32_t> found;
  const auto& top = in.tree.children(ContextTree::kRoot);
  std::vector<uint32_t> todo(top.rbegin(), top.rend());
  while (!todo.empty()) {
    const uint32_t node = todo.back();
    todo.pop_back();
    const ContextUsage& u = in.tree.usage(node);
    if (u.serial_ns <= 0) continue;  // a node holds its descendants' time: none below either
    if (eligible(in, node) && u.serial_ns >= kMostlySerial * u.total()) {
      found.push_back(outOfInlining(in, node));
      continue;
    }
    const auto& kids = in.tree.children(node);
    todo.insert(todo.end(), kids.rbegin(), kids.rend());
  }
  // Leaving inlined code can reach a node that is already an owner, or one above another owner.
  std::unordered_set<uint32_t> chosen(found.begin(), found.end());
  std::vector<uint32_t> owners;
  for (uint32_t node : chosen) {
    bool nested = false;
    for (uint32_t up = in.tree.parent(node); up != ContextTree::kRoot && !nested; up = in.tree.parent(up))
      nested = chosen.count(up) > 0;
    if (!nested) owners.push_back(node);
  }
  std::sort(owners.begin(), owners.end(), [&](uint32_t a, uint32_t b) {
    const double sa = in.tree.usage(a).serial_ns, sb = in.tree.usage(b).serial_ns;
    return sa != sb ? sa > sb : a < b;
  });
  if (owners.size() > in.options.max_candidates) owners.resize(in.options.max_candidates);
  return owners;
}

std::vector<SpeedupPrediction> predictions(const CandidateInput& in, double serial_seconds) {
  std::vector<SpeedupPrediction> out;
  const double serial = std::min(serial_seconds, in.serial_seconds);
  for (uint32_t n : in.core_counts) out.push_back({n, predictedSpeedup(in.wall_seconds, serial, n)});
  return out;
}

ParallelCandidate makeRow(const CandidateInput& in, uint32_t frame, uint32_t line, const ContextUsage& u) {
  ParallelCandidate c;
  c.frame = frame;
  c.line = line;
  c.serial_seconds = u.serial_ns / 1e9;
  c.parallel_seconds = u.parallel_ns / 1e9;
  c.total_seconds = c.serial_seconds + c.parallel_seconds;
  c.waiting_seconds = u.waiting_ns / 1e9;
  if (u.python_ns > 0) c.gil_share = u.running_ns > 0 ? u.gil_ns / u.running_ns : 0.0;
  if (u.waiting_ns > u.running_ns) {
    c.kind = ParallelKind::kWaiting;
  } else if (c.gil_share && *c.gil_share >= kGilMostly) {
    c.kind = ParallelKind::kGil;
  }
  c.predicted = predictions(in, c.serial_seconds);
  // On threads, only one of them runs Python at a time: the GIL-holding part stays serial.
  c.predicted_threads = predictions(in, std::max(0.0, u.serial_ns - u.serial_gil_ns) / 1e9);
  return c;
}

bool bySerial(const ParallelCandidate& a, const ParallelCandidate& b) {
  if (a.serial_seconds != b.serial_seconds) return a.serial_seconds > b.serial_seconds;
  if (a.candidate != b.candidate) return a.candidate < b.candidate;
  return a.frame != b.frame ? a.frame < b.frame : a.line < b.line;
}

// What lies beneath one candidate, summed over the uses whose path runs through it.
struct Beneath {
  std::unordered_set<uint32_t> threads;
  std::unordered_map<uint32_t, ContextUsage> functions;  // frame ->
  std::unordered_map<uint64_t, ContextUsage> lines;      // frame << 32 | line ->
};

class Describer {
 public:
  Describer(const CandidateInput& in, const std::vector<uint32_t>& owners)
      : in_(in), owners_(owners), owner_of_(in.tree.size(), -1), beneath_(owners.size()),
        seen_(in.index.frames().size(), 0) {
    for (size_t i = 0; i < owners.size(); ++i) owner_of_[owners[i]] = static_cast<int32_t>(i);
  }

  void sum() {
    for (const KeyedUse& use : in_.uses) {
      uint32_t node = use.leaf_node;
      while (node != ContextTree::kRoot && owner_of_[node] < 0) node = in_.tree.parent(node);
      if (node == ContextTree::kRoot) continue;
      sumBeneath(use, static_cast<size_t>(owner_of_[node]), in_.tree.depth(node));
    }
  }

  void fill(ParallelismReport& report) {
    for (size_t i = 0; i < owners_.size(); ++i) {
      const uint32_t node = owners_[i];
      const uint32_t frame = in_.tree.frame(node);
      ParallelCandidate c = makeRow(in_, frame, in_.index.frame(frame).line, in_.tree.usage(node));
      c.context = in_.tree.path(node);
      c.threads = static_cast<uint32_t>(beneath_[i].threads.size());
      c.callees = callees(beneath_[i], frame);
      report.candidates.push_back(std::move(c));
      for (const auto& [f, u] : beneath_[i].functions) {
        report.functions.push_back(makeRow(in_, f, in_.index.frame(f).line, u));
        report.functions.back().candidate = static_cast<int32_t>(i);
      }
      for (const auto& [key, u] : beneath_[i].lines) {
        report.lines.push_back(makeRow(in_, static_cast<uint32_t>(key >> 32), static_cast<uint32_t>(key), u));
        report.lines.back().candidate = static_cast<int32_t>(i);
      }
    }
    keepBest(report.functions, in_.options.max_functions);
    keepBest(report.lines, in_.options.max_lines);
  }

 private:
  // The path from the candidate's frame (at depth `depth`) down to the use's leaf.
  void sumBeneath(const KeyedUse& use, size_t owner, uint32_t depth) {
    Beneath& b = beneath_[owner];
    b.threads.insert(use.key.thread);
    path_.clear();
    if (use.key.waiter_stack != kNone) expandRootFirst(in_.profile, in_.index, use.key.waiter_stack, path_);
    expandRootFirst(in_.profile, in_.index, use.key.stack, scratch_);
    const size_t waiter_frames = path_.size();
    path_.insert(path_.end(), scratch_.begin(), scratch_.end());
    if (path_.size() < depth) return;
    const uint32_t mark = ++mark_;
    line_keys_.clear();
    for (size_t i = depth - 1; i < path_.size(); ++i) {
      // Beneath a waiting loop: not the waiter's join machinery, nor the worker's entry frames.
      if (i >= depth && i < waiter_frames) continue;
      const PathFrame& f = path_[i];
      if (in_.is_root[f.frame]) continue;
      if (seen_[f.frame] != mark) {
        seen_[f.frame] = mark;
        ContextUsage& row = b.functions[f.frame];
        row.add(use.usage);
        if (f.inlined) row.inlined_ns += use.usage.total();
      }
      line_keys_.push_back((uint64_t{f.frame} << 32) | f.line);
    }
    std::sort(line_keys_.begin(), line_keys_.end());
    line_keys_.erase(std::unique(line_keys_.begin(), line_keys_.end()), line_keys_.end());
    for (uint64_t key : line_keys_) b.lines[key].add(use.usage);
  }

  std::vector<HotCallee> callees(const Beneath& b, uint32_t owner_frame) const {
    std::vector<HotCallee> out;
    for (const auto& [frame, u] : b.functions) {
      if (frame == owner_frame || u.serial_ns <= 0) continue;
      out.push_back({frame, u.serial_ns / 1e9, u.inlined_ns > 0.5 * u.total()});
    }
    std::sort(out.begin(), out.end(), [](const HotCallee& a, const HotCallee& b) {
      return a.serial_seconds != b.serial_seconds ? a.serial_seconds > b.serial_seconds : a.frame < b.frame;
    });
    if (out.size() > in_.options.max_callees) out.resize(in_.options.max_callees);
    return out;
  }

  static void keepBest(std::vector<ParallelCandidate>& rows, size_t max) {
    std::sort(rows.begin(), rows.end(), bySerial);
    if (rows.size() > max) rows.resize(max);
  }

  const CandidateInput& in_;
  const std::vector<uint32_t>& owners_;
  std::vector<int32_t> owner_of_;  // per node: the candidate it is, -1
  std::vector<Beneath> beneath_;   // per candidate
  std::vector<uint32_t> seen_;     // per frame id: mark of the last path that counted it
  uint32_t mark_ = 0;
  std::vector<PathFrame> path_, scratch_;
  std::vector<uint64_t> line_keys_;
};

}  // namespace

void rankCandidates(const CandidateInput& input, ParallelismReport& report) {
  const std::vector<uint32_t> owners = ownerNodes(input);
  Describer describer(input, owners);
  describer.sum();
  describer.fill(report);
}

}  // namespace pprof::analysis::parallel
