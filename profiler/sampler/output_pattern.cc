#include "output_pattern.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

namespace pprof::sampler {
namespace {

bool append(char* out, size_t out_len, size_t* used, const char* text, size_t n) {
  if (*used + n >= out_len) return false;
  memcpy(out + *used, text, n);
  *used += n;
  out[*used] = '\0';
  return true;
}

}  // namespace

bool expandOutputPattern(const char* pattern, const PatternValues& values, char* out, size_t out_len, char* error,
                         size_t error_len) {
  if (out_len == 0) return false;
  size_t used = 0;
  out[0] = '\0';
  for (const char* p = pattern; *p != '\0'; ++p) {
    bool fits = true;
    if (*p != '%') {
      fits = append(out, out_len, &used, p, 1);
    } else {
      char number[24];
      switch (*++p) {
        case 'h': fits = append(out, out_len, &used, values.host, strlen(values.host)); break;
        case 'p':
          snprintf(number, sizeof(number), "%d", static_cast<int>(values.pid));
          fits = append(out, out_len, &used, number, strlen(number));
          break;
        case 't':
          snprintf(number, sizeof(number), "%llu", static_cast<unsigned long long>(values.start_seconds));
          fits = append(out, out_len, &used, number, strlen(number));
          break;
        case '%': fits = append(out, out_len, &used, "%", 1); break;
        default: {
          const char sequence[2] = {*p, '\0'};
          snprintf(error, error_len, "'%s': unknown %%%s (use %%h host, %%p pid, %%t start time, %%%% a %%)",
                   pattern, *p == '\0' ? " at the end" : sequence);
          return false;
        }
      }
    }
    if (!fits) {
      snprintf(error, error_len, "'%s': the file name is longer than %zu bytes", pattern, out_len - 1);
      return false;
    }
  }
  if (used == 0) {
    snprintf(error, error_len, "empty file name");
    return false;
  }
  return true;
}

bool makeParentDirectories(const char* path, char* error, size_t error_len) {
  char dir[4096];
  const size_t n = strlen(path);
  if (n >= sizeof(dir)) {
    snprintf(error, error_len, "'%s': path too long", path);
    return false;
  }
  memcpy(dir, path, n + 1);
  char* last = strrchr(dir, '/');
  if (last == nullptr || last == dir) return true;  // in the working directory, or under /
  *last = '\0';
  // Each prefix in turn: mkdir of an existing directory is fine, anything else is reported.
  for (char* p = dir + 1;; ++p) {
    const bool end = *p == '\0';
    if (*p == '/' || end) {
      *p = '\0';
      struct stat st;
      if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
        snprintf(error, error_len, "cannot create directory '%s': %s", dir, strerror(errno));
        return false;
      }
      if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        snprintf(error, error_len, "'%s' is not a directory", dir);
        return false;
      }
      if (end) break;
      *p = '/';
    }
  }
  return true;
}

}  // namespace pprof::sampler
