// A small but complete profile used by the render tests and goldens: two processes, three
// threads, an inlined kernel, recursion, an unsymbolized library frame, timer-overrun weights.
#pragma once

#include "support/profile_builder.h"

namespace pprof::testing {

inline Profile renderSampleProfile() {
  ProfileBuilder b;
  Profile& p = b.profile();
  p.meta.start_realtime_ns = 1763758979000000000ull;  // 2025-11-21 21:02:59 UTC
  p.meta.duration_ns = 1500000000;
  p.meta.lost_samples = 3;
  p.meta.truncated_stacks = 1;
  uint32_t child = b.process(4242);
  uint32_t worker = b.thread(0, 101, "pool-1");
  uint32_t cmain = b.thread(child, 4242, "app");
  uint32_t exe = b.module("/home/u/app/build/app");
  uint32_t libc = b.module("/usr/lib/x86_64-linux-gnu/libc.so.6");
  uint32_t fmain = b.function("main", "/home/u/app/main.cc", 10, exe);
  uint32_t fsum = b.function("analysis::sum(std::vector<double> const&)", "/home/u/app/sum.cc", 3, exe);
  uint32_t fkernel = b.function("kernel", "/home/u/app/kernel.h", 20, exe);
  uint32_t fwalk = b.function("walk", "/home/u/app/tree.cc", 40, exe);
  uint32_t fmemcpy = b.function("__memmove_avx_unaligned_erms", "", 0, libc);
  uint32_t lmain = b.location({fmain}, exe), lsum = b.location({fkernel, fsum}, exe);
  uint32_t lwalk = b.location({fwalk}, exe), lwalk2 = b.location({fwalk}, exe);
  uint32_t lcopy = b.location({fmemcpy}, libc), lraw = b.unsymbolized(libc, 0x9a0f0);
  b.samples(b.stack({lsum, lmain}), 600);
  b.sample(b.stack({lsum, lmain}), 4, worker);  // one sample with 3 overruns
  b.samples(b.stack({lwalk, lwalk2, lwalk2, lmain}), 250, worker);
  b.samples(b.stack({lcopy, lwalk, lmain}), 100, cmain);
  b.samples(b.stack({lraw, lmain}), 45, cmain);
  b.samples(b.stack({lmain}), 1);
  return p;
}

}  // namespace pprof::testing
