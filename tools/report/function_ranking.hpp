// Which functions a fleet's reports list one by one. A report of thousands
// of functions is unreadable row by row, so the table of `lambdasim run`
// and the HTML page list the costliest (charts: the busiest) and add the
// others up in one row or curve; the JSON report and the CSV series keep
// every function.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "models/scenario.hpp"
#include "tools/study/metric_lookup.hpp"

namespace ls::tools {

// The tables' default: at most this many functions one by one.
inline constexpr std::size_t kMaxTableFunctions = 50;

// The `most` of `functions` functions that rank first by `rank` (larger
// first; ties: the earlier), in scenario order; all of them when there are
// no more.
std::vector<std::size_t> top_functions(std::size_t functions, std::size_t most,
                                       const std::function<double(std::size_t)>& rank);
// The `most` functions whose cost_usd.total is largest, in scenario order.
std::vector<std::size_t> costliest_functions(const models::Scenario& scenario,
                                             const MetricLookup& get,
                                             std::size_t most = kMaxTableFunctions);
// By function: whether it is one of `which`.
std::vector<bool> among(std::size_t functions, const std::vector<std::size_t>& which);
// "the other 1,988 functions": the row or curve that adds up the rest.
std::string other_functions(std::size_t n);

}  // namespace ls::tools
