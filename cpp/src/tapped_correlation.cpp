// The tapped correlation's entry point: flattens (input channel, tap) into one table of row
// pointers, then runs the micro-kernels of the active instruction set (simd/*.cpp).
#include "tapped_correlation.hpp"

#include <algorithm>
#include <vector>

namespace convlab::detail {
namespace {

// Which micro-kernels this build holds: the no-SIMD WASM build (benchmarks compare against it)
// only the scalar ones, the shipped WASM module only the SSE4.1 ones, native builds both.
#if defined(CONVLAB_SCALAR_KERNELS_ONLY)
constexpr bool kHasSse41 = false, kHasScalar = true;
#elif defined(CONVLAB_SSE41_KERNELS_ONLY)
constexpr bool kHasSse41 = true, kHasScalar = false;
#else
constexpr bool kHasSse41 = true, kHasScalar = true;
#endif
// Only the shipped WASM SIMD module has the door to the relaxed-SIMD side module.
#if defined(__EMSCRIPTEN__) && defined(CONVLAB_SSE41_KERNELS_ONLY)
constexpr bool kCanRelax = true;
#else
constexpr bool kCanRelax = false;
#endif
// Whether calls go through the door to the relaxed-SIMD side module now. Whether that module
// is installed at all is the JS loader's to know (web/lib/conv/relaxed-kernels.js): it turns
// this on after installing it, and lab.setKernels turns it off and on again.
bool g_relaxed_on = false;

bool cpu_has_sse41() {
#if defined(__EMSCRIPTEN__)
  return true;  // -msse4.1 maps onto WASM SIMD128, which the module requires to load at all
#elif defined(__x86_64__) || defined(__i386__)
  return __builtin_cpu_supports("sse4.1");
#else
  return false;
#endif
}

KernelArch best_arch() {
  if (g_relaxed_on) return KernelArch::RelaxedSimd;
  return kHasSse41 && cpu_has_sse41() ? KernelArch::Sse41 : KernelArch::Scalar;
}

KernelArch& current_arch() {
  static KernelArch arch = best_arch();
  return arch;
}

}  // namespace

bool kernel_arch_available(KernelArch arch) {
  switch (arch) {
    case KernelArch::Scalar:
      return kHasScalar;
    case KernelArch::Sse41:
      return kHasSse41 && cpu_has_sse41();
    case KernelArch::RelaxedSimd:
      return g_relaxed_on;
  }
  return false;
}

const char* kernel_arch_name(KernelArch arch) {
  switch (arch) {
    case KernelArch::Sse41:
      return "sse4.1";
    case KernelArch::RelaxedSimd:
      return "relaxed-simd";
    case KernelArch::Scalar:
      break;
  }
  return "scalar";
}

bool set_relaxed_kernels(bool on) {
  g_relaxed_on = kCanRelax && on;
  current_arch() = best_arch();
  return g_relaxed_on == on;
}

KernelArch active_kernel_arch() { return current_arch(); }

ScopedKernelArch::ScopedKernelArch(KernelArch arch) : previous_(current_arch()) {
  current_arch() = kernel_arch_available(arch) ? arch : previous_;
}
ScopedKernelArch::~ScopedKernelArch() { current_arch() = previous_; }

int64_t padded_positions(int64_t positions) {
  return (positions + position_block - 1) / position_block * position_block;
}

int64_t plan_phase_rows(int64_t kernel_size, int64_t stride, int64_t dilation,
                        std::vector<int64_t>& phases, std::vector<int64_t>& rows,
                        std::vector<int64_t>& offsets) {
  phases.clear();
  rows.clear();
  offsets.clear();
  int64_t max_offset = 0;
  for (int64_t k = 0; k < kernel_size; ++k) {
    const int64_t pos = k * dilation, phase = pos % stride;
    auto it = std::find(phases.begin(), phases.end(), phase);
    rows.push_back(it - phases.begin());
    if (it == phases.end()) phases.push_back(phase);
    offsets.push_back(pos / stride);
    max_offset = std::max(max_offset, pos / stride);
  }
  return max_offset;
}

void correlate(const CorrelationInput& in, const CorrelationTaps& taps, const CorrelationWeights& w,
               const float* bias, int64_t positions, const CorrelationOutput& out) {
  static thread_local std::vector<const float*> rows;
  rows.resize(static_cast<size_t>(in.channels * taps.count));
  for (int64_t ci = 0; ci < in.channels; ++ci) {
    const float* channel_rows = in.rows + ci * in.rows_per_channel * in.row_length;
    for (int64_t t = 0; t < taps.count; ++t)
      rows[static_cast<size_t>(ci * taps.count + t)] =
          channel_rows + taps.row[t] * in.row_length + taps.offset[t];
  }
  ReductionSteps steps{rows.data(), in.channels * taps.count, in.channels * in.rows_per_channel};
  steps.consecutive = true;
  for (int64_t r = 1; r < steps.count && steps.consecutive; ++r)
    steps.consecutive = rows[static_cast<size_t>(r)] == rows[0] + r;
#if defined(CONVLAB_SCALAR_KERNELS_ONLY)
  simd::correlate_scalar(steps, w, bias, positions, out);
#elif defined(CONVLAB_SSE41_KERNELS_ONLY)
  if (kCanRelax && current_arch() == KernelArch::RelaxedSimd)
    simd::correlate_relaxed(steps, w, bias, positions, out);
  else
    simd::correlate_sse41(steps, w, bias, positions, out);
#else
  if (current_arch() == KernelArch::Sse41)
    simd::correlate_sse41(steps, w, bias, positions, out);
  else
    simd::correlate_scalar(steps, w, bias, positions, out);
#endif
}

}  // namespace convlab::detail
