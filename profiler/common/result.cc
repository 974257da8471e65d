#include "common/result.h"

#include <cstring>

namespace pprof {

Status Status::fromErrno(const std::string& what, int err) {
  return Status(what + ": " + std::strerror(err));
}

Status Status::withContext(const std::string& context) const {
  if (isOk()) return *this;
  return Status(context + ": " + message_);
}

}  // namespace pprof
