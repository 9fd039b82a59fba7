#include "message_text.hpp"

namespace convlab {

Text& Text::operator<<(const char* part) {
  s += part;
  return *this;
}

Text& Text::operator<<(const std::string& part) {
  s += part;
  return *this;
}

Text& Text::operator<<(int64_t value) {
  s += std::to_string(value);
  return *this;
}

Text& Text::operator<<(const IntRange& r) { return *this << "[" << r.min << ", " << r.max << "]"; }

}  // namespace convlab
