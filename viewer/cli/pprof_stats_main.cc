// pprof-stats: pstats-style table or JSON of an out.prof. Thin: parse options, load, analyse,
// render. Exit status: 0 ok, 1 unreadable input or unwritable output, 2 usage error.
#include <cerrno>
#include <cstdio>
#include <exception>
#include <optional>
#include <string>
#include <vector>

#include "analysis/stats_report.h"
#include "cli/profile_input.h"
#include "cli/stats_options.h"
#include "render/json_render.h"
#include "render/table_render.h"

namespace {

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

int run(const std::vector<std::string>& args) {
  auto options = pprof::cli::parseStatsOptions(args);
  if (!options) {
    std::fprintf(stderr, "pprof-stats: %s\n%s", options.message().c_str(), pprof::cli::kStatsUsage);
    return 2;
  }
  if (options.value().help) {
    std::fputs(pprof::cli::kStatsUsage, stdout);
    return 0;
  }
  const auto& opts = options.value();
  auto profile = pprof::cli::loadProfile(opts.input);
  if (!profile) return fail(1, profile.message());

  auto report = pprof::analysis::buildStatsReport(profile.value(), opts.query);
  std::string text = opts.format == pprof::cli::OutputFormat::kJson
                         ? pprof::render::renderJson(report)
                         : pprof::render::renderTable(report, {opts.input});
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
