#include "models/config/text.hpp"

namespace ls::models {

namespace {
bool is_blank(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}
}  // namespace

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_blank(s.back())) s.remove_suffix(1);
  return s;
}

// Built with += : GCC 12 warns falsely (-Wrestrict, bug 105329) on "'" + std::string.
std::string squote(std::string_view s) {
  std::string out(1, '\'');
  out += s;
  out += '\'';
  return out;
}

}  // namespace ls::models
