#include "tools/study/load_factor.hpp"

#include <charconv>
#include <cmath>
#include <iostream>

#include "tools/study/grid_spec.hpp"

namespace ls::tools {
namespace {

std::optional<double> number(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  double v = 0;
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || ptr != s.data() + s.size() || !std::isfinite(v))
    return std::nullopt;
  return v;
}

}  // namespace

double parse_load_factor(std::string_view text, const SourceLocation& where,
                         const std::string& key_path) {
  std::string_view s = text;
  double scale = 1.0;
  if (!s.empty() && (s.back() == 'x' || s.back() == 'X')) {
    s.remove_suffix(1);
  } else if (!s.empty() && s.back() == '%') {
    s.remove_suffix(1);
    scale = 0.01;
  }
  const auto v = number(s);
  if (!v || *v < 0 || *v * scale > 1e6)
    throw Error(
        where, key_path,
        "expected a load factor such as 1.5x, 1.5 or 150%, got '" + std::string(text) + "'");
  return *v * scale;
}

std::vector<std::string> load_factor_sets(const models::Scenario& scenario, double factor) {
  std::vector<std::string> sets;
  if (factor == 1.0) return sets;
  for (std::size_t w = 0; w < scenario.workloads.size(); ++w)
    sets.push_back("workloads[" + std::to_string(w) + "].arrivals.scale=" +
                   format_number(scenario.workloads[w].arrivals.rate_scale * factor));
  return sets;
}

double parse_fraction(std::string_view text, const SourceLocation& where,
                      const std::string& key_path) {
  std::string_view s = text;
  double scale = 1.0;
  if (!s.empty() && s.back() == '%') {
    s.remove_suffix(1);
    scale = 0.01;
  }
  const auto v = number(s);
  if (!v || *v * scale < 0 || *v * scale > 1)
    throw Error(
        where, key_path,
        "expected a fraction from 0 to 1 or a percentage (0.1%), got '" + std::string(text) + "'");
  return *v * scale;
}

}  // namespace ls::tools
