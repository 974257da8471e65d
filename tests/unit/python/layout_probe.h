// What layout_probe.c reads with offsetof()/sizeof() from one installed set of CPython headers.
// C-compatible: the probe is compiled as C (CPython's internal headers are C headers).
#pragma once

#ifdef __cplusplus
extern "C" {
#endif

// -1: the field does not exist in that version.
struct PprofLayoutProbe {
  long major, minor, micro;
  long tstate_frame;          // frame (<= 3.10), cframe (3.11, 3.12), current_frame (3.13)
  long cframe_current_frame;  // _PyCFrame.current_frame (3.11, 3.12)
  long tstate_native_thread_id;
  long frame_code, frame_previous, frame_instr;
  long is_entry, owner, owner_generator, owner_cstack;
  long code_firstlineno, code_filename, code_name, code_qualname, code_linetable, code_code,
      code_units, code_firsttraceable;
  long unicode_length, unicode_state, unicode_ascii_data, unicode_compact_data;
  long bytes_size, bytes_data, object_type;
};

#ifdef __cplusplus
}
#endif
