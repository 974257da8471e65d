#include "analysis/strip_dirs.h"

#include "analysis/frame_index.h"

namespace pprof::analysis {

void stripDirectories(Profile& profile) {
  for (Function& f : profile.functions) f.file = pathBasename(f.file);
  for (Module& m : profile.modules) m.path = pathBasename(m.path);
}

}  // namespace pprof::analysis
