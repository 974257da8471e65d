// Command line of pprof-stats (see kStatsUsage). Both "--flag value" and "--flag=value" are
// accepted; --top and --filter are restrictions applied in the order given, like the
// arguments of pstats' print_stats(); --sort may be repeated or comma-separated. Parsing is
// pure (no I/O) so it can be tested; errors are one line naming the flag, e.g.
// "--top: expected a count or a fraction in [0, 1), got 'abc'".
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "analysis/stats_report.h"
#include "common/result.h"
#include "python/frame_views.h"

namespace pprof::cli {

enum class OutputFormat { kTable, kJson, kCollapsed, kPprof, kSpeedscope };

struct StatsOptions {
  std::vector<std::string> inputs;     // merged like pstats.Stats.add
  analysis::StatsQuery query;
  OutputFormat format = OutputFormat::kTable;
  std::optional<std::string> output;   // -o OUT; stdout when absent
  std::optional<std::string> region;   // --region NAME: only samples inside these ranges
  // --from / --to SECONDS: only samples in [from, to) of the run (the viewer's range selection)
  std::optional<double> from_seconds, to_seconds;
  python::FrameView frames = python::FrameView::kMixed;  // --frames: which stacks to analyse
  // --diff BASE (repeatable): compare BASE's files (merged) with the FILEs (merged), per
  // function; --normalize compares each side's shares instead of seconds.
  std::vector<std::string> base_inputs;
  bool normalize = false;
  bool sorted = false;                 // --sort was given (a comparison's default is delta)
  bool threads = false;                // --threads: list processes and threads
  bool advise = false;                 // --advise: the parallelism report instead of the table
  // --after NEW (repeatable, with --advise): the FILEs are the run the advice was for, NEW's
  // files (merged) the run after the change; the report checks the advice against it.
  std::vector<std::string> after_inputs;
  bool strip_dirs = false;
  bool help = false;
};

Result<StatsOptions> parseStatsOptions(const std::vector<std::string>& args);

// Formats that produce bytes for other tools rather than a report.
bool isExportFormat(OutputFormat format);

extern const char kStatsUsage[];

}  // namespace pprof::cli
