// Workload scenarios about faults: a stack the unwinder cannot walk, and the program's own
// SIGSEGV handling, which the sampler's fault guard must leave exactly as it was.
#pragma once

namespace pprof::sampler::test {

// Spins with an unreadable frame pointer in a frame whose CFA is rbp-based. Prints "corrupt done".
int runCorruptFramePointer();
// Installs a SIGSEGV handler, then faults. The handler prints "caught segv" and exits 0.
int runOwnSegvHandler();
// Faults with no handler installed: must die of SIGSEGV.
int runUnhandledSegv();

}  // namespace pprof::sampler::test
