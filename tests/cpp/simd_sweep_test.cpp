// The SIMD kernels against the reference over random sweeps of every parameter, with lengths
// around the vector width and outputs pre-filled with NaN so an unwritten cell cannot pass.
#include <gtest/gtest.h>

#include <limits>
#include <random>
#include <sstream>

#include "convlab/convlab.hpp"
#include "test_util.hpp"

using namespace convlab;
using convlab::testing::close_to;

namespace {

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

struct Sampler {
  std::mt19937 rng;
  explicit Sampler(unsigned seed) : rng(seed) {}
  int64_t pick(std::initializer_list<int64_t> values) {
    std::uniform_int_distribution<size_t> d(0, values.size() - 1);
    return *(values.begin() + d(rng));
  }
  std::vector<float> values(int64_t n) {
    std::uniform_real_distribution<float> d(-1.0f, 1.0f);
    std::vector<float> v(static_cast<size_t>(n));
    for (auto& x : v) x = d(rng);
    return v;
  }
};

// (groups, in_per_group, out_per_group): dense, grouped, depthwise, depthwise multiplier.
const std::vector<std::array<int64_t, 3>> kChannelLayouts = {{1, 1, 1}, {1, 3, 5}, {1, 2, 4},
                                                             {1, 5, 9}, {2, 2, 3}, {3, 1, 1},
                                                             {4, 1, 2}, {2, 3, 4}, {1, 1, 7}};

const std::initializer_list<int64_t> kLengths = {1,  2,  3,  4,  5,  7,  8,  9,  15, 16,
                                                 17, 31, 32, 33, 40, 63, 64, 65, 100};

std::string describe(const std::vector<int64_t>& in, const std::vector<int64_t>& w, int64_t s,
                     int64_t p, int64_t d, int64_t g, int64_t extra, bool bias) {
  std::ostringstream out;
  out << "input [" << in[0] << "," << in[1] << "," << in[2] << "] weight [" << w[0] << "," << w[1]
      << "," << w[2] << "] stride " << s << " padding " << p << " dilation " << d << " groups " << g
      << " mode/output_padding " << extra << (bias ? " bias" : "");
  return out.str();
}

TEST(SimdSweep, Conv1dMatchesReference) {
  Sampler r(1234);
  int valid = 0;
  for (int trial = 0; trial < 4000; ++trial) {
    const auto layout = kChannelLayouts[trial % kChannelLayouts.size()];
    const int64_t groups = layout[0], cin = groups * layout[1], cout = groups * layout[2];
    const int64_t batch = r.pick({0, 1, 1, 2, 3}), length = r.pick(kLengths);
    const int64_t K = r.pick({1, 2, 3, 4, 5, 7, 8, 9, 16}), stride = r.pick({1, 1, 2, 3, 4, 5, 8});
    const int64_t dilation = r.pick({1, 1, 2, 3, 5}), padding = r.pick({0, 0, 1, 2, 3, 4, 7});
    const int64_t kind = r.pick({0, 0, 0, 1, 2});
    const auto mode = static_cast<PaddingMode>(trial % 4);
    const bool has_bias = trial % 3 != 0;
    std::vector<int64_t> in_shape{batch, cin, length}, w_shape{cout, layout[1], K}, b_shape{cout};
    Conv1dParams p;
    p.stride = kind == 1 ? 1 : stride;
    p.padding_kind = static_cast<PaddingKind>(kind);
    p.padding = padding;
    p.dilation = dilation;
    p.groups = groups;
    p.padding_mode = mode;
    const auto plan = plan_conv1d(in_shape, w_shape, has_bias ? &b_shape : nullptr, p);
    if (!plan.ok()) continue;
    ++valid;
    const auto& g = plan.geometry;
    const auto x = r.values(batch * cin * length), w = r.values(cout * layout[1] * K),
               b = r.values(cout);
    const size_t n = static_cast<size_t>(g.batch * g.out_channels * g.out_length);
    std::vector<float> want(n, kNaN), got(n, kNaN);
    conv1d_reference(g, x.data(), w.data(), has_bias ? b.data() : nullptr, want.data());
    conv1d(g, x.data(), w.data(), has_bias ? b.data() : nullptr, got.data());
    ASSERT_TRUE(close_to(got, want, static_cast<float>(layout[1] * K)))
        << describe(in_shape, w_shape, p.stride, p.padding, dilation, groups,
                    static_cast<int64_t>(mode), has_bias)
        << " padding kind " << kind;
  }
  EXPECT_GT(valid, 2000);
}

TEST(SimdSweep, ConvTranspose1dMatchesReference) {
  Sampler r(99);
  int valid = 0;
  for (int trial = 0; trial < 4000; ++trial) {
    const auto layout = kChannelLayouts[trial % kChannelLayouts.size()];
    const int64_t groups = layout[0], cin = groups * layout[1], cout = groups * layout[2];
    const int64_t batch = r.pick({0, 1, 1, 2, 3}), length = r.pick(kLengths);
    const int64_t K = r.pick({1, 2, 3, 4, 5, 7, 8, 9, 16}), stride = r.pick({1, 1, 2, 3, 4, 5, 8});
    const int64_t dilation = r.pick({1, 1, 2, 3, 5}), padding = r.pick({0, 0, 1, 2, 3, 4, 7});
    const int64_t output_padding = r.pick({0, 0, 1, 2, 4});
    const bool has_bias = trial % 3 != 0;
    std::vector<int64_t> in_shape{batch, cin, length}, w_shape{cin, layout[2], K}, b_shape{cout};
    ConvTranspose1dParams p;
    p.stride = stride;
    p.padding = padding;
    p.dilation = dilation;
    p.groups = groups;
    p.output_padding = output_padding;
    const auto plan = plan_conv_transpose1d(in_shape, w_shape, has_bias ? &b_shape : nullptr, p);
    if (!plan.ok()) continue;
    ++valid;
    const auto& g = plan.geometry;
    const auto x = r.values(batch * cin * length), w = r.values(cin * layout[2] * K),
               b = r.values(cout);
    const size_t n = static_cast<size_t>(g.batch * g.out_channels * g.out_length);
    std::vector<float> want(n, kNaN), got(n, kNaN);
    conv_transpose1d_reference(g, x.data(), w.data(), has_bias ? b.data() : nullptr, want.data());
    conv_transpose1d(g, x.data(), w.data(), has_bias ? b.data() : nullptr, got.data());
    ASSERT_TRUE(close_to(got, want, static_cast<float>(layout[1] * K)))
        << describe(in_shape, w_shape, stride, padding, dilation, groups, output_padding, has_bias);
  }
  EXPECT_GT(valid, 2000);
}

// Larger shapes exercise the 4-channel register blocks and many position blocks.
TEST(SimdSweep, LargerShapesMatchReference) {
  Sampler r(7);
  for (int64_t cout : {4, 8, 13}) {
    for (int64_t length : {127, 128, 129, 515}) {
      std::vector<int64_t> in_shape{2, 6, length}, cw{cout, 6, 5}, tw{6, cout, 6};
      Conv1dParams cp;
      cp.padding = 2;
      const auto c = plan_conv1d(in_shape, cw, nullptr, cp);
      ASSERT_TRUE(c.ok()) << c.error;
      const auto x = r.values(2 * 6 * length), w = r.values(cout * 6 * 6);
      std::vector<float> want(static_cast<size_t>(2 * cout * c.geometry.out_length), kNaN),
          got = want;
      conv1d_reference(c.geometry, x.data(), w.data(), nullptr, want.data());
      conv1d(c.geometry, x.data(), w.data(), nullptr, got.data());
      EXPECT_TRUE(close_to(got, want, 30.0f)) << "conv1d cout " << cout << " length " << length;

      ConvTranspose1dParams tp;
      tp.stride = 3;
      tp.padding = 1;
      const auto t = plan_conv_transpose1d(in_shape, tw, nullptr, tp);
      ASSERT_TRUE(t.ok()) << t.error;
      std::vector<float> twant(static_cast<size_t>(2 * cout * t.geometry.out_length), kNaN),
          tgot = twant;
      conv_transpose1d_reference(t.geometry, x.data(), w.data(), nullptr, twant.data());
      conv_transpose1d(t.geometry, x.data(), w.data(), nullptr, tgot.data());
      EXPECT_TRUE(close_to(tgot, twant, 36.0f))
          << "transpose cout " << cout << " length " << length;
    }
  }
}

}  // namespace

