// Validation: turns shapes + parameters into a geometry, or into a message that names the
// parameter, its value, the rule, and a valid alternative. Mirrors what PyTorch rejects.
#include <initializer_list>
#include <string>

#include "convlab/limits.hpp"
#include "convlab/padding.hpp"
#include "convlab/params.hpp"

namespace convlab {
namespace {

// String building without <sstream>: iostreams would triple the wasm size.
void append(std::string& out, const std::string& part) { out += part; }
void append(std::string& out, const char* part) { out += part; }
void append(std::string& out, int64_t part) { out += std::to_string(part); }

template <typename... Parts>
std::string cat(const Parts&... parts) {
  std::string out;
  (append(out, parts), ...);
  return out;
}

// A rejection: the parameter or tensor at fault, and the message for the user.
struct Problem {
  Field field = Field::None;
  std::string message;
  bool empty() const { return message.empty(); }
};

Field field_of(const char* name) {
  const std::string n = name;
  if (n == "stride") return Field::Stride;
  if (n == "padding") return Field::Padding;
  if (n == "dilation") return Field::Dilation;
  if (n == "groups") return Field::Groups;
  if (n == "output_padding") return Field::OutputPadding;
  return Field::None;
}

std::string shape_str(const std::vector<int64_t>& s) {
  std::string out = "[";
  for (size_t i = 0; i < s.size(); ++i) out += cat(i ? ", " : "", s[i]);
  return out + "]";
}

// "1, 2 or 4": the groups values that divide every given channel count.
std::string common_divisors(int64_t a, int64_t b) {
  std::vector<int64_t> divisors;
  // Bounded by both: a can be weight[1] * groups, far beyond any channel count.
  for (int64_t d = 1; d <= a && d <= b && divisors.size() < 8; ++d)
    if (a % d == 0 && b % d == 0) divisors.push_back(d);
  std::string out;
  for (size_t i = 0; i < divisors.size(); ++i)
    out += cat(i == 0 ? "" : i + 1 == divisors.size() ? " or " : ", ", divisors[i]);
  return out;
}

// Saturates instead of overflowing: any count past the limit is equally too large.
int64_t product(std::initializer_list<int64_t> factors) {
  int64_t n = 1;
  for (int64_t d : factors) {
    if (d != 0 && n > (limits::max_tensor_elements + 1) / d) return limits::max_tensor_elements + 1;
    n *= d;
  }
  return n;
}

int64_t product(const std::vector<int64_t>& shape) {
  int64_t n = 1;
  for (int64_t d : shape) n = product({n, d});
  return n;
}

// A 3-D reshape of a wrongly ranked weight that fits the input's channels: conv1d's weight
// dimension 1 is in_channels/groups, conv_transpose1d's dimension 0 is in_channels. The last
// dimension given is kept as kernel_size.
std::string weight_reshape(const char* op, const std::vector<int64_t>& input,
                           const std::vector<int64_t>& weight, int64_t groups) {
  const int64_t channels = input[input.size() - 2];
  const int64_t kernel = weight.empty() ? 1 : weight.back();
  int64_t count = 1;
  for (int64_t d : weight) count = product({count, d});
  const bool conv = std::string(op) == "conv1d";
  const int64_t per =
      conv ? (groups > 0 && channels % groups == 0 ? channels / groups : channels) : channels;
  if (per > 0 && kernel > 0 && per <= limits::max_length && kernel <= limits::max_length &&
      count <= limits::max_tensor_elements && count % (per * kernel) == 0) {
    const int64_t other = count / (per * kernel);
    return conv ? cat("weight.reshape(", other, ", ", per, ", ", kernel, ")")
                : cat("weight.reshape(", per, ", ", other, ", ", kernel, ")");
  }
  return conv ? cat("weight.reshape(out_channels, ", per, ", kernel_size)")
              : cat("weight.reshape(", per, ", out_channels, kernel_size)");
}

// Checks shared by both ops: ranks, sizes, limits, scalar parameter ranges.
Problem check_tensors(const char* op, const std::vector<int64_t>& input,
                      const std::vector<int64_t>& weight, const std::vector<int64_t>* bias,
                      int64_t groups) {
  if (input.size() != 2 && input.size() != 3)
    return {Field::Input,
            cat("input: expected a 2-D (unbatched: channels, length) or 3-D (batch, channels, "
                "length) tensor for ",
                op, ", but got shape ", shape_str(input),
                ". Reshape it, e.g. input.reshape(1, 1, -1).")};
  if (weight.size() != 3)
    return {Field::Weight,
            cat("weight: expected a 3-D tensor for ", op, " (",
                std::string(op) == "conv1d" ? "out_channels, in_channels/groups"
                                            : "in_channels, out_channels/groups",
                ", kernel_size), but got shape ", shape_str(weight), ". Reshape it, e.g. ",
                weight_reshape(op, input, weight, groups), ".")};
  for (const auto* t : {&input, &weight}) {
    const char* name = t == &input ? "input" : "weight";
    for (int64_t d : *t)
      if (d < 0)
        return {field_of(name), cat(name, ": shape ", shape_str(*t), " has a negative size.")};
    for (int64_t d : *t)
      if (d > limits::max_length)
        return {field_of(name),
                cat(name, ": dimension ", d, " in shape ", shape_str(*t),
                    " exceeds ConvLab's limit of ", limits::max_length, " per dimension.")};
    if (product(*t) > limits::max_tensor_elements)
      return {field_of(name),
              cat(name, ": shape ", shape_str(*t), " exceeds ConvLab's limit of ",
                  limits::max_tensor_elements, " elements per tensor. Use a smaller tensor.")};
  }
  if (input.back() == 0)
    return {Field::Input,
            cat("input: length 0 in shape ", shape_str(input),
                " is not allowed (PyTorch rejects empty inputs; only the batch may be 0). "
                "Give the input at least one element per channel.")};
  if (weight[2] == 0)
    return {Field::Weight, cat("weight: kernel_size 0 in shape ", shape_str(weight),
                               " is not allowed; kernel_size must be at least 1.")};
  if (weight[2] > limits::max_kernel_size)
    return {Field::Weight, cat("weight: kernel_size ", weight[2], " exceeds ConvLab's limit of ",
                               limits::max_kernel_size, ".")};
  if (weight[0] > limits::max_channels || weight[1] > limits::max_channels)
    return {Field::Weight, cat("weight: shape ", shape_str(weight), " exceeds ConvLab's limit of ",
                               limits::max_channels, " channels.")};
  if (bias && (bias->size() != 1))
    return {Field::Bias, cat("bias: expected a 1-D tensor of shape [out_channels], but got shape ",
                             shape_str(*bias), ". Pass bias.reshape(-1) or no bias.")};
  return {};
}

Problem too_large_output(const std::vector<int64_t>& shape) {
  return {Field::Output, cat("output: shape ", shape_str(shape),
                             " would exceed ConvLab's limit of ", limits::max_tensor_elements,
                             " elements per tensor. Use a shorter input, a smaller "
                             "kernel, stride or dilation, or fewer channels.")};
}

Problem check_positive(const char* name, int64_t value, const char* meaning) {
  if (value <= 0)
    return {field_of(name),
            cat(name, "=", value, " is not allowed: ", name, " must be a positive integer (",
                meaning, "). Use ", name, "=1 for the default.")};
  if (value > limits::max_param)
    return {field_of(name),
            cat(name, " is too large: ConvLab's limit is ", limits::max_param, " (got ", name, "=",
                value, "). Use ", name, "=1 for the default.")};
  return {};
}

Problem check_non_negative(const char* name, int64_t value) {
  if (value < 0)
    return {field_of(name), cat(name, "=", value, " is not allowed: ", name,
                                " must be zero or positive. Use ", name, "=0 for none.")};
  if (value > limits::max_param)
    return {field_of(name), cat(name, " is too large: ConvLab's limit is ", limits::max_param,
                                " (got ", name, "=", value, "). Use ", name, "=0 for none.")};
  return {};
}

Problem check_groups(int64_t groups, int64_t in_channels, int64_t out_channels,
                     const std::vector<int64_t>& weight) {
  if (auto e = check_positive("groups", groups, "the number of blocked connections"); !e.empty())
    return e;
  if (in_channels % groups != 0 || out_channels % groups != 0)
    return {Field::Groups,
            cat("groups=", groups, " does not divide in_channels=", in_channels,
                " and out_channels=", out_channels, " (weight shape ", shape_str(weight),
                "): both must be divisible by groups. Use groups=",
                common_divisors(in_channels, out_channels), ".")};
  return {};
}

Problem check_bias(const std::vector<int64_t>* bias, int64_t out_channels) {
  if (bias && (*bias)[0] != out_channels)
    return {Field::Bias, cat("bias: expected shape [", out_channels,
                             "] (one value per output channel), but got ", shape_str(*bias),
                             ". Give ", out_channels, " bias values or no bias.")};
  return {};
}

Problem channel_mismatch(int64_t groups, const std::vector<int64_t>& weight,
                         const std::vector<int64_t>& input, int64_t expected, int64_t got) {
  return {Field::Channels,
          cat("channels: given groups=", groups, " and weight of shape ", shape_str(weight),
              ", the input (shape ", shape_str(input), ") must have ", expected,
              " channels, but it has ", got, ". Change the input's channel dimension to ", expected,
              " or use a weight that matches ", got, " input channels.")};
}

// The pads a non-zeros padding mode may use, as PyTorch's F.pad enforces them.
Problem check_mode_padding(PaddingMode mode, int64_t left, int64_t right, int64_t length) {
  const int64_t pad = left > right ? left : right;
  if (mode == PaddingMode::Reflect && pad >= length)
    return {Field::Padding,
            cat("padding: reflect padding of ", pad,
                " needs an input longer than the padding, but "
                "the input length is ",
                length, " (reflect requires padding < length). Use padding ", "of at most ",
                length - 1, ", or padding_mode='replicate' or 'zeros'.")};
  if (mode == PaddingMode::Circular && pad > length)
    return {
        Field::Padding,
        cat("padding: circular padding of ", pad, " would wrap around the input of length ", length,
            " more than once (circular requires padding <= length). Use padding of at "
            "most ",
            length, ", or padding_mode='replicate' or 'zeros'.")};
  return {};
}

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

// Records a rejection in the plan (and returns it, for `return fail(...)`).
template <typename Geometry>
struct Failer {
  Planned<Geometry>& plan;
  Planned<Geometry> operator()(Problem problem) const {
    plan.error = std::move(problem.message);
    plan.field = problem.field;
    return plan;
  }
  Planned<Geometry> operator()(Field field, std::string message) const {
    return (*this)(Problem{field, std::move(message)});
  }
};

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
  Planned<Conv1dGeometry> plan;
  Conv1dGeometry& g = plan.geometry;
  const Failer<Conv1dGeometry> fail{plan};
  if (auto e = begin_plan("conv1d", input, weight, bias, p.stride, p.dilation, p.groups,
                          "the step between output positions", g);
      !e.empty())
    return fail(e);
  g.out_channels = weight[0];
  if (g.out_channels == 0)
    return fail(Field::Weight, cat("weight: out_channels is 0 in weight shape ", shape_str(weight),
                                   "; a convolution needs at least one output channel."));
  // groups is range-checked before weight[1] * groups is formed (it could overflow int64).
  if (auto e = check_positive("groups", p.groups, "the number of blocked connections"); !e.empty())
    return fail(e);
  if (auto e = check_groups(p.groups, weight[1] * p.groups, g.out_channels, weight); !e.empty())
    return fail(e);
  if (weight[1] == 0)
    return fail(Field::Weight,
                cat("weight: in_channels/groups is 0 in weight shape ", shape_str(weight),
                    "; each output channel needs at least one input channel."));
  if (weight[1] * p.groups != g.in_channels)
    return fail(channel_mismatch(p.groups, weight, input, weight[1] * p.groups, g.in_channels));
  if (auto e = check_bias(bias, g.out_channels); !e.empty()) return fail(e);

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
      if (auto e = check_non_negative("padding", p.padding); !e.empty()) return fail(e);
      g.pad_left = g.pad_right = p.padding;
      break;
  }
  if (g.padding_mode != PaddingMode::Zeros) {
    if (auto e = check_mode_padding(g.padding_mode, g.pad_left, g.pad_right, g.in_length);
        !e.empty())
      return fail(e);
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
  if (product({g.batch, g.out_channels, g.out_length}) > limits::max_tensor_elements)
    return fail(too_large_output(g.output_shape()));
  return plan;
}

Planned<ConvTranspose1dGeometry> plan_conv_transpose1d(const std::vector<int64_t>& input,
                                                       const std::vector<int64_t>& weight,
                                                       const std::vector<int64_t>* bias,
                                                       const ConvTranspose1dParams& p) {
  Planned<ConvTranspose1dGeometry> plan;
  ConvTranspose1dGeometry& g = plan.geometry;
  const Failer<ConvTranspose1dGeometry> fail{plan};
  if (auto e = begin_plan("conv_transpose1d", input, weight, bias, p.stride, p.dilation, p.groups,
                          "the step between input positions on the output", g);
      !e.empty())
    return fail(e);
  if (auto e = check_non_negative("padding", p.padding); !e.empty()) return fail(e);
  if (auto e = check_non_negative("output_padding", p.output_padding); !e.empty()) return fail(e);
  if (auto e = check_positive("groups", p.groups, "the number of blocked connections"); !e.empty())
    return fail(e);
  if (weight[0] == 0)
    return fail(Field::Weight,
                cat("weight: given groups=", p.groups,
                    ", expected weight to be at least 1 at dimension 0 (in_channels), but got "
                    "weight of size ",
                    shape_str(weight),
                    " (as PyTorch). A transposed convolution needs at least one input channel."));
  if (weight[1] == 0)
    return fail(Field::Weight,
                cat("weight: out_channels/groups is 0 in weight shape ", shape_str(weight),
                    "; a transposed convolution needs at least one output channel."));
  g.out_channels = weight[1] * p.groups;
  if (weight[0] % p.groups != 0)
    return fail(Field::Groups,
                cat("groups=", p.groups, " does not divide in_channels=", weight[0],
                    " (weight shape ", shape_str(weight),
                    ", dimension 0 is in_channels for conv_transpose1d): in_channels must be "
                    "divisible by groups. Use groups=",
                    common_divisors(weight[0], weight[0]), "."));
  if (weight[0] != g.in_channels)
    return fail(channel_mismatch(p.groups, weight, input, weight[0], g.in_channels));
  if (g.out_channels > limits::max_channels)
    return fail(Field::Weight, cat("weight: out_channels ", g.out_channels,
                                   " exceeds ConvLab's limit of ", limits::max_channels, "."));
  if (auto e = check_bias(bias, g.out_channels); !e.empty()) return fail(e);
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
  if (product({g.batch, g.out_channels, g.out_length}) > limits::max_tensor_elements)
    return fail(too_large_output(g.output_shape()));
  return plan;
}

}  // namespace convlab
