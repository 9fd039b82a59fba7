// The only file that knows about Emscripten. No exception ever crosses into JS: every entry
// point returns a status or a value, and the JS wrapper (web/lib/convlab.js) throws.
//
// Protocol: JS fills the call block (see call_block.hpp) and calls plan(); on success it copies
// tensors into the buffers tensor_buffer() hands out and calls run(). Buffers persist between
// calls (grow-only), so repeated calls allocate nothing. The per-call entry points are plain
// wasm exports (EMSCRIPTEN_KEEPALIVE): numbers in, numbers out, no Embind invoker per call;
// Embind carries what needs JS values (the message, the overlap map).
#include <emscripten/bind.h>
#include <emscripten/em_macros.h>
#include <emscripten/val.h>

#include <algorithm>
#include <string>
#include <vector>
#include <xsimd/xsimd.hpp>

#include "convlab/call_block.hpp"
#include "convlab/convlab.hpp"

using namespace emscripten;
using namespace convlab;

namespace {

double g_block[call_block::size];
call_block::Call g_call;
// Below this many multiply-adds the reference loops beat the SIMD path's setup (phase
// planning, packing); both agree to float rounding, and the node tests run every golden case
// both ways (convlab_set_tiny_limit(0) forces SIMD).
double g_tiny_macs = 256;
std::vector<float> g_buffers[4];  // input, weight, bias, output

}  // namespace

extern "C" {

EMSCRIPTEN_KEEPALIVE uintptr_t convlab_block_address() {
  return reinterpret_cast<uintptr_t>(g_block);
}

// 0 = valid (output shape now in the block), 1 = invalid (message in last_error()).
EMSCRIPTEN_KEEPALIVE int convlab_plan() {
  g_call = call_block::plan(g_block);
  return g_call.ok() ? 0 : 1;
}

// Address of buffer `which` (0 input, 1 weight, 2 bias, 3 output) holding at least `count`
// floats. Only called after plan() succeeded, so `count` is within the documented limits.
EMSCRIPTEN_KEEPALIVE uintptr_t convlab_tensor_buffer(int which, double count) {
  auto& buffer = g_buffers[which & 3];
  if (buffer.size() < static_cast<size_t>(count)) buffer.resize(static_cast<size_t>(count));
  return reinterpret_cast<uintptr_t>(buffer.data());
}

// Runs the planned call on the buffers; returns the output buffer's address.
EMSCRIPTEN_KEEPALIVE uintptr_t convlab_run() {
  const bool conv = g_call.op == call_block::Op::Conv1d;
  const float* bias =
      (conv ? g_call.conv.has_bias : g_call.transpose.has_bias) ? g_buffers[2].data() : nullptr;
  float* out =
      reinterpret_cast<float*>(convlab_tensor_buffer(3, g_block[call_block::output_count]));
  const float* x = g_buffers[0].data();
  const float* w = g_buffers[1].data();
  if (conv) {
    const auto& g = g_call.conv;
    const double macs =
        double(g.batch) * g.out_channels * g.out_length * g.in_per_group() * g.kernel_size;
    (macs <= g_tiny_macs ? conv1d_reference : conv1d)(g, x, w, bias, out);
  } else {
    const auto& g = g_call.transpose;
    const double macs =
        double(g.batch) * g.in_channels * g.in_length * g.out_per_group() * g.kernel_size;
    (macs <= g_tiny_macs ? conv_transpose1d_reference : conv_transpose1d)(g, x, w, bias, out);
  }
  return reinterpret_cast<uintptr_t>(out);
}

EMSCRIPTEN_KEEPALIVE void convlab_set_tiny_limit(double macs) { g_tiny_macs = macs; }

}  // extern "C"

namespace {

std::string last_error() { return g_call.error; }

val int_array(const std::vector<int64_t>& values) {
  std::vector<int32_t> narrow(values.begin(), values.end());
  return val::global("Int32Array").new_(typed_memory_view(narrow.size(), narrow.data()));
}

// The overlap map of the planned call, as plain JS values (one channel).
val overlap() {
  const bool conv = g_call.op == call_block::Op::Conv1d;
  const int64_t entries = conv ? g_call.conv.out_length * g_call.conv.kernel_size
                               : g_call.transpose.in_length * g_call.transpose.kernel_size;
  const int64_t axis = conv ? g_call.conv.padded_length()
                            : std::max(g_call.transpose.full_length(),
                                       g_call.transpose.padding + g_call.transpose.out_length);
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
  function("overlap", &overlap);
  function("buildInfo", &build_info);
}
