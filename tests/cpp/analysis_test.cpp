// The analysis functions (issue 13): gradients against real PyTorch autograd and the fast path
// against the reference; the matrix against the op it encodes and against its transpose; the
// equivalent Conv1d against the transposed convolution. Outputs are pre-filled with NaN so an
// unwritten cell cannot pass.
#include "convlab/analysis.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>

#include "convlab/convlab.hpp"
#include "golden_loader.hpp"
#include "test_util.hpp"

using namespace convlab;
using convlab::testing::close_to;
using convlab::testing::magnitude;
using convlab::testing::Tensor;

namespace {

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

int64_t count(const std::vector<int64_t>& shape) {
  int64_t n = 1;
  for (int64_t d : shape) n *= d;
  return n;
}

Tensor to_tensor(const nlohmann::json& j) {
  Tensor t;
  for (const auto& d : j.at("shape")) t.shape.push_back(d.get<int64_t>());
  for (const auto& v : j.at("data")) {
    if (!v.is_string()) {
      t.data.push_back(static_cast<float>(v.get<double>()));
      continue;
    }
    const std::string s = v.get<std::string>();
    const float inf = std::numeric_limits<float>::infinity();
    t.data.push_back(s == "nan" ? kNaN : s == "inf" ? inf : -inf);
  }
  return t;
}

struct BackwardCase {
  convlab::testing::GoldenCase call;  // input, weight, bias, params
  Tensor grad_output, grad_input, grad_weight;
  std::optional<Tensor> grad_bias;
  std::vector<size_t> ambiguous[3];  // input, weight, bias cells PyTorch's kernels disagree on
  bool exact = false;                // dyadic / int / ones values: every sum is exact in float32
};

std::vector<BackwardCase> load_backward_cases() {
  std::ifstream in(std::string(CONVLAB_GOLDEN_DIR) + "/backward_cases.json");
  if (!in) throw std::runtime_error("cannot open backward_cases.json");
  const auto doc = nlohmann::json::parse(in);
  std::vector<BackwardCase> cases;
  for (const auto& j : doc.at("cases")) {
    BackwardCase c;
    c.call.name = j.at("name").get<std::string>();
    c.call.op = j.at("op").get<std::string>();
    c.call.input = to_tensor(j.at("input"));
    c.call.weight = to_tensor(j.at("weight"));
    if (!j.at("bias").is_null()) c.call.bias = to_tensor(j.at("bias"));
    const auto& p = j.at("params");
    c.call.params.stride = p.at("stride").get<double>();
    c.call.params.dilation = p.at("dilation").get<double>();
    c.call.params.groups = p.at("groups").get<double>();
    c.call.params.output_padding = p.at("output_padding").get<double>();
    c.call.params.padding_mode = p.at("padding_mode").get<std::string>();
    const auto& pad = p.at("padding");
    c.call.params.padding = pad.is_string() ? pad.get<std::string>() : pad.dump();
    c.grad_output = to_tensor(j.at("grad_output"));
    const auto& e = j.at("expected");
    c.grad_input = to_tensor(e.at("input"));
    c.grad_weight = to_tensor(e.at("weight"));
    if (!e.at("bias").is_null()) c.grad_bias = to_tensor(e.at("bias"));
    c.exact = c.call.name.find("/randn") == std::string::npos;
    if (j.contains("nonfinite_ambiguous")) {
      const auto& a = j.at("nonfinite_ambiguous");
      const char* names[] = {"input", "weight", "bias"};
      for (int i = 0; i < 3; ++i)
        if (a.contains(names[i])) c.ambiguous[i] = a.at(names[i]).get<std::vector<size_t>>();
    }
    cases.push_back(std::move(c));
  }
  return cases;
}

struct Grads {
  std::vector<float> input, weight, bias;
};

// Plans a case as the wasm module does (call block, then the gradOutput check) and runs it.
Grads run_backward(const BackwardCase& c, bool fast, std::string* error = nullptr) {
  double block[call_block::size];
  const auto call = convlab::testing::plan_case(c.call, block);
  EXPECT_TRUE(call.ok()) << call.error;
  Grads g;
  g.input.assign(c.call.input.data.size(), kNaN);
  g.weight.assign(c.call.weight.data.size(), kNaN);
  if (c.call.bias) g.bias.assign(c.call.bias->data.size(), kNaN);
  const float* x = c.call.input.data.data();
  const float* w = c.call.weight.data.data();
  const float* gy = c.grad_output.data.data();
  float* gb = c.call.bias ? g.bias.data() : nullptr;
  if (call.op == call_block::Op::Conv1d) {
    const auto e = grad_output_shape_error("conv1d", call.conv.output_shape(), c.grad_output.shape);
    if (error) *error = e;
    if (!e.empty()) return g;
    (fast ? conv1d_backward : conv1d_backward_reference)(call.conv, x, w, gy, g.input.data(),
                                                         g.weight.data(), gb);
  } else {
    const auto e = grad_output_shape_error("conv_transpose1d", call.transpose.output_shape(),
                                           c.grad_output.shape);
    if (error) *error = e;
    if (!e.empty()) return g;
    (fast ? conv_transpose1d_backward : conv_transpose1d_backward_reference)(
        call.transpose, x, w, gy, g.input.data(), g.weight.data(), gb);
  }
  return g;
}

TEST(Backward, GoldenCasesMatchPyTorchAutograd) {
  const auto cases = load_backward_cases();
  ASSERT_GE(cases.size(), 200u);
  int exact = 0;
  for (const auto& c : cases) {
    SCOPED_TRACE(c.call.name);
    const float scale = magnitude(c.grad_output.data) *
                        (magnitude(c.call.input.data) + magnitude(c.call.weight.data)) *
                        static_cast<float>(c.grad_output.data.size() + c.call.weight.data.size());
    for (bool fast : {false, true}) {
      SCOPED_TRACE(fast ? "fast" : "reference");
      Grads g = run_backward(c, fast);
      // Where PyTorch's kernels disagree (NaN in one, a number in another), either is right.
      std::vector<float>* got[] = {&g.input, &g.weight, &g.bias};
      const std::vector<float>* want[] = {&c.grad_input.data, &c.grad_weight.data,
                                          c.grad_bias ? &c.grad_bias->data : nullptr};
      for (int i = 0; i < 3; ++i)
        for (size_t cell : c.ambiguous[i]) {
          ASSERT_TRUE(want[i] && cell < got[i]->size());
          if (std::isnan((*got[i])[cell])) (*got[i])[cell] = (*want[i])[cell];
        }
      if (c.exact) {  // bit for bit (NaN where PyTorch has NaN)
        EXPECT_TRUE(close_to(g.input, c.grad_input.data, 1, 0.0f));
        EXPECT_TRUE(close_to(g.weight, c.grad_weight.data, 1, 0.0f));
        if (c.grad_bias) EXPECT_TRUE(close_to(g.bias, c.grad_bias->data, 1, 0.0f));
      } else {
        EXPECT_TRUE(close_to(g.input, c.grad_input.data, scale, 2e-6f));
        EXPECT_TRUE(close_to(g.weight, c.grad_weight.data, scale, 2e-6f));
        if (c.grad_bias) EXPECT_TRUE(close_to(g.bias, c.grad_bias->data, scale, 2e-6f));
      }
    }
    exact += c.exact;
  }
  EXPECT_GE(exact, 150);  // most cases are compared bit for bit
}

TEST(Backward, GradOutputOfTheWrongShapeNamesBothShapes) {
  auto c = load_backward_cases().front();
  c.grad_output.shape.back() += 1;
  c.grad_output.data.resize(static_cast<size_t>(count(c.grad_output.shape)), 0.0f);
  std::string error;
  run_backward(c, true, &error);
  ASSERT_FALSE(error.empty());
  std::ostringstream got;
  got << c.grad_output.shape.back();
  EXPECT_NE(error.find("gradOutput"), std::string::npos) << error;
  EXPECT_NE(error.find(got.str() + "]"), std::string::npos) << error;
  EXPECT_NE(error.find("does not match"), std::string::npos) << error;

  const std::vector<int64_t> in{2, 3, 10}, w{4, 3, 3}, wrong{2, 4};
  const auto plan = plan_conv1d_backward(in, w, nullptr, wrong, Conv1dParams{});
  EXPECT_EQ(plan.error,
            "gradOutput (grad_output): shape [2, 4] does not match the conv1d output's shape "
            "[2, 4, 8] for this input, weight and params; the upstream gradient has the output's "
            "shape. Pass a tensor of shape [2, 4, 8] (e.g. all ones).");
  const std::vector<int64_t> right{2, 4, 8};
  EXPECT_TRUE(plan_conv1d_backward(in, w, nullptr, right, Conv1dParams{}).ok());
  ConvTranspose1dParams tp;
  tp.stride = 2;
  const std::vector<int64_t> tw{3, 2, 3}, tright{2, 2, 21};
  EXPECT_TRUE(plan_conv_transpose1d_backward(in, tw, nullptr, tright, tp).ok());
  EXPECT_NE(plan_conv_transpose1d_backward(in, tw, nullptr, right, tp).error.find("[2, 2, 21]"),
            std::string::npos);
  // Forward errors come first, unchanged.
  tp.groups = 0;
  EXPECT_NE(plan_conv_transpose1d_backward(in, tw, nullptr, tright, tp).error.find("groups"),
            std::string::npos);
}

// ---- random sweeps

struct Sampler {
  std::mt19937 rng;
  explicit Sampler(unsigned seed) : rng(seed) {}
  int64_t pick(std::initializer_list<int64_t> values) {
    std::uniform_int_distribution<size_t> d(0, values.size() - 1);
    return *(values.begin() + d(rng));
  }
  std::vector<float> values(int64_t n) {
    std::uniform_real_distribution<float> d(-1.0f, 1.0f);
    std::vector<float> v(static_cast<size_t>(n));
    for (auto& x : v) x = d(rng);
    return v;
  }
};

const std::vector<std::array<int64_t, 3>> kChannelLayouts = {
    {1, 1, 1}, {1, 3, 5}, {1, 2, 4}, {2, 2, 3}, {3, 1, 1}, {4, 1, 2}, {2, 3, 4}, {1, 1, 7}};

std::optional<Conv1dGeometry> random_conv1d(Sampler& r, int trial, int64_t batch) {
  const auto layout = kChannelLayouts[trial % kChannelLayouts.size()];
  Conv1dParams p;
  p.groups = layout[0];
  p.padding_kind = static_cast<PaddingKind>(r.pick({0, 0, 0, 1, 2}));
  p.stride = p.padding_kind == PaddingKind::Same ? 1 : r.pick({1, 1, 2, 3, 4, 5});
  p.padding = r.pick({0, 1, 2, 3, 5});
  p.dilation = r.pick({1, 1, 2, 3});
  p.padding_mode = static_cast<PaddingMode>(trial % 4);
  const std::vector<int64_t> in{batch, layout[0] * layout[1],
                                r.pick({1, 2, 3, 5, 8, 9, 16, 17, 33})};
  const std::vector<int64_t> w{layout[0] * layout[2], layout[1], r.pick({1, 2, 3, 4, 5, 8})};
  const std::vector<int64_t> b{w[0]};
  const auto plan = plan_conv1d(in, w, trial % 3 ? &b : nullptr, p);
  if (!plan.ok()) return std::nullopt;
  return plan.geometry;
}

std::optional<ConvTranspose1dGeometry> random_transpose(Sampler& r, int trial, int64_t batch) {
  const auto layout = kChannelLayouts[trial % kChannelLayouts.size()];
  ConvTranspose1dParams p;
  p.groups = layout[0];
  p.stride = r.pick({1, 1, 2, 3, 4, 5});
  p.dilation = r.pick({1, 1, 2, 3});
  p.padding = r.pick({0, 0, 1, 2, 3, 5});
  p.output_padding = r.pick({0, 0, 1, 2, 3, 4});
  const std::vector<int64_t> in{batch, layout[0] * layout[1], r.pick({1, 2, 3, 5, 8, 9, 16, 17})};
  const std::vector<int64_t> w{in[1], layout[2], r.pick({1, 2, 3, 4, 5, 8})};
  const std::vector<int64_t> b{layout[0] * layout[2]};
  const auto plan = plan_conv_transpose1d(in, w, trial % 3 ? &b : nullptr, p);
  if (!plan.ok()) return std::nullopt;
  return plan.geometry;
}

template <typename Geometry>
std::string describe(const Geometry& g) {
  std::ostringstream out;
  out << "N" << g.batch << " Cin" << g.in_channels << " Cout" << g.out_channels << " K"
      << g.kernel_size << " L" << g.in_length << " Lout" << g.out_length << " s" << g.stride << " d"
      << g.dilation << " g" << g.groups;
  if constexpr (std::is_same_v<Geometry, Conv1dGeometry>)
    out << " pad " << g.pad_left << "/" << g.pad_right << " " << padding_mode_name(g.padding_mode);
  else
    out << " p" << g.padding << " op" << g.output_padding;
  return out.str();
}

TEST(Backward, FastPathMatchesReferenceOverSweeps) {
  Sampler r(77);
  int conv_valid = 0, transpose_valid = 0;
  for (int trial = 0; trial < 3000; ++trial) {
    const int64_t batch = r.pick({0, 1, 1, 2, 3});
    if (trial % 2 == 0) {
      const auto g = random_conv1d(r, trial, batch);
      if (!g) continue;
      ++conv_valid;
      SCOPED_TRACE(describe(*g));
      const auto x = r.values(g->batch * g->in_channels * g->in_length);
      const auto w = r.values(g->out_channels * g->in_per_group() * g->kernel_size);
      const auto gy = r.values(g->batch * g->out_channels * g->out_length);
      Grads want{std::vector<float>(x.size(), kNaN), std::vector<float>(w.size(), kNaN),
                 std::vector<float>(g->out_channels, kNaN)};
      Grads got = want;
      conv1d_backward_reference(*g, x.data(), w.data(), gy.data(), want.input.data(),
                                want.weight.data(), want.bias.data());
      conv1d_backward(*g, x.data(), w.data(), gy.data(), got.input.data(), got.weight.data(),
                      got.bias.data());
      const float scale = 4.0f * static_cast<float>(g->out_length * g->kernel_size *
                                                    g->out_channels * (g->batch + 1));
      ASSERT_TRUE(close_to(got.input, want.input, scale));
      ASSERT_TRUE(close_to(got.weight, want.weight, scale));
      ASSERT_TRUE(close_to(got.bias, want.bias, scale));
    } else {
      const auto g = random_transpose(r, trial, batch);
      if (!g) continue;
      ++transpose_valid;
      SCOPED_TRACE(describe(*g));
      const auto x = r.values(g->batch * g->in_channels * g->in_length);
      const auto w = r.values(g->in_channels * g->out_per_group() * g->kernel_size);
      const auto gy = r.values(g->batch * g->out_channels * g->out_length);
      Grads want{std::vector<float>(x.size(), kNaN), std::vector<float>(w.size(), kNaN),
                 std::vector<float>(g->out_channels, kNaN)};
      Grads got = want;
      conv_transpose1d_backward_reference(*g, x.data(), w.data(), gy.data(), want.input.data(),
                                          want.weight.data(), want.bias.data());
      conv_transpose1d_backward(*g, x.data(), w.data(), gy.data(), got.input.data(),
                                got.weight.data(), got.bias.data());
      const float scale = 4.0f * static_cast<float>(g->in_length * g->kernel_size *
                                                    g->out_channels * (g->batch + 1));
      ASSERT_TRUE(close_to(got.input, want.input, scale));
      ASSERT_TRUE(close_to(got.weight, want.weight, scale));
      ASSERT_TRUE(close_to(got.bias, want.bias, scale));
    }
  }
  EXPECT_GT(conv_valid, 800);
  EXPECT_GT(transpose_valid, 600);
}

// ---- matrix

// M · x for every sample of a one-element batch, compared with the forward reference.
TEST(Matrix, TimesTheInputIsTheOp) {
  Sampler r(5);
  int checked = 0;
  for (int trial = 0; trial < 1200; ++trial) {
    const bool transpose = trial % 2 == 1;
    std::vector<float> want, x, m;
    int64_t rows = 0, cols = 0;
    float scale = 1;
    if (!transpose) {
      auto g = random_conv1d(r, trial / 2, 1);
      if (!g) continue;
      g->has_bias = false;
      if (trial % 4 == 0) g->batched = false;
      const auto shape = plan_matrix(*g);
      ASSERT_TRUE(shape.ok()) << shape.error;
      rows = shape.geometry.rows, cols = shape.geometry.cols;
      x = r.values(cols);
      const auto w = r.values(g->out_channels * g->in_per_group() * g->kernel_size);
      want.assign(static_cast<size_t>(rows), kNaN);
      conv1d_reference(*g, x.data(), w.data(), nullptr, want.data());
      m.assign(static_cast<size_t>(rows * cols), kNaN);
      conv1d_matrix(*g, w.data(), m.data());
      scale = static_cast<float>(g->in_per_group() * g->kernel_size);
    } else {
      auto g = random_transpose(r, trial / 2, 1);
      if (!g) continue;
      g->has_bias = false;
      const auto shape = plan_matrix(*g);
      ASSERT_TRUE(shape.ok()) << shape.error;
      rows = shape.geometry.rows, cols = shape.geometry.cols;
      x = r.values(cols);
      const auto w = r.values(g->in_channels * g->out_per_group() * g->kernel_size);
      want.assign(static_cast<size_t>(rows), kNaN);
      conv_transpose1d_reference(*g, x.data(), w.data(), nullptr, want.data());
      m.assign(static_cast<size_t>(rows * cols), kNaN);
      conv_transpose1d_matrix(*g, w.data(), m.data());
      scale = static_cast<float>(g->in_per_group() * g->kernel_size);
    }
    std::vector<float> got(static_cast<size_t>(rows), 0.0f);
    for (int64_t i = 0; i < rows; ++i)
      for (int64_t j = 0; j < cols; ++j) got[i] += m[i * cols + j] * x[j];
    ASSERT_TRUE(close_to(got, want, scale)) << "trial " << trial;
    ++checked;
  }
  EXPECT_GT(checked, 700);
}

// With the same weight, stride, padding, dilation and groups (zero padding), ConvTranspose1d's
// matrix is exactly the transpose of Conv1d's once output_padding matches the lengths.
TEST(Matrix, TransposedConvolutionIsTheTranspose) {
  Sampler r(9);
  int checked = 0;
  for (int trial = 0; trial < 1500; ++trial) {
    const auto layout = kChannelLayouts[trial % kChannelLayouts.size()];
    Conv1dParams p;
    p.groups = layout[0];
    p.stride = r.pick({1, 2, 3, 4});
    p.padding = r.pick({0, 1, 2, 4});
    p.dilation = r.pick({1, 2, 3});
    const std::vector<int64_t> in{layout[0] * layout[1], r.pick({1, 3, 5, 8, 13})};
    const std::vector<int64_t> w{layout[0] * layout[2], layout[1], r.pick({1, 2, 3, 5})};
    const auto conv = plan_conv1d(in, w, nullptr, p);
    if (!conv.ok()) continue;
    const auto& c = conv.geometry;
    ConvTranspose1dParams tp;
    tp.stride = p.stride;
    tp.padding = p.padding;
    tp.dilation = p.dilation;
    tp.groups = p.groups;
    tp.output_padding =
        c.in_length - ((c.out_length - 1) * p.stride - 2 * p.padding + p.dilation * (w[2] - 1) + 1);
    const auto t = plan_conv_transpose1d({c.out_channels, c.out_length}, w, nullptr, tp);
    ASSERT_TRUE(t.ok()) << t.error;
    ASSERT_EQ(t.geometry.out_length, c.in_length);
    const auto weight = r.values(count(w));
    const int64_t rows = c.out_channels * c.out_length, cols = c.in_channels * c.in_length;
    std::vector<float> a(static_cast<size_t>(rows * cols), kNaN), b(a.size(), kNaN);
    conv1d_matrix(c, weight.data(), a.data());
    conv_transpose1d_matrix(t.geometry, weight.data(), b.data());
    for (int64_t i = 0; i < rows; ++i)
      for (int64_t j = 0; j < cols; ++j)
        ASSERT_EQ(a[i * cols + j], b[j * rows + i]) << "trial " << trial << " at " << i << "," << j;
    ++checked;
  }
  EXPECT_GT(checked, 800);
}

TEST(Matrix, SizeLimitAndBatchAreExplained) {
  Conv1dParams p;
  const std::vector<int64_t> big{1, 64, 4096}, w{64, 64, 3};
  const auto g = plan_conv1d(big, w, nullptr, p);
  ASSERT_TRUE(g.ok());
  const auto m = plan_matrix(g.geometry);
  EXPECT_EQ(m.error,
            "matrix: the conv1d matrix for input shape [1, 64, 4096] would have 262016 x 262144 = "
            "68685922304 entries (rows: out_channels * L_out, columns: in_channels * L_in), beyond "
            "ConvLab's limit of 4194304 (2^22). Use a shorter input or fewer channels.");
  // 2^22 entries exactly is allowed: 1 x 2048 input, 2048 outputs.
  const std::vector<int64_t> edge{1, 2048}, we{1, 1, 1};
  EXPECT_TRUE(plan_matrix(plan_conv1d(edge, we, nullptr, p).geometry).ok());
  const std::vector<int64_t> over{1, 2049};
  EXPECT_FALSE(plan_matrix(plan_conv1d(over, we, nullptr, p).geometry).ok());
  const std::vector<int64_t> batch2{2, 1, 8};
  EXPECT_EQ(plan_matrix(plan_conv1d(batch2, we, nullptr, p).geometry).error,
            "inputShape: the matrix maps one batch element, but input shape [2, 1, 8] holds 2. "
            "Pass [1, 8] or [1, 1, 8].");
  const std::vector<int64_t> tw{1, 3, 2};
  EXPECT_NE(
      plan_matrix(plan_conv_transpose1d(batch2, tw, nullptr, {}).geometry).error.find("holds 2"),
      std::string::npos);
}

// ---- the equivalent convolution

TEST(Equivalent, StrideOneConvolutionEqualsTheTransposedConvolution) {
  Sampler r(31);
  int checked = 0, cropped = 0;
  for (int trial = 0; trial < 2000; ++trial) {
    const auto g = random_transpose(r, trial, r.pick({0, 1, 2, 3}));
    if (!g) continue;
    SCOPED_TRACE(describe(*g));
    const auto plan = plan_equivalent_conv1d(*g);
    ASSERT_TRUE(plan.ok()) << plan.error;
    const auto& e = plan.geometry;
    ASSERT_EQ(e.conv.stride, 1);
    ASSERT_EQ(e.conv.pad_left + e.conv.pad_right, 0);
    ASSERT_EQ(e.conv.out_length, g->out_length);
    ASSERT_EQ(e.inserted, g->stride - 1);
    ASSERT_EQ(e.pad_left, g->dilation * (g->kernel_size - 1) - g->padding);
    ASSERT_EQ(e.pad_right, e.pad_left + g->output_padding);
    cropped += e.pad_left < 0;
    const auto x = r.values(g->batch * g->in_channels * g->in_length);
    const auto w = r.values(g->in_channels * g->out_per_group() * g->kernel_size);
    const auto b = r.values(g->out_channels);
    std::vector<float> xe(static_cast<size_t>(count(e.input_shape)), kNaN);
    std::vector<float> we(static_cast<size_t>(count(e.weight_shape)), kNaN);
    equivalent_conv1d_input(*g, e, x.data(), xe.data());
    equivalent_conv1d_weight(*g, w.data(), we.data());
    const float* bias = g->has_bias ? b.data() : nullptr;
    const size_t n = static_cast<size_t>(g->batch * g->out_channels * g->out_length);
    std::vector<float> want(n, kNaN), got(n, kNaN), got_fast(n, kNaN);
    conv_transpose1d_reference(*g, x.data(), w.data(), bias, want.data());
    conv1d_reference(e.conv, xe.data(), we.data(), bias, got.data());
    conv1d(e.conv, xe.data(), we.data(), bias, got_fast.data());
    const float scale = static_cast<float>(g->in_per_group() * g->kernel_size + 1);
    ASSERT_TRUE(close_to(got, want, scale));
    ASSERT_TRUE(close_to(got_fast, want, scale));
    ++checked;
  }
  EXPECT_GT(checked, 1000);
  EXPECT_GT(cropped, 50);  // padding > dilation*(K-1): the stuffed input is cropped
}

TEST(Equivalent, StuffedInputBeyondTheLimitIsExplained) {
  ConvTranspose1dParams p;
  // The output (one channel) fits; the stuffed input (64 channels, 2^16 - 1 zeros between
  // neighbours) does not.
  p.stride = 1 << 16;
  const std::vector<int64_t> in{1, 64, 200}, w{64, 1, 1};
  const auto t = plan_conv_transpose1d(in, w, nullptr, p);
  ASSERT_TRUE(t.ok()) << t.error;
  const auto e = plan_equivalent_conv1d(t.geometry);
  ASSERT_FALSE(e.ok());
  EXPECT_NE(
      e.error.find("equivalentConv1d: the zero-stuffed input would have shape [1, 64, 13041665]"),
      std::string::npos)
      << e.error;
  EXPECT_NE(e.error.find("65535 zeros"), std::string::npos) << e.error;
}

}  // namespace

