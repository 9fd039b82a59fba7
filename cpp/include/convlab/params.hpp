// Parameters with PyTorch's names and defaults, and the resolved geometry the kernels run on.
// Free of Emscripten and xsimd: native tests and the wasm build share it unchanged.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace convlab {

enum class PaddingMode { Zeros, Reflect, Replicate, Circular };

// padding is either a number (Explicit) or one of PyTorch's strings.
enum class PaddingKind { Explicit, Same, Valid };

struct Conv1dParams {
  int64_t stride = 1;
  PaddingKind padding_kind = PaddingKind::Explicit;
  int64_t padding = 0;  // used when padding_kind == Explicit
  int64_t dilation = 1;
  int64_t groups = 1;
  PaddingMode padding_mode = PaddingMode::Zeros;
};

struct ConvTranspose1dParams {
  int64_t stride = 1;
  int64_t padding = 0;
  int64_t output_padding = 0;
  int64_t dilation = 1;
  int64_t groups = 1;
};

// Everything a kernel needs, already validated. Shapes are always batched here;
// `batched` only records whether the caller's tensors had a batch dimension.
struct Conv1dGeometry {
  bool batched = true;
  int64_t batch = 0, in_channels = 0, in_length = 0;
  int64_t out_channels = 0, kernel_size = 0, out_length = 0;
  int64_t stride = 1, dilation = 1, groups = 1;
  int64_t pad_left = 0, pad_right = 0;  // 'same' may pad unevenly
  PaddingMode padding_mode = PaddingMode::Zeros;
  bool has_bias = false;

  int64_t padded_length() const { return in_length + pad_left + pad_right; }
  int64_t in_per_group() const { return in_channels / groups; }
  int64_t out_per_group() const { return out_channels / groups; }
  std::vector<int64_t> output_shape() const;
};

struct ConvTranspose1dGeometry {
  bool batched = true;
  int64_t batch = 0, in_channels = 0, in_length = 0;
  int64_t out_channels = 0, kernel_size = 0, out_length = 0;
  int64_t stride = 1, dilation = 1, groups = 1;
  int64_t padding = 0, output_padding = 0;
  bool has_bias = false;

  // Length of the output before `padding` crops it and `output_padding` extends it.
  int64_t full_length() const {
    return (in_length - 1) * stride + dilation * (kernel_size - 1) + 1;
  }
  int64_t in_per_group() const { return in_channels / groups; }
  int64_t out_per_group() const { return out_channels / groups; }
  std::vector<int64_t> output_shape() const;
};

// What a rejection is about: the parameter or tensor the page should point at.
enum class Field {
  None,
  Op,
  Input,
  Weight,
  Bias,
  Stride,
  Padding,
  Dilation,
  Groups,
  PaddingMode,
  OutputPadding,
  Channels,  // input channels vs weight (and groups)
  Kernel,    // the dilated kernel vs the padded input
  Output,    // the output would exceed the limits
};

// PyTorch's name for a field ("padding_mode"); "" for Field::None.
const char* field_name(Field field);

// A validation outcome: either a geometry or a message for the user (never both).
template <typename Geometry>
struct Planned {
  Geometry geometry;
  std::string error;          // empty when valid
  Field field = Field::None;  // what the error is about
  // The error is about the lengths (the kernel outspans the padded input; padding crops the
  // whole output): the geometry holds every field but out_length, so a page can draw the axis.
  bool lengths_failed = false;
  bool ok() const { return error.empty(); }
};

// bias_shape == nullptr means "no bias". Shapes are PyTorch's: input (N, C, L) or (C, L);
// Conv1d weight (C_out, C_in/groups, K); ConvTranspose1d weight (C_in, C_out/groups, K).
Planned<Conv1dGeometry> plan_conv1d(const std::vector<int64_t>& input_shape,
                                    const std::vector<int64_t>& weight_shape,
                                    const std::vector<int64_t>* bias_shape,
                                    const Conv1dParams& params);

Planned<ConvTranspose1dGeometry> plan_conv_transpose1d(const std::vector<int64_t>& input_shape,
                                                       const std::vector<int64_t>& weight_shape,
                                                       const std::vector<int64_t>* bias_shape,
                                                       const ConvTranspose1dParams& params);

const char* padding_mode_name(PaddingMode mode);

}  // namespace convlab
