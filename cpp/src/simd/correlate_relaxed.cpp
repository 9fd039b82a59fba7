// The micro-kernels over WASM relaxed SIMD: f32x4.relaxed_madd is one fused multiply-add where
// the CPU has FMA (x64 with FMA3, arm64), so the inner loop issues half the arithmetic of the
// SIMD128 build. Emscripten 3.1.6's clang 14 and binaryen 108 know only the prototype opcodes,
// so this file alone is built by clang-16 into a separate side module (scripts/build.sh,
// shared/TOOLCHAIN.md) that the JS loader instantiates on the main module's memory wherever
// WebAssembly.validate accepts it; the main module calls it through an import.
#include <wasm_simd128.h>

#include "simd/correlation_kernels.hpp"
#include "simd/relaxed_call.hpp"

namespace convlab::detail::simd {
namespace {

struct RelaxedVec {
  static constexpr std::size_t size = 4;
  static constexpr bool fused = true;  // correlation_kernels.hpp: sliding_kernel
  v128_t v;
  RelaxedVec() = default;
  explicit RelaxedVec(v128_t x) : v(x) {}
  explicit RelaxedVec(float x) : v(wasm_f32x4_splat(x)) {}
  static RelaxedVec load_unaligned(const float* p) { return RelaxedVec(wasm_v128_load(p)); }
  void store_unaligned(float* p) const { wasm_v128_store(p, v); }
  void store_aligned(float* p) const { wasm_v128_store(p, v); }
};

// a * b + c, fused or not as the engine decides (relaxed SIMD's one nondeterminism).
inline RelaxedVec fma(RelaxedVec a, RelaxedVec b, RelaxedVec c) {
  // clang 16's wasm_simd128.h has no wrapper yet; its builtin emits the final opcode (0x105).
  using f32x4 = float __attribute__((__vector_size__(16)));
  return RelaxedVec(reinterpret_cast<v128_t>(__builtin_wasm_relaxed_madd_f32x4(
      reinterpret_cast<f32x4>(a.v), reinterpret_cast<f32x4>(b.v), reinterpret_cast<f32x4>(c.v))));
}

}  // namespace
}  // namespace convlab::detail::simd

extern "C" __attribute__((export_name("convlab_relaxed_correlate"))) void convlab_relaxed_correlate(
    const convlab::detail::RelaxedCorrelateCall* call) {
  using namespace convlab::detail;
  simd::correlate_steps<simd::RelaxedVec>(*call->steps, *call->weights, call->bias, call->positions,
                                          *call->out);
}
