// The wasm entry points of the design functions (convlab/design.hpp), apart from embind.cpp's call
// path. Like the call block, numbers travel through one static block of doubles (the JS wrapper
// web/lib/design/ has checked they are whole numbers; NaN means "left out"), and text as UTF-8
// bytes: plain exports, no Embind, so the module stays small. Slot numbers must match
// web/lib/design/design-block.js.
#include <emscripten/em_macros.h>

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "convlab/design.hpp"
#include "convlab/limits.hpp"

using namespace convlab;

namespace {

double g_design_block[32];
std::vector<int32_t> g_solutions;  // 5-tuples: kernelSize, stride, padding, dilation, outputPadding
std::string g_design_text;         // the error, or invertConv1d's reason when it has no transpose
std::string g_design_field;        // what the error is about (the API's name), "" when none

// Whole numbers beyond every limit saturate, so the range checks still name them.
int64_t to_int(double v) {
  constexpr double big = 9.0e15;
  if (std::isnan(v)) return 0;
  return static_cast<int64_t>(v > big ? big : v < -big ? -big : v);
}

// Parameters clamped like the call block's: out-of-range values still reach plan's checks.
int64_t to_param(double v) {
  const int64_t big = limits::max_param + 1;
  const int64_t i = to_int(v);
  return i > big ? big : i < -big ? -big : i;
}

std::optional<IntRange> range_at(const double* q, int i) {
  if (std::isnan(q[i]) || std::isnan(q[i + 1])) return std::nullopt;
  return IntRange{to_int(q[i]), to_int(q[i + 1])};
}

}  // namespace

extern "C" {

EMSCRIPTEN_KEEPALIVE uintptr_t convlab_design_block() {
  return reinterpret_cast<uintptr_t>(g_design_block);
}

// Block in: [transpose, inLength, outLength, then min, max of kernelSize, stride, padding,
// dilation, outputPadding]. Returns the number of solutions (convlab_design_solutions() holds
// them), or -1 with the message in the design text.
EMSCRIPTEN_KEEPALIVE double convlab_solve_shapes() {
  const double* q = g_design_block;
  ShapeQuery sq;
  sq.transpose = q[0] != 0;
  sq.in_length = to_int(q[1]);
  sq.out_length = to_int(q[2]);
  sq.kernel_size = range_at(q, 3);
  sq.stride = range_at(q, 5);
  sq.padding = range_at(q, 7);
  sq.dilation = range_at(q, 9);
  sq.output_padding = range_at(q, 11);
  const ShapeSolutions solved = solve_shapes(sq);
  g_solutions.clear();
  g_solutions.shrink_to_fit();  // a big answer does not stay resident
  g_design_text = solved.error;
  g_design_field = solved.field;
  if (!solved.ok()) return -1;
  g_solutions.reserve(solved.solutions.size() * 5);
  for (const ShapeSolution& s : solved.solutions) {  // every value is at most limits::max_param
    g_solutions.push_back(static_cast<int32_t>(s.kernel_size));
    g_solutions.push_back(static_cast<int32_t>(s.stride));
    g_solutions.push_back(static_cast<int32_t>(s.padding));
    g_solutions.push_back(static_cast<int32_t>(s.dilation));
    g_solutions.push_back(static_cast<int32_t>(s.output_padding));
  }
  return static_cast<double>(solved.solutions.size());
}

EMSCRIPTEN_KEEPALIVE uintptr_t convlab_design_solutions() {
  return reinterpret_cast<uintptr_t>(g_solutions.data());
}

// Block in: [inLength, kernelSize, stride, paddingKind (0 number, 1 'same', 2 'valid'), padding,
// dilation, paddingMode (0 zeros .. 3 circular)]. Out, from slot 16: outLength, padLeft, padRight,
// minInLength, maxInLength, hasTranspose, stride, padding, dilation, outputPadding, baseLength,
// minRecoverable, maxRecoverable. Returns 0, or 1 with the message in the design text.
EMSCRIPTEN_KEEPALIVE int convlab_invert_conv1d() {
  double* b = g_design_block;
  if (!(b[3] >= 0 && b[3] <= 2) || !(b[6] >= 0 && b[6] <= 3)) {
    g_design_text = "internal: malformed invertConv1d block.";
    g_design_field.clear();
    return 1;
  }
  Conv1dParams p;
  p.stride = to_param(b[2]);
  p.padding_kind = static_cast<PaddingKind>(static_cast<int>(b[3]));
  p.padding = to_param(b[4]);
  p.dilation = to_param(b[5]);
  p.padding_mode = static_cast<PaddingMode>(static_cast<int>(b[6]));
  const Conv1dInverse inv = invert_conv1d(to_int(b[0]), to_int(b[1]), p);
  g_design_text = inv.error.empty() ? inv.no_transpose_reason : inv.error;
  g_design_field = inv.field;
  if (!inv.error.empty()) return 1;
  const int64_t out[] = {inv.out_length,         inv.pad_left,
                         inv.pad_right,          inv.min_in_length,
                         inv.max_in_length,      inv.has_transpose ? 1 : 0,
                         inv.transpose.stride,   inv.transpose.padding,
                         inv.transpose.dilation, inv.transpose.output_padding,
                         inv.base_length,        inv.min_recoverable,
                         inv.max_recoverable};
  for (int i = 0; i < 13; ++i) b[16 + i] = static_cast<double>(out[i]);
  return 0;
}

// which 0: the last error, or invertConv1d's reason when it has no transpose; 1: the error's
// field. UTF-8, not terminated.
EMSCRIPTEN_KEEPALIVE uintptr_t convlab_design_text(int which) {
  return reinterpret_cast<uintptr_t>((which ? g_design_field : g_design_text).data());
}
EMSCRIPTEN_KEEPALIVE double convlab_design_text_length(int which) {
  return static_cast<double>((which ? g_design_field : g_design_text).size());
}

}  // extern "C"
