// invert_conv1d: the ConvTranspose1d that gives a Conv1d's input length back. Conv1d's floor
// division maps `stride` consecutive input lengths to one output length; output_padding is how
// ConvTranspose1d says which of them it means. Geometry from plan_conv1d, checked by
// plan_conv_transpose1d, so both of PyTorch's rule sets apply.
#include <algorithm>
#include <string>

#include "convlab/design.hpp"
#include "convlab/limits.hpp"
#include "message_text.hpp"

namespace convlab {
namespace {

// A length outside [1, highest]: the error names it as the API does (js_name) and as PyTorch
// does (what).
bool length_out_of_range(Conv1dInverse& inv, const char* js_name, const char* what, int64_t value,
                         int64_t highest) {
  if (value >= 1 && value <= highest) return false;
  inv.error =
      (Text() << js_name << "=" << value << " is not allowed: " << what << " must be between 1 and "
              << highest << ". Use " << js_name << "=1 or more.")
          .s;
  inv.field = js_name;
  return true;
}

}  // namespace

Conv1dInverse invert_conv1d(int64_t in_length, int64_t kernel_size, const Conv1dParams& params) {
  Conv1dInverse inv;
  if (length_out_of_range(inv, "inLength", "the Conv1d input length", in_length,
                          limits::max_length) ||
      length_out_of_range(inv, "kernelSize", "kernel_size", kernel_size, limits::max_kernel_size))
    return inv;
  Conv1dParams p = params;
  p.groups = 1;
  const auto conv = plan_conv1d({1, 1, in_length}, {1, 1, kernel_size}, nullptr, p);
  if (!conv.ok()) {
    inv.error = conv.error;
    // The input and the kernel are given here as lengths: name them so.
    const std::string field = field_name(conv.field);
    inv.field = field == "input"                         ? "inLength"
                : field == "kernel" || field == "weight" ? "kernelSize"
                                                         : field;
    return inv;
  }
  const Conv1dGeometry& g = conv.geometry;
  const int64_t s = g.stride, d = g.dilation, span = d * (kernel_size - 1);
  const int64_t pads = g.pad_left + g.pad_right;
  inv.out_length = g.out_length;
  inv.pad_left = g.pad_left;
  inv.pad_right = g.pad_right;

  // floor((L + pads - span - 1) / s) == out - 1 for L in [first, first + s - 1].
  const int64_t first = (g.out_length - 1) * s + span + 1 - pads;
  // The padding mode's own limit on the input length (reflect: pad < L; circular: pad <= L).
  const int64_t widest_pad = std::max(g.pad_left, g.pad_right);
  int64_t mode_min = 1;
  if (g.padding_mode == PaddingMode::Reflect) mode_min = widest_pad + 1;
  if (g.padding_mode == PaddingMode::Circular) mode_min = widest_pad;
  inv.min_in_length = std::max({first, mode_min, int64_t{1}});
  inv.max_in_length = first + s - 1;

  // ConvTranspose1d: (out - 1) s - 2q + span + op + 1 == L  <=>  2q - op == t. The mirror image
  // of the Conv1d crops what it padded (q = pads / 2); uneven padding needs q one either side.
  const int64_t t = (g.out_length - 1) * s + span + 1 - in_length;
  const int64_t op_limit = std::max(s, d);  // output_padding < max(stride, dilation)
  const int64_t candidates[] = {pads / 2, (pads + 1) / 2};
  for (int64_t q : candidates) {
    const int64_t op = 2 * q - t;
    if (op < 0 || op >= op_limit) continue;
    const ConvTranspose1dParams tp{s, q, op, d};  // stride, padding, output_padding, dilation
    const auto back = plan_conv_transpose1d({1, 1, g.out_length}, {1, 1, kernel_size}, nullptr, tp);
    if (!back.ok() || back.geometry.out_length != in_length) continue;
    inv.has_transpose = true;
    inv.transpose = tp;
    break;
  }
  if (!inv.has_transpose) {
    // Only padding='same' pads unevenly, and it needs stride 1, so dilation is the only way an
    // output_padding of 1 becomes legal.
    inv.no_transpose_reason =
        (Text() << "padding='same' with kernel_size=" << kernel_size << " and dilation=" << d
                << " pads " << g.pad_left << " on the left and " << g.pad_right
                << " on the right; ConvTranspose1d crops the same padding from both ends, and "
                   "output_padding (which must be smaller than stride="
                << s << " or dilation=" << d
                << ") cannot add the missing cell. Use ConvTranspose1d(kernel_size=" << kernel_size
                << ", padding=" << g.pad_left << ", dilation=" << d
                << ") and drop its last output cell (y[..., :-1]), or an odd kernel_size.")
            .s;
    return inv;
  }
  inv.base_length = in_length - inv.transpose.output_padding;
  inv.min_recoverable = std::max(inv.base_length, inv.min_in_length);
  inv.max_recoverable = std::min(inv.base_length + op_limit - 1, inv.max_in_length);
  return inv;
}

}  // namespace convlab
