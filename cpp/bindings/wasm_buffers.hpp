// The tensor buffers the binding files own, with malloc, so that a request that cannot fit fails
// as a value instead of aborting. Repeated calls of a size reuse them; a buffer more than
// kRetainFloats bigger than a call needs is released first, so one big call does not pin its
// memory for every later call.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdlib>

namespace convlab::wasm {

constexpr size_t kRetainFloats = size_t{1} << 22;  // 16 MiB per buffer kept for reuse

struct Buffer {
  float* data = nullptr;
  size_t capacity = 0;
};

inline void release(Buffer& b) {
  std::free(b.data);
  b = {};
}

// Makes buffers[i] hold need[i] floats (at least one each). Buffers too small or far too big are
// freed before anything is allocated, so the whole footprint is what this call needs. True when
// every buffer is ready; when one cannot be allocated, releases them all, sets mib_needed to what
// the call needed and returns false.
inline bool reserve_buffers(Buffer* buffers, const size_t* need, int count, int64_t& mib_needed) {
  for (int i = 0; i < count; ++i) {
    Buffer& b = buffers[i];
    if (b.capacity < need[i] || b.capacity > need[i] + kRetainFloats) release(b);
  }
  for (int i = 0; i < count; ++i) {
    Buffer& b = buffers[i];
    if (b.data) continue;
    const size_t floats = need[i] > 0 ? need[i] : 1;
    b.data = static_cast<float*>(std::malloc(floats * sizeof(float)));
    if (!b.data) {
      double total = 0;
      for (int j = 0; j < count; ++j) total += double(need[j]) * sizeof(float);
      for (int j = 0; j < count; ++j) release(buffers[j]);
      mib_needed = int64_t(total / (1 << 20));
      return false;
    }
    b.capacity = floats;
  }
  return true;
}

}  // namespace convlab::wasm
