#include <algorithm>
#include <map>
#include <vector>

#include "formats/perf_script.h"
#include "formats/perf_script_lines.h"
#include "formats/profile_builder.h"
#include "formats/text_lines.h"

namespace pprof::formats {
namespace {

using perf_script::Frame;
using perf_script::Header;

struct RawSample {
  uint32_t stack, thread;
  uint64_t time_ns, period;
};

class PerfScriptParser {
 public:
  explicit PerfScriptParser(Profile& profile) : profile_(profile), builder_(profile) {}

  // Returns "" or what is wrong with the line.
  std::string addLine(std::string_view line) {
    std::string_view content = line;
    while (!content.empty() && (content.front() == ' ' || content.front() == '\t')) content.remove_prefix(1);
    while (!content.empty() && (content.back() == ' ' || content.back() == '\t' || content.back() == '\r'))
      content.remove_suffix(1);
    if (content.empty()) return endSample();
    if (content.front() == '#' && !in_sample_) return {};  // `perf script --header` comments
    const bool indented = line.front() == ' ' || line.front() == '\t';
    if (indented && in_sample_) return addFrame(content);
    std::string problem = endSample();
    if (!problem.empty()) return problem;
    std::string error;
    std::optional<Header> header = perf_script::parseHeader(content, error);
    if (!header) return error;
    startSample(*header);
    // Without -g, perf prints the one frame on the header line.
    if (!header->rest.empty() && perf_script::parseFrame(header->rest)) return addFrame(header->rest);
    return {};
  }

  std::string endSample() {
    if (!in_sample_) return {};
    in_sample_ = false;
    if (frames_.empty()) frames_.push_back(builder_.location(kNone, 0, builder_.function("[no stack]")));
    samples_.push_back({builder_.stack(frames_), thread_, time_ns_, period_});
    return {};
  }

  void finish();

 private:
  void startSample(const Header& h) {
    in_sample_ = true;
    frames_.clear();
    process_ = builder_.process(h.pid);
    if (profile_.processes[process_].command.empty()) profile_.processes[process_].command = {std::string(h.comm)};
    thread_ = builder_.thread(process_, h.tid, h.comm);
    time_ns_ = h.time_ns;
    period_ = h.period;
    if (!h.event.empty()) ++events_[std::string(h.event)];
  }

  std::string addFrame(std::string_view text) {
    std::optional<Frame> f = perf_script::parseFrame(text);
    if (!f) return "expected 'ADDRESS SYMBOL (DSO)'";
    uint32_t module = f->dso == "[unknown]" ? kNone : builder_.module(process_, f->dso);
    frames_.push_back(builder_.location(module, f->address, builder_.function(f->symbol, module)));
    return {};
  }

  Profile& profile_;
  ProfileBuilder builder_;
  bool in_sample_ = false;
  uint32_t process_ = 0, thread_ = 0;
  uint64_t time_ns_ = 0, period_ = 1;
  std::vector<uint32_t> frames_;
  std::vector<RawSample> samples_;
  std::map<std::string, uint64_t> events_;
};

// Weights in units of the most common period, so the usual fixed-period clock events give
// weight 1 per sample and frequency-mode events (varying periods) stay proportional.
void PerfScriptParser::finish() {
  std::map<uint64_t, uint64_t> period_counts;
  uint64_t first = UINT64_MAX, last = 0;
  for (const RawSample& s : samples_) {
    ++period_counts[s.period];
    first = std::min(first, s.time_ns);
    last = std::max(last, s.time_ns);
  }
  uint64_t unit = 1, best = 0;
  for (auto [period, count] : period_counts)
    if (count > best && period > 0) best = count, unit = period;
  std::vector<bool> seen(profile_.threads.size());
  for (const RawSample& s : samples_) {
    uint64_t weight = std::clamp<uint64_t>((s.period + unit / 2) / unit, 1, UINT32_MAX);
    builder_.sample(s.stack, s.thread, static_cast<uint32_t>(weight), s.time_ns - first);
    Thread& t = profile_.threads[s.thread];
    if (!seen[s.thread]) t.start_ns = s.time_ns - first;  // samples come in time order per thread
    seen[s.thread] = true;
    t.end_ns = s.time_ns - first;
  }
  Meta& meta = profile_.meta;
  std::string event;
  for (const auto& [name, count] : events_)
    if (event.empty() || count > events_[event]) event = name;
  meta.clock = event;
  bool clock_event = event.rfind("cpu-clock", 0) == 0 || event.rfind("task-clock", 0) == 0;
  meta.period_ns = clock_event ? unit : 0;
  meta.frequency_hz = meta.period_ns ? static_cast<uint32_t>(1000000000 / meta.period_ns) : 0;
  meta.duration_ns = samples_.empty() ? 0 : last - first + meta.period_ns;
}

}  // namespace

bool looksLikePerfScript(std::string_view head) {
  size_t pos = 0;
  while (pos < head.size()) {
    size_t eol = head.find('\n', pos);
    if (eol == std::string_view::npos) return false;
    std::string_view line = head.substr(pos, eol - pos);
    pos = eol + 1;
    if (line.empty() || line[0] == '#') continue;
    std::string error;
    return line[0] != ' ' && line[0] != '\t' && perf_script::parseHeader(line, error).has_value();
  }
  return false;
}

Result<Profile> parsePerfScript(std::string_view text, const std::string& name) {
  Profile profile;
  profile.meta.producer = "perf script";
  profile.meta.mode = "cpu";
  profile.meta.complete = true;
  PerfScriptParser parser(profile);
  LineReader lines(text);
  std::string_view line;
  while (lines.next(line)) {
    std::string problem = parser.addLine(line);
    if (!problem.empty()) return Status::error(name + ":" + std::to_string(lines.lineNumber()) + ": " + problem);
  }
  parser.endSample();
  parser.finish();
  return profile;
}

}  // namespace pprof::formats
