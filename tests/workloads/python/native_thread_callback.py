# A thread that native code creates (pthread_create called through ctypes, as a C extension
# would) and that calls into Python: ctypes' callback takes the GIL with PyGILState_Ensure,
# which gives the thread its first Python thread state.
import ctypes

libc = ctypes.CDLL(None)
START = ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_void_p)


def c_thread_body(arg):
    s = 0
    for i in range(3_000_000):
        s += i % 3
    print("native thread done", s > 0, flush=True)
    return None


callback = START(c_thread_body)
thread = ctypes.c_ulong()
assert libc.pthread_create(ctypes.byref(thread), None, callback, None) == 0
assert libc.pthread_join(thread, None) == 0
