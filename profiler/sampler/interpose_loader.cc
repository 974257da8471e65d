// Loader interposers. While a thread is inside dlopen/dlclose/dlmopen/dl_iterate_phdr it may
// hold the loader's lock, which unwinding needs (libunwind calls dl_iterate_phdr on a cache
// miss): the handler then records only the interrupted PC (kSampleInLoader).
// dlclose first drains synchronously, so samples inside the object reach the collector while
// its Module record can still be produced.
#include <dlfcn.h>
#include <link.h>

#include "drain.h"
#include "real_functions.h"
#include "sampler_lifecycle.h"
#include "state.h"

namespace pprof::sampler {

PPROF_REAL_FN(dlopen)
PPROF_REAL_FN(dlmopen)
PPROF_REAL_FN(dlclose)
PPROF_REAL_FN(dl_iterate_phdr)

namespace {

struct InLoader {
  InLoader() { ++t_in_loader; }
  ~InLoader() { --t_in_loader; }
};

}  // namespace
}  // namespace pprof::sampler

using namespace pprof::sampler;

#define PPROF_EXPORT extern "C" __attribute__((visibility("default")))

PPROF_EXPORT void* dlopen(const char* file, int mode) noexcept {
  InLoader guard;
  auto fn = real_dlopen();
  return fn != nullptr ? fn(file, mode) : nullptr;
}

PPROF_EXPORT void* dlmopen(Lmid_t lmid, const char* file, int mode) noexcept {
  InLoader guard;
  auto fn = real_dlmopen();
  return fn != nullptr ? fn(lmid, file, mode) : nullptr;
}

PPROF_EXPORT int dlclose(void* handle) noexcept {
  if (samplerRunning()) flushNow(-1);
  InLoader guard;
  auto fn = real_dlclose();
  return fn != nullptr ? fn(handle) : -1;
}

PPROF_EXPORT int dl_iterate_phdr(int (*callback)(dl_phdr_info*, size_t, void*), void* data) {
  InLoader guard;
  auto fn = real_dl_iterate_phdr();
  return fn != nullptr ? fn(callback, data) : 0;
}
