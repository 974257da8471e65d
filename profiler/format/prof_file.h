// out.prof: reader and streaming writer. The byte layout is specified in FORMAT.md (next to
// this file); this header is the only way the rest of the code touches it.
//
// The writer appends records as the run goes, so a profile survives the writer being killed:
// the reader keeps every complete record of a file that ends mid-record and reports the
// profile as incomplete (meta.complete == false). Ids handed out by the writer are the
// indexes the reader will produce in the Profile's vectors.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "format/profile.h"

namespace pprof {

class ProfWriter {
 public:
  // Creates/truncates `path`. Fails with "open PATH: <reason>".
  static Result<std::unique_ptr<ProfWriter>> create(const std::string& path);
  virtual ~ProfWriter() = default;

  // Meta may be written several times; the last one read wins (counters grow during the run).
  virtual Status writeMeta(const Meta& meta) = 0;
  virtual Result<uint32_t> addProcess(const Process& process) = 0;
  virtual Status updateProcess(uint32_t id, const Process& process) = 0;
  virtual Result<uint32_t> addThread(const Thread& thread) = 0;
  virtual Status updateThread(uint32_t id, const Thread& thread) = 0;
  virtual Result<uint32_t> addModule(const Module& module) = 0;
  // A location without symbols yet; lines are attached later with setLocationLines.
  // `flags`: kLocationPython, kLocationPythonEntry (profile.h).
  virtual Result<uint32_t> addLocation(uint32_t module, uint64_t address, uint32_t flags) = 0;
  Result<uint32_t> addLocation(uint32_t module, uint64_t address) { return addLocation(module, address, 0); }
  virtual Result<uint32_t> addStack(const Stack& stack) = 0;
  virtual Status addSample(const Sample& sample) = 0;
  virtual Result<uint32_t> addFunction(const Function& function) = 0;
  virtual Status setLocationLines(uint32_t location, const std::vector<Line>& lines) = 0;
  // A marked region, written once it has ended (or its process did).
  virtual Status addRegion(const Region& region) = 0;
  // Pushes buffered bytes to the file (the collector calls this periodically).
  virtual Status flush() = 0;
  // Writes the end marker and closes; after this the profile reads as complete.
  virtual Status finish() = 0;
};

// True if `prefix` (the first bytes of a file) starts with the out.prof magic.
bool looksLikeProfFile(std::string_view prefix);

// Parses a whole out.prof image. `name` is used in error messages
// ("out.prof: bad record type 77 at offset 1234"). A truncated tail is not an error.
Result<Profile> parseProfFile(std::string_view bytes, const std::string& name);

// Reads and parses `path`.
Result<Profile> readProfFile(const std::string& path);

}  // namespace pprof
