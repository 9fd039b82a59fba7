// Helpers shared by the native tests: tolerance comparisons (a failure names the first bad
// coordinate) and the random sweeps' sampler.
#pragma once

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <initializer_list>
#include <random>
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

// Seeded draws for the random sweeps: one of the given values, or n values in [-1, 1).
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

}  // namespace convlab::testing
