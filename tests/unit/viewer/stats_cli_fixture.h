// The pprof-stats CLI test fixture: a scratch directory, the binary run with arguments, and
// profiles written through the real out.prof writer, the way pprof-run writes them.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "format/prof_file.h"
#include "support/run_program.h"

namespace pprof {

class PprofStatsCli : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/pprof-stats-test-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override { std::system(("rm -rf '" + dir_ + "'").c_str()); }

  testing::RunResult run(std::vector<std::string> args) {
    args.insert(args.begin(), PPROF_STATS_BIN);
    return testing::runProgram(args, dir_);
  }

  std::string writeFile(const std::string& name, const std::string& bytes) {
    std::string path = dir_ + "/" + name;
    testing::writeBytes(path, bytes);
    return path;
  }

  // Writes `profile` through the real out.prof writer, the way pprof-run does.
  std::string writeProfile(const std::string& name, const Profile& profile) {
    std::string path = dir_ + "/" + name;
    auto created = ProfWriter::create(path);
    EXPECT_TRUE(created) << created.message();
    if (!created) return path;
    ProfWriter& w = *created.value();
    EXPECT_TRUE(w.writeMeta(profile.meta));
    for (const auto& p : profile.processes) EXPECT_TRUE(w.addProcess(p));
    for (const auto& t : profile.threads) EXPECT_TRUE(w.addThread(t));
    for (const auto& m : profile.modules) EXPECT_TRUE(w.addModule(m));
    for (const auto& l : profile.locations) EXPECT_TRUE(w.addLocation(l.module, l.address, l.flags));
    for (const auto& s : profile.stacks) EXPECT_TRUE(w.addStack(s));
    for (const auto& s : profile.samples) EXPECT_TRUE(w.addSample(s));
    for (const auto& f : profile.functions) EXPECT_TRUE(w.addFunction(f));
    for (size_t i = 0; i < profile.locations.size(); ++i) {
      if (!profile.locations[i].lines.empty()) {
        EXPECT_TRUE(w.setLocationLines(static_cast<uint32_t>(i), profile.locations[i].lines));
      }
    }
    for (const auto& r : profile.regions) EXPECT_TRUE(w.addRegion(r));
    EXPECT_TRUE(w.finish());
    return path;
  }

  std::string dir_;
};

}  // namespace pprof
