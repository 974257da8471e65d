// Pass-through checks for pprof-run: what the program reads, writes, sees and returns must be
// exactly what it would be without the profiler.
//
// Usage: passthrough echo STATUS   copy stdin to stdout framed as "stdin:<...>", write
//                                  "stderr-line" to stderr, exit with STATUS
//        passthrough signal SIGNO  burn a little CPU, then die of signal SIGNO
//        passthrough env           print the environment, one VAR=VALUE per line
#include <signal.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "cpu_clock.h"

extern char** environ;

extern "C" __attribute__((noinline)) void passthrough_work(double s) { pprof_burn_thread_cpu(s); }

int main(int argc, char** argv) {
  if (argc < 2) return 2;
  if (std::strcmp(argv[1], "echo") == 0 && argc == 3) {
    std::fputs("stdin:<", stdout);
    char buffer[4096];
    size_t n;
    while ((n = std::fread(buffer, 1, sizeof buffer, stdin)) > 0) std::fwrite(buffer, 1, n, stdout);
    std::fputs(">\n", stdout);
    std::fputs("stderr-line\n", stderr);
    passthrough_work(0.05);
    return std::atoi(argv[2]);
  }
  if (std::strcmp(argv[1], "signal") == 0 && argc == 3) {
    passthrough_work(0.05);
    std::fflush(stdout);
    int signo = std::atoi(argv[2]);
    signal(signo, SIG_DFL);
    kill(getpid(), signo);
    return 99;  // not reached for a fatal signal
  }
  if (std::strcmp(argv[1], "env") == 0) {
    for (char** var = environ; *var; ++var) std::printf("%s\n", *var);
    return 0;
  }
  return 2;
}
