// An integer read from nlohmann-json without undefined behaviour:
// get<int>() on a float such as 1e20 or -1.5 is an out-of-range float to
// integer conversion (UB; found by tests/fuzz, issue #19). Accepts JSON
// integers within T's range only.
#pragma once

#include <cstdint>
#include <optional>
#include <type_traits>
#include <utility>

namespace ls::tools {

template <class T, class Json>
std::optional<T> json_integer(const Json& v) {
  static_assert(std::is_integral_v<T>);
  if (v.is_number_unsigned()) {
    const auto u = v.template get<std::uint64_t>();
    if (std::in_range<T>(u)) return static_cast<T>(u);
  } else if (v.is_number_integer()) {
    const auto i = v.template get<std::int64_t>();
    if (std::in_range<T>(i)) return static_cast<T>(i);
  }
  return std::nullopt;
}

}  // namespace ls::tools
