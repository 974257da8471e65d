// Building wire records (profiler/wire/wire.h) in preallocated buffers and sending them over
// the collector connection.
//
// Constraints: no allocation (buffers are mmap'ed once); callers serialize access with
// g_state.drain_mutex. A failed send (collector gone, 2 s timeout) closes the connection and
// the sampler goes quiet; the program is never told.
#pragma once

#include <sys/socket.h>
#include <sys/un.h>

#include <cstddef>
#include <cstdint>

#include "wire/wire.h"

namespace pprof::sampler {

struct OutBuffer {
  uint8_t* data = nullptr;
  size_t capacity = 0;
  size_t size = 0;
  size_t room() const { return capacity - size; }
};

bool allocateBuffer(OutBuffer* buffer, size_t capacity);

// Fills `out` with the abstract address "\0name" (name cut to fit) and returns its length, for
// bind or connect.
socklen_t abstractAddress(const char* name, sockaddr_un* out);
// Connects to the abstract socket `name` (leading NUL added here). Returns the fd or -1.
int connectCollector(const char* name);
// Sends the buffer's contents and empties it. On failure, disconnects (see above).
bool flushBuffer(OutBuffer* buffer);
// Appends `size` bytes; flushes first when they do not fit.
bool appendBytes(OutBuffer* buffer, const void* data, size_t size);

void initHeader(wire::RecordHeader* header, wire::RecordType type, size_t size);
bool appendHello(OutBuffer* buffer);
bool appendThread(OutBuffer* buffer, int32_t tid, wire::ThreadEvent event, const char* name);
bool appendLost(OutBuffer* buffer, int32_t tid, wire::LostReason reason, uint64_t count);
bool appendGoodbye(OutBuffer* buffer, int32_t reason);

}  // namespace pprof::sampler
