// The sampler's side of the profiler API, at the wire level: pprof_region_begin/end reach the
// collector as Region records, and with regions_only=1 no sample is taken while no region is
// open. The workload is the API workload (tests/workloads/api_regions.cc), linked against the
// library and preloaded as well: one copy must serve both.
#include <gtest/gtest.h>

#include <algorithm>

#include "stream_checks.h"
#include "wire_capture.h"

namespace pprof::sampler::test {
namespace {

const std::string kSampler = PPROF_TEST_SAMPLER;
const std::string kApiWorkload = PPROF_TEST_API_WORKLOAD;

struct Span {
  uint64_t begin = 0, end = 0;
};

// The "hot" region's [begin, end) from the main thread's records.
Span hotRegion(const Connection& c) {
  Span span;
  for (const DecodedRegion& r : c.regions) {
    if (r.record.event == wire::RegionEvent::kBegin && r.name == "hot") span.begin = r.record.timestamp_ns;
    if (r.record.event == wire::RegionEvent::kEnd && span.begin != 0 && r.record.tid == c.hello.pid)
      span.end = r.record.timestamp_ns;
  }
  return span;
}

// The "marked" run (burns outside, in region "hot" with a worker thread, outside again).
RunResult runMarked(const std::string& config) {
  RunResult run = runWithSampler(kSampler, {kApiWorkload, "marked"}, config);
  EXPECT_EQ(run.exit_status, 0);
  EXPECT_EQ(run.stdout_text, "marked done\n");
  return run;
}

TEST(SamplerRegions, RegionsReachTheCollectorAsBeginEndPairs) {
  RunResult run = runMarked("hz=1000");
  ASSERT_EQ(run.connections.size(), 1u);
  const Connection& c = run.connections[0];
  expectWellFormed(c);
  ASSERT_EQ(c.regions.size(), 2u);
  EXPECT_EQ(c.regions[0].record.event, wire::RegionEvent::kBegin);
  EXPECT_EQ(c.regions[0].name, "hot");
  EXPECT_EQ(c.regions[0].record.tid, c.hello.pid);
  EXPECT_EQ(c.regions[1].record.event, wire::RegionEvent::kEnd);
  EXPECT_EQ(c.regions[1].name, "");
  EXPECT_LT(c.regions[0].record.timestamp_ns, c.regions[1].record.timestamp_ns);
  // Without regions_only, the burns before and after the region are sampled too.
  Span hot = hotRegion(c);
  size_t outside = std::count_if(c.samples.begin(), c.samples.end(), [&](const DecodedSample& s) {
    return s.header.timestamp_ns < hot.begin || s.header.timestamp_ns > hot.end;
  });
  EXPECT_GT(outside, 100u);
}

TEST(SamplerRegions, RegionsOnlySamplesNothingOutsideRegions) {
  RunResult run = runMarked("hz=1000;regions_only=1");
  ASSERT_EQ(run.connections.size(), 1u);
  const Connection& c = run.connections[0];
  expectWellFormed(c);
  Span hot = hotRegion(c);
  ASSERT_NE(hot.begin, 0u);
  ASSERT_NE(hot.end, 0u);
  // 0.3 CPU-s on each of two threads inside the region; 0.6 CPU-s outside it.
  EXPECT_GT(c.samples.size(), 150u);
  for (const DecodedSample& s : c.samples) {
    EXPECT_GE(s.header.timestamp_ns, hot.begin);
    EXPECT_LE(s.header.timestamp_ns, hot.end);
  }
}

TEST(SamplerRegions, OneLibraryCopyWhenLinkedAndPreloaded) {
  RunResult run = runWithSampler(kSampler, {kApiWorkload, "copies"}, "hz=1000");
  EXPECT_EQ(run.exit_status, 0);
  EXPECT_EQ(run.stdout_text, "copies=1\n");
  EXPECT_EQ(run.connections.size(), 1u);  // one constructor ran, one connection
}

}  // namespace
}  // namespace pprof::sampler::test
