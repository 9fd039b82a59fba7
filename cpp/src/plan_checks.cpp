// The checks plan.cpp is built from (plan_checks.hpp).
#include "plan_checks.hpp"

#include "convlab/limits.hpp"

namespace convlab::plan_checks {
namespace {

Field field_of(const char* name) {
  const std::string n = name;
  if (n == "stride") return Field::Stride;
  if (n == "padding") return Field::Padding;
  if (n == "dilation") return Field::Dilation;
  if (n == "groups") return Field::Groups;
  if (n == "output_padding") return Field::OutputPadding;
  return Field::None;
}

int64_t element_count(const std::vector<int64_t>& shape) {
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
  const int64_t count = element_count(weight);
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

}  // namespace

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

int64_t product(std::initializer_list<int64_t> factors) {
  int64_t n = 1;
  for (int64_t d : factors) {
    if (d != 0 && n > (limits::max_tensor_elements + 1) / d) return limits::max_tensor_elements + 1;
    n *= d;
  }
  return n;
}

Problem check_tensors(const char* op, const std::vector<int64_t>& input,
                      const std::vector<int64_t>& weight, const std::vector<int64_t>* bias,
                      int64_t groups) {
  if (input.size() != 2 && input.size() != 3)
    return {Field::Input,
            cat("input: expected a 2-D (unbatched: channels, length) or 3-D (batch, channels, "
                "length) tensor for ",
                op, ", but got shape ", shape_text(input),
                ". Reshape it, e.g. input.reshape(1, 1, -1).")};
  if (weight.size() != 3)
    return {Field::Weight,
            cat("weight: expected a 3-D tensor for ", op, " (",
                std::string(op) == "conv1d" ? "out_channels, in_channels/groups"
                                            : "in_channels, out_channels/groups",
                ", kernel_size), but got shape ", shape_text(weight), ". Reshape it, e.g. ",
                weight_reshape(op, input, weight, groups), ".")};
  for (const auto* t : {&input, &weight}) {
    const char* name = t == &input ? "input" : "weight";
    for (int64_t d : *t)
      if (d < 0)
        return {field_of(name), cat(name, ": shape ", shape_text(*t), " has a negative size.")};
    for (int64_t d : *t)
      if (d > limits::max_length)
        return {field_of(name),
                cat(name, ": dimension ", d, " in shape ", shape_text(*t),
                    " exceeds ConvLab's limit of ", limits::max_length, " per dimension.")};
    if (element_count(*t) > limits::max_tensor_elements)
      return {field_of(name),
              cat(name, ": shape ", shape_text(*t), " exceeds ConvLab's limit of ",
                  limits::max_tensor_elements, " elements per tensor. Use a smaller tensor.")};
  }
  if (input.back() == 0)
    return {Field::Input,
            cat("input: length 0 in shape ", shape_text(input),
                " is not allowed (PyTorch rejects empty inputs; only the batch may be 0). "
                "Give the input at least one element per channel.")};
  if (weight[2] == 0)
    return {Field::Weight, cat("weight: kernel_size 0 in shape ", shape_text(weight),
                               " is not allowed; kernel_size must be at least 1.")};
  if (weight[2] > limits::max_kernel_size)
    return {Field::Weight, cat("weight: kernel_size ", weight[2], " exceeds ConvLab's limit of ",
                               limits::max_kernel_size, ".")};
  if (weight[0] > limits::max_channels || weight[1] > limits::max_channels)
    return {Field::Weight, cat("weight: shape ", shape_text(weight), " exceeds ConvLab's limit of ",
                               limits::max_channels, " channels.")};
  if (bias && (bias->size() != 1))
    return {Field::Bias, cat("bias: expected a 1-D tensor of shape [out_channels], but got shape ",
                             shape_text(*bias), ". Pass bias.reshape(-1) or no bias.")};
  return {};
}

Problem too_large_output(const std::vector<int64_t>& shape) {
  return {Field::Output, cat("output: shape ", shape_text(shape),
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
                " and out_channels=", out_channels, " (weight shape ", shape_text(weight),
                "): both must be divisible by groups. Use groups=",
                common_divisors(in_channels, out_channels), ".")};
  return {};
}

Problem check_bias(const std::vector<int64_t>* bias, int64_t out_channels) {
  if (bias && (*bias)[0] != out_channels)
    return {Field::Bias, cat("bias: expected shape [", out_channels,
                             "] (one value per output channel), but got ", shape_text(*bias),
                             ". Give ", out_channels, " bias values or no bias.")};
  return {};
}

Problem channel_mismatch(int64_t groups, const std::vector<int64_t>& weight,
                         const std::vector<int64_t>& input, int64_t expected, int64_t got) {
  return {Field::Channels,
          cat("channels: given groups=", groups, " and weight of shape ", shape_text(weight),
              ", the input (shape ", shape_text(input), ") must have ", expected,
              " channels, but it has ", got, ". Change the input's channel dimension to ", expected,
              " or use a weight that matches ", got, " input channels.")};
}

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

}  // namespace convlab::plan_checks
