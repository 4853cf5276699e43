// The HTML page of `lambdasim tune --html FILE`: the winner in cards, cost
// per 1M invocations and latency against memory per architecture (and
// provisioned level) with the winner marked, cost against latency with the
// Pareto front, and the table of every point.
#pragma once

#include <string>

#include "tools/study/tune_run.hpp"

namespace ls::tools {

std::string tune_html(const TuneResult& result);

}  // namespace ls::tools
