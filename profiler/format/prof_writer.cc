// Streaming out.prof writer (layout: FORMAT.md). Records go into a memory buffer that is
// written out when it passes kFlushThreshold or when the caller flushes, so the collector
// decides how much a killed writer can lose. The writer checks every id it is given, so a file
// it produced always reads back and passes checkValid. Not thread-safe: one thread owns it.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <string>
#include <unordered_map>

#include "format/prof_file.h"
#include "format/record_types.h"
#include "format/varint.h"

namespace pprof {
namespace {

namespace pf = prof_format;
constexpr size_t kFlushThreshold = 64 * 1024;

std::string outOfRange(const char* what, uint32_t id, size_t count, const char* plural) {
  return std::string(what) + " " + std::to_string(id) + " out of range (" + std::to_string(count) + " " +
         plural + ")";
}

class FileProfWriter final : public ProfWriter {
 public:
  FileProfWriter(int fd, std::string path) : fd_(fd), path_(std::move(path)) {
    buf_.reserve(2 * kFlushThreshold);
    buf_.append(pf::kMagic);
    varint::putU32LE(buf_, pf::kVersion);
  }
  ~FileProfWriter() override {
    if (fd_ < 0) return;
    (void)flush();  // best effort: the file reads as incomplete, which is the truth
    ::close(fd_);
  }

  Status writeMeta(const Meta& meta) override {
    if (Status s = usable(); !s) return s;
    payload_.clear();
    putString(meta.producer);
    put(meta.frequency_hz);
    putString(meta.mode);
    putString(meta.clock);
    put(meta.period_ns);
    put(meta.start_realtime_ns);
    put(meta.duration_ns);
    putStrings(meta.command);
    put(meta.lost_samples);
    put(meta.truncated_stacks);
    // Trailing and optional: a Meta without it reads as flags 0, so files that need no flag
    // stay byte-identical to those of writers older than the field.
    const bool host_known = !meta.host.empty() || !meta.boot_id.empty();
    if (meta.regions_only || host_known) put(meta.regions_only ? pf::kMetaRegionsOnly : 0);
    if (host_known) {  // revision 4, after the flags
      putString(meta.host);
      putString(meta.boot_id);
    }
    return emit(pf::kMeta);
  }

  Result<uint32_t> addProcess(const Process& process) override {
    if (Status s = checkProcess("process", process, processes_); !s) return s;
    payload_.clear();
    putProcess(process);
    return emitNew(pf::kProcess, processes_);
  }

  Status updateProcess(uint32_t id, const Process& process) override {
    if (id >= processes_)
      return badArgument(outOfRange("updateProcess: process", id, processes_, "processes"));
    if (Status s = checkProcess("updateProcess", process, id); !s) return s;
    payload_.clear();
    put(id);
    putProcess(process);
    return emit(pf::kProcessUpdate);
  }

  Result<uint32_t> addThread(const Thread& thread) override {
    if (Status s = checkThread("thread", thread); !s) return s;
    payload_.clear();
    putThread(thread);
    last_timestamp_.push_back(0);
    return emitNew(pf::kThread, threads_);
  }

  Status updateThread(uint32_t id, const Thread& thread) override {
    if (id >= threads_) return badArgument(outOfRange("updateThread: thread", id, threads_, "threads"));
    if (Status s = checkThread("updateThread", thread); !s) return s;
    payload_.clear();
    put(id);
    putThread(thread);
    return emit(pf::kThreadUpdate);
  }

  Result<uint32_t> addModule(const Module& module) override {
    if (Status s = usable(); !s) return s;
    if (module.process >= processes_)
      return badArgument(outOfRange("module: process", module.process, processes_, "processes"));
    payload_.clear();
    put(module.process);
    putString(module.path);
    putString(module.build_id);
    put(module.start);
    put(module.end);
    put(module.bias);
    return emitNew(pf::kModule, modules_);
  }

  Result<uint32_t> addLocation(uint32_t module, uint64_t address, uint32_t flags) override {
    if (Status s = usable(); !s) return s;
    if (module != kNone && module >= modules_)
      return badArgument(outOfRange("location: module", module, modules_, "modules"));
    payload_.clear();
    putOptional(module);
    put(address);
    if (flags != 0) put(flags);  // revision 3, trailing: absent means 0
    auto id = emitNew(pf::kLocation, locations_);
    if (id) python_location_.push_back((flags & kLocationPython) != 0);
    return id;
  }

