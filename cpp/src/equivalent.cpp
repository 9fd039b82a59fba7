// ConvTranspose1d as a stride-1 Conv1d (Dumoulin & Visin, conv_arithmetic): stuff stride - 1
// zeros between input elements, pad by dilation*(K-1) - padding (plus output_padding on the
// right; negative amounts crop), flip the kernel and swap its in/out channels per group.
#include "analysis_text.hpp"
#include "convlab/analysis.hpp"
#include "convlab/limits.hpp"

namespace convlab {

using detail::cat;
using detail::shape_text;

Planned<EquivalentConv1d> plan_equivalent_conv1d(const ConvTranspose1dGeometry& g) {
  Planned<EquivalentConv1d> plan;
  EquivalentConv1d& e = plan.geometry;
  const int64_t span = g.dilation * (g.kernel_size - 1);
  const int64_t stuffed = (g.in_length - 1) * g.stride + 1;
  e.inserted = g.stride - 1;
  e.pad_left = span - g.padding;
  e.pad_right = span - g.padding + g.output_padding;
  const int64_t length = stuffed + e.pad_left + e.pad_right;  // = L_out + span >= 1
  e.input_shape = g.batched ? std::vector<int64_t>{g.batch, g.in_channels, length}
                            : std::vector<int64_t>{g.in_channels, length};
  e.weight_shape = {g.out_channels, g.in_per_group(), g.kernel_size};
  // Stuffing multiplies the length by the stride: check the size before anything allocates.
  const double elements =
      static_cast<double>(g.batch * g.in_channels) * static_cast<double>(length);
  if (length > limits::max_length || elements > static_cast<double>(limits::max_tensor_elements)) {
    plan.error =
        cat("equivalentConv1d: the zero-stuffed input would have shape ", shape_text(e.input_shape),
            " (stride ", g.stride, " puts ", e.inserted,
            " zeros between neighbouring elements; dilation*(K-1) - padding = ", e.pad_left,
            " on the left, plus output_padding on the right), beyond ConvLab's limit of ",
            limits::max_tensor_elements,
            " elements per tensor. Use a smaller stride or dilation, or a shorter input.");
    return plan;
  }
  Conv1dParams p;
  p.dilation = g.dilation;
  p.groups = g.groups;
  const std::vector<int64_t> bias_shape{g.out_channels};
  auto conv = plan_conv1d(e.input_shape, e.weight_shape, g.has_bias ? &bias_shape : nullptr, p);
  if (!conv.ok()) {
    plan.error = "equivalentConv1d: " + conv.error;
    return plan;
  }
  e.conv = conv.geometry;
  return plan;
}

void equivalent_conv1d_input(const ConvTranspose1dGeometry& g, const EquivalentConv1d& e,
                             const float* input, float* out) {
  const int64_t length = e.conv.in_length, stuffed = (g.in_length - 1) * g.stride + 1;
  for (int64_t row = 0; row < g.batch * g.in_channels; ++row) {
    const float* x = input + row * g.in_length;
    float* y = out + row * length;
    for (int64_t j = 0; j < length; ++j) {
      const int64_t u = j - e.pad_left;  // position in the stuffed input
      y[j] = u >= 0 && u < stuffed && u % g.stride == 0 ? x[u / g.stride] : 0.0f;
    }
  }
}

void equivalent_conv1d_weight(const ConvTranspose1dGeometry& g, const float* weight, float* out) {
  const int64_t cin_g = g.in_per_group(), cout_g = g.out_per_group(), K = g.kernel_size;
  for (int64_t grp = 0; grp < g.groups; ++grp)
    for (int64_t j = 0; j < cout_g; ++j)
      for (int64_t ci = 0; ci < cin_g; ++ci) {
        const float* from = weight + ((grp * cin_g + ci) * cout_g + j) * K;
        float* to = out + ((grp * cout_g + j) * cin_g + ci) * K;
        for (int64_t k = 0; k < K; ++k) to[k] = from[K - 1 - k];
      }
}

}  // namespace convlab
