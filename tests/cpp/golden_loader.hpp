// Reads the PyTorch golden files (tests/golden/FORMAT.md) and runs a case through the same
// call-block path the wasm module uses.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "convlab/call_block.hpp"

namespace convlab::testing {

struct Tensor {
  std::vector<int64_t> shape;
  std::vector<float> data;
};

struct GoldenParams {
  double stride = 1, dilation = 1, groups = 1, output_padding = 0;
  std::string padding = "0";  // a number as text, or "same" / "valid"
  std::string padding_mode = "zeros";
};

struct GoldenCase {
  std::string name, op, title, mentions, torch_error;
  Tensor input, weight;
  std::optional<Tensor> bias, expected;
  GoldenParams params;
};

// Cases from tests/golden/<file>; an empty vector if the file has no cases.
std::vector<GoldenCase> load_cases(const std::string& file);

// Fills a call block from a case; returns the planned call (error or geometry).
call_block::Call plan_case(const GoldenCase& c, double* block);

// Runs the planned call through the reference or the SIMD kernels.
std::vector<float> run_case(const GoldenCase& c, const call_block::Call& call, bool simd);
}  // namespace convlab::testing
