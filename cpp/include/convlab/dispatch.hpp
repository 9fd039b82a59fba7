// Which path runs a validated call, decided in one place for every caller (the wasm binding,
// the fuzzer, native users): the reference loops or the SIMD kernels of convlab.hpp.
#pragma once

#include <cstdint>

#include "convlab/params.hpp"

namespace convlab {

struct DispatchPolicy {
  // Calls of at most this many multiply-adds take the reference loops, which beat the SIMD
  // path's setup (phase planning, packing) on tiny tensors; 0 sends everything to SIMD.
  double tiny_macs = 256;
};

enum class KernelPath { Reference, Simd };

double multiply_adds(const Conv1dGeometry& g);
double multiply_adds(const ConvTranspose1dGeometry& g);

// Upper bound on the scratch the SIMD path allocates (packed rows, packed weights, tap and
// phase tables), counting the doubling a growing std::vector may do.
double simd_scratch_bytes(const Conv1dGeometry& g);
double simd_scratch_bytes(const ConvTranspose1dGeometry& g);

// The path run_* takes: the reference for tiny calls, for conv_transpose1d with a non-finite
// weight (PyTorch never multiplies the zeros the phase kernels would), and whenever the SIMD
// scratch exceeds limits::max_simd_scratch_bytes or cannot be allocated right now. The kernel
// scratch persists between calls, so the cap also bounds what a past call can keep.
KernelPath choose_path(const Conv1dGeometry& g, const float* weight, const DispatchPolicy& policy);
KernelPath choose_path(const ConvTranspose1dGeometry& g, const float* weight,
                       const DispatchPolicy& policy);

// The micro-kernels' instruction set by name ("relaxed-simd", "sse4.1" or "scalar"), and the
// switch the WASM loader throws once it has installed the relaxed-SIMD side module (false:
// this build has no door to one, so nothing changed).
const char* kernel_name();
bool use_relaxed_kernels(bool on);

void run_conv1d(const Conv1dGeometry& g, const float* input, const float* weight, const float* bias,
                float* output, const DispatchPolicy& policy = {});
void run_conv_transpose1d(const ConvTranspose1dGeometry& g, const float* input, const float* weight,
                          const float* bias, float* output, const DispatchPolicy& policy = {});

}  // namespace convlab
