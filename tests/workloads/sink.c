// The one definition of the volatile sink the kernel writes to (see kernel.h).
#include "kernel.h"

volatile uint64_t pprof_sink = 88172645463325252ull;
