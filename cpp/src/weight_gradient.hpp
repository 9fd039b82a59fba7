// The weight gradient of a Conv1d as SIMD dot products. Shared by both ops: ConvTranspose1d's
// weight gradient is Conv1d's with input and grad_output swapped (see backward.cpp).
#pragma once

#include "convlab/params.hpp"

namespace convlab::detail {

// grad_weight[co][ci][k] = sum_n sum_t grad_output[n][co][t] * padded_input[n][ci'][t*s + k*d]
// over t < g.out_length (callers may shorten out_length to a prefix). Overwrites grad_weight.
void conv1d_weight_gradient(const Conv1dGeometry& g, const float* input, const float* grad_output,
                            float* grad_weight);

// The same sums as plain loops: the executable spec the SIMD path is tested against.
void conv1d_weight_gradient_reference(const Conv1dGeometry& g, const float* input,
                                      const float* grad_output, float* grad_weight);

}  // namespace convlab::detail
