#include "attach/proc_info.h"

#include <dirent.h>
#include <fcntl.h>
#include <pwd.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <sstream>

#include "common/file_io.h"

namespace pprof::attach {
namespace {

bool toU64(std::string_view text, uint64_t* out, int base = 10) {
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), *out, base);
  return ec == std::errc() && ptr == text.data() + text.size() && !text.empty();
}

bool toI64(std::string_view text, int64_t* out) {
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), *out);
  return ec == std::errc() && ptr == text.data() + text.size() && !text.empty();
}

std::vector<std::string_view> splitSpaces(std::string_view text) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && (text[i] == ' ' || text[i] == '\n' || text[i] == '\t')) ++i;
    size_t j = i;
    while (j < text.size() && text[j] != ' ' && text[j] != '\n' && text[j] != '\t') ++j;
    if (j > i) out.push_back(text.substr(i, j - i));
    i = j;
  }
  return out;
}

std::string taskPath(pid_t pid, pid_t tid, const char* file) {
  std::string p = "/proc/" + std::to_string(pid);
  if (tid != 0) p += "/task/" + std::to_string(tid);
  return p + "/" + file;
}

}  // namespace

Result<ProcStat> parseProcStat(const std::string& text) {
  // "PID (comm) S PPID ...": comm may hold spaces and ')', so split after the last ')'.
  size_t close = text.rfind(')');
  if (close == std::string::npos) return Status::error("stat: no ')' after the command name");
  auto f = splitSpaces(std::string_view(text).substr(close + 1));
  // f[0] is field 3 (state); field N is f[N - 3].
  if (f.size() < 20 || f[0].size() != 1) return Status::error("stat: too few fields");
  ProcStat s;
  s.state = f[0][0];
  int64_t ppid = 0;
  if (!toI64(f[1], &ppid) || !toU64(f[6], &s.flags) || !toU64(f[19], &s.start_ticks)) {
    return Status::error("stat: unexpected field");
  }
  s.ppid = static_cast<int32_t>(ppid);
  return s;
}

Result<ProcStatus> parseProcStatus(const std::string& text) {
  ProcStatus s;
  bool tgid = false, uid = false;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    size_t colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::string_view key(line.data(), colon);
    auto values = splitSpaces(std::string_view(line).substr(colon + 1));
    if (values.empty()) continue;
    uint64_t v = 0;
    if (key == "Tgid" && toU64(values[0], &v)) {
      s.tgid = static_cast<int32_t>(v);
      tgid = true;
    } else if (key == "TracerPid" && toU64(values[0], &v)) {
      s.tracer_pid = static_cast<int32_t>(v);
    } else if (key == "Uid" && values.size() >= 2 && toU64(values[0], &v)) {
      s.uid = static_cast<uint32_t>(v);
      uid = toU64(values[1], &v);
      s.euid = static_cast<uint32_t>(v);
    } else if (key == "CapEff" && toU64(values[0], &v, 16)) {
      s.cap_effective = v;
    }
  }
  if (!tgid || !uid) return Status::error("status: no Tgid or Uid line");
  return s;
}

Result<SchedStat> parseSchedStat(const std::string& text) {
  auto f = splitSpaces(text);
  SchedStat s;
  if (f.size() < 2 || !toU64(f[0], &s.cpu_ns) || !toU64(f[1], &s.wait_ns)) {
    return Status::error("schedstat: expected 'CPU_NS WAIT_NS SLICES'");
  }
  return s;
}

Result<BlockedAt> parseSyscallFile(const std::string& text) {
  auto f = splitSpaces(text);
  BlockedAt b;
  if (f.size() == 1 && f[0] == "running") {
    b.running = true;
    return b;
  }
  // "NR ARG1..ARG6 SP PC" inside a syscall, "-1 SP PC" when blocked outside one.
  if ((f.size() != 9 && f.size() != 3) || !toI64(f[0], &b.syscall)) {
    return Status::error("syscall: unexpected format");
  }
  auto hex = [](std::string_view v, uint64_t* out) {
    if (v.starts_with("0x")) v.remove_prefix(2);
    return toU64(v, out, 16);
  };
  if (!hex(f[f.size() - 2], &b.sp) || !hex(f[f.size() - 1], &b.pc)) {
    return Status::error("syscall: bad sp/pc");
  }
  return b;
}

std::vector<pid_t> parseTaskIds(const std::vector<std::string>& names) {
  std::vector<pid_t> out;
  for (const std::string& name : names) {
    uint64_t v = 0;
    if (toU64(name, &v) && v > 0 && v < (1u << 31)) out.push_back(static_cast<pid_t>(v));
  }
  return out;
}