// Geometries the packed fast paths must not blow up on: huge padding, stride or dilation on a
// tiny tensor (they fall back to the plain loops or keep their scratch proportional).
TEST(Backward, DegenerateGeometriesMatchTheReference) {
  struct Case {
    int64_t L, K, stride, padding, dilation;
    PaddingMode mode;
  };
  const Case cases[] = {{3, 2, 1, 1 << 18, 1, PaddingMode::Replicate},
                        {3, 3, 1 << 16, 1 << 16, 1, PaddingMode::Zeros},
                        {5, 3, 1, 1 << 12, 1 << 12, PaddingMode::Zeros},
                        {4, 4, 3, 4, 1, PaddingMode::Circular},
                        {2, 2, 1, 1, 1, PaddingMode::Reflect},
                        {1, 1, 1 << 20, 0, 1, PaddingMode::Zeros}};
  Sampler r(3);
  for (const Case& c : cases) {
    Conv1dParams p;
    p.stride = c.stride;
    p.padding = c.padding;
    p.dilation = c.dilation;
    p.padding_mode = c.mode;
    const std::vector<int64_t> in{2, 2, c.L}, w{3, 2, c.K};
    const auto plan = plan_conv1d(in, w, nullptr, p);
    ASSERT_TRUE(plan.ok()) << plan.error;
    const auto& g = plan.geometry;
    SCOPED_TRACE(describe(g));
    const auto x = r.values(count(in)), wv = r.values(count(w));
    const auto gy = r.values(g.batch * g.out_channels * g.out_length);
    Grads want{std::vector<float>(x.size(), kNaN), std::vector<float>(wv.size(), kNaN), {}};
    Grads got = want;
    conv1d_backward_reference(g, x.data(), wv.data(), gy.data(), want.input.data(),
                              want.weight.data(), nullptr);
    conv1d_backward(g, x.data(), wv.data(), gy.data(), got.input.data(), got.weight.data(),
                    nullptr);
    const float scale = static_cast<float>(g.out_length * c.K * 3);
    EXPECT_TRUE(close_to(got.input, want.input, scale));
    EXPECT_TRUE(close_to(got.weight, want.weight, scale));

    // The same numbers as a transposed convolution's backward (roles swapped).
    ConvTranspose1dParams tp;
    tp.stride = c.stride;
    tp.padding = std::min<int64_t>(c.padding, c.dilation * (c.K - 1) / 2);
    tp.dilation = c.dilation;
    const auto t = plan_conv_transpose1d(in, {2, 3, c.K}, nullptr, tp);
    ASSERT_TRUE(t.ok()) << t.error;
    const auto& tg = t.geometry;
    const auto tgy = r.values(tg.batch * tg.out_channels * tg.out_length);
    Grads twant{std::vector<float>(x.size(), kNaN), std::vector<float>(wv.size(), kNaN), {}};
    Grads tgot = twant;
    conv_transpose1d_backward_reference(tg, x.data(), wv.data(), tgy.data(), twant.input.data(),
                                        twant.weight.data(), nullptr);
    conv_transpose1d_backward(tg, x.data(), wv.data(), tgy.data(), tgot.input.data(),
                              tgot.weight.data(), nullptr);
    const float tscale = static_cast<float>(tg.out_length * c.K * 3);
    EXPECT_TRUE(close_to(tgot.input, twant.input, tscale));
    EXPECT_TRUE(close_to(tgot.weight, twant.weight, tscale));
  }
}
