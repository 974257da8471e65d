// Exec workload: the program forks a child that execs this program again, then execs itself
// (same pid, new image). Every image burns CPU in its own function and prints
// "image PID NAME"; the last image exits with status 3 so exit-status pass-through is checked
// across an exec.
//
// Usage: exec_chain [start|child|after]
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "cpu_clock.h"

extern "C" __attribute__((noinline)) void exec_start_work(double s) { pprof_burn_thread_cpu(s); }
extern "C" __attribute__((noinline)) void exec_child_work(double s) { pprof_burn_thread_cpu(s); }
extern "C" __attribute__((noinline)) void exec_after_work(double s) { pprof_burn_thread_cpu(s); }

namespace {

constexpr double kBurnSeconds = 0.2;

void announce(const char* image) {
  std::printf("image %d %s\n", getpid(), image);
  std::fflush(stdout);
}

void execSelf(const char* mode) {
  char self[4096];
  ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
  if (n <= 0) {
    std::perror("exec_chain: readlink /proc/self/exe");
    _exit(1);
  }
  self[n] = '\0';
  char* args[] = {self, const_cast<char*>(mode), nullptr};
  execv(self, args);
  std::fprintf(stderr, "exec_chain: exec %s: %s\n", self, std::strerror(errno));
  _exit(1);
}

}  // namespace

int main(int argc, char** argv) {
  const char* mode = argc > 1 ? argv[1] : "start";
  if (std::strcmp(mode, "child") == 0) {
    announce("child");
    exec_child_work(kBurnSeconds);
    return 0;
  }
  if (std::strcmp(mode, "after") == 0) {
    announce("after");
    exec_after_work(kBurnSeconds);
    return 3;
  }
  announce("start");
  exec_start_work(kBurnSeconds);
  pid_t child = fork();
  if (child == 0) execSelf("child");
  int status = 0;
  waitpid(child, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) return 1;
  execSelf("after");
}
