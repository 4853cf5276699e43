#include "tools/report/observed_simulated.hpp"

#include <fmt/format.h>

#include <cmath>

namespace ls::tools {

std::string signed_percent(std::optional<double> ratio) {
  return ratio ? fmt::format("{:+.1f}%", *ratio * 100) : "-";
}

std::string relative_error_text(const ObservedSimulated& q) {
  if (!q.observed) return "-";
  if (*q.observed == 0) return q.simulated == 0 ? "0.0%" : "-";
  return signed_percent((q.simulated - *q.observed) / *q.observed);
}

std::string observed_number(double v, const std::string& unit, const char* usd_prefix) {
  if (std::abs(v) < 1e-9) v = 0.0;
  if (unit == "USD") return fmt::format("{}{:.6f}", usd_prefix, v);
  if (std::abs(v) >= 100 || v == std::floor(v)) return fmt::format("{:.0f}", v);
  return fmt::format("{:.3g}", v);
}

void write_sides(JsonWriter& w, std::initializer_list<NamedQuantity> quantities,
                 const char* observed_name, bool difference) {
  auto side = [&](const char* name, auto value_of) {
    w.key(name);
    w.begin_object();
    for (const NamedQuantity& q : quantities) w.field(q.name, value_of(q.value));
    w.end_object();
  };
  side(observed_name, [](const ObservedSimulated& q) { return q.observed; });
  side("simulated", [](const ObservedSimulated& q) { return q.simulated; });
  if (difference)
    side("difference", [](const ObservedSimulated& q) {
      return q.observed ? std::optional<double>(q.simulated - *q.observed) : std::nullopt;
    });
}

void write_pair(JsonWriter& w, const char* key, const ObservedSimulated& q) {
  w.key(key);
  w.begin_array();
  w.value(q.observed);
  w.value(q.simulated);
  w.end_array();
}

}  // namespace ls::tools
