#include "server/api_params.h"

#include <charconv>
#include <cmath>
#include <limits>

namespace pprof::server {
namespace {

constexpr size_t kMaxThreadIds = 100000;
constexpr uint32_t kMaxDepth = 100000;

Status badParam(const std::string& name, const std::string& why) {
  return Status::error("bad parameter '" + name + "': " + why);
}

// The single value of `name`, or nullopt when absent; an error when given twice.
Result<std::optional<std::string>> single(const QueryParams& params, const std::string& name) {
  auto [first, last] = params.equal_range(name);
  if (first == last) return std::optional<std::string>();
  if (std::next(first) != last) return badParam(name, "given more than once");
  return std::optional<std::string>(first->second);
}

template <typename Int>
Result<Int> parseInt(const std::string& name, const std::string& text) {
  Int value{};
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec != std::errc() || ptr != end) {
    return badParam(name, "'" + text.substr(0, 40) + "' is not a valid integer");
  }
  return value;
}

template <typename Int>
Result<std::optional<Int>> optionalInt(const QueryParams& params, const std::string& name) {
  Result<std::optional<std::string>> text = single(params, name);
  if (!text) return text.status();
  if (!text.value()) return std::optional<Int>();
  Result<Int> value = parseInt<Int>(name, *text.value());
  if (!value) return value.status();
  return std::optional<Int>(value.value());
}

Result<std::vector<uint32_t>> parseIdList(const std::string& name, const std::string& text, char separator = ',') {
  std::vector<uint32_t> ids;
  size_t begin = 0;
  while (begin < text.size()) {
    size_t comma = text.find(separator, begin);
    if (comma == std::string::npos) comma = text.size();
    Result<uint32_t> id = parseInt<uint32_t>(name, text.substr(begin, comma - begin));
    if (!id) return id.status();
    if (ids.size() == kMaxThreadIds) return badParam(name, "more than 100000 ids");
    ids.push_back(id.value());
    begin = comma + 1;
    if (comma + 1 == text.size()) return badParam(name, std::string("trailing '") + separator + "'");
  }
  return ids;
}

Result<bool> flag(const QueryParams& params, const std::string& name) {
  Result<std::optional<std::string>> text = single(params, name);
  if (!text) return text.status();
  if (!text.value()) return false;
  if (*text.value() == "1" || *text.value() == "true") return true;
  if (*text.value() == "0" || *text.value() == "false") return false;
  return badParam(name, "expected 0 or 1");
}

}  // namespace

Result<analysis::SampleSelection> parseSelection(const QueryParams& params) {
  analysis::SampleSelection selection;
  Result<std::optional<std::string>> threads = single(params, "threads");
  if (!threads) return threads.status();
  if (threads.value()) {
    Result<std::vector<uint32_t>> ids = parseIdList("threads", *threads.value());
    if (!ids) return ids.status();
    selection.threads = std::move(ids.value());
  }
  Result<std::optional<int32_t>> pid = optionalInt<int32_t>(params, "pid");
  if (!pid) return pid.status();
  selection.pid = pid.value();
  Result<std::optional<uint64_t>> from = optionalInt<uint64_t>(params, "from");
  if (!from) return from.status();
  selection.from_ns = from.value().value_or(0);
  Result<std::optional<uint64_t>> to = optionalInt<uint64_t>(params, "to");
  if (!to) return to.status();
  selection.to_ns = to.value();
  if (selection.to_ns && *selection.to_ns <= selection.from_ns) {
    return badParam("to", "must be greater than 'from'");
  }
  return selection;
}

Result<analysis::CallTreeOptions> parseTreeOptions(const QueryParams& params) {
  analysis::CallTreeOptions options;
  Result<std::optional<std::string>> cutoff = single(params, "cutoff");
  if (!cutoff) return cutoff.status();
  if (cutoff.value()) {
    const std::string& text = *cutoff.value();
    double value = 0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc() || ptr != text.data() + text.size() ||
        !std::isfinite(value) || value < 0 || value > 1) {
      return badParam("cutoff", "expected a fraction in [0, 1]");
    }
    options.cutoff = value;
  }
  Result<std::optional<uint32_t>> depth = optionalInt<uint32_t>(params, "depth");
  if (!depth) return depth.status();
  if (depth.value() && (*depth.value() < 1 || *depth.value() > kMaxDepth)) {
    return badParam("depth", "expected 1..100000");
  }
  options.max_depth = depth.value();
  Result<std::optional<std::string>> path = single(params, "path");
  if (!path) return path.status();
  if (path.value()) {
    Result<std::vector<uint32_t>> ids = parseIdList("path", *path.value(), '.');
    if (!ids) return ids.status();
    options.path = std::move(ids.value());
  }
  Result<std::optional<uint32_t>> focus = optionalInt<uint32_t>(params, "focus");
  if (!focus) return focus.status();
  options.focus = focus.value();
  Result<std::optional<std::string>> direction = single(params, "direction");
  if (!direction) return direction.status();
  const std::string dir = direction.value().value_or("callees");
  if (dir == "callers") {
    options.direction = analysis::FocusDirection::kCallers;
  } else if (dir != "callees") {
    return badParam("direction", "expected callers or callees");
  }
  return options;
}

Result<bool> parseGone(const QueryParams& params) { return flag(params, "gone"); }

Result<uint32_t> parseBins(const QueryParams& params) {
  Result<std::optional<uint32_t>> bins = optionalInt<uint32_t>(params, "bins");
  if (!bins) return bins.status();
  const uint32_t value = bins.value().value_or(kDefaultTimelineBins);
  if (value < 1 || value > kMaxTimelineBins) return badParam("bins", "expected 1..10000");
  return value;
}

Result<SearchQuery> parseSearch(const QueryParams& params) {
  SearchQuery query;
  Result<std::optional<std::string>> text = single(params, "q");
  if (!text) return text.status();
  if (!text.value() || text.value()->empty()) return badParam("q", "missing search text");
  if (text.value()->size() > kMaxSearchLength) return badParam("q", "longer than 1000 bytes");
  query.text = *text.value();
  Result<bool> regex = flag(params, "regex");
  if (!regex) return regex.status();
  Result<bool> icase = flag(params, "icase");
  if (!icase) return icase.status();
  query.regex = regex.value();
  query.ignore_case = icase.value();
  return query;
}

Result<python::FrameView> parseFrames(const QueryParams& params) {
  Result<std::optional<std::string>> text = single(params, "frames");
  if (!text) return text.status();
  if (!text.value()) return python::FrameView::kMixed;
  Result<python::FrameView> view = python::parseFrameView(*text.value());
  if (!view) return badParam("frames", view.message());
  return view;
}

Result<analysis::Grouping> parseGrouping(const QueryParams& params) {
  Result<std::optional<std::string>> text = single(params, "group");
  if (!text) return text.status();
  const std::string group = text.value().value_or("function");
  if (group == "function") return analysis::Grouping::kFunction;
  if (group == "line") return analysis::Grouping::kLine;
  if (group == "file") return analysis::Grouping::kFile;
  if (group == "module") return analysis::Grouping::kModule;
  return badParam("group", "expected function, line, file or module");
}

}  // namespace pprof::server
