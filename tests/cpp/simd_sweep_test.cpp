// The fast paths against the reference, on every kernel arch this binary holds (the SSE4.1
// micro-kernels the WASM build ships, and the scalar ones): one named test per configuration
// that a fast path special-cases, then random sweeps over every parameter.
#include <gtest/gtest.h>

#include <limits>
#include <random>

#include "both_ops.hpp"
#include "conv_tester.hpp"
#include "test_util.hpp"

using convlab::PaddingMode;
using convlab::detail::KernelArch;
using convlab::testing::ConvTester;
using convlab::testing::Sampler;

namespace {

class Kernels : public ::testing::TestWithParam<KernelArch> {
 protected:
  void SetUp() override {
    if (!convlab::detail::kernel_arch_available(GetParam()))
      GTEST_SKIP() << convlab::detail::kernel_arch_name(GetParam()) << " is not available here";
  }
  ConvTester conv() const { return ConvTester().arch(GetParam()); }
  ConvTester transpose() const { return ConvTester().arch(GetParam()).transpose(); }
};

INSTANTIATE_TEST_SUITE_P(Arch, Kernels, ::testing::Values(KernelArch::Sse41, KernelArch::Scalar),
                         [](const auto& info) {
                           return std::string(info.param == KernelArch::Sse41 ? "Sse41" : "Scalar");
                         });

// ---- Conv1d: channel blocks (4, 2, 1 wide), tap counts, strides, padding rules.
TEST_P(Kernels, Conv1dPointwise) {
  conv().channels(8, 8).kernel(1).length(37).ExpectSimdMatchesReference();
}
TEST_P(Kernels, Conv1dK3Padding1) {
  conv().channels(16, 12).kernel(3).padding(1).length(70).ExpectSimdMatchesReference();
}
TEST_P(Kernels, Conv1dK2Even) {
  conv().channels(5, 4).kernel(2).padding(1).length(33).ExpectSimdMatchesReference();
}
TEST_P(Kernels, Conv1dDilated) {
  conv().channels(6, 8).kernel(3).dilation(8).padding(8).length(100).ExpectSimdMatchesReference();
}
TEST_P(Kernels, Conv1dStrided) {
  conv()
      .channels(4, 8)
      .kernel(8)
      .stride(4)
      .padding(2)
      .length(129)
      .batch(2)
      .ExpectSimdMatchesReference();
}
TEST_P(Kernels, Conv1dStrideAboveKernel) {
  conv().channels(3, 4).kernel(2).stride(5).length(41).ExpectSimdMatchesReference();
}
TEST_P(Kernels, Conv1dStrideAndDilation) {
  conv()
      .channels(3, 5)
      .kernel(4)
      .stride(3)
      .dilation(2)
      .padding(3)
      .length(50)
      .ExpectSimdMatchesReference();
}
TEST_P(Kernels, Conv1dOneOutputChannel) {
  conv().channels(7, 1).kernel(5).length(65).ExpectSimdMatchesReference();
}
TEST_P(Kernels, Conv1dTwoOutputChannels) {
  conv().channels(7, 2).kernel(5).length(65).ExpectSimdMatchesReference();
}
TEST_P(Kernels, Conv1dThreeOutputChannels) {
  conv().channels(7, 3).kernel(5).length(65).ExpectSimdMatchesReference();
}
TEST_P(Kernels, Conv1dSevenOutputChannels) {
  conv().channels(2, 7).kernel(3).length(31).ExpectSimdMatchesReference();
}
TEST_P(Kernels, Conv1dThirteenOutputChannels) {
  conv().channels(6, 13).kernel(5).padding(2).length(129).ExpectSimdMatchesReference();
}
TEST_P(Kernels, Conv1dDepthwise) {
  conv().groups(8).channels(1, 1).kernel(31).padding(15).length(200).ExpectSimdMatchesReference();
}
TEST_P(Kernels, Conv1dDepthwiseMultiplier) {
  conv().groups(4).channels(1, 3).kernel(7).padding(3).length(45).ExpectSimdMatchesReference();
}
TEST_P(Kernels, Conv1dGrouped) {
  conv().groups(2).channels(3, 4).kernel(5).stride(3).length(17).ExpectSimdMatchesReference();
}
TEST_P(Kernels, Conv1dSameOddExtraCell) {
  conv()
      .channels(3, 4)
      .kernel(4)
      .padding_same()
      .dilation(3)
      .length(23)
      .ExpectSimdMatchesReference();
}
TEST_P(Kernels, Conv1dValid) {
  conv().channels(3, 4).kernel(5).padding_valid().length(9).ExpectSimdMatchesReference();
}
TEST_P(Kernels, Conv1dReflect) {
  conv()
      .channels(3, 6)
      .kernel(5)
      .padding(4)
      .mode(PaddingMode::Reflect)
      .stride(2)
      .length(9)
      .ExpectSimdMatchesReference();
}
TEST_P(Kernels, Conv1dReplicate) {
  conv()
      .channels(3, 6)
      .kernel(5)
      .padding(7)
      .mode(PaddingMode::Replicate)
      .length(5)
      .ExpectSimdMatchesReference();
}
TEST_P(Kernels, Conv1dCircular) {
  conv()
      .channels(3, 6)
      .kernel(7)
      .padding(6)
      .mode(PaddingMode::Circular)
      .stride(3)
      .length(6)
      .ExpectSimdMatchesReference();
}
TEST_P(Kernels, Conv1dLengthOne) {
  conv().channels(2, 9).kernel(1).length(1).ExpectSimdMatchesReference();
}
TEST_P(Kernels, Conv1dEmptyBatch) { conv().batch(0).ExpectSimdMatchesReference(); }
TEST_P(Kernels, Conv1dNoBias) {
  conv().channels(4, 6).bias(false).length(40).ExpectSimdMatchesReference();
}

// ---- ConvTranspose1d: output phases, taps per phase, crops, phases no tap reaches.
TEST_P(Kernels, TransposeUpsampler) {
  transpose()
      .channels(16, 8)
      .kernel(16)
      .stride(8)
      .padding(4)
      .length(40)
      .ExpectSimdMatchesReference();
}
TEST_P(Kernels, TransposeStride3) {
  transpose()
      .channels(6, 4)
      .kernel(6)
      .stride(3)
      .padding(1)
      .length(129)
      .batch(2)
      .ExpectSimdMatchesReference();
}
TEST_P(Kernels, TransposeStride1) {
  transpose().channels(5, 7).kernel(3).padding(1).length(33).ExpectSimdMatchesReference();
}
TEST_P(Kernels, TransposePhasesWithoutTaps) {
  transpose().channels(3, 5).kernel(2).stride(5).length(9).ExpectSimdMatchesReference();
}
TEST_P(Kernels, TransposeDilatedStrided) {
  transpose()
      .channels(3, 4)
      .kernel(5)
      .stride(3)
      .dilation(2)
      .padding(2)
      .length(17)
      .ExpectSimdMatchesReference();
}
TEST_P(Kernels, TransposeOutputPadding) {
  transpose()
      .channels(4, 3)
      .kernel(4)
      .stride(4)
      .output_padding(3)
      .padding(1)
      .length(15)
      .ExpectSimdMatchesReference();
}
TEST_P(Kernels, TransposeGrouped) {
  transpose().groups(2).channels(2, 3).kernel(5).stride(3).length(17).ExpectSimdMatchesReference();
}
TEST_P(Kernels, TransposeDepthwise) {
  transpose()
      .groups(6)
      .channels(1, 1)
      .kernel(9)
      .stride(2)
      .padding(4)
      .length(64)
      .ExpectSimdMatchesReference();
}
TEST_P(Kernels, TransposeLargePaddingCrop) {
  transpose().channels(2, 2).kernel(8).stride(4).padding(10).length(8).ExpectSimdMatchesReference();
}
TEST_P(Kernels, TransposeLengthOne) {
  transpose().channels(1, 1).kernel(8).stride(4).padding(2).length(1).ExpectSimdMatchesReference();
}
TEST_P(Kernels, TransposeNoBias) {
  transpose()
      .channels(4, 9)
      .kernel(3)
      .stride(2)
      .bias(false)
      .length(31)
      .ExpectSimdMatchesReference();
}

// ---- Many position blocks and every channel-block remainder at sizes past the vector width.
TEST_P(Kernels, LargerShapes) {
  for (int64_t cout : {4, 8, 13})
    for (int64_t length : {127, 128, 129, 515}) {
      conv()
          .batch(2)
          .channels(6, cout)
          .kernel(5)
          .padding(2)
          .length(length)
          .ExpectSimdMatchesReference();
      transpose()
          .batch(2)
          .channels(6, cout)
          .kernel(6)
          .stride(3)
          .padding(1)
          .length(length)
          .ExpectSimdMatchesReference();
    }
}

// Many input channels make the kernels split positions into cache-sized chunks: cross chunk
// boundaries with every channel-block remainder, stride and both ops.
TEST_P(Kernels, CacheChunkBoundaries) {
  for (int64_t stride : {1, 3})
    for (int64_t cout : {4, 9}) {
      conv()
          .channels(300, cout)
          .kernel(5)
          .stride(stride)
          .padding(2)
          .dilation(2)
          .length(1500)
          .ExpectSimdMatchesReference();
      transpose()
          .channels(300, cout)
          .kernel(5)
          .stride(stride)
          .padding(1)
          .length(1500)
          .ExpectSimdMatchesReference();
    }
}

// ---- Random sweeps over every parameter (lengths around the vector width, every channel
// layout): the same loop for both ops.
int sweep(KernelArch arch, bool transposed, unsigned seed) {
  // (groups, in_per_group, out_per_group): dense, grouped, depthwise, depthwise multiplier.
  const int64_t layouts[][3] = {{1, 1, 1}, {1, 3, 5}, {1, 2, 4}, {1, 5, 9}, {2, 2, 3},
                                {3, 1, 1}, {4, 1, 2}, {2, 3, 4}, {1, 1, 7}, {1, 4, 6}};
  Sampler r(seed);
  int valid = 0;
  for (int trial = 0; trial < 3000 && !::testing::Test::HasFailure(); ++trial) {
    const auto& layout = layouts[trial % (sizeof(layouts) / sizeof(layouts[0]))];
    ConvTester t;
    t.arch(arch)
        .transpose(transposed)
        .seed(seed + trial)
        .groups(layout[0])
        .channels(layout[1], layout[2]);
    t.batch(r.pick({0, 1, 1, 2, 3}))
        .length(r.pick({1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 40, 63, 64, 65, 100}));
    t.kernel(r.pick({1, 2, 3, 4, 5, 7, 8, 9, 16})).stride(r.pick({1, 1, 2, 3, 4, 5, 8}));
    t.dilation(r.pick({1, 1, 2, 3, 5})).padding(r.pick({0, 0, 1, 2, 3, 4, 7})).bias(trial % 3 != 0);
    if (transposed) {
      t.output_padding(r.pick({0, 0, 1, 2, 4}));
    } else {
      t.mode(static_cast<PaddingMode>(trial % 4));
      const int64_t kind = r.pick({0, 0, 0, 1, 2});
      if (kind == 1) t.padding_same().stride(1);
      if (kind == 2) t.padding_valid();
    }
    if (!t.valid()) continue;
    ++valid;
    t.ExpectSimdMatchesReference();
  }
  return valid;
}

TEST_P(Kernels, Conv1dRandomSweep) { EXPECT_GT(sweep(GetParam(), false, 1234), 1500); }
TEST_P(Kernels, ConvTranspose1dRandomSweep) { EXPECT_GT(sweep(GetParam(), true, 99), 1500); }

}  // namespace

