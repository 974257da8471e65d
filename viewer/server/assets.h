// The browser page's files, embedded into the binary at build time (see README.md in this
// folder and embed_assets.cc), so that the installed pprof-view needs no runtime files and the
// server never opens a path derived from a request: an asset is found by exact name in a
// fixed table or not at all.
#pragma once

#include <cstddef>
#include <span>
#include <string_view>

namespace pprof::server {

struct Asset {
  std::string_view path;          // "/index.html", "/js/app.js": as requested, rooted at "/"
  std::string_view content_type;  // "text/html; charset=utf-8", ...
  std::string_view bytes;
};

// Every embedded file, sorted by path. Defined in the generated embedded_assets.cc.
std::span<const Asset> embeddedAssets();

// The asset whose path is exactly `path` ("/" means "/index.html"), or null.
const Asset* findAsset(std::string_view path);

}  // namespace pprof::server
