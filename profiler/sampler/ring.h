// Lock-free single-producer / single-consumer ring of variable-length sample records.
//
// Producer: the signal handler of one thread. Consumer: whoever holds the drain mutex (the
// drain thread, or a thread flushing at exit/exec/dlclose). Async-signal-safe on the producer
// side: no allocation, no locks, no syscalls. The storage is a caller-provided array of
// 64-bit words whose count is a power of two; records may wrap around the end.
//
// Record layout in words: [0] = wire::SampleHeader (16 bytes = 2 words), then nframes PCs. A
// record whose header carries kRingPyCode is not a sample: its nframes words hold a wire::PyCode
// record (python_sampling.h), which the drain sends as it is.
#pragma once

#include <atomic>
#include <cstdint>
#include <cstring>

#include "wire/wire.h"

namespace pprof::sampler {

struct RingControl {
  alignas(64) std::atomic<uint64_t> head{0};  // words ever written (producer)
  alignas(64) std::atomic<uint64_t> tail{0};  // words ever consumed (consumer)
  alignas(64) uint64_t capacity_words = 0;    // power of two
};

constexpr uint16_t kRingPyCode = 1u << 15;  // SampleHeader::flags of a ring-only code record

constexpr uint32_t kSampleHeaderWords = sizeof(wire::SampleHeader) / sizeof(uint64_t);
static_assert(sizeof(wire::SampleHeader) == 16, "SampleHeader must be two words");

class SampleRing {
 public:
  // `words` must hold `capacity_words` (a power of two) entries and outlive the ring.
  void init(uint64_t* words, uint64_t capacity_words) {
    words_ = words;
    control_.capacity_words = capacity_words;
    reset();
  }
  // Only while neither side is active (thread registration, after fork).
  void reset() {
    control_.head.store(0, std::memory_order_relaxed);
    control_.tail.store(0, std::memory_order_relaxed);
  }
  uint64_t capacityWords() const { return control_.capacity_words; }

  // Producer. Returns false (nothing written) when the record does not fit.
  bool push(const wire::SampleHeader& header, const uint64_t* pcs) {
    const uint64_t need = kSampleHeaderWords + header.nframes;
    const uint64_t head = control_.head.load(std::memory_order_relaxed);
    const uint64_t tail = control_.tail.load(std::memory_order_acquire);
    if (control_.capacity_words - (head - tail) < need) return false;
    uint64_t header_words[kSampleHeaderWords];
    memcpy(header_words, &header, sizeof(header));
    for (uint32_t i = 0; i < kSampleHeaderWords; ++i) at(head + i) = header_words[i];
    for (uint32_t i = 0; i < header.nframes; ++i) at(head + kSampleHeaderWords + i) = pcs[i];
    control_.head.store(head + need, std::memory_order_release);
    return true;
  }

  // Consumer: a snapshot of the records available now. Copy them out with peek(), then
  // release the space with consume().
  uint64_t readableWords() const {
    return control_.head.load(std::memory_order_acquire) -
           control_.tail.load(std::memory_order_relaxed);
  }
  // Reads the record at `offset` words past the tail; returns its size in words. `pcs` must
  // hold wire::kMaxRingRecordWords entries.
  uint64_t peek(uint64_t offset, wire::SampleHeader* header, uint64_t* pcs) const {
    const uint64_t base = control_.tail.load(std::memory_order_relaxed) + offset;
    uint64_t header_words[kSampleHeaderWords];
    for (uint32_t i = 0; i < kSampleHeaderWords; ++i) header_words[i] = at(base + i);
    memcpy(header, header_words, sizeof(*header));
    if (header->nframes > wire::kMaxRingRecordWords) header->nframes = wire::kMaxRingRecordWords;  // never trust
    for (uint32_t i = 0; i < header->nframes; ++i) pcs[i] = at(base + kSampleHeaderWords + i);
    return kSampleHeaderWords + header->nframes;
  }
  void consume(uint64_t words) {
    control_.tail.store(control_.tail.load(std::memory_order_relaxed) + words,
                        std::memory_order_release);
  }

 private:
  uint64_t& at(uint64_t index) { return words_[index & (control_.capacity_words - 1)]; }
  const uint64_t& at(uint64_t index) const {
    return words_[index & (control_.capacity_words - 1)];
  }

  RingControl control_;
  uint64_t* words_ = nullptr;
};

}  // namespace pprof::sampler
