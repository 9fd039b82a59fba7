// The only file that knows about Emscripten. No exception ever crosses into JS: every entry
// point returns a status or a value, and the JS wrapper (web/lib/conv/lab.js) throws.
//
// Protocol: JS fills the call block (see call_block.hpp) and calls plan(); on success it copies
// reserve()s the buffers, copies tensors into the buffers tensor_buffer() hands out and calls
// run(). Buffers of a repeated size are reused, so repeated calls allocate nothing. The per-call
// entry points are plain wasm exports (EMSCRIPTEN_KEEPALIVE): numbers in, numbers out, no Embind
// invoker per call; Embind carries what needs JS values (the message, the overlap map).
#include <emscripten/bind.h>
#include <emscripten/em_macros.h>
#include <emscripten/val.h>

#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>
#include <xsimd/xsimd.hpp>

#include "convlab/call_block.hpp"
#include "convlab/convlab.hpp"
#include "convlab/dispatch.hpp"
#include "convlab/limits.hpp"
#include "wasm_buffers.hpp"

using namespace emscripten;
using namespace convlab;

namespace {

double g_block[call_block::size];
call_block::Call g_call;
DispatchPolicy g_policy;
std::string g_memory_error;

// The four tensor buffers (input, weight, bias, output): see wasm_buffers.hpp.
wasm::Buffer g_buffers[4];

}  // namespace

extern "C" {

EMSCRIPTEN_KEEPALIVE uintptr_t convlab_block_address() {
  return reinterpret_cast<uintptr_t>(g_block);
}

// The block g_call was planned from, while that plan is valid: a call that repeats the last
// one (the same shapes and parameters) reuses its plan. A plan is a pure function of the
// block's input slots, so equal slots mean an equal plan; tiny calls spend a third of their
// wasm time planning otherwise.
double g_planned_block[call_block::size];
bool g_planned = false;

bool same_call_as_planned() {
  constexpr size_t inputs = call_block::out_rank;  // every slot JS writes comes before it
  return g_planned && std::memcmp(g_block, g_planned_block, inputs * sizeof(double)) == 0;
}

// 0 = valid (output shape now in the block), 1 = invalid (message in last_error()).
EMSCRIPTEN_KEEPALIVE int convlab_plan() {
  g_memory_error.clear();
  if (same_call_as_planned()) {
    // The analysis entry points share the block: put this plan's outputs back.
    std::memcpy(g_block, g_planned_block, sizeof g_block);
    return 0;
  }
  g_call = call_block::plan(g_block);
  g_planned = g_call.ok();
  if (g_planned) std::memcpy(g_planned_block, g_block, sizeof g_block);
  return g_planned ? 0 : 1;
}

// After a successful plan: makes every buffer hold its tensor. Buffers that are too small or
// far too big are freed before anything is allocated, so the whole footprint is what this
// call needs. 0 = ready, 1 = does not fit in memory (message in last_error(); nothing held).
EMSCRIPTEN_KEEPALIVE int convlab_reserve() {
  size_t need[4];
  for (int i = 0; i < 4; ++i) need[i] = static_cast<size_t>(g_block[call_block::input_count + i]);
  int64_t mib = 0;
  if (wasm::reserve_buffers(g_buffers, need, 4, mib)) return 0;
  g_memory_error = "memory: this call needs " + std::to_string(mib) +
                   " MiB for its tensors and that does not fit in the WASM memory left (2 GiB "
                   "in all). Use smaller tensors; the module keeps working.";
  return 1;
}

// Address of buffer `which` (0 input, 1 weight, 2 bias, 3 output), valid after reserve().
EMSCRIPTEN_KEEPALIVE uintptr_t convlab_tensor_buffer(int which) {
  return reinterpret_cast<uintptr_t>(g_buffers[which & 3].data);
}

// Runs the planned call on the buffers; returns the output buffer's address.
EMSCRIPTEN_KEEPALIVE uintptr_t convlab_run() {
  const float* x = g_buffers[0].data;
  const float* w = g_buffers[1].data;
  float* out = g_buffers[3].data;
  if (g_call.op == call_block::Op::Conv1d) {
    const float* bias = g_call.conv.has_bias ? g_buffers[2].data : nullptr;
    run_conv1d(g_call.conv, x, w, bias, out, g_policy);
  } else {
    const float* bias = g_call.transpose.has_bias ? g_buffers[2].data : nullptr;
    run_conv_transpose1d(g_call.transpose, x, w, bias, out, g_policy);
  }
  return reinterpret_cast<uintptr_t>(out);
}

EMSCRIPTEN_KEEPALIVE void convlab_set_tiny_limit(double macs) { g_policy.tiny_macs = macs; }

// The loader calls this once the relaxed-SIMD side module is installed (1), or to go back to
// the SIMD128 kernels (0); returns 1 when the kernels are now as asked.
EMSCRIPTEN_KEEPALIVE int convlab_use_relaxed_kernels(int on) {
  return use_relaxed_kernels(on != 0);
}

// The side module's stack: static, so its place never moves when the heap grows.
EMSCRIPTEN_KEEPALIVE uintptr_t convlab_side_stack_top() {
  alignas(16) static char stack[64 * 1024];
  return reinterpret_cast<uintptr_t>(stack + sizeof stack);
}

}  // extern "C"

