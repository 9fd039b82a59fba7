// Each op as the matrix of its linear map on one batch element (no bias): entry (row, column)
// is the sum of the weights that carry input cell `column` into output cell `row`. Built from
// the same index rules as the reference loops, so M · x reproduces the op.
#include <algorithm>

#include "analysis_text.hpp"
#include "convlab/analysis.hpp"
#include "convlab/padding.hpp"

namespace convlab {
namespace {

using detail::cat;

Planned<MatrixShape> plan(const char* op, bool batched, int64_t batch, int64_t in_channels,
                          int64_t in_length, int64_t out_channels, int64_t out_length) {
  Planned<MatrixShape> plan;
  const std::vector<int64_t> shape = batched ? std::vector<int64_t>{batch, in_channels, in_length}
                                             : std::vector<int64_t>{in_channels, in_length};
  if (batched && batch != 1) {
    plan.error = cat("inputShape: the matrix maps one batch element, but input shape ",
                     detail::shape_text(shape), " holds ", batch, ". Pass [", in_channels, ", ",
                     in_length, "] or [1, ", in_channels, ", ", in_length, "].");
    return plan;
  }
  plan.geometry.rows = out_channels * out_length;  // each <= limits::max_tensor_elements
  plan.geometry.cols = in_channels * in_length;
  const int64_t entries = plan.geometry.rows * plan.geometry.cols;
  if (entries > limits::max_matrix_entries)
    plan.error = cat("matrix: the ", op, " matrix for input shape ", detail::shape_text(shape),
                     " would have ", plan.geometry.rows, " x ", plan.geometry.cols, " = ", entries,
                     " entries (rows: out_channels * L_out, columns: in_channels * L_in), beyond "
                     "ConvLab's limit of ",
                     limits::max_matrix_entries, " (2^22). Use a shorter input or fewer channels.");
  return plan;
}

}  // namespace

Planned<MatrixShape> plan_matrix(const Conv1dGeometry& g) {
  return plan("conv1d", g.batched, g.batch, g.in_channels, g.in_length, g.out_channels,
              g.out_length);
}

Planned<MatrixShape> plan_matrix(const ConvTranspose1dGeometry& g) {
  return plan("conv_transpose1d", g.batched, g.batch, g.in_channels, g.in_length, g.out_channels,
              g.out_length);
}

void conv1d_matrix(const Conv1dGeometry& g, const float* weight, float* matrix) {
  const int64_t cin_g = g.in_per_group(), cout_g = g.out_per_group(), K = g.kernel_size;
  const int64_t cols = g.in_channels * g.in_length;
  std::fill(matrix, matrix + g.out_channels * g.out_length * cols, 0.0f);
  for (int64_t co = 0; co < g.out_channels; ++co) {
    const int64_t first_ci = (co / cout_g) * cin_g;
    for (int64_t o = 0; o < g.out_length; ++o) {
      float* row = matrix + (co * g.out_length + o) * cols;
      for (int64_t ci = 0; ci < cin_g; ++ci)
        for (int64_t k = 0; k < K; ++k) {
          // Reflect can bring two taps onto one cell: entries add up.
          const int64_t src = padded_source_index(o * g.stride + k * g.dilation, g.in_length,
                                                  g.pad_left, g.padding_mode);
          if (src >= 0)
            row[(first_ci + ci) * g.in_length + src] += weight[(co * cin_g + ci) * K + k];
        }
    }
  }
}

void conv_transpose1d_matrix(const ConvTranspose1dGeometry& g, const float* weight, float* matrix) {
  const int64_t cin_g = g.in_per_group(), cout_g = g.out_per_group(), K = g.kernel_size;
  const int64_t cols = g.in_channels * g.in_length;
  std::fill(matrix, matrix + g.out_channels * g.out_length * cols, 0.0f);
  for (int64_t ci = 0; ci < g.in_channels; ++ci) {
    const int64_t group = ci / cin_g;
    for (int64_t j = 0; j < cout_g; ++j) {
      const int64_t co = group * cout_g + j;
      const float* w = weight + (ci * cout_g + j) * K;
      for (int64_t i = 0; i < g.in_length; ++i)
        for (int64_t k = 0; k < K; ++k) {
          const int64_t o = i * g.stride + k * g.dilation - g.padding;
          if (o >= 0 && o < g.out_length)
            matrix[(co * g.out_length + o) * cols + ci * g.in_length + i] += w[k];
        }
    }
  }
}

}  // namespace convlab
