// Runs scenarios: every (scenario, replication) pair is one job on a pool of
// threads, each with its own Simulation, then each run is billed and the
// replications of a scenario are aggregated (mean and 95 % CI). Used by
// `run` (one scenario) and by what-if commands that evaluate many variants
// of one scenario (tune, plan, sweep). Deterministic: results are kept in
// (scenario, replication) order whatever the thread count, and a variant
// keeps its scenario's seed, so all variants see the same random streams
// (common random numbers).
#pragma once

#include <atomic>
#include <functional>
#include <vector>

#include "models/billing.hpp"
#include "models/run_result.hpp"
#include "models/scenario.hpp"
#include "tools/study/report_metrics.hpp"
#include "tools/study/run_limits.hpp"

namespace ls::tools {

struct RunSet {
  std::vector<models::RunResult> runs;  // one per replication
  std::vector<models::Bill> bills;
  std::vector<AggregatedMetric> metrics;
  bool conservation_ok = true;
  double wall_seconds = 0.0;
  std::uint64_t events = 0;
};

struct RunnerOptions {
  unsigned threads = 0;  // 0: all cores
  sim::Time series_interval = 0;
  // Called from one worker thread with the simulated time of the first
  // replication of the first scenario (a progress bar for `run`).
  std::function<void(sim::Time)> progress;
  // Called (from any worker, serialised) after each finished job with
  // (jobs done, jobs in all): a progress bar for many variants.
  std::function<void(std::size_t, std::size_t)> jobs_done;
  // Checked before any run starts, and the held-requests bound during runs
  // (run_limits.hpp): exceeding one throws ls::Error.
  RunLimits limits;
  // When set and true (SIGINT/SIGTERM), runs stop at their next event and
  // run_scenarios throws Interrupted (tools/io/interrupt.hpp).
  const std::atomic<bool>* stop = nullptr;
};

RunSet run_replications(const models::Scenario& scenario, const RunnerOptions& options);

// One RunSet per scenario, in order.
std::vector<RunSet> run_scenarios(const std::vector<models::Scenario>& scenarios,
                                  const RunnerOptions& options);

}  // namespace ls::tools
