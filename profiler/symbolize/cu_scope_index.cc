#include "symbolize/cu_scope_index.h"

#include <dwarf.h>

#include <algorithm>
#include <map>

namespace pprof::symbolize {
namespace {

// DIEs whose children may hold code scopes. Types, variables and parameters never do.
bool mayContainCode(int tag) {
  switch (tag) {
    case DW_TAG_namespace:
    case DW_TAG_class_type:
    case DW_TAG_structure_type:
    case DW_TAG_union_type:
    case DW_TAG_module:
    case DW_TAG_subprogram:
    case DW_TAG_inlined_subroutine:
    case DW_TAG_lexical_block:
    case DW_TAG_try_block:
    case DW_TAG_catch_block:
      return true;
    default:
      return false;
  }
}

}  // namespace

CuScopeIndex::CuScopeIndex(Dwarf_Die* cu) {
  std::vector<NodeRange> ranges;
  walk(cu, -1);
  for (size_t i = 0; i < nodes_.size(); ++i) {
    Dwarf_Addr base = 0, start = 0, end = 0;
    for (ptrdiff_t offset = 0; (offset = dwarf_ranges(&nodes_[i].die, offset, &base, &start, &end)) > 0;) {
      if (end > start) ranges.push_back(NodeRange{start, end, static_cast<int>(i)});
    }
  }
  paint(std::move(ranges));
}

void CuScopeIndex::walk(Dwarf_Die* die, int enclosing_node) {
  Dwarf_Die child;
  if (dwarf_child(die, &child) != 0) return;
  do {
    int tag = dwarf_tag(&child);
    int node = enclosing_node;
    if (tag == DW_TAG_subprogram) {
      node = addNode(&child, -1);
    } else if (tag == DW_TAG_inlined_subroutine) {
      node = addNode(&child, enclosing_node);
    }
    // A subprogram without code is a declaration: nothing inside it runs.
    bool skip = tag == DW_TAG_subprogram && node < 0;
    if (!skip && mayContainCode(tag)) walk(&child, node);
  } while (dwarf_siblingof(&child, &child) == 0);
}

// Returns the new node, or for a scope without code the node its children belong to.
int CuScopeIndex::addNode(Dwarf_Die* die, int parent) {
  if (!dwarf_hasattr(die, DW_AT_low_pc) && !dwarf_hasattr(die, DW_AT_ranges)) return parent;
  Node node;
  node.die = *die;
  node.parent = parent;
  node.depth = parent < 0 ? 0 : nodes_[parent].depth + 1;
  nodes_.push_back(node);
  return static_cast<int>(nodes_.size()) - 1;
}

void CuScopeIndex::paint(std::vector<NodeRange> ranges) {
  std::stable_sort(ranges.begin(), ranges.end(), [this](const NodeRange& a, const NodeRange& b) {
    return nodes_[a.node].depth < nodes_[b.node].depth;
  });
  std::map<Dwarf_Addr, NodeRange> painted;  // by start; disjoint
  for (const NodeRange& range : ranges) {
    auto it = painted.lower_bound(range.start);
    if (it != painted.begin() && std::prev(it)->second.end > range.start) --it;
    while (it != painted.end() && it->second.start < range.end) {
      NodeRange old = it->second;
      it = painted.erase(it);
      if (old.start < range.start) painted.emplace(old.start, NodeRange{old.start, range.start, old.node});
      if (old.end > range.end) painted.emplace(range.end, NodeRange{range.end, old.end, old.node});
    }
    painted.emplace(range.start, range);
  }
  segments_.reserve(painted.size());
  for (const auto& [start, segment] : painted) segments_.push_back(segment);
}

std::vector<Dwarf_Die> CuScopeIndex::chain(Dwarf_Addr pc) const {
  auto after = std::upper_bound(segments_.begin(), segments_.end(), pc,
                                [](Dwarf_Addr a, const NodeRange& r) { return a < r.start; });
  if (after == segments_.begin() || pc >= (after - 1)->end) return {};
  std::vector<Dwarf_Die> out;
  for (int node = (after - 1)->node; node >= 0; node = nodes_[node].parent) {
    out.push_back(nodes_[node].die);
  }
  return out;
}

}  // namespace pprof::symbolize
