// Outputs of `lambdasim compare`: a side-by-side table, JSON
// (lambdasim.compare/1, described in docs/compute.md) and an HTML page.
#pragma once

#include <string>

#include "tools/study/compare_run.hpp"

namespace ls::tools {

std::string compare_table(const CompareResult& result);
std::string compare_json(const CompareResult& result);
// A self-contained page (report_html.hpp): cost per month and p99 against
// the request rate per compute kind, break-even points marked, the table.
std::string compare_html(const CompareResult& result);

}  // namespace ls::tools
