// Message building for plan() and the analysis functions, without <sstream> (iostreams would
// triple the wasm size).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace convlab::detail {

inline void append_part(std::string& out, const std::string& part) { out += part; }
inline void append_part(std::string& out, const char* part) { out += part; }
inline void append_part(std::string& out, int64_t part) { out += std::to_string(part); }

template <typename... Parts>
std::string cat(const Parts&... parts) {
  std::string out;
  (append_part(out, parts), ...);
  return out;
}

inline std::string shape_text(const std::vector<int64_t>& shape) {
  std::string out = "[";
  for (size_t i = 0; i < shape.size(); ++i) out += cat(i ? ", " : "", shape[i]);
  return out + "]";
}

}  // namespace convlab::detail
