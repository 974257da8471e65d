#include "attach/remote_unwinder.h"

#include <elfutils/libdwfl.h>

#include <cerrno>
#include <cstring>
#include <set>
#include <tuple>

#include "wire/wire.h"

namespace pprof::attach {
namespace {

// x86_64 DWARF register numbers.
constexpr int kDwarfBx = 3, kDwarfBp = 6, kDwarfSp = 7, kDwarfR12 = 12;

using ModuleKey = std::tuple<uint64_t, uint64_t, uint64_t, std::string>;  // start, end, bias, path

}  // namespace

struct RemoteUnwinder::Impl {
  pid_t pid = 0;
  Dwfl* dwfl = nullptr;
  char* debuginfo_path = nullptr;
  Dwfl_Callbacks callbacks{};
  Dwfl_Thread_Callbacks thread_callbacks{};
  bool attached = false;
  std::set<ModuleKey> announced;
  std::vector<RemoteModule> fresh;

  // The unwind in progress.
  const UserRegs* regs = nullptr;
  bool callee_saved = false;
  const uint8_t* stack = nullptr;
  uint64_t stack_size = 0;
  bool read_past_copy = false;
  std::vector<uint64_t>* pcs = nullptr;
  bool hit_max_frames = false;

  ~Impl() {
    if (dwfl) dwfl_end(dwfl);
  }

  static pid_t nextThread(Dwfl*, void*, void**) { return 0; }  // threads are asked for by tid

  static bool getThread(Dwfl*, pid_t, void* dwfl_arg, void** thread_argp) {
    *thread_argp = dwfl_arg;
    return true;
  }

  // Every memory read of the unwinder lands here: served from the stack copy only.
  static bool memoryRead(Dwfl*, Dwarf_Addr addr, Dwarf_Word* result, void* dwfl_arg) {
    auto* self = static_cast<Impl*>(dwfl_arg);
    const uint64_t sp = self->regs->sp;
    if (addr >= sp && addr - sp <= self->stack_size && self->stack_size - (addr - sp) >= 8) {
      std::memcpy(result, self->stack + (addr - sp), 8);
      return true;
    }
    // Above the copy but plausibly still on the thread's stack: the stack was deeper than
    // what the kernel copied.
    if (addr >= sp && addr - sp < (64ull << 20)) self->read_past_copy = true;
    return false;
  }

  static bool setInitialRegisters(Dwfl_Thread* thread, void* thread_arg) {
    auto* self = static_cast<Impl*>(thread_arg);
    const UserRegs& r = *self->regs;
    Dwarf_Word sp = r.sp;
    if (!dwfl_thread_state_registers(thread, kDwarfSp, 1, &sp)) return false;
    if (self->callee_saved) {
      Dwarf_Word bx = r.bx, bp = r.bp;
      Dwarf_Word high[4] = {r.r12, r.r13, r.r14, r.r15};
      if (!dwfl_thread_state_registers(thread, kDwarfBx, 1, &bx) ||
          !dwfl_thread_state_registers(thread, kDwarfBp, 1, &bp) ||
          !dwfl_thread_state_registers(thread, kDwarfR12, 4, high)) {
        return false;
      }
    }
    dwfl_thread_state_register_pc(thread, r.ip);
    return true;
  }

  static int onFrame(Dwfl_Frame* frame, void* arg) {
    auto* self = static_cast<Impl*>(arg);
    Dwarf_Addr pc = 0;
    bool activation = false;
    if (!dwfl_frame_pc(frame, &pc, &activation)) return DWARF_CB_ABORT;
    if (self->pcs->size() >= wire::kMaxFrames) {
      self->hit_max_frames = true;
      return DWARF_CB_ABORT;
    }
    self->pcs->push_back(pc);
    return DWARF_CB_OK;
  }

