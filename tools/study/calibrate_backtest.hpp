// The backtest of a calibrated scenario: simulate the observed window and
// put each number the logs also give side by side with its simulated value
// and the relative error. It tells a user how far to trust a what-if.
#pragma once

#include <string>
#include <vector>

#include "models/scenario.hpp"
#include "tools/study/calibrate_estimate.hpp"
#include "tools/study/runner.hpp"

namespace ls::tools::calibrate {

struct BacktestRow {
  std::string key;    // JSON key, e.g. cold_starts
  std::string label;  // table label
  std::string unit;   // "", "ms", "GB-s", "USD"
  double observed = 0.0;
  double simulated = 0.0;  // mean over replications
  double simulated_ci95 = 0.0;
  // Why the two do not measure the same thing ("" when they do): then no
  // error is given (null in the JSON, "n/a" in the tables) and this is said.
  std::string caveat;
  double error() const { return observed != 0.0 ? (simulated - observed) / observed : 0.0; }
};

struct Backtest {
  std::string scenario;
  int replications = 0;
  std::vector<BacktestRow> rows;
  // Environments over time, per series interval from the window's start.
  double interval_s = 60.0;
  std::vector<double> observed_environments;
  std::vector<double> simulated_environments;  // first replication
  // Why the comparison may not be like with like (a scenario whose traffic
  // or memory differs from the logs'), said with the table.
  std::vector<std::string> warnings;
};

// Compares finished runs of `scenario` (its first function is the logs'
// function) with the logs' estimates.
Backtest compare_to_logs(const models::Scenario& scenario, const RunSet& set,
                         const Estimates& estimates);

// Runs `scenario` for `replications` replications on `threads` threads
// (0: all cores) with the logs' series interval, then compares.
Backtest run_backtest(const models::Scenario& scenario, const Estimates& estimates,
                      int replications, unsigned threads);

}  // namespace ls::tools::calibrate
