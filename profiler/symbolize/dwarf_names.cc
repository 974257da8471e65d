#include "symbolize/dwarf_names.h"

#include <dwarf.h>

#include <cstdlib>
#include <vector>

#include "symbolize/demangle.h"

namespace pprof::symbolize {
namespace {

const char* integratedString(Dwarf_Die* die, unsigned int attribute) {
  Dwarf_Attribute attr;
  return dwarf_formstring(dwarf_attr_integrate(die, attribute, &attr));
}

const char* linkageName(Dwarf_Die* die) {
  const char* name = integratedString(die, DW_AT_linkage_name);
  return name != nullptr ? name : integratedString(die, DW_AT_MIPS_linkage_name);
}

bool isCxx(Dwarf_Die* die) {
  Dwarf_Die cu;
  if (dwarf_diecu(die, &cu, nullptr, nullptr) == nullptr) return false;
  switch (dwarf_srclang(&cu)) {
    case DW_LANG_C_plus_plus:
    case DW_LANG_C_plus_plus_03:
    case DW_LANG_C_plus_plus_11:
    case DW_LANG_C_plus_plus_14:
      return true;
    default:
      return false;
  }
}

// The DIE that holds the declaration: abstract origin, then specification (out-of-class
// member definitions point at the in-class declaration, which sits inside the class).
Dwarf_Die declarationOf(Dwarf_Die* die) {
  Dwarf_Die current = *die;
  for (int hops = 0; hops < 8; ++hops) {
    Dwarf_Attribute attr;
    Dwarf_Attribute* ref = dwarf_attr(&current, DW_AT_abstract_origin, &attr);
    if (ref == nullptr) ref = dwarf_attr(&current, DW_AT_specification, &attr);
    Dwarf_Die next;
    if (ref == nullptr || dwarf_formref_die(ref, &next) == nullptr) break;
    current = next;
  }
  return current;
}

// "ns::Class::" for a declaration nested in namespaces/classes; walks the CU once, so only
// used for C++ functions without a linkage name (rare with GCC and Clang).
std::string enclosingScopes(Dwarf_Die* declaration) {
  Dwarf_Die* scopes = nullptr;
  int count = dwarf_getscopes_die(declaration, &scopes);
  std::string prefix;
  for (int i = count - 1; i >= 1; --i) {  // scopes[0] is the declaration itself
    int tag = dwarf_tag(&scopes[i]);
    const char* name = dwarf_diename(&scopes[i]);
    if (tag == DW_TAG_namespace) {
      prefix += name != nullptr ? name : "(anonymous namespace)";
    } else if (tag == DW_TAG_class_type || tag == DW_TAG_structure_type ||
               tag == DW_TAG_union_type) {
      // An unnamed class inside a function is a lambda's closure type.
      prefix += name != nullptr ? name : "{lambda}";
    } else if (tag == DW_TAG_subprogram && name != nullptr) {
      prefix += std::string(name) + "()";  // the function a lambda or local class lives in
    } else {
      continue;
    }
    prefix += "::";
  }
  free(scopes);
  return prefix;
}

}  // namespace

DwarfFunctionName describeFunctionDie(Dwarf_Die* die) {
  DwarfFunctionName out;
  int decl_line = 0;
  if (dwarf_decl_line(die, &decl_line) == 0 && decl_line > 0) {
    out.decl_line = static_cast<uint32_t>(decl_line);
  }
  if (const char* linkage = linkageName(die)) {
    out.system_name = linkage;
    out.function = demangle(linkage);
    return out;
  }
  const char* name = integratedString(die, DW_AT_name);
  if (name == nullptr) return out;
  out.function = name;
  if (isCxx(die)) {
    Dwarf_Die declaration = declarationOf(die);
    out.function = enclosingScopes(&declaration) + out.function;
  }
  out.system_name = out.function;
  return out;
}

}  // namespace pprof::symbolize
