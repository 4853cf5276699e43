// Backtest of imported metrics: simulate the imported window and compare,
// per function and metrics period, what the simulation saw with what
// CloudWatch recorded — invocations (Invocations Sum), throttles (Throttles
// Sum) and the concurrency peak (ConcurrentExecutions Maximum).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "models/scenario.hpp"
#include "tools/study/import_metrics.hpp"

namespace ls::tools::import {

struct BacktestPeriod {
  std::int64_t start = 0;  // UTC seconds
  // Observed values are absent when CloudWatch has no datapoint (for
  // Invocations and Throttles a missing datapoint means 0: Lambda publishes
  // none for a period without any).
  double observed_invocations = 0, simulated_invocations = 0;
  std::optional<double> observed_throttles;
  double simulated_throttles = 0;
  std::optional<double> observed_peak;
  double simulated_peak = 0;
};

struct BacktestFunction {
  std::string function;  // scenario name
  std::string metrics;   // CloudWatch FunctionName (or alias)
  std::vector<BacktestPeriod> periods;
  double observed_invocations = 0, simulated_invocations = 0;
  std::optional<double> observed_throttles;
  double simulated_throttles = 0;
  std::optional<double> observed_peak;  // the largest period maximum
  double simulated_peak = 0;
  // Errors: relative error of the total invocations, mean absolute
  // percentage error of per-period invocations (periods with observed > 0),
  // mean absolute error of the per-period concurrency peak.
  double invocations_error = 0;
  std::optional<double> invocations_mape;
  std::optional<double> peak_mae;
  std::string note;  // why a comparison is missing
};

struct Backtest {
  std::string scenario;
  std::int64_t start = 0, period = 60;
  std::uint64_t seed = 0;
  std::vector<BacktestFunction> functions;
};

// Runs `scenario` once (its first replication) with a series at the metrics'
// period. `matched` pairs scenario functions with their metrics' label (as
// ImportResult::metric_functions).
Backtest run_backtest(const models::Scenario& scenario, const MetricsData& metrics,
                      const std::vector<std::pair<std::string, std::string>>& matched,
                      unsigned threads);

}  // namespace ls::tools::import
