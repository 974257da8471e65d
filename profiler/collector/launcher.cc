#include "collector/launcher.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>

#include "collector/signal_relay.h"
#include "wire/wire.h"

namespace pprof::collector {
namespace {

// 0 if execve would accept `path` as far as access checks can tell, else the errno it would give.
int checkExecutable(const std::string& path) {
  struct stat st;
  if (stat(path.c_str(), &st) != 0) return errno;
  if (S_ISDIR(st.st_mode)) return EACCES;  // what execve says for a directory
  if (!S_ISREG(st.st_mode)) return EACCES;
  if (access(path.c_str(), X_OK) != 0) return errno;
  // Root passes access(X_OK) if any execute bit is set; with none set execve still refuses.
  if ((st.st_mode & (S_IXUSR | S_IXGRP | S_IXOTH)) == 0) return EACCES;
  return 0;
}

std::vector<char*> cStrings(const std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (const std::string& s : strings) out.push_back(const_cast<char*>(s.c_str()));
  out.push_back(nullptr);
  return out;
}

[[noreturn]] void execInChild(const SpawnRequest& request, char** argv, char** envp,
                              const SignalRelay& signals, int error_pipe) {
  signals.restoreInChild();
  execve(request.path.c_str(), argv, envp);
  int err = errno;
  if (err == ENOEXEC) {  // a script without "#!": execvp hands it to the shell, so do we
    std::vector<char*> sh_argv{const_cast<char*>("/bin/sh"), const_cast<char*>(request.path.c_str())};
    for (char** a = argv + 1; *a != nullptr; ++a) sh_argv.push_back(*a);
    sh_argv.push_back(nullptr);
    execve("/bin/sh", sh_argv.data(), envp);
  }
  ssize_t ignored = write(error_pipe, &err, sizeof(err));
  (void)ignored;
  _exit(127);
}

}  // namespace

ResolvedProgram resolveProgram(const std::string& name, const char* path_env) {
  ResolvedProgram result;
  if (name.empty()) {
    result.error = ENOENT;
    return result;
  }
  if (name.find('/') != std::string::npos) {
    result.path = name;
    result.error = checkExecutable(name);
    return result;
  }
  result.searched_path = true;
  std::string path = path_env ? path_env : "/usr/local/bin:/usr/bin:/bin";
  int first_error = ENOENT;
  size_t begin = 0;
  while (begin <= path.size()) {
    size_t end = path.find(':', begin);
    if (end == std::string::npos) end = path.size();
    std::string dir = path.substr(begin, end - begin);
    std::string candidate = (dir.empty() ? std::string(".") : dir) + "/" + name;  // "" means "."
    int err = checkExecutable(candidate);
    if (err == 0) {
      result.path = candidate;
      result.error = 0;
      return result;
    }
    if (err == EACCES) first_error = EACCES;  // execvp reports EACCES if any candidate had it
    begin = end + 1;
  }
  result.error = first_error;
  return result;
}

int exitCodeForExecError(int error) { return error == ENOENT || error == ENOTDIR ? 127 : 126; }

std::string execErrorMessage(const std::string& name, int error, bool searched_path) {
  std::string reason = searched_path && error == ENOENT ? "command not found in PATH" : std::strerror(error);
  return "cannot execute '" + name + "': " + reason;
}

Result<std::string> findSamplerLibrary() {
  char self[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
  if (n < 0) return Status::fromErrno("readlink /proc/self/exe", errno);
  std::string dir(self, static_cast<size_t>(n));
  dir = dir.substr(0, dir.rfind('/'));
  std::string expected = dir + "/../lib/pprof/libpprof-sampler.so";
  char resolved[PATH_MAX];
  if (realpath(expected.c_str(), resolved) == nullptr || access(resolved, R_OK) != 0) {
    return Status::fromErrno("sampler library " + expected, errno);
  }
  std::string lib = resolved;
  // ld.so splits LD_PRELOAD at spaces and colons and offers no quoting.
  if (lib.find_first_of(" :") != std::string::npos) {
    return Status::error("sampler library " + lib + ": path contains ' ' or ':', which LD_PRELOAD cannot express");
  }
  return lib;
}

bool regionsOnlyRequested(const char* env_value) {
  return env_value != nullptr && env_value[0] != '\0' && std::strcmp(env_value, "0") != 0;
}

std::string samplerConfig(const std::string& socket_name, uint32_t hz, const std::string& mode,
                          bool regions_only, bool python) {
  std::string config = "socket=" + socket_name + ";hz=" + std::to_string(hz) + ";mode=" + mode;
  if (regions_only) config += ";regions_only=1";
  if (!python) config += ";python=0";
  return config;
}

std::vector<std::string> childEnvironment(const char* const* environ, const std::string& sampler_lib,
                                          const std::string& sampler_config) {
  const std::string preload_key = "LD_PRELOAD=";
  const std::string config_key = std::string(wire::kEnvConfig) + "=";
  std::vector<std::string> env;
  std::string preload = sampler_lib;
  for (const char* const* e = environ; e && *e; ++e) {
    std::string entry = *e;
    if (entry.starts_with(preload_key)) {
      std::string existing = entry.substr(preload_key.size());
      if (!existing.empty()) preload += ":" + existing;
    } else if (!entry.starts_with(config_key)) {
      env.push_back(std::move(entry));
    }
  }
  env.push_back(preload_key + preload);
  env.push_back(config_key + sampler_config);
  return env;
}

Result<pid_t> spawnChild(const SpawnRequest& request, const SignalRelay& signals, int* exec_errno) {
  *exec_errno = 0;
  int error_pipe[2];
  if (pipe2(error_pipe, O_CLOEXEC) != 0) return Status::fromErrno("pipe", errno);
  // Built before fork: the child only calls async-signal-safe functions.
  std::vector<char*> argv = cStrings(request.argv);
  std::vector<char*> envp = cStrings(request.env);
  pid_t pid = fork();
  if (pid < 0) {
    int err = errno;
    close(error_pipe[0]);
    close(error_pipe[1]);
    return Status::fromErrno("fork", err);
  }
  if (pid == 0) {
    close(error_pipe[0]);
    execInChild(request, argv.data(), envp.data(), signals, error_pipe[1]);
  }
  close(error_pipe[1]);
  int err = 0;
  ssize_t got;
  do {
    got = read(error_pipe[0], &err, sizeof(err));  // EOF as soon as exec succeeds
  } while (got < 0 && errno == EINTR);
  close(error_pipe[0]);
  if (got == static_cast<ssize_t>(sizeof(err))) {
    int status;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    *exec_errno = err;
    return Status::fromErrno("exec " + request.path, err);
  }
  return pid;
}

}  // namespace pprof::collector
