// Message text for the design functions without <sstream> (iostreams would triple the wasm
// size), appended out of line: each message costs a few calls instead of inlined string code.
#pragma once

#include <cstdint>
#include <string>

#include "convlab/design.hpp"

namespace convlab {

struct Text {
  std::string s;
  Text& operator<<(const char* part);
  Text& operator<<(const std::string& part);
  Text& operator<<(int64_t value);
  Text& operator<<(const IntRange& r);  // "[min, max]"
};

}  // namespace convlab
