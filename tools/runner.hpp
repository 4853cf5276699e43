// Runs a scenario's replications (in parallel, one Simulation per thread)
// and bills each one. Deterministic: results are kept in replication order
// whatever the thread count.
#pragma once

#include <functional>
#include <vector>

#include "models/billing.hpp"
#include "models/run_result.hpp"
#include "models/scenario.hpp"
#include "tools/report_metrics.hpp"

namespace ls::tools {

struct RunSet {
  std::vector<models::RunResult> runs;
  std::vector<models::Bill> bills;
  std::vector<AggregatedMetric> metrics;
  bool conservation_ok = true;
  double wall_seconds = 0.0;
  std::uint64_t events = 0;
};

struct RunnerOptions {
  unsigned threads = 0;  // 0: all cores
  sim::Time series_interval = 0;
  // Called from replication 0's thread with its simulated time.
  std::function<void(sim::Time)> progress;
};

RunSet run_replications(const models::Scenario& scenario, const RunnerOptions& options);

}  // namespace ls::tools
