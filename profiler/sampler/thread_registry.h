// Which threads are sampled: the slot table, registration of threads (by themselves through
// the pthread_create trampoline, or from outside when found in /proc/self/task), and the
// periodic /proc scan that covers threads made by raw clone or before the library loaded.
//
// Constraints: normal context. Claiming and releasing slots is serialized by
// g_state.registry_mutex; the signal handler only reads slots that are ACTIVE.
#pragma once

#include <sys/types.h>

#include <cstdint>

#include "state.h"

namespace pprof::sampler {

bool initRegistry();
// Registers `tid` (or adopts its slot if the /proc scan was first) and starts its clock
// (only while g_state.session_active).
// `self` = called on the thread itself: it then also owns the slot (TLS pointer, exit hook).
// Returns the slot or nullptr when the table is full.
Slot* registerThread(pid_t tid, bool self);
// The calling thread is exiting: stop its clock, record its final name, mark EXITED.
void unregisterCurrentThread();
// Drain thread: register new tids, retire vanished ones, notice renames.
void scanThreads();
// In the child after fork: drop every inherited slot except the calling thread's, which is
// re-registered with a fresh clock.
// Re-reads the names of live threads so renames since the last scan reach the profile.
void refreshThreadNames();
void resetRegistryAfterFork();
// Profiler API sessions. stopAllClocks: no tick after it returns (slots stay ACTIVE, so the
// threads are known to the next session). resumeThreads: releases the slots of threads that
// ended meanwhile and restarts the clocks of the others, with fresh wall-mode baselines.
void stopAllClocks();
void resumeThreads();
// Releases an EXITED slot once its samples were drained (drain thread).
void releaseSlot(Slot* slot);
uint32_t slotIndex(const Slot* slot);
// One past the highest slot ever claimed (slots are claimed lowest first): every slot at or
// above it is free, so loops over the slots stop there.
uint32_t slotHighWater();

}  // namespace pprof::sampler
