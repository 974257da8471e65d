// The CPU kernel every workload burns: a xorshift64 chain, so each iteration costs the same
// fixed work wherever it runs (main thread, worker thread, dlopen'ed library, child process).
//
// Two forms, because "self time" depends on inlining:
//  - PPROF_SPIN (a macro) keeps the loop inside the calling function: the caller gets the
//    self time. The accuracy test's truth for self % is built from this form.
//  - pprof_spin_inline (always_inline) appears in the profile as an inline frame under its
//    caller: the inline frame gets the self time, the caller only the total time.
// The result goes to a volatile sink so the compiler cannot drop the loop, and the serial
// dependency between iterations keeps it from being vectorized or closed-formed.
#pragma once

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif
extern volatile uint64_t pprof_sink;
#ifdef __cplusplus
}
#endif

#define PPROF_SPIN(iterations)                                   \
  do {                                                           \
    uint64_t pprof_x_ = pprof_sink | 1;                          \
    for (uint64_t pprof_i_ = 0; pprof_i_ < (iterations); ++pprof_i_) { \
      pprof_x_ ^= pprof_x_ << 13;                                \
      pprof_x_ ^= pprof_x_ >> 7;                                 \
      pprof_x_ ^= pprof_x_ << 17;                                \
    }                                                            \
    pprof_sink = pprof_x_;                                       \
  } while (0)

static inline __attribute__((always_inline)) void pprof_spin_inline(uint64_t iterations) {
  PPROF_SPIN(iterations);
}
