// The weight gradient of a Conv1d as SIMD dot products. Shared by both ops: ConvTranspose1d's
// weight gradient is Conv1d's with input and grad_output swapped (see backward.cpp).
#pragma once

#include "convlab/params.hpp"

namespace convlab::detail {

// grad_weight[co][ci][k] = sum_n sum_t grad_output[n][co][t] * padded_input[n][ci'][t*s + k*d]
// over t < g.out_length (callers may shorten out_length to a prefix). Overwrites grad_weight.
// Zero padding only matters when grad_output holds an inf or a nan: Conv1d multiplies it (as its
// forward does, and as PyTorch's padded correlation does: inf * 0 = nan); ConvTranspose1d's
// weight gradient (this with input and grad_output swapped) skips it, as its scatter rule never
// reaches a cell outside the input (`skip_zero_padding`).
void conv1d_weight_gradient(const Conv1dGeometry& g, const float* input, const float* grad_output,
                            float* grad_weight, bool skip_zero_padding = false);

// The same sums as plain loops: the executable spec the SIMD path is tested against.
void conv1d_weight_gradient_reference(const Conv1dGeometry& g, const float* input,
                                      const float* grad_output, float* grad_weight,
                                      bool skip_zero_padding = false);

}  // namespace convlab::detail
