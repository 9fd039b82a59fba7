// The contribution map the playground draws: which (input element, kernel tap) pairs land on
// which output cell. Computed from the same geometry and index rules as the kernels.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "convlab/params.hpp"

namespace convlab {

// What an axis cell is. Conv1d's axis is the padded input; ConvTranspose1d's axis is the
// uncropped output extended by output_padding.
enum class AxisCell : int8_t {
  Kept = 0,           // conv1d: a real input element; transpose: a cell of the output
  Padding = 1,        // conv1d: a padding cell; transpose: a cell that `padding` crops
  OutputPadding = 2,  // transpose only: a cell that exists only because of output_padding
};

struct OverlapEntry {
  int64_t output;  // output cell (index in the op's output)
  int64_t axis;    // conv1d: padded position read; transpose: uncropped position written (-1 never)
  int64_t input;   // conv1d: input element copied (-1 = zero padding); transpose: input element
  int64_t tap;     // kernel tap k
};

struct OverlapMap {
  int64_t in_length = 0, kernel_size = 0, out_length = 0;
  int64_t axis_length = 0;
  int64_t axis_of_output0 = 0;       // transpose: padding (output cell o sits at axis o + padding)
  std::vector<int64_t> axis_source;  // conv1d: input index each axis cell holds (-1: zero);
                                     // transpose: output index of each axis cell (-1: cropped)
  std::vector<AxisCell> axis_kind;
  std::vector<int64_t> axis_count;    // how many (input, tap) pairs touch each axis cell
  std::vector<OverlapEntry> entries;  // ordered by output cell, then tap
};

// Empty when the map fits limits::max_overlap_entries, else a message for the user.
std::string overlap_size_error(int64_t entries, int64_t axis_length);

// The map's axis: conv1d's padded input; conv_transpose1d's uncropped output and any cells
// output_padding adds past its end.
int64_t overlap_axis_length(const Conv1dGeometry& g);
int64_t overlap_axis_length(const ConvTranspose1dGeometry& g);

// One channel's map; channels and groups only change which channels are summed.
OverlapMap overlap_conv1d(const Conv1dGeometry& g);
OverlapMap overlap_conv_transpose1d(const ConvTranspose1dGeometry& g);

}  // namespace convlab
