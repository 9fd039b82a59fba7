// Gradients of both ops, as torch.autograd computes them (PYTORCH_SEMANTICS.md, "Gradients").
// The fast path is the forward kernels: Conv1d's input gradient is a ConvTranspose1d of
// grad_output with the same weight (then folded through the padding mode), ConvTranspose1d's is
// a Conv1d. Geometries for those calls come from plan_*, so the index math is the kernels' own,
// and they run through the forward dispatch policy (SIMD unless its scratch cannot be had, or a
// weight is not finite), so the memory rules are the forward calls' too.
#include <algorithm>
#include <vector>

#include "analysis_scratch.hpp"
#include "analysis_text.hpp"
#include "convlab/analysis.hpp"
#include "convlab/convlab.hpp"
#include "convlab/dispatch.hpp"
#include "convlab/limits.hpp"
#include "convlab/padding.hpp"
#include "weight_gradient.hpp"

namespace convlab {
namespace {

using detail::cat;
using detail::shape_text;

// The forward kernels for every size: tiny inner calls are part of a bigger one.
const DispatchPolicy kSimd{0};

void bias_gradient(int64_t batch, int64_t channels, int64_t length, const float* grad_output,
                   float* grad_bias) {
  for (int64_t c = 0; c < channels; ++c) {
    float sum = 0.0f;
    for (int64_t n = 0; n < batch; ++n) {
      const float* gy = grad_output + (n * channels + c) * length;
      for (int64_t t = 0; t < length; ++t) sum += gy[t];
    }
    grad_bias[c] = sum;
  }
}

void conv1d_input_gradient_reference(const Conv1dGeometry& g, const float* weight,
                                     const float* grad_output, float* grad_input) {
  const int64_t cin_g = g.in_per_group(), cout_g = g.out_per_group(), K = g.kernel_size;
  std::fill(grad_input, grad_input + g.batch * g.in_channels * g.in_length, 0.0f);
  for (int64_t n = 0; n < g.batch; ++n)
    for (int64_t co = 0; co < g.out_channels; ++co) {
      const float* gy = grad_output + (n * g.out_channels + co) * g.out_length;
      const int64_t first_ci = (co / cout_g) * cin_g;
      for (int64_t ci = 0; ci < cin_g; ++ci) {
        float* gx = grad_input + (n * g.in_channels + first_ci + ci) * g.in_length;
        const float* w = weight + (co * cin_g + ci) * K;
        for (int64_t t = 0; t < g.out_length; ++t)
          for (int64_t k = 0; k < K; ++k) {
            // A ghost cell's gradient lands on the cell it copies; zero padding drops it.
            const int64_t src = padded_source_index(t * g.stride + k * g.dilation, g.in_length,
                                                    g.pad_left, g.padding_mode);
            if (src >= 0) gx[src] += gy[t] * w[k];
          }
      }
    }
}

// The adjoint of the padding: every padded cell's gradient added to the input cell it copies.
void fold_padding(const Conv1dGeometry& g, const float* grad_padded, float* grad_input) {
  const int64_t padded = g.padded_length();
  for (int64_t row = 0; row < g.batch * g.in_channels; ++row) {
    const float* from = grad_padded + row * padded;
    float* to = grad_input + row * g.in_length;
    std::copy(from + g.pad_left, from + g.pad_left + g.in_length, to);
    for (int64_t j = 0; j < padded; ++j) {
      if (j == g.pad_left) j += g.in_length;  // the interior is copied above
      if (j >= padded) break;
      const int64_t src = padded_source_index(j, g.in_length, g.pad_left, g.padding_mode);
      if (src >= 0) to[src] += from[j];
    }
  }
}

// Conv1d's input gradient as the transposed convolution of grad_output; false when that call
// would not fit the limits (then the caller takes the reference loops).
bool conv1d_input_gradient(const Conv1dGeometry& g, const float* weight, const float* grad_output,
                           float* grad_input) {
  const int64_t padded = g.padded_length();
  const int64_t full = (g.out_length - 1) * g.stride + g.dilation * (g.kernel_size - 1) + 1;
  // Symmetric zero padding is exactly conv_transpose1d's crop; anything else (a padding mode,
  // 'same' with an even kernel) goes through the padded length and is folded back.
  const bool crop =
      g.pad_left == g.pad_right && (g.padding_mode == PaddingMode::Zeros || g.pad_left == 0);
  ConvTranspose1dParams p;
  p.stride = g.stride;
  p.padding = crop ? g.pad_left : 0;
  p.output_padding = padded - full;  // < stride: the cells no window reaches
  p.dilation = g.dilation;
  p.groups = g.groups;
  const auto t =
      plan_conv_transpose1d({g.batch, g.out_channels, g.out_length},
                            {g.out_channels, g.in_per_group(), g.kernel_size}, nullptr, p);
  if (!t.ok()) return false;
  if (crop) {
    run_conv_transpose1d(t.geometry, grad_output, weight, nullptr, grad_input, kSimd);
    return true;
  }
  const double scratch = static_cast<double>(g.batch * g.in_channels) * static_cast<double>(padded);
  if (scratch > 2.0 * static_cast<double>(g.batch * g.in_channels * g.in_length) + (1 << 20))
    return false;
  static thread_local std::vector<float> grad_padded;
  if (!detail::fit_scratch(grad_padded, static_cast<size_t>(g.batch * g.in_channels * padded)))
    return false;
  run_conv_transpose1d(t.geometry, grad_output, weight, nullptr, grad_padded.data(), kSimd);
  fold_padding(g, grad_padded.data(), grad_input);
  detail::trim_scratch(grad_padded);
  return true;
}

// ConvTranspose1d's gradients are Conv1d's with input and grad_output swapped: the Conv1d of
// grad_output (C_out channels) with the same weight, stride, padding, dilation and groups gives
// one output cell per input cell, plus extra cells when output_padding >= stride, which no
// input cell has; only the first in_length are kept (a shorter out_length computes a prefix).
Planned<Conv1dGeometry> adjoint_conv1d(const ConvTranspose1dGeometry& g) {
  Conv1dParams p;
  p.stride = g.stride;
  p.padding = g.padding;
  p.dilation = g.dilation;
  p.groups = g.groups;
  auto plan = plan_conv1d({g.batch, g.out_channels, g.out_length},
                          {g.in_channels, g.out_per_group(), g.kernel_size}, nullptr, p);
  if (plan.ok()) plan.geometry.out_length = g.in_length;
  return plan;
}

}  // namespace

std::string grad_output_shape_error(const char* op, const std::vector<int64_t>& expected,
                                    const std::vector<int64_t>& got) {
  if (got == expected) return {};
  return cat("gradOutput (grad_output): shape ", shape_text(got), " does not match the ", op,
             " output's shape ", shape_text(expected),
             " for this input, weight and params; the upstream gradient has the output's shape. "
             "Pass a tensor of shape ",
             shape_text(expected), " (e.g. all ones).");
}

Planned<Conv1dGeometry> plan_conv1d_backward(const std::vector<int64_t>& input_shape,
                                             const std::vector<int64_t>& weight_shape,
                                             const std::vector<int64_t>* bias_shape,
                                             const std::vector<int64_t>& grad_output_shape,
                                             const Conv1dParams& params) {
  auto plan = plan_conv1d(input_shape, weight_shape, bias_shape, params);
  if (plan.ok())
    plan.error = grad_output_shape_error("conv1d", plan.geometry.output_shape(), grad_output_shape);
  return plan;
}

Planned<ConvTranspose1dGeometry> plan_conv_transpose1d_backward(
    const std::vector<int64_t>& input_shape, const std::vector<int64_t>& weight_shape,
    const std::vector<int64_t>* bias_shape, const std::vector<int64_t>& grad_output_shape,
    const ConvTranspose1dParams& params) {
  auto plan = plan_conv_transpose1d(input_shape, weight_shape, bias_shape, params);
  if (plan.ok())
    plan.error = grad_output_shape_error("conv_transpose1d", plan.geometry.output_shape(),
                                         grad_output_shape);
  return plan;
}

void conv1d_backward_reference(const Conv1dGeometry& g, const float* input, const float* weight,
                               const float* grad_output, float* grad_input, float* grad_weight,
                               float* grad_bias) {
  conv1d_input_gradient_reference(g, weight, grad_output, grad_input);
  detail::conv1d_weight_gradient_reference(g, input, grad_output, grad_weight);
  if (grad_bias) bias_gradient(g.batch, g.out_channels, g.out_length, grad_output, grad_bias);
}

void conv_transpose1d_backward_reference(const ConvTranspose1dGeometry& g, const float* input,
                                         const float* weight, const float* grad_output,
                                         float* grad_input, float* grad_weight, float* grad_bias) {
  const int64_t cin_g = g.in_per_group(), cout_g = g.out_per_group(), K = g.kernel_size;
  std::fill(grad_input, grad_input + g.batch * g.in_channels * g.in_length, 0.0f);
  std::fill(grad_weight, grad_weight + g.in_channels * cout_g * K, 0.0f);
  // The scatter rule y[i*s + k*d - p] += x[i] * w[k], differentiated term by term.
  for (int64_t n = 0; n < g.batch; ++n)
    for (int64_t ci = 0; ci < g.in_channels; ++ci) {
      const int64_t group = ci / cin_g;
      const float* x = input + (n * g.in_channels + ci) * g.in_length;
      float* gx = grad_input + (n * g.in_channels + ci) * g.in_length;
      for (int64_t j = 0; j < cout_g; ++j) {
        const int64_t co = group * cout_g + j;
        const float* gy = grad_output + (n * g.out_channels + co) * g.out_length;
        const float* w = weight + (ci * cout_g + j) * K;
        float* gw = grad_weight + (ci * cout_g + j) * K;
        for (int64_t i = 0; i < g.in_length; ++i)
          for (int64_t k = 0; k < K; ++k) {
            const int64_t o = i * g.stride + k * g.dilation - g.padding;
            if (o < 0 || o >= g.out_length) continue;
            gx[i] += gy[o] * w[k];
            gw[k] += x[i] * gy[o];
          }
      }
    }
  if (grad_bias) bias_gradient(g.batch, g.out_channels, g.out_length, grad_output, grad_bias);
}

void conv1d_backward(const Conv1dGeometry& g, const float* input, const float* weight,
                     const float* grad_output, float* grad_input, float* grad_weight,
                     float* grad_bias) {
  if (!conv1d_input_gradient(g, weight, grad_output, grad_input))
    conv1d_input_gradient_reference(g, weight, grad_output, grad_input);
  detail::conv1d_weight_gradient(g, input, grad_output, grad_weight);
  if (grad_bias) bias_gradient(g.batch, g.out_channels, g.out_length, grad_output, grad_bias);
}

void conv_transpose1d_backward(const ConvTranspose1dGeometry& g, const float* input,
                               const float* weight, const float* grad_output, float* grad_input,
                               float* grad_weight, float* grad_bias) {
  const auto adjoint = adjoint_conv1d(g);
  if (!adjoint.ok()) {
    conv_transpose1d_backward_reference(g, input, weight, grad_output, grad_input, grad_weight,
                                        grad_bias);
    return;
  }
  run_conv1d(adjoint.geometry, grad_output, weight, nullptr, grad_input, kSimd);
  // Weight layout (C_in, C_out/g, K) is the adjoint Conv1d's (out, in/g, K): no reordering.
  detail::conv1d_weight_gradient(adjoint.geometry, grad_output, input, grad_weight,
                                 /*skip_zero_padding=*/true);
  if (grad_bias) bias_gradient(g.batch, g.out_channels, g.out_length, grad_output, grad_bias);
}

}  // namespace convlab
