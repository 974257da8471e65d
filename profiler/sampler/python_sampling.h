// Python frames of the sampled threads (CPython 3.8-3.13, profiler/python's layout table).
//
// At the start of a session, detectPython() looks for CPython in this process image (Py_Version
// or Py_GetVersion among the loaded symbols), picks its layout row, reads the code object
// offsets from the running interpreter (PyCode_Type.tp_members) and wraps PyCode_Type's
// tp_dealloc so that a freed code object's address is known to be stale. The outcome goes to
// the collector as a wire::Python record after every Hello.
//
// In the signal handler, capturePython() finds the thread's state the way CPython's own
// faulthandler does (PyGILState_GetThisThreadState: the thread's TSS slot, valid whether or not
// it holds the GIL), reads the GIL bit (the GIL holder == this thread's state), and walks its
// frames (python/frame_walk.h). The first time a thread's samples use a code object, a PyCode
// record with its names and line table goes into that thread's ring ahead of the sample, copied
// while the frame still holds a reference to the code object. Seen code objects are remembered
// per thread (so each thread's stream is self-describing and ordered) and forgotten when the
// dealloc hook saw their address freed.
//
// Constraints: capturePython and everything it calls follow the signal handler's dialect (see
// signal_handler.cc); the caller arms the fault guard around it. The rest runs at start-up or on
// the registering thread, never in the handler.
#pragma once

#include <cstdint>

#include "state.h"
#include "wire/wire.h"
#include "wire_writer.h"

namespace pprof::sampler {

// Finds CPython in this image (call once per session start, before threads are registered).
// `enabled` false (pprof-run --no-python) still reports the version, with status kDisabled.
void detectPython(bool enabled);
// True when samples of this image carry Python frames.
bool pythonActive();
// Per-thread Python state of a slot being (re)registered: allocated once, its seen-table reset.
// Not in the handler. False only when memory could not be mapped (the thread then has no
// Python frames).
bool preparePythonSlot(Slot* slot);
// Appends the wire::Python record (after Hello); nothing when no CPython was found.
bool appendPythonInfo(OutBuffer* buffer);

// Signal handler: the thread's Python section. Writes the PythonSection word to out[0] (native
// count `native`, left 0 to be filled by the caller's copy), the Python frame words after the
// native PCs at out[1 + native ...], and pushes code records into the slot's ring. Returns false
// (nothing written, no flags) when the thread has no Python thread state.
bool capturePython(Slot* slot, uint64_t* out, uint32_t native, uint16_t* flags);

// Drain thread, wall mode: an idle sample (the thread's last on-CPU stack, `pcs`) gets the
// Python frames the thread is blocked in now instead of those of its last sample, read through
// process_vm_readv (the thread may wake and free them meanwhile: reads never fault, and a torn
// walk ends early) and re-read only when the thread ran since the last read (`cpu_ns`, its CPU
// clock). Code records the walk needs go to `codes` first. Writes the new sample to `out`
// (wire::kMaxSampleWords) and updates `header`; false leaves the sample as it was.
bool refreshIdlePython(Slot* slot, uint64_t cpu_ns, wire::SampleHeader* header, const uint64_t* pcs,
                       uint64_t* out, OutBuffer* codes);

// Drain thread: whether a futex at `address` is the GIL's (take_gil waits there). False where
// the layout does not say where the GIL lives (3.12+).
bool isPythonGilWait(uint64_t address);

// Where the handler assembles a Python sample: wire::kMaxSampleWords words owned by the slot.
uint64_t* pythonSampleBuffer(Slot* slot);

}  // namespace pprof::sampler
