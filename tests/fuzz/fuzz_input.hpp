// Decoding the fuzzer's bytes: integers, block doubles and tensor values, each mostly in the
// range where valid calls live, with edge values (limits, NaN, infinities, raw bits) mixed in.
#pragma once

#include <cstdint>
#include <cstring>
#include <limits>
#include <vector>

namespace convlab::fuzz {

// Bytes read front to back; zeros once exhausted (so every prefix is a complete case).
struct Reader {
  const uint8_t* data;
  size_t size, pos = 0;
  uint8_t byte() { return pos < size ? data[pos++] : 0; }
  template <typename T>
  T raw() {
    T v{};
    uint8_t bytes[sizeof(T)] = {};
    for (auto& b : bytes) b = byte();
    std::memcpy(&v, bytes, sizeof(T));
    return v;
  }
};

constexpr float kInf = std::numeric_limits<float>::infinity();
constexpr float kQNaN = std::numeric_limits<float>::quiet_NaN();

// Integers: mostly small; a byte >= 0xD0 picks an edge value or a raw int64.
int64_t read_int(Reader& r);
// Block doubles: the JS side may send anything a Number holds.
double read_double(Reader& r);
// Tensor values. Styles: 0 small dyadic (exact sums), 1 dyadic with specials, 2 raw float32
// bits (NaN payloads, denormals, huge), 3 integers in [-8, 7].
float read_value(Reader& r, int style);

}  // namespace convlab::fuzz
