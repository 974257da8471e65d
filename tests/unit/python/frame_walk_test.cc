// The frame walker (python/frame_walk.h) on hand-built frame chains laid out as 3.11 and 3.12
// lay them out: entry bits, shim frames, lasti, incomplete frames, the frame cap, and chains
// that end in something that is not a frame or a code object.
#include <gtest/gtest.h>

#include <cstring>
#include <map>
#include <vector>

#include "python/frame_walk.h"

namespace pprof::python {
namespace {

// A fake address space: writes and reads of little-endian values at arbitrary addresses.
struct FakeMemory {
  std::map<uint64_t, uint8_t> bytes;
  void put(uint64_t address, uint64_t value, size_t n) {
    for (size_t i = 0; i < n; ++i) bytes[address + i] = static_cast<uint8_t>(value >> (8 * i));
  }
  bool get(uint64_t address, void* out, size_t n) {
    auto* o = static_cast<uint8_t*>(out);
    for (size_t i = 0; i < n; ++i) {
      auto it = bytes.find(address + i);
      if (it == bytes.end()) return false;
      o[i] = it->second;
    }
    return true;
  }
  bool u64(uint64_t a, uint64_t* out) { return get(a, out, 8); }
  bool i32(uint64_t a, int32_t* out) { return get(a, out, 4); }
  bool u8(uint64_t a, uint8_t* out) { return get(a, out, 1); }
};

constexpr uint64_t kCodeType = 0x10000;

class WalkTest : public ::testing::TestWithParam<uint32_t> {
 protected:
  void SetUp() override {
    layout = layoutFor(3, GetParam());
    ASSERT_NE(layout, nullptr);
    rt.layout = layout;
    rt.code_type = kCodeType;
    rt.code_units = layout->code_units;
    rt.code_firsttraceable = layout->code_firsttraceable;
  }
  uint64_t code(uint64_t address, int32_t first_traceable = 0) {
    memory.put(address + layout->object_type, kCodeType, 8);
    memory.put(address + layout->code_firsttraceable, static_cast<uint32_t>(first_traceable), 4);
    return address;
  }
  // A frame executing code unit `lasti` of `code`; `previous` is the caller's frame.
  uint64_t frame(uint64_t address, uint64_t code_address, int32_t lasti, uint64_t previous, bool entry,
                 uint8_t owner = 0) {
    memory.put(address + layout->frame_code, code_address, 8);
    memory.put(address + layout->frame_previous, previous, 8);
    const uint64_t base = code_address + layout->code_units;
    memory.put(address + layout->frame_instr, base + 2 * static_cast<uint64_t>(lasti), 8);
    memory.put(address + layout->owner_offset, owner, 1);
    if (layout->entry_kind == EntryKind::kIsEntryByte) memory.put(address + layout->entry_offset, entry ? 1 : 0, 1);
    return address;
  }
  // The shim 3.12 puts below an activation's first frame.
  uint64_t shim(uint64_t address, uint64_t previous) {
    return frame(address, code(0x90000), 0, previous, false, layout->owner_shim);
  }
  void setTop(uint64_t top) {
    const uint64_t tstate = 0x1000, cframe = 0x2000;
    memory.put(tstate + layout->tstate_frame, cframe, 8);
    memory.put(cframe + static_cast<uint64_t>(layout->cframe_current_frame), top, 8);
  }
  std::vector<uint64_t> walk(uint32_t* flags, int capacity = 64) {
    std::vector<uint64_t> words(static_cast<size_t>(capacity));
    int n = walkPythonFrames(rt, 0x1000, memory, words.data(), capacity, flags);
    words.resize(static_cast<size_t>(n));
    return words;
  }

  const VersionLayout* layout = nullptr;
  RuntimeLayout rt;
  FakeMemory memory;
};

// <module> (entry) -> f -> [C: sorted] -> lambda (entry) -> g: the words leaf first, lasti
// and the entry bit of each, as CPython 3.11 (is_entry) and 3.12 (shim frames) mark them.
TEST_P(WalkTest, EntryBitsMarkEachActivationsFirstFrame) {
  const uint64_t module = code(0x30000), f = code(0x31000), lambda = code(0x32000), g = code(0x33000);
  const bool shims = layout->entry_kind == EntryKind::kShimFrame;
  uint64_t below_module = shims ? shim(0x40900, 0) : 0;
  uint64_t fm = frame(0x40000, module, 7, below_module, true);
  uint64_t ff = frame(0x40100, f, 3, fm, false);
  uint64_t below_lambda = shims ? shim(0x40a00, ff) : ff;
  uint64_t fl = frame(0x40200, lambda, 1, below_lambda, true);
  uint64_t fg = frame(0x40300, g, 5, fl, false);
  setTop(fg);
  uint32_t flags = 99;
  std::vector<uint64_t> words = walk(&flags);
  EXPECT_EQ(flags, 0u);
  ASSERT_EQ(words.size(), 4u);
  const uint64_t codes[] = {g, lambda, f, module};
  const int32_t lastis[] = {5, 1, 3, 7};
  const bool entries[] = {false, true, false, true};
  for (size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(wire::PythonFrameWord::code(words[i]), codes[i]) << i;
    EXPECT_EQ(wire::PythonFrameWord::lasti(words[i]), lastis[i]) << i;
    EXPECT_EQ(wire::PythonFrameWord::entry(words[i]), entries[i]) << i;
  }
}

TEST_P(WalkTest, IncompleteFramesAreSkippedAndTheCapCuts) {
  const uint64_t a = code(0x30000, /*first_traceable=*/2);
  uint64_t outer = frame(0x40000, a, 4, 0, true);
  uint64_t pushed = frame(0x40100, a, 0, outer, false);  // before its first traceable instruction
  setTop(pushed);
  uint32_t flags = 0;
  EXPECT_EQ(walk(&flags).size(), 1u);
  EXPECT_EQ(flags, 0u);

  uint64_t chain = 0;
  for (int i = 0; i < 10; ++i) chain = frame(0x50000 + 0x100 * static_cast<uint64_t>(i), a, 3, chain, i == 0);
  setTop(chain);
  EXPECT_EQ(walk(&flags, 4).size(), 4u);
  EXPECT_EQ(flags, wire::kPythonCut);
}

TEST_P(WalkTest, ForeignOrUnreadableFramesEndTheWalk) {
  const uint64_t a = code(0x30000);
  uint64_t outer = frame(0x40000, a, 1, 0x77770, true);  // previous points at nothing readable
  uint64_t inner = frame(0x40100, a, 2, outer, false);
  setTop(inner);
  uint32_t flags = 0;
  EXPECT_EQ(walk(&flags).size(), 2u);
  EXPECT_EQ(flags, wire::kPythonBroken);

  memory.put(0x30000 + layout->object_type, 0xbad0, 8);  // not PyCode_Type: a freed object
  EXPECT_EQ(walk(&flags).size(), 0u);
  EXPECT_EQ(flags, wire::kPythonBroken);

  setTop(0x40101);  // misaligned
  EXPECT_EQ(walk(&flags).size(), 0u);
  EXPECT_EQ(flags, wire::kPythonBroken);
}

INSTANTIATE_TEST_SUITE_P(Versions, WalkTest, ::testing::Values(11u, 12u),
                         [](const auto& info) { return "Python3_" + std::to_string(info.param); });

}  // namespace
}  // namespace pprof::python
