#include "analysis/restriction.h"

#include <charconv>
#include <cstdio>

namespace pprof::analysis {

Restriction Restriction::count(size_t n) {
  Restriction r;
  r.kind_ = Kind::kCount;
  r.count_ = n;
  r.repr_ = std::to_string(n);
  return r;
}

Restriction Restriction::fraction(double f) {
  Restriction r;
  r.kind_ = Kind::kFraction;
  r.fraction_ = f;
  char buffer[64];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, f, std::chars_format::fixed);
  r.repr_ = ec == std::errc() ? std::string(buffer, end) : std::to_string(f);
  if (r.repr_.find('.') == std::string::npos) r.repr_ += ".0";  // Python prints 0.0, not 0
  return r;
}

Result<Restriction> Restriction::regex(const std::string& pattern) {
  Restriction r;
  r.kind_ = Kind::kRegex;
  r.repr_ = pythonRepr(pattern);
  try {
    r.regex_ = std::make_shared<const std::regex>(pattern, std::regex::ECMAScript);
  } catch (const std::regex_error& e) {
    return Status::error("invalid regular expression " + r.repr_ + ": " + e.what());
  }
  return r;
}

bool Restriction::matches(const std::string& label) const {
  return kind_ != Kind::kRegex || std::regex_search(label, *regex_);
}

std::string Restriction::apply(std::vector<FunctionStats>& rows) const {
  return applyTo(rows, [](const FunctionStats& row) -> const std::string& { return row.label; });
}

std::string pythonRepr(const std::string& text) {
  const bool has_single = text.find('\'') != std::string::npos;
  const char quote = has_single && text.find('"') == std::string::npos ? '"' : '\'';
  std::string out(1, quote);
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    if (c == '\\' || c == quote) out += '\\', out += c;
    else if (c == '\n') out += "\\n";
    else if (c == '\r') out += "\\r";
    else if (c == '\t') out += "\\t";
    else if (u < 0x20 || u == 0x7f) {
      char hex[8];
      std::snprintf(hex, sizeof hex, "\\x%02x", u);
      out += hex;
    } else out += c;
  }
  out += quote;
  return out;
}

}  // namespace pprof::analysis
