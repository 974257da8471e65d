// dumpText: one line per record in vector order, every field named, references shown as
// P3/T0/M1/F2/L5/S4 so a golden diff reads without a decoder. Strings are quoted with
// escapes, so the dump is always one record per line whatever the names contain.
#include <cinttypes>
#include <cstdio>
#include <string>

#include "format/profile.h"

namespace pprof {
namespace {

class Dumper {
 public:
  std::string& out() { return out_; }

  Dumper& raw(const char* text) {
    out_ += text;
    return *this;
  }
  Dumper& num(const char* key, uint64_t value) { return field(key).append(std::to_string(value)); }
  Dumper& snum(const char* key, int64_t value) { return field(key).append(std::to_string(value)); }
  Dumper& hex(const char* key, uint64_t value) {
    char buf[24];
    std::snprintf(buf, sizeof buf, "0x%" PRIx64, value);
    return field(key).append(buf);
  }
  Dumper& flag(const char* key, bool value) { return field(key).append(value ? "true" : "false"); }
  Dumper& str(const char* key, const std::string& value) { return field(key).quoted(value); }
  Dumper& strs(const char* key, const std::vector<std::string>& values) {
    field(key).append("[");
    for (size_t i = 0; i < values.size(); ++i) (i ? append(", ") : *this).quoted(values[i]);
    return append("]");
  }
  Dumper& ref(const char* key, char kind, uint32_t id) { return field(key).id(kind, id); }
  Dumper& id(char kind, uint32_t id) {
    if (id == kNone) return append("-");
    out_ += kind;
    return append(std::to_string(id));
  }
  Dumper& header(const char* name, size_t count) {
    return raw(name).append(" (").append(std::to_string(count)).append(")\n");
  }
  Dumper& append(const std::string& text) {
    out_ += text;
    return *this;
  }

 private:
  Dumper& field(const char* key) {
    if (!out_.empty() && out_.back() != ' ' && out_.back() != '\n') out_ += ' ';
    return append(key).append("=");
  }
  Dumper& quoted(const std::string& text) {
    out_ += '"';
    for (unsigned char c : text) {
      if (c == '"' || c == '\\') {
        out_ += '\\';
        out_ += static_cast<char>(c);
      } else if (c < 0x20 || c == 0x7f) {
        char buf[8];
        std::snprintf(buf, sizeof buf, "\\x%02x", c);
        out_ += buf;
      } else {
        out_ += static_cast<char>(c);
      }
    }
    out_ += '"';
    return *this;
  }

