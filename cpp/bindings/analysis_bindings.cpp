// The analysis entry points (gradients, the matrix, the equivalent Conv1d) for web/lib/analysis.js.
// Same protocol and rules as embind.cpp, whose call block they share: JS writes the call block
// (op, shapes, params) and this file's analysis block (what to compute, gradOutput's shape), then
// calls plan; on success it copies the tensors into the buffers handed out and calls run, and
// reads the results (shapes in the analysis block). No exception ever crosses into JS: plan
// returns a status and the message waits in analysisError(). Buffers are grow-only, so repeated
// calls of one size allocate nothing.
#include <emscripten/bind.h>
#include <emscripten/em_macros.h>

#include <algorithm>
#include <string>
#include <vector>

#include "convlab/analysis.hpp"
#include "convlab/call_block.hpp"
#include "convlab/convlab.hpp"

using namespace convlab;

extern "C" uintptr_t convlab_block_address();  // embind.cpp: the call block both files read

namespace {

enum Kind : int { Backward = 0, Matrix = 1, Equivalent = 2 };

// Slots of the analysis block (doubles); exported to JS as constants below.
enum Slot : int {
  kind = 0,
  grad_rank = 1,
  grad_dims = 2,                                // .. + call_block::max_rank
  inserted = grad_dims + call_block::max_rank,  // equivalent: zeros between input elements
  pad_left,                                     // equivalent: zeros added (negative: cropped)
  pad_right,
  results,  // result r: rank (-1 = none), 3 dims, element count at results + r * result_slots
  result_slots = 5,
  result_count = 4,
  size = results + result_slots * result_count
};

double g_block[size];

struct State {
  Kind kind = Backward;
  call_block::Call call;
  EquivalentConv1d equivalent;
  std::string error;
};
State g_state;
std::vector<float> g_inputs[4];  // input, weight, bias, gradOutput
std::vector<float> g_results[result_count];
double g_tiny_macs = 256;  // as in embind.cpp: tiny calls take the reference loops

bool is_conv() { return g_state.call.op == call_block::Op::Conv1d; }

void set_result(int r, const std::vector<int64_t>& shape) {
  double* at = g_block + results + r * result_slots;
  at[0] = static_cast<double>(shape.size());
  int64_t n = 1;
  for (size_t i = 0; i < 3; ++i) {
    at[1 + i] = i < shape.size() ? static_cast<double>(shape[i]) : 0.0;
    if (i < shape.size()) n *= shape[i];
  }
  at[4] = static_cast<double>(n);
}

void clear_results() {
  for (int r = 0; r < result_count; ++r) g_block[results + r * result_slots] = -1;
}

size_t result_size(int r) { return static_cast<size_t>(g_block[results + r * result_slots + 4]); }

template <typename Geometry>
std::vector<int64_t> input_shape(const Geometry& g) {
  if (g.batched) return {g.batch, g.in_channels, g.in_length};
  return {g.in_channels, g.in_length};
}

std::string plan_backward() {
  std::vector<int64_t> grad;
  const int rank = static_cast<int>(g_block[grad_rank]);
  if (rank < 0 || rank > call_block::max_rank)
    return "gradOutput (grad_output): expected a tensor of the output's shape, with at most " +
           std::to_string(call_block::max_rank) + " dimensions.";
  for (int i = 0; i < rank; ++i) grad.push_back(static_cast<int64_t>(g_block[grad_dims + i]));
  const auto& c = g_state.call;
  const bool conv = is_conv();
  const auto expected = conv ? c.conv.output_shape() : c.transpose.output_shape();
  if (auto e = grad_output_shape_error(conv ? "conv1d" : "conv_transpose1d", expected, grad);
      !e.empty())
    return e;
  set_result(0, conv ? input_shape(c.conv) : input_shape(c.transpose));
  if (conv)
    set_result(1, {c.conv.out_channels, c.conv.in_per_group(), c.conv.kernel_size});
  else
    set_result(1, {c.transpose.in_channels, c.transpose.out_per_group(), c.transpose.kernel_size});
  if (conv ? c.conv.has_bias : c.transpose.has_bias)
    set_result(2, {conv ? c.conv.out_channels : c.transpose.out_channels});
  return {};
}

std::string plan_matrix_call() {
  const auto planned =
      is_conv() ? plan_matrix(g_state.call.conv) : plan_matrix(g_state.call.transpose);
  if (!planned.ok()) return planned.error;
  set_result(0, {planned.geometry.rows, planned.geometry.cols});
  return {};
}

std::string plan_equivalent_call() {
  if (is_conv()) return "internal: equivalentConv1d takes a conv_transpose1d call.";
  const auto planned = plan_equivalent_conv1d(g_state.call.transpose);
  if (!planned.ok()) return planned.error;
  const EquivalentConv1d& e = g_state.equivalent = planned.geometry;
  g_block[inserted] = static_cast<double>(e.inserted);
  g_block[pad_left] = static_cast<double>(e.pad_left);
  g_block[pad_right] = static_cast<double>(e.pad_right);
  set_result(0, e.input_shape);
  set_result(1, e.weight_shape);
  if (e.conv.has_bias) set_result(2, {e.conv.out_channels});
  set_result(3, e.conv.output_shape());
  return {};
}

double conv1d_macs(const Conv1dGeometry& g) {
  return double(g.batch) * g.out_channels * g.out_length * g.in_per_group() * g.kernel_size;
}

double transpose_macs(const ConvTranspose1dGeometry& g) {
  return double(g.batch) * g.in_channels * g.in_length * g.out_per_group() * g.kernel_size;
}

void run_backward() {
  const auto& c = g_state.call;
  const float* x = g_inputs[0].data();
  const float* w = g_inputs[1].data();
  const float* gy = g_inputs[3].data();
  float* gb = g_block[results + 2 * result_slots] >= 0 ? g_results[2].data() : nullptr;
  if (is_conv())
    (conv1d_macs(c.conv) <= g_tiny_macs ? conv1d_backward_reference : conv1d_backward)(
        c.conv, x, w, gy, g_results[0].data(), g_results[1].data(), gb);
  else
    (transpose_macs(c.transpose) <= g_tiny_macs ? conv_transpose1d_backward_reference
                                                : conv_transpose1d_backward)(
        c.transpose, x, w, gy, g_results[0].data(), g_results[1].data(), gb);
}

void run_equivalent() {
  const auto& g = g_state.call.transpose;
  const EquivalentConv1d& e = g_state.equivalent;
  equivalent_conv1d_input(g, e, g_inputs[0].data(), g_results[0].data());
  equivalent_conv1d_weight(g, g_inputs[1].data(), g_results[1].data());
  const float* bias = nullptr;
  if (e.conv.has_bias) {
    std::copy(g_inputs[2].begin(), g_inputs[2].begin() + result_size(2), g_results[2].begin());
    bias = g_results[2].data();
  }
  // The output is the returned parts run through conv1d itself: what lab.conv1d gives for them.
  (conv1d_macs(e.conv) <= g_tiny_macs ? conv1d_reference : conv1d)(
      e.conv, g_results[0].data(), g_results[1].data(), bias, g_results[3].data());
}

std::string analysis_error() { return g_state.error; }

}  // namespace

