// Which machine records a profile (Meta::host, Meta::boot_id): PPROF_HOST when set (a job can
// name its hosts, and tests stand in for several machines on one), else the host name; and
// the kernel's boot id, which tells two machines of one name, or one machine rebooted, apart.
#pragma once

#include <string>

namespace pprof::collector {

struct HostIdentity {
  std::string host;
  std::string boot_id;  // empty when /proc/sys/kernel/random/boot_id cannot be read
};

HostIdentity currentHostIdentity();

}  // namespace pprof::collector
