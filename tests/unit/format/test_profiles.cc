#include "test_profiles.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <sstream>

namespace pprof::testing {

Profile smallProfile() {
  Profile p;
  p.meta = {.producer = "test",
            .frequency_hz = 1000,
            .mode = "cpu",
            .clock = "perf-task-clock",
            .period_ns = 1000000,
            .start_realtime_ns = 1700000000000000000,
            .duration_ns = 5000000,
            .command = {"./app", "--x"},
            .lost_samples = 1,
            .truncated_stacks = 2,
            .complete = true};
  p.processes.push_back({.pid = 100,
                         .ppid = 1,
                         .parent = kNone,
                         .executable = "/bin/app",
                         .command = {"./app", "--x"},
                         .start_ns = 0,
                         .end_ns = 5000000});
  p.threads.push_back({.process = 0, .tid = 100, .name = "main", .start_ns = 0, .end_ns = 5000000});
  p.threads.push_back({.process = 0, .tid = 101, .name = "worker", .start_ns = 10, .end_ns = 4000000});
  p.modules.push_back({.process = 0,
                       .path = "/bin/app",
                       .build_id = "abcdef01",
                       .start = 0x400000,
                       .end = 0x402000,
                       .bias = 0});
  p.functions.push_back(
      {.name = "main", .system_name = "main", .file = "app.cc", .start_line = 10, .module = 0});
  p.functions.push_back(
      {.name = "work(int)", .system_name = "_Z4worki", .file = "app.cc", .start_line = 3, .module = 0});
  p.locations.push_back({.module = 0, .address = 0x1120, .lines = {{1, 5}}});
  p.locations.push_back({.module = 0, .address = 0x1200, .lines = {{1, 7}, {0, 12}}});
  p.locations.push_back({.module = kNone, .address = 0x7fff0000, .lines = {}});
  p.stacks.push_back({{0, 1}});
  p.stacks.push_back({{2, 1}});
  p.samples.push_back({.stack = 0, .thread = 0, .timestamp_ns = 1000000, .weight = 1, .flags = 0});
  p.samples.push_back({.stack = 1, .thread = 1, .timestamp_ns = 1500000, .weight = 1, .flags = 2});
  p.samples.push_back({.stack = 0, .thread = 0, .timestamp_ns = 2000000, .weight = 3, .flags = 0});
  p.samples.push_back({.stack = 0, .thread = 1, .timestamp_ns = 1400000, .weight = 1, .flags = 0});
  return p;
}

Profile richProfile() {
  Profile p = smallProfile();
  p.meta.producer = "pprof-run 0.1 \"quoted\"\n";
  p.meta.command = {"python3", "-c", "print('\\t')", ""};
  p.processes.push_back({.pid = 200,
                         .ppid = 100,
                         .parent = 0,
                         .executable = "/usr/bin/python3",
                         .command = {"python3", "w.py"},
                         .start_ns = 7,
                         .end_ns = 8,
                         .exec_replaced = true});
  p.processes.push_back({.pid = 200,
                         .ppid = 100,
                         .parent = 1,
                         .executable = "/bin/ls",
                         .command = {},
                         .start_ns = 9,
                         .end_ns = UINT64_MAX});
  p.processes.push_back({.pid = -5,
                         .ppid = INT32_MIN,
                         .parent = kNone,
                         .executable = "",
                         .command = {"\xc3\xa9t\xc3\xa9"},
                         .start_ns = 0,
                         .end_ns = 0});
  p.threads.push_back({.process = 2, .tid = INT32_MAX, .name = "", .start_ns = 0, .end_ns = 1});
  p.threads.push_back({.process = 1, .tid = 201, .name = "tab\there", .start_ns = 3, .end_ns = 4});
  p.modules.push_back({.process = 1,
                       .path = "/lib/libc.so.6",
                       .build_id = "",
                       .start = 0x7f0000000000,
                       .end = 0x7f0000200000,
                       .bias = 0x7f0000000000});
  p.modules.push_back(
      {.process = 2, .path = "/bin/app", .build_id = "abcdef01", .start = 1, .end = 2, .bias = UINT64_MAX});
  p.functions.push_back({.name = "unknown", .system_name = "", .file = "", .start_line = 0, .module = kNone});
  p.functions.push_back(
      {.name = "memcpy", .system_name = "memcpy", .file = "", .start_line = 0, .module = 1});
  p.locations.push_back({.module = 1, .address = UINT64_MAX, .lines = {{3, 0}, {2, 1}, {1, UINT32_MAX}}});
  p.locations.push_back({.module = 2, .address = 0, .lines = {{2, 0}}});
  p.stacks.push_back({{3, 4, 0, 1, 2}});
  p.stacks.push_back({{4}});
  p.stacks.push_back({{1, 1, 1}});  // recursion repeats a location
  p.samples.push_back(
      {.stack = 2, .thread = 2, .timestamp_ns = UINT64_MAX, .weight = UINT32_MAX, .flags = 0xffff});
  p.samples.push_back({.stack = 3, .thread = 2, .timestamp_ns = 0, .weight = 0, .flags = 8});
  p.samples.push_back({.stack = 4, .thread = 3, .timestamp_ns = 5, .weight = 2, .flags = 1});
  p.samples.push_back({.stack = 4, .thread = 3, .timestamp_ns = 4, .weight = 2, .flags = 1});
  p.meta.regions_only = true;
  p.regions.push_back({.name = "load", .thread = 0, .start_ns = 1, .end_ns = 5});
  p.regions.push_back({.name = "", .thread = 3, .start_ns = 0, .end_ns = UINT64_MAX});
  p.regions.push_back({.name = "load", .thread = 2, .start_ns = UINT64_MAX, .end_ns = UINT64_MAX});
  return p;
}

std::string tempPath(const std::string& leaf) {
  const ::testing::TestInfo* info = ::testing::UnitTest::GetInstance()->current_test_info();
  return ::testing::TempDir() + "pprof_format_" + std::to_string(getpid()) + "_" + info->name() + "_" + leaf;
}

namespace {

// An early, wrong version of meta/process/thread/lines that the final writes must override.
Meta earlyMeta(Meta meta) {
  meta.lost_samples = 0;
  meta.duration_ns = 0;
  meta.command.push_back("stale");
  return meta;
}

Status writeAll(ProfWriter& w, const Profile& p) {
  if (Status s = w.writeMeta(earlyMeta(p.meta)); !s) return s;
  for (const Process& process : p.processes) {
    Process early = process;
    early.end_ns = 0;
    early.exec_replaced = false;
    early.parent = kNone;
    if (Result<uint32_t> id = w.addProcess(early); !id) return id.status();
  }
  for (size_t i = 0; i < p.processes.size(); ++i)
    if (Status s = w.updateProcess(i, p.processes[i]); !s) return s;
  for (const Thread& thread : p.threads) {
    Thread early = thread;
    early.name = "early";
    if (Result<uint32_t> id = w.addThread(early); !id) return id.status();
  }
  for (const Module& module : p.modules)
    if (Result<uint32_t> id = w.addModule(module); !id) return id.status();
  for (const Location& location : p.locations)
    if (Result<uint32_t> id = w.addLocation(location.module, location.address); !id) return id.status();
  for (const Stack& stack : p.stacks)
    if (Result<uint32_t> id = w.addStack(stack); !id) return id.status();
  for (size_t i = 0; i < p.samples.size(); ++i) {
    if (i == p.samples.size() / 2) {  // a rename in the middle of the run
      for (size_t t = 0; t < p.threads.size(); ++t)
        if (Status s = w.updateThread(t, p.threads[t]); !s) return s;
    }
    if (Status s = w.addSample(p.samples[i]); !s) return s;
  }
  if (p.samples.empty()) {
    for (size_t t = 0; t < p.threads.size(); ++t)
      if (Status s = w.updateThread(t, p.threads[t]); !s) return s;
  }
  for (const Region& region : p.regions)
    if (Status s = w.addRegion(region); !s) return s;
  for (const Function& function : p.functions)
    if (Result<uint32_t> id = w.addFunction(function); !id) return id.status();
  for (size_t i = 0; i < p.locations.size(); ++i) {
    if (!p.functions.empty())
      if (Status s = w.setLocationLines(i, {{0, 999}}); !s) return s;
    if (Status s = w.setLocationLines(i, p.locations[i].lines); !s) return s;
  }
  return w.writeMeta(p.meta);
}

}  // namespace

Status writeThroughWriter(const Profile& profile, const std::string& path, bool finish) {
  Result<std::unique_ptr<ProfWriter>> writer = ProfWriter::create(path);
  if (!writer) return writer.status();
  if (Status s = writeAll(*writer.value(), profile); !s) return s;
  return finish ? writer.value()->finish() : writer.value()->flush();
}

std::string encode(const Profile& profile, bool finish) {
  std::string path = tempPath("encode.prof");
  Status s = writeThroughWriter(profile, path, finish);
  EXPECT_TRUE(s.isOk()) << s.message();
  std::string bytes = readBytes(path);
  unlink(path.c_str());
  return bytes;
}

void expectSameDump(const Profile& actual, const Profile& expected) {
  std::istringstream a(dumpText(actual)), e(dumpText(expected));
  std::string a_line, e_line;
  for (int line = 1;; ++line) {
    bool a_more = static_cast<bool>(std::getline(a, a_line));
    bool e_more = static_cast<bool>(std::getline(e, e_line));
    if (!a_more && !e_more) return;
    if (a_more != e_more || a_line != e_line) {
      ADD_FAILURE() << "dumps differ at line " << line << "\n  actual:   " << (a_more ? a_line : "<end>")
                    << "\n  expected: " << (e_more ? e_line : "<end>");
      return;
    }
  }
}

}  // namespace pprof::testing
