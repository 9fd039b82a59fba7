#include "convlab/call_block.hpp"

#include <cmath>

#include "convlab/dispatch.hpp"
#include "convlab/limits.hpp"
#include "convlab/overlap.hpp"

namespace convlab::call_block {
namespace {

// Whole numbers only; anything else is reported by name before it can be truncated.
// Every whole number JS represents exactly (|v| <= 2^53) arrives unchanged, so messages show
// the value as given; beyond that (the JS wrapper rejects those itself) values saturate, far
// past every limit, and plan_*'s range checks come before any arithmetic on them.
bool to_int(double value, int64_t& out) {
  if (!std::isfinite(value) || value != std::floor(value)) return false;
  constexpr double big = 9007199254740992.0;  // 2^53
  out = static_cast<int64_t>(value > big ? big : value < -big ? -big : value);
  return true;
}

const char* rank_rule(const char* name) {
  const std::string n = name;
  if (n == "weight") return "a 3-D weight (out_channels, in_channels/groups, kernel_size)";
  if (n == "bias") return "a 1-D bias (out_channels)";
  return "a 2-D (channels, length) or 3-D (batch, channels, length) input";
}

std::string read_shape(const double* block, int rank_slot, int dims_slot, const char* name,
                       std::vector<int64_t>& shape) {
  int64_t rank = 0;
  if (!to_int(block[rank_slot], rank) || rank < 0 || rank > max_rank)
    return std::string(name) + ": expected " + rank_rule(name) + ", but the shape has more than " +
           std::to_string(max_rank) + " dimensions.";
  for (int64_t i = 0; i < rank; ++i) {
    int64_t d = 0;
    if (!to_int(block[dims_slot + i], d) || d < 0)
      return std::string(name) + ": every dimension of the shape must be a whole number >= 0.";
    shape.push_back(d);
  }
  return {};
}

int64_t count(const std::vector<int64_t>& shape) {
  int64_t n = 1;
  for (int64_t d : shape) n *= d;
  return n;
}

}  // namespace

void encode(const Request& r, double* block) {
  auto put_shape = [&](int rank_slot, const std::vector<double>& shape) {
    block[rank_slot] = static_cast<double>(shape.size());
    for (size_t i = 0; i < shape.size() && i < static_cast<size_t>(max_rank); ++i)
      block[rank_slot + 1 + static_cast<int>(i)] = shape[i];
  };
  block[op] = static_cast<double>(r.op);
  put_shape(input_rank, r.input);
  put_shape(weight_rank, r.weight);
  if (r.bias)
    put_shape(bias_rank, *r.bias);
  else
    block[bias_rank] = -1;
  block[stride] = r.stride;
  block[padding_kind] = r.padding_kind;
  block[padding] = r.padding;
  block[dilation] = r.dilation;
  block[groups] = r.groups;
  block[padding_mode] = r.padding_mode;
  block[output_padding] = r.output_padding;
}

Call plan(double* block) {
  Call call;
  // Reused across calls: tiny calls spend a third of their wasm time in malloc otherwise.
  thread_local std::vector<int64_t> input, weight, bias;
  input.clear();
  weight.clear();
  bias.clear();
  const bool has_bias = block[bias_rank] >= 0;
  auto fail = [&](Field field, std::string message) {
    call.field = field;
    call.error = std::move(message);
    return call;
  };
  if (auto e = read_shape(block, input_rank, input_dims, "input", input); !e.empty())
    return fail(Field::Input, e);
  if (auto e = read_shape(block, weight_rank, weight_dims, "weight", weight); !e.empty())
    return fail(Field::Weight, e);
  if (has_bias) {
    if (auto e = read_shape(block, bias_rank, bias_dims, "bias", bias); !e.empty())
      return fail(Field::Bias, e);
  }
  static const char* names[] = {"stride", "padding", "dilation", "groups", "output_padding"};
  static const Field fields[] = {Field::Stride, Field::Padding, Field::Dilation, Field::Groups,
                                 Field::OutputPadding};
  static const int slots[] = {stride, padding, dilation, groups, output_padding};
  int64_t values[5];
  for (int i = 0; i < 5; ++i) {
    if (!to_int(block[slots[i]], values[i]))
      return fail(fields[i], std::string(names[i]) + " must be a whole number.");
  }
  int64_t op_code = 0, kind = 0, mode = 0;
  if (!to_int(block[op], op_code) || op_code < 0 || op_code > 1 ||
      !to_int(block[padding_kind], kind) || kind < 0 || kind > 2 ||
      !to_int(block[padding_mode], mode) || mode < 0 || mode > 3) {
    return fail(Field::Op,
                "internal: malformed call block (op, padding kind or padding_mode code).");
  }
  call.op = static_cast<Op>(op_code);
  const std::vector<int64_t>* bias_ptr = has_bias ? &bias : nullptr;
  std::vector<int64_t> out_shape;
  // A plan's verdict and geometry, into the call.
  auto take = [&](auto planned, auto& geometry) {
    call.error = std::move(planned.error);
    call.field = planned.field;
    call.lengths_failed = planned.lengths_failed;
    geometry = planned.geometry;
    if (call.ok()) out_shape = geometry.output_shape();
  };
  if (call.op == Op::Conv1d) {
    // values: stride, padding, dilation, groups, output_padding (the slots' order above)
    const Conv1dParams p{values[0], static_cast<PaddingKind>(kind), values[1], values[2],
                         values[3], static_cast<PaddingMode>(mode)};
    take(plan_conv1d(input, weight, bias_ptr, p), call.conv);
  } else if (mode != 0) {
    call.field = Field::PaddingMode;
    call.error = std::string("padding_mode='") + padding_mode_name(static_cast<PaddingMode>(mode)) +
                 "' is not supported by conv_transpose1d: only padding_mode='zeros' is (as in "
                 "PyTorch's ConvTranspose1d). Use padding_mode='zeros'.";
  } else if (kind != 0) {
    call.field = Field::Padding;
    call.error = std::string("padding='") + (kind == 1 ? "same" : "valid") +
                 "' is not supported by conv_transpose1d: padding must be a number (as in "
                 "PyTorch). Use padding=0, or crop the output yourself.";
  } else {
    const ConvTranspose1dParams p{values[0], values[1], values[4], values[2], values[3]};
    take(plan_conv_transpose1d(input, weight, bias_ptr, p), call.transpose);
  }
  if (!call.ok()) return call;
  block[out_rank] = static_cast<double>(out_shape.size());
  for (size_t i = 0; i < out_shape.size(); ++i)
    block[out_dims + i] = static_cast<double>(out_shape[i]);
  block[input_count] = static_cast<double>(count(input));
  block[weight_count] = static_cast<double>(count(weight));
  block[bias_count] = has_bias ? static_cast<double>(count(bias)) : 0.0;
  block[output_count] = static_cast<double>(count(out_shape));
  return call;
}

Summary summarize(const Call& call) {
  Summary s;
  s.op = call.op;
  auto common = [&](const auto& g) {
    s.batched = g.batched;
    s.batch = g.batch;
    s.in_channels = g.in_channels;
    s.out_channels = g.out_channels;
    s.in_length = g.in_length;
    s.out_length = g.out_length;
    s.kernel_size = g.kernel_size;
    s.stride = g.stride;
    s.dilation = g.dilation;
    s.groups = g.groups;
    s.in_per_group = g.in_per_group();
    s.out_per_group = g.out_per_group();
    s.kernel_span = g.dilation * (g.kernel_size - 1) + 1;
    s.multiply_adds = call.ok() ? multiply_adds(g) : 0;
  };
  if (call.op == Op::Conv1d) {
    const Conv1dGeometry& g = call.conv;
    common(g);
    s.pad_left = g.pad_left;
    s.pad_right = g.pad_right;
    s.full_length = g.padded_length();
    s.padding_mode = padding_mode_name(g.padding_mode);
  } else {
    const ConvTranspose1dGeometry& g = call.transpose;
    common(g);
    s.crop_left = g.padding;
    s.crop_right = g.padding - g.output_padding;
    s.output_padding = g.output_padding;
    s.full_length = g.full_length();
    s.axis_of_output0 = g.padding;
  }
  // A call whose lengths failed has no overlap map: its axis is the full one.
  s.axis_length = !call.ok()              ? s.full_length
                  : call.op == Op::Conv1d ? overlap_axis_length(call.conv)
                                          : overlap_axis_length(call.transpose);
  return s;
}

}  // namespace convlab::call_block
