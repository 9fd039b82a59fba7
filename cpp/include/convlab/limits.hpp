// Documented size limits, checked before any allocation so an absurd request fails in
// microseconds with a clear message instead of aborting on out-of-memory.
#pragma once

#include <cstdint>

namespace convlab::limits {

// 2^26 floats = 256 MiB per tensor: WASM memory is capped at 2 GiB and a call holds input,
// weight, output and a packed copy of the input at once.
constexpr int64_t max_tensor_elements = int64_t{1} << 26;
constexpr int64_t max_channels = 65536;
constexpr int64_t max_kernel_size = 65536;
constexpr int64_t max_length = int64_t{1} << 26;
// stride, dilation, padding, output_padding: far beyond any useful value, small enough that
// products of them with lengths never overflow int64.
constexpr int64_t max_param = int64_t{1} << 24;

// The overlap map lists every (output cell, tap) pair; the playground draws up to ~64 cells, so
// this only stops a scripted caller from asking for billions of entries.
constexpr int64_t max_overlap_entries = int64_t{1} << 22;

// The SIMD path's scratch (packed rows and weights) persists between calls for speed; calls
// that would need more take the reference loops, so no past call can keep more than this
// and every call within the limits above still fits in 2 GiB of wasm memory.
constexpr double max_simd_scratch_bytes = double(int64_t{1} << 28);

}  // namespace convlab::limits
