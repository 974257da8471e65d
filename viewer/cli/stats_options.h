// Command line of pprof-stats:
//   pprof-stats FILE [--sort time|tottime|cumulative|cumtime] [--top N]
//                    [--format table|json] [-o OUT]
// Both "--flag value" and "--flag=value" are accepted. Parsing is pure (no I/O) so it can be
// tested; errors are one line naming the flag, e.g. "--top: expected a positive integer, got 'abc'".
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "analysis/stats_report.h"
#include "common/result.h"

namespace pprof::cli {

enum class OutputFormat { kTable, kJson };

struct StatsOptions {
  std::string input;
  analysis::StatsQuery query;
  OutputFormat format = OutputFormat::kTable;
  std::optional<std::string> output;  // -o OUT; stdout when absent
  bool help = false;
};

Result<StatsOptions> parseStatsOptions(const std::vector<std::string>& args);

extern const char kStatsUsage[];

}  // namespace pprof::cli
