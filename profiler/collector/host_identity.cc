#include "collector/host_identity.h"

#include <limits.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>

namespace pprof::collector {

HostIdentity currentHostIdentity() {
  HostIdentity identity;
  if (const char* name = std::getenv("PPROF_HOST"); name != nullptr && name[0] != '\0') {
    identity.host = name;
  } else {
    char buffer[HOST_NAME_MAX + 1] = {};
    if (gethostname(buffer, sizeof(buffer) - 1) == 0) identity.host = buffer;
  }
  std::ifstream boot("/proc/sys/kernel/random/boot_id");
  std::getline(boot, identity.boot_id);
  return identity;
}

}  // namespace pprof::collector
