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
#include <cstdint>
#include <functional>
#include <span>
#include <string>
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
  MetricTable metrics;
  bool conservation_ok = true;
  double wall_seconds = 0.0;
  std::uint64_t events = 0;
  // Each run was split into this many parts, simulated on separate threads
  // or one after another (models/partition.hpp; 1: run whole), and, when a
  // split run had to be run again whole because a shared account limit may
  // have bound, why.
  std::size_t parts = 1;
  std::string split_undone_because;
};

// Events the simulator runs between two calls of models::RunOptions::progress
// (the cadence in models/simulation.cpp; tests/tools/progress_trace_test.cpp
// pins it against a real run).
constexpr std::uint64_t kEventsPerProgressCall = std::uint64_t{1} << 20;

struct RunnerOptions {
  // 0: all cores. With fewer runs than threads, each run is split into
  // parts of independent functions, one thread each (models/partition.hpp),
  // when that gives the same result. A fleet of more than one block of
  // functions (kMergedBlockFunctions) is cut into its blocks whatever the
  // threads.
  unsigned threads = 0;
  // false: every run whole, in one Simulation (`run --whole`): no split for
  // threads, and a fleet of several blocks not cut into them
  // (models/partition.hpp, plan_blocks). The report is the same either way.
  bool split = true;
  // Only replication 0 of each scenario (a pilot run: pilot_seconds).
  bool first_replication_only = false;
  sim::Time series_interval = 0;
  // What each function's block of the report lists (report_metrics.hpp).
  FunctionMetrics function_metrics = FunctionMetrics::All;
  // Progress across all the simulations of a command (a progress line),
  // each called serialised, from the calling or a worker thread:
  // `batch(n)` when a call of run_scenarios starts n simulations (one per
  // scenario and replication); `advanced(share, events)` as one of them
  // runs: the share of its horizon just simulated (the rest when it ends,
  // so the shares of a finished simulation add up to 1) and the events that
  // took. `expect(n)` is called by studies that know, or estimate, how many
  // simulations they will run in all before their first batch.
  std::function<void(std::size_t)> batch;
  std::function<void(double, std::uint64_t)> advanced;
  std::function<void(std::size_t)> expect;
  // A message for the user (a line of its own), e.g. that a split run was
  // run again on one thread.
  std::function<void(const std::string&)> note;
  // Checked before any run starts, and the held-requests bound during runs
  // (run_limits.hpp): exceeding one throws ls::Error.
  RunLimits limits;
  // When set and true (SIGINT/SIGTERM), runs stop at their next event and
  // run_scenarios throws Interrupted (tools/io/interrupt.hpp).
  const std::atomic<bool>* stop = nullptr;
};

RunSet run_replications(const models::Scenario& scenario, const RunnerOptions& options);

// One RunSet per scenario, in order. A span, so that one scenario is run
// where it lies: a copy of a 10,000-function scenario is 3.7 KB per
// function held for the whole run (issue #20).
std::vector<RunSet> run_scenarios(std::span<const models::Scenario> scenarios,
                                  const RunnerOptions& options);

// Wall seconds of one simulation of `scenario` (its first replication) on
// one thread: the pilot from which plan and sweep forecast their run time.
double pilot_seconds(const models::Scenario& scenario);

// The threads asked for: RunnerOptions::threads, or all cores for 0 (at least 1).
unsigned requested_threads(const RunnerOptions& options);

// The worker threads run_scenarios uses for `jobs` simulations.
unsigned worker_threads(const RunnerOptions& options, std::size_t jobs);

}  // namespace ls::tools
