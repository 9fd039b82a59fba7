// What the analysis tests share: random geometries over every channel layout, a description for
// failures, and the fast-vs-reference backward check. Outputs are pre-filled with NaN so an
// unwritten cell cannot pass.
#pragma once

#include <gtest/gtest.h>

#include <array>
#include <limits>
#include <optional>
#include <sstream>
#include <string>
#include <type_traits>
#include <vector>

#include "both_ops.hpp"
#include "convlab/params.hpp"
#include "test_util.hpp"

namespace convlab::testing {

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

inline int64_t count(const std::vector<int64_t>& shape) {
  int64_t n = 1;
  for (int64_t d : shape) n *= d;
  return n;
}

// (groups, in_per_group, out_per_group)
inline const std::vector<std::array<int64_t, 3>> kChannelLayouts = {
    {1, 1, 1}, {1, 3, 5}, {1, 2, 4}, {2, 2, 3}, {3, 1, 1}, {4, 1, 2}, {2, 3, 4}, {1, 1, 7}};

inline std::optional<Conv1dGeometry> random_conv1d(Sampler& r, int trial, int64_t batch) {
  const auto layout = kChannelLayouts[trial % kChannelLayouts.size()];
  Conv1dParams p;
  p.groups = layout[0];
  p.padding_kind = static_cast<PaddingKind>(r.pick({0, 0, 0, 1, 2}));
  p.stride = p.padding_kind == PaddingKind::Same ? 1 : r.pick({1, 1, 2, 3, 4, 5});
  p.padding = r.pick({0, 1, 2, 3, 5});
  p.dilation = r.pick({1, 1, 2, 3});
  p.padding_mode = static_cast<PaddingMode>(trial % 4);
  const std::vector<int64_t> in{batch, layout[0] * layout[1],
                                r.pick({1, 2, 3, 5, 8, 9, 16, 17, 33})};
  const std::vector<int64_t> w{layout[0] * layout[2], layout[1], r.pick({1, 2, 3, 4, 5, 8})};
  const std::vector<int64_t> b{w[0]};
  const auto plan = plan_conv1d(in, w, trial % 3 ? &b : nullptr, p);
  if (!plan.ok()) return std::nullopt;
  return plan.geometry;
}

inline std::optional<ConvTranspose1dGeometry> random_transpose(Sampler& r, int trial,
                                                               int64_t batch) {
  const auto layout = kChannelLayouts[trial % kChannelLayouts.size()];
  ConvTranspose1dParams p;
  p.groups = layout[0];
  p.stride = r.pick({1, 1, 2, 3, 4, 5});
  p.dilation = r.pick({1, 1, 2, 3});
  p.padding = r.pick({0, 0, 1, 2, 3, 5});
  p.output_padding = r.pick({0, 0, 1, 2, 3, 4});
  const std::vector<int64_t> in{batch, layout[0] * layout[1], r.pick({1, 2, 3, 5, 8, 9, 16, 17})};
  const std::vector<int64_t> w{in[1], layout[2], r.pick({1, 2, 3, 4, 5, 8})};
  const std::vector<int64_t> b{layout[0] * layout[2]};
  const auto plan = plan_conv_transpose1d(in, w, trial % 3 ? &b : nullptr, p);
  if (!plan.ok()) return std::nullopt;
  return plan.geometry;
}

template <typename Geometry>
std::string describe(const Geometry& g) {
  std::ostringstream out;
  out << "N" << g.batch << " Cin" << g.in_channels << " Cout" << g.out_channels << " K"
      << g.kernel_size << " L" << g.in_length << " Lout" << g.out_length << " s" << g.stride << " d"
      << g.dilation << " g" << g.groups;
  if constexpr (std::is_same_v<Geometry, Conv1dGeometry>)
    out << " pad " << g.pad_left << "/" << g.pad_right << " " << padding_mode_name(g.padding_mode);
  else
    out << " p" << g.padding << " op" << g.output_padding;
  return out.str();
}

struct Grads {
  std::vector<float> input, weight, bias;
};

// The fast backward against the reference on the same tensors; with_bias: the bias gradient too.
template <typename Geometry>
::testing::AssertionResult backward_matches(const Geometry& g, const std::vector<float>& x,
                                            const std::vector<float>& w,
                                            const std::vector<float>& gy, bool with_bias,
                                            float scale) {
  Grads want{std::vector<float>(x.size(), kNaN), std::vector<float>(w.size(), kNaN),
             std::vector<float>(with_bias ? static_cast<size_t>(g.out_channels) : 0, kNaN)};
  Grads got = want;
  ops(g).backward_reference(g, x.data(), w.data(), gy.data(), want.input.data(), want.weight.data(),
                            with_bias ? want.bias.data() : nullptr);
  ops(g).backward(g, x.data(), w.data(), gy.data(), got.input.data(), got.weight.data(),
                  with_bias ? got.bias.data() : nullptr);
  if (auto e = close_to(got.input, want.input, scale); !e) return e << " (input gradient)";
  if (auto e = close_to(got.weight, want.weight, scale); !e) return e << " (weight gradient)";
  if (auto e = close_to(got.bias, want.bias, scale); !e) return e << " (bias gradient)";
  return ::testing::AssertionSuccess();
}

}  // namespace convlab::testing
