#include <algorithm>

#include "server/assets.h"

namespace pprof::server {

const Asset* findAsset(std::string_view path) {
  if (path == "/") path = "/index.html";
  const std::span<const Asset> assets = embeddedAssets();
  auto it = std::lower_bound(assets.begin(), assets.end(), path,
                             [](const Asset& asset, std::string_view p) { return asset.path < p; });
  return it != assets.end() && it->path == path ? &*it : nullptr;
}

}  // namespace pprof::server
