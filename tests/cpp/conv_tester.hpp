// A builder for the SIMD-vs-reference checks, in the spirit of XNNPACK's operator testers:
//
//   ConvTester().transpose().length(17).kernel(5).stride(3).groups(2).ExpectSimdMatchesReference();
//
// Random inputs from a fixed seed, both outputs pre-filled with NaN (an unwritten cell cannot
// pass), the fast path run on the chosen kernel arch, and a failure that names the geometry and
// the (batch, channel, position) of the first differing cell.
#pragma once

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "both_ops.hpp"
#include "convlab/convlab.hpp"
#include "tapped_correlation.hpp"

namespace convlab::testing {

class ConvTester {
 public:
  ConvTester& transpose(bool on = true) { return set(transpose_, on); }
  ConvTester& batch(int64_t n) { return set(batch_, n); }
  ConvTester& length(int64_t l) { return set(length_, l); }
  // Channels per group: (in, out). Totals are these times groups().
  ConvTester& channels(int64_t in_per_group, int64_t out_per_group) {
    in_per_group_ = in_per_group;
    return set(out_per_group_, out_per_group);
  }
  ConvTester& kernel(int64_t k) { return set(kernel_, k); }
  ConvTester& stride(int64_t s) { return set(stride_, s); }
  ConvTester& padding(int64_t p) { return set(padding_, p); }
  ConvTester& padding_same() { return set(kind_, PaddingKind::Same); }
  ConvTester& padding_valid() { return set(kind_, PaddingKind::Valid); }
  ConvTester& mode(PaddingMode m) { return set(mode_, m); }
  ConvTester& dilation(int64_t d) { return set(dilation_, d); }
  ConvTester& groups(int64_t g) { return set(groups_, g); }
  ConvTester& output_padding(int64_t p) { return set(output_padding_, p); }
  ConvTester& bias(bool on = true) { return set(bias_, on); }
  ConvTester& seed(unsigned s) { return set(seed_, s); }
  ConvTester& arch(detail::KernelArch a) { return set(arch_, a); }

  // Whether PyTorch accepts this geometry (random sweeps skip the ones it rejects).
  bool valid() const { return plan_error().empty(); }

  std::string describe() const {
    std::ostringstream out;
    out << (transpose_ ? "conv_transpose1d" : "conv1d") << " input [" << batch_ << ","
        << in_per_group_ * groups_ << "," << length_ << "] kernel " << kernel_ << " stride "
        << stride_ << " padding "
        << (kind_ == PaddingKind::Same    ? "'same'"
            : kind_ == PaddingKind::Valid ? "'valid'"
                                          : std::to_string(padding_))
        << " dilation " << dilation_ << " groups " << groups_ << " channels/group " << in_per_group_
        << "->" << out_per_group_;
    if (transpose_)
      out << " output_padding " << output_padding_;
    else
      out << " mode " << padding_mode_name(mode_);
    out << (bias_ ? " bias" : " no bias") << " arch " << detail::kernel_arch_name(arch_);
    return out.str();
  }

  void ExpectSimdMatchesReference() const {
    const std::string error = plan_error();
    ASSERT_TRUE(error.empty()) << describe() << ": " << error;
    std::mt19937 rng(seed_);
    std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
    auto values = [&](int64_t n) {
      std::vector<float> v(static_cast<size_t>(n));
      for (float& x : v) x = dist(rng);
      return v;
    };
    const int64_t cin = in_per_group_ * groups_, cout = out_per_group_ * groups_;
    const auto x = values(batch_ * cin * length_);
    const auto w =
        values(transpose_ ? cin * out_per_group_ * kernel_ : cout * in_per_group_ * kernel_);
    const auto b = values(cout);
    const float* bias = bias_ ? b.data() : nullptr;
    constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
    int64_t out_length = 0;
    std::vector<float> want, got;
    detail::ScopedKernelArch use(arch_);
    auto run = [&](const auto& g) {
      out_length = g.out_length;
      want.assign(static_cast<size_t>(g.batch * g.out_channels * g.out_length), kNaN);
      got = want;
      ops(g).reference(g, x.data(), w.data(), bias, want.data());
      ops(g).fast(g, x.data(), w.data(), bias, got.data());
    };
    if (transpose_)
      run(plan_transpose().geometry);
    else
      run(plan_conv().geometry);
    // Float32 sums in another order differ by a few ulps of the largest partial sum.
    const float tol = 2e-5f * static_cast<float>(std::max<int64_t>(1, in_per_group_ * kernel_));
    for (size_t i = 0; i < got.size(); ++i) {
      const bool same = got[i] == want[i] || (std::isnan(got[i]) && std::isnan(want[i]));
      if (same || std::fabs(got[i] - want[i]) <= tol) continue;
      const int64_t cell = static_cast<int64_t>(i), plane = cout * out_length;
      ADD_FAILURE() << describe() << ": output[" << cell / plane << "]["
                    << cell % plane / out_length << "][" << cell % out_length << "] is " << got[i]
                    << ", the reference gives " << want[i] << " (tolerance " << tol << ")";
      return;
    }
  }

 private:
  template <typename T, typename V>
  ConvTester& set(T& member, V value) {
    member = value;
    return *this;
  }

  std::vector<int64_t> input_shape() const { return {batch_, in_per_group_ * groups_, length_}; }

  Planned<Conv1dGeometry> plan_conv() const {
    const Conv1dParams p{stride_, kind_, padding_, dilation_, groups_, mode_};
    const std::vector<int64_t> b{out_per_group_ * groups_};
    return plan_conv1d(input_shape(), {out_per_group_ * groups_, in_per_group_, kernel_},
                       bias_ ? &b : nullptr, p);
  }

  Planned<ConvTranspose1dGeometry> plan_transpose() const {
    const ConvTranspose1dParams p{stride_, padding_, output_padding_, dilation_, groups_};
    const std::vector<int64_t> b{out_per_group_ * groups_};
    return plan_conv_transpose1d(input_shape(), {in_per_group_ * groups_, out_per_group_, kernel_},
                                 bias_ ? &b : nullptr, p);
  }

  std::string plan_error() const {
    if (transpose_)
      return kind_ != PaddingKind::Explicit ? "string padding" : plan_transpose().error;
    return plan_conv().error;
  }

  bool transpose_ = false, bias_ = true;
  int64_t batch_ = 1, length_ = 16, in_per_group_ = 3, out_per_group_ = 5, kernel_ = 3;
  int64_t stride_ = 1, padding_ = 0, dilation_ = 1, groups_ = 1, output_padding_ = 0;
  PaddingKind kind_ = PaddingKind::Explicit;
  PaddingMode mode_ = PaddingMode::Zeros;
  unsigned seed_ = 1;
  detail::KernelArch arch_ = detail::active_kernel_arch();
};

}  // namespace convlab::testing
