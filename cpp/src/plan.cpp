// Validation: turns shapes + parameters into a geometry, or into a message that names the
// parameter, its value, the rule, and a valid alternative. Mirrors what PyTorch rejects. The
// checks themselves live in plan_checks.cpp.
#include <string>

#include "convlab/limits.hpp"
#include "convlab/padding.hpp"
#include "convlab/params.hpp"
#include "plan_checks.hpp"

namespace convlab {
namespace {

using namespace plan_checks;

Problem fail(Field field, std::string message) { return {field, std::move(message)}; }

// Each op's own rules in PyTorch's order, after begin_plan's: fills the rest of plan.geometry (and
// lengths_failed), or returns the first rule the call breaks.
Problem resolve(const std::vector<int64_t>& input, const std::vector<int64_t>& weight,
                const std::vector<int64_t>* bias, const Conv1dParams& p,
                Planned<Conv1dGeometry>& plan) {
  Conv1dGeometry& g = plan.geometry;
  g.out_channels = weight[0];
  if (g.out_channels == 0)
    return fail(Field::Weight, cat("weight: out_channels is 0 in weight shape ", shape_text(weight),
                                   "; a convolution needs at least one output channel."));
  // groups is range-checked before weight[1] * groups is formed (it could overflow int64).
  if (auto e = check_positive("groups", p.groups, "the number of blocked connections"); !e.empty())
    return e;
  if (auto e = check_groups(p.groups, weight[1] * p.groups, g.out_channels, weight); !e.empty())
    return e;
  if (weight[1] == 0)
    return fail(Field::Weight,
                cat("weight: in_channels/groups is 0 in weight shape ", shape_text(weight),
                    "; each output channel needs at least one input channel."));
  if (weight[1] * p.groups != g.in_channels)
    return channel_mismatch(p.groups, weight, input, weight[1] * p.groups, g.in_channels);
  if (auto e = check_bias(bias, g.out_channels); !e.empty()) return e;

  g.padding_mode = p.padding_mode;
  const int64_t span = p.dilation * (g.kernel_size - 1);  // dilated kernel extent minus one
  switch (p.padding_kind) {
    case PaddingKind::Valid:
      g.pad_left = g.pad_right = 0;
      break;
    case PaddingKind::Same:
      if (p.stride != 1)
        return fail(Field::Padding,
                    cat("padding='same' is not supported with stride=", p.stride,
                        " (PyTorch requires stride=1 for 'same'). Use stride=1, or give padding "
                        "as a number, e.g. padding=",
                        span / 2, "."));
      // PyTorch puts the odd extra cell on the right.
      g.pad_left = span / 2;
      g.pad_right = span - g.pad_left;
      break;
    case PaddingKind::Explicit:
      if (auto e = check_non_negative("padding", p.padding); !e.empty()) return e;
      g.pad_left = g.pad_right = p.padding;
      break;
  }
  if (g.padding_mode != PaddingMode::Zeros) {
    if (auto e = check_mode_padding(g.padding_mode, g.pad_left, g.pad_right, g.in_length);
        !e.empty())
      return e;
  }
  plan.lengths_failed = g.padded_length() < span + 1;
  if (plan.lengths_failed)
    return fail(
        Field::Kernel,
        cat("kernel: the dilated kernel spans ", span + 1, " cells (dilation=", p.dilation,
            ", kernel_size=", g.kernel_size, ") but the padded input has only ", g.padded_length(),
            " (length ", g.in_length, " + padding ", g.pad_left + g.pad_right,
            "); the kernel size can't be greater than the padded input size. Use a "
            "longer input, more padding, a smaller kernel_size or dilation."));
  g.out_length = (g.padded_length() - span - 1) / g.stride + 1;
  return check_output_size(g);
}

Problem resolve(const std::vector<int64_t>& input, const std::vector<int64_t>& weight,
                const std::vector<int64_t>* bias, const ConvTranspose1dParams& p,
                Planned<ConvTranspose1dGeometry>& plan) {
  ConvTranspose1dGeometry& g = plan.geometry;
  if (auto e = check_non_negative("padding", p.padding); !e.empty()) return e;
  if (auto e = check_non_negative("output_padding", p.output_padding); !e.empty()) return e;
  if (auto e = check_positive("groups", p.groups, "the number of blocked connections"); !e.empty())
    return e;
  if (weight[0] == 0)
    return fail(Field::Weight,
                cat("weight: given groups=", p.groups,
                    ", expected weight to be at least 1 at dimension 0 (in_channels), but got "
                    "weight of size ",
                    shape_text(weight),
                    " (as PyTorch). A transposed convolution needs at least one input channel."));
  if (weight[1] == 0)
    return fail(Field::Weight,
                cat("weight: out_channels/groups is 0 in weight shape ", shape_text(weight),
                    "; a transposed convolution needs at least one output channel."));
  g.out_channels = weight[1] * p.groups;
  if (weight[0] % p.groups != 0)
    return fail(Field::Groups,
                cat("groups=", p.groups, " does not divide in_channels=", weight[0],
                    " (weight shape ", shape_text(weight),
                    ", dimension 0 is in_channels for conv_transpose1d): in_channels must be "
                    "divisible by groups. Use groups=",
                    common_divisors(weight[0], weight[0]), "."));
  if (weight[0] != g.in_channels)
    return channel_mismatch(p.groups, weight, input, weight[0], g.in_channels);
  if (g.out_channels > limits::max_channels)
    return fail(Field::Weight, cat("weight: out_channels ", g.out_channels,
                                   " exceeds ConvLab's limit of ", limits::max_channels, "."));
  if (auto e = check_bias(bias, g.out_channels); !e.empty()) return e;
  if (p.output_padding >= p.stride && p.output_padding >= p.dilation)
    return fail(Field::OutputPadding,
                cat("output_padding=", p.output_padding,
                    " must be smaller than either stride=", p.stride, " or dilation=", p.dilation,
                    " (it picks one of the input lengths that map to the same conv output). Use "
                    "output_padding between 0 and ",
                    (p.stride > p.dilation ? p.stride : p.dilation) - 1, "."));

  g.padding = p.padding;
  g.output_padding = p.output_padding;
  g.out_length = g.full_length() - 2 * p.padding + p.output_padding;
  plan.lengths_failed = g.out_length < 1;
  if (plan.lengths_failed)
    return fail(
        Field::Padding,
        cat("Output size is too small: padding=", p.padding, " crops ", 2 * p.padding,
            " cells from the ", g.full_length(), "-cell full output (length (", g.in_length, "-1)*",
            g.stride, " + ", g.dilation, "*(", g.kernel_size, "-1) + 1), leaving ", g.out_length,
            ". Use padding of at most ", (g.full_length() + p.output_padding - 1) / 2, "."));
  return check_output_size(g);
}

// op: PyTorch's name; stride_meaning: what stride is for this op, in words.
template <typename Geometry, typename Params>
Planned<Geometry> plan_call(const char* op, const char* stride_meaning,
                            const std::vector<int64_t>& input, const std::vector<int64_t>& weight,
                            const std::vector<int64_t>* bias, const Params& params) {
  Planned<Geometry> plan;
  Problem problem = begin_plan(op, input, weight, bias, params.stride, params.dilation,
                               params.groups, stride_meaning, plan.geometry);
  if (problem.empty()) problem = resolve(input, weight, bias, params, plan);
  plan.error = std::move(problem.message);
  plan.field = problem.field;
  return plan;
}

}  // namespace

// Indexed by the enums' values, in their declaration order (params.hpp).
const char* field_name(Field field) {
  static const char* const names[] = {
      "",         "op",     "input",        "weight",         "bias",     "stride", "padding",
      "dilation", "groups", "padding_mode", "output_padding", "channels", "kernel", "output"};
  return names[static_cast<int>(field)];
}

const char* padding_mode_name(PaddingMode mode) {
  static const char* const names[] = {"zeros", "reflect", "replicate", "circular"};
  return names[static_cast<int>(mode)];
}

std::vector<int64_t> Conv1dGeometry::output_shape() const {
  if (!batched) return {out_channels, out_length};
  return {batch, out_channels, out_length};
}

std::vector<int64_t> ConvTranspose1dGeometry::output_shape() const {
  if (!batched) return {out_channels, out_length};
  return {batch, out_channels, out_length};
}

Planned<Conv1dGeometry> plan_conv1d(const std::vector<int64_t>& input,
                                    const std::vector<int64_t>& weight,
                                    const std::vector<int64_t>* bias, const Conv1dParams& p) {
  return plan_call<Conv1dGeometry>("conv1d", "the step between output positions", input, weight,
                                   bias, p);
}

Planned<ConvTranspose1dGeometry> plan_conv_transpose1d(const std::vector<int64_t>& input,
                                                       const std::vector<int64_t>& weight,
                                                       const std::vector<int64_t>* bias,
                                                       const ConvTranspose1dParams& p) {
  return plan_call<ConvTranspose1dGeometry>(
      "conv_transpose1d", "the step between input positions on the output", input, weight, bias, p);
}

}  // namespace convlab
