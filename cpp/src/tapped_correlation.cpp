// Register-blocked micro-kernels over xsimd::batch<float>: a block of output channels times a
// block of output positions stays in registers while the input channels and taps stream by.
#include "tapped_correlation.hpp"

#include <algorithm>
#include <xsimd/xsimd.hpp>

namespace convlab::detail {
namespace {

#if defined(XSIMD_NO_SUPPORTED_ARCHITECTURE)
// The no-SIMD build (benchmarks compare against it): same kernels over one float per "vector".
struct ScalarVec {
  static constexpr std::size_t size = 1;
  float v = 0;
  ScalarVec() = default;
  explicit ScalarVec(float x) : v(x) {}
  static ScalarVec load_unaligned(const float* p) { return ScalarVec(*p); }
  void store_unaligned(float* p) const { *p = v; }
  void store_aligned(float* p) const { *p = v; }
};
inline ScalarVec fma(ScalarVec a, ScalarVec b, ScalarVec c) { return ScalarVec(a.v * b.v + c.v); }
using Vec = ScalarVec;
#else
using Vec = xsimd::batch<float>;
using xsimd::fma;
#endif
constexpr int64_t lanes = static_cast<int64_t>(Vec::size);

// Positions per register block: 4 vectors when one output channel is computed at a time
// (depthwise: few weights, many positions), else 2 vectors for each of 4 channels.
constexpr int64_t max_vectors = 4;

// CB output channels x QV vectors of positions, accumulated over every (input channel, tap).
// Computes positions [q_begin, q_end) of `positions`; q_begin is a multiple of the block.
template <int CB, int QV>
void block_kernel(const CorrelationInput& in, const CorrelationTaps& taps, const float* w_block,
                  const float* bias, int64_t co0, int64_t q_begin, int64_t q_end, int64_t positions,
                  const CorrelationOutput& out) {
  constexpr int64_t block_positions = QV * lanes;
  const int64_t tap_count = taps.count;
  for (int64_t q0 = q_begin; q0 < q_end; q0 += block_positions) {
    Vec acc[CB][QV];
    for (int b = 0; b < CB; ++b)
      for (int v = 0; v < QV; ++v) acc[b][v] = Vec(bias ? bias[co0 + b] : 0.0f);

    const float* w = w_block;
    for (int64_t ci = 0; ci < in.channels; ++ci) {
      const float* channel_rows = in.rows + ci * in.rows_per_channel * in.row_length;
      for (int64_t t = 0; t < tap_count; ++t, w += CB) {
        const float* x = channel_rows + taps.row[t] * in.row_length + taps.offset[t] + q0;
        Vec xv[QV];
        for (int v = 0; v < QV; ++v) xv[v] = Vec::load_unaligned(x + v * lanes);
        for (int b = 0; b < CB; ++b) {
          const Vec wb(w[b]);
          for (int v = 0; v < QV; ++v) acc[b][v] = fma(wb, xv[v], acc[b][v]);
        }
      }
    }

    // Full contiguous blocks store straight to the output; tails and strided outputs go
    // through a small buffer so no cell beyond `positions` is touched.
    const int64_t valid = positions - q0 < block_positions ? positions - q0 : block_positions;
    for (int b = 0; b < CB; ++b) {
      float* y = out.data + (co0 + b) * out.channel_stride + q0 * out.step;
      if (out.step == 1 && valid == block_positions) {
        for (int v = 0; v < QV; ++v) acc[b][v].store_unaligned(y + v * lanes);
        continue;
      }
      alignas(64) float buffer[block_positions];
      for (int v = 0; v < QV; ++v) acc[b][v].store_aligned(buffer + v * lanes);
      for (int64_t i = 0; i < valid; ++i) y[i * out.step] = buffer[i];
    }
  }
}

}  // namespace

int64_t padded_positions(int64_t positions) {
  constexpr int64_t block = max_vectors * lanes;
  return (positions + block - 1) / block * block;
}

void correlate(const CorrelationInput& in, const CorrelationTaps& taps, const CorrelationWeights& w,
               const float* bias, int64_t positions, const CorrelationOutput& out) {
  const int64_t per_channel = w.in_channels * w.taps;
  // Positions go in chunks whose slice of every input row fits in L2 together, so each
  // output-channel block re-reads the chunk from cache instead of from memory.
  constexpr int64_t block = max_vectors * lanes;
  constexpr int64_t cache_bytes = 128 * 1024;
  const int64_t bytes_per_position =
      std::max<int64_t>(1, in.channels * in.rows_per_channel * static_cast<int64_t>(sizeof(float)));
  const int64_t chunk = std::max<int64_t>(block, cache_bytes / bytes_per_position / block * block);
  for (int64_t q_begin = 0; q_begin < positions; q_begin += chunk) {
    const int64_t q_end = std::min(positions, q_begin + chunk);
    int64_t co0 = 0;
    const float* w_block = w.values;
    for (; co0 + weight_block <= w.out_channels;
         co0 += weight_block, w_block += per_channel * weight_block)
      block_kernel<4, 2>(in, taps, w_block, bias, co0, q_begin, q_end, positions, out);
    // Leftover channels (all of them when depthwise): one at a time over wider position blocks.
    for (; co0 < w.out_channels; ++co0, w_block += per_channel)
      block_kernel<1, 4>(in, taps, w_block, bias, co0, q_begin, q_end, positions, out);
  }
}

}  // namespace convlab::detail
