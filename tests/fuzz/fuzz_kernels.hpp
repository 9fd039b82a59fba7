// Running the kernels on a fuzzed call (fuzz_kernels.cpp), and the limits every accepted call
// must respect.
#pragma once

#include <cstdint>
#include <vector>

#include "convlab/limits.hpp"
#include "convlab/params.hpp"
#include "fuzz_input.hpp"
#include "fuzz_report.hpp"

namespace convlab::fuzz {

// Fills the tensors from the input, runs the reference, the SIMD path and (where it picks the
// reference) the dispatcher, and compares each with the oracle. Skips calls too big or too slow
// for the straightforward loops.
void run_kernels(const Conv1dGeometry& g, Reader& r, int style);
void run_kernels(const ConvTranspose1dGeometry& g, Reader& r, int style);

// The weight's element count: conv1d (C_out, C_in/groups, K), conv_transpose1d (C_in,
// C_out/groups, K).
double weight_elements(const Conv1dGeometry& g);
double weight_elements(const ConvTranspose1dGeometry& g);

// Big valid calls one after another through the dispatcher: the scratch kept between calls stays
// under limits::max_simd_scratch_bytes.
void big_call_sequence();

template <typename Geometry>
void check_limits(const Geometry& g, const std::vector<int64_t>& in,
                  const std::vector<int64_t>& w) {
  auto count = [](const std::vector<int64_t>& s) {
    double n = 1;
    for (int64_t d : s) n *= static_cast<double>(d);
    return n;
  };
  const double lim = static_cast<double>(limits::max_tensor_elements);
  FUZZ_CHECK(count(in) <= lim, "accepted an input over the element limit");
  FUZZ_CHECK(count(w) <= lim, "accepted a weight over the element limit");
  FUZZ_CHECK(count(g.output_shape()) <= lim, "accepted an output over the element limit");
  FUZZ_CHECK(g.kernel_size >= 1 && g.kernel_size <= limits::max_kernel_size,
             "kernel_size out of limits");
  FUZZ_CHECK(g.out_channels <= limits::max_channels && g.in_per_group() <= limits::max_channels,
             "channels out of limits");
  FUZZ_CHECK(g.out_length >= 1, "accepted an empty output length");
  FUZZ_CHECK(g.groups >= 1 && g.in_channels % g.groups == 0 && g.out_channels % g.groups == 0,
             "accepted groups that do not divide the channels");
  FUZZ_CHECK(g.stride >= 1 && g.dilation >= 1, "accepted a non-positive stride or dilation");
}

}  // namespace convlab::fuzz
