// The op as a matrix: M · x is the op, ConvTranspose1d's matrix is Conv1d's transpose, and the
// size limit and the batch rule are explained. Outputs are pre-filled with NaN so an unwritten
// cell cannot pass.
#include <gtest/gtest.h>

#include "analysis_sampling.hpp"

namespace convlab::testing {
namespace {

// M · x for every sample of a one-element batch, compared with the forward reference.
// M · x against the forward reference, for one random x and weight.
template <typename Geometry>
void expect_matrix_is_the_op(Geometry g, Sampler& r, int trial) {
  g.has_bias = false;
  const auto shape = plan_matrix(g);
  ASSERT_TRUE(shape.ok()) << shape.error;
  const int64_t rows = shape.geometry.rows, cols = shape.geometry.cols;
  const auto x = r.values(cols);
  const auto w = r.values(weight_count(g));
  std::vector<float> want(static_cast<size_t>(rows), kNaN),
      m(static_cast<size_t>(rows * cols), kNaN);
  ops(g).reference(g, x.data(), w.data(), nullptr, want.data());
  ops(g).matrix(g, w.data(), m.data());
  std::vector<float> got(static_cast<size_t>(rows), 0.0f);
  for (int64_t i = 0; i < rows; ++i)
    for (int64_t j = 0; j < cols; ++j) got[i] += m[i * cols + j] * x[j];
  const float scale = static_cast<float>(g.in_per_group() * g.kernel_size);
  ASSERT_TRUE(close_to(got, want, scale)) << "trial " << trial;
}

TEST(Matrix, TimesTheInputIsTheOp) {
  Sampler r(5);
  int checked = 0;
  for (int trial = 0; trial < 1200; ++trial) {
    if (trial % 2 == 0) {
      auto g = random_conv1d(r, trial / 2, 1);
      if (!g) continue;
      if (trial % 4 == 0) g->batched = false;
      expect_matrix_is_the_op(*g, r, trial);
    } else {
      const auto g = random_transpose(r, trial / 2, 1);
      if (!g) continue;
      expect_matrix_is_the_op(*g, r, trial);
    }
    if (HasFatalFailure()) return;
    ++checked;
  }
  EXPECT_GT(checked, 700);
}

// With the same weight, stride, padding, dilation and groups (zero padding), ConvTranspose1d's
// matrix is exactly the transpose of Conv1d's once output_padding matches the lengths.
TEST(Matrix, TransposedConvolutionIsTheTranspose) {
  Sampler r(9);
  int checked = 0;
  for (int trial = 0; trial < 1500; ++trial) {
    const auto layout = kChannelLayouts[trial % kChannelLayouts.size()];
    Conv1dParams p;
    p.groups = layout[0];
    p.stride = r.pick({1, 2, 3, 4});
    p.padding = r.pick({0, 1, 2, 4});
    p.dilation = r.pick({1, 2, 3});
    const std::vector<int64_t> in{layout[0] * layout[1], r.pick({1, 3, 5, 8, 13})};
    const std::vector<int64_t> w{layout[0] * layout[2], layout[1], r.pick({1, 2, 3, 5})};
    const auto conv = plan_conv1d(in, w, nullptr, p);
    if (!conv.ok()) continue;
    const auto& c = conv.geometry;
    ConvTranspose1dParams tp;
    tp.stride = p.stride;
    tp.padding = p.padding;
    tp.dilation = p.dilation;
    tp.groups = p.groups;
    tp.output_padding =
        c.in_length - ((c.out_length - 1) * p.stride - 2 * p.padding + p.dilation * (w[2] - 1) + 1);
    const auto t = plan_conv_transpose1d({c.out_channels, c.out_length}, w, nullptr, tp);
    ASSERT_TRUE(t.ok()) << t.error;
    ASSERT_EQ(t.geometry.out_length, c.in_length);
    const auto weight = r.values(count(w));
    const int64_t rows = c.out_channels * c.out_length, cols = c.in_channels * c.in_length;
    std::vector<float> a(static_cast<size_t>(rows * cols), kNaN), b(a.size(), kNaN);
    conv1d_matrix(c, weight.data(), a.data());
    conv_transpose1d_matrix(t.geometry, weight.data(), b.data());
    for (int64_t i = 0; i < rows; ++i)
      for (int64_t j = 0; j < cols; ++j)
        ASSERT_EQ(a[i * cols + j], b[j * rows + i]) << "trial " << trial << " at " << i << "," << j;
    ++checked;
  }
  EXPECT_GT(checked, 800);
}

TEST(Matrix, SizeLimitAndBatchAreExplained) {
  Conv1dParams p;
  const std::vector<int64_t> big{1, 64, 4096}, w{64, 64, 3};
  const auto g = plan_conv1d(big, w, nullptr, p);
  ASSERT_TRUE(g.ok());
  const auto m = plan_matrix(g.geometry);
  EXPECT_EQ(m.error,
            "matrix: the conv1d matrix for input shape [1, 64, 4096] would have 262016 x 262144 = "
            "68685922304 entries (rows: out_channels * L_out, columns: in_channels * L_in), beyond "
            "ConvLab's limit of 4194304 (2^22). Use a shorter input or fewer channels.");
  // 2^22 entries exactly is allowed: 1 x 2048 input, 2048 outputs.
  const std::vector<int64_t> edge{1, 2048}, we{1, 1, 1};
  EXPECT_TRUE(plan_matrix(plan_conv1d(edge, we, nullptr, p).geometry).ok());
  const std::vector<int64_t> over{1, 2049};
  EXPECT_FALSE(plan_matrix(plan_conv1d(over, we, nullptr, p).geometry).ok());
  const std::vector<int64_t> batch2{2, 1, 8};
  EXPECT_EQ(plan_matrix(plan_conv1d(batch2, we, nullptr, p).geometry).error,
            "inputShape: the matrix maps one batch element, but input shape [2, 1, 8] holds 2. "
            "Pass [1, 8] or [1, 1, 8].");
  const std::vector<int64_t> tw{1, 3, 2};
  EXPECT_NE(
      plan_matrix(plan_conv_transpose1d(batch2, tw, nullptr, {}).geometry).error.find("holds 2"),
      std::string::npos);
}

}  // namespace

}  // namespace convlab::testing
