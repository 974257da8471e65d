#include "format/stack_roots.h"

#include <array>

namespace pprof {

StackEnd classifyStackEnd(std::string_view name) {
  static constexpr std::array<std::string_view, 8> kEntries = {
      "_start", "clone", "clone3", "__clone", "__clone3", "__GI___clone", "__GI___clone3",
      "__clone_internal"};
  for (std::string_view entry : kEntries) {
    if (name == entry) return StackEnd::kThreadEntry;
  }
  // Synthetic names the symbolizer gives when it knows nothing: "[unknown]", "lib.so+0x1f".
  if (name.empty() || name.front() == '[' || name.find("+0x") != std::string_view::npos) {
    return StackEnd::kUnknown;
  }
  return StackEnd::kCut;
}

}  // namespace pprof
