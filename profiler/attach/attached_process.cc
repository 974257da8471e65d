#include "attach/attached_process.h"

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "attach/perf_records.h"
#include "attach/proc_info.h"
#include "attach/state_frames.h"
#include "collector/record_pump.h"
#include "wire/sync_wait.h"
#include "wire/wire.h"

namespace pprof::attach {
namespace {

// A PC outside every known module triggers a re-read of /proc/PID/maps at most this often
// (JIT code would otherwise re-read it on every sample); an mmap record forces one at once.
constexpr uint64_t kUnknownPcRefreshNs = 200'000'000;

collector::ModuleRecord toModuleRecord(const RemoteModule& m) {
  collector::ModuleRecord r{};
  r.fixed.bias = m.bias;
  r.fixed.start = m.start;
  r.fixed.end = m.end;
  r.fixed.path_len = static_cast<uint32_t>(m.path.size());
  r.fixed.build_id_len = static_cast<uint8_t>(std::min<size_t>(m.build_id.size(), 32));
  std::memcpy(r.fixed.build_id, m.build_id.data(), r.fixed.build_id_len);
  r.path = m.path;
  return r;
}

void appendSample(collector::SamplesRecord& batch, uint64_t time_ns, uint32_t weight, uint16_t flags,
                  const uint64_t* pcs, size_t n) {
  collector::DecodedSample s;
  s.timestamp_ns = time_ns;
  s.weight = weight;
  s.flags = flags;
  s.nframes = static_cast<uint16_t>(n);
  s.first_pc = static_cast<uint32_t>(batch.pcs.size());
  batch.pcs.insert(batch.pcs.end(), pcs, pcs + n);
  batch.samples.push_back(s);
}

}  // namespace

AttachedProcess::AttachedProcess(const Config& config, RecordFn emit,
                                 std::unique_ptr<RemoteUnwinder> unwinder)
    : config_(config), emit_(std::move(emit)), unwinder_(std::move(unwinder)) {}

AttachedProcess::~AttachedProcess() = default;  // the events' destructors close the fds

Result<std::unique_ptr<AttachedProcess>> AttachedProcess::attach(const Config& config, RecordFn emit,
                                                                 int* open_errno) {
  *open_errno = 0;
  auto unwinder = RemoteUnwinder::create(config.pid);
  if (!unwinder) return unwinder.status();
  std::unique_ptr<AttachedProcess> self(new AttachedProcess(config, std::move(emit), std::move(unwinder).value()));
  self->last_module_refresh_ns_ = collector::monotonicNowNs();
  self->emitModules();
  if (config.wall) self->emit_(toModuleRecord(offCpuModule()));

  // Listed twice: a thread created while the first list was being opened has its FORK record
  // only if its creator was already watched.
  for (int pass = 0; pass < 2; ++pass) {
    auto tids = listThreads(config.pid);
    if (!tids) {
      if (pass == 0) return tids.status();
      break;
    }
    for (pid_t tid : tids.value()) {
      if (self->threads_.count(tid)) continue;
      int err = 0;
      if (self->watch(tid, collector::monotonicNowNs(), &err)) continue;
      if (self->threads_.empty() && (err == EACCES || err == EPERM)) {
        if (!config.event.exclude_kernel) {
          // perf_event_paranoid >= 2 lets unprivileged users count user time only.
          self->config_.event.exclude_kernel = true;
          if (self->watch(tid, collector::monotonicNowNs(), &err)) continue;
        }
        *open_errno = err;
        return Status::fromErrno("perf_event_open", err);
      }
      if (err == EINVAL || err == ENOSYS || err == ENOENT || err == EOPNOTSUPP) {
        *open_errno = err;
        return Status::fromErrno("perf_event_open", err);
      }
    }
  }
  if (self->threads_.empty()) {
    *open_errno = ESRCH;
    return Status::fromErrno("perf_event_open", ESRCH);
  }
  return self;
}

bool AttachedProcess::watching(pid_t tid) const {
  auto it = threads_.find(tid);
  return it != threads_.end() && !it->second.exited;
}

bool AttachedProcess::watch(pid_t tid, uint64_t now_ns, int* err) {
  // Many threads appearing later shrink the rings of the next ones (never grow them back: the
  // size may also have been cut by the locked-memory limit).
  config_.event.ring_pages = std::min(
      config_.event.ring_pages, ringPagesFor(config_.event.stack_bytes, config_.event.period_ns, liveThreads() + 1));
  EventConfig event = config_.event;
  auto opened = PerfThreadEvent::open(tid, event, err);
  if (!opened) {
    if (*err == EMFILE || *err == ENFILE || *err == ENOMEM) ++counters_.threads_unwatched;
    return false;
  }
  config_.event.ring_pages = event.ring_pages;  // later threads start from what fit
  auto sideband = PerfThreadEvent::openSideband(tid, event, err);
  if (!sideband) return false;  // the thread is gone already
  // A tid the kernel reused for a new thread starts afresh (the profile keeps one thread per
  // tid, as for a launched run).
  threads_.erase(tid);
  Thread& t = threads_[tid];
  t.tid = tid;
  t.event = std::move(opened).value();
  t.sideband = std::move(sideband).value();
  t.name = readThreadName(config_.pid, tid);
  ++counters_.threads_seen;
  emitThread(tid, wire::ThreadEvent::kSeen, now_ns, t.name);
  return true;
}

void AttachedProcess::retire(Thread& thread, uint64_t now_ns) {
  if (thread.exited) return;
  if (thread.event) readRing(thread);
  thread.exited = true;
  thread.event.reset();
  thread.sideband.reset();
  thread.schedstat.reset();
  emitThread(thread.tid, wire::ThreadEvent::kExited, now_ns, thread.name);
}

size_t AttachedProcess::liveThreads() const {
  return static_cast<size_t>(std::count_if(threads_.begin(), threads_.end(),
                                           [](const auto& kv) { return !kv.second.exited; }));
}

void AttachedProcess::wait(int also_fd, int timeout_ms) {
  poll_fds_.clear();
  poll_fds_.push_back(pollfd{also_fd, POLLIN, 0});
  for (const auto& [tid, t] : threads_) {
    if (t.event) poll_fds_.push_back(pollfd{t.event->fd(), POLLIN, 0});
    if (t.sideband) poll_fds_.push_back(pollfd{t.sideband->fd(), POLLIN, 0});
  }
  const bool ready = poll(poll_fds_.data(), poll_fds_.size(), timeout_ms) > 0;
  // threads_ is unchanged since the fds were listed: walk it in the same order.
  size_t i = 1;
  for (auto& [tid, t] : threads_) {
    if (t.event) {
      t.hung_up = ready && (poll_fds_[i].revents & POLLHUP) != 0;
      ++i;
    }
    if (t.sideband) ++i;
  }
}

void AttachedProcess::emitThread(pid_t tid, wire::ThreadEvent event, uint64_t time_ns, const std::string& name) {
  wire::Thread t{};
  t.tid = tid;
  t.event = event;
  t.timestamp_ns = time_ns;
  std::strncpy(t.name, name.c_str(), sizeof(t.name) - 1);
  emit_(t);
}

void AttachedProcess::emitModules() {
  for (const RemoteModule& m : unwinder_->takeNewModules()) emit_(toModuleRecord(m));
}

void AttachedProcess::refreshModules(uint64_t now_ns) {
  modules_dirty_ = false;
  last_module_refresh_ns_ = now_ns;
  if (unwinder_->refreshModules()) emitModules();
}

void AttachedProcess::drain() {
  // Side bands first, and the threads they announce opened at once: a new thread runs
  // unsampled until its clock is open, so that must not wait behind the unwinding below.
  collector::SamplesRecord none;
  for (auto& [tid, t] : threads_) {
    if (!t.sideband) continue;
    t.sideband->drain([&](const uint8_t* data, size_t size) { handleRecord(t, data, size, none); });
  }
  watchAnnounced();
  for (auto& [tid, t] : threads_) {
    if (!t.event) continue;
    // A clock whose thread exited reports POLLHUP, and every record it wrote is in the ring by
    // then: wait() saw the hang-up before this read, so the read gets its last ones.
    readRing(t);
    if (t.hung_up) retire(t, collector::monotonicNowNs());
  }
  watchAnnounced();
}

void AttachedProcess::watchAnnounced() {
  // Opened outside the ring iteration (watch() changes threads_).
  std::vector<std::pair<pid_t, uint64_t>> fresh;
  fresh.swap(to_watch_);
  for (const auto& [tid, created_ns] : fresh) {
    if (watching(tid)) continue;
    int err = 0;
    const uint64_t now = collector::monotonicNowNs();
    if (watch(tid, now, &err) && created_ns != 0 && now > created_ns) {
      ++counters_.threads_announced;
      counters_.announce_delay_ns += now - created_ns;
      counters_.announce_delay_max_ns = std::max(counters_.announce_delay_max_ns, now - created_ns);
    }
  }
}

void AttachedProcess::readRing(Thread& thread) {
  collector::SamplesRecord batch;
  batch.tid = thread.tid;
  auto handle = [&](const uint8_t* data, size_t size) {
    counters_.record_bytes += size;
    handleRecord(thread, data, size, batch);
  };
  // Side band first: an mmap record there must refresh the modules before the samples that
  // may fall into the new code are unwound.
  if (thread.sideband) thread.sideband->drain(handle);
  if (thread.event) thread.event->drain(handle);
  if (!batch.samples.empty()) emit_(batch);
}

void AttachedProcess::handleRecord(Thread& owner, const uint8_t* data, size_t size,
                                   collector::SamplesRecord& batch) {
  if (isSampleRecord(data, size)) {
    handleSample(owner, data, size, batch);
    return;
  }
  auto side = decodeSideRecord(data, size);
  if (!side) return;
  const SideRecord& r = side.value();
  switch (r.kind) {
    case SideKind::kFork:
      // Same pid: a new thread. Another pid: a child process, not followed.
      if (r.pid == config_.pid && !watching(r.tid)) to_watch_.emplace_back(r.tid, r.time_ns);
      break;
    case SideKind::kExit:
      break;  // the clock's POLLHUP retires the thread once its ring is read
    case SideKind::kComm:
      if (r.pid == config_.pid) {
        auto it = threads_.find(r.tid);
        if (it != threads_.end() && it->second.name != r.name) {
          it->second.name = r.name;
          emitThread(r.tid, wire::ThreadEvent::kRenamed,
                     r.time_ns ? r.time_ns : collector::monotonicNowNs(), r.name);
        }
        if (r.exec) modules_dirty_ = true;
      }
      break;
    case SideKind::kMmap:
      if (r.pid == config_.pid) modules_dirty_ = true;
      break;
    case SideKind::kLost:
      counters_.kernel_lost += r.lost;
      {
        wire::Lost lost{};
        lost.tid = owner.tid;
        lost.reason = wire::LostReason::kRingFull;
        lost.count = r.lost;
        emit_(lost);
      }
      break;
    case SideKind::kThrottle:
      if (r.throttled) ++counters_.throttled;
      break;
    case SideKind::kOther:
      break;
  }
}

void AttachedProcess::handleSample(Thread& thread, const uint8_t* data, size_t size,
                                   collector::SamplesRecord& batch) {
  auto decoded = decodeSample(data, size);
  if (!decoded) return;
  const SampleView& s = decoded.value();
  if (!s.regs.valid) {
    ++counters_.no_user_regs;
    return;
  }
  const uint64_t start = collector::monotonicNowNs();
  if (modules_dirty_ ||
      (!unwinder_->knowsAddress(s.regs.ip) && start - last_module_refresh_ns_ > kUnknownPcRefreshNs)) {
    refreshModules(start);
  }
  UnwindResult unwound = unwinder_->unwind(s.regs, /*callee_saved=*/true, s.stack, s.stack_size);
  counters_.unwind_ns += collector::monotonicNowNs() - start;
  appendSample(batch, s.time_ns, 1, unwound.flags, unwound.pcs.data(), unwound.pcs.size());
  ++counters_.samples;
  if (config_.wall) thread.last_stack = std::move(unwound.pcs);
}

bool AttachedProcess::rescan(uint64_t now_ns) {
  auto tids = listThreads(config_.pid);
  if (!tids) return false;
  for (pid_t tid : tids.value()) {
    if (watching(tid)) continue;
    // An exited leader stays listed as a zombie while the other threads run on.
    if (tid == config_.pid && threads_.count(tid)) continue;
    int err = 0;
    watch(tid, now_ns, &err);
  }
  for (auto& [tid, t] : threads_) {
    if (!t.exited && std::find(tids.value().begin(), tids.value().end(), tid) == tids.value().end()) {
      retire(t, now_ns);
    }
  }
  return true;
}

void AttachedProcess::readBlockedStack(Thread& thread) {
  thread.sleep_syscall = -1;
  auto fallback = [&] {
    thread.sleep_stack = thread.last_stack;
    thread.sleep_flags = 0;
  };
  if (!can_read_blocked_) return fallback();
  int err = 0;
  auto at = readBlockedAt(config_.pid, thread.tid, &err);
  if (!at) {
    if (err == EACCES || err == EPERM) {
      can_read_blocked_ = false;
      blocked_problem_ = at.message();
    }
    return fallback();
  }
  thread.sleep_syscall = at.value().syscall;
  if (at.value().running) {  // woke up meanwhile: keep the last blocked place if any
    if (thread.sleep_stack.empty()) fallback();
    return;
  }
  if (at.value().sp == thread.blocked_sp && at.value().pc == thread.blocked_pc && !thread.sleep_stack.empty()) {
    return;  // blocked again in the same call, same frame
  }
  stack_buffer_.resize(config_.event.stack_bytes);
  size_t got = readTargetMemory(config_.pid, at.value().sp, stack_buffer_.data(), stack_buffer_.size());
  if (got == 0) {
    if (errno == EPERM || errno == EACCES) {
      can_read_blocked_ = false;
      blocked_problem_ = "process_vm_readv: " + std::string(std::strerror(errno));
    }
    return fallback();
  }
  const uint64_t start = collector::monotonicNowNs();
  UserRegs regs;
  regs.ip = at.value().pc;
  regs.sp = at.value().sp;
  UnwindResult unwound = unwinder_->unwind(regs, /*callee_saved=*/false, stack_buffer_.data(), got);
  counters_.unwind_ns += collector::monotonicNowNs() - start;
  ++counters_.blocked_stacks;
  // With only sp and pc known, a frame whose CFA is based on rbp (frame-pointer code) stops the
  // unwind; the last on-CPU stack is then the better guess.
  if (unwound.pcs.size() < 2 && !thread.last_stack.empty()) return fallback();
  thread.blocked_sp = at.value().sp;
  thread.blocked_pc = at.value().pc;
  thread.sleep_stack = std::move(unwound.pcs);
  thread.sleep_flags = unwound.flags;
}

void AttachedProcess::emitIdle(Thread& thread, uint64_t now_ns, uint64_t state_address,
                               const std::vector<uint64_t>& stack, uint16_t flags, uint32_t periods) {
  collector::SamplesRecord batch;
  batch.tid = thread.tid;
  std::vector<uint64_t> pcs;
  pcs.reserve(stack.size() + 1);
  pcs.push_back(state_address);
  // The recorder treats every frame but the leaf as a return address (looks up pc - 1), which
  // for a blocked thread's PC (just after its syscall instruction) names the syscall itself.
  pcs.insert(pcs.end(), stack.begin(), stack.begin() + std::min<size_t>(stack.size(), wire::kMaxFrames - 1));
  appendSample(batch, now_ns, periods, static_cast<uint16_t>(flags | wire::kSampleIdle), pcs.data(), pcs.size());
  emit_(batch);
  ++counters_.idle_samples;
}

void AttachedProcess::wallTick(uint64_t now_ns) {
  const uint64_t period = config_.event.period_ns;
  for (auto& [tid, t] : threads_) {
    if (t.exited) continue;
    if (!t.schedstat) t.schedstat = std::make_unique<ProcFile>(schedStatPath(config_.pid, tid));
    auto text = t.schedstat->read();
    if (!text) continue;
    auto sched = parseSchedStat(text.value());
    if (!sched) continue;
    const uint64_t cpu_ns = sched.value().cpu_ns;
    OffCpuPeriods off = t.off_cpu.advance(now_ns, cpu_ns, sched.value().wait_ns, period);
    if (off.waiting > 0) {
      emitIdle(t, now_ns, stateFrameAddress(ThreadState::kWaitingForCpu), t.last_stack, 0, off.waiting);
    }
    if (off.sleeping == 0) continue;
    if (!t.sleep_known || t.sleep_cpu_ns != cpu_ns) {
      auto stat = readProcStat(config_.pid, tid);
      ThreadState state = stat ? stateFromProcLetter(stat.value().state) : ThreadState::kOther;
      // Running again by now: it slept during the tick; say so without guessing D or S.
      if (state == ThreadState::kWaitingForCpu) state = ThreadState::kSleeping;
      t.sleep_state_address = stateFrameAddress(state);
      readBlockedStack(t);
      t.sleep_known = true;
      t.sleep_cpu_ns = cpu_ns;
    }
    uint16_t flags = t.sleep_flags;
    if (wire::isSynchronizationWaitSyscall(t.sleep_syscall)) flags |= wire::kSampleSyncWait;
    emitIdle(t, now_ns, t.sleep_state_address, t.sleep_stack, flags, off.sleeping);
  }
}

void AttachedProcess::detach() {
  wait(-1, 0);  // threads that exited since the loop's last wait are retired as usual
  drain();
  for (auto& [tid, t] : threads_) {
    if (t.event) readRing(t);
    t.event.reset();
    t.sideband.reset();
  }
}

}  // namespace pprof::attach
