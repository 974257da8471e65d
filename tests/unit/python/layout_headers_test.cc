// The version table against offsetof()/sizeof() taken from every installed set of CPython
// headers (layout_probe.c, compiled per header set; the list is generated at configure time).
#include <gtest/gtest.h>

#include <cstdio>

#include "layout_probe.h"
#include "python/version_table.h"

#define PPROF_PROBE(fn, label) extern "C" void fn(PprofLayoutProbe*);
#include "layout_probes.inc"
#undef PPROF_PROBE

namespace pprof::python {
namespace {

struct Probe {
  void (*fn)(PprofLayoutProbe*);
  const char* label;
};

const Probe kProbes[] = {
#define PPROF_PROBE(fn, label) {fn, label},
#include "layout_probes.inc"
#undef PPROF_PROBE
    {nullptr, nullptr},
};

// -1 in the probe (no such field) is 0 in the table, except cframe_current_frame (-1 both).
long tableValue(long probe_value) { return probe_value < 0 ? 0 : probe_value; }

// Compares every numeric field of the row with one probe; returns how many were compared.
int compareRow(const VersionLayout& row, const PprofLayoutProbe& p, const char* label) {
  int compared = 0;
  auto eq = [&](const char* field, long table, long header) {
    EXPECT_EQ(table, header) << label << ": " << field;
    ++compared;
  };
  eq("tstate_frame", row.tstate_frame, p.tstate_frame);
  eq("cframe_current_frame", row.cframe_current_frame, p.cframe_current_frame);
  eq("tstate_native_thread_id", row.tstate_native_thread_id, tableValue(p.tstate_native_thread_id));
  eq("frame_code", row.frame_code, p.frame_code);
  eq("frame_previous", row.frame_previous, p.frame_previous);
  eq("frame_instr", row.frame_instr, p.frame_instr);
  eq("entry_offset (is_entry)", row.entry_offset, tableValue(p.is_entry));
  eq("owner_offset", row.owner_offset, tableValue(p.owner));
  eq("owner_generator", row.owner_generator, tableValue(p.owner_generator));
  eq("owner_shim (FRAME_OWNED_BY_CSTACK)", row.owner_shim, tableValue(p.owner_cstack));
  eq("code_firstlineno", row.code_firstlineno, p.code_firstlineno);
  eq("code_filename", row.code_filename, p.code_filename);
  eq("code_name", row.code_name, p.code_name);
  eq("code_qualname", row.code_qualname, tableValue(p.code_qualname));
  eq("code_linetable", row.code_linetable, p.code_linetable);
  eq("code_code", row.code_code, tableValue(p.code_code));
  eq("code_units", row.code_units, tableValue(p.code_units));
  eq("code_firsttraceable", row.code_firsttraceable, tableValue(p.code_firsttraceable));
  eq("unicode_length", row.unicode_length, p.unicode_length);
  eq("unicode_state", row.unicode_state, p.unicode_state);
  eq("unicode_ascii_data", row.unicode_ascii_data, p.unicode_ascii_data);
  eq("unicode_compact_data", row.unicode_compact_data, p.unicode_compact_data);
  eq("bytes_size", row.bytes_size, p.bytes_size);
  eq("bytes_data", row.bytes_data, p.bytes_data);
  eq("object_type", row.object_type, p.object_type);

  // The kinds follow from which fields the headers have.
  EXPECT_EQ(row.frame_kind == FrameKind::kFrameObject, p.minor <= 10) << label;
  EXPECT_EQ(row.entry_kind == EntryKind::kIsEntryByte, p.is_entry >= 0) << label;
  EXPECT_EQ(row.entry_kind == EntryKind::kShimFrame, p.owner_cstack >= 0) << label;
  EXPECT_EQ(row.entry_kind == EntryKind::kEveryFrame, p.owner < 0) << label;
  EXPECT_EQ(row.line_format == LineTableFormat::kLnotab, p.minor <= 9) << label;
  EXPECT_EQ(row.line_format == LineTableFormat::kLinetable310, p.minor == 10) << label;
  EXPECT_EQ(row.instr_kind == InstrKind::kInstrPtr, p.minor >= 13) << label;
  return compared;
}

void checkMinor(uint32_t minor) {
  const VersionLayout* row = layoutFor(3, minor);
  ASSERT_NE(row, nullptr);
  int sets = 0;
  int fields = 0;
  for (const Probe* probe = kProbes; probe->fn != nullptr; ++probe) {
    PprofLayoutProbe p{};
    probe->fn(&p);
    if (p.major != 3 || p.minor != static_cast<long>(minor)) continue;
    fields += compareRow(*row, p, probe->label);
    ++sets;
    std::printf("3.%u row vs %s (3.%ld.%ld headers)\n", minor, probe->label, p.minor, p.micro);
  }
  if (sets == 0) GTEST_SKIP() << "no CPython 3." << minor << " headers were found at configure time";
  std::printf("3.%u: %d fields compared over %d header set(s)\n", minor, fields, sets);
}

TEST(LayoutHeaders, Python3_8) { checkMinor(8); }
TEST(LayoutHeaders, Python3_9) { checkMinor(9); }
TEST(LayoutHeaders, Python3_10) { checkMinor(10); }
TEST(LayoutHeaders, Python3_11) { checkMinor(11); }
TEST(LayoutHeaders, Python3_12) { checkMinor(12); }
TEST(LayoutHeaders, Python3_13) { checkMinor(13); }

}  // namespace
}  // namespace pprof::python
