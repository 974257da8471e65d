// Shared by the advisor's check tests: a hand-built run with a serial loop (BASE) and the same
// program after a change (NEW), sampled once per millisecond.
//   BASE, 1 s: main: load 200 ms, loop > body 600 ms, merge 200 ms, all on one thread.
//   NEW:       load 200 ms; the loop's halves on main and on a worker for 300 ms together;
//              merge 150 ms; the process exits at 720 ms.
#pragma once

#include <string>

#include "parallelism_fixture.h"

namespace pprof::analysis::advisor_test {

enum class Change {
  kLoopOnTwoThreads,  // as above
  kLoopOnAWorker,     // the loop's body moved to one worker while main waits: still serial
  kMergeOnTwoThreads, // the loop untouched, merge's halves on main and a worker
  kLoadQuicker,       // nothing spread; load took 100 ms (a quicker moment of the machine)
};

inline Profile baseRun(uint32_t loop_line = 40) {
  ProfileBuilder b{1000 * kMs};
  const uint32_t main = b.function("main", "app.cc", 1), load = b.function("load", "app.cc", 10),
                 loop = b.function("loop", "app.cc", loop_line), body = b.function("body", "app.cc", 60),
                 merge = b.function("merge", "app.cc", 80);
  run(b, b.stackOf({load, main}), 0, 0, 200);
  run(b, b.stackOf({body, loop, main}), 0, 200, 800);
  run(b, b.stackOf({merge, main}), 0, 800, 1000);
  return b.profile();
}

// `loop_line`: where NEW's build puts the loop (an edit above it moves it).
inline Profile changedRun(Change change, uint32_t loop_line = 40) {
  ProfileBuilder b{720 * kMs};
  const uint32_t main = b.function("main", "app.cc", 1), load = b.function("load", "app.cc", 10),
                 loop = b.function("loop", "app.cc", loop_line), body = b.function("body", "app.cc", 60),
                 merge = b.function("merge", "app.cc", 80), entry = b.function("worker_entry", "app.cc", 100);
  const uint32_t worker = b.thread(0, 101, "worker");
  run(b, b.stackOf({load, main}), 0, 0, 200);
  switch (change) {
    case Change::kLoopOnTwoThreads:
      run(b, b.stackOf({body, loop, main}), 0, 200, 500);
      run(b, b.stackOf({body, entry}), worker, 200, 500);
      run(b, b.stackOf({merge, main}), 0, 500, 650);
      break;
    case Change::kLoopOnAWorker:
      b.profile().meta.duration_ns = 1000 * kMs;
      run(b, b.stackOf({body, entry}), worker, 200, 800);
      run(b, b.stackOf({merge, main}), 0, 800, 999);  // 1 ms less: noise, not a change
      break;
    case Change::kMergeOnTwoThreads:
      b.profile().meta.duration_ns = 900 * kMs;
      run(b, b.stackOf({body, loop, main}), 0, 200, 800);
      run(b, b.stackOf({merge, main}), 0, 800, 900);
      run(b, b.stackOf({merge, entry}), worker, 800, 900);
      break;
    case Change::kLoadQuicker:
      b.profile().samples.clear();
      b.profile().meta.duration_ns = 900 * kMs;
      run(b, b.stackOf({load, main}), 0, 0, 100);
      run(b, b.stackOf({body, loop, main}), 0, 100, 700);
      run(b, b.stackOf({merge, main}), 0, 700, 900);
      break;
  }
  return b.profile();
}

// The whole-run speedup with `serial_seconds` of a `wall_seconds` run spread over `cores`.
inline double amdahl(double wall_seconds, double serial_seconds, uint32_t cores) {
  return wall_seconds / (wall_seconds - serial_seconds * (1 - 1.0 / cores));
}

}  // namespace pprof::analysis::advisor_test
