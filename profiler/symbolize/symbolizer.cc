#include "symbolize/symbolizer.h"

#include <elfutils/libdwfl.h>

#include <cstdio>
#include <map>
#include <optional>
#include <unordered_map>
#include <utility>

#include "symbolize/demangle.h"
#include "symbolize/dwarf_frames.h"
#include "symbolize/function_bounds.h"
#include "symbolize/module_file.h"
#include "symbolize/symbol_table.h"

namespace pprof {
namespace {

constexpr const char* kDefaultDebugPath = ":.debug:/usr/lib/debug";

std::string baseName(const std::string& path) {
  size_t slash = path.find_last_of('/');
  return slash == std::string::npos || slash + 1 == path.size() ? path : path.substr(slash + 1);
}

std::string syntheticName(const std::string& module_base, uint64_t address) {
  char offset[32];
  std::snprintf(offset, sizeof offset, "+0x%llx", static_cast<unsigned long long>(address));
  return module_base + offset;
}

// One profiled module inside the session's Dwfl.
struct ModuleState {
  std::string base_name;          // for synthetic names
  std::string problem;            // why names are synthetic, "" if they are not
  Dwfl_Module* dwfl_module = nullptr;
  Dwarf_Addr bias = 0;            // module address = ELF vaddr + bias (0 as reported)
  std::optional<symbolize::SymbolTable> symbols;
  std::optional<symbolize::DwarfFrames> dwarf;  // absent when the module has no DWARF
  std::optional<symbolize::FunctionBounds> bounds;  // read when first needed
  std::unordered_map<uint64_t, SymbolizedAddress> cache;
};

}  // namespace

struct Symbolizer::Impl {
  Impl() {
    callbacks.find_elf = dwfl_build_id_find_elf;
    callbacks.find_debuginfo = dwfl_standard_find_debuginfo;
    callbacks.section_address = dwfl_offline_section_address;
    callbacks.debuginfo_path = &debug_path_cstr;
    dwfl = dwfl_begin(&callbacks);
  }
  ~Impl() {
    modules.clear();  // drop views into libdw data before the session ends
    if (dwfl != nullptr) dwfl_end(dwfl);
  }

  ModuleState& module(const ModuleRef& ref);
  void open(const ModuleRef& ref, ModuleState& state);
  SymbolizedAddress resolveOne(ModuleState& state, uint64_t address);
  SymbolizedFrame symbolFrame(ModuleState& state, uint64_t address);

