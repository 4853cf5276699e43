// The JSON report (schema lambdasim.report/1, ../shared/design/report-format.md).
#pragma once

#include <string>

#include "models/scenario.hpp"
#include "tools/study/runner.hpp"

namespace ls::tools {

// With `include_run` false the run.* block (wall time) is left out, so two
// runs of the same scenario and seed give byte-identical text.
std::string report_json(const models::Scenario& scenario, const RunSet& set,
                        bool include_run = true);

}  // namespace ls::tools
