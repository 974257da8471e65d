#include "formats/detect.h"

#include "common/file_io.h"
#include "format/prof_file.h"
#include "formats/collapsed.h"
#include "formats/cprofile_import.h"
#include "formats/gzip.h"
#include "formats/perf_script.h"
#include "formats/pprof_import.h"

namespace pprof::formats {
namespace {

constexpr size_t kHeadBytes = 4096;

// Text as our text formats produce it: no control bytes but tab, CR, LF (UTF-8 allowed).
bool looksLikeText(std::string_view head) {
  for (char c : head) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 && c != '\t' && c != '\n' && c != '\r') return false;
    if (u == 0x7f) return false;
  }
  return !head.empty();
}

// marshal.dumps(dict): '{' (0x7b, or 0xfb with the "remember" flag) followed by the first key,
// a tuple ('(' / ')' with or without the flag), or '0' for an empty dict.
bool looksLikeMarshalDict(std::string_view head) {
  if (head.empty()) return false;
  auto first = static_cast<unsigned char>(head[0]);
  if (first == 0xfb) return true;
  if (first != '{' || head.size() < 2) return false;
  auto second = static_cast<unsigned char>(head[1]) & 0x7f;
  return second == '(' || second == ')' || (head[1] == '0' && head.size() == 2);
}

}  // namespace

const char* formatName(InputFormat format) {
  switch (format) {
    case InputFormat::OutProf: return "out.prof";
    case InputFormat::Pprof: return "pprof";
    case InputFormat::Collapsed: return "collapsed stacks";
    case InputFormat::PerfScript: return "perf script";
    case InputFormat::CProfile: return "cProfile";
    case InputFormat::Unknown: break;
  }
  return "unknown";
}

InputFormat detectFormat(std::string_view head) {
  head = head.substr(0, kHeadBytes);
  if (looksLikeProfFile(head)) return InputFormat::OutProf;
  if (isGzip(head)) return InputFormat::Pprof;
  if (looksLikeMarshalDict(head)) return InputFormat::CProfile;
  if (looksLikeText(head)) {
    if (looksLikePerfScript(head)) return InputFormat::PerfScript;
    if (looksLikeCollapsed(head)) return InputFormat::Collapsed;
    return InputFormat::Unknown;
  }
  if (looksLikeRawPprof(head)) return InputFormat::Pprof;
  return InputFormat::Unknown;
}

Result<Profile> parseAnyProfile(std::string_view bytes, const std::string& name) {
  std::string inflated;
  InputFormat format = detectFormat(bytes);
  if (isGzip(bytes)) {  // gzip'ed pprof or gzip'ed text: look inside
    Result<std::string> raw = gunzip(bytes, name);
    if (!raw) return raw.status();
    inflated = std::move(raw).value();
    bytes = inflated;
    format = detectFormat(bytes);
  }
  Result<Profile> profile = Status::error("");
  switch (format) {
    case InputFormat::OutProf: profile = parseProfFile(bytes, name); break;
    case InputFormat::Pprof: profile = parsePprof(bytes, name); break;
    case InputFormat::Collapsed: profile = parseCollapsed(bytes, name); break;
    case InputFormat::PerfScript: profile = parsePerfScript(bytes, name); break;
    case InputFormat::CProfile: profile = parseCProfile(bytes, name); break;
    case InputFormat::Unknown:
      return Status::error(name + ": unknown profile format (expected out.prof, pprof, collapsed stacks, "
                                  "perf script or cProfile)");
  }
  if (!profile) return profile;
  Status valid = checkValid(profile.value());
  if (!valid) return valid.withContext(name + ": invalid " + formatName(format) + " profile");
  return profile;
}

Result<Profile> readAnyProfile(const std::string& path) {
  Result<std::string> bytes = readFile(path);
  if (!bytes) return bytes.status();
  return parseAnyProfile(bytes.value(), path);
}

}  // namespace pprof::formats
