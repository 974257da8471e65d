// The interpreter's call machinery: the native frames CPython runs between an eval frame
// (_PyEval_EvalFrameDefault) and the next function it calls, which the mixed view hides
// (frame_views.h). The list lives in interpreter_glue.cc, one entry per name or name prefix,
// with where each was seen. Only frames in the eval frames' own module are ever hidden, so a
// C extension's function that happens to share a name is kept.
//
// Names are compared without a compiler clone suffix (".cold", ".lto_priv.0", ".constprop.0",
// ".isra.0", ".part.0"). Not glue, and kept: the builtins and types that do work of their own
// (builtin_sorted, list_sort, builtin_exec, time_sleep, the json scanner, hashlib), the
// interpreter's start-up chain (Py_RunMain ... PyEval_EvalCode, thread_run), which sits rootward
// of every Python frame and shows how the thread began.
#pragma once

#include <string_view>

namespace pprof::python {

// `name` without a trailing GCC/Clang clone suffix: "foo.lto_priv.0" -> "foo".
std::string_view withoutCloneSuffix(std::string_view name);

bool isInterpreterGlue(std::string_view function_name);

}  // namespace pprof::python
