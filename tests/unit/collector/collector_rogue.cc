// Test helper run under pprof-run: opens an extra connection to the collector's socket and
// sends garbage, as a buggy or hostile peer would. The collector must drop that connection,
// count it, and still profile the real process.
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <string>

int main() {
  const char* config = std::getenv("PPROF_SAMPLER");
  if (config == nullptr) return 10;
  std::string name = config;
  name = name.substr(name.find("socket=") + 7);
  name = name.substr(0, name.find(';'));
  sockaddr_un addr = {};
  addr.sun_family = AF_UNIX;
  std::memcpy(addr.sun_path + 1, name.data(), name.size());
  int fd = socket(AF_UNIX, SOCK_STREAM, 0);
  socklen_t len = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + 1 + name.size());
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), len) != 0) return 11;
  const unsigned char garbage[] = {77, 0, 0, 0, 16, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8};
  if (write(fd, garbage, sizeof(garbage)) != static_cast<ssize_t>(sizeof(garbage))) return 12;
  close(fd);
  return 0;
}
