#include "python/python_summary.h"

#include <algorithm>
#include <set>

#include "wire/wire.h"

namespace pprof::python {
namespace {

std::string withThousands(uint64_t n) {
  std::string digits = std::to_string(n), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i != 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

}  // namespace

std::optional<PythonSummary> summarizePython(const Profile& profile, const FrameViewStats& stats) {
  PythonSummary summary;
  std::set<std::string> versions;
  std::set<int32_t> pids;
  std::set<std::string> seen_notes;
  for (const Process& process : profile.processes) {
    if (!process.python_version.empty()) {
      versions.insert(process.python_version);
      pids.insert(process.pid);
    }
    if (!process.python_note.empty()) {
      std::string note = "pid " + std::to_string(process.pid) + ": " + process.python_note;
      if (seen_notes.insert(note).second) summary.notes.push_back(std::move(note));
    }
  }
  bool flagged = false;
  for (const Sample& sample : profile.samples) flagged = flagged || (sample.flags & wire::kSamplePython) != 0;
  if (versions.empty() && summary.notes.empty() && !flagged && stats.python_samples == 0)
    return std::nullopt;
  summary.versions.assign(versions.begin(), versions.end());
  summary.processes = pids.size();
  summary.sample_records = profile.samples.size();
  summary.python_samples = stats.python_samples;
  summary.merge_failures = stats.merge_failures;
  return summary;
}

std::vector<std::string> pythonHeaderLines(const PythonSummary& summary) {
  std::vector<std::string> lines;
  std::string first;
  if (summary.versions.empty()) {
    first = "Python frames";
  } else {
    first = "Python ";
    for (size_t i = 0; i < summary.versions.size(); ++i) first += (i ? ", " : "") + summary.versions[i];
  }
  if (summary.processes != 0)
    first += " in " + withThousands(summary.processes) + (summary.processes == 1 ? " process" : " processes");
  if (summary.merge_failures != 0) {
    first += "; " + withThousands(summary.merge_failures) + " of " + withThousands(summary.python_samples) +
             " samples with Python frames could not be merged (kept unmerged)";
  }
  lines.push_back(std::move(first));
  for (const std::string& note : summary.notes) lines.push_back(note);
  return lines;
}

}  // namespace pprof::python
