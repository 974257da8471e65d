#include "collector/signal_relay.h"

#include <sys/signalfd.h>
#include <unistd.h>

#include <cerrno>

namespace pprof::collector {

Result<std::unique_ptr<SignalRelay>> SignalRelay::install() {
  std::unique_ptr<SignalRelay> relay(new SignalRelay());
  sigset_t watched;
  sigemptyset(&watched);
  for (int sig : {SIGCHLD, SIGTERM, SIGHUP}) sigaddset(&watched, sig);
  if (sigprocmask(SIG_BLOCK, &watched, &relay->old_mask_) != 0) {
    return Status::fromErrno("sigprocmask", errno);
  }
  relay->fd_ = signalfd(-1, &watched, SFD_CLOEXEC | SFD_NONBLOCK);
  if (relay->fd_ < 0) {
    int err = errno;
    sigprocmask(SIG_SETMASK, &relay->old_mask_, nullptr);
    return Status::fromErrno("signalfd", err);
  }
  struct sigaction ignore = {};
  ignore.sa_handler = SIG_IGN;
  sigemptyset(&ignore.sa_mask);
  for (size_t i = 0; i < std::size(kIgnored); ++i) sigaction(kIgnored[i], &ignore, &relay->old_actions_[i]);
  return relay;
}

SignalRelay::~SignalRelay() {
  for (size_t i = 0; i < std::size(kIgnored); ++i) sigaction(kIgnored[i], &old_actions_[i], nullptr);
  // Consume what is still pending: by now the child is gone, so a late SIGTERM/SIGHUP has
  // nobody to go to and must not kill us while we unblock.
  if (fd_ >= 0) {
    readPending();
    close(fd_);
  }
  sigprocmask(SIG_SETMASK, &old_mask_, nullptr);
}

std::vector<int> SignalRelay::readPending() {
  std::vector<int> signals;
  signalfd_siginfo info;
  while (read(fd_, &info, sizeof(info)) == static_cast<ssize_t>(sizeof(info))) {
    signals.push_back(static_cast<int>(info.ssi_signo));
  }
  return signals;
}

void SignalRelay::restoreInChild() const {
  for (size_t i = 0; i < std::size(kIgnored); ++i) sigaction(kIgnored[i], &old_actions_[i], nullptr);
  sigprocmask(SIG_SETMASK, &old_mask_, nullptr);
}

}  // namespace pprof::collector
