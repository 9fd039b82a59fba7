// The fuzzer's oracle: every output cell as float64 terms, and the comparison of an output
// against it (finite cells within a rounding bound, non-finite cells in PyTorch's exact class).
#pragma once

#include <cmath>
#include <cstdint>
#include <vector>

#include "convlab/params.hpp"

namespace convlab::fuzz {

// One output cell as float64 terms: exact sum and bound of the finite terms, and which
// non-finite terms occurred.
struct Cell {
  double sum = 0, bound = 0;
  int64_t terms = 0;
  bool nan = false, pos_inf = false, neg_inf = false;
  void add(double v) {
    ++terms;
    if (std::isnan(v))
      nan = true;
    else if (v == INFINITY)
      pos_inf = true;
    else if (v == -INFINITY)
      neg_inf = true;
    else {
      sum += v;
      bound += std::fabs(v);
    }
  }
};

std::vector<Cell> oracle_conv1d(const Conv1dGeometry& g, const float* x, const float* w,
                                const float* b);
std::vector<Cell> oracle_conv_transpose1d(const ConvTranspose1dGeometry& g, const float* x,
                                          const float* w, const float* b);

constexpr uint32_t kSentinelBits = 0x7fc0dead;  // a quiet NaN payload inputs never carry
// What outputs are pre-filled with: a cell still holding it was never written.
float sentinel();

// Every cell of `got` against the oracle; `who` names the kernel in a failure.
void compare(const char* who, const std::vector<Cell>& cells, const std::vector<float>& got);

}  // namespace convlab::fuzz
