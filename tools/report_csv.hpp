// CSV time series: one row per function per reporting interval.
#pragma once

#include <string>

#include "models/scenario.hpp"
#include "tools/runner.hpp"

namespace ls::tools {

// The series of replication 0, as CSV text with a header row.
std::string series_csv(const models::Scenario& scenario, const models::RunResult& run);

}  // namespace ls::tools
