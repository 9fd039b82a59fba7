// Regression tests for what the fuzzer (tests/fuzz/) found: each test is the smallest input
// that hung, overflowed or exhausted memory before its fix. Time bounds are generous (sanitizer
// builds, a shared machine): before the fixes these took seconds to hours, or threw bad_alloc.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <limits>
#include <vector>

#include "both_ops.hpp"
#include "convlab/call_block.hpp"
#include "convlab/convlab.hpp"
#include "test_util.hpp"

using namespace convlab;
using namespace convlab::testing;

namespace {

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Runs SIMD and reference on constant tensors (x = 1, w = 0.5) and expects them equal.
template <typename Geometry>
void expect_simd_matches(const Geometry& g) {
  const std::vector<float> x(static_cast<size_t>(input_count(g)), 1.0f);
  const std::vector<float> w(static_cast<size_t>(weight_count(g)), 0.5f);
  const size_t n = static_cast<size_t>(output_count(g));
  std::vector<float> want(n, kNaN), got(n, kNaN);
  ops(g).reference(g, x.data(), w.data(), nullptr, want.data());
  ops(g).fast(g, x.data(), w.data(), nullptr, got.data());
  EXPECT_TRUE(close_to(got, want, static_cast<float>(g.in_per_group() * g.kernel_size)));
}

// A degenerate geometry must be accepted, match the reference, and take under 2 s.
template <typename Planned>
void expect_matches_within_2s(const Planned& plan) {
  ASSERT_TRUE(plan.ok()) << plan.error;
  const auto start = std::chrono::steady_clock::now();
  expect_simd_matches(plan.geometry);
  EXPECT_LT(seconds_since(start), 2.0);
}

// The same for a geometry that must come down to one output cell.
template <typename Planned>
void expect_one_cell_within_2s(const Planned& plan) {
  expect_matches_within_2s(plan);
  ASSERT_EQ(plan.geometry.output_shape(), (std::vector<int64_t>{1, 1, 1}));
}

// plan.cpp: the "Use groups=..." suggestion counted divisors up to weight[1] * groups, up to
// 2^40 iterations for groups=2^24 (an hours-long hang behind a one-line error).
TEST(Regression, GroupsSuggestionForHugeGroupsIsInstant) {
  Conv1dParams p;
  p.groups = int64_t{1} << 24;
  const auto start = std::chrono::steady_clock::now();
  const auto plan = plan_conv1d({1, 4, 8}, {3, 65536, 1}, nullptr, p);
  EXPECT_LT(seconds_since(start), 0.5);
  ASSERT_FALSE(plan.ok());
  EXPECT_NE(plan.error.find("groups"), std::string::npos) << plan.error;

  // The same through the JS wire format (clamped to max_param + 1 there).
  double block[call_block::size] = {};
  block[call_block::op] = 0;
  block[call_block::input_rank] = 3;
  block[call_block::input_dims + 0] = 1;
  block[call_block::input_dims + 1] = 4;
  block[call_block::input_dims + 2] = 8;
  block[call_block::weight_rank] = 3;
  block[call_block::weight_dims + 0] = 3;
  block[call_block::weight_dims + 1] = 65536;
  block[call_block::weight_dims + 2] = 1;
  block[call_block::bias_rank] = -1;
  block[call_block::stride] = 1;
  block[call_block::dilation] = 1;
  block[call_block::groups] = 16777216;
  const auto start2 = std::chrono::steady_clock::now();
  const auto call = call_block::plan(block);
  EXPECT_LT(seconds_since(start2), 0.5);
  EXPECT_FALSE(call.ok());
}

// plan.cpp: weight[1] * groups was formed before groups was range-checked: signed overflow
// (undefined behaviour; UBSan in the native-asan preset) through the C++ API.
TEST(Regression, Int64MaxGroupsIsRejectedWithoutOverflow) {
  Conv1dParams p;
  p.groups = std::numeric_limits<int64_t>::max();
  const auto plan = plan_conv1d({1, 4, 8}, {4, 2, 3}, nullptr, p);
  ASSERT_FALSE(plan.ok());
  EXPECT_NE(plan.error.find("groups"), std::string::npos) << plan.error;
}

// phase_packing.cpp: conv_transpose1d planned one phase per stride residue, scanning every tap per
// phase: stride 2^24 with 65536 taps was 2^32 steps (10 s native) for 65536 multiplications.
TEST(Regression, TransposeHugeStrideIsFast) {
  ConvTranspose1dParams p;
  p.stride = int64_t{1} << 24;
  const auto plan = plan_conv_transpose1d({1, 1, 1}, {1, 1, 65536}, nullptr, p);
  expect_matches_within_2s(plan);
}

// The fuzzer's original find: an empty batch (nothing to compute) that hung in planning.
TEST(Regression, TransposeEmptyBatchHugeStrideIsFast) {
  ConvTranspose1dParams p;
  p.stride = int64_t{1} << 24;
  const auto plan = plan_conv_transpose1d({0, 1, 5}, {1, 1, 4096}, nullptr, p);
  expect_matches_within_2s(plan);
}

// phase_packing.cpp: the phase rows span the whole dilated kernel: dilation 2^24 on a 1-element
// input with 65536 channels asked for 2^40 floats of zeros (bad_alloc; a WASM abort) for one
// output.
TEST(Regression, TransposeHugeDilationCroppedToOneCellAllocatesNoRows) {
  const ConvTranspose1dParams p{1, int64_t{1} << 23, 0, int64_t{1} << 24};  // padding, dilation
  expect_one_cell_within_2s(plan_conv_transpose1d({1, 65536, 1}, {65536, 1, 2}, nullptr, p));
}

// phase_packing.cpp: the same for conv1d: a dilated kernel spanning 2^20 padding cells made each of
// 1024 channels a 2^20-float row (4 GiB) for a single output of 2048 multiplications.
TEST(Regression, Conv1dHugeDilationOverPaddingAllocatesNoRows) {
  const Conv1dParams p{1, PaddingKind::Explicit, int64_t{1} << 19,
                       int64_t{1} << 20};  // padding, dilation
  expect_one_cell_within_2s(plan_conv1d({1, 1024, 1}, {1, 1024, 2}, nullptr, p));
}

}  // namespace
