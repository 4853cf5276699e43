// Reading price tables (scenarios/prices/<name>.yaml) into models::PriceTable.
#pragma once

#include <string>
#include <vector>

#include "models/price_table.hpp"

namespace ls::models {

// Loads scenarios/prices/<name>.yaml from `data_dir` (the scenarios/ folder).
// Throws ls::Error (file:line:col, key path, allowed values) on an unknown
// table (listing the available ones), a YAML syntax error, a missing field,
// an unknown key (with a did-you-mean), a negative price or tiers that do
// not ascend. `referenced_at` is where the scenario names the table; an
// unknown table is reported there under the key platform.billing.prices.
PriceTable load_price_table(const std::string& name, const std::string& data_dir,
                            const std::vector<PriceOverride>& overrides = {},
                            const SourceLocation& referenced_at = {});

// Names of the tables under data_dir/prices (file stems, sorted).
std::vector<std::string> list_price_tables(const std::string& data_dir);

}  // namespace ls::models
