// Builds the profile model from decoded sampler records and streams it through a ProfWriter
// as it arrives, so the file survives the collector being killed.
//
// Bookkeeping: one Process per process image (normally one connection each; an image whose exec
// failed comes back on a new connection and is resumed), threads keyed by (image, tid), modules
// per image (ModuleMap), locations deduplicated by (module, address), stacks
// deduplicated by their location list. Timestamps become relative to the run's start.
// Regions (profiler API) are paired per thread, innermost first, and written when they end;
// those still open when their process image ends end with it.
//
// Address convention (documented here because symbolization depends on it): a Location's
// address is the exact PC for the leaf frame and `return address - 1` for caller frames, so it
// always points inside the instruction of interest (the call, for callers). A return address
// seen as a leaf (the sample hit the instruction after a call) and as a caller are thus two
// distinct locations, each resolved correctly, and the symbolize pass needs no extra state.
//
// Not thread-safe; the event loop is single-threaded.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "collector/module_map.h"
#include "collector/wire_decoder.h"
#include "common/result.h"
#include "format/prof_file.h"
#include "format/profile.h"
#include "format/stack_roots.h"
#include "python/line_table.h"

namespace pprof::collector {

struct RecorderConfig {
  uint64_t run_start_monotonic_ns = 0;
  uint64_t run_start_realtime_ns = 0;
  uint32_t frequency_hz = 1000;
  std::string mode = "cpu";
  std::vector<std::string> command;
  std::string producer = "pprof-run 0.1.0";
  bool regions_only = false;  // the sampler was told to sample only inside marked regions
  std::string host{}, boot_id{};  // Meta::host / boot_id (host_identity.h); empty: unknown
};

struct RecorderCounts {
  uint64_t connections = 0;
  uint64_t malformed_connections = 0;
  uint64_t samples = 0;      // sample entries received
  uint64_t weight = 0;       // sampling periods those samples stand for
  uint64_t lost = 0;         // dropped inside the targets, as they reported it
  uint64_t truncated = 0;    // samples flagged truncated or unwind-failed
  size_t processes = 0;
  size_t threads = 0;
  uint64_t regions = 0;      // regions written
  uint64_t python_samples = 0;    // samples with Python frames
  std::vector<std::string> python_versions;  // distinct, in the order first seen ("3.11.7")
  std::vector<std::string> python_notes;     // "pid 123: Python 3.14.0: unsupported ..." per image
};

class RunRecorder {
 public:
  RunRecorder(ProfWriter& writer, RecorderConfig config);

  Status start();  // writes the initial Meta

  uint32_t openConnection();
  // An error means the connection sent something invalid: the caller drops it and calls
  // closeConnection(..., /*malformed=*/true). Writer failures are kept in writerStatus().
  Status onRecord(uint32_t connection, const Record& record);
  void closeConnection(uint32_t connection, uint64_t now_monotonic_ns, bool malformed);
  // Whether the connection's image said Goodbye because it exec'd another image (which then
  // connects anew): a session that follows exec is not over when such a connection closes.
  bool endedByExec(uint32_t connection) const;

  // Writes Meta if the counters moved, then flushes the writer.
  Status flush();
  // Writes the final Meta (duration up to `now`) and finishes the file. Call after every
  // connection is closed and symbolization is done.
  Status finish(uint64_t now_monotonic_ns);
  // After symbolization: samples whose stack's outermost frame is a real function but not a
  // thread entry were cut short by the unwinder; they are added to the truncated count.
  // `location_end` is SymbolizeStats::location_end. Returns how many samples were added.
  uint64_t countCutStacks(const std::vector<StackEnd>& location_end);

  const std::vector<Module>& modules() const { return modules_; }
  const std::vector<Location>& locations() const { return locations_; }
  RecorderCounts counts() const;
  const Meta& meta() const { return meta_; }
  Status writerStatus() const { return writer_status_; }

