// Synthetic profiles for scripts/bench-stats (not a test): a pprof file with many unique stacks
// and an out.prof with many samples, shaped like a real run (a few modules, thousands of
// functions, deep stacks, several threads), deterministic for a given seed. The collapsed form
// is the same profile for scripts/bench-viewer, which loads it into speedscope too.
//   make_big_profile pprof OUT.pb.gz STACKS SAMPLES
//   make_big_profile outprof OUT.prof STACKS SAMPLES
//   make_big_profile collapsed OUT.txt STACKS SAMPLES
// An optional fifth argument is the seed (default 42): another seed, another run of the same
// program (the same functions, other stacks and weights), for the comparison benchmark.
// Exit status 0 on success, 1 with one line on stderr otherwise.
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "format/prof_file.h"
#include "formats/collapsed.h"
#include "formats/pprof_export.h"

namespace {

using pprof::Profile;

constexpr int kModules = 8, kFunctions = 4000, kThreads = 4;

// Every function has one location; stacks are random call paths from a few roots, all distinct.
Profile syntheticProfile(uint32_t stacks, uint64_t samples, uint64_t seed) {
  Profile p;
  p.meta = {"bench", 1000, "cpu", "bench", 1000000, 1763758979000000000ull, samples * 1000000ull / kThreads, {"bench"},
            0, 0, true};
  p.processes.push_back({4000, 1, pprof::kNone, "/usr/bin/bench", {"bench"}, 0, 0, false});
  for (int t = 0; t < kThreads; ++t) p.threads.push_back({0, 4000 + t, "worker-" + std::to_string(t), 0, 0});
  for (int m = 0; m < kModules; ++m)
    p.modules.push_back({0, "/usr/lib/libbench" + std::to_string(m) + ".so", "", 0x1000000ull * (m + 1),
                         0x1000000ull * (m + 2), 0x1000000ull * (m + 1)});
  for (uint32_t f = 0; f < kFunctions; ++f) {
    const uint32_t module = f % kModules;
    const std::string name = "ns" + std::to_string(f % 37) + "::Component" + std::to_string(f) + "::run(int)";
    p.functions.push_back({name, name, "/src/component" + std::to_string(f / 50) + ".cc", 10 + f % 500, module});
    pprof::Location loc;
    loc.module = module;
    loc.address = 0x1000 + 0x40ull * f;
    loc.lines.push_back({f, 20 + f % 300});
    p.locations.push_back(std::move(loc));
  }
  std::mt19937_64 rng(seed);
  for (uint32_t s = 0; s < stacks; ++s) {
    pprof::Stack stack;
    const int depth = 8 + static_cast<int>(rng() % 32);
    for (int d = 0; d < depth; ++d) stack.locations.push_back(static_cast<uint32_t>(rng() % kFunctions));
    stack.locations.push_back(s % 16);  // a handful of roots (main, thread entries)
    p.stacks.push_back(std::move(stack));
  }
  p.samples.reserve(samples);
  for (uint64_t i = 0; i < samples; ++i) {
    // Every stack appears at least once; the rest is skewed towards hot stacks.
    const uint64_t r = rng();
    const uint32_t stack = i < stacks ? static_cast<uint32_t>(i) : static_cast<uint32_t>((r % stacks) * (r % stacks) / stacks);
    p.samples.push_back({stack, static_cast<uint32_t>(i % kThreads), i * 1000000ull / kThreads, 1, 0});
  }
  return p;
}

pprof::Status writeOutProf(const Profile& p, const std::string& path) {
  auto created = pprof::ProfWriter::create(path);
  if (!created) return created.status();
  pprof::ProfWriter& w = *created.value();
  pprof::Status s = w.writeMeta(p.meta);
  for (const auto& x : p.processes) if (s) s = w.addProcess(x).status();
  for (const auto& x : p.threads) if (s) s = w.addThread(x).status();
  for (const auto& x : p.modules) if (s) s = w.addModule(x).status();
  for (const auto& x : p.locations) if (s) s = w.addLocation(x.module, x.address).status();
  for (const auto& x : p.stacks) if (s) s = w.addStack(x).status();
  for (const auto& x : p.samples) if (s) s = w.addSample(x);
  for (const auto& x : p.functions) if (s) s = w.addFunction(x).status();
  for (uint32_t i = 0; s && i < p.locations.size(); ++i) s = w.setLocationLines(i, p.locations[i].lines);
  return s ? w.finish() : s;
}

template <typename Bytes>
pprof::Status writeBytes(const Bytes& bytes, const std::string& path) {
  FILE* out = std::fopen(path.c_str(), "wb");
  if (!out) return pprof::Status::fromErrno("open " + path, errno);
  bool ok = std::fwrite(bytes.data(), 1, bytes.size(), out) == bytes.size();
  ok = std::fclose(out) == 0 && ok;
  return ok ? pprof::Status::ok() : pprof::Status::error("write " + path + " failed");
}

pprof::Status writePprof(const Profile& p, const std::string& path) {
  auto bytes = pprof::formats::encodePprof(p);
  if (!bytes) return bytes.status();
  return writeBytes(bytes.value(), path);
}

}  // namespace

int main(int argc, char** argv) {
  const std::string mode = argc == 5 || argc == 6 ? argv[1] : "";
  if (mode != "pprof" && mode != "outprof" && mode != "collapsed") {
    std::fprintf(stderr, "usage: make_big_profile pprof|outprof|collapsed OUT STACKS SAMPLES [SEED]\n");
    return 2;
  }
  const Profile p = syntheticProfile(static_cast<uint32_t>(std::strtoul(argv[3], nullptr, 10)),
                                     std::strtoull(argv[4], nullptr, 10),
                                     argc == 6 ? std::strtoull(argv[5], nullptr, 10) : 42);
  pprof::Status s = mode == "pprof"     ? writePprof(p, argv[2])
                    : mode == "outprof" ? writeOutProf(p, argv[2])
                                        : writeBytes(pprof::formats::encodeCollapsed(p), argv[2]);
  if (!s) std::fprintf(stderr, "make_big_profile: %s\n", s.message().c_str());
  return s ? 0 : 1;
}
