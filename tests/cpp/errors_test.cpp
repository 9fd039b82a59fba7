// Every configuration PyTorch rejects is rejected, with a message naming what is wrong.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>

#include "golden_loader.hpp"

using namespace convlab::testing;

namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

TEST(Errors, EveryPyTorchRejectionIsRejectedWithAClearMessage) {
  const auto cases = load_cases("error_cases.json");
  ASSERT_FALSE(cases.empty());
  int checked_wording = 0;
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name + " (torch: " + c.torch_error + ")");
    double block[convlab::call_block::size];
    const auto call = plan_case(c, block);
    ASSERT_FALSE(call.ok()) << "accepted a configuration PyTorch rejects";
    // Strings the block cannot encode are rejected by the JS wrapper with its own message
    // (checked by the node tests); here only their rejection matters.
    if (call.error.rfind("internal:", 0) == 0) continue;
    EXPECT_NE(lower(call.error).find(c.mentions), std::string::npos)
        << "message does not mention '" << c.mentions << "': " << call.error;
    ++checked_wording;
  }
  EXPECT_GT(checked_wording, 40);
}

}  // namespace
