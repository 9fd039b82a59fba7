// The micro-kernels over xsimd's SSE4.1 batch: natively (compiled with -msse4.1) and in the
// WASM build, where Emscripten maps SSE4.1 onto WASM SIMD128 (shared/TOOLCHAIN.md).
#include <xsimd/xsimd.hpp>

#include "simd/correlation_kernels.hpp"

namespace convlab::detail::simd {

using xsimd::fma;

void correlate_sse41(const ReductionSteps& steps, const CorrelationWeights& w, const float* bias,
                     int64_t positions, const CorrelationOutput& out) {
  correlate_steps<xsimd::batch<float, xsimd::sse4_1>>(steps, w, bias, positions, out);
}

}  // namespace convlab::detail::simd
