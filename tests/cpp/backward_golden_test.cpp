// The analysis functions' gradients against real PyTorch autograd (backward_cases.json), by the
// reference and by the fast path, planned as the wasm module plans them; and gradOutput's shape
// check. Outputs are pre-filled with NaN so an unwritten cell cannot pass.
#include <gtest/gtest.h>

#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <sstream>

#include "analysis_sampling.hpp"
#include "convlab/analysis.hpp"
#include "convlab/convlab.hpp"
#include "golden_loader.hpp"
#include "test_util.hpp"

using namespace convlab;
using namespace convlab::testing;

namespace {

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
  auto run = [&](const auto& geometry) {
    const auto& op = ops(geometry);
    const auto e = grad_output_shape_error(op.name, geometry.output_shape(), c.grad_output.shape);
    if (error) *error = e;
    if (!e.empty()) return;
    (fast ? op.backward : op.backward_reference)(geometry, x, w, gy, g.input.data(),
                                                 g.weight.data(), gb);
  };
  if (call.op == call_block::Op::Conv1d)
    run(call.conv);
  else
    run(call.transpose);
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

}  // namespace
