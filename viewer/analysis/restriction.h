// pstats' print restrictions, applied in the order given to an already sorted table: a count
// keeps the first N rows, a fraction in [0, 1) keeps the first round(rows * f) rows, a regular
// expression keeps rows whose label ("file:line(name)") it matches anywhere (re.search; here
// ECMAScript syntax). Each restriction that removed rows yields pstats' line
//   "   List reduced from X to Y due to restriction <R>"
// with R as Python's repr prints it: <10>, <0.25>, <'foo'>.
#pragma once

#include <cstddef>
#include <memory>
#include <regex>
#include <string>
#include <vector>

#include "analysis/function_table.h"
#include "common/result.h"

namespace pprof::analysis {

class Restriction {
 public:
  static Restriction count(size_t n);
  // f must be in [0, 1).
  static Restriction fraction(double f);
  // Fails on an invalid expression: "invalid regular expression '(': <reason>".
  static Result<Restriction> regex(const std::string& pattern);

  // "10", "0.25", "'foo'": what pstats prints between < and >.
  const std::string& repr() const { return repr_; }
  bool matches(const std::string& label) const;

  // Applies to `rows`; returns the "List reduced" line, or "" when nothing was removed.
  std::string apply(std::vector<FunctionStats>& rows) const;
  // The same for rows of another kind (a comparison's), given the label of a row.
  template <typename Row, typename LabelOf>
  std::string applyTo(std::vector<Row>& rows, LabelOf label_of) const;

 private:
  enum class Kind { kCount, kFraction, kRegex };
  Kind kind_ = Kind::kCount;
  size_t count_ = 0;
  double fraction_ = 0;
  std::shared_ptr<const std::regex> regex_;
  std::string repr_;
};

template <typename Row, typename LabelOf>
std::string Restriction::applyTo(std::vector<Row>& rows, LabelOf label_of) const {
  const size_t before = rows.size();
  switch (kind_) {
    case Kind::kCount:
      if (count_ < rows.size()) rows.resize(count_);
      break;
    case Kind::kFraction:
      rows.resize(static_cast<size_t>(static_cast<double>(rows.size()) * fraction_ + 0.5));
      break;
    case Kind::kRegex:
      std::erase_if(rows, [&](const Row& row) { return !matches(label_of(row)); });
      break;
  }
  if (rows.size() == before) return "";
  return "   List reduced from " + std::to_string(before) + " to " + std::to_string(rows.size()) +
         " due to restriction <" + repr_ + ">";
}

// Python's repr() of a str: quotes chosen as Python does, escapes for control characters.
std::string pythonRepr(const std::string& text);

}  // namespace pprof::analysis
