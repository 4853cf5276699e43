// The project's bundled data (scenarios/: price tables, instance tables,
// example scenarios) as the model tests find it. One definition, so that
// test files compiled together (a unity build) do not define it twice.
#pragma once

#include <string>

#include "models/config/price_table_file.hpp"

namespace ls::models::testing {

inline const std::string kSourceDir = LS_SOURCE_DIR;
inline const std::string kDataDir = kSourceDir + "/scenarios";

// AWS's published us-east-1 prices, as bundled.
inline PriceTable us_east_1() { return load_price_table("aws-us-east-1-2025", kDataDir); }

}  // namespace ls::models::testing
