// One call of the relaxed-SIMD side module (simd/correlate_relaxed.cpp): its arguments as one
// struct in the shared memory, so the import between the two modules passes a single pointer
// (no i64 crosses JS, which Emscripten 3.1.6 would split in two).
#pragma once

#include <cstdint>

#include "tapped_correlation.hpp"

namespace convlab::detail {

struct RelaxedCorrelateCall {
  const ReductionSteps* steps;
  const CorrelationWeights* weights;
  const float* bias;
  const CorrelationOutput* out;
  int64_t positions;
};

}  // namespace convlab::detail
