// cProfile/pstats dump import (the file `python3 -m cProfile -o` writes and snakeviz reads): a
// Python marshal of {(file, line, name): (cc, nc, tt, ct, callers)} with callers
// {(file, line, name): (nc, cc, tt, ct)} -- note the first two swapped between the two tuples.
//
// Produces a profile with no samples: one Function per distinct key (in the dump's order, file
// "~" and line 0 for built-ins, as pstats keys them) and one CallStats per entry, callers in the
// dump's order. pstats keeps the dict order for ties when sorting, so the order is preserved.
// Errors name the input, what is wrong and the byte offset of the object at fault:
// "x.prof: cProfile: stats value is not a 5-tuple at offset 57".
// The old `profile` module's integer caller counts are read as (count, count, 0, 0).
#pragma once

#include <string>
#include <string_view>

#include "common/result.h"
#include "format/profile.h"

namespace pprof::formats {

Result<Profile> parseCProfile(std::string_view bytes, const std::string& name);

}  // namespace pprof::formats
