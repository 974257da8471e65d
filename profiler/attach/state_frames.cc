#include "attach/state_frames.h"

namespace pprof::attach {
namespace {

constexpr uint64_t kBase = 0xfffe000000000000ull;  // non-canonical on x86_64
constexpr uint64_t kStride = 0x10;
constexpr int kStates = 5;

}  // namespace

RemoteModule offCpuModule() {
  RemoteModule m;
  m.path = kOffCpuModuleName;
  m.start = kBase;
  m.end = kBase + kStride * (kStates + 1);
  m.bias = 0;
  return m;
}

uint64_t stateFrameAddress(ThreadState state) {
  return kBase + kStride * (1 + static_cast<uint64_t>(state));
}

ThreadState stateFromProcLetter(char letter) {
  switch (letter) {
    case 'S':
    case 'I':  // idle kernel-style wait
      return ThreadState::kSleeping;
    case 'D':
      return ThreadState::kDiskWait;
    case 'R':
      return ThreadState::kWaitingForCpu;
    case 'T':
    case 't':
      return ThreadState::kStopped;
    default:
      return ThreadState::kOther;
  }
}

std::string stateFrameName(ThreadState state) {
  switch (state) {
    case ThreadState::kSleeping: return "[off-cpu: sleeping]";
    case ThreadState::kDiskWait: return "[off-cpu: uninterruptible (D)]";
    case ThreadState::kWaitingForCpu: return "[off-cpu: waiting for a CPU]";
    case ThreadState::kStopped: return "[off-cpu: stopped]";
    case ThreadState::kOther: break;
  }
  return "[off-cpu]";
}

collector::ResolveFn withStateFrames(collector::ResolveFn inner) {
  return [inner = std::move(inner)](const ModuleRef& module, const std::vector<uint64_t>& addresses) {
    if (module.path != kOffCpuModuleName) return inner(module, addresses);
    std::vector<SymbolizedAddress> out;
    for (uint64_t address : addresses) {
      ThreadState state = ThreadState::kOther;
      if (address >= kBase + kStride && address < kBase + kStride * (kStates + 1)) {
        state = static_cast<ThreadState>((address - kBase) / kStride - 1);
      }
      std::string name = stateFrameName(state);
      out.push_back(SymbolizedAddress{{SymbolizedFrame{name, name, "", 0, 0}}});
    }
    return out;
  };
}

}  // namespace pprof::attach
