// The backtest of imported metrics (tools/study/import_backtest.hpp) as a
// table, JSON and a self-contained HTML page: per function the totals and
// errors, per period the simulated and observed values side by side.
#pragma once

#include <string>

#include "tools/study/import_backtest.hpp"

namespace ls::tools {

std::string backtest_table(const import::Backtest& backtest);
std::string backtest_json(const import::Backtest& backtest);
std::string backtest_html(const import::Backtest& backtest);

}  // namespace ls::tools
