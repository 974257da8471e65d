// The next definition (libc's) of every function the sampler interposes, found with
// dlsym(RTLD_NEXT). Resolved lazily because the program may call an interposed function from
// a constructor that runs before ours.
//
// Constraints: resolveReal() calls dlsym the first time, so never from the signal handler;
// start-up touches every function it needs so later lookups are plain atomic loads.
#pragma once

#include <atomic>

namespace pprof::sampler {

void* resolveReal(const char* name, std::atomic<void*>* cache);

// Declares `real_foo()` returning a pointer of the type of ::foo.
#define PPROF_REAL_FN(fn)                                               \
  inline auto real_##fn() {                                             \
    static std::atomic<void*> cache{nullptr};                           \
    return reinterpret_cast<decltype(&::fn)>(resolveReal(#fn, &cache)); \
  }

}  // namespace pprof::sampler
