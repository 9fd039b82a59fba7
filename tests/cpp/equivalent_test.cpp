// The equivalent Conv1d of a transposed convolution (stride 1 over the zero-stuffed input) against
// the transposed convolution itself, and its size limit explained.
#include <gtest/gtest.h>

#include "analysis_sampling.hpp"

namespace convlab::testing {
namespace {

TEST(Equivalent, StrideOneConvolutionEqualsTheTransposedConvolution) {
  Sampler r(31);
  int checked = 0, cropped = 0;
  for (int trial = 0; trial < 2000; ++trial) {
    const auto g = random_transpose(r, trial, r.pick({0, 1, 2, 3}));
    if (!g) continue;
    SCOPED_TRACE(describe(*g));
    const auto plan = plan_equivalent_conv1d(*g);
    ASSERT_TRUE(plan.ok()) << plan.error;
    const auto& e = plan.geometry;
    ASSERT_EQ(e.conv.stride, 1);
    ASSERT_EQ(e.conv.pad_left + e.conv.pad_right, 0);
    ASSERT_EQ(e.conv.out_length, g->out_length);
    ASSERT_EQ(e.inserted, g->stride - 1);
    ASSERT_EQ(e.pad_left, g->dilation * (g->kernel_size - 1) - g->padding);
    ASSERT_EQ(e.pad_right, e.pad_left + g->output_padding);
    cropped += e.pad_left < 0;
    const auto x = r.values(g->batch * g->in_channels * g->in_length);
    const auto w = r.values(g->in_channels * g->out_per_group() * g->kernel_size);
    const auto b = r.values(g->out_channels);
    std::vector<float> xe(static_cast<size_t>(count(e.input_shape)), kNaN);
    std::vector<float> we(static_cast<size_t>(count(e.weight_shape)), kNaN);
    equivalent_conv1d_input(*g, e, x.data(), xe.data());
    equivalent_conv1d_weight(*g, w.data(), we.data());
    const float* bias = g->has_bias ? b.data() : nullptr;
    const size_t n = static_cast<size_t>(g->batch * g->out_channels * g->out_length);
    std::vector<float> want(n, kNaN), got(n, kNaN), got_fast(n, kNaN);
    conv_transpose1d_reference(*g, x.data(), w.data(), bias, want.data());
    conv1d_reference(e.conv, xe.data(), we.data(), bias, got.data());
    conv1d(e.conv, xe.data(), we.data(), bias, got_fast.data());
    const float scale = static_cast<float>(g->in_per_group() * g->kernel_size + 1);
    ASSERT_TRUE(close_to(got, want, scale));
    ASSERT_TRUE(close_to(got_fast, want, scale));
    ++checked;
  }
  EXPECT_GT(checked, 1000);
  EXPECT_GT(cropped, 50);  // padding > dilation*(K-1): the stuffed input is cropped
}

TEST(Equivalent, StuffedInputBeyondTheLimitIsExplained) {
  ConvTranspose1dParams p;
  // The output (one channel) fits; the stuffed input (64 channels, 2^16 - 1 zeros between
  // neighbours) does not.
  p.stride = 1 << 16;
  const std::vector<int64_t> in{1, 64, 200}, w{64, 1, 1};
  const auto t = plan_conv_transpose1d(in, w, nullptr, p);
  ASSERT_TRUE(t.ok()) << t.error;
  const auto e = plan_equivalent_conv1d(t.geometry);
  ASSERT_FALSE(e.ok());
  EXPECT_NE(
      e.error.find("equivalentConv1d: the zero-stuffed input would have shape [1, 64, 13041665]"),
      std::string::npos)
      << e.error;
  EXPECT_NE(e.error.find("65535 zeros"), std::string::npos) << e.error;
}

}  // namespace

}  // namespace convlab::testing
