// Conv1d and ConvTranspose1d as packings onto the tapped correlation (see
// tapped_correlation.hpp for why). Everything here is index bookkeeping; the arithmetic
// lives in the micro-kernels.
#include <algorithm>
#include <vector>

#include "convlab/convlab.hpp"
#include "convlab/padding.hpp"
#include "tapped_correlation.hpp"

namespace convlab {
namespace {

using detail::CorrelationInput;
using detail::CorrelationOutput;
using detail::CorrelationTaps;
using detail::PackedWeights;

int64_t floor_div(int64_t a, int64_t b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }

// Conv1d: tap k reads padded position o*s + k*d = (o + k*d/s)*s + (k*d mod s), i.e. phase
// row (k*d mod s) at offset k*d/s. Only phases some tap uses get a row.
struct Conv1dPlan {
  CorrelationTaps taps;
  std::vector<int64_t> phases;  // padded-position residue held by each row
  int64_t row_length = 0;

  explicit Conv1dPlan(const Conv1dGeometry& g) {
    int64_t max_offset = 0;
    for (int64_t k = 0; k < g.kernel_size; ++k) {
      const int64_t pos = k * g.dilation, phase = pos % g.stride;
      auto it = std::find(phases.begin(), phases.end(), phase);
      if (it == phases.end()) it = phases.insert(phases.end(), phase);
      taps.row.push_back(it - phases.begin());
      taps.offset.push_back(pos / g.stride);
      max_offset = std::max(max_offset, pos / g.stride);
    }
    row_length = detail::padded_positions(g.out_length) + max_offset;
  }

  // Rows of one (sample, group): padded input de-interleaved by phase, zero beyond its end.
  void pack(const Conv1dGeometry& g, const float* group_input, std::vector<float>& rows) const {
    const int64_t rows_per_channel = static_cast<int64_t>(phases.size());
    rows.assign(static_cast<size_t>(g.in_per_group() * rows_per_channel * row_length), 0.0f);
    for (int64_t ci = 0; ci < g.in_per_group(); ++ci) {
      const float* x = group_input + ci * g.in_length;
      for (int64_t r = 0; r < rows_per_channel; ++r) {
        float* row = rows.data() + (ci * rows_per_channel + r) * row_length;
        for (int64_t j = 0; j < row_length; ++j) {
          const int64_t pos = j * g.stride + phases[r];
          if (pos >= g.padded_length()) break;
          const int64_t src = padded_source_index(pos, g.in_length, g.pad_left, g.padding_mode);
          if (src >= 0) row[j] = x[src];
        }
      }
    }
  }
};

// ConvTranspose1d, gathered per output phase: uncropped output t = q*s + r receives
// x[q - m_k] * w[k] from every tap with k*d = m_k*s + r. Each phase is an ordinary
// correlation over one zero-extended input row, written to the output with step s.
struct TransposePhase {
  int64_t first_q = 0, positions = 0;  // q range that lands inside the cropped output
  int64_t first_output = 0;            // output index of first_q
  std::vector<int64_t> kernel_taps;    // k of each tap
  std::vector<int64_t> shifts;         // m_k of each tap
};

struct TransposePlan {
  std::vector<TransposePhase> phases;
  int64_t row_start = 0;  // input index held by row position 0 (may be negative: zeros)
  int64_t row_length = 0;

  explicit TransposePlan(const ConvTranspose1dGeometry& g) {
    const int64_t s = g.stride, p = g.padding;
    int64_t row_end = 0;
    bool any = false;
    for (int64_t r = 0; r < s && r < g.out_length + p; ++r) {
      TransposePhase phase;
      phase.first_q = std::max<int64_t>(0, floor_div(p - r + s - 1, s));
      const int64_t last_q = floor_div(p + g.out_length - 1 - r, s);
      phase.positions = std::max<int64_t>(0, last_q - phase.first_q + 1);
      phase.first_output = phase.first_q * s + r - p;
      for (int64_t k = 0; k < g.kernel_size; ++k)
        if ((k * g.dilation) % s == r) {
          phase.kernel_taps.push_back(k);
          phase.shifts.push_back(k * g.dilation / s);
        }
      if (phase.positions == 0) continue;
      if (!phase.kernel_taps.empty()) {
        const int64_t low = phase.first_q - phase.shifts.back();  // shifts grow with k
        const int64_t high = phase.first_q + detail::padded_positions(phase.positions) -
                             phase.shifts.front();
        row_start = any ? std::min(row_start, low) : low;
        row_end = any ? std::max(row_end, high) : high;
        any = true;
      }
      phases.push_back(std::move(phase));
    }
    row_length = any ? row_end - row_start : 0;
  }