extern "C" {

EMSCRIPTEN_KEEPALIVE uintptr_t convlab_analysis_block_address() {
  return reinterpret_cast<uintptr_t>(g_block);
}

// 0 = valid (result shapes now in the analysis block), 1 = invalid (analysisError()).
EMSCRIPTEN_KEEPALIVE int convlab_analysis_plan() {
  g_state = State{};
  clear_results();
  auto* block = reinterpret_cast<double*>(convlab_block_address());
  g_state.call = call_block::plan(block);
  g_state.kind = static_cast<Kind>(static_cast<int>(g_block[kind]));
  if (!g_state.call.ok()) {
    g_state.error = g_state.call.error;
    return 1;
  }
  switch (g_state.kind) {
    case Backward:
      g_state.error = plan_backward();
      break;
    case Matrix:
      g_state.error = plan_matrix_call();
      break;
    case Equivalent:
      g_state.error = plan_equivalent_call();
      break;
    default:
      g_state.error = "internal: unknown analysis kind.";
  }
  return g_state.error.empty() ? 0 : 1;
}

// Address of input buffer `which` (0 input, 1 weight, 2 bias, 3 gradOutput) holding `count`
// floats. Only called after plan() succeeded, so `count` is within the documented limits.
EMSCRIPTEN_KEEPALIVE uintptr_t convlab_analysis_buffer(int which, double count) {
  auto& buffer = g_inputs[which & 3];
  if (buffer.size() < static_cast<size_t>(count)) buffer.resize(static_cast<size_t>(count));
  return reinterpret_cast<uintptr_t>(buffer.data());
}

// Runs the planned call; results are read with convlab_analysis_result() afterwards (this may
// grow memory, so JS takes heap views only after it returns).
EMSCRIPTEN_KEEPALIVE void convlab_analysis_run() {
  for (int r = 0; r < result_count; ++r) {
    const size_t n = g_block[results + r * result_slots] >= 0 ? result_size(r) : 0;
    if (g_results[r].size() < n) g_results[r].resize(n);
  }
  switch (g_state.kind) {
    case Backward:
      run_backward();
      break;
    case Matrix:
      if (is_conv())
        conv1d_matrix(g_state.call.conv, g_inputs[1].data(), g_results[0].data());
      else
        conv_transpose1d_matrix(g_state.call.transpose, g_inputs[1].data(), g_results[0].data());
      break;
    case Equivalent:
      run_equivalent();
      break;
  }
}

EMSCRIPTEN_KEEPALIVE uintptr_t convlab_analysis_result(int r) {
  return reinterpret_cast<uintptr_t>(g_results[r & 3].data());
}

EMSCRIPTEN_KEEPALIVE void convlab_analysis_set_tiny_limit(double macs) { g_tiny_macs = macs; }

}  // extern "C"

EMSCRIPTEN_BINDINGS(convlab_analysis) {
  emscripten::function("analysisError", &analysis_error);
  // The analysis block's layout, so JS never copies slot numbers.
  emscripten::constant("analysisSlotKind", static_cast<int>(kind));
  emscripten::constant("analysisSlotGradRank", static_cast<int>(grad_rank));
  emscripten::constant("analysisSlotGradDims", static_cast<int>(grad_dims));
  emscripten::constant("analysisSlotInserted", static_cast<int>(inserted));
  emscripten::constant("analysisSlotPadLeft", static_cast<int>(pad_left));
  emscripten::constant("analysisSlotPadRight", static_cast<int>(pad_right));
  emscripten::constant("analysisSlotResults", static_cast<int>(results));
  emscripten::constant("analysisResultSlots", static_cast<int>(result_slots));
  emscripten::constant("analysisMaxRank", call_block::max_rank);
}
