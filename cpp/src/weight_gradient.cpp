// Conv1d's weight gradient: for every (out channel, in channel, tap) a dot product of a
// grad_output row with the padded input read at stride s from k*d. The input is packed once per
// (sample, group) into phase rows (as the forward kernel does) so every dot product reads two
// contiguous rows; four grad_output rows share each input load.
#include "weight_gradient.hpp"

#include <algorithm>
#include <cmath>
#include <vector>
#include <xsimd/xsimd.hpp>

#include "analysis_scratch.hpp"
#include "convlab/padding.hpp"
#include "tapped_correlation.hpp"

namespace convlab::detail {
namespace {

// out[b][j] += dot(a[b], x[j]) over n elements, for CB grad_output rows and XB input rows: each
// loaded vector feeds several accumulators (CB x XB of them stay in registers).
template <int CB, int XB>
void dot_block(const float* const* a, const float* const* x, int64_t n, float* out) {
  int64_t t = 0;
#if !defined(XSIMD_NO_SUPPORTED_ARCHITECTURE)
  using Vec = xsimd::batch<float>;
  constexpr int64_t lanes = static_cast<int64_t>(Vec::size);
  if (n >= lanes) {
    Vec acc[CB][XB];
    for (int b = 0; b < CB; ++b)
      for (int j = 0; j < XB; ++j) acc[b][j] = Vec(0.0f);
    for (; t + lanes <= n; t += lanes) {
      Vec xv[XB];
      for (int j = 0; j < XB; ++j) xv[j] = Vec::load_unaligned(x[j] + t);
      for (int b = 0; b < CB; ++b) {
        const Vec av = Vec::load_unaligned(a[b] + t);
        for (int j = 0; j < XB; ++j) acc[b][j] = xsimd::fma(av, xv[j], acc[b][j]);
      }
    }
    for (int b = 0; b < CB; ++b)
      for (int j = 0; j < XB; ++j) out[b * XB + j] += xsimd::hadd(acc[b][j]);
  }
#endif
  for (; t < n; ++t)
    for (int b = 0; b < CB; ++b)
      for (int j = 0; j < XB; ++j) out[b * XB + j] += a[b][t] * x[j][t];
}

// Positions per cache block: four grad_output rows of this many floats stay in L1 while every
// (input channel, tap) of the block streams past them.
constexpr int64_t kChunk = 512;

struct Rows {
  std::vector<int64_t> phases;  // distinct (k*d) mod s, in order of first use
  std::vector<int64_t> tap_row, tap_offset;
  int64_t length = 0;  // cells per phase row
  std::vector<float> data;
};

Rows& scratch() {
  static thread_local Rows rows;
  return rows;
}

// Padded position t*s + k*d is cell t + tap_offset[k] of phase row tap_row[k].
void plan_rows(const Conv1dGeometry& g, Rows& r) {
  r.length = g.out_length + plan_phase_rows(g.kernel_size, g.stride, g.dilation, r.phases,
                                            r.tap_row, r.tap_offset);
}

void pack_rows(const Conv1dGeometry& g, const float* group_input, Rows& r) {
  const int64_t per_channel = static_cast<int64_t>(r.phases.size());
  const int64_t padded = g.padded_length();
  for (int64_t ci = 0; ci < g.in_per_group(); ++ci) {
    const float* x = group_input + ci * g.in_length;
    for (int64_t p = 0; p < per_channel; ++p) {
      float* row = r.data.data() + (ci * per_channel + p) * r.length;
      for (int64_t j = 0; j < r.length; ++j) {
        const int64_t pos = j * g.stride + r.phases[p];
        const int64_t src =
            pos < padded ? padded_source_index(pos, g.in_length, g.pad_left, g.padding_mode) : -1;
        row[j] = src >= 0 ? x[src] : 0.0f;
      }
    }
  }
}

// Packed rows may cost at most twice the tensors (plus a fixed allowance); a huge stride or
// padding on a small tensor takes the plain loops instead, which allocate nothing.
bool packing_fits(const Conv1dGeometry& g) {
  const double cin_g = static_cast<double>(g.in_per_group());
  const double phases = static_cast<double>(std::min(g.kernel_size, g.stride));
  const double length =
      static_cast<double>(g.out_length) +
      static_cast<double>((g.kernel_size - 1) * g.dilation) / static_cast<double>(g.stride);
  const double tensors =
      static_cast<double>(g.batch) *
          static_cast<double>(g.in_channels * g.in_length + g.out_channels * g.out_length) +
      static_cast<double>(g.out_channels) * cin_g * static_cast<double>(g.kernel_size);
  return cin_g * phases * length <= 2 * tensors + (1 << 20);
}

}  // namespace

void conv1d_weight_gradient_reference(const Conv1dGeometry& g, const float* input,
                                      const float* grad_output, float* grad_weight,
                                      bool skip_zero_padding) {
  const int64_t cin_g = g.in_per_group(), cout_g = g.out_per_group(), K = g.kernel_size;
  std::fill(grad_weight, grad_weight + g.out_channels * cin_g * K, 0.0f);
  for (int64_t n = 0; n < g.batch; ++n)
    for (int64_t co = 0; co < g.out_channels; ++co) {
      const float* gy = grad_output + (n * g.out_channels + co) * g.out_length;
      const int64_t first_ci = (co / cout_g) * cin_g;
      for (int64_t ci = 0; ci < cin_g; ++ci) {
        const float* x = input + (n * g.in_channels + first_ci + ci) * g.in_length;
        float* gw = grad_weight + (co * cin_g + ci) * K;
        for (int64_t k = 0; k < K; ++k)
          for (int64_t t = 0; t < g.out_length; ++t) {
            const int64_t src = padded_source_index(t * g.stride + k * g.dilation, g.in_length,
                                                    g.pad_left, g.padding_mode);
            if (src >= 0)
              gw[k] += gy[t] * x[src];
            else if (!skip_zero_padding)
              gw[k] += gy[t] * 0.0f;  // see the header: inf * 0 = nan, as in PyTorch
          }
      }
    }
}

void conv1d_weight_gradient(const Conv1dGeometry& g, const float* input, const float* grad_output,
                            float* grad_weight, bool skip_zero_padding) {
  // The packed rows hold zero padding, which the dot products multiply; skipping it only
  // changes anything when grad_output holds an inf or a nan: such calls take the plain loops.
  const bool zero_padded =
      skip_zero_padding && g.padding_mode == PaddingMode::Zeros && g.pad_left + g.pad_right > 0;
  const int64_t gy_count = g.batch * g.out_channels * g.out_length;
  if (!packing_fits(g) || (zero_padded && !std::all_of(grad_output, grad_output + gy_count,
                                                       [](float v) { return std::isfinite(v); }))) {
    conv1d_weight_gradient_reference(g, input, grad_output, grad_weight, skip_zero_padding);
    return;
  }
  const int64_t cin_g = g.in_per_group(), cout_g = g.out_per_group(), K = g.kernel_size;
  std::fill(grad_weight, grad_weight + g.out_channels * cin_g * K, 0.0f);
  Rows& r = scratch();
  plan_rows(g, r);
  const int64_t per_channel = static_cast<int64_t>(r.phases.size());
  if (!fit_scratch(r.data, static_cast<size_t>(cin_g * per_channel * r.length))) {
    conv1d_weight_gradient_reference(g, input, grad_output, grad_weight, skip_zero_padding);
    return;
  }
  for (int64_t n = 0; n < g.batch; ++n)
    for (int64_t grp = 0; grp < g.groups; ++grp) {
      pack_rows(g, input + (n * g.in_channels + grp * cin_g) * g.in_length, r);
      for (int64_t t0 = 0; t0 < g.out_length; t0 += kChunk) {
        const int64_t len = std::min(kChunk, g.out_length - t0);
        for (int64_t co0 = 0; co0 < cout_g;) {
          const int64_t width = cout_g - co0 >= 4 ? 4 : 1;
          const float* gy[4];
          for (int64_t b = 0; b < width; ++b)
            gy[b] = grad_output + (n * g.out_channels + grp * cout_g + co0 + b) * g.out_length + t0;
          for (int64_t ci = 0; ci < cin_g; ++ci) {
            const float* rows = r.data.data() + ci * per_channel * r.length + t0;
            for (int64_t k = 0; k < K;) {
              const int64_t taps = K - k >= 2 ? 2 : 1;
              const float* x[2];
              for (int64_t j = 0; j < taps; ++j)
                x[j] = rows + r.tap_row[k + j] * r.length + r.tap_offset[k + j];
              float sums[8] = {0, 0, 0, 0, 0, 0, 0, 0};
              if (width == 4 && taps == 2)
                dot_block<4, 2>(gy, x, len, sums);
              else if (width == 4)
                dot_block<4, 1>(gy, x, len, sums);
              else if (taps == 2)
                dot_block<1, 2>(gy, x, len, sums);
              else
                dot_block<1, 1>(gy, x, len, sums);
              for (int64_t b = 0; b < width; ++b)
                for (int64_t j = 0; j < taps; ++j)
                  grad_weight[((grp * cout_g + co0 + b) * cin_g + ci) * K + k + j] +=
                      sums[b * taps + j];
              k += taps;
            }
          }
          co0 += width;
        }
      }
    }
  trim_scratch(r.data);
}

}  // namespace convlab::detail
