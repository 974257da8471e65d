// Function scopes (concrete subprograms and inlined subroutines) of one DWARF compile unit
// with their PC ranges, collected by a single walk of the CU's DIE tree.
//
// Why: dwarf_getscopes / dwarf_getscopes_die walk the CU from its root on every call, which
// made 100k libc addresses take >10 s. Here the CU's scope ranges are "painted" once, outer
// scopes first, into disjoint segments that name the innermost scope, so a lookup is one
// binary search plus the walk up the parent links. Painting (rather than descending from the
// concrete function) also finds inlined code placed outside its caller's ranges, which GCC
// emits in glibc.
// Holds Dwarf_Die values: valid while the module's Dwarf lives. Not thread-safe.
#pragma once

#include <elfutils/libdw.h>

#include <cstdint>
#include <vector>

namespace pprof::symbolize {

class CuScopeIndex {
 public:
  explicit CuScopeIndex(Dwarf_Die* cu);

  // Scopes containing `pc` (a DWARF address): innermost inlined subroutine first, the
  // concrete subprogram last. Empty if no function of this CU covers `pc`.
  std::vector<Dwarf_Die> chain(Dwarf_Addr pc) const;

 private:
  struct Node {
    Dwarf_Die die;
    int parent = -1;  // enclosing node; -1 for concrete subprograms (separate code)
    int depth = 0;
  };
  struct NodeRange {
    Dwarf_Addr start, end;
    int node;
  };

  void walk(Dwarf_Die* die, int enclosing_node);
  int addNode(Dwarf_Die* die, int parent);
  void paint(std::vector<NodeRange> ranges);

  std::vector<Node> nodes_;
  std::vector<NodeRange> segments_;  // disjoint, sorted by start; node = innermost scope
};

}  // namespace pprof::symbolize
