// Errors as values. Every module boundary returns Status or Result<T>; no exception crosses one.
// A message carries its context, e.g. "open /proc/123/maps: Permission denied".
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace pprof {

class Status {
 public:
  static Status ok() { return Status(); }
  static Status error(std::string message) { return Status(std::move(message)); }
  // "WHAT: strerror(err)"
  static Status fromErrno(const std::string& what, int err);

  bool isOk() const { return !failed_; }
  explicit operator bool() const { return isOk(); }
  const std::string& message() const { return message_; }

  // Prepends context: Status::error("bad magic").withContext("read out.prof") -> "read out.prof: bad magic".
  Status withContext(const std::string& context) const;

 private:
  Status() = default;
  explicit Status(std::string message) : failed_(true), message_(std::move(message)) {}
  bool failed_ = false;
  std::string message_;
};

template <typename T>
class Result {
 public:
  Result(T value) : value_(std::move(value)) {}          // NOLINT: implicit by design
  Result(Status status) : value_(std::move(status)) {}   // NOLINT: must be an error status

  bool isOk() const { return std::holds_alternative<T>(value_); }
  explicit operator bool() const { return isOk(); }
  const T& value() const& { return std::get<T>(value_); }
  T& value() & { return std::get<T>(value_); }
  T&& value() && { return std::get<T>(std::move(value_)); }
  Status status() const { return isOk() ? Status::ok() : std::get<Status>(value_); }
  const std::string& message() const {
    static const std::string kEmpty;
    return isOk() ? kEmpty : std::get<Status>(value_).message();
  }

 private:
  std::variant<T, Status> value_;
};

}  // namespace pprof
