// The HTML page of `lambdasim collect DIR --html FILE`: how many points are
// done, missing or corrupt (and which), each table metric against a numeric
// grid axis with one line per combination of the other axes, and the merged
// table with 95 % CIs. Built with tools/report_html's API.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "tools/study/sweep_manifest.hpp"
#include "tools/study/sweep_results.hpp"

namespace ls::tools {

std::string collect_html(const SweepManifest& manifest, const Collection& collection,
                         const std::vector<std::string>& metrics);

// The axis charts are drawn against: the last one whose values are all
// numbers with one unit ("5/s", "9.28/s", ...; a list mixing 500ms and 1s
// is not), with those numbers. nullopt when there is none.
struct NumericAxis {
  std::size_t axis = 0;
  std::vector<double> values;  // per value of the axis
  std::string unit;            // what follows the number, e.g. "/s"
};
std::optional<NumericAxis> numeric_axis(const SweepManifest& manifest);

}  // namespace ls::tools
