// Both ops behind one table, chosen by the geometry's type, so that a check is written once and
// run for conv1d and conv_transpose1d alike: ops(g).reference(g, x, w, b, y).
#pragma once

#include <cstdint>

#include "convlab/analysis.hpp"
#include "convlab/convlab.hpp"

namespace convlab::testing {

template <typename Geometry>
struct OpFunctions {
  using Forward = void (*)(const Geometry&, const float*, const float*, const float*, float*);
  using Backward = void (*)(const Geometry&, const float*, const float*, const float*, float*,
                            float*, float*);
  const char* name;
  Forward reference, fast;
  Backward backward_reference, backward;
  void (*matrix)(const Geometry&, const float* weight, float* matrix);
};

inline const OpFunctions<Conv1dGeometry>& ops(const Conv1dGeometry&) {
  static const OpFunctions<Conv1dGeometry> f{"conv1d",        conv1d_reference,
                                             conv1d,          conv1d_backward_reference,
                                             conv1d_backward, conv1d_matrix};
  return f;
}
inline const OpFunctions<ConvTranspose1dGeometry>& ops(const ConvTranspose1dGeometry&) {
  static const OpFunctions<ConvTranspose1dGeometry> f{
      "conv_transpose1d",        conv_transpose1d_reference,
      conv_transpose1d,          conv_transpose1d_backward_reference,
      conv_transpose1d_backward, conv_transpose1d_matrix};
  return f;
}

// Conv1d's weight is (C_out, C_in/groups, K), ConvTranspose1d's (C_in, C_out/groups, K).
inline int64_t weight_count(const Conv1dGeometry& g) {
  return g.out_channels * g.in_per_group() * g.kernel_size;
}
inline int64_t weight_count(const ConvTranspose1dGeometry& g) {
  return g.in_channels * g.out_per_group() * g.kernel_size;
}
template <typename Geometry>
int64_t input_count(const Geometry& g) {
  return g.batch * g.in_channels * g.in_length;
}
template <typename Geometry>
int64_t output_count(const Geometry& g) {
  return g.batch * g.out_channels * g.out_length;
}

}  // namespace convlab::testing
