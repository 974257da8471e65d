#include "render/advice_check_render.h"

#include "analysis/function_label.h"
#include "render/advice_render.h"
#include "render/text_format.h"

namespace pprof::render {
namespace {

using nlohmann::ordered_json;
using analysis::AddressedCandidate;
using analysis::CheckedFunction;
using analysis::CheckedRun;
using analysis::ParallelismCheck;

constexpr size_t kNewInSummary = 3;  // candidates of the after run in the one-line summary
constexpr size_t kNewListed = 5;     // ... and in the list above it

std::string joined(const std::vector<std::string>& inputs) {
  std::string out;
  for (const std::string& input : inputs) out += (out.empty() ? "" : ", ") + input;
  return out;
}

// The one-line summary's names: "parseSales", not "(anonymous namespace)::parseSales(...)", and
// "std::vector<...>::~vector" for a template's members.
std::string bareName(const std::string& name) {
  std::string bare = withoutParameters(name);
  if (bare.size() > 5 && bare.compare(bare.size() - 5, 5, "(...)") == 0) bare.resize(bare.size() - 5);
  const std::string anonymous = "(anonymous namespace)::";
  for (size_t at; (at = bare.find(anonymous)) != std::string::npos;) bare.erase(at, anonymous.size());
  std::string out;
  int depth = 0;
  for (char ch : bare) {
    if (ch == '>' && depth > 0 && --depth == 0) out += "...";
    if (depth == 0) out += ch;
    if (ch == '<') ++depth;
  }
  return depth == 0 ? out : bare;  // unbalanced: an operator<, left alone
}

std::string where(const CheckedFunction& f) {
  const std::string location = analysis::labelWhere(f.file, f.module_path);
  return f.file.empty() || f.line == 0 ? location : location + ":" + std::to_string(f.line);
}

bool predictsThreadsApart(const AddressedCandidate& a) {
  return a.gil_share.has_value() && a.predicted_speedup_threads != a.predicted_speedup;
}

void appendRun(std::string& text, const char* label, const std::vector<std::string>& inputs, const CheckedRun& run) {
  appendf(text, "  %-6s %s\n", label, joined(inputs).c_str());
  if (!run.has_time) {
    text += "         cannot advise: " + run.warning + "\n";
    return;
  }
  appendf(text, "         wall %.3f s, CPU %.3f s, serial %.3f s (%.2f of the wall time)\n", run.wall_seconds,
          run.cpu_seconds, run.serial_seconds, run.serial_fraction);
  if (!run.warning.empty()) text += "         warning: " + run.warning + "\n";
}

void appendAddressed(std::string& text, const ParallelismCheck& check) {
  const AddressedCandidate& a = *check.addressed;
  if (a.shrank) {
    appendf(text, "\nAddressed: the base run's candidate #%zu, the one whose serial time shrank the most\n", a.rank + 1);
  } else {
    text += "\nAddressed: no candidate of the base run lost serial time (at equal machine speed); its top one, #1\n";
  }
  appendf(text, "  %s  (%s), kind %s\n", withoutParameters(a.function.name).c_str(), where(a.function).c_str(),
          analysis::parallelKindName(a.kind));
  appendf(text, "  predicted  %.2fx on %u cores", a.predicted_speedup, a.cores);
  if (predictsThreadsApart(a)) {
    appendf(text, " with processes, %.2fx%s with threads", a.predicted_speedup_threads,
            a.kind == analysis::ParallelKind::kGil ? " at best" : "");
  }
  text += " (the base run's advice)\n";
  appendf(text, "  measured   %.2fx: wall %.3f s -> %.3f s\n", *check.measured_speedup, check.base.wall_seconds,
          check.after.wall_seconds);
  appendf(text, "  serial     %.3f s -> %.3f s", a.serial_seconds_before, a.serial_seconds_after);
  if (a.work.size() > 1) {
    appendf(text, ": its samples and those of the %zu callee%s that ran only inside it, in any thread or process",
            a.work.size() - 1, a.work.size() > 2 ? "s" : "");
  } else {
    text += ": its samples, in any thread or process";
  }
  if (a.work_found_after == 0) text += " (the after run has none of these functions)";
  text += "\n";
  const auto share = [](double serial, double total) { return total > 0 ? serial / total : 0.0; };
  appendf(text, "             %.2f -> %.2f of its time (%.3f s -> %.3f s in all)\n",
          share(a.serial_seconds_before, a.seconds_before), share(a.serial_seconds_after, a.seconds_after),
          a.seconds_before, a.seconds_after);
  appendf(text, "  serial fraction of the run %.2f -> %.2f\n", check.base.serial_fraction, check.after.serial_fraction);
}

void appendNewCandidates(std::string& text, const ParallelismCheck& check) {
  text += "\nSerial time now: the after run's candidates\n";
  if (check.new_candidates.empty()) {
    text += "  none: no serial time outside the threads' entry points\n";
    return;
  }
  appendf(text, "   #  serial s  %2u cores  kind     function\n", check.cores);
  int rank = 0;
  for (const analysis::NewCandidate& c : check.new_candidates) {
    if (static_cast<size_t>(rank) == kNewListed) {
      appendf(text, "  ... %zu more (--advise on the after run lists them)\n", check.new_candidates.size() - kNewListed);
      break;
    }
    appendf(text, "  %2d  %8.3f  %7.2fx  %-7s  %s  (%s)\n", ++rank, c.serial_seconds, c.predicted_speedup,
            analysis::parallelKindName(c.kind), withoutParameters(c.function.name).c_str(), where(c.function).c_str());
  }
}

// "predicted 1.32x, measured 1.30x; parseSales serial 0.63 s -> 0.05 s; new serial time: ..."
std::string summaryLine(const ParallelismCheck& check) {
  std::string line;
  const AddressedCandidate* a = check.addressed ? &*check.addressed : nullptr;
  if (a) {
    appendf(line, "predicted %.2fx", a->predicted_speedup);
    if (predictsThreadsApart(*a)) {
      appendf(line, " with processes (threads %.2fx%s)", a->predicted_speedup_threads,
              a->kind == analysis::ParallelKind::kGil ? " at best" : "");
    }
    line += ", ";
  }
  appendf(line, "measured %.2fx; ", *check.measured_speedup);
  if (a) {
    appendf(line, "%s serial %.2f s -> %.2f s; ", bareName(a->function.name).c_str(), a->serial_seconds_before,
            a->serial_seconds_after);
  } else {
    line += "the base run had no candidates; ";
  }
  line += "new serial time:";
  size_t shown = 0;
  for (const analysis::NewCandidate& c : check.new_candidates) {
    if (shown == kNewInSummary || c.serial_seconds < 0.005) break;  // best first; "0.00 s" says nothing
    appendf(line, "%s %s %.2f s", shown++ ? "," : "", bareName(c.function.name).c_str(), c.serial_seconds);
  }
  if (shown == 0) line += " none";
  return line + "\n";
}

ordered_json runJson(const std::vector<std::string>& inputs, const CheckedRun& run) {
  ordered_json out = {{"inputs", inputs},
                      {"wall_seconds", run.wall_seconds},
                      {"cpu_seconds", run.cpu_seconds},
                      {"serial_seconds", run.serial_seconds},
                      {"serial_fraction", run.serial_fraction}};
  if (!run.warning.empty()) out["warning"] = run.warning;
  return out;
}

ordered_json functionJson(const CheckedFunction& f) { return {{"name", f.name}, {"file", f.file}, {"line", f.line}}; }

ordered_json addressedJson(const ParallelismCheck& check) {
  if (!check.addressed) return nullptr;
  const AddressedCandidate& a = *check.addressed;
  ordered_json out = functionJson(a.function);
  out.update({{"candidate", a.rank},
              {"shrank", a.shrank},
              {"kind", analysis::parallelKindName(a.kind)},
              {"gil_share", a.gil_share ? ordered_json(*a.gil_share) : ordered_json()},
              {"predicted_speedup", a.predicted_speedup},
              {"predicted_speedup_threads", a.predicted_speedup_threads},
              {"measured_speedup", *check.measured_speedup},
              {"candidate_serial_seconds", a.candidate_serial_seconds},
              {"serial_seconds_before", a.serial_seconds_before},
              {"serial_seconds_after", a.serial_seconds_after},
              {"seconds_before", a.seconds_before},
              {"seconds_after", a.seconds_after},
              {"work", a.work},
              {"work_found_after", a.work_found_after}});
  return out;
}

}  // namespace

std::string renderAdviceCheckText(const ParallelismCheck& check, const CheckInputs& inputs) {
  std::string text = "Parallelism check: the base run's advice against the run after the change\n";
  appendRun(text, "base", inputs.base, check.base);
  appendRun(text, "after", inputs.after, check.after);
  if (!check.measured_speedup) return text + "  cannot check: both runs need the advisor's timestamps\n";
  if (check.addressed) appendAddressed(text, check);
  else text += "\nAddressed: none, the base run had no candidates (no serial time outside the threads' entry points)\n";
  appendNewCandidates(text, check);
  return text + "\n" + summaryLine(check);
}

ordered_json adviceCheckToJson(const ParallelismCheck& check, const CheckInputs& inputs) {
  ordered_json out = {{"cores", check.cores},
                      {"base", runJson(inputs.base, check.base)},
                      {"after", runJson(inputs.after, check.after)},
                      {"measured_speedup", check.measured_speedup ? ordered_json(*check.measured_speedup) : ordered_json()},
                      {"addressed", addressedJson(check)}};
  ordered_json candidates = ordered_json::array();
  for (const analysis::NewCandidate& c : check.new_candidates) {
    ordered_json row = functionJson(c.function);
    row.update({{"serial_seconds", c.serial_seconds},
                {"kind", analysis::parallelKindName(c.kind)},
                {"predicted_speedup", c.predicted_speedup}});
    candidates.push_back(std::move(row));
  }
  out["new_candidates"] = std::move(candidates);
  return out;
}

}  // namespace pprof::render
