// The wire format between the JS wrapper and C++: one block of doubles holding an op, its
// shapes and its parameters. Doubles carry every integer JS can send exactly, so C++ sees the
// caller's real values (a huge or fractional one included) and validates them itself.
// Plain numbers, no Embind types: the whole path is testable natively.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "convlab/params.hpp"

namespace convlab::call_block {

enum class Op : int { Conv1d = 0, ConvTranspose1d = 1 };

constexpr int max_rank = 8;

// Slot indices into the block.
enum Slot : int {
  op = 0,
  input_rank = 1,
  input_dims = 2,                       // .. +max_rank
  weight_rank = input_dims + max_rank,  // 10
  weight_dims = weight_rank + 1,        // 11..18
  bias_rank = weight_dims + max_rank,   // 19; -1 = no bias
  bias_dims = bias_rank + 1,            // 20..27
  stride = bias_dims + max_rank,        // 28
  padding_kind = stride + 1,            // 0 number, 1 'same', 2 'valid'
  padding = padding_kind + 1,
  dilation = padding + 1,
  groups = dilation + 1,
  padding_mode = groups + 1,  // 0 zeros, 1 reflect, 2 replicate, 3 circular
  output_padding = padding_mode + 1,
  // written back by plan():
  out_rank = output_padding + 1,
  out_dims = out_rank + 1,     // .. +3
  input_count = out_dims + 3,  // element counts of input, weight, bias, output
  weight_count,
  bias_count,
  output_count,
  size  // total number of slots
};

// A decoded and validated call: exactly one of the two geometries is meaningful.
struct Call {
  Op op = Op::Conv1d;
  Conv1dGeometry conv;
  ConvTranspose1dGeometry transpose;
  std::string error;
  Field field = Field::None;    // what the error is about
  bool lengths_failed = false;  // Planned::lengths_failed: summarize() still describes the axis
  bool ok() const { return error.empty(); }
};

// Reads the block, validates, and writes output shape and element counts back into it.
Call plan(double* block);

// The whole geometry of a valid call (or of a call whose lengths failed: out_length may be
// 0 or negative, the axis is the full one), for every number a page shows (JS re-derives none).
struct Summary {
  Op op = Op::Conv1d;
  bool batched = true;
  int64_t batch = 0, in_channels = 0, out_channels = 0, in_length = 0, out_length = 0;
  int64_t kernel_size = 0, stride = 1, dilation = 1, groups = 1;
  int64_t in_per_group = 0, out_per_group = 0;
  int64_t pad_left = 0, pad_right = 0;    // conv1d: cells padding adds at each end
  int64_t crop_left = 0, crop_right = 0;  // conv_transpose1d: cells padding crops from each end
                                          // of the full output (crop_right < 0: output_padding
                                          // adds that many cells past its end)
  int64_t output_padding = 0;
  int64_t full_length = 0;  // conv1d: the padded input; conv_transpose1d: the uncropped output
  int64_t axis_length = 0, axis_of_output0 = 0;  // the overlap map's axis (overlap.hpp)
  int64_t kernel_span = 0;  // dilation*(kernel_size-1)+1: the cells one kernel covers
  double multiply_adds = 0;
  const char* padding_mode = "zeros";
};
Summary summarize(const Call& call);

// A call as native code writes it: the one encoder of the block, shared by the golden loader
// and the fuzzer (the JS side writes the same slots from web/lib/conv/call-block.js). Numbers stay
// doubles so a test can send anything JS could. padding_kind: 0 number, 1 'same', 2 'valid';
// padding_mode: 0 zeros, 1 reflect, 2 replicate, 3 circular (other codes are malformed).
struct Request {
  Op op = Op::Conv1d;
  std::vector<double> input, weight;
  const std::vector<double>* bias = nullptr;  // nullptr: no bias
  double stride = 1, padding_kind = 0, padding = 0, dilation = 1, groups = 1;
  double padding_mode = 0, output_padding = 0;
};
void encode(const Request& request, double* block);

}  // namespace convlab::call_block
