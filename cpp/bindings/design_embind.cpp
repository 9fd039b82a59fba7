// Embind marshalling for the design functions (convlab/design.hpp), kept apart from embind.cpp's
// call path. Arguments arrive as one array of doubles (the JS wrapper web/lib/design/ has checked
// they are whole numbers; NaN means "left out"); results go back as value objects with an `error`
// string, never an exception.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <cmath>
#include <string>
#include <vector>

#include "convlab/design.hpp"
#include "convlab/limits.hpp"

using namespace emscripten;
using namespace convlab;

namespace {

// Whole numbers beyond every limit saturate, so the range checks still name them.
int64_t to_int(double v) {
  constexpr double big = 9.0e15;
  if (std::isnan(v)) return 0;
  return static_cast<int64_t>(v > big ? big : v < -big ? -big : v);
}

std::optional<IntRange> range_at(const std::vector<double>& q, size_t i) {
  if (std::isnan(q[i]) || std::isnan(q[i + 1])) return std::nullopt;
  return IntRange{to_int(q[i]), to_int(q[i + 1])};
}

val range_value(const IntRange& r) {
  val out = val::array();
  out.call<void>("push", static_cast<double>(r.min), static_cast<double>(r.max));
  return out;
}

// query: [transpose, inLength, outLength, then min, max of kernelSize, stride, padding,
// dilation, outputPadding]. Returns {error} or {solutions: Int32Array of 5-tuples in the order
// kernelSize, stride, padding, dilation, outputPadding; ranges}.
val solve_shapes_js(val query) {
  const auto q = convertJSArrayToNumberVector<double>(query);
  val result = val::object();
  if (q.size() != 13) {
    result.set("error", std::string("internal: malformed shape query."));
    return result;
  }
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
  if (!solved.ok()) {
    result.set("error", solved.error);
    return result;
  }
  std::vector<int32_t> flat;
  flat.reserve(solved.solutions.size() * 5);
  for (const ShapeSolution& s : solved.solutions)  // every value is at most limits::max_param
    flat.insert(flat.end(), {static_cast<int32_t>(s.kernel_size), static_cast<int32_t>(s.stride),
                             static_cast<int32_t>(s.padding), static_cast<int32_t>(s.dilation),
                             static_cast<int32_t>(s.output_padding)});
  result.set("solutions",
             val::global("Int32Array").new_(typed_memory_view(flat.size(), flat.data())));
  val ranges = val::object();
  ranges.set("kernelSize", range_value(solved.ranges.kernel_size));
  ranges.set("stride", range_value(solved.ranges.stride));
  ranges.set("padding", range_value(solved.ranges.padding));
  ranges.set("dilation", range_value(solved.ranges.dilation));
  ranges.set("outputPadding", range_value(solved.ranges.output_padding));
  result.set("ranges", ranges);
  return result;
}

// conv: [inLength, kernelSize, stride, paddingKind (0 number, 1 'same', 2 'valid'), padding,
// dilation, paddingMode (0 zeros, 1 reflect, 2 replicate, 3 circular)].
val invert_conv1d_js(val conv) {
  const auto c = convertJSArrayToNumberVector<double>(conv);
  val result = val::object();
  if (c.size() != 7 || !(c[3] >= 0 && c[3] <= 2) || !(c[6] >= 0 && c[6] <= 3)) {
    result.set("error", std::string("internal: malformed invertConv1d query."));
    return result;
  }
  Conv1dParams p;
  // Clamped like the call block's parameters: out-of-range values still reach plan's checks.
  const auto param = [](double v) {
    const int64_t big = limits::max_param + 1;
    const int64_t i = to_int(v);
    return i > big ? big : i < -big ? -big : i;
  };
  p.stride = param(c[2]);
  p.padding_kind = static_cast<PaddingKind>(static_cast<int>(c[3]));
  p.padding = param(c[4]);
  p.dilation = param(c[5]);
  p.padding_mode = static_cast<PaddingMode>(static_cast<int>(c[6]));
  const Conv1dInverse inv = invert_conv1d(to_int(c[0]), to_int(c[1]), p);
  if (!inv.error.empty()) {
    result.set("error", inv.error);
    return result;
  }
  result.set("outLength", static_cast<double>(inv.out_length));
  result.set("padLeft", static_cast<double>(inv.pad_left));
  result.set("padRight", static_cast<double>(inv.pad_right));
  result.set("minInLength", static_cast<double>(inv.min_in_length));
  result.set("maxInLength", static_cast<double>(inv.max_in_length));
  result.set("hasTranspose", inv.has_transpose);
  result.set("noTransposeReason", inv.no_transpose_reason);
  result.set("stride", static_cast<double>(inv.transpose.stride));
  result.set("padding", static_cast<double>(inv.transpose.padding));
  result.set("dilation", static_cast<double>(inv.transpose.dilation));
  result.set("outputPadding", static_cast<double>(inv.transpose.output_padding));
  result.set("baseLength", static_cast<double>(inv.base_length));
  result.set("minRecoverable", static_cast<double>(inv.min_recoverable));
  result.set("maxRecoverable", static_cast<double>(inv.max_recoverable));
  return result;
}

}  // namespace

EMSCRIPTEN_BINDINGS(convlab_design) {
  function("solveShapes", &solve_shapes_js);
  function("invertConv1d", &invert_conv1d_js);
}
