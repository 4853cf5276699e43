#include "tools/report/money.hpp"

#include <fmt/format.h>

#include <cmath>

namespace ls::tools {

std::string money(double usd) {
  // The sign goes before the '$' in both forms ("-$0.009406", "-$6.87").
  if (usd != 0 && std::abs(usd) < 0.01)
    return fmt::format("{}${:.6f}", usd < 0 ? "-" : "", std::abs(usd));
  // Thousands separators by hand: fmt 9 has no "," flag. Grouping the
  // rounded text (not the floor of the amount) carries $999.999 to $1,000.00.
  const std::string digits = fmt::format("{:.2f}", std::abs(usd));
  const std::size_t whole = digits.size() - 3;  // digits before ".xx"
  std::string out = usd < 0 ? "-$" : "$";
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && i < whole && (whole - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

}  // namespace ls::tools
