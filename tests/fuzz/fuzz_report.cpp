// The fuzzer's failure reporting (fuzz_report.hpp).
#include "fuzz_report.hpp"

#include <cstdio>
#include <cstdlib>

namespace convlab::fuzz {

std::string g_case;  // description of the current input, printed on failure

[[noreturn]] void fail(const std::string& what) {
  std::fprintf(stderr, "\n==== convlab_fuzzer: %s\n     case: %s\n", what.c_str(), g_case.c_str());
  std::fflush(stderr);
  __builtin_trap();
}

std::string shape_str(const std::vector<int64_t>& s) {
  std::string out = "[";
  for (size_t i = 0; i < s.size(); ++i) out += (i ? "," : "") + std::to_string(s[i]);
  return out + "]";
}

bool verbose() {
  static const bool on = std::getenv("CONVLAB_FUZZ_VERBOSE") != nullptr;
  return on;
}

}  // namespace convlab::fuzz
