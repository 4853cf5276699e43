// One request as `lambdasim calibrate` reads it from a log, whatever the
// input format (docs/calibrate.md lists the formats and their fields).
#pragma once

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>

#include "models/error.hpp"

namespace ls::tools::calibrate {

inline constexpr double kUnknown = std::numeric_limits<double>::quiet_NaN();

struct LogRecord {
  // Unix seconds at which the request reached its environment: the REPORT
  // line's time (logged at the request's end) minus its duration and INIT,
  // or a per-request CSV's start column.
  double arrival = 0.0;
  double duration_ms = 0.0;
  double billed_ms = kUnknown;
  double init_ms = kUnknown;  // INIT of a cold start; unknown or absent on warm requests
  double memory_mb = kUnknown;
  double max_memory_mb = kUnknown;
  bool cold = false;  // the first request of its environment
  std::string env;    // execution environment (log stream, instance id); "" when unknown
  SourceLocation where;
};

// Lines (or events, or rows) that were not a request's report: counted and
// skipped, never an error.
struct ReadCounts {
  std::uint64_t records = 0;
  std::uint64_t skipped = 0;
  std::uint64_t files = 0;
};

}  // namespace ls::tools::calibrate
