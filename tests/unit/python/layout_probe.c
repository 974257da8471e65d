/* Reads the layout numbers of version_table.h from one installed set of CPython headers.
 * Compiled once per header set (tests/unit/python/CMakeLists.txt), with -DPy_BUILD_CORE and
 * PPROF_PROBE_FN naming the function; layout_headers_test.cc compares the result with the
 * table row of that minor. Headers only: nothing of libpython is linked or called. */
#ifndef Py_BUILD_CORE
#define Py_BUILD_CORE 1
#endif
#include <Python.h>
#include <stddef.h>
#if PY_VERSION_HEX < 0x030B0000
#include <frameobject.h>
#else
#include "internal/pycore_frame.h"
#endif

#include "layout_probe.h"

void PPROF_PROBE_FN(struct PprofLayoutProbe* p) {
  p->major = PY_MAJOR_VERSION;
  p->minor = PY_MINOR_VERSION;
  p->micro = PY_MICRO_VERSION;
  p->cframe_current_frame = -1;
  p->tstate_native_thread_id = -1;
  p->is_entry = -1;
  p->owner = -1;
  p->owner_generator = -1;
  p->owner_cstack = -1;
  p->code_qualname = -1;
  p->code_code = -1;
  p->code_units = -1;
  p->code_firsttraceable = -1;

#if PY_VERSION_HEX < 0x030B0000
  p->tstate_frame = offsetof(PyThreadState, frame);
#elif PY_VERSION_HEX < 0x030D0000
  p->tstate_frame = offsetof(PyThreadState, cframe);
  p->cframe_current_frame = offsetof(_PyCFrame, current_frame);
#else
  p->tstate_frame = offsetof(PyThreadState, current_frame);
#endif
#if PY_VERSION_HEX >= 0x030B0000
  p->tstate_native_thread_id = offsetof(PyThreadState, native_thread_id);
#endif

#if PY_VERSION_HEX < 0x030B0000
  p->frame_code = offsetof(PyFrameObject, f_code);
  p->frame_previous = offsetof(PyFrameObject, f_back);
  p->frame_instr = offsetof(PyFrameObject, f_lasti);
  p->code_code = offsetof(PyCodeObject, co_code);
#if PY_VERSION_HEX < 0x030A0000
  p->code_linetable = offsetof(PyCodeObject, co_lnotab);
#else
  p->code_linetable = offsetof(PyCodeObject, co_linetable);
#endif
#else
#if PY_VERSION_HEX < 0x030D0000
  p->frame_code = offsetof(_PyInterpreterFrame, f_code);
  p->frame_instr = offsetof(_PyInterpreterFrame, prev_instr);
#else
  p->frame_code = offsetof(_PyInterpreterFrame, f_executable);
  p->frame_instr = offsetof(_PyInterpreterFrame, instr_ptr);
#endif
  p->frame_previous = offsetof(_PyInterpreterFrame, previous);
#if PY_VERSION_HEX < 0x030C0000
  p->is_entry = offsetof(_PyInterpreterFrame, is_entry);
#else
  p->owner_cstack = FRAME_OWNED_BY_CSTACK;
#endif
  p->owner = offsetof(_PyInterpreterFrame, owner);
  p->owner_generator = FRAME_OWNED_BY_GENERATOR;
  p->code_qualname = offsetof(PyCodeObject, co_qualname);
  p->code_linetable = offsetof(PyCodeObject, co_linetable);
  p->code_units = offsetof(PyCodeObject, co_code_adaptive);
  p->code_firsttraceable = offsetof(PyCodeObject, _co_firsttraceable);
#endif
  p->code_firstlineno = offsetof(PyCodeObject, co_firstlineno);
  p->code_filename = offsetof(PyCodeObject, co_filename);
  p->code_name = offsetof(PyCodeObject, co_name);

  p->unicode_length = offsetof(PyASCIIObject, length);
  p->unicode_state = offsetof(PyASCIIObject, state);
  p->unicode_ascii_data = sizeof(PyASCIIObject);
  p->unicode_compact_data = sizeof(PyCompactUnicodeObject);
  p->bytes_size = offsetof(PyBytesObject, ob_base.ob_size);
  p->bytes_data = offsetof(PyBytesObject, ob_sval);
  p->object_type = offsetof(PyObject, ob_type);
}
