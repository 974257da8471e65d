#include "collector/symbolize_pass.h"

#include <gtest/gtest.h>

#include "memory_writer.h"

namespace pprof::collector {
namespace {

using testing::MemoryWriter;

TEST(SymbolizePass, ResolvesEachFileOnceAndSharesFunctions) {
  MemoryWriter writer;
  std::vector<Module> modules = {{0, "/bin/app", "aa", 0, 0, 0},
                                 {0, "/lib/libc.so", "", 0, 0, 0},
                                 {1, "/bin/app", "aa", 0, 0, 0}};  // same file in a forked child
  std::vector<Location> locations = {{0, 0x20, {}}, {2, 0x10, {}}, {1, 0x5, {}}, {kNone, 0x99, {}},
                                     {2, 0x20, {}}};
  for (const Location& l : locations) ASSERT_TRUE(writer.addLocation(l.module, l.address));

  std::vector<std::pair<std::string, std::vector<uint64_t>>> calls;
  auto resolve = [&](const ModuleRef& m, const std::vector<uint64_t>& addresses) {
    calls.emplace_back(m.path, addresses);
    std::vector<SymbolizedAddress> out;
    for (uint64_t a : addresses) {
      SymbolizedAddress r;
      if (a == 0x20) r.frames.push_back({"inlined", "inlined", "a.cc", 7, 5});
      r.frames.push_back({m.path == "/bin/app" ? "main" : "puts", "", "a.cc", static_cast<uint32_t>(a), 1});
      out.push_back(r);
    }
    return out;
  };
  auto stats = symbolizeLocations(modules, locations, writer, resolve);
  ASSERT_TRUE(stats) << stats.message();

  ASSERT_EQ(calls.size(), 2u);
  EXPECT_EQ(calls[0].first, "/bin/app");
  EXPECT_EQ(calls[0].second, (std::vector<uint64_t>{0x10, 0x20}));  // unique and sorted
  EXPECT_EQ(stats.value().addresses, 3u);
  const Profile& p = writer.profile;
  // main, inlined (both module 0 for every process), puts, [unknown]
  ASSERT_EQ(p.functions.size(), 4u);
  EXPECT_EQ(p.locations[0].lines.size(), 2u);
  EXPECT_EQ(p.functions[p.locations[0].lines[0].function].name, "inlined");
  EXPECT_EQ(p.locations[0].lines[0].line, 7u);
  EXPECT_EQ(p.locations[4].lines[1].function, p.locations[0].lines[1].function);
  EXPECT_EQ(p.functions[p.locations[1].lines[0].function].module, 0u);
  EXPECT_EQ(p.functions[p.locations[0].lines[1].function].system_name, "main");
  EXPECT_EQ(p.functions[p.locations[3].lines[0].function].name, "[unknown]");
  EXPECT_EQ(p.functions[p.locations[3].lines[0].function].module, kNone);
  EXPECT_EQ(p.functions[p.locations[2].lines[0].function].name, "puts");
}

TEST(SymbolizePass, NeverDropsAFrameWhenTheResolverReturnsNothing) {
  MemoryWriter writer;
  std::vector<Module> modules = {{0, "/x.so", "", 0, 0, 0}};
  std::vector<Location> locations = {{0, 0x1, {}}};
  ASSERT_TRUE(writer.addLocation(0, 0x1));
  auto stats = symbolizeLocations(modules, locations, writer,
                                  [](const ModuleRef&, const std::vector<uint64_t>&) {
                                    return std::vector<SymbolizedAddress>{};
                                  });
  ASSERT_TRUE(stats);
  ASSERT_EQ(writer.profile.locations[0].lines.size(), 1u);
}

}  // namespace
}  // namespace pprof::collector
