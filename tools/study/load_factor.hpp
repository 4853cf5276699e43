// Text shared by `sweep` and `plan` (command line and `plan:` block): the
// traffic forecast `--load 1.5x` and fractions such as `0.1%`.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "models/error.hpp"
#include "models/scenario.hpp"

namespace ls::tools {

// "1.5x", "1.5" or "150%" → 1.5 (>= 0). Throws ls::Error at `where`.
double parse_load_factor(std::string_view text, const SourceLocation& where,
                         const std::string& key_path);

// "workloads[i].arrivals.scale=<scale × factor>" for every workload of the
// (already loaded) scenario; none when factor is 1.
std::vector<std::string> load_factor_sets(const models::Scenario& scenario, double factor);

// A fraction written as "0.1%" or "0.001" (0..1). Throws ls::Error.
double parse_fraction(std::string_view text, const SourceLocation& where,
                      const std::string& key_path);

}  // namespace ls::tools
