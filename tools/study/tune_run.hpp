// `lambdasim tune`, the computation: one scenario variant per grid point,
// all simulated in parallel with common random numbers (every variant keeps
// the scenario's seed), then each point's numbers and the decisions (SLO,
// Pareto front, winner). The command line and the outputs are elsewhere
// (cli_tune.cpp, tune_report.*).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "models/config/scenario_loader.hpp"
#include "tools/study/runner.hpp"
#include "tools/study/tune_grid.hpp"
#include "tools/study/tune_select.hpp"

namespace ls::tools {

struct TuneRequest {
  std::string scenario_path;
  models::LoadOptions load;  // the user's --set, --seed, --horizon (and replications)
  std::string function;
  TuneGrid grid;  // empty memory/architectures: the defaults (see resolve_grid)
  TuneStrategy strategy = TuneStrategy::Cost;
  double weight = 0.5;
  std::optional<Slo> slo;
  // Largest final throttle rate a point may have to win (a fraction,
  // --max-throttle); without it, throttling points are only flagged.
  std::optional<double> max_throttle;
};

struct ValueCi {
  double mean = 0.0;
  double ci95 = 0.0;  // 0 with one replication
};

struct TunePoint {
  int memory_mb = 0;
  models::Architecture architecture = models::Architecture::X86_64;
  std::optional<int> provisioned;  // set when the grid has provisioned levels
  // Caller-visible latency of completed requests (ms), by metric name
  // (mean, p50, p90, p95, p99, p999, max).
  std::vector<std::pair<std::string, ValueCi>> latency_ms;
  ValueCi cold_start_ratio;
  ValueCi throttle_rate;     // final (after the client's retries)
  ValueCi cost_total;        // the function's bill over the scenario's period
  ValueCi cost_per_million;  // the function's bill per 1M invocations
  double arrivals = 0.0;     // means over replications
  double invocations = 0.0;
  double timed_out = 0.0;
  double billed_duration_ms = 0.0;  // mean billed execution time per invocation
  // Decisions (decide()).
  bool times_out() const { return timed_out > 0; }
  bool eligible = false;  // may win: runs, no timeouts (unless all do), meets the SLO
  bool pareto = false;
  std::optional<bool> meets_slo;
  // With --max-throttle: the throttle rate's mean + ci95 is within it.
  std::optional<bool> within_max_throttle;
  bool throttles() const { return throttle_rate.mean > 0; }

  const ValueCi& latency(const std::string& metric) const;
};

struct TuneResult {
  std::string scenario;
  std::string function;
  std::uint64_t seed = 0;
  double horizon_s = 0.0;
  int replications = 1;
  TuneStrategy strategy = TuneStrategy::Cost;
  double weight = 0.5;
  std::optional<Slo> slo;
  std::optional<double> max_throttle;
  std::string front_metric = "p99";  // latency axis of the Pareto front (the SLO's metric)
  bool memory_aware = true;          // false: memory changes only the price (a warning)
  bool all_time_out = false;
  // The scenario's own setting of the function (for "x % cheaper than now").
  int current_memory_mb = 0;
  models::Architecture current_architecture = models::Architecture::X86_64;
  std::vector<TunePoint> points;
  std::optional<std::size_t> winner;
  double wall_seconds = 0.0;
};

// The function named `name` (--function); "" picks the only function of
// the scenario. Throws ls::Error listing the functions otherwise. Shared
// with `compare`.
std::size_t function_index(const models::Scenario& scenario, const std::string& name);

// The grid with defaults filled in: Power Tuning's memory sizes, the
// function's own architecture.
TuneGrid resolve_grid(const TuneGrid& grid, const models::FunctionConfig& function);

// Loads the scenario, checks the function, runs every point and decides.
// Throws ls::Error for bad input (unknown function, no traffic, a variant
// that does not load).
TuneResult run_tune(const TuneRequest& request, const RunnerOptions& runner);

// Fills eligible, pareto, meets_slo and the winner from the points' numbers:
// - a point that timed out (any request) may not win, unless every point did;
// - with an SLO, a point meets it when mean + ci95 of the metric is within
//   the limit; with --max-throttle, likewise for the final throttle rate;
// - the winner is Power Tuning's strategy over the eligible points, with
//   cost = cost per 1M invocations and duration = mean latency;
// - the Pareto front (cost per 1M vs front_metric) is over the points that
//   do not time out (and are within --max-throttle).
void decide(TuneResult& result);

// With an infeasible SLO: the `count` points nearest to it (smallest
// metric first), for the message.
std::vector<std::size_t> closest_to_slo(const TuneResult& result, std::size_t count);

}  // namespace ls::tools
