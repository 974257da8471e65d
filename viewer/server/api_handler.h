// The JSON API as a pure function from (path, query) to (status, body), independent of HTTP so
// it is tested without sockets and shared by every server thread (the view is only read).
//
//   /api/meta        run metadata and totals
//   /api/frames      the frame table every other answer refers to by id (fetch once)
//   /api/threads     threads and processes with their weight in the selection
//   /api/tree        call tree of the selection (cutoff, depth)
//   /api/functions   function table of the selection (group)
//   /api/timeline    per-thread weight over time (bins)
//   /api/search      matched share of the selection (q, regex, icase)
//   /api/parallelism the advisor on the selection (the whole run's answer is kept per frame
//                    view; a selection's is computed per request)
// Selection parameters (threads, pid, from, to) apply to all but meta and frames; see
// api_params.h. Bad parameters give 400, unknown endpoints 404, each with {"error": "..."}.
#pragma once

#include <string>

#include "server/api_params.h"
#include "server/profile_view.h"

namespace pprof::server {

struct ApiResponse {
  int status = 200;
  std::string body;  // JSON
};

ApiResponse handleApi(const ProfileView& view, const std::string& path, const QueryParams& params);

}  // namespace pprof::server
