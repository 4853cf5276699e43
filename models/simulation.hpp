// One replication of a scenario: the model's components (models/components/)
// assembled around the event loop (sim/engine.hpp).
//
// The Simulation owns all its state (no globals), so replications run in
// parallel on separate threads. Models do no I/O: the result is returned.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "models/run_result.hpp"
#include "models/scenario.hpp"

namespace ls::models {

struct PoissonMerge;  // models/merged_arrivals.hpp

struct RunOptions {
  std::uint64_t replication = 0;
  sim::Time series_interval = 0;  // 0: no time series
  // Called now and then with the simulated time reached (progress bars).
  std::function<void(sim::Time)> progress;
  // When set and true, the run stops at the next event boundary (SIGINT):
  // the result is then incomplete and only good for discarding.
  const std::atomic<bool>* stop = nullptr;
  // Most requests held at once (sync requests waiting for a client retry,
  // async events from arrival to their end, event-source messages and
  // records not yet done), 0: no limit. Beyond it the run stops and
  // RunResult::held_limit says where, so memory stays bounded whatever the
  // load.
  std::uint64_t max_held_requests = 0;
  // A part of a split run (models/partition.hpp): each workload's index in
  // the whole scenario (it names random streams; empty: the same), and the
  // reservations of the functions simulated in the other parts.
  std::vector<std::uint32_t> workload_ids;
  int reserved_elsewhere = 0;
  // Record the account's shared quantities second by second (a part of a
  // split run: RunResult::AccountPeaks, models/account_seconds.hpp).
  bool record_account_seconds = false;
  // A part's share of the whole scenario's merged Poisson stream (its
  // members named by whole-scenario workload index), or nullptr. A whole
  // run (workload_ids empty) plans its own from the scenario.
  std::shared_ptr<const PoissonMerge> poisson_merge;
};

class Simulation {
 public:
  Simulation(const Scenario& scenario, RunOptions options);
  ~Simulation();
  RunResult run();

 private:
  struct Parts;
  std::unique_ptr<Parts> parts_;
};

// Runs one replication.
RunResult simulate(const Scenario& scenario, const RunOptions& options = {});

}  // namespace ls::models
