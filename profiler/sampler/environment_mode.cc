#include "environment_mode.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "api_session.h"
#include "output_pattern.h"
#include "wire/wire.h"

namespace pprof::sampler {
namespace {

constexpr const char kOutputVariable[] = "PPROF_OUTPUT";

// One line on stderr, then nothing more from this process tree.
void refuse(const char* why) {
  fprintf(stderr, "pprof: PPROF_OUTPUT: %s; running without profiling\n", why);
  unsetenv(kOutputVariable);
}

// "hz=N;mode=M;python=0" from PPROF_FREQUENCY, PPROF_MODE and PPROF_PYTHON, each when set
// (checked by the sampler's own parser when the session starts).
bool samplingOptions(char* out, size_t len, char* error, size_t error_len) {
  const struct {
    const char* variable;
    const char* key;
    const char* expected;  // what the value may be (checked here, so no other key slips in)
  } kOptions[] = {{"PPROF_FREQUENCY", "hz", "digits"}, {"PPROF_MODE", "mode", "cpu or wall"},
                  {"PPROF_PYTHON", "python", "0 or 1"}};
  size_t used = 0;
  out[0] = '\0';
  for (const auto& option : kOptions) {
    const char* value = getenv(option.variable);
    if (value == nullptr || value[0] == '\0') continue;
    bool valid = true;
    if (option.key[0] == 'h') {
      valid = strlen(value) <= 6 && strspn(value, "0123456789") == strlen(value);
    } else if (option.key[0] == 'm') {
      valid = strcmp(value, "cpu") == 0 || strcmp(value, "wall") == 0;
    } else {
      valid = strcmp(value, "0") == 0 || strcmp(value, "1") == 0;
    }
    if (!valid) {
      snprintf(error, error_len, "%s='%.40s': expected %s", option.variable, value, option.expected);
      return false;
    }
    const int n = snprintf(out + used, len - used, "%s%s=%s", used ? ";" : "", option.key, value);
    if (n < 0 || static_cast<size_t>(n) >= len - used) {
      snprintf(error, error_len, "%s too long", option.variable);
      return false;
    }
    used += static_cast<size_t>(n);
  }
  return true;
}

}  // namespace

bool startEnvironmentMode() {
  const char* pattern = getenv(kOutputVariable);
  if (pattern == nullptr || pattern[0] == '\0') return false;
  char why[PATH_MAX + 1024];  // the path and pprof_last_error()'s 512 bytes
  char host[HOST_NAME_MAX + 1] = "localhost";
  const char* host_override = getenv("PPROF_HOST");
  if (host_override != nullptr && host_override[0] != '\0') {
    snprintf(host, sizeof(host), "%s", host_override);
  } else if (gethostname(host, sizeof(host)) != 0) {
    snprintf(host, sizeof(host), "localhost");
  }
  host[sizeof(host) - 1] = '\0';
  char path[PATH_MAX];
  const PatternValues values{host, getpid(), static_cast<uint64_t>(time(nullptr))};
  char options[256];
  if (!expandOutputPattern(pattern, values, path, sizeof(path), why, sizeof(why)) ||
      !makeParentDirectories(path, why, sizeof(why)) || !samplingOptions(options, sizeof(options), why, sizeof(why))) {
    refuse(why);
    return false;
  }
  const char* error = nullptr;
  if (!startApiSession(path, options, /*until_exit=*/true, &error)) {
    snprintf(why, sizeof(why), "%s: %s", path, error != nullptr ? error : "cannot record");
    refuse(why);
    return false;
  }
  // Exec'd children join this collector as pprof-run's children do.
  const Config& config = apiSessionConfig();
  char sampler[256];
  snprintf(sampler, sizeof(sampler), "socket=%s;hz=%u;mode=%s%s", config.socket_name, config.hz,
           config.mode == ConfigMode::kWall ? "wall" : "cpu", config.python ? "" : ";python=0");
  setenv(wire::kEnvConfig, sampler, 1);
  return true;
}

}  // namespace pprof::sampler
