#include "wire_capture.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstddef>
#include <cstring>
#include <map>

namespace pprof::sampler::test {
namespace {

struct LiveRange {
  uint64_t start, end;
};

bool inModules(const std::vector<LiveRange>& ranges, uint64_t pc) {
  for (const LiveRange& r : ranges) {
    if (pc >= r.start && pc < r.end) return true;
  }
  return false;
}

void decodeSamples(const std::string& bytes, size_t offset, size_t size,
                   const std::vector<LiveRange>& ranges, Connection* out) {
  wire::Samples batch;
  memcpy(&batch, bytes.data() + offset, sizeof(batch));
  size_t at = offset + sizeof(batch);
  const size_t end = offset + size;
  for (uint32_t i = 0; i < batch.count; ++i) {
    DecodedSample sample;
    sample.tid = batch.tid;
    if (at + sizeof(sample.header) > end) {
      out->malformed = true;
      return;
    }
    memcpy(&sample.header, bytes.data() + at, sizeof(sample.header));
    at += sizeof(sample.header);
    if (at + sample.header.nframes * 8ull > end) {
      out->malformed = true;
      return;
    }
    sample.pcs.resize(sample.header.nframes);
    memcpy(sample.pcs.data(), bytes.data() + at, sample.header.nframes * 8ull);
    at += sample.header.nframes * 8ull;
    bool outside = false;
    for (uint64_t pc : sample.pcs) outside = outside || !inModules(ranges, pc);
    if (outside) ++out->pcs_outside_known_modules;
    out->samples.push_back(std::move(sample));
  }
  if (at != end) out->malformed = true;
}

}  // namespace

Connection decodeStream(const std::string& bytes) {
  Connection out;
  std::vector<LiveRange> ranges;
  size_t offset = 0;
  while (offset + sizeof(wire::RecordHeader) <= bytes.size()) {
    wire::RecordHeader header;
    memcpy(&header, bytes.data() + offset, sizeof(header));
    if (header.size < sizeof(header) || offset + header.size > bytes.size()) {
      out.malformed = true;
      break;
    }
    out.record_types.push_back(header.type);
    const char* p = bytes.data() + offset;
    switch (static_cast<wire::RecordType>(header.type)) {
      case wire::RecordType::kHello:
        out.has_hello = true;
        memcpy(&out.hello, p, sizeof(out.hello));
        out.exe_path.assign(p + sizeof(out.hello), out.hello.exe_path_len);
        break;
      case wire::RecordType::kModule: {
        DecodedModule module;
        memcpy(&module.record, p, sizeof(module.record));
        module.path.assign(p + sizeof(module.record), module.record.path_len);
        ranges.push_back({module.record.start, module.record.end});
        out.modules.push_back(std::move(module));
        break;
      }
      case wire::RecordType::kModuleUnload: {
        wire::ModuleUnload unload;
        memcpy(&unload, p, sizeof(unload));
        std::erase_if(ranges, [&](const LiveRange& r) { return r.start == unload.start; });
        break;
      }
      case wire::RecordType::kSamples:
        decodeSamples(bytes, offset, header.size, ranges, &out);
        break;
      case wire::RecordType::kThread: {
        DecodedThread thread;
        memcpy(&thread.record, p, sizeof(thread.record));
        out.threads.push_back(thread);
        break;
      }
      case wire::RecordType::kLost: {
        wire::Lost lost;
        memcpy(&lost, p, sizeof(lost));
        out.lost.push_back(lost);
        break;
      }
      case wire::RecordType::kRegion: {
        DecodedRegion region;
        memcpy(&region.record, p, sizeof(region.record));
        if (sizeof(region.record) + region.record.name_len != header.size) out.malformed = true;
        else region.name.assign(p + sizeof(region.record), region.record.name_len);
        out.regions.push_back(std::move(region));
        break;
      }
      case wire::RecordType::kGoodbye:
        out.has_goodbye = true;
        memcpy(&out.goodbye, p, sizeof(out.goodbye));
        break;
      default:
        out.malformed = true;
    }
    offset += header.size;
  }
  if (offset != bytes.size()) out.malformed = true;
  return out;
}

RunResult runWithSampler(const std::string& sampler, const std::vector<std::string>& argv,
                         const std::string& extra_config) {
  RunResult result;
  const std::string name = "pprof-sampler-test-" + std::to_string(getpid()) + "-" +
                           std::to_string(reinterpret_cast<uintptr_t>(&result) & 0xffff);
  const int listener = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  memcpy(address.sun_path + 1, name.data(), name.size());
  const socklen_t length = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + 1 + name.size());
  if (bind(listener, reinterpret_cast<sockaddr*>(&address), length) != 0 || listen(listener, 64) != 0) {
    close(listener);
    return result;
  }
  int out_pipe[2];
  if (pipe2(out_pipe, O_CLOEXEC) != 0) return result;
  const std::string preload = "LD_PRELOAD=" + sampler;
  const std::string config = std::string("PPROF_SAMPLER=socket=") + name + ";" + extra_config;
  const pid_t child = fork();
  if (child == 0) {
    dup2(out_pipe[1], 1);
    std::vector<char*> args;
    for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    putenv(const_cast<char*>(preload.c_str()));
    putenv(const_cast<char*>(config.c_str()));
    execv(args[0], args.data());
    _exit(127);
  }
  close(out_pipe[1]);
  std::vector<int> fds;            // open connections
  std::map<int, size_t> index_of;  // fd -> connection index
  std::vector<std::string> streams;
  bool stdout_open = true;
  for (;;) {
    std::vector<pollfd> polled{{listener, POLLIN, 0}};
    if (stdout_open) polled.push_back({out_pipe[0], POLLIN, 0});
    for (int fd : fds) polled.push_back({fd, POLLIN, 0});
    // Once stdout closed and no connection is open, only already-queued connections remain.
    const bool quiet = !stdout_open && fds.empty();
    if (poll(polled.data(), polled.size(), quiet ? 200 : 30000) <= 0) break;
    char buffer[65536];
    for (const pollfd& p : polled) {
      if (p.revents == 0) continue;
      if (p.fd == listener) {
        const int fd = accept4(listener, nullptr, nullptr, SOCK_CLOEXEC);
        if (fd >= 0) {
          fds.push_back(fd);
          index_of[fd] = streams.size();
          streams.emplace_back();
        }
        continue;
      }
      const ssize_t n = read(p.fd, buffer, sizeof(buffer));
      if (p.fd == out_pipe[0]) {
        if (n > 0) result.stdout_text.append(buffer, static_cast<size_t>(n));
        else stdout_open = false;
        continue;
      }
      if (n > 0) {
        streams[index_of[p.fd]].append(buffer, static_cast<size_t>(n));
      } else {
        close(p.fd);
        std::erase(fds, p.fd);
      }
    }
  }
  for (int fd : fds) close(fd);
  close(out_pipe[0]);
  close(listener);
  int status = 0;
  waitpid(child, &status, 0);
  result.exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  for (const std::string& s : streams) result.connections.push_back(decodeStream(s));
  return result;
}

}  // namespace pprof::sampler::test
