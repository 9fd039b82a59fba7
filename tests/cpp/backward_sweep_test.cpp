// The analysis functions' fast backward against the reference: random sweeps over every
// parameter and channel layout, and degenerate geometries the packed paths must not blow up on.
#include <gtest/gtest.h>

#include <algorithm>

#include "analysis_sampling.hpp"

namespace convlab::testing {
namespace {

// 3000 random geometries, alternating the ops (about half are valid); every gradient compared.
TEST(Backward, FastPathMatchesReferenceOverSweeps) {
  Sampler r(77);
  int conv_valid = 0;  // geometries plan() accepted, per op
  int transpose_valid = 0;
  for (int trial = 0; trial < 3000; ++trial) {
    const int64_t batch = r.pick({0, 1, 1, 2, 3});
    // Random values for a geometry, then the check (scale_length: L_out for conv1d, L_in for
    // conv_transpose1d, the length each output cell's sum runs over).
    auto check = [&](const auto& g, int64_t scale_length) {
      SCOPED_TRACE(describe(g));
      const auto x = r.values(input_count(g));
      const auto w = r.values(weight_count(g));
      const auto gy = r.values(output_count(g));
      const float scale =
          4.0f * static_cast<float>(scale_length * g.kernel_size * g.out_channels * (g.batch + 1));
      ASSERT_TRUE(backward_matches(g, x, w, gy, true, scale));
    };
    if (trial % 2 == 0) {
      const auto g = random_conv1d(r, trial, batch);
      if (!g) continue;
      ++conv_valid;
      check(*g, g->out_length);
    } else {
      const auto g = random_transpose(r, trial, batch);
      if (!g) continue;
      ++transpose_valid;
      check(*g, g->in_length);
    }
    if (HasFatalFailure()) return;
  }
  EXPECT_GT(conv_valid, 800);
  EXPECT_GT(transpose_valid, 600);
}

}  // namespace

// Geometries the packed fast paths must not blow up on: huge padding, stride or dilation on a
// tiny tensor (they fall back to the plain loops or keep their scratch proportional).
TEST(Backward, DegenerateGeometriesMatchTheReference) {
  struct Case {
    int64_t L, K, stride, padding, dilation;
    PaddingMode mode;
  };
  const Case cases[] = {{3, 2, 1, 1 << 18, 1, PaddingMode::Replicate},
                        {3, 3, 1 << 16, 1 << 16, 1, PaddingMode::Zeros},
                        {5, 3, 1, 1 << 12, 1 << 12, PaddingMode::Zeros},
                        {4, 4, 3, 4, 1, PaddingMode::Circular},
                        {2, 2, 1, 1, 1, PaddingMode::Reflect},
                        {1, 1, 1 << 20, 0, 1, PaddingMode::Zeros}};
  Sampler r(3);
  for (const Case& c : cases) {
    Conv1dParams p;
    p.stride = c.stride;
    p.padding = c.padding;
    p.dilation = c.dilation;
    p.padding_mode = c.mode;
    const std::vector<int64_t> in{2, 2, c.L}, w{3, 2, c.K};
    const auto plan = plan_conv1d(in, w, nullptr, p);
    ASSERT_TRUE(plan.ok()) << plan.error;
    const auto& g = plan.geometry;
    SCOPED_TRACE(describe(g));
    const auto x = r.values(count(in)), wv = r.values(count(w));
    const auto gy = r.values(output_count(g));
    EXPECT_TRUE(backward_matches(g, x, wv, gy, false, static_cast<float>(g.out_length * c.K * 3)));

    // The same numbers as a transposed convolution's backward (roles swapped).
    ConvTranspose1dParams tp;
    tp.stride = c.stride;
    tp.padding = std::min<int64_t>(c.padding, c.dilation * (c.K - 1) / 2);
    tp.dilation = c.dilation;
    const auto t = plan_conv_transpose1d(in, {2, 3, c.K}, nullptr, tp);
    ASSERT_TRUE(t.ok()) << t.error;
    const auto& tg = t.geometry;
    const auto tgy = r.values(output_count(tg));
    EXPECT_TRUE(
        backward_matches(tg, x, wv, tgy, false, static_cast<float>(tg.out_length * c.K * 3)));
  }
}

}  // namespace convlab::testing