  std::string debug_path = kDefaultDebugPath;
  char* debug_path_cstr = debug_path.data();  // libdwfl reads it through callbacks
  Dwfl_Callbacks callbacks{};
  Dwfl* dwfl = nullptr;
  std::map<std::pair<std::string, std::string>, ModuleState> modules;
  SymbolizerStats stats;
};

ModuleState& Symbolizer::Impl::module(const ModuleRef& ref) {
  auto [it, inserted] = modules.try_emplace({ref.path, ref.build_id});
  if (inserted) {
    ++stats.modules_opened;
    open(ref, it->second);
  }
  return it->second;
}

void Symbolizer::Impl::open(const ModuleRef& ref, ModuleState& state) {
  state.base_name = baseName(ref.path);
  if (dwfl == nullptr) {
    state.problem = std::string("dwfl_begin: ") + dwfl_errmsg(-1);
    return;
  }
  Result<std::string> file = symbolize::locateModuleFile(ref, symbolize::absoluteDebugDirs(debug_path));
  if (!file) {
    state.problem = file.message();
    return;
  }
  // add_p_vaddr with base 0 keeps module addresses equal to ELF virtual addresses, even for
  // prelinked libraries; several modules may overlap since lookups never go by address.
  dwfl_report_begin_add(dwfl);
  Dwfl_Module* mod = dwfl_report_elf(dwfl, ref.path.c_str(), file.value().c_str(), -1, 0, true);
  dwfl_report_end(dwfl, nullptr, nullptr);
  if (mod == nullptr) {
    state.problem = file.value() + ": " + dwfl_errmsg(-1);
    return;
  }
  state.dwfl_module = mod;
  dwfl_module_getelf(mod, &state.bias);
  state.symbols = symbolize::SymbolTable::build(mod);
  Dwarf_Addr dwarf_bias = 0;
  if (dwfl_module_getdwarf(mod, &dwarf_bias) != nullptr) state.dwarf.emplace(mod);
  if (state.symbols->size() == 0 && !state.dwarf) state.problem = file.value() + ": no symbols";
}

SymbolizedFrame Symbolizer::Impl::symbolFrame(ModuleState& state, uint64_t address) {
  SymbolizedFrame frame;
  const uint64_t module_address = address + state.bias;
  auto functionStart = [&]() -> std::optional<uint64_t> {
    if (state.dwfl_module == nullptr) return std::nullopt;
    if (!state.bounds) state.bounds = symbolize::FunctionBounds::build(state.dwfl_module);
    return state.bounds->functionStart(module_address);
  };
  const symbolize::FunctionSymbol* symbol =
      state.symbols ? state.symbols->find(module_address) : nullptr;
  // A zero-sized symbol (assembly without .size) is only assumed to reach the next symbol;
  // an FDE that starts after it says that the address belongs to another, unnamed function.
  if (symbol != nullptr && !symbol->sized) {
    std::optional<uint64_t> start = functionStart();
    if (start && *start > symbol->start) symbol = nullptr;
  }
  if (symbol != nullptr) {
    frame.system_name = std::string(symbolize::stripSymbolVersion(symbol->name));
    frame.function = symbolize::demangle(frame.system_name);
  } else {
    // No symbol covers the address (a static function of a stripped file, or an address past
    // a .dynsym export's st_size): name it by the start of its function's FDE, so that all
    // its addresses share one name; by the address itself when no FDE covers it.
    std::optional<uint64_t> start = functionStart();
    frame.function = syntheticName(state.base_name, start ? *start - state.bias : address);
    frame.system_name = frame.function;
  }
  return frame;
}

SymbolizedAddress Symbolizer::Impl::resolveOne(ModuleState& state, uint64_t address) {
  SymbolizedAddress out;
  if (state.dwarf) out.frames = state.dwarf->resolve(address + state.bias);
  if (out.frames.empty()) {
    out.frames.push_back(symbolFrame(state, address));
    return out;
  }
  // DWARF without a name for a scope (assembly, odd producers): borrow the symbol's name.
  for (SymbolizedFrame& frame : out.frames) {
    if (!frame.function.empty()) continue;
    SymbolizedFrame named = symbolFrame(state, address);
    frame.function = std::move(named.function);
    frame.system_name = std::move(named.system_name);
  }
  // GCC gives some C++ functions (lambda operators, for one) no DW_AT_linkage_name, so DWARF
  // only knows "operator()"; the symbol table's mangled name says whose lambda it is.
  SymbolizedFrame& concrete = out.frames.back();
  if (concrete.system_name.rfind("_Z", 0) != 0) {
    SymbolizedFrame named = symbolFrame(state, address);
    if (named.system_name.rfind("_Z", 0) == 0) {
      concrete.function = std::move(named.function);
      concrete.system_name = std::move(named.system_name);
    }
  }
  return out;
}

Symbolizer::Symbolizer() : impl_(std::make_unique<Impl>()) {}
Symbolizer::~Symbolizer() = default;

std::vector<SymbolizedAddress> Symbolizer::resolve(const ModuleRef& module,
                                                   const std::vector<uint64_t>& addresses) {
  ModuleState& state = impl_->module(module);
  std::vector<SymbolizedAddress> out;
  out.reserve(addresses.size());
  for (uint64_t address : addresses) {
    auto cached = state.cache.find(address);
    if (cached != state.cache.end()) {
      ++impl_->stats.cache_hits;
      out.push_back(cached->second);
      continue;
    }
    ++impl_->stats.addresses_resolved;
    SymbolizedAddress resolved = impl_->resolveOne(state, address);
    out.push_back(state.cache.emplace(address, std::move(resolved)).first->second);
  }
  return out;
}

std::string Symbolizer::moduleProblem(const ModuleRef& module) const {
  auto it = impl_->modules.find({module.path, module.build_id});
  return it == impl_->modules.end() ? "" : it->second.problem;
}

void Symbolizer::setDebugSearchPath(std::string path) {
  impl_->debug_path = std::move(path);
  impl_->debug_path_cstr = impl_->debug_path.data();
}

SymbolizerStats Symbolizer::stats() const { return impl_->stats; }

}  // namespace pprof
