#include "formats/perf_script_lines.h"

#include <charconv>
#include <vector>

namespace pprof::formats::perf_script {
namespace {

bool isBlank(char c) { return c == ' ' || c == '\t' || c == '\r'; }
bool isDigit(char c) { return c >= '0' && c <= '9'; }
bool isHex(char c) { return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

bool allOf(std::string_view s, bool (*pred)(char)) {
  if (s.empty()) return false;
  for (char c : s)
    if (!pred(c)) return false;
  return true;
}

struct Token {
  std::string_view text;
  size_t begin;
};

std::vector<Token> tokenize(std::string_view line) {
  std::vector<Token> tokens;
  size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && isBlank(line[i])) ++i;
    size_t start = i;
    while (i < line.size() && !isBlank(line[i])) ++i;
    if (i > start) tokens.push_back({line.substr(start, i - start), start});
  }
  return tokens;
}

template <typename T>
bool parseNumber(std::string_view s, T& value, int base = 10) {
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value, base);
  return ec == std::errc() && end == s.data() + s.size();
}

// "12345.678901:" -> nanoseconds.
bool parseTime(std::string_view token, uint64_t& ns) {
  if (token.size() < 4 || token.back() != ':') return false;
  token.remove_suffix(1);
  size_t dot = token.find('.');
  if (dot == std::string_view::npos || dot == 0) return false;
  std::string_view secs = token.substr(0, dot), frac = token.substr(dot + 1);
  if (!allOf(secs, isDigit) || !allOf(frac, isDigit) || frac.size() > 9 || secs.size() > 10) return false;
  uint64_t s = 0, f = 0;
  if (!parseNumber(secs, s) || !parseNumber(frac, f)) return false;
  for (size_t i = frac.size(); i < 9; ++i) f *= 10;
  ns = s * 1000000000 + f;
  return true;
}

bool parsePidTid(std::string_view token, int32_t& pid, int32_t& tid) {
  size_t slash = token.find('/');
  if (slash == std::string_view::npos) return parseNumber(token, tid) && tid >= 0 && ((pid = tid), true);
  return parseNumber(token.substr(0, slash), pid) && parseNumber(token.substr(slash + 1), tid) && pid >= 0 && tid >= 0;
}

bool isCpu(std::string_view token) {
  return token.size() > 2 && token.front() == '[' && token.back() == ']' &&
         allOf(token.substr(1, token.size() - 2), isDigit);
}

}  // namespace

std::optional<Header> parseHeader(std::string_view line, std::string& error) {
  std::vector<Token> tokens = tokenize(line);
  Header h;
  size_t t = 0;
  while (t < tokens.size() && !parseTime(tokens[t].text, h.time_ns)) ++t;
  size_t k = t;
  if (k > 0 && isCpu(tokens[k - 1].text)) --k;
  if (t == tokens.size() || k < 2 || !parsePidTid(tokens[k - 1].text, h.pid, h.tid)) {
    error = "expected 'comm pid/tid time: period event:'";
    return std::nullopt;
  }
  h.comm = line.substr(0, tokens[k - 1].begin);
  while (!h.comm.empty() && isBlank(h.comm.back())) h.comm.remove_suffix(1);
  size_t e = t + 1;
  if (e < tokens.size() && allOf(tokens[e].text, isDigit)) {
    if (!parseNumber(tokens[e].text, h.period)) {
      error = "period '" + std::string(tokens[e].text) + "' is too large";
      return std::nullopt;
    }
    ++e;
  }
  if (e < tokens.size() && tokens[e].text.back() == ':') {
    h.event = tokens[e].text.substr(0, tokens[e].text.size() - 1);
    ++e;
  }
  if (e < tokens.size()) h.rest = line.substr(tokens[e].begin);
  return h;
}

std::optional<Frame> parseFrame(std::string_view line) {
  while (!line.empty() && isBlank(line.back())) line.remove_suffix(1);
  size_t space = line.find_first_of(" \t");
  if (space == std::string_view::npos || !allOf(line.substr(0, space), isHex)) return std::nullopt;
  Frame f;
  if (!parseNumber(line.substr(0, space), f.address, 16)) return std::nullopt;
  std::string_view rest = line.substr(space + 1);
  while (!rest.empty() && isBlank(rest.front())) rest.remove_prefix(1);
  size_t open = rest.rfind(" (");
  if (rest.empty() || rest.back() != ')' || open == std::string_view::npos) return std::nullopt;
  f.dso = rest.substr(open + 2, rest.size() - open - 3);
  f.symbol = rest.substr(0, open);
  size_t plus = f.symbol.rfind("+0x");
  if (plus != std::string_view::npos && plus > 0 && allOf(f.symbol.substr(plus + 3), isHex))
    f.symbol = f.symbol.substr(0, plus);
  if (f.symbol.empty()) f.symbol = "[unknown]";
  return f;
}

}  // namespace pprof::formats::perf_script
