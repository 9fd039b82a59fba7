// Tolerance comparisons shared by the native tests; a failure names the first bad coordinate.
#pragma once

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

namespace convlab::testing {

// Float32 sums in a different order differ by a few ulps of the largest partial sum.
inline ::testing::AssertionResult close_to(const std::vector<float>& got,
                                           const std::vector<float>& want, float scale,
                                           float rtol = 2e-5f) {
  if (got.size() != want.size())
    return ::testing::AssertionFailure() << "size " << got.size() << " != " << want.size();
  const float tol = rtol * (scale > 1.0f ? scale : 1.0f);
  for (size_t i = 0; i < got.size(); ++i) {
    const bool both_nan = std::isnan(got[i]) && std::isnan(want[i]);
    if (both_nan || got[i] == want[i]) continue;
    if (std::isnan(got[i]) || std::isnan(want[i]) || std::fabs(got[i] - want[i]) > tol)
      return ::testing::AssertionFailure() << "element " << i << ": got " << got[i] << ", want "
                                           << want[i] << " (tol " << tol << ")";
  }
  return ::testing::AssertionSuccess();
}

// Sum of |x|*|w| bounds: the largest magnitude a partial sum can reach.
inline float magnitude(const std::vector<float>& v) {
  float m = 0;
  for (float x : v)
    if (std::isfinite(x)) m = std::fmax(m, std::fabs(x));
  return m;
}

}  // namespace convlab::testing