namespace {

// The packed weights are cached per call site's weights: a changed weight (same buffer, same
// shape, one element edited in place, or a NaN) must never reuse the old packing. A transposed
// conv checks only weights its cache does not hold for inf and nan (the reference takes those):
// an inf or a NaN edited into cached weights, and the finite weights back, must all match.
TEST(PackedWeights, FollowEditsInPlace) {
  using namespace convlab;
  for (bool transposed : {false, true}) {
    std::vector<float> x(2 * 6 * 40), w(6 * 5 * 4), want, got;
    for (size_t i = 0; i < x.size(); ++i) x[i] = static_cast<float>(i % 7) - 3.0f;
    for (size_t i = 0; i < w.size(); ++i) w[i] = static_cast<float>(i % 5) * 0.25f - 0.5f;
    const float kept = w[9];
    for (int edit = 0; edit < (transposed ? 7 : 4); ++edit) {
      if (edit == 1) w[7] += 1.0f;
      if (edit == 2) w[w.size() - 1] = -w[w.size() - 1] - 2.0f;
      if (edit == 3) w[3] = 0.0f * w[3] - 0.0f;  // -0.0 vs 0.0: bitwise different
      if (edit == 4) w[9] = std::numeric_limits<float>::infinity();
      if (edit == 5) w[9] = std::numeric_limits<float>::quiet_NaN();
      if (edit == 6) w[9] = kept;
      auto run = [&](const auto& g) {
        want.assign(static_cast<size_t>(2 * 5 * g.out_length), 0.0f);
        got = want;
        convlab::testing::ops(g).reference(g, x.data(), w.data(), nullptr, want.data());
        convlab::testing::ops(g).fast(g, x.data(), w.data(), nullptr, got.data());
      };
      if (transposed)
        // Stride 2, no padding: the last output cells' phase reads past the input's end, where
        // the phase kernels would multiply the inf or NaN weight by a zero.
        run(plan_conv_transpose1d({2, 6, 40}, {6, 5, 4}, nullptr, ConvTranspose1dParams{2, 0})
                .geometry);
      else
        run(plan_conv1d({2, 6, 40}, {5, 6, 4}, nullptr, Conv1dParams{2}).geometry);  // stride 2
      EXPECT_TRUE(convlab::testing::close_to(got, want, 24.0f))
          << (transposed ? "conv_transpose1d" : "conv1d") << " after edit " << edit;
    }
  }
}

}  // namespace
