#include "fault_scenarios.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

namespace pprof::sampler::test {
namespace {

// A function whose CFI says CFA = rbp + 16 (a classic frame-pointer frame) and which, while
// it spins, keeps `frame` in rbp. With `frame` inside a PROT_NONE page, an unwinder following
// the CFI reads memory that is mapped (so libunwind's own mincore/msync validation passes) but
// not readable: it faults. Written in assembly because the compiler would not keep that frame
// layout for a leaf.
asm(R"(
  .text
  .p2align 4
  .type pprof_test_spin_garbage_fp, @function
pprof_test_spin_garbage_fp:
  .cfi_startproc
  push %rbp
  .cfi_def_cfa_offset 16
  .cfi_offset %rbp, -16
  mov %rsp, %rbp
  .cfi_def_cfa_register %rbp
  mov %rsi, %rbp
1:
  dec %rdi
  jnz 1b
  mov %rsp, %rbp
  pop %rbp
  .cfi_def_cfa %rsp, 8
  ret
  .cfi_endproc
  .size pprof_test_spin_garbage_fp, .-pprof_test_spin_garbage_fp
)");
extern "C" void pprof_test_spin_garbage_fp(long iterations, void* frame);

void onSegv(int) {
  static const char kMessage[] = "caught segv\n";
  if (write(STDOUT_FILENO, kMessage, sizeof(kMessage) - 1) < 0) _exit(3);
  _exit(0);
}

// A real SIGSEGV (a C null store is undefined behaviour the compiler may drop).
__attribute__((noinline)) void fault() { asm volatile("movl $1, 0" ::: "memory"); }

}  // namespace

int runCorruptFramePointer() {
  void* page = mmap(nullptr, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (page == MAP_FAILED) return 2;
  for (int round = 0; round < 20; ++round) {
    pprof_test_spin_garbage_fp(30000000, static_cast<char*>(page) + 0x100);
  }
  munmap(page, 4096);
  printf("corrupt done\n");
  return 0;
}

int runOwnSegvHandler() {
  struct sigaction action;
  memset(&action, 0, sizeof(action));
  action.sa_handler = onSegv;
  sigaction(SIGSEGV, &action, nullptr);
  fault();
  return 1;
}

int runUnhandledSegv() {
  fflush(stdout);
  fault();
  return 1;
}

}  // namespace pprof::sampler::test
