#include "render/thread_render.h"

#include "render/text_format.h"

namespace pprof::render {

namespace {

// A merged job spans several hosts: then every row starts with its host (rows come grouped by
// host); one host's profile keeps pstats-like columns without it.
bool severalHosts(const analysis::StatsReport& report) {
  for (const analysis::ProcessStats& p : report.processes) {
    if (p.host != report.processes.front().host) return true;
  }
  return false;
}

}  // namespace

std::string renderThreads(const analysis::StatsReport& report) {
  std::string out;
  const bool hosts = severalHosts(report);
  const auto host = [&](const std::string& name) {
    if (hosts) appendf(out, "%-16s", name.empty() ? "?" : name.c_str());
  };
  appendf(out, "   %zu processes\n\n", report.processes.size());
  host("host");
  out += "      pid  threads   samples  cpu_secs  executable\n";
  for (const analysis::ProcessStats& p : report.processes) {
    host(p.host);
    appendf(out, "%9d %8llu %9llu %9.3f  %s\n", p.pid, static_cast<unsigned long long>(p.threads),
            static_cast<unsigned long long>(p.samples), p.cpu_seconds, p.executable.c_str());
    // The role when it says more than the executable's name (a script, dask's processes).
    const size_t slash = p.executable.rfind('/');
    const std::string name = slash == std::string::npos ? p.executable : p.executable.substr(slash + 1);
    if (!p.role.empty() && p.role != name) {
      out.pop_back();
      appendf(out, "  [%s]\n", p.role.c_str());
    }
  }
  appendf(out, "\n   %zu threads\n\n", report.threads.size());
  host("host");
  out += "      pid      tid   samples  cpu_secs  name\n";
  for (const analysis::ThreadStats& t : report.threads) {
    host(t.host);
    appendf(out, "%9d %8d %9llu %9.3f  %s\n", t.pid, t.tid, static_cast<unsigned long long>(t.samples),
            t.cpu_seconds, t.name.c_str());
  }
  out += "\n";
  return out;
}

}  // namespace pprof::render
