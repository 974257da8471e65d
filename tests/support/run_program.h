// Runs a built program (no shell: arguments are passed as they are) with stdin from a file and
// stdout/stderr captured through files in a scratch directory, for tests that exercise a CLI
// end to end. No timeout: a hang is left to the ctest TIMEOUT.
#pragma once

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <string>
#include <vector>

#include "support/file_bytes.h"

extern char** environ;

namespace pprof::testing {

struct RunResult {
  int exit_status = -1;  // shellStatus() of the program
  std::string out;
  std::string err;
};

// A waitpid status as a shell reports it: the exit code, or 128+N for death by signal N.
inline int shellStatus(int wait_status) {
  return WIFEXITED(wait_status) ? WEXITSTATUS(wait_status) : 128 + WTERMSIG(wait_status);
}

// Runs argv (argv[0] is the executable's path) in this process's environment. exit_status
// stays -1 when the program cannot be started or waited for.
inline RunResult runProgram(const std::vector<std::string>& argv, const std::string& scratch_dir,
                            const std::string& stdin_path = "/dev/null") {
  const std::string out_path = scratch_dir + "/stdout", err_path = scratch_dir + "/stderr";
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, stdin_path.c_str(), O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&actions, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  RunResult result;
  pid_t pid;
  int rc = posix_spawn(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) return result;
  int status = 0;
  pid_t waited;
  do waited = waitpid(pid, &status, 0);
  while (waited < 0 && errno == EINTR);
  if (waited < 0) return result;
  result.exit_status = shellStatus(status);
  result.out = readBytes(out_path);
  result.err = readBytes(err_path);
  return result;
}

// Number of '\n' in `text`: CLI errors are checked to be exactly one line.
inline size_t lineCount(const std::string& text) {
  size_t n = 0;
  for (char c : text) n += c == '\n';
  return n;
}

}  // namespace pprof::testing
