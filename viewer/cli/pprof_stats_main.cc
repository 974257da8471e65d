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
#include "cli/advice_check.h"
#include "cli/advice_report.h"
#include "cli/diff_report.h"
#include "cli/profile_input.h"
#include "cli/region_view.h"
#include "cli/stats_export.h"
#include "cli/stats_options.h"
#include "python/frame_views.h"
#include "render/call_listing_render.h"
#include "render/json_render.h"
#include "render/table_render.h"
#include "render/thread_render.h"

namespace {

using pprof::cli::OutputFormat;

std::string joined(const std::vector<std::string>& inputs) {
  std::string out;
  for (const std::string& input : inputs) out += (out.empty() ? "" : ", ") + input;
  return out;
}

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

// The regions' lines go at the end of the totals header, before its blank line.
std::string renderText(const pprof::analysis::StatsReport& report, const pprof::cli::StatsOptions& opts,
                       const std::string& region_lines) {
  const auto options = tableOptions(opts);
  const bool listings = opts.threads || report.callers || report.callees;
  std::string header = pprof::render::renderHeader(report, options);
  std::string text = listings ? header : pprof::render::renderTable(report, options);
  if (!region_lines.empty() && !header.empty()) text.insert(header.size() - 1, region_lines);
  if (!listings) return text;
  if (opts.threads) text += pprof::render::renderThreads(report);
  if (report.callers) text += pprof::render::renderCallListing(*report.callers, report.ordered_by);
  if (report.callees) text += pprof::render::renderCallListing(*report.callees, report.ordered_by);
  return text;
}

// render::renderJson plus the regions: "regions" (every range) when the profile has any, and
// meta "regions_only" / "region" when they apply, so JSON of profiles without regions is as before.
std::string renderJsonWithRegions(const pprof::analysis::StatsReport& report, const pprof::Profile& profile,
                                  const pprof::cli::StatsOptions& opts) {
  nlohmann::ordered_json json = pprof::render::statsToJson(report);
  if (profile.meta.regions_only) json["meta"]["regions_only"] = true;
  if (opts.region) json["meta"]["region"] = *opts.region;
  if (!profile.regions.empty()) json["regions"] = pprof::cli::regionsJson(profile);
  return json.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

// One side's files loaded, merged and cut as the options say: the frame view, --strip-dirs,
// --region and the --from/--to window. Exit code and message on failure.
struct Prepared {
  pprof::Profile profile;
  std::optional<pprof::python::PythonSummary> python;
};

pprof::Result<Prepared> prepare(const std::vector<std::string>& inputs, const pprof::cli::StatsOptions& opts,
                                int& code) {
  code = 1;
  auto loaded = pprof::cli::loadProfiles(inputs);
  if (!loaded) return loaded.status();
  if (opts.frames == pprof::python::FrameView::kPython && !pprof::python::hasPythonFrames(loaded.value()))
    return pprof::Status::error(joined(inputs) + ": no Python frames (recorded with --no-python, or not a Python program)");
  // Every analysis and export below sees the chosen view, never the recorded form.
  pprof::python::FrameViewStats view_stats;
  pprof::Result<pprof::Profile> profile = pprof::python::applyFrameView(loaded.value(), opts.frames, &view_stats);
  loaded = pprof::Profile{};
  Prepared out{std::move(profile).value(), std::nullopt};
  out.python = pprof::python::summarizePython(out.profile, view_stats);
  if (opts.strip_dirs) pprof::analysis::stripDirectories(out.profile);
  code = 2;
  if (opts.region) {
    pprof::Status kept = pprof::cli::keepRegionSamples(out.profile, *opts.region);
    if (!kept) return kept;
  }
  if (opts.from_seconds || opts.to_seconds) {
    const pprof::analysis::SampleSelection window = pprof::cli::adviceSelection(out.profile, opts);
    pprof::analysis::keepTimeRange(out.profile, window.from_ns, window.to_ns);
  }
  code = 0;
  return out;
}

// --diff BASE FILE...: both sides prepared alike, then compared.
int runDiff(const pprof::cli::StatsOptions& opts) {
  int code = 0;
  auto base = prepare(opts.base_inputs, opts, code);
  if (!base) return fail(code, base.message());
  auto next = prepare(opts.inputs, opts, code);
  if (!next) return fail(code, next.message());
  auto text = pprof::cli::diffReport(std::move(base.value().profile), std::move(next.value().profile), opts);
  if (!text) return fail(2, text.message());
  pprof::Status written = writeOutput(text.value(), opts.output);
  return written ? 0 : fail(1, written.message());
}

// FILE... --advise --after NEW...: both runs prepared alike, then the advice checked.
int runAdviceCheck(const pprof::cli::StatsOptions& opts) {
  int code = 0;
  auto base = prepare(opts.inputs, opts, code);
  if (!base) return fail(code, base.message());
  auto after = prepare(opts.after_inputs, opts, code);
  if (!after) return fail(code, after.message());
  pprof::Status written = writeOutput(
      pprof::cli::adviceCheckReport(base.value().profile, after.value().profile, opts), opts.output);
  return written ? 0 : fail(1, written.message());
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
  if (!opts.base_inputs.empty()) return runDiff(opts);
  if (!opts.after_inputs.empty()) return runAdviceCheck(opts);
  int code = 0;
  auto prepared = prepare(opts.inputs, opts, code);
  if (!prepared) return fail(code, prepared.message());
  pprof::Result<pprof::Profile> profile = std::move(prepared.value().profile);
  const auto python = prepared.value().python;

  if (opts.advise) {
    if (pprof::cli::isExportFormat(opts.format)) return fail(2, "--advise: --format must be table or json");
    pprof::Status written = writeOutput(pprof::cli::adviceReport(profile.value(), opts), opts.output);
    return written ? 0 : fail(1, written.message());
  }
  if (pprof::cli::isExportFormat(opts.format)) {
    auto bytes = pprof::cli::exportProfile(std::move(profile).value(), opts);
    if (!bytes) return fail(1, bytes.message());
    pprof::Status written = writeOutput(bytes.value(), opts.output);
    return written ? 0 : fail(1, written.message());
  }
  pprof::Status answerable = pprof::analysis::checkStatsQuery(profile.value(), opts.query);
  if (!answerable) return fail(2, answerable.message());
  auto report = pprof::analysis::buildStatsReport(profile.value(), opts.query);
  report.python = python;
  std::string text = opts.format == OutputFormat::kJson
                         ? renderJsonWithRegions(report, profile.value(), opts)
                         : renderText(report, opts, pprof::cli::regionHeaderLines(profile.value(), opts.region.value_or("")));
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
