// The shape solver against a brute-force search that asks plan() about every candidate: the
// same set (complete, nothing PyTorch rejects), in the documented order, and clear refusals.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <random>

#include "convlab/design.hpp"
#include "convlab/limits.hpp"

using namespace convlab;

namespace {

// What plan() gives for one candidate: its output length, or -1 where plan() rejects it.
int64_t planned_length(const ShapeQuery& q, int64_t k, int64_t s, int64_t p, int64_t d,
                       int64_t op) {
  if (!q.transpose) {
    const Conv1dParams cp{s, PaddingKind::Explicit, p, d};
    const auto g = plan_conv1d({1, 1, q.in_length}, {1, 1, k}, nullptr, cp);
    return g.ok() ? g.geometry.out_length : -1;
  }
  const ConvTranspose1dParams tp{s, p, op, d};
  const auto g = plan_conv_transpose1d({1, 1, q.in_length}, {1, 1, k}, nullptr, tp);
  return g.ok() ? g.geometry.out_length : -1;
}

// Every candidate inside the ranges that plan() accepts and that gives out_length.
std::vector<ShapeSolution> brute_force(const ShapeQuery& q, const ShapeRanges& r) {
  std::vector<ShapeSolution> found;
  for (int64_t k = r.kernel_size.min; k <= r.kernel_size.max; ++k)
    for (int64_t s = r.stride.min; s <= r.stride.max; ++s)
      for (int64_t d = r.dilation.min; d <= r.dilation.max; ++d)
        for (int64_t p = r.padding.min; p <= r.padding.max; ++p)
          for (int64_t op = r.output_padding.min; op <= r.output_padding.max; ++op) {
            if (!q.transpose && op != 0) continue;  // Conv1d has no output_padding
            if (planned_length(q, k, s, p, d, op) == q.out_length)
              found.push_back({k, s, p, d, op});
          }
  std::sort(found.begin(), found.end(), simpler_shape);
  return found;
}

IntRange random_range(std::mt19937& rng, int64_t lowest, int64_t highest) {
  std::uniform_int_distribution<int64_t> pick(lowest, highest);
  int64_t a = pick(rng), b = pick(rng);
  return {std::min(a, b), std::max(a, b)};
}

int64_t pick(std::mt19937& rng, const IntRange& r) {
  return std::uniform_int_distribution<int64_t>(r.min, r.max)(rng);
}

// Sets q.out_length to what one random candidate inside the ranges gives, when plan accepts it.
void planted_out_length(std::mt19937& rng, ShapeQuery& q) {
  const int64_t k = pick(rng, *q.kernel_size), s = pick(rng, *q.stride), d = pick(rng, *q.dilation);
  const int64_t p = pick(rng, *q.padding), op = pick(rng, *q.output_padding);
  const int64_t length = planned_length(q, k, s, p, d, op);
  if (length >= 0) q.out_length = length;
}

TEST(ShapeSolver, MatchesBruteForceOverPlanOnRandomQueries) {
  std::mt19937 rng(14);
  int with_solutions = 0;
  int64_t total = 0;
  for (int i = 0; i < 1500; ++i) {
    ShapeQuery q;
    q.transpose = i % 2 == 1;
    std::uniform_int_distribution<int64_t> length(1, 24);
    q.in_length = length(rng);
    q.out_length = length(rng);
    q.kernel_size = random_range(rng, 1, 9);
    q.stride = random_range(rng, 1, 5);
    q.dilation = random_range(rng, 1, 3);
    q.padding = random_range(rng, 0, 12);
    q.output_padding = random_range(rng, 0, 5);
    // Most queries ask for a length some candidate in the ranges really produces.
    if (i % 4 != 3) planted_out_length(rng, q);
    const auto got = solve_shapes(q);
    ASSERT_TRUE(got.ok()) << got.error;
    const auto want = brute_force(q, got.ranges);
    SCOPED_TRACE("query " + std::to_string(i) + ": " + std::to_string(q.in_length) + " -> " +
                 std::to_string(q.out_length));
    ASSERT_EQ(got.solutions.size(), want.size());
    for (size_t j = 0; j < want.size(); ++j) ASSERT_TRUE(got.solutions[j] == want[j]) << "at " << j;
    with_solutions += !want.empty();
    total += static_cast<int64_t>(want.size());
  }
  std::printf("[ counts   ] 1500 queries, %d with solutions, %lld solutions in all\n",
              with_solutions, static_cast<long long>(total));
  EXPECT_GT(with_solutions, 500);
  EXPECT_GT(total, 4000);
}

TEST(ShapeSolver, DefaultRangesAreDocumentedAndFilledIn) {
  ShapeQuery q;
  q.transpose = true;
  q.in_length = 3;
  q.out_length = 8;
  const auto got = solve_shapes(q);
  ASSERT_TRUE(got.ok()) << got.error;
  EXPECT_EQ(got.ranges.kernel_size.min, 1);
  EXPECT_EQ(got.ranges.kernel_size.max, 16);
  EXPECT_EQ(got.ranges.stride.max, 8);
  EXPECT_EQ(got.ranges.dilation.max, 4);
  EXPECT_EQ(got.ranges.padding.max, limits::max_param);
  EXPECT_EQ(got.ranges.output_padding.max, 7);  // max(stride 8, dilation 4) - 1
  // Unbounded padding is still a finite, exact set: check it with padding capped at what any
  // solution in these ranges could need ((L-1)s + d(K-1) + 1 + op - out)/2 <= 38.
  ShapeQuery capped = q;
  capped.padding = IntRange{0, 40};
  const auto want = brute_force(capped, solve_shapes(capped).ranges);
  ASSERT_EQ(got.solutions.size(), want.size());
  for (size_t j = 0; j < want.size(); ++j) EXPECT_TRUE(got.solutions[j] == want[j]);
  // Simplest first: undilated, taps covering the stride, no padding: kernel 4, stride 2.
  const ShapeSolution first = got.solutions.front();
  EXPECT_EQ(first.kernel_size, 4);
  EXPECT_EQ(first.stride, 2);
  EXPECT_EQ(first.padding, 0);
  EXPECT_EQ(first.dilation, 1);
  EXPECT_EQ(first.output_padding, 0);
}

TEST(ShapeSolver, Conv1dSolutionsHaveNoOutputPaddingAndNeedZeroInItsRange) {
  ShapeQuery q;
  q.in_length = 8;
  q.out_length = 4;
  const auto got = solve_shapes(q);
  ASSERT_TRUE(got.ok());
  ASSERT_FALSE(got.solutions.empty());
  for (const auto& s : got.solutions) EXPECT_EQ(s.output_padding, 0);
  EXPECT_EQ(got.solutions.front().kernel_size, 2);  // Conv1d(kernel_size=2, stride=2)
  EXPECT_EQ(got.solutions.front().stride, 2);
  q.output_padding = IntRange{1, 3};
  EXPECT_TRUE(solve_shapes(q).solutions.empty());
}

TEST(ShapeSolver, TapsCoverStride) {
  EXPECT_TRUE(taps_cover_stride(3, 2, 1));
  EXPECT_FALSE(taps_cover_stride(1, 2, 1));  // every other input skipped
  EXPECT_FALSE(taps_cover_stride(4, 2, 2));  // gcd(2, 2) = 2: only even phases
  EXPECT_TRUE(taps_cover_stride(3, 3, 2));
}

TEST(ShapeSolver, RejectsMalformedQueriesWithNamedMessages) {
  auto error_of = [](ShapeQuery q) { return solve_shapes(q).error; };
  ShapeQuery ok;
  ok.in_length = 5;
  ok.out_length = 5;
  EXPECT_TRUE(error_of(ok).empty());
  auto q = ok;
  q.in_length = 0;
  EXPECT_NE(error_of(q).find("inLength=0"), std::string::npos);
  q = ok;
  q.out_length = limits::max_length + 1;
  EXPECT_NE(error_of(q).find("outLength"), std::string::npos);
  q = ok;
  q.stride = IntRange{5, 2};
  EXPECT_NE(error_of(q).find("ranges.stride=[5, 2]: min 5 is greater than max 2"),
            std::string::npos);
  q = ok;
  q.kernel_size = IntRange{0, 4};
  EXPECT_NE(error_of(q).find("Use [1, 4]"), std::string::npos);
  q = ok;
  q.padding = IntRange{-1, 4};
  EXPECT_NE(error_of(q).find("ranges.padding"), std::string::npos);
  q = ok;
  q.dilation = IntRange{1, limits::max_param + 1};
  EXPECT_NE(error_of(q).find("limit"), std::string::npos);
  q = ok;
  q.kernel_size = IntRange{1, 1024};
  q.stride = IntRange{1, 1024};
  q.dilation = IntRange{1, 2};
  EXPECT_NE(error_of(q).find("search space"), std::string::npos);
  q = ok;  // a search within the cap whose answer is too large to return whole
  q.kernel_size = IntRange{1, 1};
  q.stride = IntRange{1, 4096};
  q.dilation = IntRange{1, 1};
  q.out_length = 2;
  EXPECT_NE(error_of(q).find("more than 65536"), std::string::npos);
}

}  // namespace
