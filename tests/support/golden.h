// Golden-file comparison shared by the test areas: each keeps its expected files in its own
// golden/ directory. UPDATE_GOLDEN=1 rewrites the file instead of comparing and marks the test
// skipped, so an update run can never pass for a real one; review the diff before committing.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "support/file_bytes.h"

namespace pprof::testing {

inline void expectGolden(const std::string& dir, const std::string& leaf, const std::string& actual) {
  const std::string path = dir + "/" + leaf;
  const char* update = std::getenv("UPDATE_GOLDEN");
  if (update && std::string(update) == "1") {
    writeBytes(path, actual);
    GTEST_SKIP() << "rewrote " << path;
  }
  if (!std::filesystem::exists(path)) {
    ADD_FAILURE() << "missing golden " << path << " (UPDATE_GOLDEN=1 creates it)";
    return;
  }
  EXPECT_EQ(readBytes(path), actual) << "golden " << path << " differs; UPDATE_GOLDEN=1 rewrites it";
}

}  // namespace pprof::testing