namespace {

// Many input channels make the kernels split positions into cache-sized chunks: cross chunk
// boundaries with every channel-block remainder, stride and both ops.
TEST(SimdSweep, CacheChunkBoundariesMatchReference) {
  Sampler r(11);
  for (int64_t stride : {1, 3}) {
    for (int64_t cout : {4, 9}) {
      const int64_t cin = 300, length = 1500;
      const auto x = r.values(cin * length), w = r.values(cout * cin * 5), b = r.values(cout);
      Conv1dParams cp;
      cp.stride = stride;
      cp.padding = 2;
      cp.dilation = 2;
      const auto c = plan_conv1d({1, cin, length}, {cout, cin, 5}, nullptr, cp);
      ASSERT_TRUE(c.ok()) << c.error;
      std::vector<float> want(static_cast<size_t>(cout * c.geometry.out_length), kNaN), got = want;
      conv1d_reference(c.geometry, x.data(), w.data(), b.data(), want.data());
      conv1d(c.geometry, x.data(), w.data(), b.data(), got.data());
      EXPECT_TRUE(close_to(got, want, 40.0f)) << "conv1d stride " << stride << " cout " << cout;

      ConvTranspose1dParams tp;
      tp.stride = stride;
      tp.padding = 1;
      std::vector<int64_t> b_shape{cout};
      const auto t = plan_conv_transpose1d({1, cin, length}, {cin, cout, 5}, &b_shape, tp);
      ASSERT_TRUE(t.ok()) << t.error;
      std::vector<float> twant(static_cast<size_t>(cout * t.geometry.out_length), kNaN),
          tgot = twant;
      conv_transpose1d_reference(t.geometry, x.data(), w.data(), b.data(), twant.data());
      conv_transpose1d(t.geometry, x.data(), w.data(), b.data(), tgot.data());
      EXPECT_TRUE(close_to(tgot, twant, 40.0f))
          << "transpose stride " << stride << " cout " << cout;
    }
  }
}

}  // namespace
