// libFuzzer target: random shapes, parameters and values through both entry points
// (call_block::plan, the JS wire format, and plan_conv1d / plan_conv_transpose1d), then, for
// accepted calls, the SIMD kernels and the reference against a float64 oracle.
//
// This file decodes a case and checks the two entry points against each other; the pieces live
// beside it: fuzz_input (decoding), fuzz_oracle (float64 oracle and comparison), fuzz_kernels
// (running the kernels, scratch accounting, the big-call sequence), fuzz_report (failures).
//
// Build: cmake --preset native-fuzz && cmake --build --preset native-fuzz (CONVLAB_FUZZ=ON,
// clang, -fsanitize=fuzzer,address,undefined). Run: scripts/fuzz.sh [seconds].
//
// Checked on every input (any failure prints a description and traps):
//  - rejected calls carry a non-empty message, from both entry points alike;
//  - the block path and the direct path agree on accept/reject and on the geometry, and the
//    block's written-back output shape and element counts match the geometry;
//  - accepted tensors (input, weight, bias, output) are within convlab/limits.hpp;
//  - every output cell of conv1d/conv_transpose1d and of the *_reference functions is written
//    (outputs are pre-filled with a sentinel NaN payload) and matches the oracle: finite cells
//    within (terms + 2) * 2^-23 * sum|x*w| of the exact sum; non-finite cells in the exact class
//    PyTorch gives (NaN if any term is NaN — 0*inf included — or +inf meets -inf; else +-inf);
//  - the SIMD path's scratch allocations stay proportional to the tensors (no out-of-memory
//    blow-up for a valid call), within dispatch.hpp's simd_scratch_bytes estimate, and its run
//    time is bounded by libFuzzer's -timeout;
//  - values change between reads: after plan(), rewriting the block (as a caller's getter
//    could between two reads) changes nothing the planned call runs on;
//  - a sequence of big valid calls through the dispatcher (run_conv1d / run_conv_transpose1d,
//    what the wasm module runs) never keeps more than limits::max_simd_scratch_bytes of
//    scratch: checked once at start-up, then on every accepted case.
//
// Zero padding (conv1d, padding_mode='zeros') counts as terms 0 * w, as in PyTorch's im2col
// path and in the reference: a NaN or infinite weight tap over a padding cell makes NaN. For
// conv_transpose1d only real (input element, tap) pairs are terms, as in PyTorch.
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "convlab/call_block.hpp"
#include "convlab/convlab.hpp"
#include "convlab/limits.hpp"
#include "convlab/params.hpp"
#include "fuzz_input.hpp"
#include "fuzz_kernels.hpp"
#include "fuzz_report.hpp"

using namespace convlab;
using namespace convlab::fuzz;

