#include "server/api_handler.h"

#include <algorithm>
#include <exception>
#include <functional>
#include <map>
#include <thread>

#include "analysis/sample_filter.h"
#include "compare/tree_diff.h"
#include "server/api_json.h"

namespace pprof::server {
namespace {

using nlohmann::json;
using analysis::SampleSelection;

ApiResponse ok(const json& body) { return {200, compactDump(body)}; }
ApiResponse fail(int status, const std::string& message) { return {status, compactDump(errorJson(message))}; }

// Runs `answer` on the frame view and selection the query describes, or reports why the query
// is bad.
ApiResponse withSelection(const ProfileView& view, const QueryParams& params,
                          const std::function<ApiResponse(const Profile&, const SampleSelection&)>& answer) {
  Result<python::FrameView> frames = parseFrames(params);
  if (!frames) return fail(400, frames.message());
  Result<SampleSelection> selection = parseSelection(params);
  if (!selection) return fail(400, selection.message());
  return answer(view.profileFor(frames.value()), selection.value());
}

// With --diff: NEW's selection against the whole of BASE (a thread id or time range of one
// run means nothing in the other), the cutoff applied to the union (compare/tree_diff.h).
std::string diffTreeText(const ProfileView& view, python::FrameView frames, const Profile& next,
                         const analysis::SampleTotals& totals, analysis::CallTreeOptions options, bool gone) {
  const compare::DiffTreeOptions diff_options{options.cutoff, gone};
  options.cutoff = 0;
  const Profile& base = view.base->profileFor(frames);
  const analysis::CallTree next_tree = analysis::buildCallTree(next, view.frames, totals, options);
  const analysis::CallTree base_tree =
      analysis::buildCallTree(base, view.base->frames, analysis::selectSamples(base, {}), options);
  return diffTreeJsonText(compare::diffCallTrees(next_tree, base_tree, diff_options));
}

ApiResponse tree(const ProfileView& view, const QueryParams& params) {
  Result<analysis::CallTreeOptions> options = parseTreeOptions(params);
  if (!options) return fail(400, options.message());
  Result<bool> gone = parseGone(params);
  if (!gone) return fail(400, gone.message());
  Result<python::FrameView> frames = parseFrames(params);
  if (!frames) return fail(400, frames.message());
  return withSelection(view, params, [&](const Profile& profile, const SampleSelection& selection) {
    const analysis::SampleTotals totals = analysis::selectSamples(profile, selection);
    if (view.base) return ApiResponse{200, diffTreeText(view, frames.value(), profile, totals, options.value(), gone.value())};
    return ApiResponse{200, treeJsonText(analysis::buildCallTree(profile, view.frames, totals, options.value()))};
  });
}

ApiResponse functions(const ProfileView& view, const QueryParams& params) {
  Result<analysis::Grouping> grouping = parseGrouping(params);
  if (!grouping) return fail(400, grouping.message());
  return withSelection(view, params, [&](const Profile& profile, const SampleSelection& selection) {
    const analysis::SampleTotals totals = analysis::selectSamples(profile, selection);
    auto rows = analysis::functionTable(profile, view.frames, totals, grouping.value());
    if (!view.base || grouping.value() != analysis::Grouping::kFunction) {
      return ok(functionsJson(rows, grouping.value(), totals));
    }
    // With --diff, by function: BASE's row of the same frame id beside each of NEW's.
    const Profile& base = view.base->profileFor(parseFrames(params).value());
    const analysis::SampleTotals base_totals = analysis::selectSamples(base, {});
    auto base_rows = analysis::functionTable(base, view.base->frames, base_totals, grouping.value());
    return ok(diffFunctionsJson(rows, totals, base_rows, base_totals));
  });
}

ApiResponse timeline(const ProfileView& view, const QueryParams& params) {
  Result<uint32_t> bins = parseBins(params);
  if (!bins) return fail(400, bins.message());
  return withSelection(view, params, [&](const Profile& profile, const SampleSelection& selection) {
    return ok(timelineJson(analysis::buildTimeline(profile, selection, bins.value())));
  });
}

ApiResponse search(const ProfileView& view, const QueryParams& params) {
  Result<SearchQuery> query = parseSearch(params);
  if (!query) return fail(400, query.message());
  Result<FrameMatcher> matcher =
      FrameMatcher::create(query.value().text, query.value().regex, query.value().ignore_case);
  if (!matcher) return fail(400, matcher.message());
  return withSelection(view, params, [&](const Profile& profile, const SampleSelection& selection) {
    const analysis::SampleTotals totals = analysis::selectSamples(profile, selection);
    return ok(searchJson(searchFrames(profile, view.frames, totals, matcher.value())));
  });
}

ApiResponse threads(const ProfileView& view, const QueryParams& params) {
  return withSelection(view, params, [&](const Profile& profile, const SampleSelection& selection) {
    return ok(threadsJson(profile, analysis::selectSamples(profile, selection)));
  });
}

// The advisor on the selected threads' samples in [from, to) (its wall time is that window).
// The whole run's answer is computed once per frame view and kept (ProfileView::Lazy); a
// selection is analysed on demand and not kept: the page keeps its own recent answers
// (web/js/api.js), and a cache per distinct selection would grow with every drag.
std::string parallelismText(const ProfileView& view, python::FrameView frames, const SampleSelection& selection) {
  analysis::ParallelismOptions options;
  options.machine_cores = std::max(1u, std::thread::hardware_concurrency());
  options.selection = selection;
  return compactDump(parallelismJson(analysis::analyzeParallelism(view.profileFor(frames), view.frames, options),
                                     view.frames, selection));
}

ApiResponse parallelism(const ProfileView& view, const QueryParams& params) {
  Result<python::FrameView> frames = parseFrames(params);
  if (!frames) return fail(400, frames.message());
  Result<SampleSelection> selection = parseSelection(params);
  if (!selection) return fail(400, selection.message());
  if (!selection.value().selectsEverything()) return {200, parallelismText(view, frames.value(), selection.value())};
  ProfileView::Lazy& lazy = (*view.parallelism)[static_cast<size_t>(frames.value())];
  std::call_once(lazy.once, [&] { lazy.json = parallelismText(view, frames.value(), selection.value()); });
  return {200, lazy.json};
}

ApiResponse meta(const ProfileView& view, const QueryParams& params) {
  Result<python::FrameView> frames = parseFrames(params);
  if (!frames) return fail(400, frames.message());
  const ProfileView::Viewed& viewed = view.viewed(frames.value());
  json body = metaJson(view, viewed, analysis::selectSamples(viewed.profile, {}));
  if (view.base) {
    const ProfileView::Viewed& base = view.base->viewed(frames.value());
    body["base"] = metaJson(*view.base, base, analysis::selectSamples(base.profile, {}));
  }
  return ok(body);
}

ApiResponse route(const ProfileView& view, const std::string& path, const QueryParams& params) {
  if (path == "/api/meta") return meta(view, params);
  if (path == "/api/frames") return ok(framesJson(view.frames));
  if (path == "/api/threads") return threads(view, params);
  if (path == "/api/tree") return tree(view, params);
  if (path == "/api/functions") return functions(view, params);
  if (path == "/api/timeline") return timeline(view, params);
  if (path == "/api/search") return search(view, params);
  if (path == "/api/parallelism") return parallelism(view, params);
  return fail(404, "unknown endpoint");
}

}  // namespace

ApiResponse handleApi(const ProfileView& view, const std::string& path, const QueryParams& params) {
  try {
    return route(view, path, params);
  } catch (const std::exception& e) {  // e.g. bad_alloc on a huge profile: answer, don't die
    return fail(500, std::string("internal error: ") + e.what());
  }
}

}  // namespace pprof::server