Result<ProcStat> readProcStat(pid_t pid, pid_t tid, int* error_number) {
  auto text = readFile(taskPath(pid, tid, "stat"), error_number);
  if (!text) return text.status();
  return parseProcStat(text.value());
}

Result<ProcStatus> readProcStatus(pid_t pid, int* error_number) {
  auto text = readFile(taskPath(pid, 0, "status"), error_number);
  if (!text) return text.status();
  return parseProcStatus(text.value());
}

std::string schedStatPath(pid_t pid, pid_t tid) { return taskPath(pid, tid, "schedstat"); }

ProcFile::~ProcFile() {
  if (fd_ >= 0) ::close(fd_);
}

Result<std::string> ProcFile::read() {
  if (fd_ < 0) {
    fd_ = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ < 0) return Status::fromErrno("open " + path_, errno);
  }
  char buffer[512];
  ssize_t n;
  do {
    n = ::pread(fd_, buffer, sizeof(buffer), 0);
  } while (n < 0 && errno == EINTR);
  if (n < 0) return Status::fromErrno("read " + path_, errno);
  return std::string(buffer, static_cast<size_t>(n));
}

Result<BlockedAt> readBlockedAt(pid_t pid, pid_t tid, int* error_number) {
  auto text = readFile(taskPath(pid, tid, "syscall"), error_number);
  if (!text) return text.status();
  return parseSyscallFile(text.value());
}

Result<std::vector<pid_t>> listThreads(pid_t pid) {
  std::string path = "/proc/" + std::to_string(pid) + "/task";
  DIR* dir = opendir(path.c_str());
  if (!dir) return Status::fromErrno("open " + path, errno);
  std::vector<std::string> names;
  while (dirent* entry = readdir(dir)) names.emplace_back(entry->d_name);
  closedir(dir);
  return parseTaskIds(names);
}

std::string readThreadName(pid_t pid, pid_t tid) {
  auto text = readFile(taskPath(pid, tid, "comm"), nullptr);
  if (!text) return "";
  std::string name = text.value();
  while (!name.empty() && name.back() == '\n') name.pop_back();
  return name;
}

std::string readExecutable(pid_t pid) {
  std::string path = "/proc/" + std::to_string(pid) + "/exe";
  char buffer[4096];
  ssize_t n = readlink(path.c_str(), buffer, sizeof(buffer));
  return n > 0 ? std::string(buffer, static_cast<size_t>(n)) : std::string();
}

std::vector<std::string> readCommandLine(pid_t pid) {
  auto text = readFile("/proc/" + std::to_string(pid) + "/cmdline", nullptr);
  std::vector<std::string> out;
  if (!text) return out;
  std::string current;
  for (char c : text.value()) {
    if (c == '\0') {
      out.push_back(current);
      current.clear();
    } else {
      current += c;
    }
  }
  if (!current.empty()) out.push_back(current);
  return out;
}

std::optional<uint32_t> procDirOwner(pid_t pid) {
  struct stat st;
  if (stat(("/proc/" + std::to_string(pid)).c_str(), &st) != 0) return std::nullopt;
  return st.st_uid;
}

std::optional<int> readSysctl(const std::string& name) {
  auto text = readFile("/proc/sys/" + name, nullptr);
  if (!text) return std::nullopt;
  int64_t v = 0;
  auto f = splitSpaces(text.value());
  if (f.empty() || !toI64(f[0], &v)) return std::nullopt;
  return static_cast<int>(v);
}

std::string userName(uint32_t uid) {
  passwd pw;
  passwd* found = nullptr;
  char buffer[1024];
  if (getpwuid_r(uid, &pw, buffer, sizeof(buffer), &found) == 0 && found) return found->pw_name;
  return "uid " + std::to_string(uid);
}

size_t readTargetMemory(pid_t pid, uint64_t address, uint8_t* out, size_t size) {
  iovec local{out, size};
  iovec remote{reinterpret_cast<void*>(address), size};
  ssize_t n = process_vm_readv(pid, &local, 1, &remote, 1, 0);
  if (n > 0) return static_cast<size_t>(n);
  // A range that crosses into an unmapped page fails as a whole: retry up to the page end.
  const uint64_t page = static_cast<uint64_t>(getpagesize());
  uint64_t to_page_end = page - (address % page);
  if (to_page_end >= size) return 0;
  size_t total = 0;
  while (total < size) {
    size_t chunk = static_cast<size_t>(std::min<uint64_t>(to_page_end, size - total));
    local = {out + total, chunk};
    remote = {reinterpret_cast<void*>(address + total), chunk};
    if (process_vm_readv(pid, &local, 1, &remote, 1, 0) != static_cast<ssize_t>(chunk)) break;
    total += chunk;
    to_page_end = page;
  }
  return total;
}

}  // namespace pprof::attach
