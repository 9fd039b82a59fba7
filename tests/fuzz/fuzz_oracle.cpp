// The fuzzer's oracle (fuzz_oracle.hpp).
#include "fuzz_oracle.hpp"

#include <cmath>
#include <cstdio>
#include <cstring>

#include "convlab/padding.hpp"
#include "fuzz_input.hpp"
#include "fuzz_report.hpp"

namespace convlab::fuzz {

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

float sentinel() {
  float f;
  std::memcpy(&f, &kSentinelBits, sizeof f);
  return f;
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

}  // namespace convlab::fuzz
