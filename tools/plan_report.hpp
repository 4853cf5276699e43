// The answer of `lambdasim plan`: the recommended configuration with its
// cost and latency (95 % CIs), each constraint's value and slack, the
// binding constraint, the Pareto front of cost against latency, and what
// was ruled out and why; when nothing is feasible, the closest
// configurations. As a table (text) and as JSON (schema lambdasim.plan/1).
#pragma once

#include <string>

#include "tools/plan_search.hpp"
#include "tools/plan_spec.hpp"

namespace ls::tools {

std::string plan_table(const PlanSpec& spec, const PlanResult& result);
std::string plan_json(const PlanSpec& spec, const PlanResult& result);

// "api: 1024 MB, arm64, reserved 18, PC 5; worker: 512 MB" (variables only).
std::string describe_choice(const PlanSpec& spec, const Choice& choice);

}  // namespace ls::tools
