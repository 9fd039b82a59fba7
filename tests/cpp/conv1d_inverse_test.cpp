// invert_conv1d: the ConvTranspose1d it proposes gives the length back (checked with plan()),
// and the set of lengths that collapse together is exactly what plan_conv1d says.
#include <gtest/gtest.h>

#include "convlab/design.hpp"

using namespace convlab;

namespace {

int64_t conv_length(int64_t L, int64_t k, const Conv1dParams& p) {
  const auto g = plan_conv1d({1, 1, L}, {1, 1, k}, nullptr, p);
  return g.ok() ? g.geometry.out_length : -1;
}

int64_t transpose_length(int64_t L, int64_t k, const ConvTranspose1dParams& p) {
  const auto g = plan_conv_transpose1d({1, 1, L}, {1, 1, k}, nullptr, p);
  return g.ok() ? g.geometry.out_length : -1;
}

TEST(InvertConv1d, StrideTwoMapsSevenAndEightToThree) {
  Conv1dParams p;
  p.stride = 2;
  for (int64_t L : {7, 8}) {
    const auto inv = invert_conv1d(L, 3, p);
    ASSERT_TRUE(inv.error.empty()) << inv.error;
    EXPECT_EQ(inv.out_length, 3);
    EXPECT_EQ(inv.min_in_length, 7);
    EXPECT_EQ(inv.max_in_length, 8);
    ASSERT_TRUE(inv.has_transpose);
    EXPECT_EQ(inv.transpose.padding, 0);
    EXPECT_EQ(inv.transpose.output_padding, L - 7);
    EXPECT_EQ(inv.base_length, 7);
    EXPECT_EQ(inv.min_recoverable, 7);
    EXPECT_EQ(inv.max_recoverable, 8);
  }
}

TEST(InvertConv1d, LopsidedSameHasNoExactTransposeWithoutDilation) {
  Conv1dParams p;
  p.padding_kind = PaddingKind::Same;
  const auto inv = invert_conv1d(10, 4, p);  // pads 1 left, 2 right
  ASSERT_TRUE(inv.error.empty());
  EXPECT_EQ(inv.out_length, 10);
  EXPECT_FALSE(inv.has_transpose);
  EXPECT_NE(inv.no_transpose_reason.find("drop its last output cell"), std::string::npos);
  p.dilation = 3;  // span 9: pads 4 and 5; output_padding 1 < dilation 3 is allowed
  const auto dilated = invert_conv1d(10, 4, p);
  ASSERT_TRUE(dilated.has_transpose);
  EXPECT_EQ(dilated.transpose.padding, 5);
  EXPECT_EQ(dilated.transpose.output_padding, 1);
}

TEST(InvertConv1d, ErrorsComeFromPlan) {
  Conv1dParams p;
  EXPECT_NE(invert_conv1d(2, 5, p).error.find("kernel"), std::string::npos);
  EXPECT_NE(invert_conv1d(0, 3, p).error.find("inLength=0"), std::string::npos);
  EXPECT_NE(invert_conv1d(5, 0, p).error.find("kernelSize=0"), std::string::npos);
  p.padding_kind = PaddingKind::Same;
  p.stride = 2;
  EXPECT_NE(invert_conv1d(8, 3, p).error.find("same"), std::string::npos);
}

TEST(InvertConv1d, ExhaustiveOverSmallConfigurations) {
  int checked = 0, ambiguous = 0;
  const PaddingMode modes[] = {PaddingMode::Zeros, PaddingMode::Reflect, PaddingMode::Replicate,
                               PaddingMode::Circular};
  for (PaddingMode mode : modes)
    for (int kind = 0; kind < 3; ++kind)
      for (int64_t L = 1; L <= 14; ++L)
        for (int64_t k = 1; k <= 5; ++k)
          for (int64_t s = 1; s <= 4; ++s)
            for (int64_t d = 1; d <= 3; ++d)
              for (int64_t pad = 0; pad <= (kind == 0 ? 3 : 0); ++pad) {
                Conv1dParams p;
                p.padding_kind = static_cast<PaddingKind>(kind);
                p.padding = pad;
                p.stride = s;
                p.dilation = d;
                p.padding_mode = mode;
                const auto inv = invert_conv1d(L, k, p);
                const int64_t out = conv_length(L, k, p);
                SCOPED_TRACE("L=" + std::to_string(L) + " k=" + std::to_string(k) +
                             " s=" + std::to_string(s) + " d=" + std::to_string(d) +
                             " kind=" + std::to_string(kind) + " p=" + std::to_string(pad));
                ASSERT_EQ(inv.error.empty(), out > 0) << inv.error;
                if (out < 0) continue;
                ASSERT_EQ(inv.out_length, out);
                // The collapsing lengths are exactly those plan_conv1d maps to `out`.
                for (int64_t other = 1; other <= L + 2 * s + 2; ++other) {
                  const bool same = conv_length(other, k, p) == out;
                  ASSERT_EQ(same, other >= inv.min_in_length && other <= inv.max_in_length)
                      << "length " << other;
                }
                ambiguous += inv.max_in_length > inv.min_in_length;
                if (!inv.has_transpose) {
                  ASSERT_EQ(kind, 1);  // only lopsided 'same' has none
                  ASSERT_NE(inv.pad_left, inv.pad_right);
                  continue;
                }
                ConvTranspose1dParams tp = inv.transpose;
                ASSERT_EQ(transpose_length(out, k, tp), L);
                // output_padding picks any length in the recoverable interval, and no other.
                for (int64_t other = inv.min_in_length; other <= inv.max_in_length; ++other) {
                  tp.output_padding = other - inv.base_length;
                  const bool reachable = transpose_length(out, k, tp) == other;
                  ASSERT_EQ(reachable,
                            other >= inv.min_recoverable && other <= inv.max_recoverable);
                }
                ++checked;
              }
  EXPECT_GT(checked, 5000);
  EXPECT_GT(ambiguous, 2000);
}

}  // namespace
