// Whole-tensor scans of the per-call path, written without early exits so that clang
// vectorizes them (SIMD128 in the WASM build): a transposed conv's weights are checked for
// inf/nan and compared with the cached packing's source on every call, and musl's byte-wise
// memcmp and an early-exit std::all_of took 0.6 ms of W2's 37 (2 MB of weights).
#pragma once

#include <cstdint>
#include <cstring>

namespace convlab::detail {

// Bits of a float, as the scans compare them.
inline uint32_t float_bits(const float* v) {
  uint32_t bits;
  std::memcpy(&bits, v, sizeof bits);
  return bits;
}

// No inf and no nan among v[0 .. n).
inline bool all_finite(const float* v, int64_t n) {
  constexpr uint32_t exponent = 0x7f800000u;  // all ones: inf or nan
  uint32_t bad = 0;
  for (int64_t i = 0; i < n; ++i) bad |= (float_bits(v + i) & exponent) == exponent;
  return bad == 0;
}

// a[0 .. n) and b[0 .. n) hold the same bits (memcmp's equality, not float ==).
inline bool same_bits(const float* a, const float* b, int64_t n) {
  uint32_t diff = 0;
  for (int64_t i = 0; i < n; ++i) diff |= float_bits(a + i) ^ float_bits(b + i);
  return diff == 0;
}

}  // namespace convlab::detail
