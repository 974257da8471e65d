// Delivered rate: samples per CPU-second per thread within 5% of the asked rate, at 1000 and
// 4000 Hz. The CPU time is measured by the workload itself (tests/workloads/rate.cc), never
// taken from the profile (meta.samples / meta.cpu_seconds would be circular).
#include <gtest/gtest.h>

#include <cstdio>

#include <fstream>

#include "harness.h"

namespace pprof::itest {
namespace {

constexpr double kTolerance = 0.05;
constexpr const char* kSecondsPerThread = "1.0";
constexpr const char* kThreads = "2";

struct MeasuredCpu {
  double process_seconds = 0;
  std::map<long, double> thread_seconds;  // by tid
};

MeasuredCpu readCpuFile(const std::string& path) {
  MeasuredCpu cpu;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);) {
    std::vector<std::string> w = words(line);
    if (w.size() == 2 && w[0] == "process") cpu.process_seconds = std::stod(w[1]);
    if (w.size() == 3 && w[0] == "thread") cpu.thread_seconds[std::stol(w[1])] = std::stod(w[2]);
  }
  return cpu;
}

class DeliveredRateTest : public ::testing::TestWithParam<int> {};

TEST_P(DeliveredRateTest, SamplesPerCpuSecondPerThreadWithinFivePercent) {
  const int hz = GetParam();
  TempDir dir;
  std::string profile = dir.path("rate.prof"), cpu_file = dir.path("cpu.txt");
  ProcessResult result = run(pprofRunArgv(profile, hz, {WORKLOAD_RATE, kSecondsPerThread, kThreads, cpu_file}));
  ASSERT_EQ(result.status, 0) << result.err;
  nlohmann::json s = stats(profile);
  MeasuredCpu cpu = readCpuFile(cpu_file);
  ASSERT_GT(cpu.process_seconds, 0) << "no CPU time in " << cpu_file;
  ASSERT_EQ(cpu.thread_seconds.size(), 2u);

  EXPECT_EQ(s["meta"]["frequency_hz"].get<double>(), hz);
  double process_rate = s["meta"]["samples"].get<double>() / cpu.process_seconds;
  EXPECT_NEAR(process_rate / hz, 1.0, kTolerance)
      << "whole process: " << process_rate << " samples per CPU-second, asked " << hz;

  std::map<std::pair<long, long>, double> samples = threadSamples(s);
  for (const auto& [tid, seconds] : cpu.thread_seconds) {
    double thread_rate = 0;
    for (const auto& [ids, count] : samples)
      if (ids.second == tid) thread_rate = count / seconds;
    EXPECT_NEAR(thread_rate / hz, 1.0, kTolerance)
        << "thread " << tid << ": " << thread_rate << " samples per CPU-second, asked " << hz;
    std::printf("rate: asked %d Hz, thread %ld delivered %.1f samples per CPU-second\n", hz, tid,
                thread_rate);
  }
}

INSTANTIATE_TEST_SUITE_P(Rates, DeliveredRateTest, ::testing::Values(1000, 4000),
                         [](const auto& info) { return std::to_string(info.param) + "Hz"; });

}  // namespace
}  // namespace pprof::itest
