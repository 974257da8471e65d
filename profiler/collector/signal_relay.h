// What pprof-run does with signals while the profiled program runs: like `time`, it ignores
// SIGINT/SIGQUIT (the terminal sends them to the child too), forwards SIGTERM/SIGHUP to the
// child, and learns about SIGCHLD through a signalfd that the event loop polls. SIGPIPE is
// ignored so a closed stderr cannot kill the collector.
//
// The child must not inherit any of this: restoreInChild() puts back the original mask and
// dispositions between fork and exec (async-signal-safe: only sigaction/sigprocmask).
#pragma once

#include <signal.h>

#include <memory>
#include <vector>

#include "common/result.h"

namespace pprof::collector {

class SignalRelay {
 public:
  static Result<std::unique_ptr<SignalRelay>> install();
  ~SignalRelay();  // restores the original state
  SignalRelay(const SignalRelay&) = delete;
  SignalRelay& operator=(const SignalRelay&) = delete;

  int fd() const { return fd_; }  // readable when a signal is pending
  std::vector<int> readPending();
  void restoreInChild() const;

 private:
  SignalRelay() = default;
  static constexpr int kIgnored[] = {SIGINT, SIGQUIT, SIGPIPE};
  int fd_ = -1;
  sigset_t old_mask_{};
  struct sigaction old_actions_[3] = {};
};

}  // namespace pprof::collector
