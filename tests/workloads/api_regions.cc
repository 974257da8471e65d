// The profiler API workload (profiler/api): a program that profiles itself, or marks regions
// for pprof-run. CPU outside the profiled span / outside regions is burnt in api_outside_*,
// inside in api_inside_* (main thread) and api_inside_worker (a thread started in the region),
// so a test can tell from the function names alone what was sampled.
//
// Usage: api_regions MODE [ARGS...]     prints "rc=..." lines, exits 0 unless the API misbehaved
//   standalone OUT       pprof_start(OUT) around region "hot" (with a worker thread); burns before
//                        and after; pprof_stop() must leave OUT complete
//   options OUT OPTIONS  the same through pprof_start_options(OUT, OPTIONS)
//   marked               no pprof_start: outside, region "hot" (with worker), outside again
//   twice OUT1 OUT2      two sessions: region "first" into OUT1, region "second" into OUT2
//   fork OUT             standalone; a child forked inside region "hot" burns in api_in_child
//   no-stop OUT          standalone, returns from main without pprof_stop
//   errors OUT           start twice, stop twice: prints the API's answers and messages
//   copies               how many copies of libpprof-sampler.so are loaded
//   cost PAIRS [OUT]     wall time per pprof_region_begin/end pair, PAIRS pairs in a row: with
//                        OUT inside pprof_start(OUT)..pprof_stop(), else with nothing recording
//                        (the numbers profiler/sampler/README.md quotes)
#include <link.h>
#include <pthread.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include <pprof/profiler.h>

#include "cpu_clock.h"

extern "C" __attribute__((noinline)) void api_outside_before(double s) { pprof_burn_thread_cpu(s); }
extern "C" __attribute__((noinline)) void api_outside_after(double s) { pprof_burn_thread_cpu(s); }
extern "C" __attribute__((noinline)) void api_inside_main(double s) { pprof_burn_thread_cpu(s); }
extern "C" __attribute__((noinline)) void api_inside_worker(double s) { pprof_burn_thread_cpu(s); }
extern "C" __attribute__((noinline)) void api_in_child(double s) { pprof_burn_thread_cpu(s); }
extern "C" __attribute__((noinline)) void api_first(double s) { pprof_burn_thread_cpu(s); }
extern "C" __attribute__((noinline)) void api_second(double s) { pprof_burn_thread_cpu(s); }

namespace {

constexpr double kBurn = 0.3;  // CPU seconds per phase

void* workerMain(void*) {
  api_inside_worker(kBurn);
  return nullptr;
}

// Region "hot": the main thread and a worker thread it starts burn inside it.
void hotRegion() {
  pprof::Region region("hot");
  pthread_t worker;
  pthread_create(&worker, nullptr, workerMain, nullptr);
  api_inside_main(kBurn);
  pthread_join(worker, nullptr);
}

int report(const char* what, int rc) {
  std::printf("%s rc=%d%s%s\n", what, rc, rc != 0 ? " error=" : "", rc != 0 ? pprof_last_error() : "");
  return rc;
}

int standalone(const char* out, const char* options) {
  api_outside_before(kBurn);
  int start = report("start", options ? pprof_start_options(out, options) : pprof_start(out));
  hotRegion();
  int stop = report("stop", pprof_stop());
  api_outside_after(kBurn);
  return start == 0 && stop == 0 ? 0 : 1;
}

int marked() {
  api_outside_before(kBurn);
  hotRegion();
  api_outside_after(kBurn);
  std::printf("marked done\n");
  return 0;
}

int twice(const char* first, const char* second) {
  int rc = report("start1", pprof_start(first));
  {
    pprof::Region region("first");
    api_first(kBurn);
  }
  rc |= report("stop1", pprof_stop());
  api_outside_after(kBurn / 3);
  rc |= report("start2", pprof_start(second));
  {
    pprof::Region region("second");
    api_second(kBurn);
  }
  rc |= report("stop2", pprof_stop());
  return rc == 0 ? 0 : 1;
}

int forked(const char* out) {
  int rc = report("start", pprof_start(out));
  {
    pprof::Region region("hot");
    std::fflush(stdout);  // or the child writes the parent's buffered lines again
    pid_t child = fork();
    if (child == 0) {
      api_in_child(kBurn);
      std::fflush(stdout);
      _exit(0);
    }
    api_inside_main(kBurn);
    int status = 0;
    waitpid(child, &status, 0);
    std::printf("child status=%d\n", status);
  }
  rc |= report("stop", pprof_stop());
  return rc == 0 ? 0 : 1;
}

int noStop(const char* out) {
  report("start", pprof_start(out));
  hotRegion();
  std::printf("returning without pprof_stop\n");
  return 0;
}

int errors(const char* out) {
  report("stop-before-start", pprof_stop());
  report("start-empty", pprof_start(""));
  report("bad-options", pprof_start_options(out, "hz=lots"));
  report("start", pprof_start(out));
  report("start-again", pprof_start(out));
  api_inside_main(kBurn / 3);
  report("stop", pprof_stop());
  report("stop-again", pprof_stop());
  return 0;
}

int copies() {
  int count = 0;
  dl_iterate_phdr(
      [](dl_phdr_info* info, size_t, void* data) {
        if (info->dlpi_name != nullptr && std::strstr(info->dlpi_name, "libpprof-sampler")) ++*static_cast<int*>(data);
        return 0;
      },
      &count);
  std::printf("copies=%d\n", count);
  return 0;
}

int cost(long pairs, const char* out) {
  if (out != nullptr && report("start", pprof_start(out)) != 0) return 1;
  const double start = pprof_clock_seconds(CLOCK_MONOTONIC);
  for (long i = 0; i < pairs; ++i) {
    pprof_region_begin("r");
    pprof_region_end();
  }
  const double seconds = pprof_clock_seconds(CLOCK_MONOTONIC) - start;
  std::printf("%s: %.1f ns per begin/end pair over %ld pairs\n", out != nullptr ? "recording" : "not recording",
              seconds * 1e9 / static_cast<double>(pairs), pairs);
  return out != nullptr && report("stop", pprof_stop()) != 0 ? 1 : 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::string mode = argc > 1 ? argv[1] : "";
  if (mode == "standalone" && argc == 3) return standalone(argv[2], nullptr);
  if (mode == "options" && argc == 4) return standalone(argv[2], argv[3]);
  if (mode == "marked") return marked();
  if (mode == "twice" && argc == 4) return twice(argv[2], argv[3]);
  if (mode == "fork" && argc == 3) return forked(argv[2]);
  if (mode == "no-stop" && argc == 3) return noStop(argv[2]);
  if (mode == "errors" && argc == 3) return errors(argv[2]);
  if (mode == "copies") return copies();
  if (mode == "cost" && (argc == 3 || argc == 4) && std::atol(argv[2]) > 0) {
    return cost(std::atol(argv[2]), argc == 4 ? argv[3] : nullptr);
  }
  std::fprintf(stderr, "usage: api_regions standalone|options|marked|twice|fork|no-stop|errors|copies|cost ...\n");
  return 2;
}
