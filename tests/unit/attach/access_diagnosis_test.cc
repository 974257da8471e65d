#include "attach/access_diagnosis.h"

#include <cerrno>

#include <gtest/gtest.h>

namespace pprof::attach {
namespace {

AccessFacts ordinaryUser() {
  AccessFacts f;
  f.pid = 123;
  f.target_name = "app";
  f.error_number = EACCES;
  f.my_euid = 1000;
  f.my_user = "alice";
  f.target_euid = 1000;
  f.target_user = "alice";
  f.proc_dir_owner = 1000;
  f.perf_event_paranoid = 2;
  return f;
}

TEST(AccessDiagnosis, AnotherUsersProcess) {
  AccessFacts f = ordinaryUser();
  f.target_euid = 0;
  f.target_user = "root";
  EXPECT_EQ(explainAccessDenied(f),
            "cannot attach to process 123 (app): not permitted: it runs as root (uid 0) and you are "
            "alice (uid 1000); run pprof-run as that user or as root");
}

TEST(AccessDiagnosis, UnknownUserNamesShowTheUid) {
  AccessFacts f = ordinaryUser();
  f.target_euid = 4242;
  f.target_user = "uid 4242";
  EXPECT_NE(explainAccessDenied(f).find("it runs as uid 4242 and you are alice (uid 1000)"), std::string::npos);
}

TEST(AccessDiagnosis, ParanoidThreeForbidsUnprivilegedUsers) {
  AccessFacts f = ordinaryUser();
  f.perf_event_paranoid = 3;
  f.target_euid = 0;  // the sysctl is checked first: lowering it is what helps
  EXPECT_EQ(explainAccessDenied(f),
            "cannot attach to process 123 (app): not permitted: kernel.perf_event_paranoid is 3, "
            "which forbids perf events to unprivileged users; run as root, or lower it with "
            "'sudo sysctl kernel.perf_event_paranoid=2'");
  f.privileged = true;
  EXPECT_EQ(explainAccessDenied(f).find("perf_event_paranoid is 3,"), std::string::npos);
}

TEST(AccessDiagnosis, NotDumpable) {
  AccessFacts f = ordinaryUser();
  f.proc_dir_owner = 0;
  EXPECT_NE(explainAccessDenied(f).find("the process is not dumpable (a set-user-ID or file-capability "
                                        "program, or it called prctl(PR_SET_DUMPABLE, 0))"),
            std::string::npos);
}

TEST(AccessDiagnosis, OtherwiseTheKernelsWordsAndTheRemedy) {
  AccessFacts f = ordinaryUser();
  EXPECT_EQ(explainAccessDenied(f),
            "cannot attach to process 123 (app): not permitted: perf_event_open: Permission denied "
            "(kernel.perf_event_paranoid is 2); run pprof-run as root or with CAP_PERFMON and "
            "CAP_SYS_PTRACE");
  f.privileged = true;
  f.target_euid = 0;
  EXPECT_NE(explainAccessDenied(f).find("even with privileges"), std::string::npos) << explainAccessDenied(f);
}

TEST(AccessDiagnosis, Notes) {
  EXPECT_EQ(tracerNote(5, 0, ""), "");
  EXPECT_EQ(tracerNote(5, 9, "gdb"),
            "note: process 5 is traced by gdb (pid 9); pprof-run still attaches (it does not use "
            "ptrace), but while the tracer keeps the process stopped there is nothing to sample");
  EXPECT_NE(tracerNote(5, 9, "").find("traced by pid 9;"), std::string::npos);
  EXPECT_EQ(yamaNote(std::nullopt, false, true), "");
  EXPECT_EQ(yamaNote(0, false, true), "");
  EXPECT_EQ(yamaNote(1, true, true), "");
  EXPECT_EQ(yamaNote(1, false, false), "");
  EXPECT_NE(yamaNote(1, false, true).find("kernel.yama.ptrace_scope is 1"), std::string::npos);
}

}  // namespace
}  // namespace pprof::attach
