// The overlap map is the kernels' own index math: summing its entries reproduces the output.
#include <gtest/gtest.h>

#include <random>

#include "convlab/convlab.hpp"
#include "test_util.hpp"

using namespace convlab;

namespace {

std::vector<float> random_values(std::mt19937& rng, int64_t n) {
  std::uniform_real_distribution<float> d(-1, 1);
  std::vector<float> v(static_cast<size_t>(n));
  for (auto& x : v) x = d(rng);
  return v;
}

// What a map's entries add up to: each (input, tap) product into its output cell; zero padding
// (input -1, conv1d) and cropped cells (output -1, transposed) contribute nothing.
std::vector<float> sum_of_entries(const OverlapMap& map, const std::vector<float>& x,
                                  const std::vector<float>& w, size_t cells) {
  std::vector<float> sum(cells, 0.0f);
  for (const auto& e : map.entries)
    if (e.input >= 0 && e.output >= 0) sum[e.output] += x[e.input] * w[e.tap];
  return sum;
}

TEST(Overlap, Conv1dEntriesSumToTheOutput) {
  std::mt19937 rng(5);
  for (int mode = 0; mode < 4; ++mode)
    for (int64_t length : {3, 7, 10})
      for (int64_t stride : {1, 2, 3}) {
        Conv1dParams p;
        p.stride = stride;
        p.padding = 2;
        p.dilation = 2;
        p.padding_mode = static_cast<PaddingMode>(mode);
        const auto plan = plan_conv1d({1, 1, length}, {1, 1, 3}, nullptr, p);
        ASSERT_TRUE(plan.ok()) << plan.error;
        const auto x = random_values(rng, length), w = random_values(rng, 3);
        std::vector<float> want(static_cast<size_t>(plan.geometry.out_length));
        conv1d_reference(plan.geometry, x.data(), w.data(), nullptr, want.data());
        const OverlapMap map = overlap_conv1d(plan.geometry);
        const auto sum = sum_of_entries(map, x, w, want.size());
        EXPECT_TRUE(convlab::testing::close_to(sum, want, 3.0f)) << "mode " << mode;
        EXPECT_EQ(map.axis_length, length + 4);
        EXPECT_EQ(map.axis_kind[0], AxisCell::Padding);
        EXPECT_EQ(map.axis_kind[2], AxisCell::Kept);
      }
}

TEST(Overlap, ReflectGhostCellsNameTheIndexTheyCopy) {
  Conv1dParams p;
  p.padding = 2;
  p.padding_mode = PaddingMode::Reflect;
  const auto plan = plan_conv1d({1, 1, 5}, {1, 1, 3}, nullptr, p);
  ASSERT_TRUE(plan.ok());
  const auto map = overlap_conv1d(plan.geometry);
  EXPECT_EQ(map.axis_source, (std::vector<int64_t>{2, 1, 0, 1, 2, 3, 4, 3, 2}));
  p.padding_mode = PaddingMode::Circular;
  EXPECT_EQ(overlap_conv1d(plan_conv1d({1, 1, 5}, {1, 1, 3}, nullptr, p).geometry).axis_source,
            (std::vector<int64_t>{3, 4, 0, 1, 2, 3, 4, 0, 1}));
  p.padding_mode = PaddingMode::Replicate;
  EXPECT_EQ(overlap_conv1d(plan_conv1d({1, 1, 5}, {1, 1, 3}, nullptr, p).geometry).axis_source,
            (std::vector<int64_t>{0, 0, 0, 1, 2, 3, 4, 4, 4}));
}

TEST(Overlap, TransposeEntriesSumToTheOutput) {
  std::mt19937 rng(6);
  for (int64_t stride : {1, 2, 3, 4})
    for (int64_t padding : {0, 1, 2})
      for (int64_t output_padding : {0, 1}) {
        ConvTranspose1dParams p;
        p.stride = stride;
        p.padding = padding;
        p.output_padding = output_padding;
        p.dilation = 2;
        const auto plan = plan_conv_transpose1d({1, 1, 4}, {1, 1, 5}, nullptr, p);
        ASSERT_TRUE(plan.ok()) << plan.error;
        const auto x = random_values(rng, 4), w = random_values(rng, 5);
        std::vector<float> want(static_cast<size_t>(plan.geometry.out_length));
        conv_transpose1d_reference(plan.geometry, x.data(), w.data(), nullptr, want.data());
        const auto map = overlap_conv_transpose1d(plan.geometry);
        const auto sum = sum_of_entries(map, x, w, want.size());
        EXPECT_TRUE(convlab::testing::close_to(sum, want, 5.0f));
      }
}

// The notebook's "stride=4, kernel_size=8, padding=2, output_padding=1" case.
TEST(Overlap, TransposeMarksCroppedAndOutputPaddingCells) {
  ConvTranspose1dParams p;
  p.stride = 4;
  p.padding = 2;
  p.output_padding = 1;
  const auto plan = plan_conv_transpose1d({1, 1, 2}, {1, 1, 8}, nullptr, p);
  ASSERT_TRUE(plan.ok());
  const auto map = overlap_conv_transpose1d(plan.geometry);
  ASSERT_EQ(map.axis_length, 12);  // uncropped (2-1)*4 + 8 = 12 cells
  EXPECT_EQ(map.out_length, 9);
  const std::vector<AxisCell> kinds = map.axis_kind;
  const auto P = AxisCell::Padding, K = AxisCell::Kept, O = AxisCell::OutputPadding;
  EXPECT_EQ(kinds, (std::vector<AxisCell>{P, P, K, K, K, K, K, K, K, K, O, P}));
  EXPECT_EQ(map.axis_count, (std::vector<int64_t>{1, 1, 1, 1, 2, 2, 2, 2, 1, 1, 1, 1}));
  EXPECT_EQ(map.entries.size(), 16u);
}

}  // namespace
