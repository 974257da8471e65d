#include "unwind.h"

#include <dlfcn.h>

#include <atomic>

#include "interpose_signals.h"

namespace pprof::sampler {
namespace {

using BacktraceFn = int (*)(void**, int);
using SetCachingPolicyFn = int (*)(void*, int);

constexpr int kUnwCachePerThread = 2;  // UNW_CACHE_PER_THREAD in libunwind-common.h

std::atomic<BacktraceFn> g_backtrace{nullptr};

}  // namespace

bool loadUnwinder() {
  if (g_backtrace.load(std::memory_order_acquire) != nullptr) return true;
  void* lib = dlopen("libunwind.so.8", RTLD_NOW | RTLD_LOCAL);
  if (lib == nullptr) return false;
  auto backtrace = reinterpret_cast<BacktraceFn>(dlsym(lib, "unw_backtrace"));
  auto set_policy = reinterpret_cast<SetCachingPolicyFn>(dlsym(lib, "_ULx86_64_set_caching_policy"));
  void** local_as = static_cast<void**>(dlsym(lib, "_ULx86_64_local_addr_space"));
  if (backtrace == nullptr) return false;
  // The default global cache takes a lock and masks signals on every slow-path step.
  if (set_policy != nullptr && local_as != nullptr) set_policy(*local_as, kUnwCachePerThread);
  g_backtrace.store(backtrace, std::memory_order_release);
  return true;
}

bool unwinderLoaded() { return g_backtrace.load(std::memory_order_acquire) != nullptr; }

void warmUpThisThread() {
  // A tick during the warm-up would unwind while this very thread holds libunwind's lock.
  setSamplingSignalBlocked(true);
  uint64_t pcs[16];
  captureStack(pcs, 16);
  setSamplingSignalBlocked(false);
}

int captureStack(uint64_t* pcs, int capacity) {
  BacktraceFn backtrace = g_backtrace.load(std::memory_order_acquire);
  if (backtrace == nullptr) return 0;
  static_assert(sizeof(void*) == sizeof(uint64_t), "64-bit only");
  int n = backtrace(reinterpret_cast<void**>(pcs), capacity);
  return n < 0 ? 0 : n;
}

}  // namespace pprof::sampler
