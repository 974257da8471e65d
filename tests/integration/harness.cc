// See harness.h.
#include "harness.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <sstream>
#include <stdexcept>

extern char** environ;

namespace pprof::itest {

int shellStatus(int wait_status) {
  if (WIFEXITED(wait_status)) return WEXITSTATUS(wait_status);
  if (WIFSIGNALED(wait_status)) return 128 + WTERMSIG(wait_status);
  return -1;
}

namespace {

std::vector<std::string> mergedEnvironment(const std::vector<std::string>& extra_env) {
  std::vector<std::string> env;
  for (char** var = environ; *var; ++var) {
    std::string entry = *var;
    std::string name = entry.substr(0, entry.find('='));
    bool replaced = false;
    for (const std::string& extra : extra_env) replaced |= extra.substr(0, extra.find('=')) == name;
    if (!replaced) env.push_back(entry);
  }
  env.insert(env.end(), extra_env.begin(), extra_env.end());
  return env;
}

std::vector<char*> cStrings(std::vector<std::string>& strings) {
  std::vector<char*> pointers;
  for (std::string& s : strings) pointers.push_back(s.data());
  pointers.push_back(nullptr);
  return pointers;
}

void closeFd(int& fd) {
  if (fd >= 0) close(fd);
  fd = -1;
}

double monotonicSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

}  // namespace

Child::Child(const std::vector<std::string>& argv, const std::vector<std::string>& extra_env,
             bool pipe_stdin, int timeout_seconds)
    : deadline_(monotonicSeconds() + timeout_seconds) {
  int in[2] = {-1, -1}, out[2], err[2];
  if ((pipe_stdin && pipe2(in, O_CLOEXEC) != 0) || pipe2(out, O_CLOEXEC) != 0 || pipe2(err, O_CLOEXEC) != 0)
    throw std::runtime_error(std::string("pipe: ") + std::strerror(errno));
  std::vector<std::string> args = argv;
  std::vector<std::string> env = mergedEnvironment(extra_env);
  std::vector<char*> c_args = cStrings(args), c_env = cStrings(env);
  pid_t parent = getpid();
  pid_ = fork();
  if (pid_ < 0) throw std::runtime_error(std::string("fork: ") + std::strerror(errno));
  if (pid_ == 0) {
    setpgid(0, 0);
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(127);
    if (pipe_stdin) dup2(in[0], 0);
    dup2(out[1], 1);
    dup2(err[1], 2);
    execve(c_args[0], c_args.data(), c_env.data());
    dprintf(2, "exec %s: %s\n", c_args[0], std::strerror(errno));
    _exit(127);
  }
  setpgid(pid_, pid_);  // also here: no race with a kill of the group right after fork
  if (pipe_stdin) {
    close(in[0]);
    stdin_fd_ = in[1];
  }
  close(out[1]);
  close(err[1]);
  out_fd_ = out[0];
  err_fd_ = err[0];
}

Child::~Child() {
  closeFd(stdin_fd_);
  closeFd(out_fd_);
  closeFd(err_fd_);
  if (!reaped_ && pid_ > 0) {
    killGroup();
    waitpid(pid_, nullptr, 0);
  }
}

void Child::killGroup() {
  kill(-pid_, SIGKILL);
  kill(pid_, SIGKILL);
}

void Child::writeStdinAndClose(const std::string& text) {
  size_t done = 0;
  while (stdin_fd_ >= 0 && done < text.size()) {
    ssize_t n = write(stdin_fd_, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    done += static_cast<size_t>(n);
  }
  closeFd(stdin_fd_);
}

// Waits for output on either pipe and appends it; false when both pipes are at EOF (or, with
// want_stdout_line, when stdout is at EOF).
bool Child::pump(bool want_stdout_line) {
  pollfd fds[2] = {{out_fd_, POLLIN, 0}, {err_fd_, POLLIN, 0}};
  if (out_fd_ < 0 && (err_fd_ < 0 || want_stdout_line)) return false;
  double left = deadline_ - monotonicSeconds();
  int ready = left > 0 ? poll(fds, 2, static_cast<int>(left * 1000) + 1) : 0;
  if (ready < 0) return errno == EINTR;
  if (ready == 0) {
    timed_out_ = true;
    killGroup();
    closeFd(out_fd_);
    closeFd(err_fd_);
    return false;
  }
  char buffer[65536];
  int* fd_of[2] = {&out_fd_, &err_fd_};
  std::string* text_of[2] = {&out_, &err_};
  for (int i = 0; i < 2; ++i) {
    if (fds[i].fd < 0 || fds[i].revents == 0) continue;
    ssize_t n = read(fds[i].fd, buffer, sizeof buffer);
    if (n > 0) text_of[i]->append(buffer, static_cast<size_t>(n));
    else if (n == 0 || errno != EINTR) closeFd(*fd_of[i]);
  }
  return true;
}

std::optional<std::string> Child::readLine() {
  while (out_.find('\n') == std::string::npos && pump(true)) {
  }
  size_t end = out_.find('\n');
  if (end == std::string::npos) return std::nullopt;
  std::string line = out_.substr(0, end);
  consumed_out_ += out_.substr(0, end + 1);
  out_.erase(0, end + 1);
  return line;
}

ProcessResult Child::finish() {
  closeFd(stdin_fd_);
  while (pump(false)) {
  }
  int wait_status = 0;
  while (waitpid(pid_, &wait_status, 0) < 0 && errno == EINTR) {
  }
  reaped_ = true;
  ProcessResult result{shellStatus(wait_status), consumed_out_ + out_, err_, timed_out_};
  if (timed_out_) result.err += "\n[harness] still running at its timeout (a hang?): killed its process group\n";
  return result;
}

ProcessResult run(const std::vector<std::string>& argv, const std::vector<std::string>& extra_env,
                  const std::string& stdin_text) {
  Child child(argv, extra_env, /*pipe_stdin=*/true);
  child.writeStdinAndClose(stdin_text);
  return child.finish();
}

TempDir::TempDir(bool shared) : shared_(shared) {
  char pattern[] = "/tmp/pprof-itest-XXXXXX";
  if (!mkdtemp(pattern)) throw std::runtime_error(std::string("mkdtemp: ") + std::strerror(errno));
  dir_ = pattern;
}

TempDir::~TempDir() {
  bool failed = shared_ ? ::testing::UnitTest::GetInstance()->failed_test_count() > 0
                        : ::testing::Test::HasFailure();
  if (failed) {
    std::fprintf(stderr, "kept the failed test's files in %s\n", dir_.c_str());
    return;
  }
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

std::vector<std::string> pprofRunArgv(const std::string& profile, int hz,
                                      const std::vector<std::string>& program_argv,
                                      const std::vector<std::string>& options) {
  std::vector<std::string> argv = {PPROF_RUN_PATH, "-o", profile, "-F", std::to_string(hz)};
  argv.insert(argv.end(), options.begin(), options.end());
  argv.push_back("--");
  argv.insert(argv.end(), program_argv.begin(), program_argv.end());
  return argv;
}

nlohmann::json stats(const std::string& profile, const std::vector<std::string>& options) {
  std::vector<std::string> argv = {PPROF_STATS_PATH, profile};
  argv.insert(argv.end(), options.begin(), options.end());
  argv.insert(argv.end(), {"--format", "json"});
  ProcessResult result = run(argv);
  if (result.status != 0)
    throw std::runtime_error("pprof-stats " + profile + " exited " + std::to_string(result.status) + ": " + result.err);
  try {
    return nlohmann::json::parse(result.out);
  } catch (const nlohmann::json::exception& e) {
    throw std::runtime_error("pprof-stats " + profile + ": not JSON: " + e.what());
  }
}

const nlohmann::json* findFunction(const nlohmann::json& stats, const std::string& name) {
  for (const nlohmann::json& function : stats.at("functions")) {
    const std::string& candidate = function.at("name").get_ref<const std::string&>();
    if (candidate == name || candidate.rfind(name + "(", 0) == 0) return &function;
  }
  return nullptr;
}

double selfPercent(const nlohmann::json& stats, const std::string& name) {
  const nlohmann::json* function = findFunction(stats, name);
  return function ? function->at("self_percent").get<double>() : 0.0;
}

double totalPercent(const nlohmann::json& stats, const std::string& name) {
  const nlohmann::json* function = findFunction(stats, name);
  return function ? function->at("total_percent").get<double>() : 0.0;
}

std::map<std::pair<long, long>, double> threadSamples(const nlohmann::json& stats) {
  std::map<std::pair<long, long>, double> samples;
  for (const nlohmann::json& thread : stats.at("threads"))
    samples[{thread.at("pid").get<long>(), thread.at("tid").get<long>()}] += thread.at("samples").get<double>();
  return samples;
}

std::map<long, double> processSamples(const nlohmann::json& stats) {
  std::map<long, double> samples;
  for (const auto& [ids, count] : threadSamples(stats)) samples[ids.first] += count;
  return samples;
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> result;
  std::istringstream stream(text);
  for (std::string line; std::getline(stream, line);) result.push_back(line);
  return result;
}

std::vector<std::string> words(const std::string& line) {
  std::vector<std::string> result;
  std::istringstream stream(line);
  for (std::string word; stream >> word;) result.push_back(word);
  return result;
}

}  // namespace pprof::itest