  std::string out_;
};

void dumpMeta(Dumper& d, const Meta& m) {
  d.raw("meta\n ").str("producer", m.producer).num("frequency_hz", m.frequency_hz).str("mode", m.mode);
  d.str("clock", m.clock).num("period_ns", m.period_ns).raw("\n ");
  d.num("start_realtime_ns", m.start_realtime_ns).num("duration_ns", m.duration_ns).raw("\n ");
  d.strs("command", m.command).raw("\n ");
  d.num("lost_samples", m.lost_samples).num("truncated_stacks", m.truncated_stacks);
  d.flag("complete", m.complete);
  if (m.regions_only) d.flag("regions_only", true);  // only when set: older dumps stay valid
  if (!m.host.empty() || !m.boot_id.empty()) d.str("host", m.host).str("boot_id", m.boot_id);
  d.raw("\n");
}

void dumpProcesses(Dumper& d, const std::vector<Process>& processes) {
  d.header("processes", processes.size());
  for (size_t i = 0; i < processes.size(); ++i) {
    const Process& p = processes[i];
    d.raw("  ").id('P', i).snum("pid", p.pid).snum("ppid", p.ppid).ref("parent", 'P', p.parent);
    d.str("executable", p.executable).strs("command", p.command).num("start_ns", p.start_ns);
    d.num("end_ns", p.end_ns).flag("exec_replaced", p.exec_replaced);
    if (!p.python_version.empty() || !p.python_note.empty())
      d.str("python_version", p.python_version).str("python_note", p.python_note);
    d.raw("\n");
  }
}

void dumpThreads(Dumper& d, const std::vector<Thread>& threads) {
  d.header("threads", threads.size());
  for (size_t i = 0; i < threads.size(); ++i) {
    const Thread& t = threads[i];
    d.raw("  ").id('T', i).ref("process", 'P', t.process).snum("tid", t.tid).str("name", t.name);
    d.num("start_ns", t.start_ns).num("end_ns", t.end_ns).raw("\n");
  }
}

void dumpModules(Dumper& d, const std::vector<Module>& modules) {
  d.header("modules", modules.size());
  for (size_t i = 0; i < modules.size(); ++i) {
    const Module& m = modules[i];
    d.raw("  ").id('M', i).ref("process", 'P', m.process).str("path", m.path).str("build_id", m.build_id);
    d.hex("start", m.start).hex("end", m.end).hex("bias", m.bias).raw("\n");
  }
}

void dumpFunctions(Dumper& d, const std::vector<Function>& functions) {
  d.header("functions", functions.size());
  for (size_t i = 0; i < functions.size(); ++i) {
    const Function& f = functions[i];
    d.raw("  ").id('F', i).str("name", f.name).str("system_name", f.system_name).str("file", f.file);
    d.num("start_line", f.start_line).ref("module", 'M', f.module);
    if (f.language == Language::kPython) d.raw(" python");
    d.raw("\n");
  }
}

void dumpLocations(Dumper& d, const std::vector<Location>& locations) {
  d.header("locations", locations.size());
  for (size_t i = 0; i < locations.size(); ++i) {
    const Location& l = locations[i];
    d.raw("  ").id('L', i).ref("module", 'M', l.module).hex("address", l.address);
    if (l.flags != 0) d.num("flags", l.flags);
    d.raw(" lines=[");
    for (size_t j = 0; j < l.lines.size(); ++j) {
      if (j) d.raw(" ");
      d.id('F', l.lines[j].function).raw(":").append(std::to_string(l.lines[j].line));
    }
    d.raw("]\n");
  }
}

void dumpStacks(Dumper& d, const std::vector<Stack>& stacks) {
  d.header("stacks", stacks.size());
  for (size_t i = 0; i < stacks.size(); ++i) {
    d.raw("  ").id('S', i).raw(" leaf_first=[");
    const std::vector<uint32_t>& locations = stacks[i].locations;
    for (size_t j = 0; j < locations.size(); ++j) (j ? d.raw(" ") : d).id('L', locations[j]);
    d.raw("]\n");
  }
}

void dumpSamples(Dumper& d, const std::vector<Sample>& samples) {
  d.header("samples", samples.size());
  for (size_t i = 0; i < samples.size(); ++i) {
    const Sample& s = samples[i];
    d.raw("  ").append(std::to_string(i)).ref("stack", 'S', s.stack).ref("thread", 'T', s.thread);
    d.num("timestamp_ns", s.timestamp_ns).num("weight", s.weight).hex("flags", s.flags).raw("\n");
  }
}

// Only profiles with regions print the section, so dumps of everything else are unchanged.
void dumpRegions(Dumper& d, const std::vector<Region>& regions) {
  if (regions.empty()) return;
  d.header("regions", regions.size());
  for (size_t i = 0; i < regions.size(); ++i) {
    const Region& r = regions[i];
    d.raw("  ").append(std::to_string(i)).str("name", r.name).ref("thread", 'T', r.thread);
    d.num("start_ns", r.start_ns).num("end_ns", r.end_ns).raw("\n");
  }
}

}  // namespace

std::string dumpText(const Profile& profile) {
  Dumper d;
  dumpMeta(d, profile.meta);
  dumpProcesses(d, profile.processes);
  dumpThreads(d, profile.threads);
  dumpModules(d, profile.modules);
  dumpFunctions(d, profile.functions);
  dumpLocations(d, profile.locations);
  dumpStacks(d, profile.stacks);
  dumpSamples(d, profile.samples);
  dumpRegions(d, profile.regions);
  return std::move(d.out());
}

}  // namespace pprof
