// The human-readable summary printed by `lambdasim run`.
#pragma once

#include <cstddef>
#include <string>

#include "models/scenario.hpp"
#include "tools/report/function_ranking.hpp"
#include "tools/study/runner.hpp"

namespace ls::tools {

// Lists the `top` functions that cost the most (0: every function), in
// the scenario's order, and the others in one row (function_ranking.hpp).
std::string report_table(const models::Scenario& scenario, const RunSet& set,
                         std::size_t top = kMaxTableFunctions);

}  // namespace ls::tools
