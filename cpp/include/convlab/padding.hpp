// Which input element a padded cell holds, for every padding mode. Shared by the reference,
// the SIMD input packing and the overlap map, so all three agree by construction.
#pragma once

#include <cstdint>

#include "convlab/params.hpp"

namespace convlab {

// Index into the unpadded input (length `length`) that padded cell `j` copies, or -1 when the
// cell is a zero. Valid for pads that plan_conv1d accepted (reflect: pad < length;
// circular: pad <= length).
inline int64_t padded_source_index(int64_t j, int64_t length, int64_t pad_left, PaddingMode mode) {
  const int64_t i = j - pad_left;
  if (i >= 0 && i < length) return i;
  switch (mode) {
    case PaddingMode::Zeros:
      return -1;
    case PaddingMode::Reflect:
      return i < 0 ? -i : 2 * (length - 1) - i;
    case PaddingMode::Replicate:
      return i < 0 ? 0 : length - 1;
    case PaddingMode::Circular:
      return i < 0 ? i + length : i - length;
  }
  return -1;
}

}  // namespace convlab
