// The human-readable summary printed by `lambdasim run`.
#pragma once

#include <string>

#include "models/scenario.hpp"
#include "tools/study/runner.hpp"

namespace ls::tools {

std::string report_table(const models::Scenario& scenario, const RunSet& set);

}  // namespace ls::tools
