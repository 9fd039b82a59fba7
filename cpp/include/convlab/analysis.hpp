// Three more ways of seeing the two ops, computed from the same geometry (plan_*) and the same
// kernels as the forward calls: gradients (what torch.autograd gives), the op as a matrix on one
// batch element, and ConvTranspose1d as an equivalent stride-1 Conv1d.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "convlab/params.hpp"

namespace convlab {

namespace limits {
// 2^22 floats = 16 MiB: far beyond what a page can show (the matrix view reads ~32x32 cells),
// small enough that a scripted call cannot exhaust WASM memory with one matrix.
constexpr int64_t max_matrix_entries = int64_t{1} << 22;
}  // namespace limits

// ---- Gradients of sum(op(input, weight, bias) * grad_output) with respect to each argument.
// grad_output has geometry.output_shape(); the results have the shapes of input, weight and
// bias. grad_bias may be nullptr (no bias, or not wanted); every other pointer is required.

// Empty when `got` equals the op's output shape, else a message naming both shapes.
std::string grad_output_shape_error(const char* op, const std::vector<int64_t>& expected,
                                    const std::vector<int64_t>& got);

// plan_conv1d / plan_conv_transpose1d plus the grad_output shape check.
Planned<Conv1dGeometry> plan_conv1d_backward(const std::vector<int64_t>& input_shape,
                                             const std::vector<int64_t>& weight_shape,
                                             const std::vector<int64_t>* bias_shape,
                                             const std::vector<int64_t>& grad_output_shape,
                                             const Conv1dParams& params);
Planned<ConvTranspose1dGeometry> plan_conv_transpose1d_backward(
    const std::vector<int64_t>& input_shape, const std::vector<int64_t>& weight_shape,
    const std::vector<int64_t>* bias_shape, const std::vector<int64_t>& grad_output_shape,
    const ConvTranspose1dParams& params);

// The executable spec: the chain rule through PyTorch's formulas as plain loops (padding modes
// fold the gradient of a ghost cell onto the input cell it copies).
void conv1d_backward_reference(const Conv1dGeometry& g, const float* input, const float* weight,
                               const float* grad_output, float* grad_input, float* grad_weight,
                               float* grad_bias);
void conv_transpose1d_backward_reference(const ConvTranspose1dGeometry& g, const float* input,
                                         const float* weight, const float* grad_output,
                                         float* grad_input, float* grad_weight, float* grad_bias);

// The fast path. The input gradient of each op is the other op with the same weight, run by
// the forward SIMD kernels; the weight gradient is a SIMD correlation of the input with
// grad_output (ConvTranspose1d's is Conv1d's with the roles of input and grad_output swapped).
void conv1d_backward(const Conv1dGeometry& g, const float* input, const float* weight,
                     const float* grad_output, float* grad_input, float* grad_weight,
                     float* grad_bias);
void conv_transpose1d_backward(const ConvTranspose1dGeometry& g, const float* input,
                               const float* weight, const float* grad_output, float* grad_input,
                               float* grad_weight, float* grad_bias);

// ---- The op's linear map (no bias) on one batch element: op(x) flattened = M · x flattened,
// row = out_channel * L_out + output cell, column = in_channel * L_in + input cell.

struct MatrixShape {
  int64_t rows = 0, cols = 0;
};

// The matrix of a planned call whose input is one batch element ([C, L] or [1, C, L]), or a
// message when the batch is larger or rows * cols exceeds limits::max_matrix_entries.
Planned<MatrixShape> plan_matrix(const Conv1dGeometry& g);
Planned<MatrixShape> plan_matrix(const ConvTranspose1dGeometry& g);

// Writes rows * cols floats (every cell: zeros included).
void conv1d_matrix(const Conv1dGeometry& g, const float* weight, float* matrix);
void conv_transpose1d_matrix(const ConvTranspose1dGeometry& g, const float* weight, float* matrix);

// ---- ConvTranspose1d as a stride-1 Conv1d: the input with stride - 1 zeros inserted between
// elements, padded by dilation*(K-1) - padding on the left and that plus output_padding on the
// right (a negative amount crops), convolved with the kernel flipped and its in/out channels
// swapped per group. Its output equals the transposed convolution's.

struct EquivalentConv1d {
  Conv1dGeometry conv;   // stride 1, padding 0, the transposed call's dilation and groups
  int64_t inserted = 0;  // zeros between neighbouring input elements: stride - 1
  int64_t pad_left = 0, pad_right = 0;  // zeros added (negative: cells cropped) at each end
  std::vector<int64_t> input_shape, weight_shape;  // of the equivalent call (PyTorch layouts)
};

Planned<EquivalentConv1d> plan_equivalent_conv1d(const ConvTranspose1dGeometry& g);

// Writes e.input_shape's elements: the zero-stuffed, padded (or cropped) input.
void equivalent_conv1d_input(const ConvTranspose1dGeometry& g, const EquivalentConv1d& e,
                             const float* input, float* out);
// Writes e.weight_shape's elements: (C_in, C_out/g, K) -> (C_out, C_in/g, K), taps reversed.
void equivalent_conv1d_weight(const ConvTranspose1dGeometry& g, const float* weight, float* out);

}  // namespace convlab
