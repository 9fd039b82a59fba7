// The one SIMD engine behind both ops: a multi-channel 1-D correlation over packed input rows,
// where every kernel tap reads row `row[t]` at offset `offset[t]` with unit stride.
//
//   out[co][q] = bias[co] + sum_ci sum_t W[co][ci][t] * rows[ci][row[t]][q + offset[t]]
//
// Conv1d maps onto it by splitting the padded input into `stride` phases (so strided reads
// become contiguous); ConvTranspose1d by splitting the output into `stride` phases, each an
// ordinary correlation with a sub-kernel (so no zero is multiplied and nothing is scattered
// inside the hot loop). All types here are views: the callers own (and reuse) the memory.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace convlab::detail {

struct CorrelationTaps {
  const int64_t* row = nullptr;     // which of a channel's rows (phases) the tap reads
  const int64_t* offset = nullptr;  // where in that row output position 0 reads
  int64_t count = 0;
};

// Packed rows of one group: channel ci, row r starts at rows + (ci * rows_per_channel + r) *
// row_length. Rows must be readable up to padded_positions(positions) + max offset: callers
// zero-fill.
struct CorrelationInput {
  const float* rows = nullptr;
  int64_t channels = 0, rows_per_channel = 1, row_length = 0;
};

// Where results go: out[co][q] is written at data + co * channel_stride + q * step.
struct CorrelationOutput {
  float* data = nullptr;
  int64_t channel_stride = 0, step = 1;
};

// Weights in the order the micro-kernels stream them: blocks of output channels (widths as
// block_width gives them), each block laid out [ci][t][channel in block].
struct CorrelationWeights {
  const float* values = nullptr;
  int64_t out_channels = 0, in_channels = 0, taps = 0;
};

// The widest channel block, and the greedy split of the remaining channels into blocks
// (main_block, then 2, then 1) that the packing and the kernels share.
constexpr int64_t main_block = 4;
constexpr int64_t block_width(int64_t remaining) {
  return remaining >= main_block ? main_block : remaining >= 2 ? 2 : 1;
}

// Output positions are computed in blocks of at most this many; rows must be readable up to
// padded_positions(positions) + max offset.
constexpr int64_t position_block = 32;
int64_t padded_positions(int64_t positions);

// Strided reads as phase rows: tap k at output position o reads padded position o*s + k*d, that is
// cell o + offsets[k] of phase row rows[k], the row of phase (k*d) mod s. Fills `phases` (the
// phases some tap uses, in order of first use), `rows` and `offsets`; returns the largest offset.
int64_t plan_phase_rows(int64_t kernel_size, int64_t stride, int64_t dilation,
                        std::vector<int64_t>& phases, std::vector<int64_t>& rows,
                        std::vector<int64_t>& offsets);

// Appends the packed weights to `out`; weight_at(co, ci, t) gives each value.
template <typename WeightAt>
void pack_weights(std::vector<float>& out, int64_t out_channels, int64_t in_channels, int64_t taps,
                  WeightAt weight_at) {
  for (int64_t co0 = 0; co0 < out_channels;) {
    const int64_t width = block_width(out_channels - co0);
    for (int64_t ci = 0; ci < in_channels; ++ci)
      for (int64_t t = 0; t < taps; ++t)
        for (int64_t b = 0; b < width; ++b) out.push_back(weight_at(co0 + b, ci, t));
    co0 += width;
  }
}

// The flattened reduction the micro-kernels run: step r = ci * taps + t reads rows[r][q].
struct ReductionSteps {
  const float* const* rows = nullptr;
  int64_t count = 0;
  int64_t distinct_rows = 0;  // input rows the steps touch (for cache blocking)
  // Set when step r reads rows[0] + r for every r (one input channel, taps one cell apart:
  // depthwise Conv1d with stride and dilation 1): single channels then slide along the row.
  bool consecutive = false;
};

void correlate(const CorrelationInput& in, const CorrelationTaps& taps, const CorrelationWeights& w,
               const float* bias, int64_t positions, const CorrelationOutput& out);

// The instruction sets the micro-kernels are built for. The default is the best one this
// build and CPU run; tests pick each in turn (ScopedKernelArch) to cover every shipped path.
// RelaxedSimd lives in a WASM side module (simd/correlate_relaxed.cpp): available only while
// the JS loader, having installed it, has it on (set_relaxed_kernels), never natively.
enum class KernelArch { Scalar, Sse41, RelaxedSimd };
bool kernel_arch_available(KernelArch arch);
const char* kernel_arch_name(KernelArch arch);
KernelArch active_kernel_arch();
// Routes calls to the installed relaxed-SIMD side module (on: it becomes the default) or back
// to SIMD128; false where this build cannot call one (native, the scalar WASM build).
bool set_relaxed_kernels(bool on);

class ScopedKernelArch {
 public:
  explicit ScopedKernelArch(KernelArch arch);
  ~ScopedKernelArch();
  ScopedKernelArch(const ScopedKernelArch&) = delete;
  ScopedKernelArch& operator=(const ScopedKernelArch&) = delete;

 private:
  KernelArch previous_;
};

namespace simd {
void correlate_scalar(const ReductionSteps& steps, const CorrelationWeights& w, const float* bias,
                      int64_t positions, const CorrelationOutput& out);
void correlate_sse41(const ReductionSteps& steps, const CorrelationWeights& w, const float* bias,
                     int64_t positions, const CorrelationOutput& out);
// Calls the side module (simd/relaxed_door.cpp; WASM SIMD builds only).
void correlate_relaxed(const ReductionSteps& steps, const CorrelationWeights& w, const float* bias,
                       int64_t positions, const CorrelationOutput& out);
}  // namespace simd

}  // namespace convlab::detail
