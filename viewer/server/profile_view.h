// What the server serves: one loaded (possibly merged) profile and its frame index, built once
// at start-up and then only read. Every request handler takes it by const reference, so any
// number of server threads may share it without locks.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "analysis/frame_index.h"
#include "format/profile.h"

namespace pprof::server {

struct ProfileView {
  Profile profile;
  analysis::FrameIndex frames;
  std::vector<std::string> files;  // the inputs as given on the command line

  // /api/parallelism's answer, computed by the first request that asks (a walk over every
  // sample: not worth delaying the page's first render for).
  struct Lazy {
    std::once_flag once;
    std::string json;
  };
  std::shared_ptr<Lazy> parallelism = std::make_shared<Lazy>();

  static ProfileView build(Profile profile, std::vector<std::string> files) {
    ProfileView view;
    view.profile = std::move(profile);
    view.frames = analysis::FrameIndex::build(view.profile);
    view.files = std::move(files);
    return view;
  }
};

}  // namespace pprof::server
