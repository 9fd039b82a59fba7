// The shipped WASM module's door to the relaxed-SIMD side module (simd/correlate_relaxed.cpp):
// the arguments go into one struct in the shared memory and an import (cpp/bindings/
// relaxed_kernels.js) hands its address to the side module's export. Built only into the
// WASM SIMD module; tapped_correlation.cpp calls it only after the loader installed the side
// module (set_relaxed_kernels).
#include "simd/relaxed_call.hpp"

extern "C" void convlab_relaxed_correlate(const convlab::detail::RelaxedCorrelateCall* call);

namespace convlab::detail::simd {

void correlate_relaxed(const ReductionSteps& steps, const CorrelationWeights& w, const float* bias,
                       int64_t positions, const CorrelationOutput& out) {
  const RelaxedCorrelateCall call{&steps, &w, bias, &out, positions};
  convlab_relaxed_correlate(&call);
}

}  // namespace convlab::detail::simd
