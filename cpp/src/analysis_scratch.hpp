// Scratch for the analysis fast paths (backward.cpp, weight_gradient.cpp). A std::vector that
// cannot grow aborts the module (no exceptions in wasm), so the size is probed with malloc first
// (null instead of abort), capped like the forward kernels' scratch, and a vector far bigger than a
// call needs is released so one big call does not pin its memory. A call whose scratch does not fit
// takes the reference loops.
#pragma once

#include <cstdlib>
#include <vector>

#include "convlab/limits.hpp"

namespace convlab::detail {

constexpr size_t kRetainScratch = size_t{1} << 22;  // elements kept for reuse beyond a call's need

// Resizes `v` to n elements if that can be allocated now; false (and `v` emptied) if not.
template <typename T>
bool fit_scratch(std::vector<T>& v, size_t n) {
  if (v.capacity() > n + kRetainScratch) std::vector<T>().swap(v);
  if (v.capacity() < n) {
    // A growing vector may ask for twice its size.
    const double bytes = 2.0 * double(n) * double(sizeof(T));
    void* probe = bytes <= limits::max_simd_scratch_bytes ? std::malloc(size_t(bytes)) : nullptr;
    if (!probe) {
      std::vector<T>().swap(v);
      return false;
    }
    std::free(probe);
  }
  v.resize(n);
  return true;
}

// After a call: a big scratch is given back instead of pinning memory the next call may need.
template <typename T>
void trim_scratch(std::vector<T>& v) {
  if (v.capacity() > kRetainScratch) std::vector<T>().swap(v);
}

}  // namespace convlab::detail
