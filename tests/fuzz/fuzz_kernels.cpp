// Running the kernels on a fuzzed call: the SIMD path, the reference and the dispatcher against
// the oracle, with the SIMD path's scratch allocations counted (fuzz_kernels.hpp).
#include "fuzz_kernels.hpp"

#include <sanitizer/allocator_interface.h>

#include <atomic>
#include <cstdio>
#include <cstring>
#include <string>

#include "convlab/convlab.hpp"
#include "convlab/dispatch.hpp"
#include "convlab/limits.hpp"
#include "fuzz_oracle.hpp"
#include "fuzz_report.hpp"

namespace convlab::fuzz {
namespace {

// ---------------------------------------------------------------- allocation accounting

std::atomic<bool> g_counting{false};
std::atomic<uint64_t> g_allocated{0};

void malloc_hook(const volatile void*, size_t size) {
  if (g_counting.load(std::memory_order_relaxed))
    g_allocated.fetch_add(size, std::memory_order_relaxed);
}
void free_hook(const volatile void*) {}

struct HookInstaller {
  HookInstaller() { __sanitizer_install_malloc_and_free_hooks(malloc_hook, free_hook); }
} g_hook_installer;

// ---------------------------------------------------------------- running the kernels

// Cost of the straightforward computation (what PyTorch's scatter/gather loops do); the fuzzer
// only runs cases whose reference cost is small, so a slow SIMD path shows up as a timeout.
constexpr double kMaxWork = 4.0e6;
constexpr double kMaxElements = 2.0e6;

std::vector<float> fill(Reader& r, int style, int64_t n) {
  std::vector<float> v(static_cast<size_t>(n));
  for (auto& x : v) {
    x = read_value(r, style);
    // NaN payloads propagate: an input NaN must not look like an unwritten output cell.
    uint32_t bits;
    std::memcpy(&bits, &x, sizeof bits);
    if ((bits & 0x7fffffffu) == kSentinelBits) x = kQNaN;
  }
  return v;
}

void check_scratch(const char* who, uint64_t bytes, double elements) {
  // Proportional to the tensors: packed copies, phase records and tap tables (vectors grow by
  // doubling) stay within 16 floats per tensor element plus a fixed 16 MiB. Degenerate
  // geometries that would need more must take the reference loops (phase_packing.cpp).
  const double allowed = 64.0 * elements + (16u << 20);
  if (static_cast<double>(bytes) > allowed) {
    char buf[200];
    std::snprintf(buf, sizeof buf, "%s: allocated %.0f bytes of scratch for %.0f tensor elements",
                  who, static_cast<double>(bytes), elements);
    fail(buf);
  }
}

// Each op's entry points, so one runner checks both.
struct Conv1dOps {
  static constexpr const char* name = "conv1d";
  static double weights(const Conv1dGeometry& g) {
    return static_cast<double>(g.out_channels) * g.in_per_group() * g.kernel_size;
  }
  static double work(const Conv1dGeometry& g, double out_n, double) {
    return out_n * g.in_per_group() * g.kernel_size;
  }
  static constexpr auto oracle = oracle_conv1d;
  static constexpr auto reference = conv1d_reference;
  static constexpr auto simd = static_cast<void (*)(const Conv1dGeometry&, const float*,
                                                    const float*, const float*, float*)>(conv1d);
  static constexpr auto dispatch = convlab::run_conv1d;
};

struct ConvTranspose1dOps {
  static constexpr const char* name = "conv_transpose1d";
  static double weights(const ConvTranspose1dGeometry& g) {
    return static_cast<double>(g.in_channels) * g.out_per_group() * g.kernel_size;
  }
  static double work(const ConvTranspose1dGeometry& g, double out_n, double in_n) {
    return in_n * g.out_per_group() * g.kernel_size + out_n;
  }
  static constexpr auto oracle = oracle_conv_transpose1d;
  static constexpr auto reference = conv_transpose1d_reference;
  static constexpr auto simd =
      static_cast<void (*)(const ConvTranspose1dGeometry&, const float*, const float*, const float*,
                           float*)>(conv_transpose1d);
  static constexpr auto dispatch = convlab::run_conv_transpose1d;
};

template <typename Ops, typename Geometry>
void run_kernels(const Geometry& g, Reader& r, int style) {
  const double out_n = static_cast<double>(g.batch) * g.out_channels * g.out_length;
  const double in_n = static_cast<double>(g.batch) * g.in_channels * g.in_length;
  const double w_n = Ops::weights(g);
  if (out_n + in_n + w_n > kMaxElements || Ops::work(g, out_n, in_n) > kMaxWork) return;
  const auto x = fill(r, style, g.batch * g.in_channels * g.in_length);
  const auto w = fill(r, style, static_cast<int64_t>(w_n));
  const auto b = fill(r, style, g.has_bias ? g.out_channels : 0);
  const float* bias = g.has_bias ? b.data() : nullptr;
  const auto cells = Ops::oracle(g, x.data(), w.data(), bias);
  const std::string name = Ops::name;
  std::vector<float> ref(cells.size(), sentinel()), simd(cells.size(), sentinel());
  Ops::reference(g, x.data(), w.data(), bias, ref.data());
  compare((name + "_reference").c_str(), cells, ref);
  g_allocated = 0;
  g_counting = true;
  Ops::simd(g, x.data(), w.data(), bias, simd.data());
  g_counting = false;
  check_scratch(Ops::name, g_allocated, out_n + in_n + w_n);
  FUZZ_CHECK(static_cast<double>(g_allocated) <= simd_scratch_bytes(g),
             name + " allocated more scratch than dispatch's simd_scratch_bytes estimate");
  compare((name + " (SIMD)").c_str(), cells, simd);
  // The dispatcher (what the wasm module runs): where it picks the SIMD path it runs exactly the
  // call checked above; where it picks the reference (scratch too big, a non-finite transposed
  // weight), run it and check that too.
  if (choose_path(g, w.data(), DispatchPolicy{0}) == KernelPath::Reference) {
    std::vector<float> dispatched(cells.size(), sentinel());
    Ops::dispatch(g, x.data(), w.data(), bias, dispatched.data(), DispatchPolicy{0});
    compare(("run_" + name + " (dispatch)").c_str(), cells, dispatched);
  }
}

}  // namespace

void run_kernels(const Conv1dGeometry& g, Reader& r, int style) {
  run_kernels<Conv1dOps>(g, r, style);
}
void run_kernels(const ConvTranspose1dGeometry& g, Reader& r, int style) {
  run_kernels<ConvTranspose1dOps>(g, r, style);
}
double weight_elements(const Conv1dGeometry& g) { return Conv1dOps::weights(g); }
double weight_elements(const ConvTranspose1dGeometry& g) { return ConvTranspose1dOps::weights(g); }

namespace {

// ---------------------------------------------------------------- sequences of big calls

// One planned call through the dispatcher on constant tensors (what the wasm module runs).
template <typename Planned, typename Run>
void run_planned(const Planned& plan, double input_count, double weight_count, Run run) {
  FUZZ_CHECK(plan.ok(), "big sequence: a valid call was rejected: " + plan.error);
  const auto& g = plan.geometry;
  std::vector<float> x(size_t(input_count), 0.5f), w(size_t(weight_count), 0.25f);
  std::vector<float> out(size_t(g.batch * g.out_channels * g.out_length));
  run(g, x.data(), w.data(), nullptr, out.data(), DispatchPolicy{});
}

}  // namespace

// The sequence, scaled to what a fuzzer process can hold: each call within every
// limit, run one after another through the dispatcher. What the kernels keep afterwards (their
// scratch) must stay under limits::max_simd_scratch_bytes (bigger calls take the reference
// loops), so no sequence adds up.
void big_call_sequence() {
  struct Step {
    std::vector<int64_t> input, weight;
    bool transpose;
  };
  // Big in memory (tens of MiB each), small in work (the fuzzer runs under ASan).
  const Step steps[] = {
      {{1, 1, 1 << 23}, {1, 1, 1}, false}, {{1, 128, 1 << 14}, {1, 128, 1 << 14}, false},
      {{1, 1, 1 << 21}, {1, 2, 3}, true},  {{1, 64, 1 << 12}, {64, 64, 1}, false},
      {{1, 1, 1 << 23}, {1, 1, 1}, false},
  };
  g_case = "big call sequence";
  const size_t baseline = __sanitizer_get_current_allocated_bytes();
  for (const Step& step : steps) {
    double n_in = 1, n_w = 1;
    for (int64_t d : step.input) n_in *= double(d);
    for (int64_t d : step.weight) n_w *= double(d);
    if (step.transpose)
      run_planned(plan_conv_transpose1d(step.input, step.weight, nullptr, {}), n_in, n_w,
                  convlab::run_conv_transpose1d);
    else
      run_planned(plan_conv1d(step.input, step.weight, nullptr, {}), n_in, n_w,
                  convlab::run_conv1d);
    const double kept = double(__sanitizer_get_current_allocated_bytes()) - double(baseline);
    if (kept > limits::max_simd_scratch_bytes)
      fail(
          "the dispatcher let kernel scratch held between calls pass "
          "limits::max_simd_scratch_bytes");
  }
}

}  // namespace convlab::fuzz
