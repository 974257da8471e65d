// A long-running program for `pprof-run --pid` tests: busy threads with different duty cycles,
// threads sleeping in poll and nanosleep, and a main thread blocked reading stdin. It checks
// for itself that nothing a profiler does disturbs it:
//  - every busy chunk recomputes the same xorshift chain and compares it with the first result
//    (a corrupted register or stack would show as a mismatch);
//  - every poll / clock_nanosleep / read must return normally: EINTR or a sleep cut short is
//    counted.
//
// Usage: attach_target BUSY SLEEPERS
//   BUSY threads "busy-K" burn CPU with duty 100%, 50%, 25%, ... (halving; at least 12.5%),
//   SLEEPERS threads alternate "poll-K" (poll 200 ms) and "nap-K" (clock_nanosleep 200 ms).
// Prints "ready PID" when all threads run. Reads stdin lines:
//   "spawn"  starts thread "late-busy" that burns 0.3 s of CPU and exits ("late done" printed)
//   "exit"   exits at once with status 0 (for the exits-mid-run test)
//   EOF or "quit": stops the threads and prints "eintr N", "short_sleeps N", "mismatches N",
//   "result HEX" and "done", exit status 0.
#include <poll.h>
#include <pthread.h>
#include <time.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "cpu_clock.h"

namespace {

std::atomic<bool> g_stop{false};
std::atomic<long> g_eintr{0};
std::atomic<long> g_short_sleeps{0};
std::atomic<long> g_mismatches{0};
uint64_t g_reference = 0;

double monotonicSeconds() { return pprof_clock_seconds(CLOCK_MONOTONIC); }

}  // namespace

extern "C" __attribute__((noinline)) uint64_t attach_busy_chunk(uint64_t seed) {
  uint64_t x = seed | 1;
  for (int i = 0; i < 200000; ++i) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
  }
  return x;
}

// Burns `seconds` of this thread's CPU in chunks, checking each chunk's result.
extern "C" __attribute__((noinline)) void attach_busy_burn(double seconds) {
  double end = pprof_thread_cpu_seconds() + seconds;
  while (pprof_thread_cpu_seconds() < end) {
    if (attach_busy_chunk(0x9e3779b97f4a7c15ull) != g_reference) ++g_mismatches;
  }
}

extern "C" __attribute__((noinline)) void attach_nap(double seconds) {
  timespec ts{static_cast<time_t>(seconds), static_cast<long>((seconds - static_cast<time_t>(seconds)) * 1e9)};
  double start = monotonicSeconds();
  int rc = clock_nanosleep(CLOCK_MONOTONIC, 0, &ts, nullptr);
  if (rc == EINTR) ++g_eintr;
  if (rc == 0 && monotonicSeconds() - start < seconds * 0.999) ++g_short_sleeps;
}

extern "C" __attribute__((noinline)) void attach_poll_wait(int ms) {
  double start = monotonicSeconds();
  int rc = poll(nullptr, 0, ms);
  if (rc < 0 && errno == EINTR) ++g_eintr;
  if (rc == 0 && monotonicSeconds() - start < ms / 1000.0 * 0.999) ++g_short_sleeps;
}

namespace {

struct BusySpec {
  double duty;
  std::string name;
};

void* busyMain(void* arg) {
  auto* spec = static_cast<BusySpec*>(arg);
  pthread_setname_np(pthread_self(), spec->name.c_str());
  const double slice = 0.02;  // 20 ms cycles
  while (!g_stop) {
    attach_busy_burn(slice * spec->duty);
    if (spec->duty < 1.0) attach_nap(slice * (1.0 - spec->duty));
  }
  return nullptr;
}

void* pollMain(void* arg) {
  pthread_setname_np(pthread_self(), static_cast<std::string*>(arg)->c_str());
  while (!g_stop) attach_poll_wait(200);
  return nullptr;
}

void* napMain(void* arg) {
  pthread_setname_np(pthread_self(), static_cast<std::string*>(arg)->c_str());
  while (!g_stop) attach_nap(0.2);
  return nullptr;
}

void* lateMain(void*) {
  pthread_setname_np(pthread_self(), "late-busy");
  attach_busy_burn(0.3);
  std::printf("late done\n");
  std::fflush(stdout);
  return nullptr;
}

// One line from stdin; counts EINTR of the blocking read. Empty at EOF.
std::string readLine() {
  std::string line;
  for (;;) {
    char c;
    ssize_t n = read(0, &c, 1);
    if (n < 0 && errno == EINTR) {
      ++g_eintr;
      continue;
    }
    if (n <= 0) return line.empty() ? std::string() : line;
    if (c == '\n') return line.empty() ? std::string(" ") : line;
    line += c;
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: attach_target BUSY SLEEPERS\n");
    return 2;
  }
  const int busy = std::atoi(argv[1]);
  const int sleepers = std::atoi(argv[2]);
  g_reference = attach_busy_chunk(0x9e3779b97f4a7c15ull);

  std::vector<BusySpec> specs(busy);
  std::vector<std::string> sleeper_names(sleepers);
  std::vector<pthread_t> threads;
  double duty = 1.0;
  for (int i = 0; i < busy; ++i) {
    specs[i] = BusySpec{duty, "busy-" + std::to_string(i)};
    if (duty > 0.125) duty /= 2;
    pthread_t t;
    pthread_create(&t, nullptr, busyMain, &specs[i]);
    threads.push_back(t);
  }
  for (int i = 0; i < sleepers; ++i) {
    sleeper_names[i] = (i % 2 == 0 ? "poll-" : "nap-") + std::to_string(i);
    pthread_t t;
    pthread_create(&t, nullptr, i % 2 == 0 ? pollMain : napMain, &sleeper_names[i]);
    threads.push_back(t);
  }
  std::printf("ready %d\n", getpid());
  std::fflush(stdout);

  std::vector<pthread_t> late;
  for (;;) {
    std::string line = readLine();
    if (line.empty() || line == "quit") break;
    if (line == "exit") _exit(0);
    if (line == "spawn") {
      pthread_t t;
      pthread_create(&t, nullptr, lateMain, nullptr);
      late.push_back(t);
    }
  }
  g_stop = true;
  for (pthread_t t : threads) pthread_join(t, nullptr);
  for (pthread_t t : late) pthread_join(t, nullptr);
  std::printf("eintr %ld\nshort_sleeps %ld\nmismatches %ld\nresult %016llx\ndone\n", g_eintr.load(),
              g_short_sleeps.load(), g_mismatches.load(), static_cast<unsigned long long>(g_reference));
  return 0;
}
