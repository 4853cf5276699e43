#include "tools/study/run_limits.hpp"

#include <fmt/format.h>

#include <cmath>

#include "models/arrivals.hpp"
#include "models/error.hpp"

namespace ls::tools {

std::string format_count(double n) {
  if (n < 1e6) return fmt::format("{:.0f}", n);
  const int exponent = static_cast<int>(std::floor(std::log10(n)));
  const double mantissa = n / std::pow(10.0, exponent);
  return fmt::format("{:.2g}e{}", mantissa, exponent);
}

double expected_requests(const models::Scenario& scenario) {
  double total = 0.0;
  models::for_each_arrival_source(scenario, [&](models::ArrivalSource&& source) {
    total += source.generator.expected_count(scenario.horizon);
  });
  return total * scenario.replications;
}

void check_run_limits(const models::Scenario& scenario, sim::Time series_interval,
                      const RunLimits& limits) {
  const double requests = expected_requests(scenario);
  if (!(requests <= limits.max_requests)) {
    throw Error(SourceLocation{}, "--max-requests",
                fmt::format("this scenario would simulate ~{} requests ({} replication(s) of "
                            "{:g}s), more than the limit of {}; raise --max-requests or shorten "
                            "the horizon",
                            format_count(requests), scenario.replications,
                            sim::to_seconds(scenario.horizon), format_count(limits.max_requests)));
  }
  if (series_interval > 0) {
    const double intervals =
        std::ceil(static_cast<double>(scenario.horizon) / static_cast<double>(series_interval));
    const double rows =
        intervals * static_cast<double>(scenario.functions.size()) * scenario.replications;
    if (rows > static_cast<double>(limits.max_series_rows)) {
      throw Error(SourceLocation{}, "--interval",
                  fmt::format("the time series would hold {} rows ({} intervals × {} "
                              "function(s) × {} replication(s)), more than the limit of {}; "
                              "use a longer --interval or a shorter horizon",
                              format_count(rows), format_count(intervals),
                              scenario.functions.size(), scenario.replications,
                              format_count(static_cast<double>(limits.max_series_rows))));
    }
  }
}

}  // namespace ls::tools
