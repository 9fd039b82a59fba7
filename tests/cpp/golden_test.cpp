// Reference and SIMD kernels against real PyTorch outputs (tests/golden).
#include <gtest/gtest.h>

#include "golden_loader.hpp"
#include "test_util.hpp"

using namespace convlab::testing;

namespace {

void check_file(const std::string& file, bool exact) {
  const auto cases = load_cases(file);
  ASSERT_FALSE(cases.empty()) << file << " holds no cases";
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    double block[convlab::call_block::size];
    const auto call = plan_case(c, block);
    ASSERT_TRUE(call.ok()) << call.error;
    ASSERT_TRUE(c.expected.has_value());
    const auto& want = *c.expected;
    const int rank = static_cast<int>(block[convlab::call_block::out_rank]);
    std::vector<int64_t> shape;
    for (int i = 0; i < rank; ++i)
      shape.push_back(static_cast<int64_t>(block[convlab::call_block::out_dims + i]));
    ASSERT_EQ(shape, want.shape);
    const float scale = magnitude(want.data) + magnitude(c.input.data) * magnitude(c.weight.data) *
                                                   static_cast<float>(c.weight.data.size());
    for (bool simd : {false, true}) {
      SCOPED_TRACE(simd ? "simd" : "reference");
      const auto got = run_case(c, call, simd);
      if (exact)
        EXPECT_EQ(got, want.data);
      else
        EXPECT_TRUE(close_to(got, want.data, scale, 2e-6f));
    }
  }
}

TEST(Golden, ConvCasesMatchPyTorch) { check_file("conv_cases.json", false); }

// The seed notebook's values are small integers: exact in float32, so compared exactly.
TEST(Golden, NotebookMatchesPyTorchExactly) { check_file("notebook.json", true); }

TEST(Golden, CaseCountsMeetTheContract) {
  EXPECT_GE(load_cases("conv_cases.json").size(), 300u);
  EXPECT_GE(load_cases("error_cases.json").size(), 50u);
  EXPECT_EQ(load_cases("notebook.json").size(), 12u);
}

}  // namespace
