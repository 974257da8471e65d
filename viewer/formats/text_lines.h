// Internal to the text importers (collapsed stacks, perf script): splitting input into numbered
// lines. Lines come back without their '\n'; trimming ('\r' included) is up to the caller.
#pragma once

#include <cstddef>
#include <string_view>

namespace pprof::formats {

// Yields the lines of `text` one by one; a final line without '\n' counts, an empty text has none.
class LineReader {
 public:
  explicit LineReader(std::string_view text) : text_(text) {}

  // Sets `line` to the next line and returns true, or returns false at the end of the text.
  bool next(std::string_view& line) {
    if (pos_ >= text_.size()) return false;
    size_t eol = text_.find('\n', pos_);
    if (eol == std::string_view::npos) eol = text_.size();
    line = text_.substr(pos_, eol - pos_);
    pos_ = eol + 1;
    ++line_number_;
    return true;
  }
  // 1-based number of the line last returned by next().
  size_t lineNumber() const { return line_number_; }

 private:
  std::string_view text_;
  size_t pos_ = 0, line_number_ = 0;
};

}  // namespace pprof::formats
