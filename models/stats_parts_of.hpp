// Which statistics parts (models/stats_parts.hpp) each function of a
// scenario can fill, decided from its configuration at set-up: a part is
// allocated when some code path may count into it, so a function whose
// configuration uses no feature holds none.
#pragma once

#include <vector>

#include "models/scenario.hpp"
#include "models/stats_parts.hpp"

namespace ls::models {

// By function.
std::vector<StatsPartUse> stats_parts_of(const Scenario& scenario);

}  // namespace ls::models
