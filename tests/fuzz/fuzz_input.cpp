// Decoding the fuzzer's bytes (fuzz_input.hpp).
#include "fuzz_input.hpp"

namespace convlab::fuzz {
namespace {

constexpr int64_t kP = int64_t{1} << 24;  // limits::max_param
constexpr int64_t kL = int64_t{1} << 26;  // limits::max_length / max_tensor_elements

const int64_t kIntEdges[] = {-1,
                             -2,
                             65535,
                             65536,
                             65537,
                             1000,
                             4096,
                             kP - 1,
                             kP,
                             kP + 1,
                             kL - 1,
                             kL,
                             kL + 1,
                             int64_t{1} << 31,
                             int64_t{1} << 40,
                             -(int64_t{1} << 40),
                             std::numeric_limits<int64_t>::max(),
                             std::numeric_limits<int64_t>::min(),
                             9000000000000000,
                             100000,
                             12345,
                             31,
                             33,
                             63,
                             64,
                             65,
                             127,
                             128,
                             129,
                             255,
                             256,
                             257,
                             511,
                             1 << 20,
                             (1 << 20) + 1,
                             3 << 20,
                             1 << 22,
                             1 << 23};
constexpr size_t kIntEdgeCount = sizeof(kIntEdges) / sizeof(kIntEdges[0]);

}  // namespace

int64_t read_int(Reader& r) {
  const uint8_t b = r.byte();
  if (b < 0xD0) return b % 20;  // 0..19: where almost all valid calls live
  const size_t i = b - 0xD0;
  if (i < kIntEdgeCount) return kIntEdges[i];
  if (b == 0xFF) return r.raw<int64_t>();
  return static_cast<int64_t>(r.byte()) + 20;  // 20..275
}

namespace {

const double kDoubleEdges[] = {std::numeric_limits<double>::quiet_NaN(),
                               std::numeric_limits<double>::infinity(),
                               -std::numeric_limits<double>::infinity(),
                               0.5,
                               -0.5,
                               1.5,
                               -0.0,
                               1e300,
                               -1e300,
                               9.0e15,
                               9.000000000000002e15,
                               9007199254740992.0,
                               1.8446744073709552e19,
                               -9.223372036854775808e18,
                               9.223372036854775808e18,
                               4.9e-324,
                               16777217.0,
                               67108865.0,
                               65537.0,
                               2.0000000001,
                               -1.0,
                               -2.0,
                               3.0,
                               8.0,
                               1e-300};
constexpr size_t kDoubleEdgeCount = sizeof(kDoubleEdges) / sizeof(kDoubleEdges[0]);

}  // namespace

double read_double(Reader& r) {
  const uint8_t b = r.byte();
  if (b < 0xC0) return static_cast<double>(static_cast<int>(b % 24) - 4);  // -4..19
  const size_t i = b - 0xC0;
  if (i < kDoubleEdgeCount) return kDoubleEdges[i];
  if (b == 0xFF) return r.raw<double>();
  return static_cast<double>(read_int(r));
}

float read_value(Reader& r, int style) {
  switch (style) {
    case 0:
      return static_cast<float>(static_cast<int8_t>(r.byte())) / 16.0f;
    case 1: {
      const uint8_t b = r.byte();
      switch (b) {
        case 0xF0:
          return kQNaN;
        case 0xF1:
          return kInf;
        case 0xF2:
          return -kInf;
        case 0xF3:
          return -0.0f;
        case 0xF4:
          return 3.0e38f;
        case 0xF5:
          return -3.0e38f;
        case 0xF6:
          return 1.0e-45f;  // smallest denormal
        case 0xF7:
          return 1.0e20f;
        case 0xF8:
          return -std::numeric_limits<float>::quiet_NaN();
        default:
          return static_cast<float>(static_cast<int8_t>(b)) / 16.0f;
      }
    }
    case 2:
      return r.raw<float>();
    default:
      return static_cast<float>(static_cast<int>(r.byte() % 16) - 8);
  }
}

}  // namespace convlab::fuzz
