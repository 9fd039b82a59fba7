// The register-blocked micro-kernels of the tapped correlation, written once over a vector type
// `Vec` and instantiated per target (simd/correlate_sse41.cpp, simd/correlate_scalar.cpp), so
// the native tests run the very SSE4.1 path the WASM build ships, and the scalar one, from one
// binary. `Vec` needs: Vec(float) (broadcast), Vec::size, load_unaligned, store_unaligned,
// store_aligned and a free fma(a, b, c) = a*b + c.
//
// The reduction over (input channel, tap) is one flat loop over a table of row pointers (an
// implicit GEMM without the im2col copy): short kernels (K <= 3) pay no per-channel loop setup.
#pragma once

#include <algorithm>
#include <cstdint>
#include <type_traits>

#include "tapped_correlation.hpp"

namespace convlab::detail::simd {

// Writes a block's accumulators: full contiguous blocks straight to the output; tails and
// strided outputs through a small buffer, so no cell beyond `positions` is touched.
template <class Vec, int CB, int QV>
void store_block(const Vec (&acc)[CB][QV], int64_t co0, int64_t q0, int64_t positions,
                 const CorrelationOutput& out) {
  constexpr int64_t lanes = static_cast<int64_t>(Vec::size);
  constexpr int64_t block_positions = QV * lanes;
  const int64_t valid = positions - q0 < block_positions ? positions - q0 : block_positions;
  for (int b = 0; b < CB; ++b) {
    float* y = out.data + (co0 + b) * out.channel_stride + q0 * out.step;
    if (out.step == 1 && valid == block_positions) {
      for (int v = 0; v < QV; ++v) acc[b][v].store_unaligned(y + v * lanes);
      continue;
    }
    alignas(64) float buffer[block_positions];
    for (int v = 0; v < QV; ++v) acc[b][v].store_aligned(buffer + v * lanes);
    // A pointer walk: indexing with i * step makes clang vectorize the index math into
    // i64x2.mul, which V8 emulates on x64.
    const int64_t step = out.step;
#pragma clang loop vectorize(disable) unroll(disable)
    for (int64_t i = 0; i < valid; ++i, y += step) *y = buffer[i];
  }
}

// CB output channels x QV vectors of positions, accumulated over every reduction step.
// Computes positions [q_begin, q_end) of `positions`; q_begin is a multiple of position_block.
template <class Vec, int CB, int QV>
void block_kernel(const ReductionSteps& steps, const float* w_block, const float* bias, int64_t co0,
                  int64_t q_begin, int64_t q_end, int64_t positions, const CorrelationOutput& out) {
  constexpr int64_t lanes = static_cast<int64_t>(Vec::size);
  constexpr int64_t block_positions = QV * lanes;
  static_assert(position_block % block_positions == 0, "blocks must tile the padded positions");
  const float* const* rows = steps.rows;
  const int64_t count = steps.count;
  for (int64_t q0 = q_begin; q0 < q_end; q0 += block_positions) {
    Vec acc[CB][QV];
    for (int b = 0; b < CB; ++b)
      for (int v = 0; v < QV; ++v) acc[b][v] = Vec(bias ? bias[co0 + b] : 0.0f);

    const float* w = w_block;
    for (int64_t r = 0; r < count; ++r, w += CB) {
      const float* x = rows[r] + q0;
      if constexpr (CB == 1) {
        // One channel: each input vector is used once, so load it where it is used and keep
        // only the accumulators live (8 of them hide the add latency).
        const Vec wb(w[0]);
        for (int v = 0; v < QV; ++v)
          acc[0][v] = fma(wb, Vec::load_unaligned(x + v * lanes), acc[0][v]);
      } else {
        Vec xv[QV];
        for (int v = 0; v < QV; ++v) xv[v] = Vec::load_unaligned(x + v * lanes);
        for (int b = 0; b < CB; ++b) {
          const Vec wb(w[b]);
          for (int v = 0; v < QV; ++v) acc[b][v] = fma(wb, xv[v], acc[b][v]);
        }
      }
    }

    store_block<Vec, CB, QV>(acc, co0, q0, positions, out);
  }
}

// One output channel whose steps are consecutive cells of one row (ReductionSteps::consecutive):
// taps t and t + lanes read the same vectors one vector apart, so the taps go by t mod lanes,
// and each one loads a single new vector and reuses the other QV - 1 (a window sliding along
// the row in registers) instead of loading QV. With Sets = 2, alternate taps go to a second
// accumulator set, added in at the end. Measured in WASM (node 20, W4's depthwise K = 31):
// SIMD128 QV = 8, one set is 10% faster than block_kernel<1, 8>, and QV = 4 with two sets is
// as fast (QV = 8 with two, 20% slower: V8 spills); relaxed SIMD QV = 8, one set needs 17
// registers and V8 spills two each tap, QV = 4 with two sets needs 13: 2.47 -> 2.05 ms.
template <class Vec, int QV, int Sets>
void sliding_kernel(const ReductionSteps& steps, const float* w, const float* bias, int64_t co,
                    int64_t q_begin, int64_t q_end, int64_t positions,
                    const CorrelationOutput& out) {
  static_assert(Sets == 1 || Sets == 2, "one or two accumulator sets");
  constexpr int64_t lanes = static_cast<int64_t>(Vec::size);
  constexpr int64_t block_positions = QV * lanes;
  static_assert(position_block % block_positions == 0, "blocks must tile the padded positions");
  const float* row = steps.rows[0];
  const int64_t taps = steps.count;
  for (int64_t q0 = q_begin; q0 < q_end; q0 += block_positions) {
    Vec acc[1][QV], odd[QV];
    for (int v = 0; v < QV; ++v) {
      acc[0][v] = Vec(bias ? bias[co] : 0.0f);
      odd[v] = Vec(0.0f);
    }
    Vec(&second)[QV] = Sets == 2 ? odd : acc[0];
    for (int64_t phase = 0; phase < lanes && phase < taps; ++phase) {
      // Tap phase + lanes * j reads vectors j .. j + QV - 1 of x.
      const float* x = row + q0 + phase;
      Vec window[QV];
      for (int v = 0; v < QV; ++v) window[v] = Vec::load_unaligned(x + v * lanes);
      auto slide = [&](int64_t next) {
        for (int v = 0; v + 1 < QV; ++v) window[v] = window[v + 1];
        window[QV - 1] = Vec::load_unaligned(x + (next + QV - 1) * lanes);
      };
      auto tap = [&](Vec(&into)[QV], int64_t t) {
        const Vec wt(w[t]);
        for (int v = 0; v < QV; ++v) into[v] = fma(wt, window[v], into[v]);
      };
      // Two taps per iteration: with one, clang keeps the window in a stack array and shifts
      // it through memory (7x slower in V8); with two it stays in registers.
      int64_t j = 0;
      for (int64_t t = phase;;) {
        tap(acc[0], t);
        if ((t += lanes) >= taps) break;
        slide(++j);
        tap(second, t);
        if ((t += lanes) >= taps) break;
        slide(++j);
      }
    }
    if constexpr (Sets == 2)
      for (int v = 0; v < QV; ++v) acc[0][v] = fma(Vec(1.0f), odd[v], acc[0][v]);
    store_block<Vec, 1, QV>(acc, co, q0, positions, out);
  }
}

// Whether Vec's fma is one fused instruction (Vec::fused: relaxed SIMD).
template <class Vec, class = void>
struct fused_fma : std::false_type {};
template <class Vec>
struct fused_fma<Vec, std::void_t<decltype(Vec::fused)>> : std::bool_constant<Vec::fused> {};

// Vectors of positions per block for each channel-block width: the accumulators plus the
// loaded inputs and one broadcast weight must fit the 15 XMM registers V8 allocates (16 minus
// a scratch). Measured in WASM (node 20): 4x2 beats 6x2 (-8%), 4x3 (-5%), 8x1 (-20%) and
// 3x3, and unrolling the reduction loop by 2 or 4 loses 10-20%: the loop is bound by the
// instruction count per multiply-add (no FMA without relaxed SIMD), not by latency. With
// relaxed SIMD 4x2 stays best too: 4x3 loses 13%, 6x2 20% (V8 schedules every load of a step
// before its fused multiply-adds, so 12 accumulators plus the loads spill), unrolling 6-12%.
template <int CB>
constexpr int vectors_for_width() {
  return CB == main_block ? 2 : CB == 2 ? 4 : 8;
}

template <class Vec, int CB>
void channel_blocks(const ReductionSteps& steps, const float*& w_block, const float* bias,
                    int64_t& co0, int64_t out_channels, int64_t q_begin, int64_t q_end,
                    int64_t positions, const CorrelationOutput& out) {
  for (; out_channels - co0 >= CB; co0 += CB, w_block += steps.count * CB)
    block_kernel<Vec, CB, vectors_for_width<CB>()>(steps, w_block, bias, co0, q_begin, q_end,
                                                   positions, out);
}

template <class Vec>
void correlate_steps(const ReductionSteps& steps, const CorrelationWeights& w, const float* bias,
                     int64_t positions, const CorrelationOutput& out) {
  // Positions go in chunks whose slice of every input row fits in L2 together, so each
  // output-channel block re-reads the chunk from cache instead of from memory.
  constexpr int64_t cache_bytes = 128 * 1024;
  const int64_t bytes_per_position =
      std::max<int64_t>(1, steps.distinct_rows * static_cast<int64_t>(sizeof(float)));
  const int64_t chunk = std::max<int64_t>(
      position_block, cache_bytes / bytes_per_position / position_block * position_block);
  for (int64_t q_begin = 0; q_begin < positions; q_begin += chunk) {
    const int64_t q_end = std::min(positions, q_begin + chunk);
    int64_t co0 = 0;
    const float* w_block = w.values;
    channel_blocks<Vec, main_block>(steps, w_block, bias, co0, w.out_channels, q_begin, q_end,
                                    positions, out);
    channel_blocks<Vec, 2>(steps, w_block, bias, co0, w.out_channels, q_begin, q_end, positions,
                           out);
    if (!steps.consecutive) {
      channel_blocks<Vec, 1>(steps, w_block, bias, co0, w.out_channels, q_begin, q_end, positions,
                             out);
      continue;
    }
    // Relaxed SIMD's fused fma frees no register for the 8-vector window (see sliding_kernel).
    constexpr int sliding_vectors = fused_fma<Vec>::value ? 4 : 8;
    for (; co0 < w.out_channels; ++co0, w_block += steps.count)
      sliding_kernel<Vec, sliding_vectors, 8 / sliding_vectors>(steps, w_block, bias, co0, q_begin,
                                                                q_end, positions, out);
  }
}

}  // namespace convlab::detail::simd
