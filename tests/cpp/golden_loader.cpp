#include "golden_loader.hpp"

#include <cctype>
#include <cmath>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "convlab/convlab.hpp"

namespace convlab::testing {
namespace {

using nlohmann::json;

float to_float(const json& v) {
  if (v.is_string()) {
    const std::string s = v.get<std::string>();
    if (s == "nan") return std::numeric_limits<float>::quiet_NaN();
    if (s == "inf") return std::numeric_limits<float>::infinity();
    if (s == "-inf") return -std::numeric_limits<float>::infinity();
    throw std::runtime_error("bad number string " + s);
  }
  return static_cast<float>(v.get<double>());
}

Tensor to_tensor(const json& j) {
  Tensor t;
  for (const auto& d : j.at("shape")) t.shape.push_back(d.get<int64_t>());
  for (const auto& v : j.at("data")) t.data.push_back(to_float(v));
  return t;
}

}  // namespace

std::vector<GoldenCase> load_cases(const std::string& file) {
  std::ifstream in(std::string(CONVLAB_GOLDEN_DIR) + "/" + file);
  if (!in) throw std::runtime_error("cannot open golden file " + file);
  const json doc = json::parse(in);
  std::vector<GoldenCase> cases;
  for (const auto& j : doc.at("cases")) {
    GoldenCase c;
    c.name = j.value("name", j.value("title", std::string("?")));
    c.title = j.value("title", "");
    c.op = j.at("op").get<std::string>();
    c.mentions = j.value("mentions", "");
    c.torch_error = j.value("torch_error", "");
    c.input = to_tensor(j.at("input"));
    c.weight = to_tensor(j.at("weight"));
    if (j.contains("bias") && !j.at("bias").is_null()) c.bias = to_tensor(j.at("bias"));
    if (j.contains("expected") && !j.at("expected").is_null())
      c.expected = to_tensor(j.at("expected"));
    const json& p = j.at("params");
    c.params.stride = p.value("stride", 1.0);
    c.params.dilation = p.value("dilation", 1.0);
    c.params.groups = p.value("groups", 1.0);
    c.params.output_padding = p.value("output_padding", 0.0);
    c.params.padding_mode = p.value("padding_mode", "zeros");
    const json& pad = p.at("padding");
    c.params.padding = pad.is_string() ? pad.get<std::string>() : pad.dump();
    cases.push_back(std::move(c));
  }
  return cases;
}

call_block::Call plan_case(const GoldenCase& c, double* block) {
  using namespace call_block;
  for (int i = 0; i < size; ++i) block[i] = 0;
  auto dims = [](const std::vector<int64_t>& shape) {
    return std::vector<double>(shape.begin(), shape.end());
  };
  const std::vector<double> bias = c.bias ? dims(c.bias->shape) : std::vector<double>{};
  Request r;
  r.op = c.op == "conv1d" ? Op::Conv1d : Op::ConvTranspose1d;
  r.input = dims(c.input.shape);
  r.weight = dims(c.weight.shape);
  r.bias = c.bias ? &bias : nullptr;
  r.stride = c.params.stride;
  r.dilation = c.params.dilation;
  r.groups = c.params.groups;
  r.output_padding = c.params.output_padding;
  const std::string& pad = c.params.padding;
  const bool numeric =
      !pad.empty() && (std::isdigit(static_cast<unsigned char>(pad[0])) || pad[0] == '-');
  // Unknown strings cannot be encoded: the JS wrapper rejects them before the block is built.
  r.padding_kind = pad == "same" ? 1 : pad == "valid" ? 2 : numeric ? 0 : -1;
  r.padding = numeric ? std::stod(pad) : 0;
  const std::string& mode = c.params.padding_mode;
  r.padding_mode = mode == "zeros"       ? 0
                   : mode == "reflect"   ? 1
                   : mode == "replicate" ? 2
                   : mode == "circular"  ? 3
                                         : -1;
  encode(r, block);
  return plan(block);
}

std::vector<float> run_case(const GoldenCase& c, const call_block::Call& call, bool simd) {
  const float* bias = c.bias ? c.bias->data.data() : nullptr;
  const float* x = c.input.data.data();
  const float* w = c.weight.data.data();
  std::vector<float> out;
  if (call.op == call_block::Op::Conv1d) {
    int64_t n = 1;
    for (int64_t d : call.conv.output_shape()) n *= d;
    out.assign(static_cast<size_t>(n), std::numeric_limits<float>::quiet_NaN());
    (simd ? conv1d : conv1d_reference)(call.conv, x, w, bias, out.data());
  } else {
    int64_t n = 1;
    for (int64_t d : call.transpose.output_shape()) n *= d;
    out.assign(static_cast<size_t>(n), std::numeric_limits<float>::quiet_NaN());
    (simd ? conv_transpose1d : conv_transpose1d_reference)(call.transpose, x, w, bias, out.data());
  }
  return out;
}

}  // namespace convlab::testing
