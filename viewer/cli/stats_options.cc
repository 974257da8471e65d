#include "cli/stats_options.h"

#include <charconv>

namespace pprof::cli {

const char kStatsUsage[] =
    "usage: pprof-stats FILE [--sort time|tottime|cumulative|cumtime] [--top N]\n"
    "                        [--format table|json] [-o OUT]\n"
    "  --sort KEY     time/tottime: self time (default); cumulative/cumtime: total time\n"
    "  --top N        show only the first N functions\n"
    "  --format FMT   table (pstats layout, default) or json\n"
    "  -o OUT         write to OUT instead of standard output\n";

namespace {

Result<size_t> parsePositive(const std::string& flag, const std::string& text) {
  size_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value == 0) {
    return Status::error(flag + ": expected a positive integer, got '" + text + "'");
  }
  return value;
}

Status applyFlag(StatsOptions& options, const std::string& flag, const std::string& value) {
  if (flag == "--sort") {
    auto key = analysis::parseSortKey(value);
    if (!key) return Status::error("--sort: expected time, tottime, cumulative or cumtime, got '" + value + "'");
    options.query.sort = *key;
  } else if (flag == "--top") {
    auto top = parsePositive(flag, value);
    if (!top) return top.status();
    options.query.top = top.value();
  } else if (flag == "--format") {
    if (value == "table") options.format = OutputFormat::kTable;
    else if (value == "json") options.format = OutputFormat::kJson;
    else return Status::error("--format: expected table or json, got '" + value + "'");
  } else {  // -o / --output
    if (value.empty()) return Status::error(flag + ": expected a file name");
    options.output = value;
  }
  return Status::ok();
}

bool takesValue(const std::string& flag) {
  return flag == "--sort" || flag == "--top" || flag == "--format" || flag == "-o" || flag == "--output";
}

}  // namespace

Result<StatsOptions> parseStatsOptions(const std::vector<std::string>& args) {
  StatsOptions options;
  bool only_files = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (only_files || arg == "-" || arg.empty() || arg[0] != '-') {
      if (!options.input.empty()) return Status::error("unexpected extra argument '" + arg + "' (one FILE only)");
      options.input = arg;
      continue;
    }
    if (arg == "--") { only_files = true; continue; }
    if (arg == "-h" || arg == "--help") { options.help = true; return options; }
    std::string flag = arg, value;
    size_t eq = arg.find('=');
    bool inline_value = arg.rfind("--", 0) == 0 && eq != std::string::npos;
    if (inline_value) { flag = arg.substr(0, eq); value = arg.substr(eq + 1); }
    if (!takesValue(flag)) return Status::error("unknown option '" + flag + "'");
    if (!inline_value) {
      if (i + 1 >= args.size()) return Status::error(flag + ": missing value");
      value = args[++i];
    }
    Status status = applyFlag(options, flag, value);
    if (!status) return status;
  }
  if (options.input.empty()) return Status::error("missing FILE (the profile to read)");
  return options;
}

}  // namespace pprof::cli
