// The executable spec: PyTorch's formulas as plain loops, accumulating in float like the
// kernels (tests compare with a tolerance). Clarity over speed.
#include "convlab/convlab.hpp"
#include "convlab/padding.hpp"

namespace convlab {

void conv1d_reference(const Conv1dGeometry& g, const float* input, const float* weight,
                      const float* bias, float* output) {
  const int64_t cin_g = g.in_per_group(), cout_g = g.out_per_group();
  for (int64_t n = 0; n < g.batch; ++n)
    for (int64_t co = 0; co < g.out_channels; ++co) {
      const int64_t first_ci = (co / cout_g) * cin_g;  // the group's first input channel
      for (int64_t o = 0; o < g.out_length; ++o) {
        float sum = bias ? bias[co] : 0.0f;
        for (int64_t ci = 0; ci < cin_g; ++ci) {
          const float* x = input + (n * g.in_channels + first_ci + ci) * g.in_length;
          const float* w = weight + (co * cin_g + ci) * g.kernel_size;
          for (int64_t k = 0; k < g.kernel_size; ++k) {
            const int64_t src = padded_source_index(o * g.stride + k * g.dilation, g.in_length,
                                                    g.pad_left, g.padding_mode);
            // Zero padding is multiplied, not skipped: PyTorch computes 0 * inf = nan there.
            sum += w[k] * (src >= 0 ? x[src] : 0.0f);
          }
        }
        output[(n * g.out_channels + co) * g.out_length + o] = sum;
      }
    }
}

// Scatter form, as PyTorch documents it: x[i] adds x[i]*w[k] to y[i*s + k*d - p].
void conv_transpose1d_reference(const ConvTranspose1dGeometry& g, const float* input,
                                const float* weight, const float* bias, float* output) {
  const int64_t cin_g = g.in_per_group(), cout_g = g.out_per_group();
  for (int64_t n = 0; n < g.batch; ++n) {
    float* y = output + n * g.out_channels * g.out_length;
    for (int64_t co = 0; co < g.out_channels; ++co)
      for (int64_t o = 0; o < g.out_length; ++o) y[co * g.out_length + o] = bias ? bias[co] : 0.0f;
    for (int64_t ci = 0; ci < g.in_channels; ++ci) {
      const int64_t group = ci / cin_g;
      const float* x = input + (n * g.in_channels + ci) * g.in_length;
      for (int64_t j = 0; j < cout_g; ++j) {
        const int64_t co = group * cout_g + j;
        const float* w = weight + (ci * cout_g + j) * g.kernel_size;
        for (int64_t i = 0; i < g.in_length; ++i)
          for (int64_t k = 0; k < g.kernel_size; ++k) {
            const int64_t o = i * g.stride + k * g.dilation - g.padding;
            if (o >= 0 && o < g.out_length) y[co * g.out_length + o] += x[i] * w[k];
          }
      }
    }
  }
}

}  // namespace convlab
