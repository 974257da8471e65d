// The process's loaded ELF objects, reported to the collector as Module / ModuleUnload
// records. A rescan happens before every batch of samples is sent when the loader's
// load/unload counters (dl_iterate_phdr's dlpi_adds/dlpi_subs) moved, so a module always
// precedes the samples inside it, also for objects glibc loads internally (NSS, iconv).
//
// Constraints: normal context, caller holds g_state.drain_mutex. Takes the loader's lock
// (dl_iterate_phdr), so never from the signal handler.
#pragma once

#include "wire_writer.h"

namespace pprof::sampler {

// Forget what was reported (new connection: after fork or a failed exec).
void resetModules();
// True when objects were loaded or unloaded since the last scanModules().
bool modulesChanged();
// Appends Module records for new objects and ModuleUnload records for vanished ones.
bool scanModules(OutBuffer* buffer);

}  // namespace pprof::sampler
