// The analysis entry points (gradients, the matrix, the equivalent Conv1d) for web/lib/analysis.js.
// Same protocol and rules as embind.cpp, whose call block they share: JS writes the call block
// (op, shapes, params) and this file's analysis block (what to compute, gradOutput's shape), then
// calls plan, then reserve (every buffer the call needs, allocated with malloc so that a call that
// cannot fit fails as a value instead of aborting); it copies the tensors into the buffers handed
// out, calls run and reads the results (shapes in the analysis block). No exception ever crosses
// into JS: plan and reserve return a status and the message waits in analysisError(). Buffers of
// a repeated size are reused, so repeated calls allocate nothing; a buffer far bigger than a
// call needs is released first, and any buffer over 16 MiB after the results are read, so one
// big call does not pin its memory.
#include <emscripten/bind.h>
#include <emscripten/em_macros.h>

#include <algorithm>
#include <cstdlib>
#include <string>
#include <vector>

#include "convlab/analysis.hpp"
#include "convlab/call_block.hpp"
#include "convlab/convlab.hpp"
#include "convlab/dispatch.hpp"
#include "wasm_buffers.hpp"

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
  const char* field = "";  // what the error is about (PyTorch's or the API's name)
};
State g_state;
// Buffers 0..3: the call's input, weight, bias, gradOutput; 4..7: results 0..3.
constexpr int kInputs = 4, kBuffers = kInputs + result_count;
using wasm::Buffer;
using wasm::kRetainFloats;
Buffer g_buffers[kBuffers];  // see wasm_buffers.hpp
size_t g_need[kBuffers];     // floats each buffer must hold for the planned call

float* input_buffer(int i) { return g_buffers[i].data; }
float* result_buffer(int r) { return g_buffers[kInputs + r].data; }
DispatchPolicy g_policy;  // as in embind.cpp: tiny calls take the reference loops

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

bool has_result(int r) { return g_block[results + r * result_slots] >= 0; }

size_t result_size(int r) {
  return has_result(r) ? static_cast<size_t>(g_block[results + r * result_slots + 4]) : 0;
}

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

void run_backward() {
  const auto& c = g_state.call;
  const float* x = input_buffer(0);
  const float* w = input_buffer(1);
  const float* gy = input_buffer(3);
  float* gb = has_result(2) ? result_buffer(2) : nullptr;
  if (is_conv())
    (multiply_adds(c.conv) <= g_policy.tiny_macs ? conv1d_backward_reference : conv1d_backward)(
        c.conv, x, w, gy, result_buffer(0), result_buffer(1), gb);
  else
    (multiply_adds(c.transpose) <= g_policy.tiny_macs ? conv_transpose1d_backward_reference
                                                      : conv_transpose1d_backward)(
        c.transpose, x, w, gy, result_buffer(0), result_buffer(1), gb);
}

void run_equivalent() {
  const auto& g = g_state.call.transpose;
  const EquivalentConv1d& e = g_state.equivalent;
  equivalent_conv1d_input(g, e, input_buffer(0), result_buffer(0));
  equivalent_conv1d_weight(g, input_buffer(1), result_buffer(1));
  const float* bias = nullptr;
  if (e.conv.has_bias) {
    std::copy(input_buffer(2), input_buffer(2) + result_size(2), result_buffer(2));
    bias = result_buffer(2);
  }
  // The output is the returned parts run through conv1d itself: what lab.conv1d gives for them.
  run_conv1d(e.conv, result_buffer(0), result_buffer(1), bias, result_buffer(3), g_policy);
}

std::string analysis_error() { return g_state.error; }
std::string analysis_error_field() { return g_state.error.empty() ? "" : g_state.field; }

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
    g_state.field = field_name(g_state.call.field);
    return 1;
  }
  switch (g_state.kind) {
    case Backward:
      g_state.error = plan_backward();
      g_state.field = "gradOutput";
      break;
    case Matrix:
      g_state.error = plan_matrix_call();
      // The batch rule is about the caller's inputShape; the size rule about the matrix.
      g_state.field = g_state.error.rfind("inputShape", 0) == 0 ? "inputShape" : "matrix";
      break;
    case Equivalent:
      g_state.error = plan_equivalent_call();
      g_state.field = "equivalentConv1d";
      break;
    default:
      g_state.error = "internal: unknown analysis kind.";
  }
  return g_state.error.empty() ? 0 : 1;
}

// After a successful plan: makes every buffer hold what the call reads and writes. Buffers too
// small or far too big are freed before anything is allocated, so the footprint is this call's.
// 0 = ready, 1 = does not fit in memory (message in analysisError(); nothing held).
EMSCRIPTEN_KEEPALIVE int convlab_analysis_reserve() {
  const auto* call = reinterpret_cast<const double*>(convlab_block_address());
  const bool reads_gradient = g_state.kind == Backward;
  g_need[0] = g_state.kind == Matrix ? 0 : static_cast<size_t>(call[call_block::input_count]);
  g_need[1] = static_cast<size_t>(call[call_block::weight_count]);
  g_need[2] = static_cast<size_t>(call[call_block::bias_count]);
  g_need[3] = reads_gradient ? static_cast<size_t>(call[call_block::output_count]) : 0;
  for (int r = 0; r < result_count; ++r) g_need[kInputs + r] = result_size(r);
  int64_t mib = 0;
  if (wasm::reserve_buffers(g_buffers, g_need, kBuffers, mib)) return 0;
  g_state.field = "memory";
  g_state.error = "memory: this call needs " + std::to_string(mib) +
                  " MiB for its tensors and results, and that does not fit in the WASM "
                  "memory left (2 GiB in all). Use smaller tensors; the module keeps working.";
  return 1;
}

// Address of input buffer `which` (0 input, 1 weight, 2 bias, 3 gradOutput), valid after
// reserve() for the count it reserved.
EMSCRIPTEN_KEEPALIVE uintptr_t convlab_analysis_buffer(int which) {
  return reinterpret_cast<uintptr_t>(input_buffer(which & 3));
}

// Runs the planned, reserved call; results are read with convlab_analysis_result() afterwards.
EMSCRIPTEN_KEEPALIVE void convlab_analysis_run() {
  switch (g_state.kind) {
    case Backward:
      run_backward();
      break;
    case Matrix:
      if (is_conv())
        conv1d_matrix(g_state.call.conv, input_buffer(1), result_buffer(0));
      else
        conv_transpose1d_matrix(g_state.call.transpose, input_buffer(1), result_buffer(0));
      break;
    case Equivalent:
      run_equivalent();
      break;
  }
}

// After JS has copied the results: buffers bigger than kRetainFloats are freed, so a big
// analysis call never holds memory that a later call (forward or analysis) may need.
EMSCRIPTEN_KEEPALIVE void convlab_analysis_release() {
  for (Buffer& b : g_buffers)
    if (b.capacity > kRetainFloats) wasm::release(b);
}

EMSCRIPTEN_KEEPALIVE uintptr_t convlab_analysis_result(int r) {
  return reinterpret_cast<uintptr_t>(result_buffer(r & 3));
}

EMSCRIPTEN_KEEPALIVE void convlab_analysis_set_tiny_limit(double macs) {
  g_policy.tiny_macs = macs;
}

}  // extern "C"

EMSCRIPTEN_BINDINGS(convlab_analysis) {
  emscripten::function("analysisError", &analysis_error);
  emscripten::function("analysisErrorField", &analysis_error_field);
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
