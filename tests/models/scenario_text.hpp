// Scenarios written as YAML in a test, read with the bundled data folder
// (presets, price and instance tables) as `lambdasim` reads them.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "models/config/scenario_loader.hpp"
#include "tests/models/bundled_data.hpp"

namespace ls::models::testing {

// `yaml` as the file `name` (for error locations), with `sets` applied.
inline Scenario load_text(const std::string& yaml, const std::string& name,
                          std::vector<std::string> sets = {}) {
  LoadOptions opts;
  opts.data_dir = kDataDir;
  opts.sets = std::move(sets);
  return load_scenario_text(yaml, name, ".", opts);
}

}  // namespace ls::models::testing
