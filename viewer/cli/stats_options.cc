#include "cli/stats_options.h"

#include <charconv>

namespace pprof::cli {

const char kStatsUsage[] =
    "usage: pprof-stats FILE... [--diff BASE]... [--normalize]\n"
    "                   [--sort KEY[,KEY...]] [--top N | --top 0.25] [--filter REGEX]\n"
    "                   [--callers REGEX] [--callees REGEX] [--by function|line|file|module]\n"
    "                   [--threads] [--pid PID] [--tid TID] [--host NAME] [--region NAME]\n"
    "                   [--from S] [--to S]\n"
    "                   [--strip-dirs] [--advise [--after NEW]...]\n"
    "                   [--frames mixed|python|native]\n"
    "                   [--format table|json|collapsed|pprof|speedscope] [-o OUT]\n"
    "  FILE...        out.prof, pprof (.pb.gz or raw), cProfile/pstats dump, collapsed stacks or\n"
    "                 perf script text (detected by content); several files are merged\n"
    "  --diff BASE    compare: BASE (repeat for several files, merged) against the FILEs, per\n"
    "                 function matched by name, file and module: both sides' tottime and cumtime\n"
    "                 and their change; table, json or pprof (FILEs minus BASE, as go tool pprof\n"
    "                 -diff_base computes it)\n"
    "  --normalize    with --diff: compare each side's percentages instead of seconds\n"
    "  --sort KEYS    pstats keys: time tottime cumulative cumtime calls ncalls pcalls name file\n"
    "                 filename module line nfl stdname, plus samples; later keys break ties;\n"
    "                 with --diff on the FILEs' side, plus delta and delta-cumulative (the\n"
    "                 largest change of tottime / cumtime first; the default)\n"
    "  --top N|F      keep the first N rows, or the first fraction F (0 <= F < 1) of them\n"
    "  --filter RE    keep rows whose file:line(function) matches RE (ECMAScript regex)\n"
    "  --callers RE   who called the matching functions, with the time on each edge\n"
    "  --callees RE   what the matching functions called\n"
    "  --by WHAT      one row per function (default), source line, file or module\n"
    "  --threads      list processes and threads with their CPU time\n"
    "  --advise       which part is worth parallelizing: the serial time, and the places in the\n"
    "                 call tree that own it, with the speedup on N cores with threads and with\n"
    "                 processes (GIL-holding Python time does not scale on threads); table or json\n"
    "  --after NEW    with --advise: check the advice on the FILEs against NEW, a run after the change\n"
    "                 (repeat for several files, merged): the candidate it addressed, its predicted\n"
    "                 against the measured speedup (wall time), its serial time and the run's serial\n"
    "                 fraction before -> after, and what is serial now; table or json\n"
    "  --pid, --tid   only the samples of this process / thread\n"
    "  --host NAME    only the samples of processes on this host (profiles merged from several)\n"
    "  --region NAME  only the samples taken while a region NAME (marked with the profiler API,\n"
    "                 pprof_region_begin or pprof::Region) was open, in any thread\n"
    "  --from, --to S only the samples from S seconds into the run / up to S seconds (the viewer's\n"
    "                 range selection); --advise takes that window as the wall time\n"
    "  --strip-dirs   drop directories from file names (rows that then match are merged)\n"
    "  --frames VIEW  Python programs: mixed (default; Python frames in place of the interpreter's\n"
    "                 eval frames, its call machinery hidden), python (Python frames only; threads\n"
    "                 without any keep their native stack) or native (as the CPU ran it)\n"
    "  --format FMT   table (pstats layout, default), json, or an export: collapsed, pprof\n"
    "                 (gzip'ed profile.proto), speedscope\n"
    "  -o OUT         write to OUT instead of standard output\n";

namespace {

template <typename T>
bool parseWhole(const std::string& text, T& value) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return ec == std::errc() && end == text.data() + text.size() && !text.empty();
}

Result<analysis::Restriction> parseTop(const std::string& text) {
  if (text.find_first_of(".eE") != std::string::npos) {
    double fraction = 0;
    if (parseWhole(text, fraction) && fraction >= 0 && fraction < 1) return analysis::Restriction::fraction(fraction);
  } else {
    size_t count = 0;
    if (parseWhole(text, count)) return analysis::Restriction::count(count);
  }
  return Status::error("--top: expected a count or a fraction in [0, 1), got '" + text + "'");
}

Result<analysis::Restriction> parseRegex(const std::string& flag, const std::string& text) {
  auto regex = analysis::Restriction::regex(text);
  if (!regex) return Status::error(flag + ": " + regex.message());
  return regex;
}

Status parseId(const std::string& flag, const std::string& text, std::optional<int32_t>& into) {
  int32_t id = 0;
  if (!parseWhole(text, id) || id < 0) return Status::error(flag + ": expected a number, got '" + text + "'");
  into = id;
  return Status::ok();
}

Status parseSeconds(const std::string& flag, const std::string& text, std::optional<double>& into) {
  double seconds = 0;
  if (!parseWhole(text, seconds) || !(seconds >= 0) || seconds > 1e9)
    return Status::error(flag + ": expected seconds into the run (a number >= 0), got '" + text + "'");
  into = seconds;
  return Status::ok();
}

Status parseFormat(const std::string& text, OutputFormat& format) {
  static const std::pair<const char*, OutputFormat> kFormats[] = {
      {"table", OutputFormat::kTable}, {"json", OutputFormat::kJson}, {"collapsed", OutputFormat::kCollapsed},
      {"pprof", OutputFormat::kPprof}, {"speedscope", OutputFormat::kSpeedscope}};
  for (const auto& [name, value] : kFormats) {
    if (text == name) return format = value, Status::ok();
  }
  return Status::error("--format: expected table, json, collapsed, pprof or speedscope, got '" + text + "'");
}

Status parseGrouping(const std::string& text, analysis::Grouping& grouping) {
  using analysis::Grouping;
  if (text == "function") grouping = Grouping::kFunction;
  else if (text == "line") grouping = Grouping::kLine;
  else if (text == "file") grouping = Grouping::kFile;
  else if (text == "module") grouping = Grouping::kModule;
  else return Status::error("--by: expected function, line, file or module, got '" + text + "'");
  return Status::ok();
}

template <typename T>
Status assign(Result<T> parsed, T& into) {
  if (!parsed) return parsed.status();
  into = std::move(parsed).value();
  return Status::ok();
}

Status applyFlag(StatsOptions& o, bool& sorted, const std::string& flag, const std::string& value) {
  if (flag == "--sort") {
    auto keys = analysis::parseSortKeys(value);
    if (!keys) return Status::error("--sort: " + keys.message());
    if (!sorted) o.query.sort.clear();
    sorted = true;
    o.query.sort.insert(o.query.sort.end(), keys.value().begin(), keys.value().end());
    return Status::ok();
  }
  if (flag == "--top" || flag == "--filter") {
    auto restriction = flag == "--top" ? parseTop(value) : parseRegex(flag, value);
    if (!restriction) return restriction.status();
    o.query.restrictions.push_back(std::move(restriction).value());
    return Status::ok();
  }
  if (flag == "--callers" || flag == "--callees") {
    auto& into = flag == "--callers" ? o.query.callers : o.query.callees;
    auto regex = parseRegex(flag, value);
    if (!regex) return regex.status();
    into = std::move(regex).value();
    return Status::ok();
  }
  if (flag == "--diff") {
    if (value.empty()) return Status::error("--diff: expected the base profile's file name");
    o.base_inputs.push_back(value);
    return Status::ok();
  }
  if (flag == "--after") {
    if (value.empty()) return Status::error("--after: expected the file name of the run after the change");
    o.after_inputs.push_back(value);
    return Status::ok();
  }
  if (flag == "--by") return parseGrouping(value, o.query.grouping);
  if (flag == "--pid") return parseId(flag, value, o.query.filter.pid);
  if (flag == "--tid") return parseId(flag, value, o.query.filter.tid);
  if (flag == "--host") {
    if (value.empty()) return Status::error("--host: expected a host name, got ''");
    o.query.filter.host = value;
    return Status::ok();
  }
  if (flag == "--from") return parseSeconds(flag, value, o.from_seconds);
  if (flag == "--to") return parseSeconds(flag, value, o.to_seconds);
  if (flag == "--format") return parseFormat(value, o.format);
  if (flag == "--frames") {
    auto view = python::parseFrameView(value);
    if (!view) return Status::error("--frames: " + view.message());
    o.frames = view.value();
    return Status::ok();
  }
  if (flag == "--region") {
    if (value.empty()) return Status::error("--region: expected a region name");
    o.region = value;
    return Status::ok();
  }
  if (value.empty()) return Status::error(flag + ": expected a file name");  // -o / --output
  o.output = value;
  return Status::ok();
}

bool takesValue(const std::string& flag) {
  for (const char* f : {"--sort", "--top", "--filter", "--callers", "--callees", "--by", "--pid", "--tid", "--host", "--diff",
                        "--after", "--region", "--from", "--to", "--format", "--frames", "-o", "--output"}) {
    if (flag == f) return true;
  }
  return false;
}

// The advice's check compares two runs: what names a moment or a thread of one run cannot
// select the same in the other (--region names a phase of both).
Status checkAfterOptions(const StatsOptions& o) {
  if (o.after_inputs.empty()) return Status::ok();
  if (!o.base_inputs.empty()) return Status::error("--after: not with --diff (the check is FILE... --advise --after NEW)");
  if (!o.advise) return Status::error("--after: only with --advise (FILE... --advise --after NEW)");
  if (isExportFormat(o.format)) return Status::error("--after: --format must be table or json");
  if (o.query.filter.pid || o.query.filter.tid)
    return Status::error("--after: not with --pid/--tid (process and thread ids differ from run to run)");
  if (o.from_seconds || o.to_seconds)
    return Status::error("--after: not with --from/--to (a time into one run is no moment of the other; --region is)");
  return Status::ok();
}

// What a comparison can and cannot be combined with.
Status checkDiffOptions(const StatsOptions& o) {
  const bool diff = !o.base_inputs.empty();
  if (!diff) {
    for (analysis::SortKey key : o.query.sort) {
      if (analysis::isDeltaKey(key)) return Status::error("--sort: delta and delta-cumulative need --diff BASE");
    }
    if (o.normalize) return Status::error("--normalize: only with --diff BASE");
    return Status::ok();
  }
  if (o.advise) return Status::error("--diff: not with --advise");
  if (o.threads) return Status::error("--diff: not with --threads");
  if (o.query.callers || o.query.callees) return Status::error("--diff: not with --callers/--callees");
  if (o.format == OutputFormat::kCollapsed || o.format == OutputFormat::kSpeedscope)
    return Status::error("--diff: --format must be table, json or pprof");
  if (o.normalize && o.format == OutputFormat::kPprof)
    return Status::error("--normalize: not with --format pprof (the difference is in samples)");
  return Status::ok();
}

}  // namespace

