#include "attach/perf_records.h"

#include <linux/perf_event.h>

#include <gtest/gtest.h>

#include <cstring>
#include <vector>

namespace pprof::attach {
namespace {

// Builds a record byte by byte, fixing up the header size at the end.
class RecordBuilder {
 public:
  RecordBuilder(uint32_t type, uint16_t misc = 0) {
    perf_event_header h{type, misc, 0};
    append(&h, sizeof(h));
  }
  RecordBuilder& u64(uint64_t v) { return append(&v, 8); }
  RecordBuilder& u32(uint32_t v) { return append(&v, 4); }
  RecordBuilder& bytes(const std::vector<uint8_t>& b) { return append(b.data(), b.size()); }
  RecordBuilder& text(const std::string& s, size_t padded) {
    std::vector<uint8_t> b(padded, 0);
    std::memcpy(b.data(), s.data(), std::min(s.size(), padded));
    return bytes(b);
  }
  std::vector<uint8_t> done() {
    uint16_t size = static_cast<uint16_t>(data_.size());
    std::memcpy(data_.data() + 6, &size, 2);
    return data_;
  }

 private:
  RecordBuilder& append(const void* p, size_t n) {
    // resize + memcpy rather than insert: GCC 12 warns (-Wstringop-overflow) about an insert
    // into the empty vector that it cannot prove is empty.
    size_t at = data_.size();
    data_.resize(at + n);
    std::memcpy(data_.data() + at, p, n);
    return *this;
  }
  std::vector<uint8_t> data_;
};

std::vector<uint8_t> sampleRecord(uint64_t stack_size, uint64_t dyn_size, bool with_regs = true) {
  RecordBuilder r(PERF_RECORD_SAMPLE);
  r.u64(0xffffffff81000000ull).u32(100).u32(101).u64(123456789);
  if (with_regs) {
    r.u64(PERF_SAMPLE_REGS_ABI_64);
    for (uint64_t i = 1; i <= kSampledRegCount; ++i) r.u64(i * 0x10);  // bx, bp, sp, ip, r12..r15
  } else {
    r.u64(PERF_SAMPLE_REGS_ABI_NONE);
  }
  r.u64(stack_size);
  if (stack_size) {
    std::vector<uint8_t> stack(stack_size);
    for (size_t i = 0; i < stack.size(); ++i) stack[i] = static_cast<uint8_t>(i);
    r.bytes(stack).u64(dyn_size);
  }
  return r.done();
}

TEST(PerfRecords, DecodesASampleWithRegistersAndStack) {
  std::vector<uint8_t> record = sampleRecord(64, 40);
  ASSERT_TRUE(isSampleRecord(record.data(), record.size()));
  auto s = decodeSample(record.data(), record.size());
  ASSERT_TRUE(s) << s.message();
  EXPECT_EQ(s.value().ip, 0xffffffff81000000ull);
  EXPECT_EQ(s.value().pid, 100);
  EXPECT_EQ(s.value().tid, 101);
  EXPECT_EQ(s.value().time_ns, 123456789u);
  ASSERT_TRUE(s.value().regs.valid);
  EXPECT_EQ(s.value().regs.bx, 0x10u);
  EXPECT_EQ(s.value().regs.bp, 0x20u);
  EXPECT_EQ(s.value().regs.sp, 0x30u);
  EXPECT_EQ(s.value().regs.ip, 0x40u);
  EXPECT_EQ(s.value().regs.r12, 0x50u);
  EXPECT_EQ(s.value().regs.r15, 0x80u);
  EXPECT_EQ(s.value().stack_size, 40u);  // dyn_size: what the kernel could copy
  EXPECT_EQ(s.value().stack[5], 5);
}

TEST(PerfRecords, SampleWithoutUserContext) {
  std::vector<uint8_t> record = sampleRecord(0, 0, /*with_regs=*/false);
  auto s = decodeSample(record.data(), record.size());
  ASSERT_TRUE(s) << s.message();
  EXPECT_FALSE(s.value().regs.valid);
  EXPECT_EQ(s.value().stack, nullptr);
}

TEST(PerfRecords, DynSizeLargerThanTheCopyIsBounded) {
  std::vector<uint8_t> record = sampleRecord(32, 4096);
  auto s = decodeSample(record.data(), record.size());
  ASSERT_TRUE(s);
  EXPECT_EQ(s.value().stack_size, 32u);
}

TEST(PerfRecords, TruncatedOrLyingRecordsAreRejected) {
  std::vector<uint8_t> record = sampleRecord(64, 64);
  for (size_t cut : {size_t{4}, size_t{20}, size_t{60}, record.size() - 8}) {
    std::vector<uint8_t> shorter(record.begin(), record.begin() + static_cast<long>(cut));
    uint16_t size = static_cast<uint16_t>(shorter.size());
    if (shorter.size() >= 8) std::memcpy(shorter.data() + 6, &size, 2);
    EXPECT_FALSE(decodeSample(shorter.data(), shorter.size())) << "cut at " << cut;
  }
  // A header claiming more bytes than there are.
  std::vector<uint8_t> lying = record;
  uint16_t big = static_cast<uint16_t>(record.size() + 8);
  std::memcpy(lying.data() + 6, &big, 2);
  EXPECT_FALSE(decodeSample(lying.data(), lying.size()));
  // A stack size beyond the record.
  std::vector<uint8_t> huge_stack = sampleRecord(8, 8);
  uint64_t claimed = 1 << 20;
  std::memcpy(huge_stack.data() + 8 + 24 + 8 + kSampledRegCount * 8, &claimed, 8);
  EXPECT_FALSE(decodeSample(huge_stack.data(), huge_stack.size()));
}

TEST(PerfRecords, ForkExitCommMmapLostThrottle) {
  auto fork = RecordBuilder(PERF_RECORD_FORK).u32(100).u32(100).u32(105).u32(101).u64(777).u32(100).u32(105).u64(777).done();
  auto r = decodeSideRecord(fork.data(), fork.size());
  ASSERT_TRUE(r);
  EXPECT_EQ(r.value().kind, SideKind::kFork);
  EXPECT_EQ(r.value().pid, 100);
  EXPECT_EQ(r.value().tid, 105);
  EXPECT_EQ(r.value().parent_tid, 101);
  EXPECT_EQ(r.value().time_ns, 777u);

  auto exit = RecordBuilder(PERF_RECORD_EXIT).u32(100).u32(100).u32(105).u32(105).u64(888).done();
  EXPECT_EQ(decodeSideRecord(exit.data(), exit.size()).value().kind, SideKind::kExit);

  auto comm = RecordBuilder(PERF_RECORD_COMM).u32(100).u32(105).text("worker-1", 16).u32(100).u32(105).u64(999).done();
  r = decodeSideRecord(comm.data(), comm.size());
  ASSERT_TRUE(r);
  EXPECT_EQ(r.value().kind, SideKind::kComm);
  EXPECT_EQ(r.value().tid, 105);
  EXPECT_EQ(r.value().name, "worker-1");
  EXPECT_FALSE(r.value().exec);
  EXPECT_EQ(r.value().time_ns, 999u);
  auto exec = RecordBuilder(PERF_RECORD_COMM, PERF_RECORD_MISC_COMM_EXEC).u32(100).u32(100).text("app", 8).done();
  EXPECT_TRUE(decodeSideRecord(exec.data(), exec.size()).value().exec);

  auto mmap = RecordBuilder(PERF_RECORD_MMAP).u32(100).u32(101).u64(0x7f0000).u64(0x1000).u64(0).text("/lib/x.so", 16).done();
  r = decodeSideRecord(mmap.data(), mmap.size());
  ASSERT_TRUE(r);
  EXPECT_EQ(r.value().kind, SideKind::kMmap);
  EXPECT_EQ(r.value().name, "/lib/x.so");

  auto lost = RecordBuilder(PERF_RECORD_LOST).u64(1).u64(42).done();
  r = decodeSideRecord(lost.data(), lost.size());
  ASSERT_TRUE(r);
  EXPECT_EQ(r.value().kind, SideKind::kLost);
  EXPECT_EQ(r.value().lost, 42u);

  auto throttle = RecordBuilder(PERF_RECORD_THROTTLE).u64(5).u64(1).u64(1).done();
  r = decodeSideRecord(throttle.data(), throttle.size());
  ASSERT_TRUE(r);
  EXPECT_EQ(r.value().kind, SideKind::kThrottle);
  EXPECT_TRUE(r.value().throttled);

  auto other = RecordBuilder(PERF_RECORD_SWITCH).done();
  EXPECT_EQ(decodeSideRecord(other.data(), other.size()).value().kind, SideKind::kOther);

  auto short_fork = RecordBuilder(PERF_RECORD_FORK).u32(1).done();
  EXPECT_FALSE(decodeSideRecord(short_fork.data(), short_fork.size()));
}

TEST(PerfRecords, NameWithoutTerminatorStaysInsideTheRecord) {
  auto comm = RecordBuilder(PERF_RECORD_COMM).u32(1).u32(2).text("abcdefgh", 8).done();
  auto r = decodeSideRecord(comm.data(), comm.size());
  ASSERT_TRUE(r);
  EXPECT_EQ(r.value().name, "abcdefgh");
}

}  // namespace
}  // namespace pprof::attach
