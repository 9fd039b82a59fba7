// How the fuzzer reports a finding: the current input described in words, printed with what
// failed, then a trap (libFuzzer saves the input).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace convlab::fuzz {

extern std::string g_case;  // description of the current input, printed on failure

[[noreturn]] void fail(const std::string& what);

#define FUZZ_CHECK(cond, msg)                             \
  do {                                                    \
    if (!(cond)) ::convlab::fuzz::fail(std::string(msg)); \
  } while (0)

std::string shape_str(const std::vector<int64_t>& s);

// CONVLAB_FUZZ_VERBOSE set: every case and its outputs go to stderr.
bool verbose();

}  // namespace convlab::fuzz
