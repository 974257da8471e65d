// Golden-file comparison for the viewer tests. UPDATE_GOLDEN=1 rewrites the expected files
// (tests/unit/viewer/golden/) instead of comparing; review the diff before committing.
#pragma once

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

namespace pprof::testing {

inline void expectGolden(const std::string& name, const std::string& actual) {
  const std::string path = std::string(PPROF_VIEWER_GOLDEN_DIR) + "/" + name;
  const char* update = std::getenv("UPDATE_GOLDEN");
  if (update && std::string(update) == "1") {
    std::ofstream(path, std::ios::binary) << actual;
    return;
  }
  std::ifstream in(path, std::ios::binary);
  ASSERT_TRUE(in) << "missing golden " << path << " (run with UPDATE_GOLDEN=1 to create it)";
  std::stringstream expected;
  expected << in.rdbuf();
  EXPECT_EQ(actual, expected.str()) << "golden " << path << " differs (UPDATE_GOLDEN=1 rewrites it)";
}

}  // namespace pprof::testing
