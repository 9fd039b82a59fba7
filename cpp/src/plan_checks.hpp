// The checks plan.cpp is built from: each returns a Problem (empty when the value passes) whose
// message names the parameter, its value, the rule and a valid alternative.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

#include "analysis_text.hpp"
#include "convlab/limits.hpp"
#include "convlab/params.hpp"

namespace convlab::plan_checks {

using detail::cat;  // string building without <sstream> (analysis_text.hpp)
using detail::shape_text;

// A rejection: the parameter or tensor at fault, and the message for the user.
struct Problem {
  Field field = Field::None;
  std::string message;
  bool empty() const { return message.empty(); }
};

// "1, 2 or 4": the groups values that divide every given channel count.
std::string common_divisors(int64_t a, int64_t b);

// Saturates instead of overflowing: any count past the limit is equally too large.
int64_t product(std::initializer_list<int64_t> factors);

// Checks shared by both ops: ranks, sizes, limits, scalar parameter ranges.
Problem check_tensors(const char* op, const std::vector<int64_t>& input,
                      const std::vector<int64_t>& weight, const std::vector<int64_t>* bias,
                      int64_t groups);
Problem too_large_output(const std::vector<int64_t>& shape);
Problem check_positive(const char* name, int64_t value, const char* meaning);
Problem check_non_negative(const char* name, int64_t value);
Problem check_groups(int64_t groups, int64_t in_channels, int64_t out_channels,
                     const std::vector<int64_t>& weight);
Problem check_bias(const std::vector<int64_t>* bias, int64_t out_channels);
Problem channel_mismatch(int64_t groups, const std::vector<int64_t>& weight,
                         const std::vector<int64_t>& input, int64_t expected, int64_t got);
// The pads a non-zeros padding mode may use, as PyTorch's F.pad enforces them.
Problem check_mode_padding(PaddingMode mode, int64_t left, int64_t right, int64_t length);

// The half both plans share: tensor checks, the geometry fields both ops name alike, and the
// stride and dilation rules (PyTorch checks these first for either op).
template <typename Geometry>
Problem begin_plan(const char* op, const std::vector<int64_t>& input,
                   const std::vector<int64_t>& weight, const std::vector<int64_t>* bias,
                   int64_t stride, int64_t dilation, int64_t groups, const char* stride_meaning,
                   Geometry& g) {
  if (auto e = check_tensors(op, input, weight, bias, groups); !e.empty()) return e;
  g.batched = input.size() == 3;
  g.batch = g.batched ? input[0] : 1;
  g.in_channels = input[input.size() - 2];
  g.in_length = input.back();
  g.kernel_size = weight[2];
  g.has_bias = bias != nullptr;
  g.stride = stride;
  g.dilation = dilation;
  g.groups = groups;
  if (auto e = check_positive("stride", stride, stride_meaning); !e.empty()) return e;
  return check_positive("dilation", dilation, "the spacing between kernel taps");
}

// The output-size rule both plans end with.
template <typename Geometry>
Problem check_output_size(const Geometry& g) {
  if (product({g.batch, g.out_channels, g.out_length}) > limits::max_tensor_elements)
    return too_large_output(g.output_shape());
  return {};
}

}  // namespace convlab::plan_checks
