#include "collector/summary.h"

#include <gtest/gtest.h>

namespace pprof::collector {
namespace {

RunSummary typical() {
  RunSummary s;
  s.samples = 12345;
  s.weight = 12345;
  s.period_ns = 1'000'000;
  s.threads = 5;
  s.processes = 3;
  s.lost = 0;
  s.truncated = 2;
  s.connections = 3;
  s.clock = "perf-task-clock";
  s.frequency_hz = 1000;
  s.output = "out.prof";
  return s;
}

TEST(Summary, TypicalRun) {
  EXPECT_EQ(formatSummary(typical()),
            "pprof-run: 12,345 samples (12.3 s CPU) from 5 threads in 3 processes, 0 lost, "
            "2 truncated, clock perf-task-clock @ 1000 Hz -> out.prof");
}

TEST(Summary, NamesThePythonVersionsAndWhetherFramesWereRead) {
  RunSummary s = typical();
  s.python_versions = {"3.11.7", "3.11.2"};
  s.python_samples = 12000;
  EXPECT_EQ(formatSummary(s),
            "pprof-run: 12,345 samples (12.3 s CPU) from 5 threads in 3 processes, 0 lost, "
            "2 truncated, clock perf-task-clock @ 1000 Hz, Python 3.11.7, 3.11.2 (12,000 samples "
            "with Python frames) -> out.prof");
  s.python_off = true;
  EXPECT_NE(formatSummary(s).find("Python 3.11.7, 3.11.2 (frames off: --no-python) -> out.prof"), std::string::npos);
}

TEST(Summary, SingularsWallModeAndMalformed) {
  RunSummary s = typical();
  s.samples = 1;
  s.weight = 1500;
  s.threads = 1;
  s.processes = 1;
  s.mode = "wall";
  s.malformed_connections = 1;
  EXPECT_EQ(formatSummary(s),
            "pprof-run: 1 sample (1.5 s thread time) from 1 thread in 1 process, 0 lost, "
            "2 truncated, 1 malformed stream dropped, clock perf-task-clock @ 1000 Hz -> out.prof");
}

TEST(Summary, NothingSampled) {
  RunSummary s = typical();
  s.connections = 0;
  EXPECT_NE(formatSummary(s).find("never loaded the sampler"), std::string::npos);
  s.connections = 2;
  s.samples = 0;
  s.processes = 2;
  EXPECT_NE(formatSummary(s).find("no samples from 2 processes"), std::string::npos);
}

TEST(Summary, NextSteps) {
  EXPECT_EQ(formatNextSteps("out.prof"),
            "next: pprof-stats out.prof --sort time --top 10   or   pprof-view out.prof");
  EXPECT_EQ(formatNextSteps("my run.prof"),
            "next: pprof-stats 'my run.prof' --sort time --top 10   or   pprof-view 'my run.prof'");
}

TEST(Summary, Thousands) {
  EXPECT_EQ(withThousands(0), "0");
  EXPECT_EQ(withThousands(999), "999");
  EXPECT_EQ(withThousands(1000), "1,000");
  EXPECT_EQ(withThousands(1234567), "1,234,567");
}

}  // namespace
}  // namespace pprof::collector
