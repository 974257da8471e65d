#include "symbolize/symbol_table.h"

#include <gelf.h>

#include <algorithm>

namespace pprof::symbolize {
namespace {

struct Candidate {
  FunctionSymbol symbol;
  int rank = 0;  // lower is preferred among aliases at one address
};

int bindingRank(unsigned char binding) {
  switch (binding) {
    case STB_GLOBAL: return 0;
    case STB_WEAK: return 1;
    default: return 2;
  }
}

// Lower sorts first: preferred alias at one address.
bool preferred(const Candidate& a, const Candidate& b) {
  if (a.rank != b.rank) return a.rank < b.rank;
  bool a_versioned = a.symbol.name.find('@') != std::string_view::npos;
  bool b_versioned = b.symbol.name.find('@') != std::string_view::npos;
  if (a_versioned != b_versioned) return !a_versioned;
  if (a.symbol.end != b.symbol.end) return a.symbol.end > b.symbol.end;
  return a.symbol.name < b.symbol.name;  // deterministic choice
}

std::vector<Candidate> readCandidates(Dwfl_Module* module) {
  std::vector<Candidate> out;
  int count = dwfl_module_getsymtab(module);
  if (count <= 0) return out;
  out.reserve(static_cast<size_t>(count));
  for (int i = 1; i < count; ++i) {  // entry 0 is the null symbol
    GElf_Sym sym;
    GElf_Addr address = 0;
    GElf_Word section = 0;
    Elf* elf = nullptr;
    Dwarf_Addr bias = 0;
    const char* name = dwfl_module_getsym_info(module, i, &sym, &address, &section, &elf, &bias);
    if (name == nullptr || *name == '\0' || section == SHN_UNDEF) continue;
    int type = GELF_ST_TYPE(sym.st_info);
    if (type != STT_FUNC && type != STT_GNU_IFUNC) continue;
    Candidate c;
    c.symbol = FunctionSymbol{address, address + sym.st_size, name};
    c.rank = bindingRank(GELF_ST_BIND(sym.st_info));
    out.push_back(c);
  }
  return out;
}

}  // namespace

SymbolTable SymbolTable::build(Dwfl_Module* module) {
  std::vector<Candidate> candidates = readCandidates(module);
  std::sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
    if (a.symbol.start != b.symbol.start) return a.symbol.start < b.symbol.start;
    return preferred(a, b);
  });
  SymbolTable table;
  table.symbols_.reserve(candidates.size());
  for (const Candidate& c : candidates) {
    if (!table.symbols_.empty() && table.symbols_.back().start == c.symbol.start) continue;
    table.symbols_.push_back(c.symbol);
  }
  // Zero-sized symbols (hand-written assembly) cover up to the next symbol.
  for (size_t i = 0; i < table.symbols_.size(); ++i) {
    FunctionSymbol& s = table.symbols_[i];
    if (s.end <= s.start) {
      s.sized = false;
      s.end = i + 1 < table.symbols_.size() ? table.symbols_[i + 1].start : s.start + 1;
    }
  }
  return table;
}

const FunctionSymbol* SymbolTable::find(uint64_t address) const {
  auto after = std::upper_bound(symbols_.begin(), symbols_.end(), address,
                                [](uint64_t a, const FunctionSymbol& s) { return a < s.start; });
  // A few steps back handle a small symbol nested in a larger one that it ends before.
  constexpr int kMaxBacktrack = 8;
  int steps = 0;
  for (auto it = after; it != symbols_.begin() && steps < kMaxBacktrack; ++steps) {
    --it;
    if (address < it->end) return &*it;
  }
  return nullptr;
}

}  // namespace pprof::symbolize