  static int collectModule(Dwfl_Module* module, void**, const char* name, Dwarf_Addr, void* arg) {
    auto* self = static_cast<Impl*>(arg);
    Dwarf_Addr start = 0, end = 0;
    dwfl_module_info(module, nullptr, &start, &end, nullptr, nullptr, nullptr, nullptr);
    Dwarf_Addr bias = 0;
    if (dwfl_module_getelf(module, &bias) == nullptr) return DWARF_CB_OK;  // unreadable file
    std::string path = name ? name : "";
    if (path.starts_with("[vdso")) path = "[vdso]";  // libdwfl may call it "[vdso: PID]"
    ModuleKey key{start, end, bias, path};
    if (!self->announced.insert(key).second) return DWARF_CB_OK;
    RemoteModule m;
    m.path = path;
    m.start = start;
    m.end = end;
    m.bias = bias;
    const unsigned char* bits = nullptr;
    GElf_Addr vaddr = 0;
    int len = dwfl_module_build_id(module, &bits, &vaddr);
    if (len > 0) m.build_id.assign(reinterpret_cast<const char*>(bits), static_cast<size_t>(len > 32 ? 32 : len));
    self->fresh.push_back(std::move(m));
    return DWARF_CB_OK;
  }

  Status report() {
    dwfl_report_begin(dwfl);
    int rc = dwfl_linux_proc_report(dwfl, pid);
    if (dwfl_report_end(dwfl, nullptr, nullptr) != 0) {
      return Status::error(std::string("libdwfl: ") + dwfl_errmsg(-1));
    }
    if (rc != 0) {
      std::string what = "read /proc/" + std::to_string(pid) + "/maps";
      return rc > 0 ? Status::fromErrno(what, rc) : Status::error(what + ": " + dwfl_errmsg(-1));
    }
    dwfl_getmodules(dwfl, collectModule, this, 0);
    if (!attached) {
      thread_callbacks.next_thread = nextThread;
      thread_callbacks.get_thread = getThread;
      thread_callbacks.memory_read = memoryRead;
      thread_callbacks.set_initial_registers = setInitialRegisters;
      if (!dwfl_attach_state(dwfl, nullptr, pid, &thread_callbacks, this)) {
        return Status::error(std::string("libdwfl: cannot prepare unwinding: ") + dwfl_errmsg(-1));
      }
      attached = true;
    }
    return Status::ok();
  }
};

RemoteUnwinder::RemoteUnwinder(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
RemoteUnwinder::~RemoteUnwinder() = default;

Result<std::unique_ptr<RemoteUnwinder>> RemoteUnwinder::create(pid_t pid) {
  auto impl = std::make_unique<Impl>();
  impl->pid = pid;
  impl->callbacks.find_elf = dwfl_linux_proc_find_elf;
  impl->callbacks.find_debuginfo = dwfl_standard_find_debuginfo;
  impl->callbacks.debuginfo_path = &impl->debuginfo_path;
  impl->dwfl = dwfl_begin(&impl->callbacks);
  if (!impl->dwfl) return Status::error(std::string("libdwfl: ") + dwfl_errmsg(-1));
  if (Status s = impl->report(); !s) return s;
  return std::unique_ptr<RemoteUnwinder>(new RemoteUnwinder(std::move(impl)));
}

Status RemoteUnwinder::refreshModules() {
  ++stats_.module_refreshes;
  return impl_->report();
}

std::vector<RemoteModule> RemoteUnwinder::takeNewModules() {
  std::vector<RemoteModule> out;
  out.swap(impl_->fresh);
  return out;
}

bool RemoteUnwinder::knowsAddress(uint64_t pc) { return dwfl_addrmodule(impl_->dwfl, pc) != nullptr; }

UnwindResult RemoteUnwinder::unwind(const UserRegs& regs, bool callee_saved, const uint8_t* stack,
                                    uint64_t stack_size) {
  UnwindResult result;
  Impl& s = *impl_;
  s.regs = &regs;
  s.callee_saved = callee_saved;
  s.stack = stack;
  s.stack_size = stack ? stack_size : 0;
  s.read_past_copy = false;
  s.hit_max_frames = false;
  s.pcs = &result.pcs;
  int rc = dwfl_getthread_frames(s.dwfl, s.pid, Impl::onFrame, &s);
  if (result.pcs.empty()) result.pcs.push_back(regs.ip);  // never lose the sample's place
  ++stats_.unwinds;
  stats_.frames += result.pcs.size();
  if (s.hit_max_frames || (rc != 0 && s.read_past_copy)) {
    result.flags |= wire::kSampleTruncated;
    ++stats_.truncated;
  } else if (rc != 0) {
    result.flags |= wire::kSampleUnwindFailed;
    ++stats_.failed;
  }
  s.regs = nullptr;
  s.pcs = nullptr;
  return result;
}

}  // namespace pprof::attach