  Result<uint32_t> addStack(const Stack& stack) override {
    if (Status s = usable(); !s) return s;
    if (stack.locations.empty()) return badArgument("stack: no locations");
    payload_.clear();
    put(stack.locations.size());
    bool in_python = false;
    for (uint32_t location : stack.locations) {
      if (location >= locations_)
        return badArgument(outOfRange("stack: location", location, locations_, "locations"));
      if (in_python && !python_location_[location]) return badArgument("stack: a native location after a Python one");
      in_python = in_python || python_location_[location];
      put(location);
    }
    return emitNew(pf::kStack, stacks_);
  }

  Status addSample(const Sample& sample) override {
    if (Status s = usable(); !s) return s;
    if (sample.stack >= stacks_)
      return badArgument(outOfRange("sample: stack", sample.stack, stacks_, "stacks"));
    if (sample.thread >= threads_)
      return badArgument(outOfRange("sample: thread", sample.thread, threads_, "threads"));
    payload_.clear();
    put(sample.stack);
    put(sample.thread);
    uint64_t& last = last_timestamp_[sample.thread];
    put(varint::zigzag(static_cast<int64_t>(sample.timestamp_ns - last)));  // wraps on purpose
    last = sample.timestamp_ns;
    put(sample.weight);
    put(sample.flags);
    return emit(pf::kSample);
  }

  Result<uint32_t> addFunction(const Function& function) override {
    if (Status s = usable(); !s) return s;
    if (function.module != kNone && function.module >= modules_)
      return badArgument(outOfRange("function: module", function.module, modules_, "modules"));
    payload_.clear();
    putString(function.name);
    putString(function.system_name);
    putString(function.file);
    put(function.start_line);
    putOptional(function.module);
    if (function.language == Language::kPython) put(pf::kFunctionPython);  // revision 3, trailing
    auto id = emitNew(pf::kFunction, functions_);
    if (id) python_function_.push_back(function.language == Language::kPython);
    return id;
  }

  Status setLocationLines(uint32_t location, const std::vector<Line>& lines) override {
    if (Status s = usable(); !s) return s;
    if (location >= locations_)
      return badArgument(outOfRange("setLocationLines: location", location, locations_, "locations"));
    payload_.clear();
    put(location);
    put(lines.size());
    for (const Line& line : lines) {
      if (line.function >= functions_)
        return badArgument(outOfRange("setLocationLines: function", line.function, functions_, "functions"));
      put(line.function);
      put(line.line);
    }
    if (python_location_[location] && (lines.size() != 1 || !python_function_[lines[0].function]))
      return badArgument("setLocationLines: a Python location has one line, of a Python function");
    return emit(pf::kLocationLines);
  }

  Status addRegion(const Region& region) override {
    if (Status s = usable(); !s) return s;
    if (region.thread >= threads_)
      return badArgument(outOfRange("region: thread", region.thread, threads_, "threads"));
    if (region.end_ns < region.start_ns) return badArgument("region: ends before it starts");
    payload_.clear();
    putString(region.name);
    put(region.thread);
    put(region.start_ns);
    put(region.end_ns - region.start_ns);
    return emit(pf::kRegion);
  }

  Status flush() override {
    if (Status s = usable(); !s) return s;
    return writeBuffer();
  }

  Status finish() override {
    if (Status s = usable(); !s) return s;
    payload_.clear();
    if (Status s = emit(pf::kEnd); !s) return s;
    if (Status s = writeBuffer(); !s) return s;
    int fd = fd_;
    fd_ = -1;
    finished_ = true;
    if (::close(fd) != 0) return poison(Status::fromErrno("close " + path_, errno));
    return Status::ok();
  }

 private:
  Status usable() const {
    if (!error_.isOk()) return error_;
    if (finished_) return Status::error(path_ + ": writer already finished");
    return Status::ok();
  }
  // Bad ids are caller bugs, not file damage: report them without poisoning the writer.
  Status badArgument(const std::string& message) const { return Status::error(path_ + ": " + message); }
  Status poison(Status status) {
    error_ = status;
    return status;
  }

