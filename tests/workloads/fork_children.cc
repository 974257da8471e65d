// Fork workload: the parent and four children burn CPU; half the children leave through _exit
// (skipping atexit handlers, as multiprocessing workers do), one child forks a grandchild.
// Prints "process PID ROLE" for every process so a test can look each one up in the profile.
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>

#include "cpu_clock.h"

extern "C" __attribute__((noinline)) void fork_parent_work(double seconds) { pprof_burn_thread_cpu(seconds); }
extern "C" __attribute__((noinline)) void fork_child_work(double seconds) { pprof_burn_thread_cpu(seconds); }

namespace {

constexpr int kChildren = 4;
constexpr double kBurnSeconds = 0.2;

void announce(const char* role) {
  std::printf("process %d %s\n", getpid(), role);
  std::fflush(stdout);
}

// Runs in a child; never returns.
[[noreturn]] void childMain(int index) {
  announce(index % 2 == 0 ? "child-_exit" : "child-exit");
  if (index == kChildren - 1) {
    pid_t grandchild = fork();
    if (grandchild == 0) {
      announce("grandchild-_exit");
      fork_child_work(kBurnSeconds);
      _exit(0);
    }
    fork_child_work(kBurnSeconds);
    int status = 0;
    waitpid(grandchild, &status, 0);
  } else {
    fork_child_work(kBurnSeconds);
  }
  if (index % 2 == 0) _exit(0);
  std::exit(0);
}

}  // namespace

int main() {
  announce("parent");
  fork_parent_work(kBurnSeconds);
  pid_t children[kChildren];
  for (int i = 0; i < kChildren; ++i) {
    std::fflush(stdout);
    children[i] = fork();
    if (children[i] < 0) {
      std::perror("fork_children: fork");
      return 1;
    }
    if (children[i] == 0) childMain(i);
  }
  fork_parent_work(kBurnSeconds);
  int failures = 0;
  for (pid_t child : children) {
    int status = 0;
    waitpid(child, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) ++failures;
  }
  return failures == 0 ? 0 : 1;
}
