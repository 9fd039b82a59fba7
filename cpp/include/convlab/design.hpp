// Backwards questions about shapes, answered with plan()'s formulas and rules: which settings map
// one length to another (solve_shapes), and which ConvTranspose1d undoes a Conv1d's length change
// (invert_conv1d). Plain numbers in and out; no Emscripten.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "convlab/params.hpp"

namespace convlab {

// Inclusive [min, max].
struct IntRange {
  int64_t min = 0, max = 0;
  int64_t count() const { return max - min + 1; }
};

// A range left out takes its default (default_shape_ranges): kernel_size [1, 16], stride [1, 8],
// dilation [1, 4], padding [0, limits::max_param] (any), output_padding [0, max(stride.max,
// dilation.max) - 1] (every value PyTorch can accept for those strides and dilations).
struct ShapeQuery {
  bool transpose = false;  // false: Conv1d (numeric zero padding), true: ConvTranspose1d
  int64_t in_length = 0, out_length = 0;
  std::optional<IntRange> kernel_size, stride, padding, dilation, output_padding;
};

struct ShapeRanges {
  IntRange kernel_size, stride, padding, dilation, output_padding;
};

struct ShapeSolution {
  int64_t kernel_size = 1, stride = 1, padding = 0, dilation = 1, output_padding = 0;
  bool operator==(const ShapeSolution& o) const {
    return kernel_size == o.kernel_size && stride == o.stride && padding == o.padding &&
           dilation == o.dilation && output_padding == o.output_padding;
  }
};

struct ShapeSolutions {
  std::vector<ShapeSolution> solutions;  // complete, ordered by simpler_shape
  ShapeRanges ranges;                    // the ranges searched (defaults filled in)
  std::string error;                     // empty when valid
  std::string field;  // what the error is about: inLength, outLength, ranges.<name>, ranges
  bool ok() const { return error.empty(); }
};

// Caps that keep one query within milliseconds: (kernel_size, stride, dilation) combinations
// searched, and solutions returned (a query with more is refused, never truncated).
constexpr int64_t max_shape_search = int64_t{1} << 20;
constexpr int64_t max_shape_solutions = int64_t{1} << 16;

ShapeRanges default_shape_ranges(const ShapeQuery& query);

// Every setting within the ranges that PyTorch accepts and that maps in_length to exactly
// out_length. Conv1d solutions have output_padding 0 (and exist only if the range holds 0).
ShapeSolutions solve_shapes(const ShapeQuery& query);

// True when the kernel's taps reach every stride phase (gcd(stride, dilation) == 1 and
// kernel_size >= stride): Conv1d then reads every input cell and ConvTranspose1d writes every
// output cell (away from the ends); otherwise some cells are skipped, rarely what is meant.
bool taps_cover_stride(int64_t kernel_size, int64_t stride, int64_t dilation);

// The documented "simplest first" order: dilation; taps covering the stride before not;
// padding + output_padding; kernel_size; stride; padding; output_padding (all ascending).
bool simpler_shape(const ShapeSolution& a, const ShapeSolution& b);

// What a ConvTranspose1d needs to give a Conv1d's input length back.
struct Conv1dInverse {
  std::string error;       // empty when the Conv1d is valid for in_length
  std::string field;       // what the error is about: inLength, kernelSize or plan's field name
  int64_t out_length = 0;  // the Conv1d's output length for in_length
  int64_t pad_left = 0, pad_right = 0;  // the Conv1d's resolved padding ('same' may be uneven)
  // Every input length this Conv1d maps to out_length (more than one when stride > 1).
  int64_t min_in_length = 0, max_in_length = 0;
  // The ConvTranspose1d with the same kernel_size, stride and dilation mapping out_length back to
  // in_length; none exists when the padding is uneven and output_padding cannot make up the cell.
  bool has_transpose = false;
  ConvTranspose1dParams transpose;
  std::string no_transpose_reason;
  // Its length with output_padding 0: output_padding = L - base_length picks L. The lengths it
  // can reach this way, within [min_in_length, max_in_length]:
  int64_t base_length = 0;
  int64_t min_recoverable = 0, max_recoverable = 0;
};

// params.groups is ignored (lengths do not depend on it).
Conv1dInverse invert_conv1d(int64_t in_length, int64_t kernel_size, const Conv1dParams& params);

}  // namespace convlab
