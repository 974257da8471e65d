// Python records from the sampler (wire::PyCode, wire::Python, the PythonSection of a sample):
// how the decoder checks them, how CPython's string storage becomes UTF-8, and how the recorder
// turns code records and frame words into Python functions and locations.
#include <gtest/gtest.h>

#include "collector/run_recorder.h"
#include "collector/wire_decoder.h"
#include "feed_recorder.h"
#include "memory_writer.h"
#include "wire_builder.h"

namespace pprof::collector {
namespace {

using namespace testing;

constexpr uint64_t kStart = 1'000'000;

TEST(PythonWire, Utf8FromEachStorageKind) {
  const uint8_t latin1[] = {'a', 0xfc};  // "aü"
  EXPECT_EQ(utf8FromPython(latin1, 2, 1), "a\xc3\xbc");
  const uint16_t ucs2[] = {0x540d, 0x524d};  // "名前"
  EXPECT_EQ(utf8FromPython(reinterpret_cast<const uint8_t*>(ucs2), 4, 2), "\xe5\x90\x8d\xe5\x89\x8d");
  const uint32_t ucs4[] = {0x1f4a9, 0xd800};  // pile of poo, a lone surrogate
  EXPECT_EQ(utf8FromPython(reinterpret_cast<const uint8_t*>(ucs4), 8, 4), "\xf0\x9f\x92\xa9\xef\xbf\xbd");
}

TEST(PythonWire, DecoderChecksCodeRecords) {
  Bytes good = pyCode(5, 0x7f0000001000, "Grid.relax", "x.py", 14, {0x80, 0x00});
  auto record = decodeRecord(good.data(), good.size());
  ASSERT_TRUE(record) << record.message();
  const auto& code = std::get<PyCodeRecord>(record.value());
  EXPECT_EQ(code.qualname, "Grid.relax");
  EXPECT_EQ(code.filename, "x.py");
  EXPECT_EQ(code.linetable.size(), 2u);

  Bytes odd = pyCode(5, 0x1000, "abc", "x.py", 1, {}, 2);  // 3 bytes cannot be UCS-2
  EXPECT_FALSE(decodeRecord(odd.data(), odd.size()));
  Bytes padded_too_much = good;
  padded_too_much.resize(good.size() + 8, 0);
  patchSize(padded_too_much, 0);
  EXPECT_FALSE(decodeRecord(padded_too_much.data(), padded_too_much.size()));

  Bytes info = pythonInfo(14, wire::PythonStatus::kUnsupported, "unsupported");
  auto python = decodeRecord(info.data(), info.size());
  ASSERT_TRUE(python) << python.message();
  EXPECT_EQ(std::get<PythonRecord>(python.value()).note, "unsupported");
}

TEST(PythonWire, RecorderBuildsPythonFramesPerThread) {
  MemoryWriter writer;
  RunRecorder recorder(writer, RecorderConfig{kStart, 42, 1000, "cpu", {"python3"}});
  ASSERT_TRUE(recorder.start());
  const uint32_t c = recorder.openConnection();
  // Location table of a 3-code-unit function starting at line 14: units 0-1 line 14 (short
  // form, code 0, length 2), unit 2 line 15 (one-line form, code 11 = +1, length 1).
  const Bytes table = {0x80 | (0 << 3) | 1, 0x00, 0x80 | (11 << 3) | 0, 0x00, 0x00};
  const uint64_t relax = 0x7f0000001000, module_code = 0x7f0000002000;
  ASSERT_TRUE(feedRecorder(recorder, c,
                           concat({hello(100, 1, "/usr/bin/python3.11", std::string("python3\0", 8), kStart + 10),
                                   pythonInfo(11, wire::PythonStatus::kReadable, ""),
                                   module("/usr/bin/python3.11", 0x400000, 0x500000, 0)})));
  ASSERT_TRUE(feedRecorder(recorder, c,
                           concat({pyCode(100, relax, "Grid.relax", "x.py", 14, table),
                                   pyCode(100, module_code, "<module>", "x.py", 1, {})})));
  const uint64_t section = wire::PythonSection::make(1, 2, 0);
  const uint64_t leaf = wire::PythonFrameWord::make(relax, 2, false);
  const uint64_t root = wire::PythonFrameWord::make(module_code, 0, true);
  const uint16_t flags = wire::kSamplePython | wire::kSampleGil;
  ASSERT_TRUE(feedRecorder(recorder, c,
                           samples(100, {{kStart + 20, {section, 0x401000, leaf, root}, flags},
                                         // thread 101 never announced `relax`: kept, unnamed
                                         {kStart + 30, {section, 0x401000, leaf, root}, flags}})));
  ASSERT_TRUE(feedRecorder(recorder, c, samples(101, {{kStart + 40, {wire::PythonSection::make(1, 1, 0), 0x401000, leaf},
                                                       wire::kSamplePython}})));
  ASSERT_TRUE(recorder.finish(kStart + 1'000'000));
  const Profile& p = writer.profile;
  ASSERT_TRUE(checkValid(p)) << checkValid(p).message();
  EXPECT_EQ(p.processes[0].python_version, "3.11.7");
  ASSERT_EQ(p.samples.size(), 3u);
  const Stack& stack = p.stacks[p.samples[0].stack];
  ASSERT_EQ(stack.locations.size(), 3u);  // one native, two Python
  const Location& l = p.locations[stack.locations[1]];
  EXPECT_EQ(l.flags, kLocationPython);
  EXPECT_EQ(p.functions[l.lines[0].function].name, "Grid.relax");
  EXPECT_EQ(p.functions[l.lines[0].function].language, Language::kPython);
  EXPECT_EQ(l.lines[0].line, 15u);
  EXPECT_EQ(p.locations[stack.locations[2]].flags, kLocationPython | kLocationPythonEntry);
  EXPECT_EQ(p.samples[0].flags, flags);
  const Stack& other = p.stacks[p.samples[2].stack];
  EXPECT_EQ(p.functions[p.locations[other.locations[1]].lines[0].function].name, "<unknown code>");
  EXPECT_EQ(recorder.counts().python_samples, 3u);
  EXPECT_EQ(recorder.counts().python_versions, std::vector<std::string>{"3.11.7"});
}

}  // namespace
}  // namespace pprof::collector
