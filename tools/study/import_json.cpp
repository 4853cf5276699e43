#include "tools/study/import_json.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "models/error.hpp"
#include "tools/study/import_json_check.hpp"

namespace ls::tools::import {

nlohmann::json parse_json(const std::string& file, const std::string& text) {
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    // e.byte is 1-based, just past the offending character.
    const std::size_t at = std::min(e.byte > 0 ? e.byte - 1 : 0, text.size());
    const auto line =
        1 + std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(at), '\n');
    const std::size_t start = text.rfind('\n', at == 0 ? 0 : at - 1);
    const auto column = static_cast<int>(at - (start == std::string::npos ? 0 : start + 1)) + 1;
    std::string what = e.what();
    if (const auto colon = what.find("syntax error"); colon != std::string::npos)
      what = what.substr(colon);
    throw Error(SourceLocation{file, static_cast<int>(line), column}, "", "not JSON: " + what);
  }
}

std::string json_text(const nlohmann::json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
  if (v.is_number_integer() || v.is_number_unsigned()) return v.dump();
  if (v.is_number_float()) {
    const double d = v.get<double>();
    if (d == static_cast<double>(static_cast<long long>(d)) && d > -1e15 && d < 1e15)
      return std::to_string(static_cast<long long>(d));
    return fmt::format("{}", d);
  }
  return "";
}

}  // namespace ls::tools::import

namespace ls::tools::import {
void check_json(const std::string& file, const std::string& text) { (void)parse_json(file, text); }
}  // namespace ls::tools::import
