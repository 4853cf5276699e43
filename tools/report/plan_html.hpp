// The HTML page of `lambdasim plan --html FILE`: the recommendation (or the
// closest configurations when nothing is feasible) with cost and latency
// and their 95 % CIs, each constraint's value, limit and slack, the binding
// constraint, cost against latency for every configuration evaluated with
// the Pareto front and the recommendation marked, and what was ruled out and
// why. Built with tools/report_html's API; the same texts as the table.
#pragma once

#include <string>

#include "tools/study/plan_search.hpp"
#include "tools/study/plan_spec.hpp"

namespace ls::tools {

std::string plan_html(const PlanSpec& spec, const PlanResult& result);

}  // namespace ls::tools
