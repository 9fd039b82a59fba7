// The shape solver: for each (kernel_size, stride, dilation) the lengths formula is solved for
// padding (and output_padding) in closed form, so the work is one step per combination plus one
// per solution. The formulas and rules are plan()'s (PYTORCH_SEMANTICS.md); the native tests check
// every solution against plan() and the whole set against a brute-force search over plan().
#include <algorithm>
#include <numeric>
#include <string>
#include <tuple>

#include "convlab/design.hpp"
#include "convlab/limits.hpp"
#include "message_text.hpp"

namespace convlab {
namespace {

// Floor and ceiling of a / b for b > 0 and any sign of a.
int64_t floor_div(int64_t a, int64_t b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }
int64_t ceil_div(int64_t a, int64_t b) { return -floor_div(-a, b); }

std::string check_length(const char* name, int64_t value) {
  if (value < 1)
    return (Text() << name << "=" << value
                   << " is not allowed: lengths must be at least 1 (PyTorch rejects empty inputs "
                      "and outputs). Use "
                   << name << "=1 or more.")
        .s;
  if (value > limits::max_length)
    return (Text() << name << "=" << value << " exceeds ConvLab's limit of " << limits::max_length
                   << " per dimension. Use a shorter length.")
        .s;
  return {};
}

// lowest: the smallest value PyTorch accepts; rule: that rule in words.
std::string check_range(const char* name, const IntRange& r, int64_t lowest, int64_t highest,
                        const char* rule) {
  if (r.min > r.max)
    return (Text() << "ranges." << name << "=" << r << ": min " << r.min << " is greater than max "
                   << r.max << ". Give [min, max] with min <= max, e.g. " << IntRange{r.max, r.min}
                   << ".")
        .s;
  if (r.min < lowest)
    return (Text() << "ranges." << name << "=" << r << " is not allowed: " << rule << ". Use "
                   << IntRange{lowest, std::max(lowest, r.max)} << ".")
        .s;
  if (r.max > highest)
    return (Text() << "ranges." << name << "=" << r << " exceeds ConvLab's limit of " << highest
                   << " for " << name << ". Use "
                   << IntRange{r.min, std::max(r.min, std::min(highest, r.max))} << ".")
        .s;
  return {};
}

// Each range's rule: the smallest value PyTorch accepts, ConvLab's limit, the rule in words.
struct RangeRule {
  const char* name;
  const char* field;
  IntRange ShapeRanges::*range;
  int64_t lowest, highest;
  const char* text;
};
const RangeRule kRangeRules[] = {
    {"kernelSize", "ranges.kernelSize", &ShapeRanges::kernel_size, 1, limits::max_kernel_size,
     "kernel_size must be at least 1 (PyTorch rejects 0)"},
    {"stride", "ranges.stride", &ShapeRanges::stride, 1, limits::max_param,
     "stride must be at least 1 (PyTorch: non-positive stride is not supported)"},
    {"padding", "ranges.padding", &ShapeRanges::padding, 0, limits::max_param,
     "padding must be at least 0 (PyTorch: negative padding is not supported)"},
    {"dilation", "ranges.dilation", &ShapeRanges::dilation, 1, limits::max_param,
     "dilation must be at least 1 (PyTorch: dilation should be greater than zero)"},
    {"outputPadding", "ranges.outputPadding", &ShapeRanges::output_padding, 0, limits::max_param,
     "output_padding must be at least 0 (PyTorch: negative output_padding is not supported)"},
};

auto order_key(const ShapeSolution& s) {
  return std::make_tuple(s.dilation, !taps_cover_stride(s.kernel_size, s.stride, s.dilation),
                         s.padding + s.output_padding, s.kernel_size, s.stride, s.padding,
                         s.output_padding);
}

}  // namespace

bool taps_cover_stride(int64_t kernel_size, int64_t stride, int64_t dilation) {
  return std::gcd(stride, dilation) == 1 && kernel_size >= stride;
}

bool simpler_shape(const ShapeSolution& a, const ShapeSolution& b) {
  return order_key(a) < order_key(b);
}

ShapeRanges default_shape_ranges(const ShapeQuery& q) {
  ShapeRanges r;
  r.kernel_size = q.kernel_size.value_or(IntRange{1, 16});
  r.stride = q.stride.value_or(IntRange{1, 8});
  r.dilation = q.dilation.value_or(IntRange{1, 4});
  r.padding = q.padding.value_or(IntRange{0, limits::max_param});
  // Every output_padding PyTorch allows for these strides and dilations (op < max(s, d)).
  const int64_t widest = std::max(r.stride.max, r.dilation.max);
  r.output_padding = q.output_padding.value_or(IntRange{0, std::max<int64_t>(0, widest - 1)});
  return r;
}

ShapeSolutions solve_shapes(const ShapeQuery& q) {
  ShapeSolutions result;
  const ShapeRanges r = result.ranges = default_shape_ranges(q);
  auto fail = [&](std::string message, const char* field = "ranges") {
    result.error = std::move(message);
    result.field = field;
    return result;
  };
  if (auto e = check_length("inLength", q.in_length); !e.empty()) return fail(e, "inLength");
  if (auto e = check_length("outLength", q.out_length); !e.empty()) return fail(e, "outLength");
  for (const RangeRule& rule : kRangeRules)
    if (auto e = check_range(rule.name, r.*rule.range, rule.lowest, rule.highest, rule.text);
        !e.empty())
      return fail(e, rule.field);
  // Each factor is at most 2^24 + 1, so the product of two fits int64 before the cap check.
  const int64_t pairs = r.kernel_size.count() * r.stride.count();
  if (pairs > max_shape_search || pairs * r.dilation.count() > max_shape_search)
    return fail((Text() << "the search space has " << r.kernel_size.count() << " kernelSize x "
                        << r.stride.count() << " stride x " << r.dilation.count()
                        << " dilation values, more than ConvLab's limit of " << max_shape_search
                        << " combinations per query. Narrow ranges.kernelSize, ranges.stride or "
                           "ranges.dilation.")
                    .s);

  const int64_t L = q.in_length, out = q.out_length;
  auto& found = result.solutions;
  auto too_many = [&]() {
    return fail((Text() << "more than " << max_shape_solutions << " settings map inLength=" << L
                        << " to outLength=" << out
                        << " within these ranges; ConvLab returns every solution or none. Narrow "
                           "ranges.padding, ranges.stride or ranges.kernelSize.")
                    .s);
  };
  const bool conv_allowed = r.output_padding.min <= 0 && 0 <= r.output_padding.max;
  for (int64_t d = r.dilation.min; d <= r.dilation.max; ++d) {
    for (int64_t s = r.stride.min; s <= r.stride.max; ++s) {
      for (int64_t k = r.kernel_size.min; k <= r.kernel_size.max; ++k) {
        const int64_t span = d * (k - 1);  // dilated kernel extent minus one
        if (!q.transpose) {
          if (!conv_allowed) continue;
          // floor((L + 2p - span - 1) / s) + 1 == out  <=>  2p in [a, a + s - 1].
          const int64_t a = (out - 1) * s + span + 1 - L;
          const int64_t lo = std::max(r.padding.min, ceil_div(a, 2));
          const int64_t hi = std::min(r.padding.max, floor_div(a + s - 1, 2));
          if (hi >= lo && static_cast<int64_t>(found.size()) + (hi - lo + 1) > max_shape_solutions)
            return too_many();
          for (int64_t p = lo; p <= hi; ++p) found.push_back({k, s, p, d, 0});
        } else {
          // (L - 1) s - 2p + span + op + 1 == out  <=>  op == 2p - t, op < max(s, d).
          const int64_t t = (L - 1) * s + span + 1 - out;
          int64_t lo = std::max(r.output_padding.min, 2 * r.padding.min - t);
          const int64_t hi =
              std::min({r.output_padding.max, std::max(s, d) - 1, 2 * r.padding.max - t});
          if ((lo + t) % 2 != 0) ++lo;  // 2p = t + op must be even
          if (hi >= lo &&
              static_cast<int64_t>(found.size()) + (hi - lo) / 2 + 1 > max_shape_solutions)
            return too_many();
          for (int64_t op = lo; op <= hi; op += 2) found.push_back({k, s, (t + op) / 2, d, op});
        }
      }
    }
  }
  // Sort on packed keys, built once per solution: (dilation, skips, padding + output_padding) and
  // (kernel_size, stride) fit 64 bits each within the limits, and they already order every
  // solution (padding and output_padding follow from the rest), padding only breaks ties.
  struct Keyed {
    uint64_t hi, lo;
    ShapeSolution s;
  };
  std::vector<Keyed> keyed;
  keyed.reserve(found.size());
  for (const ShapeSolution& s : found) {
    const uint64_t skips = taps_cover_stride(s.kernel_size, s.stride, s.dilation) ? 0 : 1;
    keyed.push_back(
        {(uint64_t(s.dilation) << 27) | (skips << 26) | uint64_t(s.padding + s.output_padding),
         (uint64_t(s.kernel_size) << 25) | uint64_t(s.stride), s});
  }
  const auto before = [](const Keyed& a, const Keyed& b) {
    if (a.hi != b.hi) return a.hi < b.hi;
    if (a.lo != b.lo) return a.lo < b.lo;
    return a.s.padding < b.s.padding;
  };
  // Heap sort: O(n log n) like std::sort at a sixth of its code size (the embed's budget).
  std::make_heap(keyed.begin(), keyed.end(), before);
  std::sort_heap(keyed.begin(), keyed.end(), before);
  for (size_t i = 0; i < keyed.size(); ++i) found[i] = keyed[i].s;
  return result;
}

}  // namespace convlab
