#include "attach/off_cpu.h"

namespace pprof::attach {

uint32_t OffCpuClock::take(int64_t& carry, uint64_t period_ns) {
  if (period_ns == 0 || carry < static_cast<int64_t>(period_ns)) return 0;
  uint64_t periods = static_cast<uint64_t>(carry) / period_ns;
  carry -= static_cast<int64_t>(periods * period_ns);
  return periods > UINT32_MAX ? UINT32_MAX : static_cast<uint32_t>(periods);
}

OffCpuPeriods OffCpuClock::advance(uint64_t now_ns, uint64_t cpu_ns, uint64_t wait_ns,
                                   uint64_t period_ns) {
  OffCpuPeriods out;
  if (!started_ || now_ns < last_now_ || cpu_ns < last_cpu_ || wait_ns < last_wait_) {
    started_ = true;  // first look, or counters that went backwards (cannot be trusted)
  } else {
    const int64_t wall = static_cast<int64_t>(now_ns - last_now_);
    const int64_t cpu = static_cast<int64_t>(cpu_ns - last_cpu_);
    const int64_t wait = static_cast<int64_t>(wait_ns - last_wait_);
    wait_carry_ += wait;
    sleep_carry_ += wall - cpu - wait;
    out.waiting = take(wait_carry_, period_ns);
    out.sleeping = take(sleep_carry_, period_ns);
  }
  last_now_ = now_ns;
  last_cpu_ = cpu_ns;
  last_wait_ = wait_ns;
  return out;
}

}  // namespace pprof::attach
