#include "server/api_json.h"

#include "analysis/process_role.h"

#include "python/python_summary.h"
#include "render/advice_render.h"
#include "render/json_render.h"

#include <charconv>
#include <type_traits>
#include <unordered_map>
#include <unordered_set>

namespace pprof::server {
namespace {

using nlohmann::json;

// Indexes of distinct strings in first-seen order; "" maps to -1 (unknown).
class StringTable {
 public:
  int64_t intern(const std::string& text) {
    if (text.empty()) return -1;
    auto [it, inserted] = ids_.try_emplace(text, static_cast<int64_t>(strings_.size()));
    if (inserted) strings_.push_back(text);
    return it->second;
  }
  json toJson() const { return strings_; }

 private:
  std::unordered_map<std::string, int64_t> ids_;
  std::vector<std::string> strings_;
};

int64_t idOrMinusOne(uint32_t id) { return id == kNone ? -1 : static_cast<int64_t>(id); }

int64_t treeFrame(uint32_t frame) {
  if (frame == analysis::kRootFrame) return -1;
  if (frame == analysis::kMergedFrame) return -2;
  return frame;
}

template <typename T>
json optionalJson(const std::optional<T>& value) {
  return value ? json(*value) : json(nullptr);
}

// Named time ranges marked with the profiler API; the first kMaxRegions (a program marking
// millions of tiny regions must not make /api/meta huge).
constexpr size_t kMaxRegions = 2000;
json regionsJson(const Profile& profile) {
  json regions = json::array();
  for (const Region& region : profile.regions) {
    if (regions.size() == kMaxRegions) break;
    regions.push_back({{"name", region.name}, {"thread", region.thread}, {"start_ns", region.start_ns},
                       {"end_ns", region.end_ns}});
  }
  return regions;
}

}  // namespace

static const char* languageName(Language language) { return language == Language::kPython ? "python" : "native"; }

json metaJson(const ProfileView& view, const ProfileView::Viewed& viewed, const analysis::SampleTotals& all) {
  const Meta& meta = view.profile.meta;
  json out = {{"files", view.files},
          {"producer", meta.producer},
          {"mode", meta.mode},
          {"clock", meta.clock},
          {"frequency_hz", meta.frequency_hz},
          {"period_ns", meta.period_ns},
          {"start_realtime_ns", meta.start_realtime_ns},
          {"duration_ns", meta.duration_ns},
          {"command", meta.command},
          {"lost_samples", meta.lost_samples},
          {"truncated_stacks", meta.truncated_stacks},
          {"complete", meta.complete},
          {"samples", all.records},
          {"weight", all.weight},
          {"cpu_weight", all.cpu_weight},
          {"processes", view.profile.processes.size()},
          {"threads", view.profile.threads.size()},
          {"frames", view.frames.frames().size()},
          {"stacks", viewed.profile.stacks.size()},
          {"regions", regionsJson(view.profile)}};
  const auto python = python::summarizePython(viewed.profile, viewed.stats);
  if (python) out["python"] = json::parse(render::pythonJson(*python).dump());
  return out;
}

json framesJson(const analysis::FrameIndex& frames) {
  StringTable files, modules;
  json name = json::array(), file = json::array(), line = json::array();
  json module = json::array(), address = json::array(), language = json::array();
  for (const analysis::Frame& frame : frames.frames()) {
    language.push_back(languageName(frame.language));
    name.push_back(frame.name);
    file.push_back(files.intern(frame.file));
    line.push_back(frame.line);
    module.push_back(modules.intern(frame.module_path));
    address.push_back(frame.kind == analysis::FrameKind::kAddress ? frame.address : 0);
  }
  return {{"name", std::move(name)}, {"file", std::move(file)}, {"line", std::move(line)},
          {"module", std::move(module)}, {"address", std::move(address)}, {"language", std::move(language)},
          {"files", files.toJson()}, {"modules", modules.toJson()}};
}

// Written by hand rather than through nlohmann::json: a tree of millions of nodes would first
// become millions of json values, which took longer than building the tree.
namespace {

// Written by hand: a tree may have a million nodes, and building an nlohmann array of them
// first took longer than the tree itself.
template <typename Tree>
std::string treeText(const Tree& tree) {
  using Node = typename decltype(tree.nodes)::value_type;
  std::string out;
  out.reserve(tree.nodes.size() * 24 + 128);
  char buffer[24];
  auto number = [&](auto value) {
    auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
    out.append(buffer, end);
  };
  auto column = [&](const char* name, auto field) {
    out += '"';
    out += name;
    out += "\":[";
    for (size_t i = 0; i < tree.nodes.size(); ++i) {
      if (i) out += ',';
      number(field(tree.nodes[i]));
    }
    out += "],";
  };
  out += '{';
  column("parent", [](const Node& n) { return idOrMinusOne(n.parent); });
  column("frame", [](const Node& n) { return treeFrame(n.frame); });
  column("self", [](const Node& n) { return n.self; });
  column("total", [](const Node& n) { return n.total; });
  if constexpr (std::is_same_v<Node, compare::DiffTreeNode>) {
    column("base_self", [](const Node& n) { return n.base_self; });
    column("base_total", [](const Node& n) { return n.base_total; });
    out += "\"base_weight\":";
    number(tree.nodes.empty() ? uint64_t{0} : tree.nodes[0].base_total);
    out += ',';
  }
  out += "\"weight\":";
  number(tree.nodes.empty() ? uint64_t{0} : tree.nodes[0].total);
  out += ",\"full_size\":";
  number(tree.full_size);
  out += ",\"depth_truncated\":";
  out += tree.depth_truncated ? "true}" : "false}";
  return out;
}

}  // namespace

std::string treeJsonText(const analysis::CallTree& tree) { return treeText(tree); }
std::string diffTreeJsonText(const compare::DiffTree& tree) { return treeText(tree); }

json threadsJson(const Profile& profile, const analysis::SampleTotals& totals) {
  json threads = json::array();
  for (uint32_t id = 0; id < profile.threads.size(); ++id) {
    const Thread& thread = profile.threads[id];
    const bool known = thread.process < profile.processes.size();
    threads.push_back({{"id", id},
                       {"pid", known ? profile.processes[thread.process].pid : 0},
                       {"tid", thread.tid},
                       {"name", thread.name},
                       {"process", idOrMinusOne(known ? thread.process : kNone)},
                       {"start_ns", thread.start_ns},
                       {"end_ns", thread.end_ns},
                       {"weight", id < totals.thread_weight.size() ? totals.thread_weight[id] : 0},
                       {"cpu_weight", id < totals.thread_cpu_weight.size() ? totals.thread_cpu_weight[id] : 0}});
  }
  json processes = json::array();
  for (const Process& process : profile.processes) {
    processes.push_back({{"pid", process.pid}, {"ppid", process.ppid}, {"executable", process.executable},
                         {"host", hostOf(profile, static_cast<uint32_t>(&process - profile.processes.data()))},
                         {"role", analysis::processRole(process)}});
  }
  return {{"threads", std::move(threads)}, {"processes", std::move(processes)}};
}

json timelineJson(const analysis::Timeline& timeline) {
  json threads = json::array();
  for (const analysis::ThreadTimeline& row : timeline.threads) {
    json entry = {{"id", row.thread}, {"cpu", row.cpu}, {"idle", row.idle}};
    if (!row.python.empty()) {  // Python threads only: on-CPU Python weight and its GIL-held part
      entry["python"] = row.python;
      entry["gil"] = row.gil;
    }
    threads.push_back(std::move(entry));
  }
  return {{"start_ns", timeline.start_ns}, {"end_ns", timeline.end_ns}, {"bin_ns", timeline.bin_ns},
          {"bins", timeline.bins}, {"threads", std::move(threads)}};
}

json functionsJson(const std::vector<analysis::FunctionStats>& rows, analysis::Grouping grouping,
                   const analysis::SampleTotals& totals) {
  const bool by_function = grouping == analysis::Grouping::kFunction;
  json out = {{"group", by_function ? "function" : grouping == analysis::Grouping::kLine ? "line"
                                      : grouping == analysis::Grouping::kFile ? "file" : "module"},
              {"weight", totals.weight}};
  json frame = json::array(), name = json::array(), file = json::array(), line = json::array();
  json module = json::array(), self = json::array(), total = json::array();
  json self_seconds = json::array(), total_seconds = json::array();
  json calls = json::array(), primitive_calls = json::array();
  json language = json::array(), gil_percent = json::array();
  for (const analysis::FunctionStats& row : rows) {
    language.push_back(languageName(row.language));
    gil_percent.push_back(optionalJson(row.gil_percent));
    if (by_function) {
      frame.push_back(row.frame);
    } else {
      name.push_back(row.name), file.push_back(row.file), line.push_back(row.line);
      module.push_back(row.module);
    }
    self.push_back(row.self_samples), total.push_back(row.total_samples);
    self_seconds.push_back(row.self_seconds), total_seconds.push_back(row.total_seconds);
    calls.push_back(optionalJson(row.calls));
    primitive_calls.push_back(optionalJson(row.primitive_calls));
  }
  if (by_function) {
    out["frame"] = std::move(frame);
  } else {
    out["name"] = std::move(name), out["file"] = std::move(file), out["line"] = std::move(line);
    out["module"] = std::move(module);
  }
  out["self"] = std::move(self), out["total"] = std::move(total);
  out["self_seconds"] = std::move(self_seconds), out["total_seconds"] = std::move(total_seconds);
  out["calls"] = std::move(calls), out["primitive_calls"] = std::move(primitive_calls);
  out["language"] = std::move(language), out["gil_percent"] = std::move(gil_percent);
  return out;
}

json diffFunctionsJson(const std::vector<analysis::FunctionStats>& rows, const analysis::SampleTotals& totals,
                       const std::vector<analysis::FunctionStats>& base_rows,
                       const analysis::SampleTotals& base_totals) {
  std::unordered_map<uint32_t, const analysis::FunctionStats*> base_of;
  for (const analysis::FunctionStats& row : base_rows) base_of.emplace(row.frame, &row);
  // Rows only BASE has follow NEW's, with NEW's values 0 (and no calls or GIL share).
  std::unordered_set<uint32_t> in_next;
  for (const analysis::FunctionStats& row : rows) in_next.insert(row.frame);
  std::vector<analysis::FunctionStats> all = rows;
  for (const analysis::FunctionStats& row : base_rows) {
    if (!in_next.count(row.frame)) {
      analysis::FunctionStats gone = row;
      gone.self_samples = gone.total_samples = 0;
      gone.self_seconds = gone.total_seconds = 0;
      gone.calls = gone.primitive_calls = std::nullopt;
      gone.gil_percent = std::nullopt;
      all.push_back(std::move(gone));
    }
  }
  json out = functionsJson(all, analysis::Grouping::kFunction, totals);
  json base_self = json::array(), base_total = json::array();
  json base_self_seconds = json::array(), base_total_seconds = json::array();
  for (const analysis::FunctionStats& row : all) {
    auto it = base_of.find(row.frame);
    const analysis::FunctionStats* base = it == base_of.end() ? nullptr : it->second;
    base_self.push_back(base ? base->self_samples : 0);
    base_total.push_back(base ? base->total_samples : 0);
    base_self_seconds.push_back(base ? base->self_seconds : 0.0);
    base_total_seconds.push_back(base ? base->total_seconds : 0.0);
  }
  out["base_weight"] = base_totals.weight;
  out["base_self"] = std::move(base_self), out["base_total"] = std::move(base_total);
  out["base_self_seconds"] = std::move(base_self_seconds);
  out["base_total_seconds"] = std::move(base_total_seconds);
  return out;
}

json searchJson(const SearchResult& result) {
  const double share = result.total_weight == 0 ? 0.0
      : static_cast<double>(result.matched_weight) / static_cast<double>(result.total_weight);
  return {{"matched", result.matched_weight}, {"total", result.total_weight}, {"share", share},
          {"frames", result.matched_frames}};
}

nlohmann::ordered_json parallelismJson(const analysis::ParallelismReport& report, const analysis::FrameIndex& frames,
                                       const analysis::SampleSelection& selection) {
  nlohmann::ordered_json out = render::adviceToJson(report, frames);
  // Each row as adviceToJson wrote it, plus the frame ids the page selects and colours by.
  const auto addFrames = [&](const char* key, const std::vector<analysis::ParallelCandidate>& rows) {
    nlohmann::ordered_json& json_rows = out[key];
    for (size_t i = 0; i < rows.size() && i < json_rows.size(); ++i) json_rows[i]["frame"] = rows[i].frame;
  };
  addFrames("candidates", report.candidates);
  addFrames("functions", report.functions);
  addFrames("lines", report.lines);
  nlohmann::ordered_json& candidates = out["candidates"];
  for (size_t i = 0; i < report.candidates.size() && i < candidates.size(); ++i) {
    const analysis::ParallelCandidate& c = report.candidates[i];
    candidates[i]["context_frames"] = c.context;
    nlohmann::ordered_json& callees = candidates[i]["callees"];
    for (size_t j = 0; j < c.callees.size() && j < callees.size(); ++j) callees[j]["frame"] = c.callees[j].frame;
  }
  out["has_time"] = report.has_time;
  nlohmann::ordered_json echo = {{"threads", nullptr}, {"pid", nullptr},
                                 {"from_ns", selection.from_ns}, {"to_ns", nullptr}};
  if (selection.threads) echo["threads"] = *selection.threads;
  if (selection.pid) echo["pid"] = *selection.pid;
  if (selection.to_ns) echo["to_ns"] = *selection.to_ns;
  out["selection"] = std::move(echo);
  out["concurrency"] = {{"bin_ns", report.concurrency.bin_ns},
                        {"running", report.concurrency.running},
                        {"waiting", report.concurrency.waiting}};
  out["frame_serial_share"] = report.frame_serial_share;
  return out;
}

json errorJson(const std::string& message) { return {{"error", message}}; }

std::string compactDump(const json& value) {
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string compactDump(const nlohmann::ordered_json& value) {
  return value.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace pprof::server
