#include "real_functions.h"

#include <dlfcn.h>

namespace pprof::sampler {

void* resolveReal(const char* name, std::atomic<void*>* cache) {
  void* fn = cache->load(std::memory_order_acquire);
  if (fn == nullptr) {
    fn = dlsym(RTLD_NEXT, name);
    cache->store(fn, std::memory_order_release);
  }
  return fn;
}

}  // namespace pprof::sampler