namespace {

std::string last_error() { return g_memory_error.empty() ? g_call.error : g_memory_error; }

// What the last error is about ("stride", "input", "memory", ...; "" when none).
std::string last_error_field() {
  return g_memory_error.empty() ? field_name(g_call.field) : "memory";
}

// The last valid plan's whole geometry (call_block::summarize) as a plain JS object.
val plan_summary() {
  const call_block::Summary s = call_block::summarize(g_call);
  val out = val::object();
  out.set("op", s.op == call_block::Op::Conv1d ? "conv1d" : "conv_transpose1d");
  out.set("batched", s.batched);
  const std::pair<const char*, double> numbers[] = {
      {"batch", double(s.batch)},
      {"inChannels", double(s.in_channels)},
      {"outChannels", double(s.out_channels)},
      {"inLength", double(s.in_length)},
      {"outLength", double(s.out_length)},
      {"kernelSize", double(s.kernel_size)},
      {"stride", double(s.stride)},
      {"dilation", double(s.dilation)},
      {"groups", double(s.groups)},
      {"inPerGroup", double(s.in_per_group)},
      {"outPerGroup", double(s.out_per_group)},
      {"padLeft", double(s.pad_left)},
      {"padRight", double(s.pad_right)},
      {"cropLeft", double(s.crop_left)},
      {"cropRight", double(s.crop_right)},
      {"outputPadding", double(s.output_padding)},
      {"fullLength", double(s.full_length)},
      {"axisLength", double(s.axis_length)},
      {"axisOfOutput0", double(s.axis_of_output0)},
      {"kernelSpan", double(s.kernel_span)},
      {"multiplyAdds", s.multiply_adds},
  };
  for (const auto& [name, value] : numbers) out.set(name, value);
  out.set("paddingMode", std::string(s.padding_mode));
  return out;
}

// After a plan whose lengths failed (kernel longer than the padded input, padding cropping the
// whole output): its geometry, so the page can draw the axis next to the message; else null.
val failed_axis() { return g_call.lengths_failed ? plan_summary() : val::null(); }

val int_array(const std::vector<int64_t>& values) {
  std::vector<int32_t> narrow(values.begin(), values.end());
  return val::global("Int32Array").new_(typed_memory_view(narrow.size(), narrow.data()));
}

// The overlap map of the planned call, as plain JS values (one channel).
val overlap() {
  const bool conv = g_call.op == call_block::Op::Conv1d;
  const int64_t entries = conv ? g_call.conv.out_length * g_call.conv.kernel_size
                               : g_call.transpose.in_length * g_call.transpose.kernel_size;
  const int64_t axis =
      conv ? overlap_axis_length(g_call.conv) : overlap_axis_length(g_call.transpose);
  if (auto error = overlap_size_error(entries, axis); !error.empty()) {
    val result = val::object();
    result.set("error", error);
    return result;
  }
  const OverlapMap map =
      conv ? overlap_conv1d(g_call.conv) : overlap_conv_transpose1d(g_call.transpose);
  std::vector<int64_t> kinds, flat;
  for (AxisCell kind : map.axis_kind) kinds.push_back(static_cast<int64_t>(kind));
  for (const OverlapEntry& e : map.entries)
    flat.insert(flat.end(), {e.output, e.axis, e.input, e.tap});
  val result = val::object();
  result.set("inLength", static_cast<double>(map.in_length));
  result.set("kernelSize", static_cast<double>(map.kernel_size));
  result.set("outLength", static_cast<double>(map.out_length));
  result.set("axisLength", static_cast<double>(map.axis_length));
  result.set("axisOfOutput0", static_cast<double>(map.axis_of_output0));
  result.set("axisSource", int_array(map.axis_source));
  result.set("axisKind", int_array(kinds));
  result.set("axisCount", int_array(map.axis_count));
  result.set("entries", int_array(flat));
  return result;
}

#if defined(XSIMD_NO_SUPPORTED_ARCHITECTURE)
std::string build_info() { return "scalar (no SIMD)"; }
#else
std::string build_info() { return std::string("xsimd ") + xsimd::default_arch::name(); }
#endif

}  // namespace

EMSCRIPTEN_BINDINGS(convlab) {
  function("lastError", &last_error);
  function("lastErrorField", &last_error_field);
  function("planSummary", &plan_summary);
  function("failedAxis", &failed_axis);
  function("overlap", &overlap);
  function("buildInfo", &build_info);
  function(
      "kernelName", +[] { return std::string(kernel_name()); });
  // Limits the JS side checks before it copies anything (it snapshots caller values first).
  constant("maxTensorElements", static_cast<double>(limits::max_tensor_elements));
  constant("maxLength", static_cast<double>(limits::max_length));
  constant("maxParam", static_cast<double>(limits::max_param));
  constant("maxRank", static_cast<double>(call_block::max_rank));
  // The call block's wire slots as SLOT_<name>, so web/lib/conv/call-block.js never copies them.
  using namespace call_block;
  for (const auto& [name, slot] : {std::pair<const char*, int>{"SLOT_op", op},
                                   {"SLOT_inputRank", input_rank},
                                   {"SLOT_weightRank", weight_rank},
                                   {"SLOT_biasRank", bias_rank},
                                   {"SLOT_stride", call_block::stride},
                                   {"SLOT_paddingKind", padding_kind},
                                   {"SLOT_padding", call_block::padding},
                                   {"SLOT_dilation", call_block::dilation},
                                   {"SLOT_groups", call_block::groups},
                                   {"SLOT_paddingMode", call_block::padding_mode},
                                   {"SLOT_outputPadding", call_block::output_padding},
                                   {"SLOT_outRank", out_rank},
                                   {"SLOT_outDims", out_dims},
                                   {"SLOT_inputCount", input_count},
                                   {"SLOT_weightCount", weight_count},
                                   {"SLOT_biasCount", bias_count},
                                   {"SLOT_outputCount", output_count}})
    constant(name, static_cast<double>(slot));
}
