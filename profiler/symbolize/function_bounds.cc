#include "symbolize/function_bounds.h"

#include <dwarf.h>
#include <elfutils/libdw.h>
#include <gelf.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <string_view>

namespace pprof::symbolize {
namespace {

// The .eh_frame_hdr section of `elf` with contents (not SHT_NOBITS, as in a debug file).
Elf_Data* ehFrameHdr(Elf* elf, GElf_Addr* address) {
  size_t strings = 0;
  if (elf_getshdrstrndx(elf, &strings) != 0) return nullptr;
  for (Elf_Scn* scn = elf_nextscn(elf, nullptr); scn != nullptr; scn = elf_nextscn(elf, scn)) {
    GElf_Shdr header;
    if (gelf_getshdr(scn, &header) == nullptr || header.sh_type != SHT_PROGBITS) continue;
    const char* name = elf_strptr(elf, strings, header.sh_name);
    if (name == nullptr || std::string_view(name) != ".eh_frame_hdr") continue;
    Elf_Data* data = elf_getdata(scn, nullptr);
    if (data == nullptr || data->d_buf == nullptr) return nullptr;
    *address = header.sh_addr;
    return data;
  }
  return nullptr;
}

int32_t readSigned32(const unsigned char* p) {
  int32_t value;
  std::memcpy(&value, p, sizeof value);  // .eh_frame_hdr is in the target's byte order: x86-64
  return value;
}

uint32_t readUnsigned32(const unsigned char* p) {
  uint32_t value;
  std::memcpy(&value, p, sizeof value);
  return value;
}

// FDE starts (ELF virtual addresses) from a version 1 .eh_frame_hdr. Only the encodings that
// GNU ld, gold, lld and mold write are read (table: datarel sdata4); anything else gives none.
std::vector<uint64_t> readTable(const unsigned char* bytes, size_t size, GElf_Addr hdr_address) {
  std::vector<uint64_t> starts;
  constexpr unsigned char kTableEncoding = DW_EH_PE_datarel | DW_EH_PE_sdata4;
  if (size < 4 || bytes[0] != 1 || bytes[3] != kTableEncoding) return starts;
  size_t at = 4;
  // eh_frame_ptr: skipped, but its size depends on its encoding.
  switch (bytes[1] & 0x0f) {
    case DW_EH_PE_udata4:
    case DW_EH_PE_sdata4: at += 4; break;
    case DW_EH_PE_udata8:
    case DW_EH_PE_sdata8: at += 8; break;
    default: return starts;
  }
  if ((bytes[2] & 0x0f) != DW_EH_PE_udata4 || bytes[2] & 0x70 || at + 4 > size) return starts;
  uint64_t count = readUnsigned32(bytes + at);
  at += 4;
  if (count > (size - at) / 8) return starts;  // truncated or garbage
  starts.reserve(count);
  for (uint64_t i = 0; i < count; ++i, at += 8) {
    starts.push_back(hdr_address + static_cast<int64_t>(readSigned32(bytes + at)));
  }
  // The table is sorted by definition (the unwinder binary-searches it); trust nothing.
  std::sort(starts.begin(), starts.end());
  starts.erase(std::unique(starts.begin(), starts.end()), starts.end());
  return starts;
}

}  // namespace

FunctionBounds FunctionBounds::build(Dwfl_Module* module) {
  FunctionBounds bounds;
  bounds.module_ = module;
  Dwarf_Addr bias = 0;
  Elf* elf = dwfl_module_getelf(module, &bias);
  if (elf == nullptr) return bounds;
  GElf_Addr hdr_address = 0;
  Elf_Data* data = ehFrameHdr(elf, &hdr_address);
  if (data == nullptr) return bounds;
  bounds.starts_ = readTable(static_cast<const unsigned char*>(data->d_buf), data->d_size, hdr_address);
  for (uint64_t& start : bounds.starts_) start += bias;
  return bounds;
}

std::optional<uint64_t> FunctionBounds::functionStart(uint64_t address) const {
  auto after = std::upper_bound(starts_.begin(), starts_.end(), address);
  if (after == starts_.begin()) return std::nullopt;
  // The greatest start below is the right FDE only if some FDE covers the address at all
  // (else it lies in a gap after that function's end): ask libdw's CFI lookup.
  Dwarf_Addr cfi_bias = 0;
  Dwarf_CFI* cfi = dwfl_module_eh_cfi(module_, &cfi_bias);
  if (cfi == nullptr) return std::nullopt;
  Dwarf_Frame* frame = nullptr;
  if (dwarf_cfi_addrframe(cfi, address - cfi_bias, &frame) != 0) return std::nullopt;
  Dwarf_Addr row_start = 0, row_end = 0;
  bool signal_frame = false;
  int ok = dwarf_frame_info(frame, &row_start, &row_end, &signal_frame);
  std::free(frame);
  // The CFA row holding the address lies inside its FDE: it must not start before the FDE.
  uint64_t start = *(after - 1);
  if (ok < 0 || row_start + cfi_bias < start) return std::nullopt;
  return start;
}

}  // namespace pprof::symbolize