 private:
  // One process image. Usually one connection, but an image whose exec failed reconnects with
  // the same pid and start time, and continues where it left off.
  struct OpenRegion {
    std::string name;
    uint32_t thread = 0;
    uint64_t start_ns = 0;
  };
  struct Image {
    uint32_t process = 0;  // index in processes_
    uint32_t open_connections = 0;
    ModuleMap module_map;
    std::unordered_map<int32_t, uint32_t> threads;  // tid -> thread id
    std::vector<uint32_t> ended_by_close;           // threads whose end came from EOF
    uint64_t lost_reported = 0;                     // sum of Lost records
    uint64_t goodbye_lost = 0;                      // largest Goodbye total
    int goodbye_reason = -1;                        // -1 until a Goodbye arrives
    std::unordered_map<int32_t, std::vector<OpenRegion>> open_regions;  // tid -> nesting, outermost first
    // Per thread: code object address -> index in py_codes_. Per thread because each thread's
    // stream announces the code objects it uses before its samples do, in order; a freed and
    // reused address is announced again by every thread that meets the new object.
    std::unordered_map<int32_t, std::unordered_map<uint64_t, uint32_t>> py_codes;
  };
  struct PyCode {
    uint32_t function = 0;
    std::vector<python::LineRange> lines;
  };
  struct PyFunctionKey {
    std::string qualname, filename;
    int32_t firstlineno;
    bool operator==(const PyFunctionKey&) const = default;
  };
  struct PyFunctionKeyHash {
    size_t operator()(const PyFunctionKey& k) const;
  };
  struct Connection {
    bool open = true;
    uint32_t process = kNone;
  };
  struct StackHash {
    size_t operator()(const std::vector<uint32_t>& v) const;
  };
  struct LocationKeyHash {
    size_t operator()(const std::pair<uint32_t, uint64_t>& k) const;
  };

  Status onHello(Connection& connection, const HelloRecord& hello);
  uint32_t resumedImage(const Process& process) const;
  void resume(uint32_t process);
  void onModule(Image& c, const ModuleRecord& module);
  void onThread(Image& c, const wire::Thread& thread);
  void onSamples(Image& c, const SamplesRecord& samples);
  void onRegion(Image& c, const RegionRecord& region);
  void onPyCode(Image& c, const PyCodeRecord& code);
  void onPython(Image& c, const PythonRecord& python);
  uint32_t pythonFunction(const std::string& qualname, const std::string& filename, int32_t firstlineno);
  uint32_t pythonLocation(uint32_t function, uint32_t line, bool entry);
  void appendPythonFrames(Image& c, int32_t tid, const uint64_t* words, uint32_t count, std::vector<uint32_t>* stack);
  void writeRegion(const OpenRegion& open, uint64_t end_ns);
  void closeOpenRegions(Image& c, uint64_t end_ns);
  uint32_t parentOf(const Process& child) const;
  uint32_t threadFor(Image& c, int32_t tid, uint64_t rel_ns, const std::string& name);
  uint32_t locationFor(const Image& c, uint64_t pc, bool caller);
  // `native_outermost`: the stack's outermost native location (what countCutStacks checks).
  uint32_t stackFor(std::vector<uint32_t>&& locations, uint32_t native_outermost);
  uint64_t relative(uint64_t monotonic_ns) const;
  void check(const Status& s);
  void updateMetaCounters();

  ProfWriter& writer_;
  RecorderConfig config_;
  Meta meta_;
  std::string written_meta_;  // dumpText-free fingerprint of the last Meta written
  Status writer_status_ = Status::ok();

  std::vector<Connection> connections_;
  std::vector<Process> processes_;
  std::vector<Image> images_;  // parallel to processes_
  std::vector<Thread> threads_;
  std::vector<Module> modules_;
  std::vector<Location> locations_;
  std::unordered_map<std::pair<uint32_t, uint64_t>, uint32_t, LocationKeyHash> location_ids_;
  std::unordered_map<std::vector<uint32_t>, uint32_t, StackHash> stack_ids_;
  std::vector<uint32_t> stack_outermost_;       // per stack id: its outermost location
  std::vector<uint64_t> stack_unflagged_samples_;  // per stack id: samples not yet counted truncated
  std::vector<PyCode> py_codes_;
  std::unordered_map<PyFunctionKey, uint32_t, PyFunctionKeyHash> py_function_ids_;
  std::unordered_map<uint64_t, uint32_t> py_location_ids_;  // function << 33 | line << 1 | entry
  uint64_t python_samples_ = 0;
  std::vector<std::string> python_versions_;
  std::vector<std::string> python_notes_;
  uint64_t malformed_ = 0;
  uint64_t samples_ = 0;
  uint64_t weight_ = 0;
  uint64_t truncated_ = 0;
  uint64_t regions_ = 0;
};

// "perf-task-clock", "posix-cpu-timer", or "clock-N".
std::string clockName(wire::ClockKind clock);

// A failure to write the output file as pprof-run and pprof-collect word it:
// "open x/y.prof: No such file or directory" -> "cannot write 'x/y.prof': No such file ...".
std::string outputError(const std::string& path, const std::string& message);

}  // namespace pprof::collector
