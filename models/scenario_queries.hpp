// Questions asked of a whole scenario ("does any workload use a front
// door?"), for the bill's and the report's opt-in lines and metrics: one
// scan each, written once.
#pragma once

#include <algorithm>

#include "models/scenario.hpp"

namespace ls::models {

template <class Pred>
bool any_workload(const Scenario& s, Pred pred) {
  return std::any_of(s.workloads.begin(), s.workloads.end(), pred);
}

template <class Pred>
bool any_function(const Scenario& s, Pred pred) {
  return std::any_of(s.functions.begin(), s.functions.end(), pred);
}

}  // namespace ls::models
