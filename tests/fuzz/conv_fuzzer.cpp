// libFuzzer target: random shapes, parameters and values through both entry points
// (call_block::plan, the JS wire format, and plan_conv1d / plan_conv_transpose1d), then, for
// accepted calls, the SIMD kernels and the reference against a float64 oracle.
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
#include <sanitizer/allocator_interface.h>

#include <atomic>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "convlab/call_block.hpp"
#include "convlab/convlab.hpp"
#include "convlab/dispatch.hpp"
#include "convlab/limits.hpp"
#include "convlab/padding.hpp"
#include "convlab/params.hpp"

using namespace convlab;

namespace {

// ---------------------------------------------------------------- failure reporting

std::string g_case;  // description of the current input, printed on failure

[[noreturn]] void fail(const std::string& what) {
  std::fprintf(stderr, "\n==== convlab_fuzzer: %s\n     case: %s\n", what.c_str(), g_case.c_str());
  std::fflush(stderr);
  __builtin_trap();
}

#define FUZZ_CHECK(cond, msg)            \
  do {                                   \
    if (!(cond)) fail(std::string(msg)); \
  } while (0)

std::string shape_str(const std::vector<int64_t>& s) {
  std::string out = "[";
  for (size_t i = 0; i < s.size(); ++i) out += (i ? "," : "") + std::to_string(s[i]);
  return out + "]";
}

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

// ---------------------------------------------------------------- input decoding

// Bytes read front to back; zeros once exhausted (so every prefix is a complete case).
struct Reader {
  const uint8_t* data;
  size_t size, pos = 0;
  uint8_t byte() { return pos < size ? data[pos++] : 0; }
  template <typename T>
  T raw() {
    T v{};
    uint8_t bytes[sizeof(T)] = {};
    for (auto& b : bytes) b = byte();
    std::memcpy(&v, bytes, sizeof(T));
    return v;
  }
};

constexpr int64_t kP = int64_t{1} << 24;  // limits::max_param
constexpr int64_t kL = int64_t{1} << 26;  // limits::max_length / max_tensor_elements

// Integers: mostly small; a byte >= 0xD0 picks an edge value or a raw int64.
const int64_t kIntEdges[] = {-1,
                             -2,
                             65535,
                             65536,
                             65537,
                             1000,
                             4096,
                             kP - 1,
                             kP,
                             kP + 1,
                             kL - 1,
                             kL,
                             kL + 1,
                             int64_t{1} << 31,
                             int64_t{1} << 40,
                             -(int64_t{1} << 40),
                             std::numeric_limits<int64_t>::max(),
                             std::numeric_limits<int64_t>::min(),
                             9000000000000000,
                             100000,
                             12345,
                             31,
                             33,
                             63,
                             64,
                             65,
                             127,
                             128,
                             129,
                             255,
                             256,
                             257,
                             511,
                             1 << 20,
                             (1 << 20) + 1,
                             3 << 20,
                             1 << 22,
                             1 << 23};
constexpr size_t kIntEdgeCount = sizeof(kIntEdges) / sizeof(kIntEdges[0]);

int64_t read_int(Reader& r) {
  const uint8_t b = r.byte();
  if (b < 0xD0) return b % 20;  // 0..19: where almost all valid calls live
  const size_t i = b - 0xD0;
  if (i < kIntEdgeCount) return kIntEdges[i];
  if (b == 0xFF) return r.raw<int64_t>();
  return static_cast<int64_t>(r.byte()) + 20;  // 20..275
}

// Block doubles: the JS side may send anything a Number holds.
const double kDoubleEdges[] = {std::numeric_limits<double>::quiet_NaN(),
                               std::numeric_limits<double>::infinity(),
                               -std::numeric_limits<double>::infinity(),
                               0.5,
                               -0.5,
                               1.5,
                               -0.0,
                               1e300,
                               -1e300,
                               9.0e15,
                               9.000000000000002e15,
                               9007199254740992.0,
                               1.8446744073709552e19,
                               -9.223372036854775808e18,
                               9.223372036854775808e18,
                               4.9e-324,
                               16777217.0,
                               67108865.0,
                               65537.0,
                               2.0000000001,
                               -1.0,
                               -2.0,
                               3.0,
                               8.0,
                               1e-300};
constexpr size_t kDoubleEdgeCount = sizeof(kDoubleEdges) / sizeof(kDoubleEdges[0]);

double read_double(Reader& r) {
  const uint8_t b = r.byte();
  if (b < 0xC0) return static_cast<double>(static_cast<int>(b % 24) - 4);  // -4..19
  const size_t i = b - 0xC0;
  if (i < kDoubleEdgeCount) return kDoubleEdges[i];
  if (b == 0xFF) return r.raw<double>();
  return static_cast<double>(read_int(r));
}

constexpr float kInf = std::numeric_limits<float>::infinity();
constexpr float kQNaN = std::numeric_limits<float>::quiet_NaN();

// Tensor values. Styles: 0 small dyadic (exact sums), 1 dyadic with specials, 2 raw float32
// bits (NaN payloads, denormals, huge), 3 integers in [-8, 7].
float read_value(Reader& r, int style) {
  switch (style) {
    case 0:
      return static_cast<float>(static_cast<int8_t>(r.byte())) / 16.0f;
    case 1: {
      const uint8_t b = r.byte();
      switch (b) {
        case 0xF0:
          return kQNaN;
        case 0xF1:
          return kInf;
        case 0xF2:
          return -kInf;
        case 0xF3:
          return -0.0f;
        case 0xF4:
          return 3.0e38f;
        case 0xF5:
          return -3.0e38f;
        case 0xF6:
          return 1.0e-45f;  // smallest denormal
        case 0xF7:
          return 1.0e20f;
        case 0xF8:
          return -std::numeric_limits<float>::quiet_NaN();
        default:
          return static_cast<float>(static_cast<int8_t>(b)) / 16.0f;
      }
    }
    case 2:
      return r.raw<float>();
    default:
      return static_cast<float>(static_cast<int>(r.byte() % 16) - 8);
  }
}

// ---------------------------------------------------------------- the oracle

// One output cell as float64 terms: exact sum and bound of the finite terms, and which
// non-finite terms occurred.
struct Cell {
  double sum = 0, bound = 0;
  int64_t terms = 0;
  bool nan = false, pos_inf = false, neg_inf = false;
  void add(double v) {
    ++terms;
    if (std::isnan(v))
      nan = true;
    else if (v == INFINITY)
      pos_inf = true;
    else if (v == -INFINITY)
      neg_inf = true;
    else {
      sum += v;
      bound += std::fabs(v);
    }
  }
};

std::vector<Cell> oracle_conv1d(const Conv1dGeometry& g, const float* x, const float* w,
                                const float* b) {
  std::vector<Cell> cells(static_cast<size_t>(g.batch * g.out_channels * g.out_length));
  const int64_t cin_g = g.in_per_group(), cout_g = g.out_per_group();
  for (int64_t n = 0; n < g.batch; ++n)
    for (int64_t co = 0; co < g.out_channels; ++co)
      for (int64_t o = 0; o < g.out_length; ++o) {
        Cell& c = cells[static_cast<size_t>((n * g.out_channels + co) * g.out_length + o)];
        if (b) c.add(b[co]);
        const int64_t first_ci = (co / cout_g) * cin_g;
        for (int64_t ci = 0; ci < cin_g; ++ci)
          for (int64_t k = 0; k < g.kernel_size; ++k) {
            const double wv = w[(co * cin_g + ci) * g.kernel_size + k];
            const int64_t pos = o * g.stride + k * g.dilation;
            FUZZ_CHECK(pos >= 0 && pos < g.padded_length(), "oracle: tap outside the padded input");
            const int64_t src = padded_source_index(pos, g.in_length, g.pad_left, g.padding_mode);
            if (src < 0) {
              FUZZ_CHECK(g.padding_mode == PaddingMode::Zeros,
                         "padded_source_index -1 outside zeros mode");
              c.add(0.0 * wv);
              continue;
            }
            FUZZ_CHECK(src < g.in_length, "padded_source_index out of range");
            c.add(static_cast<double>(x[(n * g.in_channels + first_ci + ci) * g.in_length + src]) *
                  wv);
          }
      }
  return cells;
}

std::vector<Cell> oracle_conv_transpose1d(const ConvTranspose1dGeometry& g, const float* x,
                                          const float* w, const float* b) {
  std::vector<Cell> cells(static_cast<size_t>(g.batch * g.out_channels * g.out_length));
  const int64_t cin_g = g.in_per_group(), cout_g = g.out_per_group();
  for (int64_t n = 0; n < g.batch; ++n) {
    Cell* y = cells.data() + n * g.out_channels * g.out_length;
    if (b)
      for (int64_t co = 0; co < g.out_channels; ++co)
        for (int64_t o = 0; o < g.out_length; ++o) y[co * g.out_length + o].add(b[co]);
    for (int64_t ci = 0; ci < g.in_channels; ++ci) {
      const int64_t group = ci / cin_g;
      for (int64_t j = 0; j < cout_g; ++j) {
        const int64_t co = group * cout_g + j;
        for (int64_t i = 0; i < g.in_length; ++i)
          for (int64_t k = 0; k < g.kernel_size; ++k) {
            const int64_t o = i * g.stride + k * g.dilation - g.padding;
            if (o < 0 || o >= g.out_length) continue;
            y[co * g.out_length + o].add(
                static_cast<double>(x[(n * g.in_channels + ci) * g.in_length + i]) *
                static_cast<double>(w[(ci * cout_g + j) * g.kernel_size + k]));
          }
      }
    }
  }
  return cells;
}

constexpr uint32_t kSentinelBits = 0x7fc0dead;  // a quiet NaN payload inputs never carry

float sentinel() {
  float f;
  std::memcpy(&f, &kSentinelBits, sizeof f);
  return f;
}

bool verbose() {
  static const bool on = std::getenv("CONVLAB_FUZZ_VERBOSE") != nullptr;
  return on;
}

void compare(const char* who, const std::vector<Cell>& cells, const std::vector<float>& got) {
  FUZZ_CHECK(cells.size() == got.size(), "oracle/output size mismatch");
  if (verbose()) {
    std::fprintf(stderr, "  %s:", who);
    for (size_t i = 0; i < got.size() && i < 64; ++i)
      std::fprintf(stderr, " %g", static_cast<double>(got[i]));
    std::fprintf(stderr, "%s\n", got.size() > 64 ? " ..." : "");
  }
  for (size_t i = 0; i < got.size(); ++i) {
    const Cell& c = cells[i];
    const float v = got[i];
    uint32_t bits;
    std::memcpy(&bits, &v, sizeof bits);
    auto bad = [&](const char* why) {
      char buf[400];
      std::snprintf(buf, sizeof buf,
                    "%s: output cell %zu %s: got %.9g, exact %.17g (bound %.6g, %lld terms, "
                    "nan=%d +inf=%d -inf=%d)",
                    who, i, why, static_cast<double>(v), c.sum, c.bound,
                    static_cast<long long>(c.terms), c.nan, c.pos_inf, c.neg_inf);
      fail(buf);
    };
    if ((bits & 0x7fffffffu) == kSentinelBits) bad("was never written");
    // Finite terms large enough for a float partial sum to overflow: any answer is defensible.
    if (c.bound >= 0x1p126) continue;
    if (c.nan || (c.pos_inf && c.neg_inf)) {
      if (!std::isnan(v)) bad("should be NaN");
    } else if (c.pos_inf) {
      if (v != kInf) bad("should be +inf");
    } else if (c.neg_inf) {
      if (v != -kInf) bad("should be -inf");
    } else {
      if (!std::isfinite(v)) bad("should be finite");
      const double tol = static_cast<double>(c.terms + 2) * 0x1p-23 * c.bound +
                         static_cast<double>(c.terms + 1) * 0x1p-148;
      if (std::fabs(static_cast<double>(v) - c.sum) > tol) bad("is off by more than the tolerance");
    }
  }
}

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

template <typename Geometry>
void check_limits(const Geometry& g, const std::vector<int64_t>& in,
                  const std::vector<int64_t>& w) {
  auto count = [](const std::vector<int64_t>& s) {
    double n = 1;
    for (int64_t d : s) n *= static_cast<double>(d);
    return n;
  };
  const double lim = static_cast<double>(limits::max_tensor_elements);
  FUZZ_CHECK(count(in) <= lim, "accepted an input over the element limit");
  FUZZ_CHECK(count(w) <= lim, "accepted a weight over the element limit");
  FUZZ_CHECK(count(g.output_shape()) <= lim, "accepted an output over the element limit");
  FUZZ_CHECK(g.kernel_size >= 1 && g.kernel_size <= limits::max_kernel_size,
             "kernel_size out of limits");
  FUZZ_CHECK(g.out_channels <= limits::max_channels && g.in_per_group() <= limits::max_channels,
             "channels out of limits");
  FUZZ_CHECK(g.out_length >= 1, "accepted an empty output length");
  FUZZ_CHECK(g.groups >= 1 && g.in_channels % g.groups == 0 && g.out_channels % g.groups == 0,
             "accepted groups that do not divide the channels");
  FUZZ_CHECK(g.stride >= 1 && g.dilation >= 1, "accepted a non-positive stride or dilation");
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

// ---------------------------------------------------------------- the call block

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
    Conv1dParams p;
    p.stride = stride;
    p.padding_kind = static_cast<PaddingKind>(padding_kind);
    p.padding = padding;
    p.dilation = dilation;
    p.groups = groups;
    p.padding_mode = static_cast<PaddingMode>(padding_mode);
    const auto plan = plan_conv1d(in_shape, w_shape, has_bias ? &b_shape : nullptr, p);
    if (!plan.ok()) {
      FUZZ_CHECK(!plan.error.empty(), "plan_conv1d: rejected without a message");
    } else {
      check_limits(plan.geometry, in_shape, w_shape);
      FUZZ_CHECK(plan.geometry.has_bias == has_bias, "plan_conv1d: has_bias mismatch");
    }
    if (mutations == 0 && ranks_fit) {
      if (plan.ok() != call.ok())
        fail("block and plan_conv1d disagree: block says '" + call.error + "', plan says '" +
             plan.error + "'");
      if (plan.ok()) {
        const auto& a = plan.geometry;
        const auto& b = call.conv;
        FUZZ_CHECK(a.output_shape() == b.output_shape() && a.pad_left == b.pad_left &&
                       a.pad_right == b.pad_right && a.padding_mode == b.padding_mode &&
                       a.groups == b.groups && a.stride == b.stride && a.dilation == b.dilation,
                   "block and plan_conv1d give different geometries");
      }
    }
  } else {
    ConvTranspose1dParams p;
    p.stride = stride;
    p.padding = padding;
    p.output_padding = output_padding;
    p.dilation = dilation;
    p.groups = groups;
    const auto plan = plan_conv_transpose1d(in_shape, w_shape, has_bias ? &b_shape : nullptr, p);
    if (!plan.ok()) {
      FUZZ_CHECK(!plan.error.empty(), "plan_conv_transpose1d: rejected without a message");
    } else {
      check_limits(plan.geometry, in_shape, w_shape);
      FUZZ_CHECK(plan.geometry.has_bias == has_bias, "plan_conv_transpose1d: has_bias mismatch");
    }
    // The block also rejects padding strings and non-zeros modes for the transposed op.
    if (mutations == 0 && ranks_fit && padding_kind == 0 && padding_mode == 0) {
      if (plan.ok() != call.ok())
        fail("block and plan_conv_transpose1d disagree: block says '" + call.error +
             "', plan says '" + plan.error + "'");
      if (plan.ok())
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
  if (call.op == Op::Conv1d) {
    const auto& g = call.conv;
    check_block_outputs(block, g.output_shape(), in_count, w_count, b_count);
    FUZZ_CHECK(in_count == static_cast<double>(g.batch) * g.in_channels * g.in_length,
               "block: input count does not match the geometry");
    FUZZ_CHECK(w_count == static_cast<double>(g.out_channels) * g.in_per_group() * g.kernel_size,
               "block: weight count does not match the geometry");
    run_kernels<Conv1dOps>(g, r, style);
  } else {
    const auto& g = call.transpose;
    check_block_outputs(block, g.output_shape(), in_count, w_count, b_count);
    FUZZ_CHECK(in_count == static_cast<double>(g.batch) * g.in_channels * g.in_length,
               "block: input count does not match the geometry");
    FUZZ_CHECK(w_count == static_cast<double>(g.in_channels) * g.out_per_group() * g.kernel_size,
               "block: weight count does not match the geometry");
    run_kernels<ConvTranspose1dOps>(g, r, style);
  }
  return 0;
}
