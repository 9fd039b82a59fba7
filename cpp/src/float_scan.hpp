// Whole-tensor scans of the per-call path, written without early exits so that clang
// vectorizes them (SIMD128 in the WASM build): a transposed conv's weights are checked for
// inf/nan and compared with the cached packing's source on every call, and musl's byte-wise
// memcmp and an early-exit std::all_of took 0.6 ms of W2's 37 (2 MB of weights). Out of line:
// one copy of each in the module (the embed's size budget).
#pragma once

#include <cstdint>

namespace convlab::detail {

// No inf and no nan among v[0 .. n).
bool all_finite(const float* v, int64_t n);

// a[0 .. n) and b[0 .. n) hold the same bits (memcmp's equality, not float ==).
bool same_bits(const float* a, const float* b, int64_t n);

}  // namespace convlab::detail