  // A parent is always an earlier process (it existed before its child), so chains end.
  Status checkProcess(const char* what, const Process& process, uint32_t id) {
    if (Status s = usable(); !s) return s;
    if (process.parent != kNone && process.parent >= processes_)
      return badArgument(std::string(what) + ": " +
                         outOfRange("parent", process.parent, processes_, "processes"));
    if (process.parent != kNone && process.parent >= id)
      return badArgument(std::string(what) + ": parent " + std::to_string(process.parent) +
                         " is not an earlier process than " + std::to_string(id));
    return Status::ok();
  }
  Status checkThread(const char* what, const Thread& thread) {
    if (Status s = usable(); !s) return s;
    if (thread.process >= processes_)
      return badArgument(std::string(what) + ": " +
                         outOfRange("process", thread.process, processes_, "processes"));
    return Status::ok();
  }

  void put(uint64_t value) { varint::put(payload_, value); }
  void putSigned(int64_t value) { put(varint::zigzag(value)); }
  void putOptional(uint32_t id) { put(id == kNone ? 0 : uint64_t{id} + 1); }

  // Emits a String record the first time a string is seen (id 0 is always ""), then refers to it.
  void putString(const std::string& text) {
    if (text.empty()) return put(0);
    auto [it, inserted] = strings_.try_emplace(text, next_string_);
    if (inserted) {
      ++next_string_;
      varint::put(buf_, pf::kString);
      varint::put(buf_, text.size());
      buf_.append(text);
    }
    put(it->second);
  }
  void putStrings(const std::vector<std::string>& texts) {
    put(texts.size());
    for (const std::string& text : texts) putString(text);
  }

  void putProcess(const Process& process) {
    putSigned(process.pid);
    putSigned(process.ppid);
    putOptional(process.parent);
    putString(process.executable);
    putStrings(process.command);
    put(process.start_ns);
    put(process.end_ns);
    put(process.exec_replaced ? pf::kProcessExecReplaced : 0);
    if (!process.python_version.empty() || !process.python_note.empty()) {  // revision 3, trailing
      putString(process.python_version);
      putString(process.python_note);
    }
  }
  void putThread(const Thread& thread) {
    put(thread.process);
    putSigned(thread.tid);
    putString(thread.name);
    put(thread.start_ns);
    put(thread.end_ns);
  }

  Status emit(uint32_t type) {
    varint::put(buf_, type);
    varint::put(buf_, payload_.size());
    buf_.append(payload_);
    if (buf_.size() >= kFlushThreshold) return writeBuffer();
    return Status::ok();
  }
  Result<uint32_t> emitNew(uint32_t type, uint32_t& count) {
    if (count == kNone - 1) return badArgument("too many records of type " + std::to_string(type));
    if (Status s = emit(type); !s) return s;
    return count++;
  }

  Status writeBuffer() {
    size_t done = 0;
    while (done < buf_.size()) {
      ssize_t n = ::write(fd_, buf_.data() + done, buf_.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return poison(Status::fromErrno("write " + path_, errno));
      done += static_cast<size_t>(n);
    }
    buf_.clear();
    return Status::ok();
  }

  int fd_;
  std::string path_;
  std::string buf_;
  std::string payload_;  // scratch for the record being built; string records go to buf_ first
  Status error_ = Status::ok();
  bool finished_ = false;
  std::unordered_map<std::string, uint32_t> strings_;
  uint32_t next_string_ = 1;
  uint32_t processes_ = 0, threads_ = 0, modules_ = 0, functions_ = 0, locations_ = 0, stacks_ = 0;
  std::vector<bool> python_location_;  // per location id: flagged kLocationPython
  std::vector<bool> python_function_;  // per function id: Language::kPython
  std::vector<uint64_t> last_timestamp_;  // per thread, for the timestamp deltas
};

}  // namespace

Result<std::unique_ptr<ProfWriter>> ProfWriter::create(const std::string& path) {
  int fd;
  do {
    fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  } while (fd < 0 && errno == EINTR);
  if (fd < 0) return Status::fromErrno("open " + path, errno);
  auto writer = std::make_unique<FileProfWriter>(fd, path);
  // The header goes out at once so even a run killed right away leaves a recognizable file.
  if (Status s = writer->flush(); !s) return s;
  return std::unique_ptr<ProfWriter>(std::move(writer));
}

}  // namespace pprof
