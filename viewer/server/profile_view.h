// What the server serves: one loaded (possibly merged) profile in its recorded form and its
// frame index, built once at start-up, plus its frame views (python/frame_views.h: mixed,
// python, native), each computed by the first request that asks for it and then only read.
// Every request handler takes the view by const reference, so any number of server threads may
// share it; the lazy parts are guarded by std::call_once.
//
// One FrameIndex serves every view: applyFrameView keeps functions and locations index for
// index, so frame ids (/api/frames) are the same whatever `frames=` a request names.
//
// `pprof-view --diff BASE NEW` serves NEW with `base` beside it: both indexed over one frame
// table (FrameIndex::buildPair, NEW's ids first), so a frame id means the same function on
// both sides and frames only BASE has get ids after NEW's.
#pragma once

#include <array>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "analysis/frame_index.h"
#include "format/profile.h"
#include "python/frame_views.h"

namespace pprof::server {

struct ProfileView {
  Profile profile;  // as recorded (native frames, then Python frames)
  analysis::FrameIndex frames;
  std::vector<std::string> files;  // the inputs as given on the command line

  // A profile in one frame view, with its merge statistics.
  struct Viewed {
    std::once_flag once;
    Profile profile;
    python::FrameViewStats stats;
  };
  // /api/parallelism's whole-run answer per view, computed by the first request that asks (a
  // walk over every sample: not worth delaying the page's first render for). Answers for a
  // selection are computed per request and not kept.
  struct Lazy {
    std::once_flag once;
    std::string json;
  };
  std::shared_ptr<std::array<Viewed, 3>> views = std::make_shared<std::array<Viewed, 3>>();
  std::shared_ptr<std::array<Lazy, 3>> parallelism = std::make_shared<std::array<Lazy, 3>>();
  std::shared_ptr<const ProfileView> base;  // the profile NEW is compared with; null without --diff

  static ProfileView build(Profile profile, std::vector<std::string> files) {
    ProfileView view;
    view.profile = std::move(profile);
    view.frames = analysis::FrameIndex::build(view.profile);
    view.files = std::move(files);
    return view;
  }

  static ProfileView buildDiff(Profile next, std::vector<std::string> files, Profile base_profile,
                               std::vector<std::string> base_files) {
    auto [next_frames, base_frames] = analysis::FrameIndex::buildPair(next, base_profile);
    auto base = std::make_shared<ProfileView>();
    base->profile = std::move(base_profile);
    base->frames = std::move(base_frames);
    base->files = std::move(base_files);
    ProfileView view;
    view.profile = std::move(next);
    view.frames = std::move(next_frames);
    view.files = std::move(files);
    view.base = std::move(base);
    return view;
  }

  const Viewed& viewed(python::FrameView frame_view) const {
    Viewed& v = (*views)[static_cast<size_t>(frame_view)];
    std::call_once(v.once, [&] { v.profile = python::applyFrameView(profile, frame_view, &v.stats); });
    return v;
  }
  // The profile whose stacks are `frame_view`'s (the recorded form is never analysed directly).
  const Profile& profileFor(python::FrameView frame_view) const { return viewed(frame_view).profile; }
};

}  // namespace pprof::server
