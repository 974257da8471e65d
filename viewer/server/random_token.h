// The secret that every request to the viewer's server must carry: 128 bits from /dev/urandom
// as 32 lowercase hex digits. Fails (rather than falling back to a weak source) when the
// kernel's generator cannot be read.
#pragma once

#include <string>

#include "common/result.h"

namespace pprof::server {

Result<std::string> randomToken();

}  // namespace pprof::server
