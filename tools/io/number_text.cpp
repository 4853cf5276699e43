#include "tools/io/number_text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace ls::tools {

std::string duration_text(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) return "-";
  if (seconds < 0.9995) return fmt::format("{:.0f} ms", seconds * 1000);
  if (seconds < 9.95) return fmt::format("{:.1f} s", seconds);
  // Rounded once to whole seconds (minutes above a day's worth of hours), so
  // 59.6 s reads "1 min 00 s", not "60 s".
  const auto whole = static_cast<long long>(std::llround(seconds));
  if (whole < 60) return fmt::format("{} s", whole);
  if (whole < 3600) return fmt::format("{} min {:02} s", whole / 60, whole % 60);
  const long long minutes = (whole + 30) / 60;
  if (minutes < 24 * 60) return fmt::format("{} h {:02} min", minutes / 60, minutes % 60);
  return fmt::format("{:.1f} d", seconds / 86400.0);
}

std::string grouped_number(double value, int decimals) {
  if (!std::isfinite(value)) return "-";
  const std::string text = fmt::format("{:.{}f}", std::abs(value), decimals < 0 ? 0 : decimals);
  const std::size_t point = text.find('.');
  const std::string digits = text.substr(0, point);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  if (point != std::string::npos) out += text.substr(point);
  // No "-0" for a value that rounds to zero.
  const bool zero = text.find_first_not_of("0.") == std::string::npos;
  return (value < 0 && !zero ? "-" : "") + out;
}

std::string plain_number(double value, int significant) {
  if (!std::isfinite(value)) return "-";
  if (value == 0) return "0";
  const int magnitude = static_cast<int>(std::floor(std::log10(std::abs(value))));
  const int decimals = std::max(0, significant - 1 - magnitude);
  std::string text = grouped_number(value, decimals);
  // As %g: no trailing zeros after the point (2.50 → 2.5, 3.00 → 3).
  if (text.find('.') != std::string::npos) {
    while (text.back() == '0') text.pop_back();
    if (text.back() == '.') text.pop_back();
  }
  return text;
}

std::string percent_text(double fraction) {
  const double pct = 100 * fraction;
  if (pct == 0) return "0%";
  return fmt::format(
      "{}%", std::abs(pct) >= 0.1 ? fmt::format("{:.1f}", pct) : fmt::format("{:.2g}", pct));
}

std::string plus_minus_cell(double mean, double ci95, int decimals) {
  return fmt::format("{:>8.{}f} \u00b1{:<7.{}f}", mean, decimals, ci95, decimals);
}

std::string percentile_cell(double mean, double ci95, int decimals) {
  if (!(ci95 >= 0.01 * std::abs(mean)))
    return fmt::format("{:>8.{}f} \u00b1{:<7}", mean, decimals, "<1%");
  return plus_minus_cell(mean, ci95, decimals);
}

std::string plus_minus_header(const std::string& label) {
  return fmt::format("{:>8}{:9}", label, "");
}

}  // namespace ls::tools
