// The micro-kernels over one float per "vector": the no-SIMD build, and a second native path
// the tests hold against the reference. Never includes xsimd (a no-SIMD target has no arch).
#include "simd/correlation_kernels.hpp"

namespace convlab::detail::simd {
namespace {

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

}  // namespace

void correlate_scalar(const ReductionSteps& steps, const CorrelationWeights& w, const float* bias,
                      int64_t positions, const CorrelationOutput& out) {
  correlate_steps<ScalarVec>(steps, w, bias, positions, out);
}

}  // namespace convlab::detail::simd
