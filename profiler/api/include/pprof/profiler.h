/* pprof in-process API: profile a program from inside, without (or under) pprof-run.
 *
 *   #include <pprof/profiler.h>
 *
 *   pprof_start("out.prof");          // start writing a profile of this process
 *   ... work ...
 *   pprof_stop();                     // the file is complete when this returns
 *
 *   pprof_region_begin("load");       // a named time range, shown in the profile
 *   ... work ...
 *   pprof_region_end();
 *
 * C++: pprof::ScopedProfile (start/stop) and pprof::Region (begin/end) guards, below.
 *
 * Link with libpprof-sampler.so (CMake: target pprof::profiler; see profiler/api/README.md).
 * Alone, pprof_start() runs the collector pprof-collect beside the program. Under pprof-run
 * the same calls do not write a file of their own: the run's profile records everything, the
 * regions appear in it, and with PPROF_REGIONS_ONLY=1 only what happens while a region is
 * open is sampled (pprof_start..pprof_stop counts as a region named "profile").
 *
 * Every function may be called from any thread, but not from a signal handler. None of them
 * prints anything or changes errno. */
#ifndef PPROF_PROFILER_H_
#define PPROF_PROFILER_H_

#ifdef __cplusplus
#define PPROF_NOEXCEPT noexcept
extern "C" {
#else
#define PPROF_NOEXCEPT
#endif

#define PPROF_API __attribute__((visibility("default")))

/* Starts writing a profile of this process (all its threads, and the children it forks
 * afterwards) to `path`. Returns 0, or -1 with the reason in pprof_last_error(): no file
 * given, already started, pprof-collect not found, the output cannot be written, ... A failure
 * never disturbs the program: it just runs unprofiled. Under pprof-run: opens the region
 * "profile" and returns 0 (`path` is not written; the run's output is). */
PPROF_API int pprof_start(const char* path) PPROF_NOEXCEPT;

/* pprof_start with options, "key=value;..." (NULL or "" for the defaults):
 *   hz=N            samples per CPU-second per thread, 1..100000 (default 1000)
 *   mode=cpu|wall   wall also counts off-CPU time (default cpu)
 *   regions_only=1  sample only while a region is open
 *   clock=auto|perf|posix, debug=1 (the sampler's diagnostics on stderr) */
PPROF_API int pprof_start_options(const char* path, const char* options) PPROF_NOEXCEPT;

/* Stops sampling and waits until the profile file is complete. Returns 0, or -1 (not
 * started, or the collector failed: see pprof_last_error()). A program that exits without
 * calling it gets the same at normal exit (not after _exit or a crash: then the file holds
 * what was recorded up to that point). In a forked child it stops that child's part only. */
PPROF_API int pprof_stop(void) PPROF_NOEXCEPT;

/* Marks a named time range of the run. Regions nest per thread: pprof_region_end() ends the
 * calling thread's innermost open region. While any region is open, regions_only mode samples
 * every thread of the process. Names longer than 255 bytes are cut. Cheap (a clock read and a
 * short lock) and a no-op while nothing records. */
PPROF_API void pprof_region_begin(const char* name) PPROF_NOEXCEPT;
PPROF_API void pprof_region_end(void) PPROF_NOEXCEPT;

/* Why the calling thread's last failed pprof_start/pprof_stop failed ("" if none failed). */
PPROF_API const char* pprof_last_error(void) PPROF_NOEXCEPT;

#ifdef __cplusplus
} /* extern "C" */

namespace pprof {

/* Profiles the enclosing scope into `path`. ok() says whether it started; error() why not. */
class ScopedProfile {
 public:
  explicit ScopedProfile(const char* path, const char* options = nullptr) noexcept
      : started_(pprof_start_options(path, options) == 0) {}
  ~ScopedProfile() {
    if (started_) pprof_stop();
  }
  ScopedProfile(const ScopedProfile&) = delete;
  ScopedProfile& operator=(const ScopedProfile&) = delete;

  bool ok() const noexcept { return started_; }
  const char* error() const noexcept { return started_ ? "" : pprof_last_error(); }

 private:
  bool started_;
};

/* Marks the enclosing scope as the region `name`. */
class Region {
 public:
  explicit Region(const char* name) noexcept { pprof_region_begin(name); }
  ~Region() { pprof_region_end(); }
  Region(const Region&) = delete;
  Region& operator=(const Region&) = delete;
};

}  /* namespace pprof */
#endif /* __cplusplus */

#endif /* PPROF_PROFILER_H_ */
