#include "python/interpreter_glue.h"

namespace pprof::python {
namespace {

// A trailing '*' makes the entry a prefix. Sources: CPython 3.8-3.13 call paths (Objects/call.c,
// Objects/methodobject.c, Objects/descrobject.c, Objects/classobject.c, Objects/typeobject.c,
// Python/ceval.c, Modules/_functoolsmodule.c).
constexpr std::string_view kGlue[] = {
    // ceval: entering a Python function from C or from another frame
    "_PyEval_Vector",
    "_PyEval_EvalFrame",
    "_PyEval_EvalCode",        // 3.8-3.10
    "_PyEval_EvalCodeWithName",
    "function_code_fastcall",  // 3.8-3.9
    "call_function",           // 3.8-3.10 ceval helper
    "do_call_core",
    "_PyFunction_Vectorcall",
    "_PyFunction_FastCall*",
    // Objects/call.c
    "PyObject_Vectorcall*",
    "_PyObject_Vectorcall*",
    "_PyObject_Call*",         // _PyObject_Call, _PyObject_Call_Prepend, _PyObject_CallMethod...
    "PyObject_Call*",          // PyObject_Call, PyObject_CallOneArg, PyObject_CallObject...
    "_PyObject_FastCall*",
    "_PyObject_MakeTpCall",
    "PyVectorcall_Call",
    "_PyVectorcall_Call",
    "_PyStack_*",
    "object_vacall",
    "callmethod",
    "vectorcall_*",            // vectorcall_method, vectorcall_unbound, vectorcall_maybe
    // C functions and methods called from Python (the callee itself is kept)
    "cfunction_vectorcall_*",
    "cfunction_call",
    "method_vectorcall*",      // bound methods (classobject.c) and method descriptors
    "methoddescr_call",
    "classmethoddescr_call",
    "wrapperdescr_call",
    "wrapper_call",
    // calling a Python callable through a type slot
    "slot_tp_call",
    "slot_tp_init",
    "type_call",
    "call_unbound*",
    "call_method",
    // resuming a generator or coroutine frame (3.8-3.11; 3.12 runs them in the caller's activation)
    "gen_iternext",
    "gen_send_ex*",            // gen_send_ex, gen_send_ex2
    "gen_send",
    "_PyGen_Send",
    "PyIter_Send",
    "PyGen_am_send",           // a coroutine resumed by asyncio's task_step
    // functools.partial forwarding its call
    "partial_vectorcall",
    "partial_call",
};

}  // namespace

std::string_view withoutCloneSuffix(std::string_view name) {
  for (std::string_view suffix : {".cold", ".lto_priv.", ".constprop.", ".isra.", ".part.", ".llvm."}) {
    size_t at = name.find(suffix);
    if (at != std::string_view::npos && at > 0) name = name.substr(0, at);
  }
  return name;
}

bool isInterpreterGlue(std::string_view function_name) {
  const std::string_view name = withoutCloneSuffix(function_name);
  for (std::string_view entry : kGlue) {
    if (entry.back() == '*') {
      if (name.substr(0, entry.size() - 1) == entry.substr(0, entry.size() - 1)) return true;
    } else if (name == entry) {
      return true;
    }
  }
  return false;
}

}  // namespace pprof::python
