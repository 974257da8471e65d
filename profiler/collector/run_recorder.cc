#include "collector/run_recorder.h"

#include <algorithm>
#include <cstring>
#include <set>
#include <type_traits>
#include <utility>

namespace pprof::collector {
namespace {

constexpr int kGoodbyeExec = 2;  // wire::Goodbye::reason when the image exec'ed another one

std::string hex(const uint8_t* bytes, size_t n) {
  static const char kDigits[] = "0123456789abcdef";
  std::string out;
  for (size_t i = 0; i < n; ++i) {
    out += kDigits[bytes[i] >> 4];
    out += kDigits[bytes[i] & 15];
  }
  return out;
}

std::string threadName(const wire::Thread& t) {
  return std::string(t.name, strnlen(t.name, sizeof(t.name)));
}

}  // namespace

std::string clockName(wire::ClockKind clock) {
  switch (clock) {
    case wire::ClockKind::kPerfTaskClock: return "perf-task-clock";
    case wire::ClockKind::kPosixCpuTimer: return "posix-cpu-timer";
  }
  return "clock-" + std::to_string(static_cast<uint32_t>(clock));
}

std::string outputError(const std::string& path, const std::string& message) {
  std::string prefix = "open " + path + ": ";
  std::string reason = message.starts_with(prefix) ? message.substr(prefix.size()) : message;
  return "cannot write '" + path + "': " + reason;
}

size_t RunRecorder::StackHash::operator()(const std::vector<uint32_t>& v) const {
  uint64_t h = 1469598103934665603ull;  // FNV-1a over the ids
  for (uint32_t id : v) h = (h ^ id) * 1099511628211ull;
  return static_cast<size_t>(h);
}

size_t RunRecorder::LocationKeyHash::operator()(const std::pair<uint32_t, uint64_t>& k) const {
  return std::hash<uint64_t>()(k.second * 0x9e3779b97f4a7c15ull ^ k.first);
}

RunRecorder::RunRecorder(ProfWriter& writer, RecorderConfig config)
    : writer_(writer), config_(std::move(config)) {
  meta_.producer = config_.producer;
  meta_.regions_only = config_.regions_only;
  meta_.host = config_.host;
  meta_.boot_id = config_.boot_id;
  meta_.frequency_hz = config_.frequency_hz;
  meta_.mode = config_.mode;
  meta_.period_ns = config_.frequency_hz ? 1'000'000'000ull / config_.frequency_hz : 0;
  meta_.start_realtime_ns = config_.run_start_realtime_ns;
  meta_.command = config_.command;
}

void RunRecorder::check(const Status& s) {
  if (!s && writer_status_) writer_status_ = s;
}

uint64_t RunRecorder::relative(uint64_t monotonic_ns) const {
  return monotonic_ns > config_.run_start_monotonic_ns ? monotonic_ns - config_.run_start_monotonic_ns : 0;
}

Status RunRecorder::start() {
  check(writer_.writeMeta(meta_));
  return writer_status_;
}

uint32_t RunRecorder::openConnection() {
  connections_.emplace_back();
  return static_cast<uint32_t>(connections_.size() - 1);
}

Status RunRecorder::onRecord(uint32_t connection, const Record& record) {
  Connection& conn = connections_.at(connection);
  if (!conn.open) return Status::error("record on a closed connection");
  if (const auto* hello = std::get_if<HelloRecord>(&record)) return onHello(conn, *hello);
  if (conn.process == kNone) return Status::error("first record is not a hello");
  Image& c = images_[conn.process];
  std::visit(
      [&](const auto& r) {
        using T = std::decay_t<decltype(r)>;
        if constexpr (std::is_same_v<T, ModuleRecord>) {
          onModule(c, r);
        } else if constexpr (std::is_same_v<T, wire::ModuleUnload>) {
          c.module_map.unload(r.start, r.bias);  // unknown modules: nothing to retire
        } else if constexpr (std::is_same_v<T, SamplesRecord>) {
          onSamples(c, r);
        } else if constexpr (std::is_same_v<T, wire::Thread>) {
          onThread(c, r);
        } else if constexpr (std::is_same_v<T, wire::Lost>) {
          c.lost_reported += r.count;
        } else if constexpr (std::is_same_v<T, wire::Goodbye>) {
          c.goodbye_reason = r.reason;
          c.goodbye_lost = std::max(c.goodbye_lost, r.samples_lost);  // a running total
        } else if constexpr (std::is_same_v<T, RegionRecord>) {
          onRegion(c, r);
        } else if constexpr (std::is_same_v<T, PyCodeRecord>) {
          onPyCode(c, r);
        } else if constexpr (std::is_same_v<T, PythonRecord>) {
          onPython(c, r);
        }
      },
      record);
  return Status::ok();
}

// The previous image of the same pid if it exec'ed (or vanished without a goodbye, which is
// what an exec looks like when the goodbye was lost); else the image of the parent pid that
// was running when this one started.
uint32_t RunRecorder::parentOf(const Process& child) const {
  for (size_t i = processes_.size(); i-- > 0;) {
    const Process& p = processes_[i];
    int reason = images_[i].goodbye_reason;
    if (p.pid == child.pid && !p.exec_replaced && (reason == kGoodbyeExec || reason == -1)) {
      return static_cast<uint32_t>(i);
    }
  }
  for (size_t i = processes_.size(); i-- > 0;) {
    const Process& p = processes_[i];
    if (p.pid == child.ppid && p.start_ns <= child.start_ns) return static_cast<uint32_t>(i);
  }
  return kNone;
}

// An image whose exec failed reconnects: same pid, same sampler start time, and its last
// Goodbye said "exec".
uint32_t RunRecorder::resumedImage(const Process& process) const {
  for (size_t i = processes_.size(); i-- > 0;) {
    const Process& p = processes_[i];
    if (p.pid == process.pid && p.start_ns == process.start_ns &&
        images_[i].goodbye_reason == kGoodbyeExec) {
      return static_cast<uint32_t>(i);
    }
  }
  return kNone;
}

void RunRecorder::resume(uint32_t id) {
  Image& image = images_[id];
  image.goodbye_reason = -1;
  Process& process = processes_[id];
  if (process.end_ns != 0) {
    process.end_ns = 0;
    check(writer_.updateProcess(id, process));
  }
  for (uint32_t t : image.ended_by_close) {
    threads_[t].end_ns = 0;
    check(writer_.updateThread(t, threads_[t]));
  }
  image.ended_by_close.clear();
}

Status RunRecorder::onHello(Connection& connection, const HelloRecord& hello) {
  if (connection.process != kNone) return Status::error("second hello on one connection");
  Process process;
  process.pid = hello.fixed.pid;
  process.ppid = hello.fixed.ppid;
  process.executable = hello.exe_path;
  process.command = hello.command;
  process.start_ns = relative(hello.fixed.start_monotonic_ns);
  if (uint32_t resumed = resumedImage(process); resumed != kNone) {
    connection.process = resumed;
    ++images_[resumed].open_connections;
    resume(resumed);
    return Status::ok();
  }
  process.parent = parentOf(process);
  if (process.parent != kNone && processes_[process.parent].pid == process.pid) {
    Process& previous = processes_[process.parent];
    previous.exec_replaced = true;
    if (previous.end_ns == 0 || previous.end_ns > process.start_ns) previous.end_ns = process.start_ns;
    check(writer_.updateProcess(process.parent, previous));
  }
  connection.process = static_cast<uint32_t>(processes_.size());
  processes_.push_back(process);
  images_.emplace_back();
  images_.back().process = connection.process;
  images_.back().open_connections = 1;
  check(writer_.addProcess(process).status());

  std::string clock = clockName(hello.fixed.clock);
  if (meta_.clock.empty()) {
    meta_.clock = clock;
  } else if (("," + meta_.clock + ",").find("," + clock + ",") == std::string::npos) {
    meta_.clock += "," + clock;  // processes fell back to different clocks: say so
  }
  return Status::ok();
}

void RunRecorder::onModule(Image& c, const ModuleRecord& record) {
  const wire::Module& m = record.fixed;
  if (const ModuleSpan* same = c.module_map.findExact(m.start, m.end, m.bias);
      same && modules_[same->id].path == record.path) {
    return;  // announced again (e.g. a rescan): keep the first id
  }
  Module module;
  module.process = c.process;
  module.path = record.path;
  module.build_id = hex(m.build_id, m.build_id_len);
  module.start = m.start;
  module.end = m.end;
  module.bias = m.bias;
  uint32_t id = static_cast<uint32_t>(modules_.size());
  modules_.push_back(module);
  check(writer_.addModule(module).status());
  c.module_map.load(ModuleSpan{m.start, m.end, m.bias, id});
}

uint32_t RunRecorder::threadFor(Image& c, int32_t tid, uint64_t rel_ns, const std::string& name) {
  auto [it, inserted] = c.threads.try_emplace(tid, static_cast<uint32_t>(threads_.size()));
  if (inserted) {
    Thread thread;
    thread.process = c.process;
    thread.tid = tid;
    thread.name = name;
    thread.start_ns = rel_ns;
    threads_.push_back(thread);
    check(writer_.addThread(thread).status());
  }
  return it->second;
}

void RunRecorder::onThread(Image& c, const wire::Thread& record) {
  uint64_t rel = relative(record.timestamp_ns);
  std::string name = threadName(record);
  Thread& thread = threads_[threadFor(c, record.tid, rel, name)];
  bool changed = false;
  if (!name.empty() && thread.name != name) {
    thread.name = name;
    changed = true;
  }
  if (record.event == wire::ThreadEvent::kExited) {
    thread.end_ns = std::max(rel, thread.start_ns);
    changed = true;
  }
  if (changed) check(writer_.updateThread(c.threads[record.tid], thread));
}

uint32_t RunRecorder::locationFor(const Image& c, uint64_t pc, bool caller) {
  // A caller's return address may sit one past the end of its module (a call as the last
  // instruction), so both the lookup and the stored address use pc - 1.
  uint64_t target = caller && pc > 0 ? pc - 1 : pc;
  const ModuleSpan* span = c.module_map.find(target);
  std::pair<uint32_t, uint64_t> key{span ? span->id : kNone, span ? target - span->bias : target};
  auto [it, inserted] = location_ids_.try_emplace(key, static_cast<uint32_t>(locations_.size()));
  if (inserted) {
    locations_.push_back(Location{key.first, key.second, {}});
    check(writer_.addLocation(key.first, key.second).status());
  }
  return it->second;
}

uint32_t RunRecorder::stackFor(std::vector<uint32_t>&& locations, uint32_t native_outermost) {
  auto [it, inserted] = stack_ids_.try_emplace(std::move(locations), static_cast<uint32_t>(stack_ids_.size()));
  if (inserted) {
    check(writer_.addStack(Stack{it->first}).status());
    stack_outermost_.push_back(native_outermost);
    stack_unflagged_samples_.push_back(0);
  }
  return it->second;
}

void RunRecorder::onSamples(Image& c, const SamplesRecord& record) {
  for (const DecodedSample& s : record.samples) {
    uint64_t rel = relative(s.timestamp_ns);
    uint32_t thread = threadFor(c, record.tid, rel, "");
    std::vector<uint32_t> stack;
    stack.reserve(std::max<size_t>(s.nframes, 1));
    const uint64_t* pcs = record.pcs.data() + s.first_pc;
    uint32_t native = s.nframes, python = 0;
    if ((s.flags & wire::kSamplePython) != 0 && s.nframes > 0) {
      native = std::min<uint32_t>(wire::PythonSection::native(pcs[0]), s.nframes - 1u);
      python = std::min<uint32_t>(wire::PythonSection::python(pcs[0]), s.nframes - 1u - native);
      ++pcs;
    }
    for (uint32_t i = 0; i < native; ++i) stack.push_back(locationFor(c, pcs[i], i > 0));
    if (stack.empty()) stack.push_back(locationFor(c, 0, false));  // keep the time, unknown place
    const uint32_t native_outermost = stack.back();
    if (python > 0) {
      appendPythonFrames(c, record.tid, pcs + native, python, &stack);
      ++python_samples_;
    }
    Sample sample;
    sample.stack = stackFor(std::move(stack), native_outermost);
    sample.thread = thread;
    sample.timestamp_ns = rel;
    sample.weight = s.weight;
    sample.flags = s.flags;
    check(writer_.addSample(sample));
    ++samples_;
    weight_ += s.weight;
    if (s.flags & (wire::kSampleTruncated | wire::kSampleUnwindFailed)) {
      ++truncated_;
    } else if ((s.flags & wire::kSampleInLoader) == 0) {
      ++stack_unflagged_samples_[sample.stack];  // checked for an early stop after symbolization
    }
  }
}

size_t RunRecorder::PyFunctionKeyHash::operator()(const PyFunctionKey& k) const {
  return std::hash<std::string>()(k.qualname) * 31 + std::hash<std::string>()(k.filename) * 7 +
         static_cast<size_t>(k.firstlineno);
}

// Python functions are identified by what the user sees (qualname, file, first line), so the
// same function in several threads, processes or re-created code objects is one Function.
uint32_t RunRecorder::pythonFunction(const std::string& qualname, const std::string& filename, int32_t firstlineno) {
  PyFunctionKey key{qualname, filename, firstlineno};
  if (auto it = py_function_ids_.find(key); it != py_function_ids_.end()) return it->second;
  Function function;
  function.name = qualname.empty() ? "<unknown>" : qualname;
  function.system_name = function.name;
  function.file = filename;
  function.start_line = firstlineno > 0 ? static_cast<uint32_t>(firstlineno) : 0;
  function.language = Language::kPython;
  auto id = writer_.addFunction(function);
  check(id.status());
  uint32_t value = id ? id.value() : 0;
  py_function_ids_.emplace(std::move(key), value);
  return value;
}

uint32_t RunRecorder::pythonLocation(uint32_t function, uint32_t line, bool entry) {
  const uint64_t key = uint64_t{function} << 33 | uint64_t{line} << 1 | (entry ? 1 : 0);
  auto [it, inserted] = py_location_ids_.try_emplace(key, static_cast<uint32_t>(locations_.size()));
  if (inserted) {
    const uint32_t flags = kLocationPython | (entry ? kLocationPythonEntry : 0);
    locations_.push_back(Location{kNone, 0, {Line{function, line}}, flags});
    check(writer_.addLocation(kNone, 0, flags).status());
    check(writer_.setLocationLines(it->second, {Line{function, line}}));
  }
  return it->second;
}

void RunRecorder::onPyCode(Image& c, const PyCodeRecord& record) {
  PyCode code;
  code.function = pythonFunction(record.qualname, record.filename, record.fixed.firstlineno);
  const auto format = static_cast<python::LineTableFormat>(record.fixed.line_format);
  code.lines = python::decodeLineTable(format, record.linetable.data(), record.linetable.size(),
                                       record.fixed.firstlineno);
  c.py_codes[record.fixed.tid][record.fixed.code] = static_cast<uint32_t>(py_codes_.size());
  py_codes_.push_back(std::move(code));
}

void RunRecorder::appendPythonFrames(Image& c, int32_t tid, const uint64_t* words, uint32_t count,
                                     std::vector<uint32_t>* stack) {
  const auto& codes = c.py_codes[tid];
  for (uint32_t i = 0; i < count; ++i) {
    const uint64_t word = words[i];
    auto it = codes.find(wire::PythonFrameWord::code(word));
    uint32_t function = 0, line = 0;
    if (it == codes.end()) {  // its code record was lost (ring full): keep the frame, unnamed
      function = pythonFunction("<unknown code>", "", 0);
    } else {
      const PyCode& code = py_codes_[it->second];
      function = code.function;
      const int32_t l = python::lineAt(code.lines, wire::PythonFrameWord::lasti(word));
      line = l > 0 ? static_cast<uint32_t>(l) : 0;
    }
    stack->push_back(pythonLocation(function, line, wire::PythonFrameWord::entry(word)));
  }
}

void RunRecorder::onPython(Image& c, const PythonRecord& record) {
  const wire::Python& py = record.fixed;
  Process& process = processes_[c.process];
  process.python_version = std::to_string(py.major) + "." + std::to_string(py.minor) + "." + std::to_string(py.micro);
  process.python_note = record.note;
  check(writer_.updateProcess(c.process, process));
  if (std::find(python_versions_.begin(), python_versions_.end(), process.python_version) == python_versions_.end())
    python_versions_.push_back(process.python_version);
  if (!record.note.empty() && py.status != wire::PythonStatus::kDisabled)
    python_notes_.push_back("pid " + std::to_string(process.pid) + ": Python " + process.python_version + ": " + record.note);
}

void RunRecorder::onRegion(Image& c, const RegionRecord& record) {
  const wire::Region& r = record.fixed;
  uint64_t rel = relative(r.timestamp_ns);
  uint32_t thread = threadFor(c, r.tid, rel, "");
  std::vector<OpenRegion>& open = c.open_regions[r.tid];
  if (r.event == wire::RegionEvent::kBegin) {
    open.push_back(OpenRegion{record.name, thread, rel});
    return;
  }
  // An end without a begin: the region began before profiling started (or in the parent
  // before a fork). Nothing to pair it with.
  if (open.empty()) return;
  writeRegion(open.back(), rel);
  open.pop_back();
}

void RunRecorder::writeRegion(const OpenRegion& open, uint64_t end_ns) {
  Region region;
  region.name = open.name;
  region.thread = open.thread;
  region.start_ns = open.start_ns;
  region.end_ns = std::max(end_ns, open.start_ns);  // clocks of different threads may disagree
  check(writer_.addRegion(region));
  ++regions_;
}

// Innermost first, threads in tid order, so the file does not depend on hash order.
void RunRecorder::closeOpenRegions(Image& c, uint64_t end_ns) {
  std::vector<int32_t> tids;
  for (const auto& [tid, open] : c.open_regions) {
    if (!open.empty()) tids.push_back(tid);
  }
  std::sort(tids.begin(), tids.end());
  for (int32_t tid : tids) {
    std::vector<OpenRegion>& open = c.open_regions[tid];
    while (!open.empty()) {
      writeRegion(open.back(), end_ns);
      open.pop_back();
    }
  }
  c.open_regions.clear();
}

bool RunRecorder::endedByExec(uint32_t connection) const {
  if (connection >= connections_.size()) return false;
  const Connection& conn = connections_[connection];
  return conn.process != kNone && images_[conn.process].goodbye_reason == kGoodbyeExec;
}

void RunRecorder::closeConnection(uint32_t connection, uint64_t now_monotonic_ns, bool malformed) {
  Connection& conn = connections_.at(connection);
  if (!conn.open) return;
  conn.open = false;
  if (malformed) ++malformed_;
  if (conn.process == kNone) return;
  Image& image = images_[conn.process];
  if (--image.open_connections > 0) return;  // the image lives on (a failed exec reconnected)
  Process& process = processes_[conn.process];
  if (process.end_ns == 0) {
    process.end_ns = std::max(relative(now_monotonic_ns), process.start_ns);
    check(writer_.updateProcess(conn.process, process));
  }
  closeOpenRegions(image, process.end_ns);
  for (const auto& [tid, id] : image.threads) {
    Thread& thread = threads_[id];
    if (thread.end_ns != 0) continue;
    thread.end_ns = std::max(process.end_ns, thread.start_ns);
    image.ended_by_close.push_back(id);
    check(writer_.updateThread(id, thread));
  }
}

uint64_t RunRecorder::countCutStacks(const std::vector<StackEnd>& location_end) {
  uint64_t cut = 0;
  for (size_t stack = 0; stack < stack_outermost_.size(); ++stack) {
    const uint32_t outermost = stack_outermost_[stack];
    if (outermost < location_end.size() && location_end[outermost] == StackEnd::kCut) {
      cut += stack_unflagged_samples_[stack];
    }
  }
  truncated_ += cut;
  return cut;
}

RecorderCounts RunRecorder::counts() const {
  RecorderCounts counts;
  counts.connections = connections_.size();
  counts.malformed_connections = malformed_;
  counts.samples = samples_;
  counts.weight = weight_;
  counts.truncated = truncated_;
  counts.regions = regions_;
  counts.python_samples = python_samples_;
  counts.python_versions = python_versions_;
  counts.python_notes = python_notes_;
  // Counted as users see them (and as pprof-stats counts them): an exec keeps its pid and its
  // main thread, so distinct pids and distinct (pid, tid) pairs, not process images.
  std::set<int32_t> pids;
  for (const Process& process : processes_) pids.insert(process.pid);
  std::set<std::pair<int32_t, int32_t>> tids;
  for (const Thread& thread : threads_) tids.insert({processes_[thread.process].pid, thread.tid});
  counts.processes = pids.size();
  counts.threads = tids.size();
  for (const Image& image : images_) {
    // Lost records and the goodbye total describe the same drops: take the larger, never both.
    counts.lost += std::max(image.lost_reported, image.goodbye_lost);
  }
  return counts;
}

void RunRecorder::updateMetaCounters() {
  RecorderCounts now = counts();
  meta_.lost_samples = now.lost;
  meta_.truncated_stacks = now.truncated;
}

Status RunRecorder::flush() {
  updateMetaCounters();
  std::string fingerprint = meta_.clock + "/" + std::to_string(meta_.lost_samples) + "/" +
                            std::to_string(meta_.truncated_stacks);
  if (fingerprint != written_meta_) {
    check(writer_.writeMeta(meta_));
    written_meta_ = fingerprint;
  }
  check(writer_.flush());
  return writer_status_;
}

Status RunRecorder::finish(uint64_t now_monotonic_ns) {
  updateMetaCounters();
  meta_.duration_ns = relative(now_monotonic_ns);
  check(writer_.writeMeta(meta_));
  check(writer_.finish());
  return writer_status_;
}

}  // namespace pprof::collector