  CorrelationTaps taps_of(const TransposePhase& phase) const {
    CorrelationTaps taps;
    for (int64_t m : phase.shifts) {
      taps.row.push_back(0);
      taps.offset.push_back(phase.first_q - m - row_start);
    }
    return taps;
  }

  void pack(const ConvTranspose1dGeometry& g, const float* group_input,
            std::vector<float>& rows) const {
    rows.assign(static_cast<size_t>(g.in_per_group() * row_length), 0.0f);
    const int64_t begin = std::max<int64_t>(0, row_start);
    const int64_t end = std::min(g.in_length, row_start + row_length);
    for (int64_t ci = 0; ci < g.in_per_group(); ++ci)
      for (int64_t i = begin; i < end; ++i)
        rows[ci * row_length + i - row_start] = group_input[ci * g.in_length + i];
  }
};

}  // namespace

void conv1d(const Conv1dGeometry& g, const float* input, const float* weight, const float* bias,
            float* output) {
  const Conv1dPlan plan(g);
  const int64_t cin_g = g.in_per_group(), cout_g = g.out_per_group(), K = g.kernel_size;
  std::vector<PackedWeights> group_weights;
  for (int64_t grp = 0; grp < g.groups; ++grp)
    group_weights.emplace_back(cout_g, cin_g, K, [&](int64_t co, int64_t ci, int64_t k) {
      return weight[((grp * cout_g + co) * cin_g + ci) * K + k];
    });
  std::vector<float> rows;
  for (int64_t n = 0; n < g.batch; ++n)
    for (int64_t grp = 0; grp < g.groups; ++grp) {
      plan.pack(g, input + (n * g.in_channels + grp * cin_g) * g.in_length, rows);
      const CorrelationInput in{rows.data(), cin_g, static_cast<int64_t>(plan.phases.size()),
                                plan.row_length};
      const CorrelationOutput out{output + (n * g.out_channels + grp * cout_g) * g.out_length,
                                  g.out_length, 1};
      detail::correlate(in, plan.taps, group_weights[grp], bias ? bias + grp * cout_g : nullptr,
                        g.out_length, out);
    }
}

void conv_transpose1d(const ConvTranspose1dGeometry& g, const float* input, const float* weight,
                      const float* bias, float* output) {
  const TransposePlan plan(g);
  const int64_t cin_g = g.in_per_group(), cout_g = g.out_per_group(), K = g.kernel_size;
  // Sub-kernel weights per (group, phase); weight layout is (C_in, C_out/groups, K).
  std::vector<PackedWeights> sub_kernels;
  std::vector<CorrelationTaps> phase_taps;
  for (const TransposePhase& phase : plan.phases) phase_taps.push_back(plan.taps_of(phase));
  for (int64_t grp = 0; grp < g.groups; ++grp)
    for (const TransposePhase& phase : plan.phases)
      sub_kernels.emplace_back(cout_g, cin_g, static_cast<int64_t>(phase.kernel_taps.size()),
                               [&](int64_t co, int64_t ci, int64_t t) {
                                 return weight[((grp * cin_g + ci) * cout_g + co) * K +
                                               phase.kernel_taps[t]];
                               });
  std::vector<float> rows;
  for (int64_t n = 0; n < g.batch; ++n)
    for (int64_t grp = 0; grp < g.groups; ++grp) {
      plan.pack(g, input + (n * g.in_channels + grp * cin_g) * g.in_length, rows);
      const CorrelationInput in{rows.data(), cin_g, 1, plan.row_length};
      float* y = output + (n * g.out_channels + grp * cout_g) * g.out_length;
      const float* group_bias = bias ? bias + grp * cout_g : nullptr;
      for (size_t ph = 0; ph < plan.phases.size(); ++ph) {
        const TransposePhase& phase = plan.phases[ph];
        const CorrelationOutput out{y + phase.first_output, g.out_length, g.stride};
        if (phase.kernel_taps.empty()) {  // no tap reaches this phase: the cells hold only bias
          for (int64_t co = 0; co < cout_g; ++co)
            for (int64_t q = 0; q < phase.positions; ++q)
              out.data[co * out.channel_stride + q * out.step] = group_bias ? group_bias[co] : 0.0f;
          continue;
        }
        detail::correlate(in, phase_taps[ph], sub_kernels[grp * plan.phases.size() + ph],
                          group_bias, phase.positions, out);
      }
    }
}

}  // namespace convlab
