#include <cctype>
#include <charconv>
#include <vector>

#include "formats/collapsed.h"
#include "formats/profile_builder.h"
#include "formats/text_lines.h"

namespace pprof::formats {
namespace {

bool isBlank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

std::string_view trimRight(std::string_view s) {
  while (!s.empty() && isBlank(s.back())) s.remove_suffix(1);
  return s;
}
std::string_view trimLeft(std::string_view s) {
  while (!s.empty() && isBlank(s.front())) s.remove_prefix(1);
  return s;
}

// Splits "stack COUNT" at the last blank; false if there is no such split.
bool splitLine(std::string_view line, std::string_view& stack, std::string_view& count) {
  size_t blank = line.find_last_of(" \t");
  if (blank == std::string_view::npos) return false;
  stack = trimRight(line.substr(0, blank));
  count = line.substr(blank + 1);
  return !stack.empty() && !count.empty();
}

class CollapsedParser {
 public:
  explicit CollapsedParser(Profile& profile) : builder_(profile) {
    thread_ = builder_.thread(builder_.process(0), 0);
  }

  // Returns "" or what is wrong with the line.
  std::string addLine(std::string_view line) {
    std::string_view stack_text, count_text;
    if (!splitLine(line, stack_text, count_text)) return "expected 'stack COUNT'";
    uint64_t count = 0;
    auto [end, ec] = std::from_chars(count_text.data(), count_text.data() + count_text.size(), count);
    if (ec == std::errc::result_out_of_range || (ec == std::errc() && count > UINT32_MAX))
      return "count " + std::string(count_text) + " is too large";
    if (ec != std::errc() || end != count_text.data() + count_text.size())
      return "count '" + std::string(count_text) + "' is not a non-negative integer";
    frames_.clear();
    size_t start = 0;
    for (;;) {
      size_t semicolon = stack_text.find(';', start);
      std::string_view frame = stack_text.substr(start, semicolon == std::string_view::npos ? semicolon : semicolon - start);
      if (frame.empty()) return "empty frame name at column " + std::to_string(start + 1);
      frames_.push_back(builder_.location(kNone, 0, builder_.function(frame)));
      if (semicolon == std::string_view::npos) break;
      start = semicolon + 1;
    }
    if (count == 0) return {};
    std::vector<uint32_t> leaf_first(frames_.rbegin(), frames_.rend());
    builder_.sample(builder_.stack(leaf_first), thread_, static_cast<uint32_t>(count));
    return {};
  }

 private:
  ProfileBuilder builder_;
  uint32_t thread_;
  std::vector<uint32_t> frames_;
};

}  // namespace

bool looksLikeCollapsed(std::string_view head) {
  size_t pos = 0;
  while (pos < head.size()) {
    size_t eol = head.find('\n', pos);
    if (eol == std::string_view::npos) return false;  // only judge complete lines
    std::string_view line = trimLeft(trimRight(head.substr(pos, eol - pos)));
    pos = eol + 1;
    if (line.empty() || line[0] == '#') continue;
    std::string_view stack, count;
    if (!splitLine(line, stack, count)) return false;
    for (char c : count)
      if (!std::isdigit(static_cast<unsigned char>(c))) return false;
    return true;
  }
  return false;
}

Result<Profile> parseCollapsed(std::string_view text, const std::string& name) {
  Profile profile;
  profile.meta.producer = "collapsed";
  profile.meta.mode = "cpu";
  profile.meta.complete = true;
  CollapsedParser parser(profile);
  LineReader lines(text);
  std::string_view line;
  while (lines.next(line)) {
    line = trimLeft(trimRight(line));
    if (line.empty() || line[0] == '#') continue;
    std::string problem = parser.addLine(line);
    if (!problem.empty()) return Status::error(name + ":" + std::to_string(lines.lineNumber()) + ": " + problem);
  }
  return profile;
}

}  // namespace pprof::formats
