// Profile -> pprof -> Profile keeps what pprof can carry: per-function self/total weights,
// threads and processes (labels), modules (mappings with bias), inline chains, meta.
#include <gtest/gtest.h>

#include "formats/gzip.h"
#include "formats/pprof_export.h"
#include "formats/pprof_import.h"
#include "sample_profiles.h"

namespace pprof::formats {
namespace {

Profile roundTrip(const Profile& in, PprofExportOptions options = {}) {
  Result<std::string> bytes = encodePprof(in, options);
  EXPECT_TRUE(bytes.isOk()) << bytes.message();
  if (!bytes) return {};
  EXPECT_EQ(isGzip(bytes.value()), options.gzip);
  Result<Profile> out = parsePprof(bytes.value(), "rt.pb.gz");
  EXPECT_TRUE(out.isOk()) << out.message();
  if (!out) return {};
  EXPECT_TRUE(checkValid(out.value()).isOk()) << checkValid(out.value()).message();
  return std::move(out).value();
}

uint64_t totalWeight(const Profile& p) {
  uint64_t total = 0;
  for (const Sample& s : p.samples) total += s.weight;
  return total;
}

TEST(PprofRoundTrip, KeepsFunctionWeights) {
  Profile in = testing::sampleProfile();
  Profile out = roundTrip(in);
  EXPECT_EQ(testing::functionWeights(out), testing::functionWeights(in));
  EXPECT_EQ(totalWeight(out), totalWeight(in));
}

TEST(PprofRoundTrip, MergesSamplesPerStackAndThread) {
  Profile in = testing::sampleProfile();
  Profile out = roundTrip(in);
  EXPECT_EQ(out.samples.size(), 7u);  // distinct (stack, thread) pairs of sampleProfile
  EXPECT_LT(out.samples.size(), in.samples.size());
}

TEST(PprofRoundTrip, TimestampsKeptOnRequest) {
  Profile in = testing::sampleProfile();
  Profile out = roundTrip(in, {.gzip = false, .timestamps = true});
  ASSERT_EQ(out.samples.size(), in.samples.size());
  for (size_t i = 0; i < in.samples.size(); ++i) {
    EXPECT_EQ(out.samples[i].timestamp_ns, in.samples[i].timestamp_ns) << i;
    EXPECT_EQ(out.samples[i].weight, in.samples[i].weight) << i;
  }
}

TEST(PprofRoundTrip, ThreadsAndProcessesFromLabels) {
  Profile in = testing::sampleProfile();
  Profile out = roundTrip(in);
  ASSERT_EQ(out.threads.size(), 3u);
  for (const Thread& t : in.threads) {
    bool found = false;
    for (const Thread& u : out.threads) {
      if (u.tid != t.tid) continue;
      found = true;
      EXPECT_EQ(u.name, t.name);
      EXPECT_EQ(out.processes[u.process].pid, in.processes[t.process].pid);
    }
    EXPECT_TRUE(found) << "tid " << t.tid;
  }
}

TEST(PprofRoundTrip, ModulesAddressesAndInlineChains) {
  Profile in = testing::sampleProfile();
  Profile out = roundTrip(in);
  ASSERT_EQ(out.modules.size(), in.modules.size());
  for (size_t i = 0; i < in.modules.size(); ++i) {
    EXPECT_EQ(out.modules[i].path, in.modules[i].path);
    EXPECT_EQ(out.modules[i].build_id, in.modules[i].build_id);
    EXPECT_EQ(out.modules[i].start, in.modules[i].start);
    EXPECT_EQ(out.modules[i].end, in.modules[i].end);
    EXPECT_EQ(out.modules[i].bias, in.modules[i].bias);
    EXPECT_EQ(out.processes[out.modules[i].process].pid, in.processes[in.modules[i].process].pid) << i;
  }
  ASSERT_EQ(out.locations.size(), in.locations.size());
  for (size_t i = 0; i < in.locations.size(); ++i) {
    EXPECT_EQ(out.locations[i].module, in.locations[i].module) << i;
    EXPECT_EQ(out.locations[i].address, in.locations[i].address) << i;
    ASSERT_EQ(out.locations[i].lines.size(), in.locations[i].lines.size()) << i;
    for (size_t j = 0; j < in.locations[i].lines.size(); ++j) {
      EXPECT_EQ(out.functions[out.locations[i].lines[j].function].name,
                in.functions[in.locations[i].lines[j].function].name);
      EXPECT_EQ(out.locations[i].lines[j].line, in.locations[i].lines[j].line);
    }
  }
  for (size_t i = 0; i < in.functions.size(); ++i) {
    EXPECT_EQ(out.functions[i].system_name, in.functions[i].system_name);
    EXPECT_EQ(out.functions[i].file, in.functions[i].file);
    EXPECT_EQ(out.functions[i].start_line, in.functions[i].start_line);
  }
}

TEST(PprofRoundTrip, Meta) {
  Profile in = testing::sampleProfile();
  Profile out = roundTrip(in);
  EXPECT_EQ(out.meta.period_ns, in.meta.period_ns);
  EXPECT_EQ(out.meta.frequency_hz, 1000u);
  EXPECT_EQ(out.meta.mode, "cpu");
  EXPECT_EQ(out.meta.producer, in.meta.producer);
  EXPECT_EQ(out.meta.start_realtime_ns, in.meta.start_realtime_ns);
  EXPECT_EQ(out.meta.duration_ns, in.meta.duration_ns);
  in.meta.mode = "wall";
  EXPECT_EQ(roundTrip(in).meta.mode, "wall");
}

TEST(PprofRoundTrip, UnknownPeriodKeepsCounts) {
  Profile in = testing::sampleProfile();
  in.meta.period_ns = 0;
  Profile out = roundTrip(in);
  EXPECT_EQ(out.meta.period_ns, 0u);
  EXPECT_EQ(testing::functionWeights(out), testing::functionWeights(in));
}

TEST(PprofRoundTrip, EmptyProfile) {
  Profile out = roundTrip(Profile{});
  EXPECT_TRUE(out.samples.empty());
}

TEST(PprofExport, RejectsInvalidProfile) {
  Profile p = testing::sampleProfile();
  p.samples[0].stack = 99;
  Result<std::string> bytes = encodePprof(p);
  ASSERT_FALSE(bytes.isOk());
  EXPECT_NE(bytes.message().find("sample 0"), std::string::npos) << bytes.message();
}

}  // namespace
}  // namespace pprof::formats
