#include "attach/proc_info.h"

#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <gtest/gtest.h>

#include "wire/sync_wait.h"

namespace pprof::attach {
namespace {

// Fields 3..22 of /proc/PID/stat after the command name.
const char kStatTail[] =
    " S 41 42 42 0 -1 4194560 100 0 0 0 5 3 0 0 20 0 3 0 987654 1000 100 18446744073709551615";

TEST(ProcInfo, StatWithAnAwkwardCommandName) {
  auto s = parseProcStat(std::string("1234 (a b) (c)") + kStatTail);
  ASSERT_TRUE(s) << s.message();
  EXPECT_EQ(s.value().state, 'S');
  EXPECT_EQ(s.value().ppid, 41);
  EXPECT_EQ(s.value().flags, 4194560u);
  EXPECT_EQ(s.value().start_ticks, 987654u);
}

TEST(ProcInfo, StatErrors) {
  EXPECT_FALSE(parseProcStat("1234 no parentheses S 1"));
  EXPECT_FALSE(parseProcStat("1234 (x) S 1 2"));
  EXPECT_FALSE(parseProcStat(std::string("1 (x)") + " S x 42 42 0 -1 4194560 100 0 0 0 5 3 0 0 20 0 3 0 987654"));
}

TEST(ProcInfo, Status) {
  auto s = parseProcStatus(
      "Name:\tapp\nUmask:\t0022\nState:\tS (sleeping)\nTgid:\t1234\nNgid:\t0\nPid:\t1240\n"
      "PPid:\t1\nTracerPid:\t777\nUid:\t1000\t1001\t1000\t1000\nGid:\t1000\t1000\t1000\t1000\n"
      "CapEff:\t000001ffffffffff\n");
  ASSERT_TRUE(s) << s.message();
  EXPECT_EQ(s.value().tgid, 1234);
  EXPECT_EQ(s.value().tracer_pid, 777);
  EXPECT_EQ(s.value().uid, 1000u);
  EXPECT_EQ(s.value().euid, 1001u);
  EXPECT_EQ(s.value().cap_effective, 0x1ffffffffffull);
  EXPECT_FALSE(parseProcStatus("Name:\tx\n"));
}

TEST(ProcInfo, SchedStat) {
  auto s = parseSchedStat("130537488 557636673 89\n");
  ASSERT_TRUE(s);
  EXPECT_EQ(s.value().cpu_ns, 130537488u);
  EXPECT_EQ(s.value().wait_ns, 557636673u);
  EXPECT_FALSE(parseSchedStat("12\n"));
  EXPECT_FALSE(parseSchedStat("a b c\n"));
}

TEST(ProcInfo, SyscallFile) {
  auto blocked = parseSyscallFile("7 0x0 0x0 0xc8 0x7ffd0 0x0 0x0 0x7f2587835e38 0x7f2587836503\n");
  ASSERT_TRUE(blocked) << blocked.message();
  EXPECT_FALSE(blocked.value().running);
  EXPECT_EQ(blocked.value().syscall, 7);
  EXPECT_EQ(blocked.value().sp, 0x7f2587835e38u);
  EXPECT_EQ(blocked.value().pc, 0x7f2587836503u);

  auto outside = parseSyscallFile("-1 0x7ffe1000 0x401000\n");
  ASSERT_TRUE(outside);
  EXPECT_EQ(outside.value().syscall, -1);
  EXPECT_EQ(outside.value().sp, 0x7ffe1000u);

  auto running = parseSyscallFile("running\n");
  ASSERT_TRUE(running);
  EXPECT_TRUE(running.value().running);

  EXPECT_FALSE(parseSyscallFile("7 0x0\n"));
  EXPECT_FALSE(parseSyscallFile("x 0x1 0x2\n"));
  EXPECT_FALSE(parseSyscallFile("-1 zz 0x2\n"));
}

TEST(ProcInfo, SynchronizationWaits) {
  EXPECT_TRUE(wire::isSynchronizationWaitSyscall(SYS_futex));
  EXPECT_TRUE(wire::isSynchronizationWaitSyscall(SYS_wait4));
  EXPECT_TRUE(wire::isSynchronizationWaitSyscall(SYS_rt_sigtimedwait));
  EXPECT_FALSE(wire::isSynchronizationWaitSyscall(SYS_poll));
  EXPECT_FALSE(wire::isSynchronizationWaitSyscall(SYS_read));
  EXPECT_FALSE(wire::isSynchronizationWaitSyscall(-1));
}

TEST(ProcInfo, TaskIds) {
  EXPECT_EQ(parseTaskIds({".", "..", "12", "7", "x1", "99999999999"}), (std::vector<pid_t>{12, 7}));
}

TEST(ProcInfo, LiveReadersOnThisProcess) {
  auto status = readProcStatus(getpid());
  ASSERT_TRUE(status) << status.message();
  EXPECT_EQ(status.value().tgid, getpid());
  auto stat = readProcStat(getpid(), 0);
  ASSERT_TRUE(stat) << stat.message();
  EXPECT_EQ(stat.value().ppid, getppid());
  auto threads = listThreads(getpid());
  ASSERT_TRUE(threads);
  EXPECT_NE(std::find(threads.value().begin(), threads.value().end(), getpid()), threads.value().end());
  ProcFile sched(schedStatPath(getpid(), getpid()));
  auto first = sched.read();
  ASSERT_TRUE(first) << first.message();
  EXPECT_TRUE(parseSchedStat(first.value()));
  EXPECT_TRUE(sched.read());  // re-read through the same fd
  int err = 0;
  EXPECT_FALSE(readProcStatus(0x7ffffff0, &err));
  EXPECT_EQ(err, ENOENT);

  uint64_t value = 0x1122334455667788ull;
  uint8_t copy[8] = {};
  ASSERT_EQ(readTargetMemory(getpid(), reinterpret_cast<uint64_t>(&value), copy, sizeof(copy)), 8u);
  EXPECT_EQ(std::memcmp(copy, &value, 8), 0);
  EXPECT_EQ(readTargetMemory(getpid(), 8, copy, sizeof(copy)), 0u);  // unmapped
}

}  // namespace
}  // namespace pprof::attach
