// Keys are byte strings built from the identifying fields; ids are vector indexes.
#include "formats/profile_builder.h"

#include <cstring>

namespace pprof::formats {
namespace {

template <typename T>
void appendRaw(std::string& key, T value) {
  char bytes[sizeof value];
  std::memcpy(bytes, &value, sizeof value);
  key.append(bytes, sizeof value);
}

}  // namespace

uint32_t ProfileBuilder::process(int32_t pid, std::string_view executable) {
  auto [it, added] = processes_.try_emplace(pid, static_cast<uint32_t>(profile_.processes.size()));
  if (added) {
    Process p;
    p.pid = pid;
    p.executable = std::string(executable);
    profile_.processes.push_back(std::move(p));
  }
  return it->second;
}

uint32_t ProfileBuilder::thread(uint32_t process, int32_t tid, std::string_view name) {
  std::string key;
  appendRaw(key, process);
  appendRaw(key, tid);
  key += name;
  auto [it, added] = threads_.try_emplace(std::move(key), static_cast<uint32_t>(profile_.threads.size()));
  if (added) profile_.threads.push_back({.process = process, .tid = tid, .name = std::string(name)});
  return it->second;
}

uint32_t ProfileBuilder::module(uint32_t process, std::string_view path) {
  std::string key;
  appendRaw(key, process);
  key += path;
  auto [it, added] = modules_.try_emplace(std::move(key), static_cast<uint32_t>(profile_.modules.size()));
  if (added) {
    Module m;
    m.process = process;
    m.path = std::string(path);
    profile_.modules.push_back(std::move(m));
  }
  return it->second;
}

uint32_t ProfileBuilder::function(std::string_view name, uint32_t module) {
  std::string key;
  appendRaw(key, module);
  key += name;
  auto [it, added] = functions_.try_emplace(std::move(key), static_cast<uint32_t>(profile_.functions.size()));
  if (added) {
    Function f;
    f.name = std::string(name);
    f.system_name = f.name;
    f.module = module;
    profile_.functions.push_back(std::move(f));
  }
  return it->second;
}

uint32_t ProfileBuilder::location(uint32_t module, uint64_t address, uint32_t function) {
  std::string key;
  appendRaw(key, module);
  appendRaw(key, address);
  appendRaw(key, function);
  auto [it, added] = locations_.try_emplace(std::move(key), static_cast<uint32_t>(profile_.locations.size()));
  if (added) profile_.locations.push_back({.module = module, .address = address, .lines = {{function, 0}}});
  return it->second;
}

uint32_t ProfileBuilder::stack(const std::vector<uint32_t>& leaf_first) {
  std::string key(reinterpret_cast<const char*>(leaf_first.data()), leaf_first.size() * sizeof(uint32_t));
  auto [it, added] = stacks_.try_emplace(std::move(key), static_cast<uint32_t>(profile_.stacks.size()));
  if (added) profile_.stacks.push_back({leaf_first});
  return it->second;
}

void ProfileBuilder::sample(uint32_t stack, uint32_t thread, uint32_t weight, uint64_t timestamp_ns) {
  profile_.samples.push_back({.stack = stack, .thread = thread, .timestamp_ns = timestamp_ns, .weight = weight});
}

}  // namespace pprof::formats
