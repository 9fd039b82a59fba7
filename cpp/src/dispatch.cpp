// Dispatch policy: one place for every caller. See dispatch.hpp.
#include "convlab/dispatch.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "convlab/convlab.hpp"
#include "convlab/limits.hpp"
#include "float_scan.hpp"
#include "tapped_correlation.hpp"

namespace convlab {
namespace {

constexpr double kFloat = sizeof(float), kIndex = sizeof(int64_t);
// A std::vector that must grow may allocate up to twice what it holds.
constexpr double kGrowth = 2;

// The scratch must be allocatable now: probing with malloc (which returns null instead of
// aborting) leaves the kernels' own allocations room to succeed.
bool can_allocate(double bytes) {
  if (bytes > limits::max_simd_scratch_bytes) return false;
  void* probe = std::malloc(static_cast<size_t>(bytes));
  if (!probe) return false;
  std::free(probe);
  return true;
}

}  // namespace

const char* kernel_name() { return detail::kernel_arch_name(detail::active_kernel_arch()); }

bool use_relaxed_kernels(bool on) { return detail::set_relaxed_kernels(on); }

double multiply_adds(const Conv1dGeometry& g) {
  return double(g.batch) * double(g.out_channels) * double(g.out_length) *
         double(g.in_per_group()) * double(g.kernel_size);
}

double multiply_adds(const ConvTranspose1dGeometry& g) {
  return double(g.batch) * double(g.in_channels) * double(g.in_length) * double(g.out_per_group()) *
         double(g.kernel_size);
}

double simd_scratch_bytes(const Conv1dGeometry& g) {
  const double K = double(g.kernel_size), s = double(g.stride);
  const double phases = std::min(K, s);
  const double row_length = double(detail::padded_positions(g.out_length)) +
                            double(g.kernel_size - 1) * double(g.dilation) / s + 1;
  const double rows = double(g.in_per_group()) * phases * row_length;
  // Packed weights plus the bitwise copy they are cached against (phase_packing.cpp).
  const double weights = 2 * double(g.out_channels) * double(g.in_per_group()) * K;
  const double steps = double(g.in_per_group()) * K;  // row pointers (tapped_correlation.cpp)
  return kGrowth * (kFloat * (rows + weights) + kIndex * (3 * K + phases + steps));
}

double simd_scratch_bytes(const ConvTranspose1dGeometry& g) {
  const double K = double(g.kernel_size), s = double(g.stride);
  const double out = double(g.out_length), pad = double(g.padding);
  const double phases = std::min(s, out + pad);
  const double positions = std::ceil(out / s) + double(detail::padded_positions(1));
  const double rows = double(g.in_per_group()) *
                      (positions + 2 + double(g.kernel_size - 1) * double(g.dilation) / s);
  // Packed weights plus the bitwise copy they are cached against (phase_packing.cpp).
  const double weights = 2 * double(g.in_channels) * double(g.out_per_group()) * K;
  // Taps, phases, offsets and the row pointers of one phase (tapped_correlation.cpp).
  const double tables =
      3 * K + 5 * phases + double(g.groups) * phases + double(g.in_per_group()) * K;
  return kGrowth * (kFloat * (rows + weights) + kIndex * tables);
}

KernelPath choose_path(const Conv1dGeometry& g, const float*, const DispatchPolicy& policy) {
  if (multiply_adds(g) <= policy.tiny_macs) return KernelPath::Reference;
  return can_allocate(simd_scratch_bytes(g)) ? KernelPath::Simd : KernelPath::Reference;
}

KernelPath choose_path(const ConvTranspose1dGeometry& g, const float* weight,
                       const DispatchPolicy& policy) {
  if (multiply_adds(g) <= policy.tiny_macs) return KernelPath::Reference;
  const int64_t count = g.in_channels * g.out_per_group() * g.kernel_size;
  if (!detail::all_finite(weight, count)) return KernelPath::Reference;
  return can_allocate(simd_scratch_bytes(g)) ? KernelPath::Simd : KernelPath::Reference;
}

void run_conv1d(const Conv1dGeometry& g, const float* input, const float* weight, const float* bias,
                float* output, const DispatchPolicy& policy) {
  if (choose_path(g, weight, policy) == KernelPath::Simd)
    conv1d(g, input, weight, bias, output);
  else
    conv1d_reference(g, input, weight, bias, output);
}

void run_conv_transpose1d(const ConvTranspose1dGeometry& g, const float* input, const float* weight,
                          const float* bias, float* output, const DispatchPolicy& policy) {
  if (choose_path(g, weight, policy) == KernelPath::Simd)
    conv_transpose1d(g, input, weight, bias, output);
  else
    conv_transpose1d_reference(g, input, weight, bias, output);
}

}  // namespace convlab