namespace {

void check_block_outputs(const double* block, const std::vector<int64_t>& out_shape,
                         double in_count, double w_count, double b_count) {
  using namespace call_block;
  FUZZ_CHECK(block[out_rank] == static_cast<double>(out_shape.size()), "block: wrong out_rank");
  double out_count = 1;
  for (size_t i = 0; i < out_shape.size(); ++i) {
    FUZZ_CHECK(block[out_dims + static_cast<int>(i)] == static_cast<double>(out_shape[i]),
               "block: wrong output dimension");
    out_count *= static_cast<double>(out_shape[i]);
  }
  FUZZ_CHECK(block[input_count] == in_count, "block: wrong input_count");
  FUZZ_CHECK(block[weight_count] == w_count, "block: wrong weight_count");
  FUZZ_CHECK(block[bias_count] == b_count, "block: wrong bias_count");
  FUZZ_CHECK(block[output_count] == out_count, "block: wrong output_count");
  const double lim = static_cast<double>(limits::max_tensor_elements);
  FUZZ_CHECK(in_count <= lim && w_count <= lim && b_count <= lim && out_count <= lim,
             "block: accepted a tensor over the element limit");
}

// A direct plan's own checks, and (compared: it saw what the block holds) the same verdict as the
// block's.
template <typename Planned>
void check_direct_plan(const std::string& who, const Planned& plan, const call_block::Call& call,
                       const std::vector<int64_t>& in_shape, const std::vector<int64_t>& w_shape,
                       bool has_bias, bool compared) {
  if (!plan.ok()) {
    FUZZ_CHECK(!plan.error.empty(), who + ": rejected without a message");
  } else {
    check_limits(plan.geometry, in_shape, w_shape);
    FUZZ_CHECK(plan.geometry.has_bias == has_bias, who + ": has_bias mismatch");
  }
  if (compared && plan.ok() != call.ok())
    fail("block and " + who + " disagree: block says '" + call.error + "', plan says '" +
         plan.error + "'");
}

double block_count(const double* block, int rank_slot, int dims_slot) {
  double n = 1;
  for (int i = 0; i < static_cast<int>(block[rank_slot]); ++i) n *= block[dims_slot + i];
  return n;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  big_call_sequence();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  Reader r{data, size};
  // Header: op, value style, bias, batched, how many block slots to overwrite afterwards
  // (none for half the inputs, so the block and the direct API are often compared).
  const uint8_t flags = r.byte();
  const bool transpose = flags & 1;
  const int style = (flags >> 1) & 3;
  const bool has_bias = flags & 8;
  const bool batched = flags & 16;
  const int mutations = flags >> 5 >= 4 ? (flags >> 5) - 3 : 0;  // half the inputs: 1..4

  // Shapes: regular ranks unless the rank byte asks otherwise.
  std::vector<int64_t> in_shape, w_shape, b_shape;
  const uint8_t rank_byte = r.byte();
  if (rank_byte < 0xF0) {
    if (batched) in_shape.push_back(read_int(r));
    in_shape.push_back(read_int(r));
    in_shape.push_back(read_int(r));
    for (int i = 0; i < 3; ++i) w_shape.push_back(read_int(r));
    if (has_bias) b_shape.push_back(read_int(r));
  } else {
    const int in_rank = r.byte() % 9, w_rank = r.byte() % 9, b_rank = r.byte() % 3;
    for (int i = 0; i < in_rank; ++i) in_shape.push_back(read_int(r));
    for (int i = 0; i < w_rank; ++i) w_shape.push_back(read_int(r));
    if (has_bias)
      for (int i = 0; i < b_rank; ++i) b_shape.push_back(read_int(r));
  }
  const int64_t stride = read_int(r);
  const int padding_kind = r.byte() % 3;
  const int64_t padding = read_int(r);
  const int64_t dilation = read_int(r);
  const int64_t groups = read_int(r);
  const int padding_mode = r.byte() % 4;
  const int64_t output_padding = read_int(r);

  g_case =
      std::string(transpose ? "conv_transpose1d" : "conv1d") + " input " + shape_str(in_shape) +
      " weight " + shape_str(w_shape) + (has_bias ? " bias " + shape_str(b_shape) : " no bias") +
      " stride " + std::to_string(stride) + " padding " +
      (padding_kind == 1   ? "'same'"
       : padding_kind == 2 ? "'valid'"
                           : std::to_string(padding)) +
      " dilation " + std::to_string(dilation) + " groups " + std::to_string(groups) + " mode " +
      padding_mode_name(static_cast<PaddingMode>(padding_mode)) + " output_padding " +
      std::to_string(output_padding) + " values style " + std::to_string(style);

  // The JS wire format, built from the same values, then optionally damaged.
  double block[call_block::size];
  for (double& v : block) v = -12345.0;  // plan() must not depend on the output slots
  {
    auto dims = [](const std::vector<int64_t>& shape) {
      return std::vector<double>(shape.begin(), shape.end());
    };
    const std::vector<double> bias_dims = dims(b_shape);
    call_block::Request request;
    request.op = transpose ? call_block::Op::ConvTranspose1d : call_block::Op::Conv1d;
    request.input = dims(in_shape);
    request.weight = dims(w_shape);
    request.bias = has_bias ? &bias_dims : nullptr;
    request.stride = static_cast<double>(stride);
    request.padding_kind = padding_kind;
    // With padding='same' / 'valid' the JS wrapper sends padding 0.
    request.padding = padding_kind == 0 ? static_cast<double>(padding) : 0.0;
    request.dilation = static_cast<double>(dilation);
    request.groups = static_cast<double>(groups);
    request.padding_mode = padding_mode;
    // conv1d has no output_padding; the JS wrapper sends 0 there.
    request.output_padding = transpose ? static_cast<double>(output_padding) : 0.0;
    call_block::encode(request, block);
  }
  const bool ranks_fit = in_shape.size() <= call_block::max_rank &&
                         w_shape.size() <= call_block::max_rank &&
                         b_shape.size() <= call_block::max_rank;
  for (int i = 0; i < mutations; ++i) {
    const int slot = r.byte() % call_block::out_rank;
    const double v = read_double(r);
    block[slot] = v;
    char buf[80];
    std::snprintf(buf, sizeof buf, " | block[%d] = %.17g", slot, v);
    g_case += buf;
  }

  if (verbose()) std::fprintf(stderr, "case: %s\n", g_case.c_str());

  const call_block::Call call = call_block::plan(block);
  if (verbose()) std::fprintf(stderr, "  -> %s\n", call.ok() ? "accepted" : call.error.c_str());
  if (!call.ok()) FUZZ_CHECK(!call.error.empty(), "block: rejected without a message");

  // The direct C++ API on the undamaged values: same verdict, same geometry.
  if (!transpose) {
    const Conv1dParams p{stride, static_cast<PaddingKind>(padding_kind), padding, dilation,
                         groups, static_cast<PaddingMode>(padding_mode)};
    const auto plan = plan_conv1d(in_shape, w_shape, has_bias ? &b_shape : nullptr, p);
    const bool compared = mutations == 0 && ranks_fit;
    check_direct_plan("plan_conv1d", plan, call, in_shape, w_shape, has_bias, compared);
    if (compared && plan.ok()) {
      const auto& a = plan.geometry;
      const auto& b = call.conv;
      FUZZ_CHECK(a.output_shape() == b.output_shape() && a.pad_left == b.pad_left &&
                     a.pad_right == b.pad_right && a.padding_mode == b.padding_mode &&
                     a.groups == b.groups && a.stride == b.stride && a.dilation == b.dilation,
                 "block and plan_conv1d give different geometries");
    }
  } else {
    const ConvTranspose1dParams p{stride, padding, output_padding, dilation, groups};
    const auto plan = plan_conv_transpose1d(in_shape, w_shape, has_bias ? &b_shape : nullptr, p);
    // The block also rejects padding strings and non-zeros modes for the transposed op.
    const bool compared = mutations == 0 && ranks_fit && padding_kind == 0 && padding_mode == 0;
    check_direct_plan("plan_conv_transpose1d", plan, call, in_shape, w_shape, has_bias, compared);
    if (compared && plan.ok()) {
      FUZZ_CHECK(plan.geometry.output_shape() == call.transpose.output_shape(),
                 "block and plan_conv_transpose1d give different output shapes");
    } else if (mutations == 0 && ranks_fit && plan.ok()) {
      FUZZ_CHECK(!call.ok(), "block accepted a padding string or mode for conv_transpose1d");
    }
  }

  if (!call.ok()) return 0;

  // Values change between reads: a caller rewriting the block after plan() (a getter read a
  // second time) must not reach the planned call, which is a value of its own.
  {
    double damaged[call_block::size];
    std::memcpy(damaged, block, sizeof damaged);
    const call_block::Call before = call;
    for (int slot = 0; slot < call_block::out_rank; ++slot) damaged[slot] = read_double(r);
    (void)call_block::plan(damaged);
    FUZZ_CHECK(call.op == before.op && call.conv.output_shape() == before.conv.output_shape() &&
                   call.transpose.output_shape() == before.transpose.output_shape(),
               "planning another block changed an earlier planned call");
    const call_block::Call again = call_block::plan(block);
    FUZZ_CHECK(again.ok() && again.op == call.op &&
                   (call.op == call_block::Op::Conv1d
                        ? again.conv.output_shape() == call.conv.output_shape()
                        : again.transpose.output_shape() == call.transpose.output_shape()),
               "planning the same block twice gave different calls");
  }

  // An accepted call: the written-back block, then the kernels on the block's geometry.
  using namespace call_block;
  const double in_count = block_count(block, input_rank, input_dims);
  const double w_count = block_count(block, weight_rank, weight_dims);
  const double b_count = block[bias_rank] >= 0 ? block_count(block, bias_rank, bias_dims) : 0.0;
  auto check_call = [&](const auto& g) {
    check_block_outputs(block, g.output_shape(), in_count, w_count, b_count);
    FUZZ_CHECK(in_count == static_cast<double>(g.batch) * g.in_channels * g.in_length,
               "block: input count does not match the geometry");
    FUZZ_CHECK(w_count == weight_elements(g), "block: weight count does not match the geometry");
    run_kernels(g, r, style);
  };
  if (call.op == Op::Conv1d)
    check_call(call.conv);
  else
    check_call(call.transpose);
  return 0;
}
