// Conv1d and ConvTranspose1d as packings onto the tapped correlation (see
// tapped_correlation.hpp for why). Everything here is index bookkeeping; the arithmetic
// lives in the micro-kernels. Scratch memory is reused across calls, so a repeated call of
// the same size allocates nothing (tiny playground calls are dominated by overhead).
#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

#include "convlab/convlab.hpp"
#include "convlab/padding.hpp"
#include "float_scan.hpp"
#include "tapped_correlation.hpp"

namespace convlab {
namespace {

using detail::CorrelationInput;
using detail::CorrelationOutput;
using detail::CorrelationTaps;
using detail::CorrelationWeights;

int64_t floor_div(int64_t a, int64_t b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }

struct TransposePhase {
  int64_t first_q = 0, positions = 0;  // q range that lands inside the cropped output
  int64_t first_output = 0;            // output index of first_q
  int64_t first_tap = 0, taps = 0;     // this phase's slice of the tap arrays
};

// The packed weights of the last call, and what they were packed from. A layer calls with the
// same weights again and again; comparing the bytes costs a fraction of re-packing (which
// gathers with strides, and for a transposed conv once per output phase).
struct PackedWeightCache {
  std::vector<int64_t> key;   // op and the geometry the packing depends on
  std::vector<float> source;  // bitwise copy of the weights
  bool matches(const std::vector<int64_t>& k, const float* weight, size_t count) const {
    return key == k && source.size() == count &&
           detail::same_bits(source.data(), weight, static_cast<int64_t>(count));
  }
  void remember(const std::vector<int64_t>& k, const float* weight, size_t count) {
    key = k;
    source.assign(weight, weight + count);
  }
};

struct Scratch {
  PackedWeightCache packed;
  std::vector<float> rows, weights;
  std::vector<int64_t> phases, tap_rows, tap_offsets, tap_kernel, weight_offsets;
  std::vector<TransposePhase> transpose_phases;
};

Scratch& scratch() {
  static thread_local Scratch s;
  return s;
}

// ---- Conv1d: tap k reads padded position o*s + k*d = (o + k*d/s)*s + (k*d mod s), i.e. phase
// row (k*d mod s) at offset k*d/s. Only phases some tap uses get a row.

int64_t plan_conv1d_taps(const Conv1dGeometry& g, Scratch& s) {
  const int64_t max_offset = detail::plan_phase_rows(g.kernel_size, g.stride, g.dilation, s.phases,
                                                     s.tap_rows, s.tap_offsets);
  return detail::padded_positions(g.out_length) + max_offset;  // row length
}

// Rows of one (sample, group): the padded input de-interleaved by phase, zero past its end.
// Cells every row takes from the real input are copied in one pass that reads the input in
// order (all phases at once); only the rows' ends go through the padding rule cell by cell.
template <int Stride>
void deinterleave(const float* src, float* const* rows, int64_t first, int64_t last) {
  for (int64_t j = first; j < last; ++j, src += Stride)
    for (int r = 0; r < Stride; ++r) rows[r][j] = src[r];
}

void pack_conv1d_rows(const Conv1dGeometry& g, const float* group_input, int64_t row_length,
                      Scratch& s) {
  const int64_t rows_per_channel = static_cast<int64_t>(s.phases.size());
  const int64_t stride = g.stride, padded = g.padded_length();
  s.rows.resize(static_cast<size_t>(g.in_per_group() * rows_per_channel * row_length));
  // Row cells j whose padded position j*stride + phase lies inside the real input, for all rows.
  int64_t first = 0, last = row_length;
  bool phases_in_order = rows_per_channel == stride;
  for (int64_t r = 0; r < rows_per_channel; ++r) {
    const int64_t phase = s.phases[r];
    phases_in_order = phases_in_order && phase == r;
    first = std::max(first, (g.pad_left - phase + stride - 1) / stride);
    last = std::min(last, (g.pad_left + g.in_length - phase + stride - 1) / stride);
  }
  last = std::max(first, last);
  // Strides 2 and 4 with every phase used in order: one in-order pass writes all rows (other
  // strides keep one pass per row: each instantiation costs wasm bytes the embed budget counts).
  const bool joint = (stride == 2 || stride == 4) && phases_in_order && first < last;
  float* rows[4];
  for (int64_t ci = 0; ci < g.in_per_group(); ++ci) {
    const float* x = group_input + ci * g.in_length;
    float* channel_rows = s.rows.data() + ci * rows_per_channel * row_length;
    for (int64_t r = 0; r < rows_per_channel; ++r) {
      float* row = channel_rows + r * row_length;
      const int64_t phase = s.phases[r];
      auto cell = [&](int64_t j) {
        const int64_t pos = j * stride + phase;
        const int64_t from =
            pos < padded ? padded_source_index(pos, g.in_length, g.pad_left, g.padding_mode) : -1;
        return from >= 0 ? x[from] : 0.0f;
      };
      for (int64_t j = 0; j < first; ++j) row[j] = cell(j);
      for (int64_t j = last; j < row_length; ++j) row[j] = cell(j);
      const float* src = x + first * stride + phase - g.pad_left;
      if (joint) {
        rows[r] = row;
      } else if (stride == 1) {
        std::copy(src, src + (last - first), row + first);
      } else {
        for (int64_t k = 0; k < last - first; ++k) row[first + k] = src[k * stride];
      }
    }
    if (!joint) continue;
    const float* src = x + first * stride - g.pad_left;  // phase 0 of cell `first`
    if (stride == 2)
      deinterleave<2>(src, rows, first, last);
    else
      deinterleave<4>(src, rows, first, last);
  }
}

// ---- ConvTranspose1d, gathered per output phase: uncropped output t = q*s + r receives
// x[q - m_k] * w[k] from every tap with k*d = m_k*s + r. Each phase is an ordinary
// correlation over one zero-extended input row, written to the output with step s.

struct TransposeRows {
  int64_t start = 0;  // input index held by row position 0 (negative: leading zeros)
  int64_t length = 0;
};

TransposeRows plan_transpose_phases(const ConvTranspose1dGeometry& g, Scratch& s) {
  const int64_t stride = g.stride, p = g.padding;
  s.transpose_phases.clear();
  // Exact reservations: with a stride in the hundreds, push_back's doubling would take almost
  // twice what dispatch.cpp's simd_scratch_bytes estimate allows for these tables.
  s.transpose_phases.reserve(static_cast<size_t>(std::min(stride, g.out_length + p)));
  s.tap_kernel.clear();
  std::vector<int64_t>& shifts = s.tap_offsets;  // m_k now; rebased to row offsets below
  shifts.clear();
  TransposeRows rows;
  int64_t row_end = 0;
  bool any = false;
  for (int64_t r = 0; r < stride && r < g.out_length + p; ++r) {
    TransposePhase phase;
    phase.first_q = std::max<int64_t>(0, floor_div(p - r + stride - 1, stride));
    const int64_t last_q = floor_div(p + g.out_length - 1 - r, stride);
    phase.positions = std::max<int64_t>(0, last_q - phase.first_q + 1);
    if (phase.positions == 0) continue;
    phase.first_output = phase.first_q * stride + r - p;
    phase.first_tap = static_cast<int64_t>(s.tap_kernel.size());
    // Taps of residue r: k*d ≡ r (mod s). Walk k directly instead of testing every tap.
    for (int64_t k = 0; k < g.kernel_size; ++k)
      if ((k * g.dilation) % stride == r) {
        s.tap_kernel.push_back(k);
        shifts.push_back(k * g.dilation / stride);
      }
    phase.taps = static_cast<int64_t>(s.tap_kernel.size()) - phase.first_tap;
    if (phase.taps > 0) {
      // Shifts grow with k: the last tap reads furthest left, the first furthest right.
      const int64_t low = phase.first_q - shifts.back();
      const int64_t high =
          phase.first_q + detail::padded_positions(phase.positions) - shifts[phase.first_tap];
      rows.start = any ? std::min(rows.start, low) : low;
      row_end = any ? std::max(row_end, high) : high;
      any = true;
    }
    s.transpose_phases.push_back(phase);
  }
  rows.length = any ? row_end - rows.start : 0;
  s.tap_rows.assign(shifts.size(), 0);
  for (const TransposePhase& phase : s.transpose_phases)
    for (int64_t t = phase.first_tap; t < phase.first_tap + phase.taps; ++t)
      shifts[t] = phase.first_q - shifts[t] - rows.start;
  return rows;
}

void pack_transpose_rows(const ConvTranspose1dGeometry& g, const float* group_input,
                         const TransposeRows& rows, Scratch& s) {
  s.rows.assign(static_cast<size_t>(g.in_per_group() * rows.length), 0.0f);
  const int64_t begin = std::max<int64_t>(0, rows.start);
  const int64_t end = std::min(g.in_length, rows.start + rows.length);
  // The rows may lie wholly outside the input (a padding that crops every input cell's reach
  // away): then they are all zeros and nothing is copied.
  if (end <= begin) return;
  for (int64_t ci = 0; ci < g.in_per_group(); ++ci)
    std::copy(group_input + ci * g.in_length + begin, group_input + ci * g.in_length + end,
              s.rows.data() + ci * rows.length + (begin - rows.start));
}

// ---- Degenerate geometries. A huge stride, dilation or padding on a small tensor can make the
// packed form far bigger or slower than the plain loops: millions of phases with one position
// each, rows of zeros millions long. Such calls take the reference loops instead, which
// allocate nothing and cost what PyTorch's loops cost. The packed form may use at most twice
// the tensors' size in scratch and 16x the reference's work (SIMD lanes and register blocking
// still win there), plus a fixed allowance for small calls. Estimates are upper bounds in
// double (no overflow); counts are in floats.
constexpr double kPackingAllowance = 1 << 20;
constexpr double kPackingWorkFactor = 16;

bool conv1d_packing_fits(const Conv1dGeometry& g) {
  const double n = static_cast<double>(g.batch), cin_g = static_cast<double>(g.in_per_group());
  const double K = static_cast<double>(g.kernel_size), s = static_cast<double>(g.stride);
  const double phases = std::min(K, s / static_cast<double>(std::gcd(g.stride, g.dilation)));
  const double row_length = static_cast<double>(detail::padded_positions(g.out_length)) +
                            static_cast<double>((g.kernel_size - 1) * g.dilation) / s;
  const double rows = cin_g * phases * row_length;  // one (sample, group)
  const double tensors = n * static_cast<double>(g.in_channels * g.in_length) +
                         n * static_cast<double>(g.out_channels * g.out_length) +
                         static_cast<double>(g.out_channels) * cin_g * K;
  const double work = n * static_cast<double>(g.out_channels * g.out_length) * cin_g * K;
  const double packing = n * static_cast<double>(g.groups) * rows + K * phases;
  return rows <= 2 * tensors + kPackingAllowance &&
         packing <= kPackingWorkFactor * (work + tensors) + kPackingAllowance;
}

bool transpose_packing_fits(const ConvTranspose1dGeometry& g) {
  const double n = static_cast<double>(g.batch), cin_g = static_cast<double>(g.in_per_group());
  const double cout_g = static_cast<double>(g.out_per_group());
  const double K = static_cast<double>(g.kernel_size), s = static_cast<double>(g.stride);
  const double out = static_cast<double>(g.out_length), groups = static_cast<double>(g.groups);
  const double scanned = std::min(s, out + static_cast<double>(g.padding));  // phase loop
  const double phases = std::min(s, out);                                    // phases kept
  const double positions = std::ceil(out / s) + static_cast<double>(detail::padded_positions(1));
  const double rows =
      cin_g * (positions + 1 + static_cast<double>((g.kernel_size - 1) * g.dilation) / s);
  const double tensors = n * static_cast<double>(g.in_channels * g.in_length) +
                         n * static_cast<double>(g.out_channels) * out +
                         static_cast<double>(g.in_channels) * cout_g * K;
  const double work = n * static_cast<double>(g.in_channels * g.in_length) * cout_g * K +
                      n * static_cast<double>(g.out_channels) * out;
  const double gather =
      n * groups * (rows + cout_g * cin_g * positions * K) + scanned + phases * K + groups * phases;
  const double scratch = rows + 10 * phases + 2 * groups * phases;  // rows, phase records, offsets
  return scratch <= 2 * tensors + kPackingAllowance &&
         gather <= kPackingWorkFactor * (work + tensors) + kPackingAllowance;
}

}  // namespace

void conv1d(const Conv1dGeometry& g, const float* input, const float* weight, const float* bias,
            float* output) {
  if (!conv1d_packing_fits(g)) {
    conv1d_reference(g, input, weight, bias, output);
    return;
  }
  Scratch& s = scratch();
  const int64_t row_length = plan_conv1d_taps(g, s);
  const int64_t cin_g = g.in_per_group(), cout_g = g.out_per_group(), K = g.kernel_size;
  const std::vector<int64_t> key{0, g.out_channels, cin_g, K, g.groups};
  const size_t weight_count = static_cast<size_t>(g.out_channels * cin_g * K);
  if (!s.packed.matches(key, weight, weight_count)) {
    s.weights.clear();
    for (int64_t grp = 0; grp < g.groups; ++grp)
      detail::pack_weights(s.weights, cout_g, cin_g, K, [&](int64_t co, int64_t ci, int64_t k) {
        return weight[((grp * cout_g + co) * cin_g + ci) * K + k];
      });
    s.packed.remember(key, weight, weight_count);
  }
  const CorrelationTaps taps{s.tap_rows.data(), s.tap_offsets.data(), K};
  for (int64_t n = 0; n < g.batch; ++n)
    for (int64_t grp = 0; grp < g.groups; ++grp) {
      pack_conv1d_rows(g, input + (n * g.in_channels + grp * cin_g) * g.in_length, row_length, s);
      const CorrelationInput in{s.rows.data(), cin_g, static_cast<int64_t>(s.phases.size()),
                                row_length};
      const CorrelationWeights w{s.weights.data() + grp * cout_g * cin_g * K, cout_g, cin_g, K};
      const CorrelationOutput out{output + (n * g.out_channels + grp * cout_g) * g.out_length,
                                  g.out_length, 1};
      detail::correlate(in, taps, w, bias ? bias + grp * cout_g : nullptr, g.out_length, out);
    }
}

void conv_transpose1d(const ConvTranspose1dGeometry& g, const float* input, const float* weight,
                      const float* bias, float* output) {
  // The phase kernels multiply zeros beyond the input's ends; PyTorch never does, which only
  // shows when a weight is inf or nan (0 * inf = nan). Such calls take the scatter reference.
  // Weights the cache holds were finite when packed: only new ones need the scan.
  const int64_t weight_count = g.in_channels * g.out_per_group() * g.kernel_size;
  if (!transpose_packing_fits(g)) {
    conv_transpose1d_reference(g, input, weight, bias, output);
    return;
  }
  Scratch& s = scratch();
  const int64_t cin_g = g.in_per_group(), cout_g = g.out_per_group(), K = g.kernel_size;
  // Sub-kernel weights per (group, phase); the weight layout is (C_in, C_out/groups, K).
  // The phases (and so the packing) depend on every field but the batch and the bias.
  const std::vector<int64_t> key{1,        g.in_channels, g.in_length, cout_g,    K,
                                 g.groups, g.stride,      g.dilation,  g.padding, g.out_length};
  const bool cached = s.packed.matches(key, weight, static_cast<size_t>(weight_count));
  if (!cached && !detail::all_finite(weight, weight_count)) {
    conv_transpose1d_reference(g, input, weight, bias, output);
    return;
  }
  const TransposeRows rows = plan_transpose_phases(g, s);
  if (!cached) {
    s.weights.clear();
    s.weight_offsets.clear();
    s.weight_offsets.reserve(static_cast<size_t>(g.groups) * s.transpose_phases.size());
    for (int64_t grp = 0; grp < g.groups; ++grp)
      for (const TransposePhase& phase : s.transpose_phases) {
        s.weight_offsets.push_back(static_cast<int64_t>(s.weights.size()));
        const int64_t* kernel_taps = s.tap_kernel.data() + phase.first_tap;
        detail::pack_weights(
            s.weights, cout_g, cin_g, phase.taps, [&](int64_t co, int64_t ci, int64_t t) {
              return weight[((grp * cin_g + ci) * cout_g + co) * K + kernel_taps[t]];
            });
      }
    s.packed.remember(key, weight, static_cast<size_t>(weight_count));
  }
  const size_t phase_count = s.transpose_phases.size();
  for (int64_t n = 0; n < g.batch; ++n)
    for (int64_t grp = 0; grp < g.groups; ++grp) {
      pack_transpose_rows(g, input + (n * g.in_channels + grp * cin_g) * g.in_length, rows, s);
      const CorrelationInput in{s.rows.data(), cin_g, 1, rows.length};
      float* y = output + (n * g.out_channels + grp * cout_g) * g.out_length;
      const float* group_bias = bias ? bias + grp * cout_g : nullptr;
      for (size_t ph = 0; ph < phase_count; ++ph) {
        const TransposePhase& phase = s.transpose_phases[ph];
        const CorrelationOutput out{y + phase.first_output, g.out_length, g.stride};
        if (phase.taps == 0) {  // no tap reaches this phase: its cells hold only bias
          for (int64_t co = 0; co < cout_g; ++co)
            for (int64_t q = 0; q < phase.positions; ++q)
              out.data[co * out.channel_stride + q * out.step] = group_bias ? group_bias[co] : 0.0f;
          continue;
        }
        const CorrelationTaps taps{s.tap_rows.data() + phase.first_tap,
                                   s.tap_offsets.data() + phase.first_tap, phase.taps};
        const CorrelationWeights w{s.weights.data() + s.weight_offsets[grp * phase_count + ph],
                                   cout_g, cin_g, phase.taps};
        detail::correlate(in, taps, w, group_bias, phase.positions, out);
      }
    }
}

}  // namespace convlab
