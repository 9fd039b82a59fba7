// The one SIMD engine behind both ops: a multi-channel 1-D correlation over packed input rows,
// where every kernel tap reads row `tap_row[t]` at offset `tap_offset[t]` with unit stride.
//
//   out[co][q] = bias[co] + sum_ci sum_t W[co][ci][t] * rows[ci][tap_row[t]][q + tap_offset[t]]
//
// Conv1d maps onto it by splitting the padded input into `stride` phases (so strided reads
// become contiguous); ConvTranspose1d by splitting the output into `stride` phases, each an
// ordinary correlation with a sub-kernel (so no zero is multiplied and nothing is scattered
// inside the hot loop).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace convlab::detail {

struct CorrelationTaps {
  std::vector<int64_t> row;     // which of a channel's rows (phases) the tap reads
  std::vector<int64_t> offset;  // where in that row output position 0 reads
  int64_t count() const { return static_cast<int64_t>(row.size()); }
};

// Packed rows of one group: channel ci, row r starts at rows + (ci * rows_per_channel + r) * row_length.
// Rows must be readable up to (padded_positions(positions) + max offset): callers zero-fill.
struct CorrelationInput {
  const float* rows = nullptr;
  int64_t channels = 0, rows_per_channel = 1, row_length = 0;
};

// Where results go: out[co][q] is written at output + co * channel_stride + q * step.
struct CorrelationOutput {
  float* data = nullptr;
  int64_t channel_stride = 0, step = 1;
};

// Output positions are computed in blocks; rows must be readable for this many positions.
int64_t padded_positions(int64_t positions);

// weight(co, ci, t) -> value; packed once per group into the layout the micro-kernel streams.
class PackedWeights {
 public:
  template <typename WeightAt>
  PackedWeights(int64_t out_channels, int64_t in_channels, int64_t taps, WeightAt weight_at);
  int64_t out_channels, in_channels, taps;
  std::vector<float> values;  // co-blocks of `block` (then of 1), each [ci][t][width]
  static constexpr int64_t block = 4;
};

void correlate(const CorrelationInput& in, const CorrelationTaps& taps, const PackedWeights& w,
               const float* bias, int64_t positions, const CorrelationOutput& out);

template <typename WeightAt>
PackedWeights::PackedWeights(int64_t out_channels_, int64_t in_channels_, int64_t taps_,
                             WeightAt weight_at)
    : out_channels(out_channels_), in_channels(in_channels_), taps(taps_) {
  values.resize(static_cast<size_t>(out_channels * in_channels * taps));
  std::size_t i = 0;
  // Full blocks of `block` channels, then the remaining channels one at a time.
  for (int64_t co0 = 0; co0 < out_channels;) {
    const int64_t width = out_channels - co0 >= block ? block : 1;
    for (int64_t ci = 0; ci < in_channels; ++ci)
      for (int64_t t = 0; t < taps; ++t)
        for (int64_t b = 0; b < width; ++b) values[i++] = weight_at(co0 + b, ci, t);
    co0 += width;
  }
}

}  // namespace convlab::detail
