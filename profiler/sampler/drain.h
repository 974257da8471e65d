// Moving samples out of the process: the drain thread (every drain_ms) and the synchronous
// flushes at exit, _exit, exec and dlclose. Samples from each thread's ring are batched into
// wire::Samples records; Module records for newly loaded objects are always sent first.
//
// Constraints: normal context. Every function here takes g_state.drain_mutex (the socket and
// the ring consumers belong to whoever holds it), except startDrainThread().
#pragma once

#include <cstdint>

namespace pprof::sampler {

bool allocateDrainBuffers();
// At most one per process (later calls in the same process return true).
bool startDrainThread();
// Drains everything now. With `goodbye_reason` >= 0 also sends Goodbye and closes the
// connection (exit 0, _exit 1, exec 2); later calls are no-ops until reconnect().
void flushNow(int32_t goodbye_reason);
// Sends the buffered region records now (a program marking regions faster than the drain
// period sends them); samples wait for the drain thread.
void flushRegionsNow();
// pprof_stop(): drains everything, says goodbye and closes the connection, waiting for the
// drain lock as long as it takes (bounded by the send timeout).
void endConnection();
// Opens a new connection and sends Hello, the modules and the live threads (start-up, after
// fork in the child, after a failed exec). Caller holds no lock.
bool connectAndAnnounce();
// Fork support: prepare locks, parent unlocks, child re-initializes.
void lockDrainForFork();
void unlockDrainAfterFork();
void resetDrainInChild();

}  // namespace pprof::sampler
