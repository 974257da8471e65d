// pprof-stats: pstats-style table, JSON or an export of one or more profiles. Thin: parse
// options, load and merge, analyse, render. Exit status: 0 ok, 1 unreadable input or
// unwritable output, 2 usage error (also: a query the input cannot answer, binary output to a
// terminal). Terminal output may use colour and fit the width; anything else is plain.
#include <sys/ioctl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <optional>
#include <string>
#include <vector>

#include "analysis/stats_report.h"
#include "analysis/strip_dirs.h"
#include "cli/profile_input.h"
#include "cli/stats_export.h"
#include "cli/stats_options.h"
#include "render/call_listing_render.h"
#include "render/json_render.h"
#include "render/table_render.h"
#include "render/thread_render.h"

namespace {

using pprof::cli::OutputFormat;

int fail(int code, const std::string& message) {
  std::fprintf(stderr, "pprof-stats: %s\n", message.c_str());
  return code;
}

// Writes everything or reports why not; a partial -o file is removed.
pprof::Status writeOutput(const std::string& text, const std::optional<std::string>& path) {
  FILE* out = path ? std::fopen(path->c_str(), "w") : stdout;
  if (!out) return pprof::Status::fromErrno("cannot write '" + *path + "'", errno);
  bool ok = std::fwrite(text.data(), 1, text.size(), out) == text.size();
  ok = (path ? std::fclose(out) == 0 : std::fflush(out) == 0) && ok;
  if (ok) return pprof::Status::ok();
  int err = errno;
  if (path) std::remove(path->c_str());
  return pprof::Status::fromErrno(path ? "cannot write '" + *path + "'" : "cannot write output", err);
}

// Colour and width only for a terminal (and never with NO_COLOR or TERM=dumb).
pprof::render::TableOptions tableOptions(const pprof::cli::StatsOptions& opts) {
  pprof::render::TableOptions options{opts.inputs, false, 0};
  if (opts.output || !isatty(STDOUT_FILENO)) return options;
  const char* term = std::getenv("TERM");
  options.color = !std::getenv("NO_COLOR") && !(term && std::string(term) == "dumb");
  struct winsize size {};
  if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0) options.width = size.ws_col;
  return options;
}

std::string renderText(const pprof::analysis::StatsReport& report, const pprof::cli::StatsOptions& opts) {
  const auto options = tableOptions(opts);
  const bool listings = opts.threads || report.callers || report.callees;
  if (!listings) return pprof::render::renderTable(report, options);
  std::string text = pprof::render::renderHeader(report, options);
  if (opts.threads) text += pprof::render::renderThreads(report);
  if (report.callers) text += pprof::render::renderCallListing(*report.callers, report.ordered_by);
  if (report.callees) text += pprof::render::renderCallListing(*report.callees, report.ordered_by);
  return text;
}

int run(const std::vector<std::string>& args) {
  auto options = pprof::cli::parseStatsOptions(args);
  if (!options) {
    std::fprintf(stderr, "pprof-stats: %s\n%s", options.message().c_str(), pprof::cli::kStatsUsage);
    return 2;
  }
  const auto& opts = options.value();
  if (opts.help) {
    std::fputs(pprof::cli::kStatsUsage, stdout);
    return 0;
  }
  if (opts.format == OutputFormat::kPprof && !opts.output && isatty(STDOUT_FILENO))
    return fail(2, "--format pprof: binary data not written to a terminal (use -o FILE or redirect)");
  auto profile = pprof::cli::loadProfiles(opts.inputs);
  if (!profile) return fail(1, profile.message());
  if (opts.strip_dirs) pprof::analysis::stripDirectories(profile.value());

  if (pprof::cli::isExportFormat(opts.format)) {
    auto bytes = pprof::cli::exportProfile(std::move(profile).value(), opts);
    if (!bytes) return fail(1, bytes.message());
    pprof::Status written = writeOutput(bytes.value(), opts.output);
    return written ? 0 : fail(1, written.message());
  }
  pprof::Status answerable = pprof::analysis::checkStatsQuery(profile.value(), opts.query);
  if (!answerable) return fail(2, answerable.message());
  auto report = pprof::analysis::buildStatsReport(profile.value(), opts.query);
  std::string text = opts.format == OutputFormat::kJson ? pprof::render::renderJson(report)
                                                        : renderText(report, opts);
  pprof::Status written = writeOutput(text, opts.output);
  return written ? 0 : fail(1, written.message());
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(std::vector<std::string>(argv + 1, argv + argc));
  } catch (const std::exception& e) {  // e.g. out of memory on a huge input
    return fail(1, e.what());
  }
}
