// JSON bodies of the viewer's API, compact by construction: tables are sent as parallel arrays
// (one array per column, no repeated keys), strings only once (frames refer to file and module
// tables by index; the call tree and function table refer to frames by id), and -1 stands for
// "none". Weights are sample periods; seconds = weight * meta.period_ns / 1e9. The shapes:
//
//   meta      {"files", "producer", "mode", "clock", "frequency_hz", "period_ns",
//              "start_realtime_ns", "duration_ns", "command", "lost_samples",
//              "truncated_stacks", "complete", "samples", "weight", "cpu_weight", "processes",
//              "threads", "frames", "stacks", "regions": [{"name", "thread", "start_ns",
//              "end_ns"}] (at most 2000),
//              "python": {"versions", "processes", "merge_failures", "notes"} (left out when no
//              process ran Python; the same object as pprof-stats' JSON meta)}
//   frames    {"name":[], "file":[idx|-1], "line":[], "module":[idx|-1], "address":[],
//              "language":["python"|"native"], "files":[], "modules":[]}  (address is non-zero
//              only for unsymbolized frames)
//   tree      {"parent":[-1,...], "frame":[id | -1 root | -2 merged], "self":[], "total":[],
//              "weight", "full_size", "depth_truncated"}  (pre-order, see call_tree.h)
//   threads   {"threads":[{"id","pid","tid","name","process","start_ns","end_ns","weight",
//              "cpu_weight"}], "processes":[{"pid","ppid","executable"}]}
//   timeline  {"start_ns","end_ns","bin_ns","bins","threads":[{"id","cpu":[],"idle":[],
//              "python":[],"gil":[] (threads that ran Python only)}]}
//   functions {"group", "weight", then columns: "frame" (group=function) or "name","file",
//              "line","module" (other groups); "self","total","self_seconds","total_seconds",
//              "calls","primitive_calls" (null when unknown), "language" ("python"|"native"),
//              "gil_percent" (percent of the row's on-CPU weight in samples of threads with a
//              Python thread state during which the GIL was held; null when it has none)}
//   search    {"matched","total","share","frames":[ids]}
//   parallelism  see parallelismJson()
//   error     {"error":"one line"}
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "analysis/call_tree.h"
#include "analysis/function_table.h"
#include "analysis/parallelism.h"
#include "analysis/sample_filter.h"
#include "analysis/sample_totals.h"
#include "analysis/timeline.h"
#include "compare/tree_diff.h"
#include "server/frame_search.h"
#include "server/profile_view.h"

namespace pprof::server {

// `viewed`: the frame view the request named (its stacks, merge failures).
nlohmann::json metaJson(const ProfileView& view, const ProfileView::Viewed& viewed, const analysis::SampleTotals& all);
nlohmann::json framesJson(const analysis::FrameIndex& frames);
// Already compact text (see api_json.cc for why).
std::string treeJsonText(const analysis::CallTree& tree);
// The tree shape plus "base_self", "base_total" (BASE's weights, in its own periods) and
// "base_weight"; a node only BASE has (shown with gone=1) has self and total 0.
std::string diffTreeJsonText(const compare::DiffTree& tree);
nlohmann::json threadsJson(const Profile& profile, const analysis::SampleTotals& totals);
nlohmann::json timelineJson(const analysis::Timeline& timeline);
nlohmann::json functionsJson(const std::vector<analysis::FunctionStats>& rows,
                             analysis::Grouping grouping, const analysis::SampleTotals& totals);
// functionsJson by function for NEW's rows, then BASE's rows that NEW lacks (NEW values 0),
// plus per row "base_self", "base_total" (BASE weights), "base_self_seconds",
// "base_total_seconds" (0 where BASE lacks the frame) and "base_weight".
nlohmann::json diffFunctionsJson(const std::vector<analysis::FunctionStats>& rows, const analysis::SampleTotals& totals,
                                 const std::vector<analysis::FunctionStats>& base_rows,
                                 const analysis::SampleTotals& base_totals);
nlohmann::json searchJson(const SearchResult& result);
// render/advice_render.h's JSON (pprof-stats --advise --format json) for the selection, plus
// "frame" (FrameIndex id) on every row of "candidates", "functions" and "lines" and on each
// candidate's "callees", "context_frames" (ids, root first, ending with the candidate's) on
// candidates, "has_time", "selection" {"threads": [ids]|null, "pid": n|null, "from_ns",
// "to_ns": n|null} (what was asked), "concurrency" {"bin_ns", "running": [], "waiting": []}
// (threads busy per bin from the window's start) and "frame_serial_share": [per frame id, -1
// when unseen].
nlohmann::ordered_json parallelismJson(const analysis::ParallelismReport& report, const analysis::FrameIndex& frames,
                                       const analysis::SampleSelection& selection = {});
nlohmann::json errorJson(const std::string& message);

// One line, no spaces; invalid UTF-8 (names from binaries may hold any bytes) is replaced.
std::string compactDump(const nlohmann::json& json);
std::string compactDump(const nlohmann::ordered_json& json);

}  // namespace pprof::server
