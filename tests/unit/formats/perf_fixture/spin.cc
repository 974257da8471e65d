// The program behind golden/perf_script.txt: a main thread and a named worker thread burning
// CPU in distinct, non-inlined call chains, so `perf script` shows two threads and real stacks.
#include <pthread.h>

#include <cstdint>
#include <thread>

namespace {

volatile uint64_t sink;

__attribute__((noinline)) uint64_t mix(uint64_t x) {
  for (int i = 0; i < 1000; ++i) x = x * 6364136223846793005ULL + 1442695040888963407ULL;
  return x;
}
__attribute__((noinline)) void hashLoop(uint64_t rounds) {
  uint64_t x = 1;
  for (uint64_t i = 0; i < rounds; ++i) x = mix(x + i);
  sink = x;
}
__attribute__((noinline)) void sumLoop(uint64_t rounds) {
  uint64_t s = 0;
  for (uint64_t i = 0; i < rounds * 600; ++i) s += i ^ (s >> 3);
  sink = s;
}

}  // namespace

int main() {
  std::thread worker([] {
    pthread_setname_np(pthread_self(), "spin-worker");
    hashLoop(400000);
  });
  sumLoop(400000);
  worker.join();
}
