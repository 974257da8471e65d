// Regions marked by the program through the profiler API (pprof_region_begin/end): each
// thread's nesting depth, the process-wide count of open regions that gates sampling in
// regions_only mode (read by the signal handler), and a small buffer of wire::Region records
// that the drain sends along with the samples.
//
// Constraints: regionBegin/regionEnd run on program threads in normal context (not from a
// signal handler: they take a mutex held only for a memcpy). appendPendingRegions runs on the
// drain side with g_state.drain_mutex held.
#pragma once

#include "wire_writer.h"

namespace pprof::sampler {

bool allocateRegionBuffer();
// No-ops while no recording session runs in this process.
void regionBegin(const char* name);
void regionEnd();
// Moves the buffered records into `out` (flushed first when it has less room than the whole
// region buffer; false if that send fails).
bool appendPendingRegions(OutBuffer* out);
// A new session starts with no region open (depths left over from an earlier one are stale).
void resetRegionsForSession();
// Fork: the child keeps the regions its forking thread has open (it goes on running inside
// them) and drops records still buffered, which belong to the parent's connection.
void lockRegionsForFork();
void unlockRegionsAfterFork();
void resetRegionsInChild();

}  // namespace pprof::sampler
