// See float_scan.hpp: no early exits, so that clang vectorizes both loops.
#include "float_scan.hpp"

#include <cstring>

namespace convlab::detail {
namespace {

uint32_t float_bits(const float* v) {
  uint32_t bits;
  std::memcpy(&bits, v, sizeof bits);
  return bits;
}

}  // namespace

bool all_finite(const float* v, int64_t n) {
  constexpr uint32_t exponent = 0x7f800000u;  // all ones: inf or nan
  uint32_t bad = 0;
  for (int64_t i = 0; i < n; ++i) bad |= (float_bits(v + i) & exponent) == exponent;
  return bad == 0;
}

bool same_bits(const float* a, const float* b, int64_t n) {
  uint32_t diff = 0;
  for (int64_t i = 0; i < n; ++i) diff |= float_bits(a + i) ^ float_bits(b + i);
  return diff == 0;
}

}  // namespace convlab::detail