bool isExportFormat(OutputFormat format) {
  return format == OutputFormat::kCollapsed || format == OutputFormat::kPprof || format == OutputFormat::kSpeedscope;
}

Result<StatsOptions> parseStatsOptions(const std::vector<std::string>& args) {
  StatsOptions options;
  bool only_files = false, sorted = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (only_files || arg == "-" || arg.empty() || arg[0] != '-') {
      options.inputs.push_back(arg);
      continue;
    }
    if (arg == "--") { only_files = true; continue; }
    if (arg == "-h" || arg == "--help") { options.help = true; return options; }
    if (arg == "--threads") { options.threads = true; continue; }
    if (arg == "--advise") { options.advise = true; continue; }
    if (arg == "--strip-dirs") { options.strip_dirs = true; continue; }
    if (arg == "--normalize") { options.normalize = true; continue; }
    std::string flag = arg, value;
    size_t eq = arg.find('=');
    bool inline_value = arg.rfind("--", 0) == 0 && eq != std::string::npos;
    if (inline_value) { flag = arg.substr(0, eq); value = arg.substr(eq + 1); }
    if (!takesValue(flag)) return Status::error("unknown option '" + flag + "'");
    if (!inline_value) {
      if (i + 1 >= args.size()) return Status::error(flag + ": missing value");
      value = args[++i];
    }
    Status status = applyFlag(options, sorted, flag, value);
    if (!status) return status;
  }
  if (options.inputs.empty()) return Status::error("missing FILE (the profile to read)");
  options.sorted = sorted;
  if (Status after = checkAfterOptions(options); !after) return after;
  if (Status diff = checkDiffOptions(options); !diff) return diff;
  if (options.from_seconds && options.to_seconds && *options.to_seconds <= *options.from_seconds)
    return Status::error("--to: must be later than --from");
  return options;
}

}  // namespace pprof::cli
