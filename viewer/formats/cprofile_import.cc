#include "formats/cprofile_import.h"

#include <map>
#include <tuple>

#include "formats/marshal.h"

namespace pprof::formats {
namespace {

using Kind = MarshalValue::Kind;

class CProfileDecoder {
 public:
  explicit CProfileDecoder(const std::string& name) : name_(name) {}

  Result<Profile> decode(const MarshalValue& root) {
    if (root.kind != Kind::kDict) return fail("top level is not a dict", root);
    profile_.meta.producer = "cProfile";
    profile_.meta.complete = true;
    for (size_t i = 0; i + 1 < root.items.size(); i += 2) {
      Status status = addEntry(*root.items[i], *root.items[i + 1]);
      if (!status) return status;
    }
    return std::move(profile_);
  }

 private:
  Status fail(const std::string& what, const MarshalValue& at) const {
    return Status::error(name_ + ": cProfile: " + what + " at offset " + std::to_string(at.offset));
  }

  // (file, line, name) -> function index, interned in order of first appearance.
  Result<uint32_t> function(const MarshalValue& key) {
    if (key.kind != Kind::kTuple || key.items.size() != 3) return fail("function key is not a 3-tuple", key);
    const MarshalValue &file = *key.items[0], &line = *key.items[1], &fname = *key.items[2];
    if (file.kind != Kind::kString || fname.kind != Kind::kString || line.kind != Kind::kInt)
      return fail("function key is not (str, int, str)", key);
    if (line.integer < 0 || line.integer > UINT32_MAX) return fail("line number out of range", line);
    auto id = std::make_tuple(file.text, static_cast<uint32_t>(line.integer), fname.text);
    auto [it, inserted] = ids_.try_emplace(id, static_cast<uint32_t>(profile_.functions.size()));
    // cProfile's built-ins ("~", 0, "<built-in method len>") are C; everything else is Python code.
    const Language language = file.text == "~" ? Language::kNative : Language::kPython;
    if (inserted) profile_.functions.push_back({fname.text, fname.text, file.text, std::get<1>(id), kNone, language});
    return it->second;
  }

  Result<uint64_t> callCount(const MarshalValue& v) {
    if (v.kind != Kind::kInt || v.integer < 0) return fail("call count is not a non-negative int", v);
    return static_cast<uint64_t>(v.integer);
  }

  // Four numbers (a, b, tt, ct); the caller says which of a and b is nc.
  Status numbers(const MarshalValue& v, uint64_t& a, uint64_t& b, double& tt, double& ct) {
    Result<uint64_t> ra = callCount(*v.items[0]), rb = callCount(*v.items[1]);
    if (!ra) return ra.status();
    if (!rb) return rb.status();
    if (!v.items[2]->isNumber() || !v.items[3]->isNumber()) return fail("time is not a number", v);
    a = ra.value();
    b = rb.value();
    tt = v.items[2]->asDouble();
    ct = v.items[3]->asDouble();
    return Status::ok();
  }

  Status addEntry(const MarshalValue& key, const MarshalValue& value) {
    Result<uint32_t> fn = function(key);
    if (!fn) return fn.status();
    if (value.kind != Kind::kTuple || value.items.size() != 5) return fail("stats value is not a 5-tuple", value);
    CallStats stats;
    stats.function = fn.value();
    Status status = numbers(value, stats.primitive_calls, stats.calls, stats.self_seconds, stats.total_seconds);
    if (!status) return status;
    const MarshalValue& callers = *value.items[4];
    if (callers.kind != Kind::kDict) return fail("callers is not a dict", callers);
    for (size_t i = 0; i + 1 < callers.items.size(); i += 2) {
      Result<CallerStats> edge = caller(*callers.items[i], *callers.items[i + 1]);
      if (!edge) return edge.status();
      stats.callers.push_back(edge.value());
    }
    profile_.call_stats.push_back(std::move(stats));
    return Status::ok();
  }

  Result<CallerStats> caller(const MarshalValue& key, const MarshalValue& value) {
    Result<uint32_t> fn = function(key);
    if (!fn) return fn.status();
    CallerStats edge;
    edge.caller = fn.value();
    if (value.kind == Kind::kInt) {  // the pure-Python `profile` module: a call count only
      Result<uint64_t> n = callCount(value);
      if (!n) return n.status();
      edge.calls = edge.primitive_calls = n.value();
      return edge;
    }
    if (value.kind != Kind::kTuple || value.items.size() != 4) return fail("caller value is not a 4-tuple", value);
    Status status = numbers(value, edge.calls, edge.primitive_calls, edge.self_seconds, edge.total_seconds);
    if (!status) return status;
    return edge;
  }

  const std::string& name_;
  Profile profile_;
  std::map<std::tuple<std::string, uint32_t, std::string>, uint32_t> ids_;
};

}  // namespace

Result<Profile> parseCProfile(std::string_view bytes, const std::string& name) {
  Result<MarshalPtr> root = readMarshal(bytes, name);
  if (!root) return root.status();
  return CProfileDecoder(name).decode(*root.value());
}

}  // namespace pprof::formats
