// The public C++ API: validated geometry in, pointers and sizes only. SIMD lives behind it.
#pragma once

#include "convlab/overlap.hpp"
#include "convlab/params.hpp"

namespace convlab {

// Every function writes exactly geometry.output_shape() elements into `output`.
// `bias` may be nullptr (geometry.has_bias must then be false).

// The executable spec: plain loops that read like PyTorch's formulas.
void conv1d_reference(const Conv1dGeometry& g, const float* input, const float* weight,
                      const float* bias, float* output);
void conv_transpose1d_reference(const ConvTranspose1dGeometry& g, const float* input,
                                const float* weight, const float* bias, float* output);

// The fast path: xsimd kernels (WASM SIMD128 in the browser, SSE/AVX natively).
void conv1d(const Conv1dGeometry& g, const float* input, const float* weight, const float* bias,
            float* output);
void conv_transpose1d(const ConvTranspose1dGeometry& g, const float* input, const float* weight,
                      const float* bias, float* output);

}  // namespace convlab
