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
  bool ok() const { return error.empty(); }
};

// Reads the block, validates, and writes output shape and element counts back into it.
Call plan(double* block);

}  // namespace convlab::call_block
