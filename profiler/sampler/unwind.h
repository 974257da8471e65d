// Stack unwinding with the system libunwind (Debian 1.6.2), loaded with dlopen RTLD_LOCAL.
//
// Why dlopen: libunwind.a is not PIC, and libunwind.so exports _Unwind_* which, in the global
// scope, would take over the program's C++ exception handling. RTLD_LOCAL keeps them private.
//
// Constraints: loadUnwinder() and warmUpThisThread() run outside signal handlers (they may
// allocate). captureStack() is async-signal-safe once the calling thread has been warmed up
// (libunwind's own TLS and per-thread caches are then allocated).
#pragma once

#include <cstdint>

namespace pprof::sampler {

bool loadUnwinder();
bool unwinderLoaded();
// Touches libunwind's thread-local state in the calling thread so that the first unwind from
// the signal handler does not allocate.
void warmUpThisThread();
// Fills `pcs` with return addresses starting at the caller's frame; returns the count
// (== capacity means the buffer filled and frames may be missing).
int captureStack(uint64_t* pcs, int capacity);

}  // namespace pprof::sampler
