#include "render/thread_render.h"

#include "render/text_format.h"

namespace pprof::render {

std::string renderThreads(const analysis::StatsReport& report) {
  std::string out;
  appendf(out, "   %zu processes\n\n", report.processes.size());
  out += "      pid  threads   samples  cpu_secs  executable\n";
  for (const analysis::ProcessStats& p : report.processes) {
    appendf(out, "%9d %8llu %9llu %9.3f  %s\n", p.pid, static_cast<unsigned long long>(p.threads),
            static_cast<unsigned long long>(p.samples), p.cpu_seconds, p.executable.c_str());
  }
  appendf(out, "\n   %zu threads\n\n", report.threads.size());
  out += "      pid      tid   samples  cpu_secs  name\n";
  for (const analysis::ThreadStats& t : report.threads) {
    appendf(out, "%9d %8d %9llu %9.3f  %s\n", t.pid, t.tid, static_cast<unsigned long long>(t.samples),
            t.cpu_seconds, t.name.c_str());
  }
  out += "\n";
  return out;
}

}  // namespace pprof::render
