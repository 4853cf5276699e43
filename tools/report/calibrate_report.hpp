// What `lambdasim calibrate` prints and writes: the estimates (summary
// text and --json with every estimate and its confidence interval) and the
// backtest (table, JSON, and the HTML page in backtest_html.cpp).
#pragma once

#include <string>

#include "tools/study/calibrate_backtest.hpp"
#include "tools/study/calibrate_estimate.hpp"

namespace ls::tools {

// `backtest` may be null (no --backtest).
std::string calibrate_json(const calibrate::Estimates& estimates,
                           const calibrate::Backtest* backtest);
std::string calibrate_summary(const calibrate::Estimates& estimates);
std::string backtest_table(const calibrate::Backtest& backtest);
std::string backtest_html(const calibrate::Estimates& estimates,
                          const calibrate::Backtest& backtest);

}  // namespace ls::tools
