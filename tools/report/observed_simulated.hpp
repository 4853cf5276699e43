// Observed against simulated: the rows that `calibrate`'s backtest, `import`'s
// backtest and its bill comparison write (a number from the real system's
// records beside the simulation's, and how far apart they are), in text and
// JSON, written one way.
#pragma once

#include <initializer_list>
#include <optional>
#include <string>

#include "tools/io/json_writer.hpp"

namespace ls::tools {

struct ObservedSimulated {
  std::optional<double> observed;  // absent: the records do not have it
  double simulated = 0.0;
};

// A ratio as a signed percentage, "+12.3%", or "-" when absent.
std::string signed_percent(std::optional<double> ratio);

// (simulated - observed) / observed as a signed percentage; "-" without an
// observed value or when only the observed one is 0, "0.0%" when both are.
std::string relative_error_text(const ObservedSimulated& q);

// A number of an observed/simulated table in `unit`: USD to the micro-dollar
// (after `usd_prefix`), others whole from 100 on or when whole, else to three
// significant digits; below 1e-9 in size it reads 0.
std::string observed_number(double v, const std::string& unit, const char* usd_prefix = "");

// JSON: one object per side holding every quantity — "<observed_name>":
// {name: observed or null, ...}, "simulated": {...} and, with `difference`,
// "difference": {name: simulated - observed or null, ...}.
struct NamedQuantity {
  const char* name;
  ObservedSimulated value;
};
void write_sides(JsonWriter& w, std::initializer_list<NamedQuantity> quantities,
                 const char* observed_name = "observed", bool difference = false);

// JSON: "key": [observed or null, simulated].
void write_pair(JsonWriter& w, const char* key, const ObservedSimulated& q);

}  // namespace ls::tools
