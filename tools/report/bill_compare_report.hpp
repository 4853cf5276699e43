// lambdasim's bill beside the Cost and Usage Report (tools/study/bill_compare.hpp)
// as a table, as JSON and as a self-contained HTML page.
#pragma once

#include <string>

#include "tools/study/bill_compare.hpp"

namespace ls::tools {

std::string bill_compare_table(const import::BillComparison& comparison);
std::string bill_compare_json(const import::BillComparison& comparison);
// Totals, each function's cost by item on both sides (bars) and the lines.
std::string bill_compare_html(const import::BillComparison& comparison);

}  // namespace ls::tools
