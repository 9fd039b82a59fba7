// Contribution maps for the overlap diagram, built from the reference's index rules.
#include "convlab/overlap.hpp"

#include <algorithm>

#include "convlab/limits.hpp"
#include "convlab/padding.hpp"

namespace convlab {

std::string overlap_size_error(int64_t entries, int64_t axis_length) {
  if (entries <= limits::max_overlap_entries && axis_length <= limits::max_overlap_entries)
    return {};
  return "overlap: this map would list " + std::to_string(entries) + " (input, tap) pairs over " +
         std::to_string(axis_length) + " cells; the limit is " +
         std::to_string(limits::max_overlap_entries) +
         ". Ask for the overlap of a shorter input or a smaller kernel (the diagram shows up to "
         "~64 cells anyway).";
}

int64_t overlap_axis_length(const Conv1dGeometry& g) { return g.padded_length(); }

int64_t overlap_axis_length(const ConvTranspose1dGeometry& g) {
  return std::max(g.full_length(), g.padding + g.out_length);
}

OverlapMap overlap_conv1d(const Conv1dGeometry& g) {
  OverlapMap map;
  map.in_length = g.in_length;
  map.kernel_size = g.kernel_size;
  map.out_length = g.out_length;
  map.axis_length = overlap_axis_length(g);
  map.axis_of_output0 = 0;
  for (int64_t j = 0; j < map.axis_length; ++j) {
    const bool inside = j >= g.pad_left && j < g.pad_left + g.in_length;
    map.axis_source.push_back(padded_source_index(j, g.in_length, g.pad_left, g.padding_mode));
    map.axis_kind.push_back(inside ? AxisCell::Kept : AxisCell::Padding);
  }
  map.axis_count.assign(static_cast<size_t>(map.axis_length), 0);
  for (int64_t o = 0; o < g.out_length; ++o)
    for (int64_t k = 0; k < g.kernel_size; ++k) {
      const int64_t j = o * g.stride + k * g.dilation;
      map.entries.push_back({o, j, map.axis_source[j], k});
      ++map.axis_count[j];
    }
  return map;
}

OverlapMap overlap_conv_transpose1d(const ConvTranspose1dGeometry& g) {
  OverlapMap map;
  map.in_length = g.in_length;
  map.kernel_size = g.kernel_size;
  map.out_length = g.out_length;
  map.axis_of_output0 = g.padding;
  map.axis_length = overlap_axis_length(g);
  for (int64_t t = 0; t < map.axis_length; ++t) {
    const int64_t o = t - g.padding;
    const bool kept = o >= 0 && o < g.out_length;
    map.axis_source.push_back(kept ? o : -1);
    // output_padding adds the last `output_padding` output cells; past the uncropped end
    // they receive only bias, before it they are cells padding would otherwise have cropped.
    const bool added = t >= g.full_length() - g.padding;
    map.axis_kind.push_back(!kept   ? AxisCell::Padding
                            : added ? AxisCell::OutputPadding
                                    : AxisCell::Kept);
  }
  map.axis_count.assign(static_cast<size_t>(map.axis_length), 0);
  for (int64_t i = 0; i < g.in_length; ++i)
    for (int64_t k = 0; k < g.kernel_size; ++k) {
      const int64_t t = i * g.stride + k * g.dilation;
      ++map.axis_count[t];
      map.entries.push_back({map.axis_source[t], t, i, k});
    }
  // Output order makes "what sums into y[o]" a contiguous run; cropped cells (-1) come first.
  std::stable_sort(map.entries.begin(), map.entries.end(),
                   [](const OverlapEntry& a, const OverlapEntry& b) { return a.axis < b.axis; });
  return map;
}

}  // namespace convlab
